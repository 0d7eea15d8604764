//! What the generator writes for training attendance (`teacher_training_attendance`): for
//! each training programme of a school-year, its `participants` teachers of that year's
//! register, as [`super::teachers::register`] chose them (those without a course in the last
//! five years first, mostly), so the register's five-year training share roughly follows the
//! staff snapshot's trained_last_5y once five years are on record.

use crate::synthetic::plan::SchoolPlan;
use crate::synthetic::school_year::{Generator, Parent, SchoolYear};
use super::teachers::register;
use crate::synthetic::write::Buffers;
use crate::synthetic::YEARS;
use domain::import::ImportKind;
use domain::{Error, Result};
use sea_orm::Value;

pub(crate) const GENERATOR: Generator = Generator {
    kind: ImportKind::TrainingAttendance,
    parent: Some(Parent {
        tables: &["teacher", "teacher_training"],
        // Teachers and the year's programmes in one map, told apart by a prefix.
        sql: |year, schools| {
            format!(
                "SELECT id, school_id, 'T:' || teacher_ref AS k FROM teacher \
                 WHERE school_id IN ({schools}) \
                 UNION ALL SELECT id, school_id, 'P:' || programme_name_ky AS k \
                 FROM teacher_training WHERE academic_year = {year} AND school_id IN ({schools})"
            )
        },
    }),
    push,
    stale: Some(delete_stale_sql),
};
inventory::submit!(GENERATOR);

/// Buffers who attended one school-year's programmes.
fn push(buffers: &mut Buffers, sy: &SchoolYear<'_>) -> Result<()> {
    let target = ImportKind::TrainingAttendance.target();
    let register = register(sy.ctx.seed, sy.plan);
    let i = (sy.year - YEARS.start()) as usize;
    let id = |key: String| -> Result<i64> {
        sy.ids.get(&key).copied().ok_or_else(|| Error::NotFound {
            what: "teacher or training programme",
            key: format!("{} {} {key}", sy.plan.code, sy.year),
        })
    };
    for (training, attended) in register.trainings[i].iter().zip(&register.attendance[i]) {
        let training_id = id(format!("P:{}", training.name_ky))?;
        for &t in attended {
            let teacher_id = id(format!("T:{}", register.teachers[t].reference))?;
            buffers.push(
                target,
                [
                    ("teacher_training_id", Value::Int(Some(training_id as i32))),
                    ("teacher_id", Value::Int(Some(teacher_id as i32))),
                ],
            )?;
        }
    }
    Ok(())
}

/// The `DELETE` of the attendance of a school-year's programmes an earlier seed gave and this
/// one does not.
fn delete_stale_sql(seed: u64, year: i32, chunk: &[SchoolPlan]) -> Option<String> {
    let i = (year - YEARS.start()) as usize;
    let schools = chunk
        .iter()
        .map(|plan| {
            let register = register(seed, plan);
            let keep: Vec<String> = register.trainings[i]
                .iter()
                .zip(&register.attendance[i])
                .flat_map(|(training, attended)| {
                    attended.iter().map(|&t| {
                        format!("'{}:{}'", register.teachers[t].reference, training.name_ky)
                    })
                })
                .chain(["''".to_owned()])
                .collect();
            format!(
                "(tt.school_id = {} AND t.teacher_ref || ':' || tt.programme_name_ky NOT IN ({}))",
                plan.id,
                keep.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    Some(format!(
        "DELETE FROM teacher_training_attendance WHERE EXISTS (SELECT 1 \
         FROM teacher_training tt, teacher t WHERE tt.id = teacher_training_attendance.teacher_training_id \
         AND t.id = teacher_training_attendance.teacher_id AND tt.academic_year = {year} AND ({schools}))"
    ))
}
