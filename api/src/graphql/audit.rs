//! The audit log for admins: every write with who, when, what, before and after.

use super::error::Result;
use super::paging::{self, PageInfo};
use super::school::caller;
use async_graphql::{Context, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};

#[derive(Default)]
pub struct AuditQuery;

/// One logged write.
#[derive(SimpleObject)]
pub struct AuditEntry {
    /// The entry's id.
    id: ID,
    /// When the write happened (UTC).
    at: DateTime<Utc>,
    /// The API token that wrote (null for single sign-on and the operator at the console).
    token_id: Option<i32>,
    /// The single sign-on subject that wrote.
    subject: Option<String>,
    /// admin, region, district, school or cli.
    role: String,
    /// record, import, refresh_trends, …
    operation: String,
    /// The table (or job) written.
    entity: String,
    /// The natural key as JSON, or `*` for a whole import.
    natural_key: String,
    /// The school written about; null for writes not about one school (a trend refresh).
    school_id: Option<ID>,
    /// The stored row before the write (null: there was none).
    before: Option<Json<serde_json::Value>>,
    /// The stored row after the write, or an import's counts.
    after: Option<Json<serde_json::Value>>,
}

/// A page of the audit log, newest first.
#[derive(SimpleObject)]
pub struct AuditPage {
    /// The entries of this page.
    entries: Vec<AuditEntry>,
    /// Whether newer or older entries lie beyond this page, and the cursors to read them.
    page_info: PageInfo,
}

fn parse(text: Option<String>) -> Option<Json<serde_json::Value>> {
    text.map(|t| Json(serde_json::from_str(&t).unwrap_or(serde_json::Value::String(t))))
}

#[Object]
impl AuditQuery {
    /// Logged writes, newest first (admin only), filtered by school, token, single sign-on subject,
    /// entity and time
    /// (`from` inclusive, `to` exclusive); pages of at most 500, read forward (`first`, `after`)
    /// or backward (`last`, `before`).
    #[allow(clippy::too_many_arguments)]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only writes about this school: its id or its code (`KG-O-UZG-045`).")]
        school_id: Option<ID>,
        #[graphql(desc = "Only writes made with this API token.")] token_id: Option<i32>,
        #[graphql(desc = "Only writes by this single sign-on subject.")] subject: Option<String>,
        #[graphql(desc = "Only writes to this table (or job), e.g. mark_summary.")] entity: Option<
            String,
        >,
        #[graphql(desc = "Only writes at or after this time (inclusive).")] from: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Only writes before this time (exclusive).")] to: Option<DateTime<Utc>>,
        #[graphql(
            desc = "Page size from the newest (or from `after`), at most 500; default 50 when `last` is omitted too."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `endCursor` of the previous page (same filters); omitted: the newest entries."
        )]
        after: Option<ID>,
        #[graphql(
            desc = "Page size from the oldest (or from `before`), at most 500; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `startCursor` of the next page (same filters), to read the newer page before it; omitted with `last`: the oldest entries."
        )]
        before: Option<ID>,
    ) -> Result<AuditPage> {
        let db = super::common::db(ctx)?;
        let school_id = match &school_id {
            Some(id) => Some(
                super::school::place_id(
                    ctx,
                    domain::query::place::PlaceKind::School,
                    "schoolId",
                    id,
                )
                .await?,
            ),
            None => None,
        };
        let window = paging::log_window(
            first,
            after,
            last,
            before,
            (50, domain::audit::MAX_PAGE as i32),
        )?;
        let filter = domain::audit::Filter {
            school_id,
            token_id,
            subject,
            from,
            to,
            entity,
        };
        let page = domain::audit::list(db, caller(ctx), &filter, window).await?;
        let page_info = PageInfo::of_log(&page, |r| r.id);
        Ok(AuditPage {
            entries: page
                .items
                .into_iter()
                .map(|r| AuditEntry {
                    id: ID(r.id.to_string()),
                    at: r.at,
                    token_id: r.token_id,
                    subject: r.subject,
                    role: r.role,
                    operation: r.operation,
                    entity: r.entity,
                    natural_key: r.natural_key,
                    school_id: r.school_id.map(|id| ID(id.to_string())),
                    before: parse(r.before),
                    after: parse(r.after),
                })
                .collect(),
            page_info,
        })
    }
}
