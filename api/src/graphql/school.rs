//! Regions, districts and schools: the listing (filters, order, Relay-style pages) and the
//! school profile. Nested lists of a page are prefetched with one query per level when the
//! selection asks for them (see `Batch`), so a page costs a fixed number of statements.

use super::common::{Label, Lang, lang_of, pick};
use super::dashboard::{self, EntityIndicators, EntityTrends};
use super::error::{Result, invalid};
use super::profile;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use domain::Db;
use domain::access::{Grant, Place, Tier};
use domain::auth::Caller;
use domain::entity::{district, region};
use domain::labels::Vocabulary;
use domain::query::schools::{SchoolFilter, SchoolOrder};
use domain::school::SchoolWithPlace;
use domain::trend::snapshot::EntityKind;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub struct SchoolQuery;

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    State,
    Municipal,
    Private,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SchoolType {
    General,
    Gymnasium,
    Lyceum,
    Specialised,
    Correspondence,
    Complex,
}

/// A language of instruction.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Ky,
    Ru,
    Uz,
    Tj,
    En,
}

fn ownership_code(o: Ownership) -> &'static str {
    match o {
        Ownership::State => "state",
        Ownership::Municipal => "municipal",
        Ownership::Private => "private",
    }
}

fn school_type_code(t: SchoolType) -> &'static str {
    match t {
        SchoolType::General => "general",
        SchoolType::Gymnasium => "gymnasium",
        SchoolType::Lyceum => "lyceum",
        SchoolType::Specialised => "specialised",
        SchoolType::Correspondence => "correspondence",
        SchoolType::Complex => "complex",
    }
}

fn language_code(l: Language) -> &'static str {
    match l {
        Language::Ky => "ky",
        Language::Ru => "ru",
        Language::Uz => "uz",
        Language::Tj => "tj",
        Language::En => "en",
    }
}

/// Which schools to list; every given condition must hold, a list matches any of its values.
#[derive(InputObject, Default)]
pub struct SchoolFilterInput {
    region_id: Option<ID>,
    district_id: Option<ID>,
    school_type: Option<Vec<SchoolType>>,
    ownership: Option<Vec<Ownership>>,
    /// Schools teaching in any of these languages.
    language: Option<Vec<Language>>,
    /// Part of the Kyrgyz, Russian or English name; case, ё/е and spacing do not matter.
    name: Option<String>,
}

/// The order of a school listing; ties go by id, so pages never skip or repeat a school.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchoolOrderBy {
    #[default]
    Id,
    Code,
    NameKy,
    NameRu,
}

pub(crate) fn parse_id(field: &str, id: &ID) -> Result<i32> {
    id.parse::<i32>().map_err(|_| {
        invalid(
            field,
            format!("`{}` is not an id returned by this API", id.as_str()),
        )
    })
}

impl SchoolFilterInput {
    fn into_domain(self) -> Result<SchoolFilter> {
        Ok(SchoolFilter {
            region_id: self
                .region_id
                .map(|id| parse_id("filter.regionId", &id))
                .transpose()?,
            district_id: self
                .district_id
                .map(|id| parse_id("filter.districtId", &id))
                .transpose()?,
            school_types: self
                .school_type
                .unwrap_or_default()
                .into_iter()
                .map(|t| school_type_code(t).to_owned())
                .collect(),
            ownerships: self
                .ownership
                .unwrap_or_default()
                .into_iter()
                .map(|o| ownership_code(o).to_owned())
                .collect(),
            languages: self
                .language
                .unwrap_or_default()
                .into_iter()
                .map(|l| language_code(l).to_owned())
                .collect(),
            name: self.name,
        })
    }
}

