//! What the trend job reads: the fact tables of one academic year, cut down to the columns the
//! indicators need, plus the school geography. The SQL is in [`sql`] (which also lists it for
//! the benchmark's bare-extraction baseline); the job turns these plain rows into polars
//! frames and computes the indicators (`jobs::indicators`).
//!
//! Every read is for one academic year, so the job holds one year of facts at a time. Rows
//! come in a fixed order (`ORDER BY`), so the job's results do not depend on the order a
//! database happens to return them in. Period marks are summed in SQL per school, grade,
//! subject and period (a national year is millions of class × subject rows), which is exactly
//! the "sum counts before dividing" the indicators need; the quarters and half-years only for
//! the latest year (`super::dims`). The other assessments are summed per school, grade, period
//! and kind. Class outcomes (pupils by their worst annual mark) are summed the same way, per
//! school and grade. Rows of every grade are read; the job keeps those in the year's marked
//! range ([`MarkedGrades`]).

use crate::error::Result;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

/// The grant threshold used when none is stored for a year (DOMAIN.md §2.3, "traditionally 110").
pub const DEFAULT_ORT_THRESHOLD: i32 = 110;

/// Mark counts of one school, grade, period and assessment kind, summed over its classes
/// and subjects.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct MarkRow {
    pub school_id: i32,
    pub grade: i32,
    /// `quarter`, `half_year` or `year` (period marks come only with `year`).
    pub period_kind: String,
    pub period_idx: i32,
    /// `period_marks`, `admin_control`, `final_attestation` or `minimum_requirement`.
    pub assessment_kind: String,
    pub n5: i64,
    pub n4: i64,
    pub n3: i64,
    pub n2: i64,
    pub n1: i64,
    pub n_na: i64,
    pub n_exempt: i64,
    pub n_enrolled: i64,
    /// How many `mark_summary` rows were summed.
    pub n_rows: i64,
}

/// Pupils of one school and grade by their annual marks over all subjects (`class_outcome`,
/// annual period), summed over its classes: the per-pupil counts of DOMAIN.md §1.3.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ClassOutcomeRow {
    pub school_id: i32,
    pub grade: i32,
    pub n_all_5: i64,
    pub n_4_5: i64,
    pub n_with_3: i64,
    pub n_with_2: i64,
    pub n_na: i64,
    pub n_exempt: i64,
    pub n_enrolled: i64,
    /// How many `class_outcome` rows were summed.
    pub n_rows: i64,
}

/// The grades that get marks in an academic year (`academic_year.marked_grade_min..=max`):
/// grade 1 gets none in the 11-year system, grades 1–3 none from 2025-26 (DOMAIN.md §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct MarkedGrades {
    #[sea_orm(from_alias = "marked_grade_min")]
    pub min: i32,
    #[sea_orm(from_alias = "marked_grade_max")]
    pub max: i32,
}

impl Default for MarkedGrades {
    /// The column defaults: grades 2–11.
    fn default() -> Self {
        Self { min: 2, max: 11 }
    }
}

/// A school-wide percentage (or mark) a school reported for the whole year, where it has no
/// raw counts (seed 003).
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ReportedRow {
    pub school_id: i32,
    /// `knowledge_quality`, `success_rate`, `sou` or `average_mark`.
    pub indicator: String,
    pub value: f64,
}

/// One ORT main-test result.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OrtResultRow {
    pub school_id: i32,
    /// `cohort` or `top_scorers`.
    pub listing: String,
    /// `summer` or `winter`.
    pub session: String,
    pub main_score: i32,
    pub gold_certificate: bool,
    /// `ky`, `ru` or `uz`; `None` when the school did not say.
    pub test_language: Option<String>,
}

/// A school's own ORT summary for one session and test language (`all` = whole cohort).
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct OrtSummaryRow {
    pub school_id: i32,
    pub session: String,
    pub test_language: String,
    pub participants: i32,
    pub mean_score: Option<f64>,
    pub median_score: Option<f64>,
    pub max_score: Option<i32>,
    pub threshold: Option<i32>,
    pub n_ge_threshold: Option<i32>,
    pub gold_certificates: Option<i32>,
}

/// Prize-winners of one school at one olympiad level; `None` = not reported (blank ≠ 0).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OlympiadCountRow {
    pub school_id: i32,
    pub level: String,
    pub prize_count: Option<i32>,
}

