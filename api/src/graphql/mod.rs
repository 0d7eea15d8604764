//! The schema: one query object per area, merged; GraphQL types are DTOs built from `domain`
//! rows, never sea-orm entities.

mod audit;
mod common;
mod dashboard;
#[cfg(test)]
mod described;
mod entry;
pub(crate) mod error;
mod fan_in;
mod import;
mod introspection;
mod paging;
mod profile;
mod request_errors;
mod school;

use crate::snapshot::Snapshots;
use async_graphql::{
    BatchRequest, BatchResponse, EmptyMutation, MergedObject, MergedSubscription, Object, Request,
    Response, Schema, SchemaBuilder,
};
use domain::{Config, Db};
use introspection::Route;
use jobs::scheduler::Runner;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

pub use common::{Lang, RequestLang};
pub use entry::entry_input_mismatches;
pub use error::to_gql_error;
pub use request_errors::{BAD_USER_INPUT, QUERY_TOO_DEEP, VALIDATION_FAILED};

/// The root of every query: places, schools, indicators, rankings and comparisons (public),
/// school profiles (by tier), the trend job's status and runs, the audit log (admin), and
/// data-entry forms.
#[derive(MergedObject, Default)]
pub struct Query(
    school::SchoolQuery,
    dashboard::DashboardQuery,
    audit::AuditQuery,
    entry::EntryQuery,
);

/// The root of every write: data entry per fact kind, file imports, accreditation records
/// and trend refreshes. Anonymous callers never write.
#[derive(MergedObject, Default)]
pub struct Mutation(
    entry::KindMutation,
    entry::EntryMutation,
    import::ImportMutation,
    dashboard::DashboardMutation,
);

/// Every subscription: `trendsRefreshed` (over WebSocket at `/graphql/ws`; a POST cannot
/// subscribe).
#[derive(MergedSubscription, Default)]
pub struct Subscription(dashboard::DashboardSubscription);

/// The schema and this instance's trend snapshots. Executing a request through it gives the
/// request its own snapshot view (`RequestView`).
///
/// This used to be a schema extension (`prepare_request`); but any extension makes
/// async-graphql wrap every field and every list item in the extension chain (a boxed future,
/// a registry lookup and formatted type names each), which was a measured part of the CPU
/// time of large dashboard answers (BENCHMARKS.md). The view now travels as request data.
///
/// Introspection alone runs on a second schema that serves nothing else, under its own
/// limits (see `introspection`); it is built the first time a request needs it.
#[derive(Clone)]
pub struct AppSchema {
    /// What requests run on. It has no schema extension: any extension makes async-graphql
    /// pass every field and list item through the extension chain, which cost more than the
    /// rest of a large dashboard answer (BENCHMARKS.md); error codes are given afterwards
    /// (`request_errors::code_errors`).
    schema: Schema<Query, Mutation, Subscription>,
    /// The same schema with the root-field gate (`fan_in`), for the rare request selecting
    /// more root fields than resolve at once; built the first time one does.
    gated: Arc<OnceLock<Schema<Query, Mutation, Subscription>>>,
    build: Arc<dyn Fn() -> SchemaBuilder<Query, Mutation, Subscription> + Send + Sync>,
    introspection: Arc<OnceLock<Schema<Query, Mutation, Subscription>>>,
    limits: Limits,
    snapshots: Arc<Snapshots>,
    db: Db,
}

/// `server.max_depth` and `server.max_complexity`.
#[derive(Clone, Copy)]
struct Limits {
    depth: usize,
    complexity: usize,
}

impl Limits {
    fn of(config: &Config) -> Limits {
        Limits {
            depth: config.server.max_depth,
            complexity: config.server.max_complexity,
        }
    }
}

/// What one answer was built from: whether it read the database, and which snapshot view
/// it read (the answer cache keeps only answers built from a view alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trace {
    pub read_database: bool,
    pub snapshot_version: Option<u64>,
}

