//! Sapat's scheduled jobs. Polars lives here and only here; SQL stays in `domain`.
//!
//! This crate owns the schedule of the nightly trend refresh (cron read in the configured
//! time zone, Asia/Bishkek by default), the in-process runs ([`scheduler::Runner`], through
//! which the API asks for a refresh) and the trend job itself: [`trends::run`] (the run
//! and publish protocol), [`indicators`] (school indicators of one year, pure polars),
//! [`pipeline`] (aggregation, trend statistics, comparisons, flags, pure polars) and
//! [`frame`] (the only conversion between domain rows and frames).

#[cfg(test)]
mod formula_agreement;
pub mod frame;
pub mod indicators;
pub mod pipeline;
pub mod schedule;
pub mod scheduler;
pub mod trends;
