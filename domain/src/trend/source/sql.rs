//! The SQL of every read the trend job makes, in one place: the readers of `super` run it
//! with the year as a parameter, and [`run_reads`] lists the same statements with the year
//! bound, which `sapat jobs sources` prints as the benchmark's bare-extraction baseline
//! (`bench/trends.sh`): the baseline extracts exactly the rows a full run reads, and cannot
//! drift from it. A new reader takes its SQL from here and is listed in [`year_reads`] or
//! [`run_reads`] (the test `trend_sources::extraction_reads_what_the_job_reads` compares them).
//!
//! Every `?` is the academic year, except in [`TEACHER_REGISTER`] (first, last).

/// Period-mark counts per school, grade, subject and period (`super::subject_marks`): the
/// annual ones, and with `with_periods` the quarters' and half-years' too.
pub fn subject_marks(with_periods: bool) -> String {
    // Through `ix_mark_summary_period` (period_id, assessment_kind), as the annual read was.
    let kinds = if with_periods {
        ""
    } else {
        " AND kind = 'year'"
    };
    format!(
        "SELECT cg.school_id, cg.grade, ms.subject_id, ms.period_id, \
        CAST(SUM(ms.n5) AS INTEGER) AS n5, CAST(SUM(ms.n4) AS INTEGER) AS n4, CAST(SUM(ms.n3) AS INTEGER) AS n3, \
        CAST(SUM(ms.n2) AS INTEGER) AS n2, CAST(SUM(ms.n1) AS INTEGER) AS n1, CAST(SUM(ms.n_na) AS INTEGER) AS n_na, \
        CAST(SUM(ms.n_exempt) AS INTEGER) AS n_exempt, CAST(SUM(ms.n_enrolled) AS INTEGER) AS n_enrolled, \
        CAST(COUNT(*) AS INTEGER) AS n_rows \
        FROM mark_summary ms JOIN class_group cg ON cg.id = ms.class_group_id \
        WHERE ms.period_id IN (SELECT id FROM period WHERE academic_year = ?{kinds}) \
        AND ms.assessment_kind = 'period_marks' \
        GROUP BY cg.school_id, cg.grade, ms.subject_id, ms.period_id ORDER BY 1, 2, 3, 4"
    )
}

pub const PERIODS: &str = "SELECT id, kind, idx FROM period WHERE academic_year = ? ORDER BY id";

pub const SUBJECT_CODES: &str = "SELECT id, code FROM subject ORDER BY id";

pub const SCHOOLS_WITH_FACTS: &str = "SELECT f.y AS year, CAST(COUNT(*) AS INTEGER) AS schools FROM ( \
    SELECT cg.academic_year AS y, cg.school_id AS s FROM class_group cg \
    WHERE EXISTS (SELECT 1 FROM mark_summary ms WHERE ms.class_group_id = cg.id) \
    UNION SELECT cg.academic_year, cg.school_id FROM class_group cg \
    WHERE EXISTS (SELECT 1 FROM class_outcome co WHERE co.class_group_id = cg.id) \
    UNION SELECT p.academic_year, ri.school_id FROM reported_indicator ri JOIN period p ON p.id = ri.period_id \
    UNION SELECT academic_year, school_id FROM ort_result \
    UNION SELECT academic_year, school_id FROM ort_school_summary \
    UNION SELECT academic_year, school_id FROM olympiad_count_report \
    UNION SELECT o.academic_year, r.school_id FROM olympiad_result r JOIN olympiad o ON o.id = r.olympiad_id \
    UNION SELECT academic_year, school_id FROM survey \
    UNION SELECT academic_year, school_id FROM staff_snapshot \
    UNION SELECT academic_year, school_id FROM teacher_training \
    UNION SELECT academic_year, school_id FROM enrolment_snapshot \
    UNION SELECT academic_year, school_id FROM infrastructure_snapshot \
    UNION SELECT academic_year, school_id FROM textbook_provision \
    ) f GROUP BY f.y ORDER BY f.y";

