//! The trend job's output and bookkeeping (DESIGN.md "Publishing the trend tables").
//!
//! Each run writes a whole new *generation* (values, trends, comparisons) in staging; a
//! validation gate checks it; publishing switches the single row of `published_generation` in
//! one transaction, so readers see the old generation or the new one, never a mix. Runs are
//! recorded in `job_run`; `job_lease` keeps one run at a time on SQLite (PostgreSQL uses an
//! advisory lock, which dies with its connection).

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000010_create_trend_tables"
    }
}

const TABLES: &[&str] = &[
    "job_run",
    "job_lease",
    "trend_generation",
    "published_generation",
    "indicator_value",
    "indicator_trend",
    "indicator_comparison",
];

pub(crate) const UP: &[&str] = &[
    r"CREATE TABLE job_run (
        id {bigid},
        job TEXT NOT NULL,
        run_trigger TEXT NOT NULL,
        mode TEXT NOT NULL,
        started_at {ts} NOT NULL,
        finished_at {ts},
        status TEXT NOT NULL,
        generation_id INTEGER,
        years TEXT,
        rows_read BIGINT NOT NULL DEFAULT 0,
        rows_written BIGINT NOT NULL DEFAULT 0,
        error TEXT,
        CONSTRAINT ck_job_run_trigger CHECK (run_trigger IN ('schedule', 'manual', 'startup')),
        CONSTRAINT ck_job_run_mode CHECK (mode IN ('full', 'incremental')),
        CONSTRAINT ck_job_run_status CHECK (status IN ('running', 'succeeded', 'failed')),
        CONSTRAINT ck_job_run_rows CHECK (rows_read >= 0 AND rows_written >= 0)
    )",
    "CREATE INDEX ix_job_run_job_started ON job_run (job, started_at)",
    r"CREATE TABLE job_lease (
        job TEXT NOT NULL PRIMARY KEY,
        run_id BIGINT NOT NULL,
        expires_at {ts} NOT NULL
    )",
    r"CREATE TABLE trend_generation (
        id {id},
        run_id BIGINT NOT NULL,
        status TEXT NOT NULL,
        created_at {ts} NOT NULL,
        published_at {ts},
        first_year INTEGER,
        last_year INTEGER,
        value_rows BIGINT NOT NULL DEFAULT 0,
        trend_rows BIGINT NOT NULL DEFAULT 0,
        comparison_rows BIGINT NOT NULL DEFAULT 0,
        CONSTRAINT ck_trend_generation_status
            CHECK (status IN ('staging', 'published', 'rejected', 'superseded'))
    )",
    // Exactly one row (id = 1): the pointer readers follow.
    r"CREATE TABLE published_generation (
        id INTEGER NOT NULL PRIMARY KEY,
        generation_id INTEGER NOT NULL REFERENCES trend_generation (id),
        published_at {ts} NOT NULL,
        CONSTRAINT ck_published_generation_singleton CHECK (id = 1)
    )",
    // entity_kind school/district/region/country (country id 0); value NULL = missing.
    r"CREATE TABLE indicator_value (
        generation_id INTEGER NOT NULL REFERENCES trend_generation (id) ON DELETE CASCADE,
        entity_kind TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        indicator TEXT NOT NULL,
        year INTEGER NOT NULL,
        value DOUBLE PRECISION,
        numerator DOUBLE PRECISION,
        denominator DOUBLE PRECISION,
        source TEXT NOT NULL,
        flags TEXT NOT NULL DEFAULT '',
        n_source_rows BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (generation_id, entity_kind, entity_id, indicator, year),
        CONSTRAINT ck_indicator_value_kind
            CHECK (entity_kind IN ('school', 'district', 'region', 'country')),
        CONSTRAINT ck_indicator_value_source CHECK (source IN ('RAW', 'REPORTED'))
    )",
    r"CREATE TABLE indicator_trend (
        generation_id INTEGER NOT NULL REFERENCES trend_generation (id) ON DELETE CASCADE,
        entity_kind TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        indicator TEXT NOT NULL,
        window_first INTEGER NOT NULL,
        window_last INTEGER NOT NULL,
        n_points INTEGER NOT NULL,
        first_year INTEGER,
        first_value DOUBLE PRECISION,
        last_year INTEGER,
        last_value DOUBLE PRECISION,
        delta DOUBLE PRECISION,
        mean DOUBLE PRECISION,
        min_value DOUBLE PRECISION,
        max_value DOUBLE PRECISION,
        slope DOUBLE PRECISION,
        direction TEXT NOT NULL,
        PRIMARY KEY (generation_id, entity_kind, entity_id, indicator),
        CONSTRAINT ck_indicator_trend_direction
            CHECK (direction IN ('UP', 'DOWN', 'FLAT', 'INSUFFICIENT'))
    )",
    r"CREATE TABLE indicator_comparison (
        generation_id INTEGER NOT NULL REFERENCES trend_generation (id) ON DELETE CASCADE,
        school_id INTEGER NOT NULL,
        indicator TEXT NOT NULL,
        year INTEGER NOT NULL,
        value DOUBLE PRECISION NOT NULL,
        rank_district INTEGER NOT NULL,
        count_district INTEGER NOT NULL,
        pct_district DOUBLE PRECISION NOT NULL,
        rank_region INTEGER NOT NULL,
        count_region INTEGER NOT NULL,
        pct_region DOUBLE PRECISION NOT NULL,
        rank_country INTEGER NOT NULL,
        count_country INTEGER NOT NULL,
        pct_country DOUBLE PRECISION NOT NULL,
        district_mean DOUBLE PRECISION,
        district_median DOUBLE PRECISION,
        gap_to_district_mean DOUBLE PRECISION,
        z_district DOUBLE PRECISION,
        peer_median DOUBLE PRECISION,
        PRIMARY KEY (generation_id, school_id, indicator, year)
    )",
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
