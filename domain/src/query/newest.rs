//! Keyset pages of the logs listed newest first by id (the audit log, the job history):
//! Relay's `first`/`after` and `last`/`before` over `ORDER BY id DESC`, one statement a page
//! whichever end it is read from.

use sea_orm::Value;

/// Which part of a newest-first log a page holds: `size` entries strictly between the cursors
/// (entry ids; `after` = older than, `before` = newer than), the newest of them or
/// (`from_end`) the oldest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdWindow {
    pub size: u64,
    pub after: Option<i64>,
    pub before: Option<i64>,
    pub from_end: bool,
}

/// One page, newest first whichever end it was read from.
#[derive(Debug, Clone)]
pub struct IdPage<T> {
    pub items: Vec<T>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
}

impl IdWindow {
    /// The first `size` entries: what a list without cursors answered before it paged.
    pub fn newest(size: u64) -> IdWindow {
        IdWindow {
            size,
            ..IdWindow::default()
        }
    }

    /// Adds the cursors to `conds`/`values` and returns the statement's tail
    /// (`WHERE … ORDER BY id … LIMIT ?`), its limit pushed last. One row more than asked tells
    /// whether the log goes on beyond the page.
    pub(crate) fn tail(&self, mut conds: Vec<String>, values: &mut Vec<Value>) -> String {
        if let Some(id) = self.after {
            conds.push("id < ?".into());
            values.push(id.into());
        }
        if let Some(id) = self.before {
            conds.push("id > ?".into());
            values.push(id.into());
        }
        values.push(
            i64::try_from(self.size.saturating_add(1))
                .unwrap_or(i64::MAX)
                .into(),
        );
        let filter = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        let dir = if self.from_end { "ASC" } else { "DESC" };
        format!("{filter} ORDER BY id {dir} LIMIT ?")
    }

    /// The page from the rows [`tail`](Self::tail)'s statement returned.
    pub(crate) fn page<T>(&self, mut rows: Vec<T>) -> IdPage<T> {
        let more = rows.len() as u64 > self.size;
        rows.truncate(usize::try_from(self.size).unwrap_or(usize::MAX));
        // A cursor's own entry lies beyond the page on its side.
        let (beyond_start, beyond_end) = if self.from_end {
            rows.reverse();
            (more || self.after.is_some(), self.before.is_some())
        } else {
            (self.after.is_some(), more || self.before.is_some())
        };
        IdPage {
            items: rows,
            has_next_page: beyond_end,
            has_previous_page: beyond_start,
        }
    }

    /// The argument a page size is named by (`first`, or `last` read from the end).
    pub fn size_argument(&self) -> &'static str {
        if self.from_end { "last" } else { "first" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_become_id_bounds_and_the_end_is_read_in_reverse() {
        let w = IdWindow {
            size: 2,
            after: Some(9),
            before: Some(3),
            from_end: true,
        };
        let mut values = Vec::new();
        let tail = w.tail(vec!["job = ?".into()], &mut values);
        assert_eq!(
            tail,
            " WHERE job = ? AND id < ? AND id > ? ORDER BY id ASC LIMIT ?"
        );
        assert_eq!(values.len(), 3);
        // Read oldest first (4, 5, 6): one more than asked, so newer entries precede the page.
        let page = w.page(vec![4, 5, 6]);
        assert_eq!(page.items, vec![5, 4]);
        assert!(page.has_previous_page && page.has_next_page);
        let first = IdWindow::newest(5).page(vec![9, 8]);
        assert_eq!(first.items, vec![9, 8]);
        assert!(!first.has_previous_page && !first.has_next_page);
    }
}
