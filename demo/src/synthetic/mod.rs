//! Deterministic synthetic data for `sapat demo --scale school|district|national [--seed N]`:
//! schools over the real districts with five academic years (2017-2018 … 2021-2022) of classes,
//! mark summaries, class outcomes, ORT takers, olympiad counts, staff, training, enrolment,
//! infrastructure and textbook provision, a pseudonymous teacher register with awards and
//! training attendance, calibrated to DOMAIN.md.
//!
//! **Calibration sources** (DOMAIN.md section in brackets):
//! - knowledge quality 40–50% is "normal" and seed 003 reports 34–42% school-wide [§1.3]; subject
//!   level quality here averages ≈ 45% with a school effect of ≈ 8 pp (sd) and a school trend of
//!   ≈ 1.5 pp/year (sd); success (no 2, not н/а) ≈ 94%;
//! - ORT main score: national mean ≈ 127 and ≈ 67% ≥ 110 (2024–2025), Bishkek best, Batken and
//!   Chüy weakest [§2.3, §2.5]; thresholds 110 (grant, subject 60) and 105 (contract, subject 50);
//! - school sizes: ≈ 2,400 schools, ≈ 1.5M pupils, rural 100–300 up to urban 2,000–3,000+,
//!   national utilisation ≈ 158% of design capacity, Bishkek overcrowded [§5.3, §6];
//! - language of instruction: ≈ 60% Kyrgyz, 11% Russian, 1% Uzbek, ≈ 28% bilingual [§5.3];
//! - pupil–teacher ratio ≈ 18, ≈ 75% of teachers with higher education, ≈ 10% trained a year,
//!   ≈ 27 pupils per computer (2018), textbook provision 70–95% [§5.3, §6, §10];
//! - about 69k grade-11 against 115k grade-9 pupils, so ≈ 40% leave after grade 9 [§5.3].
//!
//! **Assumptions** (nothing official gives these):
//! - Schools per district: the data files hold no per-district counts, so a district's share
//!   of the ≈ 2,400 schools follows its kind only: a rayon weighs 1.0 (≈ 50 schools), a Bishkek
//!   city district 0.9 (Lenin district has 36 state schools plus private ones), Osh city 1.4 and
//!   a city of oblast significance 0.22 (≈ 11). The district scale gives Özgön 60 schools.
//! - Marks come from a latent-ability model: each pupil has an ability that stays with them
//!   from year to year; quarter marks cut ability + school + class + subject + noise at fixed
//!   thresholds; half-year and annual marks are the rounded mean of the quarters (ties go the
//!   way of the latest quarter); н/а comes from missed quarters, exemptions from physical
//!   education. Class outcomes are computed from the same pupils, so they agree with the
//!   mark summaries by construction.
//! - Grade sizes follow cohorts (a grade-5 class of 2018 is the grade-4 class of 2017), with
//!   newer cohorts ≈ 3% larger and 62%/60% of a cohort staying for grades 10/11.
//! - ORT takers are ≈ 80% of grade 11, stronger pupils more likely; a score ≥ 240 is counted as
//!   a gold certificate (the real rule, the national top 50, needs all schools at once).
//!
//! **Determinism.** A tiny SplitMix64 generator is keyed by (seed, purpose, school code, year,
//! cohort, pupil, …), so every value depends only on the seed and on what it describes, never on
//! generation order or the database. Normal deviates are sums of uniforms and no libm function
//! (exp, ln, cos) is used, so the rows are bit-identical on every platform and on both
//! databases. Because a school's data are keyed by its code, the school scale is a subset of the
//! district scale, and Özgön's first schools are identical at every scale.
//!
//! **Writing.** Schools are written in one transaction, then each academic year in its own
//! transaction (a crash loses at most one year, and the rerun resumes idempotently). Rows are
//! built per chunk of schools, by column name against their table ([`domain::facts::by_name`],
//! as the import builders do, so the generator keeps no column order of its own), and written
//! through [`domain::bulk::upsert`] in batches of at most
//! ≈ 50,000 rows, so the national scale (≈ 4–5M mark summaries a year) streams in bounded
//! memory. A rerun with the same seed reports every row unchanged; a rerun with another seed
//! overwrites the same schools and deletes the classes, ORT takers, languages and programmes
//! the new seed does not produce.
//!
//! **Ownership.** The generator writes only to the schools it created
//! ([`domain::demo_ownership`]): a user's school holding one of its codes or numbers is
//! skipped (and listed in [`Summary::left_alone`]), and a school a user has since written to
//! is no longer the demo's, so none of its rows are touched again.
//!
//! **Where things are.** One module per fact kind, each with what it draws and the rows it
//! writes: `schools` (`school`, `school_language`), `classes` (the cohort model and
//! `class_group`), `marks` (`mark_summary`, `class_outcome`), `ort` (`ort_result`,
//! `ort_threshold`), `olympiads` (`olympiad_count_report`), `staff` (`staff_snapshot`,
//! `teacher_training`), `conditions` (`enrolment_snapshot`, `enrolment_grade`,
//! `infrastructure_snapshot`, `textbook_provision`), and the registered generators of
//! `generators/`, one file per kind, whose header says what it draws (the teacher register,
//! its awards and training attendance, ORT subject scores, surveys, the half-year
//! administrative control, …). Around them: `plan` (which schools, and
//! what stays the same about each), `rng` (keyed randomness), `school_year` (one school-year
//! generated, then written in order) and `write` (buffers and value helpers).

