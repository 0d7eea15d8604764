//! The half-year administrative control (seed 002) on both databases: a demo school's analysis
//! (H1 → H2 per class × subject with its teacher, and the roll-ups) against the stored counts
//! summed here independently; the district's per subject; who sees teachers; the import's
//! errors in Kyrgyz and Russian by row and column, nothing written; pairs with one half only.

use api::graphql::AppSchema;
use async_graphql::{Request, Variables};
use demo::synthetic::{self, Options, Scale};
use domain::access::Grant;
use domain::auth::{Caller, Principal, Role};
use domain::facts::admin_control;
use domain::import::{Context, Format, ImportKind, RowError};
use domain::messages::{Lang, Msg};
use integration_tests::fixture::{district_id, school_id};
use integration_tests::{TestDb, schema};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const YEAR: i32 = 2021;
const SCHOOL: &str = "KG-O-UZG-001";

/// [n5, n4, n3, n2, n1, n_na] of H1 and H2.
type Counts = [i64; 6];

/// (school code, grade + letter, subject code).
type Key = (String, String, String);

#[derive(Debug, Default, Clone)]
struct Expected {
    h1: Option<Counts>,
    h2: Option<Counts>,
    teacher: Option<String>,
    association: Option<String>,
}

fn quality(c: &Counts) -> Option<f64> {
    let n: i64 = c.iter().sum();
    (n > 0).then(|| 100.0 * (c[0] + c[1]) as f64 / n as f64)
}

fn success(c: &Counts) -> Option<f64> {
    let n: i64 = c.iter().sum();
    (n > 0).then(|| 100.0 * (c[0] + c[1] + c[2]) as f64 / n as f64)
}

fn add(a: Option<Counts>, b: &Counts) -> Option<Counts> {
    let mut a = a.unwrap_or_default();
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
    Some(a)
}

fn close(got: &Value, want: Option<f64>, what: &str) {
    match want {
        None => assert!(got.is_null(), "{what}: {got}"),
        Some(w) => {
            let g = got.as_f64().unwrap_or_else(|| panic!("{what}: {got}"));
            assert!((g - w).abs() < 1e-9, "{what}: {g} vs {w}");
        }
    }
}

