//! Sapat's integration tests: one binary, one module per area. Each test gets its own
//! database; set `TEST_DATABASE_URL=postgres://…` to run the same tests on PostgreSQL.

mod access;
mod alerts;
mod answer_cache;
mod api_mutations;
mod api_queries;
mod api_serving;
mod auth;
mod browser;
mod catalog_docs;
mod comparisons;
mod config;
mod constraints;
mod coverage;
mod dashboard;
mod dashboard_runs;
mod demo;
mod dimensions;
mod graphql;
mod hardening;
mod import;
mod kyrgyz;
mod linked_kinds;
mod messages;
mod metrics;
mod migrations;
mod privacy;
mod recompute;
mod reference;
mod serve;
mod synthetic;
mod tiers;
mod trend_sources;
mod trends;
