//! Access control on both databases. The matrix: every field of Query, Mutation and School in
//! the SDL × every caller (anonymous, admin, and a region, district and school token with the
//! target school in and out of scope) → allowed or FORBIDDEN, from one table; a field missing
//! from the table fails the test. Then: lists hold only rows in scope, person-level rows stay
//! with the school and the ministry, cross-district import rows are refused by row number,
//! and every write leaves audit entries that an admin can query.

use api::graphql::AppSchema;
use async_graphql::{Request, Variables};
use domain::auth::{self, Caller, NewToken, Role};
use integration_tests::TestDb;
use integration_tests::entry::{mutation_text, samples};
use integration_tests::fixture::{fixture, full, school_id};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Who may use a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Everyone, anonymous included: places, the directory, published indicators.
    Public,
    /// A school's reported facts: admin and tokens whose scope holds the school.
    Reported,
    /// Rows about one pupil or teacher: admin and the school's own token.
    People,
    /// Data entry: admin and tokens whose scope holds the school; never anonymous.
    Write,
    /// A district's reported facts summed: admin, and region or district tokens whose scope
    /// holds the district (never a school token).
    District,
    /// The ministry only.
    Admin,
}

/// The callers of the matrix; "in"/"out": the target school (KG-O-UZG-045) is in/out of scope.
const CALLERS: [&str; 8] = [
    "anonymous",
    "admin",
    "region in",
    "region out",
    "district in",
    "district out",
    "school in",
    "school out",
];

fn allowed(rule: Rule, caller: &str) -> bool {
    match rule {
        Rule::Public => true,
        Rule::Reported | Rule::Write => {
            matches!(caller, "admin" | "region in" | "district in" | "school in")
        }
        Rule::People => matches!(caller, "admin" | "school in"),
        Rule::District => matches!(caller, "admin" | "region in" | "district in"),
        Rule::Admin => caller == "admin",
    }
}

/// One selection per School field, inside `school(id: $id) { … }`.
const SCHOOL_FIELDS: &[(&str, Rule, &str)] = &[
    ("id", Rule::Public, "id"),
    (
        "indicators",
        Rule::Public,
        "indicators { freshness { generationId } }",
    ),
    (
        "trends",
        Rule::Public,
        "trends { freshness { generationId } }",
    ),
    ("code", Rule::Public, "code"),
    ("number", Rule::Public, "number"),
    ("name", Rule::Public, "name"),
    ("nameKy", Rule::Public, "nameKy"),
    ("nameRu", Rule::Public, "nameRu"),
    ("nameEn", Rule::Public, "nameEn"),
    ("settlement", Rule::Public, "settlement"),
    ("address", Rule::Public, "address"),
    ("ownership", Rule::Public, "ownership"),
    ("ownershipLabel", Rule::Public, "ownershipLabel { code }"),
    ("schoolType", Rule::Public, "schoolType"),
    ("schoolTypeLabel", Rule::Public, "schoolTypeLabel { code }"),
    ("foundedYear", Rule::Public, "foundedYear"),
    ("designCapacity", Rule::Public, "designCapacity"),
    ("phone", Rule::Public, "phone"),
    ("email", Rule::Public, "email"),
    ("website", Rule::Public, "website"),
    ("licenseNo", Rule::Public, "licenseNo"),
    ("registrationNo", Rule::Public, "registrationNo"),
    ("district", Rule::Public, "district { code }"),
    ("languages", Rule::Public, "languages { code }"),
    (
        "latestEnrolment",
        Rule::Reported,
        "latestEnrolment { enrolment }",
    ),
    (
        "latestStaff",
        Rule::Reported,
        "latestStaff { teachersTotal }",
    ),
    (
        "latestInfrastructure",
        Rule::Reported,
        "latestInfrastructure { classrooms }",
    ),
    ("enrolment", Rule::Reported, "enrolment { enrolment }"),
    (
        "infrastructure",
        Rule::Reported,
        "infrastructure { classrooms }",
    ),
    ("staff", Rule::Reported, "staff { teachersTotal }"),
    ("textbooks", Rule::Reported, "textbooks { provisionPct }"),
    ("markSummaries", Rule::Reported, "markSummaries { n5 }"),
    ("markTotals", Rule::Reported, "markTotals { rows }"),
    (
        "reportedIndicators",
        Rule::Reported,
        "reportedIndicators { value }",
    ),
    (
        "classOutcomes",
        Rule::Reported,
        "classOutcomes { nEnrolled }",
    ),
    (
        "ortSummaries",
        Rule::Reported,
        "ortSummaries { participants }",
    ),
    ("ortResults", Rule::People, "ortResults { studentRef }"),
    (
        "olympiadResults",
        Rule::People,
        "olympiadResults { studentRef }",
    ),
    (
        "olympiadCounts",
        Rule::Reported,
        "olympiadCounts { prizeCount }",
    ),
    ("contests", Rule::People, "contests { entryRef }"),
    ("teachers", Rule::People, "teachers { teacherRef }"),
    ("trainings", Rule::Reported, "trainings { participants }"),
    (
        "accreditations",
        Rule::Reported,
        "accreditations { decisionYear }",
    ),
    (
        "selfAssessments",
        Rule::Reported,
        "selfAssessments { academicYear }",
    ),
    (
        "adminControl",
        Rule::Reported,
        "adminControl(year: 2021) { year classes { teacherRef } }",
    ),
    ("reports", Rule::Reported, "reports(year: 2021) { url }"),
];

