//! A snapshot's indicators with their dimensions: the ids a request's `subject`, `gradeBand`
//! and `period` arguments stand for, checked against the catalog and the kept combinations.

use super::{IndicatorRef, Snapshot, corrupt, indicator_index};
use crate::error::Result;
use crate::messages::arguments::{ArgMsg, invalid};
use crate::trend::catalog::CATALOG;
use crate::trend::dims::{Dimension, Dims, GradeBand, Period};

fn band_key(b: Option<GradeBand>) -> u8 {
    b.and_then(|b| GradeBand::ALL.iter().position(|x| *x == b))
        .map_or(0, |i| i as u8 + 1)
}

fn period_key(p: Option<Period>) -> u8 {
    p.and_then(|p| Period::ALL.iter().position(|x| *x == p))
        .map_or(0, |i| i as u8 + 1)
}

/// The dimensions a request asks for, with the argument names to blame.
#[derive(Debug, Clone, Copy, Default)]
pub struct DimArgs<'a> {
    pub subject: Option<&'a str>,
    pub grade_band: Option<&'a str>,
    pub period: Option<&'a str>,
}

impl Snapshot {
    /// The reference subject of an id (a dimension key).
    pub fn subject_code(&self, indicator: IndicatorRef) -> Option<&str> {
        self.subjects
            .get(&i32::from(indicator.subject))
            .map(String::as_str)
    }

    /// An indicator with stored dimension columns.
    pub(super) fn stored_ref(
        &self,
        code: &str,
        [subject, band, period]: [&str; 3],
    ) -> Result<IndicatorRef> {
        let dims = Dims::from_columns(subject, band, period)?;
        let subject = match &dims.subject {
            None => 0,
            Some(code) => self
                .subject_id(code)
                .ok_or_else(|| corrupt(format!("unknown subject `{code}`")))?,
        };
        Ok(IndicatorRef {
            index: indicator_index(code)?,
            subject,
            grade_band: band_key(dims.grade_band),
            period: period_key(dims.period),
        })
    }

    fn subject_id(&self, code: &str) -> Option<u16> {
        self.subjects
            .iter()
            .find(|(_, c)| c.eq_ignore_ascii_case(code))
            .and_then(|(id, _)| u16::try_from(*id).ok())
    }

    /// `indicators` with the dimensions asked for. Each argument given is checked (an
    /// unknown subject, band or period is an error naming it and listing the valid values),
    /// and so is every indicator against it: asking for a dimension of an indicator that
    /// has none is an error listing those that do. `explicit` false (the caller asked for
    /// "all indicators"): those without the dimensions are left out instead. A combination
    /// the job does not compute (`Dims::is_kept_combination`) is an error too.
    pub fn with_dims(
        &self,
        indicators: Vec<IndicatorRef>,
        args: DimArgs<'_>,
        explicit: bool,
    ) -> Result<Vec<IndicatorRef>> {
        let subject = match args.subject {
            None => None,
            Some(code) => Some(self.subject_id(code).ok_or_else(|| {
                invalid(
                    "subject",
                    ArgMsg::UnknownSubject {
                        code: code.into(),
                        valid: self
                            .subjects
                            .values()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                )
            })?),
        };
        let dims = Dims {
            subject: args.subject.map(str::to_owned),
            grade_band: args
                .grade_band
                .map(|b| crate::trend::dims::parse_grade_band("gradeBand", b))
                .transpose()?,
            period: args
                .period
                .map(|p| crate::trend::dims::parse_period("period", p))
                .transpose()?,
        };
        if dims.is_none() {
            return Ok(indicators);
        }
        if !dims.is_kept_combination() {
            return Err(invalid("gradeBand", ArgMsg::BandAlone));
        }
        let used = dims.used();
        let mut out = Vec::with_capacity(indicators.len());
        for i in indicators {
            if let Some(missing) = used.iter().find(|d| !i.def().has(**d)) {
                if !explicit {
                    continue;
                }
                let field = match missing {
                    Dimension::Subject => "subject",
                    Dimension::GradeBand => "gradeBand",
                    Dimension::Period => "period",
                };
                return Err(invalid(
                    field,
                    ArgMsg::NoBreakdown {
                        indicator: i.def().code.into(),
                        dimension: *missing,
                        with: CATALOG
                            .iter()
                            .filter(|d| d.has(*missing))
                            .map(|d| d.code)
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                ));
            }
            out.push(IndicatorRef {
                index: i.index,
                subject: subject.unwrap_or(0),
                grade_band: band_key(dims.grade_band),
                period: period_key(dims.period),
            });
        }
        Ok(out)
    }
}
