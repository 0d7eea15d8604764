//! Mark indicators: knowledge quality, success, average mark and СОУ from annual period marks
//! (or the school's reported figures where a year has no annual counts), administrative
//! control (H1, H2 and their difference) and final attestation in grades 9 and 11.

use polars::prelude::*;

use super::input as i;
use super::shape::{
    ASSESSED, INDICATOR, MARK_SUM, MARKED, POINTS, ROWS_1, VALUE_1, emit, plain, ratio, sum_i64,
    without,
};
use crate::pipeline::columns::{self as c, source};

// Indicator codes (catalog codes; a unit test checks).
pub(crate) const KNOWLEDGE_QUALITY: &str = "knowledge_quality_pct";
pub(crate) const SUCCESS: &str = "success_pct";
pub(crate) const AVERAGE_MARK: &str = "average_mark";
pub(crate) const SOU: &str = "sou_pct";
pub(crate) const ADMIN_H1: &str = "admin_control_quality_h1";
pub(crate) const ADMIN_H2: &str = "admin_control_quality_h2";
pub(crate) const ADMIN_DELTA: &str = "admin_control_quality_delta";
pub(crate) const FINAL_G9: &str = "final_attestation_g9_quality_pct";
pub(crate) const FINAL_G11: &str = "final_attestation_g11_quality_pct";

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

/// Knowledge quality, success, average mark and СОУ from annual marks; reported figures for
/// school-years without annual counts.
pub(crate) fn mark_indicators(marks: LazyFrame, reported: LazyFrame) -> Vec<LazyFrame> {
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