/// One selection per District field, inside `school(id: $id) { district { … } }` (the target
/// school's district).
const DISTRICT_FIELDS: &[(&str, Rule, &str)] = &[
    ("id", Rule::Public, "id"),
    ("code", Rule::Public, "code"),
    ("kind", Rule::Public, "kind"),
    ("kindLabel", Rule::Public, "kindLabel { code }"),
    ("name", Rule::Public, "name"),
    ("nameKy", Rule::Public, "nameKy"),
    ("nameRu", Rule::Public, "nameRu"),
    ("nameEn", Rule::Public, "nameEn"),
    ("soateCode", Rule::Public, "soateCode"),
    ("region", Rule::Public, "region { code }"),
    (
        "adminControl",
        Rule::District,
        "adminControl(year: 2021) { schoolsReporting bySubject { pairs } }",
    ),
    ("reports", Rule::District, "reports(year: 2021) { url }"),
];

/// Query fields: (field, rule, operation); `$id` is the target school, `$d` its district.
fn query_fields() -> Vec<(&'static str, Rule, &'static str)> {
    vec![
        ("regions", Rule::Public, "{ regions { code } }"),
        ("subjects", Rule::Public, "{ subjects { code nameKy } }"),
        ("districts", Rule::Public, "{ districts { code } }"),
        (
            "schools",
            Rule::Public,
            "{ schools(first: 5) { totalCount edges { node { code } } } }",
        ),
        (
            "school",
            Rule::Public,
            "query($id: ID!) { school(id: $id) { code } }",
        ),
        (
            "schoolByCode",
            Rule::Public,
            r#"{ schoolByCode(code: "KG-O-UZG-045") { code } }"#,
        ),
        (
            "indicatorCatalog",
            Rule::Public,
            "{ indicatorCatalog { code } }",
        ),
        (
            "districtComparison",
            Rule::Public,
            "query($d: ID!) { districtComparison(districtId: $d, year: 2021) { schools { school { code } } } }",
        ),
        (
            "alerts",
            Rule::Public,
            "query($d: ID!) { alerts(districtId: $d, year: 2021) { alerts { school { code } kind } } }",
        ),
        (
            "ranking",
            Rule::Public,
            r#"{ ranking(code: "knowledge_quality_pct", year: 2021, scope: COUNTRY) { totalCount } }"#,
        ),
        (
            "compareSchools",
            Rule::Public,
            r#"query($id: ID!) { compareSchools(schoolIds: [$id], codes: ["knowledge_quality_pct"]) { years } }"#,
        ),
        (
            "district",
            Rule::Public,
            "query($d: ID!) { district(id: $d) { trends { freshness { generationId } } } }",
        ),
        (
            "region",
            Rule::Public,
            "query($r: ID!) { region(id: $r) { trends { freshness { generationId } } } }",
        ),
        (
            "country",
            Rule::Public,
            "{ country { trends { freshness { generationId } } } }",
        ),
        (
            "trendStatus",
            Rule::Public,
            "{ trendStatus { served { generationId } } }",
        ),
        (
            "entryFields",
            Rule::Public,
            "{ entryFields(kind: STAFF) { name } }",
        ),
        ("jobRuns", Rule::Admin, "{ jobRuns { runs { id } } }"),
        (
            "auditLog",
            Rule::Admin,
            "{ auditLog(first: 5) { entries { id } } }",
        ),
    ]
}

