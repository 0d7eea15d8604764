//! `sapat serve` over a real socket: /healthz and the demo school with its district and
//! region names in Kyrgyz and Russian; GraphiQL on GET /graphql.

use api::AppState;
use integration_tests::{TestDb, http};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_healthz_and_lists_the_demo_school() {
    // Arrange: demo data, then a server on a free port.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    let (addr, acceptor) = api::server::bind("127.0.0.1:0".into()).await.unwrap();
    let state = AppState {
        db: t.db.clone(),
        config: Arc::new(t.config.clone()),
        snapshots: api::snapshot::Snapshots::new(t.db.clone()),
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(api::server::serve(acceptor, state, async {
        let _ = stopped.await;
    }));

    // Act
    let (health_status, health) = http::request(addr, "GET", "/healthz", None).await;
    let query = r#"{"query":"{ schools { edges { node { name nameRu district { name nameRu region { name nameRu } } } } } }"}"#;
    let (gql_status, body) = http::request(addr, "POST", "/graphql", Some(query)).await;
    let (graphiql_status, graphiql) = http::request(addr, "GET", "/graphql", None).await;
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();

    // Assert
    assert_eq!(health_status, 200, "{health}");
    let health: serde_json::Value = serde_json::from_str(&health).unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(
        health["database"],
        if t.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    );
    assert_eq!(gql_status, 200, "{body}");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    let node = &body["data"]["schools"]["edges"][0]["node"];
    assert_eq!(
        node["name"],
        "\"Бахмал\" №45 орто жалпы билим берүүчү мектеби"
    );
    assert_eq!(
        node["nameRu"],
        "Средняя общеобразовательная школа №45 «Бахмал»"
    );
    assert_eq!(node["district"]["name"], "Өзгөн району");
    assert_eq!(node["district"]["nameRu"], "Узгенский район");
    assert_eq!(node["district"]["region"]["name"], "Ош облусу");
    assert_eq!(node["district"]["region"]["nameRu"], "Ошская область");
    assert_eq!(graphiql_status, 200);
    assert!(graphiql.contains("graphiql"), "GraphiQL page served");
}
