//! Exports (issue #18): every kind's rows written back in its template's layout re-import as
//! all unchanged, in CSV and XLSX with ky, ru and en headers; an edited cell is exactly one
//! update; Kyrgyz letters survive; and over HTTP the caller's scope and the kind's tier decide
//! what comes out, as in the API, with every export audited.

use super::reports::{code_of, get, token};
use domain::auth::{Caller, Role};
use domain::export::{self, Format, Request};
use domain::import::{Context, Format as InFormat, ImportKind, ImportReport};
use domain::messages::Lang;
use integration_tests::import::{fill, sample};
use integration_tests::{TestApp, TestDb};

const SCHOOL: &str = demo::FIXTURE_SCHOOL_CODE;
const CTX: Context = Context { ort_main_max: 245 };

/// The fixture school "Бахмал" №45 with one sample row of every kind besides its own rows,
/// and an olympiad-count note with ң, ө and ү.
async fn every_kind() -> TestDb {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    for kind in ImportKind::ALL {
        let (_, pairs) = sample(kind);
        import(&t, kind, fill(kind, pairs).into_bytes(), InFormat::Csv)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", kind.name()));
    }
    let note = "school_code=KG-O-UZG-045;academic_year=2022-2023;level=oblast;prize_count=2;note=Жеңүүчүлөр: үч окуучу, өз күчү менен";
    import(
        &t,
        ImportKind::OlympiadCounts,
        fill(ImportKind::OlympiadCounts, note).into_bytes(),
        InFormat::Csv,
    )
    .await
    .unwrap();
    t
}

async fn import(
    t: &TestDb,
    kind: ImportKind,
    bytes: Vec<u8>,
    format: InFormat,
) -> domain::Result<ImportReport> {
    domain::import::import(
        &t.db,
        &Caller::operator(),
        kind,
        std::io::Cursor::new(bytes),
        format,
        &CTX,
        &|_| {},
    )
    .await
}

/// The scope each kind is exported for: the fixture school, but the directory for its
/// district (the samples add a school there) and the national thresholds for everyone.
fn request(kind: ImportKind, lang: Lang) -> Request {
    let (school, district) = match kind {
        ImportKind::Schools => (None, Some("KG-O-UZG".to_owned())),
        ImportKind::OrtThresholds => (None, None),
        _ => (Some(SCHOOL.to_owned()), None),
    };
    Request {
        kind,
        school,
        district,
        year: None,
        lang,
    }
}

async fn export_as(t: &TestDb, caller: &Caller, req: &Request, format: Format) -> (Vec<u8>, u64) {
    let plan = export::plan(&t.db, caller, req).await.unwrap();
    let mut out = Vec::new();
    let rows = export::write(&t.db, &plan, format, &mut out).await.unwrap();
    (out, rows)
}

