//! Cheap checks on a request's text before async-graphql parses it for real: its validation
//! and complexity walk every fragment spread again, so an 844-byte document whose fragments
//! spread the next one twice per level costs 2^depth on the runtime thread (where no timeout
//! can interrupt it). This counts the fields a document expands to, each fragment once
//! (memoised), and refuses it before that walk.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use std::collections::HashMap;

/// Why a request is refused before execution.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    TooLong {
        bytes: usize,
        limit: usize,
    },
    TooManyFields {
        fields: u64,
        limit: u64,
    },
    FragmentCycle {
        fragment: String,
    },
    TooManyRequests {
        requests: usize,
        limit: usize,
    },
    /// A subscription selecting more than one root field (aliases counted).
    SubscriptionFields {
        fields: Vec<String>,
    },
    /// Brackets nested deeper than any real query needs.
    TooDeep {
        depth: usize,
        limit: usize,
    },
    /// A text value holding U+0000, which no field takes (PostgreSQL refuses it in text).
    Nul {
        at: String,
    },
}

impl Refusal {
    /// The refusal's `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::TooLong { .. } => "QUERY_TOO_LONG",
            Refusal::TooManyRequests { .. } => "BATCH_TOO_LARGE",
            Refusal::TooManyFields { .. } | Refusal::FragmentCycle { .. } => "QUERY_TOO_COMPLEX",
            Refusal::SubscriptionFields { .. } => crate::graphql::VALIDATION_FAILED,
            Refusal::TooDeep { .. } => crate::graphql::QUERY_TOO_DEEP,
            Refusal::Nul { .. } => crate::graphql::BAD_USER_INPUT,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::TooLong { bytes, limit } => write!(
                f,
                "the query text is {bytes} bytes; the limit is {limit} (server.max_query_bytes)"
            ),
            Refusal::TooManyFields { fields, limit } => write!(
                f,
                "the query expands to more than {limit} fields with its fragments (counted {fields} so far); the limit is server.max_complexity"
            ),
            Refusal::FragmentCycle { fragment } => {
                write!(f, "fragment `{fragment}` spreads itself")
            }
            Refusal::TooDeep { depth, limit } => write!(
                f,
                "the query nests brackets ({{, [ or ( ) {depth} deep; the limit is {limit}"
            ),
            Refusal::Nul { at } => write!(
                f,
                "{at} holds a NUL character (U+0000); no text value may contain one"
            ),
            Refusal::TooManyRequests { requests, limit } => write!(
                f,
                "the batch holds {requests} requests; the limit is {limit} (server.max_batch)"
            ),
            Refusal::SubscriptionFields { fields } => {
                let shown: Vec<&str> = fields.iter().take(3).map(String::as_str).collect();
                let more = if fields.len() > 3 { ", …" } else { "" };
                write!(
                    f,
                    "a subscription selects exactly one root field; this one selects {} ({}{more})",
                    fields.len(),
                    shown.join(", ")
                )
            }
        }
    }
}

/// Checks one query text: its length, then (when it parses; a parse error is left to
/// async-graphql's own message) the number of fields it expands to.
pub fn check(query: &str, max_bytes: usize, max_fields: u64) -> Result<(), Refusal> {
    parsed(query, max_bytes, max_fields).map(|_| ())
}

/// [`check`], keeping the parsed document (`None`: the text does not parse) so that nothing
/// parses it again (`async_graphql::Request::set_parsed_query`).
pub fn checked(
    query: &str,
    max_bytes: usize,
    max_fields: u64,
) -> Result<Option<ExecutableDocument>, Refusal> {
    parsed(query, max_bytes, max_fields)
}

/// The operation of `doc` that runs: the one named, else its only one.
fn operation<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a async_graphql::Positioned<async_graphql::parser::types::OperationDefinition>> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next(),
        _ => None,
    }
}

