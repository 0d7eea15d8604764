//! Every named CHECK (`ck_*`) and unique index (`uq_*`) in the schema rejects a row that breaks
//! it, and the error names that rule, on SQLite and PostgreSQL alike.

use domain::Error;
use integration_tests::TestDb;
use sea_orm::{ConnectionTrait, Statement};
use std::collections::BTreeSet;

/// One rule and a row that breaks it and nothing else. `setup` adds the valid rows the case
/// needs (the first of two duplicates); natural keys differ between cases, so cases share one
/// database without colliding.
struct Case {
    constraint: &'static str,
    setup: &'static [&'static str],
    bad: &'static str,
}

// Sub-selects for the base fixture's rows, by natural key.
macro_rules! region {
    () => {
        "(SELECT id FROM region WHERE code = 'KG-O')"
    };
}
macro_rules! district {
    () => {
        "(SELECT id FROM district WHERE code = 'KG-O-UZG')"
    };
}
macro_rules! school {
    () => {
        "(SELECT id FROM school WHERE code = 'T1')"
    };
}
macro_rules! maths {
    () => {
        "(SELECT id FROM subject WHERE code = 'mathematics')"
    };
}
macro_rules! biology {
    () => {
        "(SELECT id FROM subject WHERE code = 'biology')"
    };
}
macro_rules! period {
    () => {
        "(SELECT id FROM period WHERE academic_year = 2020 AND kind = 'year' AND idx = 1)"
    };
}
macro_rules! class_group {
    () => {
        "(SELECT id FROM class_group WHERE school_id = (SELECT id FROM school WHERE code = 'T1') \
         AND academic_year = 2020 AND grade = 5 AND letter = 'A')"
    };
}
macro_rules! teacher {
    () => {
        "(SELECT id FROM teacher WHERE teacher_ref = 'TR1')"
    };
}
macro_rules! olympiad {
    () => {
        "(SELECT id FROM olympiad WHERE academic_year = 2020 AND level = 'district' \
         AND subject_id = (SELECT id FROM subject WHERE code = 'biology'))"
    };
}
macro_rules! contest {
    () => {
        "(SELECT id FROM contest WHERE academic_year = 2020 AND name_ky = 'C1')"
    };
}
macro_rules! ort_result {
    () => {
        "(SELECT id FROM ort_result WHERE student_ref = 'S1')"
    };
}
macro_rules! enrolment {
    () => {
        "(SELECT id FROM enrolment_snapshot WHERE school_id = (SELECT id FROM school WHERE code = 'T1') \
         AND academic_year = 2020)"
    };
}
macro_rules! report {
    () => {
        "(SELECT id FROM self_assessment_report WHERE school_id = (SELECT id FROM school WHERE code = 'T1') \
         AND academic_year = 2020)"
    };
}

/// Valid rows every case may refer to. Academic years 2020 and 2021 (with periods) are created
/// through `domain::year::ensure`; 2000 is a bare year for the ORT year rules.
const BASE: &[&str] = &[
    "INSERT INTO academic_year (start_year, label) VALUES (2000, '2000-2001')",
    concat!(
        "INSERT INTO school (district_id, code, number, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
        district!(),
        ", 'T1', 1, 'Т1', 'Т1', 'т1', 'state', 'general')"
    ),
    concat!(
        "INSERT INTO class_group (school_id, academic_year, grade, letter, language) VALUES (",
        school!(),
        ", 2020, 5, 'A', 'ky')"
    ),
    concat!(
        "INSERT INTO teacher (school_id, teacher_ref) VALUES (",
        school!(),
        ", 'TR1')"
    ),
    concat!(
        "INSERT INTO teacher_training (school_id, academic_year, programme_name_ky, participants) VALUES (",
        school!(),
        ", 2020, 'P1', 5)"
    ),
    "INSERT INTO contest (academic_year, name_ky, level) VALUES (2020, 'C1', 'district')",
    concat!(
        "INSERT INTO olympiad (academic_year, subject_id, level) VALUES (2020, ",
        biology!(),
        ", 'district')"
    ),
    concat!(
        "INSERT INTO self_assessment_report (school_id, academic_year) VALUES (",
        school!(),
        ", 2020)"
    ),
    concat!(
        "INSERT INTO enrolment_snapshot (school_id, academic_year, enrolment) VALUES (",
        school!(),
        ", 2020, 100)"
    ),
    concat!(
        "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score) VALUES (",
        school!(),
        ", 2020, 'S1', 100)"
    ),
];

