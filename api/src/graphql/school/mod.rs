//! Regions, districts and schools: the listing (filters, order, Relay-style pages) and the
//! school profile. Nested lists of a page are prefetched with one query per level when the
//! selection asks for them (see `Batch`), so a page costs a fixed number of statements.
//!
//! `node` is the `School` object (its fields and profile sections), `place` the regions and
//! districts.

mod node;
mod place;

use super::error::{Result, invalid};
use super::paging::{self, PageInfo};
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use domain::Db;
use domain::access::{Grant, Place};
use domain::auth::Caller;
use domain::entity::{district, region};
use domain::facts::ImportKind;
use domain::messages::arguments::ArgMsg;
use domain::query::place::PlaceKind;
use domain::query::schools::{SchoolFilter, SchoolOrder, Window};
use domain::school::SchoolWithPlace;
use domain::trend::snapshot::EntityKind;
use std::collections::HashMap;
use std::sync::Arc;

pub use node::School;
pub use place::{District, Region};

#[derive(Default)]
pub struct SchoolQuery;

/// Who owns and funds a school.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    /// State-owned (мамлекеттик / государственная).
    State,
    /// Municipal (муниципалдык / муниципальная).
    Municipal,
    /// Private (жеке менчик / частная).
    Private,
}

/// The type of a school.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum SchoolType {
    /// A general school (жалпы билим берүүчү мектеп / общеобразовательная школа).
    General,
    /// A gymnasium (гимназия).
    Gymnasium,
    /// A lyceum (лицей).
    Lyceum,
    /// A specialised school (адистештирилген мектеп / специализированная школа).
    Specialised,
    /// A correspondence school (сырттан окуу мектеби / заочная школа).
    Correspondence,
    /// A school complex (окуу-тарбия комплекси / учебно-воспитательный комплекс).
    Complex,
}

/// A language of instruction.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Kyrgyz.
    Ky,
    /// Russian.
    Ru,
    /// Uzbek.
    Uz,
    /// Tajik.
    Tj,
    /// English.
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

/// The longest `filter.name`: longer than any school's name (SQLite refused a 50,001-character
/// pattern as "too complex").
const MAX_NAME_FILTER: usize = 200;

/// Which schools to list; every given condition must hold, a list matches any of its values.
#[derive(InputObject, Default)]
pub struct SchoolFilterInput {
    /// Only schools of this region: its id or its code (`KG-O`).
    pub(super) region_id: Option<ID>,
    /// Only schools of this district: its id or its code (`KG-O-UZG`).
    pub(super) district_id: Option<ID>,
    /// Only schools of any of these types.
    pub(super) school_type: Option<Vec<SchoolType>>,
    /// Only schools of any of these ownerships.
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
    /// By id: the order schools were registered in (the default).
    Id,
    /// By school code.
    Code,
    /// By Kyrgyz name.
    NameKy,
    /// By Russian name.
    NameRu,
}

/// A region, district or school named by its id or its code (`KG-O-UZG-045`).
pub(crate) async fn place_id(
    ctx: &Context<'_>,
    kind: PlaceKind,
    field: &str,
    id: &ID,
) -> Result<i32> {
    let db = super::common::db(ctx)?;
    domain::query::place::id_of(db, kind, id.as_str())
        .await?
        .ok_or_else(|| super::common::not_a_place(field, kind.noun(), id))
}

/// What a `schools` cursor belongs to: its order and filter. A cursor is
/// `<order>.<filter hash>.<school id>`, so one from another order or filter is refused instead
/// of being taken as a position in a listing it does not belong to.
struct ListingKey(String);

impl ListingKey {
    fn of(filter: &SchoolFilter, order: SchoolOrder) -> ListingKey {
        // FNV-1a over the filter as the domain holds it: stable for a given build, and
        // cursors are not meant to outlive one (they name a position, not a bookmark).
        let text = format!("{filter:?}");
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        ListingKey(format!("{order:?}.{hash:016x}").to_ascii_lowercase())
    }

