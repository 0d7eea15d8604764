//! The schema: one query object per area, merged; GraphQL types are DTOs built from `domain`
//! rows, never sea-orm entities.

mod error;
mod school;

use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Schema};
use domain::Db;

pub use error::to_gql_error;

#[derive(MergedObject, Default)]
pub struct Query(school::SchoolQuery);

pub type AppSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Builds the schema around an already connected database (no I/O here).
pub fn build_schema(db: Db) -> AppSchema {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .data(db)
        .limit_depth(12)
        .limit_complexity(5_000)
        .finish()
}

/// The SDL that `sapat schema` prints and `api/schema.graphql` commits.
pub fn sdl() -> String {
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
