//! Accreditation decisions and self-assessment reports (DOMAIN.md §5.1): standards 1–4, their
//! criteria with findings and evidence, strengths and weaknesses, and the commission.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000008_create_accreditation_tables"
    }
}

const TABLES: &[&str] = &[
    "accreditation",
    "self_assessment_report",
    "self_assessment_member",
    "self_assessment_criterion",
    "self_assessment_point",
];

const UP: &[&str] = &[
    r"CREATE TABLE accreditation (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        accreditation_type TEXT NOT NULL,
        decision_year INTEGER NOT NULL,
        agency TEXT,
        decision TEXT NOT NULL,
        certificate_no TEXT,
        valid_from DATE,
        valid_until DATE,
        CONSTRAINT ck_accreditation_type
            CHECK (accreditation_type IN ('institutional', 'programmatic')),
        CONSTRAINT ck_accreditation_decision_year CHECK (decision_year BETWEEN 2000 AND 2100),
        CONSTRAINT ck_accreditation_decision
            CHECK (decision IN ('full_5y', 'conditional_1y', 'refused')),
        CONSTRAINT ck_accreditation_validity CHECK (
            (valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until)
            AND (decision <> 'refused' OR (certificate_no IS NULL AND valid_until IS NULL)))
    )",
    "CREATE UNIQUE INDEX uq_accreditation
        ON accreditation (school_id, accreditation_type, decision_year)",
    "CREATE UNIQUE INDEX uq_accreditation_certificate ON accreditation (certificate_no)",
    // One report per school, academic year and accreditation type; seed 003 gives no date.
    r"CREATE TABLE self_assessment_report (
        id {id},
        school_id INTEGER NOT NULL REFERENCES school (id) ON DELETE CASCADE,
        academic_year INTEGER NOT NULL REFERENCES academic_year (start_year),
        accreditation_type TEXT NOT NULL DEFAULT 'programmatic',
        report_date DATE,
        introduction TEXT,
        conclusion TEXT,
        CONSTRAINT ck_self_assessment_report_type
            CHECK (accreditation_type IN ('institutional', 'programmatic'))
    )",
    "CREATE UNIQUE INDEX uq_self_assessment_report
        ON self_assessment_report (school_id, academic_year, accreditation_type)",
    // Commission members by pseudonymous reference and role; no names.
    r"CREATE TABLE self_assessment_member (
        id {id},
        report_id INTEGER NOT NULL REFERENCES self_assessment_report (id) ON DELETE CASCADE,
        member_ref TEXT NOT NULL,
        role_ky TEXT NOT NULL,
        role_ru TEXT,
        CONSTRAINT ck_self_assessment_member_ref CHECK (length(member_ref) BETWEEN 1 AND 64)
    )",
    "CREATE UNIQUE INDEX uq_self_assessment_member ON self_assessment_member (report_id, member_ref)",
    // Criterion codes are "<standard>.<n>" (1.1 … 4.3), and the code must agree with the standard.
    r"CREATE TABLE self_assessment_criterion (
        id {id},
        report_id INTEGER NOT NULL REFERENCES self_assessment_report (id) ON DELETE CASCADE,
        standard INTEGER NOT NULL,
        code TEXT NOT NULL,
        title_ky TEXT NOT NULL,
        title_ru TEXT,
        finding_text TEXT,
        evidence_text TEXT,
        CONSTRAINT ck_self_assessment_criterion_standard CHECK (standard BETWEEN 1 AND 4),
        CONSTRAINT ck_self_assessment_criterion_code CHECK (length(code) = 3
            AND substr(code, 1, 1) = CAST(standard AS TEXT) AND substr(code, 2, 1) = '.'
            AND substr(code, 3, 1) BETWEEN '1' AND '9')
    )",
    "CREATE UNIQUE INDEX uq_self_assessment_criterion ON self_assessment_criterion (report_id, code)",
    // Strengths and weaknesses, in the order the report lists them.
    r"CREATE TABLE self_assessment_point (
        id {id},
        report_id INTEGER NOT NULL REFERENCES self_assessment_report (id) ON DELETE CASCADE,
        standard INTEGER NOT NULL,
        kind TEXT NOT NULL,
        position INTEGER NOT NULL,
        text_ky TEXT NOT NULL,
        text_ru TEXT,
        CONSTRAINT ck_self_assessment_point_standard CHECK (standard BETWEEN 1 AND 4),
        CONSTRAINT ck_self_assessment_point_kind CHECK (kind IN ('strength', 'weakness')),
        CONSTRAINT ck_self_assessment_point_position CHECK (position >= 1)
    )",
    "CREATE UNIQUE INDEX uq_self_assessment_point
        ON self_assessment_point (report_id, standard, kind, position)",
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