/// A NUL character in a text value of a query (its arguments, directive arguments, variable
/// defaults) or of its variables: refused in words before any resolver sends it to the
/// database. Mutations check every field they take themselves, naming it in the caller's
/// language (`domain::import::cell`).
pub fn check_nul(
    doc: Option<&ExecutableDocument>,
    operation_name: Option<&str>,
    variables: &async_graphql::Variables,
) -> Result<(), Refusal> {
    if let Some(doc) = doc
        && operation(doc, operation_name).is_some_and(|op| op.node.ty == OperationType::Mutation)
    {
        return Ok(());
    }
    use async_graphql::Value;
    fn has_const(v: &Value) -> bool {
        match v {
            Value::String(s) => s.contains('\0'),
            Value::List(items) => items.iter().any(has_const),
            Value::Object(fields) => fields.values().any(has_const),
            _ => false,
        }
    }
    // A document's value as a constant; the variables it names are checked on their own.
    macro_rules! literal {
        ($v:expr) => {
            $v.clone()
                .into_const_with(|_| Ok::<_, std::convert::Infallible>(Value::Null))
                .unwrap_or(Value::Null)
        };
    }
    fn walk(set: &SelectionSet) -> Option<String> {
        for item in &set.items {
            let (directives, inner) = match &item.node {
                Selection::Field(field) => {
                    for (name, value) in &field.node.arguments {
                        if has_const(&literal!(value.node)) {
                            return Some(format!("argument `{}`", name.node));
                        }
                    }
                    (&field.node.directives, Some(&field.node.selection_set.node))
                }
                Selection::InlineFragment(inline) => (
                    &inline.node.directives,
                    Some(&inline.node.selection_set.node),
                ),
                Selection::FragmentSpread(spread) => (&spread.node.directives, None),
            };
            for d in directives {
                if let Some((name, _)) = d
                    .node
                    .arguments
                    .iter()
                    .find(|(_, v)| has_const(&literal!(v.node)))
                {
                    return Some(format!("argument `{}` of @{}", name.node, d.node.name.node));
                }
            }
            if let Some(found) = inner.and_then(walk) {
                return Some(found);
            }
        }
        None
    }
    for (name, value) in variables.iter() {
        if has_const(value) {
            return Err(Refusal::Nul {
                at: format!("variable `${name}`"),
            });
        }
    }
    let Some(doc) = doc else { return Ok(()) };
    let sets = doc
        .operations
        .iter()
        .map(|(_, op)| {
            let defaults = op.node.variable_definitions.iter().find_map(|v| {
                v.node
                    .default_value
                    .as_ref()
                    .filter(|d| has_const(&d.node))
                    .map(|_| format!("the default of `${}`", v.node.name.node))
            });
            (defaults, &op.node.selection_set.node)
        })
        .chain(
            doc.fragments
                .values()
                .map(|f| (None, &f.node.selection_set.node)),
        );
    for (defaults, set) in sets {
        if let Some(at) = defaults.or_else(|| walk(set)) {
            return Err(Refusal::Nul { at });
        }
    }
    Ok(())
}

/// How many root fields (response keys, through fragments) the operation that runs selects;
/// 0 when no operation would run.
pub fn root_fields(doc: &ExecutableDocument, operation_name: Option<&str>) -> usize {
    let Some(op) = operation(doc, operation_name) else {
        return 0;
    };
    let mut keys = Vec::new();
    root_keys(doc, &op.node.selection_set.node, &mut Vec::new(), &mut keys);
    keys.len()
}

/// [`check`] for a document sent over the WebSocket, and the rule of the GraphQL spec that a
/// subscription selects one root field (async-graphql does not check it, and runs a stream per
/// field: 2,000 aliases of `trendsRefreshed` were 2,000 streams). `operation` is the operation
/// the request names, if any.
pub fn check_socket(
    query: &str,
    operation: Option<&str>,
    max_bytes: usize,
    max_fields: u64,
) -> Result<(), Refusal> {
    let Some(doc) = parsed(query, max_bytes, max_fields)? else {
        return Ok(());
    };
    // The operation that runs; with none named and several there, async-graphql refuses it.
    let Some(op) =
        self::operation(&doc, operation).filter(|op| op.node.ty == OperationType::Subscription)
    else {
        return Ok(());
    };
    let mut keys = Vec::new();
    root_keys(
        &doc,
        &op.node.selection_set.node,
        &mut Vec::new(),
        &mut keys,
    );
    if keys.len() > 1 {
        return Err(Refusal::SubscriptionFields { fields: keys });
    }
    Ok(())
}

