//! Codes for the errors async-graphql raises itself, before any resolver runs: a document
//! that does not parse, or one that does not validate against the schema (an unknown field, a
//! wrong argument type, a missing variable) or exceeds the depth or complexity limits. Every
//! error a client sees then carries an `extensions.code` it can switch on.

use async_graphql::{Response, ServerError};

/// The document is not GraphQL.
pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// The document does not fit the schema.
pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
/// Deeper than `server.max_depth`.
pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
/// Costlier than `server.max_complexity` (the same code `guard` gives).
pub const QUERY_TOO_COMPLEX: &str = "QUERY_TOO_COMPLEX";
/// An argument that is not a value of its type (a date that is not a date).
pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";

/// async-graphql words its limit errors this way (7.x); anything else is a schema mismatch.
fn validation_code(e: &ServerError) -> &'static str {
    if e.message.contains("nested too deep") {
        QUERY_TOO_DEEP
    } else if e.message.contains("too complex") {
        QUERY_TOO_COMPLEX
    } else {
        VALIDATION_FAILED
    }
}

/// Gives each error of an answer that async-graphql raised itself its code. This runs on the
/// finished answer, not as a schema extension: any extension makes async-graphql pass every
/// field and list item of every answer through the extension chain (boxed futures and a
/// registry lookup each), which cost more than the rest of a large dashboard answer.
pub fn code_errors(response: &mut Response, max_depth: usize, max_complexity: usize) {
    for e in &mut response.errors {
        let has_code = e
            .extensions
            .as_ref()
            .is_some_and(|x| x.get("code").is_some());
        if has_code {
            continue;
        }
        // An argument async-graphql could not read as its type (a custom scalar such as
        // `DateTime` passes validation and fails only when the resolver reads it) is the
        // caller's input, like every other refused argument.
        let code = if e.message.starts_with("Failed to parse \"") {
            BAD_USER_INPUT
        } else if !e.path.is_empty() {
            continue;
        } else if e.message.contains("recursion depth") || e.message.contains("directives") {
            // Refused while the document was read, before validation.
            PARSE_FAILED
        } else {
            // The rest of what fails before execution: validation, and an operation name that
            // names none of the document's.
            validation_code(e)
        };
        // async-graphql's words name no limit: say which, and how to change it.
        if code == QUERY_TOO_COMPLEX {
            e.message = format!(
                "the query is too complex: it costs more than server.max_complexity ({max_complexity}); ask for fewer fields, aliases or list items (docs/API.md, Limits)"
            );
        } else if code == QUERY_TOO_DEEP {
            e.message = format!(
                "the query is nested too deep: its selections go deeper than server.max_depth ({max_depth})"
            );
        }
        e.extensions
            .get_or_insert_with(Default::default)
            .set("code", code);
    }
}

/// The answer to a text that does not parse.
pub fn parse_failed(mut e: ServerError) -> Response {
    e.extensions
        .get_or_insert_with(Default::default)
        .set("code", PARSE_FAILED);
    Response::from_errors(vec![e])
}
