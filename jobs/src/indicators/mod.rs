//! School indicators of one academic year, as pure polars: the year's fact frames (see
//! [`input`] for their columns) in, the long `values` frame of the pipeline's data contract
//! (`pipeline::columns`) out, one row per (school, indicator) that the data supports. No row
//! means missing; a value is never a stand-in zero.
//!
//! Rules that hold throughout:
//! - **Sum, then divide.** Ratio indicators carry their numerator and denominator, summed
//!   over classes, subjects and grades (`value = numerator × scale / denominator`, the scale
//!   of the catalog entry), so `pipeline::aggregate` can roll districts, regions and the
//!   country up the same way. A ratio whose denominator is zero or missing has no row.
//! - **Reported figures.** Where a school-year has no raw counts but a school-wide reported
//!   figure (seed 003), that figure is the value of the indicator of the same method, with
//!   source `REPORTED` and no numerator or denominator (so it is never summed into an area):
//!   reported knowledge quality and success rate are per pupil and stand in for
//!   `knowledge_quality_pct` and `success_pct` where the year has no class outcomes; reported
//!   average mark and СОУ are over marks and stand in for `average_mark` and `sou_pct` where
//!   it has no annual marks. Nothing stands in for the per-mark `*_marks_pct` codes. The
//!   same holds for a textbook provision percentage reported without counts.
//! - **Counts** (`Sum` indicators) carry the count as numerator and no denominator.
//! - Indicators that do not aggregate (medians, maxima, differences, the composite) carry
//!   neither.
//! - `n_source_rows` is how many fact rows made the value.
//!
//! Choices the catalog leaves open, made here:
//! - Only the year's marked grades count (`academic_year.marked_grade_min..=max`): marks and
//!   class outcomes of other grades (grade 1 in the 11-year system) are dropped first.
//! - Knowledge quality and success are per pupil (DOMAIN.md §1.3, class level), from annual
//!   class outcomes: `N = n_all_5 + n_4_5 + n_with_3 + n_with_2 + n_na` (exempt out, н/а in).
//! - The per-mark indicators (`knowledge_quality_marks_pct`, `success_marks_pct`, average
//!   mark, СОУ) use annual period marks. `N` (marks given) is
//!   `n5 + n4 + n3 + n2 + n1 + n_na`: exempt pupils are out, not-attested pupils are in
//!   (DOMAIN.md §1.3). A mark of 1 counts in `N`, weighs 0 in СОУ and is left out of the
//!   average mark, as the catalog formula has it.
//! - Administrative control uses half-year periods (H1, H2); the delta exists only when
//!   both halves do. Final attestation uses grade 9 and grade 11 rows of any period.
//! - ORT uses the summer session (the main one; winter sittings are retakes). Per-student
//!   *cohort* rows win over the school's summary; a school without them uses its summary
//!   for the whole cohort (`test_language = 'all'`), whose pass count is used only when it
//!   was counted against the year's grant threshold. `ort_max` is the maximum over every
//!   summer score the school sent, top-scorer lists included, and the summary's maximum;
//!   so a top-scorer list alone yields `ort_max` and nothing else.
//! - ORT per test language (`ort_mean_ky` …, `ort_pass_pct_ky` …) follows the same rules
//!   within each language; `ort_subject_pass_pct` counts subject tests of cohort takers
//!   against the year's grant subject threshold and is missing in a year without one.
//! - Olympiads: a level's count is the reported one; where it is NULL or absent, the
//!   school's prize-winning per-pupil results at that level (`olympiads`); with neither it is
//!   missing. The `city` round
//!   (Bishkek and Osh, stage III) counts as `oblast` (DOMAIN.md §3). `olympiad_score` is
//!   Σ weight(level) × prizes over the levels reported, and missing when none is;
//!   prizes per 100 pupils need the year's enrolment.
//! - Retention and surveys: shares of their own counts (`retention`, `surveys`); a count
//!   larger than its denominator gives no value.
//! - `teachers_trained_5y_register_pct` comes from the teacher register, which has no
//!   academic year of its own, so like capacity utilisation it is derived for the whole
//!   generation on every run ([`register_training`]).
//! - Training hours per teacher need the hours of every programme of the year (one
//!   programme without hours makes the total unknown) and the staff total.
//! - Textbook provision: the school's `all` row with counts; else its grade bands' counts
//!   summed; else the `all` row's reported percentage (REPORTED).
//! - `capacity_utilisation_pct` depends on the school register (design capacity), not on the
//!   year's facts, so it is derived from the `enrolment` values of the whole generation by
//!   [`capacity_utilisation`]; a change of capacity then reaches every year, incremental
//!   runs included.
//! - `quality_index` = Σ wᵢ · componentᵢ / Σ wᵢ over the components the school has that year
//!   (weights from `jobs.quality_index_weights`; defaults: knowledge quality 0.35 and
//!   success 0.15, both per pupil, ORT pass share 0.25, teachers trained in five years 0.10,
//!   textbook provision 0.15). Every component is a 0..100 percentage, so the index is too. A missing
//!   component drops out with its weight instead of counting as 0; the index is REPORTED
//!   when a component is. Numerator Σ wᵢ · componentᵢ, denominator Σ wᵢ present: with less
//!   than the configured total weight the index is PARTIAL (flagged, never ranked).
//!
//! Where things are: one module per fact kind (`marks`, `ort`, `olympiads`, `staff`,
//! `conditions`) with its indicator codes and formulas, `quality_index` over them, `shape`
//! for the long shape and its helpers, and [`input`] for the fact frames' columns.

