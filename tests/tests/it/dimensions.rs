//! Indicator values by subject, grade band and period (`domain::trend::dims`): a district's
//! league table for one subject and each school's five-year trend in it, every figure
//! recomputed from the raw counts by SQL (sum, then divide), subjects a school does not mark
//! left missing, an incremental run equal to a full one, and arguments checked.

use std::collections::{BTreeMap, BTreeSet};

use demo::synthetic::{self, Options, Scale};
use domain::import::ImportKind;
use domain::trend::runs::Trigger;
use domain::trend::store::{self, ValueRow};
use integration_tests::fixture::{
    SCHOOLS, district_id, fixture, full, import, mark_line, school_id,
};
use integration_tests::{TestDb, errors, run, schema_with_snapshots as schema};
use jobs::trends::{self, RunOptions};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const D: &str = "DOUBLE PRECISION";
const KQ: &str = "knowledge_quality_marks_pct";
const HEADER: &str = "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled";

/// (indicator, school, year, subject, grade band, period) → (Σ numerator, Σ denominator).
type Sums = BTreeMap<(String, i32, i32, String, String, String), (f64, f64)>;

/// (indicator, year, subject, grade band, period).
type SeriesYear = (String, i32, String, String, String);

fn plain(v: &ValueRow) -> bool {
    v.subject.is_empty() && v.grade_band.is_empty() && v.period.is_empty()
}

/// Runs `sql` (school_id, year, subject, grade_band, period, num, den) and adds its rows
/// with a positive denominator under `code`.
async fn add(t: &TestDb, out: &mut Sums, code: &str, sql: &str) {
    let backend = t.db.get_database_backend();
    let rows =
        t.db.query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}\n→ {e}"));
    for r in rows {
        let text = |c: &str| r.try_get::<String>("", c).unwrap();
        let (num, den): (f64, f64) = (r.try_get("", "num").unwrap(), r.try_get("", "den").unwrap());
        if den > 0.0 {
            out.insert(
                (
                    code.to_owned(),
                    r.try_get("", "school_id").unwrap(),
                    r.try_get("", "year").unwrap(),
                    text("subject"),
                    text("grade_band"),
                    text("period"),
                ),
                (num, den),
            );
        }
    }
}

const BAND: &str = "CASE WHEN cg.grade BETWEEN 4 AND 6 THEN '4-6' WHEN cg.grade BETWEEN 7 AND 9 THEN '7-9' ELSE '10-11' END";
const PERIOD: &str = "CASE WHEN p.kind = 'quarter' THEN 'q' ELSE 'h' END || CAST(p.idx AS TEXT)";

/// Sums over `table alias` of the marked grades, grouped per school, year and the given
/// dimension expressions (`None`: all, `''`).
fn grouped(
    table: &str,
    alias: &str,
    num: &str,
    den: &str,
    dims: [Option<&str>; 3],
    filter: &str,
) -> String {
    let select: Vec<String> = dims
        .iter()
        .zip(["subject", "grade_band", "period"])
        .map(|(d, name)| format!("{} AS {name}", d.unwrap_or("''")))
        .collect();
    let group: Vec<&str> = dims.iter().flatten().copied().collect();
    let group = if group.is_empty() {
        String::new()
    } else {
        format!(", {}", group.join(", "))
    };
    format!(
        "SELECT cg.school_id, p.academic_year AS year, {}, CAST(SUM({num}) AS {D}) AS num, \
         CAST(SUM({den}) AS {D}) AS den FROM {table} {alias} JOIN period p ON p.id = {alias}.period_id \
         JOIN class_group cg ON cg.id = {alias}.class_group_id \
         JOIN academic_year a ON a.start_year = p.academic_year \
         {} WHERE cg.grade BETWEEN a.marked_grade_min AND a.marked_grade_max AND {filter} \
         GROUP BY cg.school_id, p.academic_year{group}",
        select.join(", "),
        if table == "mark_summary" {
            "JOIN subject sub ON sub.id = ms.subject_id"
        } else {
            ""
        }
    )
}

