//! The district comparison report (issue #18) against the GraphQL league table it must
//! agree with, in ky and ru, as PDF (pdftotext) and XLSX (calamine); who may download it;
//! the school report's subject and H1 → H2 tables and who sees teachers there; every school's
//! report of a district in one command; the /reports path and query checks.

use super::reports::{code_of, demo_db, get, pdf_text, token};
use domain::auth::{Caller, Role};
use domain::import::ImportKind;
use integration_tests::fixture;
use integration_tests::{TestApp, TestDb};
use report::{Format, Lang};
use serde_json::Value;

const DISTRICT: &str = "KG-O-UZG";
const YEAR: i32 = 2021;

/// Özgön with "Бахмал" №45 and two schools with raw counts (marks of mathematics and
/// Kyrgyz language, half-year admin control), published.
async fn district_db() -> TestDb {
    let t = fixture::fixture().await;
    fixture::full(&t).await;
    t
}

/// Whitespace collapsed, as pdftotext's layout spreads a row over spaces.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn message_of(body: &[u8]) -> String {
    let v: Value = serde_json::from_slice(body).unwrap();
    v["errors"][0]["message"].as_str().unwrap().to_owned()
}

/// The league table of knowledge quality as the API gives it.
async fn league(app: &TestApp, token: &str, lang: &str) -> Value {
    let q = format!(
        r#"{{ districtComparison(districtId: "{DISTRICT}", year: {YEAR}, codes: ["knowledge_quality_pct"]) {{
            schools {{ school {{ code name(lang: {}) }} cells {{ value rankDistrict countDistrict gapToDistrict }} }}
            aggregates {{ level cells {{ value coverage {{ schools expected }} }} }} }} }}"#,
        lang.to_uppercase()
    );
    let (_, body) = app
        .post_with(&q, serde_json::json!({}), None, Some(token))
        .await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["districtComparison"].clone()
}

