//! The append-only audit log: who (token and role), when, and what (operation, entity,
//! natural key, the stored row before and after) for every write. Entries are written in the
//! transaction of the write they describe, so a write without its entry cannot commit. Nothing
//! here updates or deletes a row.
//!
//! A batch sent through the API is logged item by item, with the rows before and after; a file
//! import is logged as one entry with its counts and years (millions of rows would otherwise
//! double the import; the rows are in the tables, the file with the operator).

use crate::auth::Caller;
use crate::db::stmt;
use crate::error::Result;
use crate::query::newest::{IdPage, IdWindow};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

/// One write to log.
#[derive(Debug, Clone)]
pub struct Entry {
    /// e.g. `record`, `import`, `refresh_trends`, `token_create`.
    pub operation: &'static str,
    /// The table (or job) written.
    pub entity: String,
    /// The natural key as JSON (`{"school_id":7,"academic_year":2022}`), or `*` for an import.
    pub natural_key: String,
    pub school_id: Option<i32>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Rows per INSERT: 10 values each, well under SQLite's 32,766 parameters.
const CHUNK: usize = 500;

/// Appends entries for `caller`'s write (inside the write's transaction).
pub async fn record(db: &impl ConnectionTrait, caller: &Caller, entries: Vec<Entry>) -> Result<()> {
    let at = Utc::now();
    for chunk in entries.chunks(CHUNK) {
        let mut sql = String::from(
            "INSERT INTO audit_log (at, token_id, subject, role, operation, entity, natural_key, school_id, before, after) VALUES ",
        );
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 10);
        for (i, e) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            values.extend([
                at.into(),
                caller.token_id().into(),
                caller.subject().map(str::to_owned).into(),
                caller.audit_role().into(),
                e.operation.into(),
                e.entity.clone().into(),
                e.natural_key.clone().into(),
                e.school_id.into(),
                e.before.as_ref().map(ToString::to_string).into(),
                e.after.as_ref().map(ToString::to_string).into(),
            ]);
        }
        db.execute_raw(stmt(db, &sql, values)).await?;
    }
    Ok(())
}

/// Which entries to list; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub school_id: Option<i32>,
    pub token_id: Option<i32>,
    /// A single sign-on subject.
    pub subject: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub entity: Option<String>,
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Logged {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub token_id: Option<i32>,
    pub subject: Option<String>,
    pub role: String,
    pub operation: String,
    pub entity: String,
    pub natural_key: String,
    pub school_id: Option<i32>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub const MAX_PAGE: u64 = 500;

/// Entries matching `filter`, newest first, a page of at most [`MAX_PAGE`] between the
/// window's cursors (entry ids). Only an admin may read the log.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    filter: &Filter,
    window: IdWindow,
) -> Result<IdPage<Logged>> {
    caller.require_admin(crate::access::AdminOnly::AuditLog)?;
    if window.size > MAX_PAGE {
        return Err(crate::messages::arguments::invalid(
            window.size_argument(),
            crate::messages::arguments::ArgMsg::PageTooLarge {
                max: MAX_PAGE,
                got: window.size,
            },
        ));
    }
    let mut conds = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(id) = filter.school_id {
        conds.push("school_id = ?");
        values.push(id.into());
    }
    if let Some(id) = filter.token_id {
        conds.push("token_id = ?");
        values.push(id.into());
    }
    if let Some(s) = &filter.subject {
        conds.push("subject = ?");
        values.push(s.clone().into());
    }
    if let Some(t) = filter.from {
        conds.push("at >= ?");
        values.push(t.into());
    }
    if let Some(t) = filter.to {
        conds.push("at < ?");
        values.push(t.into());
    }
    if let Some(e) = &filter.entity {
        conds.push("entity = ?");
        values.push(e.clone().into());
    }
    let conds = conds.into_iter().map(String::from).collect();
    let tail = window.tail(conds, &mut values);
    let sql = format!(
        "SELECT id, at, token_id, subject, role, operation, entity, natural_key, school_id, before, after \
         FROM audit_log{tail}"
    );
    let rows = Logged::find_by_statement(stmt(db, &sql, values))
        .all(db)
        .await?;
    Ok(window.page(rows))
}
