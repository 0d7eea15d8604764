//! Sections read from the school's facts of the report year through domain's profile reads
//! (each read checks the grant): staff composition, training programmes, infrastructure,
//! accreditation decisions. Shared by the school report and the accreditation annex.

use crate::labels;
use crate::model::{Cell, Section, Table, number};
use crate::school::Cx;
use crate::text::t;
use domain::labels::Vocabulary;
use domain::{Db, Result};

/// Staff of the report year: totals, education, categories, awards, young teachers and
/// mentors, training coverage.
pub async fn staff_year(db: &Db, cx: &Cx<'_>) -> Result<Section> {
    let lang = cx.lang;
    let rows = domain::facts::staff::read(db, &cx.subject.grant, Some(cx.year)).await?;
    let mut section = Section {
        heading: format!(
            "{} ({})",
            t(lang, "staff_year"),
            domain::year::label(cx.year)
        ),
        ..Section::default()
    };
    let Some(s) = rows.first() else {
        section.paragraphs.push(t(lang, "no_data").to_owned());
        return Ok(section);
    };
    let mut table = Table::new(
        "staff_year",
        &[
            (t(lang, "indicator"), false),
            (t(lang, "count"), true),
            ("%", true),
        ],
    );
    let total = s.teachers_total;
    let share = |n: Option<i32>| match (n, total) {
        (Some(n), t) if t > 0 => Cell::num(Some(f64::from(n) * 100.0 / f64::from(t)), 1),
        _ => Cell::Missing,
    };
    let mut add = |label: String, n: Option<i32>, with_share: bool| {
        table.push(vec![
            Cell::text(label),
            Cell::int(n),
            if with_share { share(n) } else { Cell::Missing },
        ]);
    };
    add(
        lang.pick("Педагогдор бардыгы", "Педагогов всего").into(),
        Some(total),
        false,
    );
    add(
        lang.pick("Жогорку билимдүү", "С высшим образованием")
            .into(),
        s.with_higher_ed,
        true,
    );
    for (code, n) in [
        ("highest", s.category_highest),
        ("first", s.category_first),
        ("second", s.category_second),
        ("none", s.category_none),
    ] {
        add(
            format!(
                "{}: {}",
                lang.pick("Категория", "Категория"),
                labels::word(lang, Vocabulary::TeacherCategory, code)
            ),
            n,
            true,
        );
    }
    add(
        lang.pick(
            "«Билим берүүнүн мыктысы» төш белгиси",
            "Знак «Отличник образования»",
        )
        .into(),
        s.with_award_excellence,
        true,
    );
    add(
        lang.pick("Жаш мугалимдер", "Молодые учителя").into(),
        s.young_teachers,
        true,
    );
    add(lang.pick("Устаттар", "Наставники").into(), s.mentors, false);
    add(
        lang.pick("Ушул жылы окуудан өткөн", "Прошли обучение в этом году")
            .into(),
        s.trained_this_year,
        true,
    );
    add(
        lang.pick("Акыркы 5 жылда окуудан өткөн", "Прошли обучение за 5 лет")
            .into(),
        s.trained_last_5y,
        true,
    );
    add(
        lang.pick("Штаттан тышкары", "Сверх ставки").into(),
        s.over_rate_teachers,
        true,
    );
    add(
        lang.pick("Бош орундар", "Вакансии").into(),
        s.vacancies,
        false,
    );
    for (label, pct) in [
        (
            lang.pick("Сабакта КТ колдонгондор", "Используют ИКТ на уроках"),
            s.ict_competent_pct,
        ),
        (
            lang.pick(
                "Интерактивдүү тактаны колдонгондор",
                "Владеют интерактивной доской",
            ),
            s.interactive_board_pct,
        ),
    ] {
        table.push(vec![Cell::text(label), Cell::Missing, Cell::num(pct, 0)]);
    }
    section.table = Some(table);
    Ok(section)
}

/// Training programmes of the report year with their participants.
pub async fn training(db: &Db, cx: &Cx<'_>) -> Result<Section> {
    let lang = cx.lang;
    let rows = domain::facts::training::read(db, &cx.subject.grant, Some(cx.year)).await?;
    let mut section = Section {
        heading: format!("{} ({})", t(lang, "training"), domain::year::label(cx.year)),
        ..Section::default()
    };
    if rows.is_empty() {
        section.paragraphs.push(t(lang, "no_data").to_owned());
        return Ok(section);
    }
    let mut table = Table::new(
        "training",
        &[
            (t(lang, "programme"), false),
            (t(lang, "provider"), false),
            (t(lang, "hours"), true),
            (t(lang, "participants"), true),
        ],
    )
    .with_widths(&[4, 2, 1, 1]);
    let mut total = 0;
    for r in &rows {
        total += r.participants;
        table.push(vec![
            Cell::text(match lang {
                crate::Lang::Ru => r
                    .programme_name_ru
                    .clone()
                    .unwrap_or(r.programme_name_ky.clone()),
                crate::Lang::Ky => r.programme_name_ky.clone(),
            }),
            Cell::text(labels::word(
                lang,
                Vocabulary::TrainingProvider,
                &r.provider,
            )),
            Cell::int(r.hours),
            Cell::int(Some(r.participants)),
        ]);
    }
    table.push(vec![
        Cell::text(t(lang, "total")),
        Cell::text(""),
        Cell::Missing,
        Cell::int(Some(total)),
    ]);
    section.table = Some(table);
    Ok(section)
}

