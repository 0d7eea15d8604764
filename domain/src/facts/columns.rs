//! Column declarations shared by several fact kinds: how a row names its school and year,
//! levels, places and awards, periods, assessment kinds, languages.

pub use crate::import::cell::Ty;

/// One column of a template.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// The English header, also the canonical key.
    pub key: &'static str,
    pub ky: &'static str,
    pub ru: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub help: &'static str,
}

pub const fn col(
    key: &'static str,
    ky: &'static str,
    ru: &'static str,
    ty: Ty,
    required: bool,
    help: &'static str,
) -> Col {
    Col {
        key,
        ky,
        ru,
        ty,
        required,
        help,
    }
}

/// A count of pupils, teachers, rooms, books…: none reaches a million in one school.
pub const COUNT: Ty = Ty::Count { max: 1_000_000 };
/// Pupils of one school (the largest have a few thousand).
pub const PUPILS: Ty = Ty::Count { max: 20_000 };
pub const PCT: Ty = Ty::Decimal {
    min: 0.0,
    max: 100.0,
};
pub const LANG: Ty = Ty::Enum(&[
    ("ky", &["кыргыз", "кыргызча", "кыргызский", "kyrgyz"]),
    ("ru", &["орус", "орусча", "русский", "russian"]),
    ("uz", &["өзбек", "узбекский", "uzbek"]),
    ("tj", &["тажик", "таджикский", "tajik"]),
    ("en", &["англис", "английский", "english"]),
]);
pub const LEVEL: Ty = Ty::Enum(&[
    ("school", &["мектептик", "школьный"]),
    ("zonal", &["зоналык", "зональный"]),
    ("district", &["райондук", "районный"]),
    ("city", &["шаардык", "городской"]),
    ("oblast", &["облустук", "областной"]),
    ("republic", &["республикалык", "республиканский"]),
    ("international", &["эл аралык", "международный"]),
]);
/// Place, award and referral, shared by olympiad and contest results (DOMAIN.md §3).
pub const PLACING: [Col; 3] = [
    col(
        "place",
        "орун",
        "место",
        Ty::Int { min: 1, max: 3 },
        false,
        "1, 2 or 3; blank without a place",
    ),
    col(
        "award",
        "сыйлык",
        "награда",
        AWARD,
        false,
        "diploma_1..diploma_3 (1-даражадагы диплом …), certificate (грамота) or participant; blank: the diploma of the place's degree, or participant without a place",
    ),
    col(
        "advanced_to_next",
        "кийинки турга жолдома",
        "направлен на следующий этап",
        Ty::Bool,
        false,
        "yes/no (default no): referred to the next stage (жолдома)",
    ),
];
pub const AWARD: Ty = Ty::Enum(&[
    (
        "diploma_1",
        &[
            "1-даражадагы диплом",
            "1 даражадагы диплом",
            "I даражадагы диплом",
            "диплом 1 степени",
            "диплом I степени",
            "диплом І степени",
            "diploma 1",
        ],
    ),
    (
        "diploma_2",
        &[
            "2-даражадагы диплом",
            "2 даражадагы диплом",
            "II даражадагы диплом",
            "диплом 2 степени",
            "диплом II степени",
            "диплом ІІ степени",
            "diploma 2",
        ],
    ),
    (
        "diploma_3",
        &[
            "3-даражадагы диплом",
            "3 даражадагы диплом",
            "III даражадагы диплом",
            "диплом 3 степени",
            "диплом III степени",
            "диплом ІІІ степени",
            "diploma 3",
        ],
    ),
    (
        "certificate",
        &["грамота", "ардак грамота", "сертификат", "certificate"],
    ),
    ("participant", &["катышуучу", "участник"]),
]);
pub const SESSION: Ty = Ty::Enum(&[
    ("summer", &["жайкы", "летний"]),
    ("winter", &["кышкы", "зимний"]),
]);

