//! Data the tests share: the trend fixture (the seed-003 school and three schools with raw
//! counts (marks and class outcomes) over five years), schools added by hand, and ids looked up by code.

use domain::import::{Context, Format, ImportKind};
use domain::trend::runs::Trigger;
use jobs::trends::{self, RunOptions};

use crate::TestDb;

/// The fixture's academic years, by start year (2017-2018 … 2021-2022).
pub const YEARS: std::ops::RangeInclusive<i32> = 2017..=2021;

/// The fixture's schools besides "Бахмал" №45: (code, district code, number, capacity,
/// languages).
pub const SCHOOLS: [(&str, &str, i32, i32, &[&str]); 3] = [
    ("KG-O-UZG-101", "KG-O-UZG", 101, 600, &["ky"]),
    ("KG-O-UZG-102", "KG-O-UZG", 102, 900, &["uz", "ru"]),
    ("KG-C-ALM-201", "KG-C-ALM", 201, 1200, &["ru", "ky"]),
];

/// Imports a CSV file of `kind` as the operator; it must be accepted.
pub async fn import(t: &TestDb, kind: ImportKind, csv: String) {
    domain::import::import(
        &t.db,
        &domain::auth::Caller::operator(),
        kind,
        std::io::Cursor::new(csv.into_bytes()),
        Format::Csv,
        &Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    .unwrap_or_else(|e| panic!("{} import: {e:?}", kind.name()));
}

/// One mark-summary CSV line; the counts depend only on their key, so edits are easy to make.
pub fn mark_line(
    school: usize,
    year: i32,
    grade: i32,
    letter: &str,
    subject: &str,
    period: &str,
    kind: &str,
) -> String {
    let (s, y, g) = (school as i32, year - 2000, grade);
    let l = i32::from(letter == "Б");
    let n5 = (s + y + g + l) % 6;
    let n4 = 6 + (s * y + g + l) % 5;
    let n2 = (g + y + s) % 3;
    let n_na = y % 2;
    let code = SCHOOLS[school].0;
    format!(
        "{code},{year}-{},{grade},{letter},{subject},{period},{kind},{n5},{n4},7,{n2},{n_na},25",
        year + 1
    )
}

/// One annual class-outcome CSV line, from the same pupils as [`mark_line`]'s mathematics
/// line of the class: half of its 5s have a 4 elsewhere and two of its 4s a 3, so the
/// per-pupil quality is below the per-mark one, as in real schools.
pub fn outcome_line(school: usize, year: i32, grade: i32, letter: &str) -> String {
    let marks = mark_line(
        school,
        year,
        grade,
        letter,
        "mathematics",
        "year",
        "period_marks",
    );
    let n: Vec<i32> = marks
        .split(',')
        .skip(7)
        .map(|c| c.parse().unwrap())
        .collect();
    let [n5, n4, n3, n2, n_na, enrolled] = n[..] else {
        unreachable!("{marks}")
    };
    let (all_5, with_4_5) = (n5 / 2, n5 - n5 / 2 + n4 - 2);
    let code = SCHOOLS[school].0;
    format!(
        "{code},{year}-{},{grade},{letter},year,{all_5},{with_4_5},{},{n2},{n_na},0,{enrolled}",
        year + 1,
        n3 + 2
    )
}

/// The seed-003 school (reported knowledge quality only) and three schools with raw counts,
/// ORT cohorts, olympiad counts, staff and enrolment, over 2017-2018 … 2021-2022.
pub async fn fixture() -> TestDb {
    static FIXTURE: tokio::sync::OnceCell<crate::Template> = tokio::sync::OnceCell::const_new();
    TestDb::cached(&FIXTURE, build_fixture).await
}

async fn build_fixture(t: &TestDb) {
    demo::load(&t.db, 245).await.expect("demo");
    for (code, district, number, capacity, languages) in SCHOOLS {
        t.exec(&format!(
            "INSERT INTO school (district_id, code, number, name_ky, name_ru, name_search, ownership, school_type, design_capacity) \
             VALUES ((SELECT id FROM district WHERE code = '{district}'), '{code}', {number}, 'Мектеп {number}', 'Школа {number}', 'мектеп {number}', 'state', 'general', {capacity})"
        ))
        .await;
        for language in languages {
            t.exec(&format!(
                "INSERT INTO school_language (school_id, language) SELECT id, '{language}' FROM school WHERE code = '{code}'"
            ))
            .await;
        }
    }
    let mut marks = vec![
        "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled".to_owned(),
    ];
    for school in 0..SCHOOLS.len() {
        for year in YEARS {
            for grade in [5, 9, 11] {
                for letter in ["А", "Б"] {
                    for subject in ["mathematics", "kyrgyz_language"] {
                        let line = |period, kind| {
                            mark_line(school, year, grade, letter, subject, period, kind)
                        };
                        marks.push(line("year", "period_marks"));
                        // Quarter marks are in the database but not read by the job.
                        marks.push(line("Q1", "period_marks"));
                        if grade == 5 {
                            for half in ["H1", "H2"] {
                                marks.push(line(half, "admin_control"));
                            }
                        }
                        if grade != 5 {
                            marks.push(line("year", "final_attestation"));
                        }
                    }
                }
            }
        }
    }
    import(t, ImportKind::MarkSummaries, marks.join("\n")).await;
    let mut outcomes = vec![
        "school_code,academic_year,grade,class_letter,period,n_all_5,n_4_5,n_with_3,n_with_2,n_na,n_exempt,n_enrolled".to_owned(),
    ];
    for school in 0..SCHOOLS.len() {
        for year in YEARS {
            for grade in [5, 9, 11] {
                for letter in ["А", "Б"] {
                    outcomes.push(outcome_line(school, year, grade, letter));
                }
            }
        }
    }
    import(t, ImportKind::ClassOutcomes, outcomes.join("\n")).await;

    let mut ort = vec!["school_code,academic_year,student_ref,main_score".to_owned()];
    let mut olympiads = vec!["school_code,academic_year,level,prize_count".to_owned()];
    let mut enrolment = vec!["school_code,academic_year,enrolment".to_owned()];
    let mut staff = vec!["school_code,academic_year,teachers_total,with_higher_ed".to_owned()];
    for (s, (code, _, _, capacity, _)) in SCHOOLS.iter().enumerate() {
        for year in YEARS {
            let label = format!("{year}-{}", year + 1);
            for taker in 0..(12 + s as i32 * 3) {
                let score = 80 + (taker * 37 + year * 11 + s as i32 * 5) % 120;
                ort.push(format!("{code},{label},P{taker},{score}"));
            }
            // A blank district count in 2019 stays missing.
            let district = if year == 2019 {
                String::new()
            } else {
                ((year + s as i32) % 3).to_string()
            };
            olympiads.push(format!(
                "{code},{label},zonal,{}",
                (year + 2 * s as i32) % 4
            ));
            olympiads.push(format!("{code},{label},district,{district}"));
            let pupils = capacity - 150 + (year - 2017) * 20 + s as i32 * 7;
            enrolment.push(format!("{code},{label},{pupils}"));
            let teachers = pupils / 18;
            staff.push(format!("{code},{label},{teachers},{}", teachers * 3 / 4));
        }
    }
    import(t, ImportKind::OrtResults, ort.join("\n")).await;
    import(t, ImportKind::OlympiadCounts, olympiads.join("\n")).await;
    import(t, ImportKind::EnrolmentSnapshots, enrolment.join("\n")).await;
    import(t, ImportKind::StaffSnapshots, staff.join("\n")).await;
}

/// The id of the school with `code`.
pub async fn school_id(t: &TestDb, code: &str) -> i32 {
    t.id_of("school", code).await
}

/// The id of the district with `code`.
pub async fn district_id(t: &TestDb, code: &str) -> i32 {
    t.id_of("district", code).await
}

/// A full trend refresh, which must succeed.
pub async fn full(t: &TestDb) -> trends::RunReport {
    trends::run(&t.db, &t.config, RunOptions::full(Trigger::Manual))
        .await
        .expect("full run")
}

/// A school to add with [`add_school`].
pub struct NewSchool<'a> {
    pub district: &'a str,
    pub code: &'a str,
    pub name_ky: &'a str,
    pub name_ru: &'a str,
    pub ownership: &'a str,
    pub school_type: &'a str,
    pub languages: &'a [&'a str],
}

/// Adds a school with its languages; returns its id.
pub async fn add_school(t: &TestDb, s: NewSchool<'_>) -> i32 {
    let district_id = domain::reference::district_id(&t.db, s.district)
        .await
        .unwrap();
    let m = domain::school::create(
        &t.db,
        domain::school::NewSchool {
            district_id,
            code: s.code.into(),
            number: None,
            name_ky: s.name_ky.into(),
            name_ru: s.name_ru.into(),
            name_en: None,
            settlement: None,
            ownership: s.ownership.into(),
            school_type: s.school_type.into(),
        },
    )
    .await
    .unwrap();
    for l in s.languages {
        t.exec(&format!(
            "INSERT INTO school_language (school_id, language) VALUES ({}, '{l}')",
            m.id
        ))
        .await;
    }
    m.id
}
