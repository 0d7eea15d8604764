//! /metrics shows what an operator alerts on for the trend job: the last run's duration and
//! status, the last success, a run in progress, and the published generation's age. Runs
//! are made straight on the database, as `sapat jobs run` in another process makes them,
//! never through the app that is scraped.

use chrono::Utc;
use domain::trend::runs::{self, Outcome, Trigger};
use integration_tests::{TestApp, TestDb};
use jobs::trends::{self, RunOptions};

async fn scrape(app: &TestApp) -> String {
    let res = app.http.get("/metrics").send().await;
    res.assert_status_is_ok();
    res.0.into_body().into_string().await.unwrap()
}

/// The value of the sample `series` (name with its labels), if it is exposed.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.parse().expect("a number"))
}

const TREND_SERIES: [&str; 7] = [
    "sapat_trend_last_run_duration_seconds",
    "sapat_trend_last_run_finished_timestamp_seconds",
    "sapat_trend_last_run_status",
    "sapat_trend_last_success_timestamp_seconds",
    "sapat_trend_published_generation",
    "sapat_trend_generation_age_seconds",
    "sapat_trend_served_generation",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_follow_the_trend_jobs_runs_from_any_process() {
    // Arrange: data, no run yet.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let app = TestApp::new(&t);
    let text = scrape(&app).await;
    assert_eq!(
        value(&text, "sapat_trend_run_in_progress"),
        Some(0.0),
        "{text}"
    );
    for series in TREND_SERIES {
        assert!(!text.contains(series), "{series} before any run:\n{text}");
    }

    // Act: a run outside the app.
    let before = Utc::now();
    let report = trends::run(&t.db, &t.config, RunOptions::full(Trigger::Manual))
        .await
        .unwrap();
    let after = Utc::now();
    app.snapshots.refresh().await.unwrap();
    let text = scrape(&app).await;

    // Assert: every series with its HELP and TYPE, and values that fit the run.
    for series in TREND_SERIES {
        assert!(
            text.contains(&format!("# HELP {series} ")),
            "{series}:\n{text}"
        );
        assert!(
            text.contains(&format!("# TYPE {series} gauge")),
            "{series}:\n{text}"
        );
    }
    let status = |s: &str| {
        value(
            &text,
            &format!("sapat_trend_last_run_status{{status=\"{s}\"}}"),
        )
    };
    assert_eq!(status("succeeded"), Some(1.0), "{text}");
    assert_eq!(status("failed"), Some(0.0), "{text}");
    let window = (after - before).num_milliseconds() as f64 / 1000.0;
    let duration = value(&text, "sapat_trend_last_run_duration_seconds").unwrap();
    assert!(
        (0.0..=window + 0.01).contains(&duration),
        "{duration} of {window}"
    );
    let succeeded = value(&text, "sapat_trend_last_success_timestamp_seconds").unwrap();
    let (from, to) = (
        before.timestamp() as f64 - 1.0,
        after.timestamp() as f64 + 1.0,
    );
    assert!(
        (from..=to).contains(&succeeded),
        "{succeeded} not in {from}..{to}"
    );
    let generation = f64::from(report.generation_id.unwrap());
    assert_eq!(
        value(&text, "sapat_trend_published_generation"),
        Some(generation)
    );
    assert_eq!(
        value(&text, "sapat_trend_served_generation"),
        Some(generation)
    );
    let age = value(&text, "sapat_trend_generation_age_seconds").unwrap();
    let since = (Utc::now() - before).num_milliseconds() as f64 / 1000.0;
    assert!(
        (0.0..=since + 1.0).contains(&age),
        "age {age}, run began {since} s ago"
    );
    assert_eq!(value(&text, "sapat_trend_run_in_progress"), Some(0.0));

    // A run in progress, then its failure: the last success stays where it was.
    let guard = runs::start(&t.db, trends::JOB, Trigger::Manual, "full", false)
        .await
        .unwrap();
    let text = scrape(&app).await;
    assert_eq!(
        value(&text, "sapat_trend_run_in_progress"),
        Some(1.0),
        "{text}"
    );
    assert!(value(&text, "sapat_trend_run_in_progress_seconds").unwrap() >= 0.0);
    runs::finish(
        &t.db,
        guard,
        Outcome {
            error: Some("the test stopped it".into()),
            ..Outcome::default()
        },
    )
    .await
    .unwrap();
    let text = scrape(&app).await;
    let status = |s: &str| {
        value(
            &text,
            &format!("sapat_trend_last_run_status{{status=\"{s}\"}}"),
        )
    };
    assert_eq!(status("succeeded"), Some(0.0), "{text}");
    assert_eq!(status("failed"), Some(1.0), "{text}");
    assert_eq!(
        value(&text, "sapat_trend_last_success_timestamp_seconds"),
        Some(succeeded)
    );
    assert_eq!(
        value(&text, "sapat_trend_run_in_progress"),
        Some(0.0),
        "{text}"
    );
    assert!(
        !text.contains("sapat_trend_run_in_progress_seconds"),
        "{text}"
    );
}
