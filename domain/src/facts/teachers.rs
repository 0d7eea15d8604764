//! The teacher register (pseudonymous reference; a name is optional and never served).

use super::columns::*;
use super::{FactKind, Outcome, RowInput, checked, subject_of};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use sea_orm::Value;

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
    names_school: true,
    names_of_people: &["full_name"],
    build: |i| Box::pin(build(i)),
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
        errors.push(f.error("left_year", "is before the year the teacher was hired"));
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
