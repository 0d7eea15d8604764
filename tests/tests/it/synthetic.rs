//! `sapat demo --scale …`: the synthetic generator keeps every database rule, gives the same
//! rows for the same seed on any database, changes nothing when rerun, and its district scale
//! is calibrated to DOMAIN.md (knowledge quality, ORT share ≥ 110).

use demo::synthetic::{self, Options, Progress, Scale, Summary};
use domain::import::ImportKind;
use integration_tests::TestDb;
use integration_tests::fixture::import;
use sea_orm::{ConnectionTrait, Statement};
use std::sync::Mutex;
use std::time::Instant;

const TABLES: &[&str] = &[
    "school",
    "school_language",
    "class_group",
    "mark_summary",
    "class_outcome",
    "ort_result",
    "ort_threshold",
    "olympiad_count_report",
    "staff_snapshot",
    "teacher_training",
    "enrolment_snapshot",
    "enrolment_grade",
    "infrastructure_snapshot",
    "textbook_provision",
    "survey",
    "ort_subject_score",
    "teacher",
    "teacher_award",
    "teacher_training_attendance",
    "admin_control",
];

/// Compile-time check that the generator's future can be spawned on a multi-threaded runtime.
fn send<F: Future + Send>(future: F) -> F {
    future
}

async fn generate(t: &TestDb, scale: Scale, seed: u64) -> Summary {
    let options = Options {
        scale,
        seed,
        ort_main_max: 245,
    };
    send(synthetic::generate(&t.db, &options, &|_| {}))
        .await
        .expect("generate")
}

async fn counts(t: &TestDb) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in TABLES {
        out.push((*table, t.count(table).await));
    }
    out
}

async fn scalar(t: &TestDb, sql: &str) -> i64 {
    let row =
        t.db.query_one_raw(Statement::from_string(t.db.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}\n→ {e}"))
            .expect("one row");
    row.try_get::<Option<i64>>("", "n")
        .expect("a number")
        .unwrap_or(0)
}

/// FNV-1a, so the checksum does not depend on the standard library's hasher.
fn fnv(h: u64, s: &str) -> u64 {
    s.bytes()
        .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3))
}

