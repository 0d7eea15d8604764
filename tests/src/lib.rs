//! Test harness: every test gets its own fresh, migrated database ([`TestDb`]), the server
//! around it ([`TestApp`]), and the helpers and data the test modules share.
//!
//! The backend is chosen by `TEST_DATABASE_URL`: unset means a SQLite file in a temporary
//! directory; `postgres://…` is an admin connection in which the harness creates a throwaway
//! database `sapat_t_…` per test and drops it afterwards (also when the test panics). Each is a
//! copy of a [`Template`] migrated once per test process.

use api::AppState;
use api::graphql::AppSchema;
use api::snapshot::Snapshots;
use async_graphql::{Request, Variables};
use domain::Db;
use domain::config::{Config, DatabaseConfig, DatabaseUrl};
use poem::endpoint::BoxEndpoint;
use poem::http::StatusCode;
use poem::test::TestClient;
use poem::{EndpointExt, Response};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub use domain;

pub mod entry;
pub mod fixture;
pub mod import;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database of its own for one test.
pub struct TestDb {
    pub db: Db,
    pub config: Config,
    _dir: Option<tempfile::TempDir>,
    pg: Option<PgDrop>,
}

struct PgDrop {
    admin_url: String,
    name: String,
}

impl TestDb {
    /// A fresh database with all migrations applied and reference data loaded: a copy of
    /// this process's [`Template`].
    pub async fn new() -> TestDb {
        // nextest runs every test in a process of its own, where a template is one more copy.
        if std::env::var_os("NEXTEST_RUN_ID").is_some() {
            let t = Self::empty().await;
            domain::db::migrate_up(&t.db).await.expect("migrate up");
            return t;
        }
        Self::create(Some(template().await)).await
    }

    /// A copy of the database `build` makes from a [`new`](Self::new) one, built once per
    /// test process into `cell` (e.g. the trend fixture, which dozens of tests start from).
    pub async fn cached(
        cell: &'static tokio::sync::OnceCell<Template>,
        build: impl AsyncFnOnce(&TestDb),
    ) -> TestDb {
        if std::env::var_os("NEXTEST_RUN_ID").is_some() {
            let t = Self::new().await;
            build(&t).await;
            return t;
        }
        let template = cell
            .get_or_init(|| async {
                let t = Self::new().await;
                build(&t).await;
                t.db.clone().close().await.expect("close template");
                let Some(pg) = &t.pg else {
                    return Template::read(&t);
                };
                // A copy of the built database: `t`'s own is dropped with it.
                let name = format!(
                    "{}_{}",
                    template_name(),
                    COUNTER.fetch_add(1, Ordering::Relaxed)
                );
                let admin = Database::connect(&pg.admin_url)
                    .await
                    .expect("connect TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {}", pg.name))
                    .await
                    .expect("create template database");
                admin.close().await.ok();
                Template::Postgres(name)
            })
            .await;
        Self::create(Some(template)).await
    }

    /// A fresh database with no tables.
    pub async fn empty() -> TestDb {
        Self::create(None).await
    }

    async fn create(template: Option<&Template>) -> TestDb {
        init_test_tracing();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        match admin_url() {
            Some(admin_url) => {
                let name = format!("sapat_t_{}_{}_{}", std::process::id(), n, nanos());
                let from = match template {
                    Some(Template::Postgres(from)) => from.as_str(),
                    _ => "template0",
                };
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!(
                        "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE {from}"
                    ))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let url = with_database(&admin_url, &name);
                let config = config_for(&url);
                let db = domain::db::connect(&config.database)
                    .await
                    .expect("connect test database");
                TestDb {
                    db,
                    config,
                    _dir: None,
                    pg: Some(PgDrop { admin_url, name }),
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                if let Some(Template::Sqlite { db, wal }) = template {
                    std::fs::write(dir.path().join("test.db"), db).expect("copy template");
                    if let Some(wal) = wal {
                        std::fs::write(dir.path().join("test.db-wal"), wal).expect("copy WAL");
                    }
                }
                let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
                let config = config_for(&url);
                let db = domain::db::connect(&config.database)
                    .await
                    .expect("connect sqlite");
                TestDb {
                    db,
                    config,
                    _dir: Some(dir),
                    pg: None,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// Runs one SQL statement and panics with the statement on failure.
    pub async fn exec(&self, sql: &str) {
        if let Err(e) = self.db.execute_unprepared(sql).await {
            panic!("{sql}\n→ {e}");
        }
    }

    /// Counts the rows of a table.
    pub async fn count(&self, table: &str) -> i64 {
        self.value(&format!("SELECT COUNT(*) AS n FROM {table}"), "n")
            .await
    }

    /// The id of the row of `table` (a region, district or school) with `code`.
    pub async fn id_of(&self, table: &str, code: &str) -> i32 {
        self.value(
            &format!("SELECT id FROM {table} WHERE code = '{code}'"),
            "id",
        )
        .await
    }

    /// The column `name` of the first row of `sql`, which must have one.
    async fn value<T: sea_orm::TryGetable>(&self, sql: &str, name: &str) -> T {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}\n→ {e}"))
            .unwrap_or_else(|| panic!("no row: {sql}"));
        row.try_get("", name)
            .unwrap_or_else(|e| panic!("{sql}: {name}\n→ {e}"))
    }

    /// A fresh admin token (its secret).
    pub async fn admin_token(&self) -> String {
        domain::auth::create_token(
            &self.db,
            domain::auth::NewToken {
                name: "ministry".into(),
                role: domain::auth::Role::Admin,
                scope_code: None,
                expires_at: None,
            },
        )
        .await
        .unwrap()
        .1
    }
}

/// The admin connection of `TEST_DATABASE_URL`, or None for SQLite.
fn admin_url() -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    assert!(
        url.starts_with("postgres"),
        "TEST_DATABASE_URL must be postgres://…, got a different scheme ({})",
        url.split(':').next().unwrap_or_default()
    );
    Some(url)
}

/// The migrated database (reference data loaded) that [`TestDb::new`] copies, built once per
/// test process: migrating each test's database was most of a small test's time, above all on
/// PostgreSQL.
pub enum Template {
    /// A database `CREATE DATABASE … TEMPLATE` copies (nobody stays connected to it). Named
    /// `sapat_tpl_<unix seconds>_<pid>`, so a later process drops it once it is stale.
    Postgres(String),
    /// The SQLite file, and its WAL if the close left one.
    Sqlite { db: Vec<u8>, wal: Option<Vec<u8>> },
}

impl Template {
    /// The (closed) SQLite database of `t`, as a template.
    fn read(t: &TestDb) -> Template {
        let dir = t
            ._dir
            .as_ref()
            .expect("a SQLite test database has a directory");
        let file = |name: &str| std::fs::read(dir.path().join(name));
        Template::Sqlite {
            db: file("test.db").expect("read template"),
            wal: file("test.db-wal").ok(),
        }
    }
}

/// A new PostgreSQL template's name: `sapat_tpl_<unix seconds>_<pid>`.
fn template_name() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("sapat_tpl_{now}_{}", std::process::id())
}

