//! Loading the published generation into a [`Snapshot`]. The rows are read a chunk at a
//! time (`store::each_value`) straight into the snapshot's flat layout (one vector of points and one of
//! comparisons, each grouped by series, plus their indexes), so a load never holds the rows
//! as read next to the snapshot: at national scale with the dimensions that is millions of
//! rows of owned strings, more than the snapshot itself.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use sea_orm::{AccessMode, ConnectionTrait, IsolationLevel, TransactionTrait};

use super::{
    Coverage, EntityKind, Flag, NO_COMPARISON, Point, SeriesKey, Snapshot, Source, Span, corrupt,
    parse_flags,
};
use crate::error::Result;
use crate::trend::store;

impl Snapshot {
    /// Loads the published generation whole (see the module documentation of `snapshot`).
    pub async fn load(db: &(impl TransactionTrait + ConnectionTrait)) -> Result<Snapshot> {
        use sea_orm::TransactionSession;
        let txn = db
            .begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?;
        let generation = store::published(&txn).await?;
        let mut snapshot = Snapshot {
            loaded_at: Some(Utc::now()),
            ..Snapshot::default()
        };
        let Some(generation) = generation else {
            txn.commit().await?;
            return Ok(snapshot);
        };
        snapshot.load_places(&txn).await?;
        snapshot.load_values(&txn, generation.id).await?;
        snapshot.load_trends(&txn, generation.id).await?;
        snapshot.load_comparisons(&txn, generation.id).await?;
        snapshot.year_rows = store::read_years(&txn, generation.id).await?;
        txn.commit().await?;

        let counts = (
            snapshot.points.len(),
            snapshot.trends.len(),
            snapshot.comparisons.len(),
        );
        let expected = (
            generation.value_rows as usize,
            generation.trend_rows as usize,
            generation.comparison_rows as usize,
        );
        if counts != expected {
            return Err(corrupt(format!(
                "generation {} has {} values, {} trends and {} comparisons but records {}, {} and {}",
                generation.id, counts.0, counts.1, counts.2, expected.0, expected.1, expected.2
            )));
        }
        snapshot.generation = Some(generation);
        Ok(snapshot)
    }

    /// The values, in `store::each_value`'s order: a series' points arrive together,
    /// ascending by year, so each series is one span of `points`.
    async fn load_values<C>(&mut self, db: &C, generation: i32) -> Result<()>
    where
        C: ConnectionTrait,
    {
        let mut points = Vec::new();
        let mut series: HashMap<SeriesKey, Span> = HashMap::new();
        let mut years = BTreeSet::new();
        let mut current: Option<(SeriesKey, Span)> = None;
        store::each_value(db, generation, |v| {
            let key = (
                EntityKind::parse(&v.entity_kind)?,
                v.entity_id,
                self.stored_ref(&v.indicator, [&v.subject, &v.grade_band, &v.period])?,
            );
            years.insert(v.year);
            let flags = parse_flags(&v.flags)?;
            // The stored numerator of a withheld value is kept for re-aggregation, never
            // served: with the denominator it would give the value back.
            let numerator = if flags.contains(Flag::Suppressed) {
                None
            } else {
                v.numerator
            };
            let at =
                u32::try_from(points.len()).map_err(|_| corrupt("more than 2³² values".into()))?;
            match &mut current {
                Some((k, span)) if *k == key => {
                    let last: &Point = &points[points.len() - 1];
                    if last.year >= v.year {
                        return Err(corrupt(format!("values of {key:?} out of year order")));
                    }
                    span.len += 1;
                }
                _ => {
                    if let Some((k, span)) = current.replace((key, Span { start: at, len: 1 }))
                        && series.insert(k, span).is_some()
                    {
                        return Err(corrupt(format!("values of {k:?} not together")));
                    }
                }
            }
            points.push(Point {
                year: v.year,
                value: v.value,
                numerator,
                denominator: v.denominator,
                source: match v.source.as_str() {
                    "REPORTED" => Source::Reported,
                    _ => Source::Raw,
                },
                flags,
                n_source_rows: v.n_source_rows,
                coverage: v
                    .n_schools
                    .zip(v.n_schools_expected)
                    .map(|(schools, expected)| Coverage { schools, expected }),
                comparison: NO_COMPARISON,
            });
            Ok(())
        })
        .await?;
        if let Some((k, span)) = current
            && series.insert(k, span).is_some()
        {
            return Err(corrupt(format!("values of {k:?} not together")));
        }
        points.shrink_to_fit();
        series.shrink_to_fit();
        self.points = points;
        self.series = series;
        self.years = years.into_iter().collect();
        Ok(())
    }

    async fn load_trends<C>(&mut self, db: &C, generation: i32) -> Result<()>
    where
        C: ConnectionTrait,
    {
        let mut trends = HashMap::new();
        store::each_trend(db, generation, |t| {
            let key = (
                EntityKind::parse(&t.entity_kind)?,
                t.entity_id,
                self.stored_ref(&t.indicator, [&t.subject, &t.grade_band, &t.period])?,
            );
            trends.insert(key, t.trend);
            Ok(())
        })
        .await?;
        trends.shrink_to_fit();
        self.trends = trends;
        Ok(())
    }

    /// The comparisons, in `store::each_comparison`'s order (per indicator, dimensions and
    /// year): each group is one span, then ordered by country rank and linked from its
    /// schools' points.
    async fn load_comparisons<C>(&mut self, db: &C, generation: i32) -> Result<()>
    where
        C: ConnectionTrait,
    {
        let mut rows = Vec::new();
        let mut groups = HashMap::new();
        let mut current = None;
        store::each_comparison(db, generation, |c| {
            let key = (
                self.stored_ref(&c.indicator, [&c.subject, &c.grade_band, &c.period])?,
                c.year,
            );
            let at = u32::try_from(rows.len())
                .map_err(|_| corrupt("more than 2³² comparisons".into()))?;
            match &mut current {
                Some((k, Span { len, .. })) if *k == key => *len += 1,
                _ => {
                    if let Some((k, span)) = current.replace((key, Span { start: at, len: 1 }))
                        && groups.insert(k, span).is_some()
                    {
                        return Err(corrupt(format!("comparisons of {k:?} not together")));
                    }
                }
            }
            rows.push(c.comparison);
            Ok(())
        })
        .await?;
        if let Some((k, span)) = current
            && groups.insert(k, span).is_some()
        {
            return Err(corrupt(format!("comparisons of {k:?} not together")));
        }
        rows.shrink_to_fit();
        groups.shrink_to_fit();
        for (&(indicator, year), span) in &groups {
            let group = &mut rows[span.start as usize..(span.start + span.len) as usize];
            group.sort_by_key(|c| (c.rank_country, c.school_id));
            for (i, c) in group.iter().enumerate() {
                let key = (EntityKind::School, c.school_id, indicator);
                let point = self
                    .series
                    .get(&key)
                    .and_then(|s| {
                        self.points[s.start as usize..(s.start + s.len) as usize]
                            .iter_mut()
                            .find(|p| p.year == year)
                    })
                    .ok_or_else(|| {
                        corrupt(format!(
                            "a comparison of school {} in {year} has no value",
                            c.school_id
                        ))
                    })?;
                point.comparison = span.start + i as u32;
            }
        }
        self.comparisons = rows;
        self.comparison_groups = groups;
        Ok(())
    }
}