pub const GEO: &str = "SELECT s.id AS school_id, s.district_id, d.region_id, s.design_capacity, \
    (SELECT e.enrolment FROM enrolment_snapshot e WHERE e.school_id = s.id \
    ORDER BY e.academic_year DESC LIMIT 1) AS latest_enrolment, \
    (SELECT sl.language FROM school_language sl WHERE sl.school_id = s.id ORDER BY CASE sl.language \
    WHEN 'ky' THEN 1 WHEN 'ru' THEN 2 WHEN 'uz' THEN 3 WHEN 'tj' THEN 4 ELSE 5 END LIMIT 1) AS main_language \
    FROM school s JOIN district d ON d.id = s.district_id ORDER BY s.id";

pub const ASSESSMENT_MARKS: &str = "SELECT cg.school_id, cg.grade, p.kind AS period_kind, p.idx AS period_idx, ms.assessment_kind, \
    CAST(SUM(ms.n5) AS BIGINT) AS n5, CAST(SUM(ms.n4) AS BIGINT) AS n4, CAST(SUM(ms.n3) AS BIGINT) AS n3, \
    CAST(SUM(ms.n2) AS BIGINT) AS n2, CAST(SUM(ms.n1) AS BIGINT) AS n1, CAST(SUM(ms.n_na) AS BIGINT) AS n_na, \
    CAST(SUM(ms.n_exempt) AS BIGINT) AS n_exempt, CAST(SUM(ms.n_enrolled) AS BIGINT) AS n_enrolled, \
    CAST(COUNT(*) AS BIGINT) AS n_rows \
    FROM mark_summary ms JOIN period p ON p.id = ms.period_id JOIN class_group cg ON cg.id = ms.class_group_id \
    WHERE ms.period_id IN (SELECT id FROM period WHERE academic_year = ?) \
    AND ms.assessment_kind IN ('admin_control', 'final_attestation', 'minimum_requirement') \
    GROUP BY cg.school_id, cg.grade, p.kind, p.idx, ms.assessment_kind ORDER BY 1, 2, 3, 4, 5";

pub const CLASS_OUTCOMES: &str = "SELECT cg.school_id, cg.grade, \
    CAST(SUM(co.n_all_5) AS BIGINT) AS n_all_5, CAST(SUM(co.n_4_5) AS BIGINT) AS n_4_5, \
    CAST(SUM(co.n_with_3) AS BIGINT) AS n_with_3, CAST(SUM(co.n_with_2) AS BIGINT) AS n_with_2, \
    CAST(SUM(co.n_na) AS BIGINT) AS n_na, CAST(SUM(co.n_exempt) AS BIGINT) AS n_exempt, \
    CAST(SUM(co.n_enrolled) AS BIGINT) AS n_enrolled, CAST(COUNT(*) AS BIGINT) AS n_rows \
    FROM class_outcome co JOIN class_group cg ON cg.id = co.class_group_id \
    WHERE co.period_id IN (SELECT id FROM period WHERE academic_year = ? AND kind = 'year') \
    GROUP BY cg.school_id, cg.grade ORDER BY 1, 2";

pub const MARKED_GRADES: &str =
    "SELECT marked_grade_min, marked_grade_max FROM academic_year WHERE start_year = ?";

pub const REPORTED: &str = "SELECT ri.school_id, ri.indicator, ri.value FROM reported_indicator ri \
    JOIN period p ON p.id = ri.period_id \
    WHERE p.academic_year = ? AND p.kind = 'year' AND ri.scope = 'school' \
    ORDER BY ri.school_id, ri.indicator";

pub const ORT_RESULTS: &str = "SELECT school_id, listing, session, main_score, gold_certificate, test_language FROM ort_result \
    WHERE academic_year = ? ORDER BY school_id, session, student_ref";

