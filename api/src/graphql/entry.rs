//! Data entry: one mutation per fact kind, each taking a batch of typed items.
//!
//! An item's fields are the columns of that kind's import template (`sapat import template
//! <kind>`, whose second sheet explains each), in camelCase, and an item goes through the
//! very checks a file row does (`domain::import::import_records`): one definition of what is
//! valid. Enumerated values accept the template's keys (e.g. `Q1`, `written_test`) and its
//! Kyrgyz and Russian spellings. A batch is all or nothing; natural keys make a repeated batch
//! change nothing. The mutations and their inputs are built from the registry of kinds
//! ([`KindMutation`]), so a new kind needs no line here.

use super::error::Result;
use async_graphql::parser::types::Field;
use async_graphql::registry::{
    Deprecation, MetaField, MetaInputValue, MetaType, MetaTypeId, Registry,
};
use async_graphql::resolver_utils::{ContainerType, resolve_container};
use async_graphql::{
    Context, ContextSelectionSet, InputObject, InputType, InputValueResult, Object, ObjectType,
    OutputType, Positioned, ServerError, ServerResult, SimpleObject, Value,
};
use chrono::NaiveDate;
use domain::Config;
use domain::accreditation as acc;
use domain::facts::{Col, Ty};
use domain::import::{ImportKind, ImportReport, Record};
use std::borrow::Cow;
use std::sync::Arc;

/// One mutation per fact kind, each taking a batch of its items, all built from the registry:
/// a kind's [`domain::facts::Entry`] names the mutation and its input, whose fields are the
/// kind's template columns. async-graphql's derives need a Rust type per input, so this
/// object registers and resolves its fields itself, as `#[Object]` would.
#[derive(Default)]
pub struct KindMutation;

impl OutputType for KindMutation {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("KindMutation")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            let record_result = <RecordResult as OutputType>::create_type_info(registry);
            let fields = ImportKind::ALL
                .iter()
                .map(|kind| {
                    let entry = &kind.def().entry;
                    let input = register_input(registry, *kind);
                    let items = MetaInputValue {
                        name: "items".to_owned(),
                        description: Some(ITEMS_DESC.to_owned()),
                        ty: format!("[{input}!]!"),
                        deprecation: Deprecation::NoDeprecated,
                        default_value: None,
                        visible: None,
                        inaccessible: false,
                        tags: Vec::new(),
                        is_secret: false,
                        directive_invocations: Vec::new(),
                    };
                    let field = MetaField {
                        name: entry.mutation.to_owned(),
                        description: Some(entry.about.to_owned()),
                        args: [("items".to_owned(), items)].into_iter().collect(),
                        ty: record_result.clone(),
                        deprecation: Deprecation::NoDeprecated,
                        cache_control: Default::default(),
                        external: false,
                        requires: None,
                        provides: None,
                        visible: None,
                        shareable: false,
                        inaccessible: false,
                        tags: Vec::new(),
                        override_from: None,
                        compute_complexity: None,
                        directive_invocations: Vec::new(),
                        requires_scopes: Vec::new(),
                    };
                    (entry.mutation.to_owned(), field)
                })
                .collect();
            MetaType::Object {
                name: Self::type_name().into_owned(),
                description: None,
                fields,
                cache_control: Default::default(),
                extends: false,
                shareable: false,
                resolvable: true,
                keys: None,
                visible: None,
                inaccessible: false,
                interface_object: false,
                tags: Vec::new(),
                is_subscription: false,
                rust_typename: Some(std::any::type_name::<Self>()),
                directive_invocations: Vec::new(),
                requires_scopes: Vec::new(),
            }
        })
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ContainerType for KindMutation {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let name = ctx.item.node.name.node.as_str();
        let Some(kind) = ImportKind::ALL
            .into_iter()
            .find(|k| k.def().entry.mutation == name)
        else {
            return Ok(None);
        };
        // As `#[Object]` resolves a field: the argument, the call, errors at the field's path.
        let result = async {
            let (pos, RawItems(items)) = ctx.param_value::<RawItems>("items", None)?;
            let records =
                parse_items(kind, items).map_err(|message| ServerError::new(message, Some(pos)))?;
            record(ctx, kind, records)
                .await
                .map_err(|e| async_graphql::Error::from(e).into_server_error(ctx.item.pos))
        }
        .await
        .map_err(|e| ctx.set_error_path(e))?;
        let ctx_obj = ctx.with_selection_set(&ctx.item.node.selection_set);
        OutputType::resolve(&result, &ctx_obj, ctx.item)
            .await
            .map(Some)
    }
}

impl ObjectType for KindMutation {}

