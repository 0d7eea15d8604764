//! The published generation as an immutable in-memory snapshot, for the dashboard queries.
//!
//! [`Snapshot::load`] reads the published pointer, the generation's values, trends and
//! comparisons and the place names in one read-only transaction, so it sees one generation
//! whole even while another is published (whose commit deletes the old rows). Everything after
//! that is plain lookups: dashboard queries never touch the database. The API swaps whole
//! snapshots (`Arc`), so one answer is always computed from one generation.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sqlx;
use sea_orm::{AccessMode, ConnectionTrait, FromQueryResult, IsolationLevel, TransactionTrait};

use super::catalog::{CATALOG, Indicator};
use super::dims::{GradeBand, Period};
use super::store::{self, Generation};
pub use super::store::{Comparison, Direction, Trend, YearRow};
use crate::db::{self, stmt};
use crate::error::{Error, Result};

mod with_dims;
pub use with_dims::DimArgs;

/// The PostgreSQL channel on which a publish (and a finished run) is announced.
pub const CHANNEL: &str = "sapat_trends";

/// What a trend value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    School,
    District,
    Region,
    Country,
}

impl EntityKind {
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::School => "school",
            EntityKind::District => "district",
            EntityKind::Region => "region",
            EntityKind::Country => "country",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "school" => EntityKind::School,
            "district" => EntityKind::District,
            "region" => EntityKind::Region,
            "country" => EntityKind::Country,
            other => return Err(corrupt(format!("unknown entity kind `{other}`"))),
        })
    }
}

/// Where a value came from: computed from raw counts, or a percentage the school reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Raw,
    Reported,
}

/// The quality flags the job sets on a value (see `jobs::pipeline::flags`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flag {
    Coarsened,
    Jump,
    MissingYear,
    Partial,
    Reported,
    SmallSample,
    Suppressed,
}

/// One academic year's value of one indicator for one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub year: i32,
    /// `None`: the entity has a row for the year but the value is missing (never 0).
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub source: Source,
    pub flags: Vec<Flag>,
    /// Source fact rows behind the value (provenance).
    pub n_source_rows: i64,
    /// Areas only (`None` for a school): the schools the value covers, of those expected.
    pub coverage: Option<Coverage>,
}

/// How many schools an area's value covers (DOMAIN.md §1.3; `jobs::pipeline::aggregate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// Schools whose value entered the sum.
    pub schools: i32,
    /// Schools of the area that should report the indicator that year.
    pub expected: i32,
}

impl Coverage {
    /// `schools / expected` in 0..=1; `None` when nothing is expected.
    pub fn share(self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.schools) / f64::from(self.expected))
    }
}

/// A school, district or region with its names, as registered when the snapshot was loaded.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Place {
    pub id: i32,
    pub code: String,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: Option<String>,
    /// The district of a school, the region of a district; 0 for a region.
    pub parent_id: i32,
}

/// What a school is compared with for its peer median: its size band (`<300`, `300-999`,
/// `1000+`, from the latest enrolment) and main language; `None` where unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerGroup {
    pub size_band: Option<String>,
    pub language: Option<String>,
}

/// The scope of a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    District,
    Region,
    Country,
}

/// One ranked school.
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'a> {
    pub rank: i32,
    pub count: i32,
    pub percentile: f64,
    pub comparison: &'a Comparison,
}

/// The one order of schools in every league table (`ranking`, `districtComparison`): ranked
/// schools first, best rank first, schools tied on a rank (the job gives ties the same
/// rank) by school id, then the schools without a value by id.
pub fn standing_order(rank: Option<i32>, school_id: i32) -> (bool, Option<i32>, i32) {
    (rank.is_none(), rank, school_id)
}

type SeriesKey = (EntityKind, i32, IndicatorRef);

/// The published generation in memory. `generation` is `None` when nothing is published yet.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub generation: Option<Generation>,
    pub loaded_at: Option<DateTime<Utc>>,
    years: Vec<i32>,
    /// The generation's years with their coverage, ascending.
    year_rows: Vec<YearRow>,
    schools: HashMap<i32, Place>,
    districts: BTreeMap<i32, Place>,
    regions: BTreeMap<i32, Place>,
    /// Schools of each district, by id.
    district_schools: HashMap<i32, Vec<i32>>,
    /// Each school's peer group (size band, main language) as read at load: what a
    /// dashboard filters the league table by.
    peer_groups: HashMap<i32, PeerGroup>,
    /// The reference subjects (id, code), by id: a subject's dimension key is its id.
    subjects: BTreeMap<i32, String>,
    /// Points ascending by year.
    series: HashMap<SeriesKey, Vec<Point>>,
    trends: HashMap<SeriesKey, Trend>,
    /// Per (indicator with its dimensions, year), ordered by country rank then school id.
    comparisons: HashMap<(IndicatorRef, i32), Vec<Comparison>>,
    /// (school, indicator, year) → position in `comparisons`.
    comparison_at: HashMap<(i32, IndicatorRef, i32), usize>,
}

