//! Results beyond marks: ORT summaries and pseudonymous results, olympiad results and
//! prize counts, contests.

use super::{db, list};
use crate::graphql::common::{Label, Lang, Subject, lang_of, pick};
use crate::graphql::error::Result;
use async_graphql::Context;
use async_graphql::{Object, SimpleObject};
use domain::access::Grant;
use domain::entity as e;
use domain::facts;
use domain::labels::Vocabulary;

#[derive(SimpleObject)]
pub struct OrtSummary {
    academic_year: i32,
    session: Label,
    /// all (the whole cohort), ky, ru or uz.
    test_language: String,
    participants: i32,
    mean_score: Option<f64>,
    median_score: Option<f64>,
    max_score: Option<i32>,
    min_score: Option<i32>,
    main_max: i32,
    threshold: Option<i32>,
    n_ge_threshold: Option<i32>,
    /// nGeThreshold / participants × 100; null without a count or participants.
    pass_pct: Option<f64>,
    gold_certificates: Option<i32>,
}

impl From<e::ort_school_summary::Model> for OrtSummary {
    fn from(m: e::ort_school_summary::Model) -> Self {
        let pass_pct = match m.n_ge_threshold {
            Some(n) if m.participants > 0 => Some(f64::from(n) * 100.0 / f64::from(m.participants)),
            _ => None,
        };
        OrtSummary {
            academic_year: m.academic_year,
            session: Label::of(Vocabulary::OrtSession, &m.session),
            test_language: m.test_language,
            participants: m.participants,
            mean_score: m.mean_score,
            median_score: m.median_score,
            max_score: m.max_score,
            min_score: m.min_score,
            main_max: m.main_max,
            threshold: m.threshold,
            n_ge_threshold: m.n_ge_threshold,
            pass_pct,
            gold_certificates: m.gold_certificates,
        }
    }
}

#[derive(SimpleObject)]
pub struct OrtSubjectScore {
    subject: Subject,
    score: i32,
    max_score: Option<i32>,
}

/// One pseudonymous ORT taker.
#[derive(SimpleObject)]
pub struct OrtResult {
    academic_year: i32,
    session: Label,
    /// The school's pseudonymous reference; never a name.
    student_ref: String,
    /// cohort (the whole class sent) or top_scorers (a list of the best only).
    listing: String,
    test_language: Option<String>,
    main_score: i32,
    main_max: i32,
    state_lang_level: Option<String>,
    gold_certificate: bool,
    subjects: Vec<OrtSubjectScore>,
}

impl From<facts::ort_results::OrtResultRow> for OrtResult {
    fn from(r: facts::ort_results::OrtResultRow) -> Self {
        let m = r.result;
        OrtResult {
            academic_year: m.academic_year,
            session: Label::of(Vocabulary::OrtSession, &m.session),
            student_ref: m.student_ref,
            listing: m.listing,
            test_language: m.test_language,
            main_score: m.main_score,
            main_max: m.main_max,
            state_lang_level: m.state_lang_level,
            gold_certificate: m.gold_certificate,
            subjects: r
                .subjects
                .into_iter()
                .map(|(s, subject)| OrtSubjectScore {
                    subject: Subject(subject),
                    score: s.score,
                    max_score: s.max_score,
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct OlympiadResult {
    academic_year: i32,
    subject: Subject,
    /// republican, national or other.
    olympiad_kind: String,
    level: Label,
    student_ref: String,
    grade: Option<i32>,
    place: Option<i32>,
    award: Label,
    advanced_to_next: bool,
}

impl From<facts::olympiad_results::OlympiadRow> for OlympiadResult {
    fn from(r: facts::olympiad_results::OlympiadRow) -> Self {
        OlympiadResult {
            academic_year: r.olympiad.academic_year,
            subject: Subject(r.subject),
            olympiad_kind: r.olympiad.kind,
            level: Label::of(Vocabulary::Level, &r.olympiad.level),
            student_ref: r.result.student_ref,
            grade: r.result.grade,
            place: r.result.place,
            award: Label::of(Vocabulary::Award, &r.result.award),
            advanced_to_next: r.result.advanced_to_next,
        }
    }
}

/// Prizes a school reported for a level: null = not reported, 0 = none.
#[derive(SimpleObject)]
pub struct OlympiadCount {
    academic_year: i32,
    level: Label,
    prize_count: Option<i32>,
    participant_count: Option<i32>,
    note: Option<String>,
}

impl From<e::olympiad_count_report::Model> for OlympiadCount {
    fn from(m: e::olympiad_count_report::Model) -> Self {
        OlympiadCount {
            academic_year: m.academic_year,
            level: Label::of(Vocabulary::Level, &m.level),
            prize_count: m.prize_count,
            participant_count: m.participant_count,
            note: m.note,
        }
    }
}

pub struct ContestResult(e::contest_result::Model, e::contest::Model);

#[Object]
impl ContestResult {
    async fn academic_year(&self) -> i32 {
        self.1.academic_year
    }
    /// The contest's name (Russian/English fall back to Kyrgyz where not stored).
    async fn contest_name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        let c = &self.1;
        let ru = c.name_ru.as_deref().unwrap_or(&c.name_ky);
        pick(lang_of(ctx, lang), &c.name_ky, ru, c.name_en.as_deref())
    }
    async fn contest_name_ky(&self) -> &str {
        &self.1.name_ky
    }
    async fn contest_name_ru(&self) -> Option<&str> {
        self.1.name_ru.as_deref()
    }
    async fn contest_name_en(&self) -> Option<&str> {
        self.1.name_en.as_deref()
    }
    /// intellectual, creative, sport or other.
    async fn category(&self) -> &str {
        &self.1.category
    }
    async fn level(&self) -> Label {
        Label::of(Vocabulary::Level, &self.1.level)
    }
    /// A pseudonymous pupil or a team.
    async fn entry_ref(&self) -> &str {
        &self.0.entry_ref
    }
    async fn participants(&self) -> Option<i32> {
        self.0.participants
    }
    async fn place(&self) -> Option<i32> {
        self.0.place
    }
    async fn award(&self) -> Label {
        Label::of(Vocabulary::Award, &self.0.award)
    }
    async fn advanced_to_next(&self) -> bool {
        self.0.advanced_to_next
    }
}

pub async fn ort_summaries(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OrtSummary>> {
    list(facts::ort_summaries::read(db(ctx)?, school, year).await)
}

pub async fn ort_results(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OrtResult>> {
    list(facts::ort_results::read(db(ctx)?, school, year).await)
}

pub async fn olympiad_results(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OlympiadResult>> {
    list(facts::olympiad_results::read(db(ctx)?, school, year).await)
}

pub async fn olympiad_counts(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OlympiadCount>> {
    list(facts::olympiad_counts::read(db(ctx)?, school, year).await)
}

pub async fn contests(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<ContestResult>> {
    let rows = facts::contest_results::read(db(ctx)?, school, year).await?;
    Ok(rows.into_iter().map(|(r, c)| ContestResult(r, c)).collect())
}