static TEMPLATE: tokio::sync::OnceCell<Template> = tokio::sync::OnceCell::const_new();

async fn template() -> &'static Template {
    TEMPLATE
        .get_or_init(|| async {
            let Some(admin_url) = admin_url() else {
                let t = TestDb::create(None).await;
                domain::db::migrate_up(&t.db).await.expect("migrate up");
                t.db.clone().close().await.expect("close template");
                return Template::read(&t);
            };
            let admin = Database::connect(&admin_url)
                .await
                .expect("connect TEST_DATABASE_URL");
            drop_stale_templates(&admin).await;
            let name = template_name();
            admin
                .execute_unprepared(&format!(
                    "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"
                ))
                .await
                .expect("create template database");
            admin.close().await.ok();
            let config = config_for(&with_database(&admin_url, &name));
            let db = domain::db::connect(&config.database)
                .await
                .expect("connect template database");
            domain::db::migrate_up(&db).await.expect("migrate up");
            db.close().await.expect("close template");
            Template::Postgres(name)
        })
        .await
}

/// Drops the templates of test processes that have ended (or, where there is no /proc to
/// ask, that are a day old): a process cannot drop its own on exit.
async fn drop_stale_templates(admin: &sea_orm::DatabaseConnection) {
    let Ok(rows) = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            r"SELECT datname FROM pg_database WHERE datname LIKE 'sapat\_tpl\_%'".to_owned(),
        ))
        .await
    else {
        return;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let proc = std::path::Path::new("/proc/self").exists();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let mut parts = name.trim_start_matches("sapat_tpl_").split('_');
        let (Some(Ok(secs)), Some(Ok(pid))) = (
            parts.next().map(str::parse::<u64>),
            parts.next().map(str::parse::<u32>),
        ) else {
            continue;
        };
        let ended = if proc {
            !std::path::Path::new(&format!("/proc/{pid}")).exists()
        } else {
            now.saturating_sub(secs) > 24 * 3600
        };
        if ended && pid != std::process::id() {
            // Fails harmlessly if another process is copying it right now.
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await;
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(pg) = self.pg.take() else { return };
        // Close our pool first, then drop the database from a thread of its own: Drop cannot
        // await, and the test's runtime may already be shutting down.
        let db = self.db.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                db.close().await.ok();
                if let Ok(admin) = Database::connect(&pg.admin_url).await {
                    let _ = admin
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                            pg.name
                        ))
                        .await;
                    admin.close().await.ok();
                }
            });
        })
        .join()
        .ok();
    }
}

/// The server around a test's database, as `sapat serve` builds it: poem's test client over
/// the real routes, the snapshots it serves dashboards from, and POST /graphql.
pub struct TestApp {
    /// The routes, for requests other than a GraphQL POST.
    pub http: TestClient<BoxEndpoint<'static, Response>>,
    /// This app's copy of the published trend generation (refresh it after a run).
    pub snapshots: Arc<Snapshots>,
}

