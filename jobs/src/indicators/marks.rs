//! Mark indicators. Per pupil, from class outcomes: knowledge quality and success (or the
//! school's reported figures where a year has no class outcomes). Per mark, from annual
//! period marks: the same two over subject marks, average mark and СОУ (or reported average
//! mark and СОУ where a year has no annual counts). Administrative control (H1, H2 and their
//! difference) and final attestation in grades 9 and 11. The caller keeps only the year's
//! marked grades ([`in_marked_grades`]).

use polars::prelude::*;

use super::input as i;
use super::shape::{
    ASSESSED, INDICATOR, MARK_SUM, MARKED, POINTS, ROWS_1, VALUE_1, emit_keeping, plain, ratio,
    ratio_keeping, sum_i64, without,
};
use crate::pipeline::columns::{self as c, source};
use domain::trend::source::MarkedGrades;

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const KNOWLEDGE_QUALITY: &str = "knowledge_quality_pct";
pub(crate) const SUCCESS: &str = "success_pct";
pub(crate) const KNOWLEDGE_QUALITY_MARKS: &str = "knowledge_quality_marks_pct";
pub(crate) const SUCCESS_MARKS: &str = "success_marks_pct";
pub(crate) const AVERAGE_MARK: &str = "average_mark";
pub(crate) const SOU: &str = "sou_pct";
pub(crate) const ADMIN_H1: &str = "admin_control_quality_h1";
pub(crate) const ADMIN_H2: &str = "admin_control_quality_h2";
pub(crate) const ADMIN_DELTA: &str = "admin_control_quality_delta";
pub(crate) const FINAL_G9: &str = "final_attestation_g9_quality_pct";
pub(crate) const FINAL_G11: &str = "final_attestation_g11_quality_pct";

/// Rows (with a `grade` column) of the year's marked grades.
pub(crate) fn in_marked_grades(grades: MarkedGrades) -> Expr {
    col(i::GRADE)
        .gt_eq(lit(grades.min))
        .and(col(i::GRADE).lt_eq(lit(grades.max)))
}

