//! The import kinds: each one's columns (with Kyrgyz, Russian and English headers), its target
//! table and natural key, and how a row becomes a database row. The checks here run before
//! anything is written and name the column a secretary has to fix; the database's named
//! CHECKs stay as the last line of defence.

use super::cell::{Ty, V};
use super::resolve::{ContestSpec, Resolver};
use super::{Row, RowError};
use crate::bulk::Target;
use crate::error::Result;
use sea_orm::{ConnectionTrait, Value};

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

const fn col(
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

const COUNT: Ty = Ty::Count;
const PCT: Ty = Ty::Decimal {
    min: 0.0,
    max: 100.0,
};
const LANG: Ty = Ty::Enum(&[
    ("ky", &["кыргыз", "кыргызча", "кыргызский", "kyrgyz"]),
    ("ru", &["орус", "орусча", "русский", "russian"]),
    ("uz", &["өзбек", "узбекский", "uzbek"]),
    ("tj", &["тажик", "таджикский", "tajik"]),
    ("en", &["англис", "английский", "english"]),
]);
const LEVEL: Ty = Ty::Enum(&[
    ("school", &["мектептик", "школьный"]),
    ("zonal", &["зоналык", "зональный"]),
    ("district", &["райондук", "районный"]),
    ("city", &["шаардык", "городской"]),
    ("oblast", &["облустук", "областной"]),
    ("republic", &["республикалык", "республиканский"]),
    ("international", &["эл аралык", "международный"]),
]);
/// Place, award and referral, shared by olympiad and contest results (DOMAIN.md §3).
const PLACING: [Col; 3] = [
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
const AWARD: Ty = Ty::Enum(&[
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
const SESSION: Ty = Ty::Enum(&[
    ("summer", &["жайкы", "летний"]),
    ("winter", &["кышкы", "зимний"]),
]);

/// How a row names its school: the code, or the district with the number or the name.
const SCHOOL: [Col; 4] = [
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
const YEAR: Col = col(
    "academic_year",
    "окуу жылы",
    "учебный год",
    Ty::Year,
    true,
    "e.g. 2017-2018 (2017-2018-о.ж. and 2017-18 are accepted)",
);

/// What can be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Schools,
    MarkSummaries,
    ClassOutcomes,
    ReportedIndicators,
    OrtResults,
    OrtSummaries,
    OlympiadResults,
    OlympiadCounts,
    ContestResults,
    Teachers,
    Training,
    StaffSnapshots,
    EnrolmentSnapshots,
    InfrastructureSnapshots,
    TextbookProvision,
}

impl ImportKind {
    pub const ALL: [ImportKind; 15] = [
        ImportKind::Schools,
        ImportKind::MarkSummaries,
        ImportKind::ClassOutcomes,
        ImportKind::ReportedIndicators,
        ImportKind::OrtResults,
        ImportKind::OrtSummaries,
        ImportKind::OlympiadResults,
        ImportKind::OlympiadCounts,
        ImportKind::ContestResults,
        ImportKind::Teachers,
        ImportKind::Training,
        ImportKind::StaffSnapshots,
        ImportKind::EnrolmentSnapshots,
        ImportKind::InfrastructureSnapshots,
        ImportKind::TextbookProvision,
    ];

    /// The name used on the command line (`sapat import <name> <file>`).
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::Schools => "schools",
            ImportKind::MarkSummaries => "mark-summaries",
            ImportKind::ClassOutcomes => "class-outcomes",
            ImportKind::ReportedIndicators => "reported-indicators",
            ImportKind::OrtResults => "ort-results",
            ImportKind::OrtSummaries => "ort-summaries",
            ImportKind::OlympiadResults => "olympiad-results",
            ImportKind::OlympiadCounts => "olympiad-counts",
            ImportKind::ContestResults => "contest-results",
            ImportKind::Teachers => "teachers",
            ImportKind::Training => "training",
            ImportKind::StaffSnapshots => "staff",
            ImportKind::EnrolmentSnapshots => "enrolment",
            ImportKind::InfrastructureSnapshots => "infrastructure",
            ImportKind::TextbookProvision => "textbooks",
        }
    }

    pub fn parse(name: &str) -> std::result::Result<ImportKind, String> {
        ImportKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = ImportKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown import kind `{name}`; one of: {}", names.join(", "))
            })
    }

    /// The template's columns, in order.
    pub fn columns(self) -> Vec<Col> {
        let with_school_year = |rest: &[Col]| -> Vec<Col> {
            let mut v = SCHOOL.to_vec();
            v.push(YEAR);
            v.extend_from_slice(rest);
            v
        };
        match self {
            ImportKind::Schools => vec![
                col(
                    "school_code",
                    "мектептин коду",
                    "код школы",
                    Ty::Text { max: 64 },
                    true,
                    "stable code, e.g. KG-O-UZG-045",
                ),
                col(
                    "district",
                    "район",
                    "район",
                    Ty::Name,
                    true,
                    "district code (KG-O-UZG) or name (Өзгөн району)",
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
                    "number within the district",
                ),
                col(
                    "name_ky",
                    "аталышы (кыргызча)",
                    "название (кыргызское)",
                    Ty::Name,
                    true,
                    "name in Kyrgyz",
                ),
                col(
                    "name_ru",
                    "аталышы (орусча)",
                    "название (русское)",
                    Ty::Name,
                    true,
                    "name in Russian",
                ),
                col(
                    "name_en",
                    "аталышы (англисче)",
                    "название (английское)",
                    Ty::Name,
                    false,
                    "name in English",
                ),
                col(
                    "settlement",
                    "калктуу пункт",
                    "населённый пункт",
                    Ty::Name,
                    false,
                    "village or town",
                ),
                col(
                    "address",
                    "дареги",
                    "адрес",
                    Ty::Text { max: 500 },
                    false,
                    "",
                ),
                col(
                    "ownership",
                    "менчик түрү",
                    "форма собственности",
                    Ty::Enum(&[
                        ("state", &["мамлекеттик", "государственная"]),
                        ("municipal", &["муниципалдык", "муниципальная"]),
                        ("private", &["жеке", "частная"]),
                    ]),
                    true,
                    "state, municipal or private",
                ),
                col(
                    "school_type",
                    "мектептин түрү",
                    "тип школы",
                    Ty::Enum(&[
                        (
                            "general",
                            &["жалпы билим берүүчү", "общеобразовательная", "орто мектеп"],
                        ),
                        ("gymnasium", &["гимназия"]),
                        ("lyceum", &["лицей"]),
                        ("specialised", &["адистештирилген", "специализированная"]),
                        ("correspondence", &["сырттан окуу", "заочная"]),
                        ("complex", &["комплекс", "комплекс"]),
                    ]),
                    true,
                    "general, gymnasium, lyceum, specialised, correspondence or complex",
                ),
                col(
                    "languages",
                    "окутуу тилдери",
                    "языки обучения",
                    Ty::Text { max: 100 },
                    false,
                    "comma-separated: ky, ru, uz, tj, en (or кыргыз, орус …)",
                ),
                col(
                    "founded_year",
                    "негизделген жылы",
                    "год основания",
                    Ty::Int {
                        min: 1800,
                        max: 2100,
                    },
                    false,
                    "",
                ),
                col(
                    "design_capacity",
                    "долбоордук кубаттуулук",
                    "проектная мощность",
                    Ty::Int {
                        min: 1,
                        max: 20_000,
                    },
                    false,
                    "seats the building was designed for",
                ),
                col(
                    "phone",
                    "телефон",
                    "телефон",
                    Ty::Text { max: 100 },
                    false,
                    "",
                ),
                col(
                    "email",
                    "электрондук почта",
                    "электронная почта",
                    Ty::Text { max: 200 },
                    false,
                    "",
                ),
                col(
                    "website",
                    "веб-сайт",
                    "веб-сайт",
                    Ty::Text { max: 200 },
                    false,
                    "",
                ),
                col(
                    "license_no",
                    "лицензиянын номери",
                    "номер лицензии",
                    Ty::Text { max: 100 },
                    false,
                    "",
                ),
                col(
                    "registration_no",
                    "каттоо номери",
                    "регистрационный номер",
                    Ty::Text { max: 100 },
                    false,
                    "",
                ),
            ],
            ImportKind::MarkSummaries => with_school_year(&[
                col(
                    "grade",
                    "класс",
                    "класс",
                    Ty::Int { min: 1, max: 12 },
                    true,
                    "1..12",
                ),
                col(
                    "class_letter",
                    "тамга",
                    "буква",
                    Ty::Text { max: 8 },
                    false,
                    "А, Б … (blank for a whole grade)",
                ),
                col(
                    "class_language",
                    "класстын тили",
                    "язык класса",
                    LANG,
                    false,
                    "ky, ru, uz, tj",
                ),
                col(
                    "subject",
                    "сабак",
                    "предмет",
                    Ty::Name,
                    true,
                    "subject code or name",
                ),
                col(
                    "period",
                    "мезгил",
                    "период",
                    PERIOD,
                    true,
                    "Q1..Q4, H1, H2 or year (1-чейрек, жылдык …)",
                ),
                col(
                    "assessment_kind",
                    "баалоонун түрү",
                    "вид оценивания",
                    ASSESSMENT,
                    false,
                    "period_marks (default), admin_control, final_attestation, minimum_requirement",
                ),
                col(
                    "exam_form",
                    "сынактын формасы",
                    "форма экзамена",
                    Ty::Enum(&[
                        ("written_test", &["жазуу тест", "письменный тест"]),
                        ("essay", &["дил баян", "сочинение", "изложение"]),
                        ("oral", &["оозеки", "устный"]),
                    ]),
                    false,
                    "final attestation only",
                ),
                col("n5", "5", "5", COUNT, false, "pupils with 5 (\"-\" = 0)"),
                col("n4", "4", "4", COUNT, false, "pupils with 4"),
                col("n3", "3", "3", COUNT, false, "pupils with 3"),
                col("n2", "2", "2", COUNT, false, "pupils with 2"),
                col("n1", "1", "1", COUNT, false, "pupils with 1"),
                col(
                    "n_na",
                    "аттестацияланган жок",
                    "н/а",
                    COUNT,
                    false,
                    "not attested",
                ),
                col(
                    "n_exempt",
                    "бошотулган",
                    "освобождены",
                    COUNT,
                    false,
                    "exempt",
                ),
                col(
                    "n_enrolled",
                    "окуучулар",
                    "учащихся",
                    Ty::Int { min: 0, max: 60 },
                    true,
                    "pupils on the class list at period end",
                ),
            ]),
            ImportKind::ClassOutcomes => with_school_year(&[
                col(
                    "grade",
                    "класс",
                    "класс",
                    Ty::Int { min: 1, max: 12 },
                    true,
                    "1..12",
                ),
                col(
                    "class_letter",
                    "тамга",
                    "буква",
                    Ty::Text { max: 8 },
                    false,
                    "",
                ),
                col(
                    "class_language",
                    "класстын тили",
                    "язык класса",
                    LANG,
                    false,
                    "",
                ),
                col(
                    "period",
                    "мезгил",
                    "период",
                    PERIOD,
                    true,
                    "Q1..Q4, H1, H2 or year",
                ),
                col(
                    "n_all_5",
                    "мыкты окуучулар",
                    "отличники",
                    COUNT,
                    false,
                    "only 5s",
                ),
                col(
                    "n_4_5",
                    "жакшы окуучулар",
                    "хорошисты",
                    COUNT,
                    false,
                    "only 4s and 5s, at least one 4",
                ),
                col(
                    "n_with_3",
                    "3 менен",
                    "с тройками",
                    COUNT,
                    false,
                    "a 3 but no 2",
                ),
                col(
                    "n_with_2",
                    "2 менен",
                    "неуспевающие",
                    COUNT,
                    false,
                    "at least one 2",
                ),
                col("n_na", "аттестацияланган жок", "н/а", COUNT, false, ""),
                col("n_exempt", "бошотулган", "освобождены", COUNT, false, ""),
                col(
                    "n_enrolled",
                    "окуучулар",
                    "учащихся",
                    Ty::Int { min: 0, max: 60 },
                    true,
                    "",
                ),
            ]),
            ImportKind::ReportedIndicators => with_school_year(&[
                col(
                    "indicator",
                    "көрсөткүч",
                    "показатель",
                    Ty::Enum(&[
                        ("knowledge_quality", &["билим сапаты", "качество знаний"]),
                        ("success_rate", &["жетишүү", "успеваемость"]),
                        ("sou", &["соу"]),
                        ("average_mark", &["орточо баа", "средний балл"]),
                    ]),
                    true,
                    "knowledge_quality, success_rate, sou, average_mark",
                ),
                col("period", "мезгил", "период", PERIOD, false, "default: year"),
                col(
                    "grade",
                    "класс",
                    "класс",
                    Ty::Int { min: 1, max: 12 },
                    false,
                    "only for a grade's value",
                ),
                col(
                    "subject",
                    "сабак",
                    "предмет",
                    Ty::Name,
                    false,
                    "only for a subject's value",
                ),
                col(
                    "value",
                    "маани",
                    "значение",
                    Ty::Decimal {
                        min: 0.0,
                        max: 100.0,
                    },
                    true,
                    "percent (91,78 or 91.78%); average mark 1..5",
                ),
                col(
                    "note",
                    "эскертүү",
                    "примечание",
                    Ty::Text { max: 500 },
                    false,
                    "where the figure comes from",
                ),
            ]),
            ImportKind::OrtResults => with_school_year(&[
                col(
                    "session",
                    "сессия",
                    "сессия",
                    SESSION,
                    false,
                    "summer (default) or winter",
                ),
                col(
                    "student_ref",
                    "окуучунун коду",
                    "код ученика",
                    Ty::Text { max: 64 },
                    true,
                    "pseudonymous reference, never a name",
                ),
                col(
                    "listing",
                    "тизме",
                    "список",
                    Ty::Enum(&[
                        ("cohort", &["бардыгы", "все"]),
                        ("top_scorers", &["мыктылар", "лучшие"]),
                    ]),
                    false,
                    "cohort (default) or top_scorers",
                ),
                col(
                    "test_language",
                    "тест тили",
                    "язык теста",
                    Ty::Enum(&[
                        ("ky", &["кыргыз", "кыргызский"]),
                        ("ru", &["орус", "русский"]),
                        ("uz", &["өзбек", "узбекский"]),
                    ]),
                    false,
                    "",
                ),
                col(
                    "main_score",
                    "негизги тест",
                    "основной тест",
                    Ty::Int { min: 0, max: 1000 },
                    true,
                    "main-test score (at most the configured maximum)",
                ),
                col(
                    "state_lang_level",
                    "мамлекеттик тил деңгээли",
                    "уровень госязыка",
                    Ty::Enum(&[
                        ("high", &["жогорку", "высокий"]),
                        ("above_intermediate", &["орточодон жогору", "выше среднего"]),
                        ("intermediate", &["орточо", "средний"]),
                        ("below_intermediate", &["орточодон төмөн", "ниже среднего"]),
                    ]),
                    false,
                    "",
                ),
                col(
                    "gold_certificate",
                    "алтын сертификат",
                    "золотой сертификат",
                    Ty::Bool,
                    false,
                    "yes/no",
                ),
            ]),
            ImportKind::OrtSummaries => with_school_year(&[
                col(
                    "session",
                    "сессия",
                    "сессия",
                    SESSION,
                    false,
                    "summer (default) or winter",
                ),
                col(
                    "test_language",
                    "тест тили",
                    "язык теста",
                    Ty::Enum(&[
                        ("all", &["баары", "все"]),
                        ("ky", &["кыргыз"]),
                        ("ru", &["орус", "русский"]),
                        ("uz", &["өзбек"]),
                    ]),
                    false,
                    "all (default), ky, ru, uz",
                ),
                col("participants", "катышуучулар", "участники", COUNT, true, ""),
                col(
                    "mean_score",
                    "орточо балл",
                    "средний балл",
                    Ty::Decimal {
                        min: 0.0,
                        max: 1000.0,
                    },
                    false,
                    "",
                ),
                col(
                    "median_score",
                    "медиана",
                    "медиана",
                    Ty::Decimal {
                        min: 0.0,
                        max: 1000.0,
                    },
                    false,
                    "",
                ),
                col(
                    "max_score",
                    "эң жогорку балл",
                    "максимальный балл",
                    Ty::Int { min: 0, max: 1000 },
                    false,
                    "",
                ),
                col(
                    "min_score",
                    "эң төмөнкү балл",
                    "минимальный балл",
                    Ty::Int { min: 0, max: 1000 },
                    false,
                    "",
                ),
                col(
                    "threshold",
                    "босого балл",
                    "пороговый балл",
                    Ty::Int { min: 0, max: 1000 },
                    false,
                    "the threshold n_ge_threshold counts against",
                ),
                col(
                    "n_ge_threshold",
                    "босогодон өткөндөр",
                    "набрали порог",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "gold_certificates",
                    "алтын сертификаттар",
                    "золотые сертификаты",
                    COUNT,
                    false,
                    "",
                ),
            ]),
            ImportKind::OlympiadResults => {
                let mut v = with_school_year(&[
                    col(
                        "subject",
                        "сабак",
                        "предмет",
                        Ty::Name,
                        true,
                        "subject code or name (математика, биология …)",
                    ),
                    col(
                        "olympiad_kind",
                        "олимпиаданын түрү",
                        "вид олимпиады",
                        Ty::Enum(&[
                            (
                                "republican",
                                &["республикалык олимпиада", "республиканская олимпиада"],
                            ),
                            ("national", &["улуттук олимпиада", "национальная олимпиада"]),
                            ("other", &["башка", "другая"]),
                        ]),
                        false,
                        "republican (default: the republican olympiad of school pupils), national or other",
                    ),
                    col(
                        "level",
                        "деңгээл",
                        "уровень",
                        LEVEL,
                        true,
                        "the stage: school, zonal, district, city, oblast, republic, international (мектептик, зоналык, райондук …)",
                    ),
                    col(
                        "student_ref",
                        "окуучунун коду",
                        "код ученика",
                        Ty::Text { max: 64 },
                        true,
                        "pseudonymous reference, never a name; one row per pupil and stage",
                    ),
                    col(
                        "grade",
                        "класс",
                        "класс",
                        Ty::Int { min: 1, max: 12 },
                        false,
                        "the pupil's grade, 1..12",
                    ),
                ]);
                v.extend_from_slice(&PLACING);
                v
            }
            ImportKind::OlympiadCounts => with_school_year(&[
                col(
                    "level",
                    "деңгээл",
                    "уровень",
                    LEVEL,
                    true,
                    "zonal, district, oblast, … (зоналык, райондук, облустук …)",
                ),
                col(
                    "prize_count",
                    "байге алгандар",
                    "призёры",
                    COUNT,
                    false,
                    "\"-\" = none; blank = not reported",
                ),
                col(
                    "participant_count",
                    "катышуучулар",
                    "участники",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "note",
                    "эскертүү",
                    "примечание",
                    Ty::Text { max: 500 },
                    false,
                    "",
                ),
            ]),
            ImportKind::ContestResults => {
                let mut v = with_school_year(&[
                    col(
                        "contest_name_ky",
                        "сынактын аталышы (кыргызча)",
                        "название конкурса (кыргызское)",
                        Ty::Name,
                        true,
                        "the contest's Kyrgyz name, e.g. Манас таануу (the same name each year)",
                    ),
                    col(
                        "contest_name_ru",
                        "сынактын аталышы (орусча)",
                        "название конкурса (русское)",
                        Ty::Name,
                        false,
                        "",
                    ),
                    col(
                        "contest_name_en",
                        "сынактын аталышы (англисче)",
                        "название конкурса (английское)",
                        Ty::Name,
                        false,
                        "",
                    ),
                    col(
                        "category",
                        "сынактын түрү",
                        "вид конкурса",
                        Ty::Enum(&[
                            ("intellectual", &["интеллектуалдык", "интеллектуальный"]),
                            ("creative", &["чыгармачылык", "творческий"]),
                            ("sport", &["спорттук", "спортивный"]),
                            ("other", &["башка", "другой"]),
                        ]),
                        false,
                        "intellectual (default for a new contest), creative, sport or other",
                    ),
                    col(
                        "level",
                        "деңгээл",
                        "уровень",
                        LEVEL,
                        true,
                        "the round: school, zonal, district, city, oblast, republic, international",
                    ),
                    col(
                        "entry_ref",
                        "катышуучунун коду",
                        "код участника",
                        Ty::Text { max: 64 },
                        true,
                        "pseudonymous pupil or team code, never a name",
                    ),
                    col(
                        "participants",
                        "катышуучулардын саны",
                        "число участников",
                        Ty::Int { min: 1, max: 1000 },
                        false,
                        "pupils in the entry (a team's size); blank = not known",
                    ),
                ]);
                v.extend_from_slice(&PLACING);
                v
            }
            ImportKind::Teachers => {
                let mut v = SCHOOL.to_vec();
                v.extend_from_slice(&[
                    col(
                        "teacher_ref",
                        "мугалимдин коду",
                        "код учителя",
                        Ty::Text { max: 64 },
                        true,
                        "pseudonymous reference",
                    ),
                    col(
                        "full_name",
                        "аты-жөнү",
                        "ФИО",
                        Ty::Name,
                        false,
                        "optional; visible only to the school and the ministry",
                    ),
                    col(
                        "main_subject",
                        "негизги сабак",
                        "основной предмет",
                        Ty::Name,
                        false,
                        "subject code or name",
                    ),
                    col(
                        "education_level",
                        "билими",
                        "образование",
                        Ty::Enum(&[
                            ("secondary", &["орто", "среднее"]),
                            (
                                "secondary_vocational",
                                &["орто кесиптик", "среднее специальное"],
                            ),
                            (
                                "incomplete_higher",
                                &["толук эмес жогорку", "неполное высшее"],
                            ),
                            ("higher", &["жогорку", "высшее"]),
                            ("postgraduate", &["аспирантура"]),
                        ]),
                        false,
                        "",
                    ),
                    col(
                        "category",
                        "категория",
                        "категория",
                        Ty::Enum(&[
                            ("none", &["жок", "нет"]),
                            ("second", &["ii", "экинчи", "вторая"]),
                            ("first", &["i", "биринчи", "первая"]),
                            ("highest", &["жогорку", "высшая"]),
                        ]),
                        false,
                        "none (default), second, first, highest",
                    ),
                    col(
                        "category_since",
                        "категория алган жылы",
                        "год категории",
                        Ty::Int {
                            min: 1950,
                            max: 2100,
                        },
                        false,
                        "",
                    ),
                    col(
                        "hired_year",
                        "иштей баштаган жылы",
                        "год приёма",
                        Ty::Int {
                            min: 1950,
                            max: 2100,
                        },
                        false,
                        "",
                    ),
                    col(
                        "left_year",
                        "кеткен жылы",
                        "год ухода",
                        Ty::Int {
                            min: 1950,
                            max: 2100,
                        },
                        false,
                        "",
                    ),
                    col(
                        "young_specialist",
                        "жаш адис",
                        "молодой специалист",
                        Ty::Bool,
                        false,
                        "yes/no",
                    ),
                ]);
                v
            }
            ImportKind::Training => with_school_year(&[
                col(
                    "programme_name_ky",
                    "программа (кыргызча)",
                    "программа (кыргызская)",
                    Ty::Name,
                    true,
                    "",
                ),
                col(
                    "programme_name_ru",
                    "программа (орусча)",
                    "программа (русская)",
                    Ty::Name,
                    false,
                    "",
                ),
                col(
                    "provider",
                    "уюштуруучу",
                    "организатор",
                    Ty::Enum(&[
                        ("ripk", &["рипк", "республикалык институт"]),
                        (
                            "kae",
                            &[
                                "кбба",
                                "кыргыз билим берүү академиясы",
                                "кыргызская академия образования",
                            ],
                        ),
                        (
                            "oblast_institute",
                            &["омбөи", "облустук институт", "областной институт"],
                        ),
                        ("university", &["университет"]),
                        (
                            "ngo_international",
                            &["эл аралык уюм", "международная организация"],
                        ),
                        ("school", &["мектеп", "школа"]),
                        ("other", &["башка", "другое"]),
                    ]),
                    false,
                    "default: other",
                ),
                col(
                    "hours",
                    "саат",
                    "часы",
                    Ty::Int { min: 1, max: 2000 },
                    false,
                    "",
                ),
                col(
                    "participants",
                    "катышуучулар",
                    "участники",
                    COUNT,
                    true,
                    "teachers who attended",
                ),
            ]),
            ImportKind::StaffSnapshots => with_school_year(&[
                col(
                    "teachers_total",
                    "мугалимдер",
                    "учителей всего",
                    COUNT,
                    true,
                    "",
                ),
                col(
                    "with_higher_ed",
                    "жогорку билимдүү",
                    "с высшим образованием",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "with_award_excellence",
                    "билим берүүнүн мыктысы",
                    "отличники образования",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "category_none",
                    "категориясыз",
                    "без категории",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "category_second",
                    "II категория",
                    "II категория",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "category_first",
                    "I категория",
                    "I категория",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "category_highest",
                    "жогорку категория",
                    "высшая категория",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "young_teachers",
                    "жаш мугалимдер",
                    "молодые учителя",
                    COUNT,
                    false,
                    "",
                ),
                col("mentors", "насаатчылар", "наставники", COUNT, false, ""),
                col(
                    "trained_this_year",
                    "быйыл окугандар",
                    "прошли курсы в этом году",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "trained_last_5y",
                    "5 жылда окугандар",
                    "прошли курсы за 5 лет",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "over_rate_teachers",
                    "штаттан тышкары",
                    "сверх штата",
                    COUNT,
                    false,
                    "",
                ),
                col("vacancies", "бош орундар", "вакансии", COUNT, false, ""),
                col(
                    "ict_competent_pct",
                    "АКТ колдонгондор %",
                    "владеют ИКТ %",
                    PCT,
                    false,
                    "",
                ),
                col(
                    "interactive_board_pct",
                    "интерактивдүү доска %",
                    "интерактивная доска %",
                    PCT,
                    false,
                    "",
                ),
            ]),
            ImportKind::EnrolmentSnapshots => with_school_year(&[
                col(
                    "enrolment",
                    "окуучулардын саны",
                    "контингент",
                    COUNT,
                    true,
                    "pupils",
                ),
                col(
                    "shifts",
                    "сменалар",
                    "смены",
                    Ty::Int { min: 1, max: 3 },
                    false,
                    "1..3",
                ),
                col(
                    "class_sets",
                    "класс комплект",
                    "класс-комплекты",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "first_grade_intake",
                    "1-класска кабыл алынгандар",
                    "приём в 1 класс",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "preparatory_intake",
                    "даярдоо классы",
                    "подготовительный класс",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "left_mid_year",
                    "жыл ичинде кеткендер",
                    "выбыли в течение года",
                    COUNT,
                    false,
                    "",
                ),
                col(
                    "leavers_after_grade9",
                    "9-класстан кийин кеткендер",
                    "ушли после 9 класса",
                    COUNT,
                    false,
                    "",
                ),
            ]),
            ImportKind::InfrastructureSnapshots => with_school_year(&INFRASTRUCTURE),
            ImportKind::TextbookProvision => with_school_year(&[
                col(
                    "grade_band",
                    "класстар",
                    "классы",
                    Ty::Enum(&[
                        ("all", &["баары", "все"]),
                        ("1-4", &[]),
                        ("5-9", &[]),
                        ("10-12", &[]),
                    ]),
                    false,
                    "all (default), 1-4, 5-9, 10-12",
                ),
                col(
                    "required",
                    "керек",
                    "требуется",
                    Ty::Int {
                        min: 1,
                        max: 10_000_000,
                    },
                    false,
                    "textbooks required",
                ),
                col(
                    "available",
                    "бар",
                    "в наличии",
                    COUNT,
                    false,
                    "textbooks available",
                ),
                col(
                    "provision_pct",
                    "камсыздалышы %",
                    "обеспеченность %",
                    PCT,
                    false,
                    "when only the percentage is known",
                ),
            ]),
        }
    }

    /// The file columns that identify a row, for the message about a repeated row.
    pub fn key_columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Schools => &["school_code"],
            ImportKind::MarkSummaries => &[
                "school",
                "academic_year",
                "grade",
                "class_letter",
                "subject",
                "period",
                "assessment_kind",
            ],
            ImportKind::ClassOutcomes => {
                &["school", "academic_year", "grade", "class_letter", "period"]
            }
            ImportKind::ReportedIndicators => &[
                "school",
                "academic_year",
                "period",
                "indicator",
                "grade",
                "subject",
            ],
            ImportKind::OrtResults => &["school", "academic_year", "session", "student_ref"],
            ImportKind::OrtSummaries => &["school", "academic_year", "session", "test_language"],
            ImportKind::OlympiadResults => &[
                "school",
                "academic_year",
                "subject",
                "olympiad_kind",
                "level",
                "student_ref",
            ],
            ImportKind::OlympiadCounts => &["school", "academic_year", "level"],
            ImportKind::ContestResults => &[
                "school",
                "academic_year",
                "contest_name_ky",
                "level",
                "entry_ref",
            ],
            ImportKind::Teachers => &["school", "teacher_ref"],
            ImportKind::Training => &["school", "academic_year", "programme_name_ky", "provider"],
            ImportKind::StaffSnapshots
            | ImportKind::EnrolmentSnapshots
            | ImportKind::InfrastructureSnapshots => &["school", "academic_year"],
            ImportKind::TextbookProvision => &["school", "academic_year", "grade_band"],
        }
    }

    /// The table the kind writes and its natural key.
    pub fn target(self) -> Target {
        match self {
            ImportKind::Schools => Target {
                table: "school",
                columns: &[
                    "code",
                    "district_id",
                    "number",
                    "name_ky",
                    "name_ru",
                    "name_en",
                    "name_search",
                    "settlement",
                    "address",
                    "ownership",
                    "school_type",
                    "founded_year",
                    "design_capacity",
                    "phone",
                    "email",
                    "website",
                    "license_no",
                    "registration_no",
                ],
                key: &["code"],
                year_column: None,
            },
            ImportKind::MarkSummaries => Target {
                table: "mark_summary",
                columns: &[
                    "class_group_id",
                    "subject_id",
                    "period_id",
                    "assessment_kind",
                    "exam_form",
                    "n5",
                    "n4",
                    "n3",
                    "n2",
                    "n1",
                    "n_na",
                    "n_exempt",
                    "n_enrolled",
                ],
                key: &[
                    "class_group_id",
                    "subject_id",
                    "period_id",
                    "assessment_kind",
                ],
                year_column: None,
            },
            ImportKind::ClassOutcomes => Target {
                table: "class_outcome",
                columns: &[
                    "class_group_id",
                    "period_id",
                    "n_all_5",
                    "n_4_5",
                    "n_with_3",
                    "n_with_2",
                    "n_na",
                    "n_exempt",
                    "n_enrolled",
                ],
                key: &["class_group_id", "period_id"],
                year_column: None,
            },
            ImportKind::ReportedIndicators => Target {
                table: "reported_indicator",
                columns: &[
                    "school_id",
                    "period_id",
                    "indicator",
                    "scope",
                    "grade",
                    "subject_id",
                    "scope_key",
                    "value",
                    "source",
                    "source_note",
                ],
                key: &["school_id", "period_id", "indicator", "scope_key"],
                year_column: None,
            },
            ImportKind::OrtResults => Target {
                table: "ort_result",
                columns: &[
                    "school_id",
                    "academic_year",
                    "session",
                    "student_ref",
                    "listing",
                    "test_language",
                    "main_score",
                    "main_max",
                    "state_lang_level",
                    "gold_certificate",
                ],
                key: &["school_id", "academic_year", "session", "student_ref"],
                year_column: Some("academic_year"),
            },
            ImportKind::OrtSummaries => Target {
                table: "ort_school_summary",
                columns: &[
                    "school_id",
                    "academic_year",
                    "session",
                    "test_language",
                    "participants",
                    "mean_score",
                    "median_score",
                    "max_score",
                    "min_score",
                    "main_max",
                    "threshold",
                    "n_ge_threshold",
                    "gold_certificates",
                ],
                key: &["school_id", "academic_year", "session", "test_language"],
                year_column: Some("academic_year"),
            },
            ImportKind::OlympiadResults => Target {
                table: "olympiad_result",
                columns: &[
                    "olympiad_id",
                    "school_id",
                    "student_ref",
                    "grade",
                    "place",
                    "award",
                    "advanced_to_next",
                ],
                key: &["olympiad_id", "school_id", "student_ref"],
                // The year is the olympiad's; rows carry it for the change watermark.
                year_column: None,
            },
            ImportKind::ContestResults => Target {
                table: "contest_result",
                columns: &[
                    "contest_id",
                    "school_id",
                    "entry_ref",
                    "participants",
                    "place",
                    "award",
                    "advanced_to_next",
                ],
                key: &["contest_id", "school_id", "entry_ref"],
                year_column: None,
            },
            ImportKind::OlympiadCounts => Target {
                table: "olympiad_count_report",
                columns: &[
                    "school_id",
                    "academic_year",
                    "level",
                    "prize_count",
                    "participant_count",
                    "note",
                ],
                key: &["school_id", "academic_year", "level"],
                year_column: Some("academic_year"),
            },
            ImportKind::Teachers => Target {
                table: "teacher",
                columns: &[
                    "school_id",
                    "teacher_ref",
                    "full_name",
                    "main_subject_id",
                    "education_level",
                    "category",
                    "category_since",
                    "hired_year",
                    "left_year",
                    "young_specialist",
                ],
                key: &["school_id", "teacher_ref"],
                year_column: None,
            },
            ImportKind::Training => Target {
                table: "teacher_training",
                columns: &[
                    "school_id",
                    "academic_year",
                    "programme_name_ky",
                    "programme_name_ru",
                    "provider",
                    "hours",
                    "participants",
                ],
                key: &[
                    "school_id",
                    "academic_year",
                    "programme_name_ky",
                    "provider",
                ],
                year_column: Some("academic_year"),
            },
            ImportKind::StaffSnapshots => Target {
                table: "staff_snapshot",
                columns: &[
                    "school_id",
                    "academic_year",
                    "teachers_total",
                    "with_higher_ed",
                    "with_award_excellence",
                    "category_none",
                    "category_second",
                    "category_first",
                    "category_highest",
                    "young_teachers",
                    "mentors",
                    "trained_this_year",
                    "trained_last_5y",
                    "over_rate_teachers",
                    "vacancies",
                    "ict_competent_pct",
                    "interactive_board_pct",
                ],
                key: &["school_id", "academic_year"],
                year_column: Some("academic_year"),
            },
            ImportKind::EnrolmentSnapshots => Target {
                table: "enrolment_snapshot",
                columns: &[
                    "school_id",
                    "academic_year",
                    "enrolment",
                    "shifts",
                    "class_sets",
                    "first_grade_intake",
                    "preparatory_intake",
                    "left_mid_year",
                    "leavers_after_grade9",
                ],
                key: &["school_id", "academic_year"],
                year_column: Some("academic_year"),
            },
            ImportKind::InfrastructureSnapshots => Target {
                table: "infrastructure_snapshot",
                columns: &INFRASTRUCTURE_COLUMNS,
                key: &["school_id", "academic_year"],
                year_column: Some("academic_year"),
            },
            ImportKind::TextbookProvision => Target {
                table: "textbook_provision",
                columns: &[
                    "school_id",
                    "academic_year",
                    "grade_band",
                    "required",
                    "available",
                    "provision_pct",
                ],
                key: &["school_id", "academic_year", "grade_band"],
                year_column: Some("academic_year"),
            },
        }
    }
}

