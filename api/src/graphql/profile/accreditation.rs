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

#[derive(SimpleObject)]
pub struct Accreditation {
    accreditation_type: Label,
    decision_year: i32,
    agency: Option<String>,
    decision: Label,
    certificate_no: Option<String>,
    valid_from: Option<NaiveDate>,
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
    member_ref: String,
    role_ky: String,
    role_ru: Option<String>,
}

/// One criterion (1.1 … 4.3) of the accreditation standards.
#[derive(SimpleObject)]
pub struct Criterion {
    standard: i32,
    code: String,
    title_ky: String,
    title_ru: Option<String>,
    finding_text: Option<String>,
    evidence_text: Option<String>,
}

/// A strength or weakness the report lists under a standard, in the report's order.
#[derive(SimpleObject)]
pub struct AssessmentPoint {
    standard: i32,
    kind: Label,
    position: i32,
    text_ky: String,
    text_ru: Option<String>,
}

#[derive(SimpleObject)]
pub struct SelfAssessment {
    academic_year: i32,
    accreditation_type: Label,
    report_date: Option<NaiveDate>,
    introduction: Option<String>,
    conclusion: Option<String>,
    /// The commission (pseudonymous references and roles); null unless the caller may see
    /// people: the school's own token or an admin.
    members: Option<Vec<CommissionMember>>,
    criteria: Vec<Criterion>,
    strengths: Vec<AssessmentPoint>,
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
