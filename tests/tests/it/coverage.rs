//! Coverage and provisional years (issue #16), on both databases: one school's first rows of
//! a new academic year are published as a provisional year with their coverage, and move
//! neither the trend window, nor any trend, rank or comparison.

use domain::import::ImportKind;
use domain::trend::runs::Trigger;
use domain::trend::store::{self, ValueRow, YearRow};
use integration_tests::fixture::{SCHOOLS, district_id, fixture, full, import, mark_line};
use integration_tests::{run, schema_with_snapshots as schema};
use jobs::trends::{self, RunOptions};
use serde_json::json;

// The mark rows the scenario imports feed the per-mark figure (the per-pupil one reads class
// outcomes).
const QUALITY: &str = "knowledge_quality_marks_pct";

fn value<'a>(values: &'a [ValueRow], kind: &str, id: i32, year: i32) -> Option<&'a ValueRow> {
    values.iter().find(|v| {
        v.entity_kind == kind && v.entity_id == id && v.indicator == QUALITY && v.year == year
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_early_school_is_provisional_and_moves_neither_the_window_nor_the_trends() {
    // Arrange: five complete years published; then four rows of one school for 2022-2023.
    let t = fixture().await;
    let uzgen = district_id(&t, "KG-O-UZG").await;
    let before = full(&t).await;
    let before_id = before.generation_id.unwrap();
    let before_trends = store::read_trends(&t.db, before_id).await.unwrap();
    let before_comparisons = store::read_comparisons(&t.db, before_id).await.unwrap();
    let header = "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled";
    let mut rows = vec![header.to_owned()];
    for letter in ["А", "Б"] {
        for subject in ["mathematics", "kyrgyz_language"] {
            rows.push(mark_line(
                0,
                2022,
                9,
                letter,
                subject,
                "year",
                "period_marks",
            ));
        }
    }
    import(&t, ImportKind::MarkSummaries, rows.join("\n")).await;

    // Act: an incremental run (2022 is new) and a full one.
    let incremental = trends::run(&t.db, &t.config, RunOptions::incremental(Trigger::Manual))
        .await
        .expect("incremental run");
    let incremental_id = incremental.generation_id.unwrap();
    let incremental_values = store::read_values(&t.db, incremental_id).await.unwrap();
    let incremental_trends = store::read_trends(&t.db, incremental_id).await.unwrap();
    let incremental_comparisons = store::read_comparisons(&t.db, incremental_id)
        .await
        .unwrap();
    let report = full(&t).await;
    let generation = report.generation_id.unwrap();
    let values = store::read_values(&t.db, generation).await.unwrap();
    let trends = store::read_trends(&t.db, generation).await.unwrap();
    let comparisons = store::read_comparisons(&t.db, generation).await.unwrap();

    // Assert: the window stays 2017-2021; 2022 is published in addition, as provisional.
    assert_eq!(incremental.recomputed, [2022]);
    assert_eq!(report.years, (2017..=2022).collect::<Vec<_>>());
    assert_eq!(report.provisional, [2022]);
    assert_eq!(report.window, (2017, 2021));
    let published = store::published(&t.db).await.unwrap().unwrap();
    assert_eq!(
        (published.first_year, published.last_year),
        (Some(2017), Some(2021))
    );
    // 2022: one school with facts, against the four of 2021 (the three fixture schools and
    // the seed-003 school).
    let years = store::read_years(&t.db, generation).await.unwrap();
    assert_eq!(
        years.last(),
        Some(&YearRow {
            year: 2022,
            schools: 1,
            expected: Some(4),
            provisional: true
        })
    );
    assert!(years[..5].iter().all(|y| !y.provisional));
    assert_eq!(years[0].expected, None);

    // The district trend is where it was: same direction, points and first year; indeed
    // every trend and every comparison is unchanged.
    let district_trend = |trends: &[store::TrendRow]| {
        trends
            .iter()
            .find(|r| r.entity_kind == "district" && r.entity_id == uzgen && r.indicator == QUALITY)
            .expect("district trend")
            .trend
            .clone()
    };
    let trend = district_trend(&trends);
    assert_eq!(trend, district_trend(&before_trends));
    assert_eq!(
        (trend.window_first, trend.window_last, trend.n_points),
        (2017, 2021, 5)
    );
    assert_eq!(
        (trend.first_year, trend.last_year),
        (Some(2017), Some(2021))
    );
    assert_eq!(trends, before_trends);
    assert_eq!(comparisons, before_comparisons);
    assert!(comparisons.iter().all(|c| c.year != 2022));

    // The provisional value is there, with its coverage: 1 of the district's 2 schools with a
    // per-mark figure (the seed-003 school reports only the per-pupil one).
    let school = value(
        &values,
        "school",
        t.id_of("school", SCHOOLS[0].0).await,
        2022,
    )
    .expect("the school's 2022 value");
    assert!(school.value.is_some());
    assert_eq!((school.n_schools, school.n_schools_expected), (None, None));
    let district = value(&values, "district", uzgen, 2022).expect("district 2022");
    assert_eq!(district.value, school.value, "one school's figure");
    assert_eq!(
        (district.n_schools, district.n_schools_expected),
        (Some(1), Some(2))
    );
    let country = value(&values, "country", 0, 2022).unwrap();
    assert_eq!(
        (country.n_schools, country.n_schools_expected),
        (Some(1), Some(3))
    );
    // A complete year covers every school with a figure.
    let complete = value(&values, "district", uzgen, 2021).unwrap();
    assert_eq!(
        (complete.n_schools, complete.n_schools_expected),
        (Some(2), Some(2))
    );

    // An incremental run gives the tables of a full one.
    assert_eq!(incremental_values, values);
    assert_eq!(incremental_trends, trends);
    assert_eq!(incremental_comparisons, comparisons);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_shows_provisional_years_and_coverage() {
    // Arrange
    let t = fixture().await;
    let header = "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled";
    let line = mark_line(1, 2022, 9, "А", "mathematics", "year", "period_marks");
    import(&t, ImportKind::MarkSummaries, format!("{header}\n{line}")).await;
    full(&t).await;
    let (schema, _) = schema(&t);
    let query = r#"query($id: ID!) {
        district(id: $id) {
          indicators(codes: ["knowledge_quality_marks_pct", "olympiad_prizes_per_100_pupils"], fromYear: 2021) {
            freshness { firstYear lastYear provisionalYears years { year schools expected share provisional } }
            series { code points { year value denominator provisional coverage { schools expected share pupils } } } }
          trends(codes: ["knowledge_quality_marks_pct"]) { trends { windowFirst windowLast points } } }
        districtComparison(districtId: $id, year: 2022, codes: ["knowledge_quality_marks_pct"]) {
          provisional aggregates { level cells { value coverage { schools expected } } }
          schools { cells { rankDistrict } } }
      }"#;

    // Act
    let data = run(&schema, query, json!({ "id": "KG-O-UZG" })).await;

    // Assert
    let district = &data["district"];
    let freshness = &district["indicators"]["freshness"];
    assert_eq!(
        (&freshness["firstYear"], &freshness["lastYear"]),
        (&json!(2017), &json!(2021))
    );
    assert_eq!(freshness["provisionalYears"], json!([2022]));
    assert_eq!(
        freshness["years"][5],
        json!({ "year": 2022, "schools": 1, "expected": 4, "share": 0.25, "provisional": true })
    );
    let quality = &district["indicators"]["series"][0];
    assert_eq!(quality["code"], QUALITY);
    let points = quality["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["provisional"], false);
    assert_eq!(
        points[0]["coverage"],
        json!({ "schools": 2, "expected": 2, "share": 1.0, "pupils": null }),
        "marks are not pupils"
    );
    assert_eq!(points[1]["year"], 2022);
    assert_eq!(points[1]["provisional"], true);
    assert_eq!(points[1]["coverage"]["schools"], 1);
    assert_eq!(points[1]["coverage"]["expected"], 2);
    // Prizes per 100 pupils: the summed enrolment is the pupils covered.
    let prizes = &district["indicators"]["series"][1];
    let p = &prizes["points"][0];
    assert_eq!(p["coverage"]["pupils"], p["denominator"]);
    assert!(p["coverage"]["pupils"].as_f64().unwrap() > 0.0);
    assert_eq!(
        district["trends"]["trends"][0],
        json!({ "windowFirst": 2017, "windowLast": 2021, "points": 5 })
    );
    let comparison = &data["districtComparison"];
    assert_eq!(comparison["provisional"], true);
    assert_eq!(
        comparison["aggregates"][0]["cells"][0]["coverage"],
        json!({ "schools": 1, "expected": 2 })
    );
    assert!(
        comparison["schools"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["cells"][0]["rankDistrict"].is_null()),
        "no ranks in a provisional year"
    );
}
