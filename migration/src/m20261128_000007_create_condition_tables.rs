//! Conditions (DOMAIN.md §6, §8): enrolment, infrastructure, textbook provision and surveys,
//! one snapshot per school and academic year. Ratios (utilisation, pupils per computer) are
//! derived, never stored.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000007_create_condition_tables"
    }
}

const TABLES: &[&str] = &[
    "enrolment_snapshot",
    "enrolment_grade",
    "infrastructure_snapshot",
    "textbook_provision",
    "survey",
];

const UP: &[&str] = &[
    r"CREATE TABLE enrolment_snapshot (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        enrolment INTEGER NOT NULL,
        shifts INTEGER,
        class_sets INTEGER,
        first_grade_intake INTEGER,
        preparatory_intake INTEGER,
        left_mid_year INTEGER,
        leavers_after_grade9 INTEGER,
        CONSTRAINT ck_enrolment_snapshot_enrolment CHECK (enrolment >= 0),
        CONSTRAINT ck_enrolment_snapshot_shifts CHECK (shifts IS NULL OR shifts BETWEEN 1 AND 3),
        CONSTRAINT ck_enrolment_snapshot_counts CHECK (
            (class_sets IS NULL OR class_sets >= 0)
            AND (first_grade_intake IS NULL OR first_grade_intake BETWEEN 0 AND enrolment)
            AND (preparatory_intake IS NULL OR preparatory_intake >= 0)
            AND (left_mid_year IS NULL OR left_mid_year >= 0)
            AND (leavers_after_grade9 IS NULL OR leavers_after_grade9 >= 0))
    )",
    "CREATE UNIQUE INDEX uq_enrolment_snapshot ON enrolment_snapshot (school_id, academic_year)",
    // Pupils per grade; grade 0 is the preparatory class.
    r"CREATE TABLE enrolment_grade (
        enrolment_snapshot_id INTEGER NOT NULL
            REFERENCES enrolment_snapshot (id) ON DELETE CASCADE,
        grade INTEGER NOT NULL,
        pupils INTEGER NOT NULL,
        PRIMARY KEY (enrolment_snapshot_id, grade),
        CONSTRAINT ck_enrolment_grade_grade CHECK (grade BETWEEN 0 AND 12),
        CONSTRAINT ck_enrolment_grade_pupils CHECK (pupils >= 0)
    )",
    // Seed 003 criterion 4.1. NULL = not reported; every count is >= 0.
    r"CREATE TABLE infrastructure_snapshot (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        classrooms INTEGER,
        extracurricular_rooms INTEGER,
        labs INTEGER,
        computer_classes INTEGER,
        computers INTEGER,
        laptops INTEGER,
        printers INTEGER,
        copiers INTEGER,
        projectors INTEGER,
        interactive_boards INTEGER,
        internet_channels INTEGER,
        sport_halls INTEGER,
        sport_hall_area_m2 DOUBLE PRECISION,
        sport_grounds INTEGER,
        sport_ground_area_m2 DOUBLE PRECISION,
        libraries INTEGER,
        library_fund INTEGER,
        reading_room_seats INTEGER,
        medical_rooms INTEGER,
        canteens INTEGER,
        cctv_cameras INTEGER,
        toilets_indoor INTEGER,
        toilets_outdoor INTEGER,
        fire_boards INTEGER,
        water_reservoirs INTEGER,
        CONSTRAINT ck_infrastructure_snapshot_nonnegative CHECK (
            COALESCE(classrooms, 0) >= 0 AND COALESCE(extracurricular_rooms, 0) >= 0
            AND COALESCE(labs, 0) >= 0 AND COALESCE(computer_classes, 0) >= 0
            AND COALESCE(computers, 0) >= 0 AND COALESCE(laptops, 0) >= 0
            AND COALESCE(printers, 0) >= 0 AND COALESCE(copiers, 0) >= 0
            AND COALESCE(projectors, 0) >= 0 AND COALESCE(interactive_boards, 0) >= 0
            AND COALESCE(internet_channels, 0) >= 0 AND COALESCE(sport_halls, 0) >= 0
            AND COALESCE(sport_hall_area_m2, 0) >= 0 AND COALESCE(sport_grounds, 0) >= 0
            AND COALESCE(sport_ground_area_m2, 0) >= 0 AND COALESCE(libraries, 0) >= 0
            AND COALESCE(library_fund, 0) >= 0 AND COALESCE(reading_room_seats, 0) >= 0
            AND COALESCE(medical_rooms, 0) >= 0 AND COALESCE(canteens, 0) >= 0
            AND COALESCE(cctv_cameras, 0) >= 0 AND COALESCE(toilets_indoor, 0) >= 0
            AND COALESCE(toilets_outdoor, 0) >= 0 AND COALESCE(fire_boards, 0) >= 0
            AND COALESCE(water_reservoirs, 0) >= 0)
    )",
    "CREATE UNIQUE INDEX uq_infrastructure_snapshot
        ON infrastructure_snapshot (school_id, academic_year)",
    // Raw counts where the school has them (required vs available titles), otherwise the
    // percentage it reported (seed 003: 91,78%). At least one of the two must be present.
    r"CREATE TABLE textbook_provision (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        grade_band TEXT NOT NULL DEFAULT 'all',
        required INTEGER,
        available INTEGER,
        provision_pct DOUBLE PRECISION,
        CONSTRAINT ck_textbook_provision_band
            CHECK (grade_band IN ('all', '1-4', '5-9', '10-12')),
        CONSTRAINT ck_textbook_provision_counts CHECK ((required IS NULL OR required > 0)
            AND (available IS NULL OR available >= 0)),
        CONSTRAINT ck_textbook_provision_pct
            CHECK (provision_pct IS NULL OR provision_pct BETWEEN 0 AND 100),
        CONSTRAINT ck_textbook_provision_present CHECK (provision_pct IS NOT NULL
            OR (required IS NOT NULL AND available IS NOT NULL))
    )",
    "CREATE UNIQUE INDEX uq_textbook_provision
        ON textbook_provision (school_id, academic_year, grade_band)",
    // Satisfaction surveys as counts, so shares aggregate correctly.
    r"CREATE TABLE survey (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        audience TEXT NOT NULL,
        respondents INTEGER NOT NULL,
        satisfied INTEGER NOT NULL,
        CONSTRAINT ck_survey_audience CHECK (audience IN ('parents', 'pupils', 'teachers')),
        CONSTRAINT ck_survey_counts CHECK (respondents >= 0 AND satisfied BETWEEN 0 AND respondents)
    )",
    "CREATE UNIQUE INDEX uq_survey ON survey (school_id, academic_year, audience)",
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
