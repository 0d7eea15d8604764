//! The derive stage of a run, partition by partition.
//!
//! Everything computed after the school values stays inside one series key's dimensions
//! (subject, grade band, period; `domain::trend::dims`): areas sum the schools of one
//! indicator, dimensions and year; disclosure looks at another indicator of the same entity,
//! year *and dimensions*; flags and trends run over the years of one entity, indicator and
//! dimensions; comparisons rank schools within one indicator, dimensions and year. The only
//! school-wide steps that read other indicators (capacity utilisation from enrolment, the
//! register's training share) are done once on all school values, before partitioning
//! ([`school_values`]).
//!
//! So the school values' dimension keys are cut into batches of whole keys ([`batch_keys`]);
//! each batch takes its rows from the years' frames ([`batch`]), is derived on its own
//! ([`derive`]) and written to the staging generation before the next is held: the frames of
//! a whole national generation (values, comparisons, trends and their intermediate joins)
//! were several GB at once.

use polars::prelude::*;

use crate::indicators;
use crate::pipeline::{self, columns as c};

/// School rows per batch (whole dimension keys: a key with more rows is a batch of its own).
/// Nationally (2.4 M school values) about twenty batches; the derive stage's transient
/// frames are about 1 kB per school row, and two batches are in hand at once (one written
/// while the next is computed).
pub(super) const BATCH_ROWS: usize = 120_000;

/// What every batch needs besides its school values.
pub(super) struct Shared {
    pub geo: DataFrame,
    pub catalog: DataFrame,
    pub rules: DataFrame,
    pub disclosure: DataFrame,
    /// The generation's complete and provisional years, and the trend window.
    pub complete: Vec<i32>,
    pub provisional: Vec<i32>,
    pub first: i32,
    pub last: i32,
    pub min_count: f64,
    pub score_step: f64,
}

/// One batch's results, as the store writes them.
pub(super) struct Derived {
    /// Flagged values of every entity kind, with coverage.
    pub values: DataFrame,
    pub trends: DataFrame,
    pub comparisons: DataFrame,
}

/// All school values of the generation, as parts: the years' frames (recomputed and
/// carried), capacity utilisation and the register's training share. They are never
/// concatenated whole: each batch takes its keys' rows from every part ([`batch`]), so the
/// stage holds the parts once instead of a sorted copy of them beside the parts (the copy
/// and the sort were the run's peak at national scale).
pub(super) fn school_parts(
    mut frames: Vec<DataFrame>,
    geo: &DataFrame,
    register: DataFrame,
) -> PolarsResult<Vec<DataFrame>> {
    let lazy = |frames: &[DataFrame]| -> Vec<LazyFrame> {
        frames.iter().map(|f| f.clone().lazy()).collect()
    };
    // Collected on their own (a few thousand rows each): a plan reading the years' frames
    // twice would have them materialised once more in between.
    let capacity = indicators::capacity_utilisation(
        concat(lazy(&frames), UnionArgs::default())?,
        geo.clone().lazy(),
    )
    .collect()?;
    let register = indicators::register_training(register.lazy()).collect()?;
    frames.extend([capacity, register]);
    Ok(frames)
}