fn in_format(f: Format) -> InFormat {
    match f {
        Format::Csv => InFormat::Csv,
        Format::Xlsx => InFormat::Spreadsheet,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_exported_reimports_all_unchanged() {
    // Arrange
    let t = every_kind().await;
    for kind in ImportKind::ALL {
        for format in [Format::Csv, Format::Xlsx] {
            for lang in [Lang::Ky, Lang::Ru, Lang::En] {
                // Act
                let (bytes, rows) =
                    export_as(&t, &Caller::operator(), &request(kind, lang), format).await;
                let report = import(&t, kind, bytes, in_format(format))
                    .await
                    .unwrap_or_else(|e| {
                        panic!("{} {format:?} {lang:?} re-import: {e:?}", kind.name())
                    });

                // Assert: a kind without rows here would prove nothing (every kind has its
                // sample, so a kind added without an export fails).
                assert!(rows > 0, "{}: nothing exported", kind.name());
                assert_eq!(
                    (
                        report.rows,
                        report.inserted,
                        report.updated,
                        report.unchanged
                    ),
                    (rows, 0, 0, rows),
                    "{} {format:?} {lang:?}",
                    kind.name()
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_has_the_template_header_and_the_values_an_import_reads() {
    // Arrange
    let t = every_kind().await;

    // Act
    let (ky, _) = export_as(
        &t,
        &Caller::operator(),
        &request(ImportKind::MarkSummaries, Lang::Ky),
        Format::Csv,
    )
    .await;
    let (en, rows) = export_as(
        &t,
        &Caller::operator(),
        &request(ImportKind::MarkSummaries, Lang::En),
        Format::Csv,
    )
    .await;

    // Assert: the BOM and the template's own header line (English keys), Kyrgyz headers in
    // the ky file, year labels and period codes as the template asks for them.
    let template = domain::import::template::csv(ImportKind::MarkSummaries);
    let template = String::from_utf8(template).unwrap();
    let en = String::from_utf8(en).unwrap();
    assert!(en.starts_with('\u{feff}'));
    assert_eq!(en.lines().next().unwrap(), template.trim_end());
    assert_eq!(en.lines().count() as u64, rows + 1);
    let ky = String::from_utf8(ky).unwrap();
    let header = ky.lines().next().unwrap();
    assert!(
        header.starts_with(
            "\u{feff}мектептин коду,район,мектептин номери,мектептин аталышы,окуу жылы,класс,тамга"
        ),
        "{header}"
    );
    let sample = ky
        .lines()
        .find(|l| l.contains(",2021-2022,9,А,") && l.contains(",mathematics,year,"))
        .unwrap_or_else(|| panic!("the sample row is missing:\n{ky}"));
    assert!(sample.starts_with("KG-O-UZG-045,KG-O-UZG,45,"), "{sample}");
    assert!(
        sample.ends_with(",period_marks,,4,9,10,1,0,1,0,25"),
        "{sample}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_edited_cell_is_one_update_and_kyrgyz_letters_survive() {
    // Arrange
    let t = every_kind().await;
    let req = request(ImportKind::MarkSummaries, Lang::Ru);
    let (bytes, rows) = export_as(&t, &Caller::operator(), &req, Format::Csv).await;
    let text = String::from_utf8(bytes).unwrap();
    // The sample's 4 fives become 3 (the counts stay within the enrolment).
    let edited = text.replacen(
        ",period_marks,,4,9,10,1,0,1,0,25",
        ",period_marks,,3,9,10,1,0,1,0,25",
        1,
    );
    assert_ne!(edited, text);

    // Act
    let report = import(
        &t,
        ImportKind::MarkSummaries,
        edited.into_bytes(),
        InFormat::Csv,
    )
    .await
    .unwrap();

    // Assert
    assert_eq!(
        (report.inserted, report.updated, report.unchanged),
        (0, 1, rows - 1)
    );
    let fives: i64 = scalar(&t, "SELECT CAST(m.n5 AS BIGINT) AS v FROM mark_summary m JOIN class_group c ON c.id = m.class_group_id JOIN subject s ON s.id = m.subject_id JOIN period p ON p.id = m.period_id WHERE c.academic_year = 2021 AND c.grade = 9 AND c.letter = 'А' AND s.code = 'mathematics' AND p.kind = 'year' AND m.assessment_kind = 'period_marks'").await;
    assert_eq!(fives, 3);

    // ң ө ү in a note, a programme name and recommendations, in both formats.
    let wanted = [
        (
            ImportKind::OlympiadCounts,
            "Жеңүүчүлөр: үч окуучу, өз күчү менен",
        ),
        (ImportKind::Training, "Сынчыл ойлом"),
        (
            ImportKind::AdminControl,
            "Өздөштүрүлбөгөн темаларды кайталоо, үй тапшырмасын көбөйтүү",
        ),
    ];
    for (kind, text) in wanted {
        let (csv, _) = export_as(
            &t,
            &Caller::operator(),
            &request(kind, Lang::Ky),
            Format::Csv,
        )
        .await;
        assert!(
            String::from_utf8(csv).unwrap().contains(text),
            "{}",
            kind.name()
        );
        let (xlsx, _) = export_as(
            &t,
            &Caller::operator(),
            &request(kind, Lang::Ky),
            Format::Xlsx,
        )
        .await;
        assert!(
            xlsx_cells(&xlsx).iter().any(|c| c == text),
            "{}",
            kind.name()
        );
    }
    let kept: String = scalar(&t, "SELECT note AS v FROM olympiad_count_report WHERE level = 'oblast' AND academic_year = 2022").await;
    assert_eq!(kept, "Жеңүүчүлөр: үч окуучу, өз күчү менен");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teachers_name_is_never_exported_and_a_reimport_keeps_it() {
    // Arrange: the register's teacher gets a (pseudonymous) name, which only the school sees.
    let t = every_kind().await;
    t.exec("UPDATE teacher SET full_name = 'Мугалим Т-07' WHERE teacher_ref = 'T-07'")
        .await;
    let req = request(ImportKind::Teachers, Lang::En);

    // Act
    let (bytes, rows) = export_as(&t, &Caller::operator(), &req, Format::Csv).await;
    let report = import(&t, ImportKind::Teachers, bytes.clone(), InFormat::Csv)
        .await
        .unwrap();

    // Assert
    assert!(!String::from_utf8(bytes).unwrap().contains("Мугалим Т-07"));
    assert_eq!((report.updated, report.unchanged), (0, rows));
    let name: String = scalar(
        &t,
        "SELECT full_name AS v FROM teacher WHERE teacher_ref = 'T-07'",
    )
    .await;
    assert_eq!(name, "Мугалим Т-07");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_narrows_the_export_and_xlsx_refuses_more_rows_than_a_sheet_holds() {
    // Arrange
    let t = every_kind().await;
    // Seed 003's knowledge quality of five years, and the sample's 2022-2023.
    let mut req = request(ImportKind::ReportedIndicators, Lang::En);
    let (_, all) = export_as(&t, &Caller::operator(), &req, Format::Csv).await;
    req.year = Some(2021);

    // Act
    let (bytes, one_year) = export_as(&t, &Caller::operator(), &req, Format::Csv).await;

    // Assert
    let text = String::from_utf8(bytes).unwrap();
    assert!(one_year > 0 && one_year < all, "{one_year} of {all}");
    assert!(text.lines().skip(1).all(|l| l.contains(",2021-2022,")));
    assert_eq!(export::XLSX_MAX_ROWS, 1_048_575);
}

async fn scalar<T: sea_orm::TryGetable>(t: &TestDb, sql: &str) -> T {
    use sea_orm::ConnectionTrait;
    let row =
        t.db.query_one_raw(sea_orm::Statement::from_string(
            t.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "v").unwrap()
}

/// Every string cell of the first sheet.
fn xlsx_cells(bytes: &[u8]) -> Vec<String> {
    use calamine::{DataType, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter().filter_map(|c| c.get_string().map(str::to_owned)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_exports_follow_the_api_scopes_and_are_audited() {
    // Arrange: the fixture school's district, another district, the school itself, and a
    // second school of the same district (from the schools sample).
    let t = every_kind().await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let other_district = token(&t, Role::District, "KG-C-ALM").await;
    let own = token(&t, Role::School, SCHOOL).await;
    let neighbour = token(&t, Role::School, "KG-O-UZG-046").await;
    let marks = format!("/exports/mark-summaries.csv?school={SCHOOL}&year=2021-2022&lang=ky");
    let teachers = format!("/exports/teachers.xlsx?school={SCHOOL}");
    let before = t.count("audit_log").await;

    // Act + Assert: refusals, none audited.
    for (path, token, status, code) in [
        (marks.as_str(), Some(&other_district), 403, "FORBIDDEN"),
        (marks.as_str(), Some(&neighbour), 403, "FORBIDDEN"),
        (marks.as_str(), None, 401, "UNAUTHENTICATED"),
        // People-level rows: the school itself and an admin only, one school at a time.
        (teachers.as_str(), Some(&district), 403, "FORBIDDEN"),
        (teachers.as_str(), Some(&neighbour), 403, "FORBIDDEN"),
        (
            "/exports/teachers.csv?district=KG-O-UZG",
            Some(&district),
            403,
            "FORBIDDEN",
        ),
        (
            "/exports/mark-summaries.csv?district=KG-C-ALM",
            Some(&district),
            403,
            "FORBIDDEN",
        ),
        ("/exports/marks.csv", Some(&district), 400, "BAD_USER_INPUT"),
        (
            "/exports/mark-summaries.docx",
            Some(&district),
            400,
            "BAD_USER_INPUT",
        ),
        (
            "/exports/mark-summaries.csv?year=soon",
            Some(&district),
            400,
            "BAD_USER_INPUT",
        ),
        (
            "/exports/mark-summaries.csv?school=KG-O-UZG-999",
            Some(&district),
            404,
            "NOT_FOUND",
        ),
        (
            "/exports/ort-thresholds.csv?school=KG-O-UZG-045",
            Some(&district),
            400,
            "BAD_USER_INPUT",
        ),
    ] {
        let (got, _, body) = get(&app, path, token.map(String::as_str)).await;
        assert!(
            got == status || (token.is_none() && got == 401),
            "{path}: {got}"
        );
        if got == status {
            assert_eq!(code_of(&body), code, "{path}");
        }
    }
    assert_eq!(
        t.count("audit_log").await,
        before,
        "refusals are not exports"
    );

    // The district gets its school's marks (Kyrgyz headers) and its admin control without
    // the teacher; the school gets its teachers and its own rows without naming itself.
    let (status, ct, body) = get(&app, &marks, Some(&district)).await;
    assert_eq!((status, ct.as_str()), (200, "text/csv; charset=utf-8"));
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("окуу жылы") && text.contains(",2021-2022,9,А,"),
        "{text}"
    );
    let (_, _, body) = get(
        &app,
        "/exports/admin-control.csv?district=KG-O-UZG",
        Some(&district),
    )
    .await;
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("Табигый-математикалык") && !text.contains("T-07"),
        "{text}"
    );
    let (status, ct, body) = get(&app, &teachers, Some(&own)).await;
    assert_eq!(status, 200);
    assert!(ct.contains("spreadsheetml"), "{ct}");
    assert!(xlsx_cells(&body).iter().any(|c| c == "T-07"));
    let (_, _, body) = get(&app, "/exports/admin-control.csv", Some(&own)).await;
    assert!(String::from_utf8(body).unwrap().contains("T-07"));
    let (_, _, body) = get(&app, "/exports/surveys.csv", Some(&neighbour)).await;
    let text = String::from_utf8(body).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "the neighbour has no surveys: {text}"
    );
    // The directory is public: any token exports it (an anonymous caller is refused: exports
    // are audited under a token).
    let (status, _, body) = get(
        &app,
        "/exports/schools.csv?district=KG-O-UZG",
        Some(&neighbour),
    )
    .await;
    assert_eq!(status, 200);
    assert!(String::from_utf8(body).unwrap().contains("KG-O-UZG-045"));
    let (status, _, _) = get(&app, "/exports/schools.csv", None).await;
    assert!(status == 403 || status == 401, "{status}");

    // One audit entry per export, naming the kind, scope, format and language.
    let entries = domain::audit::list(
        &t.db,
        &Caller::operator(),
        &domain::audit::Filter {
            entity: Some("mark_summary".into()),
            ..Default::default()
        },
        domain::query::newest::IdWindow::newest(50),
    )
    .await
    .unwrap()
    .items;
    let exports: Vec<_> = entries.iter().filter(|e| e.operation == "export").collect();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].role, "district");
    let key = &exports[0].natural_key;
    for part in [
        "\"kind\":\"mark-summaries\"",
        "\"academic_year\":2021",
        "\"format\":\"csv\"",
        "\"lang\":\"ky\"",
    ] {
        assert!(key.contains(part), "{key}");
    }
    assert_eq!(t.count("audit_log").await, before + 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_refusals_speak_the_files_or_the_browsers_language() {
    // Arrange
    let t = every_kind().await;
    let app = TestApp::new(&t);
    let district = token(&t, Role::District, "KG-O-UZG").await;
    let other_district = token(&t, Role::District, "KG-C-ALM").await;
    let message = |body: &[u8]| {
        let v: serde_json::Value = serde_json::from_slice(body).unwrap();
        v["errors"][0]["message"].as_str().unwrap().to_owned()
    };

    // Act + Assert: `lang` of the file chooses, else Accept-Language, else English.
    for (path, token, accept, status, expected) in [
        (
            format!("/exports/mark-summaries.csv?school={SCHOOL}&lang=ky"),
            &other_district,
            None,
            403,
            "бул мектеп сиздин токениңиздин чегинен тышкары",
        ),
        (
            "/exports/teachers.csv?district=KG-O-UZG&lang=ru".to_owned(),
            &district,
            None,
            403,
            "строки об отдельных учениках и учителях",
        ),
        (
            "/exports/marks.csv".to_owned(),
            &district,
            Some("ru-RU,ru;q=0.9"),
            400,
            "вида данных «marks» нет",
        ),
        (
            "/exports/mark-summaries.docx".to_owned(),
            &district,
            Some("ky"),
            400,
            "«docx» форматы жок",
        ),
        (
            "/exports/mark-summaries.csv?year=soon&lang=ky".to_owned(),
            &district,
            None,
            400,
            "окуу жылы башталган жылы",
        ),
        (
            "/exports/mark-summaries.csv?school=KG-O-UZG-999&lang=ru".to_owned(),
            &district,
            None,
            404,
            "школы с кодом «KG-O-UZG-999» нет",
        ),
        (
            format!("/exports/ort-thresholds.csv?school={SCHOOL}&lang=ky"),
            &district,
            None,
            400,
            "улуттук маалымдама маалыматтары",
        ),
        (
            "/exports/mark-summaries.csv?lang=xx".to_owned(),
            &district,
            Some("ru"),
            400,
            "lang «xx»: допустимо ky, ru или en",
        ),
        (
            "/exports/marks.csv".to_owned(),
            &district,
            None,
            400,
            "unknown kind of data `marks`",
        ),
    ] {
        let mut req = app
            .http
            .get(&path)
            .header("authorization", format!("Bearer {token}"));
        if let Some(a) = accept {
            req = req.header("accept-language", a);
        }
        let res = req.send().await;
        let got = res.0.status().as_u16();
        let body = res.0.into_body().into_vec().await.unwrap();
        assert_eq!(got, status, "{path}");
        let text = message(&body);
        assert!(text.contains(expected), "{path}: {text}");
    }
}
