//! What the generator writes for schools: the `school` rows of the plans and their languages
//! of instruction (`school_language`), once, before any academic year.

use super::plan::SchoolPlan;
use super::write::{int, query, text};
use super::{Progress, Summary};
use domain::bulk::{self, Target};
use domain::facts::by_name;
use domain::{Db, Error, Result, demo_ownership, school};
use sea_orm::{ConnectionTrait, TransactionTrait, Value};
use std::collections::HashMap;

const SCHOOL: Target = Target {
    table: "school",
    columns: &[
        "district_id",
        "code",
        "number",
        "name_ky",
        "name_ru",
        "name_search",
        "settlement",
        "ownership",
        "school_type",
        "founded_year",
        "design_capacity",
    ],
    key: &["code"],
    year_column: None,
};

const SCHOOL_LANGUAGE: Target = Target {
    table: "school_language",
    columns: &["school_id", "language"],
    key: &["school_id", "language"],
    year_column: None,
};

/// Upserts the planned schools and their languages in one transaction, sets each plan's `id`
/// and records the schools as the demo's. A school's languages are exactly the plan's.
pub(crate) async fn write_schools(
    db: &Db,
    plans: &mut [SchoolPlan],
    summary: &mut Summary,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<()> {
    let total = plans.len() as u64;
    progress(Progress {
        stage: "schools",
        year: None,
        done: 0,
        total,
    });
    let txn = db.begin().await?;
    let rows: Vec<Vec<Value>> = plans
        .iter()
        .map(|p| {
            by_name(
                &SCHOOL,
                [
                    ("district_id", int(p.district_id)),
                    ("code", text(&p.code)),
                    ("number", int(p.number)),
                    ("name_ky", text(&p.name_ky)),
                    ("name_ru", text(&p.name_ru)),
                    (
                        "name_search",
                        text(&school::search_key(&p.name_ky, &p.name_ru, None)),
                    ),
                    ("settlement", text(&p.settlement)),
                    ("ownership", text(p.ownership)),
                    ("school_type", text(p.school_type)),
                    ("founded_year", int(p.founded_year)),
                    ("design_capacity", int(p.design_capacity)),
                ],
            )
        })
        .collect::<Result<_>>()?;
    summary.tally("school", rows.len() as u64);
    summary
        .changes
        .add(bulk::upsert(&txn, &SCHOOL, rows).await?);

    let mut ids = HashMap::new();
    for row in query(&txn, "SELECT id, code FROM school").await? {
        let code: String = row.try_get("", "code")?;
        ids.insert(code, row.try_get::<i32>("", "id")?);
    }
    for plan in plans.iter_mut() {
        plan.id = *ids.get(&plan.code).ok_or_else(|| Error::NotFound {
            what: "school",
            key: plan.code.clone(),
        })?;
    }
    let ids: Vec<i32> = plans.iter().map(|p| p.id).collect();
    demo_ownership::claim(&txn, &ids).await?;

    // A school's languages are exactly the plan's: drop those an earlier seed gave it.
    for chunk in plans.chunks(200) {
        let stale = chunk
            .iter()
            .map(|p| {
                let keep: Vec<String> = p.languages.iter().map(|l| format!("'{l}'")).collect();
                format!(
                    "(school_id = {} AND language NOT IN ({}))",
                    p.id,
                    keep.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        summary.deleted += txn
            .execute_unprepared(&format!("DELETE FROM school_language WHERE {stale}"))
            .await?
            .rows_affected();
    }
    let rows: Vec<Vec<Value>> = plans
        .iter()
        .flat_map(|p| {
            p.languages.iter().map(|l| {
                by_name(
                    &SCHOOL_LANGUAGE,
                    [("school_id", int(p.id)), ("language", text(l))],
                )
            })
        })
        .collect::<Result<_>>()?;
    summary.tally("school_language", rows.len() as u64);
    summary
        .changes
        .add(bulk::upsert(&txn, &SCHOOL_LANGUAGE, rows).await?);
    txn.commit().await?;
    progress(Progress {
        stage: "schools",
        year: None,
        done: total,
        total,
    });
    Ok(())
}