mod conditions;
mod dimensions;
pub mod input;
mod marks;
mod olympiads;
mod ort;
mod quality_index;
mod retention;
mod shape;
mod staff;
mod surveys;

#[cfg(test)]
mod tests;

use polars::prelude::*;

use crate::pipeline::columns::{self as c, kind};
use conditions::condition_indicators;
use domain::config::JobsConfig;
use domain::trend::source::MarkedGrades;
use marks::{assessment_indicators, in_marked_grades, mark_indicators, pupil_indicators};
use olympiads::olympiad_indicators;
use ort::{ort_indicators, ort_language_indicators, ort_subject_indicators};
use quality_index::quality_index;
use retention::retention_indicators;
use staff::staff_indicators;
use surveys::survey_indicators;

pub use conditions::{CAPACITY_UTILISATION, capacity_utilisation};
pub use dimensions::dimension_values;
pub use staff::{TEACHERS_TRAINED_5Y_REGISTER, register_training};

/// One academic year of facts as frames (columns in [`input`]).
#[derive(Debug, Clone)]
pub struct YearFrames {
    pub year: i32,
    /// The grant main-test threshold of the year.
    pub ort_threshold: i32,
    /// Only marks and class outcomes of these grades count.
    pub marked_grades: MarkedGrades,
    /// The grant subject-test threshold of the year, if one is stored.
    pub ort_subject_threshold: Option<i32>,
    pub ort_subject_scores: DataFrame,
    pub olympiad_results: DataFrame,
    pub surveys: DataFrame,
    pub marks: DataFrame,
    /// Period marks by school, grade, subject and period (`frame::year_frames`): the
    /// subject, grade-band and period figures ([`dimension_values`]).
    pub subject_marks: DataFrame,
    pub class_outcomes: DataFrame,
    pub reported: DataFrame,
    pub ort_results: DataFrame,
    pub ort_summaries: DataFrame,
    pub olympiads: DataFrame,
    pub staff: DataFrame,
    pub training: DataFrame,
    pub enrolment: DataFrame,
    pub infrastructure: DataFrame,
    pub textbooks: DataFrame,
}

/// The configurable parts of the indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Points per prize by olympiad level (`school`, `zonal`, … as stored).
    pub olympiad_weights: Vec<(String, f64)>,
    /// `quality_index` component code → weight; non-positive weights are ignored.
    pub quality_index_weights: Vec<(String, f64)>,
}

impl Params {
    /// The weights of `jobs` configuration.
    pub fn from_config(config: &JobsConfig) -> Self {
        let w = &config.olympiad_weights;
        let olympiad_weights = [
            ("school", w.school),
            ("zonal", w.zonal),
            ("district", w.district),
            ("city", w.city),
            ("oblast", w.oblast),
            ("republic", w.republic),
            ("international", w.international),
        ]
        .into_iter()
        .map(|(l, w)| (l.to_owned(), w))
        .collect();
        Self {
            olympiad_weights,
            quality_index_weights: config
                .quality_index_weights
                .iter()
                .map(|(k, w)| (k.clone(), *w))
                .collect(),
        }
    }
}

impl Default for Params {
    fn default() -> Self {
        Self::from_config(&JobsConfig::default())
    }
}

