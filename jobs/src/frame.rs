//! The one place where plain domain rows become polars frames and back: the year's facts
//! (`domain::trend::source`) into [`YearFrames`], the geography and the indicator catalog
//! into the pipeline's `geo` and `catalog` frames, stored values into a `values` frame, and
//! the pipeline's outputs into `domain::trend::store` rows.

use polars::prelude::*;

use crate::indicators::{YearFrames, input as i};
use crate::pipeline::columns::{self as c, aggregation};
use domain::trend::catalog::{Aggregation, CATALOG, Method};
use domain::trend::source::{GeoRow, RegisterRow, YearFacts};
use domain::trend::store::{Comparison, ComparisonRow, Direction, Trend, TrendRow, ValueRow};

fn column<T, I>(name: &str, values: I) -> Column
where
    I: IntoIterator,
    Series: NamedFrom<Vec<T>, [T]>,
    I::Item: Into<T>,
{
    let v: Vec<T> = values.into_iter().map(Into::into).collect();
    Column::new(name.into(), v)
}

fn frame(columns: Vec<Column>) -> PolarsResult<DataFrame> {
    DataFrame::new_infer_height(columns)
}

/// One year's facts as frames (column names and types in [`crate::indicators::input`]).
///
/// # Errors
/// None in practice (columns of one table always have one length).
pub fn year_frames(facts: &YearFacts) -> PolarsResult<YearFrames> {
    let m = &facts.marks;
    let marks = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, m.iter().map(|r| r.school_id)),
        column::<i32, _>(i::GRADE, m.iter().map(|r| r.grade)),
        column::<&str, _>(i::PERIOD_KIND, m.iter().map(|r| r.period_kind.as_str())),
        column::<i32, _>(i::PERIOD_IDX, m.iter().map(|r| r.period_idx)),
        column::<&str, _>(
            i::ASSESSMENT_KIND,
            m.iter().map(|r| r.assessment_kind.as_str()),
        ),
        column::<i64, _>(i::N5, m.iter().map(|r| r.n5)),
        column::<i64, _>(i::N4, m.iter().map(|r| r.n4)),
        column::<i64, _>(i::N3, m.iter().map(|r| r.n3)),
        column::<i64, _>(i::N2, m.iter().map(|r| r.n2)),
        column::<i64, _>(i::N1, m.iter().map(|r| r.n1)),
        column::<i64, _>(i::N_NA, m.iter().map(|r| r.n_na)),
        column::<i64, _>(i::N_EXEMPT, m.iter().map(|r| r.n_exempt)),
        column::<i64, _>(i::N_ENROLLED, m.iter().map(|r| r.n_enrolled)),
        column::<i64, _>(i::N_ROWS, m.iter().map(|r| r.n_rows)),
    ])?;
    let subject_marks = subject_marks_frame(facts)?;
    let o = &facts.class_outcomes;
    let class_outcomes = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, o.iter().map(|r| r.school_id)),
        column::<i32, _>(i::GRADE, o.iter().map(|r| r.grade)),
        column::<i64, _>(i::N_ALL_5, o.iter().map(|r| r.n_all_5)),
        column::<i64, _>(i::N_4_5, o.iter().map(|r| r.n_4_5)),
        column::<i64, _>(i::N_WITH_3, o.iter().map(|r| r.n_with_3)),
        column::<i64, _>(i::N_WITH_2, o.iter().map(|r| r.n_with_2)),
        column::<i64, _>(i::N_NA, o.iter().map(|r| r.n_na)),
        column::<i64, _>(i::N_EXEMPT, o.iter().map(|r| r.n_exempt)),
        column::<i64, _>(i::N_ENROLLED, o.iter().map(|r| r.n_enrolled)),
        column::<i64, _>(i::N_ROWS, o.iter().map(|r| r.n_rows)),
    ])?;
    let r = &facts.reported;
    let reported = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, r.iter().map(|r| r.school_id)),
        column::<&str, _>(
            i::REPORTED_INDICATOR,
            r.iter().map(|r| r.indicator.as_str()),
        ),
        column::<f64, _>(i::REPORTED_VALUE, r.iter().map(|r| r.value)),
    ])?;
    let o = &facts.ort_results;
    let ort_results = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, o.iter().map(|r| r.school_id)),
        column::<&str, _>(i::LISTING, o.iter().map(|r| r.listing.as_str())),
        column::<&str, _>(i::SESSION, o.iter().map(|r| r.session.as_str())),
        column::<i32, _>(i::MAIN_SCORE, o.iter().map(|r| r.main_score)),
        column::<bool, _>(i::GOLD, o.iter().map(|r| r.gold_certificate)),
        column::<Option<&str>, _>(
            i::TEST_LANGUAGE,
            o.iter().map(|r| r.test_language.as_deref()),
        ),
    ])?;
    let ss = &facts.ort_subject_scores;
    let ort_subject_scores = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, ss.iter().map(|r| r.school_id)),
        column::<&str, _>(i::LISTING, ss.iter().map(|r| r.listing.as_str())),
        column::<&str, _>(i::SESSION, ss.iter().map(|r| r.session.as_str())),
        column::<i32, _>(i::SUBJECT_SCORE, ss.iter().map(|r| r.score)),
    ])?;
    let s = &facts.ort_summaries;
    let ort_summaries = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, s.iter().map(|r| r.school_id)),
        column::<&str, _>(i::SESSION, s.iter().map(|r| r.session.as_str())),
        column::<&str, _>(i::TEST_LANGUAGE, s.iter().map(|r| r.test_language.as_str())),
        column::<i32, _>(i::PARTICIPANTS, s.iter().map(|r| r.participants)),
        column::<Option<f64>, _>(i::MEAN_SCORE, s.iter().map(|r| r.mean_score)),
        column::<Option<f64>, _>(i::MEDIAN_SCORE, s.iter().map(|r| r.median_score)),
        column::<Option<i32>, _>(i::MAX_SCORE, s.iter().map(|r| r.max_score)),
        column::<Option<i32>, _>(i::THRESHOLD, s.iter().map(|r| r.threshold)),
        column::<Option<i32>, _>(i::N_GE_THRESHOLD, s.iter().map(|r| r.n_ge_threshold)),
        column::<Option<i32>, _>(i::GOLD_CERTIFICATES, s.iter().map(|r| r.gold_certificates)),
    ])?;
    let ol = &facts.olympiads;
    let olympiads = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, ol.iter().map(|r| r.school_id)),
        column::<&str, _>(i::LEVEL, ol.iter().map(|r| r.level.as_str())),
        column::<Option<i32>, _>(i::PRIZE_COUNT, ol.iter().map(|r| r.prize_count)),
    ])?;
    let or = &facts.olympiad_results;
    let olympiad_results = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, or.iter().map(|r| r.school_id)),
        column::<&str, _>(i::LEVEL, or.iter().map(|r| r.level.as_str())),
        column::<Option<i32>, _>(i::PLACE, or.iter().map(|r| r.place)),
        column::<&str, _>(i::AWARD, or.iter().map(|r| r.award.as_str())),
        column::<i64, _>(i::RESULTS, or.iter().map(|r| r.results)),
    ])?;
    let sv = &facts.surveys;
    let surveys = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, sv.iter().map(|r| r.school_id)),
        column::<&str, _>(i::AUDIENCE, sv.iter().map(|r| r.audience.as_str())),
        column::<i32, _>(i::RESPONDENTS, sv.iter().map(|r| r.respondents)),
        column::<i32, _>(i::SATISFIED, sv.iter().map(|r| r.satisfied)),
    ])?;
    let st = &facts.staff;
    let staff = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, st.iter().map(|r| r.school_id)),
        column::<i32, _>(i::TEACHERS_TOTAL, st.iter().map(|r| r.teachers_total)),
        column::<Option<i32>, _>(i::WITH_HIGHER_ED, st.iter().map(|r| r.with_higher_ed)),
        column::<Option<i32>, _>(i::WITH_AWARD, st.iter().map(|r| r.with_award_excellence)),
        column::<Option<i32>, _>(i::TRAINED_LAST_5Y, st.iter().map(|r| r.trained_last_5y)),
    ])?;
    let t = &facts.training;
    let training = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, t.iter().map(|r| r.school_id)),
        column::<Option<i32>, _>(i::HOURS, t.iter().map(|r| r.hours)),
        column::<i32, _>(i::PARTICIPANTS, t.iter().map(|r| r.participants)),
    ])?;
    let e = &facts.enrolment;
    let enrolment = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, e.iter().map(|r| r.school_id)),
        column::<i32, _>(i::ENROLMENT, e.iter().map(|r| r.enrolment)),
        column::<Option<i32>, _>(i::LEFT_MID_YEAR, e.iter().map(|r| r.left_mid_year)),
        column::<Option<i32>, _>(
            i::LEAVERS_AFTER_GRADE9,
            e.iter().map(|r| r.leavers_after_grade9),
        ),
        column::<Option<i32>, _>(
            i::GRADE9_YEAR_BEFORE,
            e.iter().map(|r| r.grade9_year_before),
        ),
    ])?;
    let inf = &facts.infrastructure;
    let infrastructure = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, inf.iter().map(|r| r.school_id)),
        column::<Option<i32>, _>(i::COMPUTERS, inf.iter().map(|r| r.computers)),
    ])?;
    let tb = &facts.textbooks;
    let textbooks = frame(vec![
        column::<i32, _>(i::SCHOOL_ID, tb.iter().map(|r| r.school_id)),
        column::<&str, _>(i::GRADE_BAND, tb.iter().map(|r| r.grade_band.as_str())),
        column::<Option<i32>, _>(i::REQUIRED, tb.iter().map(|r| r.required)),
        column::<Option<i32>, _>(i::AVAILABLE, tb.iter().map(|r| r.available)),
        column::<Option<f64>, _>(i::PROVISION_PCT, tb.iter().map(|r| r.provision_pct)),
    ])?;
    Ok(YearFrames {
        year: facts.year,
        subject_marks,
        ort_threshold: facts.ort_threshold,
        marked_grades: facts.marked_grades,
        ort_subject_threshold: facts.ort_subject_threshold,
        ort_subject_scores,
        olympiad_results,
        surveys,
        marks,
        class_outcomes,
        reported,
        ort_results,
        ort_summaries,
        olympiads,
        staff,
        training,
        enrolment,
        infrastructure,
        textbooks,
    })
}

