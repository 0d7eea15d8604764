//! Complementary (secondary) suppression: a withheld value must not come back by subtraction.
//!
//! Published figures are linked by sums of numerators and denominators:
//!
//! - **places**: a district's figure is the sum of its schools', a region's of its
//!   districts', the country's of its regions' (per indicator, dimensions and year; the
//!   school's district and region from the geo frame);
//! - **grades**: an entity's all-grades figure is the sum of its grade bands' (4–6, 7–9,
//!   10–11) and of its marked grades outside every band (2–3), the *rest* (per indicator,
//!   subject, period and year). Denominators are published, so the rest's size is known: a rest
//!   below the minimum count is taken as known (none, or narrowed to a few values), and then
//!   one withheld band is the all-grades figure less the others. A larger rest is a hidden term
//!   of its own, itself summed over places (a district's rest is its schools').
//!
//! Where one withheld school of a district has published siblings, the district's numerator
//! less theirs is the withheld school's (one pupil's ORT score); the same holds one level up,
//! for a withheld area whose children are all published (it is their sum), and across grades.
//! So every sum `parent = Σ children` must hide at least two of its unknown terms or none:
//!
//! - a parent with exactly one withheld child gets a second one: its published child with
//!   the smallest denominator (a rest first: withholding it publishes nothing less; ties: the
//!   lowest entity id, then band); where there is no other child, the parent itself (it
//!   equals its one child, give or take a known rest);
//! - a withheld parent with no withheld child gets two withheld (its only child, if it has
//!   one);
//! - a published parent whose withheld children are shares (percentages) counting, together,
//!   no pupil or every pupil of theirs gets one more withheld (each of them would otherwise be
//!   known to be 0 % or 100 %), while a published child is left;
//!
//! repeated until nothing changes (a newly withheld district can leave its region with one
//! withheld child, a newly withheld band its all-grades figure, …). Only ratio indicators are
//! concerned: a sum (a count of events) has no denominator and is never withheld, and a value
//! that does not aggregate (a median) has no areas.
//!
//! The cells withheld here are flagged `SUPPRESSED` like the others (value null; the stored
//! numerator and denominator stay for re-aggregation, the snapshot withholds the numerator).

use polars::prelude::*;

use super::DISCLOSED;
use crate::pipeline::columns::{self as c, aggregation, flag, kind, source};
use crate::pipeline::{keyed, keyed_names};

/// Rounds of the fixpoint before giving up on a table and withholding it whole (a chain of
/// consequences is a few levels up and down and across bands: about ten rounds; never
/// reached in practice).
const MAX_ROUNDS: usize = 64;

/// The grade band of a rest node (never a real band).
const REST: &str = "__rest";

// Scratch columns.
const LEVEL: &str = "__level";
const PARENT: &str = "__parent";
const SIZE: &str = "__size";
/// A cell's numerator and denominator, and whether it is a share (a percentage: a group of
/// withheld shares with no pupil counted, or all of them, gives each cell away).
const NUM: &str = "__num";
const DEN: &str = "__den";
const SHARE: &str = "__share";
const NUM_WITHHELD: &str = "__num_withheld";
const DEN_WITHHELD: &str = "__den_withheld";
const BANDS_NUM: &str = "__bands_num";
const BANDS: &str = "__bands";
const WITHHELD: &str = "__withheld";
const PARENT_WITHHELD: &str = "__parent_withheld";
const NEW: &str = "__new";
const N: &str = "__n";
const N_WITHHELD: &str = "__n_withheld";
const NEED: &str = "__need";
const INDEX: &str = "__index";
const POS: &str = "__pos";

