//! The indicator catalog: the one place that defines each indicator (code, names in Kyrgyz,
//! Russian and English, unit, direction, how it aggregates, formula). The trend job computes
//! exactly these codes and the API serves this list.

/// What a value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A percentage, 0..100 (capacity utilisation may exceed 100).
    Percent,
    /// Percentage points (a difference of two percentages).
    PercentagePoints,
    /// A count.
    Count,
    /// ORT scaled score.
    Score,
    /// A mark on the 5-point scale.
    Mark,
    /// A ratio (pupils per teacher, hours per teacher …).
    Ratio,
    /// A 0..100 composite.
    Index,
}

impl Unit {
    pub fn code(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::PercentagePoints => "percentage_points",
            Unit::Count => "count",
            Unit::Score => "score",
            Unit::Mark => "mark",
            Unit::Ratio => "ratio",
            Unit::Index => "index",
        }
    }
}

/// How district, region and country values are formed from school values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aggregation {
    /// Σ numerators × scale / Σ denominators: never the mean of school percentages.
    Ratio { scale: f64 },
    /// Σ of school values (counts).
    Sum,
    /// Not formed from school values (medians, maxima, differences, composites).
    None,
}

/// What a value is computed over: its method, and so the kind of its denominator. Values of
/// different methods are never ranked, compared or stood in for one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Over pupils, each counted once (class outcomes: a pupil with all marks 4 or 5).
    PerPupil,
    /// Over subject marks or subject tests: a pupil counts once per subject.
    PerMark,
    /// Over ORT takers.
    PerTaker,
    /// Over teachers.
    PerTeacher,
    /// A count of people, prizes or events.
    Count,
    /// Events per pupils (prizes per 100 pupils).
    Rate,
    /// Resources against pupils or seats (pupils per computer, capacity, textbooks).
    Resource,
    /// A composite of other indicators.
    Composite,
    /// Over survey respondents (parents, pupils or teachers), each counted once.
    PerRespondent,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Method::PerPupil => "per_pupil",
            Method::PerMark => "per_mark",
            Method::PerTaker => "per_taker",
            Method::PerTeacher => "per_teacher",
            Method::Count => "count",
            Method::Rate => "rate",
            Method::Resource => "resource",
            Method::Composite => "composite",
            Method::PerRespondent => "per_respondent",
        }
    }

    /// Whether a value's denominator counts pupils (each once), so that an area's summed
    /// denominator is the pupils its value covers.
    pub fn denominator_counts_pupils(self) -> bool {
        matches!(self, Method::PerPupil | Method::Rate)
    }
}

/// What a value's denominator counts, for `SMALL_SAMPLE`: only a share or mean over people
/// is a small sample when few are counted (a school with 12 computers is no sample).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denominator {
    /// Pupils (per-pupil shares, prizes per 100 pupils).
    Pupils,
    /// Pupils' subject marks or tests (a pupil counts once per subject).
    Marks,
    /// ORT takers.
    Takers,
    /// Teachers.
    Teachers,
    /// Survey respondents.
    Respondents,
}

impl Method {
    /// What the denominator counts, where it counts people; `None` for counts, resources
    /// (computers, seats, textbooks) and composites.
    pub const fn denominator(self) -> Option<Denominator> {
        match self {
            Method::PerPupil | Method::Rate => Some(Denominator::Pupils),
            Method::PerMark => Some(Denominator::Marks),
            Method::PerTaker => Some(Denominator::Takers),
            Method::PerTeacher => Some(Denominator::Teachers),
            Method::PerRespondent => Some(Denominator::Respondents),
            Method::Count | Method::Resource | Method::Composite => None,
        }
    }
}

/// A threshold on a change: in the indicator's own unit, relative to the value (0.02 = 2 %
/// of it), or both, in which case a change must exceed both to count. A part that is `None`
/// does not apply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub units: Option<f64>,
    pub relative: Option<f64>,
}

/// A change of `units` in the indicator's unit.
pub const fn units(units: f64) -> Change {
    Change {
        units: Some(units),
        relative: None,
    }
}

/// A change of `share` of the value (0.2 = 20 %).
pub const fn relative(share: f64) -> Change {
    Change {
        units: None,
        relative: Some(share),
    }
}

/// A change of more than `units` and more than `share` of the value.
pub const fn both(units: f64, share: f64) -> Change {
    Change {
        units: Some(units),
        relative: Some(share),
    }
}

