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
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::catalog::{CATALOG, Indicator};
use super::dims::{GradeBand, Period};
use super::store::Generation;
pub use super::store::{Comparison, Direction, Trend, YearRow};
use crate::db::{self, stmt};
use crate::error::{Error, Result};
use crate::messages::arguments::{ArgMsg, invalid};

mod load;
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

impl Flag {
    const ALL: [Flag; 7] = [
        Flag::Coarsened,
        Flag::Jump,
        Flag::MissingYear,
        Flag::Partial,
        Flag::Reported,
        Flag::SmallSample,
        Flag::Suppressed,
    ];
}

/// A set of [`Flag`]s (one bit each): a value's flags without an allocation per value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags(u8);

impl Flags {
    pub fn contains(self, flag: Flag) -> bool {
        self.0 & Self::bit(flag) != 0
    }

    pub fn insert(&mut self, flag: Flag) {
        self.0 |= Self::bit(flag);
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The flags in [`Flag`]'s order (alphabetical, as the job writes them).
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    fn bit(flag: Flag) -> u8 {
        1 << flag as u8
    }
}

impl FromIterator<Flag> for Flags {
    fn from_iter<I: IntoIterator<Item = Flag>>(iter: I) -> Self {
        let mut flags = Flags::default();
        for f in iter {
            flags.insert(f);
        }
        flags
    }
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
    pub flags: Flags,
    /// Source fact rows behind the value (provenance).
    pub n_source_rows: i64,
    /// Areas only (`None` for a school): the schools the value covers, of those expected.
    pub coverage: Option<Coverage>,
    /// A school value's comparison: its position in the snapshot's comparisons
    /// ([`NO_COMPARISON`] when it has none).
    comparison: u32,
}

const NO_COMPARISON: u32 = u32::MAX;

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

/// A run of rows in one of the snapshot's flat vectors.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of<T>(self, rows: &[T]) -> &[T] {
        &rows[self.start as usize..(self.start + self.len) as usize]
    }
}

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
    /// Every point of the generation, grouped by series, each series ascending by year:
    /// one allocation for millions of values (a `Vec` per series cost more than its points).
    points: Vec<Point>,
    /// Where each series' points are in `points`.
    series: HashMap<SeriesKey, Span>,
    trends: HashMap<SeriesKey, Trend>,
    /// Every comparison, grouped per (indicator with its dimensions, year), each group
    /// ordered by country rank then school id. A school's own is found through its point
    /// ([`Point::comparison`]).
    comparisons: Vec<Comparison>,
    comparison_groups: HashMap<(IndicatorRef, i32), Span>,
}

/// Places as a refusal lists them: `41 (KG-O-UZG), …`.
fn listed<'a>(places: impl Iterator<Item = &'a Place>) -> String {
    places
        .map(|d| format!("{} ({})", d.id, d.code))
        .collect::<Vec<_>>()
        .join(", ")
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

fn parse_flags(s: &str) -> Result<Flags> {
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

    pub(super) async fn load_places(&mut self, db: &impl ConnectionTrait) -> Result<()> {
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
            .map_or(&[], |span| span.of(&self.points))
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
        let p = self.point(EntityKind::School, school_id, indicator, year)?;
        self.comparisons.get(p.comparison as usize)
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
        let Some(rows) = self
            .comparison_groups
            .get(&(indicator, year))
            .map(|span| span.of(&self.comparisons))
        else {
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
                    .ok_or_else(|| {
                        invalid(
                            "codes",
                            ArgMsg::UnknownIndicator {
                                code: code.into(),
                                valid: CATALOG
                                    .iter()
                                    .map(|i| i.code)
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            },
                        )
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
        Err(invalid(
            field,
            if self.years.is_empty() {
                ArgMsg::NothingPublished { year }
            } else {
                let named = |y: i32| format!("{y} ({})", crate::year::label(y));
                ArgMsg::YearNotPublished {
                    year: named(year),
                    valid: self
                        .years
                        .iter()
                        .map(|y| named(*y))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            },
        ))
    }

    /// Checks a district id; the error lists the valid ones with their codes.
    pub fn check_district(&self, field: &str, id: i32) -> Result<&Place> {
        self.districts.get(&id).ok_or_else(|| {
            invalid(
                field,
                ArgMsg::UnknownDistrict {
                    id,
                    valid: listed(self.districts.values()),
                },
            )
        })
    }

    /// Checks a region id; the error lists the valid ones with their codes.
    pub fn check_region(&self, field: &str, id: i32) -> Result<&Place> {
        self.regions.get(&id).ok_or_else(|| {
            invalid(
                field,
                ArgMsg::UnknownRegion {
                    id,
                    valid: listed(self.regions.values()),
                },
            )
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
