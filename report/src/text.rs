//! The reports' words in Kyrgyz and Russian: headings, column titles, flag and trend words and
//! the generated readings. Indicator names come from the catalog, coded values from
//! `domain::labels`.

use crate::model::{Lang, number};
use domain::trend::catalog::{Indicator, Method, Unit};
use domain::trend::snapshot::{Direction, Flag, Trend};

/// A fixed text by key; an unknown key is a programming error caught by the tests.
pub fn t(lang: Lang, key: &str) -> &'static str {
    let (ky, ru) = match key {
        "school_report" => (
            "Мектептин билим берүү сапаты боюнча жылдык отчету",
            "Годовой отчёт о качестве образования школы",
        ),
        "annex" => (
            "Аккредитация үчүн өзүн-өзү баалоо отчетуна тиркеме",
            "Приложение к отчёту о самооценке для аккредитации",
        ),
        "school" => ("Мектеп", "Школа"),
        "code" => ("Коду", "Код"),
        "district" => ("Район", "Район"),
        "region" => ("Облус", "Область"),
        "year" => ("Окуу жылы", "Учебный год"),
        "generation" => ("Маалымат", "Данные"),
        "generation_value" => (
            "жарыяланган муун №{id}, {date}",
            "опубликованное поколение №{id}, {date}",
        ),
        "footer" => ("Сапат · муун №{id}", "Сапат · поколение №{id}"),
        "passport" => ("Мектептин паспорту", "Паспорт школы"),
        "field" => ("Маалымат", "Сведение"),
        "value" => ("Мааниси", "Значение"),
        "settlement" => ("Калктуу конуш", "Населённый пункт"),
        "ownership" => ("Менчиги", "Форма собственности"),
        "school_type" => ("Түрү", "Тип"),
        "founded" => ("Негизделген жылы", "Год основания"),
        "capacity" => ("Долбоордук орун", "Проектная мощность"),
        "languages" => ("Окутуу тилдери", "Языки обучения"),
        "website" => ("Сайты", "Сайт"),
        "registration" => ("Каттоо номери", "Регистрационный номер"),
        "pupils" => ("Окуучулар", "Учащиеся"),
        "teachers" => ("Мугалимдер", "Учителя"),
        "indicator" => ("Көрсөткүч", "Показатель"),
        "trend" => ("Тренд", "Тренд"),
        "rank" => ("Райондогу орду", "Место в районе"),
        "learning" => (
            "Билим сапаты жана жетишүү",
            "Качество знаний и успеваемость",
        ),
        "marks" => (
            "Баалар: орточо баа, администрациялык текшерүү, мамлекеттик жыйынтыктоочу аттестация",
            "Отметки: средний балл, административный контроль, итоговая аттестация",
        ),
        "ort" => (
            "Жалпы республикалык тестирлөө (ЖРТ)",
            "Общереспубликанское тестирование (ОРТ)",
        ),
        "olympiads" => (
            "Олимпиадалар: байге ээлеринин саны деңгээл боюнча",
            "Олимпиады: число призёров по уровням",
        ),
        "staff" => ("Педагогдук кадрлар", "Педагогические кадры"),
        "staff_year" => (
            "Кадрлардын курамы жана квалификациясы",
            "Состав и квалификация кадров",
        ),
        "training" => (
            "Квалификацияны жогорулатуу программалары",
            "Программы повышения квалификации",
        ),
        "conditions" => ("Окутуу шарттары", "Условия обучения"),
        "infrastructure" => (
            "Материалдык-техникалык база",
            "Материально-техническая база",
        ),
        "accreditation" => ("Аккредитация", "Аккредитация"),
        "contests" => ("Сынактар", "Конкурсы"),
        "kq_chart" => (
            "Билим сапаты: мектеп, район жана облус, %",
            "Качество знаний: школа, район и область, %",
        ),
        "school_row" => ("мектеп", "школа"),
        "district_row" => ("район", "район"),
        "region_row" => ("облус", "область"),
        "method" => ("Ыкма", "Метод"),
        "mean" => ("орточо", "среднее"),
        "no_data" => ("Маалымат жок", "Нет данных"),
        "no_values" => ("Бул жылдарда маалымат жок", "Нет данных за эти годы"),
        "provisional" => (
            "* алдын ала жыл: камтуу толук эмес, трендге жана рейтингге кирбейт",
            "* предварительный год: охват неполный, не входит в тренд и рейтинг",
        ),
        "coverage" => (
            "Райондун көрсөткүчү ({year}): {n}/{m} мектеп",
            "Показатель района ({year}): {n} из {m} школ",
        ),
        "count" => ("Саны", "Количество"),
        "participants" => ("Катышуучулар", "Участники"),
        "programme" => ("Программа", "Программа"),
        "provider" => ("Уюштуруучу", "Организатор"),
        "hours" => ("Саат", "Часы"),
        "item" => ("Аталышы", "Наименование"),
        "type" => ("Түрү", "Вид"),
        "decision" => ("Чечим", "Решение"),
        "decision_year" => ("Жылы", "Год"),
        "certificate" => ("Күбөлүк", "Свидетельство"),
        "valid_until" => ("Мөөнөтү", "Действует до"),
        "no_accreditation" => (
            "Аккредитация жөнүндө маалымат жок",
            "Сведений об аккредитации нет",
        ),
        "contest" => ("Сынак", "Конкурс"),
        "level" => ("Деңгээли", "Уровень"),
        "place" => ("Орун", "Место"),
        "c27" => (
            "2.7. Окуучулардын жыйынтыктарынын динамикасы",
            "2.7. Динамика результатов учащихся",
        ),
        "c27_olympiads" => (
            "2.7. Олимпиадалардын жыйынтыктары",
            "2.7. Результаты олимпиад",
        ),
        "c27_ort" => ("2.7. ЖРТнын жыйынтыктары", "2.7. Результаты ОРТ"),
        "c27_quality" => (
            "2.7. Жалпы мектептин билим сапаты",
            "2.7. Качество знаний по школе",
        ),
        "c31" => (
            "3.1, 3.3. Кадрлар жана алардын квалификациясын жогорулатуу",
            "3.1, 3.3. Кадры и повышение их квалификации",
        ),
        "c41" => ("4.1. Материалдык ресурстар", "4.1. Материальные ресурсы"),
        "criteria" => ("Критерийлер", "Критерии"),
        "strengths" => ("Күчтүү жактары", "Сильные стороны"),
        "weaknesses" => ("Алсыз жактары", "Слабые стороны"),
        "commission" => ("Өзүн-өзү баалоо комиссиясы", "Комиссия по самооценке"),
        "role" => ("Ролу", "Роль"),
        "member" => ("Мүчө", "Член"),
        "members_hidden" => (
            "Комиссиянын курамы мектептин өзүнө жана министрликке гана көрүнөт",
            "Состав комиссии виден только самой школе и министерству",
        ),
        "standard" => ("Стандарт", "Стандарт"),
        "finding" => ("Корутунду", "Вывод"),
        "evidence" => ("Далилдер", "Доказательства"),
        "no_report" => (
            "Бул окуу жылы үчүн өзүн-өзү баалоо отчету жок",
            "Отчёта о самооценке за этот учебный год нет",
        ),
        "student" => ("Окуучу (код)", "Учащийся (код)"),
        "score" => ("Балл", "Балл"),
        "top_scores" => (
            "ЖРТнын эң жогорку жыйынтыктары (окуучулар коддолгон)",
            "Лучшие результаты ОРТ (учащиеся закодированы)",
        ),
        "people_hidden" => (
            "Окуучулардын жеке жыйынтыктары мектептин өзүнө жана министрликке гана көрүнөт; бул жерде жалпы көрсөткүчтөр",
            "Индивидуальные результаты видны только самой школе и министерству; здесь приведены сводные показатели",
        ),
        "total" => ("Бардыгы", "Итого"),
        _ => panic!("report text `{key}` is not defined"),
    };
    lang.pick(ky, ru)
}

