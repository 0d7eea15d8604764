//! Data entry through GraphQL: every mutation records a batch and a repeat changes nothing;
//! each validation rule refuses the whole batch with BAD_USER_INPUT, the item's path and a
//! message, and writes nothing; the inputs stay in step with the import templates; the same
//! over HTTP.

use async_graphql::{Request, Variables};
use integration_tests::entry::{mutation_text, samples};
use integration_tests::{TestApp, TestDb, run, schema};
use serde_json::{Value, json};

async fn with_fixture() -> TestDb {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    t
}

async fn send(
    schema: &api::graphql::AppSchema,
    mutation: &str,
    items: Value,
) -> async_graphql::Response {
    schema
        .execute(
            Request::new(mutation_text(mutation))
                .variables(Variables::from_json(json!({ "items": items }))),
        )
        .await
}

/// The one error of a refused batch, as JSON.
async fn refused(schema: &api::graphql::AppSchema, mutation: &str, items: Value) -> Value {
    let res = send(schema, mutation, items).await;
    assert_eq!(res.errors.len(), 1, "{mutation} should be refused");
    serde_json::to_value(&res.errors[0]).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_entry_mutation_records_a_batch_and_a_repeat_changes_nothing() {
    let t = with_fixture().await;
    let schema = schema(&t);
    let sdl = api::graphql::sdl();
    for (mutation, table, item) in samples() {
        assert!(
            sdl.contains(&format!("\t{mutation}(")),
            "{mutation} is in the SDL"
        );
        let before = t.count(table).await;
        let first = run(
            &schema,
            &mutation_text(mutation),
            json!({ "items": [item] }),
        )
        .await;
        let after = t.count(table).await;
        assert_eq!(
            (
                first["r"]["items"].as_u64(),
                first["r"]["unchanged"].as_u64()
            ),
            (Some(1), Some(0)),
            "{mutation}: {first}"
        );
        assert_eq!(
            first["r"]["inserted"].as_u64().unwrap() + first["r"]["updated"].as_u64().unwrap(),
            1,
            "{mutation}: {first}"
        );
        assert_eq!(after, before + 1, "{mutation} adds one row to {table}");
        let again = run(
            &schema,
            &mutation_text(mutation),
            json!({ "items": [item] }),
        )
        .await;
        assert_eq!(
            again["r"],
            json!({ "items": 1, "inserted": 0, "updated": 0, "unchanged": 1,
                    "years": first["r"]["years"] }),
            "{mutation}: the same batch again changes nothing"
        );
        assert_eq!(
            t.count(table).await,
            after,
            "{mutation}: no row added by the repeat"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_items_read_back_through_the_profile_with_kyrgyz_letters_intact() {
    let t = with_fixture().await;
    let schema = schema(&t);
    run(
        &schema,
        &mutation_text("upsertSchools"),
        json!({ "items": [{ "schoolCode": "KG-O-UZG-099", "district": "KG-O-UZG",
            "nameKy": "Көңүлдүү Үмүт-Өргө мектеби", "nameRu": "Школа «Үмүт»",
            "ownership": "state", "schoolType": "lyceum", "languages": ["ky"] }] }),
    )
    .await;
    let marks = json!({ "schoolCode": "KG-O-UZG-099", "academicYear": "2022-2023", "grade": 5,
        "subject": "mathematics", "period": "Q1", "n5": 3, "n4": 5, "n3": 2, "nEnrolled": 10 });
    let r = run(
        &schema,
        &mutation_text("recordMarkSummaries"),
        json!({ "items": [marks] }),
    )
    .await;
    assert_eq!(r["r"]["years"], json!([2022]));
    let data = run(
        &schema,
        r#"{ schoolByCode(code: "KG-O-UZG-099") { nameKy schoolType
              markSummaries { n5 n4 n3 assessed knowledgeQualityPct successPct } } }"#,
        json!({}),
    )
    .await;
    let s = &data["schoolByCode"];
    assert_eq!(s["nameKy"], "Көңүлдүү Үмүт-Өргө мектеби");
    assert_eq!(s["schoolType"], "lyceum");
    let m = &s["markSummaries"][0];
    assert_eq!((m["n5"].as_i64(), m["n4"].as_i64()), (Some(3), Some(5)));
    assert_eq!(m["assessed"], 10);
    assert_eq!(m["knowledgeQualityPct"], 80.0);
    assert_eq!(m["successPct"], 100.0);

    // A correction of one count is an update, and the profile shows it.
    let mut fixed = marks.clone();
    fixed["n3"] = json!(1);
    fixed["n2"] = json!(1);
    let r = run(
        &schema,
        &mutation_text("recordMarkSummaries"),
        json!({ "items": [fixed] }),
    )
    .await;
    assert_eq!(
        (r["r"]["updated"].as_u64(), r["r"]["inserted"].as_u64()),
        (Some(1), Some(0))
    );
    let data = run(
        &schema,
        r#"{ schoolByCode(code: "KG-O-UZG-099") { markSummaries { n2 successPct } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(data["schoolByCode"]["markSummaries"][0]["n2"], 1);
    assert_eq!(data["schoolByCode"]["markSummaries"][0]["successPct"], 90.0);

    // The self-assessment report keeps its points in the order given.
    let (_, _, report) = samples().pop().unwrap();
    run(
        &schema,
        &mutation_text("recordSelfAssessments"),
        json!({ "items": [report] }),
    )
    .await;
    let data = run(
        &schema,
        r#"{ schoolByCode(code: "KG-O-UZG-045") { selfAssessments(year: 2023) {
              conclusion criteria { code standard titleKy } strengths { position textKy }
              weaknesses { textKy } members { memberRef } } } }"#,
        json!({}),
    )
    .await;
    let sa = &data["schoolByCode"]["selfAssessments"][0];
    assert_eq!(sa["conclusion"], "Корутунду: өнүгүү бар");
    assert_eq!(sa["criteria"][0]["standard"], 2);
    assert_eq!(
        sa["strengths"],
        json!([{ "position": 1, "textKy": "Олимпиадалар" }, { "position": 2, "textKy": "Үйрөнүү" }])
    );
    assert_eq!(sa["weaknesses"], json!([{ "textKy": "ЖРТ төмөн" }]));
    assert_eq!(sa["members"], json!([{ "memberRef": "M-1" }]));
}

