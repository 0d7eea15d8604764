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
    /// or is the figure.
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
    pub description: &'static str,
    pub disclosure: Disclosure,
    pub method: Method,
    /// Its flat-slope, jump and small-sample rules before configuration
    /// ([`default_rules`] unless the entry says otherwise).
    pub rules: Rules,
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
        description,
        disclosure: Disclosure::Open,
        method,
        rules: default_rules(unit, method),
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

    /// A value that may be one person's, with the indicator counting the people behind it.
    const fn person_value(self, count: &'static str) -> Indicator {
        Indicator {
            disclosure: Disclosure::PersonValue { count },
            ..self
        }
    }
}

const PCT: Aggregation = Aggregation::Ratio { scale: 100.0 };
const RATIO: Aggregation = Aggregation::Ratio { scale: 1.0 };

/// Every indicator, in display order.
pub const CATALOG: &[Indicator] = &[
    ind(
        "knowledge_quality_pct",
        ["Билим сапаты", "Качество знаний", "Knowledge quality"],
        Method::PerPupil,
        Unit::Percent,
        true,
        PCT,
        "(n_all_5 + n_4_5) / N × 100, N = n_all_5 + n_4_5 + n_with_3 + n_with_2 + n_na (exempt out, н/а in), annual class outcomes of the marked grades summed over classes",
        "Share of pupils whose annual marks are all 4 or 5 (DOMAIN §1.3, class level). Falls back to the school-reported figure (REPORTED) where a year has no class outcomes.",
    ).persons(),
    ind(
        "success_pct",
        ["Жетишүү", "Успеваемость", "Success rate"],
        Method::PerPupil,
        Unit::Percent,
        true,
        PCT,
        "(n_all_5 + n_4_5 + n_with_3) / N × 100, N as for knowledge quality",
        "Share of pupils with no annual 2 and not н/а, from class outcomes. Falls back to the school-reported figure (REPORTED) where a year has no class outcomes.",
    ).persons(),
    ind(
        "knowledge_quality_marks_pct",
        [
            "Билим сапаты (баалар боюнча)",
            "Качество знаний (по оценкам)",
            "Knowledge quality by marks",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "(n5 + n4) / N × 100, N = n5 + n4 + n3 + n2 + n1 + n_na (exempt out, н/а in), annual subject marks of the marked grades summed over classes and subjects",
        "Share of annual subject marks that are 4 or 5: a pupil counts once per subject, so it runs above the per-pupil figure. Never stood in for by a reported figure.",
    ).persons(),
    ind(
        "success_marks_pct",
        [
            "Жетишүү (баалар боюнча)",
            "Успеваемость (по оценкам)",
            "Success rate by marks",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "(n5 + n4 + n3) / N × 100 over annual subject marks",
        "Share of annual subject marks that are not 2, 1 or н/а. Never stood in for by a reported figure.",
    ).persons(),
    ind(
        "average_mark",
        ["Орточо баа", "Средний балл", "Average mark"],
        Method::PerMark,
        Unit::Mark,
        true,
        RATIO,
        "(5·n5 + 4·n4 + 3·n3 + 2·n2) / (n5 + n4 + n3 + n2) over annual subject marks",
        "Mean annual subject mark on the 5-point scale (per mark). Falls back to the school-reported average mark (REPORTED) where a year has no annual marks.",
    ).persons(),
    ind(
        "sou_pct",
        [
            "СОУ",
            "Степень обученности учащихся",
            "Degree of learning (SOU)",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "(100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n_na) / N over annual subject marks",
        "Post-Soviet weighted degree of learning, 0..100, over subject marks (per mark). Falls back to the school-reported СОУ (REPORTED) where a year has no annual marks.",
    ).persons(),
    ind(
        "admin_control_quality_h1",
        [
            "Административдик көзөмөл, 1-жарым жылдык",
            "Админ. контроль, 1 полугодие",
            "Administrative control quality, H1",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "(n5 + n4) / N × 100 over admin_control rows of half-year 1",
        "Knowledge quality of the first half-year administrative control tests (seed 002).",
    ).persons(),
    ind(
        "admin_control_quality_h2",
        [
            "Административдик көзөмөл, 2-жарым жылдык",
            "Админ. контроль, 2 полугодие",
            "Administrative control quality, H2",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "(n5 + n4) / N × 100 over admin_control rows of half-year 2",
        "Knowledge quality of the second half-year administrative control tests.",
    ).persons(),
    ind(
        "admin_control_quality_delta",
        [
            "Административдик көзөмөлдүн өзгөрүшү",
            "Изменение качества (адм. контроль)",
            "Administrative control change H2 − H1",
        ],
        Method::PerMark,
        Unit::PercentagePoints,
        true,
        Aggregation::None,
        "admin_control_quality_h2 − admin_control_quality_h1",
        "Change between the half-years, in percentage points.",
    ),
    ind(
        "final_attestation_g9_quality_pct",
        [
            "ЖМА 9-класс, билим сапаты",
            "ГИА 9 класс, качество",
            "State final attestation grade 9 quality",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "(n5 + n4) / N × 100 over final_attestation rows of grade 9",
        "Knowledge quality of the grade-9 school-leaving exams.",
    ).persons(),
    ind(
        "final_attestation_g11_quality_pct",
        [
            "ЖМА 11-класс, билим сапаты",
            "ГИА 11 класс, качество",
            "State final attestation grade 11 quality",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "(n5 + n4) / N × 100 over final_attestation rows of grade 11",
        "Knowledge quality of the grade-11 school-leaving exams.",
    ).persons(),
    ind(
        "ort_participants",
        ["ЖРТга катышкандар", "Участники ОРТ", "ORT participants"],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "count of cohort takers (or the school summary's participants)",
        "Graduates who sat the ORT main test.",
    ),
    ind(
        "ort_mean",
        ["ЖРТ орточо балл", "Средний балл ОРТ", "ORT mean score"],
        Method::PerTaker,
        Unit::Score,
        true,
        RATIO,
        "Σ scores / participants (cohort rows; else the school summary)",
        "Mean main-test score; needs the whole cohort, so a top-scorer list gives none.",
    ).persons(),
    ind(
        "ort_median",
        ["ЖРТ медианасы", "Медиана ОРТ", "ORT median score"],
        Method::PerTaker,
        Unit::Score,
        true,
        Aggregation::None,
        "median of cohort scores (or the school summary's median)",
        "Median main-test score.",
    ).person_value("ort_participants"),
    ind(
        "ort_max",
        [
            "ЖРТ эң жогорку балл",
            "Максимальный балл ОРТ",
            "ORT highest score",
        ],
        Method::PerTaker,
        Unit::Score,
        true,
        Aggregation::None,
        "max of all reported scores (top-scorer lists included)",
        "Highest main-test score.",
    ).person_value("ort_participants"),
    ind(
        "ort_pass_pct",
        [
            "ЖРТ босогодон өткөндөр",
            "Доля набравших порог ОРТ",
            "ORT share at or above threshold",
        ],
        Method::PerTaker,
        Unit::Percent,
        true,
        PCT,
        "takers with score ≥ that year's grant threshold / participants × 100",
        "Share of the cohort at or above the year's threshold (ort_threshold, grant).",
    ).persons(),
    ind(
        "ort_gold_certificates",
        [
            "Алтын сертификаттар",
            "Золотые сертификаты",
            "ORT gold certificates",
        ],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "count of gold certificates",
        "Takers awarded a gold certificate.",
    ).rules(SMALL_COUNT),
    ind(
        "olympiad_prizes_school",
        [
            "Олимпиада байгелери: мектептик",
            "Призёры олимпиад: школьный этап",
            "Olympiad prizes, school level",
        ],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "the reported prize_count; where it is absent or NULL, the results with place 1–3 or a diploma I–III (olympiad_result)",
        "Prize-winners at the school stage.",
    ).rules(SMALL_COUNT),
    ind(
        "olympiad_prizes_zonal",
        [
            "Олимпиада байгелери: зоналык",
            "Призёры олимпиад: зональный этап",
            "Olympiad prizes, zonal level",
        ],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "the reported prize_count; where it is absent or NULL, the results with place 1–3 or a diploma I–III (olympiad_result)",
        "Prize-winners at the zonal stage.",
    ).rules(SMALL_COUNT),
    ind(
        "olympiad_prizes_district",
        [
            "Олимпиада байгелери: райондук",
            "Призёры олимпиад: районный этап",
            "Olympiad prizes, district level",
        ],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "the reported prize_count; where it is absent or NULL, the results with place 1–3 or a diploma I–III (olympiad_result)",
        "Prize-winners at the district stage.",
    ).rules(SMALL_COUNT),
    ind(
        "olympiad_prizes_oblast",
        [
            "Олимпиада байгелери: облустук",
            "Призёры олимпиад: областной этап",
            "Olympiad prizes, oblast level",
        ],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "the reported prize_count; where it is absent or NULL, the results with place 1–3 or a diploma I–III (olympiad_result)",
        "Prize-winners at the oblast stage.",
    ).rules(SMALL_COUNT),
    ind(
        "olympiad_prizes_republic",
        [
            "Олимпиада байгелери: республикалык",
            "Призёры олимпиад: республиканский этап",
            "Olympiad prizes, republic level",
        ],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "the reported prize_count; where it is absent or NULL, the results with place 1–3 or a diploma I–III (olympiad_result)",
        "Prize-winners at the republic stage.",
    ).rules(SMALL_COUNT),
    ind(
        "olympiad_prizes_international",
        [
            "Олимпиада байгелери: эл аралык",
            "Призёры олимпиад: международный",
            "Olympiad prizes, international",
        ],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "the reported prize_count; where it is absent or NULL, the results with place 1–3 or a diploma I–III (olympiad_result)",
        "Prize-winners at international olympiads.",
    ).rules(SMALL_COUNT),
    ind(
        "olympiad_score",
        ["Олимпиада упайы", "Олимпиадный балл", "Olympiad score"],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "Σ level weight × prizes (weights in configuration)",
        "Level-weighted olympiad prizes; missing levels add nothing and a year with no reported level has no score.",
    ),
    ind(
        "olympiad_prizes_per_100_pupils",
        [
            "100 окуучуга олимпиада байгелери",
            "Призёры на 100 учащихся",
            "Olympiad prizes per 100 pupils",
        ],
        Method::Rate,
        Unit::Ratio,
        true,
        PCT,
        "Σ prizes / enrolment × 100",
        "All reported prizes per 100 pupils.",
    ),
    ind(
        "teachers_total",
        ["Мугалимдер", "Учителей", "Teachers"],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "staff snapshot teachers_total",
        "Pedagogical staff.",
    ),
    ind(
        "teachers_higher_ed_pct",
        [
            "Жогорку билимдүү мугалимдер",
            "Учителя с высшим образованием",
            "Teachers with higher education",
        ],
        Method::PerTeacher,
        Unit::Percent,
        true,
        PCT,
        "with_higher_ed / teachers_total × 100",
        "Share of teachers with higher education.",
    ).persons(),
    ind(
        "teachers_trained_5y_pct",
        [
            "5 жылда окугандар",
            "Прошли курсы за 5 лет",
            "Teachers trained in 5 years",
        ],
        Method::PerTeacher,
        Unit::Percent,
        true,
        PCT,
        "trained_last_5y / teachers_total × 100",
        "Share of teachers with an in-service course in the last five years.",
    ).persons(),
    ind(
        "training_hours_per_teacher",
        [
            "Бир мугалимге окуу сааттары",
            "Часов обучения на учителя",
            "Training hours per teacher",
        ],
        Method::PerTeacher,
        Unit::Ratio,
        true,
        RATIO,
        "Σ hours × participants / teachers_total",
        "In-service training hours in the year per teacher.",
    ).persons(),
    ind(
        "teachers_awarded_pct",
        [
            "Сыйлыгы бар мугалимдер",
            "Учителя с наградами",
            "Teachers with awards",
        ],
        Method::PerTeacher,
        Unit::Percent,
        true,
        PCT,
        "with_award_excellence / teachers_total × 100",
        "Share of teachers holding the Excellence in Education badge.",
    ).persons(),
    ind(
        "pupils_per_teacher",
        [
            "Бир мугалимге окуучулар",
            "Учащихся на учителя",
            "Pupils per teacher",
        ],
        Method::Resource,
        Unit::Ratio,
        false,
        RATIO,
        "enrolment / teachers_total",
        "Pupil–teacher ratio.",
    ),
    ind(
        "enrolment",
        ["Окуучулар", "Контингент", "Enrolment"],
        Method::Count,
        Unit::Count,
        true,
        Aggregation::Sum,
        "enrolment snapshot",
        "Pupils enrolled.",
    ),
    ind(
        "capacity_utilisation_pct",
        [
            "Кубаттуулуктун колдонулушу",
            "Загруженность",
            "Capacity utilisation",
        ],
        Method::Resource,
        Unit::Percent,
        false,
        PCT,
        "enrolment / design_capacity × 100",
        "Pupils per 100 design seats; above 100 means overcrowding.",
    ),
    ind(
        "pupils_per_computer",
        [
            "Бир компьютерге окуучулар",
            "Учащихся на компьютер",
            "Pupils per computer",
        ],
        Method::Resource,
        Unit::Ratio,
        false,
        RATIO,
        "enrolment / computers",
        "Pupils per working computer (laptops excluded).",
    ),
    ind(
        "textbook_provision_pct",
        [
            "Окуу китептери менен камсыздалышы",
            "Обеспеченность учебниками",
            "Textbook provision",
        ],
        Method::Resource,
        Unit::Percent,
        true,
        PCT,
        "available / required × 100 (or the reported percentage)",
        "Share of required textbooks available.",
    ),
    ind(
        "quality_index",
        ["Сапат индекси", "Индекс качества", "Quality index"],
        Method::Composite,
        Unit::Index,
        true,
        Aggregation::None,
        "Σ weight × component / Σ weight over the components present (weights in configuration)",
        "Composite 0..100 of knowledge quality and success (per pupil), ORT pass share, trained teachers and textbook provision. Numerator Σ weight × component, denominator the weight present; with a component missing the value is flagged PARTIAL and never ranked or compared.",
    ),
    // Indicators from the per-person tables (issue #16): olympiad results feed the per-level
    // prize counts above; these are their own codes.
    ind(
        "teachers_trained_5y_register_pct",
        [
            "5 жылда окугандар (мугалимдердин реестри)",
            "Прошли курсы за 5 лет (по реестру учителей)",
            "Teachers trained in 5 years (teacher register)",
        ],
        Method::PerTeacher,
        Unit::Percent,
        true,
        PCT,
        "register teachers with an attended course in the five academic years up to the year / register teachers of the year × 100",
        "From the per-teacher register (teacher, teacher_training_attendance), not the school's self-reported count (teachers_trained_5y_pct): a teacher is in the year's register when hired by its start and not gone before it; only schools that record attendance get a value.",
    ).persons(),
    ind(
        "ort_mean_ky",
        [
            "ЖРТ орточо балл, кыргыз тилинде",
            "Средний балл ОРТ, на кыргызском языке",
            "ORT mean score, test in Kyrgyz",
        ],
        Method::PerTaker,
        Unit::Score,
        true,
        RATIO,
        "Σ scores / takers of the Kyrgyz-language main test (cohort rows; else the school's ky summary)",
        "Mean main-test score of the takers who sat the test in Kyrgyz (DOMAIN §2.4).",
    ).persons(),
    ind(
        "ort_mean_ru",
        [
            "ЖРТ орточо балл, орус тилинде",
            "Средний балл ОРТ, на русском языке",
            "ORT mean score, test in Russian",
        ],
        Method::PerTaker,
        Unit::Score,
        true,
        RATIO,
        "Σ scores / takers of the Russian-language main test (cohort rows; else the school's ru summary)",
        "Mean main-test score of the takers who sat the test in Russian.",
    ).persons(),
    ind(
        "ort_mean_uz",
        [
            "ЖРТ орточо балл, өзбек тилинде",
            "Средний балл ОРТ, на узбекском языке",
            "ORT mean score, test in Uzbek",
        ],
        Method::PerTaker,
        Unit::Score,
        true,
        RATIO,
        "Σ scores / takers of the Uzbek-language main test (cohort rows; else the school's uz summary)",
        "Mean main-test score of the takers who sat the test in Uzbek.",
    ).persons(),
    ind(
        "ort_pass_pct_ky",
        [
            "ЖРТ босогодон өткөндөр, кыргыз тилинде",
            "Доля набравших порог ОРТ, на кыргызском языке",
            "ORT share at or above threshold, test in Kyrgyz",
        ],
        Method::PerTaker,
        Unit::Percent,
        true,
        PCT,
        "Kyrgyz-language takers with score ≥ that year's grant threshold / those takers × 100",
        "Share at or above the year's threshold (ort_threshold, grant) among the takers who sat the test in Kyrgyz.",
    ).persons(),
    ind(
        "ort_pass_pct_ru",
        [
            "ЖРТ босогодон өткөндөр, орус тилинде",
            "Доля набравших порог ОРТ, на русском языке",
            "ORT share at or above threshold, test in Russian",
        ],
        Method::PerTaker,
        Unit::Percent,
        true,
        PCT,
        "Russian-language takers with score ≥ that year's grant threshold / those takers × 100",
        "Share at or above the year's threshold among the takers who sat the test in Russian.",
    ).persons(),
    ind(
        "ort_pass_pct_uz",
        [
            "ЖРТ босогодон өткөндөр, өзбек тилинде",
            "Доля набравших порог ОРТ, на узбекском языке",
            "ORT share at or above threshold, test in Uzbek",
        ],
        Method::PerTaker,
        Unit::Percent,
        true,
        PCT,
        "Uzbek-language takers with score ≥ that year's grant threshold / those takers × 100",
        "Share at or above the year's threshold among the takers who sat the test in Uzbek.",
    ).persons(),
    ind(
        "ort_subject_pass_pct",
        [
            "ЖРТ предметтик тесттер: босогодон өткөндөр",
            "Предметные тесты ОРТ: доля набравших порог",
            "ORT subject tests at or above threshold",
        ],
        Method::PerMark,
        Unit::Percent,
        true,
        PCT,
        "subject tests with score ≥ that year's grant subject threshold / subject tests of the cohort × 100",
        "Over every subject test the school's cohort sat (a taker counts once per subject), against the year's subject threshold (ort_threshold.subject_min, grant); no value in a year without a stored subject threshold.",
    ).persons(),
    ind(
        "left_mid_year_pct",
        [
            "Жыл ичинде кеткен окуучулар",
            "Выбывшие в течение года",
            "Pupils who left during the year",
        ],
        Method::PerPupil,
        Unit::Percent,
        false,
        PCT,
        "left_mid_year / enrolment × 100",
        "Retention (контингентин сактоо, seed 000): pupils who left during the year per 100 enrolled at its start.",
    ).persons(),
    ind(
        "leavers_after_grade9_pct",
        [
            "9-класстан кийин кеткендер",
            "Ушедшие после 9 класса",
            "Leavers after grade 9",
        ],
        Method::PerPupil,
        Unit::Percent,
        false,
        PCT,
        "leavers_after_grade9 / pupils in grade 9 the year before × 100",
        "Share of last year's grade-9 pupils who did not continue to grade 10 at the school (seed 003 weakness).",
    ).persons(),
    ind(
        "survey_satisfied_parents_pct",
        [
            "Ата-энелердин канааттануусу",
            "Удовлетворённость родителей",
            "Parents satisfied",
        ],
        Method::PerRespondent,
        Unit::Percent,
        true,
        PCT,
        "satisfied / respondents × 100 (parents' survey)",
        "Share of surveyed parents who are satisfied with the school.",
    ).persons(),
    ind(
        "survey_satisfied_pupils_pct",
        [
            "Окуучулардын канааттануусу",
            "Удовлетворённость учащихся",
            "Pupils satisfied",
        ],
        Method::PerRespondent,
        Unit::Percent,
        true,
        PCT,
        "satisfied / respondents × 100 (pupils' survey)",
        "Share of surveyed pupils who are satisfied with the school.",
    ).persons(),
    ind(
        "survey_satisfied_teachers_pct",
        [
            "Мугалимдердин канааттануусу",
            "Удовлетворённость учителей",
            "Teachers satisfied",
        ],
        Method::PerRespondent,
        Unit::Percent,
        true,
        PCT,
        "satisfied / respondents × 100 (teachers' survey)",
        "Share of surveyed teachers who are satisfied with the school.",
    ).persons(),
];

/// The fact tables an indicator is computed from (reference tables such as `academic_year`
/// and `school` left out), for the README's indicator table; a test holds every code to a
/// non-empty list.
pub fn sources(code: &str) -> &'static [&'static str] {
    match code {
        "knowledge_quality_pct" | "success_pct" => &["class_outcome", "reported_indicator"],
        "knowledge_quality_marks_pct" | "success_marks_pct" => &["mark_summary"],
        "average_mark" | "sou_pct" => &["mark_summary", "reported_indicator"],
        c if c.starts_with("admin_control") || c.starts_with("final_attestation") => {
            &["mark_summary"]
        }
        "ort_max" => &["ort_result", "ort_school_summary"],
        "ort_pass_pct" | "ort_pass_pct_ky" | "ort_pass_pct_ru" | "ort_pass_pct_uz" => {
            &["ort_result", "ort_school_summary", "ort_threshold"]
        }
        "ort_subject_pass_pct" => &["ort_subject_score", "ort_result", "ort_threshold"],
        c if c.starts_with("ort_") => &["ort_result", "ort_school_summary"],
        "olympiad_score" => &["olympiad_count_report", "olympiad_result"],
        "olympiad_prizes_per_100_pupils" => &[
            "olympiad_count_report",
            "olympiad_result",
            "enrolment_snapshot",
        ],
        c if c.starts_with("olympiad_prizes_") => &["olympiad_count_report", "olympiad_result"],
        "teachers_total"
        | "teachers_higher_ed_pct"
        | "teachers_trained_5y_pct"
        | "teachers_awarded_pct" => &["staff_snapshot"],
        "training_hours_per_teacher" => &["teacher_training", "staff_snapshot"],
        "pupils_per_teacher" => &["enrolment_snapshot", "staff_snapshot"],
        "enrolment" | "left_mid_year_pct" => &["enrolment_snapshot"],
        "capacity_utilisation_pct" => &["enrolment_snapshot", "school.design_capacity"],
        "pupils_per_computer" => &["enrolment_snapshot", "infrastructure_snapshot"],
        "textbook_provision_pct" => &["textbook_provision"],
        "quality_index" => &["the indicators it weighs (jobs.quality_index_weights)"],
        "teachers_trained_5y_register_pct" => {
            &["teacher", "teacher_training_attendance", "teacher_training"]
        }
        "leavers_after_grade9_pct" => &["enrolment_snapshot", "enrolment_grade"],
        c if c.starts_with("survey_") => &["survey"],
        _ => &[],
    }
}

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
