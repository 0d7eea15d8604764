//! GraphQL queries executed in-process (`schema.execute`): places, the school listing with
//! filters, order and name search, the school profile, derived mark values, languages of
//! `name`, batching (statements counted) and the query limits.

use async_graphql::{Request, Variables};
use integration_tests::fixture::{NewSchool, add_school};
use integration_tests::{TestDb, fail, run, schema};
use serde_json::{Value, json};

/// Runs a query that must fail and returns its errors as JSON.
async fn three_schools(t: &TestDb) -> (i32, i32, i32) {
    let a = add_school(
        t,
        NewSchool {
            district: "KG-O-UZG",
            code: "T-A",
            name_ky: "Үңкүр-Өзөн орто мектеби",
            name_ru: "Средняя школа Унгкюр-Озон",
            ownership: "state",
            school_type: "general",
            languages: &["ky", "uz"],
        },
    )
    .await;
    let b = add_school(
        t,
        NewSchool {
            district: "KG-O-UZG",
            code: "T-B",
            name_ky: "Алёша атындагы гимназия",
            name_ru: "Гимназия имени Алёши",
            ownership: "municipal",
            school_type: "gymnasium",
            languages: &["ru"],
        },
    )
    .await;
    let c = add_school(
        t,
        NewSchool {
            district: "KG-C-ALM",
            code: "T-C",
            name_ky: "Бирлик лицейи",
            name_ru: "Лицей Бирлик",
            ownership: "private",
            school_type: "lyceum",
            languages: &["ky", "ru"],
        },
    )
    .await;
    (a, b, c)
}

