//! Imports over GraphQL: the same engine as `sapat import`, fed by a multipart upload
//! (GraphQL multipart request spec). A refused file answers BAD_USER_INPUT with every
//! problem (row, column, value, message) in `extensions.errors`.

use super::error::{Result, invalid};
use async_graphql::{Context, Enum, Object, SimpleObject, Upload};
use domain::Config;
use domain::import::{Format, ImportKind};
use std::sync::Arc;

#[derive(Default)]
pub struct ImportMutation;

macro_rules! graphql_kinds {
    ($( $variant:ident ($gql:ident) => $module:ident, )*) => {
        /// What can be imported; the same kinds as `sapat import`.
        #[derive(Enum, Clone, Copy, PartialEq, Eq)]
        #[graphql(name = "ImportKind")]
        pub enum ImportKindGql {
            $( $gql, )*
        }

        impl From<ImportKindGql> for ImportKind {
            fn from(k: ImportKindGql) -> Self {
                match k {
                    $( ImportKindGql::$gql => ImportKind::$variant, )*
                }
            }
        }
    };
}

domain::for_each_fact_kind!(graphql_kinds);

/// The outcome of a clean import.
#[derive(SimpleObject)]
#[graphql(name = "ImportResult")]
pub struct ImportResult {
    rows: u64,
    inserted: u64,
    updated: u64,
    unchanged: u64,
    /// Academic years (start years) the file touched; they are refreshed by the next trend run.
    years: Vec<i32>,
}

#[Object]
impl ImportMutation {
    /// Imports a CSV or XLSX file (by its name's extension) in one transaction: all rows or
    /// none. Re-sending the same file changes nothing.
    async fn import_file(
        &self,
        ctx: &Context<'_>,
        kind: ImportKindGql,
        file: Upload,
    ) -> Result<ImportResult> {
        let db = super::common::db(ctx)?;
        let config = ctx.data::<Arc<Config>>()?;
        let upload = file
            .value(ctx)
            .map_err(|e| invalid("file", e.to_string()))?;
        let format = Format::from_upload(&upload.filename).map_err(|m| invalid("file", m))?;
        let context = domain::import::Context {
            ort_main_max: config.ort.main_max,
        };
        let r = domain::import::import(
            db,
            super::school::caller(ctx),
            kind.into(),
            upload.into_read(),
            format,
            &context,
            &|_| {},
        )
        .await?;
        Ok(ImportResult {
            rows: r.rows,
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            years: r.years,
        })
    }
}
