//! A mark summary names an existing class, subject and period, on both databases: SQLite by
//! its foreign keys, PostgreSQL by the set-based checks of migration 24 that replaced them
//! (one check per statement instead of one per row). Deleting a class deletes its marks;
//! a subject or period that marks name cannot be deleted; no parent that marks name changes
//! its id.

use domain::Error;
use integration_tests::TestDb;
use sea_orm::ConnectionTrait;

const CLASS_A: &str = "(SELECT id FROM class_group WHERE letter = 'A')";
const CLASS_B: &str = "(SELECT id FROM class_group WHERE letter = 'Б')";
const MATHS: &str = "(SELECT id FROM subject WHERE code = 'mathematics')";
const PERIOD: &str = "(SELECT id FROM period WHERE academic_year = 2020 AND kind = 'year')";
const COLUMNS: &str = "INSERT INTO mark_summary (class_group_id, subject_id, period_id, \
                       assessment_kind, n5, n4, n3, n2, n_enrolled) VALUES ";

/// A school with classes 5A and 5Б in 2020, and a mark summary of each in mathematics.
async fn school_with_marks() -> TestDb {
    let t = TestDb::new().await;
    domain::year::ensure(&t.db, 2020).await.expect("year");
    t.exec(
        "INSERT INTO school (district_id, code, number, name_ky, name_ru, name_search, ownership, school_type) \
         VALUES ((SELECT id FROM district WHERE code = 'KG-O-UZG'), 'MK1', 1, 'Мектеп', 'Школа', 'мектеп', 'state', 'general')",
    )
    .await;
    for letter in ["A", "Б"] {
        t.exec(&format!(
            "INSERT INTO class_group (school_id, academic_year, grade, letter) \
             VALUES ((SELECT id FROM school WHERE code = 'MK1'), 2020, 5, '{letter}')"
        ))
        .await;
    }
    t.exec(&format!(
        "{COLUMNS}({CLASS_A}, {MATHS}, {PERIOD}, 'period_marks', 5, 10, 8, 2, 25), \
         ({CLASS_B}, {MATHS}, {PERIOD}, 'period_marks', 4, 9, 9, 3, 26)"
    ))
    .await;
    t
}

/// The statement must fail as a violated reference from `mark_summary`: PostgreSQL names the
/// constraint (the old foreign key's name, kept by the check), SQLite says FOREIGN KEY.
async fn assert_refused(t: &TestDb, sql: &str, constraint: &str) {
    let err = match t.db.execute_unprepared(sql).await {
        Ok(_) => panic!("accepted: {sql}"),
        Err(e) => e,
    };
    let text = err.to_string();
    match domain::db::classify(&t.db, err).await {
        Error::Constraint {
            kind: domain::error::ConstraintKind::ForeignKey,
            constraint: name,
        } => assert_eq!(name, constraint, "{sql}"),
        _ if !t.is_postgres() => assert!(
            text.contains("FOREIGN KEY constraint failed"),
            "{sql}: {text}"
        ),
        other => panic!("{sql}: not a foreign-key violation: {other:?} ({text})"),
    }
}

