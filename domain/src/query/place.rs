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
