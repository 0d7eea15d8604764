//! The schema: one query object per area, merged; GraphQL types are DTOs built from `domain`
//! rows, never sea-orm entities.

mod common;
mod error;
mod import;
mod profile;
mod school;

use async_graphql::{EmptySubscription, MergedObject, Schema};
use domain::{Config, Db};
use std::sync::Arc;

pub use common::{Lang, RequestLang};
pub use error::to_gql_error;

#[derive(MergedObject, Default)]
pub struct Query(school::SchoolQuery);

#[derive(MergedObject, Default)]
pub struct Mutation(import::ImportMutation);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Builds the schema around an already connected database (no I/O here).
pub fn build_schema(db: Db, config: Arc<Config>) -> AppSchema {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(db)
        .data(config.clone())
        .limit_depth(config.server.max_depth)
        .limit_complexity(config.server.max_complexity)
        .finish()
}

/// The SDL that `sapat schema` prints and `api/schema.graphql` commits.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .finish()
        .sdl()
}
