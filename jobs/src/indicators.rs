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
//! - **Reported figures.** Where a school-year has no raw annual mark counts but a
//!   school-wide reported percentage (seed 003), that figure is the value, with source
//!   `REPORTED` and no numerator or denominator (so it is never summed into an area). The
//!   same holds for a textbook provision percentage reported without counts.
//! - **Counts** (`Sum` indicators) carry the count as numerator and no denominator.
//! - Indicators that do not aggregate (medians, maxima, differences, the composite) carry
//!   neither.
//! - `n_source_rows` is how many fact rows made the value.
//!
//! Choices the catalog leaves open, made here:
//! - Mark indicators use annual period marks. `N` (pupils assessed) is
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
//! - Olympiads: a level's count is missing when it is NULL or absent. The `city` round
//!   (Bishkek and Osh, stage III) counts as `oblast` (DOMAIN.md §3). `olympiad_score` is
//!   Σ weight(level) × prizes over the levels reported, and missing when none is;
//!   prizes per 100 pupils need the year's enrolment.
//! - Training hours per teacher need the hours of every programme of the year (one
//!   programme without hours makes the total unknown) and the staff total.
//! - Textbook provision: the school's `all` row with counts; else its grade bands' counts
//!   summed; else the `all` row's reported percentage (REPORTED).
//! - `capacity_utilisation_pct` depends on the school register (design capacity), not on the
//!   year's facts, so it is derived from the `enrolment` values of the whole generation by
//!   [`capacity_utilisation`]; a change of capacity then reaches every year, incremental
//!   runs included.
//! - `quality_index` = Σ wᵢ · componentᵢ / Σ wᵢ over the components the school has that year
//!   (weights from `jobs.quality_index_weights`; defaults: knowledge quality 0.35, success
//!   0.15, ORT pass share 0.25, teachers trained in five years 0.10, textbook provision
//!   0.15). Every component is a 0..100 percentage, so the index is too. A missing
//!   component drops out with its weight instead of counting as 0; the index is REPORTED
//!   when a component is.

use polars::prelude::*;

use crate::pipeline::columns::{self as c, kind, source};
use domain::config::JobsConfig;

/// Column names of the fact frames ([`YearFrames`]); `frame` builds them with these.
pub mod input {
    /// `Int32`, every fact frame.
    pub const SCHOOL_ID: &str = "school_id";
    // marks: one row per school, grade, period and assessment kind (counts summed).
    /// `Int32`.
    pub const GRADE: &str = "grade";
    /// `String`: quarter, half_year, year.
    pub const PERIOD_KIND: &str = "period_kind";
    /// `Int32`.
    pub const PERIOD_IDX: &str = "period_idx";
    /// `String`: period_marks, admin_control, final_attestation, minimum_requirement.
    pub const ASSESSMENT_KIND: &str = "assessment_kind";
    /// `Int64` counts.
    pub const N5: &str = "n5";
    pub const N4: &str = "n4";
    pub const N3: &str = "n3";
    pub const N2: &str = "n2";
    pub const N1: &str = "n1";
    pub const N_NA: &str = "n_na";
    pub const N_EXEMPT: &str = "n_exempt";
    pub const N_ENROLLED: &str = "n_enrolled";
    /// `Int64`: mark-summary rows summed into this one.
    pub const N_ROWS: &str = "n_rows";
    // reported
    /// `String`: knowledge_quality, success_rate, sou, average_mark.
    pub const REPORTED_INDICATOR: &str = "reported_indicator";
    /// `Float64`.
    pub const REPORTED_VALUE: &str = "reported_value";
    // ORT results
    /// `String`: cohort, top_scorers.
    pub const LISTING: &str = "listing";
    /// `String`: summer, winter (results and summaries).
    pub const SESSION: &str = "session";
    /// `Int32`.
    pub const MAIN_SCORE: &str = "main_score";
    /// `Boolean`.
    pub const GOLD: &str = "gold_certificate";
    // ORT summaries
    /// `String`: all, ky, ru, uz.
    pub const TEST_LANGUAGE: &str = "test_language";
    /// `Int32` (summaries and training).
    pub const PARTICIPANTS: &str = "participants";
    /// `Float64`, nullable.
    pub const MEAN_SCORE: &str = "mean_score";
    /// `Float64`, nullable.
    pub const MEDIAN_SCORE: &str = "median_score";
    /// `Int32`, nullable.
    pub const MAX_SCORE: &str = "max_score";
    /// `Int32`, nullable.
    pub const THRESHOLD: &str = "threshold";
    /// `Int32`, nullable.
    pub const N_GE_THRESHOLD: &str = "n_ge_threshold";
    /// `Int32`, nullable.
    pub const GOLD_CERTIFICATES: &str = "gold_certificates";
    // olympiads
    /// `String`: school, zonal, district, city, oblast, republic, international.
    pub const LEVEL: &str = "level";
    /// `Int32`, nullable (NULL = not reported).
    pub const PRIZE_COUNT: &str = "prize_count";
    // staff
    /// `Int32`.
    pub const TEACHERS_TOTAL: &str = "teachers_total";
    /// `Int32`, nullable.
    pub const WITH_HIGHER_ED: &str = "with_higher_ed";
    /// `Int32`, nullable.
    pub const WITH_AWARD: &str = "with_award_excellence";
    /// `Int32`, nullable.
    pub const TRAINED_LAST_5Y: &str = "trained_last_5y";
    // training
    /// `Int32`, nullable.
    pub const HOURS: &str = "hours";
    // enrolment, infrastructure
    /// `Int32`.
    pub const ENROLMENT: &str = "enrolment";
    /// `Int32`, nullable.
    pub const COMPUTERS: &str = "computers";
    // textbooks
    /// `String`: all, 1-4, 5-9, 10-12.
    pub const GRADE_BAND: &str = "grade_band";
    /// `Int32`, nullable.
    pub const REQUIRED: &str = "required";
    /// `Int32`, nullable.
    pub const AVAILABLE: &str = "available";
    /// `Float64`, nullable.
    pub const PROVISION_PCT: &str = "provision_pct";
    // geo (an extra column of the pipeline's `geo` frame)
    /// `Int32`, nullable.
    pub const DESIGN_CAPACITY: &str = "design_capacity";
}

use input as i;