/// Every indicator code this module can produce (all of the catalog).
pub const PRODUCED: &[&str] = &[
    marks::KNOWLEDGE_QUALITY,
    marks::SUCCESS,
    marks::KNOWLEDGE_QUALITY_MARKS,
    marks::SUCCESS_MARKS,
    marks::AVERAGE_MARK,
    marks::SOU,
    marks::ADMIN_H1,
    marks::ADMIN_H2,
    marks::ADMIN_DELTA,
    marks::FINAL_G9,
    marks::FINAL_G11,
    ort::ORT_PARTICIPANTS,
    ort::ORT_MEAN,
    ort::ORT_MEDIAN,
    ort::ORT_MAX,
    ort::ORT_PASS,
    ort::ORT_GOLD,
    "olympiad_prizes_school",
    "olympiad_prizes_zonal",
    "olympiad_prizes_district",
    "olympiad_prizes_oblast",
    "olympiad_prizes_republic",
    "olympiad_prizes_international",
    olympiads::OLYMPIAD_SCORE,
    olympiads::OLYMPIAD_PER_100,
    staff::TEACHERS_TOTAL,
    staff::TEACHERS_HIGHER_ED,
    staff::TEACHERS_TRAINED_5Y,
    staff::TRAINING_HOURS,
    staff::TEACHERS_AWARDED,
    staff::PUPILS_PER_TEACHER,
    conditions::ENROLMENT,
    CAPACITY_UTILISATION,
    conditions::PUPILS_PER_COMPUTER,
    conditions::TEXTBOOK_PROVISION,
    quality_index::QUALITY_INDEX,
    TEACHERS_TRAINED_5Y_REGISTER,
    ort::ORT_LANGUAGES[0].1,
    ort::ORT_LANGUAGES[1].1,
    ort::ORT_LANGUAGES[2].1,
    ort::ORT_LANGUAGES[0].2,
    ort::ORT_LANGUAGES[1].2,
    ort::ORT_LANGUAGES[2].2,
    ort::ORT_SUBJECT_PASS,
    retention::LEFT_MID_YEAR,
    retention::LEAVERS_AFTER_GRADE9,
    surveys::SURVEY_AUDIENCES[0].1,
    surveys::SURVEY_AUDIENCES[1].1,
    surveys::SURVEY_AUDIENCES[2].1,
];

/// The school `values` frame of one year: every indicator the year's facts support except
/// `capacity_utilisation_pct` (see [`capacity_utilisation`]) and
/// `teachers_trained_5y_register_pct` (see [`register_training`]), in the contract's columns,
/// sorted by indicator and school.
///
/// # Errors
/// Only polars plan errors (a frame without an expected column).
pub fn school_values(frames: &YearFrames, params: &Params) -> PolarsResult<LazyFrame> {
    let in_range = in_marked_grades(frames.marked_grades);
    let marks = frames.marks.clone().lazy().filter(in_range.clone());
    let outcomes = frames.class_outcomes.clone().lazy().filter(in_range);
    let reported = frames.reported.clone().lazy();
    let enrolment = frames.enrolment.clone().lazy();
    let mut parts = pupil_indicators(outcomes, reported.clone());
    parts.extend(mark_indicators(marks.clone(), reported));
    parts.extend(assessment_indicators(marks));
    parts.extend(ort_indicators(
        frames.ort_results.clone().lazy(),
        frames.ort_summaries.clone().lazy(),
        frames.ort_threshold,
    )?);
    parts.extend(ort_language_indicators(
        frames.ort_results.clone().lazy(),
        frames.ort_summaries.clone().lazy(),
        frames.ort_threshold,
    ));
    parts.extend(ort_subject_indicators(
        frames.ort_subject_scores.clone().lazy(),
        frames.ort_subject_threshold,
    ));
    parts.extend(olympiad_indicators(
        frames.olympiads.clone().lazy(),
        frames.olympiad_results.clone().lazy(),
        enrolment.clone(),
        &params.olympiad_weights,
    )?);
    parts.extend(staff_indicators(
        frames.staff.clone().lazy(),
        frames.training.clone().lazy(),
        enrolment.clone(),
    ));
    parts.extend(retention_indicators(enrolment.clone()));
    parts.extend(survey_indicators(frames.surveys.clone().lazy()));
    parts.extend(condition_indicators(
        enrolment,
        frames.infrastructure.clone().lazy(),
        frames.textbooks.clone().lazy(),
    )?);
    let base = concat(parts, UnionArgs::default())?.filter(col(c::VALUE).is_not_null());
    // The base is computed once and read twice (itself and the index).
    let base = base.cache();
    let index = quality_index(base.clone(), &params.quality_index_weights)?;
    let all = concat([base, index], UnionArgs::default())?;
    Ok(all
        .select([
            lit(kind::SCHOOL).alias(c::ENTITY_KIND),
            col(c::ENTITY_ID),
            col(c::INDICATOR),
            lit("").alias(c::SUBJECT),
            lit("").alias(c::GRADE_BAND),
            lit("").alias(c::PERIOD),
            lit(frames.year).alias(c::YEAR),
            col(c::NUMERATOR),
            col(c::DENOMINATOR),
            col(c::VALUE),
            col(c::SOURCE),
            col(c::N_SOURCE_ROWS),
        ])
        .sort([c::INDICATOR, c::ENTITY_ID], SortMultipleOptions::default()))
}
