//! The trend tables: the indicator catalog, job runs, and the generations the nightly job
//! writes, validates and publishes (see `store`).

pub mod alerts;
pub mod catalog;
pub mod dims;
pub mod runs;
pub mod snapshot;
pub mod source;
pub mod store;
