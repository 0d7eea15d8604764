//! Configuration: built-in defaults (an embedded SQLite file) → an optional TOML file →
//! `DATABASE_URL` → `SAPAT_`-prefixed environment variables (`__` separates sections, e.g.
//! `SAPAT_DATABASE__URL`, `SAPAT_SERVER__BIND`). Later sources win. The database password is
//! never printed: [`DatabaseUrl`] masks it in `Debug` and `Display`.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use crate::db_url::DatabaseUrl;

/// The environment variable naming a TOML file when `--config` is not given.
pub const CONFIG_FILE_ENV: &str = "SAPAT_CONFIG";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub database: DatabaseConfig,
    pub server: ServerConfig,
    pub jobs: JobsConfig,
    pub ort: OrtConfig,
    pub log: LogConfig,
    pub auth: AuthConfig,
    pub alerts: AlertsConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://path?mode=rwc`, `sqlite::memory:` or `postgres://user:pass@host/db`.
    pub url: DatabaseUrl,
    /// Pool size; default 4 for a SQLite file, 10 for PostgreSQL, always 1 for `:memory:`.
    pub max_connections: Option<u32>,
    /// Apply pending migrations on start; default on for SQLite, off for PostgreSQL (run
    /// `sapat migrate up` as a deploy step there).
    pub auto_migrate: Option<bool>,
    /// How long a SQLite writer waits for a lock before failing.
    pub busy_timeout_ms: u64,
    /// How long to wait for a pooled connection (and for the first connect) before failing.
    pub acquire_timeout_ms: u64,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: DatabaseUrl::new("sqlite://data/sapat.db?mode=rwc"),
            max_connections: None,
            auto_migrate: None,
            busy_timeout_ms: 5_000,
            acquire_timeout_ms: 2_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    pub bind: String,
    /// Serve GraphiQL on GET /graphql.
    pub graphiql: bool,
    /// How often (seconds) an instance checks the published trend generation, besides the
    /// PostgreSQL notifications that normally announce a new one at once.
    pub snapshot_poll_secs: u64,
    /// Origins allowed to call the API from a browser (e.g. `https://dash.example.kg`); empty:
    /// no CORS headers, so only same-origin pages can.
    pub cors_origins: Vec<String>,
    /// Largest request body accepted on POST /graphql (imports included), in bytes.
    pub body_limit_bytes: u64,
    /// A GraphQL request running longer than this is cancelled.
    pub request_timeout_ms: u64,
    /// Deepest selection nesting a query may have.
    pub max_depth: usize,
    /// Largest query complexity (a page of schools costs `first` × its selection). A query
    /// whose fragments expand to more fields than this is refused before it is validated.
    pub max_complexity: usize,
    /// Longest query text, in bytes (uploads are not counted).
    pub max_query_bytes: usize,
    /// Most requests in one batch (a JSON array of requests).
    pub max_batch: usize,
    /// Memory for answers served again from the trend snapshot (`api::answers`), in MiB; 0
    /// turns the answer cache off.
    pub answer_cache_mb: u64,
    /// GraphQL requests one caller may have in progress at once (a token, a single sign-on
    /// subject, or an anonymous client address); more are refused with 429. 0: no cap.
    pub max_concurrent_per_caller: u32,
    /// GraphQL requests one caller may start per minute (bursts up to a tenth of it); more are
    /// refused with 429 and `Retry-After`. 0: no limit.
    pub requests_per_minute_per_caller: u32,
    /// Serve `trendsRefreshed` over WebSocket on /graphql/ws (the dashboard's live updates),
    /// under the `websocket_*` limits below (docs/OPERATIONS.md, "Limits").
    pub websocket: bool,
    /// Sockets open at once on /graphql/ws, all callers together; more upgrades are refused
    /// with 503. Each holds a file descriptor: keep it well under the process's `ulimit -n`.
    pub websocket_max_connections: u32,
    /// Sockets one caller (as for `max_concurrent_per_caller`: a token, a single sign-on
    /// subject, or an anonymous client address) may hold open; more are refused with 429.
    pub websocket_max_per_caller: u32,
    /// A socket not initialised (`connection_init` acknowledged) this long after its upgrade
    /// is closed (4408).
    pub websocket_init_timeout_ms: u64,
    /// How often the server pings a socket; one that sends nothing for two intervals (not even
    /// the pong every browser answers a ping with) is closed, and so is one that does not read
    /// what the server sends for one interval.
    pub websocket_ping_interval_ms: u64,
    /// Subscriptions one socket may run at once (the dashboard runs one).
    pub websocket_max_subscriptions: u32,
    /// Largest message a client may send over the socket, in bytes; a larger one closes the
    /// socket (1009).
    pub websocket_max_message_bytes: usize,
    /// A connection that sends and receives nothing for this long is closed (a client that
    /// sends half its headers and stops, say). Longer than `request_timeout_ms` and
    /// `websocket_ping_interval_ms` (an open socket hears a ping every interval).
    pub idle_timeout_ms: u64,
    /// Reports (PDF or XLSX) typeset at once in this process; more wait their turn within
    /// the request's deadline. A PDF is about a third of a CPU-second. 0: one per core.
    pub max_concurrent_renders: usize,
    /// Exports (`GET /exports/…`) running at once in this process, all callers together; more
    /// are refused with 503 and `Retry-After`. A CSV holds a pooled connection until its last
    /// byte is sent, so at most half the pool is used whatever is set here.
    pub max_concurrent_exports: u32,
    /// An export whose body has not ended this long after it was asked for is cut (the client
    /// sees an incomplete download), so a slow reader cannot hold a connection for hours.
    pub export_timeout_ms: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            graphiql: true,
            snapshot_poll_secs: 30,
            cors_origins: Vec::new(),
            body_limit_bytes: 16 * 1024 * 1024,
            request_timeout_ms: 30_000,
            max_depth: 12,
            max_complexity: 5_000,
            max_query_bytes: 100_000,
            max_batch: 10,
            answer_cache_mb: 64,
            max_concurrent_per_caller: 8,
            requests_per_minute_per_caller: 600,
            websocket: true,
            websocket_max_connections: 512,
            websocket_max_per_caller: 32,
            websocket_init_timeout_ms: 10_000,
            websocket_ping_interval_ms: 30_000,
            websocket_max_subscriptions: 4,
            websocket_max_message_bytes: 128 * 1024,
            idle_timeout_ms: 60_000,
            max_concurrent_renders: 2,
            max_concurrent_exports: 2,
            export_timeout_ms: 900_000,
        }
    }
}

