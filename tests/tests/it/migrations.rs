//! Migrations run up, down and up again on a fresh database, and leave nothing pending.

use integration_tests::TestDb;
use migration::{Migrator, MigratorTrait};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_go_up_down_and_up_again_with_nothing_pending() {
    // Arrange
    let t = TestDb::empty().await;
    let total = Migrator::migrations().len();

    // Act + Assert: up
    let applied = domain::db::migrate_up(&t.db).await.expect("up");
    assert_eq!(
        applied.len(),
        total,
        "every migration applies on a fresh database"
    );
    assert!(
        domain::db::pending_migrations(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(t.count("region").await, 9);
    assert_eq!(t.count("district").await, 59);
    assert_eq!(t.count("subject").await, 41);

    // down, all the way
    domain::db::migrate_down(&t.db, None).await.expect("down");
    assert_eq!(
        domain::db::pending_migrations(&t.db).await.unwrap().len(),
        total
    );
    assert!(
        !t.db.get_schema_manager_has_table("school").await,
        "down removes the tables"
    );

    // up again
    domain::db::migrate_up(&t.db).await.expect("up again");
    assert!(
        domain::db::pending_migrations(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(t.count("district").await, 59);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_data_reload_is_idempotent() {
    let t = TestDb::new().await;
    let counts = domain::reference::load(&t.db).await.expect("reload");
    assert_eq!(
        (counts.regions, counts.districts, counts.subjects),
        (9, 59, 41)
    );
    assert_eq!(t.count("region").await, 9);
    assert_eq!(t.count("district").await, 59);
    assert_eq!(t.count("subject").await, 41);
}

trait HasTable {
    async fn get_schema_manager_has_table(&self, table: &str) -> bool;
}

impl HasTable for domain::Db {
    async fn get_schema_manager_has_table(&self, table: &str) -> bool {
        sea_orm_migration::SchemaManager::new(self)
            .has_table(table)
            .await
            .expect("has_table")
    }
}

/// Foreign keys from the generation tables to `trend_generation`, on either backend.
async fn generation_foreign_keys(t: &TestDb) -> i64 {
    let sql = if t.is_postgres() {
        "SELECT COUNT(*) AS n FROM information_schema.table_constraints \
         WHERE constraint_type = 'FOREIGN KEY' \
         AND table_name IN ('indicator_value', 'indicator_trend', 'indicator_comparison')"
    } else {
        "SELECT (SELECT COUNT(*) FROM pragma_foreign_key_list('indicator_value')) \
         + (SELECT COUNT(*) FROM pragma_foreign_key_list('indicator_trend')) \
         + (SELECT COUNT(*) FROM pragma_foreign_key_list('indicator_comparison')) AS n"
    };
    use sea_orm::ConnectionTrait;
    t.db.query_one_raw(sea_orm::Statement::from_string(
        t.db.get_database_backend(),
        sql,
    ))
    .await
    .expect("foreign key query")
    .expect("row")
    .try_get::<i64>("", "n")
    .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generation_tables_lose_their_foreign_keys_and_keep_their_rows() {
    // Arrange: a generation with one row in each table, then the migration stepped back.
    let t = TestDb::new().await;
    assert_eq!(
        generation_foreign_keys(&t).await,
        0,
        "no per-row key check on generation writes"
    );
    // Down past it: it and every migration after it (counted, so a new one needs no edit).
    let migrations = Migrator::migrations();
    let at = migrations
        .iter()
        .position(|m| m.name() == "m20261202_000014_drop_generation_foreign_keys")
        .expect("migration 14");
    let steps = u32::try_from(migrations.len() - at).unwrap();
    domain::db::migrate_down(&t.db, Some(steps))
        .await
        .expect("down past migration 14");
    assert_eq!(
        generation_foreign_keys(&t).await,
        3,
        "down restores the three keys"
    );
    t.exec("INSERT INTO trend_generation (id, run_id, status, created_at) VALUES (7, 1, 'staging', '2026-12-02T00:00:00Z')").await;
    t.exec("INSERT INTO indicator_value (generation_id, entity_kind, entity_id, indicator, year, value, source) VALUES (7, 'school', 1, 'enrolment', 2021, 512, 'RAW')").await;
    t.exec("INSERT INTO indicator_trend (generation_id, entity_kind, entity_id, indicator, window_first, window_last, n_points, direction) VALUES (7, 'school', 1, 'enrolment', 2017, 2021, 0, 'INSUFFICIENT')").await;
    t.exec("INSERT INTO indicator_comparison (generation_id, school_id, indicator, year, value, rank_district, count_district, pct_district, rank_region, count_region, pct_region, rank_country, count_country, pct_country) VALUES (7, 1, 'enrolment', 2021, 512, 1, 1, 100, 1, 1, 100, 1, 1, 100)").await;

    // Act
    domain::db::migrate_up(&t.db).await.expect("up");

    // Assert: the keys are gone, the rows (and the primary keys) are not.
    assert_eq!(generation_foreign_keys(&t).await, 0);
    for table in ["indicator_value", "indicator_trend", "indicator_comparison"] {
        assert_eq!(t.count(table).await, 1, "{table} keeps its row");
    }
    use sea_orm::ConnectionTrait;
    let duplicate = t
        .db
        .execute_unprepared("INSERT INTO indicator_value (generation_id, entity_kind, entity_id, indicator, year, source) VALUES (7, 'school', 1, 'enrolment', 2021, 'RAW')")
        .await;
    assert!(duplicate.is_err(), "the primary key survives the rebuild");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fresh_after_demo_data_recreates_an_empty_schema() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    assert!(t.count("school").await > 0);
    // Tables holding rows that reference each other (SQLite used to stop half-way here).
    domain::db::migrate_fresh(&t.db).await.unwrap();
    assert_eq!(t.count("school").await, 0);
    assert_eq!(t.count("mark_summary").await, 0);
    assert_eq!(t.count("region").await, 9);
    assert!(
        domain::db::pending_migrations(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn down_names_what_it_rolled_back_and_refuses_more_steps_than_are_applied() {
    // Arrange
    let t = TestDb::new().await;
    let applied = domain::db::applied_migrations(&t.db).await.unwrap();
    let too_many = u32::try_from(applied.len()).unwrap() + 1;

    // Act
    let refused = domain::db::migrate_down(&t.db, Some(too_many)).await;
    let rolled_back = domain::db::migrate_down(&t.db, Some(2)).await.unwrap();

    // Assert: the refusal changed nothing; then the two newest went, named newest first.
    match refused {
        Err(domain::Error::Invalid { field, message }) => {
            assert_eq!(field, "steps");
            assert!(message.contains("nothing was rolled back"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let newest: Vec<String> = applied.iter().rev().take(2).cloned().collect();
    assert_eq!(rolled_back, newest);
    assert_eq!(
        domain::db::pending_migrations(&t.db).await.unwrap(),
        newest.into_iter().rev().collect::<Vec<_>>()
    );
}