fn corrupt(message: String) -> Error {
    Error::Invalid {
        field: "published generation".into(),
        message,
    }
}

fn indicator_index(code: &str) -> Result<u16> {
    CATALOG
        .iter()
        .position(|i| i.code == code)
        .map(|i| i as u16)
        .ok_or_else(|| corrupt(format!("indicator `{code}` is not in the catalog")))
}

fn parse_flags(s: &str) -> Result<Vec<Flag>> {
    s.split(',')
        .filter(|f| !f.is_empty())
        .map(|f| {
            Ok(match f {
                "COARSENED" => Flag::Coarsened,
                "JUMP" => Flag::Jump,
                "MISSING_YEAR" => Flag::MissingYear,
                "REPORTED" => Flag::Reported,
                "SMALL_SAMPLE" => Flag::SmallSample,
                "PARTIAL" => Flag::Partial,
                "SUPPRESSED" => Flag::Suppressed,
                other => return Err(corrupt(format!("unknown flag `{other}`"))),
            })
        })
        .collect()
}

impl Snapshot {
    /// The id of the published generation (cheap; to decide whether to reload).
    pub async fn published_id(db: &impl ConnectionTrait) -> Result<Option<i32>> {
        db::value(
            db,
            stmt(
                db,
                "SELECT generation_id FROM published_generation WHERE id = 1",
                vec![],
            ),
            "generation_id",
        )
        .await
    }

    /// Loads the published generation whole (see the module documentation).
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
        let values = store::read_values(&txn, generation.id).await?;
        let trends = store::read_trends(&txn, generation.id).await?;
        let comparisons = store::read_comparisons(&txn, generation.id).await?;
        snapshot.year_rows = store::read_years(&txn, generation.id).await?;
        txn.commit().await?;

        let counts = (values.len(), trends.len(), comparisons.len());
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