/// An indicator's data-quality rules, applied by the nightly job (`jobs::pipeline::flags` and
/// `trend_stats`); each part can be set per indicator in configuration (`jobs.rules.<code>`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// A five-year trend is UP or DOWN only when its OLS slope per year reaches this (the
    /// relative part: of the window's mean); otherwise FLAT.
    pub flat: Change,
    /// A value is flagged JUMP when it moves more than this from the year before (the
    /// relative part: of the year before's value).
    pub jump: Change,
    /// A value is flagged SMALL_SAMPLE when its denominator is below this; `None` where the
    /// denominator does not count people.
    pub small_sample_below: Option<f64>,
}

/// The rules an indicator gets from its unit and method unless its entry says otherwise:
/// - percentages, percentage points and the index: FLAT below 0.5 points a year, JUMP over
///   10 points (a tenth of the scale);
/// - marks (1..5): FLAT below 0.05 a year, JUMP over 0.3 (a tenth of the 2..5 range);
/// - ORT scores (0..245): FLAT below 1 point a year, JUMP over 15 points;
/// - counts and ratios (enrolment, teachers, pupils per teacher …): relative, FLAT below
///   2 % of the mean a year, JUMP over 20 % of the year before;
/// - SMALL_SAMPLE below 20 pupils or marks (one pupil moves a share by 5 points), below 10
///   ORT takers or teachers (cohorts and staff of rural schools are small: 20 would flag
///   most of them), never where the denominator is not people.
pub const fn default_rules(unit: Unit, method: Method) -> Rules {
    let (flat, jump) = match unit {
        Unit::Percent | Unit::PercentagePoints | Unit::Index => (units(0.5), units(10.0)),
        Unit::Mark => (units(0.05), units(0.3)),
        Unit::Score => (units(1.0), units(15.0)),
        Unit::Count | Unit::Ratio => (relative(0.02), relative(0.2)),
    };
    let small_sample_below = match method.denominator() {
        Some(Denominator::Pupils | Denominator::Marks) => Some(20.0),
        Some(Denominator::Takers | Denominator::Teachers | Denominator::Respondents) => Some(10.0),
        None => None,
    };
    Rules {
        flat,
        jump,
        small_sample_below,
    }
}

/// Rules of counts that are small integers (prizes, gold certificates): a relative rule alone
/// would call 1 → 2 prizes a 100 % jump, so a change must also be a few units.
const SMALL_COUNT: Rules = Rules {
    flat: both(0.25, 0.02),
    jump: both(3.0, 0.5),
    small_sample_below: None,
};

/// What a published value may reveal about a person, and so how the nightly job publishes it
/// (`jobs::pipeline::disclose`; the threshold and step are `jobs.disclosure_*` settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    /// Counts of events and of resources: published as computed.
    Open,
    /// A share or mean over people (pupils, ORT takers, teachers), its denominator counting
    /// them: withheld (`SUPPRESSED`) below the minimum count, where one person's result moves
    /// or is the figure; and, where it is summed into areas, further cells withheld so that no
    /// area sum gives a withheld one back by subtraction (complementary suppression).
    Persons,
    /// A value that is one person's (a maximum) or may be (a median): withheld when the
    /// people counted by `count` (an indicator of the same entity and year) are below the
    /// minimum or unknown, else rounded down to the score step (`COARSENED`).
    PersonValue { count: &'static str },
}