/// Mutation fields other than the record*/upsert ones (which take the samples' items).
const OTHER_MUTATIONS: &[(&str, Rule)] =
    &[("importFile", Rule::Write), ("refreshTrends", Rule::Admin)];

async fn token(t: &TestDb, role: Role, scope: Option<&str>) -> Caller {
    let (_, secret) = auth::create_token(
        &t.db,
        NewToken {
            name: format!("{} {}", role.code(), scope.unwrap_or("all")),
            role,
            scope_code: scope.map(str::to_owned),
            expires_at: None,
        },
    )
    .await
    .unwrap();
    Caller(Some(
        auth::authenticate(&t.db, &secret).await.unwrap().unwrap(),
    ))
}

async fn callers(t: &TestDb) -> Vec<(&'static str, Caller)> {
    let all = vec![
        ("anonymous", Caller(None)),
        ("admin", token(t, Role::Admin, None).await),
        ("region in", token(t, Role::Region, Some("KG-O")).await),
        ("region out", token(t, Role::Region, Some("KG-C")).await),
        (
            "district in",
            token(t, Role::District, Some("KG-O-UZG")).await,
        ),
        (
            "district out",
            token(t, Role::District, Some("KG-C-ALM")).await,
        ),
        (
            "school in",
            token(t, Role::School, Some("KG-O-UZG-045")).await,
        ),
        (
            "school out",
            token(t, Role::School, Some("KG-O-UZG-101")).await,
        ),
    ];
    assert_eq!(all.iter().map(|c| c.0).collect::<Vec<_>>(), CALLERS);
    all
}

fn served_schema(t: &TestDb) -> AppSchema {
    api::graphql::build_schema(
        t.db.clone(),
        Arc::new(t.config.clone()),
        api::snapshot::Snapshots::new(t.db.clone()),
    )
}

/// The error codes of an answer (empty: it succeeded).
async fn codes(schema: &AppSchema, caller: &Caller, request: Request) -> Vec<String> {
    let res = schema.execute(request.data(caller.clone())).await;
    res.errors
        .iter()
        .map(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .map(|c| c.to_string().trim_matches('"').to_owned())
                .unwrap_or_else(|| e.message.clone())
        })
        .collect()
}

fn check(field: &str, rule: Rule, who: &str, got: &[String], problems: &mut Vec<String>) {
    let expected = allowed(rule, who);
    let ok = if expected {
        got.is_empty()
    } else {
        !got.is_empty() && got.iter().all(|c| c == "FORBIDDEN")
    };
    if !ok {
        problems.push(format!(
            "{field} as {who}: expected {}, got {got:?}",
            if expected { "allowed" } else { "FORBIDDEN" }
        ));
    }
}

