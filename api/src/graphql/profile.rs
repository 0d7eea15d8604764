//! The sections of a school profile. Each resolver calls one `domain::query::profile`
//! function and maps its rows to the DTOs below; derived values come from `domain::formula`.

use super::common::{Label, Lang, Period, Subject, lang_of, pick};
use super::error::{Result, invalid};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::NaiveDate;
use domain::Db;
use domain::access::Grant;
use domain::entity as e;
use domain::formula::{ClassCounts, MarkCounts};
use domain::labels::Vocabulary;
use domain::query::profile as q;

/// Pupils per grade (0 = preparatory class).
#[derive(SimpleObject)]
pub struct GradeEnrolment {
    grade: i32,
    pupils: i32,
}

#[derive(SimpleObject)]
pub struct EnrolmentSnapshot {
    academic_year: i32,
    enrolment: i32,
    shifts: Option<i32>,
    class_sets: Option<i32>,
    first_grade_intake: Option<i32>,
    preparatory_intake: Option<i32>,
    left_mid_year: Option<i32>,
    leavers_after_grade9: Option<i32>,
    /// Pupils per grade where the school reported them.
    grades: Vec<GradeEnrolment>,
}

impl From<q::Enrolment> for EnrolmentSnapshot {
    fn from(e: q::Enrolment) -> Self {
        let s = e.snapshot;
        EnrolmentSnapshot {
            academic_year: s.academic_year,
            enrolment: s.enrolment,
            shifts: s.shifts,
            class_sets: s.class_sets,
            first_grade_intake: s.first_grade_intake,
            preparatory_intake: s.preparatory_intake,
            left_mid_year: s.left_mid_year,
            leavers_after_grade9: s.leavers_after_grade9,
            grades: e
                .grades
                .into_iter()
                .map(|g| GradeEnrolment {
                    grade: g.grade,
                    pupils: g.pupils,
                })
                .collect(),
        }
    }
}

/// Buildings and equipment; null = not reported.
#[derive(SimpleObject)]
pub struct InfrastructureSnapshot {
    academic_year: i32,
    classrooms: Option<i32>,
    extracurricular_rooms: Option<i32>,
    labs: Option<i32>,
    computer_classes: Option<i32>,
    computers: Option<i32>,
    laptops: Option<i32>,
    printers: Option<i32>,
    copiers: Option<i32>,
    projectors: Option<i32>,
    interactive_boards: Option<i32>,
    internet_channels: Option<i32>,
    sport_halls: Option<i32>,
    sport_hall_area_m2: Option<f64>,
    sport_grounds: Option<i32>,
    sport_ground_area_m2: Option<f64>,
    libraries: Option<i32>,
    library_fund: Option<i32>,
    reading_room_seats: Option<i32>,
    medical_rooms: Option<i32>,
    canteens: Option<i32>,
    cctv_cameras: Option<i32>,
    toilets_indoor: Option<i32>,
    toilets_outdoor: Option<i32>,
    fire_boards: Option<i32>,
    water_reservoirs: Option<i32>,
}

impl From<e::infrastructure_snapshot::Model> for InfrastructureSnapshot {
    fn from(m: e::infrastructure_snapshot::Model) -> Self {
        InfrastructureSnapshot {
            academic_year: m.academic_year,
            classrooms: m.classrooms,
            extracurricular_rooms: m.extracurricular_rooms,
            labs: m.labs,
            computer_classes: m.computer_classes,
            computers: m.computers,
            laptops: m.laptops,
            printers: m.printers,
            copiers: m.copiers,
            projectors: m.projectors,
            interactive_boards: m.interactive_boards,
            internet_channels: m.internet_channels,
            sport_halls: m.sport_halls,
            sport_hall_area_m2: m.sport_hall_area_m2,
            sport_grounds: m.sport_grounds,
            sport_ground_area_m2: m.sport_ground_area_m2,
            libraries: m.libraries,
            library_fund: m.library_fund,
            reading_room_seats: m.reading_room_seats,
            medical_rooms: m.medical_rooms,
            canteens: m.canteens,
            cctv_cameras: m.cctv_cameras,
            toilets_indoor: m.toilets_indoor,
            toilets_outdoor: m.toilets_outdoor,
            fire_boards: m.fire_boards,
            water_reservoirs: m.water_reservoirs,
        }
    }
}

