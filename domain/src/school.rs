//! Schools: creation (keeping the search key in step with the names), lookup by code and the
//! district/region batch of a list (one IN query per level). The listing itself is
//! `query::schools`.

use crate::db;
use crate::error::{Error, Result};
use crate::text;
use entity::{district, region, school};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// Largest page a caller may ask for.
pub const MAX_PAGE: u64 = 200;

/// The fields a new school needs; the rest can be filled in later.
#[derive(Debug, Clone)]
pub struct NewSchool {
    pub district_id: i32,
    pub code: String,
    pub number: Option<i32>,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: Option<String>,
    pub settlement: Option<String>,
    pub ownership: String,
    pub school_type: String,
}

/// Inserts a school. A broken database rule comes back as [`Error::Constraint`] naming it.
pub async fn create(db: &impl ConnectionTrait, new: NewSchool) -> Result<school::Model> {
    let search = search_key(&new.name_ky, &new.name_ru, new.name_en.as_deref());
    let model = school::ActiveModel {
        district_id: Set(new.district_id),
        code: Set(new.code),
        number: Set(new.number),
        name_ky: Set(new.name_ky),
        name_ru: Set(new.name_ru),
        name_en: Set(new.name_en),
        name_search: Set(search),
        settlement: Set(new.settlement),
        ownership: Set(new.ownership),
        school_type: Set(new.school_type),
        ..Default::default()
    };
    match model.insert(db).await {
        Ok(m) => Ok(m),
        Err(e) => Err(db::classify(db, e).await),
    }
}

/// The text `name_search` holds for a school's names.
pub fn search_key(name_ky: &str, name_ru: &str, name_en: Option<&str>) -> String {
    text::search_key(&format!(
        "{name_ky} {name_ru} {}",
        name_en.unwrap_or_default()
    ))
}

/// One school with the district and region it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolWithPlace {
    pub school: school::Model,
    pub district: district::Model,
    pub region: region::Model,
}

/// Finds a school by its code.
/// The school of `code`, in any case (codes are stored upper case).
pub async fn by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<SchoolWithPlace>> {
    let schools = school::Entity::find()
        .filter(school::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .all(db)
        .await?;
    Ok(with_places(db, schools).await?.into_iter().next())
}

pub(crate) async fn with_places(
    db: &impl ConnectionTrait,
    schools: Vec<school::Model>,
) -> Result<Vec<SchoolWithPlace>> {
    // Distinct ids: a page of 50 schools is usually a handful of districts.
    let mut district_ids: Vec<i32> = schools.iter().map(|s| s.district_id).collect();
    district_ids.sort_unstable();
    district_ids.dedup();
    let districts: HashMap<i32, district::Model> = district::Entity::find()
        .filter(district::Column::Id.is_in(district_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let mut region_ids: Vec<i32> = districts.values().map(|d| d.region_id).collect();
    region_ids.sort_unstable();
    region_ids.dedup();
    let regions: HashMap<i32, region::Model> = region::Entity::find()
        .filter(region::Column::Id.is_in(region_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    schools
        .into_iter()
        .map(|school| {
            let district =
                districts
                    .get(&school.district_id)
                    .cloned()
                    .ok_or_else(|| Error::NotFound {
                        what: "district",
                        key: school.district_id.to_string(),
                    })?;
            let region =
                regions
                    .get(&district.region_id)
                    .cloned()
                    .ok_or_else(|| Error::NotFound {
                        what: "region",
                        key: district.region_id.to_string(),
                    })?;
            Ok(SchoolWithPlace {
                school,
                district,
                region,
            })
        })
        .collect()
}

/// Replaces the languages of instruction of schools given by code (an import's `languages`
/// column): the stored set becomes exactly the given one.
pub async fn replace_languages(
    db: &impl ConnectionTrait,
    schools: &[(sea_orm::Value, Vec<String>)],
) -> Result<()> {
    use entity::school_language;
    for (code, languages) in schools {
        let sea_orm::Value::String(Some(code)) = code else {
            continue;
        };
        let Some(school) = school::Entity::find()
            .filter(school::Column::Code.eq(code.as_str()))
            .one(db)
            .await?
        else {
            continue;
        };
        school_language::Entity::delete_many()
            .filter(school_language::Column::SchoolId.eq(school.id))
            .exec(db)
            .await?;
        if !languages.is_empty() {
            school_language::Entity::insert_many(languages.iter().map(|l| {
                school_language::ActiveModel {
                    school_id: Set(school.id),
                    language: Set(l.clone()),
                }
            }))
            .exec_without_returning(db)
            .await?;
        }
    }
    Ok(())
}
