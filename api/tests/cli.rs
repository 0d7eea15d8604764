//! The `sapat` binary as an operator meets it, run as a child process with its output piped
//! (as under systemd, cron or CI): usage errors exit 2 before any database is opened, other
//! failures print one `error:` line and exit 1 without a backtrace (even with
//! RUST_BACKTRACE=1, which CI sets), and nothing printed carries colour codes, redrawn lines or
//! Rust `Debug` text. Each test uses its own SQLite file in a temporary directory.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `sapat args` in `dir`, on the SQLite file `dir/sapat.db`, stdout and stderr piped.
fn sapat(dir: &Path, args: &[&str]) -> Output {
    sapat_on(
        dir,
        &format!("sqlite://{}/sapat.db?mode=rwc", dir.display()),
        args,
    )
}

fn sapat_on(dir: &Path, database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sapat"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("RUST_BACKTRACE", "1")
        .env_remove("SAPAT_CONFIG")
        .env_remove("NO_COLOR")
        .output()
        .expect("the sapat binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// What a log file or a pipe must never receive.
fn assert_plain(what: &str, out: &str) {
    assert!(!out.contains('\x1b'), "{what}: colour codes in\n{out}");
    assert!(!out.contains('\r'), "{what}: a redrawn line in\n{out}");
    for debug in ["Some(", "None", "Stack backtrace", "Caused by", "Error {"] {
        assert!(!out.contains(debug), "{what}: `{debug}` in\n{out}");
    }
}

#[test]
fn a_wrong_value_is_a_usage_error_before_the_database_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 1: a command that connected would fail with exit 1 instead.
    let nowhere = "postgres://sapat@127.0.0.1:1/nowhere";
    for (args, valid) in [
        (&["import", "marks", "m.csv"][..], "mark-summaries"),
        (&["import", "template", "marks"][..], "olympiad-counts"),
        (&["token", "create", "--role", "king"][..], "district"),
        (&["demo", "--scale", "galactic"][..], "national"),
        (&["jobs", "run", "nightly"][..], "trends"),
        (
            &["jobs", "run", "trends", "--years", "2021-2019"][..],
            "after the last",
        ),
        (&["migrate", "fresh"][..], "sapat migrate fresh --yes"),
        // Once a panic: "DateTime + TimeDelta overflowed", a backtrace and exit 101.
        (
            &[
                "token",
                "create",
                "--role",
                "admin",
                "--expires-days",
                "999999999",
            ][..],
            "1..=36500",
        ),
    ] {
        let out = sapat_on(dir.path(), nowhere, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(stderr.contains(valid), "{args:?}: {stderr}");
        assert!(!stderr.contains("connect"), "{args:?}: {stderr}");
        assert_plain(&args.join(" "), &stderr);
    }
}

#[test]
fn help_lists_the_values_of_closed_sets() {
    let dir = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| {
        let out = sapat(dir.path(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert!(!help.contains('\x1b'), "colour codes in {args:?}");
        help
    };
    let import = help(&["import", "--help"]);
    for kind in domain::import::ImportKind::ALL {
        assert!(import.contains(kind.name()), "{}:\n{import}", kind.name());
    }
    assert!(help(&["token", "create", "--help"]).contains("admin, region, district, school"));
    assert!(help(&["demo", "--help"]).contains("school, district, national"));
    assert!(help(&["jobs", "run", "--help"]).contains("possible values: trends"));
}

#[test]
fn a_failure_is_one_error_line_with_its_causes_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = sapat(
        dir.path(),
        &["--config", "missing.toml", "migrate", "status"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: while loading the configuration: configuration file missing.toml does not exist\n"
    );

    let out = sapat(dir.path(), &["import", "schools", "missing.csv"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: while opening missing.csv: "),
        "{stderr}"
    );
    assert_plain("import of a missing file", &stderr);
}

#[test]
fn commands_print_words_and_year_labels_not_debug_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = sapat(dir.path(), args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(out.status.success(), "{args:?}: {stdout}\n{stderr}");
        assert_plain(&args.join(" "), &stdout);
        assert_plain(&args.join(" "), &stderr);
        (stdout, stderr)
    };
    run(&["demo", "--scale", "school"]);
    let (stdout, _) = run(&["jobs", "run", "trends", "--full"]);
    assert!(
        stdout.contains("generation 1 published") && stdout.contains("2017-2018, 2018-2019"),
        "{stdout}"
    );
    let (stdout, _) = run(&["jobs", "run", "trends", "--dry-run"]);
    assert!(stdout.contains("not published"), "{stdout}");
    let (stdout, _) = run(&["jobs", "history"]);
    assert!(stdout.contains("succeeded"), "{stdout}");

    // A piped import: no spinner, and the years it touched as labels.
    run(&["import", "template", "olympiad-counts", "--out", "oc.csv"]);
    let mut csv = std::fs::read_to_string(dir.path().join("oc.csv")).unwrap();
    csv.push_str("KG-O-UZG-045,,,,2019-2020,district,3,12,\n");
    std::fs::write(dir.path().join("oc.csv"), csv).unwrap();
    let (stdout, _) = run(&["import", "olympiad-counts", "oc.csv"]);
    assert!(stdout.contains("(academic years 2019-2020;"), "{stdout}");
}

#[test]
fn migrate_down_asks_first_naming_the_database_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = sapat_on(
        dir.path(),
        "postgres://sapat:s3cr3t@127.0.0.1:1/nowhere",
        &["migrate", "down", "--steps", "3"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for part in [
        "error: `migrate down` rolls back the last 3 migration(s)",
        "127.0.0.1:1/nowhere",
        "sapat migrate down --steps 3 --yes",
    ] {
        assert!(stderr.contains(part), "{part}: {stderr}");
    }
    assert!(!stderr.contains("s3cr3t"), "{stderr}");
    assert_plain("migrate down", &stderr);
}

#[test]
fn migrate_down_says_what_it_rolled_back_and_refuses_more_than_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    assert!(sapat(dir.path(), &["migrate", "up"]).status.success());
    let pending = |dir: &Path| {
        let out = sapat(dir, &["migrate", "status"]);
        text(&out.stdout).matches("pending  ").count()
    };

    let out = sapat(
        dir.path(),
        &["migrate", "down", "--steps", "99999", "--yes"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("99999 asked, but only") && stderr.contains("nothing was rolled back"),
        "{stderr}"
    );
    assert_eq!(pending(dir.path()), 0, "nothing was rolled back");

    let out = sapat(dir.path(), &["migrate", "down", "--yes"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.starts_with("rolled back 1 migration(s)\n  m"),
        "{stdout}"
    );
    assert_eq!(pending(dir.path()), 1);
    // A command that needs the schema says what to do, not the driver's "no such table".
    let out = sapat(dir.path(), &["token", "revoke", "999"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("has 1 migration(s) pending: run `sapat migrate up` first"),
        "{stderr}"
    );
    assert!(!stderr.contains("no such table"), "{stderr}");
}

#[test]
fn out_never_replaces_an_existing_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    assert!(sapat(dir.path(), &["migrate", "up"]).status.success());
    let victim = dir.path().join("victim.db");
    std::fs::write(&victim, b"precious").unwrap();

    for args in [
        &["export", "schools", "--out", "victim.db"][..],
        &[
            "report",
            "school",
            "--school",
            "KG-O-UZG-045",
            "--year",
            "2021",
            "--out",
            "victim.db",
        ][..],
    ] {
        let out = sapat(dir.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("\nerror: victim.db already exists; give --force"),
            "{args:?}: {stderr}"
        );
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious", "{args:?}");
    }

    let out = sapat(
        dir.path(),
        &["export", "schools", "--out", "victim.db", "--force"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::read_to_string(&victim)
            .unwrap()
            .contains("school_code")
    );
}

#[test]
fn argument_combinations_clap_cannot_check_are_usage_errors_too() {
    let dir = tempfile::tempdir().unwrap();
    assert!(sapat(dir.path(), &["migrate", "up"]).status.success());
    for (args, expected) in [
        (
            &["report", "school", "--year", "2021"][..],
            "give --school CODE",
        ),
        (
            &[
                "report",
                "district",
                "--school",
                "KG-O-UZG-045",
                "--year",
                "2021",
            ][..],
            "the district report takes --district CODE",
        ),
        (&["serve", "--bind", "nonsense"][..], "--bind: "),
        (
            &[
                "token", "create", "--role", "admin", "--scope", "KG-O", "--name", "x",
            ][..],
            "an admin token has no region, district or school",
        ),
    ] {
        let out = sapat(dir.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error: "), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_plain(&args.join(" "), &stderr);
    }
}
