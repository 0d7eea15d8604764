//! Configuration precedence (defaults < file < DATABASE_URL < SAPAT_ variables) and that the
//! database password never reaches Debug output, errors or logs.

// figment::Error is large; the Jail API returns it by value, which is fine in tests.
#![allow(clippy::result_large_err)]

use domain::Config;
use figment::Jail;
use integration_tests::Captured;
use std::path::Path;

#[test]
fn defaults_then_file_then_environment() {
    Jail::expect_with(|jail| {
        // Defaults: an embedded SQLite file, 127.0.0.1:8080, Asia/Bishkek.
        let defaults = Config::load(None).expect("defaults");
        assert_eq!(defaults, Config::default());
        assert!(defaults.database.url.is_sqlite());
        assert_eq!(defaults.server.bind, "127.0.0.1:8080");

        // The file overrides defaults.
        jail.create_file(
            "sapat.toml",
            r#"
            [server]
            bind = "127.0.0.1:9001"
            graphiql = false
            [database]
            url = "sqlite://from-file.db?mode=rwc"
            [ort]
            main_max = 240
            "#,
        )?;
        let file = Config::load(Some(Path::new("sapat.toml"))).expect("file");
        assert_eq!(file.server.bind, "127.0.0.1:9001");
        assert!(!file.server.graphiql);
        assert_eq!(file.database.url.expose(), "sqlite://from-file.db?mode=rwc");
        assert_eq!(file.ort.main_max, 240);
        assert_eq!(
            file.jobs.timezone, "Asia/Bishkek",
            "unset keys keep their defaults"
        );

        // SAPAT_CONFIG names the file when --config is absent.
        jail.set_env("SAPAT_CONFIG", "sapat.toml");
        assert_eq!(
            Config::load(None).expect("SAPAT_CONFIG").server.bind,
            "127.0.0.1:9001"
        );

        // DATABASE_URL overrides the file; SAPAT_ variables override both.
        jail.set_env("DATABASE_URL", "postgres://u:pw@127.0.0.1:5432/a");
        let env = Config::load(None).expect("DATABASE_URL");
        assert_eq!(
            env.database.url.expose(),
            "postgres://u:pw@127.0.0.1:5432/a"
        );
        jail.set_env("SAPAT_DATABASE__URL", "postgres://u:pw@127.0.0.1:5432/b");
        jail.set_env("SAPAT_SERVER__BIND", "0.0.0.0:8081");
        jail.set_env("SAPAT_ORT__MAIN_MAX", "250");
        let env = Config::load(None).expect("SAPAT_*");
        assert_eq!(
            env.database.url.expose(),
            "postgres://u:pw@127.0.0.1:5432/b"
        );
        assert_eq!(env.server.bind, "0.0.0.0:8081");
        assert_eq!(env.ort.main_max, 250);
        assert!(
            !env.server.graphiql,
            "the file still applies where the environment is silent"
        );
        Ok(())
    });
}

#[test]
fn bad_values_fail_fast_naming_the_setting() {
    Jail::expect_with(|jail| {
        jail.set_env("SAPAT_DATABASE__URL", "mysql://x");
        let err = Config::load(None).unwrap_err().to_string();
        assert!(err.contains("database.url"), "{err}");
        jail.set_env("SAPAT_DATABASE__URL", "sqlite::memory:");
        jail.set_env("SAPAT_JOBS__TIMEZONE", "Asia/Nowhere");
        let err = Config::load(None).unwrap_err().to_string();
        assert!(err.contains("jobs.timezone"), "{err}");
        let missing = Config::load(Some(Path::new("no-such.toml")))
            .unwrap_err()
            .to_string();
        assert!(missing.contains("no-such.toml"), "{missing}");
        Ok(())
    });
}

// Current-thread runtime: the capturing subscriber is thread-local.
#[tokio::test]
async fn database_password_never_appears_in_debug_errors_or_logs() {
    // Arrange: a URL with a password and a role that does not exist, so the server (if one runs
    // on 5432) refuses at once; without a server the connect fails after its timeout.
    let secret = "s3cr3t-Pässwörd";
    let mut config = integration_tests::config_for(&format!(
        "postgres://sapat_no_such_role:{secret}@127.0.0.1:5432/sapat?password={secret}"
    ));
    config.database.acquire_timeout_ms = 500;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Act
    let debug = format!("{config:?} {:?} {}", config.database, config.database.url);
    let err = domain::db::connect(&config.database)
        .await
        .expect_err("no such role");
    let err_text = format!("{err} {err:?}");

    // Assert
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("sapat_no_such_role:***@127.0.0.1:5432"),
        "the redacted URL is logged: {logs}"
    );
    for (what, text) in [("Debug", &debug), ("error", &err_text), ("logs", &logs)] {
        assert!(
            !text.contains(secret),
            "password leaked into {what}: {text}"
        );
    }
}

