//! Column names of the pipeline's long-format frames and the fixed strings some of
//! those columns hold. Every pipeline function refers to columns through these
//! constants so that a rename is a one-line change and a typo is a compile error.

// ---- `values` frame: one row per (entity_kind, entity_id, indicator, dimensions, year) ----

/// `String`: one of [`kind::SCHOOL`], [`kind::DISTRICT`], [`kind::REGION`], [`kind::COUNTRY`].
pub const ENTITY_KIND: &str = "entity_kind";
/// `Int32`: school, district or region id; the country is `0`.
pub const ENTITY_ID: &str = "entity_id";
/// `String`: indicator code, the key into the catalog.
pub const INDICATOR: &str = "indicator";
/// `String`: a reference subject's code; `""` = every subject (`domain::trend::dims`).
pub const SUBJECT: &str = "subject";
/// `String`: `4-6`, `7-9` or `10-11`; `""` = every marked grade.
pub const GRADE_BAND: &str = "grade_band";
/// `String`: `q1`–`q4`, `h1`, `h2`; `""` = the whole year.
pub const PERIOD: &str = "period";
/// The dimension columns: with the indicator they name a series (every key that has
/// [`INDICATOR`] has these too).
pub const DIMS: [&str; 3] = [SUBJECT, GRADE_BAND, PERIOD];
/// `Int32`: academic start year (2017 means "2017-2018").
pub const YEAR: &str = "year";
/// `Float64`, nullable.
pub const NUMERATOR: &str = "numerator";
/// `Float64`, nullable.
pub const DENOMINATOR: &str = "denominator";
/// `Float64`, nullable: null means missing, never zero.
pub const VALUE: &str = "value";
/// `String`: [`source::RAW`] or [`source::REPORTED`].
pub const SOURCE: &str = "source";
/// `Int64`: how many raw rows the value was built from.
pub const N_SOURCE_ROWS: &str = "n_source_rows";
/// `Int32`, null on school rows: the area's schools whose value entered the sum (coverage).
pub const N_SCHOOLS: &str = "n_schools";
/// `Int32`, null on school rows: the area's schools that should report the indicator that
/// year, see [`super::aggregate`].
pub const N_SCHOOLS_EXPECTED: &str = "n_schools_expected";

/// The `values` columns in their contract order; [`super::aggregate`] emits exactly these.
pub const VALUE_COLUMNS: [&str; 12] = [
    ENTITY_KIND,
    ENTITY_ID,
    INDICATOR,
    SUBJECT,
    GRADE_BAND,
    PERIOD,
    YEAR,
    NUMERATOR,
    DENOMINATOR,
    VALUE,
    SOURCE,
    N_SOURCE_ROWS,
];

/// The coverage columns [`super::aggregate`] adds to area rows after [`VALUE_COLUMNS`].
pub const COVERAGE_COLUMNS: [&str; 2] = [N_SCHOOLS, N_SCHOOLS_EXPECTED];

// ---- `geo` frame: one row per school ----

/// `Int32`.
pub const SCHOOL_ID: &str = "school_id";
/// `Int32`.
pub const DISTRICT_ID: &str = "district_id";
/// `Int32`.
pub const REGION_ID: &str = "region_id";
/// `String`: with [`MAIN_LANGUAGE`] it defines the default peer group.
pub const SIZE_BAND: &str = "size_band";
/// `String`.
pub const MAIN_LANGUAGE: &str = "main_language";

// ---- `catalog` frame: one row per indicator ----

/// `Boolean`: true when a larger value is better (used for ranks only).
pub const HIGHER_IS_BETTER: &str = "higher_is_better";
/// `String`: one of [`aggregation::RATIO`], [`aggregation::SUM`], [`aggregation::NONE`].
pub const AGGREGATION: &str = "aggregation";
/// `Float64`: 100 for percentages, 1 otherwise.
pub const SCALE: &str = "scale";

// ---- `rules` frame: one row per indicator (the catalog's rules after configuration) ----

/// `Float64`, nullable: FLAT unless |slope| per year reaches this, in the indicator's unit.
pub const FLAT_UNITS: &str = "flat_units";
/// `Float64`, nullable: FLAT unless |slope| per year reaches this share of the mean.
pub const FLAT_RELATIVE: &str = "flat_relative";
/// `Float64`, nullable: JUMP needs a change of more than this, in the indicator's unit.
pub const JUMP_UNITS: &str = "jump_units";
/// `Float64`, nullable: JUMP needs a change of more than this share of the year before.
pub const JUMP_RELATIVE: &str = "jump_relative";
/// `Float64`, nullable: SMALL_SAMPLE below this denominator; null = never.
pub const SMALL_SAMPLE_BELOW: &str = "small_sample_below";
/// `Float64`, nullable: a value whose denominator is below this is PARTIAL (a composite over
/// fewer than all its components: their total weight); null = never.
pub const COMPLETE_DENOMINATOR: &str = "complete_denominator";

// ---- trend_stats output ----