pub const ORT_SUMMARIES: &str = "SELECT school_id, session, test_language, participants, mean_score, median_score, \
    max_score, threshold, n_ge_threshold, gold_certificates FROM ort_school_summary \
    WHERE academic_year = ? ORDER BY school_id, session, test_language";

pub const ORT_THRESHOLD: &str = "SELECT main_min FROM ort_threshold WHERE academic_year = ? AND admission_type = 'grant' \
    ORDER BY CASE WHEN programme_group = 'general' THEN 0 ELSE 1 END, main_min LIMIT 1";

pub const ORT_SUBJECT_THRESHOLD: &str = "SELECT subject_min FROM ort_threshold WHERE academic_year = ? AND admission_type = 'grant' \
    AND subject_min IS NOT NULL \
    ORDER BY CASE WHEN programme_group = 'general' THEN 0 ELSE 1 END, subject_min LIMIT 1";

pub const ORT_SUBJECT_SCORES: &str = "SELECT r.school_id, r.listing, r.session, s.score FROM ort_subject_score s \
    JOIN ort_result r ON r.id = s.ort_result_id WHERE r.academic_year = ? \
    ORDER BY r.school_id, r.session, r.student_ref, s.subject_id";

pub const OLYMPIAD_RESULTS: &str = "SELECT r.school_id, o.level, r.place, r.award, CAST(COUNT(*) AS BIGINT) AS results \
    FROM olympiad_result r JOIN olympiad o ON o.id = r.olympiad_id WHERE o.academic_year = ? \
    GROUP BY r.school_id, o.level, r.place, r.award ORDER BY 1, 2, 3, 4";

pub const SURVEYS: &str = "SELECT school_id, audience, respondents, satisfied FROM survey \
    WHERE academic_year = ? ORDER BY school_id, audience";

pub const TEACHER_REGISTER: &str = "SELECT a.start_year AS year, t.school_id, MAX(tt.academic_year) AS last_training_year \
    FROM academic_year a \
    JOIN teacher t ON (t.hired_year IS NULL OR t.hired_year <= a.start_year) \
    AND (t.left_year IS NULL OR t.left_year > a.start_year) \
    LEFT JOIN teacher_training_attendance ta ON ta.teacher_id = t.id \
    LEFT JOIN teacher_training tt ON tt.id = ta.teacher_training_id AND tt.academic_year <= a.start_year \
    WHERE a.start_year BETWEEN ? AND ? \
    GROUP BY a.start_year, t.school_id, t.id ORDER BY 1, 2, t.id";

pub const OLYMPIAD_COUNTS: &str = "SELECT school_id, level, prize_count FROM olympiad_count_report \
    WHERE academic_year = ? ORDER BY school_id, level";

pub const STAFF: &str = "SELECT school_id, teachers_total, with_higher_ed, with_award_excellence, trained_last_5y \
    FROM staff_snapshot WHERE academic_year = ? ORDER BY school_id";

pub const TRAINING: &str = "SELECT school_id, hours, participants FROM teacher_training \
    WHERE academic_year = ? ORDER BY school_id, programme_name_ky, provider";

pub const ENROLMENT: &str = "SELECT e.school_id, e.enrolment, e.left_mid_year, e.leavers_after_grade9, \
    (SELECT g.pupils FROM enrolment_snapshot p JOIN enrolment_grade g \
    ON g.enrolment_snapshot_id = p.id AND g.grade = 9 \
    WHERE p.school_id = e.school_id AND p.academic_year = e.academic_year - 1) AS grade9_year_before \
    FROM enrolment_snapshot e WHERE e.academic_year = ? ORDER BY e.school_id";

pub const INFRASTRUCTURE: &str = "SELECT school_id, computers FROM infrastructure_snapshot WHERE academic_year = ? ORDER BY school_id";

