//! Imports over GraphQL: the same engine as `sapat import`, fed by a multipart upload
//! (GraphQL multipart request spec). A refused file answers BAD_USER_INPUT with every
//! problem (row, column, value, message) in `extensions.errors`.

use super::error::Result;
use async_graphql::registry::{MetaType, Registry};
use async_graphql::resolver_utils::EnumType;
use async_graphql::{
    Context, Enum, InputType, InputValueError, InputValueResult, Object, SimpleObject, Upload,
    Value,
};
use domain::Config;
use domain::import::{Budget, Format, ImportKind};
use std::borrow::Cow;
use std::sync::Arc;

#[derive(Default)]
pub struct ImportMutation;

macro_rules! graphql_kinds {
    ($( $variant:ident ($gql:ident) => $module:ident, )*) => {
        /// What can be imported or entered; the same kinds as `sapat import`.
        #[derive(Enum, Clone, Copy, PartialEq, Eq)]
        #[graphql(name = "ImportKind")]
        pub enum ImportKindValue {
            $( $gql, )*
        }

        impl From<ImportKindValue> for ImportKind {
            fn from(k: ImportKindValue) -> Self {
                match k {
                    $( ImportKindValue::$gql => ImportKind::$variant, )*
                }
            }
        }
    };
}

/// `ImportKind` as the schema shows it: each value described from the registry
/// (`entry::kind_description`), not by a second, hand-written copy.
#[derive(Clone, Copy)]
pub struct ImportKindGql(ImportKindValue);

impl From<ImportKindGql> for ImportKind {
    fn from(k: ImportKindGql) -> Self {
        k.0.into()
    }
}

impl InputType for ImportKindGql {
    type RawValueType = Self;

    fn type_name() -> Cow<'static, str> {
        <ImportKindValue as InputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        let name = <ImportKindValue as InputType>::create_type_info(registry);
        if let Some(MetaType::Enum { enum_values, .. }) =
            registry.types.get_mut(&*Self::type_name())
        {
            for item in <ImportKindValue as EnumType>::items() {
                if let Some(value) = enum_values.get_mut(item.name) {
                    value.description = Some(super::entry::kind_description(item.value.into()));
                }
            }
        }
        name
    }

    fn parse(value: Option<Value>) -> InputValueResult<Self> {
        <ImportKindValue as InputType>::parse(value)
            .map(ImportKindGql)
            .map_err(InputValueError::propagate)
    }

    fn to_value(&self) -> Value {
        InputType::to_value(&self.0)
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }
}

domain::for_each_fact_kind!(graphql_kinds);

/// The outcome of a clean import.
#[derive(SimpleObject)]
#[graphql(name = "ImportResult")]
pub struct ImportResult {
    /// Data rows in the file.
    rows: u64,
    /// Rows stored as new.
    inserted: u64,
    /// Rows that changed a stored row.
    updated: u64,
    /// Rows identical to what was stored (importing the same file again gives all unchanged).
    unchanged: u64,
    /// Academic years (start years) the file touched; they are refreshed by the next trend run.
    years: Vec<i32>,
}

#[Object]
impl ImportMutation {
    /// Imports a CSV or XLSX file (by its name's extension) in one transaction: all rows or
    /// none. Re-sending the same file changes nothing. An XLSX holds at most 2,000,000 filled
    /// cells (`sapat import` on the server reads larger ones); a CSV at most 256 columns.
    async fn import_file(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "What the file holds: its columns are that kind's template (`sapat import template <kind>`)."
        )]
        kind: ImportKindGql,
        #[graphql(
            desc = "The file, as a multipart upload (GraphQL multipart request spec): .csv or .xlsx by its name."
        )]
        file: Upload,
    ) -> Result<ImportResult> {
        let db = super::common::db(ctx)?;
        let config = ctx.data::<Arc<Config>>()?;
        let refused = |message: String| domain::Error::Invalid {
            field: "file".into(),
            message,
        };
        let upload = file.value(ctx).map_err(|e| refused(e.to_string()))?;
        let format = Format::from_upload(&upload.filename).map_err(refused)?;
        let context = domain::import::Context {
            ort_main_max: config.ort.main_max,
        };
        // An upload's budget; a test may give the request a smaller one.
        let budget = ctx.data_opt::<Budget>().copied().unwrap_or(Budget::UPLOAD);
        let r = domain::import::import_within(
            db,
            super::school::caller(ctx),
            kind.into(),
            upload.into_read(),
            format,
            &context,
            budget,
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