async fn marks_of(t: &TestDb, class: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM mark_summary WHERE class_group_id = {class}");
    t.db.query_one_raw(sea_orm::Statement::from_string(
        t.db.get_database_backend(),
        sql,
    ))
    .await
    .expect("count")
    .expect("row")
    .try_get::<i64>("", "n")
    .expect("n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mark_summary_naming_a_missing_class_subject_or_period_is_refused_whole() {
    // Arrange
    let t = school_with_marks().await;
    let good = format!("({CLASS_A}, {MATHS}, {PERIOD}, 'admin_control', 1, 1, 1, 1, 25)");

    // Act + Assert: one bad row among good ones refuses the statement, naming its reference.
    for (bad, constraint) in [
        (
            format!("(999999, {MATHS}, {PERIOD}, 'period_marks', 1, 1, 1, 1, 25)"),
            "mark_summary_class_group_id_fkey",
        ),
        (
            format!("({CLASS_A}, 999999, {PERIOD}, 'period_marks', 1, 1, 1, 1, 25)"),
            "mark_summary_subject_id_fkey",
        ),
        (
            format!("({CLASS_A}, {MATHS}, 999999, 'period_marks', 1, 1, 1, 1, 25)"),
            "mark_summary_period_id_fkey",
        ),
    ] {
        assert_refused(&t, &format!("{COLUMNS}{good}, {bad}"), constraint).await;
    }
    // An update that points a row at a missing class is refused as well.
    assert_refused(
        &t,
        &format!(
            "UPDATE mark_summary SET class_group_id = 999999 WHERE class_group_id = {CLASS_A}"
        ),
        "mark_summary_class_group_id_fkey",
    )
    .await;
    assert_eq!(t.count("mark_summary").await, 2, "nothing was written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_class_deletes_its_mark_summaries_only() {
    // Arrange
    let t = school_with_marks().await;

    // Act
    t.exec(&format!("DELETE FROM class_group WHERE id = {CLASS_A}"))
        .await;

    // Assert
    assert_eq!(t.count("mark_summary").await, 1);
    assert_eq!(
        marks_of(&t, CLASS_B).await,
        1,
        "the other class keeps its marks"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subject_or_period_with_mark_summaries_cannot_be_deleted_or_renumbered() {
    // Arrange
    let t = school_with_marks().await;

    // Act + Assert
    assert_refused(
        &t,
        &format!("DELETE FROM subject WHERE id = {MATHS}"),
        "mark_summary_subject_id_fkey",
    )
    .await;
    assert_refused(
        &t,
        &format!("DELETE FROM period WHERE id = {PERIOD}"),
        "mark_summary_period_id_fkey",
    )
    .await;
    assert_refused(
        &t,
        &format!("UPDATE subject SET id = 999999 WHERE id = {MATHS}"),
        "mark_summary_subject_id_fkey",
    )
    .await;
    assert_refused(
        &t,
        &format!("UPDATE period SET id = 999999 WHERE id = {PERIOD}"),
        "mark_summary_period_id_fkey",
    )
    .await;
    assert_refused(
        &t,
        &format!("UPDATE class_group SET id = 999999 WHERE id = {CLASS_A}"),
        "mark_summary_class_group_id_fkey",
    )
    .await;
    assert_eq!(t.count("mark_summary").await, 2);
    // Once no mark names it, a subject may go (chemistry: named by nothing).
    t.exec("DELETE FROM subject WHERE code = 'chemistry'").await;
}

/// PostgreSQL: the check locks the parents it relied on (as a foreign key does), so a class
/// cannot be deleted under a writer that has not committed; once the writer commits, the
/// delete takes the new marks with it instead of leaving them without a class.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_cannot_be_deleted_under_an_uncommitted_mark_summary() {
    use sea_orm::TransactionTrait;
    let t = school_with_marks().await;
    if !t.is_postgres() {
        // SQLite has one writer at a time: the question does not arise.
        return;
    }
    // Arrange: a writer's transaction adds a mark to 5A and stays open.
    let writer = t.db.begin().await.expect("begin");
    writer
        .execute_unprepared(&format!(
            "{COLUMNS}({CLASS_A}, {MATHS}, {PERIOD}, 'admin_control', 1, 1, 1, 1, 25)"
        ))
        .await
        .expect("the writer's mark");

    // Act: another connection tries to delete 5A and gives up after a short wait.
    let deleter = t.db.begin().await.expect("begin");
    deleter
        .execute_unprepared("SET LOCAL lock_timeout = '300ms'")
        .await
        .expect("lock_timeout");
    let blocked = deleter
        .execute_unprepared(&format!("DELETE FROM class_group WHERE id = {CLASS_A}"))
        .await;
    deleter.rollback().await.expect("rollback");
    writer.commit().await.expect("commit");

    // Assert: the delete waited for the writer's lock; after the commit it cascades.
    let err = blocked.expect_err("the delete must wait for the writer");
    assert!(err.to_string().contains("lock"), "{err}");
    assert_eq!(marks_of(&t, CLASS_A).await, 2);
    t.exec(&format!("DELETE FROM class_group WHERE id = {CLASS_A}"))
        .await;
    assert_eq!(t.count("mark_summary").await, 1, "5Б's mark alone is left");
}

/// Imports `text` as mark summaries with the operator's rights.
async fn import_marks(
    t: &TestDb,
    text: String,
) -> Result<domain::import::ImportReport, (Vec<domain::import::RowError>, usize)> {
    match domain::import::import(
        &t.db,
        &domain::auth::Caller::operator(),
        domain::import::ImportKind::MarkSummaries,
        std::io::Cursor::new(text.into_bytes()),
        domain::import::Format::Csv,
        &domain::import::Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    {
        Ok(report) => Ok(report),
        Err(Error::Rejected { errors, total }) => Err((errors, total)),
        Err(other) => panic!("unexpected error: {other:?}"),
    }
}

/// 24,000 rows naming 600 classes no database has yet (2022-2023: grades 2–11 × 60 letters),
/// so new classes are written batch by batch (PostgreSQL: 20,000 rows a statement; SQLite:
/// about 2,300), each row's class after its batch's classes.
fn new_year_file(extra: &str) -> String {
    let mut out = String::from(
        "school_code,academic_year,grade,class_letter,subject,period,n5,n4,n3,n2,n_enrolled\n",
    );
    for grade in 2..=11 {
        for l in 0..60 {
            let letter = format!("Ө{l}");
            for subject in [
                "mathematics",
                "physics",
                "biology",
                "history",
                "music",
                "english",
            ] {
                for period in ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "year"]
                    .iter()
                    .take(if subject == "music" { 5 } else { 7 })
                {
                    out.push_str(&format!(
                        "MK1,2022-2023,{grade},{letter},{subject},{period},5,5,5,5,25\n"
                    ));
                }
            }
        }
    }
    out.push_str(extra);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_creates_its_new_classes_batch_by_batch_and_still_catches_a_far_repeat() {
    // Arrange
    let t = school_with_marks().await;
    let rows = 10 * 60 * (5 * 7 + 5);

    // Act: a repeat of row 2 (a class new in this file) as the last row.
    let repeated = new_year_file("MK1,2022-2023,2,Ө0,mathematics,Q1,1,1,1,1,25\n");
    let (errors, total) = import_marks(&t, repeated).await.expect_err("repeat");

    // Assert: caught at its row naming row 2, and nothing written (no class either).
    assert_eq!(total, 1, "{errors:#?}");
    assert_eq!(errors[0].row, rows as u64 + 2);
    assert!(
        errors[0].message.to_string().starts_with("repeats row 2 "),
        "{}",
        errors[0]
    );
    assert_eq!(t.count("class_group WHERE academic_year = 2022").await, 0);
    assert_eq!(t.count("mark_summary").await, 2);

    // Act: the clean file, then again.
    let report = import_marks(&t, new_year_file("")).await.expect("clean");
    let again = import_marks(&t, new_year_file("")).await.expect("again");

    // Assert: every row under its own class, the classes created once.
    assert_eq!((report.rows, report.inserted), (rows as u64, rows as u64));
    assert_eq!((again.inserted, again.unchanged), (0, rows as u64));
    assert_eq!(t.count("class_group WHERE academic_year = 2022").await, 600);
    assert_eq!(
        t.count(
            "(SELECT c.id FROM class_group c JOIN mark_summary m ON m.class_group_id = c.id \
             WHERE c.academic_year = 2022 GROUP BY c.id HAVING COUNT(*) = 40) per_class"
        )
        .await,
        600
    );
    assert_eq!(
        t.count("class_group WHERE academic_year = 2022 AND letter = 'Ө59' AND grade = 11")
            .await,
        1,
        "Kyrgyz letters kept"
    );
}
