//! Reference data: geography (regions, districts with SOATE codes), subjects, academic years and
//! their periods. Loaded by `sapat demo`/`sapat migrate` from the CSV files in `domain/data`,
//! never by this migration (no data in migrations).

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000001_create_reference_tables"
    }
}

const TABLES: &[&str] = &["region", "district", "subject", "academic_year", "period"];

const UP: &[&str] = &[
    // The 9 top-level units: 7 oblasts and the 2 cities of republican significance.
    r"CREATE TABLE region (
        id {id},
        code TEXT NOT NULL,
        kind TEXT NOT NULL,
        name_ky TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT,
        soate_code TEXT,
        CONSTRAINT ck_region_kind CHECK (kind IN ('oblast', 'city')),
        CONSTRAINT ck_region_code CHECK (code LIKE 'KG-%'),
        CONSTRAINT ck_region_soate CHECK (soate_code IS NULL OR length(soate_code) = 14)
    )",
    "CREATE UNIQUE INDEX uq_region_code ON region (code)",
    "CREATE UNIQUE INDEX uq_region_soate ON region (soate_code)",
    // Rayons, Bishkek's city districts and cities of oblast significance: the level a district
    // education office works at. `code` is a stable slug (not official); SOATE is official.
    r"CREATE TABLE district (
        id {id},
        region_id INTEGER NOT NULL REFERENCES region (id),
        code TEXT NOT NULL,
        kind TEXT NOT NULL,
        name_ky TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT,
        soate_code TEXT,
        CONSTRAINT ck_district_kind CHECK (kind IN ('rayon', 'city_district', 'city')),
        CONSTRAINT ck_district_soate CHECK (soate_code IS NULL OR length(soate_code) = 14)
    )",
    "CREATE UNIQUE INDEX uq_district_code ON district (code)",
    "CREATE UNIQUE INDEX uq_district_region_name ON district (region_id, name_ky)",
    "CREATE INDEX ix_district_region ON district (region_id)",
    r"CREATE TABLE subject (
        id {id},
        code TEXT NOT NULL,
        name_ky TEXT NOT NULL,
        name_ru TEXT NOT NULL,
        name_en TEXT,
        CONSTRAINT ck_subject_code CHECK (length(code) BETWEEN 1 AND 64)
    )",
    "CREATE UNIQUE INDEX uq_subject_code ON subject (code)",
    // Keyed by its start year (2017 = "2017-2018"), which is what every fact table stores.
    // The marked-grade range is per year because the 12-year system (2025-26) changes it.
    // The label CHECK makes the label a function of the key, so it needs no unique index.
    r"CREATE TABLE academic_year (
        start_year INTEGER NOT NULL PRIMARY KEY,
        label TEXT NOT NULL,
        school_system TEXT NOT NULL DEFAULT '11_year',
        marked_grade_min INTEGER NOT NULL DEFAULT 2,
        marked_grade_max INTEGER NOT NULL DEFAULT 11,
        CONSTRAINT ck_academic_year_range CHECK (start_year BETWEEN 2000 AND 2100),
        CONSTRAINT ck_academic_year_label
            CHECK (label = CAST(start_year AS TEXT) || '-' || CAST(start_year + 1 AS TEXT)),
        CONSTRAINT ck_academic_year_system CHECK (school_system IN ('11_year', '12_year')),
        CONSTRAINT ck_academic_year_marked_grades
            CHECK (marked_grade_min BETWEEN 1 AND 12 AND marked_grade_max BETWEEN 1 AND 12
                   AND marked_grade_min <= marked_grade_max)
    )",
    // Quarters 1-4, half-years 1-2 and the annual result (`year`, index 1).
    r"CREATE TABLE period (
        id {id},
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        kind TEXT NOT NULL,
        idx INTEGER NOT NULL,
        start_date DATE,
        end_date DATE,
        CONSTRAINT ck_period_kind_index CHECK (
            (kind = 'quarter' AND idx BETWEEN 1 AND 4)
            OR (kind = 'half_year' AND idx BETWEEN 1 AND 2)
            OR (kind = 'year' AND idx = 1)),
        CONSTRAINT ck_period_dates
            CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
    )",
    "CREATE UNIQUE INDEX uq_period_year_kind_idx ON period (academic_year, kind, idx)",
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
