//! What no caller may read: pupils' results in published figures (the disclosure rule).

use integration_tests::TestApp;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_pupils_ort_score_is_not_published_to_anonymous_readers() {
    use integration_tests::fixture::{fixture, full, import, school_id};
    // Arrange: the seed-003 school gets an ORT cohort of one pupil in 2021-2022, next to its
    // top-scorer list; the three other schools have cohorts of 18.
    let t = fixture().await;
    import(
        &t,
        domain::import::ImportKind::OrtResults,
        "school_code,academic_year,student_ref,main_score\nKG-O-UZG-045,2021-2022,P-ONE,187".into(),
    )
    .await;
    full(&t).await;
    let bahmal = school_id(&t, "KG-O-UZG-045").await;
    // KG-O-UZG-101 (12 takers) is withheld too, to protect the one pupil's school from
    // subtraction (its district's figure less the others'); KG-O-UZG-102 has 15.
    let other = school_id(&t, "KG-O-UZG-102").await;
    let app = TestApp::new(&t);
    let query = r#"query($id: ID!) { school(id: $id) {
        indicators(codes: ["ort_mean", "ort_max", "ort_participants"], fromYear: 2021) {
          series { code points { year value numerator denominator flags } } } } }"#;

    // Act
    let point = |data: &Value, code: &str| {
        data["data"]["school"]["indicators"]["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == code)
            .map(|s| s["points"][0].clone())
            .unwrap_or(Value::Null)
    };
    let (_, one) = app
        .post(query, json!({ "id": bahmal.to_string() }), None)
        .await;
    let (_, many) = app
        .post(query, json!({ "id": other.to_string() }), None)
        .await;
    let (_, ranked) = app
        .post(
            r#"{ ranking(code: "ort_mean", year: 2021, scope: COUNTRY) { totalCount edges { node { school { code } value } } } }"#,
            json!({}),
            None,
        )
        .await;

    // Assert: the one pupil's mean and maximum are withheld, numerator included; the count is not.
    let mean = point(&one, "ort_mean");
    assert_eq!(mean["value"], Value::Null, "{one}");
    assert_eq!(mean["numerator"], Value::Null, "{one}");
    assert_eq!(mean["denominator"], 1.0);
    assert_eq!(mean["flags"], json!(["SMALL_SAMPLE", "SUPPRESSED"]));
    let max = point(&one, "ort_max");
    assert_eq!(
        (max["value"].clone(), max["flags"].clone()),
        (Value::Null, json!(["SUPPRESSED"]))
    );
    assert_eq!(point(&one, "ort_participants")["value"], 1.0);
    assert!(!one.to_string().contains("187"), "{one}");
    // With 18 takers the mean is published and the maximum rounded down to 10 points.
    assert!(point(&many, "ort_mean")["value"].is_f64(), "{many}");
    let max = point(&many, "ort_max");
    assert_eq!(max["flags"], json!(["COARSENED"]));
    assert_eq!(max["value"].as_f64().unwrap() % 10.0, 0.0, "{many}");
    // A withheld value takes no place in a ranking, nor does the one withheld beside it.
    let ranking = &ranked["data"]["ranking"];
    assert_eq!(ranking["totalCount"], 2, "{ranked}");
    assert!(!ranked.to_string().contains("KG-O-UZG-045"), "{ranked}");
    assert!(!ranked.to_string().contains("KG-O-UZG-101"), "{ranked}");
}

