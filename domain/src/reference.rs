//! Bundled reference data: regions, districts (with SOATE codes) and subjects, compiled into
//! the binary from `domain/data/*.csv` so a deployment never needs the source tree. Loading is
//! an idempotent upsert by code, run after every `migrate up`.

use crate::error::{Error, Result};
use entity::{district, region, subject};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set, TransactionSession, TransactionTrait};
use serde::Deserialize;
use std::collections::HashMap;

const REGIONS: (&str, &str) = ("kg_regions.csv", include_str!("../data/kg_regions.csv"));
const DISTRICTS: (&str, &str) = ("kg_districts.csv", include_str!("../data/kg_districts.csv"));
const SUBJECTS: (&str, &str) = ("kg_subjects.csv", include_str!("../data/kg_subjects.csv"));

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    kind: String,
    name_ky: String,
    name_ru: String,
    name_en: Option<String>,
    soate: Option<String>,
}

#[derive(Deserialize)]
struct DistrictRow {
    region_code: String,
    code: String,
    kind: String,
    name_ky: String,
    name_ru: String,
    name_en: Option<String>,
    soate: Option<String>,
}

#[derive(Deserialize)]
struct SubjectRow {
    code: String,
    name_ky: String,
    name_ru: String,
    name_en: Option<String>,
}

/// How many rows each reference file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceCounts {
    pub regions: usize,
    pub districts: usize,
    pub subjects: usize,
}

fn parse<T: for<'de> Deserialize<'de>>((file, text): (&'static str, &str)) -> Result<Vec<T>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| {
            row.map_err(|e| Error::ReferenceData {
                file,
                line: i as u64 + 2,
                message: e.to_string(),
            })
        })
        .collect()
}

/// Upserts every region, district and subject in one transaction.
pub async fn load(db: &impl TransactionTrait) -> Result<ReferenceCounts> {
    let regions: Vec<RegionRow> = parse(REGIONS)?;
    let districts: Vec<DistrictRow> = parse(DISTRICTS)?;
    let subjects: Vec<SubjectRow> = parse(SUBJECTS)?;
    let txn = db.begin().await?;

    region::Entity::insert_many(regions.iter().map(|r| region::ActiveModel {
        code: Set(r.code.clone()),
        kind: Set(r.kind.clone()),
        name_ky: Set(r.name_ky.clone()),
        name_ru: Set(r.name_ru.clone()),
        name_en: Set(r.name_en.clone()),
        soate_code: Set(r.soate.clone()),
        ..Default::default()
    }))
    .on_conflict(
        OnConflict::column(region::Column::Code)
            .update_columns([
                region::Column::Kind,
                region::Column::NameKy,
                region::Column::NameRu,
                region::Column::NameEn,
                region::Column::SoateCode,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;

    let region_ids: HashMap<String, i32> = region::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| (r.code, r.id))
        .collect();
    let mut district_models = Vec::with_capacity(districts.len());
    for (i, d) in districts.iter().enumerate() {
        let region_id = *region_ids
            .get(&d.region_code)
            .ok_or_else(|| Error::ReferenceData {
                file: DISTRICTS.0,
                line: i as u64 + 2,
                message: format!("unknown region code {}", d.region_code),
            })?;
        district_models.push(district::ActiveModel {
            region_id: Set(region_id),
            code: Set(d.code.clone()),
            kind: Set(d.kind.clone()),
            name_ky: Set(d.name_ky.clone()),
            name_ru: Set(d.name_ru.clone()),
            name_en: Set(d.name_en.clone()),
            soate_code: Set(d.soate.clone()),
            ..Default::default()
        });
    }
    district::Entity::insert_many(district_models)
        .on_conflict(
            OnConflict::column(district::Column::Code)
                .update_columns([
                    district::Column::RegionId,
                    district::Column::Kind,
                    district::Column::NameKy,
                    district::Column::NameRu,
                    district::Column::NameEn,
                    district::Column::SoateCode,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;

    subject::Entity::insert_many(subjects.iter().map(|s| subject::ActiveModel {
        code: Set(s.code.clone()),
        name_ky: Set(s.name_ky.clone()),
        name_ru: Set(s.name_ru.clone()),
        name_en: Set(s.name_en.clone()),
        ..Default::default()
    }))
    .on_conflict(
        OnConflict::column(subject::Column::Code)
            .update_columns([
                subject::Column::NameKy,
                subject::Column::NameRu,
                subject::Column::NameEn,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;

    txn.commit().await?;
    Ok(ReferenceCounts {
        regions: regions.len(),
        districts: districts.len(),
        subjects: subjects.len(),
    })
}

/// The id of a district by its code (e.g. `KG-O-UZG`).
pub async fn district_id(db: &impl ConnectionTrait, code: &str) -> Result<i32> {
    use sea_orm::{ColumnTrait, QueryFilter};
    district::Entity::find()
        .filter(district::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|d| d.id)
        .ok_or_else(|| Error::NotFound {
            what: "district",
            key: code.to_owned(),
        })
}

/// The id of a subject by its code (e.g. `biology`).
pub async fn subject_id(db: &impl ConnectionTrait, code: &str) -> Result<i32> {
    use sea_orm::{ColumnTrait, QueryFilter};
    subject::Entity::find()
        .filter(subject::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|s| s.id)
        .ok_or_else(|| Error::NotFound {
            what: "subject",
            key: code.to_owned(),
        })
}

/// Every subject, in the reference list's (curriculum) order.
pub async fn subjects(db: &impl ConnectionTrait) -> Result<Vec<entity::subject::Model>> {
    use sea_orm::{EntityTrait, QueryOrder};
    Ok(entity::subject::Entity::find()
        .order_by_asc(entity::subject::Column::Id)
        .all(db)
        .await?)
}