/// A text with `{name}` placeholders filled.
pub fn fill(lang: Lang, key: &str, pairs: &[(&str, String)]) -> String {
    let mut s = t(lang, key).to_owned();
    for (k, v) in pairs {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

pub fn indicator_name(lang: Lang, ind: &Indicator) -> &'static str {
    lang.pick(ind.name_ky, ind.name_ru)
}

pub fn method(lang: Lang, m: Method) -> &'static str {
    match m {
        Method::PerPupil => lang.pick("окуучуларга карата", "по учащимся"),
        Method::PerMark => lang.pick("баалар боюнча", "по отметкам"),
        Method::PerTaker => lang.pick("тест тапшыргандарга карата", "по сдававшим тест"),
        Method::PerTeacher => lang.pick("мугалимдерге карата", "по учителям"),
        Method::Count => lang.pick("саны", "количество"),
        Method::Rate => lang.pick("100 окуучуга", "на 100 учащихся"),
        Method::Resource => lang.pick("ресурстар", "ресурсы"),
        Method::Composite => lang.pick("курама көрсөткүч", "составной показатель"),
        Method::PerRespondent => lang.pick("респонденттерге карата", "по респондентам"),
    }
}

/// The unit as printed after a figure ("%", "балл" …); empty for counts.
pub fn unit(lang: Lang, u: Unit) -> &'static str {
    match u {
        Unit::Percent => "%",
        Unit::PercentagePoints => lang.pick("п.п.", "п.п."),
        Unit::Score | Unit::Mark => lang.pick("балл", "балл"),
        Unit::Count | Unit::Ratio | Unit::Index => "",
    }
}

