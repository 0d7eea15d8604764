//! Sapat's scheduled jobs. Polars lives here and only here; SQL stays in `domain`.
//!
//! This crate so far owns the schedule of the nightly trend refresh (cron read in the
//! configured time zone, Asia/Bishkek by default). The trend pipeline itself is the
//! trend-engine issue.

pub mod schedule;
