//! Writing, validating and publishing trend generations, and reading the published one.
//!
//! A run creates a `staging` generation, fills it, and calls [`validate`]; only a clean
//! generation is [`publish`]ed, by switching the one-row pointer `published_generation` in
//! one transaction. A rejected generation is kept (status `rejected`) for inspection; the
//! published one stays as it was.

use crate::bulk::{self, Target};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColIdx, ConnectionTrait, DbErr, FromQueryResult, QueryResult, TransactionTrait, TryGetError,
    TryGetable, Value,
};

/// One indicator value of one entity and year.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ValueRow {
    pub entity_kind: String,
    pub entity_id: i32,
    pub indicator: String,
    /// The value's dimensions (`super::dims`): a subject code, a grade band, a period;
    /// `""` = all (every subject, every marked grade, the whole year).
    pub subject: String,
    pub grade_band: String,
    pub period: String,
    pub year: i32,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub source: String,
    pub flags: String,
    pub n_source_rows: i64,
    /// Areas only (null for a school): the schools whose value entered the sum.
    pub n_schools: Option<i32>,
    /// Areas only: the area's schools that should report the indicator that year (those
    /// with a value of it that year or in any complete year of the generation).
    pub n_schools_expected: Option<i32>,
}

/// One academic year of a generation and its coverage (`generation_year`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct YearRow {
    pub year: i32,
    /// Schools with any fact that year.
    pub schools: i32,
    /// Schools with any fact in the last complete year before it; `None` for the first year
    /// with facts (nothing to measure it against).
    pub expected: Option<i32>,
    /// Below `jobs.min_coverage_share` of `expected`: published, but out of trends, ranks
    /// and comparisons, and the trend window does not move for it.
    pub provisional: bool,
}

/// A five-year trend's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Flat,
    Insufficient,
}

impl Direction {
    /// As stored (`indicator_trend.direction`).
    pub fn code(self) -> &'static str {
        match self {
            Direction::Up => "UP",
            Direction::Down => "DOWN",
            Direction::Flat => "FLAT",
            Direction::Insufficient => "INSUFFICIENT",
        }
    }

    /// The direction stored as `code`, if it is one.
    pub fn from_code(code: &str) -> Option<Direction> {
        [
            Direction::Up,
            Direction::Down,
            Direction::Flat,
            Direction::Insufficient,
        ]
        .into_iter()
        .find(|d| d.code() == code)
    }
}

impl TryGetable for Direction {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let code = String::try_get_by(res, index)?;
        Direction::from_code(&code).ok_or_else(|| {
            TryGetError::DbErr(DbErr::Type(format!(
                "published generation: unknown trend direction `{code}`"
            )))
        })
    }
}

/// Trend statistics of one indicator for one entity over the generation's window: what the
/// job writes and the snapshot serves.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Trend {
    pub window_first: i32,
    pub window_last: i32,
    pub n_points: i32,
    pub first_year: Option<i32>,
    pub first_value: Option<f64>,
    pub last_year: Option<i32>,
    pub last_value: Option<f64>,
    pub delta: Option<f64>,
    pub mean: Option<f64>,
    pub min_value: Option<f64>,
    pub max_value: Option<f64>,
    pub slope: Option<f64>,
    pub direction: Direction,
}

/// A row of `indicator_trend`: whose trend it is, and the trend.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct TrendRow {
    pub entity_kind: String,
    pub entity_id: i32,
    pub indicator: String,
    /// The value's dimensions (`super::dims`): a subject code, a grade band, a period;
    /// `""` = all (every subject, every marked grade, the whole year).
    pub subject: String,
    pub grade_band: String,
    pub period: String,
    #[sea_orm(nested)]
    pub trend: Trend,
}

