//! Pupil results as raw counts (DOMAIN.md §1): per class × subject × period mark summaries,
//! per-class all-subject outcomes, and the ready-made percentages of schools that have no raw
//! counts. Percentages are derived from the counts by `domain`, never stored as the only copy.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000003_create_result_tables"
    }
}

const TABLES: &[&str] = &["mark_summary", "class_outcome", "reported_indicator"];

const UP: &[&str] = &[
    // assessment_kind: period_marks (quarter, half-year and annual marks), admin_control
    // (seed 002, per half-year), final_attestation (grades 9/11/12, with exam_form) and
    // minimum_requirement tests. Exempt pupils are counted but leave the denominator.
    r"CREATE TABLE mark_summary (
        id {bigid},
        class_group_id INTEGER NOT NULL REFERENCES class_group (id) ON DELETE CASCADE,
        subject_id INTEGER NOT NULL REFERENCES subject (id),
        period_id INTEGER NOT NULL REFERENCES period (id),
        assessment_kind TEXT NOT NULL,
        exam_form TEXT,
        assessed_on DATE,
        n5 INTEGER NOT NULL DEFAULT 0,
        n4 INTEGER NOT NULL DEFAULT 0,
        n3 INTEGER NOT NULL DEFAULT 0,
        n2 INTEGER NOT NULL DEFAULT 0,
        n1 INTEGER NOT NULL DEFAULT 0,
        n_na INTEGER NOT NULL DEFAULT 0,
        n_exempt INTEGER NOT NULL DEFAULT 0,
        n_enrolled INTEGER NOT NULL,
        CONSTRAINT ck_mark_summary_kind CHECK (assessment_kind IN
            ('period_marks', 'admin_control', 'final_attestation', 'minimum_requirement')),
        CONSTRAINT ck_mark_summary_exam_form CHECK (exam_form IS NULL
            OR (assessment_kind = 'final_attestation'
                AND exam_form IN ('written_test', 'essay', 'oral'))),
        CONSTRAINT ck_mark_summary_counts_nonnegative CHECK (n5 >= 0 AND n4 >= 0 AND n3 >= 0
            AND n2 >= 0 AND n1 >= 0 AND n_na >= 0 AND n_exempt >= 0),
        CONSTRAINT ck_mark_summary_enrolled CHECK (n_enrolled BETWEEN 0 AND 60),
        CONSTRAINT ck_mark_summary_counts_le_enrolled
            CHECK (n5 + n4 + n3 + n2 + n1 + n_na + n_exempt <= n_enrolled)
    )",
    "CREATE UNIQUE INDEX uq_mark_summary
        ON mark_summary (class_group_id, subject_id, period_id, assessment_kind)",
    "CREATE INDEX ix_mark_summary_period ON mark_summary (period_id, assessment_kind)",
    "CREATE INDEX ix_mark_summary_subject ON mark_summary (subject_id)",
    // All-subject outcome of one class for one period (DOMAIN.md §1.3 "class level"): the only
    // source of class and school quality that counts a pupil once, not once per subject.
    r"CREATE TABLE class_outcome (
        id {bigid},
        class_group_id INTEGER NOT NULL REFERENCES class_group (id) ON DELETE CASCADE,
        period_id INTEGER NOT NULL REFERENCES period (id),
        n_all_5 INTEGER NOT NULL DEFAULT 0,
        n_4_5 INTEGER NOT NULL DEFAULT 0,
        n_with_3 INTEGER NOT NULL DEFAULT 0,
        n_with_2 INTEGER NOT NULL DEFAULT 0,
        n_na INTEGER NOT NULL DEFAULT 0,
        n_exempt INTEGER NOT NULL DEFAULT 0,
        n_enrolled INTEGER NOT NULL,
        CONSTRAINT ck_class_outcome_counts_nonnegative CHECK (n_all_5 >= 0 AND n_4_5 >= 0
            AND n_with_3 >= 0 AND n_with_2 >= 0 AND n_na >= 0 AND n_exempt >= 0),
        CONSTRAINT ck_class_outcome_enrolled CHECK (n_enrolled BETWEEN 0 AND 60),
        CONSTRAINT ck_class_outcome_counts_le_enrolled
            CHECK (n_all_5 + n_4_5 + n_with_3 + n_with_2 + n_na + n_exempt <= n_enrolled)
    )",
    "CREATE UNIQUE INDEX uq_class_outcome ON class_outcome (class_group_id, period_id)",
    "CREATE INDEX ix_class_outcome_period ON class_outcome (period_id)",
    // What a school reports as a ready percentage (seed 003: school-wide knowledge quality).
    // Scope: the whole school, one grade, or one subject. Used only where raw counts are absent.
    r"CREATE TABLE reported_indicator (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        period_id INTEGER NOT NULL REFERENCES period (id),
        indicator TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT 'school',
        grade INTEGER,
        subject_id INTEGER REFERENCES subject (id),
        scope_key TEXT NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        source TEXT NOT NULL DEFAULT 'self_report',
        source_note TEXT,
        CONSTRAINT ck_reported_indicator_indicator CHECK (indicator IN
            ('knowledge_quality', 'success_rate', 'sou', 'average_mark')),
        CONSTRAINT ck_reported_indicator_scope CHECK (
            (scope = 'school' AND grade IS NULL AND subject_id IS NULL)
            OR (scope = 'grade' AND grade IS NOT NULL AND subject_id IS NULL)
            OR (scope = 'subject' AND subject_id IS NOT NULL)),
        CONSTRAINT ck_reported_indicator_grade CHECK (grade IS NULL OR grade BETWEEN 1 AND 12),
        CONSTRAINT ck_reported_indicator_scope_key CHECK (scope_key = CASE
            WHEN scope = 'school' THEN 'school'
            WHEN scope = 'grade' THEN 'grade:' || CAST(grade AS TEXT)
            ELSE 'subject:' || CAST(subject_id AS TEXT) || COALESCE(':' || CAST(grade AS TEXT), '')
            END),
        CONSTRAINT ck_reported_indicator_value CHECK (
            (indicator = 'average_mark' AND value BETWEEN 1 AND 5)
            OR (indicator <> 'average_mark' AND value BETWEEN 0 AND 100)),
        CONSTRAINT ck_reported_indicator_source
            CHECK (source IN ('self_report', 'import', 'document'))
    )",
    // scope_key spells the scope without NULLs ('school', 'grade:9', 'subject:7:9'), so the
    // natural key is plain columns that ON CONFLICT can name on both databases.
    "CREATE UNIQUE INDEX uq_reported_indicator
        ON reported_indicator (school_id, period_id, indicator, scope_key)",
    "CREATE INDEX ix_reported_indicator_period ON reported_indicator (period_id)",
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
