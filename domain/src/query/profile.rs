//! Everything a school profile page shows, section by section. Each section is a fixed
//! number of statements: the rows, then one IN query per related level.

use super::{placeholders, values};
use crate::access::Grant;
use crate::db::stmt;
use crate::error::Result;
use entity::{
    accreditation, class_group, class_outcome, contest, contest_result, enrolment_grade,
    enrolment_snapshot, infrastructure_snapshot, mark_summary, olympiad, olympiad_count_report,
    olympiad_result, ort_result, ort_school_summary, ort_subject_score, period,
    self_assessment_criterion, self_assessment_member, self_assessment_point,
    self_assessment_report, staff_snapshot, subject, teacher, teacher_award, teacher_training,
    teacher_training_attendance, textbook_provision,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Value};
use std::collections::HashMap;

fn by_id<K: std::hash::Hash + Eq, M>(rows: Vec<M>, key: impl Fn(&M) -> K) -> HashMap<K, M> {
    rows.into_iter().map(|m| (key(&m), m)).collect()
}

fn grouped<K: std::hash::Hash + Eq, M>(rows: Vec<M>, key: impl Fn(&M) -> K) -> HashMap<K, Vec<M>> {
    let mut out: HashMap<K, Vec<M>> = HashMap::new();
    for m in rows {
        out.entry(key(&m)).or_default().push(m);
    }
    out
}

/// Subjects by id (one statement; none for an empty set).
pub async fn subjects(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, subject::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(by_id(
        subject::Entity::find()
            .filter(subject::Column::Id.is_in(ids))
            .all(db)
            .await?,
        |s| s.id,
    ))
}

async fn periods(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, period::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(by_id(
        period::Entity::find()
            .filter(period::Column::Id.is_in(ids))
            .all(db)
            .await?,
        |p| p.id,
    ))
}

async fn class_groups(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, class_group::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(by_id(
        class_group::Entity::find()
            .filter(class_group::Column::Id.is_in(ids))
            .all(db)
            .await?,
        |c| c.id,
    ))
}

/// An enrolment snapshot with its per-grade counts.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub snapshot: enrolment_snapshot::Model,
    pub grades: Vec<enrolment_grade::Model>,
}