/// Teaching staff counts; subsets are of `teachersTotal`, null = not reported.
#[derive(SimpleObject)]
pub struct StaffSnapshot {
    academic_year: i32,
    teachers_total: i32,
    with_higher_ed: Option<i32>,
    with_award_excellence: Option<i32>,
    category_none: Option<i32>,
    category_second: Option<i32>,
    category_first: Option<i32>,
    category_highest: Option<i32>,
    young_teachers: Option<i32>,
    mentors: Option<i32>,
    trained_this_year: Option<i32>,
    trained_last5y: Option<i32>,
    over_rate_teachers: Option<i32>,
    vacancies: Option<i32>,
    ict_competent_pct: Option<f64>,
    interactive_board_pct: Option<f64>,
}

impl From<e::staff_snapshot::Model> for StaffSnapshot {
    fn from(m: e::staff_snapshot::Model) -> Self {
        StaffSnapshot {
            academic_year: m.academic_year,
            teachers_total: m.teachers_total,
            with_higher_ed: m.with_higher_ed,
            with_award_excellence: m.with_award_excellence,
            category_none: m.category_none,
            category_second: m.category_second,
            category_first: m.category_first,
            category_highest: m.category_highest,
            young_teachers: m.young_teachers,
            mentors: m.mentors,
            trained_this_year: m.trained_this_year,
            trained_last5y: m.trained_last_5y,
            over_rate_teachers: m.over_rate_teachers,
            vacancies: m.vacancies,
            ict_competent_pct: m.ict_competent_pct,
            interactive_board_pct: m.interactive_board_pct,
        }
    }
}

/// Textbooks: counts where the school has them, else the percentage it reported.
#[derive(SimpleObject)]
pub struct TextbookProvision {
    academic_year: i32,
    /// all, 1-4, 5-9 or 10-12.
    grade_band: String,
    required: Option<i32>,
    available: Option<i32>,
    /// `available / required × 100` when both counts exist, else the reported figure.
    provision_pct: Option<f64>,
    /// Whether `provisionPct` was computed from counts (false: as reported).
    from_counts: bool,
}

impl From<e::textbook_provision::Model> for TextbookProvision {
    fn from(m: e::textbook_provision::Model) -> Self {
        let computed = match (m.available, m.required) {
            (Some(a), Some(r)) if r > 0 => Some(f64::from(a) * 100.0 / f64::from(r)),
            _ => None,
        };
        TextbookProvision {
            academic_year: m.academic_year,
            grade_band: m.grade_band,
            required: m.required,
            available: m.available,
            provision_pct: computed.or(m.provision_pct),
            from_counts: computed.is_some(),
        }
    }
}

/// Which mark rows to show; absent fields do not filter.
#[derive(InputObject, Default)]
pub struct MarkFilterInput {
    /// Start year of the academic year (2024 = 2024-2025).
    year: Option<i32>,
    /// quarter, half_year or year.
    period_kind: Option<String>,
    /// 1–4 for quarters, 1–2 for half-years, 1 for the year.
    period_index: Option<i32>,
    grade: Option<i32>,
    /// Subject code (mark summaries only).
    subject: Option<String>,
    /// period_marks, admin_control, final_attestation or minimum_requirement (mark summaries only).
    assessment_kind: Option<String>,
}

