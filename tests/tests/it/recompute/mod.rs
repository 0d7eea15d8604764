//! Every published indicator recomputed from the fact tables by another tool: SQL for the
//! sums and counts, plain Rust for medians, the composite and the roll-ups (no polars, no
//! code of the trend job), on demo data with a fixed seed, on both databases. A figure the job
//! publishes must be the one its catalog formula gives, and every figure the facts support
//! must be published.

use demo::synthetic::{self, Options, Scale};
use domain::config::JobsConfig;
use domain::import::ImportKind;
use domain::trend::catalog::{Aggregation, CATALOG, Disclosure};
use domain::trend::store::{self, ValueRow};
use integration_tests::TestDb;
use integration_tests::fixture::{full, import};
use sea_orm::{ConnectionTrait, Statement};
use std::collections::{BTreeMap, BTreeSet};

mod sources;
use sources::{
    olympiads, ort, ort_by_language_and_subject, register, retention_and_surveys,
    staff_and_conditions,
};

/// (indicator, school id, year) → the recomputed value.
type Table = BTreeMap<(String, i32, i32), Expected>;

/// (indicator, entity kind, entity id, year) → (Σ numerators, Σ denominators).
type Areas = BTreeMap<(String, String, i32, i32), (f64, Option<f64>)>;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Expected {
    numerator: Option<f64>,
    denominator: Option<f64>,
    value: f64,
    reported: bool,
}

/// `SELECT school_id, year, num, den` rows.
async fn rows(t: &TestDb, sql: &str) -> Vec<(i32, i32, Option<f64>, Option<f64>)> {
    let backend = t.db.get_database_backend();
    t.db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}\n→ {e}"))
        .iter()
        .map(|r| {
            (
                r.try_get::<i32>("", "school_id").unwrap(),
                r.try_get::<i32>("", "year").unwrap(),
                r.try_get::<Option<f64>>("", "num").unwrap(),
                r.try_get::<Option<f64>>("", "den").unwrap(),
            )
        })
        .collect()
}

fn scale(code: &str) -> f64 {
    match domain::trend::catalog::find(code).map(|i| i.aggregation) {
        Some(Aggregation::Ratio { scale }) => scale,
        _ => 1.0,
    }
}

/// Ratios: a row for every positive denominator.
async fn ratio(t: &TestDb, out: &mut Table, code: &str, sql: &str) {
    let scale = scale(code);
    for (school, year, num, den) in rows(t, sql).await {
        let (Some(num), Some(den)) = (num, den) else {
            continue;
        };
        if den > 0.0 {
            let e = Expected {
                numerator: Some(num),
                denominator: Some(den),
                value: num * scale / den,
                reported: false,
            };
            out.insert((code.to_owned(), school, year), e);
        }
    }
}

/// Counts (and values that do not aggregate): `num` is the value.
async fn plain(t: &TestDb, out: &mut Table, code: &str, sql: &str, with_numerator: bool) {
    for (school, year, num, _) in rows(t, sql).await {
        if let Some(v) = num {
            let e = Expected {
                numerator: with_numerator.then_some(v),
                denominator: None,
                value: v,
                reported: false,
            };
            out.insert((code.to_owned(), school, year), e);
        }
    }
}

/// Reported school-wide figures where the school-year has no computed value of the code.
async fn reported(t: &TestDb, out: &mut Table, code: &str, sql: &str) {
    for (school, year, num, _) in rows(t, sql).await {
        let key = (code.to_owned(), school, year);
        if let (Some(v), false) = (num, out.contains_key(&key)) {
            let e = Expected {
                numerator: None,
                denominator: None,
                value: v,
                reported: true,
            };
            out.insert(key, e);
        }
    }
}

const D: &str = "DOUBLE PRECISION";

/// Annual rows of a fact table joined to its class, in the year's marked grades.
fn annual(table: &str, alias: &str) -> String {
    format!(
        "FROM {table} {alias} JOIN period p ON p.id = {alias}.period_id \
         JOIN class_group cg ON cg.id = {alias}.class_group_id \
         JOIN academic_year a ON a.start_year = p.academic_year \
         WHERE cg.grade BETWEEN a.marked_grade_min AND a.marked_grade_max"
    )
}