/// One academic year of facts as frames (columns in [`input`]).
#[derive(Debug, Clone)]
pub struct YearFrames {
    pub year: i32,
    /// The grant main-test threshold of the year.
    pub ort_threshold: i32,
    pub marks: DataFrame,
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

// Indicator codes (they must be catalog codes; a unit test checks).
const KNOWLEDGE_QUALITY: &str = "knowledge_quality_pct";
const SUCCESS: &str = "success_pct";
const AVERAGE_MARK: &str = "average_mark";
const SOU: &str = "sou_pct";
const ADMIN_H1: &str = "admin_control_quality_h1";
const ADMIN_H2: &str = "admin_control_quality_h2";
const ADMIN_DELTA: &str = "admin_control_quality_delta";
const FINAL_G9: &str = "final_attestation_g9_quality_pct";
const FINAL_G11: &str = "final_attestation_g11_quality_pct";
const ORT_PARTICIPANTS: &str = "ort_participants";
const ORT_MEAN: &str = "ort_mean";
const ORT_MEDIAN: &str = "ort_median";
const ORT_MAX: &str = "ort_max";
const ORT_PASS: &str = "ort_pass_pct";
const ORT_GOLD: &str = "ort_gold_certificates";
const OLYMPIAD_SCORE: &str = "olympiad_score";
const OLYMPIAD_PER_100: &str = "olympiad_prizes_per_100_pupils";
const TEACHERS_TOTAL: &str = "teachers_total";
const TEACHERS_HIGHER_ED: &str = "teachers_higher_ed_pct";
const TEACHERS_TRAINED_5Y: &str = "teachers_trained_5y_pct";
const TRAINING_HOURS: &str = "training_hours_per_teacher";
const TEACHERS_AWARDED: &str = "teachers_awarded_pct";
const PUPILS_PER_TEACHER: &str = "pupils_per_teacher";
const ENROLMENT: &str = "enrolment";
/// Derived from the whole generation's enrolment values by [`capacity_utilisation`], never by
/// [`school_values`].
pub const CAPACITY_UTILISATION: &str = "capacity_utilisation_pct";
const PUPILS_PER_COMPUTER: &str = "pupils_per_computer";
const TEXTBOOK_PROVISION: &str = "textbook_provision_pct";
const QUALITY_INDEX: &str = "quality_index";

/// Olympiad level → per-level indicator (`city` folds into `oblast`).
const OLYMPIAD_LEVELS: [(&str, &str); 7] = [
    ("school", "olympiad_prizes_school"),
    ("zonal", "olympiad_prizes_zonal"),
    ("district", "olympiad_prizes_district"),
    ("city", "olympiad_prizes_oblast"),
    ("oblast", "olympiad_prizes_oblast"),
    ("republic", "olympiad_prizes_republic"),
    ("international", "olympiad_prizes_international"),
];

/// Every indicator code this module can produce (all of the catalog).
pub const PRODUCED: &[&str] = &[
    KNOWLEDGE_QUALITY,
    SUCCESS,
    AVERAGE_MARK,
    SOU,
    ADMIN_H1,
    ADMIN_H2,
    ADMIN_DELTA,
    FINAL_G9,
    FINAL_G11,
    ORT_PARTICIPANTS,
    ORT_MEAN,
    ORT_MEDIAN,
    ORT_MAX,
    ORT_PASS,
    ORT_GOLD,
    "olympiad_prizes_school",
    "olympiad_prizes_zonal",
    "olympiad_prizes_district",
    "olympiad_prizes_oblast",
    "olympiad_prizes_republic",
    "olympiad_prizes_international",
    OLYMPIAD_SCORE,
    OLYMPIAD_PER_100,
    TEACHERS_TOTAL,
    TEACHERS_HIGHER_ED,
    TEACHERS_TRAINED_5Y,
    TRAINING_HOURS,
    TEACHERS_AWARDED,
    PUPILS_PER_TEACHER,
    ENROLMENT,
    CAPACITY_UTILISATION,
    PUPILS_PER_COMPUTER,
    TEXTBOOK_PROVISION,
    QUALITY_INDEX,
];

// Scratch columns.
const ASSESSED: &str = "__assessed";
const MARKED: &str = "__marked";
const POINTS: &str = "__points";
const MARK_SUM: &str = "__mark_sum";
const HAS: &str = "__has";
const COUNT: &str = "__count";
const TOTAL: &str = "__total";
const SCORE_SUM: &str = "__score_sum";
const MEDIAN: &str = "__median";
const N_PASS: &str = "__n_pass";
const N_GOLD: &str = "__n_gold";
const WEIGHT: &str = "__weight";
const INDICATOR: &str = "__indicator";
const VALUE_1: &str = "__value_1";
const ROWS_1: &str = "__rows_1";

fn null_f64() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

/// The intermediate long shape: `entity_id` (the school), `indicator`, `numerator`,
/// `denominator`, `value`, `source`, `n_source_rows`.
fn emit(
    lf: LazyFrame,
    indicator: Expr,
    numerator: Expr,
    denominator: Expr,
    value: Expr,
    source: &str,
    n_rows: Expr,
) -> LazyFrame {
    lf.select([
        col(i::SCHOOL_ID).cast(DataType::Int32).alias(c::ENTITY_ID),
        indicator.alias(c::INDICATOR),
        numerator.cast(DataType::Float64).alias(c::NUMERATOR),
        denominator.cast(DataType::Float64).alias(c::DENOMINATOR),
        value.cast(DataType::Float64).alias(c::VALUE),
        lit(source).alias(c::SOURCE),
        n_rows.cast(DataType::Int64).alias(c::N_SOURCE_ROWS),
    ])
}

/// A RAW ratio: rows whose denominator is positive; `value = numerator × scale / denominator`,
/// the very expression `pipeline::aggregate` uses, so a district of one school gets the
/// school's value to the last bit.
fn ratio(
    lf: LazyFrame,
    indicator: &str,
    num: Expr,
    den: Expr,
    scale: f64,
    n_rows: Expr,
) -> LazyFrame {
    let num = num.cast(DataType::Float64);
    let den = den.cast(DataType::Float64);
    emit(
        lf.filter(den.clone().gt(lit(0.0))),
        lit(indicator),
        num.clone(),
        den.clone(),
        num * lit(scale) / den,
        source::RAW,
        n_rows,
    )
}

/// A RAW count (`Sum` aggregation): the count is numerator and value.
fn count(lf: LazyFrame, indicator: &str, n: Expr, n_rows: Expr) -> LazyFrame {
    let n = n.cast(DataType::Float64);
    emit(
        lf.filter(n.clone().is_not_null()),
        lit(indicator),
        n.clone(),
        null_f64(),
        n,
        source::RAW,
        n_rows,
    )
}

/// A value that does not aggregate: no numerator, no denominator.
fn plain(lf: LazyFrame, indicator: Expr, value: Expr, source: &str, n_rows: Expr) -> LazyFrame {
    emit(
        lf.filter(value.clone().is_not_null()),
        indicator,
        null_f64(),
        null_f64(),
        value,
        source,
        n_rows,
    )
}

/// Rows of `lf` whose school is not among `schools` (a frame with a `school_id` column).
fn without(lf: LazyFrame, schools: LazyFrame) -> LazyFrame {
    let marker = schools
        .select([col(i::SCHOOL_ID)])
        .unique(None, UniqueKeepStrategy::First)
        .with_column(lit(true).alias(HAS));
    lf.join(
        marker,
        [col(i::SCHOOL_ID)],
        [col(i::SCHOOL_ID)],
        JoinArgs::new(JoinType::Left),
    )
    .filter(col(HAS).is_null())
    .drop(by_name([HAS], true, false))
}

fn sum_i64(name: &str) -> Expr {
    col(name).cast(DataType::Int64).sum()
}

/// Mark counts summed per school (and the extra `by` keys).
fn summed_marks(marks: LazyFrame, filter: Expr, by: &[&str]) -> LazyFrame {
    let keys: Vec<Expr> = std::iter::once(col(i::SCHOOL_ID))
        .chain(by.iter().map(|k| col(*k)))
        .collect();
    marks
        .filter(filter)
        .group_by(keys)
        .agg([
            sum_i64(i::N5),
            sum_i64(i::N4),
            sum_i64(i::N3),
            sum_i64(i::N2),
            sum_i64(i::N1),
            sum_i64(i::N_NA),
            sum_i64(i::N_ROWS),
        ])
        .with_column(
            (col(i::N5) + col(i::N4) + col(i::N3) + col(i::N2) + col(i::N1) + col(i::N_NA))
                .alias(ASSESSED),
        )
}

/// Knowledge quality `(n5 + n4) / N × 100` of summed counts.
fn quality(lf: LazyFrame, indicator: &str) -> LazyFrame {
    ratio(
        lf,
        indicator,
        col(i::N5) + col(i::N4),
        col(ASSESSED),
        100.0,
        col(i::N_ROWS),
    )
}

/// Knowledge quality, success, average mark and СОУ from annual marks; reported figures for
/// school-years without annual counts.
fn mark_indicators(marks: LazyFrame, reported: LazyFrame) -> Vec<LazyFrame> {
    let annual = summed_marks(
        marks,
        col(i::ASSESSMENT_KIND)
            .eq(lit("period_marks"))
            .and(col(i::PERIOD_KIND).eq(lit("year"))),
        &[],
    )
    .with_columns([
        (col(i::N5) + col(i::N4) + col(i::N3) + col(i::N2)).alias(MARKED),
        (lit(100i64) * col(i::N5)
            + lit(64i64) * col(i::N4)
            + lit(36i64) * col(i::N3)
            + lit(16i64) * col(i::N2)
            + lit(7i64) * col(i::N_NA))
        .alias(POINTS),
        (lit(5i64) * col(i::N5)
            + lit(4i64) * col(i::N4)
            + lit(3i64) * col(i::N3)
            + lit(2i64) * col(i::N2))
        .alias(MARK_SUM),
    ]);
    let sou = {
        let points = col(POINTS).cast(DataType::Float64);
        let assessed = col(ASSESSED).cast(DataType::Float64);
        // numerator in pupils (points / 100), so that Σ numerator × 100 / Σ N is the area's СОУ.
        emit(
            annual.clone().filter(col(ASSESSED).gt(lit(0i64))),
            lit(SOU),
            points.clone() / lit(100.0),
            assessed.clone(),
            points / assessed,
            source::RAW,
            col(i::N_ROWS),
        )
    };
    let with_raw = annual.clone().filter(col(ASSESSED).gt(lit(0i64)));
    let code = when(col(i::REPORTED_INDICATOR).eq(lit("knowledge_quality")))
        .then(lit(KNOWLEDGE_QUALITY))
        .when(col(i::REPORTED_INDICATOR).eq(lit("success_rate")))
        .then(lit(SUCCESS))
        .when(col(i::REPORTED_INDICATOR).eq(lit("sou")))
        .then(lit(SOU))
        .when(col(i::REPORTED_INDICATOR).eq(lit("average_mark")))
        .then(lit(AVERAGE_MARK))
        .otherwise(lit(NULL).cast(DataType::String));
    let reported = plain(
        without(reported, with_raw).with_column(code.alias(INDICATOR)),
        col(INDICATOR),
        col(i::REPORTED_VALUE),
        source::REPORTED,
        lit(1i64),
    )
    .filter(col(c::INDICATOR).is_not_null());
    vec![
        quality(annual.clone(), KNOWLEDGE_QUALITY),
        ratio(
            annual.clone(),
            SUCCESS,
            col(i::N5) + col(i::N4) + col(i::N3),
            col(ASSESSED),
            100.0,
            col(i::N_ROWS),
        ),
        ratio(
            annual,
            AVERAGE_MARK,
            col(MARK_SUM),
            col(MARKED),
            1.0,
            col(i::N_ROWS),
        ),
        sou,
        reported,
    ]
}

/// Administrative control H1, H2 and their difference; final attestation grades 9 and 11.
fn assessment_indicators(marks: LazyFrame) -> Vec<LazyFrame> {
    let halves = summed_marks(
        marks.clone(),
        col(i::ASSESSMENT_KIND)
            .eq(lit("admin_control"))
            .and(col(i::PERIOD_KIND).eq(lit("half_year"))),
        &[i::PERIOD_IDX],
    );
    let h1 = quality(
        halves.clone().filter(col(i::PERIOD_IDX).eq(lit(1))),
        ADMIN_H1,
    );
    let h2 = quality(halves.filter(col(i::PERIOD_IDX).eq(lit(2))), ADMIN_H2);
    let delta = h2
        .clone()
        .join(
            h1.clone().select([
                col(c::ENTITY_ID),
                col(c::VALUE).alias(VALUE_1),
                col(c::N_SOURCE_ROWS).alias(ROWS_1),
            ]),
            [col(c::ENTITY_ID)],
            [col(c::ENTITY_ID)],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column(col(c::ENTITY_ID).alias(i::SCHOOL_ID));
    let delta = plain(
        delta,
        lit(ADMIN_DELTA),
        col(c::VALUE) - col(VALUE_1),
        source::RAW,
        col(c::N_SOURCE_ROWS) + col(ROWS_1),
    );
    let final_grade = |grade: i32, indicator: &str| {
        quality(
            summed_marks(
                marks.clone(),
                col(i::ASSESSMENT_KIND)
                    .eq(lit("final_attestation"))
                    .and(col(i::GRADE).eq(lit(grade))),
                &[],
            ),
            indicator,
        )
    };
    vec![
        h1,
        h2,
        delta,
        final_grade(9, FINAL_G9),
        final_grade(11, FINAL_G11),
    ]
}

/// ORT participants, mean, median, maximum, pass share and gold certificates.
fn ort_indicators(
    results: LazyFrame,
    summaries: LazyFrame,
    threshold: i32,
) -> PolarsResult<Vec<LazyFrame>> {
    let summer = results.filter(col(i::SESSION).eq(lit("summer")));
    let cohort = summer
        .clone()
        .filter(col(i::LISTING).eq(lit("cohort")))
        .group_by([col(i::SCHOOL_ID)])
        .agg([
            len().cast(DataType::Int64).alias(i::PARTICIPANTS),
            sum_i64(i::MAIN_SCORE).alias(SCORE_SUM),
            col(i::MAIN_SCORE)
                .cast(DataType::Float64)
                .median()
                .alias(MEDIAN),
            col(i::MAIN_SCORE)
                .gt_eq(lit(threshold))
                .cast(DataType::Int64)
                .sum()
                .alias(N_PASS),
            col(i::GOLD).cast(DataType::Int64).sum().alias(N_GOLD),
        ]);
    let whole_cohort = summaries.filter(
        col(i::SESSION)
            .eq(lit("summer"))
            .and(col(i::TEST_LANGUAGE).eq(lit("all"))),
    );
    // Schools without per-student cohort rows fall back on their summary.
    let summary = without(whole_cohort.clone(), cohort.clone());
    let one = || lit(1i64);
    let participants = || col(i::PARTICIPANTS);
    let with_mean = summary.clone().filter(
        col(i::MEAN_SCORE)
            .is_not_null()
            .and(participants().gt(lit(0))),
    );
    let pass_counted = summary.clone().filter(
        col(i::N_GE_THRESHOLD)
            .is_not_null()
            .and(col(i::THRESHOLD).eq(lit(threshold))),
    );
    let maxima = concat(
        [
            summer.select([
                col(i::SCHOOL_ID),
                col(i::MAIN_SCORE).cast(DataType::Float64).alias(MEDIAN),
            ]),
            whole_cohort.select([
                col(i::SCHOOL_ID),
                col(i::MAX_SCORE).cast(DataType::Float64).alias(MEDIAN),
            ]),
        ],
        UnionArgs::default(),
    )?
    .filter(col(MEDIAN).is_not_null())
    .group_by([col(i::SCHOOL_ID)])
    .agg([col(MEDIAN).max(), len().alias(COUNT)]);
    Ok(vec![
        count(
            cohort.clone(),
            ORT_PARTICIPANTS,
            participants(),
            participants(),
        ),
        ratio(
            cohort.clone(),
            ORT_MEAN,
            col(SCORE_SUM),
            participants(),
            1.0,
            participants(),
        ),
        plain(
            cohort.clone(),
            lit(ORT_MEDIAN),
            col(MEDIAN),
            source::RAW,
            participants(),
        ),
        ratio(
            cohort.clone(),
            ORT_PASS,
            col(N_PASS),
            participants(),
            100.0,
            participants(),
        ),
        count(cohort, ORT_GOLD, col(N_GOLD), participants()),
        // The school's own summary: one source row each.
        count(summary.clone(), ORT_PARTICIPANTS, participants(), one()),
        emit(
            with_mean,
            lit(ORT_MEAN),
            col(i::MEAN_SCORE) * participants().cast(DataType::Float64),
            participants(),
            col(i::MEAN_SCORE),
            source::RAW,
            one(),
        ),
        plain(
            summary.clone(),
            lit(ORT_MEDIAN),
            col(i::MEDIAN_SCORE),
            source::RAW,
            one(),
        ),
        ratio(
            pass_counted,
            ORT_PASS,
            col(i::N_GE_THRESHOLD),
            participants(),
            100.0,
            one(),
        ),
        count(summary, ORT_GOLD, col(i::GOLD_CERTIFICATES), one()),
        plain(maxima, lit(ORT_MAX), col(MEDIAN), source::RAW, col(COUNT)),
    ])
}

/// Olympiad prizes per level, the weighted score and prizes per 100 pupils.
fn olympiad_indicators(
    olympiads: LazyFrame,
    enrolment: LazyFrame,
    weights: &[(String, f64)],
) -> PolarsResult<Vec<LazyFrame>> {
    let reported = olympiads.filter(col(i::PRIZE_COUNT).is_not_null());
    let code = OLYMPIAD_LEVELS.iter().fold(
        lit(NULL).cast(DataType::String),
        |rest, (level, indicator)| {
            when(col(i::LEVEL).eq(lit(*level)))
                .then(lit(*indicator))
                .otherwise(rest)
        },
    );
    let per_level = reported
        .clone()
        .with_column(code.alias(INDICATOR))
        .filter(col(INDICATOR).is_not_null())
        .group_by([col(i::SCHOOL_ID), col(INDICATOR)])
        .agg([sum_i64(i::PRIZE_COUNT).alias(TOTAL), len().alias(COUNT)]);
    let per_level = emit(
        per_level,
        col(INDICATOR),
        col(TOTAL),
        null_f64(),
        col(TOTAL),
        source::RAW,
        col(COUNT),
    );
    let weights = df!(
        i::LEVEL => weights.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
        WEIGHT => weights.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
    )?
    .lazy();
    let per_school = reported
        .join(
            weights,
            [col(i::LEVEL)],
            [col(i::LEVEL)],
            JoinArgs::new(JoinType::Left),
        )
        .sort([i::SCHOOL_ID, i::LEVEL], SortMultipleOptions::default())
        .group_by([col(i::SCHOOL_ID)])
        .agg([
            (col(i::PRIZE_COUNT).cast(DataType::Float64) * col(WEIGHT).fill_null(lit(0.0)))
                .sum()
                .alias(WEIGHT),
            sum_i64(i::PRIZE_COUNT).alias(TOTAL),
            len().alias(COUNT),
        ]);
    let score = count(per_school.clone(), OLYMPIAD_SCORE, col(WEIGHT), col(COUNT));
    let per_100 = ratio(
        per_school.join(
            enrolment,
            [col(i::SCHOOL_ID)],
            [col(i::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        ),
        OLYMPIAD_PER_100,
        col(TOTAL),
        col(i::ENROLMENT),
        100.0,
        col(COUNT) + lit(1),
    );
    Ok(vec![per_level, score, per_100])
}

/// Staff totals and shares, training hours and pupils per teacher.
fn staff_indicators(staff: LazyFrame, training: LazyFrame, enrolment: LazyFrame) -> Vec<LazyFrame> {
    let total = || col(i::TEACHERS_TOTAL);
    let share = |column: &str, indicator: &str| {
        ratio(
            staff.clone().filter(col(column).is_not_null()),
            indicator,
            col(column),
            total(),
            100.0,
            lit(1i64),
        )
    };
    let hours = training
        .group_by([col(i::SCHOOL_ID)])
        .agg([
            (col(i::HOURS).cast(DataType::Int64) * col(i::PARTICIPANTS).cast(DataType::Int64))
                .sum()
                .alias(TOTAL),
            col(i::HOURS)
                .is_null()
                .cast(DataType::Int64)
                .sum()
                .alias(HAS),
            len().cast(DataType::Int64).alias(COUNT),
        ])
        .filter(col(HAS).eq(lit(0i64)))
        .join(
            staff.clone(),
            [col(i::SCHOOL_ID)],
            [col(i::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        );
    vec![
        count(staff.clone(), TEACHERS_TOTAL, total(), lit(1i64)),
        share(i::WITH_HIGHER_ED, TEACHERS_HIGHER_ED),
        share(i::TRAINED_LAST_5Y, TEACHERS_TRAINED_5Y),
        share(i::WITH_AWARD, TEACHERS_AWARDED),
        ratio(
            hours,
            TRAINING_HOURS,
            col(TOTAL),
            total(),
            1.0,
            col(COUNT) + lit(1i64),
        ),
        ratio(
            enrolment.join(
                staff,
                [col(i::SCHOOL_ID)],
                [col(i::SCHOOL_ID)],
                JoinArgs::new(JoinType::Inner),
            ),
            PUPILS_PER_TEACHER,
            col(i::ENROLMENT),
            total(),
            1.0,
            lit(2i64),
        ),
    ]
}

/// Enrolment, pupils per computer and textbook provision.
fn condition_indicators(
    enrolment: LazyFrame,
    infrastructure: LazyFrame,
    textbooks: LazyFrame,
) -> PolarsResult<Vec<LazyFrame>> {
    let with_counts = textbooks.clone().filter(
        col(i::REQUIRED)
            .is_not_null()
            .and(col(i::AVAILABLE).is_not_null()),
    );
    let whole = with_counts
        .clone()
        .filter(col(i::GRADE_BAND).eq(lit("all")))
        .select([
            col(i::SCHOOL_ID),
            col(i::REQUIRED).cast(DataType::Int64),
            col(i::AVAILABLE).cast(DataType::Int64),
            lit(1i64).cast(DataType::Int64).alias(COUNT),
        ]);
    let bands = without(
        with_counts.filter(col(i::GRADE_BAND).neq(lit("all"))),
        whole.clone(),
    )
    .group_by([col(i::SCHOOL_ID)])
    .agg([
        sum_i64(i::REQUIRED),
        sum_i64(i::AVAILABLE),
        len().cast(DataType::Int64).alias(COUNT),
    ]);
    let counted = concat([whole, bands], UnionArgs::default())?;
    let pct_only = without(
        textbooks.filter(
            col(i::GRADE_BAND)
                .eq(lit("all"))
                .and(col(i::PROVISION_PCT).is_not_null()),
        ),
        counted.clone(),
    );
    Ok(vec![
        count(enrolment.clone(), ENROLMENT, col(i::ENROLMENT), lit(1i64)),
        ratio(
            enrolment.join(
                infrastructure,
                [col(i::SCHOOL_ID)],
                [col(i::SCHOOL_ID)],
                JoinArgs::new(JoinType::Inner),
            ),
            PUPILS_PER_COMPUTER,
            col(i::ENROLMENT),
            col(i::COMPUTERS),
            1.0,
            lit(2i64),
        ),
        ratio(
            counted,
            TEXTBOOK_PROVISION,
            col(i::AVAILABLE),
            col(i::REQUIRED),
            100.0,
            col(COUNT),
        ),
        plain(
            pct_only,
            lit(TEXTBOOK_PROVISION),
            col(i::PROVISION_PCT),
            source::REPORTED,
            lit(1i64),
        ),
    ])
}

/// `quality_index` from one year's school values (the intermediate long shape).
fn quality_index(values: LazyFrame, weights: &[(String, f64)]) -> PolarsResult<LazyFrame> {
    let weights: Vec<&(String, f64)> = weights.iter().filter(|(_, w)| *w > 0.0).collect();
    let weights = df!(
        c::INDICATOR => weights.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        WEIGHT => weights.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
    )?
    .lazy();
    let components = values
        .filter(col(c::VALUE).is_not_null())
        .join(
            weights,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs::new(JoinType::Inner),
        )
        // A fixed order within each school, so the float sums are the same on every run.
        .sort([c::ENTITY_ID, c::INDICATOR], SortMultipleOptions::default())
        .group_by([col(c::ENTITY_ID)])
        .agg([
            (col(WEIGHT) * col(c::VALUE)).sum().alias(TOTAL),
            col(WEIGHT).sum(),
            col(c::SOURCE)
                .eq(lit(source::REPORTED))
                .cast(DataType::Int64)
                .sum()
                .alias(HAS),
            col(c::N_SOURCE_ROWS).sum(),
        ]);
    Ok(components.select([
        col(c::ENTITY_ID),
        lit(QUALITY_INDEX).alias(c::INDICATOR),
        null_f64().alias(c::NUMERATOR),
        null_f64().alias(c::DENOMINATOR),
        (col(TOTAL) / col(WEIGHT)).alias(c::VALUE),
        when(col(HAS).gt(lit(0i64)))
            .then(lit(source::REPORTED))
            .otherwise(lit(source::RAW))
            .alias(c::SOURCE),
        col(c::N_SOURCE_ROWS),
    ]))
}

/// The school `values` frame of one year: every indicator the year's facts support except
/// `capacity_utilisation_pct` (see [`capacity_utilisation`]), in the contract's columns,
/// sorted by indicator and school.
///
/// # Errors
/// Only polars plan errors (a frame without an expected column).
pub fn school_values(frames: &YearFrames, params: &Params) -> PolarsResult<LazyFrame> {
    let marks = frames.marks.clone().lazy();
    let enrolment = frames.enrolment.clone().lazy();
    let mut parts = mark_indicators(marks.clone(), frames.reported.clone().lazy());
    parts.extend(assessment_indicators(marks));
    parts.extend(ort_indicators(
        frames.ort_results.clone().lazy(),
        frames.ort_summaries.clone().lazy(),
        frames.ort_threshold,
    )?);
    parts.extend(olympiad_indicators(
        frames.olympiads.clone().lazy(),
        enrolment.clone(),
        &params.olympiad_weights,
    )?);
    parts.extend(staff_indicators(
        frames.staff.clone().lazy(),
        frames.training.clone().lazy(),
        enrolment.clone(),
    ));
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
            lit(frames.year).alias(c::YEAR),
            col(c::NUMERATOR),
            col(c::DENOMINATOR),
            col(c::VALUE),
            col(c::SOURCE),
            col(c::N_SOURCE_ROWS),
        ])
        .sort([c::INDICATOR, c::ENTITY_ID], SortMultipleOptions::default()))
}

/// `capacity_utilisation_pct` = enrolment / design capacity × 100 for every school `enrolment`
/// value in `school_values` (any years), with the capacity from `geo`'s
/// [`input::DESIGN_CAPACITY`]. May exceed 100 (overcrowding). Output: the contract columns.
pub fn capacity_utilisation(school_values: LazyFrame, geo: LazyFrame) -> LazyFrame {
    let rows = school_values
        .filter(
            col(c::ENTITY_KIND)
                .eq(lit(kind::SCHOOL))
                .and(col(c::INDICATOR).eq(lit(ENROLMENT)))
                .and(col(c::NUMERATOR).is_not_null()),
        )
        .join(
            geo.select([col(c::SCHOOL_ID), col(i::DESIGN_CAPACITY)]),
            [col(c::ENTITY_ID)],
            [col(c::SCHOOL_ID)],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(col(i::DESIGN_CAPACITY).gt(lit(0)));
    let enrolment = col(c::NUMERATOR);
    let capacity = col(i::DESIGN_CAPACITY).cast(DataType::Float64);
    rows.select([
        col(c::ENTITY_KIND),
        col(c::ENTITY_ID),
        lit(CAPACITY_UTILISATION).alias(c::INDICATOR),
        col(c::YEAR),
        enrolment.clone().alias(c::NUMERATOR),
        capacity.clone().alias(c::DENOMINATOR),
        (enrolment * lit(100.0) / capacity).alias(c::VALUE),
        lit(source::RAW).alias(c::SOURCE),
        col(c::N_SOURCE_ROWS),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::trend::source::YearFacts;

    /// A year with no facts at all (every frame empty, typed as `frame` types them).
    fn empty(year: i32) -> YearFrames {
        crate::frame::year_frames(&YearFacts {
            year,
            ort_threshold: 110,
            ..YearFacts::default()
        })
        .expect("empty frames")
    }

    fn compute(frames: &YearFrames) -> DataFrame {
        school_values(frames, &Params::default())
            .expect("plan")
            .collect()
            .expect("collect")
    }

    /// (value, numerator, denominator, source, n_source_rows) of one school's indicator.
    type Got = (Option<f64>, Option<f64>, Option<f64>, String, i64);

    fn get(df: &DataFrame, school: i32, indicator: &str) -> Option<Got> {
        let ids = df.column(c::ENTITY_ID).unwrap().i32().unwrap();
        let codes = df.column(c::INDICATOR).unwrap().str().unwrap();
        let hits: Vec<usize> = (0..df.height())
            .filter(|&r| ids.get(r) == Some(school) && codes.get(r) == Some(indicator))
            .collect();
        assert!(hits.len() <= 1, "{indicator} of {school} twice");
        let r = *hits.first()?;
        let f = |name: &str| df.column(name).unwrap().f64().unwrap().get(r);
        Some((
            f(c::VALUE),
            f(c::NUMERATOR),
            f(c::DENOMINATOR),
            df.column(c::SOURCE)
                .unwrap()
                .str()
                .unwrap()
                .get(r)
                .unwrap()
                .to_owned(),
            df.column(c::N_SOURCE_ROWS)
                .unwrap()
                .i64()
                .unwrap()
                .get(r)
                .unwrap(),
        ))
    }

    fn value(df: &DataFrame, school: i32, indicator: &str) -> Option<f64> {
        get(df, school, indicator).and_then(|g| g.0)
    }

    fn approx(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    /// Seed 003 ("Бахмал" №45, DOMAIN.md §10) for one year, as the demo loads it.
    fn bahmal(year: i32) -> YearFrames {
        const S: i32 = 45;
        let quality = [
            (2017, 34.0),
            (2018, 42.0),
            (2019, 40.0),
            (2020, 39.0),
            (2021, 35.0),
        ];
        let q = quality.iter().find(|(y, _)| *y == year).unwrap().1;
        // (zonal, district, oblast); None = blank cell.
        let olympiads = [
            (2017, [Some(3), Some(1), Some(0)]),
            (2018, [Some(2), Some(0), Some(0)]),
            (2019, [Some(2), Some(0), None]),
            (2020, [Some(3), Some(1), Some(1)]),
            (2021, [Some(4), Some(1), Some(0)]),
        ];
        let counts = olympiads.iter().find(|(y, _)| *y == year).unwrap().1;
        let ort: Vec<i32> = match year {
            2018 => vec![145, 120],
            2019 => vec![138],
            2020 => vec![133, 122],
            _ => vec![],
        };
        let mut f = empty(year);
        f.reported = df!(
            i::SCHOOL_ID => [S],
            i::REPORTED_INDICATOR => ["knowledge_quality"],
            i::REPORTED_VALUE => [q],
        )
        .unwrap();
        f.olympiads = df!(
            i::SCHOOL_ID => [S, S, S],
            i::LEVEL => ["zonal", "district", "oblast"],
            i::PRIZE_COUNT => counts,
        )
        .unwrap();
        f.ort_results = df!(
            i::SCHOOL_ID => vec![S; ort.len()],
            i::LISTING => vec!["top_scorers"; ort.len()],
            i::SESSION => vec!["summer"; ort.len()],
            i::MAIN_SCORE => ort.clone(),
            i::GOLD => vec![false; ort.len()],
        )
        .unwrap();
        if year == 2021 {
            f.staff = df!(
                i::SCHOOL_ID => [S],
                i::TEACHERS_TOTAL => [33],
                i::WITH_HIGHER_ED => [Some(25)],
                i::WITH_AWARD => [Some(4)],
                i::TRAINED_LAST_5Y => [None::<i32>],
            )
            .unwrap();
            // Table F: participants only, no hours.
            f.training = df!(
                i::SCHOOL_ID => [S; 5],
                i::HOURS => [None::<i32>; 5],
                i::PARTICIPANTS => [5, 4, 4, 10, 12],
            )
            .unwrap();
            f.enrolment = df!(i::SCHOOL_ID => [S], i::ENROLMENT => [572]).unwrap();
            f.infrastructure = df!(i::SCHOOL_ID => [S], i::COMPUTERS => [Some(17)]).unwrap();
            f.textbooks = df!(
                i::SCHOOL_ID => [S],
                i::GRADE_BAND => ["all"],
                i::REQUIRED => [None::<i32>],
                i::AVAILABLE => [None::<i32>],
                i::PROVISION_PCT => [Some(91.78)],
            )
            .unwrap();
        }
        f
    }

    #[test]
    fn every_produced_code_is_in_the_catalog_and_every_catalog_code_is_produced() {
        let catalog: BTreeSet<&str> = domain::trend::catalog::CATALOG
            .iter()
            .map(|i| i.code)
            .collect();
        let produced: BTreeSet<&str> = PRODUCED.iter().copied().collect();
        assert_eq!(catalog, produced);
        for (_, code) in OLYMPIAD_LEVELS {
            assert!(catalog.contains(code));
        }
    }

    use std::collections::BTreeSet;

    #[test]
    fn seed_003_reported_quality_gives_the_five_year_trend() {
        // Arrange: the five years, each computed alone as the job does.
        let years: Vec<DataFrame> = (2017..=2021).map(|y| compute(&bahmal(y))).collect();
        for (df, expected) in years.iter().zip([34.0, 42.0, 40.0, 39.0, 35.0]) {
            let (value, num, den, source, n) = get(df, 45, KNOWLEDGE_QUALITY).expect("quality");
            assert_eq!(value, Some(expected));
            assert_eq!((num, den), (None, None), "a reported figure has no counts");
            assert_eq!((source.as_str(), n), ("REPORTED", 1));
            assert_eq!(get(df, 45, SUCCESS), None, "success is not in the seed");
        }

        // Act
        let frames: Vec<LazyFrame> = years.into_iter().map(IntoLazy::lazy).collect();
        let all = concat(frames, UnionArgs::default()).unwrap();
        let trend = crate::pipeline::trend_stats(
            all.filter(col(c::INDICATOR).eq(lit(KNOWLEDGE_QUALITY))),
            2017,
            2021,
            JobsConfig::default().flat_slope,
        )
        .collect()
        .unwrap();

        // Assert: mean 38.0, Δ +1, slope −0.1, FLAT (DOMAIN.md §10 C).
        let f = |name: &str| trend.column(name).unwrap().f64().unwrap().get(0);
        assert_eq!(trend.height(), 1);
        assert_eq!(f(c::MEAN), Some(38.0));
        assert_eq!(f(c::DELTA), Some(1.0));
        assert!(approx(f(c::SLOPE), -0.1));
        assert_eq!(
            trend.column(c::DIRECTION).unwrap().str().unwrap().get(0),
            Some("FLAT")
        );
    }

    #[test]
    fn seed_003_top_scorers_give_only_the_maximum() {
        let df = compute(&bahmal(2018));
        assert_eq!(value(&df, 45, ORT_MAX), Some(145.0));
        for code in [ORT_PARTICIPANTS, ORT_MEAN, ORT_MEDIAN, ORT_PASS, ORT_GOLD] {
            assert_eq!(get(&df, 45, code), None, "{code} needs the whole cohort");
        }
        assert_eq!(get(&df, 45, ORT_MAX).unwrap().4, 2, "two scores read");
        assert_eq!(get(&compute(&bahmal(2017)), 45, ORT_MAX), None);
    }

    #[test]
    fn seed_003_olympiad_blank_stays_missing_and_the_score_uses_the_weights() {
        // 2019-2020: zonal 2, district "-" (0), oblast blank.
        let df = compute(&bahmal(2019));
        assert_eq!(value(&df, 45, "olympiad_prizes_zonal"), Some(2.0));
        assert_eq!(value(&df, 45, "olympiad_prizes_district"), Some(0.0));
        assert_eq!(
            get(&df, 45, "olympiad_prizes_oblast"),
            None,
            "blank is not 0"
        );
        // Default weights zonal 2, district 3, oblast 5.
        assert_eq!(value(&df, 45, OLYMPIAD_SCORE), Some(4.0));
        assert_eq!(get(&df, 45, OLYMPIAD_SCORE).unwrap().1, Some(4.0));
        // 2017-2018: 3 zonal, 1 district, 0 oblast → 3·2 + 1·3 + 0·5 = 9.
        assert_eq!(
            value(&compute(&bahmal(2017)), 45, OLYMPIAD_SCORE),
            Some(9.0)
        );
        // No enrolment before 2021: no prizes per 100 pupils.
        assert_eq!(get(&df, 45, OLYMPIAD_PER_100), None);
        let df = compute(&bahmal(2021));
        assert!(approx(
            value(&df, 45, OLYMPIAD_PER_100),
            5.0 / 572.0 * 100.0
        ));
    }

    #[test]
    fn a_year_with_every_olympiad_level_null_has_no_olympiad_values() {
        let mut f = empty(2019);
        f.olympiads = df!(
            i::SCHOOL_ID => [7, 7],
            i::LEVEL => ["zonal", "district"],
            i::PRIZE_COUNT => [None::<i32>, None],
        )
        .unwrap();
        f.enrolment = df!(i::SCHOOL_ID => [7], i::ENROLMENT => [300]).unwrap();
        let df = compute(&f);
        let codes: Vec<&str> = df
            .column(c::INDICATOR)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(codes, ["enrolment"], "nothing olympiad-related, not zeros");
    }

    #[test]
    fn seed_003_staff_and_conditions() {
        let df = compute(&bahmal(2021));
        assert_eq!(value(&df, 45, TEACHERS_TOTAL), Some(33.0));
        assert!(approx(
            value(&df, 45, TEACHERS_HIGHER_ED),
            25.0 / 33.0 * 100.0
        )); // 75.8%
        assert!(approx(value(&df, 45, TEACHERS_AWARDED), 4.0 / 33.0 * 100.0)); // 12.1%
        assert_eq!(get(&df, 45, TEACHERS_TRAINED_5Y), None);
        assert_eq!(
            get(&df, 45, TRAINING_HOURS),
            None,
            "programmes without hours"
        );
        assert!(approx(value(&df, 45, PUPILS_PER_TEACHER), 572.0 / 33.0));
        assert!(approx(value(&df, 45, PUPILS_PER_COMPUTER), 572.0 / 17.0)); // 33.6
        assert_eq!(value(&df, 45, ENROLMENT), Some(572.0));
        let (v, num, den, source, _) = get(&df, 45, TEXTBOOK_PROVISION).unwrap();
        assert_eq!(
            (v, num, den, source.as_str()),
            (Some(91.78), None, None, "REPORTED")
        );
        // Quality index: knowledge quality 35 (0.35) and textbooks 91.78 (0.15) only.
        let (qi, _, _, source, _) = get(&df, 45, QUALITY_INDEX).unwrap();
        assert!(approx(qi, (0.35 * 35.0 + 0.15 * 91.78) / 0.5));
        assert_eq!(source, "REPORTED");

        // Capacity utilisation from the register's 275 seats: 572 / 275 = 208%.
        let geo = df!(
            c::SCHOOL_ID => [45],
            i::DESIGN_CAPACITY => [Some(275)],
        )
        .unwrap();
        let cap = capacity_utilisation(df.lazy(), geo.lazy())
            .collect()
            .unwrap();
        assert_eq!(cap.height(), 1);
        assert!(approx(
            cap.column(c::VALUE).unwrap().f64().unwrap().get(0),
            208.0
        ));
        assert_eq!(
            cap.column(c::YEAR).unwrap().i32().unwrap().get(0),
            Some(2021)
        );
    }

    #[test]
    fn counts_are_summed_over_classes_and_subjects_before_dividing() {
        // Two grades of one school: 9 of 10 pupils at 4–5 (90%) and 100 of 400 (25%).
        let mut f = empty(2021);
        f.marks = df!(
            i::SCHOOL_ID => [1, 1],
            i::GRADE => [5, 9],
            i::PERIOD_KIND => ["year", "year"],
            i::PERIOD_IDX => [1, 1],
            i::ASSESSMENT_KIND => ["period_marks", "period_marks"],
            i::N5 => [4i64, 40],
            i::N4 => [5i64, 60],
            i::N3 => [1i64, 250],
            i::N2 => [0i64, 40],
            i::N1 => [0i64, 0],
            i::N_NA => [0i64, 10],
            i::N_EXEMPT => [1i64, 0],
            i::N_ENROLLED => [11i64, 400],
            i::N_ROWS => [3i64, 12],
        )
        .unwrap();
        // A reported figure for a school with counts is ignored.
        f.reported = df!(
            i::SCHOOL_ID => [1],
            i::REPORTED_INDICATOR => ["knowledge_quality"],
            i::REPORTED_VALUE => [57.5],
        )
        .unwrap();
        let df = compute(&f);
        let (v, num, den, source, n) = get(&df, 1, KNOWLEDGE_QUALITY).unwrap();
        assert_eq!((num, den), (Some(109.0), Some(410.0)));
        assert_eq!(v, Some(109.0 * 100.0 / 410.0));
        assert_ne!(v, Some(57.5), "not the mean of the two percentages");
        assert_eq!((source.as_str(), n), ("RAW", 15));
        // Success: (9 + 10) + (40 + 60 + 250) = 360 of 410; exempt pupils are out of N.
        assert_eq!(get(&df, 1, SUCCESS).unwrap().1, Some(360.0));
        // СОУ: (100·44 + 64·65 + 36·251 + 16·40 + 7·10) / 410.
        let points = 100.0 * 44.0 + 64.0 * 65.0 + 36.0 * 251.0 + 16.0 * 40.0 + 7.0 * 10.0;
        let (sou, sou_num, _, _, _) = get(&df, 1, SOU).unwrap();
        assert!(approx(sou, points / 410.0));
        assert!(approx(sou_num, points / 100.0));
        // Average mark over the 400 marked pupils (н/а has no mark).
        let marks = 5.0 * 44.0 + 4.0 * 65.0 + 3.0 * 251.0 + 2.0 * 40.0;
        assert!(approx(value(&df, 1, AVERAGE_MARK), marks / 400.0));
        // Quality index from quality and success alone.
        let expected = (0.35 * 109.0 / 410.0 * 100.0 + 0.15 * 360.0 / 410.0 * 100.0) / 0.5;
        let (qi, _, _, source, _) = get(&df, 1, QUALITY_INDEX).unwrap();
        assert!(approx(qi, expected));
        assert_eq!(source, "RAW");
    }

    #[test]
    fn administrative_control_and_final_attestation() {
        let mut f = empty(2021);
        // (grade, kind, idx, assessment, n5, n4, n3)
        let rows = [
            (7, "half_year", 1, "admin_control", 2i64, 8i64, 10i64),
            (8, "half_year", 1, "admin_control", 3, 2, 15),
            (7, "half_year", 2, "admin_control", 5, 10, 5),
            (9, "year", 1, "final_attestation", 6, 6, 8),
            (11, "year", 1, "final_attestation", 1, 1, 2),
            // Quarter marks are never read; a quarter admin row would not count either.
            (7, "quarter", 1, "admin_control", 20, 0, 0),
        ];
        f.marks = df!(
            i::SCHOOL_ID => vec![3; rows.len()],
            i::GRADE => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            i::PERIOD_KIND => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            i::PERIOD_IDX => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            i::ASSESSMENT_KIND => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            i::N5 => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
            i::N4 => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
            i::N3 => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
            i::N2 => vec![0i64; rows.len()],
            i::N1 => vec![0i64; rows.len()],
            i::N_NA => vec![0i64; rows.len()],
            i::N_EXEMPT => vec![0i64; rows.len()],
            i::N_ENROLLED => vec![30i64; rows.len()],
            i::N_ROWS => vec![1i64; rows.len()],
        )
        .unwrap();
        let df = compute(&f);
        // H1: 15 of 40 = 37.5%; H2: 15 of 20 = 75%; Δ = +37.5 pp.
        assert_eq!(value(&df, 3, ADMIN_H1), Some(37.5));
        assert_eq!(value(&df, 3, ADMIN_H2), Some(75.0));
        let (delta, num, den, _, n) = get(&df, 3, ADMIN_DELTA).unwrap();
        assert_eq!((delta, num, den, n), (Some(37.5), None, None, 3));
        assert_eq!(value(&df, 3, FINAL_G9), Some(60.0));
        assert_eq!(value(&df, 3, FINAL_G11), Some(50.0));
        assert_eq!(
            get(&df, 3, KNOWLEDGE_QUALITY),
            None,
            "no annual period marks"
        );
    }

    #[test]
    fn ort_cohort_rows_win_over_the_summary_and_use_the_year_threshold() {
        let mut f = empty(2021);
        f.ort_threshold = 115;
        // School 1: a cohort of four (one gold), a winter retake and a summary that is ignored.
        // School 2: a summary only, counted against 115. School 3: summary against 110.
        f.ort_results = df!(
            i::SCHOOL_ID => [1, 1, 1, 1, 1],
            i::LISTING => ["cohort", "cohort", "cohort", "cohort", "cohort"],
            i::SESSION => ["summer", "summer", "summer", "summer", "winter"],
            i::MAIN_SCORE => [100, 115, 150, 120, 240],
            i::GOLD => [false, false, true, false, false],
        )
        .unwrap();
        f.ort_summaries = df!(
            i::SCHOOL_ID => [1, 2, 3],
            i::SESSION => ["summer", "summer", "summer"],
            i::TEST_LANGUAGE => ["all", "all", "all"],
            i::PARTICIPANTS => [99, 30, 20],
            i::MEAN_SCORE => [Some(99.0), Some(121.5), None],
            i::MEDIAN_SCORE => [Some(99.0), Some(119.0), None],
            i::MAX_SCORE => [Some(99), Some(171), Some(160)],
            i::THRESHOLD => [Some(110), Some(115), Some(110)],
            i::N_GE_THRESHOLD => [Some(9), Some(18), Some(12)],
            i::GOLD_CERTIFICATES => [None, Some(1), None::<i32>],
        )
        .unwrap();
        let df = compute(&f);
        assert_eq!(value(&df, 1, ORT_PARTICIPANTS), Some(4.0));
        let (mean, num, den, _, _) = get(&df, 1, ORT_MEAN).unwrap();
        assert_eq!((mean, num, den), (Some(121.25), Some(485.0), Some(4.0)));
        assert_eq!(value(&df, 1, ORT_MEDIAN), Some(117.5));
        assert_eq!(value(&df, 1, ORT_MAX), Some(150.0), "winter is not counted");
        assert_eq!(value(&df, 1, ORT_PASS), Some(75.0), "115, 150, 120 ≥ 115");
        assert_eq!(value(&df, 1, ORT_GOLD), Some(1.0));

        assert_eq!(value(&df, 2, ORT_PARTICIPANTS), Some(30.0));
        let (mean, num, den, _, _) = get(&df, 2, ORT_MEAN).unwrap();
        assert_eq!((mean, num, den), (Some(121.5), Some(3645.0), Some(30.0)));
        assert_eq!(value(&df, 2, ORT_MEDIAN), Some(119.0));
        assert_eq!(value(&df, 2, ORT_MAX), Some(171.0));
        assert_eq!(value(&df, 2, ORT_PASS), Some(60.0));
        assert_eq!(value(&df, 2, ORT_GOLD), Some(1.0));

        assert_eq!(
            get(&df, 3, ORT_PASS),
            None,
            "counted against another threshold"
        );
        assert_eq!(get(&df, 3, ORT_MEAN), None);
        assert_eq!(
            get(&df, 3, ORT_GOLD),
            None,
            "blank gold count stays missing"
        );
        assert_eq!(value(&df, 3, ORT_MAX), Some(160.0));
    }

    #[test]
    fn textbooks_training_and_a_surplus_left_for_the_gate() {
        let mut f = empty(2021);
        f.textbooks = df!(
            i::SCHOOL_ID => [1, 1, 2, 2, 3],
            i::GRADE_BAND => ["all", "1-4", "1-4", "5-9", "all"],
            i::REQUIRED => [Some(100), Some(10), Some(40), Some(60), Some(50)],
            i::AVAILABLE => [Some(80), Some(10), Some(30), Some(45), Some(60)],
            i::PROVISION_PCT => [None, None, None, None, Some(99.0)],
        )
        .unwrap();
        f.staff = df!(
            i::SCHOOL_ID => [1, 2],
            i::TEACHERS_TOTAL => [10, 0],
            i::WITH_HIGHER_ED => [Some(7), Some(0)],
            i::WITH_AWARD => [None::<i32>, None],
            i::TRAINED_LAST_5Y => [Some(5), None],
        )
        .unwrap();
        f.training = df!(
            i::SCHOOL_ID => [1, 1],
            i::HOURS => [Some(72), Some(18)],
            i::PARTICIPANTS => [2, 4],
        )
        .unwrap();
        let df = compute(&f);
        assert_eq!(
            value(&df, 1, TEXTBOOK_PROVISION),
            Some(80.0),
            "the all row wins"
        );
        assert_eq!(
            value(&df, 2, TEXTBOOK_PROVISION),
            Some(75.0),
            "bands summed"
        );
        // 60 of 50 required: impossible, passed on for the validation gate to reject.
        assert_eq!(value(&df, 3, TEXTBOOK_PROVISION), Some(120.0));
        assert_eq!(value(&df, 1, TRAINING_HOURS), Some(21.6), "(144 + 72) / 10");
        assert_eq!(value(&df, 1, TEACHERS_TRAINED_5Y), Some(50.0));
        assert_eq!(value(&df, 2, TEACHERS_TOTAL), Some(0.0));
        assert_eq!(get(&df, 2, TEACHERS_HIGHER_ED), None, "0 of 0 is no share");
    }
}
