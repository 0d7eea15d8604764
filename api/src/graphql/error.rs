//! The one mapping from `domain::Error` to GraphQL errors with a stable `extensions.code`.
//! Internal details are logged with the error, never sent to the client.

use async_graphql::{Error as GqlError, ErrorExtensions};
use domain::Error;

pub fn to_gql_error(e: Error) -> GqlError {
    match e {
        Error::Invalid { field, message } => GqlError::new(format!("{field}: {message}"))
            .extend_with(|_, ext| {
                ext.set("code", "BAD_USER_INPUT");
                ext.set("field", field.clone());
            }),
        Error::Forbidden { message } => {
            GqlError::new(message).extend_with(|_, ext| ext.set("code", "FORBIDDEN"))
        }
        Error::NotFound { what, key } => GqlError::new(format!("{what} not found: {key}"))
            .extend_with(|_, ext| ext.set("code", "NOT_FOUND")),
        Error::Constraint { kind, constraint } => GqlError::new(format!(
            "the {kind} rule `{constraint}` rejected the input"
        ))
        .extend_with(|_, ext| {
            ext.set("code", "BAD_USER_INPUT");
            ext.set("constraint", constraint.clone());
        }),
        Error::RejectedItems { errors, total } => rejected_items(&errors, total),
        Error::Busy { detail, .. } => {
            GqlError::new(detail).extend_with(|_, ext| ext.set("code", "CONFLICT"))
        }
        other => {
            tracing::error!(error = %other, "request failed");
            GqlError::new("internal error").extend_with(|_, ext| ext.set("code", "INTERNAL"))
        }
    }
}

/// A refused batch: the first problem in the message, every problem (up to the domain's limit)
/// in `extensions.errors`, each with its input path: `["items", 3, "nEnrolled"]`.
fn rejected_items(errors: &[domain::import::ItemError], total: usize) -> GqlError {
    let listed: Vec<async_graphql::Value> = errors
        .iter()
        .map(|e| {
            let path = input_path(e.index, e.column.as_deref());
            let mut m = async_graphql::indexmap::IndexMap::new();
            m.insert(
                async_graphql::Name::new("path"),
                async_graphql::Value::List(path),
            );
            m.insert(
                async_graphql::Name::new("message"),
                async_graphql::Value::from(e.message.clone()),
            );
            if let Some(v) = &e.value {
                m.insert(
                    async_graphql::Name::new("value"),
                    async_graphql::Value::from(v.clone()),
                );
            }
            async_graphql::Value::Object(m)
        })
        .collect();
    let first = errors.first().map_or_else(String::new, |e| {
        format!("{}: {}", describe(e.index, e.column.as_deref()), e.message)
    });
    let first_path = errors
        .first()
        .map(|e| input_path(e.index, e.column.as_deref()))
        .unwrap_or_default();
    // Items outside the caller's scope, and nothing else wrong: the caller may not do this.
    let code = if errors.iter().all(|e| e.forbidden) {
        "FORBIDDEN"
    } else {
        "BAD_USER_INPUT"
    };
    GqlError::new(format!(
        "{total} problem(s) in the batch; nothing was written. First: {first}"
    ))
    .extend_with(move |_, ext| {
        ext.set("code", code);
        ext.set("total", total as u64);
        ext.set("path", async_graphql::Value::List(first_path.clone()));
        ext.set("errors", async_graphql::Value::List(listed.clone()));
    })
}

/// `items[3].nEnrolled` for a message.
fn describe(index: Option<u64>, column: Option<&str>) -> String {
    let mut s = String::from("items");
    if let Some(i) = index {
        s.push_str(&format!("[{i}]"));
    }
    if let Some(c) = column {
        s.push('.');
        s.push_str(&camel_path(c));
    }
    s
}

/// The input path of a problem: "items", the index, then the field (template column keys are
/// snake_case; GraphQL names are camelCase; nested paths look like `members[0].memberRef`).
fn input_path(index: Option<u64>, column: Option<&str>) -> Vec<async_graphql::Value> {
    let mut path = vec![async_graphql::Value::from("items")];
    if let Some(i) = index {
        path.push(async_graphql::Value::from(i));
    }
    if let Some(c) = column {
        for part in camel_path(c).split('.') {
            match part.split_once('[') {
                Some((name, rest)) => {
                    path.push(async_graphql::Value::from(name));
                    if let Ok(n) = rest.trim_end_matches(']').parse::<u64>() {
                        path.push(async_graphql::Value::from(n));
                    }
                }
                None => path.push(async_graphql::Value::from(part)),
            }
        }
    }
    path
}

/// snake_case → camelCase as async-graphql names fields (`n_4_5` → `n45`, and a letter after a
/// digit starts a word: `trained_last_5y` → `trainedLast5Y`).
pub(crate) fn camel_path(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    let mut after_digit = false;
    for ch in key.chars() {
        if ch == '_' {
            upper = !out.is_empty() && !out.ends_with(['.', '[']);
        } else if (upper || after_digit) && ch.is_alphabetic() {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
            upper = false;
        }
        after_digit = ch.is_ascii_digit();
    }
    out
}
