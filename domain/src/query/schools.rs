//! The school listing: filters, a stable order and keyset pages, plus the per-page batches
//! (places, languages, latest snapshots) that the API nests under a page.

use super::{placeholders, values};
use crate::access::{Grant, ScopeFilter};
use crate::auth::Caller;
use crate::db::stmt;
use crate::error::Result;
use crate::facts::ImportKind;
use crate::school::SchoolWithPlace;
use crate::text;
use entity::{enrolment_snapshot, infrastructure_snapshot, school, staff_snapshot};
use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult, Value};
use std::collections::HashMap;

pub use crate::school::MAX_PAGE;

/// Which schools a listing holds; empty lists and `None` do not filter.
#[derive(Debug, Clone, Default)]
pub struct SchoolFilter {
    pub region_id: Option<i32>,
    pub district_id: Option<i32>,
    pub school_types: Vec<String>,
    pub ownerships: Vec<String>,
    /// Schools teaching in any of these languages.
    pub languages: Vec<String>,
    /// Part of a name in any of the three languages; case, `ё`/`е` and spacing do not matter.
    pub name: Option<String>,
}

/// The order of a listing; ties are broken by id, so every order is total and stable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SchoolOrder {
    #[default]
    Id,
    Code,
    NameKy,
    NameRu,
}

impl SchoolOrder {
    fn column(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Code => "code",
            Self::NameKy => "name_ky",
            Self::NameRu => "name_ru",
        }
    }
}

/// `WHERE` conditions (with their values) of a filter within the caller's scope, over
/// `school s` joined to `district d`.
fn conditions(f: &SchoolFilter, caller: &Caller) -> (Vec<String>, Vec<Value>) {
    let mut sql = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    match caller.list_scope() {
        Some(ScopeFilter::Region(id)) => {
            sql.push("d.region_id = ?".to_owned());
            vals.push(id.into());
        }
        Some(ScopeFilter::District(id)) => {
            sql.push("s.district_id = ?".to_owned());
            vals.push(id.into());
        }
        Some(ScopeFilter::School(id)) => {
            sql.push("s.id = ?".to_owned());
            vals.push(id.into());
        }
        None => {}
    }
    if let Some(id) = f.region_id {
        sql.push("d.region_id = ?".to_owned());
        vals.push(id.into());
    }
    if let Some(id) = f.district_id {
        sql.push("s.district_id = ?".to_owned());
        vals.push(id.into());
    }
    if !f.school_types.is_empty() {
        sql.push(format!(
            "s.school_type IN ({})",
            placeholders(f.school_types.len())
        ));
        vals.extend(values(&f.school_types));
    }
    if !f.ownerships.is_empty() {
        sql.push(format!(
            "s.ownership IN ({})",
            placeholders(f.ownerships.len())
        ));
        vals.extend(values(&f.ownerships));
    }
    if !f.languages.is_empty() {
        sql.push(format!(
            "EXISTS (SELECT 1 FROM school_language sl WHERE sl.school_id = s.id AND sl.language IN ({}))",
            placeholders(f.languages.len())
        ));
        vals.extend(values(&f.languages));
    }
    if let Some(name) = &f.name {
        // name_search holds the same fold (Rust's Unicode lower-case, ё → е) of all three
        // names, so one LIKE matches on both databases, Kyrgyz letters included.
        let key = text::search_key(name);
        if !key.is_empty() {
            let escaped = key
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            sql.push("s.name_search LIKE ? ESCAPE '\\'".to_owned());
            vals.push(format!("%{escaped}%").into());
        }
    }
    (sql, vals)
}

fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    }
}

/// Which part of a listing a page holds (Relay's `first`/`after` and `last`/`before`):
/// `size` schools strictly between the cursors `after` and `before` (school ids), the first
/// ones (`from_end` false) or the last ones (`from_end` true).
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub size: u64,
    pub after: Option<i32>,
    pub before: Option<i32>,
    pub from_end: bool,
}

/// One page of a listing, in the listing's order whichever end it was taken from.
#[derive(Debug, Clone)]
pub struct Page {
    pub schools: Vec<school::Model>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
}

/// The keyset condition "the school comes after (`>`) or before (`<`) the cursor school" in
/// `order`; the cursor is an id and its sort key is read back from the row itself.
fn beyond(order: SchoolOrder, cursor: i32, op: &str) -> (String, Vec<Value>) {
    if order == SchoolOrder::Id {
        return (format!("s.id {op} ?"), vec![cursor.into()]);
    }
    let key = order.column();
    (
        format!(
            "(s.{key} {op} (SELECT c.{key} FROM school c WHERE c.id = ?) \
             OR (s.{key} = (SELECT c.{key} FROM school c WHERE c.id = ?) AND s.id {op} ?))"
        ),
        vec![cursor.into(), cursor.into(), cursor.into()],
    )
}