impl MarkFilterInput {
    fn into_domain(self) -> Result<q::MarkFilter> {
        if let Some(k) = &self.period_kind
            && Vocabulary::PeriodKind.label(k).is_none()
        {
            return Err(invalid(
                "filter.periodKind",
                format!("`{k}` is not one of quarter, half_year, year"),
            ));
        }
        if let Some(k) = &self.assessment_kind
            && Vocabulary::AssessmentKind.label(k).is_none()
        {
            return Err(invalid(
                "filter.assessmentKind",
                format!(
                    "`{k}` is not one of period_marks, admin_control, final_attestation, minimum_requirement"
                ),
            ));
        }
        if let Some(g) = self.grade
            && !(1..=12).contains(&g)
        {
            return Err(invalid("filter.grade", format!("{g} is outside 1..12")));
        }
        Ok(q::MarkFilter {
            year: self.year,
            period_kind: self.period_kind,
            period_index: self.period_index,
            grade: self.grade,
            subject_code: self.subject,
            assessment_kind: self.assessment_kind,
        })
    }
}

/// A class of a school in one academic year.
#[derive(SimpleObject)]
pub struct ClassGroup {
    academic_year: i32,
    grade: i32,
    /// Parallel letter (А, Б …); empty for a single class.
    letter: String,
    language: Option<Label>,
    enrolled: Option<i32>,
}

impl From<e::class_group::Model> for ClassGroup {
    fn from(c: e::class_group::Model) -> Self {
        ClassGroup {
            academic_year: c.academic_year,
            grade: c.grade,
            letter: c.letter,
            language: Label::opt(Vocabulary::Language, c.language.as_deref()),
            enrolled: c.enrolled,
        }
    }
}

/// Values derived from mark counts by the formulas of DOMAIN.md §1.3; null when the
/// denominator is 0.
#[derive(SimpleObject)]
pub struct MarkIndicators {
    /// N = n5 + n4 + n3 + n2 + n1 + nNa (exempt pupils out, н/а in): the denominator of
    /// quality, success and СОУ.
    assessed: i64,
    /// n5 + n4 + n3 + n2: the denominator of the average mark.
    marked: i64,
    /// (n5 + n4) / N × 100.
    knowledge_quality_pct: Option<f64>,
    /// (n5 + n4 + n3) / N × 100.
    success_pct: Option<f64>,
    /// (5·n5 + 4·n4 + 3·n3 + 2·n2) / marked.
    average_mark: Option<f64>,
    /// (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nNa) / N.
    sou_pct: Option<f64>,
}

impl From<MarkCounts> for MarkIndicators {
    fn from(c: MarkCounts) -> Self {
        MarkIndicators {
            assessed: c.assessed(),
            marked: c.marked(),
            knowledge_quality_pct: c.knowledge_quality_pct(),
            success_pct: c.success_pct(),
            average_mark: c.average_mark(),
            sou_pct: c.sou_pct(),
        }
    }
}

pub struct MarkSummary(q::MarkRow);

#[Object]
impl MarkSummary {
    async fn id(&self) -> ID {
        ID(self.0.summary.id.to_string())
    }
    async fn class_group(&self) -> ClassGroup {
        self.0.class_group.clone().into()
    }
    async fn subject(&self) -> Subject {
        Subject(self.0.subject.clone())
    }
    async fn period(&self) -> Period {
        self.0.period.clone().into()
    }
    async fn assessment_kind(&self) -> Label {
        Label::of(Vocabulary::AssessmentKind, &self.0.summary.assessment_kind)
    }
    /// written_test, essay or oral (final attestation only).
    async fn exam_form(&self) -> Option<&str> {
        self.0.summary.exam_form.as_deref()
    }
    async fn assessed_on(&self) -> Option<NaiveDate> {
        self.0.summary.assessed_on
    }
    async fn n5(&self) -> i32 {
        self.0.summary.n5
    }
    async fn n4(&self) -> i32 {
        self.0.summary.n4
    }
    async fn n3(&self) -> i32 {
        self.0.summary.n3
    }
    async fn n2(&self) -> i32 {
        self.0.summary.n2
    }
    async fn n1(&self) -> i32 {
        self.0.summary.n1
    }
    /// Not attested (н/а).
    async fn n_na(&self) -> i32 {
        self.0.summary.n_na
    }
    async fn n_exempt(&self) -> i32 {
        self.0.summary.n_exempt
    }
    async fn n_enrolled(&self) -> i32 {
        self.0.summary.n_enrolled
    }
    /// N, the denominator of quality, success and СОУ.
    async fn assessed(&self) -> i64 {
        MarkCounts::from(&self.0.summary).assessed()
    }
    /// (n5 + n4) / assessed × 100; null when nobody was assessed.
    async fn knowledge_quality_pct(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).knowledge_quality_pct()
    }
    /// (n5 + n4 + n3) / assessed × 100.
    async fn success_pct(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).success_pct()
    }
    /// (5·n5 + 4·n4 + 3·n3 + 2·n2) / (n5 + n4 + n3 + n2).
    async fn average_mark(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).average_mark()
    }
    /// СОУ: (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nNa) / assessed.
    async fn sou_pct(&self) -> Option<f64> {
        MarkCounts::from(&self.0.summary).sou_pct()
    }
}

