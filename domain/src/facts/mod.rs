//! The fact kinds a school reports, one module each. A kind's module declares, once: its
//! template columns (ky/ru/en headers, help, ranges and choices), the file columns that
//! identify a row, its target table and natural key, its access tier, how a parsed row
//! becomes a database row (with the checks that name the column a secretary has to fix; the
//! database's named CHECKs stay the last line of defence), and its profile read (`read`: the
//! school's rows, refusing a [`Grant`](crate::access::Grant) below the kind's tier, with the
//! related rows fetched by one IN query per level through `query::lookup`).
//!
//! [`for_each_fact_kind!`] is the registry: the [`ImportKind`] enum, `ImportKind::ALL`, the
//! CLI names, the GraphQL `ImportKind` enum (api), the templates, `entryFields`, the import
//! engine and its audit entries all come from it, and the API takes a caller's grant for a
//! kind at the kind's tier (`access::grant_for`). Rows are built by column name against the
//! target ([`by_name`], also what the demo generator writes with), so no column order is kept
//! outside the target's list. Adding a kind: a migration, a module here (its [`Entry`] names
//! the typed `record…` mutation the API builds from the columns) and its line in the registry.

mod columns;

pub mod admin_control;
pub mod class_outcomes;
pub mod contest_results;
pub mod enrolment;
pub mod graduate_destinations;
pub mod infrastructure;
pub mod mark_summaries;
pub mod olympiad_counts;
pub mod olympiad_results;
pub mod ort_results;
pub mod ort_subject_scores;
pub mod ort_summaries;
pub mod ort_thresholds;
pub mod reported_indicators;
pub mod schools;
pub mod staff;
pub mod surveys;
pub mod teacher_awards;
pub mod teachers;
pub mod textbooks;
pub mod training;
pub mod training_attendance;

pub use columns::{Col, Ty};

use crate::access::Tier;
use crate::bulk::Target;
use crate::error::{Error, Result};
use crate::import::cell::V;
use crate::import::resolve::Resolver;
use crate::import::{Row, RowError};
use crate::messages::Quoted;
use sea_orm::{DatabaseTransaction, Value};
use std::future::Future;
use std::pin::Pin;

/// The registry of fact kinds: `Variant (GraphQL enum value) => module`. Hands the list to
/// `$m!`, so every enumeration of the kinds is generated from this one list.
#[macro_export]
macro_rules! for_each_fact_kind {
    ($m:ident) => {
        $m! {
            Schools (Schools) => schools,
            MarkSummaries (MarkSummaries) => mark_summaries,
            ClassOutcomes (ClassOutcomes) => class_outcomes,
            ReportedIndicators (ReportedIndicators) => reported_indicators,
            OrtResults (OrtResults) => ort_results,
            OrtSummaries (OrtSummaries) => ort_summaries,
            OlympiadResults (OlympiadResults) => olympiad_results,
            OlympiadCounts (OlympiadCounts) => olympiad_counts,
            ContestResults (ContestResults) => contest_results,
            Teachers (Teachers) => teachers,
            Training (Training) => training,
            StaffSnapshots (Staff) => staff,
            EnrolmentSnapshots (Enrolment) => enrolment,
            InfrastructureSnapshots (Infrastructure) => infrastructure,
            TextbookProvision (Textbooks) => textbooks,
            Surveys (Surveys) => surveys,
            OrtThresholds (OrtThresholds) => ort_thresholds,
            TeacherAwards (TeacherAwards) => teacher_awards,
            TrainingAttendance (TrainingAttendance) => training_attendance,
            OrtSubjectScores (OrtSubjectScores) => ort_subject_scores,
            AdminControl (AdminControl) => admin_control,
            GraduateDestinations (GraduateDestinations) => graduate_destinations,
        }
    };
}

macro_rules! declare_kinds {
    ($( $variant:ident ($gql:ident) => $module:ident, )*) => {
        /// What can be imported or entered: one variant per module of [`crate::facts`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ImportKind {
            $( $variant, )*
        }

        impl ImportKind {
            pub const ALL: [ImportKind; [$( stringify!($variant) ),*].len()] =
                [ $( ImportKind::$variant, )* ];

            /// The kind's declaration.
            pub fn def(self) -> &'static FactKind {
                match self {
                    $( ImportKind::$variant => &$module::KIND, )*
                }
            }
        }
    };
}

