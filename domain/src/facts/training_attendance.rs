//! Which teachers of the register attended a training programme (`training`) of their
//! school: one row per teacher and programme, by the school's pseudonymous reference. What
//! "teachers trained in the last five years" is counted from where a school keeps the
//! register; people-level, and shown with the teacher by the register's read.

use super::columns::*;
use super::teachers::named_teacher;
use super::training::PROVIDER;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use crate::export::{Export, Read};
use crate::import::resolve::Owned;
use crate::text::search_key;
use sea_orm::Value;

pub(super) static KIND: FactKind = FactKind {
    name: "training-attendance",
    about: "A teacher of the register who attended one of the school's training programmes of a year (natural key: programme, teacher).",
    columns,
    key_columns: &[
        "school",
        "academic_year",
        "programme_name_ky",
        "provider",
        "teacher_ref",
    ],
    target: Target {
        table: "teacher_training_attendance",
        columns: &["teacher_training_id", "teacher_id"],
        key: &["teacher_training_id", "teacher_id"],
        // The year is the programme's: rows carry it, so the trend job sees the change.
        year_column: None,
    },
    tier: Some(Tier::People),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "teacher_training_attendance a \
               JOIN teacher_training tt ON tt.id = a.teacher_training_id \
               JOIN teacher t ON t.id = a.teacher_id JOIN school s ON s.id = tt.school_id",
        values: &[
            ("academic_year", "tt.academic_year"),
            ("programme_name_ky", "tt.programme_name_ky"),
            ("provider", "tt.provider"),
            ("teacher_ref", "t.teacher_ref"),
        ],
        year: Some("tt.academic_year"),
        order: "s.code, tt.academic_year, tt.programme_name_ky, tt.provider, t.teacher_ref",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordTrainingAttendance",
        input: "TrainingAttendanceInput",
        about: "Records a batch of training attendance (one `TrainingAttendanceInput` each); a repeated\n\
          batch changes nothing. Who may write: an admin, or a region, district or school token for\n\
          schools within its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    with_school_year(&[
        col(
            "programme_name_ky",
            "программа (кыргызча)",
            "программа (кыргызская)",
            Ty::Name,
            true,
            "the programme's Kyrgyz name, as the school's training rows give it",
        ),
        col(
            "provider",
            "уюштуруучу",
            "организатор",
            PROVIDER,
            false,
            "the programme's provider, as the training rows give it (default: other)",
        ),
        col(
            "teacher_ref",
            "мугалимдин коду",
            "код учителя",
            Ty::Text { max: 64 },
            true,
            "the teacher's pseudonymous reference in the register (teachers)",
        ),
    ])
}

/// A programme of the school by year, provider and Kyrgyz name (regardless of case and
/// spacing), as the training rows store it.
static PROGRAMME: Owned = Owned {
    name: "teacher_training",
    sql: "SELECT id, academic_year, provider, programme_name_ky FROM teacher_training \
          WHERE school_id = ?",
    key: |row| {
        let year: i32 = row.try_get("", "academic_year")?;
        let provider: String = row.try_get("", "provider")?;
        let name: String = row.try_get("", "programme_name_ky")?;
        Ok(programme_key(year, &provider, &name))
    },
};

fn programme_key(year: i32, provider: &str, name: &str) -> String {
    format!("{year}\u{1f}{provider}\u{1f}{}", search_key(name))
}

async fn build(mut i: RowInput<'_>) -> Result<Outcome> {
    let mut errors = Vec::new();
    let teacher_id = named_teacher(&mut i, &mut errors).await?;
    let f = i.f;
    let name = f.text("programme_name_ky").unwrap_or_default();
    let key = programme_key(
        i.year.unwrap_or_default(),
        f.text("provider").unwrap_or("other"),
        name,
    );
    let programme = i.r.owned(i.db, &PROGRAMME, i.school_id, &key).await?;
    if programme.is_none() {
        errors.push(f.error("programme_name_ky", Check::UnknownTraining(name.to_owned())));
    }
    let values = [
        (
            "teacher_training_id",
            Value::Int(programme.and_then(|id| i32::try_from(id).ok())),
        ),
        ("teacher_id", Value::Int(teacher_id)),
    ];
    Ok(checked(i.row(&KIND.target, values)?, errors))
}

crate::kind_messages! {
    /// What the checks of training attendance say.
    pub enum Check {
        /// The school has no training programme of this name and provider in the year.
        UnknownTraining(name: String = "Сынчыл ойлом".into()) => [
            format!(
                "мектепте ушул жылы ушул уюштуруучунун «{name}» программасы жок; \
                 адегенде окутууларды (training) жүктөңүз"
            ),
            format!(
                "в школе нет программы «{name}» этого организатора за этот год; сначала \
                 загрузите обучения (training)"
            ),
            format!(
                "the school has no programme `{name}` of this provider in this year; \
                 import the training (training) first"
            ),
        ],
    }
}