mod classes;
mod conditions;
mod marks;
mod olympiads;
mod ort;
mod plan;
mod rng;
mod school_year;
mod schools;
mod staff;
mod write;

/// The generators per fact kind ([`school_year::Generator`]), one file each in
/// `synthetic/generators/`: the file is its module (automod) and registers its `GENERATOR`
/// (inventory), so nothing else names it. They run in the registry's order.
mod generators {
    automod::dir!(pub(super) "src/synthetic/generators");
}

#[cfg(test)]
mod tests;

use crate::fixture;
use domain::bulk::Counts;
use domain::{Db, Error, Result, year};
use marks::{PERIODS, load_subjects};
use plan::{Taken, load_districts, plan_schools};
use school_year::{Ctx, Refs, write_year};
use schools::write_schools;
use sea_orm::TransactionTrait;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

// ------------------------------------------------------------------------------------------
// Public API

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// Three schools in Özgön district, next to the fixture school.
    School,
    /// All schools of Özgön district (60).
    District,
    /// ≈ 2,400 schools over all 59 districts (≈ 4–5M mark summaries per year).
    National,
}

impl Scale {
    /// Every scale, smallest first.
    pub const ALL: [Scale; 3] = [Scale::School, Scale::District, Scale::National];

    /// The name `FromStr` accepts.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::School => "school",
            Scale::District => "district",
            Scale::National => "national",
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scale name that is not `school`, `district` or `national`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseScaleError(String);

impl fmt::Display for ParseScaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown scale `{}`: expected school, district or national",
            self.0
        )
    }
}

impl std::error::Error for ParseScaleError {}

impl FromStr for Scale {
    type Err = ParseScaleError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Scale::ALL
            .into_iter()
            .find(|scale| scale.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseScaleError(s.to_owned()))
    }
}

/// The seed used when the caller gives none.
pub const DEFAULT_SEED: u64 = 1;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub scale: Scale,
    /// Same seed, same rows, on any database and platform.
    pub seed: u64,
    /// The configured ORT main-test maximum; scores are clipped to 0..=it.
    pub ort_main_max: i32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            scale: Scale::School,
            seed: DEFAULT_SEED,
            ort_main_max: 245,
        }
    }
}

/// A progress report: `done` of `total` units of the current stage.
///
/// Stages in order: `fixture` (the real school and reference data, 0/1 then 1/1), `schools`
/// (schools written) and `results` (school-years written, over all years, with `year` set to
/// the academic year being written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: &'static str,
    pub year: Option<i32>,
    pub done: u64,
    pub total: u64,
}

