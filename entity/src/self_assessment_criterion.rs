//! Criteria of a self-assessment report ("1.1" … "4.3") with findings and evidence.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "self_assessment_criterion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub report_id: i32,
    pub standard: i32,
    pub code: String,
    pub title_ky: String,
    pub title_ru: Option<String>,
    pub finding_text: Option<String>,
    pub evidence_text: Option<String>,
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