/// The dimension keys of each batch: whole keys in key order, about `target` school rows a
/// batch (a key with more rows is a batch of its own). The grade bands of a subject and
/// period are never cut from their all-grades key: the all-grades figure is the bands' sum,
/// and complementary suppression protects both in one batch.
pub(super) fn batch_keys(parts: &[DataFrame], target: usize) -> PolarsResult<Vec<DataFrame>> {
    let dims = || pipeline::keyed(&[], &[]);
    let counted: Vec<LazyFrame> = parts
        .iter()
        .map(|p| {
            p.clone()
                .lazy()
                .group_by(dims())
                .agg([len().cast(DataType::UInt64).alias("__rows")])
        })
        .collect();
    let keys = concat(counted, UnionArgs::default())?
        .group_by(dims())
        .agg([col("__rows").sum()])
        .sort(
            [c::SUBJECT, c::PERIOD, c::GRADE_BAND],
            SortMultipleOptions::default(),
        )
        .collect()?;
    let rows: Vec<usize> = keys
        .column("__rows")?
        .u64()?
        .iter()
        .map(|n| usize::try_from(n.unwrap_or(0)).unwrap_or(usize::MAX))
        .collect();
    // Rows per (subject, period), and where each such group's keys start.
    let (subjects, periods) = (
        keys.column(c::SUBJECT)?.str()?,
        keys.column(c::PERIOD)?.str()?,
    );
    let (mut grouped, mut starts): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for (i, &r) in rows.iter().enumerate() {
        let same =
            i > 0 && subjects.get(i) == subjects.get(i - 1) && periods.get(i) == periods.get(i - 1);
        match grouped.last_mut() {
            Some(n) if same => *n += r,
            _ => {
                grouped.push(r);
                starts.push(i);
            }
        }
    }
    starts.push(rows.len());
    let keys = keys.select(pipeline::keyed_names(&[], &[]))?;
    Ok(cut(&grouped, target)
        .into_iter()
        .map(|(at, n)| {
            let (from, to) = (starts[at], starts[at + n]);
            keys.slice(from as i64, to - from)
        })
        .collect())
}

/// One batch's school values: the rows of `keys` from every part, sorted by dimensions, then
/// indicator, year and school (one order whatever the years' origin, so float sums come out
/// the same).
pub(super) fn batch(parts: &[DataFrame], keys: &DataFrame) -> PolarsResult<DataFrame> {
    let dims = || pipeline::keyed(&[], &[]);
    let taken: Vec<LazyFrame> = parts
        .iter()
        .map(|p| {
            // The keys are unique, so an inner join keeps each row of theirs once.
            p.clone().lazy().join(
                keys.clone().lazy(),
                dims(),
                dims(),
                JoinArgs::new(JoinType::Inner),
            )
        })
        .collect();
    concat(taken, UnionArgs::default())?
        .sort(
            pipeline::keyed_names(&[], &[c::INDICATOR, c::YEAR, c::ENTITY_ID]),
            SortMultipleOptions::default(),
        )
        .collect()
}

/// Consecutive runs of `rows` (the rows of each key, in order) packed into batches of at most
/// `target` rows, except a single key larger than that: (first key, number of keys) each.
fn cut(rows: &[usize], target: usize) -> Vec<(usize, usize)> {
    let mut batches = Vec::new();
    let (mut at, mut keys, mut n) = (0, 0, 0);
    for &r in rows {
        if keys > 0 && n + r > target {
            batches.push((at, keys));
            at += keys;
            (keys, n) = (0, 0);
        }
        keys += 1;
        n += r;
    }
    if keys > 0 {
        batches.push((at, keys));
    }
    batches
}

