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

/// Rows of `E` by id, `id` being its id column (one IN statement; none for an empty set).
pub(crate) async fn rows_by_id<E: EntityTrait>(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
    id: E::Column,
    key: impl Fn(&E::Model) -> i32,
) -> Result<HashMap<i32, E::Model>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(by_id(E::find().filter(id.is_in(ids)).all(db).await?, key))
}

/// Subjects by id.
pub(crate) async fn subjects(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, subject::Model>> {
    rows_by_id::<subject::Entity>(db, ids, subject::Column::Id, |s| s.id).await
}

/// Periods by id.
pub(crate) async fn periods(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, period::Model>> {
    rows_by_id::<period::Entity>(db, ids, period::Column::Id, |p| p.id).await
}

/// Class groups by id.
pub(crate) async fn class_groups(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, class_group::Model>> {
    rows_by_id::<class_group::Entity>(db, ids, class_group::Column::Id, |c| c.id).await
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
