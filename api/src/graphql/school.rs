//! Schools with their district and region, as a Relay-style connection.

use super::error::to_gql_error;
use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use domain::Db;
use domain::school::SchoolWithPlace;
use domain::trend::snapshot::EntityKind;

use super::dashboard::{self, EntityIndicators, EntityTrends};

#[derive(Default)]
pub struct SchoolQuery;

#[Object]
impl SchoolQuery {
    /// Schools in a stable order (by id), `first` at most 200, continuing `after` a cursor.
    async fn schools(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] first: i32,
        after: Option<ID>,
    ) -> Result<SchoolConnection> {
        let db = ctx.data::<Db>()?;
        let first = u64::try_from(first).map_err(|_| {
            to_gql_error(domain::Error::Invalid {
                field: "first".into(),
                message: "must not be negative".into(),
            })
        })?;
        let after = after.map(|c| parse_cursor(&c)).transpose()?;
        let mut rows = domain::school::page(db, first + 1, after)
            .await
            .map_err(to_gql_error)?;
        let has_next_page = rows.len() as u64 > first;
        rows.truncate(first as usize);
        let total_count = domain::school::count(db).await.map_err(to_gql_error)?;
        let edges: Vec<SchoolEdge> = rows
            .into_iter()
            .map(|row| SchoolEdge {
                cursor: ID(row.school.id.to_string()),
                node: School(row),
            })
            .collect();
        Ok(SchoolConnection {
            page_info: PageInfo {
                has_next_page,
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            total_count,
            edges,
        })
    }

    /// One school by its id; null when there is none.
    async fn school(&self, ctx: &Context<'_>, id: ID) -> Result<Option<School>> {
        let db = ctx.data::<Db>()?;
        let id = parse_id(&id)?;
        let row = domain::school::by_id(db, id).await.map_err(to_gql_error)?;
        Ok(row.map(School))
    }

    /// One school by its code (e.g. "KG-O-UZG-045"); null when there is none.
    async fn school_by_code(&self, ctx: &Context<'_>, code: String) -> Result<Option<School>> {
        let db = ctx.data::<Db>()?;
        let row = domain::school::by_code(db, &code)
            .await
            .map_err(to_gql_error)?;
        Ok(row.map(School))
    }
}

fn parse_id(id: &ID) -> Result<i32> {
    id.parse::<i32>().map_err(|_| {
        to_gql_error(domain::Error::Invalid {
            field: "id".into(),
            message: format!("`{}` is not a school id", id.as_str()),
        })
    })
}

fn parse_cursor(cursor: &ID) -> Result<i32> {
    cursor.parse::<i32>().map_err(|_| {
        to_gql_error(domain::Error::Invalid {
            field: "after".into(),
            message: format!("`{}` is not a cursor returned by this API", cursor.as_str()),
        })
    })
}

