//! Sapat's domain: the one crate that talks SQL. Configuration, the database connection
//! policy, errors, telemetry, reference data and the queries shared by the API and the jobs.
//! It must not depend on poem, async-graphql or polars.

pub mod access;
pub mod accreditation;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod config;
pub mod db;
pub mod db_url;
pub mod demo_ownership;
pub mod denied;
pub mod error;
pub mod export;
pub mod facts;
pub mod formula;
pub mod import;
pub mod labels;
pub mod messages;
pub mod query;
pub mod reference;
pub mod school;
pub mod telemetry;
pub mod text;
pub mod trend;
pub mod year;

pub use config::Config;
pub use entity;
pub use error::{Error, Result};
/// The database handle every domain function takes (a pool or, via `ConnectionTrait`, a
/// transaction). api and jobs use this alias and never depend on sea-orm themselves.
pub use sea_orm::DatabaseConnection as Db;
