//! What the generator writes for ORT subject tests (`ort_subject_score`): every cohort taker
//! sits two subject tests, chosen by specialty (DOMAIN.md §2: English, chemistry, biology,
//! physics, mathematics, history, …). The scale is not verified, so no maximum is stored;
//! scores follow the main test (≈ half of it, sd ≈ 12), so about half the takers reach the
//! grant's subject threshold of 60.

use crate::synthetic::rng::{Rng, fnv};
use crate::synthetic::school_year::{Generator, Parent, SchoolYear};
use crate::synthetic::write::{Buffers, int};
use domain::import::ImportKind;
use domain::{Error, Result};
use sea_orm::Value;

pub(crate) const GENERATOR: Generator = Generator {
    kind: ImportKind::OrtSubjectScores,
    parent: Some(Parent {
        tables: &["ort_result"],
        sql: |year, schools| {
            format!(
                "SELECT id, school_id, student_ref AS k FROM ort_result \
                 WHERE academic_year = {year} AND session = 'summer' AND listing = 'cohort' \
                 AND school_id IN ({schools})"
            )
        },
    }),
    push,
    stale: None,
};
inventory::submit!(GENERATOR);

/// The pairs of subject tests, one per specialty track. A taker's track follows the taker's
/// number only, so another seed changes scores but never leaves a stale subject behind.
const TRACKS: [[&str; 2]; 4] = [
    ["mathematics", "physics"],
    ["chemistry", "biology"],
    ["history", "english"],
    ["mathematics", "chemistry"],
];

/// Buffers the subject scores of one school-year's ORT takers.
fn push(buffers: &mut Buffers, sy: &SchoolYear<'_>) -> Result<()> {
    let target = ImportKind::OrtSubjectScores.target();
    for (i, taker) in sy.data.ort.iter().enumerate() {
        let result_id = *sy.ids.get(&taker.student_ref).ok_or_else(|| Error::NotFound {
            what: "ORT result",
            key: format!("{} {} {}", sy.plan.code, sy.year, taker.student_ref),
        })?;
        let mut r = Rng::keyed(&[
            sy.ctx.seed,
            fnv(target.table),
            sy.plan.key,
            sy.year as u64,
            i as u64,
        ]);
        for code in TRACKS[i % TRACKS.len()] {
            let subject_id = *sy.refs.subjects.get(code).ok_or_else(|| Error::NotFound {
                what: "subject",
                key: code.into(),
            })?;
            let score = (f64::from(taker.score) * 0.5 + 12.0 * r.normal()).round() as i32;
            buffers.push(
                target,
                [
                    ("ort_result_id", Value::BigInt(Some(result_id))),
                    ("subject_id", int(subject_id)),
                    ("score", int(score.max(0))),
                    ("max_score", Value::Int(None)),
                ],
            )?;
        }
    }
    Ok(())
}