/// Mark summaries summed: counts first, then the formulas (never an average of percentages).
#[derive(SimpleObject)]
pub struct MarkTotals {
    /// Mark summary rows summed.
    rows: i64,
    n5: i64,
    n4: i64,
    n3: i64,
    n2: i64,
    n1: i64,
    n_na: i64,
    indicators: MarkIndicators,
}

/// A class's all-subjects outcome for a period: pupils by their worst mark.
pub struct ClassOutcome(q::OutcomeRow);

#[Object]
impl ClassOutcome {
    async fn class_group(&self) -> ClassGroup {
        self.0.class_group.clone().into()
    }
    async fn period(&self) -> Period {
        self.0.period.clone().into()
    }
    /// Pupils with only 5s.
    async fn n_all5(&self) -> i32 {
        self.0.outcome.n_all_5
    }
    /// Pupils with only 4s and 5s (at least one 4).
    async fn n45(&self) -> i32 {
        self.0.outcome.n_4_5
    }
    /// Pupils with a 3 and no 2.
    async fn n_with3(&self) -> i32 {
        self.0.outcome.n_with_3
    }
    async fn n_with2(&self) -> i32 {
        self.0.outcome.n_with_2
    }
    async fn n_na(&self) -> i32 {
        self.0.outcome.n_na
    }
    async fn n_exempt(&self) -> i32 {
        self.0.outcome.n_exempt
    }
    async fn n_enrolled(&self) -> i32 {
        self.0.outcome.n_enrolled
    }
    /// N: every pupil but the exempt.
    async fn assessed(&self) -> i64 {
        ClassCounts::from(&self.0.outcome).assessed()
    }
    /// Pupils whose marks are all 4 or 5, over assessed × 100.
    async fn knowledge_quality_pct(&self) -> Option<f64> {
        ClassCounts::from(&self.0.outcome).knowledge_quality_pct()
    }
    /// Pupils with no 2 and not н/а, over assessed × 100.
    async fn success_pct(&self) -> Option<f64> {
        ClassCounts::from(&self.0.outcome).success_pct()
    }
    /// Always null: pupil counts by worst mark do not give the marks an average needs.
    async fn average_mark(&self) -> Option<f64> {
        None
    }
    /// Always null: СОУ needs counts of marks, which a class outcome does not hold.
    async fn sou_pct(&self) -> Option<f64> {
        None
    }
}

#[derive(SimpleObject)]
pub struct OrtSummary {
    academic_year: i32,
    session: Label,
    /// all (the whole cohort), ky, ru or uz.
    test_language: String,
    participants: i32,
    mean_score: Option<f64>,
    median_score: Option<f64>,
    max_score: Option<i32>,
    min_score: Option<i32>,
    main_max: i32,
    threshold: Option<i32>,
    n_ge_threshold: Option<i32>,
    /// nGeThreshold / participants × 100; null without a count or participants.
    pass_pct: Option<f64>,
    gold_certificates: Option<i32>,
}

