//! The `alerts` query: a school made to fall is listed FALLING with its trend's evidence, a
//! school at its district's figure is not listed below it, the `[alerts]` thresholds decide,
//! and an unknown indicator is refused.

use std::sync::Arc;

use integration_tests::fixture::{
    SCHOOLS, district_id, fixture, full, import, outcome_line, school_id,
};
use integration_tests::{fail, run};
use serde_json::{Value, json};

use domain::Config;
use domain::import::ImportKind;

const QUERY: &str = r#"query($d: ID!, $codes: [String!]) {
    alerts(districtId: $d, year: 2021, codes: $codes) {
        provisional indicators { code }
        alerts { school { id code } code kind year value reference referenceYear difference
                 threshold severity direction slope flags } } }"#;

fn schema(
    t: &integration_tests::TestDb,
    edit: impl FnOnce(&mut Config),
) -> api::graphql::AppSchema {
    let mut config = t.config.clone();
    edit(&mut config);
    api::graphql::operator_schema(
        t.db.clone(),
        Arc::new(config),
        api::snapshot::Snapshots::new(t.db.clone()),
    )
}

/// KG-O-UZG-101's 2021 classes again, with no pupil at 4 or 5: its knowledge quality falls.
async fn fall(t: &integration_tests::TestDb) {
    let header = "school_code,academic_year,grade,class_letter,period,n_all_5,n_4_5,n_with_3,n_with_2,n_na,n_exempt,n_enrolled";
    let mut lines = vec![header.to_owned()];
    for grade in [5, 9, 11] {
        for letter in ["А", "Б"] {
            let line = outcome_line(0, 2021, grade, letter);
            let mut c: Vec<String> = line.split(',').map(str::to_owned).collect();
            // Pupils with all 5s or 4s and 5s move to "with a 3".
            let moved: i32 = c[5].parse::<i32>().unwrap() + c[6].parse::<i32>().unwrap();
            c[7] = (c[7].parse::<i32>().unwrap() + moved).to_string();
            c[5] = "0".into();
            c[6] = "0".into();
            lines.push(c.join(","));
        }
    }
    import(t, ImportKind::ClassOutcomes, lines.join("\n")).await;
}

