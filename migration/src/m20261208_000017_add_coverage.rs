//! Coverage of the trend tables (issue #16): how many schools an area's value covers out of
//! how many should report, and per generation which academic years are complete enough to
//! enter trends and rankings and which are published as provisional.
//!
//! `n_schools` / `n_schools_expected` are NULL on school rows (a school covers itself).
//! `generation_year` holds one row per academic year of a generation: the schools with any
//! fact that year, the schools the year is measured against (those of the last complete year
//! before it; NULL for the first year), and whether it is provisional.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000017_add_coverage"
    }
}

const UP: &[&str] = &[
    "ALTER TABLE indicator_value ADD COLUMN n_schools INTEGER",
    "ALTER TABLE indicator_value ADD COLUMN n_schools_expected INTEGER",
    // No foreign key to trend_generation, like the other generation tables (migration 14):
    // the job writes and deletes these rows with their generation.
    r"CREATE TABLE generation_year (
        generation_id INTEGER NOT NULL,
        year INTEGER NOT NULL,
        schools INTEGER NOT NULL,
        expected INTEGER,
        provisional BOOLEAN NOT NULL,
        PRIMARY KEY (generation_id, year)
    )",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::down(manager, &["generation_year"]).await?;
        ddl::up(
            manager,
            &[
                "ALTER TABLE indicator_value DROP COLUMN n_schools_expected",
                "ALTER TABLE indicator_value DROP COLUMN n_schools",
            ],
        )
        .await
    }
}
