//! Rows by id for the profile reads (subjects, periods, class groups), one IN query each and
//! none for an empty set, and the two ways a read puts related rows back together.

use crate::error::Result;
use entity::{class_group, period, subject};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Rows by their key (one each).
pub(crate) fn by_id<K: std::hash::Hash + Eq, M>(
    rows: Vec<M>,
    key: impl Fn(&M) -> K,
) -> HashMap<K, M> {
    rows.into_iter().map(|m| (key(&m), m)).collect()
}

/// Rows grouped by their key, in the order they came.
pub(crate) fn grouped<K: std::hash::Hash + Eq, M>(
    rows: Vec<M>,
    key: impl Fn(&M) -> K,
) -> HashMap<K, Vec<M>> {
    let mut out: HashMap<K, Vec<M>> = HashMap::new();
    for m in rows {
        out.entry(key(&m)).or_default().push(m);
    }
    out
}

/// Subjects by id (one statement; none for an empty set).
pub(crate) async fn subjects(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, subject::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(by_id(
        subject::Entity::find()
            .filter(subject::Column::Id.is_in(ids))
            .all(db)
            .await?,
        |s| s.id,
    ))
}

/// Periods by id.
pub(crate) async fn periods(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, period::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(by_id(
        period::Entity::find()
            .filter(period::Column::Id.is_in(ids))
            .all(db)
            .await?,
        |p| p.id,
    ))
}

/// Class groups by id.
pub(crate) async fn class_groups(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<HashMap<i32, class_group::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(by_id(
        class_group::Entity::find()
            .filter(class_group::Column::Id.is_in(ids))
            .all(db)
            .await?,
        |c| c.id,
    ))
}

/// A school's rows of a table keyed by `school_id` and `academic_year`, newest year first and
/// then in `then` order; of one year when `year` is given. One statement.
pub(crate) async fn school_years<E>(
    db: &impl ConnectionTrait,
    school_id: i32,
    year: Option<i32>,
    then: &[(E::Column, sea_orm::Order)],
) -> Result<Vec<E::Model>>
where
    E: EntityTrait,
    E::Column: std::str::FromStr,
{
    use sea_orm::QueryOrder;
    let column = |name: &str| {
        <E::Column as std::str::FromStr>::from_str(name).map_err(|_| {
            crate::error::Error::Internal(format!(
                "{} has no column {name}",
                E::default().table_name()
            ))
        })
    };
    let (school, academic_year) = (column("school_id")?, column("academic_year")?);
    let mut q = E::find()
        .filter(school.eq(school_id))
        .order_by_desc(academic_year);
    for (c, order) in then {
        q = q.order_by(*c, order.clone());
    }
    if let Some(y) = year {
        q = q.filter(academic_year.eq(y));
    }
    Ok(q.all(db).await?)
}
