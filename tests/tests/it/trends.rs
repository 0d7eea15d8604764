//! The trend job end to end, on both databases: the seed-003 trend, identical tables from two
//! runs, an incremental run equal to a full one, the validation gate, one run at a time, and a
//! run dropped mid-way.

use domain::import::ImportKind;
use domain::trend::runs::{self, Trigger};
use domain::trend::store::{self, ComparisonRow, TrendRow, ValueRow};
use integration_tests::TestDb;
use integration_tests::fixture::{
    SCHOOLS, YEARS, fixture, full, import, mark_line, outcome_line, school_id,
};
use jobs::scheduler::{Ended, Runner};
use jobs::trends::{self, JobError, RunOptions};
use sea_orm::{ConnectionTrait, TransactionTrait};
use std::time::Duration;

type Tables = (Vec<ValueRow>, Vec<TrendRow>, Vec<ComparisonRow>);

async fn tables(t: &TestDb, generation: i32) -> Tables {
    (
        store::read_values(&t.db, generation).await.unwrap(),
        store::read_trends(&t.db, generation).await.unwrap(),
        store::read_comparisons(&t.db, generation).await.unwrap(),
    )
}

async fn published_id(t: &TestDb) -> Option<i32> {
    store::published(&t.db).await.unwrap().map(|g| g.id)
}

