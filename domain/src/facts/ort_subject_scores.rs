//! One ORT taker's score on a subject test, by the pseudonymous reference of the taker's
//! result (`ort-results`): people-level, like the result, and shown with it by that kind's
//! read. The subject tests' scale is not verified, so a row may give the test's maximum.

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked, subject_of};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use crate::export::{Export, Read};
use crate::import::resolve::Owned;
use sea_orm::Value;

pub(super) static KIND: FactKind = FactKind {
    name: "ort-subject-scores",
    about: "One ORT taker's score on a subject test (natural key: the taker's result, subject).",
    columns,
    key_columns: &[
        "school",
        "academic_year",
        "session",
        "student_ref",
        "subject",
    ],
    target: Target {
        table: "ort_subject_score",
        columns: &["ort_result_id", "subject_id", "score", "max_score"],
        key: &["ort_result_id", "subject_id"],
        // The year is the result's: rows carry it, so the trend job sees the change.
        year_column: None,
    },
    tier: Some(Tier::People),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "ort_subject_score o JOIN ort_result r ON r.id = o.ort_result_id \
               JOIN school s ON s.id = r.school_id JOIN subject su ON su.id = o.subject_id",
        values: &[
            ("academic_year", "r.academic_year"),
            ("session", "r.session"),
            ("student_ref", "r.student_ref"),
            ("subject", "su.code"),
            ("score", "o.score"),
            ("max_score", "o.max_score"),
        ],
        year: Some("r.academic_year"),
        order: "s.code, r.academic_year, r.session, r.student_ref, su.code",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordOrtSubjectScores",
        input: "OrtSubjectScoreInput",
        about: "Records a batch of ORT subject-test scores (one `OrtSubjectScoreInput` each); a repeated\n\
          batch changes nothing. Who may write: an admin, or a region, district or school token for\n\
          schools within its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "session",
            "сессия",
            "сессия",
            SESSION,
            false,
            "summer (default) or winter, as the result gives it",
        ),
        col(
            "student_ref",
            "окуучунун коду",
            "код ученика",
            Ty::Text { max: 64 },
            true,
            "the taker's pseudonymous reference in the ORT results (ort-results), never a name",
        ),
        col(
            "subject",
            "сабак",
            "предмет",
            Ty::Name,
            true,
            "the subject test: code or name",
        ),
        col(
            "score",
            "балл",
            "балл",
            Ty::Int { min: 0, max: 1000 },
            true,
            "the subject-test score",
        ),
        col(
            "max_score",
            "эң жогорку балл",
            "максимальный балл",
            Ty::Int { min: 1, max: 1000 },
            false,
            "the test's maximum, if known",
        ),
    ])
}

/// A result of the school by year, session and the taker's reference.
static RESULT: Owned = Owned {
    name: "ort_result",
    sql: "SELECT id, academic_year, session, student_ref FROM ort_result WHERE school_id = ?",
    key: |row| {
        let year: i32 = row.try_get("", "academic_year")?;
        let session: String = row.try_get("", "session")?;
        let reference: String = row.try_get("", "student_ref")?;
        Ok(result_key(year, &session, &reference))
    },
};

fn result_key(year: i32, session: &str, reference: &str) -> String {
    format!("{year}\u{1f}{session}\u{1f}{reference}")
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let subject_id = subject_of(f, i.r, "subject", &mut errors);
    let reference = f.text("student_ref").unwrap_or_default();
    let key = result_key(
        i.year.unwrap_or_default(),
        f.text("session").unwrap_or("summer"),
        reference,
    );
    let result = i.r.owned(i.db, &RESULT, i.school_id, &key).await?;
    if result.is_none() {
        errors.push(f.error("student_ref", Check::UnknownOrtTaker(reference.to_owned())));
    }
    if let (Some(score), Some(max)) = (f.int("score"), f.int("max_score"))
        && score > max
    {
        errors.push(f.error("score", Check::AboveMaxScore(max)));
    }
    let values = [
        ("ort_result_id", Value::BigInt(result)),
        ("subject_id", Value::Int(subject_id)),
        ("score", f.value("score")),
        ("max_score", f.value("max_score")),
    ];
    Ok(checked(i.row(&KIND.target, values)?, errors))
}

crate::kind_messages! {
    /// What the checks of ORT subject scores say.
    pub enum Check {
        /// The school has no ORT result of this taker in the year and session.
        UnknownOrtTaker(r: String = "G045-2019-003".into()) => [
            format!(
                "мектепте ушул жылы жана сессияда «{r}» коду менен ЖРТ жыйынтыгы жок; \
                 адегенде ЖРТ жыйынтыктарын (ort-results) жүктөңүз"
            ),
            format!(
                "в школе нет результата ОРТ с кодом «{r}» за этот год и сессию; сначала \
                 загрузите результаты ОРТ (ort-results)"
            ),
            format!(
                "the school has no ORT result of `{r}` in this year and session; import \
                 the ORT results (ort-results) first"
            ),
        ],
        /// Above the maximum score (this) the row gives for the test.
        AboveMaxScore(max: i64 = 200) => [
            format!("тесттин эң жогорку баллынан ({max}) жогору"),
            format!("выше максимального балла теста ({max})"),
            format!("is above the test's maximum of {max}"),
        ],
    }
}
