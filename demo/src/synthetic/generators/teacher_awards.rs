//! What the generator writes for teacher awards (`teacher_award`): a few a school-year (≈ 1.2,
//! so ≈ 6 a school over the five years), each to a different teacher of that year's register,
//! dated the calendar year the academic year ends: mostly honour certificates, some
//! excellence badges and teachers of the year.

use crate::synthetic::plan::SchoolPlan;
use crate::synthetic::rng::{Rng, fnv};
use crate::synthetic::school_year::{Generator, Parent, SchoolYear};
use super::teachers::register;
use crate::synthetic::write::{Buffers, int, text};
use domain::import::ImportKind;
use domain::{Error, Result};
use sea_orm::Value;

pub(crate) const GENERATOR: Generator = Generator {
    kind: ImportKind::TeacherAwards,
    parent: Some(Parent {
        tables: &["teacher"],
        sql: |_, schools| {
            format!(
                "SELECT id, school_id, teacher_ref AS k FROM teacher WHERE school_id IN ({schools})"
            )
        },
    }),
    push,
    stale: Some(delete_stale_sql),
};
inventory::submit!(GENERATOR);

/// The awards of one school-year: (teacher reference, type, level), distinct teachers, so no
/// two rows of the year share a key.
fn awards(seed: u64, plan: &SchoolPlan, year: i32) -> Vec<(String, &'static str, &'static str)> {
    let teachers = register(seed, plan).teachers;
    let mut active: Vec<&str> = teachers
        .iter()
        .filter(|t| t.active(year))
        .map(|t| t.reference.as_str())
        .collect();
    let table = ImportKind::TeacherAwards.target().table;
    let mut r = Rng::keyed(&[seed, fnv(table), plan.key, year as u64]);
    let n = r.binomial(3, 0.4).min(active.len() as i32);
    (0..n)
        .map(|_| {
            let reference = active.remove(r.int_between(0, active.len() as i32 - 1) as usize);
            let (award_type, level) = r.weighted(&[
                (("honour_certificate", "district"), 0.35),
                (("honour_certificate", "oblast"), 0.15),
                (("honour_certificate", "republic"), 0.05),
                (("excellence_badge", "republic"), 0.2),
                (("teacher_of_year", "school"), 0.1),
                (("teacher_of_year", "district"), 0.07),
                (("teacher_of_year", "oblast"), 0.03),
                (("other", "school"), 0.05),
            ]);
            (reference.to_owned(), award_type, level)
        })
        .collect()
}

/// Buffers one school-year's awards, dated the calendar year the academic year ends.
fn push(buffers: &mut Buffers, sy: &SchoolYear<'_>) -> Result<()> {
    let target = ImportKind::TeacherAwards.target();
    for (reference, award_type, level) in awards(sy.ctx.seed, sy.plan, sy.year) {
        let teacher_id = *sy.ids.get(&reference).ok_or_else(|| Error::NotFound {
            what: "teacher",
            key: format!("{} {reference}", sy.plan.code),
        })?;
        buffers.push(
            target,
            [
                ("teacher_id", int(teacher_id as i32)),
                ("award_type", text(award_type)),
                ("level", text(level)),
                ("year", int(sy.year + 1)),
                ("note", Value::String(None)),
            ],
        )?;
    }
    Ok(())
}

/// The `DELETE` of the awards of a school-year an earlier seed gave and this one does not.
fn delete_stale_sql(seed: u64, year: i32, chunk: &[SchoolPlan]) -> Option<String> {
    let schools = chunk
        .iter()
        .map(|plan| {
            let keep: Vec<String> = awards(seed, plan, year)
                .iter()
                .map(|(reference, award_type, _)| format!("'{reference}:{award_type}'"))
                .chain(["''".to_owned()])
                .collect();
            format!(
                "(t.school_id = {} AND t.teacher_ref || ':' || a.award_type NOT IN ({}))",
                plan.id,
                keep.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    Some(format!(
        "DELETE FROM teacher_award WHERE id IN (SELECT a.id FROM teacher_award a \
         JOIN teacher t ON t.id = a.teacher_id WHERE a.year = {} AND ({schools}))",
        year + 1
    ))
}
