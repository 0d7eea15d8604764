//! Codes for the errors async-graphql raises itself, before any resolver runs: a document
//! that does not parse, or one that does not validate against the schema (an unknown field, a
//! wrong argument type, a missing variable) or exceeds the depth or complexity limits. Every
//! error a client sees then carries an `extensions.code` it can switch on.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Variables};
use std::sync::Arc;

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

pub struct RequestErrorCodes;

impl ExtensionFactory for RequestErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestErrorCodes)
    }
}

fn with_code(mut e: ServerError, code: &str) -> ServerError {
    let has_code = e
        .extensions
        .as_ref()
        .is_some_and(|x| x.get("code").is_some());
    if !has_code {
        e.extensions
            .get_or_insert_with(Default::default)
            .set("code", code);
    }
    e
}

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

#[async_graphql::async_trait::async_trait]
impl Extension for RequestErrorCodes {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|e| with_code(e, PARSE_FAILED))
    }

    /// An argument async-graphql could not read as its type (a custom scalar such as
    /// `DateTime` passes validation and fails only when the resolver reads it) is the
    /// caller's input: `BAD_USER_INPUT`, like every other refused argument.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        if !response.errors.is_empty() {
            response.errors = std::mem::take(&mut response.errors)
                .into_iter()
                .map(|e| {
                    if e.message.starts_with("Failed to parse \"") {
                        with_code(e, BAD_USER_INPUT)
                    } else {
                        e
                    }
                })
                .collect();
        }
        response
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let code = validation_code(&e);
                    with_code(e, code)
                })
                .collect()
        })
    }
}
