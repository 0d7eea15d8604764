//! Reports (issue #18): the school annual quality report and the accreditation annex for the
//! seed-003 school, as PDF (text read back with `pdftotext`) and XLSX, in Kyrgyz and Russian;
//! access over HTTP as in the API (scopes, person-level rows) and every download audited.

use domain::auth::{Caller, NewToken, Role};
use domain::trend::snapshot::Snapshot;
use integration_tests::fixture::{self, NewSchool};
use integration_tests::{TestApp, TestDb};
use report::{Format, Kind, Lang, Subject};

const SCHOOL: &str = demo::FIXTURE_SCHOOL_CODE;
const YEAR: i32 = 2021;

/// The demo school with a published generation.
pub(crate) async fn demo_db() -> TestDb {
    let t = TestDb::new().await;
    demo::load(&t.db, t.config.ort.main_max).await.unwrap();
    fixture::full(&t).await;
    t
}

/// The text of a PDF, as `pdftotext -layout` reads it (poppler-utils).
pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn render(t: &TestDb, kind: Kind, format: Format, lang: Lang) -> Vec<u8> {
    let subject = Subject::resolve(&t.db, &Caller::operator(), SCHOOL)
        .await
        .unwrap();
    let snapshot = Snapshot::load(&t.db).await.unwrap();
    report::render(&t.db, &snapshot, &subject, kind, YEAR, format, lang)
        .await
        .unwrap()
        .bytes
}

