//! Sapat's scheduled jobs. Polars lives here and only here; SQL stays in `domain`.
//!
//! This crate owns the schedule of the nightly trend refresh (cron read in the configured
//! time zone, Asia/Bishkek by default) and, in [`pipeline`], its pure polars steps
//! (aggregation, trend statistics, comparisons, flags). Loading and storing frames is still
//! to come.

pub mod pipeline;
pub mod schedule;
