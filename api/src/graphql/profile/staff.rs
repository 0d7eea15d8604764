//! Teachers (by pseudonymous reference, with awards and trainings attended) and the
//! trainings of the school's teachers.

use super::{db, list};
use crate::graphql::common::{Label, Subject};
use crate::graphql::error::Result;
use async_graphql::Context;
use async_graphql::{ID, SimpleObject};
use domain::access::Grant;
use domain::entity as e;
use domain::facts;
use domain::labels::Vocabulary;

/// An award a teacher received.
#[derive(SimpleObject)]
pub struct TeacherAward {
    /// excellence_badge, honour_certificate, teacher_of_year, state_title or other.
    award_type: String,
    /// The level of the award (district … republic); null = not recorded.
    level: Option<Label>,
    /// The calendar year of the award.
    year: i32,
    /// A remark, as written; null = none.
    note: Option<String>,
}

/// A teacher by the school's pseudonymous reference.
#[derive(SimpleObject)]
pub struct Teacher {
    /// The teacher's id in this API (for `mentorId`).
    id: ID,
    /// The school's pseudonymous reference for the teacher; the name is never served.
    teacher_ref: String,
    /// The subject the teacher mainly teaches; null = not recorded.
    main_subject: Option<Subject>,
    /// Secondary vocational, incomplete higher, higher or postgraduate; null = not recorded.
    education_level: Option<Label>,
    /// The teacher's qualification category (none, second, first, highest).
    category: Label,
    /// The calendar year the category was awarded; null = not recorded.
    category_since: Option<i32>,
    /// The calendar year the teacher joined the school; null = not recorded.
    hired_year: Option<i32>,
    /// The calendar year the teacher left; null = still at the school.
    left_year: Option<i32>,
    /// Whether the teacher is a young specialist (first years of teaching).
    young_specialist: bool,
    /// The id of the teacher's mentor (another `Teacher`); null = none.
    mentor_id: Option<ID>,
    /// The teacher's awards, by year.
    awards: Vec<TeacherAward>,
    /// Ids of the trainings (`School.trainings`) the teacher attended.
    training_ids: Vec<ID>,
}

impl From<facts::teachers::TeacherRow> for Teacher {
    fn from(r: facts::teachers::TeacherRow) -> Self {
        let t = r.teacher;
        Teacher {
            id: ID(t.id.to_string()),
            teacher_ref: t.teacher_ref,
            main_subject: r.main_subject.map(Subject),
            education_level: Label::opt(Vocabulary::EducationLevel, t.education_level.as_deref()),
            category: Label::of(Vocabulary::TeacherCategory, &t.category),
            category_since: t.category_since,
            hired_year: t.hired_year,
            left_year: t.left_year,
            young_specialist: t.young_specialist,
            mentor_id: t.mentor_id.map(|m| ID(m.to_string())),
            awards: r
                .awards
                .into_iter()
                .map(|a| TeacherAward {
                    award_type: a.award_type,
                    level: Label::opt(Vocabulary::Level, a.level.as_deref()),
                    year: a.year,
                    note: a.note,
                })
                .collect(),
            training_ids: r
                .training_ids
                .into_iter()
                .map(|id| ID(id.to_string()))
                .collect(),
        }
    }
}

/// Teachers of a school who attended a training programme in a year; readable by the reported tier.
#[derive(SimpleObject)]
pub struct Training {
    /// The training's id (as in `Teacher.trainingIds`).
    id: ID,
    /// The academic year by its start year: 2021 means 2021-2022.
    academic_year: i32,
    /// The programme's name, in Kyrgyz.
    programme_name_ky: String,
    /// The programme's name, in Russian; null = not given.
    programme_name_ru: Option<String>,
    /// Who gave the training (a coded value with its names).
    provider: Label,
    /// The programme's length, in academic hours; null = not reported.
    hours: Option<i32>,
    /// Teachers of the school who attended (a count).
    participants: i32,
}

impl From<e::teacher_training::Model> for Training {
    fn from(m: e::teacher_training::Model) -> Self {
        Training {
            id: ID(m.id.to_string()),
            academic_year: m.academic_year,
            programme_name_ky: m.programme_name_ky,
            programme_name_ru: m.programme_name_ru,
            provider: Label::of(Vocabulary::TrainingProvider, &m.provider),
            hours: m.hours,
            participants: m.participants,
        }
    }
}

pub async fn teachers(
    ctx: &Context<'_>,
    school: &Grant,
    current_only: bool,
) -> Result<Vec<Teacher>> {
    list(facts::teachers::read(db(ctx)?, school, current_only).await)
}

pub async fn trainings(
    ctx: &Context<'_>,
    school: &Grant,
    year: Option<i32>,
) -> Result<Vec<Training>> {
    list(facts::training::read(db(ctx)?, school, year).await)
}
