//! The half-year administrative control (seed 002): a school's classes × subjects with H1, H2
//! and their change, the roll-ups per subject, teacher and association, and a district's per
//! subject. Every figure comes from `domain::facts::admin_control` (counts summed, then the
//! formulas of `domain::formula`).

use super::db;
use super::marks::{ClassGroup, MarkIndicators};
use crate::graphql::common::Subject;
use crate::graphql::dashboard::IndicatorMethod;
use crate::graphql::error::Result;
use async_graphql::{Context, SimpleObject};
use domain::access::{DistrictGrant, Grant};
use domain::facts::admin_control as ac;
use domain::trend::catalog::Method;

/// H1 and H2 of an administrative control and their change (per mark: a pupil counts once per
/// subject test).
#[derive(SimpleObject)]
pub struct AdminControlFigures {
    /// The first half-year's test: counts summed and the indicators they give; null = not
    /// tested or not recorded.
    h1: Option<MarkIndicators>,
    /// The second half-year's test; null = not tested or not recorded.
    h2: Option<MarkIndicators>,
    /// H2 − H1 knowledge quality ((n5 + n4) / N × 100), in percentage points; null unless both
    /// halves have a value.
    quality_change_pp: Option<f64>,
    /// H2 − H1 success ((n5 + n4 + n3) / N × 100), in percentage points; null unless both
    /// halves have a value.
    success_change_pp: Option<f64>,
}

impl From<ac::Halves> for AdminControlFigures {
    fn from(h: ac::Halves) -> Self {
        AdminControlFigures {
            h1: h.h1.map(Into::into),
            h2: h.h2.map(Into::into),
            quality_change_pp: h.quality_change(),
            success_change_pp: h.success_change(),
        }
    }
}

/// A group's class × subject pairs tested in both half-years, summed (counts first, then the
/// formulas); pairs with one half only are counted in `unpaired` and left out of the sums.
#[derive(SimpleObject)]
pub struct AdminControlRollUp {
    #[graphql(flatten)]
    figures: AdminControlFigures,
    /// Class × subject pairs compared (tested in both half-years).
    pairs: i32,
    /// Class × subject pairs with one half-year only: not in the sums.
    unpaired: i32,
}

impl From<ac::RollUp> for AdminControlRollUp {
    fn from(r: ac::RollUp) -> Self {
        AdminControlRollUp {
            figures: r.halves.into(),
            pairs: r.pairs as i32,
            unpaired: r.unpaired as i32,
        }
    }
}

/// A methodological association (усулдук бирикме / методическое объединение), as the school
/// named it.
#[derive(SimpleObject)]
pub struct MethodAssociation {
    /// Its name in Kyrgyz; null = not given.
    name_ky: Option<String>,
    /// Its name in Russian; null = not given.
    name_ru: Option<String>,
}

impl From<ac::Association> for MethodAssociation {
    fn from(a: ac::Association) -> Self {
        MethodAssociation {
            name_ky: a.name_ky,
            name_ru: a.name_ru,
        }
    }
}

/// One class and subject under administrative control.
#[derive(SimpleObject)]
pub struct AdminControlClass {
    /// The class tested.
    class_group: ClassGroup,
    /// The subject tested.
    subject: Subject,
    #[graphql(flatten)]
    figures: AdminControlFigures,
    /// The subject teacher's pseudonymous reference in the register; null = not recorded, or
    /// the caller's grant does not cover teachers (see `teachersVisible`).
    teacher_ref: Option<String>,
    /// The methodological association that runs and analyses the tests; null = not recorded.
    association: Option<MethodAssociation>,
    /// What the association recommended after comparing the half-years; null = none recorded.
    recommendations: Option<String>,
}

/// A subject's classes summed.
#[derive(SimpleObject)]
pub struct AdminControlBySubject {
    /// The subject.
    subject: Subject,
    #[graphql(flatten)]
    roll_up: AdminControlRollUp,
}

/// A teacher's classes and subjects summed.
#[derive(SimpleObject)]
pub struct AdminControlByTeacher {
    /// The teacher's pseudonymous reference in the register.
    teacher_ref: String,
    #[graphql(flatten)]
    roll_up: AdminControlRollUp,
}

/// An association's classes and subjects summed.
#[derive(SimpleObject)]
pub struct AdminControlByAssociation {
    /// The association.
    association: MethodAssociation,
    #[graphql(flatten)]
    roll_up: AdminControlRollUp,
}