#[Object]
impl SchoolQuery {
    /// The 7 oblasts and 2 cities of republican significance, by code.
    async fn regions(&self, ctx: &Context<'_>) -> Result<Vec<Region>> {
        let db = super::common::db(ctx)?;
        let regions = domain::query::place::regions(db).await?;
        // One statement for the districts of every region, when they are asked for.
        let mut districts: Option<HashMap<i32, Vec<district::Model>>> = None;
        if ctx.look_ahead().field("districts").exists() {
            let mut map: HashMap<i32, Vec<district::Model>> = HashMap::new();
            for d in domain::query::place::districts(db, None).await? {
                map.entry(d.region_id).or_default().push(d);
            }
            districts = Some(map);
        }
        Ok(regions
            .into_iter()
            .map(|r| {
                let ds = districts
                    .as_mut()
                    .map(|m| m.remove(&r.id).unwrap_or_default());
                Region {
                    districts: ds,
                    region: Arc::new(r),
                }
            })
            .collect())
    }

    /// Districts (rayons, city districts, cities) of one region, or of all, by code.
    async fn districts(&self, ctx: &Context<'_>, region_id: Option<ID>) -> Result<Vec<District>> {
        let db = super::common::db(ctx)?;
        let region_id = region_id.map(|id| parse_id("regionId", &id)).transpose()?;
        let districts = domain::query::place::districts(db, region_id).await?;
        let ids: Vec<i32> = districts.iter().map(|d| d.region_id).collect();
        let regions: HashMap<i32, Arc<region::Model>> =
            domain::query::place::regions_by_id(db, ids)
                .await?
                .into_iter()
                .map(|r| (r.id, Arc::new(r)))
                .collect();
        Ok(districts
            .into_iter()
            .map(|d| District {
                region: regions.get(&d.region_id).cloned(),
                district: d,
            })
            .collect())
    }