impl TestApp {
    /// The app over `t`'s database with `t`'s configuration.
    pub fn new(t: &TestDb) -> TestApp {
        Self::with_config(t, |_| {})
    }

    /// The app over `t`'s database with `t`'s configuration changed by `edit`.
    pub fn with_config(t: &TestDb, edit: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = t.config.clone();
        edit(&mut config);
        let snapshots = Snapshots::new(t.db.clone());
        let app = api::app(AppState {
            db: t.db.clone(),
            config: Arc::new(config),
            snapshots: snapshots.clone(),
        });
        TestApp {
            http: TestClient::new(app.map_to_response().boxed()),
            snapshots,
        }
    }

    /// POST /graphql, anonymously, optionally with an Accept-Language.
    pub async fn post(&self, query: &str, vars: Value, lang: Option<&str>) -> (StatusCode, Value) {
        self.post_with(query, vars, lang, None).await
    }

    /// POST /graphql, optionally with an Accept-Language and a bearer token. The body is the
    /// JSON answer, or the text when it is not JSON.
    pub async fn post_with(
        &self,
        query: &str,
        vars: Value,
        lang: Option<&str>,
        token: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .post("/graphql")
            .content_type("application/json")
            .body(json!({ "query": query, "variables": vars }).to_string());
        if let Some(l) = lang {
            req = req.header("accept-language", l);
        }
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let res = req.send().await;
        if token.is_none() {
            res.assert_header_exist("x-request-id");
        }
        let status = res.0.status();
        let text = res.0.into_body().into_string().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

/// The schema as the operator sees it (an admin without a token), executed in-process.
pub fn schema(t: &TestDb) -> AppSchema {
    api::graphql::operator_schema(
        t.db.clone(),
        Arc::new(t.config.clone()),
        Snapshots::new(t.db.clone()),
    )
}

/// Runs a query that must succeed and returns its data.
pub async fn run(schema: &AppSchema, query: &str, vars: Value) -> Value {
    let res = schema
        .execute(Request::new(query).variables(Variables::from_json(vars)))
        .await;
    assert!(res.errors.is_empty(), "{query}\n→ {:?}", res.errors);
    res.data.into_json().unwrap()
}

/// The operator's schema and the snapshots it serves from (refresh them after a run).
pub fn schema_with_snapshots(t: &TestDb) -> (AppSchema, Arc<Snapshots>) {
    let snapshots = Snapshots::new(t.db.clone());
    let schema =
        api::graphql::operator_schema(t.db.clone(), Arc::new(t.config.clone()), snapshots.clone());
    (schema, snapshots)
}

/// Runs a query that must fail and returns its errors as JSON.
pub async fn fail(schema: &AppSchema, query: &str, vars: Value) -> Vec<Value> {
    let res = schema
        .execute(Request::new(query).variables(Variables::from_json(vars)))
        .await;
    assert!(!res.errors.is_empty(), "{query} should fail");
    res.errors
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect()
}

/// The errors of a query that must fail: (code, message) pairs.
pub async fn errors(schema: &AppSchema, query: &str) -> Vec<(String, String)> {
    let res = schema.execute(Request::new(query)).await;
    assert!(!res.errors.is_empty(), "{query} should fail");
    res.errors
        .iter()
        .map(|e| {
            let code = e
                .extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .map(|c| c.to_string().trim_matches('"').to_owned())
                .unwrap_or_default();
            (code, e.message.clone())
        })
        .collect()
}

/// A file for a GraphQL upload (`Request::set_upload`).
pub fn upload(name: &str, bytes: &[u8]) -> async_graphql::UploadValue {
    use std::io::{Seek, Write};
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(bytes).unwrap();
    file.rewind().unwrap();
    async_graphql::UploadValue {
        filename: name.into(),
        content_type: None,
        content: file,
    }
}

/// A configuration for tests: defaults, with the given database.
pub fn config_for(url: &str) -> Config {
    Config {
        database: DatabaseConfig {
            url: DatabaseUrl::new(url),
            ..DatabaseConfig::default()
        },
        ..Config::default()
    }
}

fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000)
        .unwrap_or_default()
}

fn init_test_tracing() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("info")
            .try_init();
    }
}

/// Minimal HTTP/1.1 client for tests against a real `sapat serve` socket.
pub mod http {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Sends one request with `Connection: close` and returns (status, body).
    pub async fn request(
        addr: std::net::SocketAddr,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> (u16, String) {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let body = body.unwrap_or("");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(req.as_bytes()).await.expect("write");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read");
        let text = String::from_utf8(raw).expect("utf-8 response");
        let (head, rest) = text.split_once("\r\n\r\n").expect("http head");
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        (
            status,
            if chunked {
                dechunk(rest)
            } else {
                rest.to_owned()
            },
        )
    }

    fn dechunk(mut s: &str) -> String {
        let mut out = String::new();
        while let Some((size, rest)) = s.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.push_str(&rest[..n]);
            s = &rest[n + 2..];
        }
        out
    }
}

/// Log lines written by a subscriber made with `.with_writer(move || captured.clone())`,
/// for tests that check what reaches the log.
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
