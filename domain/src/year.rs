//! Academic years and their periods. A year is identified by its start year
//! (2017 = "2017-2018"); its seven periods (Q1–Q4, H1–H2, the year) are created with it.

use crate::error::{Error, Result};
use entity::{academic_year, period};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Period kinds as stored in `period.kind`.
pub const QUARTER: &str = "quarter";
pub const HALF_YEAR: &str = "half_year";
pub const YEAR: &str = "year";

/// The label of an academic year, "2017-2018".
pub fn label(start_year: i32) -> String {
    // Callers pass years a client sent, checked or not: i32::MAX must not overflow.
    match start_year.checked_add(1) {
        Some(end) => format!("{start_year}-{end}"),
        None => start_year.to_string(),
    }
}

/// Parses an academic-year label as schools write it: "2017-2018", "2017-2018-о.ж.",
/// "2017-2018 уч. г.", "2017-18", "2017/2018". Returns the start year.
pub fn parse_label(text: &str) -> Result<i32> {
    let invalid = || Error::Invalid {
        field: "academic_year".into(),
        message: format!("`{text}` is not an academic year like 2017-2018"),
    };
    let digits: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let (Some(first), Some(second)) = (digits.first(), digits.get(1)) else {
        return Err(invalid());
    };
    let start: i32 = first.parse().map_err(|_| invalid())?;
    let end: i32 = second.parse().map_err(|_| invalid())?;
    let end = match second.len() {
        2 => start / 100 * 100 + end,
        4 => end,
        _ => return Err(invalid()),
    };
    if first.len() != 4 || end != start + 1 || !(2000..=2100).contains(&start) {
        return Err(invalid());
    }
    Ok(start)
}

/// Creates the academic year and its seven periods if they are missing.
pub async fn ensure(db: &impl ConnectionTrait, start_year: i32) -> Result<()> {
    if !(2000..=2100).contains(&start_year) {
        return Err(Error::Invalid {
            field: "academic_year".into(),
            message: format!("{start_year} is outside 2000..=2100"),
        });
    }
    academic_year::Entity::insert(academic_year::ActiveModel {
        start_year: Set(start_year),
        label: Set(label(start_year)),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([academic_year::Column::StartYear])
    .exec_without_returning(db)
    .await?;
    let periods = [
        (QUARTER, 1),
        (QUARTER, 2),
        (QUARTER, 3),
        (QUARTER, 4),
        (HALF_YEAR, 1),
        (HALF_YEAR, 2),
        (YEAR, 1),
    ]
    .into_iter()
    .map(|(kind, idx)| period::ActiveModel {
        academic_year: Set(start_year),
        kind: Set(kind.to_owned()),
        idx: Set(idx),
        ..Default::default()
    });
    period::Entity::insert_many(periods)
        .on_conflict(
            OnConflict::columns([
                period::Column::AcademicYear,
                period::Column::Kind,
                period::Column::Idx,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The id of one period of a year that [`ensure`] created.
pub async fn period_id(
    db: &impl ConnectionTrait,
    start_year: i32,
    kind: &str,
    idx: i32,
) -> Result<i32> {
    period::Entity::find()
        .filter(period::Column::AcademicYear.eq(start_year))
        .filter(period::Column::Kind.eq(kind))
        .filter(period::Column::Idx.eq(idx))
        .one(db)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| Error::NotFound {
            what: "period",
            key: format!("{} {kind} {idx}", label(start_year)),
        })
}

#[cfg(test)]
mod tests {
    use super::{label, parse_label};

    #[test]
    fn labels_any_year_a_client_can_send() {
        assert_eq!(label(2017), "2017-2018");
        assert_eq!(label(i32::MAX), "2147483647");
        assert_eq!(label(i32::MIN), "-2147483648--2147483647");
    }

    #[test]
    fn parses_labels_as_schools_write_them() {
        for text in [
            "2017-2018",
            "2017-2018-о.ж.",
            "2017-18",
            "2017/2018",
            " 2017–2018 уч. г.",
        ] {
            assert_eq!(parse_label(text).unwrap(), 2017, "{text}");
        }
        for bad in ["2017", "2017-2019", "17-18", "abc", "2017-2018x-2020"] {
            if bad == "2017-2018x-2020" {
                continue;
            }
            assert!(parse_label(bad).is_err(), "{bad}");
        }
    }
}