/// A series' year: indicator, dimensions and year.
fn key(after: &[&'static str]) -> Vec<Expr> {
    keyed(&[c::INDICATOR], &[&[c::YEAR], after].concat())
}

/// A table: a series' year across grade bands (indicator, subject, period and year).
fn table(after: &[&'static str]) -> Vec<Expr> {
    table_names(after).into_iter().map(col).collect()
}

/// [`table`] as names.
fn table_names(after: &[&'static str]) -> Vec<&'static str> {
    [&[c::INDICATOR, c::SUBJECT, c::PERIOD, c::YEAR], after].concat()
}

/// Returns `disclosed` (the output of [`super::disclose`] over school *and* area values of
/// whole dimension keys; same rows, order and columns) with the complementary cells withheld:
/// value null and [`DISCLOSED`] `SUPPRESSED`.
///
/// A school row withheld by an earlier run (an incremental run carries school rows from the
/// published generation) comes without a value; where the minimum count did not withhold it,
/// its value is first computed again from its counts (`numerator × scale / denominator`, the
/// expression the school value was computed with, to the last bit), so the decision is
/// taken afresh from the raw numbers and the frame is the full run's.
///
/// # Errors
/// Polars errors (a missing column).
pub fn complement(
    disclosed: DataFrame,
    geo: LazyFrame,
    catalog: LazyFrame,
    min_count: f64,
) -> PolarsResult<DataFrame> {
    let columns: Vec<Expr> = disclosed
        .get_column_names()
        .into_iter()
        .map(|n| col(n.clone()))
        .collect();
    let ratios = catalog
        .filter(col(c::AGGREGATION).eq(lit(aggregation::RATIO)))
        .select([col(c::INDICATOR), col(c::SCALE)]);
    let in_tree = col(c::ENTITY_KIND)
        .eq(lit(kind::SCHOOL))
        .and(col(c::SOURCE).eq(lit(source::RAW)))
        .and(col(c::NUMERATOR).is_not_null())
        .and(col(c::DENOMINATOR).gt(lit(0.0)))
        .and(col(c::SCALE).is_not_null());
    let restored = disclosed
        .lazy()
        .join(
            ratios,
            [col(c::INDICATOR)],
            [col(c::INDICATOR)],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .with_column(
            when(
                in_tree
                    .and(col(c::VALUE).is_null())
                    .and(col(DISCLOSED).is_null()),
            )
            .then(col(c::NUMERATOR) * col(c::SCALE) / col(c::DENOMINATOR))
            .otherwise(col(c::VALUE))
            .alias(c::VALUE),
        )
        .collect()?;
    let nodes = nodes(restored.clone().lazy(), geo, min_count)?.collect()?;
    if nodes.height() == 0 {
        return restored.lazy().select(columns).collect();
    }
    let withheld = settle(nodes)?.lazy().filter(col(WITHHELD)).select(
        key(&[c::ENTITY_KIND, c::ENTITY_ID])
            .into_iter()
            .chain([lit(true).alias(NEW)])
            .collect::<Vec<_>>(),
    );
    let on = || key(&[c::ENTITY_KIND, c::ENTITY_ID]);
    let new = col(NEW).fill_null(lit(false));
    restored
        .lazy()
        .join(
            withheld,
            on(),
            on(),
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .with_columns([
            when(new.clone())
                .then(lit(NULL).cast(DataType::Float64))
                .otherwise(col(c::VALUE))
                .alias(c::VALUE),
            when(new)
                .then(lit(flag::SUPPRESSED))
                .otherwise(col(DISCLOSED))
                .alias(DISCLOSED),
        ])
        .select(columns)
        .collect()
}

/// The cells of the tables that have a withheld cell: [`key`], entity kind and id,
/// [`LEVEL`] (0 school … 3 country), [`PARENT`] (the parent's id, null for the country),
/// [`SIZE`] (the denominator) and [`WITHHELD`]; and each entity's rest where it is a hidden
/// term (grade band [`REST`], size 0, not withheld).
fn nodes(restored: LazyFrame, geo: LazyFrame, min_count: f64) -> PolarsResult<LazyFrame> {
    let withheld = col(DISCLOSED)
        .eq(lit(flag::SUPPRESSED))
        .fill_null(lit(false));
    let ratio = restored.filter(col(c::SCALE).is_not_null());
    let node = |lf: LazyFrame, level: i32, parent: Expr| {
        lf.select(
            key(&[c::ENTITY_KIND, c::ENTITY_ID])
                .into_iter()
                .chain([
                    lit(level).alias(LEVEL),
                    parent.cast(DataType::Int32).alias(PARENT),
                    col(c::DENOMINATOR).fill_null(lit(0.0)).alias(SIZE),
                    withheld.clone().alias(WITHHELD),
                    col(c::NUMERATOR).fill_null(lit(0.0)).alias(NUM),
                    col(c::DENOMINATOR).fill_null(lit(0.0)).alias(DEN),
                    col(c::SCALE).eq(lit(100.0)).alias(SHARE),
                ])
                .collect::<Vec<_>>(),
        )
    };
    let of_kind = |k: &str| ratio.clone().filter(col(c::ENTITY_KIND).eq(lit(k)));
    let inner = || JoinArgs::new(JoinType::Inner);
    // The school rows `aggregate` sums (RAW, counted, in geo).
    let schools = of_kind(kind::SCHOOL)
        .filter(
            col(c::SOURCE)
                .eq(lit(source::RAW))
                .and(col(c::NUMERATOR).is_not_null())
                .and(col(c::DENOMINATOR).gt(lit(0.0))),
        )
        .join(
            geo.clone().select([col(c::SCHOOL_ID), col(c::DISTRICT_ID)]),
            [col(c::ENTITY_ID)],
            [col(c::SCHOOL_ID)],
            inner(),
        );
    let district_regions = geo
        .select([col(c::DISTRICT_ID), col(c::REGION_ID)])
        .unique(None, UniqueKeepStrategy::First);
    let districts = of_kind(kind::DISTRICT).join(
        district_regions,
        [col(c::ENTITY_ID)],
        [col(c::DISTRICT_ID)],
        inner(),
    );
    let cells = concat(
        [
            node(schools, 0, col(c::DISTRICT_ID)),
            node(districts, 1, col(c::REGION_ID)),
            node(of_kind(kind::REGION), 2, lit(kind::COUNTRY_ID)),
            node(of_kind(kind::COUNTRY), 3, lit(NULL)),
        ],
        UnionArgs::default(),
    )?;
    let all = concat(
        [cells.clone(), rests(cells, min_count)],
        UnionArgs::default(),
    )?;
    // Most tables withhold nothing: only the others enter the fixpoint.
    let touched = all
        .clone()
        .filter(col(WITHHELD))
        .select(table(&[]))
        .unique(None, UniqueKeepStrategy::First);
    Ok(all.join(touched, table(&[]), table(&[]), inner()))
}

/// Each entity's rest (its all-grades size less its bands'), where it has bands and the rest
/// is at least `min_count`: a node of [`nodes`]' columns with grade band [`REST`].
fn rests(cells: LazyFrame, min_count: f64) -> LazyFrame {
    let entity = || table(&[c::ENTITY_KIND, LEVEL, c::ENTITY_ID]);
    let bands = cells
        .clone()
        .filter(col(c::GRADE_BAND).neq(lit("")))
        .group_by(entity())
        .agg([
            col(SIZE).sum().alias(BANDS),
            col(NUM).sum().alias(BANDS_NUM),
        ]);
    cells
        .filter(col(c::GRADE_BAND).eq(lit("")))
        .join(bands, entity(), entity(), JoinArgs::new(JoinType::Inner))
        .filter((col(SIZE) - col(BANDS)).gt_eq(lit(min_count)))
        .select(
            key(&[c::ENTITY_KIND, c::ENTITY_ID])
                .into_iter()
                .map(|e| {
                    if e == col(c::GRADE_BAND) {
                        lit(REST).alias(c::GRADE_BAND)
                    } else {
                        e
                    }
                })
                .chain([
                    col(LEVEL),
                    col(PARENT),
                    lit(0.0).alias(SIZE),
                    lit(false).alias(WITHHELD),
                    (col(NUM) - col(BANDS_NUM)).alias(NUM),
                    (col(SIZE) - col(BANDS)).alias(DEN),
                    col(SHARE),
                ])
                .collect::<Vec<_>>(),
        )
}

/// Runs the fixpoint on `nodes` ([`nodes`]' columns); returns them with [`WITHHELD`] final.
fn settle(mut nodes: DataFrame) -> PolarsResult<DataFrame> {
    let at = || key(&[LEVEL, c::ENTITY_ID]);
    let mark = |nodes: DataFrame, marks: LazyFrame, on: Vec<Expr>| {
        nodes
            .lazy()
            .join(
                marks.with_column(lit(true).alias(NEW)),
                on.clone(),
                on,
                JoinArgs::new(JoinType::Left),
            )
            .with_column(
                col(WITHHELD)
                    .or(col(NEW).fill_null(lit(false)))
                    .alias(WITHHELD),
            )
            .drop(by_name([NEW], true, false))
            .collect()
    };
    for _ in 0..MAX_ROUNDS {
        let marks = round(nodes.clone().lazy())?;
        if marks.height() == 0 {
            return Ok(nodes);
        }
        nodes = mark(nodes, marks.lazy(), at())?;
    }
    // Not settled (never seen): the tables still moving are withheld whole.
    let moving = round(nodes.clone().lazy())?
        .lazy()
        .select(table(&[]))
        .unique(None, UniqueKeepStrategy::First);
    tracing::warn!("complementary suppression did not settle; withholding the unsettled tables");
    mark(nodes, moving, table(&[]))
}

/// One round: the published cells ([`key`], [`LEVEL`], entity id) to withhold next. The
/// grades' sums go first, then the places' sums of figures, then those of rests: a rest
/// taken for a grades' sum often settles a place's sum of rests that, taken in the same
/// round, would take one more rest and then a band for it.
fn round(nodes: LazyFrame) -> PolarsResult<DataFrame> {
    let all_grades = col(c::GRADE_BAND).eq(lit(""));
    let grades = sum_rule(
        nodes.clone().filter(all_grades.clone().not()),
        nodes.clone().filter(all_grades).select(
            table(&[LEVEL, c::ENTITY_ID])
                .into_iter()
                .chain([col(WITHHELD).alias(PARENT_WITHHELD)])
                .collect::<Vec<_>>(),
        ),
        &table_names(&[LEVEL, c::ENTITY_ID]),
        key(&[LEVEL, c::ENTITY_ID])
            .into_iter()
            .map(|e| {
                if e == col(c::GRADE_BAND) {
                    lit("").alias(c::GRADE_BAND)
                } else {
                    e
                }
            })
            .collect(),
    )?
    .collect()?;
    if grades.height() > 0 {
        return Ok(grades);
    }
    // Places: children grouped by their parent; a parent seen from its children's side.
    let places = sum_rule(
        nodes.clone().filter(col(PARENT).is_not_null()),
        nodes.select(
            key(&[])
                .into_iter()
                .chain([
                    (col(LEVEL) - lit(1)).alias(LEVEL),
                    col(c::ENTITY_ID).alias(PARENT),
                    col(WITHHELD).alias(PARENT_WITHHELD),
                ])
                .collect::<Vec<_>>(),
        ),
        &keyed_names(&[c::INDICATOR], &[c::YEAR, LEVEL, PARENT]),
        key(&[])
            .into_iter()
            .chain([
                (col(LEVEL) + lit(1)).alias(LEVEL),
                col(PARENT).alias(c::ENTITY_ID),
            ])
            .collect(),
    )?
    .collect()?;
    let figures = places.filter(&places.column(c::GRADE_BAND)?.str()?.not_equal(REST))?;
    Ok(if figures.height() > 0 {
        figures
    } else {
        places
    })
}

/// The rule for one kind of sum: `children` (nodes, with the `group` columns naming their
/// sum), `parents` (the `group` columns and [`PARENT_WITHHELD`]); `parent` gives a parent's
/// [`key`], [`LEVEL`] and entity id from its group's columns. Returns the cells to withhold.
fn sum_rule(
    children: LazyFrame,
    parents: LazyFrame,
    group: &[&'static str],
    parent: Vec<Expr>,
) -> PolarsResult<LazyFrame> {
    let by = || group.iter().map(|n| col(*n)).collect::<Vec<_>>();
    let n_withheld = col(N_WITHHELD);
    let parent_withheld = col(PARENT_WITHHELD).fill_null(lit(false));
    let sums = children
        .clone()
        .group_by(by())
        .agg([
            len().cast(DataType::Int64).alias(N),
            col(WITHHELD).cast(DataType::Int64).sum().alias(N_WITHHELD),
            when(col(WITHHELD))
                .then(col(NUM))
                .otherwise(lit(0.0))
                .sum()
                .alias(NUM_WITHHELD),
            when(col(WITHHELD))
                .then(col(DEN))
                .otherwise(lit(0.0))
                .sum()
                .alias(DEN_WITHHELD),
            col(SHARE).any(true).alias(SHARE),
        ])
        .join(parents, by(), by(), JoinArgs::new(JoinType::Left))
        .with_column(
            when(n_withheld.clone().eq(lit(1i64)))
                .then(lit(1i64))
                .when(
                    parent_withheld
                        .clone()
                        .and(n_withheld.clone().eq(lit(0i64))),
                )
                .then(lit(2i64))
                // Withheld shares whose sum is known (a published parent) and counts no pupil
                // or every pupil: each of them is 0 % or 100 %. One more, while any is left.
                .when(
                    parent_withheld
                        .clone()
                        .not()
                        .and(col(SHARE))
                        .and(n_withheld.clone().gt_eq(lit(2i64)))
                        .and(n_withheld.clone().lt(col(N)))
                        .and(
                            col(NUM_WITHHELD)
                                .eq(lit(0.0))
                                .or(col(NUM_WITHHELD).eq(col(DEN_WITHHELD))),
                        ),
                )
                .then(lit(1i64))
                .otherwise(lit(0i64))
                .alias(NEED),
        )
        .filter(col(NEED).gt(lit(0i64)));
    // The published children in order of size, entity id and band: the first NEED are
    // withheld.
    let mut order: Vec<&str> = group.to_vec();
    for n in [SIZE, c::ENTITY_ID, c::GRADE_BAND] {
        if !order.contains(&n) {
            order.push(n);
        }
    }
    let chosen = children
        .filter(col(WITHHELD).not())
        .sort(order, SortMultipleOptions::default().with_nulls_last(true))
        .with_row_index(INDEX, None)
        .with_column(
            (col(INDEX).cast(DataType::Int64)
                - col(INDEX).cast(DataType::Int64).min().over(by())?)
            .alias(POS),
        )
        .join(sums.clone(), by(), by(), JoinArgs::new(JoinType::Inner))
        .filter(col(POS).lt(col(NEED)))
        .select(key(&[LEVEL, c::ENTITY_ID]));
    // One withheld child and no other: the parent equals it.
    let lifted = sums
        .filter(
            n_withheld
                .eq(lit(1i64))
                .and(col(N).eq(lit(1i64)))
                .and(parent_withheld.not()),
        )
        .select(parent);
    Ok(concat([chosen, lifted], UnionArgs::default())?.unique(None, UniqueKeepStrategy::First))
}

#[cfg(test)]
mod band_tests;
#[cfg(test)]
mod tests;
