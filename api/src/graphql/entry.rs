//! Data entry: one mutation per fact kind, each taking a batch of typed items.
//!
//! An item's fields are the columns of that kind's import template (`sapat import template
//! <kind>`, whose second sheet explains each), in camelCase, and an item goes through the
//! very checks a file row does (`domain::import::import_records`): one definition of what is
//! valid. Enumerated values accept the template's keys (e.g. `Q1`, `written_test`) and its
//! Kyrgyz and Russian spellings. A batch is all or nothing; natural keys make a repeated batch
//! change nothing. `entry_input_mismatches` (checked by a test) keeps these inputs and the
//! template columns the same.

use super::error::Result;
use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use domain::Config;
use domain::accreditation as acc;
use domain::import::{ImportKind, ImportReport, Record};
use std::sync::Arc;

/// A value as the import template would hold it.
trait Cell {
    const REQUIRED: bool = true;
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
impl<T: Cell> Cell for Option<T> {
    const REQUIRED: bool = false;
    fn cell(self) -> Option<String> {
        self.and_then(Cell::cell)
    }
}

/// An input that is one row of an import kind.
trait Item {
    const KIND: ImportKind;
    fn record(self) -> Record;
    /// (column key, required) of every field, for the drift check.
    fn fields() -> Vec<(&'static str, bool)>;
}

macro_rules! items {
    ($( $name:ident = $kind:ident => $(#[$mmeta:meta])* $mutation:ident
        { $( $field:ident : $ty:ty ),* $(,)? } )*) => {
        $(
            #[derive(InputObject)]
            pub struct $name { $( pub $field: $ty, )* }

            // The input as the schema shows it: described from the registry (`describe_item`).
            mod $mutation {
                pub struct Described(pub super::$name);

                impl async_graphql::InputType for Described {
                    type RawValueType = Self;

                    fn type_name() -> std::borrow::Cow<'static, str> {
                        <super::$name as async_graphql::InputType>::type_name()
                    }

                    fn create_type_info(registry: &mut async_graphql::registry::Registry) -> String {
                        let name = <super::$name as async_graphql::InputType>::create_type_info(registry);
                        super::describe_item(registry, &Self::type_name(), super::ImportKind::$kind);
                        name
                    }

                    fn parse(value: Option<async_graphql::Value>) -> async_graphql::InputValueResult<Self> {
                        <super::$name as async_graphql::InputType>::parse(value)
                            .map(Described)
                            .map_err(async_graphql::InputValueError::propagate)
                    }

                    fn to_value(&self) -> async_graphql::Value {
                        async_graphql::InputType::to_value(&self.0)
                    }

                    fn as_raw_value(&self) -> Option<&Self> {
                        Some(self)
                    }
                }
            }

            impl Item for $mutation::Described {
                const KIND: ImportKind = ImportKind::$kind;
                fn record(self) -> Record {
                    let item = self.0;
                    let mut r = Vec::new();
                    $( if let Some(v) = Cell::cell(item.$field) { r.push((stringify!($field), v)); } )*
                    r
                }
                fn fields() -> Vec<(&'static str, bool)> {
                    vec![ $( (stringify!($field), <$ty as Cell>::REQUIRED) ),* ]
                }
            }
        )*

        /// One mutation per fact kind, each taking a batch of its items.
        #[derive(Default)]
        pub struct KindMutation;

        #[Object]
        impl KindMutation {
            $(
                $(#[$mmeta])*
                async fn $mutation(
                    &self,
                    ctx: &Context<'_>,
                    #[graphql(desc = "The items: all are stored or none (an error names each refused item and field); sending the same batch again changes nothing.")]
                    items: Vec<$mutation::Described>,
                ) -> Result<RecordResult> {
                    record(ctx, items).await
                }
            )*
        }

        /// Differences between the entry inputs and the import templates' columns (empty when
        /// they agree): a column added to a template must be added here too, and every kind
        /// of the registry needs its input.
        pub fn entry_input_mismatches() -> Vec<String> {
            let mut out = Vec::new();
            $( out.extend(mismatches(stringify!($name), ImportKind::$kind, <$mutation::Described as Item>::fields())); )*
            let covered = [$( ImportKind::$kind ),*];
            for kind in ImportKind::ALL {
                if !covered.contains(&kind) {
                    out.push(format!("no record input for the kind {}", kind.name()));
                }
            }
            out
        }
    };
}

/// Describes the registered input `name` of `kind` from the registry: the kind's `about`,
/// and each field from its template column (help and headers), so the form, the template
/// and the schema say the same.
fn describe_item(registry: &mut async_graphql::registry::Registry, name: &str, kind: ImportKind) {
    let Some(async_graphql::registry::MetaType::InputObject {
        description,
        input_fields,
        ..
    }) = registry.types.get_mut(name)
    else {
        return;
    };
    *description = Some(kind_description(kind));
    for c in kind.columns() {
        if let Some(field) = input_fields.get_mut(&super::error::camel_path(c.key)) {
            field.description = Some(column_description(&c));
        }
    }
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
fn column_description(c: &domain::facts::Col) -> String {
    let mut help = c.help.chars();
    let help: String = help
        .next()
        .map(|first| first.to_uppercase().chain(help).collect())
        .unwrap_or_default();
    format!("{help} (template column `{}`: {} / {}).", c.key, c.ky, c.ru)
}

fn mismatches(input: &str, kind: ImportKind, fields: Vec<(&'static str, bool)>) -> Vec<String> {
    let columns = kind.columns();
    let mut out = Vec::new();
    for c in &columns {
        match fields.iter().find(|(f, _)| *f == c.key) {
            None => out.push(format!("{input} lacks column {} of {}", c.key, kind.name())),
            Some((_, required)) if *required != c.required => out.push(format!(
                "{input}.{}: required {required}, template says {}",
                c.key, c.required
            )),
            Some(_) => {}
        }
    }
    for (f, _) in &fields {
        if !columns.iter().any(|c| c.key == *f) {
            out.push(format!("{input}.{f} is not a column of {}", kind.name()));
        }
    }
    out
}

items! {
    SchoolInput = Schools =>
    /// Creates or updates schools by code; a repeated batch changes nothing. Who may write: an
    /// admin, or a region, district or school token for schools within its scope.
    upsert_schools {
        school_code: String, district: String, school_number: Option<i32>,
        name_ky: String, name_ru: String, name_en: Option<String>,
        settlement: Option<String>, address: Option<String>,
        ownership: String, school_type: String, languages: Option<Vec<String>>,
        founded_year: Option<i32>, design_capacity: Option<i32>,
        phone: Option<String>, email: Option<String>, website: Option<String>,
        license_no: Option<String>, registration_no: Option<String>,
    }
    MarkSummaryInput = MarkSummaries =>
    /// Records a batch of mark summaries (one `MarkSummaryInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_mark_summaries {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        grade: i32, class_letter: Option<String>, class_language: Option<String>,
        subject: String, period: String, assessment_kind: Option<String>,
        exam_form: Option<String>,
        n5: Option<i32>, n4: Option<i32>, n3: Option<i32>, n2: Option<i32>, n1: Option<i32>,
        n_na: Option<i32>, n_exempt: Option<i32>, n_enrolled: i32,
    }
    ClassOutcomeInput = ClassOutcomes =>
    /// Records a batch of class outcomes (one `ClassOutcomeInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_class_outcomes {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        grade: i32, class_letter: Option<String>, class_language: Option<String>,
        period: String,
        n_all_5: Option<i32>, n_4_5: Option<i32>, n_with_3: Option<i32>,
        n_with_2: Option<i32>, n_na: Option<i32>, n_exempt: Option<i32>, n_enrolled: i32,
    }
    ReportedIndicatorInput = ReportedIndicators =>
    /// Records a batch of reported indicators (one `ReportedIndicatorInput` each); a repeated batch
    /// changes nothing. Who may write: an admin, or a region, district or school token for schools
    /// within its scope.
    record_reported_indicators {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        indicator: String, period: Option<String>, grade: Option<i32>,
        subject: Option<String>, value: f64, note: Option<String>,
    }
    OrtResultInput = OrtResults =>
    /// Records a batch of ort results (one `OrtResultInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_ort_results {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        session: Option<String>, student_ref: String, listing: Option<String>,
        test_language: Option<String>, main_score: i32, state_lang_level: Option<String>,
        gold_certificate: Option<bool>,
    }
    OrtSummaryInput = OrtSummaries =>
    /// Records a batch of ort summaries (one `OrtSummaryInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_ort_summaries {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        session: Option<String>, test_language: Option<String>, participants: i32,
        mean_score: Option<f64>, median_score: Option<f64>, max_score: Option<i32>,
        min_score: Option<i32>, threshold: Option<i32>, n_ge_threshold: Option<i32>,
        gold_certificates: Option<i32>,
    }
    OlympiadResultInput = OlympiadResults =>
    /// Records a batch of olympiad results (one `OlympiadResultInput` each); a repeated batch
    /// changes nothing. Who may write: an admin, or a region, district or school token for schools
    /// within its scope.
    record_olympiad_results {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        subject: String, olympiad_kind: Option<String>, level: String,
        student_ref: String, grade: Option<i32>,
        place: Option<i32>, award: Option<String>, advanced_to_next: Option<bool>,
    }
    OlympiadCountInput = OlympiadCounts =>
    /// Records a batch of olympiad counts (one `OlympiadCountInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_olympiad_counts {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        level: String, prize_count: Option<i32>, participant_count: Option<i32>,
        note: Option<String>,
    }
    ContestResultInput = ContestResults =>
    /// Records a batch of contest results (one `ContestResultInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_contest_results {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        contest_name_ky: String, contest_name_ru: Option<String>,
        contest_name_en: Option<String>, category: Option<String>, level: String,
        entry_ref: String, participants: Option<i32>,
        place: Option<i32>, award: Option<String>, advanced_to_next: Option<bool>,
    }
    TeacherInput = Teachers =>
    /// Records a batch of teachers (one `TeacherInput` each); a repeated batch changes nothing. Who
    /// may write: an admin, or a region, district or school token for schools within its scope.
    record_teachers {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>,
        teacher_ref: String, full_name: Option<String>, main_subject: Option<String>,
        education_level: Option<String>, category: Option<String>,
        category_since: Option<i32>, hired_year: Option<i32>, left_year: Option<i32>,
        young_specialist: Option<bool>,
    }
    TrainingInput = Training =>
    /// Records a batch of training (one `TrainingInput` each); a repeated batch changes nothing.
    /// Who may write: an admin, or a region, district or school token for schools within its scope.
    record_training {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        programme_name_ky: String, programme_name_ru: Option<String>,
        provider: Option<String>, hours: Option<i32>, participants: i32,
    }
    StaffSnapshotInput = StaffSnapshots =>
    /// Records a batch of staff snapshots (one `StaffSnapshotInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_staff_snapshots {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        teachers_total: i32, with_higher_ed: Option<i32>, with_award_excellence: Option<i32>,
        category_none: Option<i32>, category_second: Option<i32>,
        category_first: Option<i32>, category_highest: Option<i32>,
        young_teachers: Option<i32>, mentors: Option<i32>, trained_this_year: Option<i32>,
        trained_last_5y: Option<i32>, over_rate_teachers: Option<i32>,
        vacancies: Option<i32>, ict_competent_pct: Option<f64>,
        interactive_board_pct: Option<f64>,
    }
    EnrolmentSnapshotInput = EnrolmentSnapshots =>
    /// Records a batch of enrolment snapshots (one `EnrolmentSnapshotInput` each); a repeated batch
    /// changes nothing. Who may write: an admin, or a region, district or school token for schools
    /// within its scope.
    record_enrolment_snapshots {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        enrolment: i32, shifts: Option<i32>, class_sets: Option<i32>,
        first_grade_intake: Option<i32>, preparatory_intake: Option<i32>,
        left_mid_year: Option<i32>, leavers_after_grade9: Option<i32>,
    }
    InfrastructureSnapshotInput = InfrastructureSnapshots =>
    /// Records a batch of infrastructure snapshots (one `InfrastructureSnapshotInput` each); a
    /// repeated batch changes nothing. Who may write: an admin, or a region, district or school
    /// token for schools within its scope.
    record_infrastructure_snapshots {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        classrooms: Option<i32>, extracurricular_rooms: Option<i32>, labs: Option<i32>,
        computer_classes: Option<i32>, computers: Option<i32>, laptops: Option<i32>,
        printers: Option<i32>, copiers: Option<i32>, projectors: Option<i32>,
        interactive_boards: Option<i32>, internet_channels: Option<i32>,
        sport_halls: Option<i32>, sport_hall_area_m2: Option<f64>,
        sport_grounds: Option<i32>, sport_ground_area_m2: Option<f64>,
        libraries: Option<i32>, library_fund: Option<i32>, reading_room_seats: Option<i32>,
        medical_rooms: Option<i32>, canteens: Option<i32>, cctv_cameras: Option<i32>,
        toilets_indoor: Option<i32>, toilets_outdoor: Option<i32>, fire_boards: Option<i32>,
        water_reservoirs: Option<i32>,
    }
    TextbookProvisionInput = TextbookProvision =>
    /// Records a batch of textbook provision (one `TextbookProvisionInput` each); a repeated batch
    /// changes nothing. Who may write: an admin, or a region, district or school token for schools
    /// within its scope.
    record_textbook_provision {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        grade_band: Option<String>, required: Option<i32>, available: Option<i32>,
        provision_pct: Option<f64>,
    }
    SurveyInput = Surveys =>
    /// Records a batch of surveys (one `SurveyInput` each); a repeated batch changes nothing. Who
    /// may write: an admin, or a region, district or school token for schools within its scope.
    record_surveys {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        audience: String, respondents: i32, satisfied: i32,
    }
    OrtThresholdInput = OrtThresholds =>
    /// Records a batch of ORT admission thresholds (one `OrtThresholdInput` each); a repeated
    /// batch changes nothing. Who may write: an admin only (national reference data).
    record_ort_thresholds {
        academic_year: String, admission_type: String, programme_group: Option<String>,
        main_min: i32, subject_min: Option<i32>,
    }
    TeacherAwardInput = TeacherAwards =>
    /// Records a batch of teacher awards (one `TeacherAwardInput` each); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools
    /// within its scope.
    record_teacher_awards {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, teacher_ref: String, award_type: String,
        level: Option<String>, year: i32, note: Option<String>,
    }
    TrainingAttendanceInput = TrainingAttendance =>
    /// Records a batch of training attendance (one `TrainingAttendanceInput` each); a repeated
    /// batch changes nothing. Who may write: an admin, or a region, district or school token for
    /// schools within its scope.
    record_training_attendance {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        programme_name_ky: String, provider: Option<String>, teacher_ref: String,
    }
    OrtSubjectScoreInput = OrtSubjectScores =>
    /// Records a batch of ORT subject-test scores (one `OrtSubjectScoreInput` each); a repeated
    /// batch changes nothing. Who may write: an admin, or a region, district or school token for
    /// schools within its scope.
    record_ort_subject_scores {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        session: Option<String>, student_ref: String, subject: String, score: i32,
        max_score: Option<i32>,
    }
    AdminControlInput = AdminControl =>
    /// Records a batch of administrative-control rows (one `AdminControlInput` each: the class and
    /// subject's teacher, methodological association and recommendations; the H1 and H2 counts
    /// go to `recordMarkSummaries` with assessment kind admin_control); a repeated batch changes
    /// nothing. Who may write: an admin, or a region, district or school token for schools within
    /// its scope.
    record_admin_control {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        grade: i32, class_letter: Option<String>, class_language: Option<String>,
        subject: String, teacher_ref: Option<String>, association_ky: Option<String>,
        association_ru: Option<String>, recommendations: Option<String>,
    }
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

async fn record<I: Item>(ctx: &Context<'_>, items: Vec<I>) -> Result<RecordResult> {
    let db = super::common::db(ctx)?;
    let config = ctx.data::<Arc<Config>>()?;
    let context = domain::import::Context {
        ort_main_max: config.ort.main_max,
    };
    let records = items.into_iter().map(Item::record).collect();
    domain::import::import_records(db, super::school::caller(ctx), I::KIND, records, &context)
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
