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
    ($( $(#[$meta:meta])* $name:ident = $kind:ident => $(#[$mmeta:meta])* $mutation:ident
        { $( $field:ident : $ty:ty ),* $(,)? } )*) => {
        $(
            $(#[$meta])*
            #[derive(InputObject)]
            pub struct $name { $( pub $field: $ty, )* }

            impl Item for $name {
                const KIND: ImportKind = ImportKind::$kind;
                fn record(self) -> Record {
                    let mut r = Vec::new();
                    $( if let Some(v) = Cell::cell(self.$field) { r.push((stringify!($field), v)); } )*
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
                    items: Vec<$name>,
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
            $( out.extend(mismatches(stringify!($name), ImportKind::$kind, $name::fields())); )*
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
    /// A school's registration (natural key: its code). Creates the school or updates it.
    SchoolInput = Schools => /// Creates or updates schools by code.
    upsert_schools {
        school_code: String, district: String, school_number: Option<i32>,
        name_ky: String, name_ru: String, name_en: Option<String>,
        settlement: Option<String>, address: Option<String>,
        ownership: String, school_type: String, languages: Option<Vec<String>>,
        founded_year: Option<i32>, design_capacity: Option<i32>,
        phone: Option<String>, email: Option<String>, website: Option<String>,
        license_no: Option<String>, registration_no: Option<String>,
    }
    /// Mark counts of one class, subject and period (DOMAIN.md §1). The school is named by
    /// `schoolCode`, or by `district` with `schoolNumber` or `schoolName`; `academicYear` is a
    /// label such as "2019-2020".
    MarkSummaryInput = MarkSummaries => record_mark_summaries {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        grade: i32, class_letter: Option<String>, class_language: Option<String>,
        subject: String, period: String, assessment_kind: Option<String>,
        exam_form: Option<String>,
        n5: Option<i32>, n4: Option<i32>, n3: Option<i32>, n2: Option<i32>, n1: Option<i32>,
        n_na: Option<i32>, n_exempt: Option<i32>, n_enrolled: i32,
    }
    /// Pupils of one class by their marks over all subjects in a period.
    ClassOutcomeInput = ClassOutcomes => record_class_outcomes {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        grade: i32, class_letter: Option<String>, class_language: Option<String>,
        period: String,
        n_all_5: Option<i32>, n_4_5: Option<i32>, n_with_3: Option<i32>,
        n_with_2: Option<i32>, n_na: Option<i32>, n_exempt: Option<i32>, n_enrolled: i32,
    }
    /// An indicator a school reported as a figure without its counts.
    ReportedIndicatorInput = ReportedIndicators => record_reported_indicators {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        indicator: String, period: Option<String>, grade: Option<i32>,
        subject: Option<String>, value: f64, note: Option<String>,
    }
    /// One graduate's ORT result, by pseudonymous reference.
    OrtResultInput = OrtResults => record_ort_results {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        session: Option<String>, student_ref: String, listing: Option<String>,
        test_language: Option<String>, main_score: i32, state_lang_level: Option<String>,
        gold_certificate: Option<bool>,
    }
    /// A school's ORT statistics for a year, session and test language.
    OrtSummaryInput = OrtSummaries => record_ort_summaries {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        session: Option<String>, test_language: Option<String>, participants: i32,
        mean_score: Option<f64>, median_score: Option<f64>, max_score: Option<i32>,
        min_score: Option<i32>, threshold: Option<i32>, n_ge_threshold: Option<i32>,
        gold_certificates: Option<i32>,
    }
    /// A pupil's result at one olympiad stage (subject, kind, level).
    OlympiadResultInput = OlympiadResults => record_olympiad_results {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        subject: String, olympiad_kind: Option<String>, level: String,
        student_ref: String, grade: Option<i32>,
        place: Option<i32>, award: Option<String>, advanced_to_next: Option<bool>,
    }
    /// Prize and participant counts a school reports per olympiad level.
    OlympiadCountInput = OlympiadCounts => record_olympiad_counts {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        level: String, prize_count: Option<i32>, participant_count: Option<i32>,
        note: Option<String>,
    }
    /// An entry (pupil or team, by reference) in a contest other than a subject olympiad.
    ContestResultInput = ContestResults => record_contest_results {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        contest_name_ky: String, contest_name_ru: Option<String>,
        contest_name_en: Option<String>, category: Option<String>, level: String,
        entry_ref: String, participants: Option<i32>,
        place: Option<i32>, award: Option<String>, advanced_to_next: Option<bool>,
    }
    /// A teacher of a school, by reference (natural key: school and teacherRef).
    TeacherInput = Teachers => record_teachers {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>,
        teacher_ref: String, full_name: Option<String>, main_subject: Option<String>,
        education_level: Option<String>, category: Option<String>,
        category_since: Option<i32>, hired_year: Option<i32>, left_year: Option<i32>,
        young_specialist: Option<bool>,
    }
    /// Teachers of a school who attended a training programme in a year.
    TrainingInput = Training => record_training {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        programme_name_ky: String, programme_name_ru: Option<String>,
        provider: Option<String>, hours: Option<i32>, participants: i32,
    }
    /// A school's staff figures for a year.
    StaffSnapshotInput = StaffSnapshots => record_staff_snapshots {
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
    /// A school's enrolment figures for a year.
    EnrolmentSnapshotInput = EnrolmentSnapshots => record_enrolment_snapshots {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        enrolment: i32, shifts: Option<i32>, class_sets: Option<i32>,
        first_grade_intake: Option<i32>, preparatory_intake: Option<i32>,
        left_mid_year: Option<i32>, leavers_after_grade9: Option<i32>,
    }
    /// A school's buildings and equipment for a year.
    InfrastructureSnapshotInput = InfrastructureSnapshots => record_infrastructure_snapshots {
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
    /// Textbook provision of a school for a year and grade band.
    TextbookProvisionInput = TextbookProvision => record_textbook_provision {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        grade_band: Option<String>, required: Option<i32>, available: Option<i32>,
        provision_pct: Option<f64>,
    }
    /// A satisfaction survey of one audience (parents, pupils or teachers) in a year.
    SurveyInput = Surveys => record_surveys {
        school_code: Option<String>, district: Option<String>, school_number: Option<i32>,
        school_name: Option<String>, academic_year: String,
        audience: String, respondents: i32, satisfied: i32,
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
    label_ky: String,
    label_ru: String,
    required: bool,
    /// What to write, in the template's words.
    help: String,
    /// int, count (whole number >= 0), decimal, text, name, choice, boolean, academic_year
    /// ("2019-2020") or date.
    kind: String,
    min: Option<f64>,
    max: Option<f64>,
    max_length: Option<i32>,
    /// For a choice: the values (send the value, or one of its spellings).
    choices: Vec<EntryChoice>,
}

#[derive(SimpleObject)]
pub struct EntryChoice {
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
    async fn entry_fields(&self, kind: super::import::ImportKindGql) -> Vec<EntryField> {
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
    inserted: u64,
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
    pub school_code: String,
    /// institutional or programmatic.
    pub accreditation_type: String,
    pub decision_year: i32,
    pub agency: Option<String>,
    /// full_5y, conditional_1y or refused.
    pub decision: String,
    pub certificate_no: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

/// A self-assessment report (natural key: school, academic year, type). Its members,
/// criteria and points replace those stored.
#[derive(InputObject)]
pub struct SelfAssessmentInput {
    pub school_code: String,
    /// A label such as "2017-2018".
    pub academic_year: String,
    /// institutional or programmatic (default programmatic).
    #[graphql(default_with = "\"programmatic\".to_string()")]
    pub accreditation_type: String,
    pub report_date: Option<NaiveDate>,
    pub introduction: Option<String>,
    pub conclusion: Option<String>,
    #[graphql(default)]
    pub members: Vec<SelfAssessmentMemberInput>,
    #[graphql(default)]
    pub criteria: Vec<SelfAssessmentCriterionInput>,
    /// Strengths and weaknesses; their order within (standard, kind) is kept.
    #[graphql(default)]
    pub points: Vec<SelfAssessmentPointInput>,
}

/// A commission member: a pseudonymous reference and a role, never a name.
#[derive(InputObject)]
pub struct SelfAssessmentMemberInput {
    pub member_ref: String,
    pub role_ky: String,
    pub role_ru: Option<String>,
}

#[derive(InputObject)]
pub struct SelfAssessmentCriterionInput {
    /// "1.1" … "4.3": standard, dot, number.
    pub code: String,
    pub title_ky: String,
    pub title_ru: Option<String>,
    pub finding_text: Option<String>,
    pub evidence_text: Option<String>,
}

#[derive(InputObject)]
pub struct SelfAssessmentPointInput {
    /// 1–4.
    pub standard: i32,
    /// strength or weakness.
    pub kind: String,
    pub text_ky: String,
    pub text_ru: Option<String>,
}

#[derive(Default)]
pub struct EntryMutation;

#[Object]
impl EntryMutation {
    async fn record_accreditations(
        &self,
        ctx: &Context<'_>,
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
    async fn record_self_assessments(
        &self,
        ctx: &Context<'_>,
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