        let mut years = std::collections::BTreeSet::new();
        for v in values {
            years.insert(v.year);
            let key = (
                EntityKind::parse(&v.entity_kind)?,
                v.entity_id,
                snapshot.stored_ref(&v.indicator, [&v.subject, &v.grade_band, &v.period])?,
            );
            let flags = parse_flags(&v.flags)?;
            // The stored numerator of a withheld value is kept for re-aggregation, never
            // served: with the denominator it would give the value back.
            let numerator = if flags.contains(&Flag::Suppressed) {
                None
            } else {
                v.numerator
            };
            snapshot.series.entry(key).or_default().push(Point {
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
            });
        }
        for points in snapshot.series.values_mut() {
            points.sort_by_key(|p| p.year);
        }
        snapshot.years = years.into_iter().collect();
        for t in trends {
            let key = (
                EntityKind::parse(&t.entity_kind)?,
                t.entity_id,
                snapshot.stored_ref(&t.indicator, [&t.subject, &t.grade_band, &t.period])?,
            );
            snapshot.trends.insert(key, t.trend);
        }
        for c in comparisons {
            let key = (
                snapshot.stored_ref(&c.indicator, [&c.subject, &c.grade_band, &c.period])?,
                c.year,
            );
            snapshot
                .comparisons
                .entry(key)
                .or_default()
                .push(c.comparison);
        }
        for ((indicator, year), rows) in &mut snapshot.comparisons {
            rows.sort_by_key(|c| (c.rank_country, c.school_id));
            for (i, c) in rows.iter().enumerate() {
                snapshot
                    .comparison_at
                    .insert((c.school_id, *indicator, *year), i);
            }
        }
        snapshot.generation = Some(generation);
        Ok(snapshot)
    }

    async fn load_places(&mut self, db: &impl ConnectionTrait) -> Result<()> {
        let query = |sql: &str| Place::find_by_statement(stmt(db, sql, vec![])).all(db);
        for p in
            query("SELECT id, code, name_ky, name_ru, name_en, 0 AS parent_id FROM region").await?
        {
            self.regions.insert(p.id, p);
        }
        for p in query(
            "SELECT id, code, name_ky, name_ru, name_en, region_id AS parent_id FROM district",
        )
        .await?
        {
            self.districts.insert(p.id, p);
        }
        for s in super::source::subject_codes(db).await? {
            self.subjects.insert(s.id, s.code);
        }
        for p in query(
            "SELECT id, code, name_ky, name_ru, name_en, district_id AS parent_id FROM school ORDER BY id",
        )
        .await?
        {
            self.district_schools
                .entry(p.parent_id)
                .or_default()
                .push(p.id);
            self.schools.insert(p.id, p);
        }
        for g in super::source::geo(db).await? {
            self.peer_groups.insert(
                g.school_id,
                PeerGroup {
                    size_band: g.size_band,
                    language: g.main_language,
                },
            );
        }
        Ok(())
    }

    /// A school's peer group as read when the snapshot was loaded.
    pub fn peer_group(&self, school: i32) -> Option<&PeerGroup> {
        self.peer_groups.get(&school)
    }

    /// The academic (start) years that have values, ascending.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The generation's years with their coverage (schools with facts against those of the
    /// last complete year), ascending.
    pub fn year_rows(&self) -> &[YearRow] {
        &self.year_rows
    }

    /// Whether `year` is published as provisional: its values are served, but it is outside
    /// the trend window and has no ranks or comparisons.
    pub fn is_provisional(&self, year: i32) -> bool {
        self.year_rows
            .iter()
            .any(|y| y.year == year && y.provisional)
    }

    pub fn school(&self, id: i32) -> Option<&Place> {
        self.schools.get(&id)
    }

    pub fn district(&self, id: i32) -> Option<&Place> {
        self.districts.get(&id)
    }

    pub fn region(&self, id: i32) -> Option<&Place> {
        self.regions.get(&id)
    }

    /// The id a caller named by id or by code (`KG-O-UZG`, `KG-O-UZG-045`); `None` for a
    /// code of no such place. A number is taken as an id and checked by the caller.
    pub fn place_id(&self, kind: EntityKind, id_or_code: &str) -> Option<i32> {
        if let Ok(id) = id_or_code.parse::<i32>() {
            return Some(id);
        }
        let code = |p: &&Place| p.code.eq_ignore_ascii_case(id_or_code);
        match kind {
            EntityKind::School => self.schools.values().find(code),
            EntityKind::District => self.districts.values().find(code),
            EntityKind::Region => self.regions.values().find(code),
            EntityKind::Country => None,
        }
        .map(|p| p.id)
    }

    pub fn districts(&self) -> impl Iterator<Item = &Place> {
        self.districts.values()
    }

    pub fn regions(&self) -> impl Iterator<Item = &Place> {
        self.regions.values()
    }

    /// The schools of a district, by id.
    pub fn schools_of(&self, district_id: i32) -> &[i32] {
        self.district_schools
            .get(&district_id)
            .map_or(&[], Vec::as_slice)
    }

    /// An entity's points of one indicator, ascending by year (empty when it has none).
    pub fn series(&self, kind: EntityKind, id: i32, indicator: IndicatorRef) -> &[Point] {
        self.series
            .get(&(kind, id, indicator))
            .map_or(&[], Vec::as_slice)
    }

    /// An entity's point of one indicator in one year.
    pub fn point(
        &self,
        kind: EntityKind,
        id: i32,
        indicator: IndicatorRef,
        year: i32,
    ) -> Option<&Point> {
        self.series(kind, id, indicator)
            .iter()
            .find(|p| p.year == year)
    }

    pub fn trend(&self, kind: EntityKind, id: i32, indicator: IndicatorRef) -> Option<&Trend> {
        self.trends.get(&(kind, id, indicator))
    }

    /// A school's standing on one indicator in one year (none when its value is missing).
    pub fn comparison(
        &self,
        school_id: i32,
        indicator: IndicatorRef,
        year: i32,
    ) -> Option<&Comparison> {
        let i = *self.comparison_at.get(&(school_id, indicator, year))?;
        self.comparisons
            .get(&(indicator, year))
            .map(|rows| &rows[i])
    }

    /// The schools ranked on one indicator in one year within a scope, in
    /// [`standing_order`] (ties share a rank and are ordered by school id). `scope_id` is ignored for the country.
    pub fn ranking(
        &self,
        indicator: IndicatorRef,
        year: i32,
        scope: Scope,
        scope_id: i32,
    ) -> Vec<Ranked<'_>> {
        let Some(rows) = self.comparisons.get(&(indicator, year)) else {
            return Vec::new();
        };
        let in_scope = |c: &Comparison| -> bool {
            let district = self.schools.get(&c.school_id).map(|s| s.parent_id);
            match scope {
                Scope::Country => true,
                Scope::District => district == Some(scope_id),
                Scope::Region => {
                    district
                        .and_then(|d| self.districts.get(&d))
                        .map(|d| d.parent_id)
                        == Some(scope_id)
                }
            }
        };
        let mut ranked: Vec<Ranked<'_>> = rows
            .iter()
            .filter(|c| in_scope(c))
            .map(|c| {
                let (rank, count, percentile) = match scope {
                    Scope::District => (c.rank_district, c.count_district, c.pct_district),
                    Scope::Region => (c.rank_region, c.count_region, c.pct_region),
                    Scope::Country => (c.rank_country, c.count_country, c.pct_country),
                };
                Ranked {
                    rank,
                    count,
                    percentile,
                    comparison: c,
                }
            })
            .collect();
        ranked.sort_by_key(|r| standing_order(Some(r.rank), r.comparison.school_id));
        ranked
    }

    /// Checks indicator codes against the catalog; the error lists the valid codes.
    pub fn indicators(codes: &[String]) -> Result<Vec<IndicatorRef>> {
        codes
            .iter()
            .map(|code| {
                CATALOG
                    .iter()
                    .position(|i| i.code == code.as_str())
                    .map(|i| IndicatorRef::plain(i as u16))
                    .ok_or_else(|| Error::Invalid {
                        field: "codes".into(),
                        message: format!(
                            "unknown indicator `{code}`; valid codes: {}",
                            CATALOG
                                .iter()
                                .map(|i| i.code)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })
            })
            .collect()
    }

    /// Every indicator of the catalog.
    pub fn all_indicators() -> Vec<IndicatorRef> {
        (0..CATALOG.len() as u16).map(IndicatorRef::plain).collect()
    }

    /// Checks that `year` has data in this generation; the error lists the years that do.
    pub fn check_year(&self, field: &str, year: i32) -> Result<()> {
        if self.years.contains(&year) {
            return Ok(());
        }
        Err(Error::Invalid {
            field: field.into(),
            message: if self.years.is_empty() {
                format!("no trend data is published yet, so there is no year {year}")
            } else {
                format!(
                    "{year} ({}) is outside the published data; valid years: {}",
                    crate::year::label(year),
                    self.years
                        .iter()
                        .map(|y| format!("{y} ({})", crate::year::label(*y)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        })
    }

    /// Checks a district id; the error lists the valid ones with their codes.
    pub fn check_district(&self, field: &str, id: i32) -> Result<&Place> {
        self.districts.get(&id).ok_or_else(|| Error::Invalid {
            field: field.into(),
            message: format!(
                "unknown district {id}; valid districts: {}",
                self.districts
                    .values()
                    .map(|d| format!("{} ({})", d.id, d.code))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }

    /// Checks a region id; the error lists the valid ones with their codes.
    pub fn check_region(&self, field: &str, id: i32) -> Result<&Place> {
        self.regions.get(&id).ok_or_else(|| Error::Invalid {
            field: field.into(),
            message: format!(
                "unknown region {id}; valid regions: {}",
                self.regions
                    .values()
                    .map(|d| format!("{} ({})", d.id, d.code))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }
}

/// An indicator of the catalog, by position, with the dimensions of its values (cheap to
/// copy and hash): subject id (0 = all), grade band and period (0 = all, else position + 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorRef {
    index: u16,
    subject: u16,
    grade_band: u8,
    period: u8,
}

impl IndicatorRef {
    fn plain(index: u16) -> Self {
        Self {
            index,
            subject: 0,
            grade_band: 0,
            period: 0,
        }
    }

    pub fn def(self) -> &'static Indicator {
        &CATALOG[self.index as usize]
    }

    /// The school-wide annual indicator (without dimensions).
    pub fn without_dims(self) -> Self {
        Self::plain(self.index)
    }

    /// Whether it has no dimension.
    pub fn is_plain(self) -> bool {
        self == self.without_dims()
    }

    pub fn grade_band(self) -> Option<GradeBand> {
        GradeBand::ALL
            .get(usize::from(self.grade_band).checked_sub(1)?)
            .copied()
    }

    pub fn period(self) -> Option<Period> {
        Period::ALL
            .get(usize::from(self.period).checked_sub(1)?)
            .copied()
    }
}

/// Tells other processes (PostgreSQL `NOTIFY`, delivered at commit) that a generation was
/// published or a run started or ended; a no-op on SQLite, where readers poll.
pub async fn announce(db: &impl ConnectionTrait, payload: &str) -> Result<()> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        db.execute_raw(stmt(
            db,
            "SELECT pg_notify(?, ?)",
            vec![CHANNEL.into(), payload.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Listens for [`announce`]ments on PostgreSQL; `None` on SQLite.
pub async fn listen(
    db: &sea_orm::DatabaseConnection,
) -> Result<Option<sqlx::postgres::PgListener>> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(None);
    }
    let pool = db.get_postgres_connection_pool();
    let sql_err = |e: sqlx::Error| {
        Error::Database(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
            e.into(),
        )))
    };
    let mut listener = sqlx::postgres::PgListener::connect_with(pool)
        .await
        .map_err(sql_err)?;
    listener.listen(CHANNEL).await.map_err(sql_err)?;
    Ok(Some(listener))
}