for_each_fact_kind!(declare_kinds);

/// One fact kind, as its module declares it.
pub struct FactKind {
    /// The name on the command line (`sapat import mark-summaries …`).
    pub name: &'static str,
    /// What one row records, in a sentence (the GraphQL `ImportKind` value's and the
    /// `record…` input's description).
    pub about: &'static str,
    /// The template's columns, in order.
    pub columns: fn() -> Vec<Col>,
    /// The file columns that identify a row, for the message about a repeated row.
    pub key_columns: &'static [&'static str],
    /// The table the kind writes and its natural key.
    pub target: Target,
    /// Who may read its rows besides the public tier (`None`: public, the school directory).
    pub tier: Option<Tier>,
    /// What a row is about: how the import finds its scope and who may write it.
    pub scope: RowScope,
    /// Columns holding a person's name: stored for the school, never served, never written
    /// to the audit log.
    pub names_of_people: &'static [&'static str],
    /// Target columns that say where a row came from, never a change by themselves
    /// ([`crate::bulk::Keep::provenance`]).
    pub provenance: &'static [&'static str],
    /// How its stored rows are read back into the template's columns (`sapat export`).
    pub export: crate::export::Export,
    /// The database row for one parsed row, or the row's errors.
    pub build: Build,
    /// Its typed data-entry mutation (api::graphql::entry builds it from this and the columns).
    pub entry: Entry,
    /// One of each message its checks declare for themselves (`Check::samples` of its
    /// [`kind_messages!`](crate::kind_messages); `Vec::new` for none), for the test that every
    /// message has its three texts.
    pub messages: fn() -> Vec<crate::messages::Msg>,
}

/// A kind's `record…` mutation: its GraphQL names and description. Its input's fields are the
/// template's columns in camelCase, typed by the column (a count is an `Int`, a decimal a
/// `Float`, yes/no a `Boolean`, anything else a `String`), non-null when the column is required.
pub struct Entry {
    /// The mutation's name (`recordTeacherAwards`).
    pub mutation: &'static str,
    /// The input type's name (`TeacherAwardInput`).
    pub input: &'static str,
    /// The mutation's description.
    pub about: &'static str,
    /// Columns entered as a list of strings (the template's comma-separated list).
    pub lists: &'static [&'static str],
}

/// What a kind's row is about, which decides how an import checks it against the caller's
/// scope and who may write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowScope {
    /// One school's fact, naming its school: written by a caller whose scope holds the school.
    School,
    /// A school of the directory, naming its district: written within the caller's scope.
    Directory,
    /// National reference data set by ministry order, naming no school (ORT thresholds):
    /// written by an admin only, read by anyone.
    National,
}

impl RowScope {
    /// Who may write rows of this scope, in words (for the schema's descriptions).
    pub fn writers(self) -> &'static str {
        match self {
            RowScope::School | RowScope::Directory => {
                "an admin, or a region, district or school token within its scope"
            }
            RowScope::National => "an admin only (national reference data)",
        }
    }
}

/// A built row, or the row's errors (each naming its column).
pub type Outcome = std::result::Result<Row, Vec<RowError>>;

/// A kind's row builder. Boxed so that the registry can hold one function per kind.
pub type Build =
    for<'a> fn(RowInput<'a>) -> Pin<Box<dyn Future<Output = Result<Outcome>> + Send + 'a>>;

/// What a kind's builder gets: the parsed row, the resolver (ids of what rows name), the
/// import's transaction, and, for kinds that name a school, the school and year already
/// resolved.
pub struct RowInput<'a> {
    pub f: &'a Fields<'a>,
    pub r: &'a mut Resolver,
    pub db: &'a DatabaseTransaction,
    pub ctx: &'a Context,
    pub school_id: i32,
    pub year: Option<i32>,
}

