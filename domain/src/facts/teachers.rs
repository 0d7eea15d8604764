//! The teacher register (pseudonymous reference; a name is optional and never served).

use super::columns::*;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked, subject_of};
use crate::access::{Grant, Tier};
use crate::bulk::Target;
use crate::error::Result;
use crate::export::{Export, Read};
use crate::import::RowError;
use crate::import::resolve::Owned;
use crate::query::lookup;
use entity::{subject, teacher, teacher_award, teacher_training_attendance};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Value};

pub(super) static KIND: FactKind = FactKind {
    name: "teachers",
    about: "A teacher of a school, by pseudonymous reference (natural key: school and teacher reference).",
    columns,
    key_columns: &["school", "teacher_ref"],
    target: Target {
        table: "teacher",
        columns: &[
            "school_id",
            "teacher_ref",
            "full_name",
            "main_subject_id",
            "education_level",
            "category",
            "category_since",
            "hired_year",
            "left_year",
            "young_specialist",
        ],
        key: &["school_id", "teacher_ref"],
        year_column: None,
    },
    tier: Some(Tier::People),
    scope: RowScope::School,
    names_of_people: &["full_name"],
    provenance: &[],
    export: Export::Read(Read {
        from: "teacher t JOIN school s ON s.id = t.school_id \
               LEFT JOIN subject su ON su.id = t.main_subject_id",
        values: &[
            ("teacher_ref", "t.teacher_ref"),
            ("main_subject", "su.code"),
            ("education_level", "t.education_level"),
            ("category", "t.category"),
            ("category_since", "t.category_since"),
            ("hired_year", "t.hired_year"),
            ("left_year", "t.left_year"),
            ("young_specialist", "t.young_specialist"),
        ],
        year: None,
        order: "s.code, t.teacher_ref",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordTeachers",
        input: "TeacherInput",
        about: "Records a batch of teachers (one `TeacherInput` each); a repeated batch changes nothing. Who\n\
          may write: an admin, or a region, district or school token for schools within its scope.",
        lists: &[],
    },
    messages: Check::samples,
};

fn columns() -> Vec<Col> {
    let mut v = SCHOOL.to_vec();
    v.extend_from_slice(&[
        col(
            "teacher_ref",
            "мугалимдин коду",
            "код учителя",
            Ty::Text { max: 64 },
            true,
            "pseudonymous reference",
        ),
        col(
            "full_name",
            "аты-жөнү",
            "ФИО",
            Ty::Name,
            false,
            "optional; visible only to the school and the ministry",
        ),
        col(
            "main_subject",
            "негизги сабак",
            "основной предмет",
            Ty::Name,
            false,
            "subject code or name",
        ),
        col(
            "education_level",
            "билими",
            "образование",
            Ty::Enum(&[
                ("secondary", &["орто", "среднее"]),
                (
                    "secondary_vocational",
                    &["орто кесиптик", "среднее специальное"],
                ),
                (
                    "incomplete_higher",
                    &["толук эмес жогорку", "неполное высшее"],
                ),
                ("higher", &["жогорку", "высшее"]),
                ("postgraduate", &["аспирантура"]),
            ]),
            false,
            "secondary_vocational, incomplete_higher, higher or postgraduate",
        ),
        col(
            "category",
            "категория",
            "категория",
            Ty::Enum(&[
                ("none", &["жок", "нет"]),
                ("second", &["ii", "экинчи", "вторая"]),
                ("first", &["i", "биринчи", "первая"]),
                ("highest", &["жогорку", "высшая"]),
            ]),
            false,
            "none (default), second, first, highest",
        ),
        col(
            "category_since",
            "категория алган жылы",
            "год категории",
            Ty::Int {
                min: 1950,
                max: 2100,
            },
            false,
            "calendar year the category was awarded",
        ),
        col(
            "hired_year",
            "иштей баштаган жылы",
            "год приёма",
            Ty::Int {
                min: 1950,
                max: 2100,
            },
            false,
            "calendar year the teacher joined the school",
        ),
        col(
            "left_year",
            "кеткен жылы",
            "год ухода",
            Ty::Int {
                min: 1950,
                max: 2100,
            },
            false,
            "calendar year the teacher left; blank while at the school",
        ),
        col(
            "young_specialist",
            "жаш адис",
            "молодой специалист",
            Ty::Bool,
            false,
            "yes/no",
        ),
    ]);
    v
}

async fn build(i: RowInput<'_>) -> Result<Outcome> {
    let f = i.f;
    let mut errors = Vec::new();
    let subject_id = subject_of(f, i.r, "main_subject", &mut errors);
    if let (Some(h), Some(l)) = (f.int("hired_year"), f.int("left_year"))
        && l < h
    {
        errors.push(f.error("left_year", Check::LeftBeforeHired));
    }
    let values = [
        ("school_id", Value::Int(Some(i.school_id))),
        ("teacher_ref", f.value("teacher_ref")),
        ("full_name", f.value("full_name")),
        ("main_subject_id", Value::Int(subject_id)),
        ("education_level", f.value("education_level")),
        ("category", f.text_or("category", "none")),
        ("category_since", f.value("category_since")),
        ("hired_year", f.value("hired_year")),
        ("left_year", f.value("left_year")),
        (
            "young_specialist",
            Value::Bool(Some(f.flag("young_specialist"))),
        ),
    ];
    Ok(checked(i.row(&KIND.target, values)?, errors))
}

/// How the rows about a teacher (awards, training attendance) find the teacher: by the
/// school's pseudonymous reference, exactly as the register holds it.
static BY_REF: Owned = Owned {
    name: "teacher",
    sql: "SELECT id, teacher_ref FROM teacher WHERE school_id = ?",
    key: |row| row.try_get("", "teacher_ref"),
};

/// The id of the teacher a row names in `teacher_ref`, or an error naming the column when
/// the school's register has no such teacher.
pub(super) async fn named_teacher(
    i: &mut RowInput<'_>,
    errors: &mut Vec<RowError>,
) -> Result<Option<i32>> {
    let Some(reference) = i.f.text("teacher_ref") else {
        return Ok(None);
    };
    let id = i.r.owned(i.db, &BY_REF, i.school_id, reference).await?;
    if id.is_none() {
        errors.push(i.f.error("teacher_ref", Check::UnknownTeacher(reference.to_owned())));
    }
    Ok(id.and_then(|id| i32::try_from(id).ok()))
}

// The profile read: the kind's rows of one school, behind a grant for the kind's tier.

/// A teacher (by pseudonymous reference; the optional full name is never read here) with
/// main subject, awards and the trainings attended.
#[derive(Debug, Clone)]
pub struct TeacherRow {
    pub teacher: teacher::Model,
    pub main_subject: Option<subject::Model>,
    pub awards: Vec<teacher_award::Model>,
    pub training_ids: Vec<i32>,
}

/// Teachers of a school (four statements), by reference; `current_only` leaves out those
/// who have left.
pub async fn read(
    db: &impl ConnectionTrait,
    grant: &Grant,
    current_only: bool,
) -> Result<Vec<TeacherRow>> {
    grant.require(KIND.tier)?;
    let school_id = grant.school_id();
    let mut q = teacher::Entity::find()
        .filter(teacher::Column::SchoolId.eq(school_id))
        .order_by_asc(teacher::Column::TeacherRef);
    if current_only {
        q = q.filter(teacher::Column::LeftYear.is_null());
    }
    let mut teachers = q.all(db).await?;
    for t in &mut teachers {
        // Not served by the API: names of people stay with the school.
        t.full_name = None;
    }
    let ids: Vec<i32> = teachers.iter().map(|t| t.id).collect();
    let (awards, attendance) = if ids.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (
            teacher_award::Entity::find()
                .filter(teacher_award::Column::TeacherId.is_in(ids.clone()))
                .order_by_desc(teacher_award::Column::Year)
                .all(db)
                .await?,
            teacher_training_attendance::Entity::find()
                .filter(teacher_training_attendance::Column::TeacherId.is_in(ids))
                .all(db)
                .await?,
        )
    };
    let subjects = lookup::subjects(
        db,
        teachers.iter().filter_map(|t| t.main_subject_id).collect(),
    )
    .await?;
    let mut awards = lookup::grouped(awards, |a| a.teacher_id);
    let mut attendance = lookup::grouped(attendance, |a| a.teacher_id);
    Ok(teachers
        .into_iter()
        .map(|teacher| TeacherRow {
            main_subject: teacher
                .main_subject_id
                .and_then(|id| subjects.get(&id).cloned()),
            awards: awards.remove(&teacher.id).unwrap_or_default(),
            training_ids: attendance
                .remove(&teacher.id)
                .unwrap_or_default()
                .into_iter()
                .map(|a| a.teacher_training_id)
                .collect(),
            teacher,
        })
        .collect())
}

crate::kind_messages! {
    /// What the checks of the teacher register say, and the lookup of a register's
/// teacher that awards, attendance and administrative control share.
    pub enum Check {
        LeftBeforeHired => [
            "мугалим жумушка алынган жылдан мурун",
            "раньше года, когда учителя приняли на работу",
            "is before the year the teacher was hired",
        ],
        /// The school has no teacher with this reference (import the register first).
        UnknownTeacher(r: String = "Т-07".into()) => [
            format!(
                "мектепте «{r}» коду менен мугалим жок; адегенде мугалимдердин тизмесин \
                 (teachers) жүктөңүз"
            ),
            format!(
                "в школе нет учителя с кодом «{r}»; сначала загрузите список учителей \
                 (teachers)"
            ),
            format!(
                "the school has no teacher with reference `{r}`; import the teacher \
                 register (teachers) first"
            ),
        ],
    }
}
