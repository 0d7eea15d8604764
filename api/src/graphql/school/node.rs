//! The `School` object: the directory record, the indicators and trends of the published
//! generation, and the profile sections (each behind the caller's grant for its tier: a
//! fact kind's section for the tier its kind declares).

use super::{Batch, District, caller, place_of};
use crate::graphql::common::{Label, Lang, lang_of, pick};
use crate::graphql::dashboard::{self, EntityIndicators, EntityTrends};
use crate::graphql::error::Result;
use crate::graphql::profile;
use async_graphql::{Context, ID, Object};
use domain::access::{Grant, Tier};
use domain::facts::ImportKind;
use domain::labels::Vocabulary;
use domain::school::SchoolWithPlace;
use domain::trend::snapshot::DimArgs;
use domain::trend::snapshot::EntityKind;
use std::sync::Arc;

pub struct School {
    id: i32,
    /// The directory record: given by a listing, else read when a field first needs it
    /// (`school(id:)` answers its indicators and trends from the snapshot alone).
    row: tokio::sync::OnceCell<SchoolWithPlace>,
    batch: Option<Arc<Batch>>,
}

impl School {
    /// A school with its directory record (and a page's prefetched lists).
    pub(super) fn with_row(row: SchoolWithPlace, batch: Option<Arc<Batch>>) -> School {
        School {
            id: row.school.id,
            row: tokio::sync::OnceCell::new_with(Some(row)),
            batch,
        }
    }

    /// A school of the published snapshot, whose record is read when a field first needs it.
    pub(super) fn published(id: i32) -> School {
        School {
            id,
            row: tokio::sync::OnceCell::new(),
            batch: None,
        }
    }

    async fn row(&self, ctx: &Context<'_>) -> Result<&SchoolWithPlace> {
        self.row
            .get_or_try_init(|| async {
                let db = crate::graphql::common::db(ctx)?;
                let row = domain::query::schools::by_id(db, self.id).await?;
                // Gone since the snapshot was published (schools are not deleted today).
                let row = row.ok_or_else(|| domain::Error::NotFound {
                    what: "school",
                    key: self.id.to_string(),
                })?;
                Result::Ok(row)
            })
            .await
    }

    fn key(&self) -> i32 {
        self.id
    }

    /// The caller's grant to read this school's data of `tier` (FORBIDDEN outside scope),
    /// for the sections that are not fact kinds (accreditation, self-assessment). Scope is
    /// decided on the school's record, never on the snapshot's copy of its place.
    async fn grant(&self, ctx: &Context<'_>, tier: Tier) -> Result<Grant> {
        let place = place_of(self.row(ctx).await?);
        Ok(domain::access::grant(caller(ctx), place, tier)?)
    }

    /// The caller's grant to read this school's rows of `kind`, at the tier the kind
    /// declares (its read refuses a grant for less).
    async fn grant_for(&self, ctx: &Context<'_>, kind: ImportKind) -> Result<Grant> {
        let place = place_of(self.row(ctx).await?);
        Ok(domain::access::grant_for(caller(ctx), place, kind)?)
    }
}

/// The complexity of a profile section: it costs statements per school, so a large page of
/// schools cannot ask for it (use `school(id)`).
pub(super) const SECTION: usize = 50;