/// One entity's 2021 points of `ort_mean` and `ort_pass_pct`, as an anonymous caller reads
/// them: code → (numerator, denominator, flags).
async fn ort_points(app: &TestApp, field: &str) -> Vec<(String, Value, f64, Value)> {
    let query = format!(
        r#"{{ e: {field} {{ indicators(codes: ["ort_mean", "ort_pass_pct"], fromYear: 2021) {{
            series {{ code points {{ year numerator denominator flags }} }} }} }} }}"#
    );
    let (_, data) = app.post(&query, json!({}), None).await;
    let series = data["data"]["e"]["indicators"]["series"]
        .as_array()
        .unwrap_or_else(|| panic!("{field}: {data}"));
    let mut points = Vec::new();
    for s in series {
        for p in s["points"].as_array().unwrap() {
            if p["year"] == 2021 {
                points.push((
                    s["code"].as_str().unwrap().to_owned(),
                    p["numerator"].clone(),
                    p["denominator"].as_f64().unwrap(),
                    p["flags"].clone(),
                ));
            }
        }
    }
    assert_eq!(points.len(), 2, "{field}: {data}");
    points.sort_by(|a, b| a.0.cmp(&b.0));
    points
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withheld_figure_is_not_given_back_by_subtracting_published_ones() {
    use integration_tests::fixture::{NewSchool, add_school, fixture, full, import};
    // Arrange: one ORT taker (score 201) at "Бахмал" №45, beside two schools of its district
    // with 12 and 15; and a new school with one taker, alone in its district of region KG-C,
    // whose other district (KG-C-ALM) has one school of 18 takers.
    let t = fixture().await;
    let app = TestApp::new(&t);
    let (_, districts) = app
        .post(
            r#"{ districts(regionId: "KG-C") { code } }"#,
            json!({}),
            None,
        )
        .await;
    let lone_district = districts["data"]["districts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .find(|c| c != "KG-C-ALM")
        .expect("a second district in KG-C");
    add_school(
        &t,
        NewSchool {
            district: &lone_district,
            code: "T-LONE",
            name_ky: "Жалгыз мектеп",
            name_ru: "Одинокая школа",
            ownership: "state",
            school_type: "general",
            languages: &["ky"],
        },
    )
    .await;
    import(
        &t,
        domain::import::ImportKind::OrtResults,
        "school_code,academic_year,student_ref,main_score\n\
         KG-O-UZG-045,2021-2022,P-ONE,201\n\
         T-LONE,2021-2022,P-LONE,201"
            .into(),
    )
    .await;
    full(&t).await;

    // Act: every published figure of the tree, read anonymously (the reproducer read the
    // country's and KG-O's numerators).
    let lone = format!(r#"district(id: "{lone_district}")"#);
    let tree: [(&str, Vec<String>); 6] = [
        (
            "country",
            vec![
                r#"region(id: "KG-O")"#.into(),
                r#"region(id: "KG-C")"#.into(),
            ],
        ),
        (
            r#"region(id: "KG-O")"#,
            vec![r#"district(id: "KG-O-UZG")"#.into()],
        ),
        (
            r#"region(id: "KG-C")"#,
            vec![r#"district(id: "KG-C-ALM")"#.into(), lone.clone()],
        ),
        (
            r#"district(id: "KG-O-UZG")"#,
            ["KG-O-UZG-045", "KG-O-UZG-101", "KG-O-UZG-102"]
                .map(|c| format!(r#"school(id: "{c}")"#))
                .into(),
        ),
        (
            r#"district(id: "KG-C-ALM")"#,
            vec![r#"school(id: "KG-C-ALM-201")"#.into()],
        ),
        (&lone, vec![r#"school(id: "T-LONE")"#.into()]),
    ];

    // Assert: in every sum `area = Σ children` (per indicator), either nothing is withheld
    // or at least two terms are: no withheld figure is a published area's numerator less its
    // published children's.
    let withheld = |p: &(String, Value, f64, Value)| {
        let suppressed = p.3.as_array().unwrap().contains(&json!("SUPPRESSED"));
        assert_eq!(suppressed, p.1.is_null(), "{p:?}");
        suppressed
    };
    let mut hidden_schools = std::collections::BTreeSet::new();
    for (parent, children) in &tree {
        let parent_points = ort_points(&app, parent).await;
        let mut child_points = Vec::new();
        for child in children {
            child_points.push((child.clone(), ort_points(&app, child).await));
        }
        for (i, (code, numerator, denominator, _)) in parent_points.iter().enumerate() {
            // The tree is complete: the children's pupils are the area's.
            let pupils: f64 = child_points.iter().map(|(_, p)| p[i].2).sum();
            assert_eq!(pupils, *denominator, "{parent} {code}");
            let hidden: Vec<&String> = child_points
                .iter()
                .filter(|(_, p)| withheld(&p[i]))
                .map(|(c, _)| c)
                .collect();
            hidden_schools.extend(
                hidden
                    .iter()
                    .filter(|c| c.starts_with("school"))
                    .map(|c| (*c).clone()),
            );
            let unknowns = hidden.len() + usize::from(withheld(&parent_points[i]));
            assert_ne!(
                unknowns, 1,
                "{parent} {code} = Σ {children:?}: withheld {hidden:?}, {numerator}"
            );
        }
    }
    // The one pupil's schools, and those withheld beside them.
    let expected: std::collections::BTreeSet<String> = tree
        .iter()
        .flat_map(|(_, c)| c.iter().cloned())
        .filter(|c| {
            ["KG-O-UZG-045", "KG-O-UZG-101", "T-LONE", "KG-C-ALM-201"]
                .iter()
                .any(|s| c.contains(s))
        })
        .collect();
    assert_eq!(hidden_schools, expected);
    // The areas stay published, except the two districts of KG-C: KG-C less KG-C-ALM would
    // be the lone pupil's school.
    for (area, published) in [
        ("country".to_owned(), true),
        (r#"region(id: "KG-O")"#.to_owned(), true),
        (r#"region(id: "KG-C")"#.to_owned(), true),
        (r#"district(id: "KG-O-UZG")"#.to_owned(), true),
        (r#"district(id: "KG-C-ALM")"#.to_owned(), false),
        (lone, false),
    ] {
        let points = ort_points(&app, &area).await;
        assert!(
            points.iter().all(|p| withheld(p) != published),
            "{area}: {points:?}"
        );
    }
}
