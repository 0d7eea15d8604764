//! Data entry through GraphQL: one valid item for every entry mutation, and the mutation's text.

use serde_json::{Value, json};

/// (mutation, table it writes, one valid item).
pub fn samples() -> Vec<(&'static str, &'static str, Value)> {
    let at = |extra: Value| {
        let mut item = json!({ "schoolCode": "KG-O-UZG-045", "academicYear": "2022-2023" });
        item.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        item
    };
    vec![
        (
            "upsertSchools",
            "school",
            json!({ "schoolCode": "KG-O-UZG-046", "district": "Өзгөн району", "schoolNumber": 46,
                    "nameKy": "Ынтымак орто мектеби", "nameRu": "Средняя школа «Ынтымак»",
                    "ownership": "муниципалдык", "schoolType": "general",
                    "languages": ["кыргыз", "орус"], "designCapacity": 320 }),
        ),
        (
            "recordMarkSummaries",
            "mark_summary",
            at(
                json!({ "grade": 9, "classLetter": "А", "subject": "mathematics", "period": "year",
                        "n5": 4, "n4": 9, "n3": 10, "n2": 1, "nNa": 1, "nEnrolled": 25 }),
            ),
        ),
        (
            "recordClassOutcomes",
            "class_outcome",
            at(
                json!({ "grade": 9, "classLetter": "А", "period": "year", "nAll5": 2, "n45": 8,
                        "nWith3": 12, "nWith2": 2, "nEnrolled": 25 }),
            ),
        ),
        (
            "recordReportedIndicators",
            "reported_indicator",
            at(json!({ "indicator": "жетишүү", "value": 96.5 })),
        ),
        (
            "recordOrtResults",
            "ort_result",
            at(json!({ "studentRef": "S9", "mainScore": 151, "testLanguage": "кыргыз" })),
        ),
        (
            "recordOrtSummaries",
            "ort_school_summary",
            at(
                json!({ "participants": 31, "meanScore": 118.4, "maxScore": 151, "minScore": 71,
                        "threshold": 110, "nGeThreshold": 19 }),
            ),
        ),
        (
            "recordOlympiadResults",
            "olympiad_result",
            at(
                json!({ "subject": "Биология", "level": "облустук", "studentRef": "O-21-7",
                        "grade": 10, "place": 2, "advancedToNext": true }),
            ),
        ),
        (
            "recordOlympiadCounts",
            "olympiad_count_report",
            at(json!({ "level": "райондук", "prizeCount": 3 })),
        ),
        (
            "recordContestResults",
            "contest_result",
            at(
                json!({ "contestNameKy": "Манас таануу", "level": "райондук", "entryRef": "T2021-B",
                        "participants": 3, "place": 1 }),
            ),
        ),
        (
            "recordTeachers",
            "teacher",
            json!({ "schoolCode": "KG-O-UZG-045", "teacherRef": "T-07", "mainSubject": "Математика",
                    "educationLevel": "жогорку", "category": "first", "hiredYear": 2012 }),
        ),
        (
            "recordTraining",
            "teacher_training",
            at(
                json!({ "programmeNameKy": "Сынчыл ойлом", "provider": "ОМБӨИ", "hours": 72,
                        "participants": 3 }),
            ),
        ),
        (
            "recordStaffSnapshots",
            "staff_snapshot",
            at(json!({ "teachersTotal": 34, "withHigherEd": 26, "trainedThisYear": 4 })),
        ),
        (
            "recordEnrolmentSnapshots",
            "enrolment_snapshot",
            at(json!({ "enrolment": 590, "shifts": 2 })),
        ),
        (
            "recordInfrastructureSnapshots",
            "infrastructure_snapshot",
            at(json!({ "classrooms": 19, "computers": 20, "sportHallAreaM2": 270.25 })),
        ),
        (
            "recordTextbookProvision",
            "textbook_provision",
            at(json!({ "provisionPct": 91.78 })),
        ),
        (
            "recordSurveys",
            "survey",
            at(json!({ "audience": "ата-энелер", "respondents": 120, "satisfied": 97 })),
        ),
        (
            "recordGraduateDestinations",
            "graduate_destination",
            at(json!({ "grade": 9, "graduates": 40, "continuingSchool": 25, "toCollege": 10 })),
        ),
        (
            "recordOrtThresholds",
            "ort_threshold",
            json!({ "academicYear": "2022-2023", "admissionType": "контракт", "mainMin": 105,
                    "subjectMin": 50 }),
        ),
        // Rows about the teacher, programme and result of the samples above.
        (
            "recordTeacherAwards",
            "teacher_award",
            json!({ "schoolCode": "KG-O-UZG-045", "teacherRef": "T-07",
                    "awardType": "excellence_badge", "level": "republic", "year": 2019 }),
        ),
        (
            "recordTrainingAttendance",
            "teacher_training_attendance",
            at(
                json!({ "programmeNameKy": "Сынчыл ойлом", "provider": "ОМБӨИ",
                       "teacherRef": "T-07" }),
            ),
        ),
        (
            "recordOrtSubjectScores",
            "ort_subject_score",
            at(json!({ "studentRef": "S9", "subject": "mathematics", "score": 88 })),
        ),
        (
            "recordAdminControl",
            "admin_control",
            at(
                json!({ "grade": 9, "classLetter": "А", "subject": "mathematics",
                       "teacherRef": "T-07", "associationKy": "Табигый-математикалык цикл",
                       "recommendations": "Үй тапшырмасын көбөйтүү" }),
            ),
        ),
        (
            "recordAccreditations",
            "accreditation",
            json!({ "schoolCode": "KG-O-UZG-045", "accreditationType": "institutional",
                    "decisionYear": 2024, "decision": "conditional_1y", "agency": "Агенттик",
                    "certificateNo": "№TEST-1", "validUntil": "2025-10-15" }),
        ),
        (
            "recordSelfAssessments",
            "self_assessment_report",
            json!({ "schoolCode": "KG-O-UZG-045", "academicYear": "2023-2024",
                    "conclusion": "Корутунду: өнүгүү бар",
                    "members": [{ "memberRef": "M-1", "roleKy": "төрага" }],
                    "criteria": [{ "code": "2.7", "titleKy": "Окуучулардын жыйынтыктарынын динамикасы",
                                   "findingText": "Билим сапаты 38%" }],
                    "points": [{ "standard": 2, "kind": "strength", "textKy": "Олимпиадалар" },
                               { "standard": 2, "kind": "weakness", "textKy": "ЖРТ төмөн" },
                               { "standard": 2, "kind": "strength", "textKy": "Үйрөнүү" }] }),
        ),
    ]
}