/// A school's standing among its district, region and country on one indicator in one year.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Comparison {
    pub school_id: i32,
    pub value: f64,
    pub rank_district: i32,
    pub count_district: i32,
    pub pct_district: f64,
    pub rank_region: i32,
    pub count_region: i32,
    pub pct_region: f64,
    pub rank_country: i32,
    pub count_country: i32,
    pub pct_country: f64,
    /// The unweighted mean of the district's school values (a statistic over schools).
    pub district_mean: Option<f64>,
    pub district_median: Option<f64>,
    /// `value − district_mean`.
    pub gap_to_district_mean: Option<f64>,
    pub z_district: Option<f64>,
    pub peer_median: Option<f64>,
    /// The district's own value (Σ numerators / Σ denominators): the gap reference.
    pub district_value: Option<f64>,
    /// `value − district_value`.
    pub gap_to_district: Option<f64>,
}

/// A row of `indicator_comparison`: which indicator and year, and the school's standing.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct ComparisonRow {
    pub indicator: String,
    /// The value's dimensions (`super::dims`): a subject code, a grade band, a period;
    /// `""` = all (every subject, every marked grade, the whole year).
    pub subject: String,
    pub grade_band: String,
    pub period: String,
    pub year: i32,
    #[sea_orm(nested)]
    pub comparison: Comparison,
}

const VALUES: Target = Target {
    table: "indicator_value",
    columns: &[
        "generation_id",
        "entity_kind",
        "entity_id",
        "indicator",
        "subject",
        "grade_band",
        "period",
        "year",
        "value",
        "numerator",
        "denominator",
        "source",
        "flags",
        "n_source_rows",
        "n_schools",
        "n_schools_expected",
    ],
    key: &[
        "generation_id",
        "entity_kind",
        "entity_id",
        "indicator",
        "subject",
        "grade_band",
        "period",
        "year",
    ],
    year_column: None,
};
const YEARS: Target = Target {
    table: "generation_year",
    columns: &[
        "generation_id",
        "year",
        "schools",
        "expected",
        "provisional",
    ],
    key: &["generation_id", "year"],
    year_column: None,
};
const TRENDS: Target = Target {
    table: "indicator_trend",
    columns: &[
        "generation_id",
        "entity_kind",
        "entity_id",
        "indicator",
        "subject",
        "grade_band",
        "period",
        "window_first",
        "window_last",
        "n_points",
        "first_year",
        "first_value",
        "last_year",
        "last_value",
        "delta",
        "mean",
        "min_value",
        "max_value",
        "slope",
        "direction",
    ],
    key: &[
        "generation_id",
        "entity_kind",
        "entity_id",
        "indicator",
        "subject",
        "grade_band",
        "period",
    ],
    year_column: None,
};
const COMPARISONS: Target = Target {
    table: "indicator_comparison",
    columns: &[
        "generation_id",
        "school_id",
        "indicator",
        "subject",
        "grade_band",
        "period",
        "year",
        "value",
        "rank_district",
        "count_district",
        "pct_district",
        "rank_region",
        "count_region",
        "pct_region",
        "rank_country",
        "count_country",
        "pct_country",
        "district_mean",
        "district_median",
        "gap_to_district_mean",
        "z_district",
        "peer_median",
        "district_value",
        "gap_to_district",
    ],
    key: &[
        "generation_id",
        "indicator",
        "subject",
        "grade_band",
        "period",
        "year",
        "school_id",
    ],
    year_column: None,
};

use crate::db::{self, stmt};

mod read;
pub use read::{
    each_comparison, each_trend, each_value, read_comparisons, read_trends, read_values,
};

/// Starts a staging generation for a run.
pub async fn create_generation(
    db: &impl ConnectionTrait,
    run_id: i64,
    first_year: i32,
    last_year: i32,
) -> Result<i32> {
    db::value(
        db,
        stmt(
            db,
            "INSERT INTO trend_generation (run_id, status, created_at, first_year, last_year) VALUES (?, 'staging', ?, ?, ?) RETURNING id",
            vec![run_id.into(), Utc::now().into(), first_year.into(), last_year.into()],
        ),
        "id",
    )
    .await?
    .ok_or_else(|| Error::NotFound { what: "generation", key: run_id.to_string() })
}