/// The response keys (alias, else name) a root selection set collects, each once, through
/// its fragments (`seen` stops a fragment spread twice; cycles were refused before).
fn root_keys<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    seen: &mut Vec<&'a str>,
    keys: &mut Vec<String>,
) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                let key = field.node.response_key().node.as_str();
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_owned());
                }
            }
            Selection::InlineFragment(inline) => {
                root_keys(doc, &inline.node.selection_set.node, seen, keys)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                if seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                if let Some(def) = doc.fragments.get(name) {
                    root_keys(doc, &def.node.selection_set.node, seen, keys);
                }
            }
        }
    }
}

/// The document when it parses and is within the limits (`None`: it does not parse, which
/// async-graphql reports in its own words).
fn parsed(
    query: &str,
    max_bytes: usize,
    max_fields: u64,
) -> Result<Option<ExecutableDocument>, Refusal> {
    if query.len() > max_bytes {
        return Err(Refusal::TooLong {
            bytes: query.len(),
            limit: max_bytes,
        });
    }
    // The parser recurses once per nested value (`[[[…]]]`, `{a:{a:…}}`) with no limit of its
    // own: 1,500 levels in 3 KB overflowed a worker's stack, which aborts the process.
    let depth = nesting(query);
    if depth > MAX_NESTING {
        return Err(Refusal::TooDeep {
            depth,
            limit: MAX_NESTING,
        });
    }
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return Ok(None);
    };
    let mut counter = Counter {
        doc: &doc,
        memo: HashMap::new(),
        limit: max_fields,
    };
    for (_, op) in doc.operations.iter() {
        let fields = counter.count(&op.node.selection_set.node)?;
        if fields > max_fields {
            return Err(Refusal::TooManyFields {
                fields,
                limit: max_fields,
            });
        }
    }
    Ok(Some(doc))
}

/// The deepest nesting of brackets a document may have. Selection sets stop at
/// `server.max_depth` (12 by default; the standard introspection query, which is routed past
/// it, nests 11), so 64 leaves room for input objects and lists in arguments.
pub const MAX_NESTING: usize = 64;

/// How deep `{`, `[` and `(` nest in a GraphQL text, outside strings and comments: a byte scan
/// that cannot recurse, whatever the text.
fn nesting(query: &str) -> usize {
    let bytes = query.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // A block string ends at the next unescaped `"""`.
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") {
                        4
                    } else {
                        1
                    };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    max
}

struct Counter<'a> {
    doc: &'a ExecutableDocument,
    /// Fields per fragment; `None` while the fragment is being counted (a cycle).
    memo: HashMap<&'a str, Option<u64>>,
    limit: u64,
}