    /// Schools matching `filter` in a stable order, `first` at most 200, continuing `after` a
    /// cursor of the same filter and order.
    #[graphql(complexity = "(first.max(0) as usize).saturating_mul(child_complexity)")]
    async fn schools(
        &self,
        ctx: &Context<'_>,
        filter: Option<SchoolFilterInput>,
        #[graphql(default = 50)] first: i32,
        after: Option<ID>,
        #[graphql(default)] order_by: SchoolOrderBy,
    ) -> Result<SchoolConnection> {
        let db = super::common::db(ctx)?;
        let first = u64::try_from(first).map_err(|_| invalid("first", "must not be negative"))?;
        let filter = filter.unwrap_or_default().into_domain()?;
        let order = match order_by {
            SchoolOrderBy::Id => SchoolOrder::Id,
            SchoolOrderBy::Code => SchoolOrder::Code,
            SchoolOrderBy::NameKy => SchoolOrder::NameKy,
            SchoolOrderBy::NameRu => SchoolOrder::NameRu,
        };
        let after = after.map(|c| parse_id("after", &c)).transpose()?;
        let caller = caller(ctx);
        let page = domain::query::schools::page(db, caller, &filter, order, first, after).await?;
        let (rows, has_next_page) = (page.schools, page.has_next_page);
        let look = ctx.look_ahead();
        let total_count = if look.field("totalCount").exists() {
            Some(domain::query::schools::count(db, caller, &filter).await?)
        } else {
            None
        };
        let node = look.field("edges").field("node");
        let ids: Vec<i32> = rows.iter().map(|s| s.id).collect();
        let rows = domain::query::schools::with_places(db, rows).await?;
        // Snapshots only for the schools whose reported data the caller may read; the others
        // answer FORBIDDEN on those fields.
        let grants: Vec<Grant> = rows
            .iter()
            .filter_map(|r| domain::access::grant(caller, place_of(r), Tier::Reported).ok())
            .collect();
        let batch = Arc::new(Batch::load(db, &ids, &grants, &node).await?);
        let edges: Vec<SchoolEdge> = rows
            .into_iter()
            .map(|row| SchoolEdge {
                cursor: ID(row.school.id.to_string()),
                node: School {
                    row,
                    batch: Some(batch.clone()),
                },
            })
            .collect();
        Ok(SchoolConnection {
            page_info: PageInfo {
                has_next_page,
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            total_count: total_count.unwrap_or_default(),
            edges,
        })
    }

    /// One school by id; null when there is none.
    async fn school(&self, ctx: &Context<'_>, id: ID) -> Result<Option<School>> {
        let db = super::common::db(ctx)?;
        let id = parse_id("id", &id)?;
        let row = domain::query::schools::by_id(db, id).await?;
        Ok(row.map(|row| School { row, batch: None }))
    }

    /// One school by its code (e.g. "KG-O-UZG-045"); null when there is none.
    async fn school_by_code(&self, ctx: &Context<'_>, code: String) -> Result<Option<School>> {
        let db = super::common::db(ctx)?;
        let row = domain::school::by_code(db, &code).await?;
        Ok(row.map(|row| School { row, batch: None }))
    }
}

/// What a page prefetched for its schools, one statement per list asked for.
#[derive(Default)]
struct Batch {
    languages: Option<HashMap<i32, Vec<String>>>,
    enrolment: Option<HashMap<i32, domain::entity::enrolment_snapshot::Model>>,
    staff: Option<HashMap<i32, domain::entity::staff_snapshot::Model>>,
    infrastructure: Option<HashMap<i32, domain::entity::infrastructure_snapshot::Model>>,
}

impl Batch {
    async fn load(
        db: &Db,
        ids: &[i32],
        grants: &[Grant],
        node: &async_graphql::Lookahead<'_>,
    ) -> Result<Batch> {
        use domain::query::schools as q;
        let mut b = Batch::default();
        if node.field("languages").exists() {
            b.languages = Some(q::languages(db, ids).await?);
        }
        if node.field("latestEnrolment").exists() {
            b.enrolment = Some(q::latest_enrolment(db, grants).await?);
        }
        if node.field("latestStaff").exists() {
            b.staff = Some(q::latest_staff(db, grants).await?);
        }
        if node.field("latestInfrastructure").exists() {
            b.infrastructure = Some(q::latest_infrastructure(db, grants).await?);
        }
        Ok(b)
    }
}

#[derive(SimpleObject)]
#[graphql(name = "SchoolConnection")]
pub struct SchoolConnection {
    edges: Vec<SchoolEdge>,
    page_info: PageInfo,
    /// Schools matching the filter, across pages.
    total_count: u64,
}

#[derive(SimpleObject)]
#[graphql(name = "SchoolEdge")]
pub struct SchoolEdge {
    cursor: ID,
    node: School,
}

#[derive(SimpleObject)]
#[graphql(name = "PageInfo")]
pub struct PageInfo {
    pub(crate) has_next_page: bool,
    pub(crate) end_cursor: Option<ID>,
}

pub struct School {
    row: SchoolWithPlace,
    batch: Option<Arc<Batch>>,
}

impl School {
    fn key(&self) -> i32 {
        self.row.school.id
    }

    fn place(&self) -> Place {
        place_of(&self.row)
    }