/// Writes values into a staging generation.
pub async fn write_values(db: &crate::Db, generation: i32, rows: &[ValueRow]) -> Result<u64> {
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            vec![
                generation.into(),
                r.entity_kind.clone().into(),
                r.entity_id.into(),
                r.indicator.clone().into(),
                r.subject.clone().into(),
                r.grade_band.clone().into(),
                r.period.clone().into(),
                r.year.into(),
                r.value.into(),
                r.numerator.into(),
                r.denominator.into(),
                r.source.clone().into(),
                r.flags.clone().into(),
                r.n_source_rows.into(),
                r.n_schools.into(),
                r.n_schools_expected.into(),
            ]
        })
        .collect();
    bulk::copy_in(db, &VALUES, &values).await
}

/// Writes the years of a staging generation with their coverage.
pub async fn write_years(db: &crate::Db, generation: i32, rows: &[YearRow]) -> Result<u64> {
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            vec![
                generation.into(),
                r.year.into(),
                r.schools.into(),
                r.expected.into(),
                r.provisional.into(),
            ]
        })
        .collect();
    bulk::copy_in(db, &YEARS, &values).await
}

/// Reads a generation's years with their coverage, ascending.
pub async fn read_years(db: &impl ConnectionTrait, generation: i32) -> Result<Vec<YearRow>> {
    let mut rows = Vec::new();
    read::each_row(db, &YEARS, generation, |r| {
        rows.push(r);
        Ok(())
    })
    .await?;
    Ok(rows)
}

/// Writes trend statistics into a staging generation.
pub async fn write_trends(db: &crate::Db, generation: i32, rows: &[TrendRow]) -> Result<u64> {
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            let t = &r.trend;
            vec![
                generation.into(),
                r.entity_kind.clone().into(),
                r.entity_id.into(),
                r.indicator.clone().into(),
                r.subject.clone().into(),
                r.grade_band.clone().into(),
                r.period.clone().into(),
                t.window_first.into(),
                t.window_last.into(),
                t.n_points.into(),
                t.first_year.into(),
                t.first_value.into(),
                t.last_year.into(),
                t.last_value.into(),
                t.delta.into(),
                t.mean.into(),
                t.min_value.into(),
                t.max_value.into(),
                t.slope.into(),
                t.direction.code().into(),
            ]
        })
        .collect();
    bulk::copy_in(db, &TRENDS, &values).await
}

/// Writes comparisons into a staging generation.
pub async fn write_comparisons(
    db: &crate::Db,
    generation: i32,
    rows: &[ComparisonRow],
) -> Result<u64> {
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            let c = &r.comparison;
            vec![
                generation.into(),
                c.school_id.into(),
                r.indicator.clone().into(),
                r.subject.clone().into(),
                r.grade_band.clone().into(),
                r.period.clone().into(),
                r.year.into(),
                c.value.into(),
                c.rank_district.into(),
                c.count_district.into(),
                c.pct_district.into(),
                c.rank_region.into(),
                c.count_region.into(),
                c.pct_region.into(),
                c.rank_country.into(),
                c.count_country.into(),
                c.pct_country.into(),
                c.district_mean.into(),
                c.district_median.into(),
                c.gap_to_district_mean.into(),
                c.z_district.into(),
                c.peer_median.into(),
                c.district_value.into(),
                c.gap_to_district.into(),
            ]
        })
        .collect();
    bulk::copy_in(db, &COMPARISONS, &values).await
}

