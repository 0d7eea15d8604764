//! Import messages in the caller's language (issue #15): over GraphQL by Accept-Language, on
//! the command line by `--lang`; each names a column as the file named it.

use domain::import::{Context, Format, ImportKind};
use domain::messages::Lang;
use integration_tests::{TestApp, TestDb};
use serde_json::{Value, json};

/// The header a language gives a column of olympiad counts.
fn header(key: &str, lang: Lang) -> &'static str {
    let col = ImportKind::OlympiadCounts
        .columns()
        .into_iter()
        .find(|c| c.key == key)
        .unwrap();
    match lang {
        Lang::Ky => col.ky,
        Lang::Ru => col.ru,
        Lang::En => col.key,
    }
}

/// A file of olympiad counts with headers in `lang`: row 2 has a count that is not a number,
/// row 3 a school code no school has.
fn bad_file(lang: Lang) -> String {
    let head: Vec<&str> = ["school_code", "academic_year", "level", "prize_count"]
        .iter()
        .map(|k| header(k, lang))
        .collect();
    format!(
        "{}\nKG-O-UZG-045,2022-2023,zonal,беш\nKG-O-UZG-999,2022-2023,zonal,1\n",
        head.join(",")
    )
}

/// POSTs `importFile` as a multipart upload, with a token and an Accept-Language.
async fn upload_over_http(t: &TestDb, csv: &str, lang: Option<&str>) -> Value {
    let token = t.admin_token().await;
    let operations = json!({
        "query": "mutation($file: Upload!) { importFile(kind: OLYMPIAD_COUNTS, file: $file) { rows } }",
        "variables": { "file": null },
    });
    let b = "sapat-test-boundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{operations}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{{\"0\": [\"variables.file\"]}}\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"0\"; filename=\"counts.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{b}--\r\n"
    );
    let app = TestApp::new(t);
    let mut req = app
        .http
        .post("/graphql")
        .content_type(format!("multipart/form-data; boundary={b}"))
        .header("authorization", format!("Bearer {token}"))
        .body(body);
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let res = req.send().await;
    res.assert_status_is_ok();
    let text = res.0.into_body().into_string().await.unwrap();
    serde_json::from_str(&text).unwrap()
}

