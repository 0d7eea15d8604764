//! Regions and districts.

use crate::error::Result;
use entity::{district, region};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// All regions, by code.
pub async fn regions(db: &impl ConnectionTrait) -> Result<Vec<region::Model>> {
    Ok(region::Entity::find()
        .order_by_asc(region::Column::Code)
        .all(db)
        .await?)
}

/// Districts, of one region or of all, by code.
pub async fn districts(
    db: &impl ConnectionTrait,
    region_id: Option<i32>,
) -> Result<Vec<district::Model>> {
    let mut q = district::Entity::find().order_by_asc(district::Column::Code);
    if let Some(id) = region_id {
        q = q.filter(district::Column::RegionId.eq(id));
    }
    Ok(q.all(db).await?)
}

/// Regions by id (one statement).
pub async fn regions_by_id(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<Vec<region::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(region::Entity::find()
        .filter(region::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// What a caller may name by id or by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Region,
    District,
    School,
}

impl PlaceKind {
    pub fn noun(self) -> &'static str {
        match self {
            PlaceKind::Region => "region",
            PlaceKind::District => "district",
            PlaceKind::School => "school",
        }
    }
}

/// The id of a place named by id (digits, taken as is) or by code (`KG-O`, `KG-O-UZG`,
/// `KG-O-UZG-045`, any case); `None` for a code of no such place.
pub async fn id_of(
    db: &impl ConnectionTrait,
    kind: PlaceKind,
    id_or_code: &str,
) -> Result<Option<i32>> {
    if let Ok(id) = id_or_code.parse::<i32>() {
        return Ok(Some(id));
    }
    // Codes are short and ASCII (letters, digits, dashes); anything else names no place and
    // never reaches the database (PostgreSQL refuses a NUL in a text parameter).
    let plausible = !id_or_code.is_empty()
        && id_or_code.len() <= 64
        && id_or_code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !plausible {
        return Ok(None);
    }
    let sql = match kind {
        PlaceKind::Region => "SELECT id FROM region WHERE code = ?",
        PlaceKind::District => "SELECT id FROM district WHERE code = ?",
        PlaceKind::School => "SELECT id FROM school WHERE code = ?",
    };
    crate::db::value(
        db,
        crate::db::stmt(db, sql, vec![id_or_code.to_ascii_uppercase().into()]),
        "id",
    )
    .await
}