/// Mark counts per school-year of `filter` (over `mark_summary ms`).
fn marks(filter: &str, num: &str, den: &str) -> String {
    format!(
        "SELECT cg.school_id, p.academic_year AS year, CAST(SUM({num}) AS {D}) AS num, \
         CAST(SUM({den}) AS {D}) AS den {} AND {filter} GROUP BY cg.school_id, p.academic_year",
        annual("mark_summary", "ms")
    )
}

const ASSESSED: &str = "ms.n5 + ms.n4 + ms.n3 + ms.n2 + ms.n1 + ms.n_na";
const ANNUAL_MARKS: &str = "p.kind = 'year' AND ms.assessment_kind = 'period_marks'";

fn outcomes(num: &str) -> String {
    format!(
        "SELECT cg.school_id, p.academic_year AS year, CAST(SUM({num}) AS {D}) AS num, \
         CAST(SUM(co.n_all_5 + co.n_4_5 + co.n_with_3 + co.n_with_2 + co.n_na) AS {D}) AS den \
         {} AND p.kind = 'year' GROUP BY cg.school_id, p.academic_year",
        annual("class_outcome", "co")
    )
}

fn reported_sql(indicator: &str) -> String {
    format!(
        "SELECT ri.school_id, p.academic_year AS year, CAST(ri.value AS {D}) AS num, \
         CAST(NULL AS {D}) AS den FROM reported_indicator ri JOIN period p ON p.id = ri.period_id \
         WHERE p.kind = 'year' AND ri.scope = 'school' AND ri.indicator = '{indicator}'"
    )
}

/// A yearly snapshot column per school-year.
fn snapshot(table: &str, num: &str, den: &str, filter: &str) -> String {
    format!(
        "SELECT school_id, academic_year AS year, CAST({num} AS {D}) AS num, \
         CAST({den} AS {D}) AS den FROM {table} WHERE {filter}"
    )
}

/// The year's grant main-test threshold (the general programme first), else 110.
async fn thresholds(t: &TestDb) -> BTreeMap<i32, f64> {
    let sql = format!(
        "SELECT 0 AS school_id, academic_year AS year, CAST(MIN(main_min) AS {D}) AS num, \
         CAST(NULL AS {D}) AS den FROM ort_threshold WHERE admission_type = 'grant' AND \
         programme_group = 'general' GROUP BY academic_year"
    );
    rows(t, &sql)
        .await
        .into_iter()
        .map(|(_, y, v, _)| (y, v.unwrap()))
        .collect()
}

async fn recompute(t: &TestDb, jobs: &JobsConfig) -> Table {
    let mut out = Table::new();
    // Marks: per pupil from class outcomes, per mark from mark summaries.
    let co_assessed = "co.n_all_5 + co.n_4_5";
    ratio(t, &mut out, "knowledge_quality_pct", &outcomes(co_assessed)).await;
    let co_success = "co.n_all_5 + co.n_4_5 + co.n_with_3";
    ratio(t, &mut out, "success_pct", &outcomes(co_success)).await;
    let kq = marks(ANNUAL_MARKS, "ms.n5 + ms.n4", ASSESSED);
    ratio(t, &mut out, "knowledge_quality_marks_pct", &kq).await;
    let success = marks(ANNUAL_MARKS, "ms.n5 + ms.n4 + ms.n3", ASSESSED);
    ratio(t, &mut out, "success_marks_pct", &success).await;
    let mark_sum = "5 * ms.n5 + 4 * ms.n4 + 3 * ms.n3 + 2 * ms.n2";
    let marked = "ms.n5 + ms.n4 + ms.n3 + ms.n2";
    let avg = marks(ANNUAL_MARKS, mark_sum, marked);
    ratio(t, &mut out, "average_mark", &avg).await;
    let points = "(100 * ms.n5 + 64 * ms.n4 + 36 * ms.n3 + 16 * ms.n2 + 7 * ms.n_na) / 100.0";
    ratio(
        t,
        &mut out,
        "sou_pct",
        &marks(ANNUAL_MARKS, points, ASSESSED),
    )
    .await;
    for (code, indicator) in [
        ("knowledge_quality_pct", "knowledge_quality"),
        ("success_pct", "success_rate"),
    ] {
        reported(t, &mut out, code, &reported_sql(indicator)).await;
    }
    for (code, idx) in [
        ("admin_control_quality_h1", 1),
        ("admin_control_quality_h2", 2),
    ] {
        let filter = format!(
            "ms.assessment_kind = 'admin_control' AND p.kind = 'half_year' AND p.idx = {idx}"
        );
        ratio(
            t,
            &mut out,
            code,
            &marks(&filter, "ms.n5 + ms.n4", ASSESSED),
        )
        .await;
    }
    let halves: Vec<_> = out
        .iter()
        .filter(|((c, _, _), _)| c == "admin_control_quality_h1")
        .filter_map(|((_, s, y), h1)| {
            let key = ("admin_control_quality_h2".to_owned(), *s, *y);
            out.get(&key).map(|h2| ((*s, *y), h2.value - h1.value))
        })
        .collect();
    for ((school, year), delta) in halves {
        let e = Expected {
            numerator: None,
            denominator: None,
            value: delta,
            reported: false,
        };
        out.insert(("admin_control_quality_delta".into(), school, year), e);
    }
    for (code, grade) in [
        ("final_attestation_g9_quality_pct", 9),
        ("final_attestation_g11_quality_pct", 11),
    ] {
        let filter = format!("ms.assessment_kind = 'final_attestation' AND cg.grade = {grade}");
        ratio(
            t,
            &mut out,
            code,
            &marks(&filter, "ms.n5 + ms.n4", ASSESSED),
        )
        .await;
    }
    ort(t, &mut out).await;
    ort_by_language_and_subject(t, &mut out).await;
    register(t, &mut out).await;
    retention_and_surveys(t, &mut out).await;
    olympiads(t, &mut out, jobs).await;
    staff_and_conditions(t, &mut out).await;
    quality_index(&mut out, jobs);
    out
}

