//! Demo data: the real fixture school of DOMAIN.md §10 (seed 003), "Бахмал" №45 in Özgön
//! district, Osh oblast, with its five years of school-reported knowledge quality, olympiad
//! counts, ORT top scorers, staff, training programmes, infrastructure, textbook provision,
//! contests, accreditation and part of its self-assessment report.
//!
//! Figures are transcribed from the seed; people are pseudonymised (S1…S5 for ORT takers,
//! team codes for contests). OCR look-alike letters are corrected (Өзтөн → Өзгөн).
//! Loading is idempotent: rows are inserted by natural key and existing rows are left as they
//! are. The school is the demo's only while no user has written to it
//! ([`domain::demo_ownership`]): once one has (or when a user's school already holds the
//! code), nothing of it is written at all.

use domain::{Error, Result, reference, text, year};
use entity::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

/// The fixture school's stable code.
pub const FIXTURE_SCHOOL_CODE: &str = "KG-O-UZG-045";
const DISTRICT_CODE: &str = "KG-O-UZG";
/// The five academic years the seed covers, 2017-2018 … 2021-2022.
pub const FIXTURE_YEARS: std::ops::RangeInclusive<i32> = 2017..=2021;
/// The year the self-assessment describes "now" (572 pupils, 33 teachers): 2021-2022.
const REPORT_YEAR: i32 = 2021;

/// What `load` left in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub school_id: i32,
    /// The school is a user's (imported or entered): nothing of it was written.
    pub left_alone: bool,
}

/// Loads reference data and the fixture school in one transaction. `ort_main_max` is the
/// configured ORT maximum the scores are validated against.
pub async fn load(db: &impl TransactionTrait, ort_main_max: i32) -> Result<DemoSummary> {
    reference::load(db).await?;
    let txn = db.begin().await?;
    for y in FIXTURE_YEARS {
        year::ensure(&txn, y).await?;
    }
    let (school_id, owned) = school(&txn).await?;
    if owned {
        languages(&txn, school_id).await?;
        reported_quality(&txn, school_id).await?;
        olympiad_counts(&txn, school_id).await?;
        ort_top_scorers(&txn, school_id, ort_main_max).await?;
        contests(&txn, school_id).await?;
        staff(&txn, school_id).await?;
        conditions(&txn, school_id).await?;
        accreditation(&txn, school_id).await?;
    }
    txn.commit().await?;
    Ok(DemoSummary {
        school_id,
        left_alone: !owned,
    })
}

/// The fixture school's id, created (and claimed for the demo) when no school holds its code,
/// and whether the demo owns it.
async fn school(db: &impl ConnectionTrait) -> Result<(i32, bool)> {
    let existing = school::Entity::find()
        .filter(school::Column::Code.eq(FIXTURE_SCHOOL_CODE))
        .one(db)
        .await?;
    if let Some(s) = existing {
        let owned = domain::demo_ownership::owned(db).await?.contains(&s.id);
        return Ok((s.id, owned));
    }
    let district_id = reference::district_id(db, DISTRICT_CODE).await?;
    let name_ky = "\"Бахмал\" №45 орто жалпы билим берүүчү мектеби";
    let name_ru = "Средняя общеобразовательная школа №45 «Бахмал»";
    let name_en = "\"Bakhmal\" Secondary School No. 45";
    school::Entity::insert(school::ActiveModel {
        district_id: Set(district_id),
        code: Set(FIXTURE_SCHOOL_CODE.into()),
        number: Set(Some(45)),
        name_ky: Set(name_ky.into()),
        name_ru: Set(name_ru.into()),
        name_en: Set(Some(name_en.into())),
        name_search: Set(text::search_key(&format!("{name_ky} {name_ru} {name_en}"))),
        settlement: Set(Some("Бахмал айылы".into())),
        // The seed does not state ownership; most rural schools are municipal.
        ownership: Set("municipal".into()),
        school_type: Set("general".into()),
        founded_year: Set(Some(1956)),
        design_capacity: Set(Some(275)),
        website: Set(Some("bahmal.mektebim.kg".into())),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([school::Column::Code])
    .exec_without_returning(db)
    .await?;
    let id = school::Entity::find()
        .filter(school::Column::Code.eq(FIXTURE_SCHOOL_CODE))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "school",
            key: FIXTURE_SCHOOL_CODE.into(),
        })?
        .id;
    domain::demo_ownership::claim(db, &[id]).await?;
    Ok((id, true))
}

