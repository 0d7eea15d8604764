//! Introspection (`__schema`, `__type`) under limits of its own.
//!
//! The query GraphiQL and codegen tools send (graphql-js `getIntrospectionQuery`) follows a
//! type reference through 7 to 9 nested `ofType`, deeper than `server.max_depth` lets an
//! ordinary query go. An `ofType` only unwraps a list or non-null wrapper (it is null past
//! the schema's two or three), so following it costs nothing. What does fan out is entering
//! a type's lists again (`fields { type { fields … } }`) and repeating a selection under
//! aliases. So:
//! - an operation that selects nothing but introspection runs on a schema that serves
//!   nothing else, where its depth is counted without the `ofType` hops (against the same
//!   `max_depth`) and its complexity as usual;
//! - in any operation, introspection may nest at most two of the lists `fields`,
//!   `inputFields`, `interfaces` and `possibleTypes` (graphql-js's
//!   `MaxIntrospectionDepthRule`), may not use aliases, and may ask for `__schema` once and
//!   for `__type` at most [`MAX_TYPE_LOOKUPS`] times.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use std::collections::{HashMap, HashSet};

/// `__type(name:)` selections one operation may hold: a tool asks for the few types it
/// names, and each can fan out to two nested lists.
pub const MAX_TYPE_LOOKUPS: usize = 10;

/// Lists of `__Type` that multiply an answer when nested (graphql-js counts the same four).
const TYPE_LISTS: [&str; 4] = ["fields", "inputFields", "interfaces", "possibleTypes"];

/// Nested type lists allowed (graphql-js refuses the third).
const MAX_NESTED_LISTS: usize = 2;

/// How a request is to run.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// On the served schema, under its limits (no introspection, or mixed with other fields).
    Ordinary,
    /// Only introspection, within the limits above: on the introspection schema.
    Introspection,
    /// Introspection beyond the limits above; the reason.
    Refused(String),
}

