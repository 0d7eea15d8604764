//! The workbook reader: one workbook at a time, on a blocking thread, so that memory and CPU
//! stay bounded however many uploads arrive together. Three rules keep one caller from
//! holding it while the others wait:
//! - a caller reads one workbook at a time: its next waits in the caller's own line, so the
//!   others wait behind at most one workbook of each caller;
//! - an upload waits for the reader at most [`limits::WORKBOOK_WAIT`], then is refused in words;
//! - a parse stops when the import that asked for it is dropped (its request cancelled or
//!   timed out): its [`Cancel`] flag is set and the parse looks at it every few thousand cells,
//!   so the reader is free again at once.

use super::{RowError, Table, file_error, limits};
use crate::auth::Caller;
use crate::messages::Msg;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{AcquireError, Semaphore};

/// Set when the import that started a parse is gone: the parse stops at its next look.
#[derive(Clone, Default)]
pub(super) struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub(super) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err` once set, for `?` in a parse loop (nobody reads the error: its import is gone).
    pub(super) fn check(&self) -> Result<(), RowError> {
        if self.is_set() {
            Err(file_error(Msg::CannotRead(
                "the import was cancelled".into(),
            )))
        } else {
            Ok(())
        }
    }
}

/// Sets its flag when dropped: held by the import's future.
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.0.store(true, Ordering::Relaxed);
    }
}

/// Each caller's own line for the reader: a caller's second workbook waits behind its first
/// there, not in the line all callers share.
static LINES: Mutex<Option<HashMap<Caller, Arc<Semaphore>>>> = Mutex::new(None);

/// A caller's place in [`LINES`]; the line goes when nobody else holds it.
struct Line(Caller, Arc<Semaphore>);

impl Line {
    fn join(caller: &Caller) -> Line {
        let mut lines = LINES.lock().unwrap_or_else(PoisonError::into_inner);
        let line = lines
            .get_or_insert_with(HashMap::new)
            .entry(caller.clone())
            .or_insert_with(|| Arc::new(Semaphore::new(1)))
            .clone();
        Line(caller.clone(), line)
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        let mut lines = LINES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(map) = lines.as_mut()
            // The map's and this one: nobody else is in the line.
            && map.get(&self.0).is_some_and(|l| Arc::strong_count(l) == 2)
        {
            map.remove(&self.0);
        }
    }
}

/// Runs `parse` on a blocking thread once the reader is free; see the module's rules.
pub(super) async fn workbook<F>(caller: &Caller, parse: F) -> Result<Table, RowError>
where
    F: FnOnce(&Cancel) -> Result<Table, RowError> + Send + 'static,
{
    waiting_at_most(limits::WORKBOOK_WAIT, caller, parse).await
}

/// [`workbook`] with its wait for the reader (a test's is shorter).
async fn waiting_at_most<F>(
    wait: std::time::Duration,
    caller: &Caller,
    parse: F,
) -> Result<Table, RowError>
where
    F: FnOnce(&Cancel) -> Result<Table, RowError> + Send + 'static,
{
    static WORKBOOKS: Semaphore = Semaphore::const_new(1);
    let line = Line::join(caller);
    let waited = tokio::time::timeout(wait, async {
        let own = line.1.clone().acquire_owned().await?;
        Ok::<_, AcquireError>((own, WORKBOOKS.acquire().await?))
    })
    .await;
    let permits = match waited {
        Ok(Ok(permits)) => permits,
        Ok(Err(_)) => return Err(file_error(Msg::CannotRead("the reader is closed".into()))),
        Err(_) => {
            return Err(file_error(Msg::WorkbookReaderBusy(wait.as_secs().max(1))));
        }
    };
    let cancel = Cancel::default();
    let _on_drop = CancelOnDrop(cancel.clone());
    match tokio::task::spawn_blocking(move || {
        // The permits go with the parse: given back when it ends or stops.
        let _permits = permits;
        parse(&cancel)
    })
    .await
    {
        Ok(table) => table,
        // calamine panics on some malformed files (a cell reference that overflows): the file
        // is bad, the server is fine.
        Err(e) if e.is_panic() => Err(super::malformed()),
        Err(e) => Err(file_error(Msg::CannotRead(e.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Principal, Role};

    fn school(token: i32) -> Caller {
        Caller(Some(Principal {
            token_id: Some(token),
            subject: None,
            role: Role::School,
            scope_id: Some(token),
        }))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_upload_that_waits_past_the_limit_is_refused_in_words() {
        // One school's workbook holds the reader until released.
        let (release, held) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel();
        let first = tokio::spawn(async move {
            workbook(&school(9_001), move |_| {
                let _ = started.send(());
                let _ = held.recv();
                Err(file_error(Msg::NoSheets))
            })
            .await
        });
        running.await.unwrap();

        // Another school's waits to the limit (a second here, 20 s served), then is refused.
        let wait = std::time::Duration::from_secs(1);
        let other = school(9_002);
        let second = waiting_at_most(wait, &other, |_| Err(file_error(Msg::NoSheets)));
        let refused = second.await.err().unwrap();
        assert_eq!(refused.message, Msg::WorkbookReaderBusy(1));
        let [ky, ru, _] = refused.message.texts();
        assert!(ky.contains('1') && ru.contains('1'), "{ky} / {ru}");

        release.send(()).unwrap();
        assert_eq!(first.await.unwrap().err().unwrap().message, Msg::NoSheets);
    }
}