#[derive(SimpleObject)]
#[graphql(name = "SchoolConnection")]
pub struct SchoolConnection {
    edges: Vec<SchoolEdge>,
    page_info: PageInfo,
    /// All schools, across pages.
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

/// The language a `name` field answers in.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(name = "Lang")]
pub enum Lang {
    /// Kyrgyz, the state language.
    #[default]
    Ky,
    /// Russian, the official language.
    Ru,
    /// English (falls back to Russian where no English name is stored).
    En,
}

pub(crate) fn pick(lang: Lang, ky: &str, ru: &str, en: Option<&str>) -> String {
    match lang {
        Lang::Ky => ky.to_owned(),
        Lang::Ru => ru.to_owned(),
        Lang::En => en.unwrap_or(ru).to_owned(),
    }
}

pub struct School(SchoolWithPlace);

#[Object(name = "School")]
impl School {
    async fn id(&self) -> ID {
        ID(self.0.school.id.to_string())
    }
    /// Stable school code used to match imports.
    async fn code(&self) -> &str {
        &self.0.school.code
    }
    async fn number(&self) -> Option<i32> {
        self.0.school.number
    }
    async fn name(&self, #[graphql(default)] lang: Lang) -> String {
        let s = &self.0.school;
        pick(lang, &s.name_ky, &s.name_ru, s.name_en.as_deref())
    }
    async fn name_ky(&self) -> &str {
        &self.0.school.name_ky
    }
    async fn name_ru(&self) -> &str {
        &self.0.school.name_ru
    }
    async fn name_en(&self) -> Option<&str> {
        self.0.school.name_en.as_deref()
    }
    async fn settlement(&self) -> Option<&str> {
        self.0.school.settlement.as_deref()
    }
    /// state, municipal or private.
    async fn ownership(&self) -> &str {
        &self.0.school.ownership
    }
    /// general, gymnasium, lyceum, specialised, correspondence or complex.
    async fn school_type(&self) -> &str {
        &self.0.school.school_type
    }
    async fn founded_year(&self) -> Option<i32> {
        self.0.school.founded_year
    }
    /// Seats the building was designed for.
    async fn design_capacity(&self) -> Option<i32> {
        self.0.school.design_capacity
    }
    async fn website(&self) -> Option<&str> {
        self.0.school.website.as_deref()
    }
    async fn district(&self) -> District<'_> {
        District(&self.0)
    }
    /// Indicator values per academic year from the published trend generation (all
    /// indicators with data when `codes` is omitted).
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
            self.0.school.id,
            codes,
            from_year,
            to_year,
        )
    }
    /// Five-year trend statistics per indicator.
    async fn trends(&self, ctx: &Context<'_>, codes: Option<Vec<String>>) -> Result<EntityTrends> {
        dashboard::entity_trends(ctx, EntityKind::School, self.0.school.id, codes)
    }
}

pub struct District<'a>(&'a SchoolWithPlace);

#[Object(name = "District")]
impl District<'_> {
    async fn id(&self) -> ID {
        ID(self.0.district.id.to_string())
    }
    async fn code(&self) -> &str {
        &self.0.district.code
    }
    /// rayon, city_district or city.
    async fn kind(&self) -> &str {
        &self.0.district.kind
    }
    async fn name(&self, #[graphql(default)] lang: Lang) -> String {
        let d = &self.0.district;
        pick(lang, &d.name_ky, &d.name_ru, d.name_en.as_deref())
    }
    async fn name_ky(&self) -> &str {
        &self.0.district.name_ky
    }
    async fn name_ru(&self) -> &str {
        &self.0.district.name_ru
    }
    async fn name_en(&self) -> Option<&str> {
        self.0.district.name_en.as_deref()
    }
    /// Official СОАТЕ code.
    async fn soate_code(&self) -> Option<&str> {
        self.0.district.soate_code.as_deref()
    }
    async fn region(&self) -> Region<'_> {
        Region(self.0)
    }
}

pub struct Region<'a>(&'a SchoolWithPlace);

#[Object(name = "Region")]
impl Region<'_> {
    async fn id(&self) -> ID {
        ID(self.0.region.id.to_string())
    }
    /// ISO 3166-2 code, e.g. KG-O.
    async fn code(&self) -> &str {
        &self.0.region.code
    }
    /// oblast or city (of republican significance).
    async fn kind(&self) -> &str {
        &self.0.region.kind
    }
    async fn name(&self, #[graphql(default)] lang: Lang) -> String {
        let r = &self.0.region;
        pick(lang, &r.name_ky, &r.name_ru, r.name_en.as_deref())
    }
    async fn name_ky(&self) -> &str {
        &self.0.region.name_ky
    }
    async fn name_ru(&self) -> &str {
        &self.0.region.name_ru
    }
    async fn name_en(&self) -> Option<&str> {
        self.0.region.name_en.as_deref()
    }
    async fn soate_code(&self) -> Option<&str> {
        self.0.region.soate_code.as_deref()
    }
}