/// Every figure by dimension the facts support, recomputed in SQL: per-mark figures by
/// subject and by grade band for every year, knowledge quality and success by period
/// (school-wide and by subject) for `latest`, per-pupil ones by grade band.
async fn recompute(t: &TestDb, latest: i32) -> Sums {
    let assessed = "ms.n5 + ms.n4 + ms.n3 + ms.n2 + ms.n1 + ms.n_na";
    let per_mark = [
        (KQ, "ms.n5 + ms.n4", assessed),
        ("success_marks_pct", "ms.n5 + ms.n4 + ms.n3", assessed),
        (
            "average_mark",
            "5 * ms.n5 + 4 * ms.n4 + 3 * ms.n3 + 2 * ms.n2",
            "ms.n5 + ms.n4 + ms.n3 + ms.n2",
        ),
        (
            "sou_pct",
            "(100 * ms.n5 + 64 * ms.n4 + 36 * ms.n3 + 16 * ms.n2 + 7 * ms.n_na) / 100.0",
            assessed,
        ),
    ];
    let marks = "ms.assessment_kind = 'period_marks'";
    let annual = format!("{marks} AND p.kind = 'year'");
    let banded = format!("{annual} AND cg.grade BETWEEN 4 AND 11");
    let periods =
        format!("{marks} AND p.kind IN ('quarter', 'half_year') AND p.academic_year = {latest}");
    let mut out = Sums::new();
    for (i, (code, num, den)) in per_mark.into_iter().enumerate() {
        let sql = |dims, filter: &str| grouped("mark_summary", "ms", num, den, dims, filter);
        add(
            t,
            &mut out,
            code,
            &sql([Some("sub.code"), None, None], &annual),
        )
        .await;
        add(t, &mut out, code, &sql([None, Some(BAND), None], &banded)).await;
        if i < 2 {
            add(
                t,
                &mut out,
                code,
                &sql([None, None, Some(PERIOD)], &periods),
            )
            .await;
            add(
                t,
                &mut out,
                code,
                &sql([Some("sub.code"), None, Some(PERIOD)], &periods),
            )
            .await;
        }
    }
    let pupils = "co.n_all_5 + co.n_4_5 + co.n_with_3 + co.n_with_2 + co.n_na";
    for (code, num) in [
        ("knowledge_quality_pct", "co.n_all_5 + co.n_4_5"),
        ("success_pct", "co.n_all_5 + co.n_4_5 + co.n_with_3"),
    ] {
        let sql = grouped(
            "class_outcome",
            "co",
            num,
            pupils,
            [None, Some(BAND), None],
            "p.kind = 'year' AND cg.grade BETWEEN 4 AND 11",
        );
        add(t, &mut out, code, &sql).await;
    }
    out
}

type Tables = (
    Vec<ValueRow>,
    Vec<store::TrendRow>,
    Vec<store::ComparisonRow>,
);

