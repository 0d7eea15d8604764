//! Workbook bombs and malformed uploads: refused before they are allocated.

use super::*;

fn workbook(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["school_code", "academic_year", "level", "prize_count"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    edit(sheet);
    book.save_to_buffer().unwrap()
}

/// Rewrites one part of a zip package.
fn replace_part(bytes: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut content = Vec::new();
        f.read_to_end(&mut content).unwrap();
        if name == part {
            content = edit(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_spanning_a1_to_xfd1048576_is_refused_not_allocated() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let bomb = workbook(|s| {
        s.write_string(1_048_575, 16_383, "x").unwrap();
    });
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    let (code, message, ext) = run(&t, admin(&t).await, import_request("bomb.xlsx", &bomb))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert_eq!(ext["errors"][0]["row"], 1_048_576, "{ext}");
    assert_eq!(ext["errors"][0]["column"], "XFD", "{ext}");
    // The server is still here and a normal workbook imports.
    let fine = workbook(|s| {
        for (c, v) in ["KG-O-UZG-045", "2022-2023", "zonal"].iter().enumerate() {
            s.write_string(1, c as u16, *v).unwrap();
        }
        s.write_number(1, 3, 4).unwrap();
    });
    let data = run(&t, admin(&t).await, import_request("fine.xlsx", &fine))
        .await
        .unwrap();
    assert_eq!(data["importFile"]["rows"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_string_table_claiming_ten_billion_entries_is_refused() {
    let t = TestDb::new().await;
    let book = workbook(|_| {});
    let bomb = replace_part(&book, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}10000000000{}", &xml[..at], &xml[end..])
    });
    assert!(bomb.len() < 10_000);
    let (code, message, _) = run(&t, admin(&t).await, import_request("bomb.xlsx", &bomb))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains("shared-string table"), "{message}");
}

/// Found by the hostile pass: one 800 MB shared string (an 800 KB upload) held the
/// one-at-a-time workbook parser for 30 s, delaying every other caller's upload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_string_longer_than_excel_writes_is_refused_before_parsing() {
    let t = TestDb::new().await;
    let book = workbook(|_| {});
    let long = "ң".repeat(1 << 21);
    let bomb = replace_part(&book, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("</sst>").unwrap();
        format!("{}<si><t>{long}</t></si>{}", &xml[..at], &xml[at..])
    });
    let started = std::time::Instant::now();
    let (code, message, _) = run(&t, admin(&t).await, import_request("long.xlsx", &bomb))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert!(message.contains("32,767"), "{message}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // The longest text Excel writes still imports as far as the reader goes.
    let most = "ң".repeat(32_767);
    let fine = replace_part(&book, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("</sst>").unwrap();
        format!("{}<si><t>{most}</t></si>{}", &xml[..at], &xml[at..])
    });
    let (_, message, _) = run(&t, admin(&t).await, import_request("most.xlsx", &fine))
        .await
        .unwrap_err();
    assert!(!message.contains("32,767"), "{message}");
}

/// Found by the hostile pass: a 15 KB upload nesting 2M elements in a cell kept the parser
/// busy past the request's timeout, and a cell reference that overflows made calamine panic
/// (answered INTERNAL).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_and_overflowing_cell_references_are_bad_files() {
    let t = TestDb::new().await;
    let book = workbook(|s| {
        s.write_string(1, 0, "KG-O-UZG-045").unwrap();
    });
    let depth = 2_000_000;
    let nested = replace_part(&book, "xl/worksheets/sheet1.xml", |xml| {
        let at = xml.find("<sheetData>").unwrap();
        format!(
            "{}{}{}{}",
            &xml[..at],
            "<x>".repeat(depth),
            "</x>".repeat(depth),
            &xml[at..]
        )
    });
    let overflow = replace_part(&book, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("r=\"A2\"", "r=\"ZZZZZZZZZZ99999999999\"")
    });
    assert_ne!(overflow, book, "the cell reference was replaced");
    let started = std::time::Instant::now();
    let (code, message, _) = run(&t, admin(&t).await, import_request("deep.xlsx", &nested))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert!(message.contains("128 levels"), "{message}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let (code, message, _) = run(&t, admin(&t).await, import_request("ref.xlsx", &overflow))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
}