    fn cursor(&self, id: i32) -> ID {
        ID(format!("{}.{id}", self.0))
    }

    fn read(&self, arg: &str, cursor: &ID) -> Result<i32> {
        let refused = || invalid(arg, ArgMsg::NotACursor(cursor.as_str().into()));
        let (listing, id) = cursor.as_str().rsplit_once('.').ok_or_else(refused)?;
        if listing != self.0 {
            return Err(refused());
        }
        // School ids are positive: a negative cursor is no position of a listing.
        match id.parse::<i32>() {
            Ok(id) if id >= 0 => Ok(id),
            _ => Err(refused()),
        }
    }
}

impl SchoolFilterInput {
    async fn into_domain(self, ctx: &Context<'_>) -> Result<SchoolFilter> {
        let region_id = match &self.region_id {
            Some(id) => Some(place_id(ctx, PlaceKind::Region, "filter.regionId", id).await?),
            None => None,
        };
        let district_id = match &self.district_id {
            Some(id) => Some(place_id(ctx, PlaceKind::District, "filter.districtId", id).await?),
            None => None,
        };
        if let Some(name) = &self.name
            && name.chars().count() > MAX_NAME_FILTER
        {
            return Err(invalid(
                "filter.name",
                ArgMsg::NameTooLong {
                    max: MAX_NAME_FILTER,
                },
            ));
        }
        // Each distinct value once: 40,000 repeats of one type were 40,000 SQL parameters.
        fn codes<T: Copy>(values: Option<Vec<T>>, code: fn(T) -> &'static str) -> Vec<String> {
            let set: std::collections::BTreeSet<&str> =
                values.unwrap_or_default().into_iter().map(code).collect();
            set.into_iter().map(str::to_owned).collect()
        }
        Ok(SchoolFilter {
            region_id,
            district_id,
            school_types: codes(self.school_type, school_type_code),
            ownerships: codes(self.ownership, ownership_code),
            languages: codes(self.language, language_code),
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

    /// The 41 school subjects of the reference list, with Kyrgyz, Russian and English names,
    /// in curriculum order. Public. A subject's `code` is what imports and filters use.
    async fn subjects(&self, ctx: &Context<'_>) -> Result<Vec<super::common::Subject>> {
        let db = super::common::db(ctx)?;
        Ok(domain::reference::subjects(db)
            .await?
            .into_iter()
            .map(super::common::Subject)
            .collect())
    }

    /// Districts (rayons, city districts, cities) of one region, or of all, by code.
    async fn districts(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the districts of this region: its id or its code (`KG-O`); omitted: every district."
        )]
        region_id: Option<ID>,
    ) -> Result<Vec<District>> {
        let db = super::common::db(ctx)?;
        let region_id = match &region_id {
            Some(id) => Some(place_id(ctx, PlaceKind::Region, "regionId", id).await?),
            None => None,
        };
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

    /// Schools matching `filter` in a stable order, a page at a time (Relay): `first` (at
    /// most 200) after a cursor, or `last` (at most 200) before one; cursors belong to the
    /// same filter and order.
    #[graphql(complexity = "paging::cost(first, last, 50).saturating_mul(child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn schools(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which schools; omitted: every school.")] filter: Option<
            SchoolFilterInput,
        >,
        #[graphql(
            desc = "Page size from the start (or from `after`), at most 200; default 50 when `last` is omitted too."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `endCursor` of the previous page (same filter and order); omitted: the first page."
        )]
        after: Option<ID>,
        #[graphql(
            desc = "Page size from the end (or from `before`), at most 200; not with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `startCursor` of the next page (same filter and order), to read the page before it; omitted with `last`: the last page."
        )]
        before: Option<ID>,
        #[graphql(default, desc = "The order; ties go by id. Default: by id.")]
        order_by: SchoolOrderBy,
    ) -> Result<SchoolConnection> {
        let db = super::common::db(ctx)?;
        let filter = filter.unwrap_or_default().into_domain(ctx).await?;
        let order = match order_by {
            SchoolOrderBy::Id => SchoolOrder::Id,
            SchoolOrderBy::Code => SchoolOrder::Code,
            SchoolOrderBy::NameKy => SchoolOrder::NameKy,
            SchoolOrderBy::NameRu => SchoolOrder::NameRu,
        };
        let listing = ListingKey::of(&filter, order);
        let slice = paging::slice(first, after, last, before, (50, 200), |arg, id| {
            listing.read(arg, id)
        })?;
        let window = Window {
            size: slice.size,
            after: slice.after,
            before: slice.before,
            from_end: slice.from_end,
        };
        let caller = caller(ctx);
        let page = domain::query::schools::page(db, caller, &filter, order, window).await?;
        let (rows, has_next_page, has_previous_page) =
            (page.schools, page.has_next_page, page.has_previous_page);
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
                cursor: listing.cursor(row.school.id),
                node: School::with_row(row, Some(batch.clone())),
            })
            .collect();
        Ok(SchoolConnection {
            page_info: PageInfo {
                has_next_page,
                has_previous_page,
                start_cursor: edges.first().map(|e| e.cursor.clone()),
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            total_count: total_count.unwrap_or_default(),
            edges,
        })
    }

    /// One school by id or by code (e.g. "KG-O-UZG-045"); null for an id of no school, an
    /// error for a code of none.
    async fn school(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The school's id (`School.id`) or code (`KG-O-UZG-045`).")] id: ID,
    ) -> Result<Option<School>> {
        if let Some(id) = published_school(ctx, id.as_str()).await {
            return Ok(Some(School::published(id)));
        }
        let db = super::common::db(ctx)?;
        let id = place_id(ctx, PlaceKind::School, "id", &id).await?;
        let row = domain::query::schools::by_id(db, id).await?;
        Ok(row.map(|row| School::with_row(row, None)))
    }

    /// One school by its code (e.g. "KG-O-UZG-045"); null when there is none.
    async fn school_by_code(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The school's code, e.g. KG-O-UZG-045.")] code: String,
    ) -> Result<Option<School>> {
        if !code.is_empty()
            && !code.bytes().all(|b| b.is_ascii_digit())
            && let Some(id) = published_school(ctx, &code).await
        {
            return Ok(Some(School::published(id)));
        }
        let db = super::common::db(ctx)?;
        let row = domain::school::by_code(db, &code).await?;
        Ok(row.map(|row| School::with_row(row, None)))
    }
}

