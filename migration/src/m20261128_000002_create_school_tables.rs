//! Schools, their languages of instruction and their class groups.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000002_create_school_tables"
    }
}

const TABLES: &[&str] = &["school", "school_language", "class_group"];

const UP: &[&str] = &[
    // `code` is the school's stable identifier (EMIS-style), used to match imports.
    // `name_search` is the lower-cased, ё→е folded form of every name, maintained by `domain`,
    // because SQLite's lower() only folds ASCII and Kyrgyz search must work on both databases.
    r"CREATE TABLE school (
        id {id},
        district_id INTEGER NOT NULL REFERENCES district (id),
        code TEXT NOT NULL,
        number INTEGER,
        name_ky TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT,
        name_search TEXT NOT NULL,
        settlement TEXT,
        address TEXT,
        ownership TEXT NOT NULL,
        school_type TEXT NOT NULL,
        founded_year INTEGER,
        design_capacity INTEGER,
        phone TEXT,
        email TEXT,
        website TEXT,
        license_no TEXT,
        registration_no TEXT,
        CONSTRAINT ck_school_code CHECK (length(code) BETWEEN 1 AND 64),
        CONSTRAINT ck_school_number CHECK (number IS NULL OR number > 0),
        CONSTRAINT ck_school_ownership CHECK (ownership IN ('state', 'municipal', 'private')),
        CONSTRAINT ck_school_type CHECK (school_type IN
            ('general', 'gymnasium', 'lyceum', 'specialised', 'correspondence', 'complex')),
        CONSTRAINT ck_school_founded_year
            CHECK (founded_year IS NULL OR founded_year BETWEEN 1800 AND 2100),
        CONSTRAINT ck_school_design_capacity CHECK (design_capacity IS NULL OR design_capacity > 0)
    )",
    "CREATE UNIQUE INDEX uq_school_code ON school (code)",
    // Two schools of one district never share a number (NULL numbers are not compared).
    "CREATE UNIQUE INDEX uq_school_district_number ON school (district_id, number)",
    "CREATE INDEX ix_school_district ON school (district_id)",
    // A set, not a comma list, so the API can filter by language with an index.
    r"CREATE TABLE school_language (
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        PRIMARY KEY (school_id, language),
        CONSTRAINT ck_school_language CHECK (language IN ('ky', 'ru', 'uz', 'tj', 'en'))
    )",
    "CREATE INDEX ix_school_language_language ON school_language (language)",
    // One class (grade + letter) in one academic year. `enrolled` is the class list size;
    // the language of instruction is NULL where a report does not say.
    r"CREATE TABLE class_group (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        grade INTEGER NOT NULL,
        letter TEXT NOT NULL DEFAULT '',
        language TEXT,
        enrolled INTEGER,
        CONSTRAINT ck_class_group_grade CHECK (grade BETWEEN 1 AND 12),
        CONSTRAINT ck_class_group_letter CHECK (length(letter) <= 8),
        CONSTRAINT ck_class_group_language
            CHECK (language IS NULL OR language IN ('ky', 'ru', 'uz', 'tj', 'en')),
        CONSTRAINT ck_class_group_enrolled CHECK (enrolled IS NULL OR enrolled BETWEEN 0 AND 60)
    )",
    "CREATE UNIQUE INDEX uq_class_group ON class_group (school_id, academic_year, grade, letter)",
    "CREATE INDEX ix_class_group_year ON class_group (academic_year)",
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
