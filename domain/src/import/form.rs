//! The columns of a kind described for building data-entry forms: the same definitions the
//! import and the templates use.

use super::ImportKind;
use super::cell;

/// How one template column (one field of a data-entry item) is filled in: what a form needs.
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub key: &'static str,
    pub ky: &'static str,
    pub ru: &'static str,
    pub required: bool,
    pub help: &'static str,
    /// int, count, decimal, text, name, choice, boolean, academic_year or date.
    pub kind: &'static str,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub max_length: Option<usize>,
    /// For a choice: each value with the spellings accepted for it (ky, ru, en).
    pub choices: Vec<(&'static str, &'static [&'static str])>,
}

/// The columns of a kind, described for building forms (the same definitions the import and
/// the API batches check against).
pub fn column_specs(kind: ImportKind) -> Vec<ColumnSpec> {
    use cell::Ty;
    kind.columns()
        .into_iter()
        .map(|c| {
            let mut spec = ColumnSpec {
                key: c.key,
                ky: c.ky,
                ru: c.ru,
                required: c.required,
                help: c.help,
                kind: "",
                min: None,
                max: None,
                max_length: None,
                choices: Vec::new(),
            };
            match c.ty {
                Ty::Int { min, max } => {
                    spec.kind = "int";
                    spec.min = Some(min as f64);
                    spec.max = Some(max as f64);
                }
                Ty::Count { max } => {
                    spec.kind = "count";
                    spec.min = Some(0.0);
                    spec.max = Some(max as f64);
                }
                Ty::Decimal { min, max } => {
                    spec.kind = "decimal";
                    spec.min = Some(min);
                    spec.max = Some(max);
                }
                Ty::Text { max } => {
                    spec.kind = "text";
                    spec.max_length = Some(max);
                }
                Ty::Name => {
                    spec.kind = "name";
                    spec.max_length = Some(cell::NAME_MAX);
                }
                Ty::Enum(values) => {
                    spec.kind = "choice";
                    spec.choices = values.to_vec();
                }
                Ty::Bool => spec.kind = "boolean",
                Ty::Year => spec.kind = "academic_year",
                Ty::Date => spec.kind = "date",
            }
            spec
        })
        .collect()
}