impl ServerConfig {
    /// The socket's and the exports' limits are all positive: a zero would leave the resource
    /// unbounded again.
    fn validate_websocket(&self) -> Result<(), ConfigError> {
        let positive = [
            (
                "server.websocket_max_connections",
                u64::from(self.websocket_max_connections),
            ),
            (
                "server.websocket_max_per_caller",
                u64::from(self.websocket_max_per_caller),
            ),
            (
                "server.websocket_init_timeout_ms",
                self.websocket_init_timeout_ms,
            ),
            (
                "server.websocket_ping_interval_ms",
                self.websocket_ping_interval_ms,
            ),
            (
                "server.websocket_max_subscriptions",
                u64::from(self.websocket_max_subscriptions),
            ),
            ("server.idle_timeout_ms", self.idle_timeout_ms),
            (
                "server.max_concurrent_exports",
                u64::from(self.max_concurrent_exports),
            ),
            ("server.export_timeout_ms", self.export_timeout_ms),
        ];
        if let Some((field, _)) = positive.iter().find(|(_, v)| *v == 0) {
            return Err(ConfigError::Invalid {
                field,
                message: "must be positive".into(),
            });
        }
        // A healthy connection is silent at most while a request runs or between two pings.
        let longest = self.request_timeout_ms.max(self.websocket_ping_interval_ms);
        if self.idle_timeout_ms <= longest {
            return Err(ConfigError::Invalid {
                field: "server.idle_timeout_ms",
                message: format!(
                    "{} ms must exceed server.request_timeout_ms and server.websocket_ping_interval_ms ({longest} ms)",
                    self.idle_timeout_ms
                ),
            });
        }
        if self.websocket_max_message_bytes < 1024 {
            return Err(ConfigError::Invalid {
                field: "server.websocket_max_message_bytes",
                message: format!(
                    "{} is below 1024 bytes, too small for a subscription",
                    self.websocket_max_message_bytes
                ),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Six-field cron (`sec min hour day month weekday`) for the nightly trend refresh.
    pub trend_refresh_cron: String,
    /// IANA time zone the cron expression is read in.
    pub timezone: String,
    /// Academic years in a trend window.
    pub window_years: i32,
    /// Replaced by the per-indicator `rules`; refused when set, naming the replacement.
    #[serde(skip_serializing)]
    pub flat_slope: Option<f64>,
    /// Replaced by the per-indicator `rules`.
    #[serde(skip_serializing)]
    pub jump_threshold: Option<f64>,
    /// Replaced by the per-indicator `rules`.
    #[serde(skip_serializing)]
    pub small_sample_below: Option<f64>,
    /// Per-indicator overrides of the catalog's flat-slope, jump and small-sample rules
    /// (indicator code → settings; see [`JobsConfig::rules`]).
    pub rules: std::collections::BTreeMap<String, RuleSettings>,
    /// Published figures over fewer people than this (pupils, ORT takers, teachers) are
    /// withheld (`SUPPRESSED`), so a district or anonymous reader cannot read one pupil's
    /// result (see the catalog's `Disclosure`).
    pub disclosure_min_count: f64,
    /// A published value that may be one person's (ORT median and highest score) is rounded
    /// down to a multiple of this (`COARSENED`).
    pub disclosure_score_step: f64,
    /// An academic year enters trends and rankings only when the schools with any fact that
    /// year reach this share of the schools of the last complete year before it; until then
    /// it is published as provisional (docs/TRENDS.md "Coverage").
    pub min_coverage_share: f64,
    /// Weights of olympiad prizes by level for `olympiad_score`.
    pub olympiad_weights: OlympiadWeights,
    /// Weights of the `quality_index` components (indicator code → weight).
    pub quality_index_weights: std::collections::BTreeMap<String, f64>,
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self {
            trend_refresh_cron: "0 0 2 * * *".into(),
            timezone: "Asia/Bishkek".into(),
            window_years: 5,
            flat_slope: None,
            jump_threshold: None,
            small_sample_below: None,
            rules: Default::default(),
            disclosure_min_count: 5.0,
            disclosure_score_step: 10.0,
            min_coverage_share: 0.8,
            olympiad_weights: OlympiadWeights::default(),
            quality_index_weights: [
                ("knowledge_quality_pct", 0.35),
                ("success_pct", 0.15),
                ("ort_pass_pct", 0.25),
                ("teachers_trained_5y_pct", 0.10),
                ("textbook_provision_pct", 0.15),
            ]
            .into_iter()
            .map(|(k, w)| (k.to_owned(), w))
            .collect(),
        }
    }
}

/// `[jobs.rules.<indicator code>]`: each key set replaces that part of the indicator's
/// catalog rule (`domain::trend::catalog::Rules`); 0 turns a part off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSettings {
    /// FLAT unless |slope| per year reaches this, in the indicator's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flat_slope: Option<f64>,
    /// FLAT unless |slope| per year reaches this share of the window's mean (0.02 = 2 %).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flat_relative: Option<f64>,
    /// JUMP when the value moves more than this from the year before, in its unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jump: Option<f64>,
    /// JUMP when the value moves more than this share of the year before's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jump_relative: Option<f64>,
    /// SMALL_SAMPLE when the denominator (people) is below this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub small_sample_below: Option<f64>,
}

impl RuleSettings {
    fn values(&self) -> [(&'static str, Option<f64>); 5] {
        [
            ("flat_slope", self.flat_slope),
            ("flat_relative", self.flat_relative),
            ("jump", self.jump),
            ("jump_relative", self.jump_relative),
            ("small_sample_below", self.small_sample_below),
        ]
    }
}

impl JobsConfig {
    /// An indicator's rules: the catalog's, with what `jobs.rules.<code>` sets in their place.
    pub fn rules(
        &self,
        indicator: &crate::trend::catalog::Indicator,
    ) -> crate::trend::catalog::Rules {
        let mut rules = indicator.rules;
        if let Some(set) = self.rules.get(indicator.code) {
            let or = |setting: Option<f64>, default: Option<f64>| setting.or(default);
            rules.flat.units = or(set.flat_slope, rules.flat.units);
            rules.flat.relative = or(set.flat_relative, rules.flat.relative);
            rules.jump.units = or(set.jump, rules.jump.units);
            rules.jump.relative = or(set.jump_relative, rules.jump.relative);
            rules.small_sample_below = or(set.small_sample_below, rules.small_sample_below);
        }
        rules
    }

    fn validate_rules(&self) -> Result<(), ConfigError> {
        for (old, value) in [
            ("jobs.flat_slope", self.flat_slope),
            ("jobs.jump_threshold", self.jump_threshold),
            ("jobs.small_sample_below", self.small_sample_below),
        ] {
            if value.is_some() {
                return Err(ConfigError::Invalid {
                    field: old,
                    message: "replaced by per-indicator rules: set `flat_slope`, `jump` or `small_sample_below` under [jobs.rules.<indicator code>] (defaults per indicator in docs/TRENDS.md)".into(),
                });
            }
        }
        for (code, set) in &self.rules {
            if crate::trend::catalog::find(code).is_none() {
                return Err(ConfigError::Invalid {
                    field: "jobs.rules",
                    message: format!("`{code}` is not an indicator code (see indicatorCatalog)"),
                });
            }
            if let Some((key, v)) = set
                .values()
                .into_iter()
                .find_map(|(k, v)| v.filter(|v| !v.is_finite() || *v < 0.0).map(|v| (k, v)))
            {
                return Err(ConfigError::Invalid {
                    field: "jobs.rules",
                    message: format!("jobs.rules.{code}.{key} = {v} is not a number ≥ 0"),
                });
            }
        }
        Ok(())
    }
}

/// `[alerts]`: how far a school's indicator must fall over the trend window, or lie from
/// its district's figure or its peer median (the worse way), before the `alerts` query
/// lists it. Per unit of the catalog, with per-indicator overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertsConfig {
    /// Percentages, percentage points and the index: in points.
    pub percent: f64,
    /// Marks on the 5-point scale.
    pub mark: f64,
    /// ORT scores, in points.
    pub score: f64,
    /// Counts and ratios: a share of the reference value (0.15 = 15 %), as their size varies
    /// from school to school.
    pub relative: f64,
    /// Per-indicator overrides (indicator code → settings), in the measure of the unit's
    /// default (a share for counts and ratios).
    pub codes: std::collections::BTreeMap<String, AlertSettings>,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        Self {
            percent: 5.0,
            mark: 0.2,
            score: 10.0,
            relative: 0.15,
            codes: Default::default(),
        }
    }
}

/// `[alerts.codes.<indicator code>]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertSettings {
    /// FALLING when the trend window's change is at least this, the worse way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fall: Option<f64>,
    /// BELOW_DISTRICT / BELOW_PEERS when the value lies at least this from the district's
    /// figure or the peer median, the worse way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
}

