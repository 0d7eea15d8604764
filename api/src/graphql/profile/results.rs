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

/// A school's ORT (national scholarship test) statistics for one year, session and test language;
/// readable by the reported tier (an admin, or a region, district or school token within its
/// scope).
#[derive(SimpleObject)]
pub struct OrtSummary {
    /// The academic year by its start year: the 2021 session is that of 2021-2022 graduates.
    academic_year: i32,
    /// The ORT session: summer (the main one) or winter.
    session: Label,
    /// all (the whole cohort), ky, ru or uz.
    test_language: String,
    /// Graduates who sat the test (a count).
    participants: i32,
    /// The mean main score, in ORT points; null = not reported.
    mean_score: Option<f64>,
    /// The median main score, in ORT points; null = not reported.
    median_score: Option<f64>,
    /// The highest main score, in ORT points; null = not reported.
    max_score: Option<i32>,
    /// The lowest main score, in ORT points; null = not reported.
    min_score: Option<i32>,
    /// The highest possible main score of that year's test (the configured `ort.main_max`, e.g.
    /// 245).
    main_max: i32,
    /// The pass threshold in ORT points (e.g. 110); null = not reported.
    threshold: Option<i32>,
    /// Participants scoring at or above the threshold; null = not reported.
    n_ge_threshold: Option<i32>,
    /// nGeThreshold / participants × 100; null without a count or participants.
    pass_pct: Option<f64>,
    /// Participants holding the gold certificate; null = not reported.
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

/// A graduate's score on one ORT subject test.
#[derive(SimpleObject)]
pub struct OrtSubjectScore {
    /// The subject test.
    subject: Subject,
    /// The score on it, in ORT points.
    score: i32,
    /// The highest possible score on it; null = not known.
    max_score: Option<i32>,
}

/// One pseudonymous ORT taker.
#[derive(SimpleObject)]
pub struct OrtResult {
    /// The academic year by its start year: the 2021 session is that of 2021-2022 graduates.
    academic_year: i32,
    /// The ORT session: summer (the main one) or winter.
    session: Label,
    /// The school's pseudonymous reference; never a name.
    student_ref: String,
    /// cohort (the whole class sent) or top_scorers (a list of the best only).
    listing: String,
    /// ky, ru or uz: the language the test was taken in; null = not reported.
    test_language: Option<String>,
    /// The main test score, in ORT points.
    main_score: i32,
    /// The highest possible main score of that year's test.
    main_max: i32,
    /// The state-language (Kyrgyz) proficiency level reached; null = not taken or not reported.
    state_lang_level: Option<String>,
    /// Whether the graduate holds the gold certificate.
    gold_certificate: bool,
    /// Scores on the subject tests the graduate took.
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

/// A pupil's result at one subject olympiad stage; person-level: readable by an admin or the
/// school's own token only.
#[derive(SimpleObject)]
pub struct OlympiadResult {
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// The olympiad's subject.
    subject: Subject,
    /// republican, national or other.
    olympiad_kind: String,
    /// The stage: school, zonal, district, city, oblast, republic or international.
    level: Label,
    /// The school's pseudonymous reference for the pupil; never a name.
    student_ref: String,
    /// The pupil's grade; null = not reported.
    grade: Option<i32>,
    /// 1, 2 or 3; null = no place.
    place: Option<i32>,
    /// The award: a diploma of the 1st-3rd degree, a certificate, or participant.
    award: Label,
    /// Whether the pupil was sent on to the next stage.
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
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// The stage the counts are for (school … international).
    level: Label,
    /// Prizes won at that stage; null = not reported, 0 = none.
    prize_count: Option<i32>,
    /// Pupils who took part at that stage; null = not reported.
    participant_count: Option<i32>,
    /// The school's remark, as written; null = none.
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

/// An entry (pupil or team, by pseudonymous reference) in a contest other than a subject olympiad;
/// person-level: readable by an admin or the school's own token only.
#[Object]
impl ContestResult {
    /// The academic year by its start year: 2021 means 2021-2022.
    async fn academic_year(&self) -> i32 {
        self.1.academic_year
    }
    /// The contest's name (Russian/English fall back to Kyrgyz where not stored).
    async fn contest_name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
        let c = &self.1;
        let ru = c.name_ru.as_deref().unwrap_or(&c.name_ky);
        pick(lang_of(ctx, lang), &c.name_ky, ru, c.name_en.as_deref())
    }
    /// The contest's name, in Kyrgyz.
    async fn contest_name_ky(&self) -> &str {
        &self.1.name_ky
    }
    /// The contest's name, in Russian; null = not stored.
    async fn contest_name_ru(&self) -> Option<&str> {
        self.1.name_ru.as_deref()
    }
    /// The contest's name, in English; null = not stored.
    async fn contest_name_en(&self) -> Option<&str> {
        self.1.name_en.as_deref()
    }
    /// intellectual, creative, sport or other.
    async fn category(&self) -> &str {
        &self.1.category
    }
    /// The stage: school, zonal, district, city, oblast, republic or international.
    async fn level(&self) -> Label {
        Label::of(Vocabulary::Level, &self.1.level)
    }
    /// A pseudonymous pupil or a team.
    async fn entry_ref(&self) -> &str {
        &self.0.entry_ref
    }
    /// Pupils in the entry (1 for a single pupil, more for a team); null = not reported.
    async fn participants(&self) -> Option<i32> {
        self.0.participants
    }
    /// 1, 2 or 3; null = no place.
    async fn place(&self) -> Option<i32> {
        self.0.place
    }
    /// The award: a diploma of the 1st-3rd degree, a certificate, or participant.
    async fn award(&self) -> Label {
        Label::of(Vocabulary::Award, &self.0.award)
    }
    /// Whether the entry was sent on to the next stage.
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