/// Enrolment snapshots of a school, newest year first (of one year when `year` is given).
pub async fn enrolment(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<Enrolment>> {
    let school_id = grant.school_id();
    let mut q = enrolment_snapshot::Entity::find()
        .filter(enrolment_snapshot::Column::SchoolId.eq(school_id))
        .order_by_desc(enrolment_snapshot::Column::AcademicYear);
    if let Some(y) = year {
        q = q.filter(enrolment_snapshot::Column::AcademicYear.eq(y));
    }
    let snapshots = q.all(db).await?;
    let ids: Vec<i32> = snapshots.iter().map(|s| s.id).collect();
    let mut grades = if ids.is_empty() {
        HashMap::new()
    } else {
        grouped(
            enrolment_grade::Entity::find()
                .filter(enrolment_grade::Column::EnrolmentSnapshotId.is_in(ids))
                .order_by_asc(enrolment_grade::Column::Grade)
                .all(db)
                .await?,
            |g| g.enrolment_snapshot_id,
        )
    };
    Ok(snapshots
        .into_iter()
        .map(|snapshot| Enrolment {
            grades: grades.remove(&snapshot.id).unwrap_or_default(),
            snapshot,
        })
        .collect())
}

/// Infrastructure snapshots, newest year first.
pub async fn infrastructure(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<infrastructure_snapshot::Model>> {
    let school_id = grant.school_id();
    let mut q = infrastructure_snapshot::Entity::find()
        .filter(infrastructure_snapshot::Column::SchoolId.eq(school_id))
        .order_by_desc(infrastructure_snapshot::Column::AcademicYear);
    if let Some(y) = year {
        q = q.filter(infrastructure_snapshot::Column::AcademicYear.eq(y));
    }
    Ok(q.all(db).await?)
}

/// Staff snapshots, newest year first.
pub async fn staff(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<staff_snapshot::Model>> {
    let school_id = grant.school_id();
    let mut q = staff_snapshot::Entity::find()
        .filter(staff_snapshot::Column::SchoolId.eq(school_id))
        .order_by_desc(staff_snapshot::Column::AcademicYear);
    if let Some(y) = year {
        q = q.filter(staff_snapshot::Column::AcademicYear.eq(y));
    }
    Ok(q.all(db).await?)
}

/// Textbook provision rows, newest year first, then by grade band.
pub async fn textbooks(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<textbook_provision::Model>> {
    let school_id = grant.school_id();
    let mut q = textbook_provision::Entity::find()
        .filter(textbook_provision::Column::SchoolId.eq(school_id))
        .order_by_desc(textbook_provision::Column::AcademicYear)
        .order_by_asc(textbook_provision::Column::GradeBand);
    if let Some(y) = year {
        q = q.filter(textbook_provision::Column::AcademicYear.eq(y));
    }
    Ok(q.all(db).await?)
}

/// Which mark summaries / class outcomes to show; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct MarkFilter {
    pub year: Option<i32>,
    /// `quarter`, `half_year` or `year`.
    pub period_kind: Option<String>,
    pub period_index: Option<i32>,
    pub grade: Option<i32>,
    /// Subject code (mark summaries only).
    pub subject_code: Option<String>,
    /// `period_marks`, `admin_control`, … (mark summaries only).
    pub assessment_kind: Option<String>,
}

fn mark_conditions(f: &MarkFilter, conds: &mut Vec<String>, vals: &mut Vec<Value>) {
    if let Some(y) = f.year {
        conds.push("c.academic_year = ?".into());
        vals.push(y.into());
    }
    if let Some(k) = &f.period_kind {
        conds.push("p.kind = ?".into());
        vals.push(k.clone().into());
    }
    if let Some(i) = f.period_index {
        conds.push("p.idx = ?".into());
        vals.push(i.into());
    }
    if let Some(g) = f.grade {
        conds.push("c.grade = ?".into());
        vals.push(g.into());
    }
}

/// A mark summary with its class, subject and period.
#[derive(Debug, Clone)]
pub struct MarkRow {
    pub summary: mark_summary::Model,
    pub class_group: class_group::Model,
    pub subject: subject::Model,
    pub period: period::Model,
}

/// Mark summaries of a school (four statements), by year, period, grade, class letter,
/// subject code and assessment kind.
pub async fn mark_summaries(
    db: &impl ConnectionTrait,
    grant: &Grant,
    filter: &MarkFilter,
) -> Result<Vec<MarkRow>> {
    let school_id = grant.school_id();
    let mut conds = vec!["c.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    mark_conditions(filter, &mut conds, &mut vals);
    if let Some(code) = &filter.subject_code {
        conds.push("su.code = ?".into());
        vals.push(code.clone().into());
    }
    if let Some(kind) = &filter.assessment_kind {
        conds.push("m.assessment_kind = ?".into());
        vals.push(kind.clone().into());
    }
    let sql = format!(
        "SELECT m.* FROM mark_summary m \
         JOIN class_group c ON c.id = m.class_group_id \
         JOIN period p ON p.id = m.period_id \
         JOIN subject su ON su.id = m.subject_id \
         WHERE {} \
         ORDER BY c.academic_year DESC, p.kind, p.idx, c.grade, c.letter, su.code, m.assessment_kind",
        conds.join(" AND ")
    );
    let rows = mark_summary::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let classes = class_groups(db, rows.iter().map(|r| r.class_group_id).collect()).await?;
    let subjects = subjects(db, rows.iter().map(|r| r.subject_id).collect()).await?;
    let periods = periods(db, rows.iter().map(|r| r.period_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|summary| {
            Some(MarkRow {
                class_group: classes.get(&summary.class_group_id)?.clone(),
                subject: subjects.get(&summary.subject_id)?.clone(),
                period: periods.get(&summary.period_id)?.clone(),
                summary,
            })
        })
        .collect())
}

/// A class outcome with its class and period.
#[derive(Debug, Clone)]
pub struct OutcomeRow {
    pub outcome: class_outcome::Model,
    pub class_group: class_group::Model,
    pub period: period::Model,
}

/// Class outcomes (all subjects) of a school (three statements).
pub async fn class_outcomes(
    db: &impl ConnectionTrait,
    grant: &Grant,
    filter: &MarkFilter,
) -> Result<Vec<OutcomeRow>> {
    let school_id = grant.school_id();
    let mut conds = vec!["c.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    mark_conditions(filter, &mut conds, &mut vals);
    let sql = format!(
        "SELECT o.* FROM class_outcome o \
         JOIN class_group c ON c.id = o.class_group_id \
         JOIN period p ON p.id = o.period_id \
         WHERE {} ORDER BY c.academic_year DESC, p.kind, p.idx, c.grade, c.letter",
        conds.join(" AND ")
    );
    let rows = class_outcome::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let classes = class_groups(db, rows.iter().map(|r| r.class_group_id).collect()).await?;
    let periods = periods(db, rows.iter().map(|r| r.period_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|outcome| {
            Some(OutcomeRow {
                class_group: classes.get(&outcome.class_group_id)?.clone(),
                period: periods.get(&outcome.period_id)?.clone(),
                outcome,
            })
        })
        .collect())
}

/// ORT summaries of a school, newest year first.
pub async fn ort_summaries(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<ort_school_summary::Model>> {
    let school_id = grant.school_id();
    let mut q = ort_school_summary::Entity::find()
        .filter(ort_school_summary::Column::SchoolId.eq(school_id))
        .order_by_desc(ort_school_summary::Column::AcademicYear)
        .order_by_asc(ort_school_summary::Column::Session)
        .order_by_asc(ort_school_summary::Column::TestLanguage);
    if let Some(y) = year {
        q = q.filter(ort_school_summary::Column::AcademicYear.eq(y));
    }
    Ok(q.all(db).await?)
}

/// One pseudonymous ORT taker with subject scores.
#[derive(Debug, Clone)]
pub struct OrtResultRow {
    pub result: ort_result::Model,
    pub subjects: Vec<(ort_subject_score::Model, subject::Model)>,
}

/// ORT results of a school (three statements), newest year first, best score first.
pub async fn ort_results(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<OrtResultRow>> {
    grant.people()?;
    let school_id = grant.school_id();
    let mut q = ort_result::Entity::find()
        .filter(ort_result::Column::SchoolId.eq(school_id))
        .order_by_desc(ort_result::Column::AcademicYear)
        .order_by_desc(ort_result::Column::MainScore)
        .order_by_asc(ort_result::Column::StudentRef);
    if let Some(y) = year {
        q = q.filter(ort_result::Column::AcademicYear.eq(y));
    }
    let results = q.all(db).await?;
    let ids: Vec<i64> = results.iter().map(|r| r.id).collect();
    let scores = if ids.is_empty() {
        Vec::new()
    } else {
        ort_subject_score::Entity::find()
            .filter(ort_subject_score::Column::OrtResultId.is_in(ids))
            .all(db)
            .await?
    };
    let subjects = subjects(db, scores.iter().map(|s| s.subject_id).collect()).await?;
    let mut by_result = grouped(scores, |s| s.ort_result_id);
    Ok(results
        .into_iter()
        .map(|result| OrtResultRow {
            subjects: by_result
                .remove(&result.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|s| Some((s.clone(), subjects.get(&s.subject_id)?.clone())))
                .collect(),
            result,
        })
        .collect())
}

/// An olympiad result with its olympiad and subject.
#[derive(Debug, Clone)]
pub struct OlympiadRow {
    pub result: olympiad_result::Model,
    pub olympiad: olympiad::Model,
    pub subject: subject::Model,
}

/// Olympiad results of a school (three statements), newest year first.
pub async fn olympiad_results(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<OlympiadRow>> {
    grant.people()?;
    let school_id = grant.school_id();
    let mut conds = vec!["r.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    if let Some(y) = year {
        conds.push("o.academic_year = ?".into());
        vals.push(y.into());
    }
    let sql = format!(
        "SELECT r.* FROM olympiad_result r JOIN olympiad o ON o.id = r.olympiad_id WHERE {} \
         ORDER BY o.academic_year DESC, o.level, r.student_ref",
        conds.join(" AND ")
    );
    let results = olympiad_result::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let mut ids: Vec<i32> = results.iter().map(|r| r.olympiad_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let olympiads = if ids.is_empty() {
        HashMap::new()
    } else {
        by_id(
            olympiad::Entity::find()
                .filter(olympiad::Column::Id.is_in(ids))
                .all(db)
                .await?,
            |o| o.id,
        )
    };
    let subjects = subjects(db, olympiads.values().map(|o| o.subject_id).collect()).await?;
    Ok(results
        .into_iter()
        .filter_map(|result| {
            let olympiad = olympiads.get(&result.olympiad_id)?.clone();
            Some(OlympiadRow {
                subject: subjects.get(&olympiad.subject_id)?.clone(),
                olympiad,
                result,
            })
        })
        .collect())
}

/// Olympiad prize counts a school reported, newest year first.
pub async fn olympiad_counts(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<olympiad_count_report::Model>> {
    let school_id = grant.school_id();
    let mut q = olympiad_count_report::Entity::find()
        .filter(olympiad_count_report::Column::SchoolId.eq(school_id))
        .order_by_desc(olympiad_count_report::Column::AcademicYear)
        .order_by_asc(olympiad_count_report::Column::Level);
    if let Some(y) = year {
        q = q.filter(olympiad_count_report::Column::AcademicYear.eq(y));
    }
    Ok(q.all(db).await?)
}

/// Contest results of a school with their contests (two statements), newest year first.
pub async fn contests(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<(contest_result::Model, contest::Model)>> {
    grant.people()?;
    let school_id = grant.school_id();
    let mut conds = vec!["r.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    if let Some(y) = year {
        conds.push("k.academic_year = ?".into());
        vals.push(y.into());
    }
    let sql = format!(
        "SELECT r.* FROM contest_result r JOIN contest k ON k.id = r.contest_id WHERE {} \
         ORDER BY k.academic_year DESC, k.name_ky, r.entry_ref",
        conds.join(" AND ")
    );
    let results = contest_result::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let ids: Vec<i32> = results.iter().map(|r| r.contest_id).collect();
    let contests = if ids.is_empty() {
        HashMap::new()
    } else {
        by_id(
            contest::Entity::find()
                .filter(contest::Column::Id.is_in(ids))
                .all(db)
                .await?,
            |c| c.id,
        )
    };
    Ok(results
        .into_iter()
        .filter_map(|r| {
            let c = contests.get(&r.contest_id)?.clone();
            Some((r, c))
        })
        .collect())
}

/// A teacher (by pseudonymous reference; the optional full name is never read here) with
/// main subject, awards and the trainings attended.
#[derive(Debug, Clone)]
pub struct TeacherRow {
    pub teacher: teacher::Model,
    pub main_subject: Option<subject::Model>,
    pub awards: Vec<teacher_award::Model>,
    pub training_ids: Vec<i32>,
}

/// Teachers of a school (four statements), by reference; `current_only` leaves out those
/// who have left.
pub async fn teachers(
    db: &impl ConnectionTrait,
    grant: &Grant,
    current_only: bool,
) -> Result<Vec<TeacherRow>> {
    grant.people()?;
    let school_id = grant.school_id();
    let mut q = teacher::Entity::find()
        .filter(teacher::Column::SchoolId.eq(school_id))
        .order_by_asc(teacher::Column::TeacherRef);
    if current_only {
        q = q.filter(teacher::Column::LeftYear.is_null());
    }
    let mut teachers = q.all(db).await?;
    for t in &mut teachers {
        // Not served by the API: names of people stay with the school.
        t.full_name = None;
    }
    let ids: Vec<i32> = teachers.iter().map(|t| t.id).collect();
    let (awards, attendance) = if ids.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (
            teacher_award::Entity::find()
                .filter(teacher_award::Column::TeacherId.is_in(ids.clone()))
                .order_by_desc(teacher_award::Column::Year)
                .all(db)
                .await?,
            teacher_training_attendance::Entity::find()
                .filter(teacher_training_attendance::Column::TeacherId.is_in(ids))
                .all(db)
                .await?,
        )
    };
    let subjects = subjects(
        db,
        teachers.iter().filter_map(|t| t.main_subject_id).collect(),
    )
    .await?;
    let mut awards = grouped(awards, |a| a.teacher_id);
    let mut attendance = grouped(attendance, |a| a.teacher_id);
    Ok(teachers
        .into_iter()
        .map(|teacher| TeacherRow {
            main_subject: teacher
                .main_subject_id
                .and_then(|id| subjects.get(&id).cloned()),
            awards: awards.remove(&teacher.id).unwrap_or_default(),
            training_ids: attendance
                .remove(&teacher.id)
                .unwrap_or_default()
                .into_iter()
                .map(|a| a.teacher_training_id)
                .collect(),
            teacher,
        })
        .collect())
}

/// Training programmes a school's teachers attended, newest year first.
pub async fn trainings(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<teacher_training::Model>> {
    let school_id = grant.school_id();
    let mut q = teacher_training::Entity::find()
        .filter(teacher_training::Column::SchoolId.eq(school_id))
        .order_by_desc(teacher_training::Column::AcademicYear)
        .order_by_asc(teacher_training::Column::ProgrammeNameKy);
    if let Some(y) = year {
        q = q.filter(teacher_training::Column::AcademicYear.eq(y));
    }
    Ok(q.all(db).await?)
}

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
    let members_visible = grant.people().is_ok();
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

/// A percentage or average a school reported without raw counts, with its period and subject.
#[derive(Debug, Clone)]
pub struct ReportedRow {
    pub indicator: entity::reported_indicator::Model,
    pub period: period::Model,
    pub subject: Option<subject::Model>,
}

/// Figures a school reported ready-made (seed 003's yearly knowledge quality), newest year
/// first (three statements).
pub async fn reported_indicators(
    db: &impl ConnectionTrait,
    grant: &Grant,
    year: Option<i32>,
) -> Result<Vec<ReportedRow>> {
    let school_id = grant.school_id();
    use entity::reported_indicator;
    let mut conds = vec!["r.school_id = ?".to_owned()];
    let mut vals: Vec<Value> = vec![school_id.into()];
    if let Some(y) = year {
        conds.push("p.academic_year = ?".into());
        vals.push(y.into());
    }
    let sql = format!(
        "SELECT r.* FROM reported_indicator r JOIN period p ON p.id = r.period_id WHERE {} \
         ORDER BY p.academic_year DESC, p.kind, p.idx, r.indicator, r.scope_key",
        conds.join(" AND ")
    );
    let rows = reported_indicator::Entity::find()
        .from_raw_sql(stmt(db, &sql, vals))
        .all(db)
        .await?;
    let periods = periods(db, rows.iter().map(|r| r.period_id).collect()).await?;
    let subjects = subjects(db, rows.iter().filter_map(|r| r.subject_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|indicator| {
            Some(ReportedRow {
                period: periods.get(&indicator.period_id)?.clone(),
                subject: indicator
                    .subject_id
                    .and_then(|id| subjects.get(&id).cloned()),
                indicator,
            })
        })
        .collect())
}