async fn names(schema: &AppSchema, type_name: &str) -> BTreeSet<String> {
    let res = schema
        .execute(format!(
            r#"{{ __type(name: "{type_name}") {{ fields {{ name }} }} }}"#
        ))
        .await
        .data
        .into_json()
        .unwrap();
    res["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_field_of_the_sdl_follows_its_rule_for_every_caller() {
    let t = fixture().await;
    full(&t).await;
    let schema = served_schema(&t);
    let callers = callers(&t).await;
    let school = school_id(&t, "KG-O-UZG-045").await;
    let place: Value = integration_tests::run(
        &api::graphql::operator_schema(
            t.db.clone(),
            Arc::new(t.config.clone()),
            api::snapshot::Snapshots::new(t.db.clone()),
        ),
        r#"{ schoolByCode(code: "KG-O-UZG-045") { district { id region { id } } } }"#,
        json!({}),
    )
    .await;
    let vars = json!({
        "id": school.to_string(),
        "d": place["schoolByCode"]["district"]["id"],
        "r": place["schoolByCode"]["district"]["region"]["id"],
    });

    // The table covers the SDL exactly.
    let mut problems = Vec::new();
    let table: BTreeSet<String> = query_fields().iter().map(|f| f.0.to_owned()).collect();
    assert_eq!(
        names(&schema, "Query").await,
        table,
        "Query fields without a rule"
    );
    let table: BTreeSet<String> = SCHOOL_FIELDS.iter().map(|f| f.0.to_owned()).collect();
    assert_eq!(
        names(&schema, "School").await,
        table,
        "School fields without a rule"
    );
    let table: BTreeSet<String> = DISTRICT_FIELDS.iter().map(|f| f.0.to_owned()).collect();
    assert_eq!(
        names(&schema, "District").await,
        table,
        "District fields without a rule"
    );
    let mut mutations: BTreeSet<String> = samples().iter().map(|s| s.0.to_owned()).collect();
    mutations.extend(OTHER_MUTATIONS.iter().map(|m| m.0.to_owned()));
    assert_eq!(
        names(&schema, "Mutation").await,
        mutations,
        "Mutation fields without a rule"
    );

    for (field, rule, op) in query_fields() {
        for (who, caller) in &callers {
            let got = codes(
                &schema,
                caller,
                Request::new(op).variables(Variables::from_json(vars.clone())),
            )
            .await;
            check(field, rule, who, &got, &mut problems);
        }
    }
    for (field, rule, selection) in SCHOOL_FIELDS {
        let op = format!("query($id: ID!) {{ school(id: $id) {{ {selection} }} }}");
        for (who, caller) in &callers {
            let got = codes(
                &schema,
                caller,
                Request::new(&op).variables(Variables::from_json(vars.clone())),
            )
            .await;
            check(&format!("School.{field}"), *rule, who, &got, &mut problems);
        }
    }
    for (field, rule, selection) in DISTRICT_FIELDS {
        let op = format!("query($id: ID!) {{ school(id: $id) {{ district {{ {selection} }} }} }}");
        for (who, caller) in &callers {
            let got = codes(
                &schema,
                caller,
                Request::new(&op).variables(Variables::from_json(vars.clone())),
            )
            .await;
            check(
                &format!("District.{field}"),
                *rule,
                who,
                &got,
                &mut problems,
            );
        }
    }
    // Writes to the target school: the samples' items, and a school's own record.
    let own = school_record(&t).await;
    for (mutation, _, item) in samples() {
        let item = if mutation == "upsertSchools" {
            own.clone()
        } else {
            item
        };
        // National reference data (ORT thresholds) is the ministry's to write.
        let rule = if mutation == "recordOrtThresholds" {
            Rule::Admin
        } else {
            Rule::Write
        };
        for (who, caller) in &callers {
            let request = Request::new(mutation_text(mutation))
                .variables(Variables::from_json(json!({ "items": [item] })));
            let got = codes(&schema, caller, request).await;
            check(mutation, rule, who, &got, &mut problems);
        }
    }
    for (who, caller) in &callers {
        let got = codes(&schema, caller, upload_request()).await;
        check("importFile", Rule::Write, who, &got, &mut problems);
    }
    for (who, caller) in &callers {
        let got = codes(
            &schema,
            caller,
            Request::new("mutation { refreshTrends { id } }"),
        )
        .await;
        check("refreshTrends", Rule::Admin, who, &got, &mut problems);
    }
    wait_for_runs(&t).await;
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The target school's own record as an upsert item (so writing it changes nothing).
async fn school_record(t: &TestDb) -> Value {
    let s = integration_tests::run(
        &api::graphql::operator_schema(
            t.db.clone(),
            Arc::new(t.config.clone()),
            api::snapshot::Snapshots::new(t.db.clone()),
        ),
        r#"{ schoolByCode(code: "KG-O-UZG-045") { code number nameKy nameRu nameEn settlement address
             ownership schoolType foundedYear designCapacity phone email website licenseNo
             registrationNo district { code } } }"#,
        json!({}),
    )
    .await["schoolByCode"]
        .clone();
    json!({ "schoolCode": s["code"], "district": s["district"]["code"], "schoolNumber": s["number"],
            "nameKy": s["nameKy"], "nameRu": s["nameRu"], "nameEn": s["nameEn"],
            "settlement": s["settlement"], "address": s["address"], "ownership": s["ownership"],
            "schoolType": s["schoolType"], "foundedYear": s["foundedYear"],
            "designCapacity": s["designCapacity"], "phone": s["phone"], "email": s["email"],
            "website": s["website"], "licenseNo": s["licenseNo"],
            "registrationNo": s["registrationNo"] })
}

