//! The one mapping from `domain::Error` to GraphQL errors with a stable `extensions.code`
//! ([`to_gql_error`]), and the [`Result`] every resolver returns so that `?` applies it.
//! Internal details are logged with the error, never sent to the client.
//!
//! # Why resolvers return this module's `Result`, not `async_graphql::Result`
//!
//! async-graphql turns anything that implements `Display` into its error
//! (`impl<T: Display + Send + Sync> From<T> for async_graphql::Error`). `domain::Error`
//! implements `Display`, so in a resolver returning `async_graphql::Result`, `?` on a
//! `domain::Result` compiles and sends the bare message without `extensions.code`; for a
//! database error, the SQL detail too. That is why every call used to need its own
//! `.map_err(to_gql_error)`, and a forgotten one still compiled.
//!
//! Resolvers return `Result<T>` = `std::result::Result<T, ApiError>` instead (async-graphql's
//! macros take any `Result<T, E>` with `E: Into<async_graphql::Error>`). `ApiError` is made
//! from a `domain::Error` only by [`to_gql_error`], so `?` on a `domain::Result` is always
//! coded; there is no other conversion from a domain error into it. It deliberately does not
//! implement `Display`: that is what lets it convert into `async_graphql::Error` without
//! meeting the blanket conversion (and what keeps it from being sent as a bare message).
//! Errors async-graphql makes itself (a missing `ctx.data`, an unreadable upload) and errors
//! built here with their own code convert with `?` as they are.
//!
//! `graphql::tests::resolvers_return_the_coded_result` keeps `async_graphql::Result` and
//! hand-written mappings out of every resolver module.

use async_graphql::{Error as GqlError, ErrorExtensions};
use domain::Error;
use domain::messages::{Lang, Msg};

/// Runs `f` (a request's execution) with its messages in `lang`: a task-local (in `domain`,
/// whose refusals are rendered where they are made), because `?` converts an error without a
/// resolver context; the handler sets it around execution.
pub use domain::denied::in_language;

/// The language messages are rendered in: the request's, else English (as before the
/// catalog, for callers outside a request such as `schema.execute` in tests).
fn message_lang() -> Lang {
    domain::denied::current_lang()
}

/// What a resolver returns: `?` maps a `domain::Error` through [`to_gql_error`].
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// A GraphQL error on its way to the client, with its `extensions.code` (see the module
/// documentation for why it has no `Display`).
#[derive(Debug)]
pub struct ApiError(GqlError);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(to_gql_error(e))
    }
}

/// Errors async-graphql makes (a missing `ctx.data`, an upload that cannot be read) and
/// errors built with their own code.
impl From<GqlError> for ApiError {
    fn from(e: GqlError) -> Self {
        ApiError(e)
    }
}

impl From<ApiError> for GqlError {
    fn from(e: ApiError) -> Self {
        e.0
    }
}

/// A refused argument as `BAD_USER_INPUT` with `extensions.field`, in the request's language.
pub(crate) fn invalid(field: &str, message: domain::messages::arguments::ArgMsg) -> ApiError {
    domain::messages::arguments::invalid(field, message).into()
}

/// The GraphQL error of a domain error: message and `extensions.code` (plus `field`,
/// `constraint`, or a refused batch's problems); internal errors are logged here and sent as
/// `internal error` with code `INTERNAL`.
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
        Error::Rejected { errors, total } => rejected_rows(&errors, total),
        Error::Unavailable(detail) => {
            tracing::warn!(error = %detail, "database unavailable");
            // The same words, in the same language, as a layer's or a download's refusal.
            GqlError::new(domain::messages::reports::ReportMsg::Unavailable.render(message_lang()))
                .extend_with(|_, ext| ext.set("code", "UNAVAILABLE"))
        }
        Error::Busy { detail, .. } => {
            GqlError::new(detail).extend_with(|_, ext| ext.set("code", "CONFLICT"))
        }
        other => {
            tracing::error!(error = %other, "request failed");
            GqlError::new("internal error").extend_with(|_, ext| ext.set("code", "INTERNAL"))
        }
    }
}

