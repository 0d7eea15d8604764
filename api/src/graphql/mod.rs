//! The schema: one query object per area, merged; GraphQL types are DTOs built from `domain`
//! rows, never sea-orm entities.

mod audit;
mod common;
mod dashboard;
mod entry;
mod error;
mod import;
mod profile;
mod school;

use crate::snapshot::Snapshots;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{EmptySubscription, MergedObject, Request, Schema, ServerResult};
use domain::{Config, Db};
use std::sync::Arc;

pub use common::{Lang, RequestLang};
pub use entry::entry_input_mismatches;
pub use error::to_gql_error;

#[derive(MergedObject, Default)]
pub struct Query(
    school::SchoolQuery,
    dashboard::DashboardQuery,
    audit::AuditQuery,
    entry::EntryQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    entry::EntryMutation,
    import::ImportMutation,
    dashboard::DashboardMutation,
);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Builds the schema around an already connected database (no I/O here). `snapshots` is
/// this instance's copy of the published trend generation, shared with whatever keeps it
/// current (`Snapshots::watch`).
pub fn build_schema(db: Db, config: Arc<Config>, snapshots: Arc<Snapshots>) -> AppSchema {
    schema_builder(db, config, snapshots).finish()
}

fn schema_builder(
    db: Db,
    config: Arc<Config>,
    snapshots: Arc<Snapshots>,
) -> async_graphql::SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(db)
        .data(config.clone())
        .data(snapshots.clone())
        .extension(SnapshotPerRequest(snapshots))
        .limit_depth(config.server.max_depth)
        .limit_complexity(config.server.max_complexity)
}

/// The schema as the operator sees it (an admin without a token): for tests and tools that
/// execute operations in-process. Served requests always carry their own caller.
pub fn operator_schema(db: Db, config: Arc<Config>, snapshots: Arc<Snapshots>) -> AppSchema {
    schema_builder(db, config, snapshots)
        .data(domain::auth::Caller::operator())
        .finish()
}

/// The SDL that `sapat schema` prints and `api/schema.graphql` commits.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .finish()
        .sdl()
}

/// Gives each request one snapshot view, taken when its first dashboard field asks, so every
/// field of an answer reads the same generation even when a new one is swapped in meanwhile
/// (and requests without dashboard fields cost nothing).
struct SnapshotPerRequest(Arc<Snapshots>);

/// The request's view, set once (see `dashboard::view`).
#[derive(Clone)]
pub(crate) struct RequestView {
    pub(crate) snapshots: Arc<Snapshots>,
    pub(crate) view: Arc<tokio::sync::OnceCell<crate::snapshot::View>>,
}

impl ExtensionFactory for SnapshotPerRequest {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SnapshotPerRequest(self.0.clone()))
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for SnapshotPerRequest {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let view = RequestView {
            snapshots: self.0.clone(),
            view: Arc::new(tokio::sync::OnceCell::new()),
        };
        next.run(ctx, request.data(view)).await
    }
}
