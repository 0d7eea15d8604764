//! The public school page (issue #18, publication on the school's website): fetched
//! anonymously, it shows the figures the GraphQL API gives an anonymous caller (the school's
//! and the district's, withheld values as withheld), in Kyrgyz and Russian, with no script.

use integration_tests::fixture;
use integration_tests::{TestApp, TestDb};
use serde_json::{Value, json};

const SCHOOL: &str = demo::FIXTURE_SCHOOL_CODE;
const CODES: [&str; 5] = [
    "knowledge_quality_pct",
    "success_pct",
    "ort_participants",
    "ort_mean",
    "ort_pass_pct",
];

/// The fixture school and the synthetic schools of the `school` scale, published.
async fn published() -> TestDb {
    let t = TestDb::new().await;
    demo::load(&t.db, t.config.ort.main_max).await.unwrap();
    let options = demo::synthetic::Options {
        scale: demo::synthetic::Scale::School,
        ..Default::default()
    };
    demo::synthetic::generate(&t.db, &options, &|_| {})
        .await
        .unwrap();
    fixture::full(&t).await;
    t
}

/// A synthetic school with ORT takers, and its district's code.
async fn synthetic_school(t: &TestDb) -> (String, String) {
    use sea_orm::ConnectionTrait;
    let row = t
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            t.db.get_database_backend(),
            "SELECT s.code AS school, d.code AS district FROM school s JOIN district d ON d.id = s.district_id \
             WHERE s.code <> 'KG-O-UZG-045' AND EXISTS (SELECT 1 FROM ort_result r WHERE r.school_id = s.id) \
             ORDER BY s.code LIMIT 1",
        ))
        .await
        .unwrap()
        .expect("a synthetic school with ORT results");
    (
        row.try_get("", "school").unwrap(),
        row.try_get("", "district").unwrap(),
    )
}

async fn page(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = app.http.get(path).send().await;
    let status = res.0.status().as_u16();
    let csp = res
        .0
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, csp, res.0.into_body().into_string().await.unwrap())
}

/// The page's text of one cell: indicator, entity (`school`/`district`) and year.
fn cell(html: &str, code: &str, entity: &str, year: i32) -> Option<String> {
    let row_start = html.find(&format!(
        "data-indicator=\"{code}\" data-entity=\"{entity}\""
    ))?;
    let row = &html[row_start..];
    let row = &row[..row.find("</tr>")?];
    let at = row.find(&format!("data-year=\"{year}\">"))?;
    let rest = &row[at + format!("data-year=\"{year}\">").len()..];
    Some(rest[..rest.find("</td>")?].to_owned())
}