impl From<e::ort_school_summary::Model> for OrtSummary {
    fn from(m: e::ort_school_summary::Model) -> Self {
        let pass_pct = match m.n_ge_threshold {
            Some(n) if m.participants > 0 => Some(f64::from(n) * 100.0 / f64::from(m.participants)),
            _ => None,
        };
        OrtSummary {
            academic_year: m.academic_year,
            session: Label::of(Vocabulary::OrtSession, &m.session),
            test_language: m.test_language,
            participants: m.participants,
            mean_score: m.mean_score,
            median_score: m.median_score,
            max_score: m.max_score,
            min_score: m.min_score,
            main_max: m.main_max,
            threshold: m.threshold,
            n_ge_threshold: m.n_ge_threshold,
            pass_pct,
            gold_certificates: m.gold_certificates,
        }
    }
}

#[derive(SimpleObject)]
pub struct OrtSubjectScore {
    subject: Subject,
    score: i32,
    max_score: Option<i32>,
}

/// One pseudonymous ORT taker.
#[derive(SimpleObject)]
pub struct OrtResult {
    academic_year: i32,
    session: Label,
    /// The school's pseudonymous reference; never a name.
    student_ref: String,
    /// cohort (the whole class sent) or top_scorers (a list of the best only).
    listing: String,
    test_language: Option<String>,
    main_score: i32,
    main_max: i32,
    state_lang_level: Option<String>,
    gold_certificate: bool,
    subjects: Vec<OrtSubjectScore>,
}