async fn languages(db: &impl ConnectionTrait, id: i32) -> Result<()> {
    // Kyrgyz-medium, with Russian primary classes.
    school_language::Entity::insert_many(["ky", "ru"].map(|language| {
        school_language::ActiveModel {
            school_id: Set(id),
            language: Set(language.into()),
        }
    }))
    .on_conflict(
        OnConflict::columns([
            school_language::Column::SchoolId,
            school_language::Column::Language,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Table C: school-wide annual knowledge quality ("1-4-чейректин жыйынтыгы").
async fn reported_quality(db: &impl ConnectionTrait, school_id: i32) -> Result<()> {
    for (y, value) in FIXTURE_YEARS.zip([34.0, 42.0, 40.0, 39.0, 35.0]) {
        let period_id = year::period_id(db, y, year::YEAR, 1).await?;
        // The unique index is on COALESCE(grade, subject), which ON CONFLICT cannot name
        // portably, so look the row up first.
        let existing = reported_indicator::Entity::find()
            .filter(reported_indicator::Column::SchoolId.eq(school_id))
            .filter(reported_indicator::Column::PeriodId.eq(period_id))
            .filter(reported_indicator::Column::Indicator.eq("knowledge_quality"))
            .filter(reported_indicator::Column::Scope.eq("school"))
            .one(db)
            .await?;
        if existing.is_none() {
            reported_indicator::ActiveModel {
                school_id: Set(school_id),
                period_id: Set(period_id),
                indicator: Set("knowledge_quality".into()),
                scope: Set("school".into()),
                scope_key: Set("school".into()),
                value: Set(value),
                source: Set("document".into()),
                source_note: Set(Some(
                    "self-assessment report, \"жалпы мектептин билим сапаты\"".into(),
                )),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Table A: prize-winners per level. "-" is 0; the blank oblast cell of 2019-2020 stays NULL.
async fn olympiad_counts(db: &impl ConnectionTrait, school_id: i32) -> Result<()> {
    // (year, zonal, district, oblast)
    let rows: [(i32, [Option<i32>; 3]); 5] = [
        (2017, [Some(3), Some(1), Some(0)]),
        (2018, [Some(2), Some(0), Some(0)]),
        (2019, [Some(2), Some(0), None]),
        (2020, [Some(3), Some(1), Some(1)]),
        (2021, [Some(4), Some(1), Some(0)]),
    ];
    let mut models = Vec::new();
    for (y, counts) in rows {
        for (level, count) in ["zonal", "district", "oblast"].into_iter().zip(counts) {
            let note = (y == 2020 && level == "oblast").then(|| "биология".to_owned());
            models.push(olympiad_count_report::ActiveModel {
                school_id: Set(school_id),
                academic_year: Set(y),
                level: Set(level.into()),
                prize_count: Set(count),
                note: Set(note),
                ..Default::default()
            });
        }
    }
    olympiad_count_report::Entity::insert_many(models)
        .on_conflict(
            OnConflict::columns([
                olympiad_count_report::Column::SchoolId,
                olympiad_count_report::Column::AcademicYear,
                olympiad_count_report::Column::Level,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Table B: ORT top scorers only (not the cohort), pseudonymised.
async fn ort_top_scorers(db: &impl ConnectionTrait, school_id: i32, main_max: i32) -> Result<()> {
    let rows = [
        (2018, "S1", 145),
        (2018, "S2", 120),
        (2019, "S3", 138),
        (2020, "S4", 133),
        (2020, "S5", 122),
    ];
    let models = rows.map(|(y, student, score)| ort_result::ActiveModel {
        school_id: Set(school_id),
        academic_year: Set(y),
        session: Set("summer".into()),
        student_ref: Set(student.into()),
        listing: Set("top_scorers".into()),
        main_score: Set(score),
        main_max: Set(main_max),
        gold_certificate: Set(false),
        ..Default::default()
    });
    ort_result::Entity::insert_many(models)
        .on_conflict(
            OnConflict::columns([
                ort_result::Column::SchoolId,
                ort_result::Column::AcademicYear,
                ort_result::Column::Session,
                ort_result::Column::StudentRef,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Section D: contests. Entrants are pseudonymous team codes.
async fn contests(db: &impl ConnectionTrait, school_id: i32) -> Result<()> {
    // (year, name, level, place, award, advanced, team size)
    let rows = [
        // "2022-ж." is the 2021-2022 academic year; "2021-ж." is read as 2020-2021.
        (
            2021,
            "Манас таануу",
            "district",
            1,
            "diploma_1",
            false,
            Some(3),
        ),
        (
            2021,
            "Манас таануу",
            "oblast",
            2,
            "diploma_2",
            true,
            Some(3),
        ),
        (
            2020,
            "Мен Кыргызстандык экендигиме сыймыктанам!",
            "oblast",
            2,
            "diploma_2",
            false,
            None,
        ),
    ];
    for (y, name, level, place, award, advanced, team) in rows {
        contest::Entity::insert(contest::ActiveModel {
            academic_year: Set(y),
            name_ky: Set(name.into()),
            category: Set("intellectual".into()),
            level: Set(level.into()),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([
            contest::Column::AcademicYear,
            contest::Column::NameKy,
            contest::Column::Level,
        ])
        .exec_without_returning(db)
        .await?;
        let contest_id = contest::Entity::find()
            .filter(contest::Column::AcademicYear.eq(y))
            .filter(contest::Column::NameKy.eq(name))
            .filter(contest::Column::Level.eq(level))
            .one(db)
            .await?
            .ok_or_else(|| Error::NotFound {
                what: "contest",
                key: name.into(),
            })?
            .id;
        contest_result::Entity::insert(contest_result::ActiveModel {
            contest_id: Set(contest_id),
            school_id: Set(school_id),
            entry_ref: Set(format!("T{y}")),
            participants: Set(team),
            place: Set(Some(place)),
            award: Set(award.into()),
            advanced_to_next: Set(advanced),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([
            contest_result::Column::ContestId,
            contest_result::Column::SchoolId,
            contest_result::Column::EntryRef,
        ])
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Sections E and F: the staff snapshot and the training programmes (participants).
async fn staff(db: &impl ConnectionTrait, school_id: i32) -> Result<()> {
    staff_snapshot::Entity::insert(staff_snapshot::ActiveModel {
        school_id: Set(school_id),
        academic_year: Set(REPORT_YEAR),
        teachers_total: Set(33),
        with_higher_ed: Set(Some(25)),
        with_award_excellence: Set(Some(4)),
        young_teachers: Set(Some(9)),
        mentors: Set(Some(9)),
        over_rate_teachers: Set(Some(0)),
        ict_competent_pct: Set(Some(60.0)),
        interactive_board_pct: Set(Some(30.0)),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        staff_snapshot::Column::SchoolId,
        staff_snapshot::Column::AcademicYear,
    ])
    .exec_without_returning(db)
    .await?;
    let programmes = [
        ("Сынчыл ойлом", "Критическое мышление", 5),
        ("Инклюзивдүү билим берүү", "Инклюзивное образование", 4),
        ("Кадам артынан кадам", "Шаг за шагом", 4),
        ("Бирге окуйбуз", "Читаем вместе", 10),
        ("Окуу керемет", "Чтение — чудо", 12),
    ];
    let models = programmes.map(|(ky, ru, participants)| teacher_training::ActiveModel {
        school_id: Set(school_id),
        academic_year: Set(REPORT_YEAR),
        programme_name_ky: Set(ky.into()),
        programme_name_ru: Set(Some(ru.into())),
        provider: Set("other".into()),
        participants: Set(participants),
        ..Default::default()
    });
    teacher_training::Entity::insert_many(models)
        .on_conflict(
            OnConflict::columns([
                teacher_training::Column::SchoolId,
                teacher_training::Column::AcademicYear,
                teacher_training::Column::ProgrammeNameKy,
                teacher_training::Column::Provider,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Sections G and H: enrolment, infrastructure (criterion 4.1) and textbook provision.
async fn conditions(db: &impl ConnectionTrait, school_id: i32) -> Result<()> {
    enrolment_snapshot::Entity::insert(enrolment_snapshot::ActiveModel {
        school_id: Set(school_id),
        academic_year: Set(REPORT_YEAR),
        enrolment: Set(572),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        enrolment_snapshot::Column::SchoolId,
        enrolment_snapshot::Column::AcademicYear,
    ])
    .exec_without_returning(db)
    .await?;
    infrastructure_snapshot::Entity::insert(infrastructure_snapshot::ActiveModel {
        school_id: Set(school_id),
        academic_year: Set(REPORT_YEAR),
        classrooms: Set(Some(19)),
        extracurricular_rooms: Set(Some(1)),
        labs: Set(Some(2)),
        computer_classes: Set(Some(1)),
        computers: Set(Some(17)),
        laptops: Set(Some(10)),
        printers: Set(Some(2)),
        copiers: Set(Some(1)),
        projectors: Set(Some(2)),
        interactive_boards: Set(Some(2)),
        internet_channels: Set(Some(2)),
        sport_halls: Set(Some(1)),
        sport_hall_area_m2: Set(Some(270.25)),
        sport_grounds: Set(Some(1)),
        sport_ground_area_m2: Set(Some(4800.0)),
        libraries: Set(Some(2)),
        // "more than 5000": the lower bound is what is known.
        library_fund: Set(Some(5000)),
        reading_room_seats: Set(Some(20)),
        medical_rooms: Set(Some(1)),
        canteens: Set(Some(1)),
        cctv_cameras: Set(Some(8)),
        toilets_indoor: Set(Some(4)),
        toilets_outdoor: Set(Some(2)),
        fire_boards: Set(Some(3)),
        water_reservoirs: Set(Some(1)),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        infrastructure_snapshot::Column::SchoolId,
        infrastructure_snapshot::Column::AcademicYear,
    ])
    .exec_without_returning(db)
    .await?;
    textbook_provision::Entity::insert(textbook_provision::ActiveModel {
        school_id: Set(school_id),
        academic_year: Set(REPORT_YEAR),
        grade_band: Set("all".into()),
        provision_pct: Set(Some(91.78)),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        textbook_provision::Column::SchoolId,
        textbook_provision::Column::AcademicYear,
        textbook_provision::Column::GradeBand,
    ])
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// §5.1: the 2018 programmatic accreditation and the self-assessment report's criterion 1.3
/// and standard-4 strengths and weaknesses.
async fn accreditation(db: &impl ConnectionTrait, school_id: i32) -> Result<()> {
    accreditation::Entity::insert(accreditation::ActiveModel {
        school_id: Set(school_id),
        accreditation_type: Set("programmatic".into()),
        decision_year: Set(2018),
        decision: Set("full_5y".into()),
        certificate_no: Set(Some("CC180015672".into())),
        valid_until: Set(chrono::NaiveDate::from_ymd_opt(2023, 10, 15)),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        accreditation::Column::SchoolId,
        accreditation::Column::AccreditationType,
        accreditation::Column::DecisionYear,
    ])
    .exec_without_returning(db)
    .await?;

    self_assessment_report::Entity::insert(self_assessment_report::ActiveModel {
        school_id: Set(school_id),
        academic_year: Set(REPORT_YEAR),
        accreditation_type: Set("programmatic".into()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        self_assessment_report::Column::SchoolId,
        self_assessment_report::Column::AcademicYear,
        self_assessment_report::Column::AccreditationType,
    ])
    .exec_without_returning(db)
    .await?;
    let report = self_assessment_report::Entity::find()
        .filter(self_assessment_report::Column::SchoolId.eq(school_id))
        .filter(self_assessment_report::Column::AcademicYear.eq(REPORT_YEAR))
        .one(db)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "self-assessment report",
            key: FIXTURE_SCHOOL_CODE.into(),
        })?;
    self_assessment_criterion::Entity::insert(self_assessment_criterion::ActiveModel {
        report_id: Set(report.id),
        standard: Set(1),
        code: Set("1.3".into()),
        title_ky: Set("Жетиштүү маалыматтык ресурстардын (окуучулардын контингентине, анын ичинде окутуу тилдерине карата окуу-методикалык адабияттардын фондунун) болушу.".into()),
        finding_text: Set(Some("Китеп менен камсыз болуу 91,78% түзөт.".into())),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([self_assessment_criterion::Column::ReportId, self_assessment_criterion::Column::Code])
    .exec_without_returning(db)
    .await?;

    let points = [
        (
            "strength",
            "Адабий китептерди окуу үчүн окуу залынын жабдылышы",
        ),
        ("strength", "Мектеп ашканасынын талапка ылайык жабдылышы"),
        (
            "strength",
            "Материалдык базаны чыңдоо үчүн долбоорлор менен иш алып баруу",
        ),
        (
            "weakness",
            "Мектеп имаратынын кичинелиги: 275 орундуу имаратта 572 окуучу окуйт",
        ),
        ("weakness", "Проектор, интерактивдүү досканын жетишсиздиги"),
        ("weakness", "Кабинеттердин жетишсиздиги"),
    ];
    let mut position = std::collections::HashMap::new();
    let models: Vec<_> = points
        .iter()
        .map(|(kind, text_ky)| {
            let p = position.entry(*kind).or_insert(0);
            *p += 1;
            self_assessment_point::ActiveModel {
                report_id: Set(report.id),
                standard: Set(4),
                kind: Set((*kind).into()),
                position: Set(*p),
                text_ky: Set((*text_ky).into()),
                ..Default::default()
            }
        })
        .collect();
    self_assessment_point::Entity::insert_many(models)
        .on_conflict(
            OnConflict::columns([
                self_assessment_point::Column::ReportId,
                self_assessment_point::Column::Standard,
                self_assessment_point::Column::Kind,
                self_assessment_point::Column::Position,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