/// The validation gate. Checks that percentages lie in 0..100 (capacity utilisation aside),
/// that every value's source is known, that aggregate numerators equal the sum of their
/// schools', and that the row count is plausible against the previous generation (not below
/// half of it). Returns the problems found; empty means publishable.
pub async fn validate(
    db: &impl ConnectionTrait,
    generation: i32,
    previous: Option<i32>,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let percent: Vec<&str> = super::catalog::CATALOG
        .iter()
        .filter(|i| i.unit == super::catalog::Unit::Percent && i.code != "capacity_utilisation_pct")
        .map(|i| i.code)
        .collect();
    let list = percent
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let bad = scalar_i64(db, &format!(
        "SELECT COUNT(*) AS n FROM indicator_value WHERE generation_id = ? AND indicator IN ({list}) AND (value < 0 OR value > 100)"
    ), vec![generation.into()]).await?;
    if bad > 0 {
        /// The value named in the problem.
        #[derive(FromQueryResult)]
        struct Example {
            entity_kind: String,
            entity_id: i32,
            indicator: String,
            year: i32,
            value: Option<f64>,
        }
        let sql = format!(
            "SELECT entity_kind, entity_id, indicator, year, value FROM indicator_value WHERE generation_id = ? AND indicator IN ({list}) AND (value < 0 OR value > 100)"
        );
        let example = Example::find_by_statement(stmt(db, &sql, vec![generation.into()]))
            .one(db)
            .await?
            .map(|e| {
                format!(
                    "{} {} {} {}: {}",
                    e.entity_kind,
                    e.entity_id,
                    e.indicator,
                    e.year,
                    e.value.unwrap_or_default()
                )
            })
            .unwrap_or_default();
        problems.push(format!(
            "{bad} percentage value(s) outside 0..100, e.g. {example}"
        ));
    }
    // Country totals must equal the sum of the raw school rows they came from. The school
    // sums are grouped once: as a correlated subquery per country row, each one scanned every
    // school value of the generation (17 s of a 48 s national refresh, BENCHMARKS.md).
    let mismatched = scalar_i64(db,
        "SELECT COUNT(*) AS n FROM indicator_value c \
         LEFT JOIN (SELECT s.indicator, s.subject, s.grade_band, s.period, s.year, SUM(s.numerator) AS total \
             FROM indicator_value s \
             WHERE s.generation_id = ? AND s.entity_kind = 'school' AND s.source = 'RAW' AND s.numerator IS NOT NULL \
             AND (s.denominator IS NULL OR s.denominator > 0) \
             GROUP BY s.indicator, s.subject, s.grade_band, s.period, s.year) t \
           ON t.indicator = c.indicator AND t.subject = c.subject AND t.grade_band = c.grade_band \
             AND t.period = c.period AND t.year = c.year \
         WHERE c.generation_id = ? AND c.entity_kind = 'country' AND c.numerator IS NOT NULL \
         AND ABS(c.numerator - COALESCE(t.total, 0)) > 1e-6 * (1 + ABS(c.numerator))",
        vec![generation.into(), generation.into()]).await?;
    if mismatched > 0 {
        problems.push(format!(
            "{mismatched} country total(s) differ from the sum of their schools"
        ));
    }
    if let Some(prev) = previous {
        let now = scalar_i64(
            db,
            "SELECT COUNT(*) AS n FROM indicator_value WHERE generation_id = ?",
            vec![generation.into()],
        )
        .await?;
        let before = scalar_i64(
            db,
            "SELECT COUNT(*) AS n FROM indicator_value WHERE generation_id = ?",
            vec![prev.into()],
        )
        .await?;
        if now * 2 < before {
            problems.push(format!(
                "only {now} values against {before} in the published generation"
            ));
        }
    }
    Ok(problems)
}

async fn scalar_i64(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<i64> {
    db::value(db, stmt(db, sql, values), "n")
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "row",
            key: sql.into(),
        })
}

/// Marks a generation rejected (it stays for inspection; nothing is published).
pub async fn reject(db: &impl ConnectionTrait, generation: i32) -> Result<()> {
    db.execute_raw(stmt(
        db,
        "UPDATE trend_generation SET status = 'rejected' WHERE id = ?",
        vec![generation.into()],
    ))
    .await?;
    Ok(())
}

