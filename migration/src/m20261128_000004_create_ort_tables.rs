//! ORT (ЖРТ), the national university-entrance test (DOMAIN.md §2). A session belongs to the
//! academic year its takers graduate in: the 2019 summer session is academic year 2018-2019.
//! The main-test maximum (245, unverified) is configuration: each row carries the maximum it
//! was validated against, and the CHECKs hold the score to it.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000004_create_ort_tables"
    }
}

const TABLES: &[&str] = &[
    "ort_threshold",
    "ort_result",
    "ort_subject_score",
    "ort_school_summary",
];

const UP: &[&str] = &[
    // Set yearly by ministry order, per admission type and optionally per programme group.
    r"CREATE TABLE ort_threshold (
        id {id},
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        admission_type TEXT NOT NULL,
        programme_group TEXT NOT NULL DEFAULT 'general',
        main_min INTEGER NOT NULL,
        subject_min INTEGER,
        CONSTRAINT ck_ort_threshold_admission_type CHECK (admission_type IN ('grant', 'contract')),
        CONSTRAINT ck_ort_threshold_main_min CHECK (main_min BETWEEN 0 AND 1000),
        CONSTRAINT ck_ort_threshold_subject_min
            CHECK (subject_min IS NULL OR subject_min BETWEEN 0 AND 1000)
    )",
    "CREATE UNIQUE INDEX uq_ort_threshold
        ON ort_threshold (academic_year, admission_type, programme_group)",
    // One pseudonymous taker. `listing` says whether the school sent its whole cohort or only
    // its top scorers (seed 003): a top-scorer list gives a maximum but never a mean.
    r"CREATE TABLE ort_result (
        id {bigid},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        session TEXT NOT NULL DEFAULT 'summer',
        student_ref TEXT NOT NULL,
        listing TEXT NOT NULL DEFAULT 'cohort',
        test_language TEXT,
        main_score INTEGER NOT NULL,
        main_max INTEGER NOT NULL DEFAULT 245,
        state_lang_level TEXT,
        gold_certificate BOOLEAN NOT NULL DEFAULT FALSE,
        CONSTRAINT ck_ort_result_year CHECK (academic_year >= 2001),
        CONSTRAINT ck_ort_result_session CHECK (session IN ('summer', 'winter')),
        CONSTRAINT ck_ort_result_student_ref CHECK (length(student_ref) BETWEEN 1 AND 64),
        CONSTRAINT ck_ort_result_listing CHECK (listing IN ('cohort', 'top_scorers')),
        CONSTRAINT ck_ort_result_language
            CHECK (test_language IS NULL OR test_language IN ('ky', 'ru', 'uz')),
        CONSTRAINT ck_ort_result_main_max CHECK (main_max BETWEEN 1 AND 1000),
        CONSTRAINT ck_ort_result_main_score CHECK (main_score BETWEEN 0 AND main_max),
        CONSTRAINT ck_ort_result_state_lang_level CHECK (state_lang_level IS NULL OR
            state_lang_level IN ('high', 'above_intermediate', 'intermediate', 'below_intermediate'))
    )",
    "CREATE UNIQUE INDEX uq_ort_result ON ort_result (school_id, academic_year, session, student_ref)",
    "CREATE INDEX ix_ort_result_year ON ort_result (academic_year)",
    // Subject tests are scored separately on a scale that is not verified; keep the maximum.
    r"CREATE TABLE ort_subject_score (
        ort_result_id BIGINT NOT NULL REFERENCES ort_result (id) ON DELETE CASCADE,
        subject_id INTEGER NOT NULL REFERENCES subject (id),
        score INTEGER NOT NULL,
        max_score INTEGER,
        PRIMARY KEY (ort_result_id, subject_id),
        CONSTRAINT ck_ort_subject_score_range CHECK (score >= 0
            AND (max_score IS NULL OR (max_score > 0 AND score <= max_score)))
    )",
    // What a school knows about its cohort when it has no per-student rows. test_language
    // 'all' is the whole cohort; 'ky'/'ru'/'uz' rows split it.
    r"CREATE TABLE ort_school_summary (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        session TEXT NOT NULL DEFAULT 'summer',
        test_language TEXT NOT NULL DEFAULT 'all',
        participants INTEGER NOT NULL,
        mean_score DOUBLE PRECISION,
        median_score DOUBLE PRECISION,
        max_score INTEGER,
        min_score INTEGER,
        main_max INTEGER NOT NULL DEFAULT 245,
        threshold INTEGER,
        n_ge_threshold INTEGER,
        gold_certificates INTEGER,
        CONSTRAINT ck_ort_school_summary_year CHECK (academic_year >= 2001),
        CONSTRAINT ck_ort_school_summary_session CHECK (session IN ('summer', 'winter')),
        CONSTRAINT ck_ort_school_summary_language
            CHECK (test_language IN ('all', 'ky', 'ru', 'uz')),
        CONSTRAINT ck_ort_school_summary_participants CHECK (participants >= 0),
        CONSTRAINT ck_ort_school_summary_main_max CHECK (main_max BETWEEN 1 AND 1000),
        CONSTRAINT ck_ort_school_summary_scores CHECK (
            (mean_score IS NULL OR mean_score BETWEEN 0 AND main_max)
            AND (median_score IS NULL OR median_score BETWEEN 0 AND main_max)
            AND (max_score IS NULL OR max_score BETWEEN 0 AND main_max)
            AND (min_score IS NULL OR min_score BETWEEN 0 AND main_max)
            AND (min_score IS NULL OR max_score IS NULL OR min_score <= max_score)),
        CONSTRAINT ck_ort_school_summary_threshold CHECK (
            (threshold IS NULL OR threshold BETWEEN 0 AND main_max)
            AND (n_ge_threshold IS NULL OR (threshold IS NOT NULL
                 AND n_ge_threshold BETWEEN 0 AND participants))),
        CONSTRAINT ck_ort_school_summary_gold
            CHECK (gold_certificates IS NULL OR gold_certificates BETWEEN 0 AND participants)
    )",
    "CREATE UNIQUE INDEX uq_ort_school_summary
        ON ort_school_summary (school_id, academic_year, session, test_language)",
    "CREATE INDEX ix_ort_school_summary_year ON ort_school_summary (academic_year)",
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
