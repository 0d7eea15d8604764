//! What the generator writes for graduate destinations (`graduate_destination`): each year,
//! the school's grade 9 and grade 11 finishers. After grade 9, those in the school's grade 10
//! the next year stayed (so the next enrolment snapshot's `leavers_after_grade9` are the
//! rest), most of the others go to a college or a vocational lyceum; after grade 11, 20–65 %
//! enter a university, more where the school's results are good.

use crate::synthetic::classes::grade_size;
use crate::synthetic::rng::{Rng, fnv};
use crate::synthetic::school_year::{Generator, SchoolYear};
use crate::synthetic::write::{Buffers, int};
use domain::Result;
use domain::import::ImportKind;

pub(crate) const GENERATOR: Generator = Generator {
    kind: ImportKind::GraduateDestinations,
    parent: None,
    push,
    stale: None,
};
inventory::submit!(GENERATOR);

/// Buffers one school-year's two rows (grades 9 and 11).
fn push(buffers: &mut Buffers, sy: &SchoolYear<'_>) -> Result<()> {
    let (plan, year, seed) = (sy.plan, sy.year, sy.ctx.seed);
    let target = ImportKind::GraduateDestinations.target();
    let mut r = Rng::keyed(&[seed, fnv(target.table), plan.key, year as u64]);
    let university = (0.35 + (sy.data.mean - 0.40) * 0.8).clamp(0.2, 0.65);
    for grade in [9, 11] {
        let graduates = sy.data.grade_sizes[grade as usize - 1];
        let continuing = if grade == 9 {
            grade_size(seed, plan, year + 1, 10).min(graduates)
        } else {
            0
        };
        // Each destination takes its share of those not yet placed; the rest are `other`.
        let mut left = graduates - continuing;
        let mut take = |share: f64| {
            let n = r.binomial(left, share);
            left -= n;
            n
        };
        let to_university = if grade == 11 { take(university) } else { 0 };
        let to_college = take(if grade == 9 { 0.6 } else { 0.45 });
        let to_vocational = take(0.4);
        let employed = take(0.5);
        buffers.push(
            target,
            [
                ("school_id", int(plan.id)),
                ("academic_year", int(year)),
                ("grade", int(grade)),
                ("graduates", int(graduates)),
                ("continuing_school", int(continuing)),
                ("to_university", int(to_university)),
                ("to_college", int(to_college)),
                ("to_vocational", int(to_vocational)),
                ("employed", int(employed)),
                ("other", int(left)),
            ],
        )?;
    }
    Ok(())
}