/// Period marks by subject (`YearFacts::subject_marks`): `SCHOOL_ID`, `GRADE`, `SUBJECT`
/// (the code), `PERIOD` (`""` for the year, else `q1`…`h2`) and the counts.
fn subject_marks_frame(facts: &YearFacts) -> PolarsResult<DataFrame> {
    use domain::trend::dims::Period;
    use std::collections::HashMap;
    let subjects: HashMap<i32, &str> = facts
        .subjects
        .iter()
        .map(|s| (s.id, s.code.as_str()))
        .collect();
    let periods: HashMap<i32, &str> = facts
        .periods
        .iter()
        .map(|p| (p.id, Period::of(&p.kind, p.idx).map_or("", Period::code)))
        .collect();
    let m = &facts.subject_marks;
    let count = |name: &str, f: fn(&domain::trend::source::SubjectMarkRow) -> i32| {
        column::<i32, _>(name, m.iter().map(f))
    };
    frame(vec![
        column::<i32, _>(i::SCHOOL_ID, m.iter().map(|r| r.school_id)),
        column::<i32, _>(i::GRADE, m.iter().map(|r| r.grade)),
        column::<&str, _>(
            c::SUBJECT,
            m.iter()
                .map(|r| subjects.get(&r.subject_id).copied().unwrap_or("")),
        ),
        column::<&str, _>(
            c::PERIOD,
            m.iter()
                .map(|r| periods.get(&r.period_id).copied().unwrap_or("")),
        ),
        count(i::N5, |r| r.n5),
        count(i::N4, |r| r.n4),
        count(i::N3, |r| r.n3),
        count(i::N2, |r| r.n2),
        count(i::N1, |r| r.n1),
        count(i::N_NA, |r| r.n_na),
        count(i::N_ROWS, |r| r.n_rows),
    ])
}

