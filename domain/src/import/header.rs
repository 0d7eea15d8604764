//! The header row: each file column mapped to a template column by its ky, ru or en name.

use super::{MAX_LISTED_ERRORS, RowError};
use crate::facts::Col;
use crate::import::cell::normalise_name;
use crate::messages::Msg;
use std::collections::HashSet;

/// Maps each file column to a template column by its Kyrgyz, Russian or English header.
/// The template's names are normalised once, and at most [`MAX_LISTED_ERRORS`] problems are
/// listed (with the total), so a header of 200,000 made-up columns costs one pass.
pub(super) fn map_header(
    header: &[String],
    columns: &[Col],
) -> std::result::Result<Vec<Option<usize>>, (Vec<RowError>, usize)> {
    let norm = |s: &str| crate::text::search_key(&normalise_name(s.trim_end_matches('*').trim()));
    let names: Vec<[String; 4]> = columns
        .iter()
        .map(|c| {
            [
                norm(c.key),
                norm(c.ky),
                norm(c.ru),
                norm(&c.key.replace('_', " ")),
            ]
        })
        .collect();
    let mut errors = Vec::new();
    let mut total = 0;
    let mut report = |e: RowError| {
        total += 1;
        if errors.len() < MAX_LISTED_ERRORS {
            errors.push(e);
        }
    };
    let mut used = HashSet::new();
    let mut mapping = Vec::with_capacity(header.len());
    for (pos, h) in header.iter().enumerate() {
        if h.trim().is_empty() {
            mapping.push(None);
            continue;
        }
        let key = norm(h);
        let found = names.iter().position(|n| n.contains(&key));
        match found {
            Some(ci) if !used.insert(ci) => report(RowError {
                forbidden: false,
                row: 1,
                column: Some(super::shown(h)),
                value: None,
                message: Msg::ColumnTwice(h.trim().into()),
            }),
            Some(ci) => mapping.push(Some(ci)),
            None => {
                report(RowError {
                    forbidden: false,
                    row: 1,
                    // Quoted shortened, like a cell: a 15 MB header came back twice.
                    column: Some(super::shown(h)),
                    value: None,
                    message: Msg::UnknownColumn {
                        position: pos + 1,
                        columns: columns.iter().map(|c| [c.ky, c.ru, c.key]).collect(),
                    },
                });
                mapping.push(None);
            }
        }
    }
    for (ci, c) in columns.iter().enumerate() {
        if c.required && !used.contains(&ci) {
            report(RowError {
                forbidden: false,
                row: 1,
                column: Some(c.key.to_owned()),
                value: None,
                message: Msg::MissingColumn([c.ky, c.ru, c.key]),
            });
        }
    }
    if total == 0 {
        Ok(mapping)
    } else {
        Err((errors, total))
    }
}
