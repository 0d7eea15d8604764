//! The sections of a school profile. Each resolver calls one read (a fact kind's
//! `domain::facts::<kind>::read`, or `domain::query::profile` for accreditation and
//! self-assessment) and maps its rows to the DTOs of its module; derived values come from
//! `domain::formula`. One module per area: `conditions` (enrolment, infrastructure, staff
//! counts, textbooks), `marks`, `results` (ORT, olympiads, contests), `staff` (teachers,
//! trainings), `accreditation`, `admin_control` (the half-year administrative control).

mod accreditation;
mod admin_control;
mod conditions;
mod marks;
mod results;
mod staff;

use super::error::Result;
use async_graphql::Context;
use domain::Db;

pub use accreditation::*;
pub use admin_control::*;
pub use conditions::*;
pub use marks::*;
pub use results::*;
pub use staff::*;

fn db<'a>(ctx: &Context<'a>) -> Result<&'a Db> {
    super::common::db(ctx)
}

fn list<T, U: From<T>>(rows: domain::Result<Vec<T>>) -> Result<Vec<U>> {
    Ok(rows?.into_iter().map(U::from).collect())
}