/// What must be equal between two databases generated with the same seed: weighted sums over
/// every generated table (ids excluded, they may differ) and a hash of the schools.
async fn checksum(t: &TestDb) -> Vec<i64> {
    let sums = [
        "SELECT CAST(SUM(cg.grade * (ms.n5 + 3 * ms.n4 + 7 * ms.n3 + 11 * ms.n2 + 13 * ms.n_na \
         + 17 * ms.n_exempt) + ms.n_enrolled) AS BIGINT) AS n \
         FROM mark_summary ms JOIN class_group cg ON cg.id = ms.class_group_id",
        "SELECT CAST(SUM(n_all_5 + 3 * n_4_5 + 7 * n_with_3 + 11 * n_with_2 + 13 * n_na \
         + 17 * n_enrolled) AS BIGINT) AS n FROM class_outcome",
        "SELECT CAST(SUM(grade * enrolled) AS BIGINT) AS n FROM class_group",
        "SELECT CAST(SUM(main_score * academic_year) AS BIGINT) AS n FROM ort_result",
        "SELECT CAST(SUM(COALESCE(prize_count, 1000)) AS BIGINT) AS n FROM olympiad_count_report",
        "SELECT CAST(SUM(teachers_total + 3 * with_higher_ed + 7 * trained_this_year) AS BIGINT) \
         AS n FROM staff_snapshot",
        "SELECT CAST(SUM(participants * hours) AS BIGINT) AS n FROM teacher_training",
        "SELECT CAST(SUM(COALESCE(computers, 0) + 3 * COALESCE(classrooms, 0)) AS BIGINT) AS n \
         FROM infrastructure_snapshot",
        "SELECT CAST(SUM(COALESCE(available, 0)) AS BIGINT) AS n FROM textbook_provision",
        "SELECT CAST(SUM(pupils * grade) AS BIGINT) AS n FROM enrolment_grade",
    ];
    let mut out = Vec::new();
    for sql in sums {
        out.push(scalar(t, sql).await);
    }
    // Sorted here rather than by SQL: PostgreSQL collations may order text differently.
    let rows =
        t.db.query_all_raw(Statement::from_string(
            t.db.get_database_backend(),
            "SELECT code, name_ky, name_ru, COALESCE(settlement, '') AS settlement FROM school",
        ))
        .await
        .expect("schools");
    let mut schools: Vec<String> = rows
        .iter()
        .map(|r| {
            let get = |c: &str| r.try_get::<String>("", c).expect(c);
            format!(
                "{}|{}|{}|{}",
                get("code"),
                get("name_ky"),
                get("name_ru"),
                get("settlement")
            )
        })
        .collect();
    schools.sort();
    let hash = schools.iter().fold(0xCBF2_9CE4_8422_2325, |h, s| fnv(h, s));
    out.push(hash as i64);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn school_scale_loads_next_to_the_fixture() {
    // Arrange
    let t = TestDb::new().await;
    let seen = Mutex::new(Vec::<Progress>::new());

    // Act
    let options = Options {
        scale: Scale::School,
        seed: 1,
        ort_main_max: 245,
    };
    let s = synthetic::generate(&t.db, &options, &|p| seen.lock().unwrap().push(p))
        .await
        .expect("generate");
    eprintln!("{s:#?}");

    // Assert: the fixture school and three synthetic ones in Özgön, every row accounted for.
    let get = |name: &str, all: &[(&str, i64)]| all.iter().find(|(t, _)| *t == name).unwrap().1;
    let all = counts(&t).await;
    assert_eq!(s.rows_of("school"), 3);
    assert_eq!(
        get("school", &all),
        4,
        "the fixture and three synthetic schools"
    );
    let codes = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM school WHERE code IN \
         ('KG-O-UZG-001', 'KG-O-UZG-002', 'KG-O-UZG-003', 'KG-O-UZG-045')",
    )
    .await;
    assert_eq!(codes, 4);
    // Fixture rows: 2 languages, 5 ORT top scorers, 15 olympiad cells, 5 programmes and one
    // staff, enrolment, infrastructure and textbook snapshot.
    let expected = [
        ("school_language", s.rows_of("school_language") + 2),
        ("class_group", s.rows_of("class_group")),
        ("mark_summary", s.rows_of("mark_summary")),
        ("class_outcome", s.rows_of("class_outcome")),
        ("ort_result", s.rows_of("ort_result") + 5),
        ("ort_threshold", s.rows_of("ort_threshold")),
        (
            "olympiad_count_report",
            s.rows_of("olympiad_count_report") + 15,
        ),
        ("staff_snapshot", s.rows_of("staff_snapshot") + 1),
        ("teacher_training", s.rows_of("teacher_training") + 5),
        ("enrolment_snapshot", s.rows_of("enrolment_snapshot") + 1),
        ("enrolment_grade", s.rows_of("enrolment_grade")),
        (
            "infrastructure_snapshot",
            s.rows_of("infrastructure_snapshot") + 1,
        ),
        ("textbook_provision", s.rows_of("textbook_provision") + 1),
        ("survey", s.rows_of("survey")),
        ("ort_subject_score", s.rows_of("ort_subject_score")),
        ("teacher", s.rows_of("teacher")),
        ("teacher_award", s.rows_of("teacher_award")),
        (
            "teacher_training_attendance",
            s.rows_of("teacher_training_attendance"),
        ),
        ("admin_control", s.rows_of("admin_control")),
    ];
    for (table, n) in expected {
        assert_eq!(get(table, &all), n as i64, "{table}");
    }
    assert_eq!(
        s.rows_of("ort_threshold"),
        10,
        "grant and contract for five years"
    );
    assert_eq!(s.rows_of("staff_snapshot"), 15, "three schools, five years");
    assert_eq!(s.rows_of("enrolment_grade"), 15 * 11);
    assert_eq!(
        s.rows_of("ort_subject_score"),
        2 * s.rows_of("ort_result"),
        "two subject tests for every generated taker"
    );
    // The register (of the synthetic schools; the fixture school keeps none): each
    // school-year's teachers are the staff snapshot's total, some left,
    // pseudonymous (no names), and each programme's participants attended it.
    let off = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM staff_snapshot ss JOIN demo_school d ON d.school_id = ss.school_id \
         JOIN school s ON s.id = ss.school_id \
         WHERE s.code <> 'KG-O-UZG-045' AND ss.teachers_total <> (SELECT COUNT(*) FROM teacher t WHERE t.school_id = ss.school_id \
         AND t.hired_year <= ss.academic_year \
         AND (t.left_year IS NULL OR t.left_year > ss.academic_year))",
    )
    .await;
    assert_eq!(off, 0, "register size = teachers_total every school-year");
    assert!(s.rows_of("teacher") > 0);
    let left = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM teacher WHERE left_year IS NOT NULL",
    )
    .await;
    assert!(left > 0, "some teachers leave");
    let named = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM teacher WHERE full_name IS NOT NULL",
    )
    .await;
    assert_eq!(named, 0, "pseudonymous");
    let refs = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM teacher WHERE teacher_ref NOT LIKE 'T-%'",
    )
    .await;
    assert_eq!(refs, 0);
    let attendance_off = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM teacher_training tt JOIN demo_school d ON d.school_id = tt.school_id \
         JOIN school s ON s.id = tt.school_id \
         WHERE s.code <> 'KG-O-UZG-045' AND tt.participants <> (SELECT COUNT(*) FROM teacher_training_attendance ta \
         JOIN teacher t ON t.id = ta.teacher_id WHERE ta.teacher_training_id = tt.id \
         AND t.school_id = tt.school_id AND t.hired_year <= tt.academic_year \
         AND (t.left_year IS NULL OR t.left_year > tt.academic_year))",
    )
    .await;
    assert_eq!(
        attendance_off, 0,
        "participants of the year's register attend every programme"
    );
    let awards = s.rows_of("teacher_award");
    assert!(
        (1..=45).contains(&awards),
        "a few awards a school: {awards}"
    );
    let award_off = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM teacher_award a JOIN teacher t ON t.id = a.teacher_id \
         WHERE t.hired_year > a.year - 1 OR (t.left_year IS NOT NULL AND t.left_year <= a.year - 1)",
    )
    .await;
    assert_eq!(
        award_off, 0,
        "awards go to teachers of that year's register"
    );
    assert_eq!(
        s.changes.inserted,
        s.rows(),
        "a fresh database: everything inserted"
    );
    // Every grade 1–11 in every school-year, and only grades 2–11 marked.
    let grades = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM (SELECT DISTINCT school_id, academic_year, grade \
         FROM class_group) g",
    )
    .await;
    assert_eq!(grades, 3 * 5 * 11);
    let marked = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM mark_summary ms JOIN class_group cg \
         ON cg.id = ms.class_group_id WHERE cg.grade = 1",
    )
    .await;
    assert_eq!(marked, 0);
    // 9–12 subjects × 7 periods per marked class; every pupil counted once per row.
    let per_class = "SELECT COUNT(*) AS n FROM mark_summary \
                     WHERE assessment_kind = 'period_marks' GROUP BY class_group_id";
    let min = scalar(&t, &format!("SELECT MIN(n) AS n FROM ({per_class}) c")).await;
    let max = scalar(&t, &format!("SELECT MAX(n) AS n FROM ({per_class}) c")).await;
    assert!(min >= 9 * 7 && max <= 12 * 7, "{min}..{max}");
    // Administrative control (seed 002): 3 subjects × H1, H2 in every class of grades 5–11,
    // and one admin-control row per class × subject.
    let tests = "SELECT COUNT(*) AS n FROM mark_summary ms JOIN class_group cg \
                 ON cg.id = ms.class_group_id WHERE ms.assessment_kind = 'admin_control'";
    let tested = scalar(&t, tests).await;
    let classes = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM class_group WHERE grade BETWEEN 5 AND 11",
    )
    .await;
    assert!(classes > 0);
    assert_eq!(tested, classes * 3 * 2);
    assert_eq!(t.count("admin_control").await, classes * 3);
    let unbalanced = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM mark_summary \
         WHERE n5 + n4 + n3 + n2 + n1 + n_na + n_exempt <> n_enrolled",
    )
    .await;
    assert_eq!(unbalanced, 0);
    let outcomes_off = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM class_outcome co JOIN class_group cg \
         ON cg.id = co.class_group_id WHERE co.n_enrolled <> cg.enrolled \
         OR co.n_all_5 + co.n_4_5 + co.n_with_3 + co.n_with_2 + co.n_na <> cg.enrolled",
    )
    .await;
    assert_eq!(outcomes_off, 0);
    // The trend job sees every year of the fact tables as changed.
    let dirty = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM data_change WHERE fact_table IN ('mark_summary', 'class_outcome')",
    )
    .await;
    assert_eq!(dirty, 10);
    // Progress ends with every school-year written.
    let seen = seen.into_inner().unwrap();
    let last = seen.last().expect("progress reported");
    assert_eq!(
        (last.stage, last.done, last.total, last.year),
        ("results", 15, 15, Some(2021))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_seed_gives_the_same_rows() {
    // Arrange
    let a = TestDb::new().await;
    let b = TestDb::new().await;
    let c = TestDb::new().await;

    // Act
    generate(&a, Scale::School, 1).await;
    generate(&b, Scale::School, 1).await;
    generate(&c, Scale::School, 2).await;

    // Assert
    let (sum_a, sum_b, sum_c) = (checksum(&a).await, checksum(&b).await, checksum(&c).await);
    eprintln!("checksum of seed 1: {sum_a:?}");
    assert_eq!(sum_a, sum_b, "same seed, same rows");
    assert_ne!(sum_a, sum_c, "another seed, other rows");
    assert!(sum_a.iter().zip(&sum_c).filter(|(x, y)| x != y).count() >= 8);

    // Switching a database to another seed leaves exactly what that seed gives on its own.
    let switched = generate(&a, Scale::School, 2).await;
    assert_eq!(checksum(&a).await, sum_c);
    assert_eq!(counts(&a).await, counts(&c).await);
    assert!(switched.changes.updated > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rerunning_changes_nothing() {
    // Arrange
    let t = TestDb::new().await;
    let first = generate(&t, Scale::School, 5).await;
    let before = counts(&t).await;
    let sum = checksum(&t).await;

    // Act
    let second = generate(&t, Scale::School, 5).await;

    // Assert
    assert_eq!(counts(&t).await, before);
    assert_eq!(checksum(&t).await, sum);
    assert_eq!(second.rows(), first.rows());
    assert_eq!(second.changes.inserted, 0);
    assert_eq!(second.changes.updated, 0);
    assert_eq!(second.changes.unchanged, second.rows());
    assert_eq!(second.deleted, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn district_scale_is_calibrated() {
    // Arrange
    let t = TestDb::new().await;

    // Act
    let started = Instant::now();
    let s = generate(&t, Scale::District, 1).await;
    let secs = started.elapsed().as_secs_f64();

    // Assert
    let backend = if t.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    eprintln!(
        "district scale on {backend}: {secs:.1} s for {} rows ({} mark summaries), {:.0} rows/s",
        s.rows(),
        s.rows_of("mark_summary"),
        s.rows() as f64 / secs
    );
    eprintln!("{s:#?}");
    assert_eq!(s.rows_of("school"), 60);
    assert_eq!(t.count("school").await, 61);

    let good = scalar(
        &t,
        "SELECT CAST(SUM(n5 + n4) AS BIGINT) AS n FROM mark_summary",
    )
    .await;
    let assessed = scalar(
        &t,
        "SELECT CAST(SUM(n5 + n4 + n3 + n2 + n1 + n_na) AS BIGINT) AS n FROM mark_summary",
    )
    .await;
    let quality = 100.0 * good as f64 / assessed as f64;
    let takers = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM ort_result WHERE listing = 'cohort'",
    )
    .await;
    let passed = scalar(
        &t,
        "SELECT COUNT(*) AS n FROM ort_result WHERE listing = 'cohort' AND main_score >= 110",
    )
    .await;
    let share = 100.0 * passed as f64 / takers as f64;
    eprintln!("knowledge quality {quality:.1}%, ORT ≥ 110 {share:.1}% of {takers} takers");
    assert!((35.0..=55.0).contains(&quality), "quality {quality}");
    assert!((55.0..=80.0).contains(&share), "ORT share {share}");

    // Names are Kyrgyz and Russian with the real Kyrgyz letters, and searchable.
    let rows =
        t.db.query_all_raw(Statement::from_string(
            t.db.get_database_backend(),
            "SELECT name_ky, name_ru, name_search, settlement FROM school \
             WHERE code <> 'KG-O-UZG-045'",
        ))
        .await
        .unwrap();
    let mut kyrgyz_letters = 0;
    for r in &rows {
        let name_ky: String = r.try_get("", "name_ky").unwrap();
        let name_ru: String = r.try_get("", "name_ru").unwrap();
        let search: String = r.try_get("", "name_search").unwrap();
        let settlement: String = r.try_get("", "settlement").unwrap();
        assert_eq!(search, domain::school::search_key(&name_ky, &name_ru, None));
        if format!("{name_ky}{settlement}").contains(['ң', 'ө', 'ү']) {
            kyrgyz_letters += 1;
        }
    }
    assert!(kyrgyz_letters >= 20, "{kyrgyz_letters} of 60");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fact_kind_is_generated_or_listed_with_its_reason() {
    let t = TestDb::new().await;
    // The generator alone, without the fixture school.
    let options = Options {
        scale: Scale::School,
        seed: 1,
        ort_main_max: 245,
    };
    synthetic::generate(&t.db, &options, &|_| {})
        .await
        .expect("generate");
    let fixture = demo::FIXTURE_SCHOOL_CODE;
    for kind in domain::import::ImportKind::ALL {
        let table = kind.target().table;
        let generated = if table == "school" {
            t.count("school").await - 1
        } else {
            // How a table's rows reach their school (the thresholds are national).
            let through = |parent: &str, column: &str| {
                format!(
                    "SELECT COUNT(*) AS n FROM {table} x JOIN {parent} p ON p.id = x.{column} \
                     WHERE p.school_id <> (SELECT id FROM school WHERE code = '{fixture}')"
                )
            };
            let columns = kind.target().columns;
            let sql = if columns.contains(&"school_id") {
                format!(
                    "SELECT COUNT(*) AS n FROM {table} WHERE school_id <> (SELECT id FROM school WHERE code = '{fixture}')"
                )
            } else if columns.contains(&"class_group_id") {
                through("class_group", "class_group_id")
            } else if columns.contains(&"teacher_id") {
                through("teacher", "teacher_id")
            } else if columns.contains(&"ort_result_id") {
                through("ort_result", "ort_result_id")
            } else {
                format!("SELECT COUNT(*) AS n FROM {table}")
            };
            let row =
                t.db.query_one_raw(Statement::from_string(t.db.get_database_backend(), sql))
                    .await
                    .unwrap()
                    .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        };
        let listed = synthetic::NOT_GENERATED.iter().any(|(k, _)| *k == kind);
        assert_eq!(
            generated > 0,
            !listed,
            "{}: {generated} generated rows, listed as not generated: {listed}",
            kind.name()
        );
    }
}

/// The id, names, capacity and languages of a school, and its rows in the generated tables.
async fn school_state(t: &TestDb, code: &str) -> (String, String, i64, Vec<String>, i64) {
    let backend = t.db.get_database_backend();
    let row =
        t.db.query_one_raw(Statement::from_string(
            backend,
            format!(
                "SELECT id, name_ky, name_ru, design_capacity FROM school WHERE code = '{code}'"
            ),
        ))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no school {code}"));
    let id: i32 = row.try_get("", "id").unwrap();
    let languages =
        t.db.query_all_raw(Statement::from_string(
            backend,
            format!(
                "SELECT language FROM school_language WHERE school_id = {id} ORDER BY language"
            ),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "language").unwrap())
        .collect();
    let mut facts = 0;
    // The generated tables that name their school (marks and outcomes go by the class).
    for table in [
        "class_group",
        "ort_result",
        "olympiad_count_report",
        "staff_snapshot",
        "teacher_training",
        "enrolment_snapshot",
        "infrastructure_snapshot",
        "textbook_provision",
        "survey",
    ] {
        facts += scalar(
            t,
            &format!("SELECT COUNT(*) AS n FROM {table} WHERE school_id = {id}"),
        )
        .await;
    }
    (
        row.try_get("", "name_ky").unwrap(),
        row.try_get("", "name_ru").unwrap(),
        i64::from(row.try_get::<i32>("", "design_capacity").unwrap()),
        languages,
        facts,
    )
}

fn school_csv(code: &str, number: i32) -> String {
    integration_tests::import::fill(
        ImportKind::Schools,
        &format!(
            "school_code={code};district=Өзгөн району;school_number={number};\
             name_ky=Ынтымак №{number} мектеби;name_ru=Школа «Ынтымак» №{number};\
             ownership=муниципалдык;school_type=general;languages=өзбек;design_capacity=999"
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_leaves_imported_schools_as_they_are() {
    // Arrange: a user imports schools under codes of the generator's own convention, one of
    // them (002) among the numbers the school scale uses.
    let t = TestDb::new().await;
    for (code, number) in [("KG-O-UZG-002", 2), ("KG-O-UZG-101", 101)] {
        import(&t, ImportKind::Schools, school_csv(code, number)).await;
    }

    // Act
    let summary = generate(&t, Scale::School, 1).await;

    // Assert: both keep their names, capacity and languages, and got no synthetic rows.
    for (code, number) in [("KG-O-UZG-002", 2), ("KG-O-UZG-101", 101)] {
        assert_eq!(
            school_state(&t, code).await,
            (
                format!("Ынтымак №{number} мектеби"),
                format!("Школа «Ынтымак» №{number}"),
                999,
                vec!["uz".to_owned()],
                0
            ),
            "{code}"
        );
    }
    assert_eq!(summary.rows_of("school"), 3);
    assert_eq!(summary.left_alone, ["KG-O-UZG-002"]);
    for code in ["KG-O-UZG-001", "KG-O-UZG-003", "KG-O-UZG-004"] {
        assert!(school_state(&t, code).await.4 > 0, "{code} is generated");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_value_a_user_imported_survives_the_next_demo() {
    // Arrange: the demo, then a user's correction of one mark summary of a demo school.
    let t = TestDb::new().await;
    generate(&t, Scale::School, 1).await;
    let backend = t.db.get_database_backend();
    let row =
        t.db.query_one_raw(Statement::from_string(
            backend,
            "SELECT c.grade, c.letter, s.code AS subject, m.assessment_kind, m.n5, m.n4, m.n3, \
             m.n2, m.n1, m.n_na, m.n_exempt, m.n_enrolled \
             FROM mark_summary m JOIN class_group c ON c.id = m.class_group_id \
             JOIN school sc ON sc.id = c.school_id JOIN subject s ON s.id = m.subject_id \
             JOIN period p ON p.id = m.period_id \
             WHERE sc.code = 'KG-O-UZG-001' AND c.academic_year = 2021 AND p.kind = 'year' \
             AND s.code = 'mathematics' AND m.n4 > 0 ORDER BY c.grade, c.letter",
        ))
        .await
        .unwrap()
        .expect("a mark summary of KG-O-UZG-001");
    let get = |c: &str| row.try_get::<i32>("", c).unwrap();
    let (grade, letter): (i32, String) = (get("grade"), row.try_get("", "letter").unwrap());
    let kind: String = row.try_get("", "assessment_kind").unwrap();
    let (n5, n4) = (get("n5") + 1, get("n4") - 1);
    let csv = format!(
        "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,\
         n5,n4,n3,n2,n1,n_na,n_exempt,n_enrolled\n\
         KG-O-UZG-001,2021-2022,{grade},{letter},mathematics,year,{kind},\
         {n5},{n4},{},{},{},{},{},{}\n",
        get("n3"),
        get("n2"),
        get("n1"),
        get("n_na"),
        get("n_exempt"),
        get("n_enrolled")
    );
    import(&t, ImportKind::MarkSummaries, csv).await;
    let n5_sql = format!(
        "SELECT CAST(m.n5 AS BIGINT) AS n FROM mark_summary m JOIN class_group c ON c.id = m.class_group_id \
             JOIN school sc ON sc.id = c.school_id JOIN subject s ON s.id = m.subject_id \
             JOIN period p ON p.id = m.period_id WHERE sc.code = 'KG-O-UZG-001' \
             AND c.academic_year = 2021 AND p.kind = 'year' AND s.code = 'mathematics' \
             AND c.grade = {grade} AND c.letter = '{letter}' AND m.assessment_kind = '{kind}'"
    );
    assert_eq!(
        scalar(&t, &n5_sql).await,
        i64::from(n5),
        "the import is stored"
    );
    let before = school_state(&t, "KG-O-UZG-001").await;

    // Act
    let summary = generate(&t, Scale::School, 1).await;

    // Assert: the school is the user's now; the demo wrote none of it, and took number 4.
    assert_eq!(
        scalar(&t, &n5_sql).await,
        i64::from(n5),
        "the user's value stays"
    );
    assert_eq!(school_state(&t, "KG-O-UZG-001").await, before);
    assert_eq!(summary.left_alone, ["KG-O-UZG-001"]);
    assert!(school_state(&t, "KG-O-UZG-004").await.4 > 0);
    // Another seed still rewrites the demo's own schools, and the user's stays as it is.
    let switched = generate(&t, Scale::School, 2).await;
    assert!(switched.changes.updated > 0);
    assert_eq!(scalar(&t, &n5_sql).await, i64::from(n5));
    assert_eq!(school_state(&t, "KG-O-UZG-001").await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trend_job_counts_the_generated_register() {
    // Arrange
    let t = TestDb::new().await;
    generate(&t, Scale::School, 1).await;

    // Act
    let report = jobs::trends::run(
        &t.db,
        &t.config,
        jobs::trends::RunOptions::full(domain::trend::runs::Trigger::Manual),
    )
    .await
    .expect("full run");

    // Assert: every demo school-year gets the register's five-year training share, a
    // percentage of that year's register, and by the fifth year it is near the snapshots'.
    let values = domain::trend::store::read_values(&t.db, report.generation_id.unwrap())
        .await
        .unwrap();
    let demo_ids: Vec<i32> =
        t.db.query_all_raw(Statement::from_string(
            t.db.get_database_backend(),
            "SELECT d.school_id FROM demo_school d JOIN school s ON s.id = d.school_id \
             WHERE s.code <> 'KG-O-UZG-045'",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("", "school_id").unwrap())
        .collect();
    assert_eq!(demo_ids.len(), 3);
    for id in &demo_ids {
        for year in synthetic::YEARS {
            let v = values
                .iter()
                .find(|v| {
                    v.entity_kind == "school"
                        && v.entity_id == *id
                        && v.indicator == "teachers_trained_5y_register_pct"
                        && v.year == year
                })
                .unwrap_or_else(|| panic!("school {id} {year}: no register value"));
            let pct = v.value.expect("a value");
            eprintln!("school {id} {year}: {pct:.1}% of {:?}", v.denominator);
            assert!((0.0..=100.0).contains(&pct), "{pct}");
            if year == *synthetic::YEARS.end() {
                assert!(
                    pct >= 40.0,
                    "five years of courses reach most teachers: {pct}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_database_older_than_demo_ownership_the_demo_rewrites_nothing() {
    // Arrange: demo data written before `demo_school` existed (so it lists none of them).
    let t = TestDb::new().await;
    generate(&t, Scale::School, 1).await;
    t.exec("DELETE FROM demo_school").await;
    let old = ["KG-O-UZG-001", "KG-O-UZG-002", "KG-O-UZG-003"];
    let mut before = Vec::new();
    for code in old {
        before.push(school_state(&t, code).await);
    }
    let facts = |table: &str, col: &str| {
        format!(
            "SELECT CAST(COALESCE(SUM(x.{col}), 0) AS BIGINT) AS n FROM {table} x \
             JOIN class_group c ON c.id = x.class_group_id JOIN school s ON s.id = c.school_id \
             WHERE s.code IN ('KG-O-UZG-001', 'KG-O-UZG-002', 'KG-O-UZG-003')"
        )
    };
    let marks_before = scalar(&t, &facts("mark_summary", "n5")).await;
    let staff_sql = "SELECT CAST(COALESCE(SUM(x.teachers_total), 0) AS BIGINT) AS n \
                     FROM staff_snapshot x JOIN school s ON s.id = x.school_id \
                     WHERE s.code IN ('KG-O-UZG-001', 'KG-O-UZG-002', 'KG-O-UZG-003')";
    let staff_before = scalar(&t, staff_sql).await;

    // Act: the demo again, with another seed (which rewrites every school the demo owns).
    let summary = generate(&t, Scale::School, 2).await;

    // Assert: none of the schools it cannot prove its own changed; it wrote new ones instead.
    for (code, state) in old.iter().zip(&before) {
        assert_eq!(&school_state(&t, code).await, state, "{code}");
        assert!(
            summary.left_alone.iter().any(|c| c == code),
            "{code}: {summary:?}"
        );
    }
    assert_eq!(scalar(&t, &facts("mark_summary", "n5")).await, marks_before);
    assert_eq!(scalar(&t, staff_sql).await, staff_before);
    assert_eq!(
        summary.rows_of("school"),
        3,
        "three new schools at free numbers"
    );
}
