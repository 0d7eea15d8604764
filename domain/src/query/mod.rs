//! Read queries behind the GraphQL API. Lists nested under a page are fetched with one IN
//! query per level (never one query per row), so a page costs a fixed number of statements.

pub(crate) mod lookup;
pub mod newest;
pub mod place;
pub mod profile;
pub mod schools;

use sea_orm::Value;

/// `?, ?, ?` for `n` values (at least one, so `IN ()` never happens; callers skip empty sets).
pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n.max(1)].join(", ")
}

pub(crate) fn values<T: Into<Value> + Clone>(items: &[T]) -> Vec<Value> {
    items.iter().cloned().map(Into::into).collect()
}
