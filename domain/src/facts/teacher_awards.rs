//! An award of a teacher of the register (excellence badge, honour certificate, teacher of
//! the year, a state title), by the school's pseudonymous reference: people-level, like the
//! register, and shown with the teacher by the register's read.

use super::columns::*;
use super::teachers::named_teacher;
use super::{Entry, FactKind, Outcome, RowInput, RowScope, checked};
use crate::access::Tier;
use crate::bulk::Target;
use crate::error::Result;
use crate::export::{Export, Read};
use sea_orm::Value;

pub(super) static KIND: FactKind = FactKind {
    name: "teacher-awards",
    about: "An award a teacher of the register received in a calendar year (natural key: teacher, award, year).",
    columns,
    key_columns: &["school", "teacher_ref", "award_type", "year"],
    target: Target {
        table: "teacher_award",
        columns: &["teacher_id", "award_type", "level", "year", "note"],
        key: &["teacher_id", "award_type", "year"],
        year_column: None,
    },
    tier: Some(Tier::People),
    scope: RowScope::School,
    names_of_people: &[],
    provenance: &[],
    export: Export::Read(Read {
        from: "teacher_award a JOIN teacher t ON t.id = a.teacher_id \
               JOIN school s ON s.id = t.school_id",
        values: &[
            ("teacher_ref", "t.teacher_ref"),
            ("award_type", "a.award_type"),
            ("level", "a.level"),
            ("year", "a.year"),
            ("note", "a.note"),
        ],
        // `year` is the calendar year of the award, not an academic year.
        year: None,
        order: "s.code, t.teacher_ref, a.year, a.award_type",
        people: &[],
    }),
    build: |i| Box::pin(build(i)),
    entry: Entry {
        mutation: "recordTeacherAwards",
        input: "TeacherAwardInput",
        about: "Records a batch of teacher awards (one `TeacherAwardInput` each); a repeated batch changes\n\
          nothing. Who may write: an admin, or a region, district or school token for schools\n\
          within its scope.",
        lists: &[],
    },
    messages: Vec::new,
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
            "the teacher's pseudonymous reference in the register (teachers)",
        ),
        col(
            "award_type",
            "сыйлык",
            "награда",
            Ty::Enum(&[
                (
                    "excellence_badge",
                    &[
                        "билим берүүнүн отличниги",
                        "отличник образования",
                        "отличник народного образования",
                    ],
                ),
                (
                    "honour_certificate",
                    &["ардак грамота", "почётная грамота", "почетная грамота"],
                ),
                ("teacher_of_year", &["жылдын мугалими", "учитель года"]),
                (
                    "state_title",
                    &[
                        "мамлекеттик наам",
                        "государственное звание",
                        "заслуженный учитель",
                        "эмгек сиңирген мугалим",
                    ],
                ),
                ("other", &["башка", "другое"]),
            ]),
            true,
            "excellence_badge, honour_certificate, teacher_of_year, state_title or other",
        ),
        col(
            "level",
            "деңгээли",
            "уровень",
            Ty::Enum(&[
                ("school", &["мектептик", "школьный"]),
                ("district", &["райондук", "районный"]),
                ("city", &["шаардык", "городской"]),
                ("oblast", &["облустук", "областной"]),
                ("republic", &["республикалык", "республиканский"]),
                ("international", &["эл аралык", "международный"]),
            ]),
            false,
            "who gave it: school, district, city, oblast, republic or international",
        ),
        col(
            "year",
            "жылы",
            "год",
            Ty::Int {
                min: 1950,
                max: 2100,
            },
            true,
            "the calendar year of the award",
        ),
        col(
            "note",
            "эскертүү",
            "примечание",
            Ty::Text { max: 500 },
            false,
            "e.g. the order's number; never a name",
        ),
    ]);
    v
}

async fn build(mut i: RowInput<'_>) -> Result<Outcome> {
    let mut errors = Vec::new();
    let teacher_id = named_teacher(&mut i, &mut errors).await?;
    let f = i.f;
    let values = [
        ("teacher_id", Value::Int(teacher_id)),
        ("award_type", f.value("award_type")),
        ("level", f.value("level")),
        ("year", f.value("year")),
        ("note", f.value("note")),
    ];
    Ok(checked(i.row(&KIND.target, values)?, errors))
}
