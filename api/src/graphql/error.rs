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
        Error::NotFound { what, key } => GqlError::new(format!("{what} not found: {key}"))
            .extend_with(|_, ext| ext.set("code", "NOT_FOUND")),
        Error::Constraint { kind, constraint } => GqlError::new(format!(
            "the {kind} rule `{constraint}` rejected the input"
        ))
        .extend_with(|_, ext| {
            ext.set("code", "BAD_USER_INPUT");
            ext.set("constraint", constraint.clone());
        }),
        Error::Busy { detail, .. } => {
            GqlError::new(detail).extend_with(|_, ext| ext.set("code", "CONFLICT"))
        }
        other => {
            tracing::error!(error = %other, "request failed");
            GqlError::new("internal error").extend_with(|_, ext| ext.set("code", "INTERNAL"))
        }
    }
}