impl RowInput<'_> {
    /// The row for the kind's target: `values` by column name, in any order.
    pub fn row(
        &self,
        target: &Target,
        values: impl IntoIterator<Item = (&'static str, Value)>,
    ) -> Result<Row> {
        Ok(Row {
            year: self.year,
            values: by_name(target, values)?,
            languages: None,
            school_id: Some(self.school_id),
        })
    }

    /// School and year, then every other column of `target` as the file names it (for the
    /// kinds whose template columns are the table's).
    pub fn same_named<'s>(
        &'s self,
        target: &'static Target,
    ) -> impl Iterator<Item = (&'static str, Value)> + 's {
        self.school_year()
            .into_iter()
            .chain(target.columns[2..].iter().map(|c| (*c, self.f.value(c))))
    }

    /// The row of [`same_named`](Self::same_named) values, or the errors collected while
    /// checking it.
    pub fn same_named_row(
        &self,
        target: &'static Target,
        errors: Vec<RowError>,
    ) -> Result<Outcome> {
        Ok(checked(self.row(target, self.same_named(target))?, errors))
    }

    /// The school and year columns most kinds start with.
    pub fn school_year(&self) -> [(&'static str, Value); 2] {
        [
            ("school_id", Value::Int(Some(self.school_id))),
            ("academic_year", Value::Int(self.year)),
        ]
    }
}

impl FactKind {
    /// What an import's update keeps: names of people a blank does not erase (no export gives
    /// them back), and the provenance columns.
    pub fn keep(&self) -> crate::bulk::Keep {
        crate::bulk::Keep {
            when_blank: self.names_of_people,
            provenance: self.provenance,
        }
    }
}

impl ImportKind {
    /// The name used on the command line (`sapat import <name> <file>`).
    pub fn name(self) -> &'static str {
        self.def().name
    }

    pub fn parse(name: &str) -> std::result::Result<ImportKind, String> {
        ImportKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = ImportKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown import kind `{name}`; one of: {}", names.join(", "))
            })
    }

    /// The template's columns, in order.
    pub fn columns(self) -> Vec<Col> {
        (self.def().columns)()
    }

    /// The file columns that identify a row, for the message about a repeated row.
    pub fn key_columns(self) -> &'static [&'static str] {
        self.def().key_columns
    }

    /// The table the kind writes and its natural key.
    pub fn target(self) -> &'static Target {
        &self.def().target
    }
}

/// A row's values in the target's column order, from `(column, value)` pairs: every column
/// exactly once, so a builder cannot drift from the table it writes.
pub fn by_name(
    target: &Target,
    values: impl IntoIterator<Item = (&'static str, Value)>,
) -> Result<Vec<Value>> {
    let columns = target.columns;
    let mut values = values.into_iter();
    // Builders usually list the columns in table order (the generator's hundreds of
    // thousands of rows do): take them as they come, one allocation, while they do.
    let mut out = Vec::with_capacity(columns.len());
    while let Some((name, value)) = values.next() {
        if columns.get(out.len()) == Some(&name) {
            out.push(value);
            continue;
        }
        // Out of order from here: place the rest by name.
        let mut slots: Vec<Option<Value>> = out.into_iter().map(Some).collect();
        slots.resize(columns.len(), None);
        for (name, value) in std::iter::once((name, value)).chain(values) {
            match columns.iter().position(|c| *c == name) {
                Some(i) if slots[i].is_none() => slots[i] = Some(value),
                Some(_) => return Err(width_error(target, format!("sets `{name}` twice"))),
                None => return Err(width_error(target, format!("has no column `{name}`"))),
            }
        }
        return slots
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                v.ok_or_else(|| width_error(target, format!("`{}` was not set", columns[i])))
            })
            .collect();
    }
    match columns.get(out.len()) {
        Some(missing) => Err(width_error(target, format!("`{missing}` was not set"))),
        None => Ok(out),
    }
}

fn width_error(target: &Target, message: String) -> Error {
    Error::Internal(format!("a row for table {}: {message}", target.table))
}

/// A row's parsed cells, by column key.
pub struct Fields<'a> {
    pub line: u64,
    pub cols: &'a [Col],
    pub values: Vec<V>,
    pub raw: Vec<Option<String>>,
    /// The first key a builder asked for that is not a column (a programming error, reported
    /// as an internal error by [`build`] rather than a panic).
    unknown: std::sync::OnceLock<String>,
}