/// Rooms and equipment of the report year (criterion 4.1).
pub async fn infrastructure(db: &Db, cx: &Cx<'_>) -> Result<Section> {
    let lang = cx.lang;
    let rows = domain::facts::infrastructure::read(db, &cx.subject.grant, Some(cx.year)).await?;
    let mut section = Section {
        heading: format!(
            "{} ({})",
            t(lang, "infrastructure"),
            domain::year::label(cx.year)
        ),
        ..Section::default()
    };
    let Some(i) = rows.first() else {
        section.paragraphs.push(t(lang, "no_data").to_owned());
        return Ok(section);
    };
    let mut table = Table::new(
        "infrastructure",
        &[
            (t(lang, "item"), false),
            (t(lang, "count"), true),
            ("м²", true),
        ],
    );
    let items: [(&str, &str, Option<i32>, Option<f64>); 22] = [
        ("Окуу бөлмөлөрү", "Учебные кабинеты", i.classrooms, None),
        (
            "Сабактан тышкаркы бөлмөлөр",
            "Помещения для внеурочной работы",
            i.extracurricular_rooms,
            None,
        ),
        (
            "Спорт залы",
            "Спортивный зал",
            i.sport_halls,
            i.sport_hall_area_m2,
        ),
        (
            "Спорт аянтчасы",
            "Спортивная площадка",
            i.sport_grounds,
            i.sport_ground_area_m2,
        ),
        ("Компьютерлер", "Компьютеры", i.computers, None),
        ("Ноутбуктар", "Ноутбуки", i.laptops, None),
        ("Принтерлер", "Принтеры", i.printers, None),
        (
            "Көчүрмө аппараттары",
            "Копировальные аппараты",
            i.copiers,
            None,
        ),
        (
            "Мультимедиа проекторлору",
            "Мультимедийные проекторы",
            i.projectors,
            None,
        ),
        (
            "Интерактивдүү тактайлар",
            "Интерактивные доски",
            i.interactive_boards,
            None,
        ),
        (
            "Интернет байланышы (түрү)",
            "Подключения к интернету (видов)",
            i.internet_channels,
            None,
        ),
        ("Лабораториялар", "Лаборатории", i.labs, None),
        (
            "Медициналык пункт",
            "Медицинский пункт",
            i.medical_rooms,
            None,
        ),
        ("Ашкана", "Столовая", i.canteens, None),
        ("Видеокамералар", "Видеокамеры", i.cctv_cameras, None),
        (
            "Имарат ичиндеги даараткана",
            "Туалеты в здании",
            i.toilets_indoor,
            None,
        ),
        (
            "Сырттагы даараткана",
            "Уличные туалеты",
            i.toilets_outdoor,
            None,
        ),
        (
            "Компьютер классы",
            "Компьютерный класс",
            i.computer_classes,
            None,
        ),
        ("Китепканалар", "Библиотеки", i.libraries, None),
        ("Китеп фонду", "Библиотечный фонд", i.library_fund, None),
        (
            "Өрткө каршы калкандар",
            "Пожарные щиты",
            i.fire_boards,
            None,
        ),
        (
            "Суу сактагыч",
            "Резервуар для воды",
            i.water_reservoirs,
            None,
        ),
    ];
    for (ky, ru, n, area) in items {
        if n.is_none() && area.is_none() {
            continue;
        }
        table.push(vec![
            Cell::text(lang.pick(ky, ru)),
            Cell::int(n),
            Cell::num(area, 2),
        ]);
    }
    section.table = Some(table);
    Ok(section)
}

/// Accreditation decisions, newest first.
pub async fn accreditation(db: &Db, cx: &Cx<'_>) -> Result<Section> {
    let lang = cx.lang;
    let rows = domain::query::profile::accreditations(db, &cx.subject.grant).await?;
    let mut section = Section {
        heading: t(lang, "accreditation").to_owned(),
        ..Section::default()
    };
    if rows.is_empty() {
        section
            .paragraphs
            .push(t(lang, "no_accreditation").to_owned());
        return Ok(section);
    }
    let mut table = Table::new(
        "accreditation",
        &[
            (t(lang, "type"), false),
            (t(lang, "decision_year"), true),
            (t(lang, "decision"), false),
            (t(lang, "certificate"), false),
            (t(lang, "valid_until"), false),
        ],
    );
    for a in &rows {
        table.push(vec![
            Cell::text(labels::word(
                lang,
                Vocabulary::AccreditationType,
                &a.accreditation_type,
            )),
            Cell::text(a.decision_year.to_string()),
            Cell::text(labels::word(
                lang,
                Vocabulary::AccreditationDecision,
                &a.decision,
            )),
            a.certificate_no.clone().map_or(Cell::Missing, Cell::Text),
            a.valid_until.map_or(Cell::Missing, |d| {
                Cell::text(d.format("%d.%m.%Y").to_string())
            }),
        ]);
    }
    section.table = Some(table);
    Ok(section)
}

/// A share printed with a decimal comma, for texts.
pub fn pct(n: i32, of: i32) -> Option<String> {
    (of > 0).then(|| format!("{} %", number(f64::from(n) * 100.0 / f64::from(of), 0)))
}
