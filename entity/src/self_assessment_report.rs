//! A school's self-assessment report for accreditation (standards 1-4).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "self_assessment_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub school_id: i32,
    pub academic_year: i32,
    pub accreditation_type: String,
    pub report_date: Option<Date>,
    pub introduction: Option<String>,
    pub conclusion: Option<String>,
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
    #[sea_orm(has_many = "super::self_assessment_member::Entity")]
    SelfAssessmentMember,
    #[sea_orm(has_many = "super::self_assessment_criterion::Entity")]
    SelfAssessmentCriterion,
    #[sea_orm(has_many = "super::self_assessment_point::Entity")]
    SelfAssessmentPoint,
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

impl Related<super::self_assessment_member::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SelfAssessmentMember.def()
    }
}

impl Related<super::self_assessment_criterion::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SelfAssessmentCriterion.def()
    }
}

impl Related<super::self_assessment_point::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SelfAssessmentPoint.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