#[tokio::test]
async fn entry_inputs_have_exactly_the_template_columns() {
    assert_eq!(api::graphql::entry_input_mismatches(), Vec::<String>::new());
}

/// One case per rule: a batch whose item `index` breaks it, the path and words the error must
/// carry, and the table that must stay as it was.
struct Case {
    rule: &'static str,
    mutation: &'static str,
    table: &'static str,
    items: Value,
    path: Value,
    message: &'static str,
}

fn cases() -> Vec<Case> {
    let good_marks = json!({ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023", "grade": 9,
        "classLetter": "Б", "subject": "mathematics", "period": "year", "n5": 4, "n4": 9, "n3": 10,
        "nEnrolled": 25 });
    let marks = |edit: Value| {
        let mut m = good_marks.clone();
        m.as_object_mut()
            .unwrap()
            .extend(edit.as_object().unwrap().clone());
        m
    };
    let accreditation = json!({ "schoolCode": "KG-O-UZG-045", "accreditationType": "programmatic",
        "decisionYear": 2018, "decision": "full_5y" });
    let report = json!({ "schoolCode": "KG-O-UZG-045", "academicYear": "2023-2024" });
    let with = |base: &Value, edit: Value| {
        let mut m = base.clone();
        m.as_object_mut()
            .unwrap()
            .extend(edit.as_object().unwrap().clone());
        m
    };
    vec![
        Case {
            rule: "unknown school code",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([good_marks, marks(json!({ "schoolCode": "KG-NOPE" }))]),
            path: json!(["items", 1, "schoolCode"]),
            message: "no school has the code",
        },
        Case {
            rule: "academic year label",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([marks(json!({ "academicYear": "2022-2024" }))]),
            path: json!(["items", 0, "academicYear"]),
            message: "academic year",
        },
        Case {
            rule: "grade range",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([
                good_marks,
                marks(json!({ "grade": 13, "classLetter": "В" }))
            ]),
            path: json!(["items", 1, "grade"]),
            message: "12",
        },
        Case {
            rule: "counts above the class size",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([marks(json!({ "nEnrolled": 20 }))]),
            path: json!(["items", 0]),
            message: "",
        },
        Case {
            rule: "unknown period",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([marks(json!({ "period": "Q7" }))]),
            path: json!(["items", 0, "period"]),
            message: "",
        },
        Case {
            rule: "unknown subject",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([marks(json!({ "subject": "астрология" }))]),
            path: json!(["items", 0, "subject"]),
            message: "",
        },
        Case {
            rule: "negative count",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([marks(json!({ "n2": -1 }))]),
            path: json!(["items", 0, "n2"]),
            message: "",
        },
        Case {
            rule: "the same natural key twice in one batch",
            mutation: "recordMarkSummaries",
            table: "mark_summary",
            items: json!([good_marks, good_marks]),
            path: json!(["items", 1]),
            message: "repeats item 0",
        },
        Case {
            rule: "ORT score above the configured maximum",
            mutation: "recordOrtResults",
            table: "ort_result",
            items: json!([{ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023",
                            "studentRef": "S1", "mainScore": 246 }]),
            path: json!(["items", 0, "mainScore"]),
            message: "245",
        },
        Case {
            rule: "olympiad place 1–3",
            mutation: "recordOlympiadResults",
            table: "olympiad_result",
            items: json!([{ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023",
                            "subject": "Биология", "level": "райондук", "studentRef": "O-1",
                            "place": 4 }]),
            path: json!(["items", 0, "place"]),
            message: "",
        },
        Case {
            rule: "percentage above 100",
            mutation: "recordTextbookProvision",
            table: "textbook_provision",
            items: json!([{ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023",
                            "provisionPct": 101.0 }]),
            path: json!(["items", 0, "provisionPct"]),
            message: "100",
        },
        Case {
            rule: "school without a district that exists",
            mutation: "upsertSchools",
            table: "school",
            items: json!([{ "schoolCode": "KG-X-1", "district": "Атлантида", "nameKy": "А",
                            "nameRu": "А", "ownership": "state", "schoolType": "general" }]),
            path: json!(["items", 0, "district"]),
            message: "",
        },
        Case {
            rule: "refused accreditation with a certificate",
            mutation: "recordAccreditations",
            table: "accreditation",
            items: json!([
                accreditation,
                with(
                    &accreditation,
                    json!({ "decisionYear": 2019,
                "decision": "refused", "certificateNo": "№1" })
                )
            ]),
            path: json!(["items", 1, "decision"]),
            message: "refused",
        },
        Case {
            rule: "accreditation decision outside the list",
            mutation: "recordAccreditations",
            table: "accreditation",
            items: json!([with(&accreditation, json!({ "decision": "maybe" }))]),
            path: json!(["items", 0, "decision"]),
            message: "full_5y, conditional_1y, refused",
        },
        Case {
            rule: "validity ends before it starts",
            mutation: "recordAccreditations",
            table: "accreditation",
            items: json!([with(
                &accreditation,
                json!({ "validFrom": "2020-01-01",
                "validUntil": "2019-01-01" })
            )]),
            path: json!(["items", 0, "validUntil"]),
            message: "before",
        },
        Case {
            rule: "criterion code",
            mutation: "recordSelfAssessments",
            table: "self_assessment_report",
            items: json!([with(
                &report,
                json!({ "criteria": [
                { "code": "1.1", "titleKy": "а" }, { "code": "5.1", "titleKy": "б" }] })
            )]),
            path: json!(["items", 0, "criteria", 1, "code"]),
            message: "standard 1–4",
        },
        Case {
            rule: "point kind",
            mutation: "recordSelfAssessments",
            table: "self_assessment_report",
            items: json!([with(
                &report,
                json!({ "points": [
                { "standard": 1, "kind": "opportunity", "textKy": "а" }] })
            )]),
            path: json!(["items", 0, "points", 0, "kind"]),
            message: "strength, weakness",
        },
        Case {
            rule: "a commission member twice",
            mutation: "recordSelfAssessments",
            table: "self_assessment_report",
            items: json!([with(
                &report,
                json!({ "members": [
                { "memberRef": "M-1", "roleKy": "төрага" }, { "memberRef": "M-1", "roleKy": "мүчө" }] })
            )]),
            path: json!(["items", 0, "members", 1, "memberRef"]),
            message: "twice",
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_validation_rule_refuses_the_whole_batch_with_the_item_path() {
    let t = with_fixture().await;
    let schema = schema(&t);
    for c in cases() {
        let before = t.count(c.table).await;
        let e = refused(&schema, c.mutation, c.items.clone()).await;
        let ext = &e["extensions"];
        assert_eq!(ext["code"], "BAD_USER_INPUT", "{}: {e}", c.rule);
        let path = &ext["path"];
        let prefix = c.path.as_array().unwrap();
        assert_eq!(
            &path.as_array().unwrap()[..prefix.len()],
            prefix.as_slice(),
            "{}: {e}",
            c.rule
        );
        let message = e["message"].as_str().unwrap();
        assert!(
            message.contains("nothing was written"),
            "{}: {message}",
            c.rule
        );
        assert!(message.contains(c.message), "{}: {message}", c.rule);
        assert!(ext["errors"].as_array().is_some_and(|l| !l.is_empty()));
        assert!(!message.to_lowercase().contains("select"), "{message}");
        assert_eq!(
            t.count(c.table).await,
            before,
            "{}: nothing written",
            c.rule
        );
    }
    // An empty batch and a missing required field are refused too.
    let e = refused(&schema, "recordMarkSummaries", json!([])).await;
    assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT");
    assert!(e["message"].as_str().unwrap().contains("empty"), "{e}");
    let res = send(
        &schema,
        "recordMarkSummaries",
        json!([{ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023", "grade": 9,
                 "subject": "mathematics", "period": "year" }]),
    )
    .await;
    assert!(
        res.errors[0].message.contains("nEnrolled"),
        "{:?}",
        res.errors
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_with_one_bad_item_among_many_writes_none_and_lists_every_problem() {
    let t = with_fixture().await;
    let schema = schema(&t);
    let items: Vec<Value> = (0..40)
        .map(|i| {
            json!({ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023", "studentRef": format!("S-{i}"),
                    "mainScore": if i == 17 || i == 33 { 999 } else { 120 } })
        })
        .collect();
    let before = t.count("ort_result").await;
    let e = refused(&schema, "recordOrtResults", json!(items)).await;
    assert_eq!(e["extensions"]["total"], 2, "{e}");
    let paths: Vec<&Value> = e["extensions"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| &x["path"])
        .collect();
    assert_eq!(
        paths,
        [
            &json!(["items", 17, "mainScore"]),
            &json!(["items", 33, "mainScore"])
        ]
    );
    assert_eq!(t.count("ort_result").await, before);
}

/// POST /graphql with a bearer token; the answer must be 200.
async fn post_as(cli: &TestApp, token: &str, query: &str, vars: Value) -> Value {
    let (status, body) = cli.post_with(query, vars, None, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_entry_over_http_records_and_refuses_with_the_item_path() {
    let t = with_fixture().await;
    let cli = TestApp::new(&t);
    let new = |scope: &str| domain::auth::NewToken {
        name: "school secretary".into(),
        role: domain::auth::Role::School,
        scope_code: Some(scope.into()),
        expires_at: None,
    };
    let (_, own) = domain::auth::create_token(&t.db, new("KG-O-UZG-045"))
        .await
        .unwrap();
    let (_, item) = (samples().remove(12).1, samples().remove(12).2);
    let m = mutation_text("recordEnrolmentSnapshots");
    let before = t.count("enrolment_snapshot").await;

    // Anonymous: refused, nothing written.
    let (status, body) = cli.post(&m, json!({ "items": [item] }), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    assert_eq!(t.count("enrolment_snapshot").await, before);

    // The school's own token records it.
    let body = post_as(&cli, &own, &m, json!({ "items": [item] })).await;
    assert_eq!(body["data"]["r"]["inserted"], 1, "{body}");

    // A bad item: BAD_USER_INPUT with its path, and the good item beside it is not written.
    let body = post_as(
        &cli,
        &own,
        &m,
        json!({ "items": [item, { "schoolCode": "KG-O-UZG-045", "academicYear": "2023-2024", "enrolment": -5 }] }),
    )
    .await;
    let e = &body["errors"][0];
    assert_eq!(e["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert_eq!(e["extensions"]["path"], json!(["items", 1, "enrolment"]));
    assert_eq!(t.count("enrolment_snapshot").await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_entry_mutation_works_over_http_with_an_admin_token() {
    let t = with_fixture().await;
    let cli = TestApp::new(&t);
    let admin = t.admin_token().await;
    for (mutation, table, item) in samples() {
        let before = t.count(table).await;
        let body = post_as(
            &cli,
            &admin,
            &mutation_text(mutation),
            json!({ "items": [item] }),
        )
        .await;
        assert!(body.get("errors").is_none(), "{mutation}: {body}");
        assert_eq!(body["data"]["r"]["items"], 1, "{mutation}: {body}");
        assert_eq!(t.count(table).await, before + 1, "{mutation}");
    }
    // One audit entry per item written, under the admin's token; entry forms over HTTP too.
    let token_id: i32 = admin.split('_').nth(1).unwrap().parse().unwrap();
    let body = post_as(
        &cli,
        &admin,
        "query($t: Int) { auditLog(tokenId: $t, first: 100) { entries { operation entity } } }",
        json!({ "t": token_id }),
    )
    .await;
    let entries = body["data"]["auditLog"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), samples().len(), "{body}");
    assert!(entries.iter().all(|e| e["operation"] == "record"));
    let body = post_as(
        &cli,
        &admin,
        "{ entryFields(kind: ENROLMENT) { name } }",
        json!({}),
    )
    .await;
    assert_eq!(
        body["data"]["entryFields"][0]["name"], "schoolCode",
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entry_fields_describe_each_input_field_for_a_form() {
    let t = TestDb::new().await;
    let schema = schema(&t);
    let kinds = [
        ("SCHOOLS", "SchoolInput"),
        ("MARK_SUMMARIES", "MarkSummaryInput"),
        ("CLASS_OUTCOMES", "ClassOutcomeInput"),
        ("REPORTED_INDICATORS", "ReportedIndicatorInput"),
        ("ORT_RESULTS", "OrtResultInput"),
        ("ORT_SUMMARIES", "OrtSummaryInput"),
        ("OLYMPIAD_RESULTS", "OlympiadResultInput"),
        ("OLYMPIAD_COUNTS", "OlympiadCountInput"),
        ("CONTEST_RESULTS", "ContestResultInput"),
        ("TEACHERS", "TeacherInput"),
        ("TRAINING", "TrainingInput"),
        ("STAFF", "StaffSnapshotInput"),
        ("ENROLMENT", "EnrolmentSnapshotInput"),
        ("INFRASTRUCTURE", "InfrastructureSnapshotInput"),
        ("TEXTBOOKS", "TextbookProvisionInput"),
    ];
    for (kind, input) in kinds {
        let data = run(
            &schema,
            &format!(
                r#"{{ entryFields(kind: {kind}) {{ name required }}
                     __type(name: "{input}") {{ inputFields {{ name type {{ kind }} }} }} }}"#
            ),
            json!({}),
        )
        .await;
        let described: Vec<(String, bool)> = data["entryFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_owned(),
                    f["required"].as_bool().unwrap(),
                )
            })
            .collect();
        let mut declared: Vec<(String, bool)> = data["__type"]["inputFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_owned(),
                    f["type"]["kind"] == "NON_NULL",
                )
            })
            .collect();
        let mut sorted = described.clone();
        sorted.sort();
        declared.sort();
        assert_eq!(sorted, declared, "{kind} vs {input}");
    }
    let data = run(
        &schema,
        "{ entryFields(kind: MARK_SUMMARIES) { name labelKy kind min max choices { value spellings } } }",
        json!({}),
    )
    .await;
    let fields = data["entryFields"].as_array().unwrap();
    let period = fields.iter().find(|f| f["name"] == "period").unwrap();
    assert_eq!(period["kind"], "choice");
    assert_eq!(period["choices"][0]["value"], "Q1");
    assert!(
        period["choices"][0]["spellings"]
            .as_array()
            .unwrap()
            .contains(&json!("1-чейрек"))
    );
    let grade = fields.iter().find(|f| f["name"] == "grade").unwrap();
    assert_eq!(
        (grade["min"].as_f64(), grade["max"].as_f64()),
        (Some(1.0), Some(12.0))
    );
    assert_eq!(
        fields.iter().find(|f| f["name"] == "academicYear").unwrap()["labelKy"],
        "окуу жылы"
    );
}
