//! The generation tables lose their foreign key to `trend_generation`.
//!
//! Every row of `indicator_value`, `indicator_trend` and `indicator_comparison` is written by
//! the trend job into the staging generation it has just created, and deleted by the job
//! when that generation is superseded; nothing else writes or deletes them. The foreign key
//! guarded nothing the job does not, yet on PostgreSQL it ran one `SELECT … FOR KEY SHARE`
//! per written row, the larger part of a national refresh's write time (BENCHMARKS.md).
//!
//! PostgreSQL drops the constraints; SQLite cannot drop one, so there the three tables are
//! rebuilt from their original DDL without the reference.

use crate::m20261128_000010_create_trend_tables::UP as TREND_DDL;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000014_drop_generation_foreign_keys"
    }
}

const TABLES: [&str; 3] = ["indicator_value", "indicator_trend", "indicator_comparison"];
const REFERENCE: &str = " REFERENCES trend_generation (id) ON DELETE CASCADE";

/// The original `CREATE TABLE` of `table`, named `name`, with or without the reference.
fn create(table: &str, name: &str, with_reference: bool) -> String {
    let head = format!("CREATE TABLE {table} (");
    let ddl = TREND_DDL
        .iter()
        .find(|s| s.starts_with(&head))
        .unwrap_or_else(|| panic!("no CREATE TABLE {table} in the trend migration"));
    let ddl = ddl.replacen(&head, &format!("CREATE TABLE {name} ("), 1);
    if with_reference {
        ddl
    } else {
        ddl.replacen(REFERENCE, "", 1)
    }
}

async fn switch(manager: &SchemaManager<'_>, with_reference: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for table in TABLES {
        match manager.get_database_backend() {
            DatabaseBackend::Postgres if with_reference => {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {table}_generation_id_fkey \
                     FOREIGN KEY (generation_id){REFERENCE}"
                ))
                .await?;
            }
            DatabaseBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_generation_id_fkey"
                ))
                .await?;
            }
            _ => {
                // Same columns in the same order, so `SELECT *` carries the rows over. One
                // batch, so one connection sees the whole rebuild.
                let new = format!("{table}_rebuilt");
                let batch = [
                    create(table, &new, with_reference),
                    format!("INSERT INTO {new} SELECT * FROM {table}"),
                    format!("DROP TABLE {table}"),
                    format!("ALTER TABLE {new} RENAME TO {table}"),
                ]
                .join(";\n");
                db.execute_unprepared(&batch).await?;
            }
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        switch(manager, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        switch(manager, true).await
    }
}