/// What the page prints for a GraphQL point: the value with the unit's decimals and a
/// decimal comma, `X` when withheld, `—` when missing (flag marks after a space).
fn printed(point: &Value, decimals: usize) -> String {
    match point["value"].as_f64() {
        Some(v) => format!("{v:.decimals$}").replace('.', ","),
        None if point["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "SUPPRESSED") =>
        {
            "X".into()
        }
        None => "—".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_page_shows_what_the_api_gives_an_anonymous_caller() {
    // Arrange
    let t = published().await;
    let app = TestApp::new(&t);
    let (code, district) = synthetic_school(&t).await;
    let query = "query($code: String!, $district: ID!, $codes: [String!]) { schoolByCode(code: $code) { indicators(codes: $codes, fromYear: 2017, toYear: 2021) { series { code indicator { unit } points { year value flags } } } } district(id: $district) { indicators(codes: $codes, fromYear: 2017, toYear: 2021) { series { code points { year value flags } } } } }";
    let (status, answer) = app
        .post(
            query,
            json!({ "code": code, "district": district, "codes": CODES }),
            None,
        )
        .await;
    assert_eq!(status, 200, "{answer}");

    // Act: anonymous, no token.
    let (status, csp, ky) = page(&app, &format!("/schools/{code}?year=2021")).await;
    let (_, _, ru) = page(&app, &format!("/schools/{code}?year=2021-2022&lang=ru")).await;
    let (_, _, fixture) = page(&app, &format!("/schools/{SCHOOL}?year=2021")).await;

    // Assert: every figure of the school's and the district's series as the API has it.
    assert_eq!(status, 200);
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    assert!(!ky.contains("<script"), "no JavaScript");
    let mut compared = 0;
    for (entity, root) in [("school", "schoolByCode"), ("district", "district")] {
        for series in answer["data"][root]["indicators"]["series"]
            .as_array()
            .unwrap()
        {
            let code = series["code"].as_str().unwrap();
            let decimals = match answer["data"]["schoolByCode"]["indicators"]["series"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["code"] == code)
                .map(|s| s["indicator"]["unit"].as_str().unwrap())
            {
                Some("COUNT") => 0,
                Some("MARK") => 2,
                _ => 1,
            };
            for point in series["points"].as_array().unwrap() {
                let year = point["year"].as_i64().unwrap() as i32;
                let Some(shown) = cell(&ky, code, entity, year) else {
                    // The page leaves the district out of counts only.
                    assert!(
                        entity == "district" && code == "ort_participants",
                        "{code} {entity} {year} is not on the page"
                    );
                    continue;
                };
                let want = printed(point, decimals);
                assert!(
                    shown == want || shown.starts_with(&format!("{want} ")),
                    "{code} {entity} {year}: page {shown}, API {want}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 15, "only {compared} figures compared: {answer}");
    // Seed 003's knowledge quality 2017-18 … 2021-22 (34, 42, 40, 39, 35), school-reported.
    for (year, v) in [(2017, "34,0 R"), (2021, "35,0 R")] {
        assert_eq!(
            cell(&fixture, "knowledge_quality_pct", "school", year).as_deref(),
            Some(v)
        );
    }
    // Kyrgyz and Russian, the passport, the accreditation status, method and coverage.
    for text in [
        "Билим сапаты жана жетишүү",
        "Мектептин паспорту",
        "Эсептөө ыкмасы жана камтуу",
        "Аккредитация",
        "<svg",
    ] {
        assert!(ky.contains(text), "ky page lacks {text}");
    }
    for text in [
        "Качество знаний и успеваемость",
        "Паспорт школы",
        "Методика и охват",
    ] {
        assert!(ru.contains(text), "ru page lacks {text}");
    }
    assert!(
        fixture.contains("data-accreditation="),
        "accreditation status"
    );
    // Every formula in the page's language: none falls back to the analysts' English.
    assert!(!ky.contains("lang=\"en\"") && !ru.contains("lang=\"en\""));
    assert!(ky.contains("гранттык босогосунан") && ru.contains("грантового порога"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_school_or_year_is_not_found_and_the_css_is_served() {
    // Arrange
    let t = published().await;
    let app = TestApp::new(&t);

    // Act
    let (unknown, _, _) = page(&app, "/schools/KG-O-UZG-999").await;
    let (no_year, _, _) = page(&app, &format!("/schools/{SCHOOL}?year=1990")).await;
    let (bad_year, _, _) = page(&app, &format!("/schools/{SCHOOL}?year=soon")).await;
    let (latest, _, html) = page(&app, &format!("/schools/{SCHOOL}")).await;
    let (css, _, style) = page(&app, "/public/school.css").await;

    // Assert
    assert_eq!(
        (unknown, no_year, bad_year, latest, css),
        (404, 404, 400, 200, 200)
    );
    assert!(html.contains("<h1>"));
    assert!(style.contains("@media print"));
    // Refusals speak the page's language (they were English), and a code in any case is found.
    let (_, _, ru) = page(&app, "/schools/KG-O-UZG-999?lang=ru").await;
    assert!(ru.contains("школы с кодом"), "{ru}");
    let (_, _, ky) = page(&app, &format!("/schools/{SCHOOL}?year=soon")).await;
    assert!(ky.contains("окуу жылы эмес"), "{ky}");
    let (_, _, ru) = page(&app, &format!("/schools/{SCHOOL}?year=1990&lang=ru")).await;
    assert!(ru.contains("опубликованных данных нет"), "{ru}");
    let (lower, _, _) = page(&app, &format!("/schools/{}", SCHOOL.to_lowercase())).await;
    assert_eq!(lower, 200);
}