/// The teacher register of the generation's years (columns in
/// [`crate::indicators::input`]: `YEAR`, `SCHOOL_ID`, `LAST_TRAINING_YEAR`).
///
/// # Errors
/// None in practice.
pub fn register_frame(rows: &[RegisterRow]) -> PolarsResult<DataFrame> {
    frame(vec![
        column::<i32, _>(i::YEAR, rows.iter().map(|r| r.year)),
        column::<i32, _>(i::SCHOOL_ID, rows.iter().map(|r| r.school_id)),
        column::<Option<i32>, _>(
            i::LAST_TRAINING_YEAR,
            rows.iter().map(|r| r.last_training_year),
        ),
    ])
}

/// The pipeline's `geo` frame, with the design capacity as an extra column
/// ([`crate::indicators::input::DESIGN_CAPACITY`]).
///
/// # Errors
/// None in practice.
pub fn geo_frame(rows: &[GeoRow]) -> PolarsResult<DataFrame> {
    frame(vec![
        column::<i32, _>(c::SCHOOL_ID, rows.iter().map(|r| r.school_id)),
        column::<i32, _>(c::DISTRICT_ID, rows.iter().map(|r| r.district_id)),
        column::<i32, _>(c::REGION_ID, rows.iter().map(|r| r.region_id)),
        column::<Option<&str>, _>(c::SIZE_BAND, rows.iter().map(|r| r.size_band.as_deref())),
        column::<Option<&str>, _>(
            c::MAIN_LANGUAGE,
            rows.iter().map(|r| r.main_language.as_deref()),
        ),
        column::<Option<i32>, _>(i::DESIGN_CAPACITY, rows.iter().map(|r| r.design_capacity)),
    ])
}