fn value<'a>(
    values: &'a [ValueRow],
    kind: &str,
    id: i32,
    indicator: &str,
    year: i32,
) -> Option<&'a ValueRow> {
    values.iter().find(|v| {
        v.entity_kind == kind && v.entity_id == id && v.indicator == indicator && v.year == year
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_003_knowledge_quality_trend_is_flat_and_reported() {
    // Arrange
    let t = TestDb::new().await;
    let bahmal = demo::load(&t.db, 245).await.unwrap().school_id;

    // Act
    let report = full(&t).await;

    // Assert
    assert!(report.published);
    assert_eq!(report.years, YEARS.collect::<Vec<_>>());
    let generation = report.generation_id.unwrap();
    assert_eq!(published_id(&t).await, Some(generation));
    let (values, trends, _) = tables(&t, generation).await;
    let trend = &trends
        .iter()
        .find(|r| {
            r.entity_kind == "school"
                && r.entity_id == bahmal
                && r.indicator == "knowledge_quality_pct"
        })
        .expect("knowledge quality trend")
        .trend;
    assert_eq!(
        (trend.window_first, trend.window_last, trend.n_points),
        (2017, 2021, 5)
    );
    assert_eq!(trend.mean, Some(38.0));
    assert_eq!(trend.delta, Some(1.0));
    assert_eq!((trend.min_value, trend.max_value), (Some(34.0), Some(42.0)));
    assert!(
        (trend.slope.unwrap() - -0.1).abs() < 1e-9,
        "slope {:?}",
        trend.slope
    );
    assert_eq!(trend.direction.code(), "FLAT");
    for (year, expected) in YEARS.zip([34.0, 42.0, 40.0, 39.0, 35.0]) {
        let v = value(&values, "school", bahmal, "knowledge_quality_pct", year).unwrap();
        assert_eq!(v.value, Some(expected));
        assert_eq!(v.source, "REPORTED");
        assert!(
            v.flags.split(',').any(|f| f == "REPORTED"),
            "{year}: {}",
            v.flags
        );
        assert_eq!((v.numerator, v.denominator), (None, None));
    }
    // The reported figure is per pupil: it never stands in for the per-mark code.
    assert!(
        values
            .iter()
            .all(|v| !(v.entity_id == bahmal && v.indicator == "knowledge_quality_marks_pct"))
    );
    // A reported percentage is never summed into its district.
    assert!(
        values
            .iter()
            .all(|v| !(v.entity_kind != "school" && v.indicator == "knowledge_quality_pct"))
    );
    // Top scorers only: no cohort figures, and the maximum is one pupil's score with no
    // count of takers, so it is withheld (the school itself still reads its own list).
    let max = value(&values, "school", bahmal, "ort_max", 2018).unwrap();
    assert_eq!((max.value, max.flags.as_str()), (None, "SUPPRESSED"));
    assert!(value(&values, "school", bahmal, "ort_mean", 2018).is_none());
    // Seed 003 figures of 2021-2022: 572 / 275 seats = 208%, 25 of 33 teachers.
    let util = value(&values, "school", bahmal, "capacity_utilisation_pct", 2021).unwrap();
    assert!((util.value.unwrap() - 208.0).abs() < 1e-9);
    let higher = value(&values, "school", bahmal, "teachers_higher_ed_pct", 2021).unwrap();
    assert!((higher.value.unwrap() - 75.757_575_757_575_76).abs() < 1e-9);
    // The blank oblast cell of 2019-2020 stays missing; zonal is there.
    assert!(value(&values, "school", bahmal, "olympiad_prizes_oblast", 2019).is_none());
    assert_eq!(
        value(&values, "school", bahmal, "olympiad_prizes_zonal", 2019)
            .unwrap()
            .value,
        Some(2.0)
    );
    // The run is recorded.
    let run = &runs::history(&t.db, Some(trends::JOB), 1).await.unwrap()[0];
    assert_eq!(
        (run.id, run.status.as_str(), run.mode.as_str()),
        (report.run_id, "succeeded", "full")
    );
    assert_eq!(run.generation_id, Some(generation));
    assert_eq!(run.years, YEARS.collect::<Vec<_>>());
    assert!(run.rows_read > 0 && run.rows_written > 0);
}

/// Sums `cells[from..from + n]` of CSV lines.
fn summed(lines: &[String], from: usize, n: usize) -> Vec<f64> {
    let mut sums = vec![0.0; n];
    for line in lines {
        for (sum, cell) in sums.iter_mut().zip(line.split(',').skip(from)) {
            *sum += cell.parse::<f64>().unwrap();
        }
    }
    sums
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_003_ranks_only_against_per_pupil_figures_and_grade_1_does_not_count() {
    // Arrange: the fixture, plus a grade-1 class of school 101 in 2021 with straight 5s in
    // its marks and its outcome; grade 1 is outside the year's marked grades (2–11).
    let t = fixture().await;
    let header = "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled";
    import(
        &t,
        ImportKind::MarkSummaries,
        format!("{header}\nKG-O-UZG-101,2021-2022,1,А,mathematics,year,period_marks,25,0,0,0,0,25"),
    )
    .await;
    let header = "school_code,academic_year,grade,class_letter,period,n_all_5,n_4_5,n_with_3,n_with_2,n_na,n_exempt,n_enrolled";
    import(
        &t,
        ImportKind::ClassOutcomes,
        format!("{header}\nKG-O-UZG-101,2021-2022,1,А,year,25,0,0,0,0,0,25"),
    )
    .await;
    let bahmal = school_id(&t, "KG-O-UZG-045").await;

    // Act
    let generation = full(&t).await.generation_id.unwrap();
    let (values, _, comparisons) = tables(&t, generation).await;

    // Assert: each fixture school's figures from its own lines of grades 5, 9 and 11.
    let classes = || {
        [5, 9, 11]
            .into_iter()
            .flat_map(|g| ["А", "Б"].map(move |l| (g, l)))
    };
    for year in YEARS {
        let mut per_pupil = vec![];
        for (s, (code, ..)) in SCHOOLS.iter().enumerate() {
            let id = school_id(&t, code).await;
            let outcomes: Vec<String> = classes()
                .map(|(g, l)| outcome_line(s, year, g, l))
                .collect();
            let o = summed(&outcomes, 5, 5);
            let n = o.iter().sum::<f64>();
            let kq = (o[0] + o[1]) * 100.0 / n;
            let marks: Vec<String> = classes()
                .flat_map(|(g, l)| {
                    ["mathematics", "kyrgyz_language"]
                        .map(|sub| mark_line(s, year, g, l, sub, "year", "period_marks"))
                })
                .collect();
            let m = summed(&marks, 7, 5);
            let kq_marks = (m[0] + m[1]) * 100.0 / m.iter().sum::<f64>();
            let got = |code| value(&values, "school", id, code, year).unwrap();
            assert_eq!(
                got("knowledge_quality_pct").value,
                Some(kq),
                "{code} {year}"
            );
            assert_eq!(got("knowledge_quality_pct").denominator, Some(n));
            assert_eq!(got("knowledge_quality_marks_pct").value, Some(kq_marks));
            assert!(kq < kq_marks, "pupils below marks: {kq} < {kq_marks}");
            per_pupil.push((id, kq));
        }
        // Seed 003's reported (per-pupil) figure ranks among the per-pupil figures only.
        let reported = value(&values, "school", bahmal, "knowledge_quality_pct", year)
            .unwrap()
            .value
            .unwrap();
        let ranked: Vec<_> = comparisons
            .iter()
            .filter(|r| r.indicator == "knowledge_quality_pct" && r.year == year)
            // School-wide figures, not those by grade band.
            .filter(|r| r.grade_band.is_empty())
            .map(|r| &r.comparison)
            .collect();
        assert_eq!(ranked.len(), 4, "{year}");
        for (id, kq) in &per_pupil {
            let row = ranked.iter().find(|c| c.school_id == *id).unwrap();
            assert_eq!(row.value, *kq, "a per-pupil value is ranked");
        }
        let own = ranked.iter().find(|c| c.school_id == bahmal).unwrap();
        let above = per_pupil.iter().filter(|(_, kq)| *kq > reported).count();
        assert_eq!(
            (own.value, own.rank_country, own.count_country),
            (reported, above as i32 + 1, 4),
            "{year}"
        );
        assert!(
            comparisons
                .iter()
                .all(|r| !(r.indicator == "knowledge_quality_marks_pct"
                    && r.comparison.school_id == bahmal)),
            "never among per-mark figures"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_twice_gives_identical_tables() {
    // Arrange
    let t = fixture().await;

    // Act
    let first = full(&t).await;
    let first_tables = tables(&t, first.generation_id.unwrap()).await;
    let second = full(&t).await;
    let second_tables = tables(&t, second.generation_id.unwrap()).await;

    // Assert
    assert_ne!(first.generation_id, second.generation_id);
    assert_eq!(published_id(&t).await, second.generation_id);
    assert!(
        first_tables.0.len() > 500,
        "{} values",
        first_tables.0.len()
    );
    assert!(!first_tables.1.is_empty() && !first_tables.2.is_empty());
    assert_eq!(first_tables, second_tables);
    // Areas are built from summed counts: the country's knowledge quality numerator is the
    // sum of its schools'.
    let values = &second_tables.0;
    let country = value(values, "country", 0, "knowledge_quality_pct", 2019).unwrap();
    let schools: f64 = values
        .iter()
        .filter(|v| {
            v.entity_kind == "school"
                && v.indicator == "knowledge_quality_pct"
                && v.year == 2019
                && v.grade_band.is_empty()
        })
        .filter_map(|v| v.numerator)
        .sum();
    assert_eq!(country.numerator, Some(schools));
    assert_eq!(country.source, "RAW");
    // The blank district olympiad counts of 2019 stay missing, and their zonal counts are
    // there.
    for (code, ..) in SCHOOLS {
        let id = school_id(&t, code).await;
        assert!(value(values, "school", id, "olympiad_prizes_district", 2019).is_none());
        assert!(value(values, "school", id, "olympiad_prizes_district", 2018).is_some());
        assert!(value(values, "school", id, "olympiad_prizes_zonal", 2019).is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_after_an_edit_equals_a_full_run() {
    // Arrange: a published generation, then one school's 2019 marks change (through the
    // import, which marks 2019 dirty) and another's design capacity (no watermark at all).
    let t = fixture().await;
    let before = full(&t).await;
    let before_tables = tables(&t, before.generation_id.unwrap()).await;
    let edited = mark_line(0, 2019, 9, "А", "mathematics", "year", "period_marks");
    let mut cells: Vec<&str> = edited.split(',').collect();
    cells[7] = "12"; // n5
    cells[8] = "3"; // n4
    let header = "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled";
    import(
        &t,
        ImportKind::MarkSummaries,
        format!("{header}\n{}", cells.join(",")),
    )
    .await;
    t.exec("UPDATE school SET design_capacity = 450 WHERE code = 'KG-O-UZG-102'")
        .await;

    // Act
    let incremental = trends::run(&t.db, &t.config, RunOptions::incremental(Trigger::Manual))
        .await
        .expect("incremental run");
    let incremental_tables = tables(&t, incremental.generation_id.unwrap()).await;
    let full_run = full(&t).await;
    let full_tables = tables(&t, full_run.generation_id.unwrap()).await;

    // Assert
    assert_eq!(
        incremental.recomputed,
        [2019],
        "only the dirty year is read again"
    );
    assert_eq!(full_run.recomputed, YEARS.collect::<Vec<_>>());
    assert_ne!(
        before_tables, incremental_tables,
        "the edit changed something"
    );
    assert_eq!(incremental_tables.0, full_tables.0, "values");
    assert_eq!(incremental_tables.1, full_tables.1, "trends");
    assert_eq!(incremental_tables.2, full_tables.2, "comparisons");
    let school = school_id(&t, "KG-O-UZG-102").await;
    let util = value(
        &incremental_tables.0,
        "school",
        school,
        "capacity_utilisation_pct",
        2017,
    )
    .unwrap();
    assert_eq!(
        util.denominator,
        Some(450.0),
        "a register change reaches carried years"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impossible_value_is_rejected_and_the_old_generation_stays_published() {
    // Arrange: a published generation; then a school reports more textbooks than it needs,
    // which the table's rules allow but makes a provision of 120%.
    let t = fixture().await;
    let good = full(&t).await;
    let good_id = good.generation_id.unwrap();
    let good_tables = tables(&t, good_id).await;
    t.exec(
        "INSERT INTO textbook_provision (school_id, academic_year, grade_band, required, available) \
         SELECT id, 2020, 'all', 500, 600 FROM school WHERE code = 'KG-O-UZG-101'",
    )
    .await;

    // Act
    let err = trends::run(&t.db, &t.config, RunOptions::full(Trigger::Manual))
        .await
        .expect_err("the gate rejects the generation");

    // Assert
    let JobError::Rejected {
        run_id,
        generation_id,
        problems,
    } = err
    else {
        panic!("expected a rejection, got {err:?}");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.contains("outside 0..100") && p.contains("textbook_provision_pct")),
        "{problems:?}"
    );
    assert_eq!(
        published_id(&t).await,
        Some(good_id),
        "the old generation stays published"
    );
    assert_eq!(tables(&t, good_id).await, good_tables, "and whole");
    let run = &runs::history(&t.db, Some(trends::JOB), 1).await.unwrap()[0];
    assert_eq!((run.id, run.status.as_str()), (run_id, "failed"));
    assert!(
        run.error
            .as_deref()
            .unwrap_or_default()
            .contains("outside 0..100"),
        "{:?}",
        run.error
    );
    assert_eq!(run.generation_id, Some(generation_id));
    let status: String =
        t.db.query_one_raw(sea_orm::Statement::from_string(
            t.db.get_database_backend(),
            format!("SELECT status FROM trend_generation WHERE id = {generation_id}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "status")
        .unwrap();
    assert_eq!(status, "rejected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_concurrent_run_is_refused() {
    // Arrange: another run holds the lock.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let guard = runs::start(&t.db, trends::JOB, Trigger::Schedule, "full", false)
        .await
        .unwrap();

    // Act
    let refused = trends::run(&t.db, &t.config, RunOptions::full(Trigger::Manual)).await;

    // Assert
    match refused {
        Err(JobError::Domain(domain::Error::Busy { job, detail })) => {
            assert_eq!(job, trends::JOB);
            assert!(detail.contains("in progress"), "{detail}");
        }
        other => panic!("expected Busy, got {other:?}"),
    }
    assert_eq!(published_id(&t).await, None);
    runs::finish(&t.db, guard, runs::Outcome::default())
        .await
        .unwrap();
    assert!(
        full(&t).await.published,
        "free again once the other run finished"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runner_runs_a_started_run_and_never_one_dropped_unstarted() {
    // Arrange: the demo school, and a runner that reports how its runs ended.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let (tx, mut ended) = tokio::sync::mpsc::unbounded_channel();
    let runner =
        Runner::new(t.db.clone(), std::sync::Arc::new(t.config.clone())).after_run(move |e| {
            let _ = tx.send(e);
            std::future::ready(())
        });

    // Act: a run begun and dropped unstarted (as when its audit entry cannot be written) …
    let dropped = runner
        .begin(RunOptions::full(Trigger::Manual))
        .await
        .unwrap();
    let dropped_id = dropped.run_id();
    let while_held = runner.begin(RunOptions::full(Trigger::Manual)).await;
    drop(dropped);
    // … then one begun once the lock is free again, and started.
    let mut begun = None;
    for _ in 0..100 {
        match runner.begin(RunOptions::full(Trigger::Manual)).await {
            Ok(run) => {
                begun = Some(run);
                break;
            }
            Err(JobError::Domain(domain::Error::Busy { .. })) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("begin: {e:?}"),
        }
    }
    let begun = begun.expect("the dropped run released the lock");
    let run_id = begun.run_id();
    begun.start().await.unwrap();

    // Assert
    assert!(
        matches!(
            while_held,
            Err(JobError::Domain(domain::Error::Busy { .. }))
        ),
        "a begun run holds the lock"
    );
    assert_eq!(
        ended.recv().await,
        Some(Ended {
            run_id,
            succeeded: true
        })
    );
    assert!(ended.try_recv().is_err(), "the dropped run never ran");
    let history = runs::history(&t.db, Some(trends::JOB), 2).await.unwrap();
    assert_eq!(
        (history[0].id, history[0].status.as_str()),
        (run_id, "succeeded")
    );
    assert_eq!(
        (history[1].id, history[1].status.as_str()),
        (dropped_id, "failed")
    );
    assert!(
        history[1]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("interrupted")
    );
    assert!(published_id(&t).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_dropped_mid_way_leaves_the_previous_generation_published() {
    // Arrange: a published generation, and a way to hold the next run before it writes its
    // generation (a table lock on PostgreSQL, the write lock on SQLite).
    let t = fixture().await;
    let previous = full(&t).await.generation_id.unwrap();
    let previous_tables = tables(&t, previous).await;
    let blocker = t.db.begin().await.unwrap();
    if t.is_postgres() {
        blocker
            .execute_unprepared("LOCK TABLE trend_generation IN EXCLUSIVE MODE")
            .await
            .unwrap();
    }

    // Act: start a run, wait until it holds the job lock, then drop its task.
    let (db, config) = (t.db.clone(), t.config.clone());
    let task =
        tokio::spawn(
            async move { trends::run(&db, &config, RunOptions::full(Trigger::Manual)).await },
        );
    let mut started = false;
    for _ in 0..2_000 {
        let history = runs::history(&t.db, Some(trends::JOB), 1).await.unwrap();
        // On SQLite the lease row names the run once `runs::start` is done writing.
        let leased = t.is_postgres() || t.count("job_lease WHERE run_id <> 0").await > 0;
        if history.first().is_some_and(|r| r.status == "running") && leased {
            started = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert!(started, "the run started");
    if !t.is_postgres() {
        blocker
            .execute_unprepared("UPDATE academic_year SET label = label WHERE start_year = 2017")
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    task.abort();
    let aborted = task.await;
    blocker.rollback().await.unwrap();

    // Assert: the previous generation is still the published one, whole.
    assert!(
        aborted.is_err_and(|e| e.is_cancelled()),
        "the run was still going when dropped"
    );
    assert_eq!(published_id(&t).await, Some(previous));
    assert_eq!(tables(&t, previous).await, previous_tables);
    // The next run gets the lock (once the dropped run's lock is released) and publishes.
    let mut next = None;
    for _ in 0..100 {
        match trends::run(&t.db, &t.config, RunOptions::full(Trigger::Manual)).await {
            Ok(report) => {
                next = Some(report);
                break;
            }
            Err(JobError::Domain(domain::Error::Busy { .. })) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("next run: {e:?}"),
        }
    }
    let next = next.expect("the lock was released");
    assert!(next.published);
    assert_eq!(published_id(&t).await, next.generation_id);
    let history = runs::history(&t.db, Some(trends::JOB), 3).await.unwrap();
    assert_eq!(history[0].status, "succeeded");
    assert_eq!(history[1].status, "failed");
    assert!(
        history[1]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("interrupted")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_validates_without_publishing_and_years_restrict_the_window() {
    // Arrange
    let t = fixture().await;
    let published = full(&t).await.generation_id;

    // Act
    let dry = trends::run(
        &t.db,
        &t.config,
        RunOptions {
            years: Some((2018, 2020)),
            dry_run: true,
            ..RunOptions::full(Trigger::Manual)
        },
    )
    .await
    .expect("dry run");

    // Assert
    assert!(!dry.published);
    assert_eq!(dry.years, [2018, 2019, 2020]);
    assert_eq!(published_id(&t).await, published);
    let (values, trends, _) = tables(&t, dry.generation_id.unwrap()).await;
    assert!(values.iter().all(|v| (2018..=2020).contains(&v.year)));
    assert!(
        trends
            .iter()
            .all(|r| (r.trend.window_first, r.trend.window_last) == (2018, 2020))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generation_rows_are_written_exactly_whatever_their_text_and_numbers() {
    // Arrange: values that COPY's text format must escape or keep exact.
    let t = TestDb::new().await;
    let generation = store::create_generation(&t.db, 1, 2017, 2021)
        .await
        .unwrap();
    let row = |id: i32, value: Option<f64>, flags: &str| ValueRow {
        entity_kind: "school".into(),
        entity_id: id,
        indicator: "knowledge_quality_pct".into(),
        subject: String::new(),
        grade_band: String::new(),
        period: String::new(),
        year: 2021,
        value,
        numerator: value.map(|v| v * 3.0),
        denominator: None,
        source: "RAW".into(),
        flags: flags.into(),
        n_source_rows: i64::from(id) * 1_000_000_007,
        n_schools: (id % 2 == 0).then_some(id),
        n_schools_expected: (id % 2 == 0).then_some(id * 7),
    };
    let rows = vec![
        row(1, Some(0.1 + 0.2), "JUMP"),
        row(2, None, ""),
        row(3, Some(1e-12), "таб\tсап\\ат\nжаңы ө ү\r"),
        row(4, Some(123_456_789.123_456_78), "\\N"),
        row(5, Some(-0.0), "NULL"),
    ];

    // Act
    let written = store::write_values(&t.db, generation, &rows).await.unwrap();
    let back = store::read_values(&t.db, generation).await.unwrap();

    // Assert
    assert_eq!(written, 5);
    assert_eq!(back, rows, "every value and text comes back as written");
}