/// Up to `window.size` (at most [`MAX_PAGE`]) schools within the caller's scope (a region,
/// district or school token sees its own; the directory is public otherwise) matching
/// `filter` in `order`, between the window's cursors. The last ones are read in reverse order
/// (the same keyset, `DESC`), so a page costs the same at either end.
pub async fn page(
    db: &impl ConnectionTrait,
    caller: &Caller,
    filter: &SchoolFilter,
    order: SchoolOrder,
    window: Window,
) -> Result<Page> {
    let size = window.size;
    if size > MAX_PAGE {
        return Err(crate::messages::arguments::invalid(
            if window.from_end { "last" } else { "first" },
            crate::messages::arguments::ArgMsg::PageTooLarge {
                max: MAX_PAGE,
                got: size,
            },
        ));
    }
    let (mut conds, mut vals) = conditions(filter, caller);
    for (cursor, op) in [(window.after, ">"), (window.before, "<")] {
        if let Some(cursor) = cursor {
            let (cond, v) = beyond(order, cursor, op);
            conds.push(cond);
            vals.extend(v);
        }
    }
    let dir = if window.from_end { " DESC" } else { "" };
    let order_by = if order == SchoolOrder::Id {
        format!("s.id{dir}")
    } else {
        format!("s.{}{dir}, s.id{dir}", order.column())
    };
    // One row more than asked tells whether the listing goes on beyond the page.
    vals.push(i64::try_from(size + 1).unwrap_or(i64::MAX).into());
    let sql = format!(
        "SELECT s.* FROM school s JOIN district d ON d.id = s.district_id{} ORDER BY {order_by} LIMIT ?",
        where_clause(&conds)
    );
    let mut schools = school::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let more = schools.len() as u64 > size;
    schools.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    // A cursor's own school lies beyond the page on its side (Relay lets a server answer that
    // side without another statement).
    let (beyond_start, beyond_end) = if window.from_end {
        schools.reverse();
        (more || window.after.is_some(), window.before.is_some())
    } else {
        (window.after.is_some(), more || window.before.is_some())
    };
    Ok(Page {
        schools,
        has_next_page: beyond_end,
        has_previous_page: beyond_start,
    })
}

/// How many schools within the caller's scope match `filter`.
pub async fn count(
    db: &impl ConnectionTrait,
    caller: &Caller,
    filter: &SchoolFilter,
) -> Result<u64> {
    let (conds, vals) = conditions(filter, caller);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM school s JOIN district d ON d.id = s.district_id{}",
        where_clause(&conds)
    );
    let n: i64 = crate::db::value(db, stmt(db, &sql, vals), "n")
        .await?
        .unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or_default())
}

/// One school by id, with its district and region.
pub async fn by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<SchoolWithPlace>> {
    let Some(s) = school::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(crate::school::with_places(db, vec![s]).await?.pop())
}

/// Schools with their districts and regions: two statements for any number of schools.
pub async fn with_places(
    db: &impl ConnectionTrait,
    schools: Vec<school::Model>,
) -> Result<Vec<SchoolWithPlace>> {
    crate::school::with_places(db, schools).await
}

/// Languages of instruction per school (one statement).
pub async fn languages(
    db: &impl ConnectionTrait,
    school_ids: &[i32],
) -> Result<HashMap<i32, Vec<String>>> {
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    if school_ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT school_id, language FROM school_language WHERE school_id IN ({}) ORDER BY school_id, language",
        placeholders(school_ids.len())
    );
    /// One language of one school.
    #[derive(FromQueryResult)]
    struct Language {
        school_id: i32,
        language: String,
    }
    for l in Language::find_by_statement(stmt(db, &sql, values(school_ids)))
        .all(db)
        .await?
    {
        out.entry(l.school_id).or_default().push(l.language);
    }
    Ok(out)
}

/// The SQL of "each school's row of its latest academic year" in a per-school yearly table.
fn latest_sql(table: &str, n: usize) -> String {
    format!(
        "SELECT t.* FROM {table} t WHERE t.school_id IN ({}) \
         AND t.academic_year = (SELECT MAX(l.academic_year) FROM {table} l WHERE l.school_id = t.school_id)",
        placeholders(n)
    )
}

/// Each school's latest row of a per-year snapshot kind (one statement), by school; every
/// grant must reach the tier the kind declares.
async fn latest<E: EntityTrait>(
    db: &impl ConnectionTrait,
    kind: ImportKind,
    grants: &[Grant],
    school_of: fn(&E::Model) -> i32,
) -> Result<HashMap<i32, E::Model>> {
    let tier = kind.def().tier;
    let school_ids: Vec<i32> = grants
        .iter()
        .map(|g| g.require(tier).map(|()| g.school_id()))
        .collect::<Result<_>>()?;
    let table = kind.target().table;
    let school_ids = school_ids.as_slice();
    if school_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = latest_sql(table, school_ids.len());
    Ok(E::find()
        .from_raw_sql(stmt(db, &sql, values(school_ids)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (school_of(&m), m))
        .collect())
}

/// Each school's latest enrolment snapshot (one statement).
pub async fn latest_enrolment(
    db: &impl ConnectionTrait,
    grants: &[Grant],
) -> Result<HashMap<i32, enrolment_snapshot::Model>> {
    latest::<enrolment_snapshot::Entity>(db, ImportKind::EnrolmentSnapshots, grants, |m| {
        m.school_id
    })
    .await
}

/// Each school's latest staff snapshot (one statement).
pub async fn latest_staff(
    db: &impl ConnectionTrait,
    grants: &[Grant],
) -> Result<HashMap<i32, staff_snapshot::Model>> {
    latest::<staff_snapshot::Entity>(db, ImportKind::StaffSnapshots, grants, |m| m.school_id).await
}

/// Each school's latest infrastructure snapshot (one statement).
pub async fn latest_infrastructure(
    db: &impl ConnectionTrait,
    grants: &[Grant],
) -> Result<HashMap<i32, infrastructure_snapshot::Model>> {
    latest::<infrastructure_snapshot::Entity>(
        db,
        ImportKind::InfrastructureSnapshots,
        grants,
        |m| m.school_id,
    )
    .await
}
