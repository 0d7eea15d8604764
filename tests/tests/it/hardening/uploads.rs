//! What one upload may hold and how long it may hold the reader (hostile pass of 2026-12-07,
//! findings 1, 2 and 17): a cell budget for uploaded workbooks, a column limit for CSV, a parse
//! that stops with its request, and values quoted shortened.

use super::*;
use domain::import::Budget;
use std::time::{Duration, Instant};

/// An OLYMPIAD_COUNTS workbook of `rows` data rows of 4 numbers under the template's header.
fn numbers(rows: u32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["school_code", "academic_year", "level", "prize_count"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=rows {
        for c in 0..4 {
            sheet.write_number(r, c, 1).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// A workbook of `cells` one-digit cells in rows of 10, stored unpacked (no compressing in a
/// debug test): seconds of parsing in a debug build for a few megabytes.
fn slow_workbook(cells: usize) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    let ns = "http://schemas.openxmlformats.org/package/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ),
    ];
    for (name, xml) in parts {
        out.start_file(name, stored).unwrap();
        out.write_all(xml.as_bytes()).unwrap();
    }
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>school_code</t></is></c></row>"#,
    );
    let row = format!("<row>{}</row>", "<c><v>1</v></c>".repeat(10));
    for _ in 0..cells / 10 {
        sheet.push_str(&row);
    }
    sheet.push_str("</sheetData></worksheet>");
    out.start_file("xl/worksheets/sheet1.xml", stored).unwrap();
    out.write_all(sheet.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

/// POST /graphql as the GraphQL multipart request spec sends an upload.
async fn post_upload(app: &TestApp, token: &str, name: &str, bytes: &[u8]) -> (StatusCode, Value) {
    let boundary = "sapat-test-boundary";
    let ops = json!({
        "query": "mutation($f: Upload!) { importFile(kind: OLYMPIAD_COUNTS, file: $f) { rows } }",
        "variables": { "f": null },
    });
    let mut body = Vec::new();
    for (field, value) in [
        ("operations", ops.to_string()),
        ("map", r#"{"0":["variables.f"]}"#.into()),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let res = app
        .http
        .post("/graphql")
        .content_type(format!("multipart/form-data; boundary={boundary}"))
        .header("authorization", format!("Bearer {token}"))
        .body(body)
        .send()
        .await;
    let status = res.0.status();
    let text = res.0.into_body().into_string().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// One valid OLYMPIAD_COUNTS row as CSV.
const FINE_CSV: &str =
    "school_code,academic_year,level,prize_count\nKG-O-UZG-045,2022-2023,zonal,4\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workbook_over_the_upload_cell_budget_is_refused_quickly_naming_it() {
    let t = TestDb::new().await;
    assert_eq!(
        Budget::UPLOAD.cells,
        domain::import::limits::UPLOAD_XLSX_CELLS
    );
    const { assert!(Budget::UPLOAD.cells < Budget::CONSOLE.cells) };
    // 4 header cells and 30 rows of 4: 124 filled cells, over a budget of 100.
    let small = Budget { cells: 100 };
    let started = Instant::now();
    let (code, message, ext) = run(
        &t,
        admin(&t).await,
        import_request("many.xlsx", &numbers(30)).data(small),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert!(message.contains("more than 100 filled cells"), "{message}");
    assert_eq!(ext["errors"][0]["row"], 0, "{ext}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Within the budget the same reader goes on to the rows (which are not valid here).
    let (_, message, _) = run(
        &t,
        admin(&t).await,
        import_request("few.xlsx", &numbers(20)).data(small),
    )
    .await
    .unwrap_err();
    assert!(!message.contains("filled cells"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_csv_wider_than_256_columns_is_refused_naming_the_limit() {
    let t = TestDb::new().await;
    let columns: Vec<String> = (1..=300).map(|i| format!("c{i}")).collect();
    let wide_header = format!("{}\n1\n", columns.join(","));
    let wide_row = format!(
        "school_code,academic_year,level,prize_count\n{}\n",
        vec!["1"; 300].join(",")
    );
    for (name, csv, row) in [("header.csv", wide_header, 1), ("row.csv", wide_row, 2)] {
        let (code, message, ext) = run(&t, admin(&t).await, import_request(name, csv.as_bytes()))
            .await
            .unwrap_err();
        assert_eq!(code, "BAD_USER_INPUT", "{name}: {message}");
        assert!(
            message.contains("more than 256 columns"),
            "{name}: {message}"
        );
        assert_eq!(ext["total"], 1, "{name}: {ext}");
        assert_eq!(ext["errors"][0]["row"], row, "{name}: {ext}");
    }
    // A line the reader would have to hold whole (5 MiB) is refused as it is read.
    let long = format!(
        "school_code,academic_year,level,prize_count\n{}\n",
        "x".repeat(5 << 20)
    );
    let (message, _) = refused_as_bad_input(&t, import_request("long.csv", long.as_bytes())).await;
    assert!(
        message.contains("longer than 4 MiB"),
        "{}",
        message.chars().take(300).collect::<String>()
    );
    // A CSV within the limit still imports (read on a blocking thread).
    demo::load(&t.db, 245).await.unwrap();
    let data = run(
        &t,
        admin(&t).await,
        import_request("fine.csv", FINE_CSV.as_bytes()),
    )
    .await
    .unwrap();
    assert_eq!(data["importFile"]["rows"], 1);
}

/// The parse of a timed-out upload used to go on for minutes holding the one workbook reader,
/// so the next caller's small file timed out behind it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_upload_frees_the_workbook_reader_for_the_next_caller() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let app = TestApp::with_config(&t, |c| c.server.request_timeout_ms = 1_500);
    let (first, second) = (t.admin_token().await, t.admin_token().await);
    // Seconds of parsing in a debug build, within the upload budget and the body limit.
    let slow = slow_workbook(700_000);
    assert!(slow.len() < 14 << 20, "{} bytes", slow.len());
    let started = Instant::now();
    let (status, body) = post_upload(&app, &first, "slow.xlsx", &slow).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT", "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Another caller's small workbook gets the reader at once, within its own 1.5 s.
    let fine = {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, line) in FINE_CSV.lines().enumerate() {
            for (c, v) in line.split(',').enumerate() {
                sheet.write_string(r as u32, c as u16, v).unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    };
    let (status, body) = post_upload(&app, &second, "fine.xlsx", &fine).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["importFile"]["rows"], 1, "{body}");
}

/// One caller reads one workbook at a time: its second waits in its own line (not refused),
/// and dropping the first (as a timeout does) lets it through at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callers_second_workbook_waits_for_its_first() {
    let t = TestDb::new().await;
    let caller = admin(&t).await;
    let schema = schema(&t);
    let start = |name: &'static str, bytes: Vec<u8>| {
        let (schema, caller) = (schema.clone(), caller.clone());
        tokio::spawn(async move {
            schema
                .execute(import_request(name, &bytes).data(caller))
                .await
        })
    };
    let first = start("slow.xlsx", slow_workbook(700_000));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = start("again.xlsx", numbers(1));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!second.is_finished(), "the second ran beside the first");
    first.abort();
    let _ = first.await;
    let started = Instant::now();
    let res = second.await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // Read: its rows are not valid, which is all it says.
    let message = &res.errors[0].message;
    assert!(message.contains("row 2"), "{message}");
}

/// Finding 17: a school named by a code and by another school's number was stored for the
/// code without a word.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_school_code_and_a_number_of_another_school_are_refused() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let item = |district: &str, number: u32| {
        format!(
            "mutation {{ recordEnrolmentSnapshots(items: [{{ schoolCode: \"KG-O-UZG-045\", district: \"{district}\", schoolNumber: {number}, academicYear: \"2020-2021\", enrolment: 1 }}]) {{ inserted }} }}"
        )
    };
    let before = t.count("enrolment_snapshot").await;
    let (code, message, ext) = run(&t, admin(&t).await, Request::new(item("KG-O-UZG", 2)))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert!(
        message.contains("school_code and school_number `2`"),
        "{message}"
    );
    assert_eq!(
        ext["errors"][0]["path"],
        json!(["items", 0, "schoolNumber"]),
        "{ext}"
    );
    let (_, message, ext) = run(&t, admin(&t).await, Request::new(item("KG-C-ALM", 45)))
        .await
        .unwrap_err();
    assert!(message.contains("district `KG-C-ALM`"), "{message}");
    assert_eq!(
        ext["errors"][0]["path"],
        json!(["items", 0, "district"]),
        "{ext}"
    );
    assert_eq!(t.count("enrolment_snapshot").await, before);
    // The code with its own district and number is the school.
    let data = run(
        &t,
        admin(&t).await,
        Request::new(item("KG-O-UZG", 45).replace("{ inserted }", "{ inserted updated }")),
    )
    .await
    .unwrap();
    let stored = &data["recordEnrolmentSnapshots"];
    assert_eq!(
        stored["inserted"].as_u64().unwrap() + stored["updated"].as_u64().unwrap_or(0),
        1,
        "{data}"
    );
}

/// Finding 17: a 300,000-character criterion code or point kind came back whole (1.2 MB).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_bad_value_is_quoted_shortened() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let long = "9".repeat(300_000);
    let query = format!(
        "mutation {{ recordSelfAssessments(items: [{{ schoolCode: \"{long}\", academicYear: \"2022-2023\", accreditationType: \"institutional\", members: [], criteria: [{{ code: \"{long}\", titleKy: \"Т\" }}], points: [{{ standard: 2, kind: \"{long}\", textKy: \"Т\" }}] }}]) {{ inserted }} }}"
    );
    let (message, ext) = refused_as_bad_input(&t, Request::new(query)).await;
    let answer = ext.to_string().len() + message.len();
    assert!(answer < 10_000, "{answer} bytes");
    let errors = ext["errors"].as_array().unwrap();
    for path in [
        json!(["items", 0, "criteria", 0, "code"]),
        json!(["items", 0, "points", 0, "kind"]),
    ] {
        let e = errors
            .iter()
            .find(|e| e["path"] == path)
            .unwrap_or_else(|| panic!("{path}: {ext}"));
        let value = e["value"].as_str().unwrap();
        assert_eq!(value, format!("{}…", "9".repeat(60)), "{path}");
    }
}