impl AppSchema {
    fn traced(&self, request: Request) -> (Request, RequestView, Arc<RequestDb>) {
        let view = RequestView {
            snapshots: self.snapshots.clone(),
            view: Arc::new(tokio::sync::OnceCell::new()),
        };
        let db = Arc::new(RequestDb {
            db: self.db.clone(),
            used: AtomicBool::new(false),
        });
        (request.data(view.clone()).data(db.clone()), view, db)
    }

    fn route(&self, request: &Request) -> Route {
        introspection::route(
            &request.query,
            request.operation_name.as_deref(),
            self.limits.depth,
        )
    }

    /// The schema a request of `doc` runs on: the gated one when it selects more root
    /// fields than resolve at once.
    fn schema_for(
        &self,
        doc: &async_graphql::parser::types::ExecutableDocument,
        operation_name: Option<&str>,
    ) -> &Schema<Query, Mutation, Subscription> {
        if crate::guard::root_fields(doc, operation_name) <= fan_in::ROOT_FIELDS_AT_ONCE {
            return &self.schema;
        }
        self.gated
            .get_or_init(|| (self.build)().extension(fan_in::RootFieldGate).finish())
    }

    /// The schema that answers introspection alone: no depth limit of async-graphql's
    /// (`introspection::route` counts depth without the `ofType` hops), the same complexity
    /// limit, and nothing but introspection served.
    fn introspection(&self) -> &Schema<Query, Mutation, Subscription> {
        self.introspection.get_or_init(|| {
            Schema::build(
                Query::default(),
                Mutation::default(),
                Subscription::default(),
            )
            .introspection_only()
            .limit_complexity(self.limits.complexity)
            .finish()
        })
    }

    /// Executes one request.
    pub async fn execute(&self, request: impl Into<Request>) -> Response {
        self.execute_traced(request).await.0
    }

    /// Executes one request and says what its answer was built from.
    pub async fn execute_traced(&self, request: impl Into<Request>) -> (Response, Trace) {
        let mut request = request.into();
        let name = request.operation_name.clone();
        let mut trace = Trace {
            read_database: false,
            snapshot_version: None,
        };
        let mut response = match self.route(&request) {
            // Parsed once here (`guard` may have done it already), for the schema to reuse.
            Route::Ordinary => match request.parsed_query() {
                Ok(doc) => {
                    let schema = self.schema_for(doc, name.as_deref());
                    let (request, view, db) = self.traced(request);
                    let response = schema.execute(request).await;
                    trace = Trace {
                        read_database: db.used.load(Ordering::Relaxed),
                        snapshot_version: view.view.get().map(|v| v.version),
                    };
                    response
                }
                Err(e) => request_errors::parse_failed(e),
            },
            Route::Introspection => self.introspection().execute(request).await,
            Route::Refused(why) => refused(why),
        };
        request_errors::code_errors(&mut response, self.limits.depth, self.limits.complexity);
        (response, trace)
    }

    /// Executes a batch, its requests together, each as [`AppSchema::execute`] would.
    pub async fn execute_batch(&self, batch: BatchRequest) -> BatchResponse {
        match batch {
            BatchRequest::Single(r) => BatchResponse::Single(self.execute(r).await),
            BatchRequest::Batch(rs) => BatchResponse::Batch(
                async_graphql::futures_util::future::join_all(
                    rs.into_iter().map(|r| self.execute(r)),
                )
                .await,
            ),
        }
    }
}

/// Builds the schema around an already connected database (no I/O here). `snapshots` is
/// this instance's copy of the published trend generation, shared with whatever keeps it
/// current (`Snapshots::watch`, and [`trend_runner`] after the runs `refreshTrends` asks for).
pub fn build_schema(db: Db, config: Arc<Config>, snapshots: Arc<Snapshots>) -> AppSchema {
    let runner = trend_runner(db.clone(), config.clone(), snapshots.clone());
    let limits = Limits::of(&config);
    let build = move || schema_builder(config.clone(), runner.clone());
    app_schema(build, limits, db, snapshots)
}