/// The staff counts the indicators use.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct StaffRow {
    pub school_id: i32,
    pub teachers_total: i32,
    pub with_higher_ed: Option<i32>,
    pub with_award_excellence: Option<i32>,
    pub trained_last_5y: Option<i32>,
}

/// One training programme a school's teachers attended.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct TrainingRow {
    pub school_id: i32,
    pub hours: Option<i32>,
    pub participants: i32,
}

/// Pupils enrolled (at the start of the year), and who left.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct EnrolmentRow {
    pub school_id: i32,
    pub enrolment: i32,
    /// Pupils who left during the year.
    pub left_mid_year: Option<i32>,
    /// Pupils who finished grade 9 the year before and did not go on to grade 10 here.
    pub leavers_after_grade9: Option<i32>,
    /// Grade-9 pupils of the school's previous-year snapshot (`enrolment_grade`), the
    /// leavers' cohort.
    pub grade9_year_before: Option<i32>,
}

/// Olympiad results of one school at one level with one place and award, counted.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OlympiadResultRow {
    pub school_id: i32,
    pub level: String,
    /// 1..3, or `None`.
    pub place: Option<i32>,
    /// `diploma_1`, `diploma_2`, `diploma_3`, `certificate` or `participant`.
    pub award: String,
    /// How many results.
    pub results: i64,
}

/// One subject-test score of an ORT taker.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OrtSubjectRow {
    pub school_id: i32,
    /// `cohort` or `top_scorers` (of the taker's result row).
    pub listing: String,
    pub session: String,
    pub score: i32,
}

/// One satisfaction survey (respondents and satisfied, both counts).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct SurveyRow {
    pub school_id: i32,
    /// `parents`, `pupils` or `teachers`.
    pub audience: String,
    pub respondents: i32,
    pub satisfied: i32,
}

/// A teacher in a school's register in an academic year, with the latest academic year up to
/// it in which the teacher attended a course (`None`: no attendance on record).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct RegisterRow {
    pub year: i32,
    pub school_id: i32,
    pub last_training_year: Option<i32>,
}

/// Working computers (laptops are not counted).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct InfrastructureRow {
    pub school_id: i32,
    pub computers: Option<i32>,
}

/// Textbook provision of one grade band (`all`, `1-4`, `5-9`, `10-12`).
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct TextbookRow {
    pub school_id: i32,
    pub grade_band: String,
    pub required: Option<i32>,
    pub available: Option<i32>,
    pub provision_pct: Option<f64>,
}

/// Everything the trend job reads for one academic year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearFacts {
    pub year: i32,
    pub marks: Vec<MarkRow>,
    /// Period marks by subject (`subject_marks`), the annual period's and, in the latest
    /// year, the quarters' and half-years'.
    pub subject_marks: Vec<SubjectMarkRow>,
    /// The year's periods, for `subject_marks.period_id`.
    pub periods: Vec<PeriodRow>,
    /// The reference subjects, for `subject_marks.subject_id`.
    pub subjects: Vec<SubjectCode>,
    pub class_outcomes: Vec<ClassOutcomeRow>,
    /// Only marks and class outcomes of these grades count.
    pub marked_grades: MarkedGrades,
    pub reported: Vec<ReportedRow>,
    pub ort_results: Vec<OrtResultRow>,
    pub ort_summaries: Vec<OrtSummaryRow>,
    /// The grant main-test threshold of the year ([`DEFAULT_ORT_THRESHOLD`] if none is stored).
    pub ort_threshold: i32,
    /// The grant subject-test threshold of the year, if one is stored.
    pub ort_subject_threshold: Option<i32>,
    pub ort_subject_scores: Vec<OrtSubjectRow>,
    pub olympiads: Vec<OlympiadCountRow>,
    pub olympiad_results: Vec<OlympiadResultRow>,
    pub surveys: Vec<SurveyRow>,
    pub staff: Vec<StaffRow>,
    pub training: Vec<TrainingRow>,
    pub enrolment: Vec<EnrolmentRow>,
    pub infrastructure: Vec<InfrastructureRow>,
    pub textbooks: Vec<TextbookRow>,
}