/// Reported figures standing in, each under the code of the same method, for the schools
/// without raw counts (`with_raw`: a frame with a `school_id` column). `codes` maps the
/// reported indicator (`knowledge_quality` …) to its catalog code.
fn reported_stand_ins(
    reported: LazyFrame,
    with_raw: LazyFrame,
    codes: &[(&str, &'static str)],
) -> LazyFrame {
    let code = codes.iter().fold(
        lit(NULL).cast(DataType::String),
        |otherwise, (name, code)| {
            when(col(i::REPORTED_INDICATOR).eq(lit(*name)))
                .then(lit(*code))
                .otherwise(otherwise)
        },
    );
    plain(
        without(reported, with_raw).with_column(code.alias(INDICATOR)),
        col(INDICATOR),
        col(i::REPORTED_VALUE),
        source::REPORTED,
        lit(1i64),
    )
    .filter(col(c::INDICATOR).is_not_null())
}

/// Per-pupil knowledge quality `(n_all_5 + n_4_5) / N × 100` and success
/// `(n_all_5 + n_4_5 + n_with_3) / N × 100` from class outcomes summed over classes and
/// grades, `N = n_all_5 + n_4_5 + n_with_3 + n_with_2 + n_na` (exempt out, н/а in); the
/// school's reported knowledge quality and success rate (per pupil too, seed 003) for
/// school-years without class outcomes.
pub(crate) fn pupil_indicators(outcomes: LazyFrame, reported: LazyFrame) -> Vec<LazyFrame> {
    let summed = summed_outcomes(outcomes, &[]);
    let with_raw = summed.clone().filter(col(ASSESSED).gt(lit(0i64)));
    let mut parts = per_pupil_values(summed, &[]);
    parts.push(reported_stand_ins(
        reported,
        with_raw,
        &[
            ("knowledge_quality", KNOWLEDGE_QUALITY),
            ("success_rate", SUCCESS),
        ],
    ));
    parts
}

/// Class outcomes summed per school (and the extra `by` keys), with `N` as [`ASSESSED`].
pub(crate) fn summed_outcomes(outcomes: LazyFrame, by: &[&str]) -> LazyFrame {
    let keys: Vec<Expr> = std::iter::once(col(i::SCHOOL_ID))
        .chain(by.iter().map(|k| col(*k)))
        .collect();
    outcomes
        .group_by(keys)
        .agg([
            sum_i64(i::N_ALL_5),
            sum_i64(i::N_4_5),
            sum_i64(i::N_WITH_3),
            sum_i64(i::N_WITH_2),
            sum_i64(i::N_NA),
            sum_i64(i::N_ROWS),
        ])
        .with_column(
            (col(i::N_ALL_5) + col(i::N_4_5) + col(i::N_WITH_3) + col(i::N_WITH_2) + col(i::N_NA))
                .alias(ASSESSED),
        )
}

/// Per-pupil knowledge quality and success of summed class outcomes ([`summed_outcomes`]),
/// each row keeping the columns `keep` (its dimensions).
pub(crate) fn per_pupil_values(summed: LazyFrame, keep: &[&str]) -> Vec<LazyFrame> {
    vec![
        ratio_keeping(
            summed.clone(),
            keep,
            KNOWLEDGE_QUALITY,
            col(i::N_ALL_5) + col(i::N_4_5),
            col(ASSESSED),
            100.0,
            col(i::N_ROWS),
        ),
        ratio_keeping(
            summed,
            keep,
            SUCCESS,
            col(i::N_ALL_5) + col(i::N_4_5) + col(i::N_WITH_3),
            col(ASSESSED),
            100.0,
            col(i::N_ROWS),
        ),
    ]
}

/// Mark counts summed per school (and the extra `by` keys).
pub(crate) fn summed_marks(marks: LazyFrame, filter: Expr, by: &[&str]) -> LazyFrame {
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
pub(crate) fn quality(lf: LazyFrame, indicator: &str) -> LazyFrame {
    ratio(
        lf,
        indicator,
        col(i::N5) + col(i::N4),
        col(ASSESSED),
        100.0,
        col(i::N_ROWS),
    )
}

/// Per-mark knowledge quality and success, average mark and СОУ from annual period marks;
/// the school's reported average mark and СОУ (school-wide figures over marks, the same
/// method) for school-years without annual counts. Reported knowledge quality and success
/// are per pupil, so they never stand in here.
pub(crate) fn mark_indicators(marks: LazyFrame, reported: LazyFrame) -> Vec<LazyFrame> {
    let annual = summed_marks(
        marks,
        col(i::ASSESSMENT_KIND)
            .eq(lit("period_marks"))
            .and(col(i::PERIOD_KIND).eq(lit("year"))),
        &[],
    );
    let with_raw = annual.clone().filter(col(ASSESSED).gt(lit(0i64)));
    let mut parts = per_mark_values(annual, &[], PER_MARK);
    parts.push(reported_stand_ins(
        reported,
        with_raw,
        &[("sou", SOU), ("average_mark", AVERAGE_MARK)],
    ));
    parts
}

/// The per-mark codes, in the order [`per_mark_values`] emits them.
pub(crate) const PER_MARK: &[&str] = &[KNOWLEDGE_QUALITY_MARKS, SUCCESS_MARKS, AVERAGE_MARK, SOU];

/// The per-mark figures `codes` (of [`PER_MARK`]) of summed mark counts ([`summed_marks`]),
/// each row keeping the columns `keep` (its dimensions).
pub(crate) fn per_mark_values(summed: LazyFrame, keep: &[&str], codes: &[&str]) -> Vec<LazyFrame> {
    let annual = summed.with_columns([
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
    let sou = || {
        let points = col(POINTS).cast(DataType::Float64);
        let assessed = col(ASSESSED).cast(DataType::Float64);
        // numerator in pupils (points / 100), so that Σ numerator × 100 / Σ N is the area's СОУ.
        emit_keeping(
            annual.clone().filter(col(ASSESSED).gt(lit(0i64))),
            keep,
            lit(SOU),
            points.clone() / lit(100.0),
            assessed.clone(),
            points / assessed,
            source::RAW,
            col(i::N_ROWS),
        )
    };
    codes
        .iter()
        .map(|code| match *code {
            KNOWLEDGE_QUALITY_MARKS => ratio_keeping(
                annual.clone(),
                keep,
                KNOWLEDGE_QUALITY_MARKS,
                col(i::N5) + col(i::N4),
                col(ASSESSED),
                100.0,
                col(i::N_ROWS),
            ),
            SUCCESS_MARKS => ratio_keeping(
                annual.clone(),
                keep,
                SUCCESS_MARKS,
                col(i::N5) + col(i::N4) + col(i::N3),
                col(ASSESSED),
                100.0,
                col(i::N_ROWS),
            ),
            AVERAGE_MARK => ratio_keeping(
                annual.clone(),
                keep,
                AVERAGE_MARK,
                col(MARK_SUM),
                col(MARKED),
                1.0,
                col(i::N_ROWS),
            ),
            _ => sou(),
        })
        .collect()
}

/// Administrative control H1, H2 and their difference; final attestation grades 9 and 11.
pub(crate) fn assessment_indicators(marks: LazyFrame) -> Vec<LazyFrame> {
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