fn assert_holds(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "`{w}` is missing from:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn school_report_pdf_holds_the_seed_figures_and_kyrgyz_labels() {
    // Arrange
    let t = demo_db().await;

    // Act
    let ky = pdf_text(&render(&t, Kind::School, Format::Pdf, Lang::Ky).await);
    let ru = pdf_text(&render(&t, Kind::School, Format::Pdf, Lang::Ru).await);

    // Assert: knowledge quality 2017-18 … 2021-22 (seed 003 §C: 34, 42, 40, 39, 35), the
    // generated reading (flat, 34 → 35 %, mean 38 %), the REPORTED flag, passport figures
    // and the ky labels with ң ө ү.
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (ky_flat, ru_flat) = (flat(&ky), flat(&ru));
    assert_holds(
        &ky_flat,
        &[
            "Мектептин билим берүү сапаты боюнча жылдык отчету",
            "34,0 R",
            "42,0 R",
            "40,0 R",
            "39,0 R",
            "35,0 R",
            "Билим сапаты: туруктуу: 34,0% → 35,0%, орточо 38,0%",
            "REPORTED",
            "Көрсөткүч",
            "деңгээл",
            "Өзгөн",
            "572",
            "CC180015672",
            "15.10.2023",
        ],
    );
    assert_holds(
        &ru_flat,
        &[
            "Годовой отчёт о качестве образования школы",
            "Качество знаний: стабильно: 34,0% → 35,0%, среднее 38,0%",
            "Показатель",
            "Узгенский",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accreditation_annex_reproduces_the_seed_tables() {
    // Arrange
    let t = demo_db().await;

    // Act
    let ky = pdf_text(&render(&t, Kind::Accreditation, Format::Pdf, Lang::Ky).await);
    let text = ky.split_whitespace().collect::<Vec<_>>().join(" ");

    // Assert: criterion 2.7 olympiads (zonal 3, 2, 2, 3, 4 = 14; district 1, –, –, 1, 1),
    // ORT top scores (pseudonymous), knowledge quality; 3.1/3.3 staff (33, 25 with higher
    // education, 4 awarded) and programmes (5, 4, 4, 10, 12); 4.1 rooms (19 classrooms, a
    // 270,25 m² hall, 17 computers); strengths and weaknesses of standard 4.
    assert_holds(
        &text,
        &[
            "2017-2018 3 1 0",
            "2018-2019 2 0 0",
            "2019-2020 2 0 –",
            "2020-2021 3 1 1",
            "2021-2022 4 1 0",
            "Бардыгы 14 3 1",
            "S1 145",
            "S3 138",
            "S5 122",
            "Педагогдор бардыгы 33",
            "Жогорку билимдүү 25",
            "Сынчыл ойлом",
            "Окуу керемет",
            "Окуу бөлмөлөрү 19",
            "270,25",
            "4800,00",
            "Компьютерлер 17",
            "Мектеп ашканасынын",
            "275 орундуу имаратта 572 окуучу",
            "Күчтүү жактары",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xlsx_has_a_filterable_sheet_per_table_with_numbers() {
    use calamine::{Data, Reader, Xlsx};
    // Arrange
    let t = demo_db().await;

    // Act
    let bytes = render(&t, Kind::School, Format::Xlsx, Lang::Ky).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();

    // Assert: the cover, then one sheet per table; knowledge quality is stored as numbers
    // under the table's header row (row 4), and the sheet holds an Excel table.
    let names = book.sheet_names();
    assert_eq!(names[0], "Отчет");
    assert!(names.contains(&"learning".to_owned()), "{names:?}");
    let range = book.worksheet_range("learning").unwrap();
    let header: Vec<String> = range
        .rows()
        .nth(3)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[0], "Көрсөткүч");
    let row = range.rows().nth(4).unwrap();
    let values: Vec<f64> = row[1..6]
        .iter()
        .map(|c| match c {
            Data::Float(f) => *f,
            other => panic!("not a number: {other:?}"),
        })
        .collect();
    assert_eq!(values, vec![34.0, 42.0, 40.0, 39.0, 35.0]);
    book.load_tables().unwrap();
    assert!(!book.table_names_in_sheet("learning").is_empty());
}

pub(crate) async fn token(t: &TestDb, role: Role, scope: &str) -> String {
    domain::auth::create_token(
        &t.db,
        NewToken {
            name: "report reader".into(),
            role,
            scope_code: Some(scope.into()),
            expires_at: None,
        },
    )
    .await
    .unwrap()
    .1
}

pub(crate) async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
    let mut req = app.http.get(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = req.send().await;
    let status = res.0.status().as_u16();
    let ct = res
        .0
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, res.0.into_body().into_vec().await.unwrap())
}

pub(crate) fn code_of(body: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    v["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_follow_the_api_scopes_and_are_audited() {
    // Arrange: the demo school's district, another district, the school itself, and a
    // neighbour school of the same district.
    let t = demo_db().await;
    fixture::add_school(
        &t,
        NewSchool {
            district: "KG-O-UZG",
            code: "KG-O-UZG-900",
            name_ky: "Коңшу мектеп",
            name_ru: "Соседняя школа",
            ownership: "state",
            school_type: "general",
            languages: &["ky"],
        },
    )
    .await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let other_district = token(&t, Role::District, "KG-C-ALM").await;
    let own = token(&t, Role::School, SCHOOL).await;
    let neighbour = token(&t, Role::School, "KG-O-UZG-900").await;
    let school_pdf = format!("/reports/school/{SCHOOL}/{YEAR}.pdf?lang=ky");
    let annex_pdf = format!("/reports/accreditation/{SCHOOL}/{YEAR}.pdf?lang=ru");
    let before = t.count("audit_log").await;

    // Act + Assert: refusals first; none is audited.
    let (status, _, body) = get(&app, &school_pdf, Some(&other_district)).await;
    assert_eq!((status, code_of(&body).as_str()), (403, "FORBIDDEN"));
    let (status, _, body) = get(&app, &school_pdf, Some(&neighbour)).await;
    assert_eq!((status, code_of(&body).as_str()), (403, "FORBIDDEN"));
    let (status, _, body) = get(&app, &school_pdf, None).await;
    assert_eq!((status, code_of(&body).as_str()), (401, "UNAUTHENTICATED"));
    let (status, _, body) = get(
        &app,
        &format!("/reports/school/{SCHOOL}/1990.pdf"),
        Some(&district),
    )
    .await;
    assert_eq!((status, code_of(&body).as_str()), (400, "BAD_USER_INPUT"));
    let (status, _, body) = get(
        &app,
        &format!("/reports/school/{SCHOOL}/{YEAR}.docx"),
        Some(&district),
    )
    .await;
    assert_eq!((status, code_of(&body).as_str()), (400, "BAD_USER_INPUT"));
    let (status, _, body) = get(
        &app,
        &format!("/reports/school/KG-O-UZG-999/{YEAR}.pdf"),
        Some(&district),
    )
    .await;
    assert_eq!((status, code_of(&body).as_str()), (404, "NOT_FOUND"));
    assert_eq!(
        t.count("audit_log").await,
        before,
        "refusals are not downloads"
    );

    // The district gets the report and the annex without the pupils' scores; the school
    // itself gets them with its (pseudonymous) top scorers.
    let (status, ct, body) = get(&app, &school_pdf, Some(&district)).await;
    assert_eq!((status, ct.as_str()), (200, "application/pdf"));
    assert!(pdf_text(&body).contains("34,0"));
    let (status, _, body) = get(&app, &annex_pdf, Some(&district)).await;
    assert_eq!(status, 200);
    let text = pdf_text(&body);
    assert!(!text.contains("S1 ") && !text.contains("145"), "{text}");
    assert!(text.contains("только самой школе"), "{text}");
    let (status, _, body) = get(&app, &annex_pdf, Some(&own)).await;
    assert_eq!(status, 200);
    assert!(pdf_text(&body).contains("145"));
    let (status, ct, _) = get(
        &app,
        &format!("/reports/school/{SCHOOL}/{YEAR}.xlsx?lang=ru"),
        Some(&own),
    )
    .await;
    assert_eq!(status, 200);
    assert!(ct.contains("spreadsheetml"), "{ct}");

    // Every download is one audit entry naming the school, year, format and language.
    let entries = domain::audit::list(
        &t.db,
        &Caller::operator(),
        &domain::audit::Filter {
            entity: Some("report_school".into()),
            ..Default::default()
        },
        domain::query::newest::IdWindow::newest(50),
    )
    .await
    .unwrap()
    .items;
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e.operation == "download"));
    assert_eq!(entries[0].role, "school");
    assert!(
        entries[0].natural_key.contains("\"format\":\"xlsx\""),
        "{}",
        entries[0].natural_key
    );
    assert!(entries[1].natural_key.contains("\"academic_year\":2021"));
    assert_eq!(t.count("audit_log").await, before + 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_links_the_reports_of_a_school() {
    // Arrange
    let t = demo_db().await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let q = format!(
        r#"{{ schools(first: 1) {{ edges {{ node {{ code reports(year: {YEAR}) {{ kind format lang url }} }} }} }} }}"#
    );

    // Act
    let (_, body) = app
        .post_with(&q, serde_json::json!({}), None, Some(&district))
        .await;
    let (_, anon) = app.post(&q, serde_json::json!({}), None).await;

    // Assert: eight links (two reports × two formats × two languages); the URL is the one
    // the download route serves. Anonymous callers are refused like other sections.
    let links = body["data"]["schools"]["edges"][0]["node"]["reports"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    assert_eq!(links.len(), 8);
    assert!(
        links
            .iter()
            .any(|l| l["url"] == format!("/reports/school/{SCHOOL}/{YEAR}.pdf?lang=ky").as_str())
    );
    assert_eq!(
        anon["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{anon}"
    );
}
