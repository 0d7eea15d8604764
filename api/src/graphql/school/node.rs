//! The `School` object: the directory record, the indicators and trends of the published
//! generation, and the profile sections (each behind the caller's grant for its tier: a
//! fact kind's section for the tier its kind declares).

use super::{Batch, District, caller, place_of};
use crate::graphql::common::{Label, Lang, lang_of, pick};
use crate::graphql::dashboard::{self, EntityIndicators, EntityTrends};
use crate::graphql::error::Result;
use crate::graphql::profile;
use async_graphql::{Context, ID, Object};
use domain::access::{Grant, Place, Tier};
use domain::facts::ImportKind;
use domain::labels::Vocabulary;
use domain::school::SchoolWithPlace;
use domain::trend::snapshot::EntityKind;
use std::sync::Arc;

pub struct School {
    pub(super) row: SchoolWithPlace,
    pub(super) batch: Option<Arc<Batch>>,
}

impl School {
    fn key(&self) -> i32 {
        self.row.school.id
    }

    fn place(&self) -> Place {
        place_of(&self.row)
    }

    /// The caller's grant to read this school's data of `tier` (FORBIDDEN outside scope),
    /// for the sections that are not fact kinds (accreditation, self-assessment).
    fn grant(&self, ctx: &Context<'_>, tier: Tier) -> Result<Grant> {
        Ok(domain::access::grant(caller(ctx), self.place(), tier)?)
    }

    /// The caller's grant to read this school's rows of `kind`, at the tier the kind
    /// declares (its read refuses a grant for less).
    fn grant_for(&self, ctx: &Context<'_>, kind: ImportKind) -> Result<Grant> {
        Ok(domain::access::grant_for(caller(ctx), self.place(), kind)?)
    }
}

/// The complexity of a profile section: it costs statements per school, so a large page of
/// schools cannot ask for it (use `school(id)`).
const SECTION: usize = 50;