impl YearFacts {
    /// Rows read (the thresholds count as one; the annual marks summed from
    /// `subject_marks` are not read again).
    pub fn rows(&self) -> u64 {
        [
            self.marks
                .iter()
                .filter(|m| m.assessment_kind != "period_marks")
                .count(),
            self.subject_marks.len(),
            self.class_outcomes.len(),
            self.reported.len(),
            self.ort_results.len(),
            self.ort_summaries.len(),
            1,
            self.ort_subject_scores.len(),
            self.olympiads.len(),
            self.olympiad_results.len(),
            self.surveys.len(),
            self.staff.len(),
            self.training.len(),
            self.enrolment.len(),
            self.infrastructure.len(),
            self.textbooks.len(),
        ]
        .iter()
        .map(|n| *n as u64)
        .sum()
    }
}

/// Where a school sits, and what defines its peer group.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct GeoRow {
    pub school_id: i32,
    pub district_id: i32,
    pub region_id: i32,
    /// From the school's latest enrolment: see [`size_band`]. `None` without any enrolment.
    #[sea_orm(skip)]
    pub size_band: Option<String>,
    /// The first of the school's languages of instruction in the order ky, ru, uz, tj, en.
    pub main_language: Option<String>,
    pub design_capacity: Option<i32>,
}

/// The size band of a school with `enrolment` pupils: `<300`, `300-999` or `1000+` (rural
/// schools of 100–300 against urban ones of 2,000 and more, DOMAIN.md §5.3).
pub fn size_band(enrolment: i32) -> &'static str {
    match enrolment {
        i32::MIN..=299 => "<300",
        300..=999 => "300-999",
        _ => "1000+",
    }
}

use crate::db::{self, stmt};

pub mod sql;

/// The rows of `sql`, whose every `?` is the academic year.
async fn rows_of_year<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    sql: &str,
    year: i32,
) -> Result<Vec<T>> {
    let n = sql.matches('?').count();
    let values = vec![Value::from(year); n];
    Ok(T::find_by_statement(stmt(db, sql, values)).all(db).await?)
}

/// [`rows_of_year`] with the rows streamed from the driver and turned into `T` one at a time:
/// `all` first collects every driver row (its own buffers, ≈ 300 bytes a row), which for the
/// latest year's ≈ 2 million period-mark rows was most of a national run's peak memory.
async fn rows_of_year_streamed<T: FromQueryResult>(
    db: &crate::Db,
    sql: &str,
    year: i32,
) -> Result<Vec<T>> {
    use futures_util::TryStreamExt;
    use sea_orm::sqlx::{self, AssertSqlSafe};
    use sea_orm::{DatabaseBackend, DbErr, QueryResult, RuntimeErr};
    let driver = |e: sqlx::Error| DbErr::Query(RuntimeErr::SqlxError(std::sync::Arc::new(e)));
    let n = sql.matches('?').count();
    let sql = stmt(db, sql, vec![]).sql;
    let mut out = Vec::new();
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for _ in 0..n {
                query = query.bind(year);
            }
            let mut rows = query.fetch(db.get_postgres_connection_pool());
            while let Some(row) = rows.try_next().await.map_err(driver)? {
                out.push(T::from_query_result(&QueryResult::from(row), "")?);
            }
        }
        DatabaseBackend::Sqlite => {
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for _ in 0..n {
                query = query.bind(year);
            }
            let mut rows = query.fetch(db.get_sqlite_connection_pool());
            while let Some(row) = rows.try_next().await.map_err(driver)? {
                out.push(T::from_query_result(&QueryResult::from(row), "")?);
            }
        }
        _ => return rows_of_year(db, &sql, year).await,
    }
    Ok(out)
}

/// Schools with facts in one academic year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct YearSchools {
    pub year: i32,
    /// Distinct schools with at least one fact row that year.
    pub schools: i32,
}

/// The academic years that have at least one fact row (marks, reported figures, ORT,
/// olympiad counts or results, staff, training, enrolment, infrastructure, textbooks or
/// surveys), ascending, each
/// with how many schools have one: the trend job's measure of a year's coverage.
pub async fn schools_with_facts(db: &impl ConnectionTrait) -> Result<Vec<YearSchools>> {
    // Marks through their class groups, one probe of `uq_mark_summary` (class_group_id, …)
    // per class; the other tables are keyed by school and year already. UNION removes the
    // duplicates before counting.
    let sql = sql::SCHOOLS_WITH_FACTS;
    Ok(YearSchools::find_by_statement(stmt(db, sql, vec![]))
        .all(db)
        .await?)
}