/// The pipeline's `catalog` frame from `domain::trend::catalog::CATALOG`.
///
/// # Errors
/// None in practice.
pub fn catalog_frame() -> PolarsResult<DataFrame> {
    let (kinds, scales): (Vec<&str>, Vec<f64>) = CATALOG
        .iter()
        .map(|ind| match ind.aggregation {
            Aggregation::Ratio { scale } => (aggregation::RATIO, scale),
            Aggregation::Sum => (aggregation::SUM, 1.0),
            Aggregation::None => (aggregation::NONE, 1.0),
        })
        .unzip();
    frame(vec![
        column::<&str, _>(c::INDICATOR, CATALOG.iter().map(|ind| ind.code)),
        column::<bool, _>(
            c::HIGHER_IS_BETTER,
            CATALOG.iter().map(|ind| ind.higher_is_better),
        ),
        column::<&str, _>(c::AGGREGATION, kinds),
        column::<f64, _>(c::SCALE, scales),
    ])
}

/// The catalog's flat-slope, jump and small-sample rules after configuration
/// (`JobsConfig::rules`), one row per indicator, for [`crate::pipeline::flags`] and
/// [`crate::pipeline::trend_stats`].
///
/// # Errors
/// None in practice.
pub fn rules_frame(jobs: &domain::config::JobsConfig) -> PolarsResult<DataFrame> {
    let rules: Vec<_> = CATALOG.iter().map(|ind| jobs.rules(ind)).collect();
    // `quality_index` weighs what it has; all of its components weigh this much.
    let complete_weight: f64 = jobs
        .quality_index_weights
        .values()
        .filter(|w| **w > 0.0)
        .sum();
    let part = |f: fn(&domain::trend::catalog::Rules) -> Option<f64>| {
        rules.iter().map(f).collect::<Vec<_>>()
    };
    frame(vec![
        column::<&str, _>(c::INDICATOR, CATALOG.iter().map(|ind| ind.code)),
        Column::new(c::FLAT_UNITS.into(), part(|r| r.flat.units)),
        Column::new(c::FLAT_RELATIVE.into(), part(|r| r.flat.relative)),
        Column::new(c::JUMP_UNITS.into(), part(|r| r.jump.units)),
        Column::new(c::JUMP_RELATIVE.into(), part(|r| r.jump.relative)),
        Column::new(c::SMALL_SAMPLE_BELOW.into(), part(|r| r.small_sample_below)),
        Column::new(
            c::COMPLETE_DENOMINATOR.into(),
            CATALOG
                .iter()
                .map(|ind| (ind.method == Method::Composite).then_some(complete_weight))
                .collect::<Vec<_>>(),
        ),
    ])
}