/// Where `query` runs (its operation `operation_name`, or its only one). A text that does
/// not parse, or names no single operation, is ordinary: async-graphql reports it.
pub fn route(query: &str, operation_name: Option<&str>, max_depth: usize) -> Route {
    if !mentions_introspection(query) {
        return Route::Ordinary;
    }
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return Route::Ordinary;
    };
    let op = match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), _) => &op.node,
        (DocumentOperations::Multiple(ops), Some(name)) => match ops.get(name) {
            Some(op) => &op.node,
            None => return Route::Ordinary,
        },
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => match ops.values().next() {
            Some(op) => &op.node,
            None => return Route::Ordinary,
        },
        _ => return Route::Ordinary,
    };
    if op.ty != OperationType::Query {
        return Route::Ordinary;
    }
    let mut walk = Walk {
        doc: &doc,
        memo: HashMap::new(),
    };
    let mut roots = Roots::default();
    walk.roots(&op.selection_set.node, &mut roots, &mut HashSet::new());
    if roots.schema.len() + roots.types.len() == 0 {
        return Route::Ordinary;
    }
    if roots.schema.len() > 1 {
        return Route::Refused(format!(
            "introspection: `__schema` is selected {} times (as {}); ask for it once",
            roots.schema.len(),
            roots.schema.iter().cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if roots.types.len() > MAX_TYPE_LOOKUPS {
        return Route::Refused(format!(
            "introspection: `__type` is selected {} times; the limit is {MAX_TYPE_LOOKUPS}",
            roots.types.len()
        ));
    }
    let shape = roots.shape;
    if shape.aliased {
        return Route::Refused(
            "introspection: aliases inside `__schema` and `__type` are not allowed".to_owned(),
        );
    }
    if shape.lists > MAX_NESTED_LISTS {
        return Route::Refused(format!(
            "introspection nests {} of the lists {}; the limit is {MAX_NESTED_LISTS}",
            shape.lists,
            TYPE_LISTS.join(", ")
        ));
    }
    if roots.ordinary {
        return Route::Ordinary;
    }
    // The root field is a level too, as async-graphql counts.
    if shape.depth + 1 > max_depth {
        return Route::Refused(format!(
            "introspection is nested {} deep without its `ofType` hops; the limit is {max_depth} (server.max_depth)",
            shape.depth + 1
        ));
    }
    Route::Introspection
}

/// Whether the text names `__schema` or `__type` (not `__typename`): most requests don't,
/// and are not parsed here.
fn mentions_introspection(query: &str) -> bool {
    query.contains("__schema")
        || query.match_indices("__type").any(|(at, m)| {
            !query[at + m.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The root selections of an operation, through its fragments.
#[derive(Default)]
struct Roots {
    /// Response keys of `__schema` and `__type` selections.
    schema: HashSet<String>,
    types: HashSet<String>,
    /// Whether it selects anything besides introspection and `__typename`.
    ordinary: bool,
    /// The shape of all its introspection selections together.
    shape: Shape,
}

/// What a selection nests below it.
#[derive(Default, Clone, Copy)]
struct Shape {
    /// Type lists (`TYPE_LISTS`) nested along the deepest path.
    lists: usize,
    /// Levels of fields, not counting `ofType`.
    depth: usize,
    /// Whether any field in it has an alias.
    aliased: bool,
}

impl Shape {
    fn max(self, other: Shape) -> Shape {
        Shape {
            lists: self.lists.max(other.lists),
            depth: self.depth.max(other.depth),
            aliased: self.aliased || other.aliased,
        }
    }
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    /// Each fragment's shape; `None` while it is being walked (a cycle, async-graphql's
    /// error to report).
    memo: HashMap<&'a str, Option<Shape>>,
}

impl<'a> Walk<'a> {
    fn roots(&mut self, set: &'a SelectionSet, out: &mut Roots, seen: &mut HashSet<&'a str>) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let key = field.response_key().node.to_string();
                    match field.name.node.as_str() {
                        "__schema" => {
                            out.schema.insert(key);
                        }
                        "__type" => {
                            out.types.insert(key);
                        }
                        "__typename" => continue,
                        _ => {
                            out.ordinary = true;
                            continue;
                        }
                    }
                    let shape = self.shape(&field.selection_set.node);
                    out.shape = out.shape.max(shape);
                }
                Selection::InlineFragment(inline) => {
                    self.roots(&inline.node.selection_set.node, out, seen);
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if let Some((key, def)) = self.doc.fragments.get_key_value(name)
                        && seen.insert(key.as_str())
                    {
                        self.roots(&def.node.selection_set.node, out, seen);
                    }
                }
            }
        }
    }

    fn shape(&mut self, set: &'a SelectionSet) -> Shape {
        let mut shape = Shape::default();
        for item in &set.items {
            let s = match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let below = self.shape(&field.selection_set.node);
                    let name = field.name.node.as_str();
                    Shape {
                        lists: below.lists + usize::from(TYPE_LISTS.contains(&name)),
                        depth: below.depth + usize::from(name != "ofType"),
                        aliased: below.aliased || field.alias.is_some(),
                    }
                }
                Selection::InlineFragment(inline) => self.shape(&inline.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    self.fragment(spread.node.fragment_name.node.as_str())
                }
            };
            shape = shape.max(s);
        }
        shape
    }

    fn fragment(&mut self, name: &'a str) -> Shape {
        match self.memo.get(name) {
            Some(Some(shape)) => return *shape,
            Some(None) => return Shape::default(),
            None => {}
        }
        let Some((key, def)) = self.doc.fragments.get_key_value(name) else {
            return Shape::default();
        };
        self.memo.insert(key.as_str(), None);
        let shape = self.shape(&def.node.selection_set.node);
        self.memo.insert(key.as_str(), Some(shape));
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_texts_naming_schema_or_type_are_parsed() {
        assert!(!mentions_introspection("{ schools { __typename } }"));
        assert!(mentions_introspection(
            "{ __type(name: \"School\") { name } }"
        ));
        assert!(mentions_introspection("{ __schema { types { name } } }"));
    }

    #[test]
    fn type_references_are_free_lists_and_aliases_are_not() {
        let of_type = format!(
            "{{ __schema {{ types {{ fields {{ type {{ {} name {} }} }} }} }} }}",
            "ofType {".repeat(30),
            "}".repeat(30)
        );
        assert_eq!(route(&of_type, None, 12), Route::Introspection);
        let lists =
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
        assert!(matches!(route(lists, None, 12), Route::Refused(m) if m.contains("nests 3")));
        let aliased = "{ __schema { types { a: name b: name } } }";
        assert!(matches!(route(aliased, None, 12), Route::Refused(m) if m.contains("aliases")));
        let twice = "{ a: __schema { types { name } } b: __schema { types { name } } }";
        assert!(matches!(route(twice, None, 12), Route::Refused(m) if m.contains("2 times")));
        // Fragment cycles and unknown fragments are async-graphql's to report.
        let cyclic = "{ __schema { ...A } } fragment A on __Schema { ...A }";
        assert_eq!(route(cyclic, None, 12), Route::Introspection);
        // Mixed with ordinary fields: the ordinary limits apply, the introspection rules too.
        assert_eq!(
            route(
                "{ __type(name: \"School\") { name } regions { code } }",
                None,
                12
            ),
            Route::Ordinary
        );
        assert!(matches!(
            route(
                "{ regions { code } a: __schema { types { name } } b: __schema { types { name } } }",
                None,
                12
            ),
            Route::Refused(_)
        ));
    }
}