const PERIOD: Ty = Ty::Enum(&[
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

const ASSESSMENT: Ty = Ty::Enum(&[
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

const INFRASTRUCTURE: [Col; 25] = [
    col(
        "classrooms",
        "класс бөлмөлөр",
        "классные комнаты",
        COUNT,
        false,
        "",
    ),
    col(
        "extracurricular_rooms",
        "класстан тышкаркы бөлмөлөр",
        "внеклассные помещения",
        COUNT,
        false,
        "",
    ),
    col("labs", "лабораториялар", "лаборатории", COUNT, false, ""),
    col(
        "computer_classes",
        "компьютер класстары",
        "компьютерные классы",
        COUNT,
        false,
        "",
    ),
    col("computers", "компьютерлер", "компьютеры", COUNT, false, ""),
    col("laptops", "ноутбуктар", "ноутбуки", COUNT, false, ""),
    col("printers", "принтерлер", "принтеры", COUNT, false, ""),
    col("copiers", "көчүрмө аппараттар", "копиры", COUNT, false, ""),
    col("projectors", "проекторлор", "проекторы", COUNT, false, ""),
    col(
        "interactive_boards",
        "интерактивдүү доскалар",
        "интерактивные доски",
        COUNT,
        false,
        "",
    ),
    col(
        "internet_channels",
        "интернет байланыштары",
        "каналы интернета",
        COUNT,
        false,
        "",
    ),
    col("sport_halls", "спорт залдар", "спортзалы", COUNT, false, ""),
    col(
        "sport_hall_area_m2",
        "спорт зал аянты м²",
        "площадь спортзала м²",
        Ty::Decimal {
            min: 0.0,
            max: 100_000.0,
        },
        false,
        "270,25",
    ),
    col(
        "sport_grounds",
        "спорт аянтчалар",
        "спортплощадки",
        COUNT,
        false,
        "",
    ),
    col(
        "sport_ground_area_m2",
        "спорт аянтча м²",
        "площадь спортплощадки м²",
        Ty::Decimal {
            min: 0.0,
            max: 1_000_000.0,
        },
        false,
        "",
    ),
    col("libraries", "китепканалар", "библиотеки", COUNT, false, ""),
    col(
        "library_fund",
        "китеп фонду",
        "библиотечный фонд",
        COUNT,
        false,
        "",
    ),
    col(
        "reading_room_seats",
        "окуу залы орун",
        "мест в читальном зале",
        COUNT,
        false,
        "",
    ),
    col(
        "medical_rooms",
        "медициналык бөлмө",
        "медкабинеты",
        COUNT,
        false,
        "",
    ),
    col("canteens", "ашканалар", "столовые", COUNT, false, ""),
    col(
        "cctv_cameras",
        "видео көзөмөл",
        "камеры видеонаблюдения",
        COUNT,
        false,
        "",
    ),
    col(
        "toilets_indoor",
        "ички даараткана",
        "внутренние туалеты",
        COUNT,
        false,
        "",
    ),
    col(
        "toilets_outdoor",
        "тышкы даараткана",
        "уличные туалеты",
        COUNT,
        false,
        "",
    ),
    col(
        "fire_boards",
        "өрт щиттери",
        "пожарные щиты",
        COUNT,
        false,
        "",
    ),
    col(
        "water_reservoirs",
        "суу сактагычтар",
        "резервуары воды",
        COUNT,
        false,
        "",
    ),
];

const INFRASTRUCTURE_COLUMNS: [&str; 27] = [
    "school_id",
    "academic_year",
    "classrooms",
    "extracurricular_rooms",
    "labs",
    "computer_classes",
    "computers",
    "laptops",
    "printers",
    "copiers",
    "projectors",
    "interactive_boards",
    "internet_channels",
    "sport_halls",
    "sport_hall_area_m2",
    "sport_grounds",
    "sport_ground_area_m2",
    "libraries",
    "library_fund",
    "reading_room_seats",
    "medical_rooms",
    "canteens",
    "cctv_cameras",
    "toilets_indoor",
    "toilets_outdoor",
    "fire_boards",
    "water_reservoirs",
];

/// A row's parsed cells, by column key.
pub struct Fields<'a> {
    pub line: u64,
    pub cols: &'a [Col],
    pub values: Vec<V>,
    pub raw: Vec<Option<String>>,
}

impl Fields<'_> {
    fn idx(&self, key: &str) -> usize {
        self.cols
            .iter()
            .position(|c| c.key == key)
            .unwrap_or_else(|| panic!("no column {key}"))
    }
    pub fn get(&self, key: &str) -> &V {
        &self.values[self.idx(key)]
    }
    pub fn int(&self, key: &str) -> Option<i64> {
        self.get(key).int()
    }
    pub fn i32(&self, key: &str) -> Option<i32> {
        self.int(key).and_then(|i| i32::try_from(i).ok())
    }
    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key).num()
    }
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).text()
    }
    /// An error about one cell, quoting what the file holds.
    pub fn error(&self, key: &str, message: impl Into<String>) -> RowError {
        RowError {
            forbidden: false,
            row: self.line,
            column: Some(key.to_owned()),
            value: self.raw[self.idx(key)].clone(),
            message: message.into(),
        }
    }
    /// The value of `key` as a database value (NULL when blank).
    pub fn value(&self, key: &str) -> Value {
        match self.get(key) {
            V::Null => match self.cols[self.idx(key)].ty {
                Ty::Int { .. } | Ty::Count | Ty::Year => Value::Int(None),
                Ty::Decimal { .. } => Value::Double(None),
                Ty::Bool => Value::Bool(None),
                Ty::Date => Value::ChronoDate(None),
                _ => Value::String(None),
            },
            V::Int(i) => Value::Int(Some(*i as i32)),
            V::Num(n) => Value::Double(Some(*n)),
            V::Text(t) => Value::String(Some(t.clone())),
            V::Bool(b) => Value::Bool(Some(*b)),
            V::Date(d) => Value::ChronoDate(Some(*d)),
        }
    }
    fn count_or_zero(&self, key: &str) -> i64 {
        self.int(key).unwrap_or(0)
    }
}

