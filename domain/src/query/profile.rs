//! The profile sections that are not fact kinds: accreditation decisions and
//! self-assessment reports. Each fact kind's section is its module's `read` (e.g.
//! [`crate::facts::enrolment::read`]). Each is a fixed number of statements: the rows, then
//! one IN query per related level.

use super::lookup::grouped;
use super::{placeholders, values};
use crate::access::{Grant, Tier};
use crate::db::stmt;
use crate::error::Result;
use entity::{
    accreditation, self_assessment_criterion, self_assessment_member, self_assessment_point,
    self_assessment_report,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Accreditation decisions, newest first.
pub async fn accreditations(
    db: &impl ConnectionTrait,
    grant: &Grant,
) -> Result<Vec<accreditation::Model>> {
    let school_id = grant.school_id();
    Ok(accreditation::Entity::find()
        .filter(accreditation::Column::SchoolId.eq(school_id))
        .order_by_desc(accreditation::Column::DecisionYear)
        .order_by_asc(accreditation::Column::AccreditationType)
        .all(db)
        .await?)
}

/// A school's accreditation status, public (the agencies publish their decisions; seed 000
/// §5.2 has the school publish it): the latest decision of each accreditation type. The
/// commission, the self-assessment and the certificate's number stay with
/// [`accreditations`] behind the reported tier.
pub async fn accreditation_status(
    db: &impl ConnectionTrait,
    school_id: i32,
) -> Result<Vec<accreditation::Model>> {
    let all = accreditation::Entity::find()
        .filter(accreditation::Column::SchoolId.eq(school_id))
        .order_by_desc(accreditation::Column::DecisionYear)
        .order_by_asc(accreditation::Column::AccreditationType)
        .all(db)
        .await?;
    let mut latest: Vec<accreditation::Model> = Vec::new();
    for a in all {
        if !latest
            .iter()
            .any(|l| l.accreditation_type == a.accreditation_type)
        {
            latest.push(accreditation::Model {
                certificate_no: None,
                ..a
            });
        }
    }
    Ok(latest)
}

/// A self-assessment report with its commission, criteria and strengths/weaknesses.
#[derive(Debug, Clone)]
pub struct SelfAssessment {
    pub report: self_assessment_report::Model,
    /// Empty and `members_visible` false unless the grant covers people.
    pub members: Vec<self_assessment_member::Model>,
    pub members_visible: bool,
    pub criteria: Vec<self_assessment_criterion::Model>,
    pub points: Vec<self_assessment_point::Model>,
}

/// Self-assessment reports (four statements), newest year first.
pub async fn self_assessments(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<SelfAssessment>> {
    let school_id = grant.school_id();
    let mut q = self_assessment_report::Entity::find()
        .filter(self_assessment_report::Column::SchoolId.eq(school_id))
        .order_by_desc(self_assessment_report::Column::AcademicYear);
    if let Some(y) = year {
        q = q.filter(self_assessment_report::Column::AcademicYear.eq(y));
    }
    let reports = q.all(db).await?;
    let ids: Vec<i32> = reports.iter().map(|r| r.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let id_sql = placeholders(ids.len());
    let members_visible = grant.covers(Tier::People);
    let members = if members_visible {
        self_assessment_member::Entity::find()
            .from_raw_sql(stmt(
                db,
                &format!("SELECT * FROM self_assessment_member WHERE report_id IN ({id_sql}) ORDER BY report_id, id"),
                values(&ids),
            ))
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let criteria = self_assessment_criterion::Entity::find()
        .from_raw_sql(stmt(
            db,
            &format!("SELECT * FROM self_assessment_criterion WHERE report_id IN ({id_sql}) ORDER BY report_id, code"),
            values(&ids),
        ))
        .all(db)
        .await?;
    let points = self_assessment_point::Entity::find()
        .from_raw_sql(stmt(
            db,
            &format!("SELECT * FROM self_assessment_point WHERE report_id IN ({id_sql}) ORDER BY report_id, standard, kind, position"),
            values(&ids),
        ))
        .all(db)
        .await?;
    let mut members = grouped(members, |m| m.report_id);
    let mut criteria = grouped(criteria, |c| c.report_id);
    let mut points = grouped(points, |p| p.report_id);
    Ok(reports
        .into_iter()
        .map(|report| SelfAssessment {
            members_visible,
            members: members.remove(&report.id).unwrap_or_default(),
            criteria: criteria.remove(&report.id).unwrap_or_default(),
            points: points.remove(&report.id).unwrap_or_default(),
            report,
        })
        .collect())
}
