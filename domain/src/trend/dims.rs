//! The dimensions of a trend value: which subject, which grade band and which period of the
//! academic year it covers. A value without them (every subject, every marked grade, the
//! whole year) is the school-wide annual figure; that is what an empty string means in the
//! generation tables and the job's frames (never NULL, so keys stay unique).
//!
//! Which combinations exist, and why (docs/TRENDS.md "Dimensions"):
//! - by subject: every year of the generation;
//! - by grade band: every year;
//! - by period (quarter, half-year), school-wide and by subject: the latest year only (the
//!   trend window's last year, and a provisional year after it), so a district sees the year
//!   as it goes; earlier years have their annual figures.
//!
//! Subject × grade band and single grades are not kept: they would multiply the rows
//! (≈ 3× the subject rows) for figures the curriculum already ties together (algebra is
//! taught in 7–11 only).

use crate::error::{Error, Result};
use crate::messages::arguments::{ArgMsg, invalid};

/// A dimension an indicator may be broken down by (its catalog entry lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// A reference subject (`subject.code`).
    Subject,
    /// A grade band ([`GradeBand`]).
    GradeBand,
    /// A quarter or half-year of the latest academic year ([`Period`]).
    Period,
}

impl Dimension {
    pub fn code(self) -> &'static str {
        match self {
            Dimension::Subject => "subject",
            Dimension::GradeBand => "grade_band",
            Dimension::Period => "period",
        }
    }
}

/// The grade bands of the 2025 standard's stages (DOMAIN.md §1.1): 4–6 point-based marks,
/// 7–9 and 10–11 criterion-based. Grades 2–3 belong to none (they count in the all-grades
/// figure only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GradeBand {
    G4To6,
    G7To9,
    G10To11,
}

impl GradeBand {
    pub const ALL: [GradeBand; 3] = [GradeBand::G4To6, GradeBand::G7To9, GradeBand::G10To11];

    /// As stored and as the API takes it.
    pub fn code(self) -> &'static str {
        match self {
            GradeBand::G4To6 => "4-6",
            GradeBand::G7To9 => "7-9",
            GradeBand::G10To11 => "10-11",
        }
    }

    /// The grades of the band.
    pub fn grades(self) -> (i32, i32) {
        match self {
            GradeBand::G4To6 => (4, 6),
            GradeBand::G7To9 => (7, 9),
            GradeBand::G10To11 => (10, 11),
        }
    }

    /// The band of a grade, if it is in one.
    pub fn of_grade(grade: i32) -> Option<GradeBand> {
        Self::ALL.into_iter().find(|b| {
            let (lo, hi) = b.grades();
            (lo..=hi).contains(&grade)
        })
    }

    pub fn parse(code: &str) -> Option<GradeBand> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// A part of the academic year (DOMAIN.md §1.2). The whole year is the absence of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Q1,
    Q2,
    Q3,
    Q4,
    H1,
    H2,
}

impl Period {
    pub const ALL: [Period; 6] = [
        Period::Q1,
        Period::Q2,
        Period::Q3,
        Period::Q4,
        Period::H1,
        Period::H2,
    ];

    /// As stored and as the API takes it.
    pub fn code(self) -> &'static str {
        match self {
            Period::Q1 => "q1",
            Period::Q2 => "q2",
            Period::Q3 => "q3",
            Period::Q4 => "q4",
            Period::H1 => "h1",
            Period::H2 => "h2",
        }
    }

    /// The period of a `period` row (`kind`, `idx`); `None` for the year.
    pub fn of(kind: &str, idx: i32) -> Option<Period> {
        match (kind, idx) {
            ("quarter", 1) => Some(Period::Q1),
            ("quarter", 2) => Some(Period::Q2),
            ("quarter", 3) => Some(Period::Q3),
            ("quarter", 4) => Some(Period::Q4),
            ("half_year", 1) => Some(Period::H1),
            ("half_year", 2) => Some(Period::H2),
            _ => None,
        }
    }

    pub fn parse(code: &str) -> Option<Period> {
        Self::ALL
            .into_iter()
            .find(|p| p.code().eq_ignore_ascii_case(code))
    }
}