/// Settings an import needs from configuration.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub ort_main_max: i32,
}

/// Builds the database row for one parsed row, or the row's errors.
pub async fn build(
    kind: ImportKind,
    f: &Fields<'_>,
    r: &mut Resolver,
    db: &impl ConnectionTrait,
    ctx: &Context,
) -> Result<std::result::Result<Row, Vec<RowError>>> {
    let mut errors = Vec::new();
    if kind == ImportKind::Schools {
        return Ok(school_row(f, r));
    }
    let school_id = match r.school(
        f.text("school_code"),
        f.text("district"),
        f.int("school_number"),
        f.text("school_name"),
    ) {
        Ok(id) => Some(id),
        Err(message) => {
            let column = if f.text("school_code").is_some() {
                "school_code"
            } else {
                "district"
            };
            errors.push(f.error(column, message));
            None
        }
    };
    let year = if kind == ImportKind::Teachers {
        None
    } else {
        f.i32("academic_year")
    };
    if let Some(y) = year {
        r.year(db, y).await?;
    }
    let Some(school_id) = school_id else {
        return Ok(Err(errors));
    };
    let sid = Value::Int(Some(school_id));
    let yv = Value::Int(year);
    let row = |values: Vec<Value>| Row {
        year,
        values,
        languages: None,
        school_id: Some(school_id),
    };
    let result = match kind {
        ImportKind::Schools => unreachable!("handled above"),
        ImportKind::MarkSummaries | ImportKind::ClassOutcomes => {
            let counts: &[&str] = if kind == ImportKind::MarkSummaries {
                &["n5", "n4", "n3", "n2", "n1", "n_na", "n_exempt"]
            } else {
                &[
                    "n_all_5", "n_4_5", "n_with_3", "n_with_2", "n_na", "n_exempt",
                ]
            };
            let total: i64 = counts.iter().map(|c| f.count_or_zero(c)).sum();
            let enrolled = f.int("n_enrolled").unwrap_or(0);
            if total > enrolled {
                errors.push(f.error("n_enrolled", format!("the counts ({}) add up to {total}, more than the {enrolled} pupils enrolled", counts.join(" + "))));
            }
            let subject = if kind == ImportKind::MarkSummaries {
                subject_of(f, r, "subject", &mut errors)
            } else {
                None
            };
            let assessment = if kind == ImportKind::MarkSummaries {
                f.text("assessment_kind")
                    .unwrap_or("period_marks")
                    .to_owned()
            } else {
                String::new()
            };
            if kind == ImportKind::MarkSummaries
                && f.text("exam_form").is_some()
                && assessment != "final_attestation"
            {
                errors.push(f.error(
                    "exam_form",
                    "an exam form belongs only to final_attestation rows",
                ));
            }
            if !errors.is_empty() {
                return Ok(Err(errors));
            }
            let y = year.unwrap_or_default();
            let (pkind, pidx) = period_of(f.text("period").unwrap_or("year"));
            let period_id = r.period(db, y, pkind, pidx).await?;
            let grade = f.i32("grade").unwrap_or_default();
            let letter = f.text("class_letter").unwrap_or("").to_owned();
            let class_id = r
                .class(db, school_id, y, grade, &letter, f.text("class_language"))
                .await?;
            let mut values = vec![Value::Int(Some(class_id))];
            if let Some(subject_id) = subject {
                values.extend([
                    Value::Int(Some(subject_id)),
                    Value::Int(Some(period_id)),
                    Value::String(Some(assessment)),
                    f.value("exam_form"),
                ]);
            } else {
                values.push(Value::Int(Some(period_id)));
            }
            values.extend(
                counts
                    .iter()
                    .map(|c| Value::Int(Some(f.count_or_zero(c) as i32))),
            );
            values.push(f.value("n_enrolled"));
            row(values)
        }
        ImportKind::ReportedIndicators => {
            let indicator = f.text("indicator").unwrap_or_default().to_owned();
            let value = f.num("value").unwrap_or_default();
            if indicator == "average_mark" && !(1.0..=5.0).contains(&value) {
                errors.push(f.error("value", "an average mark is between 1 and 5"));
            }
            let subject_id = subject_of(f, r, "subject", &mut errors);
            if !errors.is_empty() {
                return Ok(Err(errors));
            }
            let grade = f.i32("grade");
            let (scope, scope_key) = match (subject_id, grade) {
                (Some(s), Some(g)) => ("subject", format!("subject:{s}:{g}")),
                (Some(s), None) => ("subject", format!("subject:{s}")),
                (None, Some(g)) => ("grade", format!("grade:{g}")),
                (None, None) => ("school", "school".to_owned()),
            };
            let (pkind, pidx) = period_of(f.text("period").unwrap_or("year"));
            let period_id = r.period(db, year.unwrap_or_default(), pkind, pidx).await?;
            row(vec![
                sid,
                Value::Int(Some(period_id)),
                Value::String(Some(indicator)),
                Value::String(Some(scope.into())),
                Value::Int(grade),
                Value::Int(subject_id),
                Value::String(Some(scope_key)),
                Value::Double(Some(value)),
                Value::String(Some("import".into())),
                f.value("note"),
            ])
        }
        ImportKind::OrtResults => {
            let score = f.int("main_score").unwrap_or_default();
            if score > i64::from(ctx.ort_main_max) {
                errors.push(f.error(
                    "main_score",
                    format!("is above the ORT maximum of {}", ctx.ort_main_max),
                ));
            }
            row(vec![
                sid,
                yv,
                Value::String(Some(f.text("session").unwrap_or("summer").into())),
                f.value("student_ref"),
                Value::String(Some(f.text("listing").unwrap_or("cohort").into())),
                f.value("test_language"),
                f.value("main_score"),
                Value::Int(Some(ctx.ort_main_max)),
                f.value("state_lang_level"),
                Value::Bool(Some(matches!(f.get("gold_certificate"), V::Bool(true)))),
            ])
        }
        ImportKind::OrtSummaries => {
            let participants = f.int("participants").unwrap_or_default();
            let max = i64::from(ctx.ort_main_max);
            for c in ["max_score", "min_score"] {
                if f.int(c).is_some_and(|v| v > max) {
                    errors.push(f.error(c, format!("is above the ORT maximum of {max}")));
                }
            }
            for c in ["mean_score", "median_score"] {
                if f.num(c).is_some_and(|v| v > max as f64) {
                    errors.push(f.error(c, format!("is above the ORT maximum of {max}")));
                }
            }
            if let (Some(lo), Some(hi)) = (f.int("min_score"), f.int("max_score"))
                && lo > hi
            {
                errors.push(f.error("min_score", "the lowest score is above the highest"));
            }
            for c in ["n_ge_threshold", "gold_certificates"] {
                if f.int(c).is_some_and(|v| v > participants) {
                    errors
                        .push(f.error(c, format!("is more than the {participants} participants")));
                }
            }
            if f.int("n_ge_threshold").is_some() && f.int("threshold").is_none() {
                errors.push(f.error(
                    "threshold",
                    "give the threshold that n_ge_threshold counts against",
                ));
            }
            row(vec![
                sid,
                yv,
                Value::String(Some(f.text("session").unwrap_or("summer").into())),
                Value::String(Some(f.text("test_language").unwrap_or("all").into())),
                f.value("participants"),
                f.value("mean_score"),
                f.value("median_score"),
                f.value("max_score"),
                f.value("min_score"),
                Value::Int(Some(ctx.ort_main_max)),
                f.value("threshold"),
                f.value("n_ge_threshold"),
                f.value("gold_certificates"),
            ])
        }
        ImportKind::OlympiadResults | ImportKind::ContestResults => {
            let level = f.text("level").unwrap_or_default();
            let (place, award) = placing(f, level, &mut errors);
            let subject = if kind == ImportKind::OlympiadResults {
                subject_of(f, r, "subject", &mut errors)
            } else {
                None
            };
            if !errors.is_empty() {
                return Ok(Err(errors));
            }
            let y = year.unwrap_or_default();
            let (parent, entry, detail) = if let Some(subject_id) = subject {
                let olympiad_kind = f.text("olympiad_kind").unwrap_or("republican");
                let id = r.olympiad(db, y, subject_id, olympiad_kind, level).await?;
                (id, "student_ref", "grade")
            } else {
                let spec = ContestSpec {
                    name_ky: f.text("contest_name_ky").unwrap_or_default(),
                    name_ru: f.text("contest_name_ru"),
                    name_en: f.text("contest_name_en"),
                    category: f.text("category"),
                    level,
                };
                match r.contest(db, y, &spec, f.line).await? {
                    Ok(id) => (id, "entry_ref", "participants"),
                    Err((column, message)) => return Ok(Err(vec![f.error(column, message)])),
                }
            };
            row(vec![
                Value::Int(Some(parent)),
                sid,
                f.value(entry),
                f.value(detail),
                Value::Int(place),
                Value::String(Some(award)),
                Value::Bool(Some(matches!(f.get("advanced_to_next"), V::Bool(true)))),
            ])
        }
        ImportKind::OlympiadCounts => row(vec![
            sid,
            yv,
            f.value("level"),
            f.value("prize_count"),
            f.value("participant_count"),
            f.value("note"),
        ]),
        ImportKind::Teachers => {
            let subject_id = subject_of(f, r, "main_subject", &mut errors);
            if let (Some(h), Some(l)) = (f.int("hired_year"), f.int("left_year"))
                && l < h
            {
                errors.push(f.error("left_year", "is before the year the teacher was hired"));
            }
            row(vec![
                sid,
                f.value("teacher_ref"),
                f.value("full_name"),
                Value::Int(subject_id),
                f.value("education_level"),
                Value::String(Some(f.text("category").unwrap_or("none").into())),
                f.value("category_since"),
                f.value("hired_year"),
                f.value("left_year"),
                Value::Bool(Some(matches!(f.get("young_specialist"), V::Bool(true)))),
            ])
        }
        ImportKind::Training => row(vec![
            sid,
            yv,
            f.value("programme_name_ky"),
            f.value("programme_name_ru"),
            Value::String(Some(f.text("provider").unwrap_or("other").into())),
            f.value("hours"),
            f.value("participants"),
        ]),
        ImportKind::StaffSnapshots => {
            let total = f.int("teachers_total").unwrap_or_default();
            for c in [
                "with_higher_ed",
                "with_award_excellence",
                "young_teachers",
                "mentors",
                "trained_this_year",
                "trained_last_5y",
                "over_rate_teachers",
            ] {
                if f.int(c).is_some_and(|v| v > total) {
                    errors.push(f.error(c, format!("is more than the {total} teachers in total")));
                }
            }
            let categories: i64 = [
                "category_none",
                "category_second",
                "category_first",
                "category_highest",
            ]
            .iter()
            .map(|c| f.count_or_zero(c))
            .sum();
            if categories > total {
                errors.push(f.error(
                    "category_none",
                    format!(
                        "the categories add up to {categories}, more than the {total} teachers"
                    ),
                ));
            }
            let mut values = vec![sid, yv];
            values.extend(kind.target().columns[2..].iter().map(|c| f.value(c)));
            row(values)
        }
        ImportKind::EnrolmentSnapshots => {
            if let (Some(first), Some(total)) = (f.int("first_grade_intake"), f.int("enrolment"))
                && first > total
            {
                errors.push(f.error(
                    "first_grade_intake",
                    format!("is more than the {total} pupils enrolled"),
                ));
            }
            let mut values = vec![sid, yv];
            values.extend(kind.target().columns[2..].iter().map(|c| f.value(c)));
            row(values)
        }
        ImportKind::InfrastructureSnapshots => {
            let mut values = vec![sid, yv];
            values.extend(kind.target().columns[2..].iter().map(|c| f.value(c)));
            row(values)
        }
        ImportKind::TextbookProvision => {
            let has_counts = f.int("required").is_some() && f.int("available").is_some();
            if !has_counts && f.num("provision_pct").is_none() {
                errors.push(f.error(
                    "provision_pct",
                    "give required and available, or the percentage",
                ));
            }
            row(vec![
                sid,
                yv,
                Value::String(Some(f.text("grade_band").unwrap_or("all").into())),
                f.value("required"),
                f.value("available"),
                f.value("provision_pct"),
            ])
        }
    };
    Ok(if errors.is_empty() {
        Ok(result)
    } else {
        Err(errors)
    })
}

