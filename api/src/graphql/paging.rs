//! Relay cursor pagination shared by the connections (`schools`, `ranking`) and the logs
//! (`auditLog`, `jobRuns`): the arguments `first`/`after` and `last`/`before`, their checks,
//! their complexity, and `PageInfo`. What a cursor is stays with each list (a school id, a rank
//! position, an entry id).

use super::error::{Result, invalid};
use async_graphql::{ID, SimpleObject};
use domain::messages::arguments::ArgMsg;
use domain::query::newest::{IdPage, IdWindow};

/// Where a page starts and ends, and whether the list goes on either side.
#[derive(SimpleObject)]
#[graphql(name = "PageInfo")]
pub struct PageInfo {
    /// Whether more items follow this page (pass `endCursor` as `after` to read them).
    pub(crate) has_next_page: bool,
    /// Whether items precede this page (pass `startCursor` as `before`, where the list takes
    /// one, to read them); paging forward, true exactly when the page continues a cursor.
    pub(crate) has_previous_page: bool,
    /// The cursor of the page's first item (pass it as `before`); null = the page is empty.
    pub(crate) start_cursor: Option<ID>,
    /// The cursor of the page's last item (pass it as `after`); null = the page is empty.
    pub(crate) end_cursor: Option<ID>,
}

impl PageInfo {
    /// The page of a newest-first log, its cursors the entries' ids.
    pub(crate) fn of_log<T>(page: &IdPage<T>, id: impl Fn(&T) -> i64) -> PageInfo {
        let cursor = |t: &T| ID(id(t).to_string());
        PageInfo {
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            start_cursor: page.items.first().map(cursor),
            end_cursor: page.items.last().map(cursor),
        }
    }
}

/// The page the arguments ask for: `size` items strictly between the cursors, the first ones
/// or (`from_end`) the last ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slice<C> {
    pub(crate) size: u64,
    pub(crate) after: Option<C>,
    pub(crate) before: Option<C>,
    pub(crate) from_end: bool,
}

/// Checks Relay's arguments: `first` and `last` exclude each other, neither is negative or
/// above `max`, and neither given means `first: default`. `cursor` reads a cursor, naming the
/// argument it came from in its error.
pub(crate) fn slice<C>(
    first: Option<i32>,
    after: Option<ID>,
    last: Option<i32>,
    before: Option<ID>,
    (default, max): (i32, i32),
    cursor: impl Fn(&str, &ID) -> Result<C>,
) -> Result<Slice<C>> {
    let (arg, size, from_end) = match (first, last) {
        (Some(_), Some(_)) => {
            return Err(invalid("first", ArgMsg::PageBothEnds));
        }
        (Some(n), None) => ("first", n, false),
        (None, Some(n)) => ("last", n, true),
        (None, None) => ("first", default, false),
    };
    if size < 0 {
        return Err(invalid(
            arg,
            ArgMsg::Negative {
                got: i64::from(size),
            },
        ));
    }
    if size > max {
        return Err(invalid(
            arg,
            ArgMsg::PageTooLarge {
                max: u64::try_from(max).unwrap_or_default(),
                got: u64::try_from(size).unwrap_or_default(),
            },
        ));
    }
    Ok(Slice {
        size: u64::try_from(size).unwrap_or_default(),
        after: after.map(|c| cursor("after", &c)).transpose()?,
        before: before.map(|c| cursor("before", &c)).transpose()?,
        from_end,
    })
}

/// The window of a newest-first log (`auditLog`, `jobRuns`): its cursors are entry ids.
pub(crate) fn log_window(
    first: Option<i32>,
    after: Option<ID>,
    last: Option<i32>,
    before: Option<ID>,
    limits: (i32, i32),
) -> Result<IdWindow> {
    let s = slice(first, after, last, before, limits, |arg, c| {
        // Entry ids are positive: a negative cursor names nothing (and is no page at all).
        match c.parse::<i64>() {
            Ok(id) if id >= 0 => Ok(id),
            _ => Err(invalid(arg, ArgMsg::NotACursor(c.as_str().into()))),
        }
    })?;
    Ok(IdWindow {
        size: s.size,
        after: s.after,
        before: s.before,
        from_end: s.from_end,
    })
}

/// The most items a page of these arguments can hold, for `#[graphql(complexity)]`: `last`
/// counts like `first`, and neither given counts the default.
pub(crate) fn cost(first: Option<i32>, last: Option<i32>, default: i32) -> usize {
    let n = match (first, last) {
        (None, None) => default,
        (f, l) => f.unwrap_or(0).max(l.unwrap_or(0)),
    };
    usize::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::cost;

    #[test]
    fn last_counts_like_first_and_neither_counts_the_default() {
        assert_eq!(cost(Some(10), None, 50), 10);
        assert_eq!(cost(None, Some(120), 50), 120);
        assert_eq!(cost(None, None, 50), 50);
        assert_eq!(cost(Some(-3), None, 50), 0);
    }
}