impl From<q::OrtResultRow> for OrtResult {
    fn from(r: q::OrtResultRow) -> Self {
        let m = r.result;
        OrtResult {
            academic_year: m.academic_year,
            session: Label::of(Vocabulary::OrtSession, &m.session),
            student_ref: m.student_ref,
            listing: m.listing,
            test_language: m.test_language,
            main_score: m.main_score,
            main_max: m.main_max,
            state_lang_level: m.state_lang_level,
            gold_certificate: m.gold_certificate,
            subjects: r
                .subjects
                .into_iter()
                .map(|(s, subject)| OrtSubjectScore {
                    subject: Subject(subject),
                    score: s.score,
                    max_score: s.max_score,
                })
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct OlympiadResult {
    academic_year: i32,
    subject: Subject,
    /// republican, national or other.
    olympiad_kind: String,
    level: Label,
    student_ref: String,
    grade: Option<i32>,
    place: Option<i32>,
    award: Label,
    advanced_to_next: bool,
}

impl From<q::OlympiadRow> for OlympiadResult {
    fn from(r: q::OlympiadRow) -> Self {
        OlympiadResult {
            academic_year: r.olympiad.academic_year,
            subject: Subject(r.subject),
            olympiad_kind: r.olympiad.kind,
            level: Label::of(Vocabulary::Level, &r.olympiad.level),
            student_ref: r.result.student_ref,
            grade: r.result.grade,
            place: r.result.place,
            award: Label::of(Vocabulary::Award, &r.result.award),
            advanced_to_next: r.result.advanced_to_next,
        }
    }
}

/// Prizes a school reported for a level: null = not reported, 0 = none.
#[derive(SimpleObject)]
pub struct OlympiadCount {
    academic_year: i32,
    level: Label,
    prize_count: Option<i32>,
    participant_count: Option<i32>,
    note: Option<String>,
}

impl From<e::olympiad_count_report::Model> for OlympiadCount {
    fn from(m: e::olympiad_count_report::Model) -> Self {
        OlympiadCount {
            academic_year: m.academic_year,
            level: Label::of(Vocabulary::Level, &m.level),
            prize_count: m.prize_count,
            participant_count: m.participant_count,
            note: m.note,
        }
    }
}

pub struct ContestResult(e::contest_result::Model, e::contest::Model);

#[Object]
impl ContestResult {
    async fn academic_year(&self) -> i32 {
        self.1.academic_year
    }
    /// The contest's name (Russian/English fall back to Kyrgyz where not stored).
    async fn contest_name(&self, ctx: &Context<'_>, lang: Option<Lang>) -> String {
        let c = &self.1;
        let ru = c.name_ru.as_deref().unwrap_or(&c.name_ky);
        pick(lang_of(ctx, lang), &c.name_ky, ru, c.name_en.as_deref())
    }
    async fn contest_name_ky(&self) -> &str {
        &self.1.name_ky
    }
    async fn contest_name_ru(&self) -> Option<&str> {
        self.1.name_ru.as_deref()
    }
    async fn contest_name_en(&self) -> Option<&str> {
        self.1.name_en.as_deref()
    }
    /// intellectual, creative, sport or other.
    async fn category(&self) -> &str {
        &self.1.category
    }
    async fn level(&self) -> Label {
        Label::of(Vocabulary::Level, &self.1.level)
    }
    /// A pseudonymous pupil or a team.
    async fn entry_ref(&self) -> &str {
        &self.0.entry_ref
    }
    async fn participants(&self) -> Option<i32> {
        self.0.participants
    }
    async fn place(&self) -> Option<i32> {
        self.0.place
    }
    async fn award(&self) -> Label {
        Label::of(Vocabulary::Award, &self.0.award)
    }
    async fn advanced_to_next(&self) -> bool {
        self.0.advanced_to_next
    }
}

#[derive(SimpleObject)]
pub struct TeacherAward {
    /// excellence_badge, honour_certificate, teacher_of_year, state_title or other.
    award_type: String,
    level: Option<Label>,
    year: i32,
    note: Option<String>,
}

/// A teacher by the school's pseudonymous reference.
#[derive(SimpleObject)]
pub struct Teacher {
    id: ID,
    teacher_ref: String,
    main_subject: Option<Subject>,
    education_level: Option<Label>,
    category: Label,
    category_since: Option<i32>,
    hired_year: Option<i32>,
    left_year: Option<i32>,
    young_specialist: bool,
    mentor_id: Option<ID>,
    awards: Vec<TeacherAward>,
    /// Ids of the trainings (`School.trainings`) the teacher attended.
    training_ids: Vec<ID>,
}

impl From<q::TeacherRow> for Teacher {
    fn from(r: q::TeacherRow) -> Self {
        let t = r.teacher;
        Teacher {
            id: ID(t.id.to_string()),
            teacher_ref: t.teacher_ref,
            main_subject: r.main_subject.map(Subject),
            education_level: Label::opt(Vocabulary::EducationLevel, t.education_level.as_deref()),
            category: Label::of(Vocabulary::TeacherCategory, &t.category),
            category_since: t.category_since,
            hired_year: t.hired_year,
            left_year: t.left_year,
            young_specialist: t.young_specialist,
            mentor_id: t.mentor_id.map(|m| ID(m.to_string())),
            awards: r
                .awards
                .into_iter()
                .map(|a| TeacherAward {
                    award_type: a.award_type,
                    level: Label::opt(Vocabulary::Level, a.level.as_deref()),
                    year: a.year,
                    note: a.note,
                })
                .collect(),
            training_ids: r
                .training_ids
                .into_iter()
                .map(|id| ID(id.to_string()))
                .collect(),
        }
    }
}

#[derive(SimpleObject)]
pub struct Training {
    id: ID,
    academic_year: i32,
    programme_name_ky: String,
    programme_name_ru: Option<String>,
    provider: Label,
    hours: Option<i32>,
    participants: i32,
}

impl From<e::teacher_training::Model> for Training {
    fn from(m: e::teacher_training::Model) -> Self {
        Training {
            id: ID(m.id.to_string()),
            academic_year: m.academic_year,
            programme_name_ky: m.programme_name_ky,
            programme_name_ru: m.programme_name_ru,
            provider: Label::of(Vocabulary::TrainingProvider, &m.provider),
            hours: m.hours,
            participants: m.participants,
        }
    }
}

#[derive(SimpleObject)]
pub struct Accreditation {
    accreditation_type: Label,
    decision_year: i32,
    agency: Option<String>,
    decision: Label,
    certificate_no: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
}

impl From<e::accreditation::Model> for Accreditation {
    fn from(m: e::accreditation::Model) -> Self {
        Accreditation {
            accreditation_type: Label::of(Vocabulary::AccreditationType, &m.accreditation_type),
            decision_year: m.decision_year,
            agency: m.agency,
            decision: Label::of(Vocabulary::AccreditationDecision, &m.decision),
            certificate_no: m.certificate_no,
            valid_from: m.valid_from,
            valid_until: m.valid_until,
        }
    }
}

/// A commission member by pseudonymous reference and role.
#[derive(SimpleObject)]
pub struct CommissionMember {
    member_ref: String,
    role_ky: String,
    role_ru: Option<String>,
}

/// One criterion (1.1 … 4.3) of the accreditation standards.
#[derive(SimpleObject)]
pub struct Criterion {
    standard: i32,
    code: String,
    title_ky: String,
    title_ru: Option<String>,
    finding_text: Option<String>,
    evidence_text: Option<String>,
}

/// A strength or weakness the report lists under a standard, in the report's order.
#[derive(SimpleObject)]
pub struct AssessmentPoint {
    standard: i32,
    kind: Label,
    position: i32,
    text_ky: String,
    text_ru: Option<String>,
}

#[derive(SimpleObject)]
pub struct SelfAssessment {
    academic_year: i32,
    accreditation_type: Label,
    report_date: Option<NaiveDate>,
    introduction: Option<String>,
    conclusion: Option<String>,
    /// The commission (pseudonymous references and roles); null unless the caller may see
    /// people: the school's own token or an admin.
    members: Option<Vec<CommissionMember>>,
    criteria: Vec<Criterion>,
    strengths: Vec<AssessmentPoint>,
    weaknesses: Vec<AssessmentPoint>,
}

impl From<q::SelfAssessment> for SelfAssessment {
    fn from(s: q::SelfAssessment) -> Self {
        let (strengths, weaknesses): (Vec<_>, Vec<_>) = s
            .points
            .into_iter()
            .map(|p| AssessmentPoint {
                standard: p.standard,
                kind: Label::of(Vocabulary::PointKind, &p.kind),
                position: p.position,
                text_ky: p.text_ky,
                text_ru: p.text_ru,
            })
            .partition(|p| p.kind_code() == "strength");
        SelfAssessment {
            academic_year: s.report.academic_year,
            accreditation_type: Label::of(
                Vocabulary::AccreditationType,
                &s.report.accreditation_type,
            ),
            report_date: s.report.report_date,
            introduction: s.report.introduction,
            conclusion: s.report.conclusion,
            members: s.members_visible.then(|| {
                s.members
                    .into_iter()
                    .map(|m| CommissionMember {
                        member_ref: m.member_ref,
                        role_ky: m.role_ky,
                        role_ru: m.role_ru,
                    })
                    .collect()
            }),
            criteria: s
                .criteria
                .into_iter()
                .map(|c| Criterion {
                    standard: c.standard,
                    code: c.code,
                    title_ky: c.title_ky,
                    title_ru: c.title_ru,
                    finding_text: c.finding_text,
                    evidence_text: c.evidence_text,
                })
                .collect(),
            strengths,
            weaknesses,
        }
    }
}

impl AssessmentPoint {
    fn kind_code(&self) -> &str {
        self.kind.code_str()
    }
}

fn db<'a>(ctx: &Context<'a>) -> Result<&'a Db> {
    super::common::db(ctx)
}

fn list<T, U: From<T>>(rows: domain::Result<Vec<T>>) -> Result<Vec<U>> {
    Ok(rows?.into_iter().map(U::from).collect())
}

pub async fn enrolment(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<EnrolmentSnapshot>> {
    list(q::enrolment(db(ctx)?, school, year).await)
}

pub async fn infrastructure(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<InfrastructureSnapshot>> {
    list(q::infrastructure(db(ctx)?, school, year).await)
}

pub async fn staff(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<StaffSnapshot>> {
    list(q::staff(db(ctx)?, school, year).await)
}

pub async fn textbooks(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<TextbookProvision>> {
    list(q::textbooks(db(ctx)?, school, year).await)
}

pub async fn mark_summaries(
    ctx: &Context<'_>,
    school: &Grant,
    filter: Option<MarkFilterInput>,
) -> Result<Vec<MarkSummary>> {
    let filter = filter.unwrap_or_default().into_domain()?;
    let rows = q::mark_summaries(db(ctx)?, school, &filter).await?;
    Ok(rows.into_iter().map(MarkSummary).collect())
}

pub async fn mark_totals(
    ctx: &Context<'_>,
    school: &Grant,
    filter: Option<MarkFilterInput>,
) -> Result<MarkTotals> {
    let filter = filter.unwrap_or_default().into_domain()?;
    let rows = q::mark_summaries(db(ctx)?, school, &filter).await?;
    let sum = rows
        .iter()
        .map(|r| MarkCounts::from(&r.summary))
        .fold(MarkCounts::default(), |a, b| a + b);
    Ok(MarkTotals {
        rows: rows.len() as i64,
        n5: sum.n5,
        n4: sum.n4,
        n3: sum.n3,
        n2: sum.n2,
        n1: sum.n1,
        n_na: sum.n_na,
        indicators: sum.into(),
    })
}

pub async fn class_outcomes(
    ctx: &Context<'_>,
    school: &Grant,
    filter: Option<MarkFilterInput>,
) -> Result<Vec<ClassOutcome>> {
    let filter = filter.unwrap_or_default().into_domain()?;
    let rows = q::class_outcomes(db(ctx)?, school, &filter).await?;
    Ok(rows.into_iter().map(ClassOutcome).collect())
}

pub async fn ort_summaries(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OrtSummary>> {
    list(q::ort_summaries(db(ctx)?, school, year).await)
}

pub async fn ort_results(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OrtResult>> {
    list(q::ort_results(db(ctx)?, school, year).await)
}

pub async fn olympiad_results(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OlympiadResult>> {
    list(q::olympiad_results(db(ctx)?, school, year).await)
}

pub async fn olympiad_counts(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<OlympiadCount>> {
    list(q::olympiad_counts(db(ctx)?, school, year).await)
}

pub async fn contests(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<ContestResult>> {
    let rows = q::contests(db(ctx)?, school, year).await?;
    Ok(rows.into_iter().map(|(r, c)| ContestResult(r, c)).collect())
}

pub async fn teachers(
    ctx: &Context<'_>,
    school: &Grant,
    current_only: bool,
) -> Result<Vec<Teacher>> {
    list(q::teachers(db(ctx)?, school, current_only).await)
}

pub async fn trainings(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<Training>> {
    list(q::trainings(db(ctx)?, school, year).await)
}

pub async fn accreditations(ctx: &Context<'_>, school: &Grant) -> Result<Vec<Accreditation>> {
    list(q::accreditations(db(ctx)?, school).await)
}

pub async fn self_assessments(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<SelfAssessment>> {
    list(q::self_assessments(db(ctx)?, school, year).await)
}

/// A figure the school reported ready-made, without the counts behind it (so it is shown, not
/// summed into areas).
#[derive(SimpleObject)]
pub struct ReportedIndicator {
    /// knowledge_quality, success_rate, sou or average_mark.
    indicator: String,
    period: Period,
    /// school, grade or subject.
    scope: String,
    grade: Option<i32>,
    subject: Option<Subject>,
    value: f64,
    /// self_report, import or document.
    source: String,
    source_note: Option<String>,
}

impl From<q::ReportedRow> for ReportedIndicator {
    fn from(r: q::ReportedRow) -> Self {
        let i = r.indicator;
        ReportedIndicator {
            indicator: i.indicator,
            period: r.period.into(),
            scope: i.scope,
            grade: i.grade,
            subject: r.subject.map(Subject),
            value: i.value,
            source: i.source,
            source_note: i.source_note,
        }
    }
}

pub async fn reported_indicators(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<ReportedIndicator>> {
    list(q::reported_indicators(db(ctx)?, school, year).await)
}
