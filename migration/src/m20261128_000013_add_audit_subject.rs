//! The audit log names callers signed on through a JWT (single sign-on) by the token's subject:
//! they have no row in `api_token`.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000013_add_audit_subject"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(
            manager,
            &[
                "ALTER TABLE audit_log ADD COLUMN subject TEXT",
                "CREATE INDEX ix_audit_log_subject ON audit_log (subject, at)",
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(
            manager,
            &[
                "DROP INDEX ix_audit_log_subject",
                "ALTER TABLE audit_log DROP COLUMN subject",
            ],
        )
        .await
    }
}
