//! What the generator writes for satisfaction surveys (`survey`): each year a school asks
//! its parents, pupils and teachers; 60–90 % are satisfied, a little more where the school's
//! results are good.

use super::plan::SchoolPlan;
use super::rng::{Rng, purpose};
use super::write::{Buffers, int, text};
use domain::Result;
use domain::import::ImportKind;

/// (audience, respondents, satisfied) for the three audiences.
pub(crate) type Survey = [(&'static str, i32, i32); 3];

pub(crate) fn surveys(
    seed: u64,
    plan: &SchoolPlan,
    year: i32,
    enrolment: i32,
    mean: f64,
) -> Survey {
    let mut r = Rng::keyed(&[seed, purpose::SURVEY, plan.key, year as u64]);
    let base = (0.62 + (mean - 0.40) * 0.5).clamp(0.55, 0.85);
    let teachers = (enrolment / 18).max(5);
    ["parents", "pupils", "teachers"].map(|audience| {
        let asked = match audience {
            "parents" => enrolment / 4,
            "pupils" => enrolment / 3,
            _ => teachers,
        }
        .max(5);
        let respondents = r.binomial(asked, 0.8).max(1);
        let share = (base + r.between(-0.05, 0.08)).clamp(0.5, 0.95);
        (audience, respondents, r.binomial(respondents, share))
    })
}

/// Buffers one school-year's surveys, built by column name against the kind's table.
pub(crate) fn push_rows(
    buffers: &mut Buffers,
    plan: &SchoolPlan,
    y: i32,
    s: &Survey,
) -> Result<()> {
    let target = ImportKind::Surveys.target();
    for &(audience, respondents, satisfied) in s {
        buffers.push(
            target,
            [
                ("school_id", int(plan.id)),
                ("academic_year", int(y)),
                ("audience", text(audience)),
                ("respondents", int(respondents)),
                ("satisfied", int(satisfied)),
            ],
        )?;
    }
    Ok(())
}