async fn rows(t: &TestDb, sql: &str) -> Vec<sea_orm::QueryResult> {
    t.db.query_all_raw(Statement::from_string(t.db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}\n→ {e}"))
}

/// The admin-control counts and rows of the schools `scope` selects (SQL on `c` and `sc`), by
/// (school code, grade + letter, subject code), read straight from the tables.
async fn expected(t: &TestDb, scope: &str) -> BTreeMap<Key, Expected> {
    let mut out: BTreeMap<Key, Expected> = BTreeMap::new();
    let key = |r: &sea_orm::QueryResult| {
        let grade: i32 = r.try_get("", "grade").unwrap();
        let letter: String = r.try_get("", "letter").unwrap();
        (
            r.try_get::<String>("", "school").unwrap(),
            format!("{grade}{letter}"),
            r.try_get::<String>("", "subject").unwrap(),
        )
    };
    let counts = rows(
        t,
        &format!(
            "SELECT sc.code AS school, c.grade, c.letter, s.code AS subject, p.idx, m.n5, m.n4, \
             m.n3, m.n2, m.n1, m.n_na FROM mark_summary m \
             JOIN class_group c ON c.id = m.class_group_id JOIN school sc ON sc.id = c.school_id \
             JOIN subject s ON s.id = m.subject_id JOIN period p ON p.id = m.period_id \
             WHERE m.assessment_kind = 'admin_control' AND p.kind = 'half_year' \
             AND c.academic_year = {YEAR} AND {scope}"
        ),
    )
    .await;
    for r in counts {
        let get = |c: &str| i64::from(r.try_get::<i32>("", c).unwrap());
        let c = [
            get("n5"),
            get("n4"),
            get("n3"),
            get("n2"),
            get("n1"),
            get("n_na"),
        ];
        let e = out.entry(key(&r)).or_default();
        match get("idx") {
            1 => e.h1 = Some(c),
            _ => e.h2 = Some(c),
        }
    }
    let controls = rows(
        t,
        &format!(
            "SELECT sc.code AS school, c.grade, c.letter, s.code AS subject, tr.teacher_ref, \
             a.association_ky FROM admin_control a \
             JOIN class_group c ON c.id = a.class_group_id JOIN school sc ON sc.id = c.school_id \
             JOIN subject s ON s.id = a.subject_id LEFT JOIN teacher tr ON tr.id = a.teacher_id \
             WHERE c.academic_year = {YEAR} AND {scope}"
        ),
    )
    .await;
    for r in controls {
        let e = out.entry(key(&r)).or_default();
        e.teacher = r.try_get("", "teacher_ref").unwrap();
        e.association = r.try_get("", "association_ky").unwrap();
    }
    out
}

fn token(role: Role, scope_id: i32) -> Caller {
    Caller(Some(Principal {
        token_id: None,
        subject: None,
        role,
        scope_id: Some(scope_id),
    }))
}

fn served(t: &TestDb) -> AppSchema {
    api::graphql::build_schema(
        t.db.clone(),
        std::sync::Arc::new(t.config.clone()),
        api::snapshot::Snapshots::new(t.db.clone()),
    )
}

/// The answer's data and error codes, as `caller`.
async fn ask(
    schema: &AppSchema,
    caller: &Caller,
    query: &str,
    vars: Value,
) -> (Value, Vec<String>) {
    let res = schema
        .execute(
            Request::new(query)
                .variables(Variables::from_json(vars))
                .data(caller.clone()),
        )
        .await;
    let codes = res
        .errors
        .iter()
        .map(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .map(|c| c.to_string().trim_matches('"').to_owned())
                .unwrap_or_else(|| e.message.clone())
        })
        .collect();
    (res.data.into_json().unwrap(), codes)
}

const FIGURES: &str = "h1 { knowledgeQualityPct successPct assessed } \
                       h2 { knowledgeQualityPct successPct assessed } qualityChangePp successChangePp";

fn school_query() -> String {
    format!(
        "query($id: ID!) {{ school(id: $id) {{ adminControl(year: {YEAR}) {{ year method teachersVisible \
         classes {{ classGroup {{ grade letter }} subject {{ code }} {FIGURES} teacherRef \
         association {{ nameKy nameRu }} recommendations }} \
         bySubject {{ subject {{ code }} {FIGURES} pairs unpaired }} \
         byTeacher {{ teacherRef {FIGURES} pairs unpaired }} \
         byAssociation {{ association {{ nameKy }} {FIGURES} pairs unpaired }} }} }} }}"
    )
}