/// `docs/sapat.example.toml`, which OPERATIONS.md points operators to, names every key (optional
/// ones commented out) and holds exactly the built-in defaults.
#[test]
fn the_documented_example_file_is_every_key_at_its_default() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/sapat.example.toml");
    let text = std::fs::read_to_string(path).expect("docs/sapat.example.toml");
    Jail::expect_with(|jail| {
        jail.clear_env();
        let loaded = Config::load(Some(Path::new(path))).expect("the example loads");
        assert_eq!(loaded, Config::default());
        Ok(())
    });
    // Every key of the configuration, in its section, written or commented out.
    fn keys(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        if let serde_json::Value::Object(map) = value {
            for (k, v) in map {
                let nested = matches!(v, serde_json::Value::Object(_));
                if nested {
                    let section = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    keys(&section, v, out);
                } else {
                    out.push((prefix.to_owned(), k.clone()));
                }
            }
        }
    }
    let mut all = Vec::new();
    let mut defaults = serde_json::to_value(Config::default()).unwrap();
    // `auth.jwt` is optional and has no default; the file shows it commented out.
    defaults["auth"]["jwt"] = serde_json::json!({
        "algorithm": "", "key": "", "issuer": "", "audience": ""
    });
    keys("", &defaults, &mut all);
    for (section, key) in all {
        let header = format!("[{section}]");
        let body = text
            .split_once(&header)
            .or_else(|| text.split_once(&format!("# {header}")))
            .unwrap_or_else(|| panic!("no section {header}"))
            .1;
        // The section ends where the next one (written or commented) begins.
        let body = body
            .split("\n[")
            .next()
            .unwrap()
            .split("\n# [")
            .next()
            .unwrap();
        assert!(
            body.lines().any(|l| {
                let l = l.trim_start_matches('#').trim_start();
                l.starts_with(&format!("{key} ="))
            }),
            "{section}.{key} is missing from docs/sapat.example.toml"
        );
    }
}

/// `[jobs.rules.<code>]` replaces the parts of an indicator's catalog rule it names; unknown
/// codes, negative values and the replaced global keys are refused, naming them.
#[test]
fn per_indicator_rules_override_the_catalog() {
    use domain::trend::catalog::find;
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file(
            "sapat.toml",
            r#"
            [jobs.rules.average_mark]
            flat_slope = 0.1
            [jobs.rules.enrolment]
            jump = 15
            small_sample_below = 50
            "#,
        )?;
        let config = Config::load(Some(Path::new("sapat.toml"))).expect("loads");
        let mark = config.jobs.rules(find("average_mark").unwrap());
        assert_eq!(mark.flat.units, Some(0.1));
        assert_eq!(mark.jump, find("average_mark").unwrap().rules.jump);
        let enrolment = config.jobs.rules(find("enrolment").unwrap());
        assert_eq!(
            (enrolment.jump.units, enrolment.jump.relative),
            (Some(15.0), Some(0.2))
        );
        assert_eq!(enrolment.small_sample_below, Some(50.0));
        // Untouched indicators keep the catalog's rules.
        let quality = find("knowledge_quality_pct").unwrap();
        assert_eq!(config.jobs.rules(quality), quality.rules);

        for (file, needle) in [
            ("[jobs.rules.no_such_code]\nflat_slope = 1", "no_such_code"),
            (
                "[jobs.rules.enrolment]\njump = -1",
                "jobs.rules.enrolment.jump",
            ),
            ("[jobs]\nflat_slope = 0.5", "jobs.flat_slope"),
            ("[jobs.rules.enrolment]\njumps = 1", "jumps"),
        ] {
            jail.create_file("bad.toml", file)?;
            let err = Config::load(Some(Path::new("bad.toml")))
                .expect_err(file)
                .to_string();
            assert!(err.contains(needle), "{file}: {err}");
        }
        Ok(())
    });
}