/// The id of a school of the published snapshot named by id or code: such a school is
/// answered without a statement until a field needs its record (indicators and trends come
/// from the snapshot). `None` (the database decides) for any other, or without a snapshot.
async fn published_school(ctx: &Context<'_>, id_or_code: &str) -> Option<i32> {
    let view = super::dashboard::view(ctx).await.ok()?;
    let s = &view.snapshot;
    let id = s.place_id(EntityKind::School, id_or_code)?;
    s.school(id).map(|p| p.id)
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

/// A page of schools (Relay-style connection).
#[derive(SimpleObject)]
#[graphql(name = "SchoolConnection")]
pub struct SchoolConnection {
    /// The schools of this page, each with its cursor.
    pub(super) edges: Vec<SchoolEdge>,
    /// Whether pages follow or precede, and the cursors to continue from.
    pub(super) page_info: PageInfo,
    /// Schools matching the filter, across pages.
    pub(super) total_count: u64,
}

/// A school of a page, with its cursor.
#[derive(SimpleObject)]
#[graphql(name = "SchoolEdge")]
pub struct SchoolEdge {
    /// The cursor of this school: pass it as `after` to continue after it, as `before` to
    /// read the schools before it.
    pub(super) cursor: ID,
    /// The school.
    pub(super) node: School,
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