    /// The caller's grant to read this school's data of `tier` (FORBIDDEN outside scope).
    fn grant(&self, ctx: &Context<'_>, tier: Tier) -> Result<Grant> {
        Ok(domain::access::grant(caller(ctx), self.place(), tier)?)
    }
}

fn place_of(row: &SchoolWithPlace) -> Place {
    Place {
        school_id: row.school.id,
        district_id: row.district.id,
        region_id: row.region.id,
    }
}

/// The request's caller (anonymous when the request carries none, as in `schema.execute`).
pub(crate) fn caller<'a>(ctx: &'a Context<'_>) -> &'a Caller {
    static ANONYMOUS: Caller = Caller(None);
    ctx.data_opt::<Caller>().unwrap_or(&ANONYMOUS)
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
                let db = super::common::db(ctx)?;
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
        let grant = self.grant(ctx, Tier::Reported)?;
        let m = match self.batch.as_ref().and_then(|b| b.enrolment.as_ref()) {
            Some(map) => map.get(&self.key()).cloned(),
            None => {
                let db = super::common::db(ctx)?;
                domain::query::schools::latest_enrolment(db, &[grant])
                    .await?
                    .remove(&self.key())
            }
        };
        Ok(m.map(|snapshot| {
            profile::EnrolmentSnapshot::from(domain::query::profile::Enrolment {
                snapshot,
                grades: Vec::new(),
            })
        }))
    }
    /// The staff snapshot of the latest year the school reported.
    async fn latest_staff(&self, ctx: &Context<'_>) -> Result<Option<profile::StaffSnapshot>> {
        let grant = self.grant(ctx, Tier::Reported)?;
        let m = match self.batch.as_ref().and_then(|b| b.staff.as_ref()) {
            Some(map) => map.get(&self.key()).cloned(),
            None => {
                let db = super::common::db(ctx)?;
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
        let grant = self.grant(ctx, Tier::Reported)?;
        let m = match self.batch.as_ref().and_then(|b| b.infrastructure.as_ref()) {
            Some(map) => map.get(&self.key()).cloned(),
            None => {
                let db = super::common::db(ctx)?;
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
        profile::enrolment(ctx, &self.grant(ctx, Tier::Reported)?, year).await
    }
    /// Infrastructure snapshots, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn infrastructure(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::InfrastructureSnapshot>> {
        profile::infrastructure(ctx, &self.grant(ctx, Tier::Reported)?, year).await
    }
    /// Staff snapshots, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn staff(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::StaffSnapshot>> {
        profile::staff(ctx, &self.grant(ctx, Tier::Reported)?, year).await
    }
    /// Textbook provision by grade band, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn textbooks(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::TextbookProvision>> {
        profile::textbooks(ctx, &self.grant(ctx, Tier::Reported)?, year).await
    }
    /// Mark summaries (class × subject × period × assessment kind) with derived values.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn mark_summaries(
        &self,
        ctx: &Context<'_>,
        filter: Option<profile::MarkFilterInput>,
    ) -> Result<Vec<profile::MarkSummary>> {
        profile::mark_summaries(ctx, &self.grant(ctx, Tier::Reported)?, filter).await
    }
    /// The mark summaries matching `filter`, summed (counts first, then the formulas).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn mark_totals(
        &self,
        ctx: &Context<'_>,
        filter: Option<profile::MarkFilterInput>,
    ) -> Result<profile::MarkTotals> {
        profile::mark_totals(ctx, &self.grant(ctx, Tier::Reported)?, filter).await
    }
    /// Percentages the school reported without counts (e.g. yearly knowledge quality).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn reported_indicators(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::ReportedIndicator>> {
        profile::reported_indicators(ctx, &self.grant(ctx, Tier::Reported)?, year).await
    }
    /// Class outcomes over all subjects (pupils by their worst mark).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn class_outcomes(
        &self,
        ctx: &Context<'_>,
        filter: Option<profile::MarkFilterInput>,
    ) -> Result<Vec<profile::ClassOutcome>> {
        profile::class_outcomes(ctx, &self.grant(ctx, Tier::Reported)?, filter).await
    }
    /// ORT summaries of the school's cohort, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn ort_summaries(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OrtSummary>> {
        profile::ort_summaries(ctx, &self.grant(ctx, Tier::Reported)?, year).await
    }
    /// Pseudonymous ORT results, newest year first, best score first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn ort_results(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OrtResult>> {
        profile::ort_results(ctx, &self.grant(ctx, Tier::People)?, year).await
    }
    /// Olympiad results of pseudonymous pupils, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn olympiad_results(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OlympiadResult>> {
        profile::olympiad_results(ctx, &self.grant(ctx, Tier::People)?, year).await
    }
    /// Olympiad prize counts the school reported per level (null = not reported).
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn olympiad_counts(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::OlympiadCount>> {
        profile::olympiad_counts(ctx, &self.grant(ctx, Tier::Reported)?, year).await
    }
    /// Results in non-olympiad contests, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn contests(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::ContestResult>> {
        profile::contests(ctx, &self.grant(ctx, Tier::People)?, year).await
    }
    /// Teachers by pseudonymous reference (names are not served), with awards and trainings.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn teachers(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] current_only: bool,
    ) -> Result<Vec<profile::Teacher>> {
        profile::teachers(ctx, &self.grant(ctx, Tier::People)?, current_only).await
    }
    /// Training programmes the school's teachers attended, newest year first.
    #[graphql(complexity = "SECTION + child_complexity")]
    async fn trainings(
        &self,
        ctx: &Context<'_>,
        year: Option<i32>,
    ) -> Result<Vec<profile::Training>> {
        profile::trainings(ctx, &self.grant(ctx, Tier::Reported)?, year).await
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

pub struct District {
    district: district::Model,
    region: Option<Arc<region::Model>>,
}

#[Object(name = "District")]
impl District {
    async fn id(&self) -> ID {
        ID(self.district.id.to_string())
    }
    async fn code(&self) -> &str {
        &self.district.code
    }
    /// rayon, city_district or city.
    async fn kind(&self) -> &str {
        &self.district.kind
    }
    async fn kind_label(&self) -> Label {
        Label::of(Vocabulary::DistrictKind, &self.district.kind)
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        let d = &self.district;
        pick(
            lang_of(ctx, lang),
            &d.name_ky,
            &d.name_ru,
            d.name_en.as_deref(),
        )
    }
    async fn name_ky(&self) -> &str {
        &self.district.name_ky
    }
    async fn name_ru(&self) -> &str {
        &self.district.name_ru
    }
    async fn name_en(&self) -> Option<&str> {
        self.district.name_en.as_deref()
    }
    /// Official СОАТЕ code.
    async fn soate_code(&self) -> Option<&str> {
        self.district.soate_code.as_deref()
    }
    async fn region(&self, ctx: &Context<'_>) -> Result<Region> {
        let region = match &self.region {
            Some(r) => r.clone(),
            None => {
                let db = super::common::db(ctx)?;
                let r = domain::query::place::regions_by_id(db, vec![self.district.region_id])
                    .await?
                    .pop()
                    .ok_or_else(|| domain::Error::NotFound {
                        what: "region",
                        key: self.district.region_id.to_string(),
                    })?;
                Arc::new(r)
            }
        };
        Ok(Region {
            region,
            districts: None,
        })
    }
}

pub struct Region {
    region: Arc<region::Model>,
    districts: Option<Vec<district::Model>>,
}

#[Object(name = "Region")]
impl Region {
    async fn id(&self) -> ID {
        ID(self.region.id.to_string())
    }
    /// ISO 3166-2 code, e.g. KG-O.
    async fn code(&self) -> &str {
        &self.region.code
    }
    /// oblast or city (of republican significance).
    async fn kind(&self) -> &str {
        &self.region.kind
    }
    async fn kind_label(&self) -> Label {
        Label::of(Vocabulary::RegionKind, &self.region.kind)
    }
    async fn name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        let r = &self.region;
        pick(
            lang_of(ctx, lang),
            &r.name_ky,
            &r.name_ru,
            r.name_en.as_deref(),
        )
    }
    async fn name_ky(&self) -> &str {
        &self.region.name_ky
    }
    async fn name_ru(&self) -> &str {
        &self.region.name_ru
    }
    async fn name_en(&self) -> Option<&str> {
        self.region.name_en.as_deref()
    }
    async fn soate_code(&self) -> Option<&str> {
        self.region.soate_code.as_deref()
    }
    /// The region's districts, by code.
    async fn districts(&self, ctx: &Context<'_>) -> Result<Vec<District>> {
        let districts = match &self.districts {
            Some(d) => d.clone(),
            None => {
                let db = super::common::db(ctx)?;
                domain::query::place::districts(db, Some(self.region.id)).await?
            }
        };
        Ok(districts
            .into_iter()
            .map(|district| District {
                district,
                region: Some(self.region.clone()),
            })
            .collect())
    }
}
