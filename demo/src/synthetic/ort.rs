//! What the generator writes for the ORT (national test): the year's admission thresholds
//! (`ort_threshold`) and the summer-session cohort of each school (`ort_result`, listing
//! `cohort`), drawn from the grade-11 pupils, stronger pupils likelier to sit the test.
//! National mean ≈ 127 and ≈ 67% at or above 110 (DOMAIN.md §2.3, §2.5); a score ≥ 240 is
//! counted as a gold certificate (the real rule, the national top 50, needs all schools at
//! once).

use super::Summary;
use super::classes::{ClassYear, pupil_ability};
use super::plan::SchoolPlan;
use super::rng::{Rng, purpose};
use super::school_year::{Ctx, YearData};
use super::write::{Buffers, int, text};
use domain::Result;
use domain::bulk::{self, Target};
use domain::facts::by_name;
use domain::import::ImportKind;
use sea_orm::{ConnectionTrait, Value};

/// ORT: score = base + region + school + per-latent × school mean + ability + noise.
const ORT_BASE: f64 = 124.5;
const ORT_PER_LATENT: f64 = 35.0;
pub(crate) const ORT_SCHOOL_SD: f64 = 8.0;
const ORT_ABILITY: f64 = 26.0;
const ORT_NOISE_SD: f64 = 25.0;
const ORT_TAKE_RATE: f64 = 0.8;
const ORT_GOLD: i32 = 240;

/// ORT points by region (DOMAIN.md §2.5: share of schools with a mean below 110).
fn region_ort_effect(region: &str) -> f64 {
    match region {
        "KG-GB" => 12.0,
        "KG-GO" => 6.0,
        "KG-T" => 4.0,
        "KG-Y" | "KG-N" => 1.0,
        "KG-O" => -3.0,
        "KG-J" => -4.0,
        "KG-C" => -5.0,
        "KG-B" => -7.0,
        _ => 0.0,
    }
}

/// One pupil's summer-session result.
#[derive(Debug, Clone)]
pub(crate) struct OrtTaker {
    pub(crate) student_ref: String,
    pub(crate) language: &'static str,
    pub(crate) score: i32,
    pub(crate) gold: bool,
}

/// ORT takers of the grade-11 classes: stronger pupils are likelier to sit the test.
pub(crate) fn ort_takers(
    ctx: &Ctx,
    plan: &SchoolPlan,
    year: i32,
    mean: f64,
    classes: &[ClassYear],
) -> Vec<OrtTaker> {
    let school_mean =
        ORT_BASE + region_ort_effect(&plan.region) + plan.ort_effect + ORT_PER_LATENT * mean;
    let gold = ORT_GOLD.min(ctx.ort_main_max);
    let mut takers = Vec::new();
    for class in classes.iter().filter(|c| c.grade == 11) {
        for pupil in class.first_pupil..class.first_pupil + class.pupils as u32 {
            let ability = pupil_ability(ctx.seed, plan, class.entry, pupil);
            let mut r = Rng::keyed(&[
                ctx.seed,
                purpose::ORT,
                plan.key,
                year as u64,
                u64::from(pupil),
            ]);
            let take = (ORT_TAKE_RATE + 0.08 * ability).clamp(0.4, 0.97);
            let noise = r.normal();
            if !r.chance(take) {
                continue;
            }
            let score = (school_mean + ORT_ABILITY * ability + ORT_NOISE_SD * noise).round() as i32;
            let score = score.clamp(0, ctx.ort_main_max);
            takers.push(OrtTaker {
                student_ref: format!("G{:03}-{year}-{:03}", plan.number, takers.len() + 1),
                // There is no Tajik ORT; Tajik-medium pupils sit it in Russian.
                language: if class.language == "tj" {
                    "ru"
                } else {
                    class.language
                },
                score,
                gold: score >= gold,
            });
        }
    }
    takers
}

pub(crate) const ORT_RESULT: Target = Target {
    table: "ort_result",
    columns: &[
        "school_id",
        "academic_year",
        "session",
        "student_ref",
        "listing",
        "test_language",
        "main_score",
        "main_max",
        "gold_certificate",
    ],
    key: &["school_id", "academic_year", "session", "student_ref"],
    year_column: Some("academic_year"),
};

/// Upserts the year's two admission thresholds (DOMAIN.md §2.3: grant 110 main + 60 subject;
/// contract 105 main + 50 subject).
pub(crate) async fn write_thresholds(
    txn: &impl ConnectionTrait,
    y: i32,
    summary: &mut Summary,
) -> Result<()> {
    let thresholds = [("grant", 110, 60), ("contract", 105, 50)]
        .into_iter()
        .map(|(admission, main, subject)| {
            by_name(
                ImportKind::OrtThresholds.target(),
                [
                    ("academic_year", int(y)),
                    ("admission_type", text(admission)),
                    ("programme_group", text("general")),
                    ("main_min", int(main)),
                    ("subject_min", int(subject)),
                ],
            )
        })
        .collect::<Result<Vec<_>>>()?;
    summary.tally("ort_threshold", 2);
    summary
        .changes
        .add(bulk::upsert(txn, ImportKind::OrtThresholds.target(), thresholds).await?);
    Ok(())
}

/// Buffers one school-year's ORT takers.
pub(crate) fn push_rows(
    buffers: &mut Buffers,
    ctx: &Ctx,
    plan: &SchoolPlan,
    y: i32,
    takers: &[OrtTaker],
) -> Result<()> {
    for t in takers {
        buffers.push(
            &ORT_RESULT,
            [
                ("school_id", int(plan.id)),
                ("academic_year", int(y)),
                ("session", text("summer")),
                ("student_ref", text(&t.student_ref)),
                ("listing", text("cohort")),
                ("test_language", text(t.language)),
                ("main_score", int(t.score)),
                ("main_max", int(ctx.ort_main_max)),
                ("gold_certificate", Value::Bool(Some(t.gold))),
            ],
        )?;
    }
    Ok(())
}

/// The `DELETE` of the cohort takers an earlier seed produced and this one does not. Takers
/// are numbered from 1 with a fixed-width suffix, so "beyond the last" is a plain text
/// comparison.
pub(crate) fn delete_stale_sql(year: i32, chunk: &[SchoolPlan], data: &[YearData]) -> String {
    let takers = chunk
        .iter()
        .zip(data)
        .map(|(plan, d)| {
            let prefix = format!("G{:03}-{year}-", plan.number);
            format!(
                "(school_id = {} AND student_ref LIKE '{prefix}%' AND student_ref > '{prefix}{:03}')",
                plan.id,
                d.ort.len()
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    format!(
        "DELETE FROM ort_result WHERE academic_year = {year} AND session = 'summer' \
         AND listing = 'cohort' AND ({takers})"
    )
}