fn input_type(mutation: &str) -> String {
    let base = match mutation {
        "upsertSchools" => "School",
        "recordMarkSummaries" => "MarkSummary",
        "recordClassOutcomes" => "ClassOutcome",
        "recordReportedIndicators" => "ReportedIndicator",
        "recordOrtResults" => "OrtResult",
        "recordOrtSummaries" => "OrtSummary",
        "recordOlympiadResults" => "OlympiadResult",
        "recordOlympiadCounts" => "OlympiadCount",
        "recordContestResults" => "ContestResult",
        "recordTeachers" => "Teacher",
        "recordTraining" => "Training",
        "recordStaffSnapshots" => "StaffSnapshot",
        "recordEnrolmentSnapshots" => "EnrolmentSnapshot",
        "recordInfrastructureSnapshots" => "InfrastructureSnapshot",
        "recordTextbookProvision" => "TextbookProvision",
        "recordSurveys" => "Survey",
        "recordGraduateDestinations" => "GraduateDestination",
        "recordOrtThresholds" => "OrtThreshold",
        "recordTeacherAwards" => "TeacherAward",
        "recordTrainingAttendance" => "TrainingAttendance",
        "recordOrtSubjectScores" => "OrtSubjectScore",
        "recordAdminControl" => "AdminControl",
        "recordAccreditations" => "Accreditation",
        "recordSelfAssessments" => "SelfAssessment",
        other => panic!("no input type for {other}"),
    };
    format!("{base}Input")
}

/// The mutation `mutation` with its items as the variable `$items`, answering its counts.
pub fn mutation_text(mutation: &str) -> String {
    format!(
        "mutation($items: [{}!]!) {{ r: {mutation}(items: $items) {{ items inserted updated unchanged years }} }}",
        input_type(mutation)
    )
}
