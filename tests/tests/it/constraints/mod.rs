//! Every named CHECK (`ck_*`) and unique index (`uq_*`) in the schema rejects a row that breaks
//! it, and the error names that rule, on SQLite and PostgreSQL alike.

use domain::Error;
use integration_tests::TestDb;
use sea_orm::{ConnectionTrait, Statement};
use std::collections::BTreeSet;

/// One rule and a row that breaks it and nothing else. `setup` adds the valid rows the case
/// needs (the first of two duplicates); natural keys differ between cases, so cases share one
/// database without colliding.
struct Case {
    constraint: &'static str,
    setup: &'static [&'static str],
    bad: &'static str,
}

// Sub-selects for the base fixture's rows, by natural key.
macro_rules! region {
    () => {
        "(SELECT id FROM region WHERE code = 'KG-O')"
    };
}
macro_rules! district {
    () => {
        "(SELECT id FROM district WHERE code = 'KG-O-UZG')"
    };
}
macro_rules! school {
    () => {
        "(SELECT id FROM school WHERE code = 'T1')"
    };
}
macro_rules! maths {
    () => {
        "(SELECT id FROM subject WHERE code = 'mathematics')"
    };
}
macro_rules! biology {
    () => {
        "(SELECT id FROM subject WHERE code = 'biology')"
    };
}
macro_rules! period {
    () => {
        "(SELECT id FROM period WHERE academic_year = 2020 AND kind = 'year' AND idx = 1)"
    };
}
macro_rules! class_group {
    () => {
        "(SELECT id FROM class_group WHERE school_id = (SELECT id FROM school WHERE code = 'T1') \
         AND academic_year = 2020 AND grade = 5 AND letter = 'A')"
    };
}
macro_rules! teacher {
    () => {
        "(SELECT id FROM teacher WHERE teacher_ref = 'TR1')"
    };
}
macro_rules! olympiad {
    () => {
        "(SELECT id FROM olympiad WHERE academic_year = 2020 AND level = 'district' \
         AND subject_id = (SELECT id FROM subject WHERE code = 'biology'))"
    };
}
macro_rules! contest {
    () => {
        "(SELECT id FROM contest WHERE academic_year = 2020 AND name_ky = 'C1')"
    };
}
macro_rules! ort_result {
    () => {
        "(SELECT id FROM ort_result WHERE student_ref = 'S1')"
    };
}
macro_rules! enrolment {
    () => {
        "(SELECT id FROM enrolment_snapshot WHERE school_id = (SELECT id FROM school WHERE code = 'T1') \
         AND academic_year = 2020)"
    };
}
macro_rules! report {
    () => {
        "(SELECT id FROM self_assessment_report WHERE school_id = (SELECT id FROM school WHERE code = 'T1') \
         AND academic_year = 2020)"
    };
}

/// Valid rows every case may refer to. Academic years 2020 and 2021 (with periods) are created
/// through `domain::year::ensure`; 2000 is a bare year for the ORT year rules.
const BASE: &[&str] = &[
    "INSERT INTO academic_year (start_year, label) VALUES (2000, '2000-2001')",
    concat!(
        "INSERT INTO school (district_id, code, number, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
        district!(),
        ", 'T1', 1, 'Т1', 'Т1', 'т1', 'state', 'general')"
    ),
    concat!(
        "INSERT INTO class_group (school_id, academic_year, grade, letter, language) VALUES (",
        school!(),
        ", 2020, 5, 'A', 'ky')"
    ),
    concat!(
        "INSERT INTO teacher (school_id, teacher_ref) VALUES (",
        school!(),
        ", 'TR1')"
    ),
    concat!(
        "INSERT INTO teacher_training (school_id, academic_year, programme_name_ky, participants) VALUES (",
        school!(),
        ", 2020, 'P1', 5)"
    ),
    "INSERT INTO contest (academic_year, name_ky, level) VALUES (2020, 'C1', 'district')",
    concat!(
        "INSERT INTO olympiad (academic_year, subject_id, level) VALUES (2020, ",
        biology!(),
        ", 'district')"
    ),
    concat!(
        "INSERT INTO self_assessment_report (school_id, academic_year) VALUES (",
        school!(),
        ", 2020)"
    ),
    concat!(
        "INSERT INTO enrolment_snapshot (school_id, academic_year, enrolment) VALUES (",
        school!(),
        ", 2020, 100)"
    ),
    concat!(
        "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score) VALUES (",
        school!(),
        ", 2020, 'S1', 100)"
    ),
];

mod cases_a;
mod cases_b;
mod cases_c;