/// The schema as the operator sees it (an admin without a token): for tests and tools that
/// execute operations in-process. Served requests always carry their own caller.
pub fn operator_schema(db: Db, config: Arc<Config>, snapshots: Arc<Snapshots>) -> AppSchema {
    let runner = trend_runner(db.clone(), config.clone(), snapshots.clone());
    operator_schema_with_runner(db, config, snapshots, runner)
}

/// [`operator_schema`] whose `refreshTrends` asks `runner` (for tests that watch the runs).
pub fn operator_schema_with_runner(
    db: Db,
    config: Arc<Config>,
    snapshots: Arc<Snapshots>,
    runner: Runner,
) -> AppSchema {
    let limits = Limits::of(&config);
    let build = move || {
        schema_builder(config.clone(), runner.clone()).data(domain::auth::Caller::operator())
    };
    app_schema(build, limits, db, snapshots)
}

/// The jobs-side runner `refreshTrends` asks for runs: it spawns and drives each run, then
/// reloads `snapshots`, so this instance serves the new generation as soon as it is
/// published.
pub fn trend_runner(db: Db, config: Arc<Config>, snapshots: Arc<Snapshots>) -> Runner {
    Runner::new(db, config).after_run(move |_| {
        let snapshots = snapshots.clone();
        async move {
            if let Err(e) = snapshots.refresh().await {
                tracing::warn!(error = %e, "trend snapshot refresh failed");
            }
        }
    })
}

fn app_schema(
    build: impl Fn() -> SchemaBuilder<Query, Mutation, Subscription> + Send + Sync + 'static,
    limits: Limits,
    db: Db,
    snapshots: Arc<Snapshots>,
) -> AppSchema {
    let data = snapshots.clone();
    let build: Arc<dyn Fn() -> SchemaBuilder<Query, Mutation, Subscription> + Send + Sync> =
        Arc::new(move || build().data(data.clone()));
    AppSchema {
        schema: build().finish(),
        gated: Arc::new(OnceLock::new()),
        build,
        introspection: Arc::new(OnceLock::new()),
        limits,
        snapshots,
        db,
    }
}

/// The query root of the WebSocket schema: the socket serves subscriptions only, so queries
/// and mutations keep their one path (POST /graphql, with its limits and answer cache).
#[derive(Default)]
pub struct SocketQuery;

#[Object]
impl SocketQuery {
    /// Always true: this socket (`/graphql/ws`) serves subscriptions (`trendsRefreshed`);
    /// send queries and mutations to POST /graphql.
    async fn subscriptions_only(&self) -> bool {
        true
    }
}

/// The schema `/graphql/ws` serves: `Subscription` with this instance's snapshots, under the
/// configured depth and complexity limits, its answers coded as POST's are
/// (`request_errors::code_errors`).
pub fn socket_schema(config: &Config, snapshots: Arc<Snapshots>) -> SocketSchema {
    SocketSchema {
        schema: Schema::build(SocketQuery, EmptyMutation, Subscription::default())
            .data(snapshots)
            .limit_depth(config.server.max_depth)
            .limit_complexity(config.server.max_complexity)
            .finish(),
        limits: Limits::of(config),
    }
}

/// See [`socket_schema`].
#[derive(Clone)]
pub struct SocketSchema {
    schema: Schema<SocketQuery, EmptyMutation, Subscription>,
    limits: Limits,
}

impl async_graphql::Executor for SocketSchema {
    fn execute(&self, request: Request) -> impl std::future::Future<Output = Response> + Send {
        let this = self.clone();
        async move {
            let mut response = this.schema.execute(request).await;
            request_errors::code_errors(&mut response, this.limits.depth, this.limits.complexity);
            response
        }
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<async_graphql::Data>>,
    ) -> async_graphql::futures_util::stream::BoxStream<'static, Response> {
        use async_graphql::futures_util::StreamExt;
        let Limits { depth, complexity } = self.limits;
        self.schema
            .execute_stream_with_session_data(request, session_data.unwrap_or_default())
            .map(move |mut response| {
                request_errors::code_errors(&mut response, depth, complexity);
                response
            })
            .boxed()
    }
}