async fn tables(t: &TestDb, generation: i32) -> Tables {
    (
        store::read_values(&t.db, generation).await.unwrap(),
        store::read_trends(&t.db, generation).await.unwrap(),
        store::read_comparisons(&t.db, generation).await.unwrap(),
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn scale(code: &str) -> f64 {
    if code == "average_mark" { 1.0 } else { 100.0 }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subject_grade_band_and_period_figures_equal_their_recomputation_from_raw_counts() {
    // Arrange: synthetic schools of Özgön with marks in every subject, grade and period.
    let t = TestDb::new().await;
    let options = Options {
        scale: Scale::School,
        seed: 16,
        ort_main_max: 245,
    };
    synthetic::generate(&t.db, &options, &|_| {}).await.unwrap();

    // Act
    let report = full(&t).await;
    let published = store::read_values(&t.db, report.generation_id.unwrap())
        .await
        .unwrap();
    let latest = *report.years.last().unwrap();
    let expected = recompute(&t, latest).await;

    // Assert: every school figure by dimension is its recomputation (or withheld below the
    // disclosure minimum), and every recomputed one is published.
    let min = t.config.jobs.disclosure_min_count;
    let mut differences = Vec::new();
    let mut seen = BTreeSet::new();
    let dimensioned: Vec<&ValueRow> = published.iter().filter(|v| !plain(v)).collect();
    for v in dimensioned.iter().filter(|v| v.entity_kind == "school") {
        let key = (
            v.indicator.clone(),
            v.entity_id,
            v.year,
            v.subject.clone(),
            v.grade_band.clone(),
            v.period.clone(),
        );
        let Some(&(num, den)) = expected.get(&key) else {
            differences.push(format!("published, not in the facts: {key:?}"));
            continue;
        };
        seen.insert(key.clone());
        let ok = if v.flags.contains("SUPPRESSED") {
            v.value.is_none() && den < min
        } else {
            v.value
                .is_some_and(|x| close(x, num * scale(&v.indicator) / den))
                && v.numerator.is_some_and(|n| close(n, num))
        };
        if !ok || v.denominator.is_none_or(|d| !close(d, den)) {
            differences.push(format!("{key:?}: {v:?} against {num} / {den}"));
        }
    }
    for key in expected.keys().filter(|k| !seen.contains(*k)) {
        differences.push(format!("in the facts, not published: {key:?}"));
    }
    // The country: Σ numerators and Σ denominators of its schools, then divided.
    let mut country: BTreeMap<SeriesYear, (f64, f64)> = BTreeMap::new();
    for ((code, _, year, s, b, p), (num, den)) in &expected {
        let e = country
            .entry((code.clone(), *year, s.clone(), b.clone(), p.clone()))
            .or_default();
        e.0 += num;
        e.1 += den;
    }
    let countries: Vec<&&ValueRow> = dimensioned
        .iter()
        .filter(|v| v.entity_kind == "country")
        .collect();
    assert_eq!(
        countries.len(),
        country.len(),
        "one country figure per series and year"
    );
    for v in countries {
        let key = (
            v.indicator.clone(),
            v.year,
            v.subject.clone(),
            v.grade_band.clone(),
            v.period.clone(),
        );
        let (num, den) = country[&key];
        let value = num * scale(&v.indicator) / den;
        if !(v.value.is_some_and(|x| close(x, value))
            && v.denominator.is_some_and(|d| close(d, den)))
        {
            differences.push(format!("country {key:?}: {:?} against {value}", v.value));
        }
        assert!(
            v.n_schools.is_some_and(|n| n > 0),
            "{key:?} says how many schools"
        );
    }
    assert!(
        differences.is_empty(),
        "{} differences, first: {:#?}",
        differences.len(),
        &differences[..differences.len().min(40)]
    );
    // Every kind of breakdown came out, and periods only for the latest year.
    let kinds: BTreeSet<(bool, bool, bool)> = dimensioned
        .iter()
        .map(|v| {
            (
                !v.subject.is_empty(),
                !v.grade_band.is_empty(),
                !v.period.is_empty(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            (true, false, false),
            (false, true, false),
            (false, false, true),
            (true, false, true)
        ])
    );
    assert!(
        dimensioned
            .iter()
            .all(|v| v.period.is_empty() || v.year == latest)
    );
    // The school-wide figure of a year is still the sum over every subject.
    let school = dimensioned
        .iter()
        .find(|v| v.entity_kind == "school")
        .unwrap()
        .entity_id;
    let by_subject: f64 = dimensioned
        .iter()
        .filter(|v| {
            v.entity_kind == "school"
                && v.entity_id == school
                && v.indicator == KQ
                && v.year == latest
                && !v.subject.is_empty()
                && v.period.is_empty()
        })
        .map(|v| v.denominator.unwrap())
        .sum();
    let whole = published
        .iter()
        .find(|v| {
            v.entity_kind == "school"
                && v.entity_id == school
                && v.indicator == KQ
                && v.year == latest
                && plain(v)
        })
        .unwrap();
    assert!(close(whole.denominator.unwrap(), by_subject));
}

/// The fixture's annual mathematics knowledge quality by marks of a school and year, from
/// the raw counts.
async fn mathematics_quality(t: &TestDb, school: i32, year: i32) -> f64 {
    let sql = format!(
        "SELECT CAST(SUM(ms.n5 + ms.n4) AS {D}) AS num, CAST(SUM(ms.n5 + ms.n4 + ms.n3 + ms.n2 + ms.n1 + ms.n_na) AS {D}) AS den \
         FROM mark_summary ms JOIN period p ON p.id = ms.period_id JOIN class_group cg ON cg.id = ms.class_group_id \
         JOIN subject s ON s.id = ms.subject_id WHERE s.code = 'mathematics' AND p.kind = 'year' \
         AND ms.assessment_kind = 'period_marks' AND cg.school_id = {school} AND p.academic_year = {year}"
    );
    let backend = t.db.get_database_backend();
    let row =
        t.db.query_one_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .unwrap();
    let (num, den): (f64, f64) = (
        row.try_get("", "num").unwrap(),
        row.try_get("", "den").unwrap(),
    );
    num * 100.0 / den
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_district_ranks_its_schools_by_mathematics_quality_and_sees_each_five_year_trend() {
    // Arrange: the fixture's schools (Özgön: 101 and 102) mark mathematics and Kyrgyz.
    let t = fixture().await;
    full(&t).await;
    let (schema, _) = schema(&t);
    let uzgen = district_id(&t, "KG-O-UZG").await;

    // Act
    let table = run(
        &schema,
        r#"query($d: ID!) { districtComparison(districtId: $d, year: 2019, codes: ["knowledge_quality_marks_pct"], subject: "mathematics") {
            indicators { code dimensions }
            schools { school { id code } cells { value rankDistrict countDistrict } }
            aggregates { level cells { value coverage { schools } } } } }"#,
        json!({ "d": uzgen.to_string() }),
    )
    .await;

    // Assert: ranked by the mathematics figure, best first, each its raw-count value.
    let table = &table["districtComparison"];
    assert_eq!(
        table["indicators"][0]["dimensions"],
        json!(["SUBJECT", "GRADE_BAND", "PERIOD"])
    );
    let schools = table["schools"].as_array().unwrap();
    let ranked: Vec<(i64, f64, i32)> = schools
        .iter()
        .filter(|s| !s["cells"][0]["value"].is_null())
        .map(|s| {
            let c = &s["cells"][0];
            (
                c["rankDistrict"].as_i64().unwrap(),
                c["value"].as_f64().unwrap(),
                s["school"]["id"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(ranked.len(), 2, "{table}");
    assert_eq!(ranked[0].0, 1);
    assert!(ranked[0].1 >= ranked[1].1);
    for (_, value, school) in &ranked {
        assert!(close(*value, mathematics_quality(&t, *school, 2019).await));
    }
    let district = table["aggregates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["level"] == "DISTRICT")
        .unwrap();
    assert_eq!(district["cells"][0]["coverage"]["schools"], 2);

    // Each school's five-year mathematics trend, and its points.
    for (_, _, school) in &ranked {
        let answer = run(
            &schema,
            r#"query($s: ID!) { school(id: $s) {
                trends(codes: ["knowledge_quality_marks_pct"], subject: "mathematics") { trends { points firstYear lastYear } }
                indicators(codes: ["knowledge_quality_marks_pct"], subject: "mathematics") { series { points { year value } } } } }"#,
            json!({ "s": school.to_string() }),
        )
        .await;
        let trend = &answer["school"]["trends"]["trends"][0];
        assert_eq!(trend["points"], 5, "{answer}");
        assert_eq!(
            (trend["firstYear"].as_i64(), trend["lastYear"].as_i64()),
            (Some(2017), Some(2021))
        );
        let points = answer["school"]["indicators"]["series"][0]["points"]
            .as_array()
            .unwrap();
        assert_eq!(points.len(), 5);
        for p in points {
            let year = p["year"].as_i64().unwrap() as i32;
            assert!(close(
                p["value"].as_f64().unwrap(),
                mathematics_quality(&t, *school, year).await
            ));
        }
    }
    // The first quarter of the latest year is ranked too.
    let quarter = run(
        &schema,
        r#"query($d: ID!) { ranking(code: "knowledge_quality_marks_pct", year: 2021, scope: DISTRICT, scopeId: $d, subject: "mathematics", period: "q1") { totalCount }
            earlier: ranking(code: "knowledge_quality_marks_pct", year: 2020, scope: DISTRICT, scopeId: $d, period: "q1") { totalCount } }"#,
        json!({ "d": uzgen.to_string() }),
    )
    .await;
    assert_eq!(quarter["ranking"]["totalCount"], 2);
    assert_eq!(
        quarter["earlier"]["totalCount"], 0,
        "quarters of the latest year only"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subject_a_school_does_not_mark_stays_missing() {
    // Arrange: only KG-O-UZG-101 marks Russian in 2021.
    let t = fixture().await;
    let line = mark_line(0, 2021, 9, "А", "russian_language", "year", "period_marks");
    import(&t, ImportKind::MarkSummaries, format!("{HEADER}\n{line}")).await;

    // Act
    let report = full(&t).await;
    let (schema, _) = schema(&t);
    let uzgen = district_id(&t, "KG-O-UZG").await;
    let other = school_id(&t, SCHOOLS[1].0).await;
    let answer = run(
        &schema,
        r#"query($d: ID!, $s: ID!) {
            districtComparison(districtId: $d, year: 2021, codes: ["knowledge_quality_marks_pct"], subject: "russian_language") {
                schools { school { code } cells { value rankDistrict } }
                aggregates { level cells { value coverage { schools } } } }
            school(id: $s) { indicators(codes: ["knowledge_quality_marks_pct"], subject: "russian_language") { series { code points { year } } } } }"#,
        json!({ "d": uzgen.to_string(), "s": other.to_string() }),
    )
    .await;

    // Assert: one school has the figure; the other none (not 0), and the district's figure
    // covers one school.
    let published = store::read_values(&t.db, report.generation_id.unwrap())
        .await
        .unwrap();
    let russian: Vec<&ValueRow> = published
        .iter()
        .filter(|v| v.entity_kind == "school" && v.subject == "russian_language")
        .collect();
    assert!(!russian.is_empty());
    let marking = school_id(&t, SCHOOLS[0].0).await;
    assert!(russian.iter().all(|v| v.entity_id == marking));
    let schools = answer["districtComparison"]["schools"].as_array().unwrap();
    let cell = |code: &str| -> Value {
        schools
            .iter()
            .find(|s| s["school"]["code"] == code)
            .unwrap()["cells"][0]
            .clone()
    };
    assert!(cell(SCHOOLS[0].0)["value"].is_number());
    assert_eq!(
        cell(SCHOOLS[1].0),
        json!({ "value": null, "rankDistrict": null })
    );
    let district = answer["districtComparison"]["aggregates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["level"] == "DISTRICT")
        .unwrap()
        .clone();
    assert_eq!(district["cells"][0]["coverage"]["schools"], 1);
    let series = &answer["school"]["indicators"]["series"][0];
    assert_eq!(series["points"], json!([]), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incremental_run_equals_a_full_run_with_dimensions() {
    // Arrange: a published generation; then a first-quarter mark of the latest year and an
    // annual Kyrgyz mark of 2019 change.
    let t = fixture().await;
    let before = full(&t).await;
    let before = tables(&t, before.generation_id.unwrap()).await;
    let mut lines = Vec::new();
    for (year, subject, period) in [
        (2021, "mathematics", "Q1"),
        (2019, "kyrgyz_language", "year"),
    ] {
        let line = mark_line(1, year, 11, "Б", subject, period, "period_marks");
        let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
        cells[7] = "14".into();
        cells[8] = "1".into();
        lines.push(cells.join(","));
    }
    import(
        &t,
        ImportKind::MarkSummaries,
        format!("{HEADER}\n{}", lines.join("\n")),
    )
    .await;

    // Act (each generation read as soon as it is published: the next publish deletes it)
    let incremental = trends::run(&t.db, &t.config, RunOptions::incremental(Trigger::Manual))
        .await
        .expect("incremental run");
    let incremental_tables = tables(&t, incremental.generation_id.unwrap()).await;
    let full_run = full(&t).await;
    let full_tables = tables(&t, full_run.generation_id.unwrap()).await;

    // Assert
    assert_eq!(incremental.recomputed, [2019, 2021]);
    assert_eq!(incremental_tables.0, full_tables.0, "values");
    assert_eq!(incremental_tables.1, full_tables.1, "trends");
    assert_eq!(incremental_tables.2, full_tables.2, "comparisons");
    let q1 = |values: &[ValueRow]| -> Vec<ValueRow> {
        values
            .iter()
            .filter(|v| v.period == "q1")
            .cloned()
            .collect()
    };
    assert!(!q1(&full_tables.0).is_empty());
    assert_ne!(
        q1(&before.0),
        q1(&full_tables.0),
        "the quarter's edit shows"
    );
    assert!(
        full_tables
            .0
            .iter()
            .all(|v| v.period.is_empty() || v.year == 2021)
    );
    assert!(
        full_tables.1.iter().all(|t| t.period.is_empty()),
        "no trend of a quarter"
    );
    assert!(
        full_tables
            .2
            .iter()
            .any(|c| c.subject == "kyrgyz_language" && c.year == 2019)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_dimension_arguments_name_the_argument_and_list_the_valid_values() {
    let t = fixture().await;
    full(&t).await;
    let (schema, _) = schema(&t);
    let cases = [
        (
            r#"{ country { indicators(codes: ["knowledge_quality_marks_pct"], subject: "maths") { series { code } } } }"#,
            "subject",
            "mathematics",
        ),
        (
            r#"{ country { trends(gradeBand: "1-3") { trends { code } } } }"#,
            "gradeBand",
            "4-6, 7-9, 10-11",
        ),
        (
            r#"{ ranking(code: "knowledge_quality_marks_pct", year: 2021, scope: COUNTRY, period: "q5") { totalCount } }"#,
            "period",
            "q1, q2, q3, q4, h1, h2",
        ),
        (
            r#"{ compareSchools(schoolIds: ["KG-O-UZG-101"], codes: ["average_mark"], period: "q1") { years } }"#,
            "period",
            "knowledge_quality_marks_pct",
        ),
        (
            r#"{ districtComparison(districtId: "KG-O-UZG", year: 2021, codes: ["ort_mean"], subject: "mathematics") { year } }"#,
            "subject",
            "average_mark",
        ),
        (
            r#"{ country { indicators(subject: "mathematics", gradeBand: "7-9") { series { code } } } }"#,
            "gradeBand",
            "omit",
        ),
    ];
    for (query, field, listed) in cases {
        let errs = errors(&schema, query).await;
        let (code, message) = &errs[0];
        assert_eq!(code, "BAD_USER_INPUT", "{query}: {errs:?}");
        assert!(
            message.contains(field) && message.contains(listed),
            "{query}: {message}"
        );
    }
    // Without codes, the dimension picks the indicators that have it.
    let answer = run(
        &schema,
        r#"{ country { indicators(gradeBand: "7-9") { series { code } } } }"#,
        json!({}),
    )
    .await;
    let codes: Vec<&str> = answer["country"]["indicators"]["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"knowledge_quality_pct") && codes.contains(&"average_mark"),
        "{codes:?}"
    );
    assert!(!codes.contains(&"ort_mean"));
}