const ITEMS_DESC: &str = "The items: all are stored or none (an error names each refused item and field); sending the same batch again changes nothing.";

/// The `items` argument as sent, variables filled in; [`parse_items`] reads it for its kind.
struct RawItems(Option<Value>);

impl InputType for RawItems {
    type RawValueType = Self;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("RawItems")
    }

    /// Never registered: [`KindMutation`] registers each kind's input by name.
    fn create_type_info(_: &mut Registry) -> String {
        Self::type_name().into_owned()
    }

    fn parse(value: Option<Value>) -> InputValueResult<Self> {
        Ok(RawItems(value))
    }

    fn to_value(&self) -> Value {
        self.0.clone().unwrap_or_default()
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }
}

/// How an input field of a column is typed: the Rust type `#[derive(InputObject)]` would
/// have used, which gives the schema's type and parses the value with the derive's errors.
#[derive(Clone, Copy)]
enum FieldType {
    Text,
    Int,
    Decimal,
    Bool,
    List,
}

impl FieldType {
    fn of(kind: ImportKind, c: &Col) -> FieldType {
        if kind.def().entry.lists.contains(&c.key) {
            return FieldType::List;
        }
        match c.ty {
            Ty::Int { .. } | Ty::Count { .. } => FieldType::Int,
            Ty::Decimal { .. } => FieldType::Decimal,
            Ty::Bool => FieldType::Bool,
            Ty::Text { .. } | Ty::Name | Ty::Enum(_) | Ty::Year | Ty::Date => FieldType::Text,
        }
    }

    fn register(self, registry: &mut Registry, required: bool) -> String {
        fn ty<T: InputType>(registry: &mut Registry, required: bool) -> String {
            if required {
                T::create_type_info(registry)
            } else {
                <Option<T>>::create_type_info(registry)
            }
        }
        match self {
            FieldType::Text => ty::<String>(registry, required),
            FieldType::Int => ty::<i32>(registry, required),
            FieldType::Decimal => ty::<f64>(registry, required),
            FieldType::Bool => ty::<bool>(registry, required),
            FieldType::List => ty::<Vec<String>>(registry, required),
        }
    }

    /// The value as the import template would hold it (None: not given), or the message
    /// of the type's parse error.
    fn cell(
        self,
        required: bool,
        value: Option<Value>,
    ) -> std::result::Result<Option<String>, String> {
        fn parse<T: InputType + Cell>(
            required: bool,
            value: Option<Value>,
        ) -> std::result::Result<Option<String>, String> {
            let message = |e: ServerError| e.message;
            if required {
                T::parse(value)
                    .map(Cell::cell)
                    .map_err(|e| message(e.into_server_error(Default::default())))
            } else {
                <Option<T>>::parse(value)
                    .map(|v| v.and_then(Cell::cell))
                    .map_err(|e| message(e.into_server_error(Default::default())))
            }
        }
        match self {
            FieldType::Text => parse::<String>(required, value),
            FieldType::Int => parse::<i32>(required, value),
            FieldType::Decimal => parse::<f64>(required, value),
            FieldType::Bool => parse::<bool>(required, value),
            FieldType::List => parse::<Vec<String>>(required, value),
        }
    }
}

/// A value as the import template would hold it.
trait Cell {
    fn cell(self) -> Option<String>;
}

impl Cell for String {
    fn cell(self) -> Option<String> {
        Some(self)
    }
}
impl Cell for i32 {
    fn cell(self) -> Option<String> {
        Some(self.to_string())
    }
}
impl Cell for f64 {
    fn cell(self) -> Option<String> {
        Some(self.to_string())
    }
}
impl Cell for bool {
    fn cell(self) -> Option<String> {
        Some(if self { "yes" } else { "no" }.to_owned())
    }
}
/// Languages of instruction: the template's comma-separated list.
impl Cell for Vec<String> {
    fn cell(self) -> Option<String> {
        Some(self.join(","))
    }
}

/// Registers `kind`'s input: a field per template column, described from the registry (the
/// kind's `about`; each field's help and headers), so the form, the template and the schema
/// say the same. Returns its name.
fn register_input(registry: &mut Registry, kind: ImportKind) -> &'static str {
    let name = kind.def().entry.input;
    let input_fields = kind
        .columns()
        .iter()
        .map(|c| {
            let field = MetaInputValue {
                name: super::error::camel_path(c.key),
                description: Some(column_description(c)),
                ty: FieldType::of(kind, c).register(registry, c.required),
                deprecation: Deprecation::NoDeprecated,
                default_value: None,
                visible: None,
                inaccessible: false,
                tags: Vec::new(),
                is_secret: false,
                directive_invocations: Vec::new(),
            };
            (field.name.clone(), field)
        })
        .collect();
    registry.types.insert(
        name.to_owned(),
        MetaType::InputObject {
            name: name.to_owned(),
            description: Some(kind_description(kind)),
            input_fields,
            visible: None,
            inaccessible: false,
            tags: Vec::new(),
            rust_typename: Some(name),
            oneof: false,
            directive_invocations: Vec::new(),
        },
    );
    name
}

