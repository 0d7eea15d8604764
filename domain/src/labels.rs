//! Kyrgyz, Russian and English labels of the coded values the database stores (ownership,
//! school type, assessment kind …), so every client shows the same words. A code without a
//! label here is shown as itself.

/// A code's names in the three languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub code: &'static str,
    pub ky: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
}

/// Which list a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    Ownership,
    SchoolType,
    Language,
    RegionKind,
    DistrictKind,
    AssessmentKind,
    PeriodKind,
    Level,
    Award,
    AccreditationType,
    AccreditationDecision,
    TeacherCategory,
    EducationLevel,
    TrainingProvider,
    PointKind,
    OrtSession,
}

const fn l(code: &'static str, ky: &'static str, ru: &'static str, en: &'static str) -> Label {
    Label { code, ky, ru, en }
}

const OWNERSHIP: &[Label] = &[
    l("state", "мамлекеттик", "государственная", "state"),
    l("municipal", "муниципалдык", "муниципальная", "municipal"),
    l("private", "жеке менчик", "частная", "private"),
];

const SCHOOL_TYPE: &[Label] = &[
    l(
        "general",
        "жалпы билим берүүчү мектеп",
        "общеобразовательная школа",
        "general school",
    ),
    l("gymnasium", "гимназия", "гимназия", "gymnasium"),
    l("lyceum", "лицей", "лицей", "lyceum"),
    l(
        "specialised",
        "адистештирилген мектеп",
        "специализированная школа",
        "specialised school",
    ),
    l(
        "correspondence",
        "сырттан окуу мектеби",
        "заочная школа",
        "correspondence school",
    ),
    l(
        "complex",
        "окуу-тарбия комплекси",
        "учебно-воспитательный комплекс",
        "school complex",
    ),
];

const LANGUAGE: &[Label] = &[
    l("ky", "кыргыз тили", "кыргызский язык", "Kyrgyz"),
    l("ru", "орус тили", "русский язык", "Russian"),
    l("uz", "өзбек тили", "узбекский язык", "Uzbek"),
    l("tj", "тажик тили", "таджикский язык", "Tajik"),
    l("en", "англис тили", "английский язык", "English"),
];

const REGION_KIND: &[Label] = &[
    l("oblast", "облус", "область", "oblast"),
    l(
        "city",
        "республикалык маанидеги шаар",
        "город республиканского значения",
        "city of republican significance",
    ),
];

const DISTRICT_KIND: &[Label] = &[
    l("rayon", "район", "район", "district"),
    l(
        "city_district",
        "шаардагы район",
        "район города",
        "city district",
    ),
    l("city", "шаар", "город", "city"),
];

const ASSESSMENT_KIND: &[Label] = &[
    l(
        "period_marks",
        "мезгилдик баалар",
        "отметки за период",
        "period marks",
    ),
    l(
        "admin_control",
        "административдик текшерүү иши",
        "административная контрольная работа",
        "administrative control test",
    ),
    l(
        "final_attestation",
        "жыйынтыктоочу аттестация",
        "итоговая аттестация",
        "final attestation",
    ),
    l(
        "minimum_requirement",
        "милдеттүү минимум",
        "обязательный минимум",
        "minimum requirement",
    ),
];

const PERIOD_KIND: &[Label] = &[
    l("quarter", "чейрек", "четверть", "quarter"),
    l("half_year", "жарым жылдык", "полугодие", "half-year"),
    l("year", "жылдык", "год", "year"),
];

const LEVEL: &[Label] = &[
    l("school", "мектептик", "школьный", "school"),
    l("zonal", "зоналык", "зональный", "zonal"),
    l("district", "райондук", "районный", "district"),
    l("city", "шаардык", "городской", "city"),
    l("oblast", "облустук", "областной", "oblast"),
    l("republic", "республикалык", "республиканский", "republic"),
    l(
        "international",
        "эл аралык",
        "международный",
        "international",
    ),
];

const AWARD: &[Label] = &[
    l(
        "diploma_1",
        "I даражадагы диплом",
        "диплом I степени",
        "first-degree diploma",
    ),
    l(
        "diploma_2",
        "II даражадагы диплом",
        "диплом II степени",
        "second-degree diploma",
    ),
    l(
        "diploma_3",
        "III даражадагы диплом",
        "диплом III степени",
        "third-degree diploma",
    ),
    l("certificate", "ардак грамота", "грамота", "certificate"),
    l("participant", "катышуучу", "участник", "participant"),
];

