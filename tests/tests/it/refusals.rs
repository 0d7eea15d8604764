//! Small findings of a hostile probe, each refused the way the rest of the API refuses: scope
//! before a row's own checks (no teacher-reference enumeration), unknown arguments and
//! unreadable dates as BAD_USER_INPUT, negative cursors refused, FORBIDDEN in the caller's
//! language, and `X-Content-Type-Options: nosniff` on every answer.

use api::graphql::AppSchema;
use async_graphql::{Request, Variables};
use domain::auth::{Caller, Principal, Role};
use integration_tests::fixture::{district_id, fixture, school_id};
use integration_tests::{TestApp, TestDb};
use serde_json::{Value, json};
use std::sync::Arc;

fn served(t: &TestDb) -> AppSchema {
    api::graphql::build_schema(
        t.db.clone(),
        Arc::new(t.config.clone()),
        api::snapshot::Snapshots::new(t.db.clone()),
    )
}

fn caller(role: Role, scope_id: Option<i32>) -> Caller {
    Caller(Some(Principal {
        token_id: None,
        subject: None,
        role,
        scope_id,
    }))
}

/// The first error of the answer (code, message, extensions), or `None` when there is none.
async fn first_error(
    schema: &AppSchema,
    who: &Caller,
    query: &str,
    vars: Value,
) -> Option<(String, String, Value)> {
    let res = schema
        .execute(
            Request::new(query)
                .variables(Variables::from_json(vars))
                .data(who.clone()),
        )
        .await;
    res.errors.first().map(|e| {
        let ext = serde_json::to_value(&e.extensions).unwrap();
        (
            ext["code"].as_str().unwrap_or_default().to_owned(),
            e.message.clone(),
            ext,
        )
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_districts_caller_learns_nothing_about_a_schools_teachers() {
    let t = fixture().await;
    let schema = served(&t);
    let admin = caller(Role::Admin, None);
    let teacher = json!({ "schoolCode": "KG-O-UZG-045", "teacherRef": "T-07",
                          "mainSubject": "Математика" });
    let recorded = first_error(
        &schema,
        &admin,
        "mutation($items: [TeacherInput!]!) { recordTeachers(items: $items) { items } }",
        json!({ "items": [teacher] }),
    )
    .await;
    assert!(recorded.is_none(), "{recorded:?}");
    let alm = caller(Role::District, Some(district_id(&t, "KG-C-ALM").await));
    let control = |teacher_ref: &str| {
        json!({ "items": [{ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023",
                            "grade": 9, "classLetter": "А", "subject": "mathematics",
                            "teacherRef": teacher_ref }] })
    };
    let mutation =
        "mutation($items: [AdminControlInput!]!) { recordAdminControl(items: $items) { items } }";

    let unknown = first_error(&schema, &alm, mutation, control("T-99")).await;
    let known = first_error(&schema, &alm, mutation, control("T-07")).await;

    let (code, message, _) = unknown.expect("refused");
    assert_eq!(code, "FORBIDDEN", "{message}");
    assert!(!message.contains("T-99"), "{message}");
    let (known_code, known_message, _) = known.expect("refused");
    assert_eq!(
        (known_code, known_message),
        (code, message),
        "an existing and a missing teacher read the same"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_subjects_unreadable_dates_and_negative_cursors_are_bad_input() {
    let t = fixture().await;
    let schema = served(&t);
    let admin = caller(Role::Admin, None);
    let id = school_id(&t, "KG-O-UZG-045").await.to_string();

    let subject = first_error(
        &schema,
        &admin,
        "query($id: ID!) { school(id: $id) { district { adminControl(year: 2021, subject: \"alchemy\") { schoolsReporting } } } }",
        json!({ "id": id }),
    )
    .await;
    let (code, message, ext) = subject.expect("an unknown subject is refused");
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
    assert_eq!(ext["field"], "subject");
    assert!(message.contains("alchemy"), "{message}");

    let cases = [
        "{ auditLog(from: \"not a date\") { entries { id } } }",
        "{ auditLog(after: \"-5\") { entries { id } } }",
        "{ auditLog(last: 2, before: \"-1\") { entries { id } } }",
        "{ jobRuns(after: \"-3\") { runs { id } } }",
    ];
    for query in cases {
        let (code, message, _) = first_error(&schema, &admin, query, json!({}))
            .await
            .unwrap_or_else(|| panic!("{query} is refused"));
        assert_eq!(code, "BAD_USER_INPUT", "{query}: {message}");
    }
    // A school listing's cursor with a negative id.
    let page = schema
        .execute(
            Request::new("{ schools(first: 1) { pageInfo { endCursor } } }").data(admin.clone()),
        )
        .await
        .data
        .into_json()
        .unwrap();
    let cursor = page["schools"]["pageInfo"]["endCursor"].as_str().unwrap();
    let (listing, _) = cursor.rsplit_once('.').unwrap();
    let negative = format!("{listing}.-7");
    let (code, message, _) = first_error(
        &schema,
        &admin,
        "query($c: ID!) { schools(first: 1, after: $c) { edges { cursor } } }",
        json!({ "c": negative }),
    )
    .await
    .expect("a negative cursor is refused");
    assert_eq!(code, "BAD_USER_INPUT", "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbidden_speaks_the_callers_language_and_answers_are_not_sniffed() {
    let t = TestDb::new().await;
    let app = TestApp::new(&t);
    let query = "{ auditLog { entries { id } } }";
    let mut said = Vec::new();
    for lang in ["ky", "ru", "en"] {
        let (_, body) = app.post(query, json!({}), Some(lang)).await;
        let error = &body["errors"][0];
        assert_eq!(error["extensions"]["code"], "FORBIDDEN", "{body}");
        said.push(error["message"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        said[0],
        "өзгөртүүлөр журналы: администратордун токени керек"
    );
    assert_eq!(said[1], "журнал изменений: нужен токен администратора");
    assert_eq!(said[2], "the audit log needs an admin token");

    for path in ["/", "/healthz", "/metrics", "/dashboard/app.js"] {
        let res = app.http.get(path).send().await;
        res.assert_header("x-content-type-options", "nosniff");
    }
    let res = app
        .http
        .post("/graphql")
        .content_type("application/json")
        .body(json!({ "query": "{ regions { code } }" }).to_string())
        .send()
        .await;
    res.assert_header("x-content-type-options", "nosniff");
}
