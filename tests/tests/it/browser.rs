//! What a dashboard in a browser and a GraphQL tool need: CORS with tokens, GraphiQL served
//! from the binary, and introspection at the default limits.

use integration_tests::{TestApp, TestDb};
use poem::http::StatusCode;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dashboard_on_another_origin_may_send_its_token() {
    let t = TestDb::new().await;
    let app = TestApp::with_config(&t, |c| {
        c.server.cors_origins = vec!["https://dash.example.kg".into()];
    });
    let res = app
        .http
        .options("/graphql")
        .header("origin", "https://dash.example.kg")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await;
    res.assert_status_is_ok();
    let allowed = res
        .0
        .headers()
        .get("access-control-allow-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_loads_everything_from_the_server_itself() {
    let t = TestDb::new().await;
    let app = TestApp::new(&t);
    let res = app.http.get("/graphql").send().await;
    res.assert_status_is_ok();
    let page = res.0.into_body().into_string().await.unwrap();
    // Every script and stylesheet the page names is a path on this server, and is served.
    let refs: Vec<&str> = page
        .split(['"', '\''])
        .filter(|s| s.ends_with(".js") || s.ends_with(".css"))
        .collect();
    assert_eq!(refs.len(), 4, "{refs:?}");
    assert!(
        !page.contains("://unpkg") && !page.contains("cdn"),
        "{page}"
    );
    for path in refs {
        assert!(path.starts_with("/graphiql/"), "{path}");
        let res = app.http.get(path).send().await;
        res.assert_status_is_ok();
        let kind = if path.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        let content_type = res.0.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
        assert!(
            res.0.into_body().into_bytes().await.unwrap().len() > 5_000,
            "{path}"
        );
    }
    app.http
        .get("/graphiql/../Cargo.toml")
        .send()
        .await
        .assert_status(poem::http::StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_cors_on_graphiql_on_the_servers_own_origin_is_not_refused() {
    let t = TestDb::new().await;
    let app = TestApp::with_config(&t, |c| {
        c.server.cors_origins = vec!["https://dash.example.kg".into()];
    });
    let post = |origin: &'static str| {
        app.http
            .post("/graphql")
            .header("host", "sapat.edu.kg:8080")
            .header("origin", origin)
            .content_type("application/json")
            .body(json!({ "query": "{ regions { code } }" }).to_string())
            .send()
    };
    let res = post("http://sapat.edu.kg:8080").await;
    res.assert_status_is_ok();
    let body = res.0.into_body().into_string().await.unwrap();
    assert!(
        body.contains("\"regions\"") && !body.contains("errors"),
        "{body}"
    );
    // Another origin is still refused, and a look-alike host is not the server's own.
    assert_eq!(post("https://evil.example.com").await.0.status(), 403);
    assert_eq!(
        post("http://sapat.edu.kg:8080.evil.com").await.0.status(),
        403
    );
}

/// The options of graphql-js `getIntrospectionQuery` that change the text (its
/// `experimentalDirectiveDeprecation` asks for fields async-graphql does not have).
#[derive(Clone, Copy, Default)]
struct Introspection {
    specified_by_url: bool,
    directive_is_repeatable: bool,
    schema_description: bool,
    input_value_deprecation: bool,
    one_of: bool,
    /// Nested `ofType` in `TypeRef`: 7 in graphql-js 16, 9 since.
    type_depth: usize,
}

/// The query graphql-js `getIntrospectionQuery(options)` builds, which GraphiQL and
/// graphql-codegen send.
fn introspection_query(o: Introspection) -> String {
    let on = |flag: bool, text: &str| if flag { text.to_owned() } else { String::new() };
    let deprecated_inputs = on(o.input_value_deprecation, "(includeDeprecated: true)");
    let of_type = "ofType { name kind ".repeat(o.type_depth) + &"}".repeat(o.type_depth);
    format!(
        "query IntrospectionQuery {{
  __schema {{
    {schema_description}
    queryType {{ name kind }}
    mutationType {{ name kind }}
    subscriptionType {{ name kind }}
    types {{ ...FullType }}
    directives {{
      name description {repeatable} locations
      args{deprecated_inputs} {{ ...InputValue }}
    }}
  }}
}}
fragment FullType on __Type {{
  kind name description {specified_by} {one_of}
  fields(includeDeprecated: true) {{
    name description
    args{deprecated_inputs} {{ ...InputValue }}
    type {{ ...TypeRef }}
    isDeprecated deprecationReason
  }}
  inputFields{deprecated_inputs} {{ ...InputValue }}
  interfaces {{ ...TypeRef }}
  enumValues(includeDeprecated: true) {{ name description isDeprecated deprecationReason }}
  possibleTypes {{ ...TypeRef }}
}}
fragment InputValue on __InputValue {{
  name description type {{ ...TypeRef }} defaultValue {input_deprecation}
}}
fragment TypeRef on __Type {{ kind name {of_type} }}",
        schema_description = on(o.schema_description, "description"),
        repeatable = on(o.directive_is_repeatable, "isRepeatable"),
        specified_by = on(o.specified_by_url, "specifiedByURL"),
        one_of = on(o.one_of, "isOneOf"),
        input_deprecation = on(o.input_value_deprecation, "isDeprecated deprecationReason"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphiql_and_codegen_introspection_runs_anonymously_at_the_default_limits() {
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let all = Introspection {
        specified_by_url: true,
        directive_is_repeatable: true,
        schema_description: true,
        input_value_deprecation: true,
        one_of: true,
        type_depth: 9,
    };
    let variants = [
        Introspection {
            type_depth: 7,
            ..Default::default()
        },
        Introspection {
            type_depth: 9,
            ..Default::default()
        },
        all,
    ];
    for options in variants {
        let query = introspection_query(options);
        let (status, body) = cli.post_with(&query, json!({}), None, None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body["errors"].is_null(), "{}", body["errors"]);
        let schema = &body["data"]["__schema"];
        assert_eq!(schema["queryType"]["name"], "Query");
        assert_eq!(schema["mutationType"]["name"], "Mutation");
        let types = schema["types"].as_array().unwrap();
        let school = types.iter().find(|t| t["name"] == "School").unwrap();
        assert!(school["fields"].as_array().unwrap().len() > 10, "{school}");
        // A `[…!]!` field's reference unwraps through its wrappers to the named type.
        let regions = types.iter().find(|t| t["name"] == "Query").unwrap()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "regions")
            .unwrap()["type"]
            .clone();
        assert_eq!(
            regions["ofType"]["ofType"]["ofType"]["name"], "Region",
            "{regions}"
        );
    }
    // In a batch too, beside an ordinary request.
    let batch = json!([
        { "query": introspection_query(all), "operationName": "IntrospectionQuery" },
        { "query": "{ regions { code } }" },
    ]);
    let res = cli
        .http
        .post("/graphql")
        .content_type("application/json")
        .body(batch.to_string())
        .send()
        .await;
    res.assert_status_is_ok();
    let body: Value =
        serde_json::from_str(&res.0.into_body().into_string().await.unwrap()).unwrap();
    assert!(body[0]["errors"].is_null(), "{}", body[0]["errors"]);
    assert!(body[0]["data"]["__schema"]["types"].is_array());
    assert!(body[1]["data"]["regions"].is_array(), "{}", body[1]);
    // The ordinary depth limit stands, with introspection in the same operation or not.
    let deep = format!(
        "{{ regions {{ {} name {} }} }}",
        "districts { region { ".repeat(6),
        "} } ".repeat(6)
    );
    let mixed = format!(
        "{{ regions {{ code }} __type(name: \"School\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType { ".repeat(9),
        "} ".repeat(9)
    );
    for query in [deep, mixed] {
        let (_, body) = cli.post_with(&query, json!({}), None, None).await;
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("nested too deep"), "{query}: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_is_no_way_around_the_limits() {
    let t = TestDb::new().await;
    let cli = TestApp::new(&t);
    let full = "types { name fields { name args { name type { name } } type { name } } }";
    let refused = [
        // The whole schema a hundred times over.
        (0..100)
            .map(|k| format!("s{k}: __schema {{ {full} }} "))
            .collect::<String>(),
        // Many types, each with its fields' fields.
        (0..40)
            .map(|k| format!("t{k}: __type(name: \"School\") {{ fields {{ type {{ fields {{ name }} }} }} }} "))
            .collect::<String>(),
        // Lists inside lists inside lists.
        "__schema { types { fields { type { fields { type { fields { type { name } } } } } } } }"
            .to_owned(),
        // Aliases inside multiply the answer just as well.
        format!(
            "__schema {{ {} }}",
            (0..50).map(|k| format!("t{k}: types {{ name }} ")).collect::<String>()
        ),
    ];
    for query in &refused {
        let started = std::time::Instant::now();
        let (_, body) = cli
            .post_with(&format!("{{ {query} }}"), json!({}), None, None)
            .await;
        assert!(body["data"].is_null(), "{query}: {body}");
        let code = &body["errors"][0]["extensions"]["code"];
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            code == "QUERY_TOO_COMPLEX" || message.contains("too complex"),
            "{query}: {body}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
    // `ofType` far beyond the schema's wrappers stays cheap: nulls.
    let of_type = format!(
        "{{ __type(name: \"Query\") {{ fields {{ type {{ {} name {} }} }} }} }}",
        "ofType { kind ".repeat(20),
        "} ".repeat(20)
    );
    let (status, body) = cli.post_with(&of_type, json!({}), None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["errors"].is_null(), "{body}");
    let field = &body["data"]["__type"]["fields"][0]["type"];
    let mut depth = 0;
    let mut t = field;
    while !t["ofType"].is_null() {
        t = &t["ofType"];
        depth += 1;
    }
    assert!(depth <= 3, "{field}");
    // Introspection serves introspection only: an ordinary field beside it is ordinary.
    let (_, body) = cli
        .post_with(
            "{ __typename regions { code } __schema { queryType { name } } }",
            json!({}),
            None,
            None,
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(body["data"]["regions"].is_array(), "{body}");
}