/// Σ w · component / Σ w over the components a school has in a year (numerator and
/// denominator); PARTIAL when Σ w falls short of the configured total.
fn quality_index(out: &mut Table, jobs: &JobsConfig) {
    let mut sums: BTreeMap<(i32, i32), (f64, f64, bool)> = BTreeMap::new();
    for ((code, school, year), e) in out.iter() {
        if let Some(&w) = jobs.quality_index_weights.get(code).filter(|w| **w > 0.0) {
            let s = sums.entry((*school, *year)).or_default();
            s.0 += w * e.value;
            s.1 += w;
            s.2 |= e.reported;
        }
    }
    for ((school, year), (total, weight, reported)) in sums {
        let e = Expected {
            numerator: Some(total),
            denominator: Some(weight),
            value: total / weight,
            reported,
        };
        out.insert(("quality_index".into(), school, year), e);
    }
}

/// District, region and country figures: Σ numerators over Σ denominators (or Σ counts) of
/// the schools' computed values; reported values never enter.
async fn areas(t: &TestDb, schools: &Table) -> Areas {
    let geo = rows(
        t,
        &format!(
            "SELECT s.id AS school_id, s.district_id AS year, CAST(d.region_id AS {D}) AS num, \
             CAST(NULL AS {D}) AS den FROM school s JOIN district d ON d.id = s.district_id"
        ),
    )
    .await;
    let geo: BTreeMap<i32, (i32, i32)> = geo
        .into_iter()
        .map(|(s, d, r, _)| (s, (d, r.unwrap() as i32)))
        .collect();
    let mut sums = Areas::new();
    for ((code, school, year), e) in schools {
        let aggregation = domain::trend::catalog::find(code).map(|i| i.aggregation);
        if e.reported || matches!(aggregation, None | Some(Aggregation::None)) {
            continue;
        }
        let (district, region) = geo[school];
        for (kind, id) in [("district", district), ("region", region), ("country", 0)] {
            let s = sums
                .entry((code.clone(), kind.to_owned(), id, *year))
                .or_insert((0.0, e.denominator.map(|_| 0.0)));
            s.0 += e.numerator.unwrap();
            if let (Some(d), Some(total)) = (e.denominator, s.1.as_mut()) {
                *total += d;
            }
        }
    }
    sums
}