/// The answer to a request whose introspection goes beyond its limits.
fn refused(why: String) -> Response {
    use async_graphql::ErrorExtensions;
    let error =
        async_graphql::Error::new(why).extend_with(|_, e| e.set("code", "QUERY_TOO_COMPLEX"));
    Response::from_errors(vec![error.into_server_error(Default::default())])
}

/// The database is not schema data: each request reaches it through its own `RequestDb`
/// (see `common::db`), so the server knows which answers read it. (The trend runner holds a
/// handle of its own for the runs; only `refreshTrends` reaches it, after `common::db`.)
fn schema_builder(
    config: Arc<Config>,
    runner: Runner,
) -> async_graphql::SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .data(config.clone())
    .data(runner)
    .limit_depth(config.server.max_depth)
    .limit_complexity(config.server.max_complexity)
}

/// The SDL that `sapat schema` prints and `api/schema.graphql` commits.
pub fn sdl() -> String {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .finish()
    .sdl()
}

/// The request's view, taken when its first dashboard field asks and then kept, so every
/// field of an answer reads the same generation even when a new one is swapped in meanwhile
/// (and requests without dashboard fields cost nothing); set once (see `dashboard::view`).
#[derive(Clone)]
pub(crate) struct RequestView {
    pub(crate) snapshots: Arc<Snapshots>,
    pub(crate) view: Arc<tokio::sync::OnceCell<crate::snapshot::View>>,
}

/// The database as one request reaches it; `used` records that its answer read it.
pub(crate) struct RequestDb {
    pub(crate) db: Db,
    pub(crate) used: AtomicBool,
}

#[cfg(test)]
mod tests {
    fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("graphql sources") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// Whether `text` names async-graphql's own `Result` (directly or in a `use` list).
    fn names_async_graphql_result(text: &str) -> bool {
        let direct = ["async_graphql::Result", "async_graphql::FieldResult"];
        if direct.iter().any(|d| text.contains(d)) {
            return true;
        }
        text.match_indices("use async_graphql::").any(|(at, _)| {
            let statement = text[at..].split(';').next().unwrap_or_default();
            statement
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| word == "Result" || word == "FieldResult")
        })
    }

    /// A resolver returning `async_graphql::Result` would turn `?` on a `domain::Result` into
    /// a bare message without `extensions.code` (see `error`): resolvers return
    /// `error::Result`, whose `?` maps through `to_gql_error`, and no other module calls it.
    #[test]
    fn resolvers_return_the_coded_result() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/graphql");
        let mut files = Vec::new();
        sources(&dir, &mut files);
        assert!(files.len() > 5, "no sources found in {}", dir.display());
        let mut problems = Vec::new();
        let by_hand = [concat!("to_gql_error", "("), concat!("(to_gql_error", ")")];
        for (path, text) in &files {
            // The code: not its comments, nor its tests (which spell out what they look for).
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let code = code.as_str();
            if names_async_graphql_result(code) {
                problems.push(format!("{path}: uses async_graphql::Result"));
            }
            if !path.ends_with("graphql/error.rs") && by_hand.iter().any(|p| code.contains(p)) {
                problems.push(format!("{path}: maps by hand with to_gql_error"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_check_sees_async_graphql_result_in_a_use_list() {
        assert!(names_async_graphql_result(
            "use async_graphql::{Context, Object, Result};"
        ));
        assert!(names_async_graphql_result(
            "fn f() -> async_graphql::Result<()> {}"
        ));
        assert!(!names_async_graphql_result(
            "use super::error::Result;\nuse async_graphql::{Context, Object};"
        ));
    }
}
