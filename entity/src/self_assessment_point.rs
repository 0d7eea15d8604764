//! Strengths and weaknesses of a self-assessment report per standard, in report order.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "self_assessment_point")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub report_id: i32,
    pub standard: i32,
    pub kind: String,
    pub position: i32,
    pub text_ky: String,
    pub text_ru: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::self_assessment_report::Entity",
        from = "Column::ReportId",
        to = "super::self_assessment_report::Column::Id",
        on_delete = "Cascade"
    )]
    SelfAssessmentReport,
}

impl Related<super::self_assessment_report::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SelfAssessmentReport.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
