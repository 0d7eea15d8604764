//! What the generator writes for satisfaction surveys (`survey`): each year a school asks
//! its parents, pupils and teachers; 60–90 % are satisfied, a little more where the school's
//! results are good.

use crate::synthetic::rng::{Rng, purpose};
use crate::synthetic::school_year::{Generator, SchoolYear};
use crate::synthetic::write::{Buffers, int, text};
use domain::Result;
use domain::import::ImportKind;

pub(crate) const GENERATOR: Generator = Generator {
    kind: ImportKind::Surveys,
    parent: None,
    push,
    stale: None,
};
inventory::submit!(GENERATOR);

/// Buffers one school-year's surveys of the three audiences.
fn push(buffers: &mut Buffers, sy: &SchoolYear<'_>) -> Result<()> {
    let (plan, year) = (sy.plan, sy.year);
    let enrolment = sy.data.enrolment.enrolment;
    let mut r = Rng::keyed(&[sy.ctx.seed, purpose::SURVEY, plan.key, year as u64]);
    let base = (0.62 + (sy.data.mean - 0.40) * 0.5).clamp(0.55, 0.85);
    let teachers = (enrolment / 18).max(5);
    for audience in ["parents", "pupils", "teachers"] {
        let asked = match audience {
            "parents" => enrolment / 4,
            "pupils" => enrolment / 3,
            _ => teachers,
        }
        .max(5);
        let respondents = r.binomial(asked, 0.8).max(1);
        let share = (base + r.between(-0.05, 0.08)).clamp(0.5, 0.95);
        buffers.push(
            ImportKind::Surveys.target(),
            [
                ("school_id", int(plan.id)),
                ("academic_year", int(year)),
                ("audience", text(audience)),
                ("respondents", int(respondents)),
                ("satisfied", int(r.binomial(respondents, share))),
            ],
        )?;
    }
    Ok(())
}