/// The catalog's disclosure rules (indicator, rule, counted_by), for [`crate::pipeline::disclose`].
///
/// # Errors
/// None in practice.
pub fn disclosure_frame() -> PolarsResult<DataFrame> {
    use crate::pipeline::columns::disclosure as rule;
    use crate::pipeline::disclose::{COUNTED_BY, RULE};
    use domain::trend::catalog::Disclosure;
    let rules: Vec<(&str, &str, Option<&str>)> = CATALOG
        .iter()
        .filter_map(|ind| match ind.disclosure {
            Disclosure::Open => None,
            Disclosure::Persons => Some((ind.code, rule::PERSONS, None)),
            Disclosure::PersonValue { count } => Some((ind.code, rule::PERSON_VALUE, Some(count))),
        })
        .collect();
    frame(vec![
        column::<&str, _>(c::INDICATOR, rules.iter().map(|r| r.0)),
        column::<&str, _>(RULE, rules.iter().map(|r| r.1)),
        Column::new(
            COUNTED_BY.into(),
            rules.iter().map(|r| r.2).collect::<Vec<_>>(),
        ),
    ])
}

/// Stored values as a `values` frame (the contract's columns; flags are left behind, the
/// pipeline computes them afresh).
///
/// # Errors
/// None in practice.
pub fn values_frame<'a>(rows: impl IntoIterator<Item = &'a ValueRow>) -> PolarsResult<DataFrame> {
    let rows: Vec<&ValueRow> = rows.into_iter().collect();
    frame(vec![
        column::<&str, _>(c::ENTITY_KIND, rows.iter().map(|r| r.entity_kind.as_str())),
        column::<i32, _>(c::ENTITY_ID, rows.iter().map(|r| r.entity_id)),
        column::<&str, _>(c::INDICATOR, rows.iter().map(|r| r.indicator.as_str())),
        column::<&str, _>(c::SUBJECT, rows.iter().map(|r| r.subject.as_str())),
        column::<&str, _>(c::GRADE_BAND, rows.iter().map(|r| r.grade_band.as_str())),
        column::<&str, _>(c::PERIOD, rows.iter().map(|r| r.period.as_str())),
        column::<i32, _>(c::YEAR, rows.iter().map(|r| r.year)),
        column::<Option<f64>, _>(c::NUMERATOR, rows.iter().map(|r| r.numerator)),
        column::<Option<f64>, _>(c::DENOMINATOR, rows.iter().map(|r| r.denominator)),
        column::<Option<f64>, _>(c::VALUE, rows.iter().map(|r| r.value)),
        column::<&str, _>(c::SOURCE, rows.iter().map(|r| r.source.as_str())),
        column::<i64, _>(c::N_SOURCE_ROWS, rows.iter().map(|r| r.n_source_rows)),
    ])
}