/// The dimensions of one value or one request; `None` = all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Dims {
    pub subject: Option<String>,
    pub grade_band: Option<GradeBand>,
    pub period: Option<Period>,
}

impl Dims {
    /// No dimension: the school-wide annual figure.
    pub fn is_none(&self) -> bool {
        self.subject.is_none() && self.grade_band.is_none() && self.period.is_none()
    }

    /// The dimensions set.
    pub fn used(&self) -> Vec<Dimension> {
        let mut used = Vec::new();
        if self.subject.is_some() {
            used.push(Dimension::Subject);
        }
        if self.grade_band.is_some() {
            used.push(Dimension::GradeBand);
        }
        if self.period.is_some() {
            used.push(Dimension::Period);
        }
        used
    }

    /// The three stored columns (`subject`, `grade_band`, `period`), `""` for all.
    pub fn columns(&self) -> [&str; 3] {
        [
            self.subject.as_deref().unwrap_or(""),
            self.grade_band.map_or("", GradeBand::code),
            self.period.map_or("", Period::code),
        ]
    }

    /// From the stored columns; `field` names them in the error.
    pub fn from_columns(subject: &str, grade_band: &str, period: &str) -> Result<Dims> {
        let corrupt = |what: &str, code: &str| Error::Invalid {
            field: "published generation".into(),
            message: format!("unknown {what} `{code}`"),
        };
        Ok(Dims {
            subject: (!subject.is_empty()).then(|| subject.to_owned()),
            grade_band: match grade_band {
                "" => None,
                code => Some(GradeBand::parse(code).ok_or_else(|| corrupt("grade band", code))?),
            },
            period: match period {
                "" => None,
                code => Some(Period::parse(code).ok_or_else(|| corrupt("period", code))?),
            },
        })
    }

    /// Whether this combination is one the job computes (see the module documentation).
    pub fn is_kept_combination(&self) -> bool {
        // A grade band only alone: whole year, every subject.
        self.grade_band.is_none() || (self.subject.is_none() && self.period.is_none())
    }
}

/// Checks a grade band argument; the error names the argument and lists the valid bands.
pub fn parse_grade_band(field: &str, code: &str) -> Result<GradeBand> {
    GradeBand::parse(code).ok_or_else(|| {
        invalid(
            field,
            ArgMsg::UnknownGradeBand {
                code: code.into(),
                valid: GradeBand::ALL.map(GradeBand::code).join(", "),
            },
        )
    })
}

/// Checks a period argument; the error names the argument and lists the valid periods
/// (the whole year is the argument left out).
pub fn parse_period(field: &str, code: &str) -> Result<Period> {
    Period::parse(code).ok_or_else(|| {
        invalid(
            field,
            ArgMsg::UnknownPeriod {
                code: code.into(),
                valid: Period::ALL.map(Period::code).join(", "),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_periods_round_trip() {
        assert_eq!(GradeBand::of_grade(3), None);
        assert_eq!(GradeBand::of_grade(5), Some(GradeBand::G4To6));
        assert_eq!(GradeBand::of_grade(11), Some(GradeBand::G10To11));
        assert_eq!(GradeBand::of_grade(12), None);
        for b in GradeBand::ALL {
            assert_eq!(GradeBand::parse(b.code()), Some(b));
        }
        for p in Period::ALL {
            assert_eq!(Period::parse(p.code()), Some(p));
        }
        assert_eq!(Period::of("quarter", 3), Some(Period::Q3));
        assert_eq!(Period::of("year", 1), None);
        let d = Dims::from_columns("mathematics", "", "q2").unwrap();
        assert_eq!(d.columns(), ["mathematics", "", "q2"]);
        assert!(d.is_kept_combination());
        assert!(Dims::from_columns("", "", "").unwrap().is_none());
        assert!(Dims::from_columns("", "x", "").is_err());
        let err = parse_grade_band("gradeBand", "1-3")
            .unwrap_err()
            .to_string();
        assert!(err.contains("4-6, 7-9, 10-11"), "{err}");
    }
}