/// A class within its grade: the letter (blank for a whole grade).
pub const CLASS_LETTER: Col = col(
    "class_letter",
    "тамга",
    "буква",
    Ty::Text { max: 8 },
    false,
    "А, Б … (blank for a whole grade)",
);
/// The class's language of instruction.
pub const CLASS_LANGUAGE: Col = col(
    "class_language",
    "класстын тили",
    "язык класса",
    LANG,
    false,
    "ky, ru, uz, tj",
);
/// A reference subject, by code or name.
pub const SUBJECT: Col = col(
    "subject",
    "сабак",
    "предмет",
    Ty::Name,
    true,
    "subject code or name",
);

/// How a row names its school: the code, or the district with the number or the name.
pub const SCHOOL: [Col; 4] = [
    col(
        "school_code",
        "мектептин коду",
        "код школы",
        Ty::Text { max: 64 },
        false,
        "the school's code (e.g. KG-O-UZG-045); or give district with school_number or school_name",
    ),
    col(
        "district",
        "район",
        "район",
        Ty::Name,
        false,
        "district code or name (needed without school_code)",
    ),
    col(
        "school_number",
        "мектептин номери",
        "номер школы",
        Ty::Int {
            min: 1,
            max: 100_000,
        },
        false,
        "school number within the district",
    ),
    col(
        "school_name",
        "мектептин аталышы",
        "название школы",
        Ty::Name,
        false,
        "school name as registered (Kyrgyz or Russian)",
    ),
];
pub const YEAR: Col = col(
    "academic_year",
    "окуу жылы",
    "учебный год",
    Ty::Year,
    true,
    "e.g. 2017-2018 (2017-2018-о.ж. and 2017-18 are accepted)",
);

pub const PERIOD: Ty = Ty::Enum(&[
    (
        "Q1",
        &[
            "1-чейрек",
            "1 чейрек",
            "1 четверть",
            "i четверть",
            "quarter 1",
        ],
    ),
    (
        "Q2",
        &[
            "2-чейрек",
            "2 чейрек",
            "2 четверть",
            "ii четверть",
            "quarter 2",
        ],
    ),
    (
        "Q3",
        &[
            "3-чейрек",
            "3 чейрек",
            "3 четверть",
            "iii четверть",
            "quarter 3",
        ],
    ),
    (
        "Q4",
        &[
            "4-чейрек",
            "4 чейрек",
            "4 четверть",
            "iv четверть",
            "quarter 4",
        ],
    ),
    ("H1", &["1-жарым жылдык", "1 полугодие", "half 1"]),
    ("H2", &["2-жарым жылдык", "2 полугодие", "half 2"]),
    (
        "year",
        &[
            "жылдык",
            "годовая",
            "год",
            "annual",
            "1-4-чейректин жыйынтыгы",
        ],
    ),
]);

pub const ASSESSMENT: Ty = Ty::Enum(&[
    (
        "period_marks",
        &["чейректик баа", "четвертные оценки", "marks"],
    ),
    (
        "admin_control",
        &[
            "административдик көзөмөл",
            "кесинди",
            "административная контрольная",
            "срез",
        ],
    ),
    (
        "final_attestation",
        &[
            "жма",
            "жыйынтыктоочу мамлекеттик аттестация",
            "гиа",
            "итоговая аттестация",
        ],
    ),
    (
        "minimum_requirement",
        &["минимум талап", "минимальные требования"],
    ),
]);

/// The school columns, the academic year, then the kind's own columns.
pub fn with_school_year(rest: &[Col]) -> Vec<Col> {
    let mut v = SCHOOL.to_vec();
    v.push(YEAR);
    v.extend_from_slice(rest);
    v
}

/// The period a template code stands for: (kind, index).
pub fn period_of(code: &str) -> (&'static str, i32) {
    match code {
        "Q1" => (crate::year::QUARTER, 1),
        "Q2" => (crate::year::QUARTER, 2),
        "Q3" => (crate::year::QUARTER, 3),
        "Q4" => (crate::year::QUARTER, 4),
        "H1" => (crate::year::HALF_YEAR, 1),
        "H2" => (crate::year::HALF_YEAR, 2),
        _ => (crate::year::YEAR, 1),
    }
}