/// The items of a batch of `kind` as records, or the error `Vec<Input>::parse` would give
/// (a single item counts as a list of one, as GraphQL's input coercion says).
fn parse_items(kind: ImportKind, items: Option<Value>) -> std::result::Result<Vec<Record>, String> {
    let list = format!("[{}!]", kind.def().entry.input);
    let in_list = |message: String| format!(r#"{message} (occurred while parsing "{list}")"#);
    match items.unwrap_or_default() {
        Value::List(items) => items
            .into_iter()
            .map(|item| parse_item(kind, item).map_err(in_list))
            .collect(),
        item => Ok(vec![parse_item(kind, item).map_err(in_list)?]),
    }
}

/// One item as a record, or the error the derived input's `parse` would give.
fn parse_item(kind: ImportKind, item: Value) -> std::result::Result<Record, String> {
    let input = kind.def().entry.input;
    let Value::Object(fields) = item else {
        return Err(format!(r#"Expected input type "{input}", found {item}."#));
    };
    let mut record = Vec::new();
    for c in kind.columns() {
        let value = fields
            .get(super::error::camel_path(c.key).as_str())
            .cloned();
        match FieldType::of(kind, &c).cell(c.required, value) {
            Ok(Some(v)) => record.push((c.key, v)),
            Ok(None) => {}
            Err(message) => {
                return Err(format!(r#"{message} (occurred while parsing "{input}")"#));
            }
        }
    }
    Ok(record)
}

/// A kind, as the schema describes it: what a row records and who may read the rows.
pub(super) fn kind_description(kind: ImportKind) -> String {
    let readers = kind
        .def()
        .tier
        .map_or("anyone", domain::access::Tier::readers);
    format!(
        "{} Readable by {readers}; written by {}. Template: `sapat import template {}`.",
        kind.def().about,
        kind.def().scope.writers(),
        kind.name()
    )
}

/// A template column, as the schema describes the input field that carries it.
fn column_description(c: &Col) -> String {
    let mut help = c.help.chars();
    let help: String = help
        .next()
        .map(|first| first.to_uppercase().chain(help).collect())
        .unwrap_or_default();
    format!("{help} (template column `{}`: {} / {}).", c.key, c.ky, c.ru)
}

/// Problems with the kinds' entry declarations (empty when there are none): every kind's
/// mutation and input are named once, and a list column is a text column of the kind.
pub fn entry_input_mismatches() -> Vec<String> {
    let mut out = Vec::new();
    let mut names = std::collections::HashSet::new();
    for kind in ImportKind::ALL {
        let entry = &kind.def().entry;
        for name in [entry.mutation, entry.input] {
            if !names.insert(name) {
                out.push(format!("{name} is named twice (kind {})", kind.name()));
            }
        }
        if !entry.input.ends_with("Input") {
            out.push(format!("{}: an input's name ends in Input", entry.input));
        }
        let columns = kind.columns();
        for list in entry.lists {
            if !columns
                .iter()
                .any(|c| c.key == *list && matches!(c.ty, Ty::Text { .. }))
            {
                out.push(format!("{} lists {list}, not a text column", entry.input));
            }
        }
    }
    out
}

/// One field of a data-entry item, described for building a form: labels, whether it is
/// required, its range or length and, for coded values, the accepted values.
#[derive(SimpleObject)]
pub struct EntryField {
    /// The input field's name (e.g. `nEnrolled`).
    name: String,
    /// The import template's column (e.g. `n_enrolled`), which files use as a header.
    column: String,
    /// The field's label in Kyrgyz (the template's Kyrgyz header).
    label_ky: String,
    /// The field's label in Russian (the template's Russian header).
    label_ru: String,
    /// Whether the field must be given (non-null in the input).
    required: bool,
    /// What to write, in the template's words.
    help: String,
    /// int, count (whole number >= 0), decimal, text, name, choice, boolean, academic_year
    /// ("2019-2020") or date.
    kind: String,
    /// The smallest value allowed (numbers); null = no lower bound or not a number.
    min: Option<f64>,
    /// The largest value allowed (numbers); null = no upper bound or not a number.
    max: Option<f64>,
    /// The longest text allowed, in characters; null = not a text field.
    max_length: Option<i32>,
    /// For a choice: the values (send the value, or one of its spellings).
    choices: Vec<EntryChoice>,
}

/// One accepted value of a choice field.
#[derive(SimpleObject)]
pub struct EntryChoice {
    /// The value to send (the template's key, e.g. `Q1`, `written_test`).
    value: String,
    /// Kyrgyz, Russian and English spellings accepted for it.
    spellings: Vec<String>,
}

#[derive(Default)]
pub struct EntryQuery;

#[Object]
impl EntryQuery {
    /// The fields of a kind's data-entry item (the input of its `record…` mutation, the
    /// columns of its import template), for building an entry form.
    async fn entry_fields(
        &self,
        #[graphql(desc = "The fact kind whose item to describe.")]
        kind: super::import::ImportKindGql,
    ) -> Vec<EntryField> {
        domain::import::column_specs(kind.into())
            .into_iter()
            .map(|c| EntryField {
                name: super::error::camel_path(c.key),
                column: c.key.to_owned(),
                label_ky: c.ky.to_owned(),
                label_ru: c.ru.to_owned(),
                required: c.required,
                help: c.help.to_owned(),
                kind: c.kind.to_owned(),
                min: c.min,
                max: c.max,
                max_length: c.max_length.and_then(|n| i32::try_from(n).ok()),
                choices: c
                    .choices
                    .into_iter()
                    .map(|(value, spellings)| EntryChoice {
                        value: value.to_owned(),
                        spellings: spellings.iter().map(|s| (*s).to_owned()).collect(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// What a batch did.
#[derive(SimpleObject)]
pub struct RecordResult {
    /// Items in the batch.
    items: u64,
    /// Items stored as new rows.
    inserted: u64,
    /// Items that changed a stored row.
    updated: u64,
    /// Items identical to what was stored (sending the same batch again gives all unchanged).
    unchanged: u64,
    /// Academic years (start years) the batch touched; the next trend run refreshes them.
    years: Vec<i32>,
}

impl From<ImportReport> for RecordResult {
    fn from(r: ImportReport) -> Self {
        RecordResult {
            items: r.rows,
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            years: r.years,
        }
    }
}

async fn record(ctx: &Context<'_>, kind: ImportKind, records: Vec<Record>) -> Result<RecordResult> {
    let db = super::common::db(ctx)?;
    let config = ctx.data::<Arc<Config>>()?;
    let context = domain::import::Context {
        ort_main_max: config.ort.main_max,
    };
    domain::import::import_records(db, super::school::caller(ctx), kind, records, &context)
        .await
        .map(RecordResult::from)
        .map_err(Into::into)
}

/// An accreditation decision (natural key: school, type, decision year).
#[derive(InputObject)]
pub struct AccreditationInput {
    /// The school's code, e.g. KG-O-UZG-045.
    pub school_code: String,
    /// institutional or programmatic.
    pub accreditation_type: String,
    /// The calendar year of the decision (not an academic year).
    pub decision_year: i32,
    /// The accrediting agency; null = not known.
    pub agency: Option<String>,
    /// full_5y, conditional_1y or refused.
    pub decision: String,
    /// The certificate number, e.g. CC180015672; null = none issued.
    pub certificate_no: Option<String>,
    /// First day the accreditation is valid; null = not known.
    pub valid_from: Option<NaiveDate>,
    /// Last day the accreditation is valid; null = not known.
    pub valid_until: Option<NaiveDate>,
}

/// A self-assessment report (natural key: school, academic year, type). Its members,
/// criteria and points replace those stored.
#[derive(InputObject)]
pub struct SelfAssessmentInput {
    /// The school's code, e.g. KG-O-UZG-045.
    pub school_code: String,
    /// A label such as "2017-2018".
    pub academic_year: String,
    /// institutional or programmatic (default programmatic).
    #[graphql(default_with = "\"programmatic\".to_string()")]
    pub accreditation_type: String,
    /// The date of the report; null = not given.
    pub report_date: Option<NaiveDate>,
    /// The report's introduction; null = none.
    pub introduction: Option<String>,
    /// The report's conclusion; null = none.
    pub conclusion: Option<String>,
    #[graphql(default)]
    /// The commission, by pseudonymous reference and role (never names); default none.
    pub members: Vec<SelfAssessmentMemberInput>,
    #[graphql(default)]
    /// The criteria (1.1 … 4.3) the report assesses; default none.
    pub criteria: Vec<SelfAssessmentCriterionInput>,
    /// Strengths and weaknesses; their order within (standard, kind) is kept.
    #[graphql(default)]
    pub points: Vec<SelfAssessmentPointInput>,
}

/// A commission member: a pseudonymous reference and a role, never a name.
#[derive(InputObject)]
pub struct SelfAssessmentMemberInput {
    /// The school's pseudonymous reference for the member; never a name.
    pub member_ref: String,
    /// The member's role in the commission, in Kyrgyz.
    pub role_ky: String,
    /// The member's role, in Russian; null = not given.
    pub role_ru: Option<String>,
}

/// One criterion of a self-assessment report.
#[derive(InputObject)]
pub struct SelfAssessmentCriterionInput {
    /// "1.1" … "4.3": standard, dot, number.
    pub code: String,
    /// The criterion's title, in Kyrgyz.
    pub title_ky: String,
    /// The criterion's title, in Russian; null = not given.
    pub title_ru: Option<String>,
    /// What the commission found; null = not written.
    pub finding_text: Option<String>,
    /// The evidence the report cites; null = not written.
    pub evidence_text: Option<String>,
}

/// A strength or weakness a self-assessment report lists under a standard.
#[derive(InputObject)]
pub struct SelfAssessmentPointInput {
    /// 1–4.
    pub standard: i32,
    /// strength or weakness.
    pub kind: String,
    /// The point, in Kyrgyz.
    pub text_ky: String,
    /// The point, in Russian; null = not given.
    pub text_ru: Option<String>,
}

#[derive(Default)]
pub struct EntryMutation;

#[Object]
impl EntryMutation {
    /// Records accreditation decisions (natural key: school, type, decision year); all or none, a
    /// repeated batch changes nothing. Who may write: an admin, or a region, district or school
    /// token for schools within its scope.
    async fn record_accreditations(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The decisions: all are stored or none (an error names each refused item and field)."
        )]
        items: Vec<AccreditationInput>,
    ) -> Result<RecordResult> {
        let db = super::common::db(ctx)?;
        let n = items.len() as u64;
        let items = items
            .into_iter()
            .map(|a| acc::AccreditationInput {
                school_code: a.school_code,
                accreditation_type: a.accreditation_type,
                decision_year: a.decision_year,
                agency: a.agency,
                decision: a.decision,
                certificate_no: a.certificate_no,
                valid_from: a.valid_from,
                valid_until: a.valid_until,
            })
            .collect();
        let c = acc::record_accreditations(db, super::school::caller(ctx), items).await?;
        Ok(RecordResult {
            items: n,
            inserted: c.inserted,
            updated: c.updated,
            unchanged: c.unchanged,
            years: Vec::new(),
        })
    }
    /// Records self-assessment reports (natural key: school, academic year, type), replacing a
    /// stored report's members, criteria and points; all or none. Who may write: an admin, or a
    /// region, district or school token for schools within its scope.
    async fn record_self_assessments(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The reports: all are stored or none (an error names each refused item and field)."
        )]
        items: Vec<SelfAssessmentInput>,
    ) -> Result<RecordResult> {
        let db = super::common::db(ctx)?;
        let n = items.len() as u64;
        let mut converted = Vec::with_capacity(items.len());
        let mut years = std::collections::BTreeSet::new();
        for r in items {
            if let Ok(y) = domain::year::parse_label(&r.academic_year) {
                years.insert(y);
            }
            converted.push(acc::SelfAssessmentInput {
                school_code: r.school_code,
                academic_year: r.academic_year,
                accreditation_type: r.accreditation_type,
                report_date: r.report_date,
                introduction: r.introduction,
                conclusion: r.conclusion,
                members: r
                    .members
                    .into_iter()
                    .map(|m| acc::MemberInput {
                        member_ref: m.member_ref,
                        role_ky: m.role_ky,
                        role_ru: m.role_ru,
                    })
                    .collect(),
                criteria: r
                    .criteria
                    .into_iter()
                    .map(|c| acc::CriterionInput {
                        code: c.code,
                        title_ky: c.title_ky,
                        title_ru: c.title_ru,
                        finding_text: c.finding_text,
                        evidence_text: c.evidence_text,
                    })
                    .collect(),
                points: r
                    .points
                    .into_iter()
                    .map(|p| acc::PointInput {
                        standard: p.standard,
                        kind: p.kind,
                        text_ky: p.text_ky,
                        text_ru: p.text_ru,
                    })
                    .collect(),
            });
        }
        let c = acc::record_self_assessments(db, super::school::caller(ctx), converted).await?;
        Ok(RecordResult {
            items: n,
            inserted: c.inserted,
            updated: c.updated,
            unchanged: c.unchanged,
            years: years.into_iter().collect(),
        })
    }
}
