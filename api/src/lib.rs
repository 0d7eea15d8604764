//! Sapat's GraphQL API on poem. Resolvers are thin: they parse arguments, call `domain`, and
//! map the result to GraphQL types; no SQL and no polars here.

pub mod answers;
pub mod cli;
pub mod exports;
pub mod graphql;
pub mod guard;
pub mod metrics;
pub mod output;
pub mod report_cli;
pub mod server;
pub mod snapshot;

pub use server::{AppState, app};
