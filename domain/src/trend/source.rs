//! What the trend job reads: the fact tables of one academic year, cut down to the columns the
//! indicators need, plus the school geography. SQL lives here; the job turns these plain rows
//! into polars frames and computes the indicators (`jobs::indicators`).
//!
//! Every read is for one academic year, so the job holds one year of facts at a time. Rows
//! come in a fixed order (`ORDER BY`), so the job's results do not depend on the order a
//! database happens to return them in. Mark summaries are summed in SQL per school, grade,
//! period and assessment kind (a national year is millions of class × subject rows; the sums
//! are a few hundred thousand), which is exactly the "sum counts before dividing" the
//! indicators need; quarter and half-year *period marks* are not read at all, because the
//! indicators use annual marks (administrative control keeps its half-years).

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

/// Pupils enrolled.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct EnrolmentRow {
    pub school_id: i32,
    pub enrolment: i32,
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
    pub reported: Vec<ReportedRow>,
    pub ort_results: Vec<OrtResultRow>,
    pub ort_summaries: Vec<OrtSummaryRow>,
    /// The grant main-test threshold of the year ([`DEFAULT_ORT_THRESHOLD`] if none is stored).
    pub ort_threshold: i32,
    pub olympiads: Vec<OlympiadCountRow>,
    pub staff: Vec<StaffRow>,
    pub training: Vec<TrainingRow>,
    pub enrolment: Vec<EnrolmentRow>,
    pub infrastructure: Vec<InfrastructureRow>,
    pub textbooks: Vec<TextbookRow>,
}

