//! The GraphQL schema on the demo data, executed in-process.

use integration_tests::TestDb;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schools_connection_pages_in_a_stable_order() {
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let district_id = domain::reference::district_id(&t.db, "KG-C-ALA")
        .await
        .unwrap_or(1);
    for n in 1..=3 {
        domain::school::create(
            &t.db,
            domain::school::NewSchool {
                district_id,
                code: format!("P-{n}"),
                number: Some(n),
                name_ky: format!("№{n} мектеп"),
                name_ru: format!("Школа №{n}"),
                name_en: None,
                settlement: None,
                ownership: "state".into(),
                school_type: "general".into(),
            },
        )
        .await
        .unwrap();
    }
    let schema = api::graphql::operator_schema(
        t.db.clone(),
        std::sync::Arc::new(t.config.clone()),
        api::snapshot::Snapshots::new(t.db.clone()),
    );
    let page = |after: Option<String>| {
        let schema = schema.clone();
        async move {
            let req = async_graphql::Request::new(
                "query($after: ID) { schools(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } }",
            )
            .variables(async_graphql::Variables::from_json(json!({ "after": after })));
            let res = schema.execute(req).await;
            assert!(res.errors.is_empty(), "{:?}", res.errors);
            res.data.into_json().unwrap()
        }
    };
    let first = page(None).await;
    assert_eq!(first["schools"]["totalCount"], 4);
    assert_eq!(first["schools"]["pageInfo"]["hasNextPage"], true);
    let cursor = first["schools"]["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = page(Some(cursor)).await;
    assert_eq!(second["schools"]["edges"].as_array().unwrap().len(), 1);
    assert_eq!(second["schools"]["pageInfo"]["hasNextPage"], false);
    let codes: Vec<String> = first["schools"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["schools"]["edges"].as_array().unwrap())
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["KG-O-UZG-045", "P-1", "P-2", "P-3"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_size_above_the_cap_is_a_bad_user_input() {
    let t = TestDb::new().await;
    let schema = api::graphql::operator_schema(
        t.db.clone(),
        std::sync::Arc::new(t.config.clone()),
        api::snapshot::Snapshots::new(t.db.clone()),
    );
    let res = schema
        .execute("{ schools(first: 201) { totalCount } }")
        .await;
    assert_eq!(res.errors.len(), 1);
    let err = &res.errors[0];
    assert!(err.message.contains("200"), "{}", err.message);
    let ext = serde_json::to_value(&err.extensions).unwrap();
    assert_eq!(ext["code"], "BAD_USER_INPUT");
}

#[test]
fn committed_sdl_matches_the_schema() {
    let committed = include_str!("../../../api/schema.graphql");
    let current = api::graphql::sdl();
    assert!(
        committed == current,
        "api/schema.graphql is out of date: run `cargo run -p api -- schema > api/schema.graphql`"
    );
}