/// A refused file: every problem (row, column, value, message) in `extensions.errors`;
/// FORBIDDEN when the only problem is rows outside the caller's scope.
fn rejected_rows(errors: &[domain::import::RowError], total: usize) -> GqlError {
    let lang = message_lang();
    let first = errors.first().map(|e| e.render(lang)).unwrap_or_default();
    let forbidden = errors.iter().all(|e| e.forbidden);
    let mut json = serde_json::to_value(errors).unwrap_or_default();
    if let Some(items) = json.as_array_mut() {
        for (item, e) in items.iter_mut().zip(errors) {
            item["message"] = e.message.render(lang).into();
        }
    }
    let listed = async_graphql::Value::from_json(json).unwrap_or_default();
    GqlError::new(
        Msg::Refused {
            total,
            batch: false,
            first,
        }
        .render(lang),
    )
    .extend_with(move |_, ext| {
        ext.set(
            "code",
            if forbidden {
                "FORBIDDEN"
            } else {
                "BAD_USER_INPUT"
            },
        );
        ext.set("total", total as u64);
        ext.set("errors", listed.clone());
    })
}

/// A refused batch: the first problem in the message, every problem (up to the domain's limit)
/// in `extensions.errors`, each with its input path: `["items", 3, "nEnrolled"]`.
fn rejected_items(errors: &[domain::import::ItemError], total: usize) -> GqlError {
    let lang = message_lang();
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
                async_graphql::Value::from(e.message.render(lang)),
            );
            if let Some(v) = &e.value {
                m.insert(
                    async_graphql::Name::new("value"),
                    async_graphql::Value::from(v.as_str()),
                );
            }
            async_graphql::Value::Object(m)
        })
        .collect();
    let first = errors.first().map_or_else(String::new, |e| {
        format!(
            "{}: {}",
            describe(e.index, e.column.as_deref()),
            e.message.render(lang)
        )
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
    GqlError::new(
        Msg::Refused {
            total,
            batch: true,
            first,
        }
        .render(lang),
    )
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

#[cfg(test)]
mod tests {
    use super::{ApiError, Result, invalid};
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, Value};

    fn code(e: ApiError) -> (String, Option<Value>, Option<Value>) {
        let e = async_graphql::Error::from(e);
        let ext = e.extensions.as_ref();
        (
            e.message,
            ext.and_then(|x| x.get("code")).cloned(),
            ext.and_then(|x| x.get("field")).cloned(),
        )
    }

    fn busy() -> domain::Result<()> {
        Err(domain::Error::Busy {
            job: "trends".into(),
            detail: "a trend refresh is already running".into(),
        })
    }

    #[test]
    fn a_domain_error_keeps_its_code_through_the_question_mark() {
        fn refresh() -> Result<()> {
            busy()?;
            Ok(())
        }
        fn lookup() -> Result<()> {
            Err(domain::Error::Invalid {
                field: "year".into(),
                message: "1990 is not published".into(),
            })?
        }
        fn internal() -> Result<()> {
            Err(domain::Error::Internal(
                "SELECT secret FROM staff_snapshot".into(),
            ))?
        }

        assert_eq!(
            code(refresh().unwrap_err()),
            (
                "a trend refresh is already running".into(),
                Some(Value::from("CONFLICT")),
                None
            )
        );
        assert_eq!(
            code(lookup().unwrap_err()),
            (
                "year: 1990 is not published".into(),
                Some(Value::from("BAD_USER_INPUT")),
                Some(Value::from("year"))
            )
        );
        assert_eq!(
            code(internal().unwrap_err()),
            ("internal error".into(), Some(Value::from("INTERNAL")), None)
        );
        assert_eq!(
            code(invalid(
                "first",
                domain::messages::arguments::ArgMsg::Negative { got: -1 }
            )),
            (
                "first: must not be negative, got -1".into(),
                Some(Value::from("BAD_USER_INPUT")),
                Some(Value::from("first"))
            )
        );
    }

    struct Probe;

    #[Object]
    impl Probe {
        async fn refresh(&self) -> Result<i32> {
            busy()?;
            Ok(1)
        }
    }

    #[tokio::test]
    async fn a_resolver_answers_a_domain_error_with_its_code() {
        let schema = Schema::new(Probe, EmptyMutation, EmptySubscription);

        let res = schema.execute("{ refresh }").await;

        assert_eq!(res.errors.len(), 1, "{:?}", res.errors);
        let e = &res.errors[0];
        assert_eq!(e.message, "a trend refresh is already running");
        assert_eq!(
            e.extensions.as_ref().and_then(|x| x.get("code")),
            Some(&Value::from("CONFLICT"))
        );
    }
}
