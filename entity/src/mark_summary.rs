//! Raw mark counts of one class in one subject and period for one kind of assessment.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "mark_summary")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_group_id: i32,
    pub subject_id: i32,
    pub period_id: i32,
    pub assessment_kind: String,
    pub exam_form: Option<String>,
    pub assessed_on: Option<Date>,
    pub n5: i32,
    pub n4: i32,
    pub n3: i32,
    pub n2: i32,
    pub n1: i32,
    pub n_na: i32,
    pub n_exempt: i32,
    pub n_enrolled: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::class_group::Entity",
        from = "Column::ClassGroupId",
        to = "super::class_group::Column::Id",
        on_delete = "Cascade"
    )]
    ClassGroup,
    #[sea_orm(
        belongs_to = "super::subject::Entity",
        from = "Column::SubjectId",
        to = "super::subject::Column::Id"
    )]
    Subject,
    #[sea_orm(
        belongs_to = "super::period::Entity",
        from = "Column::PeriodId",
        to = "super::period::Column::Id"
    )]
    Period,
}

impl Related<super::class_group::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ClassGroup.def()
    }
}

impl Related<super::subject::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subject.def()
    }
}

impl Related<super::period::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Period.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