/// An indicator's alert thresholds (see [`AlertsConfig::thresholds`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertThresholds {
    pub fall: f64,
    pub gap: f64,
    /// The thresholds are shares of the reference value, not units.
    pub relative: bool,
}

impl AlertsConfig {
    /// An indicator's thresholds: its unit's default, with what `alerts.codes.<code>` sets.
    pub fn thresholds(&self, indicator: &crate::trend::catalog::Indicator) -> AlertThresholds {
        use crate::trend::catalog::Unit;
        let (default, relative) = match indicator.unit {
            Unit::Percent | Unit::PercentagePoints | Unit::Index => (self.percent, false),
            Unit::Mark => (self.mark, false),
            Unit::Score => (self.score, false),
            Unit::Count | Unit::Ratio => (self.relative, true),
        };
        let set = self.codes.get(indicator.code);
        AlertThresholds {
            fall: set.and_then(|s| s.fall).unwrap_or(default),
            gap: set.and_then(|s| s.gap).unwrap_or(default),
            relative,
        }
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let positive = |v: f64| v.is_finite() && v > 0.0;
        for (key, v) in [
            ("percent", self.percent),
            ("mark", self.mark),
            ("score", self.score),
            ("relative", self.relative),
        ] {
            if !positive(v) {
                return Err(ConfigError::Invalid {
                    field: "alerts",
                    message: format!("alerts.{key} = {v} is not a number > 0"),
                });
            }
        }
        for (code, set) in &self.codes {
            if crate::trend::catalog::find(code).is_none() {
                return Err(ConfigError::Invalid {
                    field: "alerts.codes",
                    message: format!("`{code}` is not an indicator code (see indicatorCatalog)"),
                });
            }
            for (key, v) in [("fall", set.fall), ("gap", set.gap)] {
                if let Some(v) = v.filter(|v| !positive(*v)) {
                    return Err(ConfigError::Invalid {
                        field: "alerts.codes",
                        message: format!("alerts.codes.{code}.{key} = {v} is not a number > 0"),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Points per prize by olympiad level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OlympiadWeights {
    pub school: f64,
    pub zonal: f64,
    pub district: f64,
    pub city: f64,
    pub oblast: f64,
    pub republic: f64,
    pub international: f64,
}

impl Default for OlympiadWeights {
    fn default() -> Self {
        Self {
            school: 1.0,
            zonal: 2.0,
            district: 3.0,
            city: 3.0,
            oblast: 5.0,
            republic: 8.0,
            international: 13.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// Answer requests without a bearer token (published indicators only); turn off for
    /// deployments that are not public.
    pub allow_anonymous: bool,
    /// Accept JWTs from a single sign-on provider besides Sapat's own API tokens.
    pub jwt: Option<JwtConfig>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            allow_anonymous: true,
            jwt: None,
        }
    }
}

/// The key a site's identity provider signs its JWTs with. A token carries `sub`, `exp`,
/// `role` (admin, region, district, school) and `scope` (the region, district or school code).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JwtConfig {
    /// HS256 (a shared secret), RS256 or ES256 (the provider's public key, PEM).
    pub algorithm: String,
    /// The shared secret, or the public key in PEM.
    pub key: String,
    /// When set, tokens must carry this `iss`.
    pub issuer: Option<String>,
    /// When set, tokens must carry this `aud`.
    pub audience: Option<String>,
}

/// The key never reaches logs or `Debug` output.
impl std::fmt::Debug for JwtConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtConfig")
            .field("algorithm", &self.algorithm)
            .field("key", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrtConfig {
    /// Maximum main-test score (245 is consistent with published maxima but unverified).
    pub main_max: i32,
}

impl Default for OrtConfig {
    fn default() -> Self {
        Self { main_max: 245 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `tracing` filter directives; `RUST_LOG` overrides.
    pub filter: String,
    pub format: LogFormat,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            filter: "info,sqlx=warn,sea_orm=warn".into(),
            format: LogFormat::Compact,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Compact,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("configuration: {0}")]
    Parse(#[from] Box<figment::Error>),
    #[error("configuration `{field}`: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl Config {
    /// Loads the layered configuration. `file` is the `--config` argument; without it the
    /// file named by `SAPAT_CONFIG` is read, if that is set.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os(CONFIG_FILE_ENV).map(PathBuf::from));
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError::MissingFile(path));
            }
            figment = figment.merge(Toml::file(path));
        }
        let config: Config = figment
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database.url".into()),
            )
            .merge(Env::prefixed("SAPAT_").ignore(&["CONFIG"]).split("__"))
            .extract()
            .map_err(Box::new)?;
        config.validate()?;
        Ok(config)
    }

    /// Fails fast on values that would only break later (bad URL scheme, bind address,
    /// time zone, ORT maximum).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = self.database.url.expose();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid {
                field: "database.url",
                message: format!(
                    "`{}` is neither sqlite:… nor postgres://…",
                    self.database.url
                ),
            });
        }
        if self.server.bind.parse::<std::net::SocketAddr>().is_err() {
            return Err(ConfigError::Invalid {
                field: "server.bind",
                message: format!(
                    "`{}` is not an address like 127.0.0.1:8080",
                    self.server.bind
                ),
            });
        }
        if self.server.body_limit_bytes == 0 || self.server.request_timeout_ms == 0 {
            return Err(ConfigError::Invalid {
                field: "server.body_limit_bytes",
                message: "server.body_limit_bytes and server.request_timeout_ms must be positive"
                    .into(),
            });
        }
        self.server.validate_websocket()?;
        if let Some(o) =
            self.server.cors_origins.iter().find(|o| {
                !(o.starts_with("http://") || o.starts_with("https://")) || o.ends_with('/')
            })
        {
            return Err(ConfigError::Invalid {
                field: "server.cors_origins",
                message: format!("`{o}` is not an origin like https://dash.example.kg"),
            });
        }
        if self.jobs.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(ConfigError::Invalid {
                field: "jobs.timezone",
                message: format!("`{}` is not an IANA time zone", self.jobs.timezone),
            });
        }
        if let Some(jwt) = &self.auth.jwt
            && let Err(message) = crate::auth::jwt_key(jwt)
        {
            return Err(ConfigError::Invalid {
                field: "auth.jwt",
                message,
            });
        }
        self.jobs.validate_rules()?;
        self.alerts.validate()?;
        if self.jobs.disclosure_min_count.is_nan() || self.jobs.disclosure_min_count < 1.0 {
            return Err(ConfigError::Invalid {
                field: "jobs.disclosure_min_count",
                message: format!("{} is below 1", self.jobs.disclosure_min_count),
            });
        }
        if !(0.0..=1.0).contains(&self.jobs.min_coverage_share) {
            return Err(ConfigError::Invalid {
                field: "jobs.min_coverage_share",
                message: format!(
                    "{} is not a share between 0 and 1",
                    self.jobs.min_coverage_share
                ),
            });
        }
        if self.jobs.disclosure_score_step.is_nan() || self.jobs.disclosure_score_step < 1.0 {
            return Err(ConfigError::Invalid {
                field: "jobs.disclosure_score_step",
                message: format!("{} is below 1", self.jobs.disclosure_score_step),
            });
        }
        if !(1..=1000).contains(&self.ort.main_max) {
            return Err(ConfigError::Invalid {
                field: "ort.main_max",
                message: format!("{} is outside 1..=1000", self.ort.main_max),
            });
        }
        Ok(())
    }
}