fn upload_request() -> Request {
    let mut req = Request::new(
        "mutation($file: Upload!) { importFile(kind: OLYMPIAD_COUNTS, file: $file) { rows } }",
    )
    .variables(Variables::from_json(json!({ "file": null })));
    req.set_upload(
        "variables.file",
        integration_tests::upload(
            "counts.csv",
            "school_code,academic_year,level,prize_count\nKG-O-UZG-045,2022-2023,zonal,2\n"
                .as_bytes(),
        ),
    );
    req
}

/// Lets a refresh started by the matrix finish before the database goes away.
async fn wait_for_runs(t: &TestDb) {
    for _ in 0..600 {
        let running = domain::trend::runs::history(&t.db, None, 5)
            .await
            .unwrap()
            .iter()
            .any(|r| r.status == "running");
        if !running {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_hold_only_the_schools_in_scope() {
    let t = fixture().await;
    let schema = served_schema(&t);
    let all = callers(&t).await;
    let listed = |who: &'static str| {
        let caller = all.iter().find(|c| c.0 == who).unwrap().1.clone();
        let schema = schema.clone();
        async move {
            let res = schema
                .execute(
                    Request::new("{ schools(first: 50) { totalCount edges { node { code } } } }")
                        .data(caller),
                )
                .await;
            assert!(res.errors.is_empty(), "{:?}", res.errors);
            let data = res.data.into_json().unwrap();
            let codes: Vec<String> = data["schools"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(data["schools"]["totalCount"], codes.len());
            codes
        }
    };
    assert_eq!(
        listed("district in").await,
        ["KG-O-UZG-045", "KG-O-UZG-101", "KG-O-UZG-102"]
    );
    assert_eq!(listed("district out").await, ["KG-C-ALM-201"]);
    assert_eq!(
        listed("region in").await,
        ["KG-O-UZG-045", "KG-O-UZG-101", "KG-O-UZG-102"]
    );
    assert_eq!(listed("school in").await, ["KG-O-UZG-045"]);
    // The directory itself is public.
    assert_eq!(listed("anonymous").await.len(), 4);
    assert_eq!(listed("admin").await.len(), 4);

    // A district officer's league table of reported data is her district's only.
    let district_out = all
        .iter()
        .find(|c| c.0 == "district out")
        .unwrap()
        .1
        .clone();
    let res = schema
        .execute(
            Request::new(
                "{ schools(first: 50) { edges { node { code latestEnrolment { enrolment } } } } }",
            )
            .data(district_out),
        )
        .await;
    assert!(res.errors.is_empty(), "{:?}", res.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_stay_with_their_school_and_the_ministry() {
    let t = fixture().await;
    let schema = served_schema(&t);
    let all = callers(&t).await;
    let admin = &all.iter().find(|c| c.0 == "admin").unwrap().1;
    let district = &all.iter().find(|c| c.0 == "district in").unwrap().1;
    let own = &all.iter().find(|c| c.0 == "school in").unwrap().1;
    let report = samples().pop().unwrap().2;
    let request = Request::new(mutation_text("recordSelfAssessments"))
        .variables(Variables::from_json(json!({ "items": [report] })));
    assert!(codes(&schema, own, request).await.is_empty());
    let q = r#"{ schoolByCode(code: "KG-O-UZG-045") { selfAssessments { conclusion members { memberRef } } ortSummaries { participants } } }"#;
    for (caller, members) in [
        (admin, json!([{ "memberRef": "M-1" }])),
        (own, json!([{ "memberRef": "M-1" }])),
        (district, Value::Null),
    ] {
        let res = schema.execute(Request::new(q).data(caller.clone())).await;
        assert!(res.errors.is_empty(), "{:?}", res.errors);
        let data = res.data.into_json().unwrap();
        let sa = &data["schoolByCode"]["selfAssessments"][0];
        assert_eq!(sa["conclusion"], "Корутунду: өнүгүү бар");
        assert_eq!(sa["members"], members, "commission members");
    }
    // The district office sees the school's ORT counts but not its graduates' results.
    let res = schema
        .execute(
            Request::new(r#"{ schoolByCode(code: "KG-O-UZG-045") { ortResults { studentRef } } }"#)
                .data(district.clone()),
        )
        .await;
    assert_eq!(
        res.errors[0]
            .extensions
            .as_ref()
            .unwrap()
            .get("code")
            .unwrap()
            .to_string(),
        "\"FORBIDDEN\""
    );
    assert!(
        res.errors[0].message.contains("school itself"),
        "{}",
        res.errors[0].message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_district_import_rows_are_refused_by_row_and_nothing_is_written() {
    let t = fixture().await;
    let district = token(&t, Role::District, Some("KG-O-UZG")).await;
    let before = t.count("olympiad_count_report").await;
    let csv = "school_code,academic_year,level,prize_count\n\
               KG-O-UZG-045,2022-2023,zonal,2\n\
               KG-C-ALM-201,2022-2023,zonal,1\n\
               KG-O-UZG-101,2022-2023,zonal,3\n";
    let err = domain::import::import(
        &t.db,
        &district,
        domain::import::ImportKind::OlympiadCounts,
        std::io::Cursor::new(csv.as_bytes().to_vec()),
        domain::import::Format::Csv,
        &domain::import::Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    .unwrap_err();
    let domain::Error::Rejected { errors, total } = err else {
        panic!("{err:?}")
    };
    assert_eq!(total, 1, "{errors:?}");
    assert_eq!(errors[0].row, 3);
    assert_eq!(errors[0].column.as_deref(), Some("school_code"));
    assert!(
        errors[0]
            .message
            .to_string()
            .contains("outside the scope of your district token")
    );
    assert_eq!(t.count("olympiad_count_report").await, before);

    // Without the foreign row the same file goes in, and the import is audited.
    let csv = csv.replace("KG-C-ALM-201,2022-2023,zonal,1\n", "");
    let report = domain::import::import(
        &t.db,
        &district,
        domain::import::ImportKind::OlympiadCounts,
        std::io::Cursor::new(csv.into_bytes()),
        domain::import::Format::Csv,
        &domain::import::Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(report.inserted, 2);
    let log = domain::audit::list(
        &t.db,
        &Caller::operator(),
        &domain::audit::Filter {
            entity: Some("olympiad_count_report".into()),
            token_id: district.token_id(),
            ..Default::default()
        },
        domain::query::newest::IdWindow::newest(10),
    )
    .await
    .unwrap()
    .items;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].operation.as_str(), log[0].role.as_str()),
        ("import", "district")
    );
    assert_eq!(log[0].token_id, district.token_id());
    assert!(log[0].after.as_deref().unwrap().contains("\"inserted\":2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_is_audited_with_before_and_after_and_only_admins_read_the_log() {
    let t = fixture().await;
    let schema = served_schema(&t);
    let all = callers(&t).await;
    let own = &all.iter().find(|c| c.0 == "school in").unwrap().1;
    let admin = &all.iter().find(|c| c.0 == "admin").unwrap().1;
    let school = school_id(&t, "KG-O-UZG-045").await;
    let staff = |teachers: i32| {
        Request::new(mutation_text("recordStaffSnapshots")).variables(Variables::from_json(
            json!({ "items": [{ "schoolCode": "KG-O-UZG-045", "academicYear": "2023-2024", "teachersTotal": teachers }] }),
        ))
    };
    assert!(codes(&schema, own, staff(30)).await.is_empty());
    assert!(codes(&schema, own, staff(30)).await.is_empty()); // unchanged: no entry
    assert!(codes(&schema, own, staff(31)).await.is_empty());

    let q = format!(
        r#"{{ auditLog(schoolId: "{school}", entity: "staff_snapshot") {{ entries {{ tokenId role operation naturalKey before after }} }} }}"#
    );
    let res = schema.execute(Request::new(&q).data(admin.clone())).await;
    assert!(res.errors.is_empty(), "{:?}", res.errors);
    let entries = res.data.into_json().unwrap()["auditLog"]["entries"].clone();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{entries:?}");
    // Newest first: the correction 30 → 31, then the first entry (nothing before it).
    assert_eq!(entries[0]["before"]["teachers_total"], 30);
    assert_eq!(entries[0]["after"]["teachers_total"], 31);
    assert_eq!(entries[1]["before"], Value::Null);
    assert_eq!(entries[1]["after"]["teachers_total"], 30);
    assert_eq!(entries[0]["role"], "school");
    assert_eq!(entries[0]["tokenId"], own.token_id().unwrap());
    let key: Value = serde_json::from_str(entries[0]["naturalKey"].as_str().unwrap()).unwrap();
    assert_eq!(key, json!({ "school_id": school, "academic_year": 2023 }));

    // The school itself may not read the log.
    assert_eq!(codes(&schema, own, Request::new(&q)).await, ["FORBIDDEN"]);
}
