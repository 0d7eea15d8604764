//! The half-year administrative control of a class and subject (seed 002): who teaches it, the
//! methodological association (усулдук бирикме) that runs and analyses the tests, and what the
//! association recommended after comparing the two half-years. The test counts themselves are
//! `mark_summary` rows (`assessment_kind = 'admin_control'`, periods H1 and H2): one place per
//! fact, joined by class and subject.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261215_000021_create_admin_control_table"
    }
}

const TABLES: &[&str] = &["admin_control"];

const UP: &[&str] = &[
    // The teacher is the register's row (pseudonymous); leaving the register leaves the row.
    r"CREATE TABLE admin_control (
        id {id},
        class_group_id INTEGER NOT NULL REFERENCES class_group (id) ON DELETE CASCADE,
        subject_id INTEGER NOT NULL REFERENCES subject (id),
        teacher_id INTEGER REFERENCES teacher (id) ON DELETE SET NULL,
        association_ky TEXT,
        association_ru TEXT,
        recommendations TEXT,
        CONSTRAINT ck_admin_control_association CHECK (
            (association_ky IS NULL OR length(association_ky) BETWEEN 1 AND 200)
            AND (association_ru IS NULL OR length(association_ru) BETWEEN 1 AND 200)),
        CONSTRAINT ck_admin_control_recommendations CHECK (
            recommendations IS NULL OR length(recommendations) BETWEEN 1 AND 2000)
    )",
    "CREATE UNIQUE INDEX uq_admin_control ON admin_control (class_group_id, subject_id)",
    "CREATE INDEX ix_admin_control_teacher ON admin_control (teacher_id)",
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