/// Publishes a generation: one transaction switches the pointer and supersedes the previous
/// one, whose rows are then deleted (readers of the old snapshot already hold it in memory).
pub async fn publish(db: &crate::Db, generation: i32) -> Result<()> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let previous = published(&txn).await?.map(|g| g.id);
    txn.execute_raw(stmt(
        &txn,
        "UPDATE trend_generation SET status = 'published', published_at = ? WHERE id = ?",
        vec![now.into(), generation.into()],
    ))
    .await?;
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO published_generation (id, generation_id, published_at) VALUES (1, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET generation_id = excluded.generation_id, published_at = excluded.published_at",
        vec![generation.into(), now.into()],
    ))
    .await?;
    if let Some(prev) = previous.filter(|p| *p != generation) {
        txn.execute_raw(stmt(
            &txn,
            "UPDATE trend_generation SET status = 'superseded' WHERE id = ?",
            vec![prev.into()],
        ))
        .await?;
    }
    super::snapshot::announce(&txn, &format!("published:{generation}")).await?;
    txn.commit().await?;
    // Old generations' rows go once nothing points at them (kept: the published and the
    // rejected ones, which explain a failed run). On PostgreSQL the three tables at once.
    let deleting = std::time::Instant::now();
    if crate::db::concurrent_writers(db) {
        // join!, not try_join!: no statement is abandoned half-way on its connection.
        let (v, t, c, y) = tokio::join!(
            db_exec_delete(db, "indicator_value"),
            db_exec_delete(db, "indicator_trend"),
            db_exec_delete(db, "indicator_comparison"),
            db_exec_delete(db, "generation_year"),
        );
        v?;
        t?;
        c?;
        y?;
    } else {
        for table in [
            "indicator_value",
            "indicator_trend",
            "indicator_comparison",
            "generation_year",
        ] {
            db_exec_delete(db, table).await?;
        }
    }
    tracing::info!(
        generation.id = generation,
        delete_ms = u64::try_from(deleting.elapsed().as_millis()).unwrap_or(u64::MAX),
        "superseded generations deleted"
    );
    Ok(())
}

/// Records how many rows a staging generation holds (the writer knows; counting them again
/// would read every freshly written page back).
pub async fn record_counts(
    db: &impl ConnectionTrait,
    generation: i32,
    values: u64,
    trends: u64,
    comparisons: u64,
) -> Result<()> {
    let n = |x: u64| i64::try_from(x).unwrap_or(i64::MAX);
    db.execute_raw(stmt(
        db,
        "UPDATE trend_generation SET value_rows = ?, trend_rows = ?, comparison_rows = ? WHERE id = ?",
        vec![n(values).into(), n(trends).into(), n(comparisons).into(), generation.into()],
    ))
    .await?;
    Ok(())
}

/// Deletes the rows of the generations nothing points at any more, one generation at a time:
/// `generation_id = ?` is a range of the primary key, while the `IN (SELECT …)` form was
/// planned as a scan of the whole table, dead rows of earlier refreshes included (7–10 s of
/// a national refresh before autovacuum caught up, BENCHMARKS.md).
async fn db_exec_delete(db: &crate::Db, table: &str) -> Result<()> {
    let txn = db.begin().await?;
    let stale: Vec<i32> = db::column(
        &txn,
        stmt(
            &txn,
            "SELECT id FROM trend_generation WHERE status IN ('superseded', 'staging') \
             AND id <> (SELECT generation_id FROM published_generation WHERE id = 1)",
            vec![],
        ),
        "id",
    )
    .await?;
    for id in stale {
        txn.execute_raw(stmt(
            &txn,
            &format!("DELETE FROM {table} WHERE generation_id = ?"),
            vec![id.into()],
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A generation's bookkeeping.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Generation {
    pub id: i32,
    pub run_id: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
    pub value_rows: i64,
    pub trend_rows: i64,
    pub comparison_rows: i64,
}

/// The published generation, if any.
pub async fn published(db: &impl ConnectionTrait) -> Result<Option<Generation>> {
    Ok(Generation::find_by_statement(stmt(
        db,
        "SELECT g.id, g.run_id, g.status, g.created_at, g.published_at, g.first_year, g.last_year, g.value_rows, g.trend_rows, g.comparison_rows \
         FROM published_generation p JOIN trend_generation g ON g.id = p.generation_id WHERE p.id = 1",
        vec![],
    ))
    .one(db)
    .await?)
}