#[Object(name = "School")]
impl School {
    async fn id(&self) -> ID {
        ID(self.row.school.id.to_string())
    }
    /// Indicator values per academic year from the published trend generation (all
    /// indicators with data when `codes` is omitted); served from memory.
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        codes: Option<Vec<String>>,
        from_year: Option<i32>,
        to_year: Option<i32>,
    ) -> Result<EntityIndicators> {
        dashboard::entity_indicators(
            ctx,
            EntityKind::School,
            self.key(),
            codes,
            from_year,
            to_year,
        )
        .await
    }
    /// Five-year trend statistics per indicator; served from memory.
    async fn trends(&self, ctx: &Context<'_>, codes: Option<Vec<String>>) -> Result<EntityTrends> {
        dashboard::entity_trends(ctx, EntityKind::School, self.key(), codes).await
    }
    /// Stable school code used to match imports.
    async fn code(&self) -> &str {
        &self.row.school.code
    }
    async fn number(&self) -> Option<i32> {
        self.row.school.number
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        let s = &self.row.school;
        pick(
            lang_of(ctx, lang),
            &s.name_ky,
            &s.name_ru,
            s.name_en.as_deref(),
        )
    }
    async fn name_ky(&self) -> &str {
        &self.row.school.name_ky
    }
    async fn name_ru(&self) -> &str {
        &self.row.school.name_ru
    }
    async fn name_en(&self) -> Option<&str> {
        self.row.school.name_en.as_deref()
    }
    async fn settlement(&self) -> Option<&str> {
        self.row.school.settlement.as_deref()
    }
    async fn address(&self) -> Option<&str> {
        self.row.school.address.as_deref()
    }
    /// state, municipal or private.
    async fn ownership(&self) -> &str {
        &self.row.school.ownership
    }
    async fn ownership_label(&self) -> Label {
        Label::of(Vocabulary::Ownership, &self.row.school.ownership)
    }
    /// general, gymnasium, lyceum, specialised, correspondence or complex.
    async fn school_type(&self) -> &str {
        &self.row.school.school_type
    }
    async fn school_type_label(&self) -> Label {
        Label::of(Vocabulary::SchoolType, &self.row.school.school_type)
    }
    async fn founded_year(&self) -> Option<i32> {
        self.row.school.founded_year
    }
    /// Seats the building was designed for.
    async fn design_capacity(&self) -> Option<i32> {
        self.row.school.design_capacity
    }
    async fn phone(&self) -> Option<&str> {
        self.row.school.phone.as_deref()
    }
    async fn email(&self) -> Option<&str> {
        self.row.school.email.as_deref()
    }
    async fn website(&self) -> Option<&str> {
        self.row.school.website.as_deref()
    }
    async fn license_no(&self) -> Option<&str> {
        self.row.school.license_no.as_deref()
    }
    async fn registration_no(&self) -> Option<&str> {
        self.row.school.registration_no.as_deref()
    }
    async fn district(&self) -> District {
        District {
            district: self.row.district.clone(),
            region: Some(Arc::new(self.row.region.clone())),
        }
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
    async fn latest_enrolment(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<profile::EnrolmentSnapshot>> {
        let grant = self.grant_for(ctx, ImportKind::EnrolmentSnapshots)?;
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
    async fn latest_staff(&self, ctx: &Context<'_>) -> Result<Option<profile::StaffSnapshot>> {
        let grant = self.grant_for(ctx, ImportKind::StaffSnapshots)?;
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
    async fn latest_infrastructure(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<profile::InfrastructureSnapshot>> {
        let grant = self.grant_for(ctx, ImportKind::InfrastructureSnapshots)?;
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
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn enrolment(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::EnrolmentSnapshot>> {
        profile::enrolment(
            ctx,
            &self.grant_for(ctx, ImportKind::EnrolmentSnapshots)?,
            year,
        )
        .await
    }
    /// Infrastructure snapshots, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn infrastructure(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::InfrastructureSnapshot>> {
        profile::infrastructure(
            ctx,
            &self.grant_for(ctx, ImportKind::InfrastructureSnapshots)?,
            year,
        )
        .await
    }
    /// Staff snapshots, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn staff(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::StaffSnapshot>> {
        profile::staff(ctx, &self.grant_for(ctx, ImportKind::StaffSnapshots)?, year).await
    }
    /// Textbook provision by grade band, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn textbooks(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::TextbookProvision>> {
        profile::textbooks(
            ctx,
            &self.grant_for(ctx, ImportKind::TextbookProvision)?,
            year,
        )
        .await
    }
    /// Mark summaries (class × subject × period × assessment kind) with derived values.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn mark_summaries(
        &self,
        ctx: &Context<'_>,
        filter: Option<profile::MarkFilterInput>,
    ) -> Result<Vec<profile::MarkSummary>> {
        profile::mark_summaries(
            ctx,
            &self.grant_for(ctx, ImportKind::MarkSummaries)?,
            filter,
        )
        .await
    }
    /// The mark summaries matching `filter`, summed (counts first, then the formulas).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn mark_totals(
        &self,
        ctx: &Context<'_>,
        filter: Option<profile::MarkFilterInput>,
    ) -> Result<profile::MarkTotals> {
        profile::mark_totals(
            ctx,
            &self.grant_for(ctx, ImportKind::MarkSummaries)?,
            filter,
        )
        .await
    }
    /// Percentages the school reported without counts (e.g. yearly knowledge quality).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn reported_indicators(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::ReportedIndicator>> {
        profile::reported_indicators(
            ctx,
            &self.grant_for(ctx, ImportKind::ReportedIndicators)?,
            year,
        )
        .await
    }
    /// Class outcomes over all subjects (pupils by their worst mark).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn class_outcomes(
        &self,
        ctx: &Context<'_>,
        filter: Option<profile::MarkFilterInput>,
    ) -> Result<Vec<profile::ClassOutcome>> {
        profile::class_outcomes(
            ctx,
            &self.grant_for(ctx, ImportKind::ClassOutcomes)?,
            filter,
        )
        .await
    }
    /// ORT summaries of the school's cohort, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn ort_summaries(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OrtSummary>> {
        profile::ort_summaries(ctx, &self.grant_for(ctx, ImportKind::OrtSummaries)?, year).await
    }
    /// Pseudonymous ORT results, newest year first, best score first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn ort_results(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OrtResult>> {
        profile::ort_results(ctx, &self.grant_for(ctx, ImportKind::OrtResults)?, year).await
    }
    /// Olympiad results of pseudonymous pupils, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn olympiad_results(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OlympiadResult>> {
        profile::olympiad_results(
            ctx,
            &self.grant_for(ctx, ImportKind::OlympiadResults)?,
            year,
        )
        .await
    }
    /// Olympiad prize counts the school reported per level (null = not reported).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn olympiad_counts(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OlympiadCount>> {
        profile::olympiad_counts(ctx, &self.grant_for(ctx, ImportKind::OlympiadCounts)?, year).await
    }
    /// Results in non-olympiad contests, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn contests(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::ContestResult>> {
        profile::contests(ctx, &self.grant_for(ctx, ImportKind::ContestResults)?, year).await
    }
    /// Teachers by pseudonymous reference (names are not served), with awards and trainings.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn teachers(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] current_only: bool,
    ) -> Result<Vec<profile::Teacher>> {
        profile::teachers(
            ctx,
            &self.grant_for(ctx, ImportKind::Teachers)?,
            current_only,
        )
        .await
    }
    /// Training programmes the school's teachers attended, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn trainings(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::Training>> {
        profile::trainings(ctx, &self.grant_for(ctx, ImportKind::Training)?, year).await
    }
    /// Accreditation decisions, newest first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn accreditations(&self, ctx: &Context<'_>) -> Result<Vec<profile::Accreditation>> {
        profile::accreditations(ctx, &self.grant(ctx, Tier::Reported)?).await
    }
    /// Self-assessment reports with criteria, strengths and weaknesses, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn self_assessments(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::SelfAssessment>> {
        profile::self_assessments(ctx, &self.grant(ctx, Tier::People)?, year).await
    }
}
