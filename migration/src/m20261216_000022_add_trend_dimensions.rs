//! The generation tables gain the dimensions of a value: `subject` (a reference subject's
//! code), `grade_band` (`4-6`, `7-9`, `10-11`) and `period` (`q1`–`q4`, `h1`, `h2`). The
//! empty string means "all" (every subject, every marked grade, the whole year), so today's
//! school-wide annual rows keep their meaning, and it is not NULL so the keys stay unique.
//!
//! The dimensions join the primary keys. `indicator_comparison`'s key now leads with
//! (indicator, dimensions, year): a league table for one subject is one range of it. Neither
//! backend changes a primary key in place portably, so each table is rebuilt with its rows
//! (the published generation stays readable).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261216_000022_add_trend_dimensions"
    }
}

const VALUE_COLUMNS: &str = "generation_id, entity_kind, entity_id, indicator, year, value, numerator, \
    denominator, source, flags, n_source_rows, n_schools, n_schools_expected";
const TREND_COLUMNS: &str = "generation_id, entity_kind, entity_id, indicator, window_first, window_last, \
    n_points, first_year, first_value, last_year, last_value, delta, mean, min_value, max_value, slope, direction";
const COMPARISON_COLUMNS: &str = "generation_id, school_id, indicator, year, value, rank_district, \
    count_district, pct_district, rank_region, count_region, pct_region, rank_country, count_country, \
    pct_country, district_mean, district_median, gap_to_district_mean, z_district, peer_median, \
    district_value, gap_to_district";

/// The three dimension columns as declared.
const DIMS: &str = "subject TEXT NOT NULL DEFAULT '',
        grade_band TEXT NOT NULL DEFAULT '',
        period TEXT NOT NULL DEFAULT '',";

/// `CREATE TABLE` of one generation table, with (`dims`) or without the dimension columns.
fn create(table: &str, name: &str, dims: bool) -> String {
    let d = if dims { DIMS } else { "" };
    match table {
        "indicator_value" => {
            let key = if dims {
                "entity_kind, entity_id, indicator, subject, grade_band, period, year"
            } else {
                "entity_kind, entity_id, indicator, year"
            };
            format!(
                "CREATE TABLE {name} (
        generation_id INTEGER NOT NULL,
        entity_kind TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        indicator TEXT NOT NULL,
        {d}
        year INTEGER NOT NULL,
        value DOUBLE PRECISION,
        numerator DOUBLE PRECISION,
        denominator DOUBLE PRECISION,
        source TEXT NOT NULL,
        flags TEXT NOT NULL DEFAULT '',
        n_source_rows BIGINT NOT NULL DEFAULT 0,
        n_schools INTEGER,
        n_schools_expected INTEGER,
        PRIMARY KEY (generation_id, {key}),
        CONSTRAINT ck_indicator_value_kind
            CHECK (entity_kind IN ('school', 'district', 'region', 'country')),
        CONSTRAINT ck_indicator_value_source CHECK (source IN ('RAW', 'REPORTED'))
    )"
            )
        }
        "indicator_trend" => {
            let key = if dims {
                "entity_kind, entity_id, indicator, subject, grade_band, period"
            } else {
                "entity_kind, entity_id, indicator"
            };
            format!(
                "CREATE TABLE {name} (
        generation_id INTEGER NOT NULL,
        entity_kind TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        indicator TEXT NOT NULL,
        {d}
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
        PRIMARY KEY (generation_id, {key}),
        CONSTRAINT ck_indicator_trend_direction
            CHECK (direction IN ('UP', 'DOWN', 'FLAT', 'INSUFFICIENT'))
    )"
            )
        }
        _ => {
            let key = if dims {
                "indicator, subject, grade_band, period, year, school_id"
            } else {
                "school_id, indicator, year"
            };
            format!(
                "CREATE TABLE {name} (
        generation_id INTEGER NOT NULL,
        school_id INTEGER NOT NULL,
        indicator TEXT NOT NULL,
        {d}
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
        district_value DOUBLE PRECISION,
        gap_to_district DOUBLE PRECISION,
        PRIMARY KEY (generation_id, {key})
    )"
            )
        }
    }
}

/// Rebuilds the three tables with (`dims`) or without the dimension columns. Going back
/// keeps only the rows without dimensions (today's rows).
async fn rebuild(manager: &SchemaManager<'_>, dims: bool) -> Result<(), DbErr> {
    let mut statements = Vec::new();
    for (table, columns) in [
        ("indicator_value", VALUE_COLUMNS),
        ("indicator_trend", TREND_COLUMNS),
        ("indicator_comparison", COMPARISON_COLUMNS),
    ] {
        let new = format!("{table}_rebuilt");
        let only_plain = if dims {
            ""
        } else {
            " WHERE subject = '' AND grade_band = '' AND period = ''"
        };
        statements.push(create(table, &new, dims));
        statements.push(format!(
            "INSERT INTO {new} ({columns}) SELECT {columns} FROM {table}{only_plain}"
        ));
        statements.push(format!("DROP TABLE {table}"));
        statements.push(format!("ALTER TABLE {new} RENAME TO {table}"));
    }
    // One batch, so one connection sees the whole rebuild (SQLite's pool would otherwise
    // rename on a connection whose schema still holds the dropped table).
    manager
        .get_connection()
        .execute_unprepared(&statements.join(";\n"))
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, false).await
    }
}
