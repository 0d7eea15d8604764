//! API tokens (stored only as hashes) with their role and scope in the region → district →
//! school hierarchy, and the append-only audit log of writes.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000012_create_access_tables"
    }
}

const TABLES: &[&str] = &["api_token", "audit_log"];

const UP: &[&str] = &[
    // The scope columns a role needs are set and the others are not: an admin has none, a
    // region officer a region, a district officer a district, a school its school.
    r"CREATE TABLE api_token (
        id {id},
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        region_id INTEGER REFERENCES region (id),
        district_id INTEGER REFERENCES district (id),
        school_id INTEGER REFERENCES school (id),
        secret_hash TEXT NOT NULL,
        created_at {ts} NOT NULL,
        expires_at {ts},
        revoked_at {ts},
        CONSTRAINT ck_api_token_role CHECK (role IN ('admin', 'region', 'district', 'school')),
        CONSTRAINT ck_api_token_scope CHECK (
            (role = 'admin' AND region_id IS NULL AND district_id IS NULL AND school_id IS NULL)
            OR (role = 'region' AND region_id IS NOT NULL AND district_id IS NULL AND school_id IS NULL)
            OR (role = 'district' AND region_id IS NULL AND district_id IS NOT NULL AND school_id IS NULL)
            OR (role = 'school' AND region_id IS NULL AND district_id IS NULL AND school_id IS NOT NULL)),
        CONSTRAINT ck_api_token_name CHECK (length(name) BETWEEN 1 AND 200),
        CONSTRAINT ck_api_token_hash CHECK (length(secret_hash) = 64)
    )",
    r"CREATE TABLE audit_log (
        id {bigid},
        at {ts} NOT NULL,
        token_id INTEGER REFERENCES api_token (id),
        role TEXT NOT NULL,
        operation TEXT NOT NULL,
        entity TEXT NOT NULL,
        natural_key TEXT NOT NULL,
        school_id INTEGER,
        before TEXT,
        after TEXT,
        CONSTRAINT ck_audit_log_role CHECK (role IN ('admin', 'region', 'district', 'school', 'cli'))
    )",
    "CREATE INDEX ix_audit_log_at ON audit_log (at)",
    "CREATE INDEX ix_audit_log_school ON audit_log (school_id, at)",
    "CREATE INDEX ix_audit_log_token ON audit_log (token_id, at)",
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