/// Every school with its district, region, size band and main language, by id.
pub async fn geo(db: &impl ConnectionTrait) -> Result<Vec<GeoRow>> {
    let sql = sql::GEO;
    /// A [`GeoRow`] as read: its size band comes from the latest enrolment.
    #[derive(FromQueryResult)]
    struct Stored {
        #[sea_orm(nested)]
        geo: GeoRow,
        latest_enrolment: Option<i32>,
    }
    let rows = Stored::find_by_statement(stmt(db, sql, vec![]))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |Stored {
                 mut geo,
                 latest_enrolment,
             }| {
                geo.size_band = latest_enrolment.map(|e| size_band(e).to_owned());
                geo
            },
        )
        .collect())
}

/// Mark counts of `year` per school, grade, period and assessment kind: annual period marks
/// (summed over the subjects of [`subject_marks`], read once), administrative control,
/// final attestation and minimum-requirement tests; quarter and half-year period marks are
/// left out.
pub async fn marks(db: &impl ConnectionTrait, year: i32) -> Result<Vec<MarkRow>> {
    let by_subject = subject_marks(db, year, false).await?;
    let periods = periods(db, year).await?;
    Ok(with_annual_marks(
        assessment_marks(db, year).await?,
        &by_subject,
        &periods,
    ))
}

/// `assessments` with the annual period marks of `by_subject` summed per school and grade,
/// in the order of [`marks`] (school, grade, period, assessment kind).
fn with_annual_marks(
    assessments: Vec<MarkRow>,
    by_subject: &[SubjectMarkRow],
    periods: &[PeriodRow],
) -> Vec<MarkRow> {
    use std::collections::BTreeMap;
    let annual: std::collections::HashSet<i32> = periods
        .iter()
        .filter(|p| p.kind == "year")
        .map(|p| p.id)
        .collect();
    let mut sums: BTreeMap<(i32, i32), MarkRow> = BTreeMap::new();
    for r in by_subject.iter().filter(|r| annual.contains(&r.period_id)) {
        let m = sums
            .entry((r.school_id, r.grade))
            .or_insert_with(|| MarkRow {
                school_id: r.school_id,
                grade: r.grade,
                period_kind: "year".into(),
                period_idx: 1,
                assessment_kind: "period_marks".into(),
                n5: 0,
                n4: 0,
                n3: 0,
                n2: 0,
                n1: 0,
                n_na: 0,
                n_exempt: 0,
                n_enrolled: 0,
                n_rows: 0,
            });
        m.n5 += i64::from(r.n5);
        m.n4 += i64::from(r.n4);
        m.n3 += i64::from(r.n3);
        m.n2 += i64::from(r.n2);
        m.n1 += i64::from(r.n1);
        m.n_na += i64::from(r.n_na);
        m.n_exempt += i64::from(r.n_exempt);
        m.n_enrolled += i64::from(r.n_enrolled);
        m.n_rows += i64::from(r.n_rows);
    }
    let mut rows: Vec<MarkRow> = sums.into_values().chain(assessments).collect();
    rows.sort_by(|a, b| {
        (
            a.school_id,
            a.grade,
            &a.period_kind,
            a.period_idx,
            &a.assessment_kind,
        )
            .cmp(&(
                b.school_id,
                b.grade,
                &b.period_kind,
                b.period_idx,
                &b.assessment_kind,
            ))
    });
    rows
}

/// Administrative control, final attestation and minimum-requirement counts of `year` per
/// school, grade, period and assessment kind.
async fn assessment_marks(db: &impl ConnectionTrait, year: i32) -> Result<Vec<MarkRow>> {
    let sql = sql::ASSESSMENT_MARKS;
    rows_of_year(db, sql, year).await
}

/// Period-mark counts of one school, grade, subject and period, summed over its classes:
/// the subject, grade-band and period figures (`super::dims`). 32-bit counts: a national
/// latest year is ≈ 2 million of these rows.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct SubjectMarkRow {
    pub school_id: i32,
    pub grade: i32,
    pub subject_id: i32,
    /// A [`PeriodRow`] of the year.
    pub period_id: i32,
    pub n5: i32,
    pub n4: i32,
    pub n3: i32,
    pub n2: i32,
    pub n1: i32,
    pub n_na: i32,
    pub n_exempt: i32,
    pub n_enrolled: i32,
    /// How many `mark_summary` rows were summed.
    pub n_rows: i32,
}

/// A period of an academic year (`period`).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct PeriodRow {
    pub id: i32,
    /// `quarter`, `half_year` or `year`.
    pub kind: String,
    pub idx: i32,
}

