//! Cases of the rules of the first tables of the schema (reference data, schools, classes,
//! marks, ORT, olympiads).

use super::Case;

pub(super) const CASES: &[Case] = &[
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
];