/// Areas, disclosure, flags, trends and comparisons of one batch of school values (whole
/// dimension keys).
pub(super) fn derive(school: DataFrame, shared: &Shared) -> PolarsResult<Derived> {
    let areas = pipeline::aggregate(
        school.clone().lazy(),
        shared.geo.clone().lazy(),
        shared.catalog.clone().lazy(),
        &shared.complete,
    )?;
    // A school covers itself: coverage columns are null on its rows.
    let no_coverage = c::COVERAGE_COLUMNS.map(|n| lit(NULL).cast(DataType::Int32).alias(n));
    // Everything published is computed from the disclosed values, so no flag, trend or
    // rank gives back a withheld one; and no area sum gives one back by subtraction
    // (complementary suppression, on the batch's whole trees).
    let disclosed = pipeline::disclose(
        concat(
            [school.lazy().with_columns(no_coverage), areas],
            UnionArgs::default(),
        )?,
        shared.disclosure.clone().lazy(),
        shared.min_count,
        shared.score_step,
    )
    .collect()?;
    let all = pipeline::complement(
        disclosed,
        shared.geo.clone().lazy(),
        shared.catalog.clone().lazy(),
        shared.min_count,
    )?
    .lazy()
    .sort(
        pipeline::keyed_names(&[c::ENTITY_KIND, c::ENTITY_ID, c::INDICATOR], &[c::YEAR]),
        SortMultipleOptions::default(),
    )
    .collect()?;
    let values = pipeline::disclosure_flags(pipeline::flags(
        all.clone().lazy(),
        shared.rules.clone().lazy(),
    )?)
    .collect()?;
    // Provisional years are published (flagged above like any year) but enter no trend,
    // rank or comparison.
    let counted = all.lazy().filter(
        shared
            .provisional
            .iter()
            .fold(lit(true), |keep, y| keep.and(col(c::YEAR).neq(lit(*y)))),
    );
    let school = counted
        .clone()
        .filter(col(c::ENTITY_KIND).eq(lit(c::kind::SCHOOL)))
        .sort(
            pipeline::keyed_names(&[c::INDICATOR], &[c::YEAR, c::ENTITY_ID]),
            SortMultipleOptions::default(),
        );
    // A quarter's or half-year's series is one year long: no trend.
    let trends = pipeline::trend_stats(
        counted.clone().filter(col(c::PERIOD).eq(lit(""))),
        shared.first,
        shared.last,
        shared.rules.clone().lazy(),
    )
    .collect()?;
    let comparisons = pipeline::compare(
        school,
        counted,
        shared.geo.clone().lazy(),
        shared.catalog.clone().lazy(),
        shared.rules.clone().lazy(),
    )?
    .collect()?;
    Ok(Derived {
        values,
        trends,
        comparisons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_hold_whole_keys_of_about_the_target() {
        assert_eq!(cut(&[], 10), vec![]);
        assert_eq!(cut(&[3, 4, 2], 10), vec![(0, 3)]);
        assert_eq!(cut(&[3, 4, 5], 10), vec![(0, 2), (2, 1)]);
        // A key larger than the target is a batch of its own.
        assert_eq!(cut(&[2, 25, 1], 10), vec![(0, 1), (1, 1), (2, 1)]);
        assert_eq!(cut(&[10, 10], 10), vec![(0, 1), (1, 1)]);
        assert_eq!(cut(&[0, 0, 4], 10), vec![(0, 3)]);
    }

    /// (subject, grade band, period, school) rows of one indicator.
    type KeyRow<'a> = (&'a str, &'a str, &'a str, i32);

    fn school_rows(rows: &[KeyRow<'_>]) -> DataFrame {
        let col_of = |name: &str, f: fn(&KeyRow<'_>) -> String| {
            Column::new(name.into(), rows.iter().map(f).collect::<Vec<String>>())
        };
        DataFrame::new_infer_height(vec![
            col_of(c::SUBJECT, |r| r.0.to_string()),
            col_of(c::GRADE_BAND, |r| r.1.to_string()),
            col_of(c::PERIOD, |r| r.2.to_string()),
            col_of(c::INDICATOR, |_| "success_pct".to_string()),
            Column::new(c::YEAR.into(), vec![2021; rows.len()]),
            Column::new(
                c::ENTITY_ID.into(),
                rows.iter().map(|r| r.3).collect::<Vec<i32>>(),
            ),
        ])
        .unwrap()
    }

    #[test]
    fn partitions_never_split_a_dimension_key() {
        let mut rows = Vec::new();
        for school in 0..5 {
            rows.push(("", "", "", school));
            rows.push(("", "7-9", "", school));
            rows.push(("math", "", "", school));
            rows.push(("math", "", "q1", school));
        }
        // Two unsorted parts, as the years' frames are.
        let (even, odd): (Vec<KeyRow<'_>>, Vec<KeyRow<'_>>) =
            rows.iter().partition(|r| r.3 % 2 == 0);
        let parts = [school_rows(&odd), school_rows(&even)];
        for target in [1, 4, 6, 9, 100] {
            let batches: Vec<DataFrame> = batch_keys(&parts, target)
                .unwrap()
                .iter()
                .map(|keys| batch(&parts, keys).unwrap())
                .collect();
            assert_eq!(
                batches.iter().map(DataFrame::height).sum::<usize>(),
                20,
                "target {target}"
            );
            let mut seen = std::collections::BTreeSet::new();
            for batch in &batches {
                // No empty batch, none above the target but the bands' group of 10 rows.
                assert!(
                    batch.height() > 0 && batch.height() <= target.max(10),
                    "{} rows, target {target}",
                    batch.height()
                );
                let keys = batch
                    .clone()
                    .lazy()
                    .select([concat_str(pipeline::keyed(&[], &[]), "|", false).alias("k")])
                    .unique(None, UniqueKeepStrategy::Any)
                    .collect()
                    .unwrap();
                for k in keys.column("k").unwrap().str().unwrap().iter().flatten() {
                    // Every key is in exactly one batch, with all five schools.
                    assert!(seen.insert(k.to_string()), "{k} split, target {target}");
                    let n = batch
                        .clone()
                        .lazy()
                        .filter(
                            concat_str(pipeline::keyed(&[], &[]), "|", false)
                                .eq(lit(k.to_string())),
                        )
                        .collect()
                        .unwrap()
                        .height();
                    assert_eq!(n, 5, "{k}, target {target}");
                }
            }
            assert_eq!(seen.len(), 4);
            // The band's batch holds its all-grades key ("", "", "").
            let keys_of = |b: &DataFrame| -> Vec<String> {
                let k = |n: &str| b.column(n).unwrap().str().unwrap().clone();
                let (s, g, p) = (k(c::SUBJECT), k(c::GRADE_BAND), k(c::PERIOD));
                (0..b.height())
                    .map(|i| {
                        format!(
                            "{}|{}|{}",
                            s.get(i).unwrap(),
                            g.get(i).unwrap(),
                            p.get(i).unwrap()
                        )
                    })
                    .collect()
            };
            let band = batches
                .iter()
                .map(keys_of)
                .find(|k| k.contains(&"|7-9|".to_string()))
                .unwrap();
            assert!(band.contains(&"||".to_string()), "target {target}");
            if target >= 20 {
                assert_eq!(batches.len(), 1);
            }
            if target <= 5 {
                assert_eq!(batches.len(), 3);
            }
        }
    }

    /// A small generation with school-wide values (a ratio, a count and a person-level value
    /// counted by another indicator), subjects and a quarter of the last year.
    fn generation() -> DataFrame {
        use crate::pipeline::test_data::{Row, values_frame};
        let mut rows = Vec::new();
        for school in 1..=6 {
            for year in 2017..=2021 {
                let n = f64::from(school * 7 + year % 5);
                for subject in ["", "math", "phys"] {
                    if subject == "phys" && school == 2 && year == 2019 {
                        continue;
                    }
                    rows.push(
                        Row::school_ratio(
                            school,
                            "knowledge_quality_marks_pct",
                            year,
                            n.min(3.0 + f64::from(school)),
                            n,
                        )
                        .subject(subject),
                    );
                }
                // Few takers at school 1: its median is withheld by the counting indicator.
                let takers = if school == 1 { 3.0 } else { n };
                rows.push(Row {
                    numerator: Some(takers),
                    ..Row::value("school", school, "ort_participants", year, Some(takers))
                });
                rows.push(Row::value(
                    "school",
                    school,
                    "ort_median",
                    year,
                    Some(100.0 + n),
                ));
            }
        }
        let mut quarter =
            values_frame(&[
                Row::school_ratio(3, "success_marks_pct", 2021, 9.0, 12.0).subject("math")
            ])
            .collect()
            .unwrap();
        quarter
            .with_column(Column::new(c::PERIOD.into(), ["q1"]))
            .unwrap();
        values_frame(&rows)
            .collect()
            .unwrap()
            .vstack(&quarter)
            .unwrap()
    }

    fn shared() -> Shared {
        use crate::pipeline::test_data::geo_frame;
        let geo = geo_frame(&[
            (1, 10, 100, Some("<300"), Some("ky")),
            (2, 10, 100, Some("<300"), Some("ky")),
            (3, 10, 100, Some("300-999"), Some("ru")),
            (4, 11, 100, Some("<300"), Some("ky")),
            (5, 11, 100, None, Some("ky")),
            (6, 12, 101, Some("<300"), Some("ky")),
        ])
        .collect()
        .unwrap();
        Shared {
            geo,
            catalog: crate::frame::catalog_frame().unwrap(),
            rules: crate::frame::rules_frame(&domain::config::JobsConfig::default()).unwrap(),
            disclosure: crate::frame::disclosure_frame().unwrap(),
            complete: vec![2017, 2018, 2019, 2020],
            provisional: vec![2021],
            first: 2017,
            last: 2020,
            min_count: 5.0,
            score_step: 10.0,
        }
    }

    fn all_sorted(frames: Vec<DataFrame>) -> DataFrame {
        let first = frames[0].clone();
        let names: Vec<PlSmallStr> = first.get_column_names_owned();
        let frames: Vec<LazyFrame> = frames.into_iter().map(IntoLazy::lazy).collect();
        concat(frames, UnionArgs::default())
            .unwrap()
            .sort(names, SortMultipleOptions::default())
            .collect()
            .unwrap()
    }

    #[test]
    fn batch_by_batch_gives_the_frames_of_one_pass() {
        let shared = shared();
        let school = generation()
            .lazy()
            .sort(
                pipeline::keyed_names(&[], &[c::INDICATOR, c::YEAR, c::ENTITY_ID]),
                SortMultipleOptions::default(),
            )
            .collect()
            .unwrap();
        let whole = derive(school.clone(), &shared).unwrap();
        assert!(whole.values.height() > school.height());
        assert!(whole.trends.height() > 0 && whole.comparisons.height() > 0);
        // The parts as the run has them: unsorted, a year's rows apart from the others'.
        let parts = [
            generation()
                .lazy()
                .filter(col(c::YEAR).eq(lit(2019)))
                .collect()
                .unwrap(),
            generation()
                .lazy()
                .filter(col(c::YEAR).neq(lit(2019)))
                .collect()
                .unwrap(),
        ];
        for target in [1, 40, 100] {
            let batches: Vec<DataFrame> = batch_keys(&parts, target)
                .unwrap()
                .iter()
                .map(|keys| batch(&parts, keys).unwrap())
                .collect();
            assert!(batches.len() > 1, "target {target}");
            // In order, the batches are the whole sorted frame, row for row.
            let mut joined = batches[0].clone();
            for b in &batches[1..] {
                joined.vstack_mut(b).unwrap();
            }
            assert!(joined.equals_missing(&school), "target {target}");
            let parts: Vec<Derived> = batches
                .into_iter()
                .map(|b| derive(b, &shared).unwrap())
                .collect();
            let pick = |f: fn(&Derived) -> &DataFrame| -> Vec<DataFrame> {
                parts.iter().map(|d| f(d).clone()).collect()
            };
            for (name, one, batched) in [
                ("values", &whole.values, pick(|d| &d.values)),
                ("trends", &whole.trends, pick(|d| &d.trends)),
                ("comparisons", &whole.comparisons, pick(|d| &d.comparisons)),
            ] {
                let one = all_sorted(vec![one.clone()]);
                let batched = all_sorted(batched);
                assert!(
                    one.equals_missing(&batched),
                    "{name}, target {target}:\n{one}\n{batched}"
                );
            }
        }
    }
}
