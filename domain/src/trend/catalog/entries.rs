//! The catalog's entries, in display order, and the fact tables each is computed from.

use super::*;

const PCT: Aggregation = Aggregation::Ratio { scale: 100.0 };
const RATIO: Aggregation = Aggregation::Ratio { scale: 1.0 };

use crate::trend::dims::Dimension::{GradeBand, Period, Subject};

/// Per pupil, from class outcomes by grade: no subject, annual only.
const BANDS: &[Dimension] = &[GradeBand];
/// Per mark, with the quarter and half-year figures of the internal-assessment regulation
/// (knowledge quality and success every quarter).
const ALL_DIMS: &[Dimension] = &[Subject, GradeBand, Period];
/// Per mark, annual only: keeps the latest year's rows at half (docs/TRENDS.md).
const SUBJECT_BANDS: &[Dimension] = &[Subject, GradeBand];

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
    )
    .formula_in(
        "(баары «5» + «4» жана «5») / N × 100; N — бааланган окуучулар (бошотулгандар кирбейт, н/а кирет), класстардын жылдык жыйынтыктары кошулуп эсептелет",
        "(все «5» + «4» и «5») / N × 100; N — аттестованные ученики (освобождённые не учитываются, н/а учитываются), годовые итоги классов суммируются",
    ).persons().dims(BANDS),
    ind(
        "success_pct",
        ["Жетишүү", "Успеваемость", "Success rate"],
        Method::PerPupil,
        Unit::Percent,
        true,
        PCT,
        "(n_all_5 + n_4_5 + n_with_3) / N × 100, N as for knowledge quality",
        "Share of pupils with no annual 2 and not н/а, from class outcomes. Falls back to the school-reported figure (REPORTED) where a year has no class outcomes.",
    )
    .formula_in(
        "(баары «5» + «4» жана «5» + «3» менен) / N × 100; N билим сапатындагыдай",
        "(все «5» + «4» и «5» + с «3») / N × 100; N как для качества знаний",
    ).persons().dims(BANDS),
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
    ).persons().dims(ALL_DIMS),
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
    ).persons().dims(ALL_DIMS),
    ind(
        "average_mark",
        ["Орточо баа", "Средний балл", "Average mark"],
        Method::PerMark,
        Unit::Mark,
        true,
        RATIO,
        "(5·n5 + 4·n4 + 3·n3 + 2·n2) / (n5 + n4 + n3 + n2) over annual subject marks",
        "Mean annual subject mark on the 5-point scale (per mark). Falls back to the school-reported average mark (REPORTED) where a year has no annual marks.",
    ).persons().dims(SUBJECT_BANDS),
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
    ).persons().dims(SUBJECT_BANDS),
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
    )
    .formula_in(
        "ЖРТнын негизги тестин тапшырган бүтүрүүчүлөрдүн саны (же мектептин жыйынтыгындагы катышуучулар)",
        "число выпускников, сдававших основной тест ОРТ (или участники по сводке школы)",
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
    )
    .formula_in(
        "Σ баллдар / катышуучулар (бүтүрүүчүлөрдүн жазуулары боюнча; алар жок болсо, мектептин жыйынтыгы боюнча)",
        "Σ баллов / участники (по записям выпускников; если их нет, по сводке школы)",
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
    )
    .formula_in(
        "ошол жылдын гранттык босогосунан кем эмес балл алгандар / катышуучулар × 100",
        "набравшие не ниже грантового порога того года / участники × 100",
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
    )
    .formula_in(
        "мектеп билдирген байге алгандардын саны; ал жок болсо, 1–3-орун же I–III даражадагы диплом алгандар (олимпиаданын жыйынтыктары)",
        "число призёров, указанное школой; если его нет, результаты с 1–3 местом или дипломом I–III степени (результаты олимпиад)",
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
    )
    .formula_in(
        "мектеп билдирген байге алгандардын саны; ал жок болсо, 1–3-орун же I–III даражадагы диплом алгандар (олимпиаданын жыйынтыктары)",
        "число призёров, указанное школой; если его нет, результаты с 1–3 местом или дипломом I–III степени (результаты олимпиад)",
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
    )
    .formula_in(
        "мектеп билдирген байге алгандардын саны; ал жок болсо, 1–3-орун же I–III даражадагы диплом алгандар (олимпиаданын жыйынтыктары)",
        "число призёров, указанное школой; если его нет, результаты с 1–3 местом или дипломом I–III степени (результаты олимпиад)",
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
    )
    .formula_in(
        "мектеп билдирген байге алгандардын саны; ал жок болсо, 1–3-орун же I–III даражадагы диплом алгандар (олимпиаданын жыйынтыктары)",
        "число призёров, указанное школой; если его нет, результаты с 1–3 местом или дипломом I–III степени (результаты олимпиад)",
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
    )
    .formula_in(
        "мектеп билдирген байге алгандардын саны; ал жок болсо, 1–3-орун же I–III даражадагы диплом алгандар (олимпиаданын жыйынтыктары)",
        "число призёров, указанное школой; если его нет, результаты с 1–3 местом или дипломом I–III степени (результаты олимпиад)",
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
    )
    .formula_in(
        "мектеп билдирген байге алгандардын саны; ал жок болсо, 1–3-орун же I–III даражадагы диплом алгандар (олимпиаданын жыйынтыктары)",
        "число призёров, указанное школой; если его нет, результаты с 1–3 местом или дипломом I–III степени (результаты олимпиад)",
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
    )
    .formula_in(
        "Σ бардык деңгээлдеги байгелер / окуучулардын саны × 100",
        "Σ призёров всех уровней / число учащихся × 100",
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
