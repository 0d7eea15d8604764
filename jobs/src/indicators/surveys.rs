//! Survey satisfaction (DOMAIN.md §6, seeds 000, 003, 004): the share of respondents
//! satisfied, one code per audience, from the counts the `survey` table keeps.

use polars::prelude::*;

use super::input as i;
use super::shape::ratio;

/// Audience → indicator code.
pub(crate) const SURVEY_AUDIENCES: [(&str, &str); 3] = [
    ("parents", "survey_satisfied_parents_pct"),
    ("pupils", "survey_satisfied_pupils_pct"),
    ("teachers", "survey_satisfied_teachers_pct"),
];

/// satisfied / respondents × 100 per audience; a survey of no respondents has no value.
pub(crate) fn survey_indicators(surveys: LazyFrame) -> Vec<LazyFrame> {
    SURVEY_AUDIENCES
        .iter()
        .map(|(audience, code)| {
            ratio(
                surveys.clone().filter(col(i::AUDIENCE).eq(lit(*audience))),
                code,
                col(i::SATISFIED),
                col(i::RESPONDENTS),
                100.0,
                lit(1i64),
            )
        })
        .collect()
}
