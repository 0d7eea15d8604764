//! Teachers (pseudonymous), their training and awards, and the yearly staff snapshot a school
//! reports when it keeps no per-teacher records (seed 003: 33 teachers, 25 with higher
//! education, 4 badge holders).

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000006_create_staff_tables"
    }
}

const TABLES: &[&str] = &[
    "teacher",
    "teacher_training",
    "teacher_training_attendance",
    "teacher_award",
    "staff_snapshot",
];

const UP: &[&str] = &[
    // `teacher_ref` is the school's pseudonymous code for the teacher; `full_name` is optional and
    // visible only to the school itself and to the ministry (never logged).
    r"CREATE TABLE teacher (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        teacher_ref TEXT NOT NULL,
        full_name TEXT,
        main_subject_id INTEGER REFERENCES subject (id),
        education_level TEXT,
        category TEXT NOT NULL DEFAULT 'none',
        category_since INTEGER,
        hired_year INTEGER,
        left_year INTEGER,
        young_specialist BOOLEAN NOT NULL DEFAULT FALSE,
        mentor_id INTEGER REFERENCES teacher (id) ON DELETE SET NULL,
        CONSTRAINT ck_teacher_ref CHECK (length(teacher_ref) BETWEEN 1 AND 64),
        CONSTRAINT ck_teacher_education_level CHECK (education_level IS NULL OR education_level
            IN ('secondary', 'secondary_vocational', 'incomplete_higher', 'higher', 'postgraduate')),
        CONSTRAINT ck_teacher_category CHECK (category IN ('none', 'second', 'first', 'highest')),
        CONSTRAINT ck_teacher_years CHECK (
            (category_since IS NULL OR category_since BETWEEN 1950 AND 2100)
            AND (hired_year IS NULL OR hired_year BETWEEN 1950 AND 2100)
            AND (left_year IS NULL OR (left_year BETWEEN 1950 AND 2100
                 AND (hired_year IS NULL OR left_year >= hired_year))))
    )",
    "CREATE UNIQUE INDEX uq_teacher ON teacher (school_id, teacher_ref)",
    // One programme a school's teachers attended in one year (seed 003 table F).
    r"CREATE TABLE teacher_training (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        programme_name_ky TEXT NOT NULL,
        programme_name_ru TEXT,
        provider TEXT NOT NULL DEFAULT 'other',
        hours INTEGER,
        participants INTEGER NOT NULL,
        CONSTRAINT ck_teacher_training_provider CHECK (provider IN ('ripk', 'kae',
            'oblast_institute', 'university', 'ngo_international', 'school', 'other')),
        CONSTRAINT ck_teacher_training_hours CHECK (hours IS NULL OR hours BETWEEN 1 AND 2000),
        CONSTRAINT ck_teacher_training_participants CHECK (participants >= 0)
    )",
    "CREATE UNIQUE INDEX uq_teacher_training
        ON teacher_training (school_id, academic_year, programme_name_ky, provider)",
    // Which teachers attended, where the school keeps per-teacher records.
    r"CREATE TABLE teacher_training_attendance (
        teacher_training_id INTEGER NOT NULL REFERENCES teacher_training (id) ON DELETE CASCADE,
        teacher_id INTEGER NOT NULL REFERENCES teacher (id) ON DELETE CASCADE,
        PRIMARY KEY (teacher_training_id, teacher_id)
    )",
    "CREATE INDEX ix_teacher_training_attendance_teacher
        ON teacher_training_attendance (teacher_id)",
    r"CREATE TABLE teacher_award (
        id {id},
        teacher_id INTEGER NOT NULL REFERENCES teacher (id) ON DELETE CASCADE,
        award_type TEXT NOT NULL,
        level TEXT,
        year INTEGER NOT NULL,
        note TEXT,
        CONSTRAINT ck_teacher_award_type CHECK (award_type IN ('excellence_badge',
            'honour_certificate', 'teacher_of_year', 'state_title', 'other')),
        CONSTRAINT ck_teacher_award_level CHECK (level IS NULL OR level IN
            ('school', 'district', 'city', 'oblast', 'republic', 'international')),
        CONSTRAINT ck_teacher_award_year CHECK (year BETWEEN 1950 AND 2100)
    )",
    "CREATE UNIQUE INDEX uq_teacher_award ON teacher_award (teacher_id, award_type, year)",
    // Every subset count is bounded by the total; percentages are of teachers, 0..100.
    r"CREATE TABLE staff_snapshot (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        teachers_total INTEGER NOT NULL,
        with_higher_ed INTEGER,
        with_award_excellence INTEGER,
        category_none INTEGER,
        category_second INTEGER,
        category_first INTEGER,
        category_highest INTEGER,
        young_teachers INTEGER,
        mentors INTEGER,
        trained_this_year INTEGER,
        trained_last_5y INTEGER,
        over_rate_teachers INTEGER,
        vacancies INTEGER,
        ict_competent_pct DOUBLE PRECISION,
        interactive_board_pct DOUBLE PRECISION,
        CONSTRAINT ck_staff_snapshot_total CHECK (teachers_total >= 0),
        CONSTRAINT ck_staff_snapshot_subsets CHECK (
            (with_higher_ed IS NULL OR with_higher_ed BETWEEN 0 AND teachers_total)
            AND (with_award_excellence IS NULL OR with_award_excellence BETWEEN 0 AND teachers_total)
            AND (young_teachers IS NULL OR young_teachers BETWEEN 0 AND teachers_total)
            AND (mentors IS NULL OR mentors BETWEEN 0 AND teachers_total)
            AND (trained_this_year IS NULL OR trained_this_year BETWEEN 0 AND teachers_total)
            AND (trained_last_5y IS NULL OR trained_last_5y BETWEEN 0 AND teachers_total)
            AND (over_rate_teachers IS NULL OR over_rate_teachers BETWEEN 0 AND teachers_total)),
        -- A negative total is ck_staff_snapshot_total's to report, on both databases.
        CONSTRAINT ck_staff_snapshot_categories CHECK (teachers_total < 0 OR (
            (category_none IS NULL OR category_none >= 0)
            AND (category_second IS NULL OR category_second >= 0)
            AND (category_first IS NULL OR category_first >= 0)
            AND (category_highest IS NULL OR category_highest >= 0)
            AND COALESCE(category_none, 0) + COALESCE(category_second, 0)
              + COALESCE(category_first, 0) + COALESCE(category_highest, 0) <= teachers_total)),
        CONSTRAINT ck_staff_snapshot_vacancies CHECK (vacancies IS NULL OR vacancies >= 0),
        CONSTRAINT ck_staff_snapshot_pct CHECK (
            (ict_competent_pct IS NULL OR ict_competent_pct BETWEEN 0 AND 100)
            AND (interactive_board_pct IS NULL OR interactive_board_pct BETWEEN 0 AND 100))
    )",
    "CREATE UNIQUE INDEX uq_staff_snapshot ON staff_snapshot (school_id, academic_year)",
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