fn i32s(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i32>>> {
    let col = df.column(name)?.cast(&DataType::Int32)?;
    Ok(col.i32()?.iter().collect())
}

fn i64s(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<i64>>> {
    let col = df.column(name)?.cast(&DataType::Int64)?;
    Ok(col.i64()?.iter().collect())
}

fn f64s(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    let col = df.column(name)?.cast(&DataType::Float64)?;
    Ok(col.f64()?.iter().collect())
}

fn strs(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    let col = df.column(name)?;
    Ok(col.str()?.iter().map(|s| s.map(str::to_owned)).collect())
}

/// The dimension columns ([`c::DIMS`]).
fn dims(df: &DataFrame) -> PolarsResult<[Vec<Option<String>>; 3]> {
    Ok([
        strs(df, c::SUBJECT)?,
        strs(df, c::GRADE_BAND)?,
        strs(df, c::PERIOD)?,
    ])
}

fn required<T>(value: Option<T>, name: &str) -> PolarsResult<T> {
    value.ok_or_else(|| PolarsError::ComputeError(format!("unexpected null in `{name}`").into()))
}

/// The pipeline's flagged `values` frame (with the coverage columns) as rows to store.
///
/// # Errors
/// A missing column, or a null in a key, source or flags column.
pub fn value_rows(df: &DataFrame) -> PolarsResult<Vec<ValueRow>> {
    let kinds = strs(df, c::ENTITY_KIND)?;
    let ids = i32s(df, c::ENTITY_ID)?;
    let indicators = strs(df, c::INDICATOR)?;
    let [subjects, bands, periods] = dims(df)?;
    let years = i32s(df, c::YEAR)?;
    let values = f64s(df, c::VALUE)?;
    let numerators = f64s(df, c::NUMERATOR)?;
    let denominators = f64s(df, c::DENOMINATOR)?;
    let sources = strs(df, c::SOURCE)?;
    let flags = strs(df, c::FLAGS)?;
    let n_rows = i64s(df, c::N_SOURCE_ROWS)?;
    let n_schools = i32s(df, c::N_SCHOOLS)?;
    let n_expected = i32s(df, c::N_SCHOOLS_EXPECTED)?;
    (0..df.height())
        .map(|r| {
            Ok(ValueRow {
                entity_kind: required(kinds[r].clone(), c::ENTITY_KIND)?,
                entity_id: required(ids[r], c::ENTITY_ID)?,
                indicator: required(indicators[r].clone(), c::INDICATOR)?,
                subject: required(subjects[r].clone(), c::SUBJECT)?,
                grade_band: required(bands[r].clone(), c::GRADE_BAND)?,
                period: required(periods[r].clone(), c::PERIOD)?,
                year: required(years[r], c::YEAR)?,
                value: values[r],
                numerator: numerators[r],
                denominator: denominators[r],
                source: required(sources[r].clone(), c::SOURCE)?,
                flags: required(flags[r].clone(), c::FLAGS)?,
                n_source_rows: n_rows[r].unwrap_or(0),
                n_schools: n_schools[r],
                n_schools_expected: n_expected[r],
            })
        })
        .collect()
}

/// `pipeline::trend_stats` output as rows to store, for the window `first..=last`.
///
/// # Errors
/// A missing column, or a null in a key, `n_points` or `direction`.
pub fn trend_rows(
    df: &DataFrame,
    window_first: i32,
    window_last: i32,
) -> PolarsResult<Vec<TrendRow>> {
    let kinds = strs(df, c::ENTITY_KIND)?;
    let ids = i32s(df, c::ENTITY_ID)?;
    let indicators = strs(df, c::INDICATOR)?;
    let [subjects, bands, periods] = dims(df)?;
    let n_points = i32s(df, c::N_POINTS)?;
    let first_years = i32s(df, c::FIRST_YEAR)?;
    let firsts = f64s(df, c::FIRST)?;
    let last_years = i32s(df, c::LAST_YEAR)?;
    let lasts = f64s(df, c::LAST)?;
    let deltas = f64s(df, c::DELTA)?;
    let means = f64s(df, c::MEAN)?;
    let mins = f64s(df, c::MIN)?;
    let maxs = f64s(df, c::MAX)?;
    let slopes = f64s(df, c::SLOPE)?;
    let directions = strs(df, c::DIRECTION)?;
    (0..df.height())
        .map(|r| {
            let direction = required(directions[r].as_deref(), c::DIRECTION)?;
            Ok(TrendRow {
                entity_kind: required(kinds[r].clone(), c::ENTITY_KIND)?,
                entity_id: required(ids[r], c::ENTITY_ID)?,
                indicator: required(indicators[r].clone(), c::INDICATOR)?,
                subject: required(subjects[r].clone(), c::SUBJECT)?,
                grade_band: required(bands[r].clone(), c::GRADE_BAND)?,
                period: required(periods[r].clone(), c::PERIOD)?,
                trend: Trend {
                    window_first,
                    window_last,
                    n_points: required(n_points[r], c::N_POINTS)?,
                    first_year: first_years[r],
                    first_value: firsts[r],
                    last_year: last_years[r],
                    last_value: lasts[r],
                    delta: deltas[r],
                    mean: means[r],
                    min_value: mins[r],
                    max_value: maxs[r],
                    slope: slopes[r],
                    direction: Direction::from_code(direction).ok_or_else(|| {
                        PolarsError::ComputeError(
                            format!("unknown trend direction `{direction}`").into(),
                        )
                    })?,
                },
            })
        })
        .collect()
}

/// `pipeline::compare` output as rows to store.
///
/// # Errors
/// A missing column, or a null where the table requires a value.
pub fn comparison_rows(df: &DataFrame) -> PolarsResult<Vec<ComparisonRow>> {
    let ids = i32s(df, c::ENTITY_ID)?;
    let indicators = strs(df, c::INDICATOR)?;
    let [subjects, bands, periods] = dims(df)?;
    let years = i32s(df, c::YEAR)?;
    let values = f64s(df, c::VALUE)?;
    let ints = [
        c::RANK_DISTRICT,
        c::COUNT_DISTRICT,
        c::RANK_REGION,
        c::COUNT_REGION,
        c::RANK_COUNTRY,
        c::COUNT_COUNTRY,
    ]
    .map(|n| i32s(df, n));
    let floats = [
        c::PCT_DISTRICT,
        c::PCT_REGION,
        c::PCT_COUNTRY,
        c::DISTRICT_MEAN,
        c::DISTRICT_MEDIAN,
        c::GAP_TO_DISTRICT_MEAN,
        c::Z_DISTRICT,
        c::PEER_MEDIAN,
        c::DISTRICT_VALUE,
        c::GAP_TO_DISTRICT,
    ]
    .map(|n| f64s(df, n));
    let [rd, cd, rr, cr, rc, cc] = ints;
    let (rd, cd, rr, cr, rc, cc) = (rd?, cd?, rr?, cr?, rc?, cc?);
    let [pd, pr, pc, dmean, dmed, gap, z, peer, dvalue, dgap] = floats;
    let (pd, pr, pc, dmean, dmed, gap, z, peer) = (pd?, pr?, pc?, dmean?, dmed?, gap?, z?, peer?);
    let (dvalue, dgap) = (dvalue?, dgap?);
    (0..df.height())
        .map(|r| {
            Ok(ComparisonRow {
                indicator: required(indicators[r].clone(), c::INDICATOR)?,
                subject: required(subjects[r].clone(), c::SUBJECT)?,
                grade_band: required(bands[r].clone(), c::GRADE_BAND)?,
                period: required(periods[r].clone(), c::PERIOD)?,
                year: required(years[r], c::YEAR)?,
                comparison: Comparison {
                    school_id: required(ids[r], c::ENTITY_ID)?,
                    value: required(values[r], c::VALUE)?,
                    rank_district: required(rd[r], c::RANK_DISTRICT)?,
                    count_district: required(cd[r], c::COUNT_DISTRICT)?,
                    pct_district: required(pd[r], c::PCT_DISTRICT)?,
                    rank_region: required(rr[r], c::RANK_REGION)?,
                    count_region: required(cr[r], c::COUNT_REGION)?,
                    pct_region: required(pr[r], c::PCT_REGION)?,
                    rank_country: required(rc[r], c::RANK_COUNTRY)?,
                    count_country: required(cc[r], c::COUNT_COUNTRY)?,
                    pct_country: required(pc[r], c::PCT_COUNTRY)?,
                    district_mean: dmean[r],
                    district_median: dmed[r],
                    gap_to_district_mean: gap[r],
                    z_district: z[r],
                    peer_median: peer[r],
                    district_value: dvalue[r],
                    gap_to_district: dgap[r],
                },
            })
        })
        .collect()
}
