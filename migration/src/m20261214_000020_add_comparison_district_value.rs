//! A school's gap is measured against its district's own figure (Σ numerators / Σ
//! denominators), kept next to the unweighted mean of the district's schools.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261214_000020_add_comparison_district_value"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(
            manager,
            &[
                "ALTER TABLE indicator_comparison ADD COLUMN district_value DOUBLE PRECISION",
                "ALTER TABLE indicator_comparison ADD COLUMN gap_to_district DOUBLE PRECISION",
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(
            manager,
            &[
                "ALTER TABLE indicator_comparison DROP COLUMN gap_to_district",
                "ALTER TABLE indicator_comparison DROP COLUMN district_value",
            ],
        )
        .await
    }
}
