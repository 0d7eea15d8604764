//! Pupils per grade of an enrolment snapshot; grade 0 is the preparatory class.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "enrolment_grade")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrolment_snapshot_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub grade: i32,
    pub pupils: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::enrolment_snapshot::Entity",
        from = "Column::EnrolmentSnapshotId",
        to = "super::enrolment_snapshot::Column::Id",
        on_delete = "Cascade"
    )]
    EnrolmentSnapshot,
}

impl Related<super::enrolment_snapshot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EnrolmentSnapshot.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
