//! Regions and districts, with each other.

use crate::graphql::common::{Label, Lang, lang_of, pick};
use crate::graphql::error::Result;
use async_graphql::{Context, ID, Object};
use domain::entity::{district, region};
use domain::labels::Vocabulary;
use std::sync::Arc;

pub struct District {
    pub(super) district: district::Model,
    pub(super) region: Option<Arc<region::Model>>,
}

/// A district (rayon, city district or city) of a region, as in the state classifier СОАТЕ; public.
#[Object(name = "District")]
impl District {
    /// The district's id in this API (for `district(id:)`, filters and comparisons).
    async fn id(&self) -> ID {
        ID(self.district.id.to_string())
    }
    /// The district's code, e.g. KG-O-UZG (region code, dash, district letters).
    async fn code(&self) -> &str {
        &self.district.code
    }
    /// rayon, city_district or city.
    async fn kind(&self) -> &str {
        &self.district.kind
    }
    /// The kind, named in Kyrgyz, Russian and English.
    async fn kind_label(&self) -> Label {
        Label::of(Vocabulary::DistrictKind, &self.district.kind)
    }
    /// The district's name in `lang`.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
        let d = &self.district;
        pick(
            lang_of(ctx, lang),
            &d.name_ky,
            &d.name_ru,
            d.name_en.as_deref(),
        )
    }
    /// The district's name in Kyrgyz.
    async fn name_ky(&self) -> &str {
        &self.district.name_ky
    }
    /// The district's name in Russian.
    async fn name_ru(&self) -> &str {
        &self.district.name_ru
    }
    /// The district's name in English; null = none stored.
    async fn name_en(&self) -> Option<&str> {
        self.district.name_en.as_deref()
    }
    /// Official СОАТЕ code.
    async fn soate_code(&self) -> Option<&str> {
        self.district.soate_code.as_deref()
    }
    /// The half-year administrative control of an academic year (seed 002) per subject,
    /// summed over the district's schools, with how many schools it covers. Needs a token
    /// whose scope holds the district (an admin, or the region's or district's token).
    #[graphql(complexity = "super::node::SECTION + child_complexity")]
    async fn admin_control(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The academic year, by its start year (2021 = 2021-2022).")] year: i32,
        #[graphql(
            desc = "Only this subject, by code (e.g. `mathematics`); omitted: every subject."
        )]
        subject: Option<String>,
    ) -> Result<crate::graphql::profile::DistrictAdminControl> {
        let grant = domain::access::district_grant(
            super::caller(ctx),
            self.district.id,
            self.district.region_id,
        )?;
        crate::graphql::profile::district_admin_control(ctx, &grant, year, subject.as_deref()).await
    }
    /// Download links of the district comparison report for one academic year (the default
    /// indicators; add `&indicators=a,b` to choose), as PDF and XLSX, in Kyrgyz and Russian.
    /// Fetch them with GET and the same bearer token (see docs/API.md, "Reports"); every
    /// download is audited. Needs a token whose scope holds the district (an admin, or the
    /// region's or district's token).
    async fn reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The academic year by its start year (2021 = 2021-2022).")] year: i32,
    ) -> Result<Vec<super::node::ReportLink>> {
        domain::access::district_grant(
            super::caller(ctx),
            self.district.id,
            self.district.region_id,
        )?;
        Ok(report::district_links(&self.district.code, year)
            .into_iter()
            .map(|(kind, format, lang, url)| super::node::ReportLink {
                kind: kind.code().into(),
                format: format.code().into(),
                lang: lang.code().into(),
                url,
            })
            .collect())
    }
    /// The region (oblast or city) the district belongs to.
    async fn region(&self, ctx: &Context<'_>) -> Result<Region> {
        let region = match &self.region {
            Some(r) => r.clone(),
            None => {
                let db = crate::graphql::common::db(ctx)?;
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
    pub(super) region: Arc<region::Model>,
    pub(super) districts: Option<Vec<district::Model>>,
}

/// A region: one of the 7 oblasts or the 2 cities of republican significance (Bishkek, Osh);
/// public.
#[Object(name = "Region")]
impl Region {
    /// The region's id in this API (for `region(id:)`, filters and rankings).
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
    /// The kind, named in Kyrgyz, Russian and English.
    async fn kind_label(&self) -> Label {
        Label::of(Vocabulary::RegionKind, &self.region.kind)
    }
    /// The region's name in `lang`.
    async fn name(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The language to answer in; default: the request's Accept-Language, else Kyrgyz."
        )]
        lang: Option<Lang>,
    ) -> String {
        let r = &self.region;
        pick(
            lang_of(ctx, lang),
            &r.name_ky,
            &r.name_ru,
            r.name_en.as_deref(),
        )
    }
    /// The region's name in Kyrgyz.
    async fn name_ky(&self) -> &str {
        &self.region.name_ky
    }
    /// The region's name in Russian.
    async fn name_ru(&self) -> &str {
        &self.region.name_ru
    }
    /// The region's name in English; null = none stored.
    async fn name_en(&self) -> Option<&str> {
        self.region.name_en.as_deref()
    }
    /// The region's СОАТЕ code (state classifier); null = not recorded.
    async fn soate_code(&self) -> Option<&str> {
        self.region.soate_code.as_deref()
    }
    /// The region's districts, by code.
    async fn districts(&self, ctx: &Context<'_>) -> Result<Vec<District>> {
        let districts = match &self.districts {
            Some(d) => d.clone(),
            None => {
                let db = crate::graphql::common::db(ctx)?;
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