/// A school: its directory entry (public: anyone may read it) and its profile sections. Sections of
/// reported facts need the reported tier (an admin, or a region, district or school token whose
/// scope holds the school); sections about single pupils or teachers (ortResults, olympiadResults,
/// contests, teachers) need the people tier (an admin or the school's own token). Outside its tier
/// a section answers FORBIDDEN.
#[Object(name = "School")]
impl School {
    /// The school's id in this API (for `school(id:)`, filters and comparisons).
    async fn id(&self) -> ID {
        ID(self.key().to_string())
    }
    /// Indicator values per academic year from the published trend generation (all
    /// indicators with data when `codes` is omitted); served from memory.
    #[graphql(
        complexity = "crate::graphql::dashboard::series_cost(codes.as_deref(), child_complexity)"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Indicator codes (see `indicatorCatalog`); omitted: every indicator with data."
        )]
        codes: Option<Vec<String>>,
        #[graphql(
            desc = "A reference subject's code (see `subjects`, e.g. `mathematics`): the indicator's figure for that subject; omitted: over every subject. Only for indicators with a subject breakdown (`indicatorCatalog.dimensions`)."
        )]
        subject: Option<String>,
        #[graphql(
            desc = "A grade band, `4-6`, `7-9` or `10-11`: the indicator's figure over those grades, for the whole year and every subject; omitted: every marked grade."
        )]
        grade_band: Option<String>,
        #[graphql(
            desc = "A quarter or half-year, `q1`…`q4`, `h1`, `h2` (the latest academic year only; earlier years have annual figures); omitted: the whole year."
        )]
        period: Option<String>,
        #[graphql(
            desc = "First academic year, by its start year (2017 = 2017-2018); omitted: from the first year with data."
        )]
        from_year: Option<i32>,
        #[graphql(
            desc = "Last academic year, by its start year; omitted: to the last year with data."
        )]
        to_year: Option<i32>,
    ) -> Result<EntityIndicators> {
        dashboard::entity_indicators(
            ctx,
            EntityKind::School,
            self.key(),
            codes,
            DimArgs {
                subject: subject.as_deref(),
                grade_band: grade_band.as_deref(),
                period: period.as_deref(),
            },
            from_year,
            to_year,
        )
        .await
    }
    /// Five-year trend statistics per indicator; served from memory.
    #[graphql(
        complexity = "crate::graphql::dashboard::series_cost(codes.as_deref(), child_complexity)"
    )]
    async fn trends(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Indicator codes (see `indicatorCatalog`); omitted: every indicator with data."
        )]
        codes: Option<Vec<String>>,
        #[graphql(
            desc = "A reference subject's code (see `subjects`, e.g. `mathematics`): the indicator's figure for that subject; omitted: over every subject. Only for indicators with a subject breakdown (`indicatorCatalog.dimensions`)."
        )]
        subject: Option<String>,
        #[graphql(
            desc = "A grade band, `4-6`, `7-9` or `10-11`: the indicator's figure over those grades, for the whole year and every subject; omitted: every marked grade."
        )]
        grade_band: Option<String>,
        #[graphql(
            desc = "A quarter or half-year, `q1`…`q4`, `h1`, `h2` (the latest academic year only; earlier years have annual figures); omitted: the whole year."
        )]
        period: Option<String>,
    ) -> Result<EntityTrends> {
        let dims = DimArgs {
            subject: subject.as_deref(),
            grade_band: grade_band.as_deref(),
            period: period.as_deref(),
        };
        dashboard::entity_trends(ctx, EntityKind::School, self.key(), codes, dims).await
    }
    /// Stable school code used to match imports.
    async fn code(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.row(ctx).await?.school.code)
    }
    /// The school's number (№45); null = the school has none.
    async fn number(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(self.row(ctx).await?.school.number)
    }
    /// The school's name in `lang` (English falls back to Russian where none is stored).
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> Result<String> {
        let s = &self.row(ctx).await?.school;
        Ok(pick(
            lang_of(ctx, lang),
            &s.name_ky,
            &s.name_ru,
            s.name_en.as_deref(),
        ))
    }
    /// The school's name in Kyrgyz.
    async fn name_ky(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.row(ctx).await?.school.name_ky)
    }
    /// The school's name in Russian.
    async fn name_ru(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.row(ctx).await?.school.name_ru)
    }
    /// The school's name in English; null = none stored.
    async fn name_en(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.name_en.as_deref())
    }
    /// The village or town; null = not recorded.
    async fn settlement(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.settlement.as_deref())
    }
    /// The street address; null = not recorded.
    async fn address(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.address.as_deref())
    }
    /// state, municipal or private.
    async fn ownership(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.row(ctx).await?.school.ownership)
    }
    /// The ownership, named in Kyrgyz, Russian and English.
    async fn ownership_label(&self, ctx: &Context<'_>) -> Result<Label> {
        Ok(Label::of(
            Vocabulary::Ownership,
            &self.row(ctx).await?.school.ownership,
        ))
    }
    /// general, gymnasium, lyceum, specialised, correspondence or complex.
    async fn school_type(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&self.row(ctx).await?.school.school_type)
    }
    /// The school type, named in Kyrgyz, Russian and English.
    async fn school_type_label(&self, ctx: &Context<'_>) -> Result<Label> {
        Ok(Label::of(
            Vocabulary::SchoolType,
            &self.row(ctx).await?.school.school_type,
        ))
    }
    /// The calendar year the school was founded; null = not recorded.
    async fn founded_year(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(self.row(ctx).await?.school.founded_year)
    }
    /// Seats the building was designed for.
    async fn design_capacity(&self, ctx: &Context<'_>) -> Result<Option<i32>> {
        Ok(self.row(ctx).await?.school.design_capacity)
    }
    /// The school's phone number; null = not recorded.
    async fn phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.phone.as_deref())
    }
    /// The school's e-mail address; null = not recorded.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.email.as_deref())
    }
    /// The school's website; null = not recorded.
    async fn website(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.website.as_deref())
    }
    /// The number of the school's education licence; null = not recorded.
    async fn license_no(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.license_no.as_deref())
    }
    /// The school's state registration number; null = not recorded.
    async fn registration_no(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(self.row(ctx).await?.school.registration_no.as_deref())
    }
    /// The district (rayon) the school belongs to.
    async fn district(&self, ctx: &Context<'_>) -> Result<District> {
        let row = self.row(ctx).await?;
        Ok(District {
            district: row.district.clone(),
            region: Some(Arc::new(row.region.clone())),
        })
    }
    /// Languages of instruction.
    async fn languages(&self, ctx: &Context<'_>) -> Result<Vec<Label>> {
        let codes = match self.batch.as_ref().and_then(|b| b.languages.as_ref()) {
            Some(map) => map.get(&self.key()).cloned().unwrap_or_default(),
            None => {
                let db = crate::graphql::common::db(ctx)?;
                domain::query::schools::languages(db, &[self.key()])
                    .await?
                    .remove(&self.key())
                    .unwrap_or_default()
            }
        };
        Ok(codes
            .iter()
            .map(|c| Label::of(Vocabulary::Language, c))
            .collect())
    }
    /// The enrolment snapshot of the latest year the school reported.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    async fn latest_enrolment(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<profile::EnrolmentSnapshot>> {
        let grant = self.grant_for(ctx, ImportKind::EnrolmentSnapshots).await?;
        let m = match self.batch.as_ref().and_then(|b| b.enrolment.as_ref()) {
            Some(map) => map.get(&self.key()).cloned(),
            None => {
                let db = crate::graphql::common::db(ctx)?;
                domain::query::schools::latest_enrolment(db, &[grant])
                    .await?
                    .remove(&self.key())
            }
        };
        Ok(m.map(|snapshot| {
            profile::EnrolmentSnapshot::from(domain::facts::enrolment::Enrolment {
                snapshot,
                grades: Vec::new(),
            })
        }))
    }
    /// The staff snapshot of the latest year the school reported.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    async fn latest_staff(&self, ctx: &Context<'_>) -> Result<Option<profile::StaffSnapshot>> {
        let grant = self.grant_for(ctx, ImportKind::StaffSnapshots).await?;
        let m = match self.batch.as_ref().and_then(|b| b.staff.as_ref()) {
            Some(map) => map.get(&self.key()).cloned(),
            None => {
                let db = crate::graphql::common::db(ctx)?;
                domain::query::schools::latest_staff(db, &[grant])
                    .await?
                    .remove(&self.key())
            }
        };
        Ok(m.map(Into::into))
    }
    /// The infrastructure snapshot of the latest year the school reported.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    async fn latest_infrastructure(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<profile::InfrastructureSnapshot>> {
        let grant = self
            .grant_for(ctx, ImportKind::InfrastructureSnapshots)
            .await?;
        let m = match self.batch.as_ref().and_then(|b| b.infrastructure.as_ref()) {
            Some(map) => map.get(&self.key()).cloned(),
            None => {
                let db = crate::graphql::common::db(ctx)?;
                domain::query::schools::latest_infrastructure(db, &[grant])
                    .await?
                    .remove(&self.key())
            }
        };
        Ok(m.map(Into::into))
    }

    /// Enrolment snapshots with pupils per grade, newest year first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn enrolment(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::EnrolmentSnapshot>> {
        profile::enrolment(
            ctx,
            &self.grant_for(ctx, ImportKind::EnrolmentSnapshots).await?,
            year,
        )
        .await
    }
    /// Infrastructure snapshots, newest year first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn infrastructure(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::InfrastructureSnapshot>> {
        profile::infrastructure(
            ctx,
            &self
                .grant_for(ctx, ImportKind::InfrastructureSnapshots)
                .await?,
            year,
        )
        .await
    }
    /// Staff snapshots, newest year first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn staff(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::StaffSnapshot>> {
        profile::staff(
            ctx,
            &self.grant_for(ctx, ImportKind::StaffSnapshots).await?,
            year,
        )
        .await
    }
    /// Textbook provision by grade band, newest year first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn textbooks(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::TextbookProvision>> {
        profile::textbooks(
            ctx,
            &self.grant_for(ctx, ImportKind::TextbookProvision).await?,
            year,
        )
        .await
    }
    /// Mark summaries (class × subject × period × assessment kind) with derived values.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn mark_summaries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which rows; omitted: every row.")] filter: Option<
            profile::MarkFilterInput,
        >,
    ) -> Result<Vec<profile::MarkSummary>> {
        profile::mark_summaries(
            ctx,
            &self.grant_for(ctx, ImportKind::MarkSummaries).await?,
            filter,
        )
        .await
    }
    /// The mark summaries matching `filter`, summed (counts first, then the formulas).
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn mark_totals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which rows to sum; omitted: every row.")] filter: Option<
            profile::MarkFilterInput,
        >,
    ) -> Result<profile::MarkTotals> {
        profile::mark_totals(
            ctx,
            &self.grant_for(ctx, ImportKind::MarkSummaries).await?,
            filter,
        )
        .await
    }
    /// Percentages the school reported without counts (e.g. yearly knowledge quality).
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn reported_indicators(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::ReportedIndicator>> {
        profile::reported_indicators(
            ctx,
            &self.grant_for(ctx, ImportKind::ReportedIndicators).await?,
            year,
        )
        .await
    }
    /// Class outcomes over all subjects (pupils by their worst mark).
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn class_outcomes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which rows; omitted: every row.")] filter: Option<
            profile::MarkFilterInput,
        >,
    ) -> Result<Vec<profile::ClassOutcome>> {
        profile::class_outcomes(
            ctx,
            &self.grant_for(ctx, ImportKind::ClassOutcomes).await?,
            filter,
        )
        .await
    }
    /// ORT summaries of the school's cohort, newest year first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn ort_summaries(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::OrtSummary>> {
        profile::ort_summaries(
            ctx,
            &self.grant_for(ctx, ImportKind::OrtSummaries).await?,
            year,
        )
        .await
    }
    /// Pseudonymous ORT results, newest year first, best score first.
    /// Needs the people tier (an admin or the school's own token).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn ort_results(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::OrtResult>> {
        profile::ort_results(
            ctx,
            &self.grant_for(ctx, ImportKind::OrtResults).await?,
            year,
        )
        .await
    }
    /// Olympiad results of pseudonymous pupils, newest year first.
    /// Needs the people tier (an admin or the school's own token).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn olympiad_results(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::OlympiadResult>> {
        profile::olympiad_results(
            ctx,
            &self.grant_for(ctx, ImportKind::OlympiadResults).await?,
            year,
        )
        .await
    }
    /// Olympiad prize counts the school reported per level (null = not reported).
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn olympiad_counts(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::OlympiadCount>> {
        profile::olympiad_counts(
            ctx,
            &self.grant_for(ctx, ImportKind::OlympiadCounts).await?,
            year,
        )
        .await
    }
    /// Results in non-olympiad contests, newest year first.
    /// Needs the people tier (an admin or the school's own token).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn contests(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::ContestResult>> {
        profile::contests(
            ctx,
            &self.grant_for(ctx, ImportKind::ContestResults).await?,
            year,
        )
        .await
    }
    /// Teachers by pseudonymous reference (names are not served), with awards and trainings.
    /// Needs the people tier (an admin or the school's own token).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn teachers(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default = true,
            desc = "Only teachers still at the school (no leaving year); default true."
        )]
        current_only: bool,
    ) -> Result<Vec<profile::Teacher>> {
        profile::teachers(
            ctx,
            &self.grant_for(ctx, ImportKind::Teachers).await?,
            current_only,
        )
        .await
    }
    /// Training programmes the school's teachers attended, newest year first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn trainings(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::Training>> {
        profile::trainings(ctx, &self.grant_for(ctx, ImportKind::Training).await?, year).await
    }
    /// The half-year administrative control of an academic year (seed 002): each class ×
    /// subject tested in H1 and H2 with its change, teacher, methodological association and
    /// recommendations, and the roll-ups per subject, teacher and association.
    /// Needs the reported tier (an admin, or a token whose scope holds the school); teachers
    /// are shown to the people tier only (an admin or the school's own token).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn admin_control(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The academic year, by its start year (2021 = 2021-2022).")] year: i32,
    ) -> Result<profile::AdminControl> {
        // The register's grant: the people tier where the caller has it (teachers shown),
        // else the reported tier the kind needs (teachers left out).
        let grant = self.grant_for(ctx, ImportKind::Teachers).await?;
        profile::admin_control(ctx, &grant, year).await
    }

    /// Download links of the school's reports for one academic year: the annual quality
    /// report (`school`) and the accreditation self-assessment annex (`accreditation`), as PDF
    /// and XLSX, in Kyrgyz and Russian. Fetch them with GET and the same bearer token (see
    /// docs/API.md, "Reports"); every download is audited.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    async fn reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The academic year by its start year (2021 = 2021-2022).")] year: i32,
    ) -> Result<Vec<ReportLink>> {
        self.grant(ctx, Tier::Reported).await?;
        Ok(report::links(&self.row(ctx).await?.school.code, year)
            .into_iter()
            .map(|(kind, format, lang, url)| ReportLink {
                kind: kind.code().into(),
                format: format.code().into(),
                lang: lang.code().into(),
                url,
            })
            .collect())
    }
    /// Accreditation decisions, newest first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn accreditations(&self, ctx: &Context<'_>) -> Result<Vec<profile::Accreditation>> {
        profile::accreditations(ctx, &self.grant(ctx, Tier::Reported).await?).await
    }
    /// Self-assessment reports with criteria, strengths and weaknesses, newest year first.
    /// Needs the reported tier (an admin, or a token whose scope holds the school).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn self_assessments(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only this academic year, by its start year (2021 = 2021-2022); omitted: every year."
        )]
        year: Option<i32>,
    ) -> Result<Vec<profile::SelfAssessment>> {
        profile::self_assessments(ctx, &self.grant(ctx, Tier::People).await?, year).await
    }
}

/// A report file of a school (`School.reports`) or a district (`District.reports`).
#[derive(async_graphql::SimpleObject)]
pub struct ReportLink {
    /// `school` (the annual quality report), `accreditation` (the self-assessment annex) or
    /// `district` (the district comparison report).
    pub kind: String,
    /// `pdf` or `xlsx`.
    pub format: String,
    /// `ky` or `ru`.
    pub lang: String,
    /// The path to GET with the bearer token, e.g. `/reports/school/KG-O-UZG-045/2021.pdf?lang=ky`
    /// or `/reports/district/KG-O-UZG/2021.pdf?lang=ky`.
    pub url: String,
}
