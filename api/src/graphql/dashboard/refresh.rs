//! `refreshTrends`: asks the jobs side for a trend refresh (`jobs::scheduler::Runner`),
//! which runs it and reloads this instance's snapshot when it ends; the mutation only
//! begins the run, audits it and answers with its record.

use async_graphql::{Context, Object};
use domain::trend::runs::Trigger;
use jobs::scheduler::Runner;

use super::types::TrendRun;
use crate::graphql::error::{ApiError, Result, invalid};

#[derive(Default)]
pub struct DashboardMutation;

#[Object]
impl DashboardMutation {
    /// Starts a trend refresh (incremental unless `full`) and returns its run at once; the
    /// new generation is served when it is published. Refused (CONFLICT) while a run is in
    /// progress. Admin only.
    async fn refresh_trends(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default = false,
            desc = "Recompute every academic year (true) or only the years with changed facts (false, the default)."
        )]
        full: bool,
    ) -> Result<TrendRun> {
        let caller = crate::graphql::school::caller(ctx);
        caller.require_admin(domain::access::AdminOnly::TrendRefresh)?;
        let db = crate::graphql::common::db(ctx)?;
        let opts = if full {
            jobs::trends::RunOptions::full(Trigger::Manual)
        } else {
            jobs::trends::RunOptions::incremental(Trigger::Manual)
        };
        // The jobs side takes the lock and records the run; it computes once started, after
        // the audit entry is written (a run without its entry never starts).
        let run = ctx
            .data::<Runner>()?
            .begin(opts)
            .await
            .map_err(|e| match e {
                jobs::trends::JobError::Domain(e) => ApiError::from(e),
                other => {
                    tracing::error!(error = %other, "could not start a trend refresh");
                    invalid(
                        "full",
                        domain::messages::arguments::ArgMsg::RefreshNotStarted,
                    )
                }
            })?;
        let run_id = run.run_id();
        domain::audit::record(
            db,
            caller,
            vec![domain::audit::Entry {
                operation: "refresh_trends",
                entity: "job_run".into(),
                natural_key: run_id.to_string(),
                school_id: None,
                before: None,
                after: Some(serde_json::json!({ "full": full })),
            }],
        )
        .await?;
        run.start();
        let runs = domain::trend::runs::history(db, Some(jobs::trends::JOB), 5).await?;
        let begun = runs.iter().find(|r| r.id == run_id);
        Ok(begun.map(TrendRun::from).ok_or(domain::Error::NotFound {
            what: "job run",
            key: run_id.to_string(),
        })?)
    }
}