fn of<'a>(answer: &'a Value, school: &str, code: &str, kind: &str) -> Option<&'a Value> {
    answer["alerts"]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["school"]["code"] == school && a["code"] == code && a["kind"] == kind)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_made_to_fall_is_listed_with_its_trend_as_evidence() {
    // Arrange
    let t = fixture().await;
    fall(&t).await;
    full(&t).await;
    let uzgen = district_id(&t, "KG-O-UZG").await;
    let school = school_id(&t, SCHOOLS[0].0).await;
    let schema = schema(&t, |_| {});

    // Act
    let answer = run(&schema, QUERY, json!({ "d": uzgen.to_string() })).await;
    let trend = run(
        &schema,
        r#"query($s: ID!) { school(id: $s) { trends(codes: ["knowledge_quality_pct"]) { trends {
            firstYear firstValue lastYear lastValue delta slope direction } } } }"#,
        json!({ "s": school.to_string() }),
    )
    .await;

    // Assert: the headline indicators, and the fall with the trend's own figures.
    let codes: Vec<&str> = answer["alerts"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        domain::trend::alerts::HEADLINE.to_vec(),
        "the default indicators"
    );
    assert_eq!(answer["alerts"]["provisional"], false);
    let t0 = &trend["school"]["trends"]["trends"][0];
    assert_eq!(t0["direction"], "DOWN", "{t0}");
    assert_eq!(t0["lastYear"], 2021);
    let a = of(&answer, SCHOOLS[0].0, "knowledge_quality_pct", "FALLING")
        .unwrap_or_else(|| panic!("KG-O-UZG-101 falls: {answer}"));
    assert_eq!(a["year"], 2021);
    assert_eq!(a["value"], t0["lastValue"]);
    assert_eq!(a["reference"], t0["firstValue"]);
    assert_eq!(a["referenceYear"], t0["firstYear"]);
    let (value, reference, difference) = (
        a["value"].as_f64().unwrap(),
        a["reference"].as_f64().unwrap(),
        a["difference"].as_f64().unwrap(),
    );
    assert!((difference - (value - reference)).abs() < 1e-9, "{a}");
    assert!(
        (difference - t0["delta"].as_f64().unwrap()).abs() < 1e-9,
        "{a}"
    );
    assert!(difference <= -5.0, "{a}");
    assert_eq!(a["threshold"], 5.0);
    assert!((a["severity"].as_f64().unwrap() - difference.abs() / 5.0).abs() < 1e-9);
    assert_eq!(a["direction"], "DOWN");
    assert_eq!(a["slope"], t0["slope"]);
    // Sorted by severity, then school id.
    let order: Vec<(f64, i64)> = answer["alerts"]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                -a["severity"].as_f64().unwrap(),
                a["school"]["id"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "most severe first: {order:?}"
    );
    // Every alert reaches its threshold the worse way (all headline indicators: higher is better).
    for a in answer["alerts"]["alerts"].as_array().unwrap() {
        assert!(
            a["difference"].as_f64().unwrap() <= -a["threshold"].as_f64().unwrap(),
            "{a}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_at_its_districts_figure_is_not_below_it() {
    // Arrange: KG-C-ALM-201 is its district's only school with raw counts, so it is the
    // district's figure.
    let t = fixture().await;
    full(&t).await;
    let alamedin = district_id(&t, "KG-C-ALM").await;
    let schema = schema(&t, |_| {});

    // Act
    let answer = run(&schema, QUERY, json!({ "d": alamedin.to_string() })).await;
    let table = run(
        &schema,
        r#"query($d: ID!) { districtComparison(districtId: $d, year: 2021, codes: ["knowledge_quality_pct"]) {
            schools { school { code } cells { value gapToDistrict } } } }"#,
        json!({ "d": alamedin.to_string() }),
    )
    .await;

    // Assert
    let row = table["districtComparison"]["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["school"]["code"] == SCHOOLS[2].0)
        .unwrap();
    assert_eq!(row["cells"][0]["gapToDistrict"], 0.0, "{row}");
    assert!(
        of(
            &answer,
            SCHOOLS[2].0,
            "knowledge_quality_pct",
            "BELOW_DISTRICT"
        )
        .is_none(),
        "{answer}"
    );
    assert!(
        answer["alerts"]["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] != "BELOW_DISTRICT"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_thresholds_decide_and_an_unknown_code_is_refused() {
    // Arrange
    let t = fixture().await;
    fall(&t).await;
    full(&t).await;
    let uzgen = district_id(&t, "KG-O-UZG").await;
    let vars = json!({ "d": uzgen.to_string(), "codes": ["knowledge_quality_pct"] });
    let strict = schema(&t, |c| {
        c.alerts.codes.insert(
            "knowledge_quality_pct".into(),
            domain::config::AlertSettings {
                fall: Some(1000.0),
                gap: None,
            },
        );
    });
    let default = schema(&t, |_| {});

    // Act
    let before = run(&default, QUERY, vars.clone()).await;
    let after = run(&strict, QUERY, vars.clone()).await;
    let errors = fail(
        &default,
        QUERY,
        json!({ "d": uzgen.to_string(), "codes": ["no_such_indicator"] }),
    )
    .await;

    // Assert
    assert!(of(&before, SCHOOLS[0].0, "knowledge_quality_pct", "FALLING").is_some());
    assert!(
        of(&after, SCHOOLS[0].0, "knowledge_quality_pct", "FALLING").is_none(),
        "{after}"
    );
    assert_eq!(
        errors[0]["extensions"]["code"], "BAD_USER_INPUT",
        "{errors:?}"
    );
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("no_such_indicator"),
        "{errors:?}"
    );
    // A threshold of 0 or a code not in the catalog is refused at start.
    let mut bad = t.config.clone();
    bad.alerts.percent = 0.0;
    assert!(bad.validate().is_err());
    let mut bad = t.config.clone();
    bad.alerts
        .codes
        .insert("nope".into(), domain::config::AlertSettings::default());
    assert!(bad.validate().unwrap_err().to_string().contains("nope"));
}