/// One indicator.
#[derive(Debug, Clone, Copy)]
pub struct Indicator {
    pub code: &'static str,
    pub name_ky: &'static str,
    pub name_ru: &'static str,
    pub name_en: &'static str,
    pub unit: Unit,
    pub higher_is_better: bool,
    pub aggregation: Aggregation,
    pub formula: &'static str,
    /// The formula in Kyrgyz and Russian words, for pages a school's public reads (the
    /// English one, with the tables' names, is for analysts).
    pub formula_local: Option<[&'static str; 2]>,
    pub description: &'static str,
    pub disclosure: Disclosure,
    pub method: Method,
    /// Its flat-slope, jump and small-sample rules before configuration
    /// ([`default_rules`] unless the entry says otherwise).
    pub rules: Rules,
    /// The dimensions it is also broken down by (`super::dims`); empty: school-wide only.
    pub dimensions: &'static [Dimension],
}

#[allow(clippy::too_many_arguments)]
const fn ind(
    code: &'static str,
    names: [&'static str; 3],
    method: Method,
    unit: Unit,
    higher_is_better: bool,
    aggregation: Aggregation,
    formula: &'static str,
    description: &'static str,
) -> Indicator {
    Indicator {
        code,
        name_ky: names[0],
        name_ru: names[1],
        name_en: names[2],
        unit,
        higher_is_better,
        aggregation,
        formula,
        formula_local: None,
        description,
        disclosure: Disclosure::Open,
        method,
        rules: default_rules(unit, method),
        dimensions: &[],
    }
}

impl Indicator {
    /// A share or mean over people (see [`Disclosure::Persons`]).
    const fn persons(self) -> Indicator {
        Indicator {
            disclosure: Disclosure::Persons,
            ..self
        }
    }

    /// Rules other than its unit's and method's defaults.
    const fn rules(self, rules: Rules) -> Indicator {
        Indicator { rules, ..self }
    }

    /// Also broken down by these dimensions.
    const fn dims(self, dimensions: &'static [Dimension]) -> Indicator {
        Indicator { dimensions, ..self }
    }

    /// Its formula in Kyrgyz and Russian.
    const fn formula_in(self, ky: &'static str, ru: &'static str) -> Indicator {
        Indicator {
            formula_local: Some([ky, ru]),
            ..self
        }
    }

    /// Whether it is broken down by `d`.
    pub fn has(&self, d: Dimension) -> bool {
        self.dimensions.contains(&d)
    }

    /// A value that may be one person's, with the indicator counting the people behind it.
    const fn person_value(self, count: &'static str) -> Indicator {
        Indicator {
            disclosure: Disclosure::PersonValue { count },
            ..self
        }
    }
}

mod entries;

use super::dims::Dimension;

pub use entries::{CATALOG, sources};

/// The catalog entry for a code.
pub fn find(code: &str) -> Option<&'static Indicator> {
    CATALOG.iter().find(|i| i.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_named_in_three_languages() {
        let mut codes: Vec<&str> = CATALOG.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CATALOG.len());
        assert!(
            CATALOG
                .iter()
                .all(|i| !i.name_ky.is_empty() && !i.name_ru.is_empty() && !i.name_en.is_empty())
        );
        assert!(find("knowledge_quality_pct").is_some());
    }

    #[test]
    fn headline_figures_are_per_pupil_and_the_per_mark_ones_have_their_own_codes() {
        let method = |code| find(code).unwrap().method;
        assert_eq!(method("knowledge_quality_pct"), Method::PerPupil);
        assert_eq!(method("success_pct"), Method::PerPupil);
        for code in [
            "knowledge_quality_marks_pct",
            "success_marks_pct",
            "average_mark",
            "sou_pct",
        ] {
            assert_eq!(method(code), Method::PerMark, "{code}");
        }
    }

    #[test]
    fn person_values_are_counted_by_a_count_indicator() {
        for i in CATALOG {
            match i.disclosure {
                Disclosure::PersonValue { count } => {
                    let counter = find(count).expect("the counting indicator exists");
                    assert_eq!(counter.aggregation, Aggregation::Sum, "{}", i.code);
                    assert_eq!(counter.disclosure, Disclosure::Open, "{}", i.code);
                }
                // A share over people needs a denominator that counts them.
                Disclosure::Persons => {
                    assert!(
                        matches!(i.aggregation, Aggregation::Ratio { .. }),
                        "{}",
                        i.code
                    )
                }
                Disclosure::Open => {}
            }
        }
        assert_eq!(
            find("ort_max").unwrap().disclosure,
            Disclosure::PersonValue {
                count: "ort_participants"
            }
        );
    }

    #[test]
    fn rules_follow_the_unit_and_count_people_only() {
        let rules = |code| find(code).unwrap().rules;
        assert_eq!(rules("average_mark").flat, units(0.05));
        assert_eq!(rules("knowledge_quality_pct").flat, units(0.5));
        assert_eq!(rules("enrolment").jump, relative(0.2));
        assert_eq!(rules("ort_mean").small_sample_below, Some(10.0));
        assert_eq!(rules("success_pct").small_sample_below, Some(20.0));
        for code in [
            "pupils_per_computer",
            "capacity_utilisation_pct",
            "textbook_provision_pct",
            "enrolment",
            "quality_index",
        ] {
            assert_eq!(rules(code).small_sample_below, None, "{code}");
        }
        // Every indicator has a flat and a jump rule.
        for i in CATALOG {
            let set = |c: Change| c.units.is_some() || c.relative.is_some();
            assert!(set(i.rules.flat) && set(i.rules.jump), "{}", i.code);
        }
    }
}
