//! Sapat's demo data, kept out of `domain` (the domain is the domain): the real fixture school
//! of DOMAIN.md §10 (seed 003, [`load`]) and the deterministic synthetic generator at school,
//! district and national scale ([`synthetic`]), for `sapat demo` and `sapat serve --demo` and
//! for the tests.
//!
//! It writes through `domain`'s public paths only (reference data, academic years, the bulk
//! upsert of imports, school search keys). It must not depend on api, jobs, poem,
//! async-graphql or polars, and nothing in `domain` may depend on it.

mod fixture;
pub mod synthetic;

pub use fixture::{DemoSummary, FIXTURE_SCHOOL_CODE, FIXTURE_YEARS, load};
