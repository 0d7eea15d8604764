//! All-subject outcome counts of one class for one period (each pupil counted once).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "class_outcome")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_group_id: i32,
    pub period_id: i32,
    pub n_all_5: i32,
    pub n_4_5: i32,
    pub n_with_3: i32,
    pub n_with_2: i32,
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

impl Related<super::period::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Period.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
