//! Accreditation decisions and self-assessment reports (commission, criteria, strengths
//! and weaknesses).

use super::{db, list};
use crate::graphql::common::Label;
use crate::graphql::error::Result;
use async_graphql::Context;
use async_graphql::SimpleObject;
use chrono::NaiveDate;
use domain::access::Grant;
use domain::entity as e;
use domain::labels::Vocabulary;
use domain::query::profile as q;

/// An accreditation decision about the school (natural key: type and decision year).
#[derive(SimpleObject)]
pub struct Accreditation {
    /// Institutional (the school as a whole) or programmatic (its programmes).
    accreditation_type: Label,
    /// The calendar year of the decision (not an academic year).
    decision_year: i32,
    /// The accrediting agency, as reported; null = not reported.
    agency: Option<String>,
    /// Full accreditation for 5 years, conditional for 1 year, or refused.
    decision: Label,
    /// The certificate number (e.g. CC180015672); null = none issued or not reported.
    certificate_no: Option<String>,
    /// First day the accreditation is valid; null = not reported.
    valid_from: Option<NaiveDate>,
    /// Last day the accreditation is valid; null = not reported.
    valid_until: Option<NaiveDate>,
}

impl From<e::accreditation::Model> for Accreditation {
    fn from(m: e::accreditation::Model) -> Self {
        Accreditation {
            accreditation_type: Label::of(Vocabulary::AccreditationType, &m.accreditation_type),
            decision_year: m.decision_year,
            agency: m.agency,
            decision: Label::of(Vocabulary::AccreditationDecision, &m.decision),
            certificate_no: m.certificate_no,
            valid_from: m.valid_from,
            valid_until: m.valid_until,
        }
    }
}

/// A commission member by pseudonymous reference and role.
#[derive(SimpleObject)]
pub struct CommissionMember {
    /// The school's pseudonymous reference for the member; never a name.
    member_ref: String,
    /// The member's role in the commission, in Kyrgyz.
    role_ky: String,
    /// The member's role, in Russian; null = not given.
    role_ru: Option<String>,
}

/// One criterion (1.1 … 4.3) of the accreditation standards.
#[derive(SimpleObject)]
pub struct Criterion {
    /// The standard the criterion belongs to, 1 to 4.
    standard: i32,
    /// The criterion's code: standard, dot, number ("1.1" … "4.3").
    code: String,
    /// The criterion's title, in Kyrgyz.
    title_ky: String,
    /// The criterion's title, in Russian; null = not given.
    title_ru: Option<String>,
    /// What the commission found for this criterion; null = not written.
    finding_text: Option<String>,
    /// The evidence the report cites; null = not written.
    evidence_text: Option<String>,
}

/// A strength or weakness the report lists under a standard, in the report's order.
#[derive(SimpleObject)]
pub struct AssessmentPoint {
    /// The standard (1 to 4) the point is listed under.
    standard: i32,
    /// Strength or weakness.
    kind: Label,
    /// Its position within the standard and kind, from 1, as in the report.
    position: i32,
    /// The point, in Kyrgyz.
    text_ky: String,
    /// The point, in Russian; null = not given.
    text_ru: Option<String>,
}

/// A school's self-assessment report for accreditation (one per academic year and type); readable
/// by the reported tier (an admin, or a region, district or school token within its scope).
#[derive(SimpleObject)]
pub struct SelfAssessment {
    /// The academic year by its start year: 2017 means 2017-2018.
    academic_year: i32,
    /// Institutional or programmatic: the accreditation the report prepares.
    accreditation_type: Label,
    /// The date of the report; null = not given.
    report_date: Option<NaiveDate>,
    /// The report's introduction; null = not written.
    introduction: Option<String>,
    /// The report's conclusion; null = not written.
    conclusion: Option<String>,
    /// The commission (pseudonymous references and roles); null unless the caller may see
    /// people: the school's own token or an admin.
    members: Option<Vec<CommissionMember>>,
    /// The criteria (1.1 … 4.3) the report assesses, by code.
    criteria: Vec<Criterion>,
    /// The strengths the report lists, by standard, in the report's order.
    strengths: Vec<AssessmentPoint>,
    /// The weaknesses the report lists, by standard, in the report's order.
    weaknesses: Vec<AssessmentPoint>,
}

impl From<q::SelfAssessment> for SelfAssessment {
    fn from(s: q::SelfAssessment) -> Self {
        let (strengths, weaknesses): (Vec<_>, Vec<_>) = s
            .points
            .into_iter()
            .map(|p| AssessmentPoint {
                standard: p.standard,
                kind: Label::of(Vocabulary::PointKind, &p.kind),
                position: p.position,
                text_ky: p.text_ky,
                text_ru: p.text_ru,
            })
            .partition(|p| p.kind_code() == "strength");
        SelfAssessment {
            academic_year: s.report.academic_year,
            accreditation_type: Label::of(
                Vocabulary::AccreditationType,
                &s.report.accreditation_type,
            ),
            report_date: s.report.report_date,
            introduction: s.report.introduction,
            conclusion: s.report.conclusion,
            members: s.members_visible.then(|| {
                s.members
                    .into_iter()
                    .map(|m| CommissionMember {
                        member_ref: m.member_ref,
                        role_ky: m.role_ky,
                        role_ru: m.role_ru,
                    })
                    .collect()
            }),
            criteria: s
                .criteria
                .into_iter()
                .map(|c| Criterion {
                    standard: c.standard,
                    code: c.code,
                    title_ky: c.title_ky,
                    title_ru: c.title_ru,
                    finding_text: c.finding_text,
                    evidence_text: c.evidence_text,
                })
                .collect(),
            strengths,
            weaknesses,
        }
    }
}

impl AssessmentPoint {
    fn kind_code(&self) -> &str {
        self.kind.code_str()
    }
}

pub async fn accreditations(ctx: &Context<'_>, school: &Grant) -> Result<Vec<Accreditation>> {
    list(q::accreditations(db(ctx)?, school).await)
}

pub async fn self_assessments(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<SelfAssessment>> {
    list(q::self_assessments(db(ctx)?, school, year).await)
}
