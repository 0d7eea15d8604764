//! Every type, field, argument, input field and enum value of the schema says what it is: a
//! dashboard developer reads the schema in GraphiQL's docs or in generated code, not ours.

use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

/// Everything in `sdl` without a description, as `Type`, `Type.field`, `Type.field(arg)`,
/// `Input.field` or `Enum.VALUE`. (Directives are async-graphql's own.)
fn undescribed(sdl: &str) -> Vec<String> {
    let doc = async_graphql::parser::parse_schema(sdl).expect("the SDL parses");
    let mut out = Vec::new();
    let blank = |d: &Option<async_graphql::Positioned<String>>| {
        d.as_ref().is_none_or(|d| d.node.trim().is_empty())
    };
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(ty) = def else {
            continue;
        };
        let ty = &ty.node;
        let name = ty.name.node.as_str();
        if blank(&ty.description) {
            out.push(name.to_owned());
        }
        match &ty.kind {
            TypeKind::Object(o) => {
                for f in &o.fields {
                    let f = &f.node;
                    if blank(&f.description) {
                        out.push(format!("{name}.{}", f.name.node));
                    }
                    for a in &f.arguments {
                        if blank(&a.node.description) {
                            out.push(format!("{name}.{}({})", f.name.node, a.node.name.node));
                        }
                    }
                }
            }
            TypeKind::InputObject(i) => {
                for f in &i.fields {
                    if blank(&f.node.description) {
                        out.push(format!("{name}.{}", f.node.name.node));
                    }
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.values {
                    if blank(&v.node.description) {
                        out.push(format!("{name}.{}", v.node.value.node));
                    }
                }
            }
            TypeKind::Scalar | TypeKind::Interface(_) | TypeKind::Union(_) => {}
        }
    }
    out
}

#[test]
fn every_type_field_argument_and_enum_value_is_described() {
    let missing = undescribed(&super::sdl());
    assert!(
        missing.is_empty(),
        "{} without a description (a `///` comment, or `#[graphql(desc = …)]` on an argument):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_check_finds_what_lacks_a_description() {
    let sdl = r#"
"""A type."""
type Query {
    """A field."""
    a(
        """An argument."""
        x: Int, y: Int): Int
    b: Int
}
input I { """Described.""" p: Int q: Int }
"""An enum."""
enum E { """Described.""" A B }
"#;
    assert_eq!(
        undescribed(sdl),
        ["Query.a(y)", "Query.b", "I", "I.q", "E.B"]
    );
}
