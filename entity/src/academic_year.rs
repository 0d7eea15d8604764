//! Academic years keyed by start year (2017 = "2017-2018"), with their marked-grade range.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "academic_year")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub start_year: i32,
    pub label: String,
    pub school_system: String,
    pub marked_grade_min: i32,
    pub marked_grade_max: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::period::Entity")]
    Period,
    #[sea_orm(has_many = "super::class_group::Entity")]
    ClassGroup,
    #[sea_orm(has_many = "super::ort_threshold::Entity")]
    OrtThreshold,
    #[sea_orm(has_many = "super::ort_result::Entity")]
    OrtResult,
    #[sea_orm(has_many = "super::ort_school_summary::Entity")]
    OrtSchoolSummary,
    #[sea_orm(has_many = "super::olympiad::Entity")]
    Olympiad,
    #[sea_orm(has_many = "super::olympiad_count_report::Entity")]
    OlympiadCountReport,
    #[sea_orm(has_many = "super::contest::Entity")]
    Contest,
    #[sea_orm(has_many = "super::teacher_training::Entity")]
    TeacherTraining,
    #[sea_orm(has_many = "super::staff_snapshot::Entity")]
    StaffSnapshot,
    #[sea_orm(has_many = "super::enrolment_snapshot::Entity")]
    EnrolmentSnapshot,
    #[sea_orm(has_many = "super::infrastructure_snapshot::Entity")]
    InfrastructureSnapshot,
    #[sea_orm(has_many = "super::textbook_provision::Entity")]
    TextbookProvision,
    #[sea_orm(has_many = "super::survey::Entity")]
    Survey,
    #[sea_orm(has_many = "super::self_assessment_report::Entity")]
    SelfAssessmentReport,
}

impl Related<super::period::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Period.def()
    }
}

impl Related<super::class_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClassGroup.def()
    }
}

impl Related<super::ort_threshold::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrtThreshold.def()
    }
}

impl Related<super::ort_result::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrtResult.def()
    }
}

impl Related<super::ort_school_summary::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OrtSchoolSummary.def()
    }
}

impl Related<super::olympiad::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Olympiad.def()
    }
}

impl Related<super::olympiad_count_report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OlympiadCountReport.def()
    }
}

impl Related<super::contest::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contest.def()
    }
}

impl Related<super::teacher_training::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TeacherTraining.def()
    }
}

impl Related<super::staff_snapshot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StaffSnapshot.def()
    }
}

impl Related<super::enrolment_snapshot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EnrolmentSnapshot.def()
    }
}

impl Related<super::infrastructure_snapshot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::InfrastructureSnapshot.def()
    }
}

impl Related<super::textbook_provision::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::TextbookProvision.def()
    }
}

impl Related<super::survey::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Survey.def()
    }
}

impl Related<super::self_assessment_report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SelfAssessmentReport.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