/// Decimals a unit is printed with.
pub fn decimals(u: Unit) -> u8 {
    match u {
        Unit::Count => 0,
        Unit::Mark => 2,
        _ => 1,
    }
}

pub fn direction(lang: Lang, d: Direction) -> &'static str {
    match d {
        Direction::Up => lang.pick("өсүүдө", "растёт"),
        Direction::Down => lang.pick("төмөндөөдө", "снижается"),
        Direction::Flat => lang.pick("туруктуу", "стабильно"),
        Direction::Insufficient => lang.pick("маалымат жетишсиз", "мало данных"),
    }
}

/// The short mark a flag puts after a figure, and its meaning for the legend.
pub fn flag(lang: Lang, f: Flag) -> (&'static str, &'static str) {
    match f {
        Flag::Reported => (
            "R",
            lang.pick(
                "мектеп билдирген көрсөткүч (REPORTED)",
                "показатель, сообщённый школой (REPORTED)",
            ),
        ),
        Flag::SmallSample => ("S", lang.pick("аз сандагы үлгү", "малая выборка")),
        Flag::Jump => ("J", lang.pick("кескин өзгөрүү", "резкое изменение")),
        Flag::Partial => ("P", lang.pick("толук эмес маалымат", "неполные данные")),
        Flag::MissingYear => ("M", lang.pick("мурунку жыл жок", "пропущен предыдущий год")),
        Flag::Suppressed => ("X", lang.pick("жашырылды (аз сан)", "скрыто (малое число)")),
        Flag::Coarsened => (
            "C",
            lang.pick("тегеректелди (аз сан)", "огрублено (малое число)"),
        ),
    }
}

/// "Knowledge quality is flat: 34 → 35 %, mean 38 % (2017-2018 – 2021-2022)."
pub fn reading(lang: Lang, ind: &Indicator, trend: &Trend) -> Option<String> {
    let (first, last) = (trend.first_value?, trend.last_value?);
    let d = decimals(ind.unit).min(1);
    let u = unit(lang, ind.unit);
    let sp = if u == "%" || u.is_empty() { "" } else { " " };
    if trend.direction == Direction::Insufficient {
        return Some(format!(
            "{}: {}{sp}{u} ({}); {}.",
            indicator_name(lang, ind),
            number(last, d),
            trend.last_year.map(domain::year::label).unwrap_or_default(),
            lang.pick(
                "беш жылдык тренд үчүн маалымат жетишсиз",
                "для пятилетнего тренда данных недостаточно"
            ),
        ));
    }
    let mut s = format!(
        "{}: {}: {}{sp}{u} → {}{sp}{u}",
        indicator_name(lang, ind),
        direction(lang, trend.direction),
        number(first, d),
        number(last, d),
    );
    if let Some(mean) = trend.mean {
        s.push_str(&format!(", {} {}{sp}{u}", t(lang, "mean"), number(mean, d)));
    }
    if let (Some(a), Some(b)) = (trend.first_year, trend.last_year) {
        s.push_str(&format!(
            " ({} – {})",
            domain::year::label(a),
            domain::year::label(b)
        ));
    }
    s.push('.');
    Some(s)
}
