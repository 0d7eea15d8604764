//! Column names of the fact frames ([`YearFrames`](super::YearFrames)); `frame` builds them
//! with these.

/// `Int32`, every fact frame.
pub const SCHOOL_ID: &str = "school_id";
// marks: one row per school, grade, period and assessment kind (counts summed).
/// `Int32`.
pub const GRADE: &str = "grade";
/// `String`: quarter, half_year, year.
pub const PERIOD_KIND: &str = "period_kind";
/// `Int32`.
pub const PERIOD_IDX: &str = "period_idx";
/// `String`: period_marks, admin_control, final_attestation, minimum_requirement.
pub const ASSESSMENT_KIND: &str = "assessment_kind";
/// `Int64` counts.
pub const N5: &str = "n5";
pub const N4: &str = "n4";
pub const N3: &str = "n3";
pub const N2: &str = "n2";
pub const N1: &str = "n1";
pub const N_NA: &str = "n_na";
pub const N_EXEMPT: &str = "n_exempt";
pub const N_ENROLLED: &str = "n_enrolled";
/// `Int64`: mark-summary (or class-outcome) rows summed into this one.
pub const N_ROWS: &str = "n_rows";
// class outcomes: one row per school and grade (annual period, counts summed); also
// `n_na`, `n_exempt`, `n_enrolled`, `n_rows`.
/// `Int64` pupil counts by worst annual mark: all 5, only 4 and 5, with a 3, with a 2.
pub const N_ALL_5: &str = "n_all_5";
pub const N_4_5: &str = "n_4_5";
pub const N_WITH_3: &str = "n_with_3";
pub const N_WITH_2: &str = "n_with_2";
// reported
/// `String`: knowledge_quality, success_rate, sou, average_mark.
pub const REPORTED_INDICATOR: &str = "reported_indicator";
/// `Float64`.
pub const REPORTED_VALUE: &str = "reported_value";
// ORT results
/// `String`: cohort, top_scorers.
pub const LISTING: &str = "listing";
/// `String`: summer, winter (results and summaries).
pub const SESSION: &str = "session";
/// `Int32`.
pub const MAIN_SCORE: &str = "main_score";
/// `Boolean`.
pub const GOLD: &str = "gold_certificate";
// ORT summaries
/// `String`: all, ky, ru, uz (summaries); ky, ru, uz or null (results).
pub const TEST_LANGUAGE: &str = "test_language";
/// `Int32` (summaries and training).
pub const PARTICIPANTS: &str = "participants";
/// `Float64`, nullable.
pub const MEAN_SCORE: &str = "mean_score";
/// `Float64`, nullable.
pub const MEDIAN_SCORE: &str = "median_score";
/// `Int32`, nullable.
pub const MAX_SCORE: &str = "max_score";
/// `Int32`, nullable.
pub const THRESHOLD: &str = "threshold";
/// `Int32`, nullable.
pub const N_GE_THRESHOLD: &str = "n_ge_threshold";
/// `Int32`, nullable.
pub const GOLD_CERTIFICATES: &str = "gold_certificates";
// olympiads
/// `String`: school, zonal, district, city, oblast, republic, international.
pub const LEVEL: &str = "level";
/// `Int32`, nullable (NULL = not reported).
pub const PRIZE_COUNT: &str = "prize_count";
// staff
/// `Int32`.
pub const TEACHERS_TOTAL: &str = "teachers_total";
/// `Int32`, nullable.
pub const WITH_HIGHER_ED: &str = "with_higher_ed";
/// `Int32`, nullable.
pub const WITH_AWARD: &str = "with_award_excellence";
/// `Int32`, nullable.
pub const TRAINED_LAST_5Y: &str = "trained_last_5y";
// training
/// `Int32`, nullable.
pub const HOURS: &str = "hours";
// enrolment, infrastructure
/// `Int32`.
pub const ENROLMENT: &str = "enrolment";
/// `Int32`, nullable.
pub const COMPUTERS: &str = "computers";
// textbooks
/// `String`: all, 1-4, 5-9, 10-12.
pub const GRADE_BAND: &str = "grade_band";
/// `Int32`, nullable.
pub const REQUIRED: &str = "required";
/// `Int32`, nullable.
pub const AVAILABLE: &str = "available";
/// `Float64`, nullable.
pub const PROVISION_PCT: &str = "provision_pct";
// enrolment (continued)
/// `Int32`, nullable: pupils who left during the year.
pub const LEFT_MID_YEAR: &str = "left_mid_year";
/// `Int32`, nullable: pupils who left after grade 9.
pub const LEAVERS_AFTER_GRADE9: &str = "leavers_after_grade9";
/// `Int32`, nullable: grade-9 pupils of the year before.
pub const GRADE9_YEAR_BEFORE: &str = "grade9_year_before";
// olympiad results: one row per school, level, place and award (`LEVEL` as above)
/// `Int32`, nullable: 1..3.
pub const PLACE: &str = "place";
/// `String`: diploma_1, diploma_2, diploma_3, certificate, participant.
pub const AWARD: &str = "award";
/// `Int64`: results with this school, level, place and award.
pub const RESULTS: &str = "results";
// ORT subject scores (`LISTING`, `SESSION` as for results)
/// `Int32`.
pub const SUBJECT_SCORE: &str = "subject_score";
// surveys
/// `String`: parents, pupils, teachers.
pub const AUDIENCE: &str = "audience";
/// `Int32`.
pub const RESPONDENTS: &str = "respondents";
/// `Int32`.
pub const SATISFIED: &str = "satisfied";
// the teacher register (generation-wide, not a year frame): one row per year and teacher
/// `Int32`: the academic year.
pub const YEAR: &str = "year";
/// `Int32`, nullable: the latest academic year up to `YEAR` of an attended course.
pub const LAST_TRAINING_YEAR: &str = "last_training_year";
// geo (an extra column of the pipeline's `geo` frame)
/// `Int32`, nullable.
pub const DESIGN_CAPACITY: &str = "design_capacity";
