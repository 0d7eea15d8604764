//! Change watermarks: which (fact table, academic year) partitions changed since the trend
//! job last read them. Every write path (import, data entry) bumps the row of each academic
//! year it touched; an incremental trend run recomputes only partitions newer than its last
//! successful read.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000009_create_data_change_table"
    }
}

const TABLES: &[&str] = &["data_change"];

const UP: &[&str] = &[r"CREATE TABLE data_change (
        fact_table TEXT NOT NULL,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        changed_at {ts} NOT NULL,
        rows_changed BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (fact_table, academic_year),
        CONSTRAINT ck_data_change_rows CHECK (rows_changed >= 0)
    )"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::down(manager, TABLES).await
    }
}