const ACCREDITATION_TYPE: &[Label] = &[
    l(
        "institutional",
        "институционалдык",
        "институциональная",
        "institutional",
    ),
    l(
        "programmatic",
        "программалык",
        "программная",
        "programmatic",
    ),
];

const ACCREDITATION_DECISION: &[Label] = &[
    l(
        "full_5y",
        "5 жылга аккредитацияланды",
        "аккредитована на 5 лет",
        "accredited for 5 years",
    ),
    l(
        "conditional_1y",
        "1 жылга шарттуу аккредитацияланды",
        "условно аккредитована на 1 год",
        "conditionally accredited for 1 year",
    ),
    l(
        "refused",
        "аккредитациядан баш тартылды",
        "в аккредитации отказано",
        "refused",
    ),
];

const TEACHER_CATEGORY: &[Label] = &[
    l("none", "категориясыз", "без категории", "no category"),
    l(
        "second",
        "экинчи категория",
        "вторая категория",
        "second category",
    ),
    l(
        "first",
        "биринчи категория",
        "первая категория",
        "first category",
    ),
    l(
        "highest",
        "жогорку категория",
        "высшая категория",
        "highest category",
    ),
];

const EDUCATION_LEVEL: &[Label] = &[
    l("secondary", "орто", "среднее", "secondary"),
    l(
        "secondary_vocational",
        "орто кесиптик",
        "среднее профессиональное",
        "secondary vocational",
    ),
    l(
        "incomplete_higher",
        "толук эмес жогорку",
        "неполное высшее",
        "incomplete higher",
    ),
    l("higher", "жогорку", "высшее", "higher"),
    l(
        "postgraduate",
        "жогорку окуу жайдан кийинки",
        "послевузовское",
        "postgraduate",
    ),
];

const TRAINING_PROVIDER: &[Label] = &[
    l(
        "ripk",
        "РКЖИ",
        "РИПК",
        "Republican Institute for Teacher Training",
    ),
    l("kae", "КББА", "КАО", "Kyrgyz Academy of Education"),
    l(
        "oblast_institute",
        "облустук институт",
        "областной институт",
        "oblast institute",
    ),
    l("university", "университет", "университет", "university"),
    l(
        "ngo_international",
        "эл аралык уюм же КЭУ",
        "международная организация или НПО",
        "international organisation or NGO",
    ),
    l("school", "мектеп", "школа", "school"),
    l("other", "башка", "другое", "other"),
];

const POINT_KIND: &[Label] = &[
    l("strength", "күчтүү жак", "сильная сторона", "strength"),
    l("weakness", "алсыз жак", "слабая сторона", "weakness"),
];

const ORT_SESSION: &[Label] = &[
    l(
        "summer",
        "негизги (жайкы)",
        "основное (летнее)",
        "main (summer)",
    ),
    l("winter", "кышкы", "зимнее", "winter"),
];

impl Vocabulary {
    pub fn labels(self) -> &'static [Label] {
        match self {
            Self::Ownership => OWNERSHIP,
            Self::SchoolType => SCHOOL_TYPE,
            Self::Language => LANGUAGE,
            Self::RegionKind => REGION_KIND,
            Self::DistrictKind => DISTRICT_KIND,
            Self::AssessmentKind => ASSESSMENT_KIND,
            Self::PeriodKind => PERIOD_KIND,
            Self::Level => LEVEL,
            Self::Award => AWARD,
            Self::AccreditationType => ACCREDITATION_TYPE,
            Self::AccreditationDecision => ACCREDITATION_DECISION,
            Self::TeacherCategory => TEACHER_CATEGORY,
            Self::EducationLevel => EDUCATION_LEVEL,
            Self::TrainingProvider => TRAINING_PROVIDER,
            Self::PointKind => POINT_KIND,
            Self::OrtSession => ORT_SESSION,
        }
    }

    /// The label of `code`, if it is one of this vocabulary's.
    pub fn label(self, code: &str) -> Option<Label> {
        self.labels().iter().find(|l| l.code == code).copied()
    }
}