/// Found by the hostile pass: a CSV whose one header cell was 15 MB came back twice in the
/// error (the message and `column`), a 30 MB answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_unknown_header_is_quoted_shortened() {
    let t = TestDb::new().await;
    let csv = format!(
        "school_code,{},{}\nKG-O-UZG-045,1,2\n",
        "ө".repeat(1 << 20),
        "ө".repeat(1 << 20)
    );
    let (message, ext) = refused_as_bad_input(&t, import_request("wide.csv", csv.as_bytes())).await;
    assert!(message.len() < 10_000, "{} bytes", message.len());
    assert!(
        ext.to_string().len() < 20_000,
        "{} bytes",
        ext.to_string().len()
    );
    let column = ext["errors"][0]["column"].as_str().unwrap();
    assert!(
        column.starts_with("өө") && column.chars().count() <= 61,
        "{column}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_uploads_are_refused_before_the_file_is_read() {
    let t = TestDb::new().await;
    // Not a workbook at all: reading it would answer BAD_USER_INPUT.
    let (code, _, _) = run(
        &t,
        domain::auth::Caller(None),
        import_request("x.xlsx", b"not a zip"),
    )
    .await
    .unwrap_err();
    assert_eq!(code, "FORBIDDEN");
    // Formats whose reader calamine sizes from the file's own dimensions stay on the console.
    let (code, message, _) = run(&t, admin(&t).await, import_request("x.ods", b"PK"))
        .await
        .unwrap_err();
    assert_eq!(code, "BAD_USER_INPUT");
    assert!(message.contains(".xlsx"), "{message}");
}

/// A multipart body with `parts` file parts and a `map` giving the first file `uses` uses.
fn multipart_body(b: &str, parts: usize, uses: usize) -> String {
    let variables: Vec<Value> = vec![Value::Null; uses];
    let operations = json!({
        "query": "mutation($f: [Upload!]!) { __typename }",
        "variables": { "f": variables },
    });
    let paths: Vec<String> = (0..uses).map(|i| format!("variables.f.{i}")).collect();
    let map = json!({ "0": paths });
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{map}\r\n"
    );
    for i in 0..parts {
        body.push_str(&format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"{i}\"; filename=\"a.csv\"\r\n\r\nx\r\n"
        ));
    }
    body.push_str(&format!("--{b}--\r\n"));
    body
}

/// Second hostile pass, finding 4: uploads are checked before async-graphql reads them (a
/// temporary file per part, a descriptor per use): anonymous ones not read at all, and at
/// most ten files, each used once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_bounded_and_anonymous_ones_are_not_read() {
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let admin = t.admin_token().await;
    let b = "sapat-bound";
    let send = |body: String, token: Option<String>| {
        let mut req = cli
            .http
            .post("/graphql")
            .content_type(format!("multipart/form-data; boundary={b}"))
            .header("accept-language", "ru")
            .body(body);
        if let Some(token) = token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        req.send()
    };
    for (body, token, status, code, words) in [
        (
            multipart_body(b, 1, 1),
            None,
            401,
            "UNAUTHENTICATED",
            "токен",
        ),
        (
            multipart_body(b, 1, 3_000),
            Some(admin.clone()),
            400,
            "BAD_REQUEST",
            "не более 10 файлов",
        ),
        (
            multipart_body(b, 2_000, 1),
            Some(admin.clone()),
            400,
            "BAD_REQUEST",
            "не более 10 файлов",
        ),
        (
            "--sapat-bound\r\nnonsense".to_owned(),
            Some(admin.clone()),
            400,
            "BAD_REQUEST",
            "multipart",
        ),
    ] {
        let res = send(body, token).await;
        assert_eq!(res.0.status().as_u16(), status, "{words}");
        let text = res.0.into_body().into_string().await.unwrap();
        let answer: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(answer["errors"][0]["extensions"]["code"], code, "{answer}");
        let message = answer["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
        assert!(!message.contains("os error"), "{message}");
    }
}