/// A roll-up's figures and pair counts against the pairs of `group` summed here.
fn check_roll_up(got: &Value, pairs: &[&Expected], what: &str) {
    let (mut h1, mut h2, mut n, mut unpaired) = (None, None, 0, 0);
    for e in pairs {
        match (&e.h1, &e.h2) {
            (Some(a), Some(b)) if quality(a).is_some() && quality(b).is_some() => {
                h1 = add(h1, a);
                h2 = add(h2, b);
                n += 1;
            }
            _ => unpaired += 1,
        }
    }
    assert_eq!(got["pairs"], json!(n), "{what}");
    assert_eq!(got["unpaired"], json!(unpaired), "{what}");
    let q = |c: &Option<Counts>| c.as_ref().and_then(quality);
    let s = |c: &Option<Counts>| c.as_ref().and_then(success);
    close(&got["h1"]["knowledgeQualityPct"], q(&h1), what);
    close(&got["h2"]["knowledgeQualityPct"], q(&h2), what);
    close(&got["h2"]["successPct"], s(&h2), what);
    close(
        &got["qualityChangePp"],
        q(&h1).zip(q(&h2)).map(|(a, b)| b - a),
        what,
    );
    close(
        &got["successChangePp"],
        s(&h1).zip(s(&h2)).map(|(a, b)| b - a),
        what,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_schools_h1_to_h2_change_per_class_and_subject_follows_its_counts() {
    // Arrange: the school-scale demo (three schools of Özgön with admin-control tests).
    let t = TestDb::new().await;
    let options = Options {
        scale: Scale::School,
        seed: 1,
        ort_main_max: 245,
    };
    synthetic::generate(&t.db, &options, &|_| {})
        .await
        .expect("demo");
    let id = school_id(&t, SCHOOL).await;
    let want = expected(&t, &format!("sc.code = '{SCHOOL}'")).await;
    let own = token(Role::School, id);

    // Act: the school's own token.
    let (data, codes) = ask(
        &served(&t),
        &own,
        &school_query(),
        json!({ "id": id.to_string() }),
    )
    .await;

    // Assert: every class × subject of the tables, each with its counts' figures and teacher.
    assert!(codes.is_empty(), "{codes:?}");
    let a = &data["school"]["adminControl"];
    assert_eq!(a["year"], json!(YEAR));
    assert_eq!(a["method"], json!("PER_MARK"));
    assert_eq!(a["teachersVisible"], json!(true));
    let classes = a["classes"].as_array().unwrap();
    assert_eq!(classes.len(), want.len());
    // Not vacuous: grades 5–11, three subjects each, teachers and changes both ways.
    assert!(want.len() >= 7 * 3, "{}", want.len());
    let mut changes = (0, 0);
    for c in classes {
        let class = format!(
            "{}{}",
            c["classGroup"]["grade"],
            c["classGroup"]["letter"].as_str().unwrap()
        );
        let subject = c["subject"]["code"].as_str().unwrap().to_owned();
        let what = format!("{class} {subject}");
        let e = &want[&(SCHOOL.to_owned(), class, subject)];
        let (h1, h2) = (e.h1.unwrap(), e.h2.unwrap());
        close(&c["h1"]["knowledgeQualityPct"], quality(&h1), &what);
        close(&c["h2"]["knowledgeQualityPct"], quality(&h2), &what);
        close(&c["h1"]["successPct"], success(&h1), &what);
        close(&c["h2"]["successPct"], success(&h2), &what);
        let change = quality(&h2).unwrap() - quality(&h1).unwrap();
        close(&c["qualityChangePp"], Some(change), &what);
        close(
            &c["successChangePp"],
            Some(success(&h2).unwrap() - success(&h1).unwrap()),
            &what,
        );
        assert_eq!(c["teacherRef"].as_str(), e.teacher.as_deref(), "{what}");
        assert!(e.teacher.is_some(), "{what}: the demo names a teacher");
        assert_eq!(
            c["association"]["nameKy"].as_str(),
            e.association.as_deref()
        );
        assert!(c["recommendations"].as_str().is_some_and(|r| !r.is_empty()));
        if change > 0.0 {
            changes.0 += 1;
        } else if change < 0.0 {
            changes.1 += 1;
        }
    }
    assert!(changes.0 > 0 && changes.1 > 0, "{changes:?}");

    // The roll-ups: pairs summed, then divided.
    let group = |f: &dyn Fn(&Key, &Expected) -> Option<String>| {
        let mut g: BTreeMap<String, Vec<&Expected>> = BTreeMap::new();
        for (k, e) in &want {
            if let Some(name) = f(k, e) {
                g.entry(name).or_default().push(e);
            }
        }
        g
    };
    let subjects = group(&|k, _| Some(k.2.clone()));
    let got = a["bySubject"].as_array().unwrap();
    assert_eq!(got.len(), subjects.len());
    for r in got {
        let code = r["subject"]["code"].as_str().unwrap();
        check_roll_up(r, &subjects[code], code);
    }
    let teachers = group(&|_, e| e.teacher.clone());
    let got = a["byTeacher"].as_array().unwrap();
    assert_eq!(got.len(), teachers.len());
    for r in got {
        let t = r["teacherRef"].as_str().unwrap();
        check_roll_up(r, &teachers[t], t);
    }
    let associations = group(&|_, e| e.association.clone());
    let got = a["byAssociation"].as_array().unwrap();
    assert_eq!(got.len(), associations.len());
    assert!(got.len() >= 3);
    for r in got {
        let name = r["association"]["nameKy"].as_str().unwrap();
        check_roll_up(r, &associations[name], name);
    }

    // Seed 002's table as `sapat admin-control` prints it: each class × subject's line with
    // its teacher and change.
    let analysis = admin_control::read(&t.db, &Grant::internal(id), YEAR)
        .await
        .unwrap();
    let table = api::cli::admin_control_table(SCHOOL, &analysis, Lang::Ky);
    assert!(
        table.contains("Билим сапатына административдик көзөмөл"),
        "{table}"
    );
    for c in &analysis.classes {
        let class = format!("{}{}", c.class_group.grade, c.class_group.letter);
        let change = format!("{:+.1}", c.halves.quality_change().unwrap());
        let teacher = c.teacher_ref.as_deref().unwrap();
        assert!(
            table.lines().any(|l| l.starts_with(&class)
                && l.contains(&c.subject.name_ky)
                && l.contains(teacher)
                && l.contains(&change)),
            "{class} {} {teacher} {change} not in\n{table}",
            c.subject.code
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teachers_stay_with_the_school_and_the_district_sees_its_subjects_summed() {
    // Arrange
    let t = TestDb::new().await;
    let options = Options {
        scale: Scale::School,
        seed: 1,
        ort_main_max: 245,
    };
    synthetic::generate(&t.db, &options, &|_| {})
        .await
        .expect("demo");
    let schema = served(&t);
    let id = school_id(&t, SCHOOL).await;
    let other = school_id(&t, "KG-O-UZG-002").await;
    let uzg = district_id(&t, "KG-O-UZG").await;
    let alm = district_id(&t, "KG-C-ALM").await;
    let vars = json!({ "id": id.to_string() });

    // Act and assert: a district token reads the counts, associations and recommendations,
    // never a teacher.
    let query = format!(
        "query($id: ID!) {{ school(id: $id) {{ adminControl(year: {YEAR}) {{ teachersVisible \
         classes {{ teacherRef association {{ nameKy }} recommendations }} byTeacher {{ teacherRef }} }} }} }}"
    );
    let (data, codes) = ask(&schema, &token(Role::District, uzg), &query, vars.clone()).await;
    assert!(codes.is_empty(), "{codes:?}");
    let a = &data["school"]["adminControl"];
    assert_eq!(a["teachersVisible"], json!(false));
    assert!(a["byTeacher"].is_null());
    let classes = a["classes"].as_array().unwrap();
    assert!(!classes.is_empty());
    assert!(classes.iter().all(|c| c["teacherRef"].is_null()));
    assert!(
        classes
            .iter()
            .all(|c| c["association"]["nameKy"].is_string())
    );
    // Another school's token, another district's and anonymous callers read nothing.
    for caller in [
        token(Role::School, other),
        token(Role::District, alm),
        Caller(None),
    ] {
        let (_, codes) = ask(&schema, &caller, &query, vars.clone()).await;
        assert_eq!(codes, vec!["FORBIDDEN"], "{caller:?}");
    }

    // The district per subject: every school's pairs summed, with the schools covered.
    let want = expected(&t, &format!("sc.district_id = {uzg}")).await;
    let district = format!(
        "query($id: ID!) {{ school(id: $id) {{ district {{ adminControl(year: {YEAR}, subject: \"algebra\") {{ \
         year method schoolsInDistrict schoolsReporting \
         bySubject {{ subject {{ code }} {FIGURES} pairs unpaired nSchools }} }} }} }} }}"
    );
    let (data, codes) = ask(
        &schema,
        &token(Role::District, uzg),
        &district,
        vars.clone(),
    )
    .await;
    assert!(codes.is_empty(), "{codes:?}");
    let d = &data["school"]["district"]["adminControl"];
    let algebra: Vec<&Expected> = want
        .iter()
        .filter(|(k, _)| k.2 == "algebra")
        .map(|(_, e)| e)
        .collect();
    let schools: std::collections::BTreeSet<&String> = want
        .keys()
        .filter(|k| k.2 == "algebra")
        .map(|k| &k.0)
        .collect();
    assert_eq!(schools.len(), 3, "the three demo schools test algebra");
    assert_eq!(d["schoolsReporting"], json!(3));
    // The fixture school "Бахмал" №45 reports no administrative control.
    assert_eq!(d["schoolsInDistrict"], json!(4));
    let by_subject = d["bySubject"].as_array().unwrap();
    assert_eq!(by_subject.len(), 1);
    assert_eq!(by_subject[0]["subject"]["code"], json!("algebra"));
    assert_eq!(by_subject[0]["nSchools"], json!(3));
    check_roll_up(&by_subject[0], &algebra, "district algebra");
    // A school token holds no district; another district's token none of this one.
    for caller in [
        token(Role::School, id),
        token(Role::District, alm),
        Caller(None),
    ] {
        let (_, codes) = ask(&schema, &caller, &district, vars.clone()).await;
        assert_eq!(codes, vec!["FORBIDDEN"], "{caller:?}");
    }
}

async fn csv(t: &TestDb, kind: ImportKind, text: &str) -> Result<(), Vec<RowError>> {
    match domain::import::import(
        &t.db,
        &Caller::operator(),
        kind,
        std::io::Cursor::new(text.as_bytes().to_vec()),
        Format::Csv,
        &Context { ort_main_max: 245 },
        &|_| {},
    )
    .await
    {
        Ok(_) => Ok(()),
        Err(domain::Error::Rejected { errors, .. }) => Err(errors),
        Err(other) => panic!("{}: unexpected error {other:?}", kind.name()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_names_its_bad_rows_in_kyrgyz_and_russian_and_a_pair_needs_both_halves() {
    // Arrange: the fixture school and its teacher T-07.
    let t = TestDb::new().await;
    demo::load(&t.db, 245).await.unwrap();
    csv(
        &t,
        ImportKind::Teachers,
        "school_code,teacher_ref\nKG-O-UZG-045,T-07\n",
    )
    .await
    .unwrap();
    let header = "school_code,academic_year,grade,class_letter,subject,teacher_ref,association_ky,association_ru,recommendations\n";

    // Act: a good row, a row naming a teacher the register lacks, a grade the regulation
    // does not test and an unknown subject.
    let bad = format!(
        "{header}KG-O-UZG-045,2021-2022,9,А,mathematics,T-07,Табигый-математикалык цикл,,\n\
         KG-O-UZG-045,2021-2022,9,Б,mathematics,T-99,,,\n\
         KG-O-UZG-045,2021-2022,4,А,mathematics,T-07,,,\n\
         KG-O-UZG-045,2021-2022,9,А,алхимия,T-07,,,\n"
    );
    let errors = csv(&t, ImportKind::AdminControl, &bad)
        .await
        .expect_err("refused");

    // Assert: each bad row by its row and column, in both languages; nothing written.
    let found: Vec<(u64, Option<&str>)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, Some("teacher_ref")),
            (4, Some("grade")),
            (5, Some("subject"))
        ],
        "{errors:?}"
    );
    assert_eq!(
        errors[0].message,
        Msg::from(domain::facts::teachers::Check::UnknownTeacher(
            "T-99".into()
        ))
    );
    assert_eq!(errors[2].message, Msg::UnknownSubject);
    let ky = errors[0].render(Lang::Ky);
    let ru = errors[0].render(Lang::Ru);
    assert!(ky.starts_with("3-сап, «teacher_ref» мамычасы"), "{ky}");
    assert!(ru.starts_with("строка 3, столбец «teacher_ref»"), "{ru}");
    assert!(
        errors[1]
            .render(Lang::Ky)
            .starts_with("4-сап, «grade» мамычасы")
    );
    assert_eq!(t.count("admin_control").await, 0, "nothing written");

    // Act: the good rows, and their H1 and H2 counts as mark summaries (10Б: H1 only).
    let good = format!(
        "{header}KG-O-UZG-045,2021-2022,9,А,mathematics,T-07,Табигый-математикалык цикл,МО естественно-математического цикла,\"Өз алдынча иштөөнү көбөйтүү, үй тапшырмасын текшерүү; ң\"\n\
         KG-O-UZG-045,2021-2022,10,Б,Физика,,Табигый-математикалык  цикл,,\n"
    );
    csv(&t, ImportKind::AdminControl, &good).await.unwrap();
    csv(
        &t,
        ImportKind::MarkSummaries,
        "school_code,academic_year,grade,class_letter,subject,period,assessment_kind,n5,n4,n3,n2,n_na,n_enrolled\n\
         KG-O-UZG-045,2021-2022,9,А,mathematics,H1,admin_control,3,7,10,4,1,25\n\
         KG-O-UZG-045,2021-2022,9,А,mathematics,H2,кесинди,5,8,9,2,0,25\n\
         KG-O-UZG-045,2021-2022,10,Б,physics,1-жарым жылдык,admin_control,2,6,12,2,0,22\n\
         KG-O-UZG-045,2021-2022,9,А,mathematics,H2,period_marks,6,9,8,2,0,25\n",
    )
    .await
    .unwrap();

    // Assert: 9А pairs (quality 10/25 → 13/24), 10Б has H1 only; the roll-ups sum the pair.
    let id = school_id(&t, "KG-O-UZG-045").await;
    let a = admin_control::read(&t.db, &Grant::internal(id), YEAR)
        .await
        .unwrap();
    assert_eq!(a.classes.len(), 2);
    let c = &a.classes[0];
    assert_eq!(
        (c.class_group.grade, c.subject.code.as_str()),
        (9, "mathematics")
    );
    assert_eq!(c.halves.quality_h1(), Some(40.0));
    assert_eq!(c.halves.quality_h2(), Some(100.0 * 13.0 / 24.0));
    assert_eq!(c.halves.success_h1(), Some(80.0));
    assert_eq!(c.teacher_ref.as_deref(), Some("T-07"));
    assert_eq!(
        c.recommendations.as_deref(),
        Some("Өз алдынча иштөөнү көбөйтүү, үй тапшырмасын текшерүү; ң")
    );
    let p = &a.classes[1];
    assert_eq!(
        (p.class_group.grade, p.subject.code.as_str()),
        (10, "physics")
    );
    assert_eq!(p.halves.quality_h1(), Some(100.0 * 8.0 / 22.0));
    assert_eq!(p.halves.quality_h2(), None, "missing stays missing");
    assert_eq!(p.halves.quality_change(), None);
    // One association (spelled with two spaces once): the pair in, the half out.
    assert_eq!(a.by_association.len(), 1);
    let (name, roll_up) = &a.by_association[0];
    assert_eq!(name.name_ky.as_deref(), Some("Табигый-математикалык цикл"));
    assert_eq!((roll_up.pairs, roll_up.unpaired), (1, 1));
    assert_eq!(roll_up.halves.quality_change(), c.halves.quality_change());
    // The API answers the same roll-up.
    let (data, codes) = ask(
        &schema(&t),
        &Caller::operator(),
        &format!("{{ schoolByCode(code: \"KG-O-UZG-045\") {{ adminControl(year: {YEAR}) {{ classes {{ teacherRef }} bySubject {{ subject {{ code }} pairs unpaired }} }} }} }}"),
        json!({}),
    )
    .await;
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(
        data["schoolByCode"]["adminControl"]["bySubject"],
        json!([
            { "subject": { "code": "mathematics" }, "pairs": 1, "unpaired": 0 },
            { "subject": { "code": "physics" }, "pairs": 0, "unpaired": 1 },
        ])
    );
}
