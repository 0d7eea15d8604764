//! Imports: one filled row of every fact kind, under its template's header.

use domain::import::{ImportKind, template};

/// One filled row per kind, under the template's own header (the first line it writes).
pub fn sample(kind: ImportKind) -> (&'static str, &'static str) {
    match kind {
        ImportKind::Schools => (
            "school",
            "school_code=KG-O-UZG-046;district=Өзгөн району;school_number=46;name_ky=Ынтымак орто мектеби;name_ru=Средняя школа «Ынтымак»;ownership=муниципалдык;school_type=general;languages=кыргыз, орус;design_capacity=320",
        ),
        ImportKind::MarkSummaries => (
            "mark_summary",
            "school_code=KG-O-UZG-045;academic_year=2021-2022-о.ж.;grade=9;class_letter=А;subject=mathematics;period=жылдык;n5=4;n4=9;n3=10;n2=1;n_na=1;n_enrolled=25",
        ),
        ImportKind::ClassOutcomes => (
            "class_outcome",
            "school_code=KG-O-UZG-045;academic_year=2021-2022;grade=9;class_letter=А;period=year;n_all_5=2;n_4_5=8;n_with_3=12;n_with_2=2;n_enrolled=25",
        ),
        ImportKind::ReportedIndicators => (
            "reported_indicator",
            "district=KG-O-UZG;school_number=45;academic_year=2022-2023;indicator=жетишүү;value=96,5",
        ),
        ImportKind::OrtResults => (
            "ort_result",
            "school_code=KG-O-UZG-045;academic_year=2021-2022;student_ref=S9;main_score=151;test_language=кыргыз",
        ),
        ImportKind::OrtSummaries => (
            "ort_school_summary",
            "school_code=KG-O-UZG-045;academic_year=2021-2022;participants=31;mean_score=118,4;max_score=151;min_score=71;threshold=110;n_ge_threshold=19",
        ),
        ImportKind::OlympiadResults => (
            "olympiad_result",
            "school_code=KG-O-UZG-045;academic_year=2020-2021-о.ж.;subject=Биология;level=облустук;student_ref=O-21-7;grade=10;place=2;advanced_to_next=ооба",
        ),
        ImportKind::ContestResults => (
            "contest_result",
            "school_code=KG-O-UZG-045;academic_year=2021-2022;contest_name_ky=манас  таануу;contest_name_ru=Манасоведение;level=райондук;entry_ref=T2021-B;participants=3;place=1;award=1-даражадагы диплом",
        ),
        ImportKind::OlympiadCounts => (
            "olympiad_count_report",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;level=райондук;prize_count=-",
        ),
        ImportKind::Teachers => (
            "teacher",
            "school_code=KG-O-UZG-045;teacher_ref=T-07;main_subject=Математика;education_level=жогорку;category=first;hired_year=2012",
        ),
        ImportKind::Training => (
            "teacher_training",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;programme_name_ky=Сынчыл ойлом;provider=ОМБӨИ;hours=72;participants=3",
        ),
        ImportKind::StaffSnapshots => (
            "staff_snapshot",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;teachers_total=34;with_higher_ed=26;trained_this_year=4",
        ),
        ImportKind::EnrolmentSnapshots => (
            "enrolment_snapshot",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;enrolment=590;shifts=2",
        ),
        ImportKind::InfrastructureSnapshots => (
            "infrastructure_snapshot",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;classrooms=19;computers=20;sport_hall_area_m2=270,25",
        ),
        ImportKind::TextbookProvision => (
            "textbook_provision",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;provision_pct=91,78%",
        ),
        ImportKind::Surveys => (
            "survey",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;audience=ата-энелер;respondents=120;satisfied=97",
        ),
        ImportKind::GraduateDestinations => (
            "graduate_destination",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;grade=11;graduates=30;to_university=12;to_college=8;employed=4;other=6",
        ),
        ImportKind::OrtThresholds => (
            "ort_threshold",
            "academic_year=2022-2023;admission_type=грант;main_min=115;subject_min=60",
        ),
        // The rows about a teacher, a programme or a result name those of the samples above
        // (the registry lists the parents first).
        ImportKind::TeacherAwards => (
            "teacher_award",
            "school_code=KG-O-UZG-045;teacher_ref=T-07;award_type=Отличник образования;level=республикалык;year=2019",
        ),
        ImportKind::TrainingAttendance => (
            "teacher_training_attendance",
            "school_code=KG-O-UZG-045;academic_year=2022-2023;programme_name_ky=сынчыл  ойлом;provider=ОМБӨИ;teacher_ref=T-07",
        ),
        ImportKind::OrtSubjectScores => (
            "ort_subject_score",
            "school_code=KG-O-UZG-045;academic_year=2021-2022;student_ref=S9;subject=Математика;score=88;max_score=150",
        ),
        ImportKind::AdminControl => (
            "admin_control",
            "school_code=KG-O-UZG-045;academic_year=2021-2022;grade=9;class_letter=А;subject=Математика;teacher_ref=T-07;association_ky=Табигый-математикалык  цикл;association_ru=МО естественно-математического цикла;recommendations=Өздөштүрүлбөгөн темаларды кайталоо, үй тапшырмасын көбөйтүү",
        ),
    }
}

/// Fills the template's header with `key=value;…` pairs (other cells blank).
pub fn fill(kind: ImportKind, pairs: &str) -> String {
    let header_line = String::from_utf8(template::csv(kind)).unwrap();
    let header: Vec<&str> = header_line
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .collect();
    let values: Vec<(&str, &str)> = pairs
        .split(';')
        .map(|p| p.split_once('=').unwrap())
        .collect();
    for (k, _) in &values {
        assert!(header.contains(k), "{k} is not a column of {}", kind.name());
    }
    let row: Vec<String> = header
        .iter()
        .map(|h| {
            values
                .iter()
                .find(|(k, _)| k == h)
                .map(|(_, v)| format!("\"{v}\""))
                .unwrap_or_default()
        })
        .collect();
    format!("{}\n{}\n", header_line.trim_end(), row.join(","))
}