impl<'a> Fields<'a> {
    pub fn new(line: u64, cols: &'a [Col], values: Vec<V>, raw: Vec<Option<String>>) -> Self {
        Fields {
            line,
            cols,
            values,
            raw,
            unknown: std::sync::OnceLock::new(),
        }
    }

    fn idx(&self, key: &str) -> Option<usize> {
        let i = self.cols.iter().position(|c| c.key == key);
        if i.is_none() {
            let _ = self.unknown.set(key.to_owned());
        }
        i
    }
    /// Whether the kind has column `key`.
    pub fn has(&self, key: &str) -> bool {
        self.cols.iter().any(|c| c.key == key)
    }
    pub fn get(&self, key: &str) -> &V {
        self.idx(key).map_or(&V::Null, |i| &self.values[i])
    }
    pub fn int(&self, key: &str) -> Option<i64> {
        self.get(key).int()
    }
    pub fn i32(&self, key: &str) -> Option<i32> {
        self.int(key).and_then(|i| i32::try_from(i).ok())
    }
    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key).num()
    }
    pub fn text(&self, key: &str) -> Option<&str> {
        self.get(key).text()
    }
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), V::Bool(true))
    }
    /// An error about one cell, quoting what the file holds.
    pub fn error(&self, key: &str, message: impl Into<crate::messages::Msg>) -> RowError {
        RowError {
            forbidden: false,
            row: self.line,
            column: Some(key.to_owned()),
            value: self
                .idx(key)
                .and_then(|i| self.raw[i].as_deref().map(Quoted::of)),
            message: message.into(),
        }
    }
    /// The value of `key` as a database value (NULL when blank).
    pub fn value(&self, key: &str) -> Value {
        let Some(i) = self.idx(key) else {
            return Value::String(None);
        };
        match &self.values[i] {
            V::Null => match self.cols[i].ty {
                Ty::Int { .. } | Ty::Count { .. } | Ty::Year => Value::Int(None),
                Ty::Decimal { .. } => Value::Double(None),
                Ty::Bool => Value::Bool(None),
                Ty::Date => Value::ChronoDate(None),
                _ => Value::String(None),
            },
            V::Int(i) => Value::Int(Some(*i as i32)),
            V::Num(n) => Value::Double(Some(*n)),
            V::Text(t) => Value::String(Some(t.clone())),
            V::Bool(b) => Value::Bool(Some(*b)),
            V::Date(d) => Value::ChronoDate(Some(*d)),
        }
    }
    /// The text of `key`, or `default` when blank, as a database value.
    pub fn text_or(&self, key: &str, default: &str) -> Value {
        Value::String(Some(self.text(key).unwrap_or(default).to_owned()))
    }
    pub fn count_or_zero(&self, key: &str) -> i64 {
        self.int(key).unwrap_or(0)
    }
}

/// Settings an import needs from configuration.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub ort_main_max: i32,
}

/// Builds the database row for one parsed row, or the row's errors: resolves the school and
/// the year every kind but the schools names, then hands over to the kind's builder.
pub async fn build(
    kind: ImportKind,
    f: &Fields<'_>,
    r: &mut Resolver,
    db: &DatabaseTransaction,
    ctx: &Context,
) -> Result<Outcome> {
    let def = kind.def();
    let built = if def.scope == RowScope::School {
        let mut errors = Vec::new();
        let school_id = match r.school(
            f.text("school_code"),
            f.text("district"),
            f.int("school_number"),
            f.text("school_name"),
        ) {
            Ok(id) => Some(id),
            Err(message) => {
                let column = match &message {
                    crate::messages::Msg::SchoolCodeDisagrees { field, .. } => field,
                    _ if f.text("school_code").is_some() => "school_code",
                    _ => "district",
                };
                errors.push(f.error(column, message));
                None
            }
        };
        let year = if f.has("academic_year") {
            f.i32("academic_year")
        } else {
            None
        };
        if let Some(y) = year {
            r.year(db, y).await?;
        }
        match school_id {
            None => Ok(Err(errors)),
            Some(school_id) => {
                (def.build)(RowInput {
                    f,
                    r,
                    db,
                    ctx,
                    school_id,
                    year,
                })
                .await
            }
        }
    } else {
        // No school to resolve; a national row may still name its year.
        let year = if f.has("academic_year") {
            f.i32("academic_year")
        } else {
            None
        };
        if let Some(y) = year {
            r.year(db, y).await?;
        }
        (def.build)(RowInput {
            f,
            r,
            db,
            ctx,
            school_id: 0,
            year,
        })
        .await
    };
    if let Some(key) = f.unknown.get() {
        return Err(Error::Internal(format!(
            "the {} builder reads `{key}`, which is not one of its columns",
            kind.name()
        )));
    }
    built
}