/// A reference subject's id and code.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct SubjectCode {
    pub id: i32,
    pub code: String,
}

/// The periods of `year`.
pub async fn periods(db: &impl ConnectionTrait, year: i32) -> Result<Vec<PeriodRow>> {
    rows_of_year(db, sql::PERIODS, year).await
}

/// The reference subjects' codes.
pub async fn subject_codes(db: &impl ConnectionTrait) -> Result<Vec<SubjectCode>> {
    Ok(
        SubjectCode::find_by_statement(stmt(db, sql::SUBJECT_CODES, vec![]))
            .all(db)
            .await?,
    )
}

/// Period-mark counts of `year` per school, grade, subject and period: the annual ones, and
/// with `with_periods` the quarters' and half-years' too (the latest year only, see
/// `super::dims`).
pub async fn subject_marks(
    db: &impl ConnectionTrait,
    year: i32,
    with_periods: bool,
) -> Result<Vec<SubjectMarkRow>> {
    let sql = sql::subject_marks(with_periods);
    rows_of_year(db, &sql, year).await
}

/// Class outcomes of `year`'s annual period per school and grade.
pub async fn class_outcomes(db: &impl ConnectionTrait, year: i32) -> Result<Vec<ClassOutcomeRow>> {
    let sql = sql::CLASS_OUTCOMES;
    rows_of_year(db, sql, year).await
}

