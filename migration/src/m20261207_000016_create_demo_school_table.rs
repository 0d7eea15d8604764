//! The schools `sapat demo` created and may rewrite. The generator and the fixture write only
//! to schools listed here; any write by a user (an import, a recorded item, an accreditation)
//! removes the school from the list in the same transaction, so what a user entered or
//! imported is never touched by the demo again. Deleting a school drops its entry.
//!
//! Databases that held demo data before this table existed start with it empty: the demo
//! then treats every existing school as a user's (the safe side) and writes new ones at free
//! numbers.

use crate::ddl;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000016_create_demo_school_table"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::up(
            manager,
            &["CREATE TABLE demo_school (
                school_id INTEGER NOT NULL PRIMARY KEY
                    REFERENCES school (id) ON DELETE CASCADE
            )"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ddl::down(manager, &["demo_school"]).await
    }
}
