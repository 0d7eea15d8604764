//! The built-in dashboard end to end, in a real headless Chromium driven over WebDriver
//! (chromedriver), against `sapat serve` on a real socket, on both databases: the district
//! view and its sorting, a school's lines with the seed-003 values, the language switch, a
//! district token refused another district's school, and a new generation appearing without
//! a reload (the `trendsRefreshed` subscription).
//!
//! Skipped, with a message, when Chromium or chromedriver is missing, unless
//! `TEST_REQUIRE_BROWSER` is set (CI sets it, so there they must run).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use api::AppState;
use api::snapshot::Snapshots;
use domain::auth::{NewToken, Role};
use fantoccini::{Client, ClientBuilder, Locator};
use integration_tests::TestDb;
use integration_tests::fixture::{fixture, full, school_id};
use serde_json::{Value, json};

/// The first of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session, or `None` (with the reason printed) when this machine has no browser
/// and the run does not require one.
async fn browser() -> Option<(Driver, Client)> {
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = on_path(&["chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        assert!(
            std::env::var_os("TEST_REQUIRE_BROWSER").is_none(),
            "TEST_REQUIRE_BROWSER is set but chromium or chromedriver is missing \
             (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "SKIPPED: the dashboard's browser tests need chromium and chromedriver \
             (apt-get install chromium chromium-driver); set TEST_REQUIRE_BROWSER to fail instead"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=ky"],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session");
    Some((driver, client))
}

/// Runs `script` (a function body) until it returns something other than null or false.
async fn eventually(c: &Client, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = c.execute(script, vec![]).await.expect("script runs");
        if !v.is_null() && v != Value::Bool(false) {
            return v;
        }
        if Instant::now() > deadline {
            let page = c
                .execute("return document.body.innerText", vec![])
                .await
                .unwrap_or_default();
            panic!("timed out waiting for {what}; the page says:\n{page}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `sapat serve` over `t` on a free port; the snapshots it serves from are returned so the
/// test can swap in a new generation as the scheduler would.
async fn serve(t: &TestDb) -> (SocketAddr, Arc<Snapshots>, tokio::sync::oneshot::Sender<()>) {
    let (addr, acceptor) = api::server::bind("127.0.0.1:0".into()).await.unwrap();
    let snapshots = Snapshots::new(t.db.clone());
    // The default configuration: the socket needs no switch.
    let state = AppState {
        db: t.db.clone(),
        config: Arc::new(t.config.clone()),
        snapshots: snapshots.clone(),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(api::server::serve(acceptor, state, async {
        let _ = stopped.await;
    }));
    (addr, snapshots, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_works_in_a_real_browser() {
    let Some((_driver, c)) = browser().await else {
        return;
    };
    // Arrange: Бахмал №45 (seed 003) and three schools with counts, published.
    let t = fixture().await;
    let first = full(&t).await.generation_id.unwrap();
    let bahmal = school_id(&t, "KG-O-UZG-045").await;
    let other = school_id(&t, "KG-C-ALM-201").await;
    let (addr, snapshots, stop) = serve(&t).await;
    let base = format!("http://{addr}");

    // The district view: the league table of Özgön for 2021-2022.
    c.goto(&format!(
        "{base}/#/district/KG-O-UZG?year=2021&codes=knowledge_quality_pct,success_pct"
    ))
    .await
    .unwrap();
    let rows = eventually(
        &c,
        "the league table",
        "const r = document.querySelectorAll('#league tbody tr[data-school]'); return r.length >= 3 && r.length",
    )
    .await;
    assert_eq!(rows, 3, "the three schools of Özgön");
    let figures = eventually(
        &c,
        "the area figures",
        "const f = document.querySelector('table.figures'); return f && f.innerText",
    )
    .await;
    assert_eq!(
        c.execute(
            "return document.querySelectorAll('table.figures tbody tr').length",
            vec![]
        )
        .await
        .unwrap(),
        3,
        "district, region and country figures: {figures}"
    );

    // Sort by success rate: best first, missing last.
    c.find(Locator::Css("button.sort[data-sort='success_pct']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let sorted = eventually(
        &c,
        "the sorted table",
        "const th = document.querySelector(\"th[data-code='success_pct']\");
         if (!th || th.getAttribute('aria-sort') !== 'descending') return false;
         return [...document.querySelectorAll(\"#league tbody td[data-code='success_pct']\")].map(td => td.dataset.value)",
    )
    .await;
    let values: Vec<Option<f64>> = sorted
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().and_then(|s| s.parse().ok()))
        .collect();
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    assert!(present.len() >= 2, "{values:?}");
    assert!(present.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert!(
        values
            .iter()
            .skip_while(|v| v.is_some())
            .all(Option::is_none),
        "missing values come last: {values:?}"
    );

    // Open Бахмал №45: its knowledge-quality line is the seed-003 values, drawn hollow
    // (school-reported), with the district, region and country lines.
    c.find(Locator::Css(&format!(
        "tr[data-school='{bahmal}'] a.school-link"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let line = eventually(
        &c,
        "the school's knowledge-quality line",
        "const cells = document.querySelectorAll(\"figure[data-code='knowledge_quality_pct'] tr[data-series='school'] td.v\");
         return cells.length > 0 && [...cells].map(td => td.dataset.value === '' ? null : Number(td.dataset.value))",
    )
    .await;
    let line: Vec<Option<f64>> = line.as_array().unwrap().iter().map(Value::as_f64).collect();
    assert_eq!(line, [34.0, 42.0, 40.0, 39.0, 35.0].map(Some));
    let chart = c
        .execute(
            "const f = document.querySelector(\"figure[data-code='knowledge_quality_pct']\");
             return { hollow: f.querySelectorAll('circle.hollow').length,
                      series: [...f.querySelectorAll('tr[data-series]')].map(r => r.dataset.series),
                      text: f.querySelector('tr[data-series=school]').textContent }",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(chart["hollow"], 5, "reported values are hollow: {chart}");
    // Each indicator is drawn once (the olympiad score was also under "other indicators").
    let codes = c
        .execute(
            "return [...document.querySelectorAll('#view figure[data-code]')].map(f => f.dataset.code)",
            vec![],
        )
        .await
        .unwrap();
    let mut codes: Vec<&str> = codes
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let drawn = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), drawn, "an indicator drawn twice: {codes:?}");
    for series in ["school", "district", "region", "country"] {
        assert!(
            chart["series"].as_array().unwrap().contains(&json!(series)),
            "{chart}"
        );
    }
    assert!(
        chart["text"].as_str().unwrap().contains("34"),
        "the values table says the numbers: {chart}"
    );

    // Switch to Russian: the UI and the names from the API follow.
    c.execute(
        "const s = document.querySelector('#lang'); s.value = 'ru'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await
    .unwrap();
    let heading = eventually(
        &c,
        "the Russian page",
        "const h = document.querySelector('#school-name');
         return document.documentElement.lang === 'ru' && h && h.innerText.includes('Средняя') && h.innerText",
    )
    .await;
    assert!(heading.as_str().unwrap().contains("«Бахмал»"), "{heading}");
    let nav = c
        .execute(
            "return document.querySelector(\"nav a[data-view='compare']\").innerText",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(nav, "Сравнение");
    // Anonymous: no report links (the page does not ask for fields it may not see).
    let anon = c
        .execute(
            "return [document.querySelectorAll('a[data-report]').length, document.querySelector('#school-reports').innerText]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(anon[0], 0, "{anon}");
    assert!(anon[1].as_str().unwrap().contains("войдите"), "{anon}");

    // Sign in with a district token of Özgön: its own school's reported data are shown, a
    // school of another district is refused with the API's own FORBIDDEN.
    let (_, token) = domain::auth::create_token(
        &t.db,
        NewToken {
            name: "Özgön office".into(),
            role: Role::District,
            scope_code: Some("KG-O-UZG".into()),
            expires_at: None,
        },
    )
    .await
    .unwrap();
    c.find(Locator::Css("#token"))
        .await
        .unwrap()
        .send_keys(&token)
        .await
        .unwrap();
    c.find(Locator::Css("#signin-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let own = eventually(
        &c,
        "the school's accreditation for its district office",
        "const a = document.querySelector('#accreditation');
         return !document.querySelector('#signin-form:not([hidden])') && a && !a.querySelector('.refused') && a.innerText.includes('CC180015672') && a.innerText",
    )
    .await;
    assert!(own.as_str().unwrap().contains("CC180015672"), "{own}");

    // Signed in, the school's report links come from `School.reports` (eight: two reports,
    // two formats, two languages); one downloads with the token and is saved.
    let links = eventually(
        &c,
        "the school's report links",
        "const a = [...document.querySelectorAll('#school-reports a[data-report]')]; return a.length > 0 && a.map(x => x.dataset.report)",
    )
    .await;
    let links: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(links.len(), 8, "{links:?}");
    assert!(
        links.contains(&"/reports/school/KG-O-UZG-045/2021.pdf?lang=ky"),
        "{links:?}"
    );
    c.find(Locator::Css(
        "#school-reports a[data-report='/reports/school/KG-O-UZG-045/2021.xlsx?lang=ru']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let saved = eventually(
        &c,
        "the downloaded report",
        "const s = document.querySelector('#report-status'); return s && s.innerText.includes('.xlsx') && s.innerText",
    )
    .await;
    assert!(saved.as_str().unwrap().contains("Сохранено"), "{saved}");

    // The district view links the district report (`District.reports`) with the chosen
    // indicators.
    c.goto(&format!(
        "{base}/#/district/KG-O-UZG?year=2021&codes=knowledge_quality_pct,success_pct"
    ))
    .await
    .unwrap();
    let district = eventually(
        &c,
        "the district report links",
        "const a = [...document.querySelectorAll('#district-reports a[data-report]')]; return a.length > 0 && a.map(x => x.dataset.report)",
    )
    .await;
    let district: Vec<&str> = district
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(district.len(), 4, "{district:?}");
    assert!(
        district.contains(
            &"/reports/district/KG-O-UZG/2021.pdf?lang=ky&indicators=knowledge_quality_pct%2Csuccess_pct"
        ),
        "{district:?}"
    );
    c.goto(&format!("{base}/#/school/{other}")).await.unwrap();
    let refused = eventually(
        &c,
        "the refusal of another district's school",
        "const r = document.querySelector('#accreditation .refused'); return r && r.innerText",
    )
    .await;
    let refused = refused.as_str().unwrap();
    assert!(refused.contains("FORBIDDEN"), "{refused}");
    assert!(refused.contains("Нет доступа"), "{refused}");
    // Public indicators of that school still show.
    eventually(
        &c,
        "the other school's public lines",
        "return document.querySelectorAll('figure[data-code]').length > 0",
    )
    .await;

    // A new generation is published while the page is open: it appears without a reload.
    let shown = eventually(
        &c,
        "the freshness line",
        "const f = document.querySelector('#freshness'); return f && f.dataset.generation",
    )
    .await;
    assert_eq!(shown, json!(first.to_string()));
    eventually(&c, "the subscription", "return window.sapatLive === true").await;
    c.execute("window.sameDocument = true;", vec![])
        .await
        .unwrap();
    let second = full(&t).await.generation_id.unwrap();
    assert_ne!(first, second);
    assert!(snapshots.refresh().await.unwrap(), "a new generation");
    let updated = eventually(
        &c,
        "the new generation on the page",
        &format!(
            "const f = document.querySelector('#freshness'); const n = document.querySelector('#notice');
             return f.dataset.generation === '{second}' && !n.hidden && n.innerText"
        ),
    )
    .await;
    assert!(
        updated.as_str().unwrap().contains(&second.to_string()),
        "{updated}"
    );
    assert_eq!(
        c.execute("return window.sameDocument === true", vec![])
            .await
            .unwrap(),
        true,
        "the page was not reloaded"
    );

    c.close().await.unwrap();
    stop.send(()).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_is_served_from_the_binary() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let t = TestDb::new().await;
    let app = integration_tests::TestApp::new(&t);
    let res = app.http.get("/").send().await;
    res.assert_status_is_ok();
    let page = res.0.into_body().into_string().await.unwrap();
    let refs: Vec<&str> = page
        .split('"')
        .filter(|s| s.ends_with(".js") || s.ends_with(".css"))
        .collect();
    assert_eq!(refs.len(), 4, "{refs:?}");
    for path in refs {
        assert!(path.starts_with("/dashboard/"), "{path}");
        let res = app.http.get(path).send().await;
        res.assert_status_is_ok();
        let body = res.0.into_body().into_string().await.unwrap();
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{path} names no other origin"
        );
    }
    app.http
        .get("/dashboard/../Cargo.toml")
        .send()
        .await
        .assert_status(poem::http::StatusCode::NOT_FOUND);
    // The WebSocket is on by default (the page's live updates), under its caps (`websocket`):
    // a real server (poem's test client cannot upgrade) answers the upgrade with 101.
    let (addr, _, stop) = serve(&t).await;
    let mut req = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (_, res) = tokio_tungstenite::connect_async(req)
        .await
        .expect("the default configuration serves the socket");
    assert_eq!(res.status(), poem::http::StatusCode::SWITCHING_PROTOCOLS);
    stop.send(()).ok();
}

/// The next text message of `ws` as JSON (pings and other frames skipped), within 10 s.
async fn next_json<S>(ws: &mut S) -> Value
where
    S: async_graphql::futures_util::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    use async_graphql::futures_util::StreamExt;
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a message within 10 s")
            .expect("the socket is open")
            .expect("a frame");
        if let Ok(text) = msg.to_text()
            && !text.is_empty()
        {
            return serde_json::from_str(text).expect("JSON");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trends_refreshed_arrives_over_the_websocket() {
    use async_graphql::futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    // Arrange: the seed-003 school, published and served.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let first = full(&t).await.generation_id.unwrap();
    let (addr, snapshots, stop) = serve(&t).await;
    snapshots.refresh().await.unwrap();
    let mut req = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let send = |v: Value| Message::text(v.to_string());
    ws.send(send(json!({ "type": "connection_init" })))
        .await
        .unwrap();
    assert_eq!(next_json(&mut ws).await["type"], "connection_ack");

    // Act: a query over the socket, then the subscription, then a new generation.
    ws.send(send(json!({ "id": "q", "type": "subscribe",
        "payload": { "query": "{ regions { code } }" } })))
        .await
        .unwrap();
    let query = next_json(&mut ws).await;
    ws.send(send(json!({ "id": "1", "type": "subscribe",
        "payload": { "query": "subscription { trendsRefreshed { generationId lastRunStatus computedAt } }" } })))
        .await
        .unwrap();
    // The subscription is registered once the server reads it; a publish before that would
    // not be seen (nothing is sent at subscription time).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let second = full(&t).await.generation_id.unwrap();
    assert!(snapshots.refresh().await.unwrap());
    let mut pushed = next_json(&mut ws).await;
    while pushed["id"] == "q" {
        pushed = next_json(&mut ws).await;
    }

    // Assert
    assert!(
        query.to_string().contains("Unknown field") || query["type"] == "error",
        "the socket serves subscriptions only: {query}"
    );
    assert_ne!(first, second);
    assert_eq!(pushed["type"], "next", "{pushed}");
    assert_eq!(pushed["id"], "1");
    let fresh = &pushed["payload"]["data"]["trendsRefreshed"];
    assert_eq!(fresh["generationId"], second, "{pushed}");
    assert_eq!(fresh["lastRunStatus"], "SUCCEEDED");
    assert!(fresh["computedAt"].is_string());
    stop.send(()).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_websocket_is_authenticated_like_a_post() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let t = TestDb::new().await;
    let (addr, acceptor) = api::server::bind("127.0.0.1:0".into()).await.unwrap();
    let mut config = t.config.clone();
    config.auth.allow_anonymous = false;
    let state = AppState {
        db: t.db.clone(),
        config: Arc::new(config),
        snapshots: Snapshots::new(t.db.clone()),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(api::server::serve(acceptor, state, async {
        let _ = stopped.await;
    }));
    let request = |token: Option<&str>| {
        let mut req = format!("ws://{addr}/graphql/ws")
            .into_client_request()
            .unwrap();
        req.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        if let Some(token) = token {
            req.headers_mut()
                .insert("authorization", format!("Bearer {token}").parse().unwrap());
        }
        req
    };
    let status = |r: Result<_, tokio_tungstenite::tungstenite::Error>| match r {
        Ok(_) => 101,
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => res.status().as_u16(),
        Err(e) => panic!("{e}"),
    };

    let anonymous = status(
        tokio_tungstenite::connect_async(request(None))
            .await
            .map(|_| ()),
    );
    let forged = status(
        tokio_tungstenite::connect_async(request(Some("sapat_1_forged")))
            .await
            .map(|_| ()),
    );
    let token = t.admin_token().await;
    let signed_in = status(
        tokio_tungstenite::connect_async(request(Some(&token)))
            .await
            .map(|_| ()),
    );

    assert_eq!(anonymous, 401, "anonymous access is turned off");
    assert_eq!(forged, 401);
    assert_eq!(signed_in, 101, "a valid token upgrades");
    stop.send(()).ok();
}

/// Page weight, time to first render and server time of each view against a running
/// `sapat serve` (the figures in BENCHMARKS.md):
/// `TEST_DASHBOARD_URL=http://127.0.0.1:18085 cargo test -p integration-tests --test it -- --ignored dashboard_timings --nocapture`.
/// The district-scale demo's Özgön and its schools by default; on other data
/// `TEST_DASHBOARD_DISTRICT` (a district code) and `TEST_DASHBOARD_SCHOOLS` (school codes,
/// comma-separated: the first for the school view, all of them compared).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measures a running server named by TEST_DASHBOARD_URL"]
async fn dashboard_timings() {
    let Ok(base) = std::env::var("TEST_DASHBOARD_URL") else {
        eprintln!("set TEST_DASHBOARD_URL to the server to measure");
        return;
    };
    let Some((_driver, c)) = browser().await else {
        return;
    };
    let district = std::env::var("TEST_DASHBOARD_DISTRICT").unwrap_or_else(|_| "KG-O-UZG".into());
    let schools = std::env::var("TEST_DASHBOARD_SCHOOLS")
        .unwrap_or_else(|_| "KG-O-UZG-045,KG-O-UZG-001,KG-O-UZG-002".into());
    let school = schools.split(',').next().unwrap_or_default();
    let views = [
        ("district", format!("#/district/{district}"), "sapat:league"),
        (
            "school",
            format!("#/school/{school}"),
            "sapat:rendered:school",
        ),
        (
            "compare",
            format!("#/compare?ids={schools}"),
            "sapat:rendered:compare",
        ),
        (
            "country",
            "#/area/country".to_owned(),
            "sapat:rendered:area",
        ),
    ];
    const RUNS: usize = 5;
    for (name, fragment, mark) in views {
        let mut runs = Vec::new();
        for _ in 0..RUNS {
            c.goto("about:blank").await.unwrap();
            c.goto(&format!("{base}/{fragment}")).await.unwrap();
            let m = eventually(
                &c,
                mark,
                &format!(
                    "const m = performance.getEntriesByName('{mark}')[0];
                     const done = performance.getEntriesByName('sapat:rendered:' + '{name}'.replace('country', 'area'))[0];
                     if (!m || !done) return false;
                     const res = performance.getEntriesByType('resource');
                     const nav = performance.getEntriesByType('navigation')[0];
                     const gql = res.filter(r => r.name.endsWith('/graphql'));
                     return {{ first: m.startTime, done: done.startTime,
                              bytes: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0),
                              assets: nav.transferSize + res.filter(r => !r.name.endsWith('/graphql')).reduce((a, r) => a + r.transferSize, 0),
                              requests: gql.length,
                              server: gql.reduce((a, r) => a + (r.responseStart - r.requestStart), 0) }}"
                ),
            )
            .await;
            runs.push(m);
        }
        let median = |key: &str| {
            let mut v: Vec<f64> = runs.iter().map(|r| r[key].as_f64().unwrap()).collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        // The first load is the cold one (answers not yet in the server's answer cache).
        println!(
            "{name}, first load: first render {:.0} ms, {:.0} ms server time",
            runs[0]["first"].as_f64().unwrap(),
            runs[0]["server"].as_f64().unwrap(),
        );
        println!(
            "{name}: first render {:.0} ms, complete {:.0} ms, {} GraphQL requests with {:.0} ms server time, {:.0} KB transferred ({:.0} KB page and assets); medians of {RUNS}",
            median("first"),
            median("done"),
            median("requests"),
            median("server"),
            median("bytes") / 1024.0,
            median("assets") / 1024.0,
        );
    }
    c.close().await.unwrap();
}