/// A subject named in column `key` (None when blank); an unknown one is an error.
fn subject_of(f: &Fields<'_>, r: &Resolver, key: &str, errors: &mut Vec<RowError>) -> Option<i32> {
    let name = f.text(key)?;
    let id = r.subject(name);
    if id.is_none() {
        errors.push(f.error(
            key,
            "unknown subject: use a code such as mathematics or the Kyrgyz/Russian name",
        ));
    }
    id
}

/// The place and award of an olympiad or contest result. Places 1–3 earn the diplomas of
/// degrees I–III (DOMAIN.md §3), so a blank award of a placed entrant is that diploma, a
/// diploma of another degree is a mistake, and a placed entrant is not a mere participant.
fn placing(f: &Fields<'_>, level: &str, errors: &mut Vec<RowError>) -> (Option<i32>, String) {
    let place = f.i32("place");
    let award = match (place, f.text("award")) {
        (_, Some(a)) => a.to_owned(),
        (Some(p), None) => format!("diploma_{p}"),
        (None, None) => "participant".to_owned(),
    };
    if let Some(p) = place {
        match award.strip_prefix("diploma_") {
            Some(degree) if degree != p.to_string() => errors.push(f.error(
                "award",
                format!(
                    "a diploma of degree {degree} goes with place {degree}, but place is {p}: fix the place or the award"
                ),
            )),
            None if award == "participant" => errors.push(f.error(
                "award",
                format!("place {p} earns a diploma or certificate, not participant"),
            )),
            _ => {}
        }
    }
    if level == "international" && matches!(f.get("advanced_to_next"), V::Bool(true)) {
        errors.push(f.error(
            "advanced_to_next",
            "there is no stage after the international one",
        ));
    }
    (place, award)
}