async fn with_fixture() -> TestDb {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    t
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_import_errors_come_in_the_requested_language_naming_the_files_header() {
    // Arrange
    let t = with_fixture().await;
    let stored = t.count("olympiad_count_report").await;
    for (tag, lang, not_whole, no_school, refused) in [
        (
            "ru-RU,ru;q=0.9",
            Lang::Ru,
            "не целое число",
            "нет школы с кодом `KG-O-UZG-999`",
            "в файле ошибок: 2; ничего не записано. Первая: строка 2, столбец «",
        ),
        (
            "ky",
            Lang::Ky,
            "бүтүн сан эмес",
            "`KG-O-UZG-999` коду менен мектеп жок",
            "файлда 2 ката бар; эч нерсе жазылган жок. Биринчиси: 2-сап, «",
        ),
    ] {
        // Act
        let answer = upload_over_http(&t, &bad_file(lang), Some(tag)).await;

        // Assert: the messages in the language, each column by the header the file used.
        let error = &answer["errors"][0];
        assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{answer}");
        let message = error["message"].as_str().unwrap();
        assert!(message.starts_with(refused), "{message}");
        let listed = &error["extensions"]["errors"];
        assert_eq!(listed[0]["row"], 2);
        assert_eq!(listed[0]["column"], header("prize_count", lang), "{listed}");
        assert_eq!(listed[0]["value"], "беш");
        assert_eq!(listed[0]["message"], not_whole);
        assert_eq!(listed[1]["row"], 3);
        assert_eq!(listed[1]["column"], header("school_code", lang), "{listed}");
        assert_eq!(listed[1]["message"], no_school);
        assert_ne!(header("prize_count", lang), "prize_count");
    }
    // Without Accept-Language: English, as before the catalog, with the file's own headers.
    let answer = upload_over_http(&t, &bad_file(Lang::Ru), None).await;
    let listed = &answer["errors"][0]["extensions"]["errors"];
    assert_eq!(listed[0]["message"], "is not a whole number");
    assert_eq!(listed[0]["column"], header("prize_count", Lang::Ru));
    assert_eq!(
        t.count("olympiad_count_report").await,
        stored,
        "nothing was written"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_import_lists_problems_in_the_language_of_lang() {
    // Arrange: `sapat import --lang ru` as the binary parses it.
    let t = with_fixture().await;
    let cli = <api::cli::Cli as clap::Parser>::try_parse_from([
        "sapat",
        "import",
        "--lang",
        "ru",
        "olympiad-counts",
        "counts.csv",
    ])
    .unwrap();
    let api::cli::Command::Import(args) = cli.command else {
        panic!("not an import")
    };
    let lang = api::cli::MessageLang::or_env(args.lang);
    assert_eq!(lang, Lang::Ru);

    // Act: the import the binary runs, and the lines it prints.
    let file = bad_file(Lang::Ru);
    let err = domain::import::import(
        &t.db,
        &domain::auth::Caller::operator(),
        ImportKind::OlympiadCounts,
        std::io::Cursor::new(file.into_bytes()),
        Format::Csv,
        &Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    .unwrap_err();
    let domain::Error::Rejected { errors, total } = err else {
        panic!("not refused: {err}")
    };
    let lines = api::cli::import_problems(&errors, total, lang);

    // Assert
    assert_eq!(
        lines,
        [
            format!(
                "строка 2, столбец «{}» (\"беш\"): не целое число",
                header("prize_count", Lang::Ru)
            ),
            format!(
                "строка 3, столбец «{}» (\"KG-O-UZG-999\"): нет школы с кодом `KG-O-UZG-999`",
                header("school_code", Lang::Ru)
            ),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeated_row_names_its_key_columns_as_the_file_named_them() {
    // Arrange: a Kyrgyz file whose row 3 repeats row 2's school, year and level.
    let t = with_fixture().await;
    let head: Vec<&str> = ["school_code", "academic_year", "level", "prize_count"]
        .iter()
        .map(|k| header(k, Lang::Ky))
        .collect();
    let csv = format!(
        "{}\nKG-O-UZG-045,2022-2023,zonal,1\nKG-O-UZG-045,2022-2023,zonal,2\n",
        head.join(",")
    );

    // Act
    let answer = upload_over_http(&t, &csv, Some("ky")).await;

    // Assert: in Kyrgyz, the key by the file's Kyrgyz headers, not the template's keys.
    let listed = &answer["errors"][0]["extensions"]["errors"];
    let message = listed[0]["message"].as_str().unwrap();
    assert!(message.starts_with("2-сапты кайталайт"), "{message}");
    for key in ["school_code", "academic_year", "level"] {
        assert!(message.contains(header(key, Lang::Ky)), "{key}: {message}");
    }
    assert!(!message.contains("academic_year"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_query_arguments_come_in_the_requested_language() {
    // Arrange: the fixture with a published generation.
    let t = integration_tests::fixture::fixture().await;
    integration_tests::fixture::full(&t).await;
    let app = TestApp::new(&t);
    // (query, argument, a Kyrgyz fragment, a Russian one, the English one)
    let cases = [
        (
            r#"{ schools(first: 500) { totalCount } }"#,
            "first",
            "бир баракта эң көп 200",
            "не больше 200 на странице",
            "at most 200 per page",
        ),
        (
            r#"{ district(id: "KG-NOPE") { trends { trends { code } } } }"#,
            "id",
            "райондун идентификатору да, коду да эмес",
            "не идентификатор и не код района",
            "neither an id nor the code of a district",
        ),
        (
            r#"{ districtComparison(districtId: "KG-O-UZG", year: 1990) { year } }"#,
            "year",
            "жарыяланган маалыматтарда жок",
            "нет в опубликованных данных",
            "outside the published data",
        ),
        (
            r#"{ country { trends(codes: ["nope"]) { trends { code } } } }"#,
            "codes",
            "белгисиз көрсөткүч `nope`",
            "неизвестный показатель `nope`",
            "unknown indicator `nope`",
        ),
        (
            r#"{ country { trends(gradeBand: "1-3") { trends { code } } } }"#,
            "gradeBand",
            "белгисиз класстар тобу `1-3`",
            "неизвестная группа классов `1-3`",
            "unknown grade band `1-3`",
        ),
    ];
    for (query, field, ky, ru, en) in cases {
        for (lang, text) in [(Some("ky"), ky), (Some("ru-RU,ru;q=0.9"), ru), (None, en)] {
            // Act
            let (_, body) = app.post(query, json!({}), lang).await;

            // Assert: coded, naming the argument, in the caller's language.
            let e = &body["errors"][0];
            assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{query}: {body}");
            assert_eq!(e["extensions"]["field"], field, "{query}: {body}");
            let message = e["message"].as_str().unwrap_or_default();
            assert!(message.contains(text), "{lang:?} {query}: {message}");
        }
    }
}
