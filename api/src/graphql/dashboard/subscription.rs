//! `trendsRefreshed`: a dashboard learns of a new generation without polling. Served over
//! WebSocket at `/graphql/ws` (graphql-transport-ws or graphql-ws), public like `freshness`.

use std::sync::Arc;

use async_graphql::futures_util::{Stream, stream};
use async_graphql::{Context, Subscription};

use super::types::{Freshness, freshness};
use crate::snapshot::Snapshots;

#[derive(Default)]
pub struct DashboardSubscription;

#[Subscription]
impl DashboardSubscription {
    /// The freshness of each new view this instance serves, as it is swapped in: a newly
    /// published generation, or a new record of the last run that published. Nothing is sent
    /// at subscription time; read `trendStatus` for the current state. Anonymous callers may
    /// subscribe (freshness is public).
    async fn trends_refreshed(&self, ctx: &Context<'_>) -> impl Stream<Item = Freshness> {
        let snapshots = ctx.data_opt::<Arc<Snapshots>>().cloned();
        let changes = snapshots.as_ref().map(|s| s.subscribe());
        stream::unfold((snapshots, changes), |(snapshots, changes)| async move {
            let (snapshots, mut changes) = (snapshots?, changes?);
            changes.changed().await.ok()?;
            let view = snapshots
                .view()
                .await
                .inspect_err(|e| tracing::warn!(error = %e, "trendsRefreshed: no view"))
                .ok()?;
            Some((freshness(&view), (Some(snapshots), Some(changes))))
        })
    }
}