fn period_of(code: &str) -> (&'static str, i32) {
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

fn school_row(f: &Fields<'_>, r: &Resolver) -> std::result::Result<Row, Vec<RowError>> {
    let mut errors = Vec::new();
    let district = f.text("district").unwrap_or_default();
    let district_id = r.district(district);
    if district_id.is_none() {
        errors.push(f.error(
            "district",
            "unknown district: use its code (e.g. KG-O-UZG) or its Kyrgyz or Russian name",
        ));
    }
    let mut languages = Vec::new();
    if let Some(list) = f.text("languages") {
        for part in list
            .split([',', ';', '/'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match super::cell::parse(LANG, part) {
                Ok(V::Text(code)) => languages.push(code),
                _ => errors.push(f.error(
                    "languages",
                    format!("`{part}` is not a language: use ky, ru, uz, tj, en"),
                )),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let name_ky = f.text("name_ky").unwrap_or_default();
    let name_ru = f.text("name_ru").unwrap_or_default();
    let search = crate::school::search_key(name_ky, name_ru, f.text("name_en"));
    let mut values = vec![f.value("school_code"), Value::Int(district_id)];
    values.extend(
        ["school_number", "name_ky", "name_ru", "name_en"]
            .iter()
            .map(|c| f.value(c)),
    );
    values.push(Value::String(Some(search)));
    values.extend(
        [
            "settlement",
            "address",
            "ownership",
            "school_type",
            "founded_year",
            "design_capacity",
            "phone",
            "email",
            "website",
            "license_no",
            "registration_no",
        ]
        .iter()
        .map(|c| f.value(c)),
    );
    Ok(Row {
        year: None,
        values,
        // A blank column leaves the stored languages as they are; a list replaces them.
        languages: f.text("languages").map(|_| languages),
        // The school when it exists already (an update), for the scope check.
        school_id: f
            .text("school_code")
            .and_then(|code| r.school(Some(code), None, None, None).ok()),
    })
}
