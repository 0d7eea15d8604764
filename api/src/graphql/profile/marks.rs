//! Marks: mark summaries with their derived values, their totals, class outcomes, and the
//! percentages a school reported without counts.

use super::{db, list};
use crate::graphql::common::{Label, Period, Subject};
use crate::graphql::error::{Result, invalid};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use domain::access::Grant;
use domain::entity as e;
use domain::facts;
use domain::formula::{ClassCounts, MarkCounts};
use domain::labels::Vocabulary;
use domain::messages::arguments::ArgMsg;

/// Which mark rows to show; absent fields do not filter.
#[derive(InputObject, Default)]
pub struct MarkFilterInput {
    /// Start year of the academic year (2024 = 2024-2025).
    year: Option<i32>,
    /// quarter, half_year or year.
    period_kind: Option<String>,
    /// 1–4 for quarters, 1–2 for half-years, 1 for the year.
    period_index: Option<i32>,
    /// Only this grade (1 to 12).
    grade: Option<i32>,
    /// Subject code (mark summaries only).
    subject: Option<String>,
    /// period_marks, admin_control, final_attestation or minimum_requirement (mark summaries only).
    assessment_kind: Option<String>,
}

impl MarkFilterInput {
    fn into_domain(self) -> Result<facts::mark_summaries::MarkFilter> {
        if let Some(k) = &self.period_kind
            && Vocabulary::PeriodKind.label(k).is_none()
        {
            return Err(invalid(
                "filter.periodKind",
                ArgMsg::NotOneOf {
                    value: k.into(),
                    valid: "quarter, half_year, year".into(),
                },
            ));
        }
        if let Some(k) = &self.assessment_kind
            && Vocabulary::AssessmentKind.label(k).is_none()
        {
            return Err(invalid(
                "filter.assessmentKind",
                ArgMsg::NotOneOf {
                    value: k.into(),
                    valid: "period_marks, admin_control, final_attestation, minimum_requirement"
                        .into(),
                },
            ));
        }
        if let Some(g) = self.grade
            && !(1..=12).contains(&g)
        {
            return Err(invalid(
                "filter.grade",
                ArgMsg::OutOfRange {
                    value: i64::from(g),
                    min: 1,
                    max: 12,
                },
            ));
        }
        Ok(facts::mark_summaries::MarkFilter {
            year: self.year,
            period_kind: self.period_kind,
            period_index: self.period_index,
            grade: self.grade,
            subject_code: self.subject,
            assessment_kind: self.assessment_kind,
        })
    }
}

/// A class of a school in one academic year.
#[derive(SimpleObject)]
pub struct ClassGroup {
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// The grade, 1 to 12 (0: preparatory class).
    grade: i32,
    /// Parallel letter (А, Б …); empty for a single class.
    letter: String,
    /// The class's language of instruction; null = not recorded.
    language: Option<Label>,
    /// Pupils enrolled in the class; null = not reported.
    enrolled: Option<i32>,
}

impl From<e::class_group::Model> for ClassGroup {
    fn from(c: e::class_group::Model) -> Self {
        ClassGroup {
            academic_year: c.academic_year,
            grade: c.grade,
            letter: c.letter,
            language: Label::opt(Vocabulary::Language, c.language.as_deref()),
            enrolled: c.enrolled,
        }
    }
}

/// Values derived from mark counts by the formulas of DOMAIN.md §1.3; null when the
/// denominator is 0.
#[derive(SimpleObject)]
pub struct MarkIndicators {
    /// N = n5 + n4 + n3 + n2 + n1 + nNa (exempt pupils out, н/а in): the denominator of
    /// quality, success and СОУ.
    assessed: i64,
    /// n5 + n4 + n3 + n2: the denominator of the average mark.
    marked: i64,
    /// (n5 + n4) / N × 100.
    knowledge_quality_pct: Option<f64>,
    /// (n5 + n4 + n3) / N × 100.
    success_pct: Option<f64>,
    /// (5·n5 + 4·n4 + 3·n3 + 2·n2) / marked.
    average_mark: Option<f64>,
    /// (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nNa) / N.
    sou_pct: Option<f64>,
}

impl From<MarkCounts> for MarkIndicators {
    fn from(c: MarkCounts) -> Self {
        MarkIndicators {
            assessed: c.assessed(),
            marked: c.marked(),
            knowledge_quality_pct: c.knowledge_quality_pct(),
            success_pct: c.success_pct(),
            average_mark: c.average_mark(),
            sou_pct: c.sou_pct(),
        }
    }
}

pub struct MarkSummary(facts::mark_summaries::MarkRow);