/// Rows generated per table (each written once, whether inserted, updated or unchanged), and
/// what the upserts did with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows generated, by table (the fixture school's rows are not counted): a new generator
    /// adds its table here by writing, with no field of its own.
    pub tables: BTreeMap<&'static str, u64>,
    /// Inserted, updated and unchanged rows over all tables. A rerun with the same seed
    /// inserts and updates nothing.
    pub changes: Counts,
    /// Rows deleted because the seed changed (classes, ORT takers, languages, programmes).
    pub deleted: u64,
    /// Codes of the users' schools (imported or entered) that hold a code or number the demo
    /// would have used, the fixture school's included: nothing of them was written.
    pub left_alone: Vec<String>,
}

impl Summary {
    /// All rows generated.
    pub fn rows(&self) -> u64 {
        self.tables.values().sum()
    }

    /// Rows generated for `table` (0 when none).
    pub fn rows_of(&self, table: &str) -> u64 {
        self.tables.get(table).copied().unwrap_or_default()
    }

    /// Synthetic schools (the fixture school is not counted).
    pub fn schools(&self) -> u64 {
        self.rows_of("school")
    }

    fn tally(&mut self, table: &'static str, rows: u64) {
        *self.tables.entry(table).or_default() += rows;
    }
}

/// The fact kinds the generator does not write, each with the reason. Every other kind of the
/// registry is generated at every scale; a test holds the two lists to the registry, so a new
/// kind is either generated or listed here.
pub const NOT_GENERATED: &[(domain::import::ImportKind, &str)] = &[
    (
        domain::import::ImportKind::ReportedIndicators,
        "a ready percentage is what a school without counts reports: only the fixture school (seed 003) has them",
    ),
    (
        domain::import::ImportKind::OrtSummaries,
        "the generator writes every ORT taker; a summary is what a school without per-pupil results reports",
    ),
    (
        domain::import::ImportKind::OlympiadResults,
        "olympiad prizes are generated as the counts schools report per level",
    ),
    (
        domain::import::ImportKind::ContestResults,
        "contests are the fixture school's (seed 003); no calibration exists for others",
    ),
];

/// The academic years generated (start years), the same five the fixture school covers.
pub const YEARS: std::ops::RangeInclusive<i32> = fixture::FIXTURE_YEARS;

/// The district the school and district scales fill: Özgön, the seeds' own district.
pub const HOME_DISTRICT: &str = "KG-O-UZG";

/// Loads the fixture school and reference data, then generates and writes the synthetic
/// schools and their five years of data. See the module documentation for what and how.
pub async fn generate(
    db: &Db,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary> {
    if !(1..=1000).contains(&options.ort_main_max) {
        return Err(Error::Invalid {
            field: "ort_main_max".into(),
            message: format!("{} is outside 1..=1000", options.ort_main_max),
        });
    }
    progress(Progress {
        stage: "fixture",
        year: None,
        done: 0,
        total: 1,
    });
    let fixture = fixture::load(db, options.ort_main_max).await?;
    progress(Progress {
        stage: "fixture",
        year: None,
        done: 1,
        total: 1,
    });

    let districts = load_districts(db).await?;
    let subjects = load_subjects(db).await?;
    let taken = Taken::load(db).await?;
    let planned = plan_schools(options.seed, options.scale, &districts, &taken)?;
    let mut plans = planned.schools;
    let mut summary = Summary {
        left_alone: planned.left_alone,
        ..Summary::default()
    };
    if fixture.left_alone {
        summary
            .left_alone
            .insert(0, fixture::FIXTURE_SCHOOL_CODE.to_owned());
    }
    write_schools(db, &mut plans, &mut summary, progress).await?;

    let ctx = Ctx {
        seed: options.seed,
        ort_main_max: options.ort_main_max,
    };
    let total = plans.len() as u64 * YEARS.count() as u64;
    let mut done = 0;
    for y in YEARS {
        let txn = db.begin().await?;
        year::ensure(&txn, y).await?;
        let mut periods = [0; 7];
        for (id, (kind, idx)) in periods.iter_mut().zip(PERIODS) {
            *id = year::period_id(&txn, y, kind, idx).await?;
        }
        let refs = Refs {
            year: y,
            periods,
            subjects: &subjects,
        };
        write_year(&txn, &ctx, &refs, &plans, &mut summary, &mut |n| {
            done += n;
            progress(Progress {
                stage: "results",
                year: Some(y),
                done,
                total,
            });
        })
        .await?;
        txn.commit().await?;
    }
    Ok(summary)
}
