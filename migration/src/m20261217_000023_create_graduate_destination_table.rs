//! Where a school's graduates went, per academic year and finishing grade (seed 000's
//! graduate placement): counts, NULL where a destination is not reported (never 0 for
//! unknown), together at most the graduates.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261217_000023_create_graduate_destination_table"
    }
}

const TABLES: &[&str] = &["graduate_destination"];

const UP: &[&str] = &[
    r"CREATE TABLE graduate_destination (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        grade INTEGER NOT NULL,
        graduates INTEGER NOT NULL,
        continuing_school INTEGER,
        to_university INTEGER,
        to_college INTEGER,
        to_vocational INTEGER,
        employed INTEGER,
        other INTEGER,
        CONSTRAINT ck_graduate_destination_grade CHECK (grade IN (9, 11, 12)),
        CONSTRAINT ck_graduate_destination_counts CHECK (
            graduates >= 0
            AND (continuing_school IS NULL OR continuing_school >= 0)
            AND (to_university IS NULL OR to_university >= 0)
            AND (to_college IS NULL OR to_college >= 0)
            AND (to_vocational IS NULL OR to_vocational >= 0)
            AND (employed IS NULL OR employed >= 0)
            AND (other IS NULL OR other >= 0)
            AND COALESCE(continuing_school, 0) + COALESCE(to_university, 0)
                + COALESCE(to_college, 0) + COALESCE(to_vocational, 0)
                + COALESCE(employed, 0) + COALESCE(other, 0) <= graduates),
        CONSTRAINT ck_graduate_destination_university CHECK (
            grade <> 9 OR to_university IS NULL OR to_university = 0)
    )",
    "CREATE UNIQUE INDEX uq_graduate_destination \
     ON graduate_destination (school_id, academic_year, grade)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::down(manager, TABLES).await
    }
}