/// A school's half-year administrative control of one academic year (seed 002): each class ×
/// subject with H1, H2 and the change, its teacher, association and recommendations, and the
/// roll-ups per subject, teacher and association.
#[derive(SimpleObject)]
pub struct AdminControl {
    /// The academic year by its start year (2021 = 2021-2022).
    year: i32,
    /// What the figures are computed over: per mark (a pupil counts once per subject test).
    method: IndicatorMethod,
    /// Whether teachers are shown: only to the people tier (an admin or the school's own
    /// token); other callers get null teacher references and no `byTeacher`.
    teachers_visible: bool,
    /// Classes × subjects by grade, letter and subject code.
    classes: Vec<AdminControlClass>,
    /// Per subject, by subject code.
    by_subject: Vec<AdminControlBySubject>,
    /// Per teacher reference (pairs without a recorded teacher are left out); null when the
    /// caller's grant does not cover teachers.
    by_teacher: Option<Vec<AdminControlByTeacher>>,
    /// Per methodological association (pairs without one are left out).
    by_association: Vec<AdminControlByAssociation>,
}

impl From<ac::SchoolAnalysis> for AdminControl {
    fn from(a: ac::SchoolAnalysis) -> Self {
        AdminControl {
            year: a.year,
            method: Method::PerMark.into(),
            teachers_visible: a.teachers_visible,
            classes: a
                .classes
                .into_iter()
                .map(|c| AdminControlClass {
                    class_group: c.class_group.into(),
                    subject: Subject(c.subject),
                    figures: c.halves.into(),
                    teacher_ref: c.teacher_ref,
                    association: c.association.map(Into::into),
                    recommendations: c.recommendations,
                })
                .collect(),
            by_subject: a
                .by_subject
                .into_iter()
                .map(|(s, r)| AdminControlBySubject {
                    subject: Subject(s),
                    roll_up: r.into(),
                })
                .collect(),
            by_teacher: a.teachers_visible.then(|| {
                a.by_teacher
                    .into_iter()
                    .map(|(t, r)| AdminControlByTeacher {
                        teacher_ref: t,
                        roll_up: r.into(),
                    })
                    .collect()
            }),
            by_association: a
                .by_association
                .into_iter()
                .map(|(s, r)| AdminControlByAssociation {
                    association: s.into(),
                    roll_up: r.into(),
                })
                .collect(),
        }
    }
}

/// A subject's administrative control summed over a district's schools.
#[derive(SimpleObject)]
pub struct DistrictAdminControlSubject {
    /// The subject.
    subject: Subject,
    #[graphql(flatten)]
    roll_up: AdminControlRollUp,
    /// Schools with at least one class of this subject tested in both half-years.
    n_schools: i32,
}

/// A district's half-year administrative control of one academic year, per subject, summed
/// over its schools' classes (counts first, then the formulas).
#[derive(SimpleObject)]
pub struct DistrictAdminControl {
    /// The academic year by its start year (2021 = 2021-2022).
    year: i32,
    /// What the figures are computed over: per mark (a pupil counts once per subject test).
    method: IndicatorMethod,
    /// The district's schools (what coverage is out of).
    schools_in_district: i32,
    /// Schools with administrative-control counts of the year (of the subject, when one is
    /// asked for).
    schools_reporting: i32,
    /// Per subject, by subject code.
    by_subject: Vec<DistrictAdminControlSubject>,
}

impl From<ac::DistrictAnalysis> for DistrictAdminControl {
    fn from(a: ac::DistrictAnalysis) -> Self {
        DistrictAdminControl {
            year: a.year,
            method: Method::PerMark.into(),
            schools_in_district: a.schools_in_district as i32,
            schools_reporting: a.schools_reporting as i32,
            by_subject: a
                .by_subject
                .into_iter()
                .map(|s| DistrictAdminControlSubject {
                    subject: Subject(s.subject),
                    roll_up: s.roll_up.into(),
                    n_schools: s.n_schools as i32,
                })
                .collect(),
        }
    }
}

pub async fn admin_control(ctx: &Context<'_>, school: &Grant, year: i32) -> Result<AdminControl> {
    Ok(ac::read(db(ctx)?, school, year).await?.into())
}

pub async fn district_admin_control(
    ctx: &Context<'_>,
    district: &DistrictGrant,
    year: i32,
    subject: Option<&str>,
) -> Result<DistrictAdminControl> {
    Ok(ac::read_district(db(ctx)?, district, year, subject)
        .await?
        .into())
}
