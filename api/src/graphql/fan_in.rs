//! At most [`ROOT_FIELDS_AT_ONCE`] top-level fields of one request resolve at a time.
//!
//! async-graphql resolves a query's top-level fields concurrently, so 2,000 aliased
//! `school(id:)` lookups in one cheap-looking anonymous request (each costs 1, well within
//! `server.max_complexity`) asked the pool for 2,000 connections at once, and other callers'
//! requests timed out waiting (`UNAVAILABLE`). Gated here, such a request queues behind itself,
//! holding a handful of connections, and the pool stays open to everyone else.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo,
};
use async_graphql::{ServerResult, Value};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Top-level fields of one request resolving together: a fraction of the smallest pool
/// (PostgreSQL's default 10 connections).
pub const ROOT_FIELDS_AT_ONCE: usize = 4;

pub struct RootFieldGate;

impl ExtensionFactory for RootFieldGate {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Gate(Semaphore::new(ROOT_FIELDS_AT_ONCE)))
    }
}

/// One request's gate.
struct Gate(Semaphore);

#[async_graphql::async_trait::async_trait]
impl Extension for Gate {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        // A top-level field's resolution includes its whole selection: gating it bounds them.
        if info.path_node.parent.is_some() {
            return next.run(ctx, info).await;
        }
        let _permit = self.0.acquire().await;
        next.run(ctx, info).await
    }
}