fn codes(data: &Value) -> Vec<String> {
    data["schools"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schools_filter_by_place_type_ownership_and_language() {
    let t = TestDb::new().await;
    three_schools(&t).await;
    let s = schema(&t);
    let q = "query($f: SchoolFilterInput) { schools(filter: $f, first: 10) { totalCount edges { node { code } } } }";
    let osh = run(&s, "{ regions { id code } }", json!({})).await["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "KG-O")
        .unwrap()["id"]
        .clone();
    let cases = [
        (json!({}), vec!["T-A", "T-B", "T-C"]),
        (json!({ "regionId": osh }), vec!["T-A", "T-B"]),
        (
            json!({ "schoolType": ["LYCEUM", "GYMNASIUM"] }),
            vec!["T-B", "T-C"],
        ),
        (json!({ "ownership": ["STATE"] }), vec!["T-A"]),
        (json!({ "language": ["UZ"] }), vec!["T-A"]),
        (
            json!({ "language": ["RU"], "ownership": ["PRIVATE"] }),
            vec!["T-C"],
        ),
        (json!({ "language": ["TJ"] }), vec![]),
    ];
    for (filter, want) in cases {
        let data = run(&s, q, json!({ "f": filter })).await;
        assert_eq!(codes(&data), want, "filter {filter}");
        assert_eq!(data["schools"]["totalCount"], want.len(), "filter {filter}");
    }
    let district = run(&s, "{ districts { id code } }", json!({})).await["districts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "KG-C-ALM")
        .unwrap()["id"]
        .clone();
    let data = run(&s, q, json!({ "f": { "districtId": district } })).await;
    assert_eq!(codes(&data), ["T-C"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn name_search_folds_kyrgyz_and_russian_letters_on_both_databases() {
    let t = TestDb::new().await;
    three_schools(&t).await;
    let s = schema(&t);
    let q = "query($n: String) { schools(filter: { name: $n }) { totalCount edges { node { code } } } }";
    for (needle, want) in [
        ("ҮҢКҮР", vec!["T-A"]),
        ("үңкүр-өзөн", vec!["T-A"]),
        ("ӨЗӨН", vec!["T-A"]),
        ("алеша", vec!["T-B"]),
        ("АЛЁШИ", vec!["T-B"]),
        ("гимназия", vec!["T-B"]),
        ("  лицей   бирлик ", vec!["T-C"]),
        ("школа", vec!["T-A"]),
        ("100%", vec![]),
        ("_", vec![]),
    ] {
        let data = run(&s, q, json!({ "n": needle })).await;
        assert_eq!(codes(&data), want, "search {needle:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_order_pages_through_all_schools_exactly_once() {
    let t = TestDb::new().await;
    three_schools(&t).await;
    // Kyrgyz names with ң ө ү, two of them equal: ties are broken by id.
    for (n, name_ky) in [
        "Жаңы мектеп",
        "Өрнөк мектеби",
        "Жаңы мектеп",
        "Үмүт мектеби",
    ]
    .into_iter()
    .enumerate()
    {
        add_school(
            &t,
            NewSchool {
                district: "KG-O-UZG",
                code: &format!("T-Z{}", n + 1),
                name_ky,
                // Equal names: ties are broken by id.
                name_ru: "Новая школа",
                ownership: "state",
                school_type: "general",
                languages: &[],
            },
        )
        .await;
    }
    let s = schema(&t);
    let q = "query($o: SchoolOrderBy!, $first: Int, $a: ID, $last: Int, $b: ID) {
        schools(orderBy: $o, first: $first, after: $a, last: $last, before: $b) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code } } } }";
    for order in ["ID", "CODE", "NAME_KY", "NAME_RU"] {
        let all = codes(&run(&s, q, json!({ "o": order, "first": 200 })).await);
        assert_eq!(all.len(), 7);
        // Forward from the start, 2 at a time.
        let mut forward = Vec::new();
        let mut after = Value::Null;
        loop {
            let data = run(&s, q, json!({ "o": order, "a": after, "first": 2 })).await;
            let info = &data["schools"]["pageInfo"];
            assert_eq!(data["schools"]["totalCount"], 7);
            assert_eq!(info["hasPreviousPage"], !after.is_null(), "order {order}");
            assert_eq!(info["startCursor"], data["schools"]["edges"][0]["cursor"]);
            forward.push(codes(&data));
            if info["hasNextPage"] == false {
                break;
            }
            after = info["endCursor"].clone();
        }
        assert_eq!(forward.concat(), all, "order {order}");
        // Backward from the end, 2 at a time: the same schools, the last page first.
        let mut backward = Vec::new();
        let mut before = Value::Null;
        loop {
            let data = run(&s, q, json!({ "o": order, "b": before, "last": 2 })).await;
            let info = &data["schools"]["pageInfo"];
            assert_eq!(data["schools"]["totalCount"], 7);
            assert_eq!(info["hasNextPage"], !before.is_null(), "order {order}");
            let edges = data["schools"]["edges"].as_array().unwrap();
            assert_eq!(info["endCursor"], edges[edges.len() - 1]["cursor"]);
            backward.push(codes(&data));
            if info["hasPreviousPage"] == false {
                break;
            }
            before = info["startCursor"].clone();
        }
        assert_eq!(backward.len(), 4, "order {order}");
        backward.reverse();
        assert_eq!(backward.concat(), all, "order {order}");
        // Back from a page forward: `last` before its start is the page before it.
        let second = run(
            &s,
            q,
            json!({ "o": order, "first": 2, "a": forward_cursor(&s, q, order, 2).await }),
        )
        .await;
        assert_eq!(codes(&second), forward[1]);
        let back = run(
            &s,
            q,
            json!({ "o": order, "last": 2, "b": second["schools"]["pageInfo"]["startCursor"] }),
        )
        .await;
        assert_eq!(codes(&back), forward[0], "order {order}");
        assert_eq!(back["schools"]["pageInfo"]["hasPreviousPage"], false);
        assert_eq!(back["schools"]["pageInfo"]["hasNextPage"], true);
        // Between two cursors: only the schools strictly between them.
        let between = run(
            &s,
            q,
            json!({ "o": order, "first": 200, "a": second["schools"]["edges"][0]["cursor"], "b": back["schools"]["edges"][0]["cursor"] }),
        )
        .await;
        assert!(codes(&between).is_empty(), "order {order}");
        if order == "CODE" {
            assert_eq!(all, ["T-A", "T-B", "T-C", "T-Z1", "T-Z2", "T-Z3", "T-Z4"]);
        }
        if order == "NAME_RU" {
            // Гимназия…, Лицей…, Новая школа ×4 (by id), Средняя школа…
            assert_eq!(all, ["T-B", "T-C", "T-Z1", "T-Z2", "T-Z3", "T-Z4", "T-A"]);
        }
    }
}

/// The `endCursor` of the first page of `n` schools in `order`.
async fn forward_cursor(s: &api::graphql::AppSchema, q: &str, order: &str, n: i32) -> Value {
    run(s, q, json!({ "o": order, "first": n })).await["schools"]["pageInfo"]["endCursor"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_and_before_are_checked_like_first_and_after() {
    let t = TestDb::new().await;
    let s = schema(&t);
    let data = run(&s, "{ schools(last: 200) { totalCount } }", json!({})).await;
    assert_eq!(data["schools"]["totalCount"], 0);
    let errors = fail(
        &s,
        "{ schools(first: 2, last: 2) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`first`") && message.contains("`last`"),
        "{message}"
    );
    let errors = fail(&s, "{ schools(last: 201) { totalCount } }", json!({})).await;
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(errors[0]["extensions"]["field"], "last");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 200")
    );
    let errors = fail(&s, "{ schools(last: -1) { totalCount } }", json!({})).await;
    assert_eq!(errors[0]["extensions"]["field"], "last");
    let errors = fail(
        &s,
        r#"{ schools(last: 2, before: "abc") { totalCount } }"#,
        json!({}),
    )
    .await;
    assert_eq!(errors[0]["extensions"]["field"], "before");
    // `last` counts like `first` in the complexity estimate: 200 schools × a profile
    // section is far above the limit either way.
    for size in ["first", "last"] {
        let heavy = format!(
            "{{ schools({size}: 200) {{ edges {{ node {{ code staff {{ teachersTotal }} }} }} }} }}"
        );
        let errors = fail(&s, &heavy, json!({})).await;
        assert!(
            errors[0]["message"]
                .as_str()
                .unwrap()
                .contains("too complex"),
            "{size}: {errors:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_size_is_capped_at_200_with_a_clear_error() {
    let t = TestDb::new().await;
    let s = schema(&t);
    let data = run(&s, "{ schools(first: 200) { totalCount } }", json!({})).await;
    assert_eq!(data["schools"]["totalCount"], 0);
    let errors = fail(&s, "{ schools(first: 201) { totalCount } }", json!({})).await;
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(errors[0]["extensions"]["field"], "first");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 200")
    );
    let errors = fail(&s, "{ schools(first: -1) { totalCount } }", json!({})).await;
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT");
    let errors = fail(&s, r#"{ schools(after: "abc") { totalCount } }"#, json!({})).await;
    assert_eq!(errors[0]["extensions"]["field"], "after");

    // A cursor belongs to its filter and order: elsewhere it is refused, not taken as a
    // position in a listing it does not belong to.
    three_schools(&t).await;
    let page = run(
        &s,
        "{ schools(first: 1, orderBy: CODE) { pageInfo { endCursor } } }",
        json!({}),
    )
    .await;
    let cursor = page["schools"]["pageInfo"]["endCursor"].clone();
    assert!(cursor.is_string(), "{page}");
    let same = run(
        &s,
        "query($c: ID) { schools(first: 1, after: $c, orderBy: CODE) { totalCount } }",
        json!({ "c": cursor }),
    )
    .await;
    assert!(same["schools"]["totalCount"].is_number());
    for other in [
        "query($c: ID) { schools(first: 1, after: $c, orderBy: NAME_KY) { totalCount } }",
        r#"query($c: ID) { schools(first: 1, after: $c, orderBy: CODE, filter: { name: "а" }) { totalCount } }"#,
        "query($c: ID) { schools(last: 1, before: $c) { totalCount } }",
    ] {
        let errors = fail(&s, other, json!({ "c": cursor })).await;
        assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT", "{other}");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(
            message.contains("not a cursor of this list (cursors belong to one filter and order)"),
            "{message}"
        );
    }
}

/// Class 5А of 2023-2024 with two annual mark summaries and one class outcome.
async fn marks(t: &TestDb, school: i32) {
    domain::year::ensure(&t.db, 2023).await.unwrap();
    t.exec(&format!(
        "INSERT INTO class_group (school_id, academic_year, grade, letter, enrolled) VALUES ({school}, 2023, 5, 'А', 26), ({school}, 2023, 9, 'Б', 10)"
    ))
    .await;
    let period = |kind: &str, idx: i32| {
        format!(
            "(SELECT id FROM period WHERE academic_year = 2023 AND kind = '{kind}' AND idx = {idx})"
        )
    };
    let class = |grade: i32| {
        format!("(SELECT id FROM class_group WHERE school_id = {school} AND grade = {grade})")
    };
    let subject = |code: &str| format!("(SELECT id FROM subject WHERE code = '{code}')");
    for (grade, subj, per, kind, counts) in [
        // 4 fives, 8 fours, 10 threes, 2 twos, 1 н/а, 1 exempt: N = 25.
        (
            5,
            "mathematics",
            period("year", 1),
            "period_marks",
            "4, 8, 10, 2, 0, 1, 1, 26",
        ),
        // N = 5, all fives.
        (
            9,
            "mathematics",
            period("year", 1),
            "period_marks",
            "5, 0, 0, 0, 0, 0, 5, 10",
        ),
        (
            5,
            "kyrgyz_language",
            period("quarter", 1),
            "period_marks",
            "1, 1, 1, 1, 1, 0, 0, 26",
        ),
        (
            5,
            "mathematics",
            period("half_year", 1),
            "admin_control",
            "0, 0, 0, 0, 0, 0, 0, 26",
        ),
    ] {
        t.exec(&format!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, n5, n4, n3, n2, n1, n_na, n_exempt, n_enrolled) \
             VALUES ({}, {}, {per}, '{kind}', {counts})",
            class(grade),
            subject(subj)
        ))
        .await;
    }
    t.exec(&format!(
        "INSERT INTO class_outcome (class_group_id, period_id, n_all_5, n_4_5, n_with_3, n_with_2, n_na, n_exempt, n_enrolled) \
         VALUES ({}, {}, 2, 8, 12, 2, 1, 1, 26)",
        class(5),
        period("year", 1)
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mark_summaries_carry_derived_values_with_their_denominator() {
    let t = TestDb::new().await;
    let (a, _, _) = three_schools(&t).await;
    marks(&t, a).await;
    let s = schema(&t);
    let q = "query($id: ID!, $f: MarkFilterInput) { school(id: $id) {
        markSummaries(filter: $f) { classGroup { grade letter academicYear } subject { code name(lang: RU) }
          period { kind { code } index } assessmentKind { code nameKy } n5 n4 n3 n2 n1 nNa nExempt
          assessed knowledgeQualityPct successPct averageMark souPct }
        markTotals(filter: $f) { rows n5 indicators { assessed marked knowledgeQualityPct successPct averageMark souPct } }
        classOutcomes(filter: { year: 2023, periodKind: \"year\" }) { classGroup { grade } nAll5 n45 assessed knowledgeQualityPct successPct averageMark souPct } } }";
    let id = a.to_string();
    let data = run(
        &s,
        q,
        json!({ "id": id, "f": { "year": 2023, "grade": 5, "subject": "mathematics", "periodKind": "year", "assessmentKind": "period_marks" } }),
    )
    .await;
    let rows = data["school"]["markSummaries"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    let m = &rows[0];
    assert_eq!(m["classGroup"]["letter"], "А");
    assert_eq!(m["subject"]["name"], "Математика");
    assert_eq!(m["assessed"], 25);
    assert_eq!(m["knowledgeQualityPct"], 48.0);
    assert_eq!(m["successPct"], 88.0);
    assert_eq!(m["averageMark"], (20.0 + 32.0 + 30.0 + 4.0) / 24.0);
    assert_eq!(m["souPct"], (400.0 + 512.0 + 360.0 + 32.0 + 7.0) / 25.0);

    // Totals sum the counts first: (12 + 5) / (25 + 5), not the mean of 48 % and 100 %.
    let data = run(
        &s,
        q,
        json!({ "id": id, "f": { "year": 2023, "subject": "mathematics", "periodKind": "year" } }),
    )
    .await;
    let totals = &data["school"]["markTotals"];
    assert_eq!(totals["rows"], 2);
    assert_eq!(totals["n5"], 9);
    assert_eq!(totals["indicators"]["assessed"], 30);
    let kq = totals["indicators"]["knowledgeQualityPct"]
        .as_f64()
        .unwrap();
    assert!((kq - 17.0 * 100.0 / 30.0).abs() < 1e-9, "{kq}");

    // An empty scope has no values: missing, never 0.
    let data = run(
        &s,
        q,
        json!({ "id": id, "f": { "assessmentKind": "admin_control" } }),
    )
    .await;
    let m = &data["school"]["markSummaries"][0];
    assert_eq!(m["assessed"], 0);
    for k in ["knowledgeQualityPct", "successPct", "averageMark", "souPct"] {
        assert_eq!(m[k], Value::Null, "{k}");
    }
    assert_eq!(
        m["assessmentKind"]["nameKy"],
        "административдик текшерүү иши"
    );
    assert_eq!(
        data["school"]["markTotals"]["indicators"]["knowledgeQualityPct"],
        Value::Null
    );

    // Period and subject filters.
    let data = run(
        &s,
        q,
        json!({ "id": id, "f": { "periodKind": "quarter", "periodIndex": 1 } }),
    )
    .await;
    let rows = data["school"]["markSummaries"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["subject"]["code"], "kyrgyz_language");
    assert_eq!(rows[0]["successPct"], 60.0, "a 1 is not a success");
    let data = run(&s, q, json!({ "id": id, "f": {} })).await;
    assert_eq!(data["school"]["markSummaries"].as_array().unwrap().len(), 4);

    // Class outcome: the class-level rule (all 4–5; no 2 and not н/а) over N = 25.
    let o = &data["school"]["classOutcomes"][0];
    assert_eq!(o["assessed"], 25);
    assert_eq!(o["knowledgeQualityPct"], 40.0);
    assert_eq!(o["successPct"], 88.0);
    assert_eq!(o["averageMark"], Value::Null);
    assert_eq!(o["souPct"], Value::Null);

    // A filter value outside the vocabulary is refused, naming the field.
    let errors = fail(
        &s,
        q,
        json!({ "id": id, "f": { "periodKind": "semester" } }),
    )
    .await;
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(errors[0]["extensions"]["field"], "filter.periodKind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fixture_school_profile_has_every_section() {
    let t = TestDb::new().await;
    let demo = demo::load(&t.db, 245).await.unwrap();
    let s = schema(&t);
    let q = "query($id: ID!) { school(id: $id) {
        code name nameRu ownershipLabel { code nameKy nameRu nameEn } schoolTypeLabel { nameRu } languages { code }
        district { code region { code } }
        enrolment { academicYear enrolment grades { grade pupils } }
        latestEnrolment { academicYear enrolment }
        staff { academicYear teachersTotal } latestStaff { academicYear teachersTotal }
        infrastructure { academicYear classrooms computers } latestInfrastructure { academicYear }
        textbooks { academicYear gradeBand provisionPct fromCounts }
        ortSummaries { academicYear participants maxScore }
        ortResults { academicYear studentRef mainScore listing session { code nameKy } }
        olympiadResults { academicYear }
        olympiadCounts { academicYear level { code nameKy } prizeCount }
        contests { academicYear contestName contestNameKy level { code } award { code } entryRef }
        teachers { teacherRef category { code } awards { year } trainingIds }
        trainings { id academicYear programmeNameKy provider { code } participants }
        accreditations { decisionYear decision { code nameRu } }
        reportedIndicators { indicator value source period { academicYear kind { code } } }
        selfAssessments { academicYear members { memberRef } criteria { code titleKy }
          strengths { standard position textKy } weaknesses { standard position textKy } } } }";
    let data = run(&s, q, json!({ "id": demo.school_id.to_string() })).await;
    let school = &data["school"];
    assert_eq!(school["code"], demo::FIXTURE_SCHOOL_CODE);
    assert_eq!(school["district"]["code"], "KG-O-UZG");
    assert_eq!(school["district"]["region"]["code"], "KG-O");
    assert_eq!(school["ownershipLabel"]["nameEn"], "municipal");
    for section in [
        "staff",
        "infrastructure",
        "textbooks",
        "ortResults",
        "olympiadCounts",
        "contests",
        "trainings",
        "reportedIndicators",
        "selfAssessments",
    ] {
        assert!(
            !school[section].as_array().unwrap().is_empty(),
            "the fixture has {section}: {}",
            school[section]
        );
    }
    // Seed 003 reports five years of school-wide knowledge quality without counts.
    let reported = school["reportedIndicators"].as_array().unwrap();
    let kq: Vec<&Value> = reported
        .iter()
        .filter(|r| r["indicator"] == "knowledge_quality")
        .collect();
    assert_eq!(kq.len(), 5, "{reported:?}");
    assert!(
        kq.iter()
            .all(|r| (0.0..=100.0).contains(&r["value"].as_f64().unwrap()))
    );
    // Newest year first, and `latest*` is that year.
    let staff = school["staff"].as_array().unwrap();
    assert!(
        staff
            .windows(2)
            .all(|w| w[0]["academicYear"].as_i64() > w[1]["academicYear"].as_i64())
    );
    assert_eq!(
        school["latestStaff"]["academicYear"],
        staff[0]["academicYear"]
    );
    let report = &school["selfAssessments"][0];
    assert!(!report["criteria"].as_array().unwrap().is_empty());
    assert!(
        !report["strengths"].as_array().unwrap().is_empty()
            || !report["weaknesses"].as_array().unwrap().is_empty()
    );
    // Kyrgyz letters survive the whole path.
    let text = data.to_string();
    assert!(
        text.contains('ө') || text.contains('ү') || text.contains('ң'),
        "{text}"
    );

    // Unknown id: null, not an error; a malformed id: BAD_USER_INPUT.
    let data = run(&s, "{ school(id: \"999999\") { code } }", json!({})).await;
    assert_eq!(data["school"], Value::Null);
    let errors = fail(&s, "{ school(id: \"x\") { code } }", json!({})).await;
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_costs_the_same_number_of_statements_whatever_its_size() {
    let t = TestDb::new().await;
    for y in [2022, 2023] {
        domain::year::ensure(&t.db, y).await.unwrap();
    }
    for n in 0..55 {
        let district = if n % 2 == 0 { "KG-O-UZG" } else { "KG-C-ALM" };
        let id = add_school(
            &t,
            NewSchool {
                district,
                code: &format!("B-{n:03}"),
                name_ky: &format!("№{n} мектеп"),
                name_ru: &format!("Школа №{n}"),
                ownership: "state",
                school_type: "general",
                languages: &["ky"],
            },
        )
        .await;
        for y in [2022, 2023] {
            t.exec(&format!(
                "INSERT INTO enrolment_snapshot (school_id, academic_year, enrolment) VALUES ({id}, {y}, {})",
                100 + y - 2022 + n
            ))
            .await;
            t.exec(&format!(
                "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total) VALUES ({id}, {y}, {})",
                10 + y - 2022
            ))
            .await;
            t.exec(&format!(
                "INSERT INTO infrastructure_snapshot (school_id, academic_year, classrooms) VALUES ({id}, {y}, {})",
                y - 2000
            ))
            .await;
        }
    }
    let s = schema(&t);
    let q = "query($n: Int!) { schools(first: $n) { totalCount edges { node { code name
        district { code name region { code name } } languages { code }
        latestEnrolment { academicYear enrolment } latestStaff { teachersTotal }
        latestInfrastructure { classrooms } } } } }";
    let q_last = q.replacen("first: $n", "last: $n", 1);
    let q_last: &str = &q_last;
    let measure = |q: &str, n: i32| {
        let q = q.to_owned();
        let s = s.clone();
        async move {
            let (res, statements) = domain::db::count_statements(
                s.execute(Request::new(q).variables(Variables::from_json(json!({ "n": n })))),
            )
            .await;
            assert!(res.errors.is_empty(), "{:?}", res.errors);
            (res.data.into_json().unwrap(), statements)
        }
    };
    let (data, fifty) = measure(q, 50).await;
    let edges = data["schools"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 50);
    for e in edges {
        let node = &e["node"];
        assert_eq!(node["latestEnrolment"]["academicYear"], 2023);
        assert_eq!(node["latestStaff"]["teachersTotal"], 11);
        assert_eq!(node["latestInfrastructure"]["classrooms"], 23);
        assert!(node["district"]["region"]["code"].is_string());
        assert_eq!(node["languages"][0]["code"], "ky");
    }
    // page, count, districts, regions, languages and three latest snapshots.
    assert_eq!(fifty, 8, "statements for a 50-school page");
    let (_, five) = measure(q, 5).await;
    assert_eq!(five, fifty, "statements do not grow with the page");
    // Backward pages cost the same: the last 50 and the last 5.
    let (data, last_fifty) = measure(q_last, 50).await;
    assert_eq!(data["schools"]["edges"].as_array().unwrap().len(), 50);
    assert_eq!(data["schools"]["edges"][49]["node"]["code"], "B-054");
    assert_eq!(last_fifty, fifty, "statements for the last 50 schools");
    let (_, last_five) = measure(q_last, 5).await;
    assert_eq!(
        last_five, fifty,
        "statements do not grow with a backward page"
    );
    // Counting is real: a page without nested lists costs less.
    let (_, bare) = domain::db::count_statements(
        s.execute("{ schools(first: 50) { edges { node { code } } } }"),
    )
    .await;
    assert_eq!(bare, 3, "page, districts and regions");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn depth_and_complexity_limits_reject_expensive_queries() {
    let t = TestDb::new().await;
    let s = schema(&t);
    // 13 levels: deeper than the limit of 12.
    let deep = "{ regions { districts { region { districts { region { districts { region { districts { region { districts { region { districts { code } } } } } } } } } } } } }";
    let errors = fail(&s, deep, json!({})).await;
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("nested too deep"),
        "{errors:?}"
    );
    // 200 schools × a profile section (50 each) is far above the complexity limit.
    let heavy = "{ schools(first: 200) { edges { node { code staff { teachersTotal } } } } }";
    let errors = fail(&s, heavy, json!({})).await;
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("too complex"),
        "{errors:?}"
    );
    // The same section on one school is fine.
    run(
        &s,
        "{ schools(first: 2) { edges { node { code staff { teachersTotal } } } } }",
        json!({}),
    )
    .await;
}