impl YearFacts {
    /// Rows read (the threshold counts as one).
    pub fn rows(&self) -> u64 {
        [
            self.marks.len(),
            self.reported.len(),
            self.ort_results.len(),
            self.ort_summaries.len(),
            1,
            self.olympiads.len(),
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

/// Schools with facts in one academic year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct YearSchools {
    pub year: i32,
    /// Distinct schools with at least one fact row that year.
    pub schools: i32,
}

/// The academic years that have at least one fact row (marks, reported figures, ORT,
/// olympiad counts, staff, training, enrolment, infrastructure or textbooks), ascending, each
/// with how many schools have one: the trend job's measure of a year's coverage.
pub async fn schools_with_facts(db: &impl ConnectionTrait) -> Result<Vec<YearSchools>> {
    // Marks through their class groups, one probe of `uq_mark_summary` (class_group_id, …)
    // per class; the other tables are keyed by school and year already. UNION removes the
    // duplicates before counting.
    let sql = "SELECT f.y AS year, CAST(COUNT(*) AS INTEGER) AS schools FROM ( \
        SELECT cg.academic_year AS y, cg.school_id AS s FROM class_group cg \
            WHERE EXISTS (SELECT 1 FROM mark_summary ms WHERE ms.class_group_id = cg.id) \
        UNION SELECT p.academic_year, ri.school_id FROM reported_indicator ri JOIN period p ON p.id = ri.period_id \
        UNION SELECT academic_year, school_id FROM ort_result \
        UNION SELECT academic_year, school_id FROM ort_school_summary \
        UNION SELECT academic_year, school_id FROM olympiad_count_report \
        UNION SELECT academic_year, school_id FROM staff_snapshot \
        UNION SELECT academic_year, school_id FROM teacher_training \
        UNION SELECT academic_year, school_id FROM enrolment_snapshot \
        UNION SELECT academic_year, school_id FROM infrastructure_snapshot \
        UNION SELECT academic_year, school_id FROM textbook_provision \
        ) f GROUP BY f.y ORDER BY f.y";
    Ok(YearSchools::find_by_statement(stmt(db, sql, vec![]))
        .all(db)
        .await?)
}

/// Every school with its district, region, size band and main language, by id.
pub async fn geo(db: &impl ConnectionTrait) -> Result<Vec<GeoRow>> {
    let sql = "SELECT s.id AS school_id, s.district_id, d.region_id, s.design_capacity, \
        (SELECT e.enrolment FROM enrolment_snapshot e WHERE e.school_id = s.id \
            ORDER BY e.academic_year DESC LIMIT 1) AS latest_enrolment, \
        (SELECT sl.language FROM school_language sl WHERE sl.school_id = s.id ORDER BY CASE sl.language \
            WHEN 'ky' THEN 1 WHEN 'ru' THEN 2 WHEN 'uz' THEN 3 WHEN 'tj' THEN 4 ELSE 5 END LIMIT 1) AS main_language \
        FROM school s JOIN district d ON d.id = s.district_id ORDER BY s.id";
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

/// Mark counts of `year` per school, grade, period and assessment kind. Annual period marks,
/// administrative control, final attestation and minimum-requirement tests; quarter and
/// half-year period marks are left out.
pub async fn marks(db: &impl ConnectionTrait, year: i32) -> Result<Vec<MarkRow>> {
    // Two branches, each selecting its rows through `ix_mark_summary_period` (period_id,
    // assessment_kind): a national year is a fifth of a table of tens of millions of rows,
    // and its annual period marks a seventh of that, so an index beats a scan (measured on
    // PostgreSQL: 2.2 s against 3.8–5 s a year).
    let sums = "cg.school_id, cg.grade, p.kind AS period_kind, p.idx AS period_idx, ms.assessment_kind, \
        CAST(SUM(ms.n5) AS BIGINT) AS n5, CAST(SUM(ms.n4) AS BIGINT) AS n4, CAST(SUM(ms.n3) AS BIGINT) AS n3, \
        CAST(SUM(ms.n2) AS BIGINT) AS n2, CAST(SUM(ms.n1) AS BIGINT) AS n1, CAST(SUM(ms.n_na) AS BIGINT) AS n_na, \
        CAST(SUM(ms.n_exempt) AS BIGINT) AS n_exempt, CAST(SUM(ms.n_enrolled) AS BIGINT) AS n_enrolled, \
        CAST(COUNT(*) AS BIGINT) AS n_rows \
        FROM mark_summary ms JOIN period p ON p.id = ms.period_id JOIN class_group cg ON cg.id = ms.class_group_id";
    let group = "GROUP BY cg.school_id, cg.grade, p.kind, p.idx, ms.assessment_kind";
    let sql = format!(
        "SELECT {sums} WHERE ms.period_id IN (SELECT id FROM period WHERE academic_year = ? AND kind = 'year') \
            AND ms.assessment_kind = 'period_marks' {group} \
         UNION ALL \
         SELECT {sums} WHERE ms.period_id IN (SELECT id FROM period WHERE academic_year = ?) \
            AND ms.assessment_kind IN ('admin_control', 'final_attestation', 'minimum_requirement') {group} \
         ORDER BY 1, 2, 3, 4, 5"
    );
    rows_of_year(db, &sql, year).await
}

/// School-wide figures reported for the whole of `year` (the annual period).
pub async fn reported(db: &impl ConnectionTrait, year: i32) -> Result<Vec<ReportedRow>> {
    let sql = "SELECT ri.school_id, ri.indicator, ri.value FROM reported_indicator ri \
        JOIN period p ON p.id = ri.period_id \
        WHERE p.academic_year = ? AND p.kind = 'year' AND ri.scope = 'school' \
        ORDER BY ri.school_id, ri.indicator";
    rows_of_year(db, sql, year).await
}

/// ORT results of `year` (both sessions, cohort and top-scorer lists).
pub async fn ort_results(db: &impl ConnectionTrait, year: i32) -> Result<Vec<OrtResultRow>> {
    let sql = "SELECT school_id, listing, session, main_score, gold_certificate FROM ort_result \
        WHERE academic_year = ? ORDER BY school_id, session, student_ref";
    rows_of_year(db, sql, year).await
}

/// Schools' own ORT summaries of `year`.
pub async fn ort_summaries(db: &impl ConnectionTrait, year: i32) -> Result<Vec<OrtSummaryRow>> {
    let sql = "SELECT school_id, session, test_language, participants, mean_score, median_score, \
        max_score, threshold, n_ge_threshold, gold_certificates FROM ort_school_summary \
        WHERE academic_year = ? ORDER BY school_id, session, test_language";
    rows_of_year(db, sql, year).await
}

/// The grant main-test threshold of `year`: the general programme group's if stored, else
/// the lowest stored grant threshold, else [`DEFAULT_ORT_THRESHOLD`].
pub async fn ort_threshold(db: &impl ConnectionTrait, year: i32) -> Result<i32> {
    let sql = "SELECT main_min FROM ort_threshold WHERE academic_year = ? AND admission_type = 'grant' \
        ORDER BY CASE WHEN programme_group = 'general' THEN 0 ELSE 1 END, main_min LIMIT 1";
    let threshold = db::value(db, stmt(db, sql, vec![year.into()]), "main_min").await?;
    Ok(threshold.unwrap_or(DEFAULT_ORT_THRESHOLD))
}

/// Olympiad prize counts of `year` per school and level.
pub async fn olympiad_counts(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<OlympiadCountRow>> {
    let sql = "SELECT school_id, level, prize_count FROM olympiad_count_report \
        WHERE academic_year = ? ORDER BY school_id, level";
    rows_of_year(db, sql, year).await
}

/// Staff snapshots of `year`.
pub async fn staff(db: &impl ConnectionTrait, year: i32) -> Result<Vec<StaffRow>> {
    let sql = "SELECT school_id, teachers_total, with_higher_ed, with_award_excellence, trained_last_5y \
        FROM staff_snapshot WHERE academic_year = ? ORDER BY school_id";
    rows_of_year(db, sql, year).await
}

/// Training programmes of `year` (hours and participants).
pub async fn training(db: &impl ConnectionTrait, year: i32) -> Result<Vec<TrainingRow>> {
    let sql = "SELECT school_id, hours, participants FROM teacher_training \
        WHERE academic_year = ? ORDER BY school_id, programme_name_ky, provider";
    rows_of_year(db, sql, year).await
}

/// Enrolment of `year`.
pub async fn enrolment(db: &impl ConnectionTrait, year: i32) -> Result<Vec<EnrolmentRow>> {
    let sql = "SELECT school_id, enrolment FROM enrolment_snapshot WHERE academic_year = ? ORDER BY school_id";
    rows_of_year(db, sql, year).await
}

/// Computers of `year`.
pub async fn infrastructure(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<InfrastructureRow>> {
    let sql = "SELECT school_id, computers FROM infrastructure_snapshot WHERE academic_year = ? ORDER BY school_id";
    rows_of_year(db, sql, year).await
}

/// Textbook provision of `year` per grade band.
pub async fn textbooks(db: &impl ConnectionTrait, year: i32) -> Result<Vec<TextbookRow>> {
    let sql = "SELECT school_id, grade_band, required, available, provision_pct FROM textbook_provision \
        WHERE academic_year = ? ORDER BY school_id, grade_band";
    rows_of_year(db, sql, year).await
}

/// All of `year`'s facts, one query per table.
pub async fn read_year(db: &impl ConnectionTrait, year: i32) -> Result<YearFacts> {
    Ok(YearFacts {
        year,
        marks: marks(db, year).await?,
        reported: reported(db, year).await?,
        ort_results: ort_results(db, year).await?,
        ort_summaries: ort_summaries(db, year).await?,
        ort_threshold: ort_threshold(db, year).await?,
        olympiads: olympiad_counts(db, year).await?,
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