/// What the generator does not write, imported for one synthetic school: administrative
/// control tests, final attestation, international olympiad prizes (counted in all years but
/// 2018, whose pupils' results are imported instead), a teacher register with courses, and ORT
/// takers testing in Russian and Uzbek.
async fn extras(t: &TestDb) {
    let code: String = {
        let backend = t.db.get_database_backend();
        let sql = "SELECT code FROM school WHERE id NOT IN (SELECT school_id FROM reported_indicator) \
                   ORDER BY code LIMIT 1";
        let row =
            t.db.query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap();
        row.unwrap().try_get("", "code").unwrap()
    };
    let mut marks = vec![
        "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled"
            .to_owned(),
    ];
    let mut olympiads = vec!["school_code,academic_year,level,prize_count".to_owned()];
    for year in 2017..=2021 {
        let label = format!("{year}-{}", year + 1);
        let k = year - 2016;
        for (grade, period, kind, n5) in [
            (5, "H1", "admin_control", k),
            (5, "H2", "admin_control", k + 2),
            (9, "year", "final_attestation", 3),
            (11, "year", "final_attestation", k % 3),
        ] {
            let n4 = 8 + k;
            marks.push(format!(
                "{code},{label},{grade},А,mathematics,{period},{kind},{n5},{n4},9,2,1,40"
            ));
        }
        if year != 2018 {
            olympiads.push(format!("{code},{label},international,{}", k % 2));
        }
    }
    import(t, ImportKind::MarkSummaries, marks.join("\n")).await;
    import(t, ImportKind::OlympiadCounts, olympiads.join("\n")).await;
    // A register of seven teachers (one leaves in 2019), two courses and who attended them.
    let mut teachers = vec!["school_code,teacher_ref,hired_year,left_year".to_owned()];
    for i in 1..=7 {
        let left = if i == 7 { "2019" } else { "" };
        teachers.push(format!("{code},R-{i},2014,{left}"));
    }
    import(t, ImportKind::Teachers, teachers.join("\n")).await;
    let training = format!(
        "school_code,academic_year,programme_name_ky,provider,hours,participants\n\
         {code},2016-2017,Сынчыл ойлом,ОМБӨИ,72,2\n{code},2019-2020,Санарип сабаттуулук,ОМБӨИ,36,3"
    );
    import(t, ImportKind::Training, training).await;
    let mut attendance =
        vec!["school_code,academic_year,programme_name_ky,provider,teacher_ref".to_owned()];
    for (year, programme, refs) in [
        ("2016-2017", "Сынчыл ойлом", [1, 2, 7].as_slice()),
        ("2019-2020", "Санарип сабаттуулук", [2, 3, 4].as_slice()),
    ] {
        for r in refs {
            attendance.push(format!("{code},{year},{programme},ОМБӨИ,R-{r}"));
        }
    }
    import(t, ImportKind::TrainingAttendance, attendance.join("\n")).await;
    // Pupils' results at the zonal level of 2018, which the school did not count.
    let results = format!(
        "school_code,academic_year,subject,level,student_ref,place,award\n\
         {code},2018-2019,mathematics,international,O-1,1,\n\
         {code},2018-2019,mathematics,international,O-2,,diploma_3\n\
         {code},2018-2019,mathematics,international,O-3,,participant"
    );
    import(t, ImportKind::OlympiadResults, results).await;
    // The demo's schools test in Kyrgyz: six takers each in Russian and Uzbek.
    let mut ort = vec!["school_code,academic_year,student_ref,main_score,test_language".to_owned()];
    for i in 0..12 {
        let language = if i < 6 { "ru" } else { "uz" };
        ort.push(format!("{code},2020-2021,L-{i},{},{language}", 95 + 7 * i));
    }
    import(t, ImportKind::OrtResults, ort.join("\n")).await;
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_published_figure_equals_its_formula_recomputed_from_the_facts() {
    // Arrange: the fixture school and three synthetic schools of Özgön, five years.
    let t = TestDb::new().await;
    let options = Options {
        scale: Scale::School,
        seed: 16,
        ort_main_max: 245,
    };
    synthetic::generate(&t.db, &options, &|_| {}).await.unwrap();
    extras(&t).await;
    let jobs = t.config.jobs.clone();

    // Act
    let report = full(&t).await;
    let expected = recompute(&t, &jobs).await;
    let published = store::read_values(&t.db, report.generation_id.unwrap())
        .await
        .unwrap();
    // The school-wide annual figures; those by subject, grade band and period: dimensions.rs.
    let published: Vec<ValueRow> = published
        .into_iter()
        .filter(|v| v.subject.is_empty() && v.grade_band.is_empty() && v.period.is_empty())
        .collect();

    // Assert: every catalog indicator is checked and the demo data give each one a value.
    let codes: BTreeSet<&str> = expected.keys().map(|(c, _, _)| c.as_str()).collect();
    let missing: Vec<&str> = CATALOG
        .iter()
        .map(|i| i.code)
        .filter(|c| !codes.contains(c))
        .collect();
    assert!(missing.is_empty(), "not recomputed: {missing:?}");

    let min = jobs.disclosure_min_count;
    let step = jobs.disclosure_score_step;
    let mut seen = BTreeSet::new();
    let mut differences = Vec::new();
    for v in published.iter().filter(|v| v.entity_kind == "school") {
        let key = (v.indicator.clone(), v.entity_id, v.year);
        let Some(e) = expected.get(&key) else {
            differences.push(format!(
                "published, not in the facts: {key:?} = {:?}",
                v.value
            ));
            continue;
        };
        seen.insert(key.clone());
        check(v, e, min, step, &expected, &mut differences);
        if v.indicator == "quality_index" {
            let full: f64 = jobs
                .quality_index_weights
                .values()
                .filter(|w| **w > 0.0)
                .sum();
            let partial = e.denominator.is_some_and(|w| w < full - 1e-9);
            if v.flags.split(',').any(|f| f == "PARTIAL") != partial {
                differences.push(format!("{key:?}: PARTIAL should be {partial}: {}", v.flags));
            }
        }
    }
    for key in expected.keys().filter(|k| !seen.contains(*k)) {
        differences.push(format!("in the facts, not published: {key:?}"));
    }
    // Areas.
    let areas = areas(&t, &expected).await;
    let mut seen_areas = BTreeSet::new();
    for v in published.iter().filter(|v| v.entity_kind != "school") {
        let key = (
            v.indicator.clone(),
            v.entity_kind.clone(),
            v.entity_id,
            v.year,
        );
        let Some(&(num, den)) = areas.get(&key) else {
            differences.push(format!("area figure without schools: {key:?}"));
            continue;
        };
        seen_areas.insert(key.clone());
        let def = domain::trend::catalog::find(&v.indicator).unwrap();
        let value = match (def.aggregation, den) {
            (Aggregation::Ratio { scale }, Some(den)) if den > 0.0 => num * scale / den,
            (Aggregation::Sum, _) => num,
            _ => {
                differences.push(format!("area figure of a zero denominator: {key:?}"));
                continue;
            }
        };
        let e = Expected {
            numerator: Some(num),
            denominator: den,
            value,
            reported: false,
        };
        check(v, &e, min, step, &expected, &mut differences);
    }
    for (key, (_, den)) in &areas {
        if !seen_areas.contains(key) && den.is_none_or(|d| d > 0.0) {
            differences.push(format!("area figure not published: {key:?}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences, first: {:#?}",
        differences.len(),
        &differences[..differences.len().min(400)]
    );
}

/// One published value against its recomputation, allowing for the disclosure rule.
fn check(v: &ValueRow, e: &Expected, min: f64, step: f64, all: &Table, out: &mut Vec<String>) {
    let def = domain::trend::catalog::find(&v.indicator).unwrap();
    let key = (&v.entity_kind, v.entity_id, &v.indicator, v.year);
    let flags: BTreeSet<&str> = v.flags.split(',').filter(|f| !f.is_empty()).collect();
    if flags.contains("SUPPRESSED") {
        let small = match def.disclosure {
            Disclosure::Persons => e.denominator.is_none_or(|d| d < min),
            Disclosure::PersonValue { count } => all
                .get(&(count.to_owned(), v.entity_id, v.year))
                .is_none_or(|c| c.value < min),
            Disclosure::Open => false,
        };
        if !small || v.value.is_some() {
            out.push(format!("withheld without cause: {key:?}"));
        }
        return;
    }
    let want = if flags.contains("COARSENED") {
        (e.value / step).floor() * step
    } else {
        e.value
    };
    if !v.value.is_some_and(|got| close(got, want)) {
        out.push(format!(
            "{key:?}: published {:?}, recomputed {want}",
            v.value
        ));
    }
    if (v.source == "REPORTED") != e.reported || flags.contains("REPORTED") != e.reported {
        out.push(format!("{key:?}: source {} flags {}", v.source, v.flags));
    }
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => close(a, b),
        (None, None) => true,
        _ => false,
    };
    let masked = flags.contains("COARSENED");
    if !masked && (!same(v.numerator, e.numerator) || !same(v.denominator, e.denominator)) {
        out.push(format!(
            "{key:?}: published {:?}/{:?}, recomputed {:?}/{:?}",
            v.numerator, v.denominator, e.numerator, e.denominator
        ));
    }
}