/// Mark counts of one class, subject and period (DOMAIN.md §1), with the indicators they give;
/// readable by the reported tier (an admin, or a region, district or school token within its
/// scope).
#[Object]
impl MarkSummary {
    /// The row's id.
    async fn id(&self) -> ID {
        ID(self.0.summary.id.to_string())
    }
    /// The class the marks are of.
    async fn class_group(&self) -> ClassGroup {
        self.0.class_group.clone().into()
    }
    /// The subject marked.
    async fn subject(&self) -> Subject {
        Subject(self.0.subject.clone())
    }
    /// The period (quarter, half-year or year) of the marks.
    async fn period(&self) -> Period {
        self.0.period.clone().into()
    }
    /// Period marks, an administrative control test, the final attestation or a
    /// minimum-requirements test.
    async fn assessment_kind(&self) -> Label {
        Label::of(Vocabulary::AssessmentKind, &self.0.summary.assessment_kind)
    }
    /// written_test, essay or oral (final attestation only).
    async fn exam_form(&self) -> Option<&str> {
        self.0.summary.exam_form.as_deref()
    }
    /// The day of the test (control tests and attestations); null for period marks or when not
    /// given.
    async fn assessed_on(&self) -> Option<NaiveDate> {
        self.0.summary.assessed_on
    }
    /// Pupils marked 5 ("excellent").
    async fn n5(&self) -> i32 {
        self.0.summary.n5
    }
    /// Pupils marked 4 ("good").
    async fn n4(&self) -> i32 {
        self.0.summary.n4
    }
    /// Pupils marked 3 ("satisfactory").
    async fn n3(&self) -> i32 {
        self.0.summary.n3
    }
    /// Pupils marked 2 ("unsatisfactory").
    async fn n2(&self) -> i32 {
        self.0.summary.n2
    }
    /// Pupils marked 1.
    async fn n1(&self) -> i32 {
        self.0.summary.n1
    }
    /// Not attested (н/а).
    async fn n_na(&self) -> i32 {
        self.0.summary.n_na
    }
    /// Pupils exempt from the subject (left out of every denominator).
    async fn n_exempt(&self) -> i32 {
        self.0.summary.n_exempt
    }
    /// Pupils enrolled in the class for the subject.
    async fn n_enrolled(&self) -> i32 {
        self.0.summary.n_enrolled
    }
    /// N, the denominator of quality, success and СОУ.
    async fn assessed(&self) -> i64 {
        MarkCounts::from(&self.0.summary).assessed()
    }
    /// (n5 + n4) / assessed × 100; null when nobody was assessed.
    async fn knowledge_quality_pct(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).knowledge_quality_pct()
    }
    /// (n5 + n4 + n3) / assessed × 100.
    async fn success_pct(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).success_pct()
    }
    /// (5·n5 + 4·n4 + 3·n3 + 2·n2) / (n5 + n4 + n3 + n2).
    async fn average_mark(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).average_mark()
    }
    /// СОУ: (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nNa) / assessed.
    async fn sou_pct(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).sou_pct()
    }
}

/// Mark summaries summed: counts first, then the formulas (never an average of percentages).
#[derive(SimpleObject)]
pub struct MarkTotals {
    /// Mark summary rows summed.
    rows: i64,
    /// Pupils marked 5, summed over the rows.
    n5: i64,
    /// Pupils marked 4, summed over the rows.
    n4: i64,
    /// Pupils marked 3, summed over the rows.
    n3: i64,
    /// Pupils marked 2, summed over the rows.
    n2: i64,
    /// Pupils marked 1, summed over the rows.
    n1: i64,
    /// Pupils not attested (н/а), summed over the rows.
    n_na: i64,
    /// The indicators of the summed counts (never an average of the rows' percentages).
    indicators: MarkIndicators,
}

/// A class's all-subjects outcome for a period: pupils by their worst mark.
pub struct ClassOutcome(facts::class_outcomes::OutcomeRow);

