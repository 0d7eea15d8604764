//! Which schools `sapat demo` owns (`demo_school`): those it created and may rewrite. The demo
//! writes only to these; every user write path (the import engine for files and recorded
//! items, accreditations and self-assessments) disowns the schools it writes in its own
//! transaction, so a school whose data a user entered or imported is never touched by the
//! demo again.

use crate::db;
use crate::error::Result;
use sea_orm::{ConnectionTrait, Value};
use std::collections::{BTreeSet, HashSet};

/// Ids per statement: far below both databases' parameter limits.
const CHUNK: usize = 1_000;

/// The ids of the schools the demo owns.
pub async fn owned(db: &impl ConnectionTrait) -> Result<HashSet<i32>> {
    let rows = db
        .query_all_raw(db::stmt(db, "SELECT school_id FROM demo_school", vec![]))
        .await?;
    rows.iter()
        .map(|row| Ok(row.try_get::<i32>("", "school_id")?))
        .collect()
}

/// Records that the demo created (and owns) these schools; already owned ones stay so.
pub async fn claim(db: &impl ConnectionTrait, school_ids: &[i32]) -> Result<()> {
    for chunk in school_ids.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO demo_school (school_id) VALUES {} ON CONFLICT (school_id) DO NOTHING",
            vec!["(?)"; chunk.len()].join(", ")
        );
        let values = chunk.iter().map(|id| Value::Int(Some(*id))).collect();
        db.execute_raw(db::stmt(db, &sql, values)).await?;
    }
    Ok(())
}

/// Takes the schools a user wrote, by id and by code, away from the demo. Returns how many
/// schools it owned.
pub async fn disown(
    db: &impl ConnectionTrait,
    school_ids: impl IntoIterator<Item = i32>,
    codes: impl IntoIterator<Item = String>,
) -> Result<u64> {
    let ids: BTreeSet<i32> = school_ids.into_iter().collect();
    let codes: BTreeSet<String> = codes.into_iter().collect();
    let mut disowned = 0;
    let ids: Vec<Value> = ids.into_iter().map(|id| Value::Int(Some(id))).collect();
    for chunk in ids.chunks(CHUNK) {
        let sql = format!(
            "DELETE FROM demo_school WHERE school_id IN ({})",
            vec!["?"; chunk.len()].join(", ")
        );
        disowned += db
            .execute_raw(db::stmt(db, &sql, chunk.to_vec()))
            .await?
            .rows_affected();
    }
    let codes: Vec<Value> = codes.into_iter().map(|c| Value::String(Some(c))).collect();
    for chunk in codes.chunks(CHUNK) {
        let sql = format!(
            "DELETE FROM demo_school WHERE school_id IN (SELECT id FROM school WHERE code IN ({}))",
            vec!["?"; chunk.len()].join(", ")
        );
        disowned += db
            .execute_raw(db::stmt(db, &sql, chunk.to_vec()))
            .await?
            .rows_affected();
    }
    Ok(disowned)
}
