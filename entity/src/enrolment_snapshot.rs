//! A school's enrolment and intake counts for one academic year.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "enrolment_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub academic_year: i32,
    pub enrolment: i32,
    pub shifts: Option<i32>,
    pub class_sets: Option<i32>,
    pub first_grade_intake: Option<i32>,
    pub preparatory_intake: Option<i32>,
    pub left_mid_year: Option<i32>,
    pub leavers_after_grade9: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::school::Entity",
        from = "Column::SchoolId",
        to = "super::school::Column::Id",
        on_delete = "Cascade"
    )]
    School,
    #[sea_orm(
        belongs_to = "super::academic_year::Entity",
        from = "Column::AcademicYear",
        to = "super::academic_year::Column::StartYear"
    )]
    AcademicYear,
    #[sea_orm(has_many = "super::enrolment_grade::Entity")]
    EnrolmentGrade,
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl Related<super::academic_year::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AcademicYear.def()
    }
}

impl Related<super::enrolment_grade::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EnrolmentGrade.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