impl<'a> Counter<'a> {
    fn count(&mut self, set: &'a SelectionSet) -> Result<u64, Refusal> {
        let mut total = 0u64;
        for item in &set.items {
            let n = match &item.node {
                Selection::Field(field) => {
                    1u64.saturating_add(self.count(&field.node.selection_set.node)?)
                }
                Selection::InlineFragment(inline) => self.count(&inline.node.selection_set.node)?,
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())?
                }
            };
            total = total.saturating_add(n);
            if total > self.limit {
                return Err(Refusal::TooManyFields {
                    fields: total,
                    limit: self.limit,
                });
            }
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &'a str) -> Result<u64, Refusal> {
        match self.memo.get(name) {
            Some(Some(n)) => return Ok(*n),
            Some(None) => {
                return Err(Refusal::FragmentCycle {
                    fragment: name.to_owned(),
                });
            }
            None => {}
        }
        // An unknown fragment is async-graphql's error to report.
        let Some((key, def)) = self.doc.fragments.get_key_value(name) else {
            return Ok(0);
        };
        self.memo.insert(key.as_str(), None);
        let n = self.count(&def.node.selection_set.node)?;
        self.memo.insert(key.as_str(), Some(n));
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fragment F{k} on Query { ...F{k-1} ...F{k-1} }`: 2^depth fields from a short text.
    fn fan_out(depth: usize) -> String {
        let mut q = String::from("query { ...F0 } fragment F0 on Query { country { code } }\n");
        for k in 1..=depth {
            q.push_str(&format!(
                "fragment F{k} on Query {{ ...F{p} ...F{p} }}\n",
                p = k - 1
            ));
        }
        q.replace("{ ...F0 }", &format!("{{ ...F{depth} }}"))
    }

    #[test]
    fn fragment_fan_out_is_counted_not_walked() {
        assert_eq!(check(&fan_out(3), 100_000, 5000), Ok(()));
        let started = std::time::Instant::now();
        let refused = check(&fan_out(60), 100_000, 5000);
        assert!(
            matches!(refused, Err(Refusal::TooManyFields { limit: 5000, .. })),
            "{refused:?}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn values_nested_past_the_limit_are_refused_before_parsing() {
        // 1,500 levels overflowed a worker's stack in the parser and aborted the server.
        for (open, close) in [("[", "]"), ("{a:", "}"), ("(x:", ")")] {
            let q = format!(
                "{{ regions(x: {}1{}) {{ code }} }}",
                open.repeat(5000),
                close.repeat(5000)
            );
            assert!(
                matches!(
                    check(&q, 1_000_000, 5000),
                    Err(Refusal::TooDeep {
                        limit: MAX_NESTING,
                        ..
                    })
                ),
                "{open}"
            );
        }
        let q = format!(
            "query($v: Int = {}1{}) {{ country {{ code }} }}",
            "[".repeat(3000),
            "]".repeat(3000)
        );
        assert!(matches!(
            check_socket(&q, None, 1_000_000, 5000),
            Err(Refusal::TooDeep { .. })
        ));
        // Brackets in strings, block strings and comments are text, not nesting.
        let text = "[".repeat(200);
        let q = format!(
            "{{ schools(filter: {{ search: \"{text}\\\"{text}\" }}) {{ totalCount }} }} # {text}\n\"\"\"{text}\\\"\"\"{text}\"\"\""
        );
        assert_eq!(nesting(&q), 3);
        // Real documents nest far less (the standard introspection query: `browser.rs`).
        let deepest_real = "query { a(x: {b: [{c: [[1]]}]}) { b { c { d { e { f { g { h { i { j { k { l } } } } } } } } } } } }";
        assert!(
            nesting(deepest_real) < MAX_NESTING / 2,
            "{}",
            nesting(deepest_real)
        );
    }

    #[test]
    fn cycles_and_long_texts_are_refused() {
        let cyclic = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
        assert!(matches!(
            check(cyclic, 1000, 5000),
            Err(Refusal::FragmentCycle { .. })
        ));
        assert_eq!(
            check("{ country { code } }", 5, 5000),
            Err(Refusal::TooLong {
                bytes: 20,
                limit: 5
            })
        );
        // Parse errors are async-graphql's to report.
        assert_eq!(check("{ country { ", 1000, 5000), Ok(()));
    }

    #[test]
    fn a_subscription_selects_one_root_field() {
        let one = "subscription { trendsRefreshed { generationId } }";
        assert_eq!(check_socket(one, None, 1000, 5000), Ok(()));
        // The same field twice under one key is one field; fragments are looked through.
        let merged = "subscription { ...F trendsRefreshed { computedAt } } \
                      fragment F on Subscription { trendsRefreshed { generationId } }";
        assert_eq!(check_socket(merged, None, 1000, 5000), Ok(()));
        let aliased: String = (0..2000)
            .map(|i| format!("a{i}: trendsRefreshed {{ generationId }} "))
            .collect();
        let refused = check_socket(
            &format!("subscription {{ {aliased} }}"),
            None,
            1_000_000,
            5000,
        );
        match refused {
            Err(Refusal::SubscriptionFields { fields }) => assert_eq!(fields.len(), 2000),
            other => panic!("{other:?}"),
        }
        let named = "subscription A { trendsRefreshed { generationId } } \
                     subscription B { x: trendsRefreshed { generationId } y: trendsRefreshed { computedAt } }";
        assert_eq!(check_socket(named, Some("A"), 1000, 5000), Ok(()));
        assert!(check_socket(named, Some("B"), 1000, 5000).is_err());
        // A query with many fields is not a subscription; the field count still applies.
        assert_eq!(check_socket("{ a b c }", None, 1000, 5000), Ok(()));
    }
}
