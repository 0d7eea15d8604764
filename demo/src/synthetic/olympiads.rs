//! What the generator writes for olympiads: each school's prize counts per level
//! (`olympiad_count_report`), a pyramid in which each level's winners come from the level
//! below. Zonal rounds exist only in rayons (clusters of rural schools, seed 003).

use super::plan::SchoolPlan;
use super::rng::{Rng, purpose};
use super::write::{Buffers, int, text};
use domain::Result;
use domain::bulk::Target;
use sea_orm::Value;

/// Prize-winners per level as a pyramid: each level's winners come from the level below.
/// Some cells are blank (not reported), which stays NULL.
pub(crate) fn olympiad(
    seed: u64,
    plan: &SchoolPlan,
    year: i32,
    mean: f64,
    enrolment: i32,
) -> Vec<(&'static str, Option<i32>)> {
    let mut r = Rng::keyed(&[seed, purpose::OLYMPIAD, plan.key, year as u64]);
    let strength = (1.0 + 2.0 * mean).clamp(0.3, 2.5);
    let school = r.binomial((enrolment / 10).max(5), (0.12 * strength).min(0.5));
    let zonal = r.binomial(school, 0.4);
    let pool = if plan.zonal {
        zonal
    } else {
        r.binomial(school, 0.4)
    };
    let district = r.binomial(pool, 0.35);
    let oblast = r.binomial(district, 0.25);
    let republic = r.binomial(oblast, 0.2);
    let mut levels = vec![("school", school, 0.85)];
    if plan.zonal {
        levels.push(("zonal", zonal, 0.92));
    }
    levels.extend([
        ("district", district, 0.95),
        ("oblast", oblast, 0.93),
        ("republic", republic, 0.9),
    ]);
    levels
        .into_iter()
        .map(|(level, count, reported)| (level, r.chance(reported).then_some(count)))
        .collect()
}

pub(crate) const OLYMPIAD_COUNT: Target = Target {
    table: "olympiad_count_report",
    columns: &["school_id", "academic_year", "level", "prize_count"],
    key: &["school_id", "academic_year", "level"],
    year_column: Some("academic_year"),
};

/// Buffers one school-year's prize counts (NULL where the level was not reported).
pub(crate) fn push_rows(
    buffers: &mut Buffers,
    plan: &SchoolPlan,
    y: i32,
    counts: &[(&'static str, Option<i32>)],
) -> Result<()> {
    for (level, count) in counts {
        buffers.push(
            &OLYMPIAD_COUNT,
            [
                ("school_id", int(plan.id)),
                ("academic_year", int(y)),
                ("level", text(level)),
                ("prize_count", Value::Int(*count)),
            ],
        )?;
    }
    Ok(())
}