pub const TEXTBOOKS: &str = "SELECT school_id, grade_band, required, available, provision_pct FROM textbook_provision \
    WHERE academic_year = ? ORDER BY school_id, grade_band";

/// One read of the job with its parameters bound as literals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The reader in `super` that runs it (`subject_marks`, `geo`, …).
    pub name: &'static str,
    /// The academic year it reads, for the per-year reads.
    pub year: Option<i32>,
    pub sql: String,
}

/// `sql` with its `?` replaced by `values` in order (integers, so nothing to quote; no
/// statement here has a `?` inside a string literal).
fn bind(sql: &str, values: &[i32]) -> String {
    let mut values = values.iter().cycle();
    sql.chars()
        .map(|c| match c {
            '?' => values.next().map_or_else(String::new, i32::to_string),
            c => c.to_string(),
        })
        .collect()
}

/// The reads of one academic year, in the order `super::read_year` makes them.
pub fn year_reads(year: i32, with_periods: bool) -> Vec<Read> {
    let read = |name: &'static str, sql: &str| Read {
        name,
        year: Some(year),
        sql: bind(sql, &[year]),
    };
    vec![
        read("subject_marks", subject_marks(with_periods).as_str()),
        read("periods", PERIODS),
        read("assessment_marks", ASSESSMENT_MARKS),
        read("subject_codes", SUBJECT_CODES),
        read("class_outcomes", CLASS_OUTCOMES),
        read("marked_grades", MARKED_GRADES),
        read("reported", REPORTED),
        read("ort_results", ORT_RESULTS),
        read("ort_summaries", ORT_SUMMARIES),
        read("ort_threshold", ORT_THRESHOLD),
        read("ort_subject_threshold", ORT_SUBJECT_THRESHOLD),
        read("ort_subject_scores", ORT_SUBJECT_SCORES),
        read("olympiad_counts", OLYMPIAD_COUNTS),
        read("olympiad_results", OLYMPIAD_RESULTS),
        read("surveys", SURVEYS),
        read("staff", STAFF),
        read("training", TRAINING),
        read("enrolment", ENROLMENT),
        read("infrastructure", INFRASTRUCTURE),
        read("textbooks", TEXTBOOKS),
    ]
}

/// Every read of a full run over `years` (ascending) with the trend window `first..=last`,
/// in the job's order: the coverage of every year, the geography, the teacher register of
/// the window, then each year's facts (the quarters and half-years from `last` on, as
/// `jobs::trends` reads them).
pub fn run_reads(years: &[i32], first: i32, last: i32) -> Vec<Read> {
    let whole = |name: &'static str, sql: String| Read {
        name,
        year: None,
        sql,
    };
    let mut reads = vec![
        whole("schools_with_facts", SCHOOLS_WITH_FACTS.to_owned()),
        whole("geo", GEO.to_owned()),
        whole("teacher_register", bind(TEACHER_REGISTER, &[first, last])),
    ];
    for &year in years {
        reads.extend(year_reads(year, year >= last));
    }
    reads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_every_parameter() {
        assert_eq!(
            bind("a = ? AND b = ?", &[2019, 2021]),
            "a = 2019 AND b = 2021"
        );
        assert_eq!(bind("a = ? OR a = ?", &[2020]), "a = 2020 OR a = 2020");
        for r in run_reads(&[2019, 2020], 2019, 2020) {
            assert!(!r.sql.contains('?'), "{}: {}", r.name, r.sql);
        }
    }

    #[test]
    fn quarters_only_from_the_last_year() {
        let reads = run_reads(&[2019, 2020, 2021], 2019, 2020);
        let marks: Vec<(Option<i32>, bool)> = reads
            .iter()
            .filter(|r| r.name == "subject_marks")
            .map(|r| (r.year, r.sql.contains("kind = 'year'")))
            .collect();
        assert_eq!(
            marks,
            [(Some(2019), true), (Some(2020), false), (Some(2021), false)]
        );
    }
}