/// A subject named in column `key` (None when blank); an unknown one is an error.
fn subject_of(f: &Fields<'_>, r: &Resolver, key: &str, errors: &mut Vec<RowError>) -> Option<i32> {
    let name = f.text(key)?;
    let id = r.subject(name);
    if id.is_none() {
        errors.push(f.error(key, crate::messages::Msg::UnknownSubject));
    }
    id
}

/// The row, or the errors collected while building it.
fn checked(row: Row, errors: Vec<RowError>) -> Outcome {
    if errors.is_empty() {
        Ok(row)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_name_and_a_consistent_declaration() {
        let mut names = std::collections::HashSet::new();
        for kind in ImportKind::ALL {
            let def = kind.def();
            assert!(names.insert(def.name), "{} twice", def.name);
            assert_eq!(ImportKind::parse(def.name), Ok(kind));
            let columns = kind.columns();
            for key in def.key_columns {
                assert!(
                    *key == "school" || columns.iter().any(|c| c.key == *key),
                    "{}: key column {key} is not a column",
                    def.name
                );
            }
            for key in def.target.key {
                assert!(
                    def.target.columns.contains(key),
                    "{}: key {key} is not a target column",
                    def.name
                );
            }
            assert_eq!(
                def.scope == RowScope::Directory,
                kind == ImportKind::Schools
            );
            // National rows name no school and are read by anyone.
            if def.scope == RowScope::National {
                assert!(!def.target.columns.contains(&"school_id"), "{}", def.name);
                assert_eq!(def.tier, None, "{}", def.name);
            }
        }
    }

    /// Every kind and column says what it is: the template's help sheet, `entryFields` and the
    /// GraphQL `ImportKind` values and `record…` inputs all show it.
    #[test]
    fn every_kind_and_column_is_described() {
        let mut missing = Vec::new();
        for kind in ImportKind::ALL {
            if kind.def().about.trim().is_empty() {
                missing.push(kind.name().to_owned());
            }
            for c in kind.columns() {
                if c.help.trim().is_empty() {
                    missing.push(format!("{}.{}", kind.name(), c.key));
                }
            }
        }
        assert!(missing.is_empty(), "without help: {}", missing.join(", "));
    }

    #[test]
    fn rows_are_built_by_name_and_checked_for_width() {
        let target = Target {
            table: "t",
            columns: &["a", "b"],
            key: &["a"],
            year_column: None,
        };
        let one = |v: i32| Value::Int(Some(v));
        assert_eq!(
            by_name(&target, [("b", one(2)), ("a", one(1))]).unwrap(),
            vec![one(1), one(2)]
        );
        assert_eq!(
            by_name(&target, [("a", one(1)), ("b", one(2))]).unwrap(),
            vec![one(1), one(2)]
        );
        for (bad, message) in [
            (vec![("a", one(1))], "`b` was not set"),
            (vec![("b", one(2))], "`a` was not set"),
            (
                vec![("a", one(1)), ("b", one(2)), ("a", one(3))],
                "sets `a` twice",
            ),
            (vec![("b", one(2)), ("b", one(3))], "sets `b` twice"),
            (vec![("a", one(1)), ("c", one(2))], "has no column `c`"),
        ] {
            match by_name(&target, bad) {
                Err(Error::Internal(m)) => assert!(m.contains(message), "{m}"),
                other => panic!("{message}: {other:?}"),
            }
        }
    }
}