const CASES: &[Case] = &[
    // ── region ──────────────────────────────────────────────────────────────────────────
    Case {
        constraint: "ck_region_kind",
        setup: &[],
        bad: "INSERT INTO region (code, kind, name_ky, name_ru) VALUES ('KG-X1', 'province', 'x', 'x')",
    },
    Case {
        constraint: "ck_region_code",
        setup: &[],
        bad: "INSERT INTO region (code, kind, name_ky, name_ru) VALUES ('XX-2', 'oblast', 'x', 'x')",
    },
    Case {
        constraint: "ck_region_soate",
        setup: &[],
        bad: "INSERT INTO region (code, kind, name_ky, name_ru, soate_code) \
              VALUES ('KG-X3', 'oblast', 'x', 'x', '417')",
    },
    Case {
        constraint: "uq_region_code",
        setup: &[],
        bad: "INSERT INTO region (code, kind, name_ky, name_ru) VALUES ('KG-O', 'oblast', 'x', 'x')",
    },
    Case {
        constraint: "uq_region_soate",
        setup: &[],
        bad: "INSERT INTO region (code, kind, name_ky, name_ru, soate_code) VALUES ('KG-X5', 'oblast', 'x', 'x', \
              (SELECT soate_code FROM region WHERE code = 'KG-O'))",
    },
    // ── district ────────────────────────────────────────────────────────────────────────
    Case {
        constraint: "ck_district_kind",
        setup: &[],
        bad: concat!(
            "INSERT INTO district (region_id, code, kind, name_ky, name_ru) VALUES (",
            region!(),
            ", 'T-D1', 'village', 'T-D1', 'T-D1')"
        ),
    },
    Case {
        constraint: "ck_district_soate",
        setup: &[],
        bad: concat!(
            "INSERT INTO district (region_id, code, kind, name_ky, name_ru, soate_code) VALUES (",
            region!(),
            ", 'T-D2', 'rayon', 'T-D2', 'T-D2', '4170625500000')"
        ),
    },
    Case {
        constraint: "uq_district_code",
        setup: &[],
        bad: concat!(
            "INSERT INTO district (region_id, code, kind, name_ky, name_ru) VALUES (",
            region!(),
            ", 'KG-O-UZG', 'rayon', 'T-D3', 'T-D3')"
        ),
    },
    Case {
        constraint: "uq_district_region_name",
        setup: &[],
        bad: concat!(
            "INSERT INTO district (region_id, code, kind, name_ky, name_ru) VALUES (",
            region!(),
            ", 'T-D4', 'rayon', (SELECT name_ky FROM district WHERE code = 'KG-O-UZG'), 'T-D4')"
        ),
    },
    // ── subject ─────────────────────────────────────────────────────────────────────────
    Case {
        constraint: "ck_subject_code",
        setup: &[],
        bad: "INSERT INTO subject (code, name_ky, name_ru) VALUES ('', 'x', 'x')",
    },
    Case {
        constraint: "uq_subject_code",
        setup: &[],
        bad: "INSERT INTO subject (code, name_ky, name_ru) VALUES ('biology', 'x', 'x')",
    },
    // ── academic_year, period ───────────────────────────────────────────────────────────
    Case {
        constraint: "ck_academic_year_range",
        setup: &[],
        bad: "INSERT INTO academic_year (start_year, label) VALUES (1999, '1999-2000')",
    },
    Case {
        constraint: "ck_academic_year_label",
        setup: &[],
        bad: "INSERT INTO academic_year (start_year, label) VALUES (2030, '2030-2032')",
    },
    Case {
        constraint: "ck_academic_year_system",
        setup: &[],
        bad: "INSERT INTO academic_year (start_year, label, school_system) VALUES (2031, '2031-2032', '10_year')",
    },
    Case {
        constraint: "ck_academic_year_marked_grades",
        setup: &[],
        bad: "INSERT INTO academic_year (start_year, label, marked_grade_min, marked_grade_max) \
              VALUES (2032, '2032-2033', 5, 3)",
    },
    Case {
        constraint: "ck_period_kind_index",
        setup: &[],
        bad: "INSERT INTO period (academic_year, kind, idx) VALUES (2021, 'quarter', 5)",
    },
    // Year 2000 has no periods yet, so (2000, quarter, 1) is not a duplicate.
    Case {
        constraint: "ck_period_dates",
        setup: &[],
        bad: "INSERT INTO period (academic_year, kind, idx, start_date, end_date) \
              VALUES (2000, 'quarter', 1, '2000-12-01', '2000-09-01')",
    },
    Case {
        constraint: "uq_period_year_kind_idx",
        setup: &[],
        bad: "INSERT INTO period (academic_year, kind, idx) VALUES (2020, 'quarter', 1)",
    },
    // ── school, school_language, class_group ────────────────────────────────────────────
    Case {
        constraint: "ck_school_code",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
            district!(),
            ", '', 'x', 'x', 'x', 'state', 'general')"
        ),
    },
    Case {
        constraint: "ck_school_number",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, number, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
            district!(),
            ", 'T-S2', 0, 'x', 'x', 'x', 'state', 'general')"
        ),
    },
    Case {
        constraint: "ck_school_ownership",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
            district!(),
            ", 'T-S3', 'x', 'x', 'x', 'public', 'general')"
        ),
    },
    Case {
        constraint: "ck_school_type",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
            district!(),
            ", 'T-S4', 'x', 'x', 'x', 'state', 'college')"
        ),
    },
    Case {
        constraint: "ck_school_founded_year",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type, founded_year) VALUES (",
            district!(),
            ", 'T-S5', 'x', 'x', 'x', 'state', 'general', 1799)"
        ),
    },
    Case {
        constraint: "ck_school_design_capacity",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type, design_capacity) VALUES (",
            district!(),
            ", 'T-S6', 'x', 'x', 'x', 'state', 'general', 0)"
        ),
    },
    Case {
        constraint: "uq_school_code",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
            district!(),
            ", 'T1', 'x', 'x', 'x', 'state', 'general')"
        ),
    },
    Case {
        constraint: "uq_school_district_number",
        setup: &[],
        bad: concat!(
            "INSERT INTO school (district_id, code, number, name_ky, name_ru, name_search, ownership, school_type) VALUES (",
            district!(),
            ", 'T-S8', 1, 'x', 'x', 'x', 'state', 'general')"
        ),
    },
    Case {
        constraint: "ck_school_language",
        setup: &[],
        bad: concat!(
            "INSERT INTO school_language (school_id, language) VALUES (",
            school!(),
            ", 'fr')"
        ),
    },
    Case {
        constraint: "ck_class_group_grade",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_group (school_id, academic_year, grade, letter, language) VALUES (",
            school!(),
            ", 2020, 13, 'A', 'ky')"
        ),
    },
    Case {
        constraint: "ck_class_group_letter",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_group (school_id, academic_year, grade, letter, language) VALUES (",
            school!(),
            ", 2020, 5, 'ABCDEFGHI', 'ky')"
        ),
    },
    Case {
        constraint: "ck_class_group_language",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_group (school_id, academic_year, grade, letter, language) VALUES (",
            school!(),
            ", 2020, 5, 'B', 'fr')"
        ),
    },
    Case {
        constraint: "ck_class_group_enrolled",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_group (school_id, academic_year, grade, letter, language, enrolled) VALUES (",
            school!(),
            ", 2020, 5, 'C', 'ky', 61)"
        ),
    },
    Case {
        constraint: "uq_class_group",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_group (school_id, academic_year, grade, letter, language) VALUES (",
            school!(),
            ", 2020, 5, 'A', 'ru')"
        ),
    },
    // ── mark_summary, class_outcome, reported_indicator ─────────────────────────────────
    Case {
        constraint: "ck_mark_summary_kind",
        setup: &[],
        bad: concat!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            period!(),
            ", 'quiz', 20)"
        ),
    },
    // An exam form belongs to a final attestation only.
    Case {
        constraint: "ck_mark_summary_exam_form",
        setup: &[],
        bad: concat!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, exam_form, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            period!(),
            ", 'period_marks', 'essay', 20)"
        ),
    },
    Case {
        constraint: "ck_mark_summary_counts_nonnegative",
        setup: &[],
        bad: concat!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, n5, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            period!(),
            ", 'period_marks', -1, 20)"
        ),
    },
    Case {
        constraint: "ck_mark_summary_enrolled",
        setup: &[],
        bad: concat!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            period!(),
            ", 'period_marks', 61)"
        ),
    },
    Case {
        constraint: "ck_mark_summary_counts_le_enrolled",
        setup: &[],
        bad: concat!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, n5, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            period!(),
            ", 'period_marks', 21, 20)"
        ),
    },
    Case {
        constraint: "uq_mark_summary",
        setup: &[concat!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            period!(),
            ", 'period_marks', 20)"
        )],
        bad: concat!(
            "INSERT INTO mark_summary (class_group_id, subject_id, period_id, assessment_kind, n5, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            period!(),
            ", 'period_marks', 3, 20)"
        ),
    },
    Case {
        constraint: "ck_class_outcome_counts_nonnegative",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_outcome (class_group_id, period_id, n_all_5, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            period!(),
            ", -1, 20)"
        ),
    },
    Case {
        constraint: "ck_class_outcome_enrolled",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_outcome (class_group_id, period_id, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            period!(),
            ", 61)"
        ),
    },
    Case {
        constraint: "ck_class_outcome_counts_le_enrolled",
        setup: &[],
        bad: concat!(
            "INSERT INTO class_outcome (class_group_id, period_id, n_all_5, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            period!(),
            ", 21, 20)"
        ),
    },
    Case {
        constraint: "uq_class_outcome",
        setup: &[concat!(
            "INSERT INTO class_outcome (class_group_id, period_id, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            period!(),
            ", 20)"
        )],
        bad: concat!(
            "INSERT INTO class_outcome (class_group_id, period_id, n_all_5, n_enrolled) VALUES (",
            class_group!(),
            ", ",
            period!(),
            ", 2, 20)"
        ),
    },
    Case {
        constraint: "ck_reported_indicator_indicator",
        setup: &[],
        bad: concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope_key, value) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'attendance', 'school', 50)"
        ),
    },
    // A school-wide value must not name a grade.
    Case {
        constraint: "ck_reported_indicator_scope",
        setup: &[],
        bad: concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope, grade, scope_key, value) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'success_rate', 'school', 5, 'school', 50)"
        ),
    },
    Case {
        constraint: "ck_reported_indicator_grade",
        setup: &[],
        bad: concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope, grade, scope_key, value) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'success_rate', 'grade', 13, 'grade:13', 50)"
        ),
    },
    Case {
        constraint: "ck_reported_indicator_value",
        setup: &[],
        bad: concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope_key, value) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'average_mark', 'school', 5.5)"
        ),
    },
    Case {
        constraint: "ck_reported_indicator_source",
        setup: &[],
        bad: concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope_key, value, source) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'sou', 'school', 50, 'rumour')"
        ),
    },
    Case {
        constraint: "uq_reported_indicator",
        setup: &[concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope_key, value) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'knowledge_quality', 'school', 50)"
        )],
        bad: concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope_key, value) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'knowledge_quality', 'school', 60)"
        ),
    },
    // The key must spell the scope: a school-wide row keyed as a grade.
    Case {
        constraint: "ck_reported_indicator_scope_key",
        setup: &[],
        bad: concat!(
            "INSERT INTO reported_indicator (school_id, period_id, indicator, scope_key, value) VALUES (",
            school!(),
            ", ",
            period!(),
            ", 'success_rate', 'grade:1', 50)"
        ),
    },
    // ── ORT ─────────────────────────────────────────────────────────────────────────────
    Case {
        constraint: "ck_ort_threshold_admission_type",
        setup: &[],
        bad: "INSERT INTO ort_threshold (academic_year, admission_type, main_min) VALUES (2021, 'free', 110)",
    },
    Case {
        constraint: "ck_ort_threshold_main_min",
        setup: &[],
        bad: "INSERT INTO ort_threshold (academic_year, admission_type, main_min) VALUES (2021, 'grant', 1001)",
    },
    Case {
        constraint: "ck_ort_threshold_subject_min",
        setup: &[],
        bad: "INSERT INTO ort_threshold (academic_year, admission_type, main_min, subject_min) \
              VALUES (2021, 'contract', 110, -1)",
    },
    Case {
        constraint: "uq_ort_threshold",
        setup: &[
            "INSERT INTO ort_threshold (academic_year, admission_type, main_min) VALUES (2020, 'grant', 110)",
        ],
        bad: "INSERT INTO ort_threshold (academic_year, admission_type, main_min) VALUES (2020, 'grant', 120)",
    },
    // Year 2000 exists as an academic year, but no ORT session belongs to it.
    Case {
        constraint: "ck_ort_result_year",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score) VALUES (",
            school!(),
            ", 2000, 'S-R1', 100)"
        ),
    },
    Case {
        constraint: "ck_ort_result_session",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, session, student_ref, main_score) VALUES (",
            school!(),
            ", 2020, 'spring', 'S-R2', 100)"
        ),
    },
    Case {
        constraint: "ck_ort_result_student_ref",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score) VALUES (",
            school!(),
            ", 2020, '', 100)"
        ),
    },
    Case {
        constraint: "ck_ort_result_listing",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, listing, main_score) VALUES (",
            school!(),
            ", 2020, 'S-R4', 'everyone', 100)"
        ),
    },
    Case {
        constraint: "ck_ort_result_language",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, test_language, main_score) VALUES (",
            school!(),
            ", 2020, 'S-R5', 'en', 100)"
        ),
    },
    // main_score 100 stays within the (too large) maximum, so only main_max is broken.
    Case {
        constraint: "ck_ort_result_main_max",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score, main_max) VALUES (",
            school!(),
            ", 2020, 'S-R6', 100, 1001)"
        ),
    },
    Case {
        constraint: "ck_ort_result_main_score",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score) VALUES (",
            school!(),
            ", 2020, 'S-R7', 246)"
        ),
    },
    Case {
        constraint: "ck_ort_result_state_lang_level",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score, state_lang_level) VALUES (",
            school!(),
            ", 2020, 'S-R8', 100, 'fluent')"
        ),
    },
    Case {
        constraint: "uq_ort_result",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_result (school_id, academic_year, student_ref, main_score) VALUES (",
            school!(),
            ", 2020, 'S1', 150)"
        ),
    },
    Case {
        constraint: "ck_ort_subject_score_range",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_subject_score (ort_result_id, subject_id, score, max_score) VALUES (",
            ort_result!(),
            ", ",
            maths!(),
            ", 31, 30)"
        ),
    },
    Case {
        constraint: "ck_ort_school_summary_year",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants) VALUES (",
            school!(),
            ", 2000, 10)"
        ),
    },
    Case {
        constraint: "ck_ort_school_summary_session",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, session, participants) VALUES (",
            school!(),
            ", 2021, 'spring', 10)"
        ),
    },
    Case {
        constraint: "ck_ort_school_summary_language",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, test_language, participants) VALUES (",
            school!(),
            ", 2021, 'en', 10)"
        ),
    },
    Case {
        constraint: "ck_ort_school_summary_participants",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants) VALUES (",
            school!(),
            ", 2021, -1)"
        ),
    },
    Case {
        constraint: "ck_ort_school_summary_main_max",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants, main_max) VALUES (",
            school!(),
            ", 2021, 10, 0)"
        ),
    },
    // Each score is within the maximum, but the minimum exceeds the maximum score.
    Case {
        constraint: "ck_ort_school_summary_scores",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants, max_score, min_score) VALUES (",
            school!(),
            ", 2021, 10, 100, 200)"
        ),
    },
    // A count of takers at or above the threshold needs the threshold itself.
    Case {
        constraint: "ck_ort_school_summary_threshold",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants, n_ge_threshold) VALUES (",
            school!(),
            ", 2021, 10, 5)"
        ),
    },
    Case {
        constraint: "ck_ort_school_summary_gold",
        setup: &[],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants, gold_certificates) VALUES (",
            school!(),
            ", 2021, 10, 11)"
        ),
    },
    Case {
        constraint: "uq_ort_school_summary",
        setup: &[concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants) VALUES (",
            school!(),
            ", 2020, 10)"
        )],
        bad: concat!(
            "INSERT INTO ort_school_summary (school_id, academic_year, participants) VALUES (",
            school!(),
            ", 2020, 12)"
        ),
    },
    // ── olympiads and contests ──────────────────────────────────────────────────────────
    Case {
        constraint: "ck_olympiad_kind",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad (academic_year, subject_id, kind, level) VALUES (2020, ",
            maths!(),
            ", 'regional', 'district')"
        ),
    },
    Case {
        constraint: "ck_olympiad_level",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad (academic_year, subject_id, level) VALUES (2020, ",
            maths!(),
            ", 'galactic')"
        ),
    },
    Case {
        constraint: "uq_olympiad",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad (academic_year, subject_id, kind, level) VALUES (2020, ",
            biology!(),
            ", 'republican', 'district')"
        ),
    },
    Case {
        constraint: "ck_olympiad_result_student_ref",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad_result (olympiad_id, school_id, student_ref) VALUES (",
            olympiad!(),
            ", ",
            school!(),
            ", '')"
        ),
    },
    Case {
        constraint: "ck_olympiad_result_grade",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad_result (olympiad_id, school_id, student_ref, grade) VALUES (",
            olympiad!(),
            ", ",
            school!(),
            ", 'E-2', 13)"
        ),
    },
    Case {
        constraint: "ck_olympiad_result_place",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad_result (olympiad_id, school_id, student_ref, place) VALUES (",
            olympiad!(),
            ", ",
            school!(),
            ", 'E-3', 4)"
        ),
    },
    Case {
        constraint: "ck_olympiad_result_award",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad_result (olympiad_id, school_id, student_ref, award) VALUES (",
            olympiad!(),
            ", ",
            school!(),
            ", 'E-4', 'gold')"
        ),
    },
    Case {
        constraint: "uq_olympiad_result",
        setup: &[concat!(
            "INSERT INTO olympiad_result (olympiad_id, school_id, student_ref) VALUES (",
            olympiad!(),
            ", ",
            school!(),
            ", 'E-5')"
        )],
        bad: concat!(
            "INSERT INTO olympiad_result (olympiad_id, school_id, student_ref, place) VALUES (",
            olympiad!(),
            ", ",
            school!(),
            ", 'E-5', 1)"
        ),
    },
    Case {
        constraint: "ck_olympiad_count_report_level",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad_count_report (school_id, academic_year, level, prize_count) VALUES (",
            school!(),
            ", 2021, 'galactic', 1)"
        ),
    },
    Case {
        constraint: "ck_olympiad_count_report_counts",
        setup: &[],
        bad: concat!(
            "INSERT INTO olympiad_count_report (school_id, academic_year, level, prize_count) VALUES (",
            school!(),
            ", 2021, 'oblast', -1)"
        ),
    },
    Case {
        constraint: "uq_olympiad_count_report",
        setup: &[concat!(
            "INSERT INTO olympiad_count_report (school_id, academic_year, level, prize_count) VALUES (",
            school!(),
            ", 2020, 'district', 1)"
        )],
        bad: concat!(
            "INSERT INTO olympiad_count_report (school_id, academic_year, level, prize_count) VALUES (",
            school!(),
            ", 2020, 'district', 2)"
        ),
    },
    Case {
        constraint: "ck_contest_category",
        setup: &[],
        bad: "INSERT INTO contest (academic_year, name_ky, category, level) VALUES (2020, 'C-2', 'music', 'district')",
    },
    Case {
        constraint: "ck_contest_level",
        setup: &[],
        bad: "INSERT INTO contest (academic_year, name_ky, level) VALUES (2020, 'C-3', 'galactic')",
    },
    Case {
        constraint: "uq_contest",
        setup: &[],
        bad: "INSERT INTO contest (academic_year, name_ky, category, level) VALUES (2020, 'C1', 'sport', 'district')",
    },
    Case {
        constraint: "ck_contest_result_entry_ref",
        setup: &[],
        bad: concat!(
            "INSERT INTO contest_result (contest_id, school_id, entry_ref) VALUES (",
            contest!(),
            ", ",
            school!(),
            ", '')"
        ),
    },
    Case {
        constraint: "ck_contest_result_participants",
        setup: &[],
        bad: concat!(
            "INSERT INTO contest_result (contest_id, school_id, entry_ref, participants) VALUES (",
            contest!(),
            ", ",
            school!(),
            ", 'CE-2', 0)"
        ),
    },
    Case {
        constraint: "ck_contest_result_place",
        setup: &[],
        bad: concat!(
            "INSERT INTO contest_result (contest_id, school_id, entry_ref, place) VALUES (",
            contest!(),
            ", ",
            school!(),
            ", 'CE-3', 4)"
        ),
    },
    Case {
        constraint: "ck_contest_result_award",
        setup: &[],
        bad: concat!(
            "INSERT INTO contest_result (contest_id, school_id, entry_ref, award) VALUES (",
            contest!(),
            ", ",
            school!(),
            ", 'CE-4', 'gold')"
        ),
    },
    Case {
        constraint: "uq_contest_result",
        setup: &[concat!(
            "INSERT INTO contest_result (contest_id, school_id, entry_ref) VALUES (",
            contest!(),
            ", ",
            school!(),
            ", 'CE-5')"
        )],
        bad: concat!(
            "INSERT INTO contest_result (contest_id, school_id, entry_ref, place) VALUES (",
            contest!(),
            ", ",
            school!(),
            ", 'CE-5', 2)"
        ),
    },
    // ── staff ───────────────────────────────────────────────────────────────────────────
    Case {
        constraint: "ck_teacher_ref",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher (school_id, teacher_ref) VALUES (",
            school!(),
            ", '')"
        ),
    },
    Case {
        constraint: "ck_teacher_education_level",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher (school_id, teacher_ref, education_level) VALUES (",
            school!(),
            ", 'TR-2', 'phd')"
        ),
    },
    Case {
        constraint: "ck_teacher_category",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher (school_id, teacher_ref, category) VALUES (",
            school!(),
            ", 'TR-3', 'third')"
        ),
    },
    // Each year is in range; leaving before being hired is not.
    Case {
        constraint: "ck_teacher_years",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher (school_id, teacher_ref, hired_year, left_year) VALUES (",
            school!(),
            ", 'TR-4', 2010, 2005)"
        ),
    },
    Case {
        constraint: "uq_teacher",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher (school_id, teacher_ref, category) VALUES (",
            school!(),
            ", 'TR1', 'first')"
        ),
    },
    Case {
        constraint: "ck_teacher_training_provider",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher_training (school_id, academic_year, programme_name_ky, provider, participants) VALUES (",
            school!(),
            ", 2020, 'P-2', 'youtube', 5)"
        ),
    },
    Case {
        constraint: "ck_teacher_training_hours",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher_training (school_id, academic_year, programme_name_ky, hours, participants) VALUES (",
            school!(),
            ", 2020, 'P-3', 0, 5)"
        ),
    },
    Case {
        constraint: "ck_teacher_training_participants",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher_training (school_id, academic_year, programme_name_ky, participants) VALUES (",
            school!(),
            ", 2020, 'P-4', -1)"
        ),
    },
    Case {
        constraint: "uq_teacher_training",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher_training (school_id, academic_year, programme_name_ky, provider, participants) VALUES (",
            school!(),
            ", 2020, 'P1', 'other', 7)"
        ),
    },
    Case {
        constraint: "ck_teacher_award_type",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher_award (teacher_id, award_type, year) VALUES (",
            teacher!(),
            ", 'medal', 2020)"
        ),
    },
    Case {
        constraint: "ck_teacher_award_level",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher_award (teacher_id, award_type, level, year) VALUES (",
            teacher!(),
            ", 'state_title', 'galactic', 2020)"
        ),
    },
    Case {
        constraint: "ck_teacher_award_year",
        setup: &[],
        bad: concat!(
            "INSERT INTO teacher_award (teacher_id, award_type, year) VALUES (",
            teacher!(),
            ", 'teacher_of_year', 1949)"
        ),
    },
    Case {
        constraint: "uq_teacher_award",
        setup: &[concat!(
            "INSERT INTO teacher_award (teacher_id, award_type, year) VALUES (",
            teacher!(),
            ", 'excellence_badge', 2020)"
        )],
        bad: concat!(
            "INSERT INTO teacher_award (teacher_id, award_type, level, year) VALUES (",
            teacher!(),
            ", 'excellence_badge', 'republic', 2020)"
        ),
    },
    Case {
        constraint: "ck_staff_snapshot_total",
        setup: &[],
        bad: concat!(
            "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total) VALUES (",
            school!(),
            ", 2021, -1)"
        ),
    },
    Case {
        constraint: "ck_staff_snapshot_subsets",
        setup: &[],
        bad: concat!(
            "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total, with_higher_ed) VALUES (",
            school!(),
            ", 2021, 10, 11)"
        ),
    },
    Case {
        constraint: "ck_staff_snapshot_categories",
        setup: &[],
        bad: concat!(
            "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total, category_first, category_highest) VALUES (",
            school!(),
            ", 2021, 10, 6, 5)"
        ),
    },
    Case {
        constraint: "ck_staff_snapshot_vacancies",
        setup: &[],
        bad: concat!(
            "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total, vacancies) VALUES (",
            school!(),
            ", 2021, 10, -1)"
        ),
    },
    Case {
        constraint: "ck_staff_snapshot_pct",
        setup: &[],
        bad: concat!(
            "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total, interactive_board_pct) VALUES (",
            school!(),
            ", 2021, 10, 100.5)"
        ),
    },
    Case {
        constraint: "uq_staff_snapshot",
        setup: &[concat!(
            "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total) VALUES (",
            school!(),
            ", 2020, 10)"
        )],
        bad: concat!(
            "INSERT INTO staff_snapshot (school_id, academic_year, teachers_total) VALUES (",
            school!(),
            ", 2020, 12)"
        ),
    },
    // ── conditions ──────────────────────────────────────────────────────────────────────
    Case {
        constraint: "ck_enrolment_snapshot_enrolment",
        setup: &[],
        bad: concat!(
            "INSERT INTO enrolment_snapshot (school_id, academic_year, enrolment) VALUES (",
            school!(),
            ", 2021, -1)"
        ),
    },
    Case {
        constraint: "ck_enrolment_snapshot_shifts",
        setup: &[],
        bad: concat!(
            "INSERT INTO enrolment_snapshot (school_id, academic_year, enrolment, shifts) VALUES (",
            school!(),
            ", 2021, 100, 4)"
        ),
    },
    // More first-graders than pupils.
    Case {
        constraint: "ck_enrolment_snapshot_counts",
        setup: &[],
        bad: concat!(
            "INSERT INTO enrolment_snapshot (school_id, academic_year, enrolment, first_grade_intake) VALUES (",
            school!(),
            ", 2021, 100, 101)"
        ),
    },
    Case {
        constraint: "uq_enrolment_snapshot",
        setup: &[],
        bad: concat!(
            "INSERT INTO enrolment_snapshot (school_id, academic_year, enrolment) VALUES (",
            school!(),
            ", 2020, 90)"
        ),
    },
    Case {
        constraint: "ck_enrolment_grade_grade",
        setup: &[],
        bad: concat!(
            "INSERT INTO enrolment_grade (enrolment_snapshot_id, grade, pupils) VALUES (",
            enrolment!(),
            ", 13, 10)"
        ),
    },
    Case {
        constraint: "ck_enrolment_grade_pupils",
        setup: &[],
        bad: concat!(
            "INSERT INTO enrolment_grade (enrolment_snapshot_id, grade, pupils) VALUES (",
            enrolment!(),
            ", 0, -1)"
        ),
    },
    Case {
        constraint: "ck_infrastructure_snapshot_nonnegative",
        setup: &[],
        bad: concat!(
            "INSERT INTO infrastructure_snapshot (school_id, academic_year, classrooms, sport_hall_area_m2) VALUES (",
            school!(),
            ", 2021, 20, -0.5)"
        ),
    },
    Case {
        constraint: "uq_infrastructure_snapshot",
        setup: &[concat!(
            "INSERT INTO infrastructure_snapshot (school_id, academic_year, classrooms) VALUES (",
            school!(),
            ", 2020, 20)"
        )],
        bad: concat!(
            "INSERT INTO infrastructure_snapshot (school_id, academic_year, classrooms) VALUES (",
            school!(),
            ", 2020, 21)"
        ),
    },
    Case {
        constraint: "ck_textbook_provision_band",
        setup: &[],
        bad: concat!(
            "INSERT INTO textbook_provision (school_id, academic_year, grade_band, provision_pct) VALUES (",
            school!(),
            ", 2021, '1-3', 90)"
        ),
    },
    Case {
        constraint: "ck_textbook_provision_counts",
        setup: &[],
        bad: concat!(
            "INSERT INTO textbook_provision (school_id, academic_year, required, available) VALUES (",
            school!(),
            ", 2021, 0, 5)"
        ),
    },
    Case {
        constraint: "ck_textbook_provision_pct",
        setup: &[],
        bad: concat!(
            "INSERT INTO textbook_provision (school_id, academic_year, provision_pct) VALUES (",
            school!(),
            ", 2021, 101)"
        ),
    },
    // Neither counts nor a percentage: nothing was reported.
    Case {
        constraint: "ck_textbook_provision_present",
        setup: &[],
        bad: concat!(
            "INSERT INTO textbook_provision (school_id, academic_year, required) VALUES (",
            school!(),
            ", 2021, 50)"
        ),
    },
    Case {
        constraint: "uq_textbook_provision",
        setup: &[concat!(
            "INSERT INTO textbook_provision (school_id, academic_year, provision_pct) VALUES (",
            school!(),
            ", 2020, 90)"
        )],
        bad: concat!(
            "INSERT INTO textbook_provision (school_id, academic_year, grade_band, required, available) VALUES (",
            school!(),
            ", 2020, 'all', 100, 90)"
        ),
    },
    Case {
        constraint: "ck_survey_audience",
        setup: &[],
        bad: concat!(
            "INSERT INTO survey (school_id, academic_year, audience, respondents, satisfied) VALUES (",
            school!(),
            ", 2021, 'alumni', 10, 5)"
        ),
    },
    Case {
        constraint: "ck_survey_counts",
        setup: &[],
        bad: concat!(
            "INSERT INTO survey (school_id, academic_year, audience, respondents, satisfied) VALUES (",
            school!(),
            ", 2021, 'parents', 10, 11)"
        ),
    },
    // ── trend job bookkeeping and output ────────────────────────────────────────────────
    Case {
        constraint: "ck_job_run_trigger",
        setup: &[],
        bad: "INSERT INTO job_run (job, run_trigger, mode, started_at, status) VALUES ('trends', 'whim', 'full', '2026-11-28T00:00:00Z', 'running')",
    },
    Case {
        constraint: "ck_job_run_mode",
        setup: &[],
        bad: "INSERT INTO job_run (job, run_trigger, mode, started_at, status) VALUES ('trends', 'manual', 'partial', '2026-11-28T00:00:00Z', 'running')",
    },
    Case {
        constraint: "ck_job_run_status",
        setup: &[],
        bad: "INSERT INTO job_run (job, run_trigger, mode, started_at, status) VALUES ('trends', 'manual', 'full', '2026-11-28T00:00:00Z', 'paused')",
    },
    Case {
        constraint: "ck_job_run_rows",
        setup: &[],
        bad: "INSERT INTO job_run (job, run_trigger, mode, started_at, status, rows_read) VALUES ('trends', 'manual', 'full', '2026-11-28T00:00:00Z', 'running', -1)",
    },
    Case {
        constraint: "ck_trend_generation_status",
        setup: &[],
        bad: "INSERT INTO trend_generation (run_id, status, created_at) VALUES (1, 'draft', '2026-11-28T00:00:00Z')",
    },
    Case {
        constraint: "ck_published_generation_singleton",
        setup: &[
            "INSERT INTO trend_generation (id, run_id, status, created_at) VALUES (9001, 1, 'staging', '2026-11-28T00:00:00Z')",
        ],
        bad: "INSERT INTO published_generation (id, generation_id, published_at) VALUES (2, 9001, '2026-11-28T00:00:00Z')",
    },
    Case {
        constraint: "ck_indicator_value_kind",
        setup: &[
            "INSERT INTO trend_generation (id, run_id, status, created_at) VALUES (9002, 1, 'staging', '2026-11-28T00:00:00Z')",
        ],
        bad: "INSERT INTO indicator_value (generation_id, entity_kind, entity_id, indicator, year, source) VALUES (9002, 'village', 1, 'enrolment', 2021, 'RAW')",
    },
    Case {
        constraint: "ck_indicator_value_source",
        setup: &[
            "INSERT INTO trend_generation (id, run_id, status, created_at) VALUES (9003, 1, 'staging', '2026-11-28T00:00:00Z')",
        ],
        bad: "INSERT INTO indicator_value (generation_id, entity_kind, entity_id, indicator, year, source) VALUES (9003, 'school', 1, 'enrolment', 2021, 'GUESS')",
    },
    Case {
        constraint: "ck_indicator_trend_direction",
        setup: &[
            "INSERT INTO trend_generation (id, run_id, status, created_at) VALUES (9004, 1, 'staging', '2026-11-28T00:00:00Z')",
        ],
        bad: "INSERT INTO indicator_trend (generation_id, entity_kind, entity_id, indicator, window_first, window_last, n_points, direction) VALUES (9004, 'school', 1, 'enrolment', 2017, 2021, 5, 'SIDEWAYS')",
    },
    // ── api_token, audit_log (access control) ───────────────────────────────────────────
    Case {
        constraint: "ck_api_token_role",
        setup: &[],
        bad: "INSERT INTO api_token (name, role, secret_hash, created_at) VALUES ('t', 'root', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '2026-11-28T00:00:00Z')",
    },
    Case {
        constraint: "ck_api_token_scope",
        setup: &[],
        bad: concat!(
            "INSERT INTO api_token (name, role, district_id, secret_hash, created_at) VALUES ('t', 'admin', ",
            district!(),
            ", 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '2026-11-28T00:00:00Z')"
        ),
    },
    Case {
        constraint: "ck_api_token_name",
        setup: &[],
        bad: "INSERT INTO api_token (name, role, secret_hash, created_at) VALUES ('', 'admin', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '2026-11-28T00:00:00Z')",
    },
    Case {
        constraint: "ck_api_token_hash",
        setup: &[],
        bad: "INSERT INTO api_token (name, role, secret_hash, created_at) VALUES ('t', 'admin', 'abc', '2026-11-28T00:00:00Z')",
    },
    Case {
        constraint: "ck_audit_log_role",
        setup: &[],
        bad: "INSERT INTO audit_log (at, role, operation, entity, natural_key) VALUES ('2026-11-28T00:00:00Z', 'guest', 'upsert', 'school', 'T1')",
    },
    // ── data_change (change watermarks) ─────────────────────────────────────────────────
    Case {
        constraint: "ck_data_change_rows",
        setup: &[],
        bad: "INSERT INTO data_change (fact_table, academic_year, changed_at, rows_changed) \
              VALUES ('mark_summary', 2021, '2026-11-28T00:00:00Z', -1)",
    },
    Case {
        constraint: "uq_survey",
        setup: &[concat!(
            "INSERT INTO survey (school_id, academic_year, audience, respondents, satisfied) VALUES (",
            school!(),
            ", 2020, 'pupils', 10, 5)"
        )],
        bad: concat!(
            "INSERT INTO survey (school_id, academic_year, audience, respondents, satisfied) VALUES (",
            school!(),
            ", 2020, 'pupils', 12, 6)"
        ),
    },
    // ── accreditation ───────────────────────────────────────────────────────────────────
    Case {
        constraint: "ck_accreditation_type",
        setup: &[],
        bad: concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision) VALUES (",
            school!(),
            ", 'national', 2021, 'full_5y')"
        ),
    },
    Case {
        constraint: "ck_accreditation_decision_year",
        setup: &[],
        bad: concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision) VALUES (",
            school!(),
            ", 'institutional', 1999, 'full_5y')"
        ),
    },
    Case {
        constraint: "ck_accreditation_decision",
        setup: &[],
        bad: concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision) VALUES (",
            school!(),
            ", 'institutional', 2021, 'maybe')"
        ),
    },
    // A refusal carries no certificate.
    Case {
        constraint: "ck_accreditation_validity",
        setup: &[],
        bad: concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision, certificate_no) VALUES (",
            school!(),
            ", 'institutional', 2021, 'refused', 'CERT-X')"
        ),
    },
    Case {
        constraint: "uq_accreditation",
        setup: &[concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision, certificate_no) VALUES (",
            school!(),
            ", 'institutional', 2020, 'full_5y', 'CERT-1')"
        )],
        bad: concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision, certificate_no) VALUES (",
            school!(),
            ", 'institutional', 2020, 'conditional_1y', 'CERT-2')"
        ),
    },
    Case {
        constraint: "uq_accreditation_certificate",
        setup: &[concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision, certificate_no) VALUES (",
            school!(),
            ", 'institutional', 2018, 'full_5y', 'CERT-3')"
        )],
        bad: concat!(
            "INSERT INTO accreditation (school_id, accreditation_type, decision_year, decision, certificate_no) VALUES (",
            school!(),
            ", 'programmatic', 2018, 'full_5y', 'CERT-3')"
        ),
    },
    Case {
        constraint: "ck_self_assessment_report_type",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_report (school_id, academic_year, accreditation_type) VALUES (",
            school!(),
            ", 2021, 'national')"
        ),
    },
    Case {
        constraint: "uq_self_assessment_report",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_report (school_id, academic_year, accreditation_type, conclusion) VALUES (",
            school!(),
            ", 2020, 'programmatic', 'again')"
        ),
    },
    Case {
        constraint: "ck_self_assessment_member_ref",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_member (report_id, member_ref, role_ky) VALUES (",
            report!(),
            ", '', 'x')"
        ),
    },
    Case {
        constraint: "uq_self_assessment_member",
        setup: &[concat!(
            "INSERT INTO self_assessment_member (report_id, member_ref, role_ky) VALUES (",
            report!(),
            ", 'M1', 'x')"
        )],
        bad: concat!(
            "INSERT INTO self_assessment_member (report_id, member_ref, role_ky) VALUES (",
            report!(),
            ", 'M1', 'y')"
        ),
    },
    // Code 5.1 agrees with standard 5, so only the standard's range is broken.
    Case {
        constraint: "ck_self_assessment_criterion_standard",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_criterion (report_id, standard, code, title_ky) VALUES (",
            report!(),
            ", 5, '5.1', 'x')"
        ),
    },
    // Code 2.1 under standard 1.
    Case {
        constraint: "ck_self_assessment_criterion_code",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_criterion (report_id, standard, code, title_ky) VALUES (",
            report!(),
            ", 1, '2.1', 'x')"
        ),
    },
    Case {
        constraint: "uq_self_assessment_criterion",
        setup: &[concat!(
            "INSERT INTO self_assessment_criterion (report_id, standard, code, title_ky) VALUES (",
            report!(),
            ", 1, '1.1', 'x')"
        )],
        bad: concat!(
            "INSERT INTO self_assessment_criterion (report_id, standard, code, title_ky) VALUES (",
            report!(),
            ", 1, '1.1', 'y')"
        ),
    },
    Case {
        constraint: "ck_self_assessment_point_standard",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_point (report_id, standard, kind, position, text_ky) VALUES (",
            report!(),
            ", 0, 'strength', 1, 'x')"
        ),
    },
    Case {
        constraint: "ck_self_assessment_point_kind",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_point (report_id, standard, kind, position, text_ky) VALUES (",
            report!(),
            ", 1, 'neutral', 1, 'x')"
        ),
    },
    Case {
        constraint: "ck_self_assessment_point_position",
        setup: &[],
        bad: concat!(
            "INSERT INTO self_assessment_point (report_id, standard, kind, position, text_ky) VALUES (",
            report!(),
            ", 1, 'weakness', 0, 'x')"
        ),
    },
    Case {
        constraint: "uq_self_assessment_point",
        setup: &[concat!(
            "INSERT INTO self_assessment_point (report_id, standard, kind, position, text_ky) VALUES (",
            report!(),
            ", 2, 'strength', 1, 'x')"
        )],
        bad: concat!(
            "INSERT INTO self_assessment_point (report_id, standard, kind, position, text_ky) VALUES (",
            report!(),
            ", 2, 'strength', 1, 'y')"
        ),
    },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_check_and_unique_rule_rejects_its_bad_row() {
    // Arrange
    let t = TestDb::new().await;
    for year in [2020, 2021] {
        domain::year::ensure(&t.db, year)
            .await
            .expect("academic year");
    }
    for sql in BASE {
        t.exec(sql).await;
    }

    // Act
    let mut failures = Vec::new();
    for case in CASES {
        let expected = case.constraint;
        if let Some((sql, e)) = run_setup(&t, case).await {
            failures.push(format!("{}: setup failed: {e}\n    {sql}", case.constraint));
            continue;
        }
        match t.db.execute_unprepared(case.bad).await {
            Ok(_) => failures.push(format!(
                "{}: the bad row was accepted\n    {}",
                case.constraint, case.bad
            )),
            Err(e) => match domain::db::classify(&t.db, e).await {
                Error::Constraint { constraint, .. } if constraint == expected => {}
                other => failures.push(format!(
                    "{}: expected `{expected}`, got: {other:?}",
                    case.constraint
                )),
            },
        }
    }

    // Assert
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n  {}",
        failures.len(),
        CASES.len(),
        failures.join("\n  ")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_named_rule_has_a_case() {
    // Arrange
    let t = TestDb::new().await;
    let in_schema = named_rules(&t).await;
    let mut in_cases = BTreeSet::new();
    let duplicates: Vec<&str> = CASES
        .iter()
        .map(|c| c.constraint)
        .filter(|name| !in_cases.insert(*name))
        .collect();

    // Act
    let untested: Vec<&String> = in_schema
        .iter()
        .filter(|n| !in_cases.contains(n.as_str()))
        .collect();
    let unknown: Vec<&&str> = in_cases
        .iter()
        .filter(|n| !in_schema.contains(**n))
        .collect();

    // Assert
    assert!(
        in_schema.len() > 100,
        "the catalog query found only {in_schema:?}"
    );
    assert!(untested.is_empty(), "rules without a case: {untested:?}");
    assert!(
        unknown.is_empty(),
        "cases for rules not in the schema: {unknown:?}"
    );
    assert!(
        duplicates.is_empty(),
        "rules with more than one case: {duplicates:?}"
    );
}

/// Runs a case's setup; on failure returns the statement and its error.
async fn run_setup(t: &TestDb, case: &Case) -> Option<(&'static str, sea_orm::DbErr)> {
    for sql in case.setup {
        if let Err(e) = t.db.execute_unprepared(sql).await {
            return Some((sql, e));
        }
    }
    None
}

/// Every `ck_*` CHECK constraint and `uq_*` unique index, read from the database catalog.
async fn named_rules(t: &TestDb) -> BTreeSet<String> {
    let (postgres, sqlite) = (
        [
            "SELECT CAST(conname AS TEXT) AS name FROM pg_constraint \
             WHERE contype = 'c' AND conname LIKE 'ck\\_%'",
            "SELECT CAST(indexname AS TEXT) AS name FROM pg_indexes \
             WHERE schemaname = 'public' AND indexname LIKE 'uq\\_%'",
        ],
        ["SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'uq\\_%' ESCAPE '\\'"],
    );
    let mut names: BTreeSet<String> = BTreeSet::new();
    let queries: &[&str] = if t.is_postgres() { &postgres } else { &sqlite };
    for sql in queries {
        names.extend(column(t, sql, "name").await);
    }
    if !t.is_postgres() {
        for table_sql in column(
            t,
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL",
            "sql",
        )
        .await
        {
            names.extend(check_names(&table_sql));
        }
    }
    names
}

async fn column(t: &TestDb, sql: &str, name: &str) -> Vec<String> {
    let rows =
        t.db.query_all_raw(Statement::from_string(t.db.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}\n→ {e}"));
    rows.iter()
        .map(|row| row.try_get::<String>("", name).expect("text column"))
        .collect()
}

/// The `ck_…` names in `CONSTRAINT ck_… CHECK` clauses of one CREATE TABLE statement.
fn check_names(create_table: &str) -> Vec<String> {
    create_table
        .split("CONSTRAINT")
        .skip(1)
        .filter_map(|rest| {
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            name.starts_with("ck_").then_some(name)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_primary_keys_are_named_alike_on_both_databases() {
    // Arrange
    let t = TestDb::new().await;
    domain::year::ensure(&t.db, 2020).await.unwrap();
    t.exec(concat!(
        "INSERT INTO school (district_id, code, name_ky, name_ru, name_search, ownership, school_type) ",
        "VALUES ((SELECT id FROM district WHERE code = 'KG-O-UZG'), 'PK1', 'а', 'а', 'а', 'state', 'general')"
    ))
    .await;
    t.exec("INSERT INTO school_language (school_id, language) VALUES ((SELECT id FROM school WHERE code = 'PK1'), 'ky')")
        .await;

    // Act + Assert: a composite key and an integer key.
    for (bad, expected) in [
        (
            "INSERT INTO school_language (school_id, language) VALUES ((SELECT id FROM school WHERE code = 'PK1'), 'ky')",
            "school_language_pkey",
        ),
        (
            "INSERT INTO academic_year (start_year, label) VALUES (2020, '2020-2021')",
            "academic_year_pkey",
        ),
    ] {
        let err = t.db.execute_unprepared(bad).await.unwrap_err();
        let err = domain::db::classify(&t.db, err).await;
        assert!(
            matches!(&err, domain::Error::Constraint { constraint, .. } if constraint == expected),
            "{bad}: {err:?}"
        );
    }
}