/// Every case: the rules of the first tables of the schema, then the others.
fn cases() -> impl Iterator<Item = &'static Case> {
    cases_a::CASES
        .iter()
        .chain(cases_b::CASES)
        .chain(cases_c::CASES)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_check_and_unique_rule_rejects_its_bad_row() {
    // Arrange
    let t = TestDb::new().await;
    for year in [2020, 2021] {
        domain::year::ensure(&t.db, year)
            .await
            .expect("academic year");
    }
    for sql in BASE {
        t.exec(sql).await;
    }

    // Act
    let mut failures = Vec::new();
    for case in cases() {
        let expected = case.constraint;
        if let Some((sql, e)) = run_setup(&t, case).await {
            failures.push(format!("{}: setup failed: {e}\n    {sql}", case.constraint));
            continue;
        }
        match t.db.execute_unprepared(case.bad).await {
            Ok(_) => failures.push(format!(
                "{}: the bad row was accepted\n    {}",
                case.constraint, case.bad
            )),
            Err(e) => match domain::db::classify(&t.db, e).await {
                Error::Constraint { constraint, .. } if constraint == expected => {}
                other => failures.push(format!(
                    "{}: expected `{expected}`, got: {other:?}",
                    case.constraint
                )),
            },
        }
    }

    // Assert
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n  {}",
        failures.len(),
        cases().count(),
        failures.join("\n  ")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_named_rule_has_a_case() {
    // Arrange
    let t = TestDb::new().await;
    let in_schema = named_rules(&t).await;
    let mut in_cases = BTreeSet::new();
    let duplicates: Vec<&str> = cases()
        .map(|c| c.constraint)
        .filter(|name| !in_cases.insert(*name))
        .collect();

    // Act
    let untested: Vec<&String> = in_schema
        .iter()
        .filter(|n| !in_cases.contains(n.as_str()))
        .collect();
    let unknown: Vec<&&str> = in_cases
        .iter()
        .filter(|n| !in_schema.contains(**n))
        .collect();

    // Assert
    assert!(
        in_schema.len() > 100,
        "the catalog query found only {in_schema:?}"
    );
    assert!(untested.is_empty(), "rules without a case: {untested:?}");
    assert!(
        unknown.is_empty(),
        "cases for rules not in the schema: {unknown:?}"
    );
    assert!(
        duplicates.is_empty(),
        "rules with more than one case: {duplicates:?}"
    );
}

/// Runs a case's setup; on failure returns the statement and its error.
async fn run_setup(t: &TestDb, case: &Case) -> Option<(&'static str, sea_orm::DbErr)> {
    for sql in case.setup {
        if let Err(e) = t.db.execute_unprepared(sql).await {
            return Some((sql, e));
        }
    }
    None
}

/// Every `ck_*` CHECK constraint and `uq_*` unique index, read from the database catalog.
async fn named_rules(t: &TestDb) -> BTreeSet<String> {
    let (postgres, sqlite) = (
        [
            "SELECT CAST(conname AS TEXT) AS name FROM pg_constraint \
             WHERE contype = 'c' AND conname LIKE 'ck\\_%'",
            "SELECT CAST(indexname AS TEXT) AS name FROM pg_indexes \
             WHERE schemaname = 'public' AND indexname LIKE 'uq\\_%'",
        ],
        ["SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'uq\\_%' ESCAPE '\\'"],
    );
    let mut names: BTreeSet<String> = BTreeSet::new();
    let queries: &[&str] = if t.is_postgres() { &postgres } else { &sqlite };
    for sql in queries {
        names.extend(column(t, sql, "name").await);
    }
    if !t.is_postgres() {
        for table_sql in column(
            t,
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL",
            "sql",
        )
        .await
        {
            names.extend(check_names(&table_sql));
        }
    }
    names
}

async fn column(t: &TestDb, sql: &str, name: &str) -> Vec<String> {
    let rows =
        t.db.query_all_raw(Statement::from_string(t.db.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}\n→ {e}"));
    rows.iter()
        .map(|row| row.try_get::<String>("", name).expect("text column"))
        .collect()
}

/// The `ck_…` names in `CONSTRAINT ck_… CHECK` clauses of one CREATE TABLE statement.
fn check_names(create_table: &str) -> Vec<String> {
    create_table
        .split("CONSTRAINT")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            name.starts_with("ck_").then_some(name)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_primary_keys_are_named_alike_on_both_databases() {
    // Arrange
    let t = TestDb::new().await;
    domain::year::ensure(&t.db, 2020).await.unwrap();
    t.exec(concat!(
        "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type) ",
        "VALUES ((SELECT id FROM district WHERE code = 'KG-O-UZG'), 'PK1', 'а', 'а', 'а', 'state', 'general')"
    ))
    .await;
    t.exec("INSERT INTO school_language (school_id, language) VALUES ((SELECT id FROM school WHERE code = 'PK1'), 'ky')")
        .await;

    // Act + Assert: a composite key and an integer key.
    for (bad, expected) in [
        (
            "INSERT INTO school_language (school_id, language) VALUES ((SELECT id FROM school WHERE code = 'PK1'), 'ky')",
            "school_language_pkey",
        ),
        (
            "INSERT INTO academic_year (start_year, label) VALUES (2020, '2020-2021')",
            "academic_year_pkey",
        ),
    ] {
        let err = t.db.execute_unprepared(bad).await.unwrap_err();
        let err = domain::db::classify(&t.db, err).await;
        assert!(
            matches!(&err, domain::Error::Constraint { constraint, .. } if constraint == expected),
            "{bad}: {err:?}"
        );
    }
}
