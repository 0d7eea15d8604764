//! Regions, districts and schools: the listing (filters, order, Relay-style pages) and the
//! school profile. Nested lists of a page are prefetched with one query per level when the
//! selection asks for them (see `Batch`), so a page costs a fixed number of statements.
//!
//! `node` is the `School` object (its fields and profile sections), `place` the regions and
//! districts.

mod node;
mod place;

use super::error::{Result, invalid};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use domain::Db;
use domain::access::{Grant, Place};
use domain::auth::Caller;
use domain::entity::{district, region};
use domain::facts::ImportKind;
use domain::query::schools::{SchoolFilter, SchoolOrder};
use domain::school::SchoolWithPlace;
use std::collections::HashMap;
use std::sync::Arc;

pub use node::School;
pub use place::{District, Region};

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
    pub(super) region_id: Option<ID>,
    pub(super) district_id: Option<ID>,
    pub(super) school_type: Option<Vec<SchoolType>>,
    pub(super) ownership: Option<Vec<Ownership>>,
    /// Schools teaching in any of these languages.
    pub(super) language: Option<Vec<Language>>,
    /// Part of the Kyrgyz, Russian or English name; case, ё/е and spacing do not matter.
    pub(super) name: Option<String>,
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
        let places: Vec<Place> = rows.iter().map(place_of).collect();
        let batch = Arc::new(Batch::load(db, caller, &ids, &places, &node).await?);
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
pub(super) struct Batch {
    pub(super) languages: Option<HashMap<i32, Vec<String>>>,
    pub(super) enrolment: Option<HashMap<i32, domain::entity::enrolment_snapshot::Model>>,
    pub(super) staff: Option<HashMap<i32, domain::entity::staff_snapshot::Model>>,
    pub(super) infrastructure: Option<HashMap<i32, domain::entity::infrastructure_snapshot::Model>>,
}

impl Batch {
    async fn load(
        db: &Db,
        caller: &Caller,
        ids: &[i32],
        places: &[Place],
        node: &async_graphql::Lookahead<'_>,
    ) -> Result<Batch> {
        use domain::query::schools as q;
        // A kind's rows only for the schools whose rows of that kind the caller may read (at
        // the tier the kind declares); the others answer FORBIDDEN on those fields.
        let grants = |kind: ImportKind| -> Vec<Grant> {
            places
                .iter()
                .filter_map(|p| domain::access::grant_for(caller, *p, kind).ok())
                .collect()
        };
        let mut b = Batch::default();
        if node.field("languages").exists() {
            b.languages = Some(q::languages(db, ids).await?);
        }
        if node.field("latestEnrolment").exists() {
            let grants = grants(ImportKind::EnrolmentSnapshots);
            b.enrolment = Some(q::latest_enrolment(db, &grants).await?);
        }
        if node.field("latestStaff").exists() {
            let grants = grants(ImportKind::StaffSnapshots);
            b.staff = Some(q::latest_staff(db, &grants).await?);
        }
        if node.field("latestInfrastructure").exists() {
            let grants = grants(ImportKind::InfrastructureSnapshots);
            b.infrastructure = Some(q::latest_infrastructure(db, &grants).await?);
        }
        Ok(b)
    }
}

#[derive(SimpleObject)]
#[graphql(name = "SchoolConnection")]
pub struct SchoolConnection {
    pub(super) edges: Vec<SchoolEdge>,
    pub(super) page_info: PageInfo,
    /// Schools matching the filter, across pages.
    pub(super) total_count: u64,
}

#[derive(SimpleObject)]
#[graphql(name = "SchoolEdge")]
pub struct SchoolEdge {
    pub(super) cursor: ID,
    pub(super) node: School,
}

#[derive(SimpleObject)]
#[graphql(name = "PageInfo")]
pub struct PageInfo {
    pub(crate) has_next_page: bool,
    pub(crate) end_cursor: Option<ID>,
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
