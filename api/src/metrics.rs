//! Prometheus metrics for GET /metrics: GraphQL requests and latency by operation name, the
//! database pool and the SQL statements run, and the trend job's state (last run, last
//! success, the published generation's age). Each app gets its own registry, so several apps
//! in one process (tests) do not share counters.
//!
//! The trend job's figures are read from `job_run` at each scrape rather than counted here:
//! a run started by `sapat jobs run` in another process, or by another instance, shows up
//! just the same, and a restart does not forget the last success.

use domain::Db;
use domain::trend::runs::Health;
use prometheus::{
    Encoder, Gauge, GaugeVec, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

/// Distinct operation labels kept; later names are counted as `other`, so clients that
/// invent operation names cannot grow the exposition (and this process) without bound.
pub const MAX_OPERATION_LABELS: usize = 100;

pub struct Metrics {
    registry: Registry,
    labels: std::sync::Mutex<std::collections::HashSet<String>>,
    requests: IntCounterVec,
    duration: HistogramVec,
    pool: IntGaugeVec,
    statements: IntCounter,
    statements_failed: IntCounter,
    answers: IntCounterVec,
    sockets: IntGauge,
    sockets_refused: IntCounterVec,
}

/// One open WebSocket, counted in `sapat_websocket_connections` until dropped.
pub struct OpenSocket(IntGauge);

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "sapat_graphql_requests_total",
                "GraphQL requests by operation name and outcome (ok, error, timeout)",
            ),
            &["operation", "outcome"],
        )
        .expect("valid metric");
        let duration = HistogramVec::new(
            HistogramOpts::new(
                "sapat_graphql_request_duration_seconds",
                "GraphQL request latency by operation name",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ]),
            &["operation"],
        )
        .expect("valid metric");
        let pool = IntGaugeVec::new(
            Opts::new(
                "sapat_db_pool_connections",
                "Database pool connections: open, idle, in_use and max",
            ),
            &["state"],
        )
        .expect("valid metric");
        let statements = IntCounter::new(
            "sapat_db_statements_total",
            "SQL statements run by this process",
        )
        .expect("valid metric");
        let statements_failed = IntCounter::new(
            "sapat_db_statement_failures_total",
            "SQL statements that failed",
        )
        .expect("valid metric");
        let answers = IntCounterVec::new(
            Opts::new(
                "sapat_answer_cache_total",
                "GraphQL answers looked up in the answer cache: hit, miss, stored",
            ),
            &["result"],
        )
        .expect("valid metric");
        let sockets = IntGauge::new(
            "sapat_websocket_connections",
            "WebSockets open on /graphql/ws (at most server.websocket_max_connections)",
        )
        .expect("valid metric");
        let sockets_refused = IntCounterVec::new(
            Opts::new(
                "sapat_websocket_refused_total",
                "WebSocket upgrades refused: caller (its share is full) or server (every place taken)",
            ),
            &["reason"],
        )
        .expect("valid metric");
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(sockets.clone()),
            Box::new(sockets_refused.clone()),
            Box::new(answers.clone()),
            Box::new(duration.clone()),
            Box::new(pool.clone()),
            Box::new(statements.clone()),
            Box::new(statements_failed.clone()),
        ] {
            registry.register(c).expect("metric registered once");
        }
        Metrics {
            registry,
            labels: Default::default(),
            requests,
            duration,
            pool,
            statements,
            statements_failed,
            answers,
            sockets,
            sockets_refused,
        }
    }

    /// Counts a socket as open until the returned guard is dropped.
    pub fn socket_opened(&self) -> OpenSocket {
        self.sockets.inc();
        OpenSocket(self.sockets.clone())
    }

    /// Counts a refused upgrade (`caller` or `server`).
    pub fn socket_refused(&self, reason: &str) {
        self.sockets_refused.with_label_values(&[reason]).inc();
    }

    /// Counts one answer-cache event (`hit`, `miss`, `stored`).
    pub fn answer_cache(&self, result: &str) {
        self.answers.with_label_values(&[result]).inc();
    }

    /// Records one GraphQL request.
    pub fn observe(&self, operation: &str, outcome: &str, seconds: f64) {
        let operation = {
            let mut labels = self.labels.lock().unwrap_or_else(|e| e.into_inner());
            if labels.contains(operation) {
                operation
            } else if labels.len() < MAX_OPERATION_LABELS {
                labels.insert(operation.to_owned());
                operation
            } else {
                "other"
            }
        };
        self.requests.with_label_values(&[operation, outcome]).inc();
        self.duration
            .with_label_values(&[operation])
            .observe(seconds);
    }

    /// The text exposition, with pool and statement figures read now, and the trend job's
    /// `health` (`None` when it could not be read: its series are then absent) and the
    /// generation this instance serves.
    pub fn render(&self, db: &Db, health: Option<&Health>, served: Option<i32>) -> String {
        let pool = domain::db::pool_use(db);
        self.pool.with_label_values(&["open"]).set(pool.open.into());
        self.pool.with_label_values(&["idle"]).set(pool.idle.into());
        self.pool
            .with_label_values(&["in_use"])
            .set(i64::from(pool.open.saturating_sub(pool.idle)));
        self.pool.with_label_values(&["max"]).set(pool.max.into());
        // Process-wide totals kept by domain; counters only move forward.
        let totals = domain::db::statement_totals();
        self.statements
            .inc_by(totals.statements.saturating_sub(self.statements.get()));
        self.statements_failed
            .inc_by(totals.failed.saturating_sub(self.statements_failed.get()));
        let mut families = self.registry.gather();
        families.extend(trend_families(health, served, chrono::Utc::now()));
        families.sort_by(|a, b| a.name().cmp(b.name()));
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&families, &mut out) {
            tracing::error!(error = %e, "encoding metrics failed");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The trend job's series, made afresh for each scrape so that what is unknown (no run yet,
/// nothing published) is absent rather than a misleading 0.
fn trend_families(
    health: Option<&Health>,
    served: Option<i32>,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<prometheus::proto::MetricFamily> {
    let registry = Registry::new();
    let gauge = |name: &str, help: &str, value: f64| {
        let g = Gauge::new(name, help).expect("valid metric");
        g.set(value);
        registry
            .register(Box::new(g))
            .expect("metric registered once");
    };
    let unix = |t: chrono::DateTime<chrono::Utc>| t.timestamp_millis() as f64 / 1000.0;
    let seconds = |d: chrono::TimeDelta| d.num_milliseconds() as f64 / 1000.0;
    if let Some(generation) = served {
        gauge(
            "sapat_trend_served_generation",
            "The trend generation this instance answers from (compare with sapat_trend_published_generation)",
            generation.into(),
        );
    }
    let Some(health) = health else {
        return registry.gather();
    };
    if let Some(run) = &health.last_finished {
        gauge(
            "sapat_trend_last_run_duration_seconds",
            "How long the last finished trend run took",
            seconds(run.finished_at - run.started_at),
        );
        gauge(
            "sapat_trend_last_run_finished_timestamp_seconds",
            "When the last finished trend run ended (unix time)",
            unix(run.finished_at),
        );
        let status = GaugeVec::new(
            Opts::new(
                "sapat_trend_last_run_status",
                "The last finished trend run's status: 1 for the status it ended with, 0 for the other",
            ),
            &["status"],
        )
        .expect("valid metric");
        for s in ["succeeded", "failed"] {
            status
                .with_label_values(&[s])
                .set(if run.status == s { 1.0 } else { 0.0 });
        }
        registry
            .register(Box::new(status))
            .expect("metric registered once");
    }
    if let Some(at) = health.last_success_at {
        gauge(
            "sapat_trend_last_success_timestamp_seconds",
            "When the last successful trend run ended (unix time)",
            unix(at),
        );
    }
    gauge(
        "sapat_trend_run_in_progress",
        "1 while a trend run is recorded as running, else 0",
        if health.running_since.is_some() {
            1.0
        } else {
            0.0
        },
    );
    if let Some(since) = health.running_since {
        gauge(
            "sapat_trend_run_in_progress_seconds",
            "How long the trend run in progress has been running",
            seconds(now - since),
        );
    }
    if let Some((generation, published_at)) = health.published {
        gauge(
            "sapat_trend_published_generation",
            "The id of the published trend generation",
            generation.into(),
        );
        gauge(
            "sapat_trend_generation_age_seconds",
            "Seconds since the published trend generation was published",
            seconds(now - published_at),
        );
    }
    registry.gather()
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// A metric-safe operation label: the GraphQL name (letters, digits, `_`, at most 64), else
/// `anonymous`.
pub fn operation_label(name: Option<&str>) -> String {
    match name {
        Some(n)
            if !n.is_empty()
                && n.len() <= 64
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                // A token pasted as the name is not a label (nor logged).
                && !n.contains("sapat_") =>
        {
            n.to_owned()
        }
        _ => "anonymous".to_owned(),
    }
}
