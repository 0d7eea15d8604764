//! Subject olympiads and other contests (DOMAIN.md §3). An olympiad row is one stage of one
//! competition in one subject and year; results name the school and a pseudonymous entrant.
//! Schools that keep only counts (seed 003) report them per level; a blank count stays NULL.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000005_create_olympiad_tables"
    }
}

const TABLES: &[&str] = &[
    "olympiad",
    "olympiad_result",
    "olympiad_count_report",
    "contest",
    "contest_result",
];

// The level ladder; zonal is an intra-district cluster round some districts hold.
const UP: &[&str] = &[
    r"CREATE TABLE olympiad (
        id {id},
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        subject_id INTEGER NOT NULL REFERENCES subject (id),
        kind TEXT NOT NULL DEFAULT 'republican',
        level TEXT NOT NULL,
        CONSTRAINT ck_olympiad_kind CHECK (kind IN ('republican', 'national', 'other')),
        CONSTRAINT ck_olympiad_level CHECK (level IN
            ('school', 'zonal', 'district', 'city', 'oblast', 'republic', 'international'))
    )",
    "CREATE UNIQUE INDEX uq_olympiad ON olympiad (academic_year, subject_id, kind, level)",
    r"CREATE TABLE olympiad_result (
        id {bigid},
        olympiad_id INTEGER NOT NULL REFERENCES olympiad (id) ON DELETE CASCADE,
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        student_ref TEXT NOT NULL,
        grade INTEGER,
        place INTEGER,
        award TEXT NOT NULL DEFAULT 'participant',
        advanced_to_next BOOLEAN NOT NULL DEFAULT FALSE,
        CONSTRAINT ck_olympiad_result_student_ref CHECK (length(student_ref) BETWEEN 1 AND 64),
        CONSTRAINT ck_olympiad_result_grade CHECK (grade IS NULL OR grade BETWEEN 1 AND 12),
        CONSTRAINT ck_olympiad_result_place CHECK (place IS NULL OR place BETWEEN 1 AND 3),
        CONSTRAINT ck_olympiad_result_award CHECK (award IN
            ('diploma_1', 'diploma_2', 'diploma_3', 'certificate', 'participant'))
    )",
    "CREATE UNIQUE INDEX uq_olympiad_result ON olympiad_result (olympiad_id, school_id, student_ref)",
    "CREATE INDEX ix_olympiad_result_school ON olympiad_result (school_id)",
    // NULL prize_count = not reported (a blank cell); 0 = reported none (a "-" cell).
    r"CREATE TABLE olympiad_count_report (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        level TEXT NOT NULL,
        prize_count INTEGER,
        participant_count INTEGER,
        note TEXT,
        CONSTRAINT ck_olympiad_count_report_level CHECK (level IN
            ('school', 'zonal', 'district', 'city', 'oblast', 'republic', 'international')),
        CONSTRAINT ck_olympiad_count_report_counts CHECK ((prize_count IS NULL OR prize_count >= 0)
            AND (participant_count IS NULL OR participant_count >= 0))
    )",
    "CREATE UNIQUE INDEX uq_olympiad_count_report
        ON olympiad_count_report (school_id, academic_year, level)",
    // Non-olympiad contests ("Манас таануу" …): same level and place structure.
    r"CREATE TABLE contest (
        id {id},
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        name_ky TEXT NOT NULL,
        name_ru TEXT,
        name_en TEXT,
        category TEXT NOT NULL DEFAULT 'intellectual',
        level TEXT NOT NULL,
        CONSTRAINT ck_contest_category
            CHECK (category IN ('intellectual', 'creative', 'sport', 'other')),
        CONSTRAINT ck_contest_level CHECK (level IN
            ('school', 'zonal', 'district', 'city', 'oblast', 'republic', 'international'))
    )",
    "CREATE UNIQUE INDEX uq_contest ON contest (academic_year, name_ky, level)",
    // entry_ref names a pseudonymous pupil or a team; participants is the team size.
    r"CREATE TABLE contest_result (
        id {id},
        contest_id INTEGER NOT NULL REFERENCES contest (id) ON DELETE CASCADE,
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        entry_ref TEXT NOT NULL,
        participants INTEGER,
        place INTEGER,
        award TEXT NOT NULL DEFAULT 'participant',
        advanced_to_next BOOLEAN NOT NULL DEFAULT FALSE,
        CONSTRAINT ck_contest_result_entry_ref CHECK (length(entry_ref) BETWEEN 1 AND 64),
        CONSTRAINT ck_contest_result_participants CHECK (participants IS NULL OR participants >= 1),
        CONSTRAINT ck_contest_result_place CHECK (place IS NULL OR place BETWEEN 1 AND 3),
        CONSTRAINT ck_contest_result_award CHECK (award IN
            ('diploma_1', 'diploma_2', 'diploma_3', 'certificate', 'participant'))
    )",
    "CREATE UNIQUE INDEX uq_contest_result ON contest_result (contest_id, school_id, entry_ref)",
    "CREATE INDEX ix_contest_result_school ON contest_result (school_id)",
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
