//! Schools, identified by their stable EMIS-style `code`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "school")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub district_id: i32,
    pub code: String,
    pub number: Option<i32>,
    pub name_ky: String,
    pub name_ru: String,
    pub name_en: Option<String>,
    pub name_search: String,
    pub settlement: Option<String>,
    pub address: Option<String>,
    pub ownership: String,
    pub school_type: String,
    pub founded_year: Option<i32>,
    pub design_capacity: Option<i32>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub license_no: Option<String>,
    pub registration_no: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::district::Entity",
        from = "Column::DistrictId",
        to = "super::district::Column::Id"
    )]
    District,
    #[sea_orm(has_many = "super::school_language::Entity")]
    SchoolLanguage,
    #[sea_orm(has_many = "super::class_group::Entity")]
    ClassGroup,
    #[sea_orm(has_many = "super::reported_indicator::Entity")]
    ReportedIndicator,
    #[sea_orm(has_many = "super::ort_result::Entity")]
    OrtResult,
    #[sea_orm(has_many = "super::ort_school_summary::Entity")]
    OrtSchoolSummary,
    #[sea_orm(has_many = "super::olympiad_result::Entity")]
    OlympiadResult,
    #[sea_orm(has_many = "super::olympiad_count_report::Entity")]
    OlympiadCountReport,
    #[sea_orm(has_many = "super::contest_result::Entity")]
    ContestResult,
    #[sea_orm(has_many = "super::teacher::Entity")]
    Teacher,
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
    #[sea_orm(has_many = "super::accreditation::Entity")]
    Accreditation,
    #[sea_orm(has_many = "super::self_assessment_report::Entity")]
    SelfAssessmentReport,
}

impl Related<super::district::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::District.def()
    }
}

impl Related<super::school_language::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SchoolLanguage.def()
    }
}

impl Related<super::class_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClassGroup.def()
    }
}

impl Related<super::reported_indicator::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ReportedIndicator.def()
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

impl Related<super::olympiad_result::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OlympiadResult.def()
    }
}

impl Related<super::olympiad_count_report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OlympiadCountReport.def()
    }
}

impl Related<super::contest_result::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContestResult.def()
    }
}

impl Related<super::teacher::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Teacher.def()
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

impl Related<super::accreditation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Accreditation.def()
    }
}

impl Related<super::self_assessment_report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SelfAssessmentReport.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
