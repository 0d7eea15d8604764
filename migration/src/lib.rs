//! Sapat schema migrations.
//!
//! The DDL is written as portable SQL (it runs unchanged on SQLite and PostgreSQL) with one
//! substitution per backend for identity keys and timestamps: a schema this size with a named
//! CHECK for every domain range reads far better as SQL than as builder calls, and named
//! constraints (`ck_*`, `uq_*`) let errors say which rule a row broke on both databases.
//!
//! Unique rules are unique *indexes*, not table constraints, so SQLite keeps their names too
//! (`sqlite_autoindex_*` would lose them); `domain::db` maps violations back to these names.
//!
//! Never edit an applied migration; add a new one. Migrations never depend on `entity`.

// `MigrationTrait`'s async_trait signatures take `&SchemaManager` with an elided lifetime;
// spelling it out makes the impls mismatch the trait.
#![allow(elided_lifetimes_in_paths)]

pub use sea_orm_migration::prelude::*;

mod ddl;
mod m20261128_000001_create_reference_tables;
mod m20261128_000002_create_school_tables;
mod m20261128_000003_create_result_tables;
mod m20261128_000004_create_ort_tables;
mod m20261128_000005_create_olympiad_tables;
mod m20261128_000006_create_staff_tables;
mod m20261128_000007_create_condition_tables;
mod m20261128_000008_create_accreditation_tables;
mod m20261128_000009_create_data_change_table;
mod m20261128_000010_create_trend_tables;
mod m20261128_000012_create_access_tables;
mod m20261128_000013_add_audit_subject;
mod m20261202_000014_drop_generation_foreign_keys;
mod m20261207_000015_add_job_run_dry_run;
mod m20261207_000016_create_demo_school_table;
mod m20261208_000017_add_coverage;
mod m20261214_000020_add_comparison_district_value;
mod m20261215_000021_create_admin_control_table;
mod m20261216_000022_add_trend_dimensions;
mod m20261217_000023_create_graduate_destination_table;
mod m20261218_000024_mark_summary_set_based_keys;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_reference_tables::Migration),
            Box::new(m20261128_000002_create_school_tables::Migration),
            Box::new(m20261128_000003_create_result_tables::Migration),
            Box::new(m20261128_000004_create_ort_tables::Migration),
            Box::new(m20261128_000005_create_olympiad_tables::Migration),
            Box::new(m20261128_000006_create_staff_tables::Migration),
            Box::new(m20261128_000007_create_condition_tables::Migration),
            Box::new(m20261128_000008_create_accreditation_tables::Migration),
            Box::new(m20261128_000009_create_data_change_table::Migration),
            Box::new(m20261128_000010_create_trend_tables::Migration),
            Box::new(m20261128_000012_create_access_tables::Migration),
            Box::new(m20261128_000013_add_audit_subject::Migration),
            Box::new(m20261202_000014_drop_generation_foreign_keys::Migration),
            Box::new(m20261207_000015_add_job_run_dry_run::Migration),
            Box::new(m20261207_000016_create_demo_school_table::Migration),
            Box::new(m20261208_000017_add_coverage::Migration),
            Box::new(m20261214_000020_add_comparison_district_value::Migration),
            Box::new(m20261215_000021_create_admin_control_table::Migration),
            Box::new(m20261216_000022_add_trend_dimensions::Migration),
            Box::new(m20261217_000023_create_graduate_destination_table::Migration),
            Box::new(m20261218_000024_mark_summary_set_based_keys::Migration),
        ]
    }
}
