//! A dry run is recorded like any run (operators see it in `sapat jobs history`), but it
//! publishes nothing, so dashboards' "last run" must be able to skip it.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000015_add_job_run_dry_run"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(
            manager,
            &["ALTER TABLE job_run ADD COLUMN dry_run BOOLEAN NOT NULL DEFAULT FALSE"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(manager, &["ALTER TABLE job_run DROP COLUMN dry_run"]).await
    }
}