/// `Int32`: years in the window with a non-null value.
pub const N_POINTS: &str = "n_points";
/// `Int32`: earliest year with a value.
pub const FIRST_YEAR: &str = "first_year";
/// `Float64`: value at [`FIRST_YEAR`].
pub const FIRST: &str = "first";
/// `Int32`: latest year with a value.
pub const LAST_YEAR: &str = "last_year";
/// `Float64`: value at [`LAST_YEAR`].
pub const LAST: &str = "last";
/// `Float64`: `last - first` (percentage points for percentages).
pub const DELTA: &str = "delta";
/// `Float64`.
pub const MEAN: &str = "mean";
/// `Float64`.
pub const MIN: &str = "min";
/// `Float64`.
pub const MAX: &str = "max";
/// `Float64`: OLS slope per year, null with fewer than two points.
pub const SLOPE: &str = "slope";
/// `String`: one of the [`direction`] values.
pub const DIRECTION: &str = "direction";

// ---- compare output ----

/// `Int32`: 1 = best in the school's district.
pub const RANK_DISTRICT: &str = "rank_district";
/// `Int32`: schools with a value in the district.
pub const COUNT_DISTRICT: &str = "count_district";
/// `Float64`: percentile in 0..=100, see [`super::compare`].
pub const PCT_DISTRICT: &str = "pct_district";
/// `Int32`.
pub const RANK_REGION: &str = "rank_region";
/// `Int32`.
pub const COUNT_REGION: &str = "count_region";
/// `Float64`.
pub const PCT_REGION: &str = "pct_region";
/// `Int32`.
pub const RANK_COUNTRY: &str = "rank_country";
/// `Int32`.
pub const COUNT_COUNTRY: &str = "count_country";
/// `Float64`.
pub const PCT_COUNTRY: &str = "pct_country";
/// `Float64`: unweighted mean of the district's school values (a comparison statistic).
pub const DISTRICT_MEAN: &str = "district_mean";
/// `Float64`.
pub const DISTRICT_MEDIAN: &str = "district_median";
/// `Float64`: `value - district_mean`.
pub const GAP_TO_DISTRICT_MEAN: &str = "gap_to_district_mean";
/// `Float64`: the district's own value (its row of the values frame); the gap reference.
pub const DISTRICT_VALUE: &str = "district_value";
/// `Float64`: `value - district_value`.
pub const GAP_TO_DISTRICT: &str = "gap_to_district";
/// `Float64`: null when the district's standard deviation is zero or null.
pub const Z_DISTRICT: &str = "z_district";
/// `Float64`: median over schools sharing size band and main language, country-wide.
pub const PEER_MEDIAN: &str = "peer_median";

// ---- flags output ----

/// `String`: comma-separated, sorted [`flag`] names; empty when none apply.
pub const FLAGS: &str = "flags";

/// Values of [`ENTITY_KIND`].
pub mod kind {
    pub const SCHOOL: &str = "school";
    pub const DISTRICT: &str = "district";
    pub const REGION: &str = "region";
    pub const COUNTRY: &str = "country";
    /// [`super::ENTITY_ID`] of the single country row.
    pub const COUNTRY_ID: i32 = 0;
}

/// Values of [`SOURCE`].
pub mod source {
    /// Computed from raw counts (numerator and denominator known).
    pub const RAW: &str = "RAW";
    /// A figure the school reported as is (e.g. a percentage without counts).
    pub const REPORTED: &str = "REPORTED";
}

/// Values of [`AGGREGATION`].
pub mod aggregation {
    /// `value = numerator / denominator * scale`.
    pub const RATIO: &str = "ratio";
    /// `value = numerator`; the denominator is null.
    pub const SUM: &str = "sum";
    /// Not derivable from school values (e.g. a median); never aggregated.
    pub const NONE: &str = "none";
}

/// Values of [`DIRECTION`]. They describe the value, not whether it got better.
pub mod direction {
    pub const UP: &str = "UP";
    pub const DOWN: &str = "DOWN";
    pub const FLAT: &str = "FLAT";
    pub const INSUFFICIENT: &str = "INSUFFICIENT";
}

/// Names that can appear in [`FLAGS`], listed in their (alphabetical) output order.
pub mod flag {
    /// Set by [`crate::pipeline::disclose`]: the value is rounded down to the score step.
    pub const COARSENED: &str = "COARSENED";
    pub const JUMP: &str = "JUMP";
    pub const MISSING_YEAR: &str = "MISSING_YEAR";
    /// A composite over fewer than all its components; never ranked or compared.
    pub const PARTIAL: &str = "PARTIAL";
    pub const REPORTED: &str = "REPORTED";
    pub const SMALL_SAMPLE: &str = "SMALL_SAMPLE";
    /// Set by [`crate::pipeline::disclose`]: the value is withheld (null).
    pub const SUPPRESSED: &str = "SUPPRESSED";
}

/// Values of the disclosure rules frame's `rule` column (the catalog's `Disclosure`).
pub mod disclosure {
    pub const PERSONS: &str = "persons";
    pub const PERSON_VALUE: &str = "person_value";
}
