//! One pseudonymous entrant's result at an olympiad stage.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "olympiad_result")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub olympiad_id: i32,
    pub school_id: i32,
    pub student_ref: String,
    pub grade: Option<i32>,
    pub place: Option<i32>,
    pub award: String,
    pub advanced_to_next: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::olympiad::Entity",
        from = "Column::OlympiadId",
        to = "super::olympiad::Column::Id",
        on_delete = "Cascade"
    )]
    Olympiad,
    #[sea_orm(
        belongs_to = "super::school::Entity",
        from = "Column::SchoolId",
        to = "super::school::Column::Id",
        on_delete = "Cascade"
    )]
    School,
}

impl Related<super::olympiad::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Olympiad.def()
    }
}

impl Related<super::school::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::School.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
