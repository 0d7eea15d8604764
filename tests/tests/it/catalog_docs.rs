//! The README's indicator table is rendered from the catalog: every code with its method,
//! unit, aggregation, default rules and source tables. It cannot drift: this test fails when
//! the README's table differs from the rendering (`SAPAT_UPDATE_DOCS=1` rewrites it).

use domain::trend::catalog::{self, Aggregation, CATALOG, Change, Denominator, Unit};

const BEGIN: &str =
    "<!-- indicators: rendered from the catalog by tests/tests/it/catalog_docs.rs -->";
const END: &str = "<!-- indicators: end -->";

fn number(x: f64) -> String {
    format!("{}", (x * 1000.0).round() / 1000.0)
}

fn percent(share: f64) -> String {
    format!("{} %", number(share * 100.0))
}

fn change(c: Change, unit: Unit, of: &str) -> String {
    let suffix = match unit {
        Unit::Percent | Unit::PercentagePoints | Unit::Index => " pp",
        Unit::Score if c.units == Some(1.0) => " point",
        Unit::Score => " points",
        Unit::Mark | Unit::Count | Unit::Ratio => "",
    };
    match (c.units, c.relative) {
        (Some(u), None) => format!("{}{suffix}", number(u)),
        (None, Some(r)) => format!("{}{of}", percent(r)),
        (Some(u), Some(r)) => format!("{}{suffix} and {}{of}", number(u), percent(r)),
        (None, None) => "never".into(),
    }
}

fn render() -> String {
    let mut out = vec![
        BEGIN.to_owned(),
        String::new(),
        "| code | indicator | method | unit | better | area figure | FLAT below (a year) | JUMP over | SMALL_SAMPLE below | from |".to_owned(),
        "|---|---|---|---|---|---|---|---|---|---|".to_owned(),
    ];
    for i in CATALOG {
        let r = i.rules;
        let small = match (r.small_sample_below, i.method.denominator()) {
            // A value without a denominator (a median, a difference) has no sample size.
            _ if i.aggregation == Aggregation::None => "never".into(),
            (Some(n), Some(d)) => format!(
                "{} {}",
                number(n),
                match d {
                    Denominator::Pupils => "pupils",
                    Denominator::Marks => "marks",
                    Denominator::Takers => "ORT takers",
                    Denominator::Teachers => "teachers",
                    Denominator::Respondents => "respondents",
                }
            ),
            _ => "never".into(),
        };
        let aggregation = match i.aggregation {
            Aggregation::Ratio { .. } => "Σ num. / Σ den.",
            Aggregation::Sum => "sum",
            Aggregation::None => "none",
        };
        let sources = catalog::sources(i.code)
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            i.code,
            i.name_en,
            i.method.code().replace('_', " "),
            i.unit.code().replace('_', " "),
            if i.higher_is_better {
                "higher"
            } else {
                "lower"
            },
            aggregation,
            change(r.flat, i.unit, " of the mean"),
            change(r.jump, i.unit, ""),
            small,
            sources,
        ));
    }
    out.push(String::new());
    out.push(END.to_owned());
    out.join("\n")
}

#[test]
fn every_indicator_has_its_source_tables() {
    let missing: Vec<&str> = CATALOG
        .iter()
        .map(|i| i.code)
        .filter(|c| catalog::sources(c).is_empty())
        .collect();
    assert!(missing.is_empty(), "no sources for {missing:?}");
}

#[test]
fn the_readme_indicator_table_is_the_catalog() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(begin), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
        panic!("README.md has no indicator table markers");
    };
    let current = &readme[begin..end + END.len()];
    let rendered = render();
    if current != rendered && std::env::var_os("SAPAT_UPDATE_DOCS").is_some() {
        let updated = readme.replacen(current, &rendered, 1);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        current, rendered,
        "README.md's indicator table differs from the catalog; rerun with SAPAT_UPDATE_DOCS=1"
    );
}