/// A class's all-subjects outcome for a period: pupils by their worst mark; readable by the
/// reported tier.
#[Object]
impl ClassOutcome {
    /// The class.
    async fn class_group(&self) -> ClassGroup {
        self.0.class_group.clone().into()
    }
    /// The period (quarter, half-year or year) of the outcome.
    async fn period(&self) -> Period {
        self.0.period.clone().into()
    }
    /// Pupils with only 5s.
    async fn n_all5(&self) -> i32 {
        self.0.outcome.n_all_5
    }
    /// Pupils with only 4s and 5s (at least one 4).
    async fn n45(&self) -> i32 {
        self.0.outcome.n_4_5
    }
    /// Pupils with a 3 and no 2.
    async fn n_with3(&self) -> i32 {
        self.0.outcome.n_with_3
    }
    /// Pupils with at least one 2.
    async fn n_with2(&self) -> i32 {
        self.0.outcome.n_with_2
    }
    /// Pupils not attested (н/а) in some subject.
    async fn n_na(&self) -> i32 {
        self.0.outcome.n_na
    }
    /// Pupils exempt (left out of every denominator).
    async fn n_exempt(&self) -> i32 {
        self.0.outcome.n_exempt
    }
    /// Pupils enrolled in the class.
    async fn n_enrolled(&self) -> i32 {
        self.0.outcome.n_enrolled
    }
    /// N: every pupil but the exempt.
    async fn assessed(&self) -> i64 {
        ClassCounts::from(&self.0.outcome).assessed()
    }
    /// Pupils whose marks are all 4 or 5, over assessed × 100.
    async fn knowledge_quality_pct(&self) -> Option<f64> {
        ClassCounts::from(&self.0.outcome).knowledge_quality_pct()
    }
    /// Pupils with no 2 and not н/а, over assessed × 100.
    async fn success_pct(&self) -> Option<f64> {
        ClassCounts::from(&self.0.outcome).success_pct()
    }
    /// Always null: pupil counts by worst mark do not give the marks an average needs.
    async fn average_mark(&self) -> Option<f64> {
        None
    }
    /// Always null: СОУ needs counts of marks, which a class outcome does not hold.
    async fn sou_pct(&self) -> Option<f64> {
        None
    }
}

pub async fn mark_summaries(
    ctx: &Context<'_>,
    school: &Grant,
    filter: Option<MarkFilterInput>,
) -> Result<Vec<MarkSummary>> {
    let filter = filter.unwrap_or_default().into_domain()?;
    let rows = facts::mark_summaries::read(db(ctx)?, school, &filter).await?;
    Ok(rows.into_iter().map(MarkSummary).collect())
}

pub async fn mark_totals(
    ctx: &Context<'_>,
    school: &Grant,
    filter: Option<MarkFilterInput>,
) -> Result<MarkTotals> {
    let filter = filter.unwrap_or_default().into_domain()?;
    let rows = facts::mark_summaries::read(db(ctx)?, school, &filter).await?;
    let sum = rows
        .iter()
        .map(|r| MarkCounts::from(&r.summary))
        .fold(MarkCounts::default(), |a, b| a + b);
    Ok(MarkTotals {
        rows: rows.len() as i64,
        n5: sum.n5,
        n4: sum.n4,
        n3: sum.n3,
        n2: sum.n2,
        n1: sum.n1,
        n_na: sum.n_na,
        indicators: sum.into(),
    })
}

pub async fn class_outcomes(
    ctx: &Context<'_>,
    school: &Grant,
    filter: Option<MarkFilterInput>,
) -> Result<Vec<ClassOutcome>> {
    let filter = filter.unwrap_or_default().into_domain()?;
    let rows = facts::class_outcomes::read(db(ctx)?, school, &filter).await?;
    Ok(rows.into_iter().map(ClassOutcome).collect())
}

/// A figure the school reported ready-made, without the counts behind it (so it is shown, not
/// summed into areas).
#[derive(SimpleObject)]
pub struct ReportedIndicator {
    /// knowledge_quality, success_rate, sou or average_mark.
    indicator: String,
    /// The period the figure is for.
    period: Period,
    /// school, grade or subject.
    scope: String,
    /// The grade, when the figure is for one grade (scope grade); else null.
    grade: Option<i32>,
    /// The subject, when the figure is for one subject (scope subject); else null.
    subject: Option<Subject>,
    /// The figure as reported: a percentage (0-100) for knowledge_quality, success_rate and sou, a
    /// mark (1-5) for average_mark.
    value: f64,
    /// self_report, import or document.
    source: String,
    /// Where the figure comes from (a document, a page); null = not given.
    source_note: Option<String>,
}

impl From<facts::reported_indicators::ReportedRow> for ReportedIndicator {
    fn from(r: facts::reported_indicators::ReportedRow) -> Self {
        let i = r.indicator;
        ReportedIndicator {
            indicator: i.indicator,
            period: r.period.into(),
            scope: i.scope,
            grade: i.grade,
            subject: r.subject.map(Subject),
            value: i.value,
            source: i.source,
            source_note: i.source_note,
        }
    }
}

pub async fn reported_indicators(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<ReportedIndicator>> {
    list(facts::reported_indicators::read(db(ctx)?, school, year).await)
}
