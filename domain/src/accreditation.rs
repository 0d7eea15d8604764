//! Recording accreditation decisions and self-assessment reports (DOMAIN.md §5.1) through
//! the API. Like a batch of any other kind: every item is checked first, the errors name the
//! item and field, and nothing is written unless all items are valid. Natural keys make a
//! repeated batch a no-op: a decision by (school, type, decision year), a report by (school,
//! academic year, type); a report's members, criteria and points are replaced as a whole.

use crate::access::{Places, check_write};
use crate::audit;
use crate::auth::Caller;
use crate::bulk::Counts;
use crate::error::{Error, Result};
use crate::import::ItemError;
use crate::messages::Msg;
use chrono::NaiveDate;
use entity::{
    accreditation, school, self_assessment_criterion, self_assessment_member,
    self_assessment_point, self_assessment_report,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

pub const TYPES: [&str; 2] = ["institutional", "programmatic"];
pub const DECISIONS: [&str; 3] = ["full_5y", "conditional_1y", "refused"];
pub const POINT_KINDS: [&str; 2] = ["strength", "weakness"];

#[derive(Debug, Clone)]
pub struct AccreditationInput {
    pub school_code: String,
    pub accreditation_type: String,
    pub decision_year: i32,
    pub agency: Option<String>,
    pub decision: String,
    pub certificate_no: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct SelfAssessmentInput {
    pub school_code: String,
    /// A label such as "2017-2018" (as on the import templates).
    pub academic_year: String,
    pub accreditation_type: String,
    pub report_date: Option<NaiveDate>,
    pub introduction: Option<String>,
    pub conclusion: Option<String>,
    pub members: Vec<MemberInput>,
    pub criteria: Vec<CriterionInput>,
    pub points: Vec<PointInput>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberInput {
    /// Pseudonymous reference, never a name.
    pub member_ref: String,
    pub role_ky: String,
    pub role_ru: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionInput {
    /// "1.1" … "4.9"; the standard is its first digit.
    pub code: String,
    pub title_ky: String,
    pub title_ru: Option<String>,
    pub finding_text: Option<String>,
    pub evidence_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PointInput {
    pub standard: i32,
    /// strength or weakness; the position is the order within (standard, kind).
    pub kind: String,
    pub text_ky: String,
    pub text_ru: Option<String>,
}

/// Collects the problems of a batch, with the item index and field path.
#[derive(Default)]
struct Problems(Vec<ItemError>);

impl Problems {
    /// A problem, quoting `value` shortened ([`crate::messages::Quoted`]).
    fn add(&mut self, index: usize, column: impl Into<String>, value: Option<String>, msg: Msg) {
        self.0.push(ItemError {
            index: Some(index as u64),
            column: Some(column.into()),
            value: value.as_deref().map(crate::messages::Quoted::of),
            message: msg,
            forbidden: false,
        });
    }
    fn into_result(self) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let total = self.0.len();
        Err(Error::RejectedItems {
            errors: self.0,
            total,
        })
    }
}

fn empty_batch() -> Error {
    Error::Invalid {
        field: "items".into(),
        message: "the list is empty: send at least one item".into(),
    }
}

fn one_of(p: &mut Problems, i: usize, column: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value) {
        p.add(
            i,
            column,
            Some(value.to_owned()),
            Msg::NotOneOf(allowed.join(", ")),
        );
    }
}

fn text(p: &mut Problems, i: usize, column: &str, value: &str, max: usize) {
    let n = value.trim().chars().count();
    if n == 0 {
        p.add(i, column, None, Msg::Required);
    } else if value.chars().count() > max {
        p.add(i, column, None, Msg::TooLong(max));
    }
}

fn opt_text(p: &mut Problems, i: usize, column: &str, value: &Option<String>, max: usize) {
    if let Some(v) = value {
        text(p, i, column, v, max);
    }
}

/// School ids by code for the batch; unknown codes and schools outside the caller's scope
/// are problems.
async fn schools(
    db: &impl ConnectionTrait,
    caller: &Caller,
    codes: &[&str],
    p: &mut Problems,
) -> Result<Vec<Option<i32>>> {
    let places = Places::load(db).await?;
    let mut ids = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        // PostgreSQL refuses a NUL in a text parameter: refuse it here, by field.
        if let Some(c) = code.chars().find(|c| c.is_control()) {
            p.add(
                i,
                "schoolCode",
                Some(code.to_string()),
                Msg::ControlChar(c as u32),
            );
            ids.push(None);
            continue;
        }
        let found = school::Entity::find()
            .filter(school::Column::Code.eq(code.trim()))
            .one(db)
            .await?;
        match &found {
            None => p.add(
                i,
                "schoolCode",
                Some((*code).to_owned()),
                Msg::UnknownSchoolCode(code.trim().into()),
            ),
            Some(s) => {
                if let Some(place) = places.school(s.id)
                    && check_write(caller, place).is_err()
                {
                    p.add(
                        i,
                        "schoolCode",
                        Some((*code).to_owned()),
                        crate::import::refusal(caller),
                    );
                    if let Some(last) = p.0.last_mut() {
                        last.forbidden = true;
                    }
                }
            }
        }
        ids.push(found.map(|s| s.id));
    }
    Ok(ids)
}

/// Records accreditation decisions; returns what changed.
pub async fn record_accreditations(
    db: &DatabaseConnection,
    caller: &Caller,
    items: Vec<AccreditationInput>,
) -> Result<Counts> {
    caller.require_writer()?;
    if items.is_empty() {
        return Err(empty_batch());
    }
    let mut p = Problems::default();
    let mut keys = std::collections::HashMap::new();
    for (i, a) in items.iter().enumerate() {
        one_of(
            &mut p,
            i,
            "accreditationType",
            &a.accreditation_type,
            &TYPES,
        );
        one_of(&mut p, i, "decision", &a.decision, &DECISIONS);
        if !(2000..=2100).contains(&a.decision_year) {
            p.add(
                i,
                "decisionYear",
                Some(a.decision_year.to_string()),
                Msg::OutOfRange {
                    min: "2000".into(),
                    max: "2100".into(),
                },
            );
        }
        opt_text(&mut p, i, "agency", &a.agency, 300);
        opt_text(&mut p, i, "certificateNo", &a.certificate_no, 100);
        if let (Some(from), Some(until)) = (a.valid_from, a.valid_until)
            && from > until
        {
            p.add(
                i,
                "validUntil",
                Some(until.to_string()),
                Msg::EarlierThan("validFrom".into()),
            );
        }
        if a.decision == "refused" && (a.certificate_no.is_some() || a.valid_until.is_some()) {
            p.add(
                i,
                "decision",
                Some(a.decision.clone()),
                Msg::RefusedWithCertificate,
            );
        }
        let key = (
            a.school_code.trim().to_owned(),
            a.accreditation_type.clone(),
            a.decision_year,
        );
        if let Some(first) = keys.insert(key, i) {
            p.add(
                i,
                "decisionYear",
                Some(a.decision_year.to_string()),
                Msg::Repeats {
                    earlier: first as u64,
                    item: true,
                    keys: "schoolCode, accreditationType, decisionYear".into(),
                },
            );
        }
    }
    let txn = db.begin().await?;
    let codes: Vec<&str> = items.iter().map(|a| a.school_code.as_str()).collect();
    let ids = schools(&txn, caller, &codes, &mut p).await?;
    p.into_result()?;
    // A user's report: the demo leaves these schools alone from now on.
    crate::demo_ownership::disown(&txn, ids.iter().flatten().copied(), Vec::new()).await?;
    let mut counts = Counts::default();
    let mut log = Vec::new();
    for (a, id) in items.into_iter().zip(ids) {
        let school_id = id.expect("checked above");
        let existing = accreditation::Entity::find()
            .filter(accreditation::Column::SchoolId.eq(school_id))
            .filter(accreditation::Column::AccreditationType.eq(a.accreditation_type.as_str()))
            .filter(accreditation::Column::DecisionYear.eq(a.decision_year))
            .one(&txn)
            .await?;
        let model = accreditation::Model {
            id: existing.as_ref().map_or(0, |e| e.id),
            school_id,
            accreditation_type: a.accreditation_type,
            decision_year: a.decision_year,
            agency: a.agency,
            decision: a.decision,
            certificate_no: a.certificate_no,
            valid_from: a.valid_from,
            valid_until: a.valid_until,
        };
        let key = serde_json::json!({ "school_id": school_id,
            "accreditation_type": model.accreditation_type, "decision_year": model.decision_year });
        let before = existing.as_ref().map(json);
        if existing.as_ref() != Some(&model) || existing.is_none() {
            log.push(audit::Entry {
                operation: "record",
                entity: "accreditation".into(),
                natural_key: key.to_string(),
                school_id: Some(school_id),
                before,
                after: Some(json(&accreditation::Model {
                    id: 0,
                    ..model.clone()
                })),
            });
        }
        match existing {
            Some(e) if e == model => counts.unchanged += 1,
            Some(e) => {
                let mut am = accreditation::ActiveModel::from(model).reset_all();
                am.id = sea_orm::ActiveValue::Unchanged(e.id);
                checked(&txn, am.update(&txn).await).await?;
                counts.updated += 1;
            }
            None => {
                let mut am: accreditation::ActiveModel = model.into();
                am.id = sea_orm::ActiveValue::NotSet;
                checked(&txn, am.insert(&txn).await).await?;
                counts.inserted += 1;
            }
        }
    }
    audit::record(&txn, caller, log).await?;
    txn.commit().await?;
    Ok(counts)
}

fn json(m: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(m).unwrap_or_default()
}

/// Records self-assessment reports with their commission, criteria and points.
pub async fn record_self_assessments(
    db: &DatabaseConnection,
    caller: &Caller,
    items: Vec<SelfAssessmentInput>,
) -> Result<Counts> {
    caller.require_writer()?;
    if items.is_empty() {
        return Err(empty_batch());
    }
    let mut p = Problems::default();
    let mut keys = std::collections::HashMap::new();
    let mut years = Vec::with_capacity(items.len());
    for (i, r) in items.iter().enumerate() {
        one_of(
            &mut p,
            i,
            "accreditationType",
            &r.accreditation_type,
            &TYPES,
        );
        let year = crate::year::parse_label(&r.academic_year).ok();
        if year.is_none() {
            p.add(
                i,
                "academicYear",
                Some(r.academic_year.clone()),
                Msg::NotYear,
            );
        }
        years.push(year.unwrap_or_default());
        opt_text(&mut p, i, "introduction", &r.introduction, 20_000);
        opt_text(&mut p, i, "conclusion", &r.conclusion, 20_000);
        let mut refs = std::collections::HashSet::new();
        for (m, member) in r.members.iter().enumerate() {
            let at = |f: &str| format!("members[{m}].{f}");
            text(&mut p, i, &at("memberRef"), &member.member_ref, 64);
            text(&mut p, i, &at("roleKy"), &member.role_ky, 200);
            opt_text(&mut p, i, &at("roleRu"), &member.role_ru, 200);
            if !refs.insert(member.member_ref.trim()) {
                p.add(
                    i,
                    at("memberRef"),
                    Some(member.member_ref.clone()),
                    Msg::AppearsTwice { commission: true },
                );
            }
        }
        let mut codes = std::collections::HashSet::new();
        for (c, criterion) in r.criteria.iter().enumerate() {
            let at = |f: &str| format!("criteria[{c}].{f}");
            if criterion_standard(&criterion.code).is_none() {
                p.add(
                    i,
                    at("code"),
                    Some(criterion.code.clone()),
                    Msg::CriterionCode,
                );
            } else if !codes.insert(criterion.code.as_str()) {
                p.add(
                    i,
                    at("code"),
                    Some(criterion.code.clone()),
                    Msg::AppearsTwice { commission: false },
                );
            }
            text(&mut p, i, &at("titleKy"), &criterion.title_ky, 1_000);
            opt_text(&mut p, i, &at("titleRu"), &criterion.title_ru, 1_000);
            opt_text(
                &mut p,
                i,
                &at("findingText"),
                &criterion.finding_text,
                20_000,
            );
            opt_text(
                &mut p,
                i,
                &at("evidenceText"),
                &criterion.evidence_text,
                20_000,
            );
        }
        for (k, point) in r.points.iter().enumerate() {
            let at = |f: &str| format!("points[{k}].{f}");
            if !(1..=4).contains(&point.standard) {
                p.add(
                    i,
                    at("standard"),
                    Some(point.standard.to_string()),
                    Msg::OutOfRange {
                        min: "1".into(),
                        max: "4".into(),
                    },
                );
            }
            one_of(&mut p, i, &at("kind"), &point.kind, &POINT_KINDS);
            text(&mut p, i, &at("textKy"), &point.text_ky, 5_000);
            opt_text(&mut p, i, &at("textRu"), &point.text_ru, 5_000);
        }
        let key = (
            r.school_code.trim().to_owned(),
            years[i],
            r.accreditation_type.clone(),
        );
        if let Some(first) = keys.insert(key, i) {
            p.add(
                i,
                "academicYear",
                Some(r.academic_year.clone()),
                Msg::Repeats {
                    earlier: first as u64,
                    item: true,
                    keys: "schoolCode, academicYear, accreditationType".into(),
                },
            );
        }
    }
    let txn = db.begin().await?;
    let codes: Vec<&str> = items.iter().map(|r| r.school_code.as_str()).collect();
    let ids = schools(&txn, caller, &codes, &mut p).await?;
    p.into_result()?;
    // A user's report: the demo leaves these schools alone from now on.
    crate::demo_ownership::disown(&txn, ids.iter().flatten().copied(), Vec::new()).await?;
    let mut counts = Counts::default();
    let mut log = Vec::new();
    for ((r, id), year) in items.into_iter().zip(ids).zip(years) {
        let school_id = id.expect("checked above");
        crate::year::ensure(&txn, year).await?;
        let existing = self_assessment_report::Entity::find()
            .filter(self_assessment_report::Column::SchoolId.eq(school_id))
            .filter(self_assessment_report::Column::AcademicYear.eq(year))
            .filter(
                self_assessment_report::Column::AccreditationType.eq(r.accreditation_type.as_str()),
            )
            .one(&txn)
            .await?;
        let report = self_assessment_report::Model {
            id: existing.as_ref().map_or(0, |e| e.id),
            school_id,
            academic_year: year,
            accreditation_type: r.accreditation_type.clone(),
            report_date: r.report_date,
            introduction: r.introduction.clone(),
            conclusion: r.conclusion.clone(),
        };
        let key = serde_json::json!({ "school_id": school_id, "academic_year": year,
            "accreditation_type": report.accreditation_type });
        let before = match &existing {
            Some(e) => Some((e.clone(), stored_children(&txn, e.id).await?)),
            None => None,
        };
        log.push(audit::Entry {
            operation: "record",
            entity: "self_assessment_report".into(),
            natural_key: key.to_string(),
            school_id: Some(school_id),
            before: before.as_ref().map(|(e, c)| report_json(e, c)),
            after: Some(report_json(&report, &children(&r))),
        });
        let report_id = match existing {
            Some(e) => {
                if e == report && before.as_ref().is_some_and(|(_, c)| *c == children(&r)) {
                    counts.unchanged += 1;
                    log.pop();
                    continue;
                }
                let mut am = self_assessment_report::ActiveModel::from(report).reset_all();
                am.id = sea_orm::ActiveValue::Unchanged(e.id);
                checked(&txn, am.update(&txn).await).await?;
                self_assessment_member::Entity::delete_many()
                    .filter(self_assessment_member::Column::ReportId.eq(e.id))
                    .exec(&txn)
                    .await?;
                self_assessment_criterion::Entity::delete_many()
                    .filter(self_assessment_criterion::Column::ReportId.eq(e.id))
                    .exec(&txn)
                    .await?;
                self_assessment_point::Entity::delete_many()
                    .filter(self_assessment_point::Column::ReportId.eq(e.id))
                    .exec(&txn)
                    .await?;
                counts.updated += 1;
                e.id
            }
            None => {
                let mut am: self_assessment_report::ActiveModel = report.into();
                am.id = sea_orm::ActiveValue::NotSet;
                let id = checked(&txn, am.insert(&txn).await).await?.id;
                counts.inserted += 1;
                id
            }
        };
        write_children(&txn, report_id, &r).await?;
    }
    audit::record(&txn, caller, log).await?;
    txn.commit().await?;
    Ok(counts)
}

/// A report and its parts as the audit log keeps them.
fn report_json(report: &self_assessment_report::Model, c: &Children) -> serde_json::Value {
    let (members, criteria, points) = c;
    serde_json::json!({
        "report_date": report.report_date, "introduction": report.introduction,
        "conclusion": report.conclusion,
        "members": members.iter().map(|m| serde_json::json!({ "member_ref": m.member_ref, "role_ky": m.role_ky, "role_ru": m.role_ru })).collect::<Vec<_>>(),
        "criteria": criteria.iter().map(|c| serde_json::json!({ "code": c.code, "title_ky": c.title_ky, "title_ru": c.title_ru, "finding_text": c.finding_text, "evidence_text": c.evidence_text })).collect::<Vec<_>>(),
        "points": points.iter().map(|p| serde_json::json!({ "standard": p.standard, "kind": p.kind, "text_ky": p.text_ky, "text_ru": p.text_ru })).collect::<Vec<_>>(),
    })
}

/// The standard a criterion code names: "2.7" → 2.
fn criterion_standard(code: &str) -> Option<i32> {
    match code.as_bytes() {
        [s @ b'1'..=b'4', b'.', b'1'..=b'9'] => Some(i32::from(s - b'0')),
        _ => None,
    }
}

type Children = (Vec<MemberInput>, Vec<CriterionInput>, Vec<PointInput>);

/// The children as they will be stored: points ordered by standard and kind, keeping the
/// order given within each (that order is their position).
fn children(r: &SelfAssessmentInput) -> Children {
    let mut points = r.points.clone();
    points.sort_by_key(|p| (p.standard, p.kind.clone()));
    (r.members.clone(), r.criteria.clone(), points)
}

async fn stored_children(db: &impl ConnectionTrait, report_id: i32) -> Result<Children> {
    let members = self_assessment_member::Entity::find()
        .filter(self_assessment_member::Column::ReportId.eq(report_id))
        .order_by_asc(self_assessment_member::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MemberInput {
            member_ref: m.member_ref,
            role_ky: m.role_ky,
            role_ru: m.role_ru,
        })
        .collect();
    let criteria = self_assessment_criterion::Entity::find()
        .filter(self_assessment_criterion::Column::ReportId.eq(report_id))
        .order_by_asc(self_assessment_criterion::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| CriterionInput {
            code: c.code,
            title_ky: c.title_ky,
            title_ru: c.title_ru,
            finding_text: c.finding_text,
            evidence_text: c.evidence_text,
        })
        .collect();
    let points = self_assessment_point::Entity::find()
        .filter(self_assessment_point::Column::ReportId.eq(report_id))
        .order_by_asc(self_assessment_point::Column::Standard)
        .order_by_asc(self_assessment_point::Column::Kind)
        .order_by_asc(self_assessment_point::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|p| PointInput {
            standard: p.standard,
            kind: p.kind,
            text_ky: p.text_ky,
            text_ru: p.text_ru,
        })
        .collect();
    Ok((members, criteria, points))
}

async fn write_children(
    db: &impl ConnectionTrait,
    report_id: i32,
    r: &SelfAssessmentInput,
) -> Result<()> {
    let (members, criteria, points) = children(r);
    for m in members {
        let inserted = self_assessment_member::ActiveModel {
            report_id: Set(report_id),
            member_ref: Set(m.member_ref),
            role_ky: Set(m.role_ky),
            role_ru: Set(m.role_ru),
            ..Default::default()
        }
        .insert(db)
        .await;
        checked(db, inserted).await?;
    }
    for c in criteria {
        let inserted = self_assessment_criterion::ActiveModel {
            report_id: Set(report_id),
            standard: Set(criterion_standard(&c.code).expect("checked")),
            code: Set(c.code),
            title_ky: Set(c.title_ky),
            title_ru: Set(c.title_ru),
            finding_text: Set(c.finding_text),
            evidence_text: Set(c.evidence_text),
            ..Default::default()
        }
        .insert(db)
        .await;
        checked(db, inserted).await?;
    }
    let mut position = std::collections::HashMap::new();
    for p in points {
        let n = position.entry((p.standard, p.kind.clone())).or_insert(0);
        *n += 1;
        let inserted = self_assessment_point::ActiveModel {
            report_id: Set(report_id),
            standard: Set(p.standard),
            kind: Set(p.kind),
            position: Set(*n),
            text_ky: Set(p.text_ky),
            text_ru: Set(p.text_ru),
            ..Default::default()
        }
        .insert(db)
        .await;
        checked(db, inserted).await?;
    }
    Ok(())
}

/// A write's result, naming the database rule it broke (PostgreSQL names it in the error, so
/// only SQLite, whose transaction is still usable, is asked).
async fn checked<T>(
    db: &impl ConnectionTrait,
    r: std::result::Result<T, sea_orm::DbErr>,
) -> Result<T> {
    match r {
        Ok(v) => Ok(v),
        Err(e) => Err(crate::db::classify(db, e).await),
    }
}