fn one_decimal(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn district_report_holds_the_league_table_the_api_gives() {
    // Arrange
    let t = district_db().await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, DISTRICT).await;
    let path = |lang: &str, ext: &str| {
        format!(
            "/reports/district/{DISTRICT}/{YEAR}.{ext}?lang={lang}&indicators=knowledge_quality_pct,success_marks_pct"
        )
    };

    for (lang, title, figures) in [
        (
            "ky",
            "Райондун мектептерин салыштыруу отчету",
            "Райондун, облустун жана өлкөнүн көрсөткүчтөрү",
        ),
        (
            "ru",
            "Отчёт о сравнении школ района",
            "Показатели района, области и страны",
        ),
    ] {
        // Act
        let (status, ct, body) = get(&app, &path(lang, "pdf"), Some(&district)).await;
        let cmp = league(&app, &district, lang).await;

        // Assert: each school of the API's league table is a row of the PDF's with its rank,
        // name and value in the API's order; the district's figure and coverage; the method
        // stated; the subject tables; the alerts heading.
        assert_eq!((status, ct.as_str()), (200, "application/pdf"));
        // pdftotext drops the spaces around a cell's slash ("1 / 3" reads "1/3").
        let text = flat(&pdf_text(&body)).replace(" / ", "/");
        assert!(text.contains(title), "{text}");
        assert!(text.contains(figures), "{text}");
        let schools = cmp["schools"].as_array().unwrap();
        assert!(schools.len() >= 2, "{cmp}");
        let mut last = 0;
        for s in schools {
            let c = &s["cells"][0];
            let name = flat(s["school"]["name"].as_str().unwrap());
            let Some(value) = c["value"].as_f64() else {
                continue;
            };
            let row = format!(
                "{}/{} {name} {}",
                c["rankDistrict"],
                c["countDistrict"],
                one_decimal(value)
            );
            let at = text[last..]
                .find(&row)
                .unwrap_or_else(|| panic!("`{row}` is missing (or out of order) in:\n{text}"));
            last += at;
            if let Some(gap) = c["gapToDistrict"].as_f64() {
                assert!(text.contains(&one_decimal(gap)), "gap {gap} in {text}");
            }
        }
        let agg = &cmp["aggregates"][0]["cells"][0];
        let district_value = one_decimal(agg["value"].as_f64().unwrap());
        assert!(text.contains(&district_value), "{district_value}: {text}");
        let cov = &agg["coverage"];
        assert!(
            text.contains(&format!("{}/{}", cov["schools"], cov["expected"])),
            "coverage {cov}: {text}"
        );
        let (per_pupil, per_mark) = if lang == "ky" {
            ("окуучуларга карата", "баалар боюнча")
        } else {
            ("по учащимся", "по отметкам")
        };
        assert!(
            text.contains(per_pupil) && text.contains(per_mark),
            "{text}"
        );
        let kyrgyz = if lang == "ky" {
            "Кыргыз тили"
        } else {
            "Кыргызский язык"
        };
        assert!(
            text.contains("Математика") && text.contains(kyrgyz),
            "the subject tables: {text}"
        );
        assert!(
            text.contains(if lang == "ky" {
                "Эскертүү"
            } else {
                "Сигнал"
            }),
            "{text}"
        );
    }

    // The XLSX holds the same figures as numbers, one filterable sheet per table.
    use calamine::{Data, Reader, Xlsx};
    let (status, ct, body) = get(&app, &path("ru", "xlsx"), Some(&district)).await;
    assert_eq!(status, 200);
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let cmp = league(&app, &district, "ru").await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(body)).unwrap();
    let names = book.sheet_names();
    for sheet in ["figures", "knowledge_quality_pct", "subjects"] {
        assert!(names.contains(&sheet.to_owned()), "{names:?}");
    }
    let range = book.worksheet_range("knowledge_quality_pct").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().skip(4).map(<[Data]>::to_vec).collect();
    for (s, row) in cmp["schools"].as_array().unwrap().iter().zip(&rows) {
        let c = &s["cells"][0];
        assert_eq!(row[1].to_string(), s["school"]["name"].as_str().unwrap());
        match (c["value"].as_f64(), &row[2]) {
            (Some(v), Data::Float(f)) => assert!((v - f).abs() < 1e-9, "{v} vs {f}"),
            (None, Data::Empty) => {}
            other => panic!("{other:?}"),
        }
    }
    book.load_tables().unwrap();
    assert!(
        !book
            .table_names_in_sheet("knowledge_quality_pct")
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn district_report_downloads_follow_the_district_scope() {
    // Arrange
    let t = district_db().await;
    let app = TestApp::new(&t);
    let own = token(&t, Role::District, DISTRICT).await;
    let other = token(&t, Role::District, "KG-C-ALM").await;
    let school = token(&t, Role::School, demo::FIXTURE_SCHOOL_CODE).await;
    let region = token(&t, Role::Region, "KG-O").await;
    let admin = t.admin_token().await;
    let pdf = format!("/reports/district/{DISTRICT}/{YEAR}.pdf?lang=ru");
    let before = t.count("audit_log").await;

    // Act + Assert: refusals, none audited.
    let (status, _, body) = get(&app, &pdf, None).await;
    assert_eq!((status, code_of(&body).as_str()), (401, "UNAUTHENTICATED"));
    assert!(
        message_of(&body).contains("только с токеном"),
        "{}",
        message_of(&body)
    );
    for refused in [&other, &school] {
        let (status, _, body) = get(&app, &pdf, Some(refused)).await;
        assert_eq!((status, code_of(&body).as_str()), (403, "FORBIDDEN"));
        assert!(
            message_of(&body).contains("вне области"),
            "{}",
            message_of(&body)
        );
    }
    let (status, _, body) = get(
        &app,
        &format!("/reports/district/KG-O-XXX/{YEAR}.pdf"),
        Some(&admin),
    )
    .await;
    assert_eq!((status, code_of(&body).as_str()), (404, "NOT_FOUND"));
    assert_eq!(t.count("audit_log").await, before);

    // The district itself, its region and an admin get it; each download is audited.
    for ok in [&own, &region, &admin] {
        let (status, _, _) = get(&app, &pdf, Some(ok)).await;
        assert_eq!(status, 200);
    }
    let entries = domain::audit::list(
        &t.db,
        &Caller::operator(),
        &domain::audit::Filter {
            entity: Some("report_district".into()),
            ..Default::default()
        },
        domain::query::newest::IdWindow::newest(10),
    )
    .await
    .unwrap()
    .items;
    assert_eq!(entries.len(), 3);
    assert!(
        entries[0]
            .natural_key
            .contains("\"indicators\":[\"knowledge_quality_pct\""),
        "{}",
        entries[0].natural_key
    );

    // GraphQL links the district's report files for those who may download them.
    let q = format!(
        r#"{{ schoolByCode(code: "KG-O-UZG-101") {{ district {{ reports(year: {YEAR}) {{ kind format lang url }} }} }} }}"#
    );
    let (_, body) = app
        .post_with(&q, serde_json::json!({}), None, Some(&own))
        .await;
    let links = body["data"]["schoolByCode"]["district"]["reports"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    assert_eq!(links.len(), 4, "{body}");
    assert!(links.iter().any(|l| l["url"] == pdf.as_str()), "{body}");
    let (_, body) = app
        .post_with(&q, serde_json::json!({}), None, Some(&school))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_paths_and_queries_are_read_strictly_in_the_callers_language() {
    // Arrange
    let t = demo_db().await;
    let app = TestApp::new(&t);
    let own = token(&t, Role::District, DISTRICT).await;
    let school = |file: &str| format!("/reports/school/{}/{file}", demo::FIXTURE_SCHOOL_CODE);

    // Act + Assert: each refusal is a coded JSON error, its message in the language of
    // `lang` (ky or ru), else Accept-Language, else English.
    let cases: Vec<(String, &str)> = vec![
        (school("2021.pdf?lang=ky&lang=ru"), "эки жолу"),
        (school("2021.pdf.pdf?lang=ky"), "файлдын аты"),
        (school("+2021.pdf?lang=ky"), "төрт сан"),
        (school("02021.pdf?lang=ky"), "төрт сан"),
        (school("2147483647.pdf?lang=ky"), "төрт сан"),
        (school("-2147483648.pdf?lang=ky"), "төрт сан"),
        (school("1990.pdf?lang=ky"), "жарыяланган маалымат жок"),
        (school("2021.pdf?lang=uz"), "lang `uz`: use ky or ru"),
        (school("2021.pdf?lang=ru&x=1"), "параметра «x» нет"),
        (
            school("2021.pdf?lang=ru&indicators=ort_mean"),
            "только для отчёта района",
        ),
        (
            format!("/reports/district/{DISTRICT}/2021.pdf?lang=ru&indicators=nope"),
            "показателя «nope» нет",
        ),
        (
            format!("/reports/district/{DISTRICT}/2021.pdf?lang=ru&indicators=ort_mean,ort_mean"),
            "назван дважды",
        ),
        (
            format!("/reports/weekly/{DISTRICT}/2021.pdf?lang=ru"),
            "отчёта «weekly» нет",
        ),
    ];
    for (path, wanted) in &cases {
        let (status, ct, body) = get(&app, path, Some(&own)).await;
        assert_eq!(status, 400, "{path}: {}", String::from_utf8_lossy(&body));
        assert!(ct.starts_with("application/json"), "{path}: {ct}");
        assert_eq!(code_of(&body), "BAD_USER_INPUT", "{path}");
        let message = message_of(&body);
        assert!(message.contains(wanted), "{path}: {message}");
    }
    // Without `lang`: Accept-Language, else English.
    let res = app
        .http
        .get(school("+2021.pdf"))
        .header("authorization", format!("Bearer {own}"))
        .header("accept-language", "ru-RU,ru;q=0.9")
        .send()
        .await;
    let body = res.0.into_body().into_vec().await.unwrap();
    assert!(
        message_of(&body).contains("четырьмя цифрами"),
        "{}",
        message_of(&body)
    );
    let (_, _, body) = get(&app, &school("+2021.pdf"), Some(&own)).await;
    assert!(
        message_of(&body).contains("four digits"),
        "{}",
        message_of(&body)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn school_report_has_subject_and_half_year_tables_with_teachers_for_the_school_only() {
    // Arrange: school 101 of the fixture, with a teacher named on one class × subject of
    // its admin control.
    let t = fixture::fixture().await;
    fixture::import(
        &t,
        ImportKind::Teachers,
        "school_code,teacher_ref\nKG-O-UZG-101,T-77".into(),
    )
    .await;
    fixture::import(
        &t,
        ImportKind::AdminControl,
        "school_code,academic_year,grade,class_letter,subject,teacher_ref,association_ky,association_ru,recommendations\n\
         KG-O-UZG-101,2021-2022,5,А,mathematics,T-77,,,"
            .into(),
    )
    .await;
    fixture::full(&t).await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, DISTRICT).await;
    let own = token(&t, Role::School, "KG-O-UZG-101").await;
    let path = format!("/reports/school/KG-O-UZG-101/{YEAR}.pdf?lang=ky");

    // Act
    let (_, _, for_district) = get(&app, &path, Some(&district)).await;
    let (_, _, for_school) = get(&app, &path, Some(&own)).await;
    let (d, s) = (flat(&pdf_text(&for_district)), flat(&pdf_text(&for_school)));

    // Assert: the subject tables (both subjects, five years and the district's figure) and
    // the H1 → H2 table are there for both; the teacher only in the school's own copy.
    for text in [&d, &s] {
        assert!(text.contains("Предметтер боюнча: билим сапаты"), "{text}");
        assert!(
            text.contains("Математика") && text.contains("Кыргыз тили"),
            "{text}"
        );
        assert!(
            text.contains("Администрациялык текшерүү: I жарым жылдык → II жарым жылдык"),
            "{text}"
        );
        assert!(text.contains("5А"), "the class × subject rows: {text}");
    }
    assert!(!d.contains("T-77"), "a teacher in the district's copy: {d}");
    assert!(d.contains("мектептин өзүнө жана министрликке гана"), "{d}");
    assert!(
        s.contains("T-77"),
        "the teacher is missing from the school's copy: {s}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_school_report_of_a_district_in_one_command() {
    // Arrange
    let t = district_db().await;
    let dir = tempfile::tempdir().unwrap();
    let args = api::cli::ReportArgs {
        kind: report::Kind::School,
        school: None,
        district: Some(DISTRICT.into()),
        year: YEAR,
        format: Format::Xlsx,
        lang: Lang::Ru,
        indicators: None,
        out: None,
        out_dir: Some(dir.path().join("out")),
        force: false,
    };
    let again = api::cli::ReportArgs {
        kind: report::Kind::School,
        school: None,
        district: Some(DISTRICT.into()),
        year: YEAR,
        format: Format::Xlsx,
        lang: Lang::Ru,
        indicators: None,
        out: None,
        out_dir: Some(dir.path().join("out")),
        force: false,
    };
    let snapshot = domain::trend::snapshot::Snapshot::load(&t.db)
        .await
        .unwrap();
    let district = snapshot
        .districts()
        .find(|d| d.code == DISTRICT)
        .unwrap()
        .id;
    let schools = snapshot.schools_of(district).len();
    let before = t.count("audit_log").await;

    // Act
    api::report_cli::run(&t.db, &t.config, args).await.unwrap();

    // Assert: one file per school, named by the school's code, each audited.
    let files: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), schools, "{files:?}");
    assert!(schools >= 2);
    assert!(
        files
            .iter()
            .any(|f| f.contains(demo::FIXTURE_SCHOOL_CODE) && f.ends_with(".xlsx")),
        "{files:?}"
    );
    assert_eq!(t.count("audit_log").await, before + schools as i64);

    // Run again without --force: every file is kept and the run says so (a usage error).
    let err = api::report_cli::run(&t.db, &t.config, again)
        .await
        .unwrap_err();
    assert!(err.is::<api::output::Usage>(), "{err:#}");
    assert!(err.to_string().contains("were already in"), "{err:#}");
}
