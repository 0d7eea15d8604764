//! Cases of the rules of the remaining tables.

use super::Case;

pub(super) const CASES: &[Case] = &[
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
    Case {
        constraint: "ck_admin_control_association",
        setup: &[],
        bad: concat!(
            "INSERT INTO admin_control (class_group_id, subject_id, association_ky) VALUES (",
            class_group!(),
            ", ",
            biology!(),
            ", '')"
        ),
    },
    Case {
        constraint: "ck_admin_control_recommendations",
        setup: &[],
        bad: concat!(
            "INSERT INTO admin_control (class_group_id, subject_id, recommendations) VALUES (",
            class_group!(),
            ", ",
            biology!(),
            ", '')"
        ),
    },
    Case {
        constraint: "uq_admin_control",
        setup: &[concat!(
            "INSERT INTO admin_control (class_group_id, subject_id) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ")"
        )],
        bad: concat!(
            "INSERT INTO admin_control (class_group_id, subject_id, teacher_id) VALUES (",
            class_group!(),
            ", ",
            maths!(),
            ", ",
            teacher!(),
            ")"
        ),
    },
];