/// The marked grades of `year` (the column defaults if the year is not in `academic_year`).
pub async fn marked_grades(db: &impl ConnectionTrait, year: i32) -> Result<MarkedGrades> {
    let sql = sql::MARKED_GRADES;
    let rows: Vec<MarkedGrades> = rows_of_year(db, sql, year).await?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// School-wide figures reported for the whole of `year` (the annual period).
pub async fn reported(db: &impl ConnectionTrait, year: i32) -> Result<Vec<ReportedRow>> {
    let sql = sql::REPORTED;
    rows_of_year(db, sql, year).await
}

/// ORT results of `year` (both sessions, cohort and top-scorer lists).
pub async fn ort_results(db: &impl ConnectionTrait, year: i32) -> Result<Vec<OrtResultRow>> {
    let sql = sql::ORT_RESULTS;
    rows_of_year(db, sql, year).await
}

/// Schools' own ORT summaries of `year`.
pub async fn ort_summaries(db: &impl ConnectionTrait, year: i32) -> Result<Vec<OrtSummaryRow>> {
    let sql = sql::ORT_SUMMARIES;
    rows_of_year(db, sql, year).await
}

/// The grant main-test threshold of `year`: the general programme group's if stored, else
/// the lowest stored grant threshold, else [`DEFAULT_ORT_THRESHOLD`].
pub async fn ort_threshold(db: &impl ConnectionTrait, year: i32) -> Result<i32> {
    let sql = sql::ORT_THRESHOLD;
    let threshold = db::value(db, stmt(db, sql, vec![year.into()]), "main_min").await?;
    Ok(threshold.unwrap_or(DEFAULT_ORT_THRESHOLD))
}

/// The grant subject-test threshold of `year`: the general programme group's if stored, else
/// the lowest stored one; `None` when no grant row of the year has one (no fallback: the
/// subject scale is not verified, DOMAIN.md §2.2).
pub async fn ort_subject_threshold(db: &impl ConnectionTrait, year: i32) -> Result<Option<i32>> {
    let sql = sql::ORT_SUBJECT_THRESHOLD;
    db::value(db, stmt(db, sql, vec![year.into()]), "subject_min").await
}

/// Subject-test scores of `year`'s ORT takers.
pub async fn ort_subject_scores(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<OrtSubjectRow>> {
    let sql = sql::ORT_SUBJECT_SCORES;
    rows_of_year(db, sql, year).await
}

/// Olympiad results of `year` per school, level, place and award (counted in SQL: the prize
/// rule is the job's).
pub async fn olympiad_results(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<OlympiadResultRow>> {
    let sql = sql::OLYMPIAD_RESULTS;
    rows_of_year(db, sql, year).await
}

/// Satisfaction surveys of `year`.
pub async fn surveys(db: &impl ConnectionTrait, year: i32) -> Result<Vec<SurveyRow>> {
    let sql = sql::SURVEYS;
    rows_of_year(db, sql, year).await
}

/// The teacher register of every academic year in `first..=last`: one row per year and teacher
/// in the register that year, with the latest year up to it of a course the teacher attended.
/// Hiring and leaving happen between academic years, so `hired_year` and `left_year` (calendar
/// years) put a teacher in the registers of the years `hired_year ..= left_year − 1`.
///
/// Read for the whole generation at once, not per year: the register has no academic year of
/// its own (its edits mark no year dirty), so the job derives it afresh on every run.
pub async fn teacher_register(
    db: &impl ConnectionTrait,
    first: i32,
    last: i32,
) -> Result<Vec<RegisterRow>> {
    let sql = sql::TEACHER_REGISTER;
    Ok(
        RegisterRow::find_by_statement(stmt(db, sql, vec![first.into(), last.into()]))
            .all(db)
            .await?,
    )
}

/// Olympiad prize counts of `year` per school and level.
pub async fn olympiad_counts(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<OlympiadCountRow>> {
    let sql = sql::OLYMPIAD_COUNTS;
    rows_of_year(db, sql, year).await
}

/// Staff snapshots of `year`.
pub async fn staff(db: &impl ConnectionTrait, year: i32) -> Result<Vec<StaffRow>> {
    let sql = sql::STAFF;
    rows_of_year(db, sql, year).await
}

/// Training programmes of `year` (hours and participants).
pub async fn training(db: &impl ConnectionTrait, year: i32) -> Result<Vec<TrainingRow>> {
    let sql = sql::TRAINING;
    rows_of_year(db, sql, year).await
}

/// The tables [`enrolment`] reads: an edit of one year also changes the next year's rows.
pub const ENROLMENT_TABLES: &[&str] = &["enrolment_snapshot", "enrolment_grade"];

/// Enrolment of `year`.
pub async fn enrolment(db: &impl ConnectionTrait, year: i32) -> Result<Vec<EnrolmentRow>> {
    // The leavers of a year come from the year before's grade 9, so that count is read with
    // the year (an edit of the year before also recomputes this one: `runs::dirty_years`).
    let sql = sql::ENROLMENT;
    rows_of_year(db, sql, year).await
}

/// Computers of `year`.
pub async fn infrastructure(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<InfrastructureRow>> {
    let sql = sql::INFRASTRUCTURE;
    rows_of_year(db, sql, year).await
}

/// Textbook provision of `year` per grade band.
pub async fn textbooks(db: &impl ConnectionTrait, year: i32) -> Result<Vec<TextbookRow>> {
    let sql = sql::TEXTBOOKS;
    rows_of_year(db, sql, year).await
}

/// All of `year`'s facts, one query per table. `with_periods`: also the quarter and
/// half-year period marks by subject (the generation's latest year).
pub async fn read_year(db: &crate::Db, year: i32, with_periods: bool) -> Result<YearFacts> {
    // The two large reads are streamed (`rows_of_year_streamed`).
    let subject_marks = rows_of_year_streamed(db, &sql::subject_marks(with_periods), year).await?;
    let periods = periods(db, year).await?;
    let assessment_marks = rows_of_year_streamed(db, sql::ASSESSMENT_MARKS, year).await?;
    Ok(YearFacts {
        year,
        marks: with_annual_marks(assessment_marks, &subject_marks, &periods),
        subject_marks,
        periods,
        subjects: subject_codes(db).await?,
        class_outcomes: class_outcomes(db, year).await?,
        marked_grades: marked_grades(db, year).await?,
        reported: reported(db, year).await?,
        ort_results: ort_results(db, year).await?,
        ort_summaries: ort_summaries(db, year).await?,
        ort_threshold: ort_threshold(db, year).await?,
        ort_subject_threshold: ort_subject_threshold(db, year).await?,
        ort_subject_scores: ort_subject_scores(db, year).await?,
        olympiads: olympiad_counts(db, year).await?,
        olympiad_results: olympiad_results(db, year).await?,
        surveys: surveys(db, year).await?,
        staff: staff(db, year).await?,
        training: training(db, year).await?,
        enrolment: enrolment(db, year).await?,
        infrastructure: infrastructure(db, year).await?,
        textbooks: textbooks(db, year).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands() {
        assert_eq!(size_band(0), "<300");
        assert_eq!(size_band(299), "<300");
        assert_eq!(size_band(300), "300-999");
        assert_eq!(size_band(572), "300-999");
        assert_eq!(size_band(999), "300-999");
        assert_eq!(size_band(1000), "1000+");
    }
}
