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
