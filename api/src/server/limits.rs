//! Per-caller limits: how many GraphQL requests one caller may have in progress, and how many
//! it may start per minute. A caller is its token, its single sign-on subject, or, when
//! anonymous, its client address (behind a reverse proxy every anonymous client shares the
//! proxy's address: limit them at the proxy, see docs/OPERATIONS.md).

use domain::auth::Caller;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Who a limit applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Token(i32),
    Subject(String),
    Anonymous(Option<IpAddr>),
}

impl Key {
    pub(super) fn of(caller: &Caller, addr: Option<IpAddr>) -> Key {
        match &caller.0 {
            Some(p) => match (p.token_id, &p.subject) {
                (Some(id), _) => Key::Token(id),
                (None, Some(subject)) => Key::Subject(subject.clone()),
                (None, None) => Key::Anonymous(addr),
            },
            None => Key::Anonymous(addr),
        }
    }
}

/// Why a request was refused.
pub(super) enum Refused {
    /// Too many in progress.
    Busy { limit: u32 },
    /// Too many this minute; try again after this long.
    Rate { retry_after: Duration },
}

pub(super) struct Limits {
    max_in_progress: u32,
    in_progress: Mutex<HashMap<Key, u32>>,
    rate: Option<DefaultKeyedRateLimiter<Key>>,
    checks: AtomicU64,
}

/// A request counted as in progress until dropped.
pub(super) struct Slot {
    limits: Arc<Limits>,
    key: Option<Key>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            let mut map = self
                .limits
                .in_progress
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            // Entries go when their last request ends, so the map holds only active callers.
            if let Some(n) = map.get_mut(&key) {
                *n -= 1;
                if *n == 0 {
                    map.remove(&key);
                }
            }
        }
    }
}

impl Limits {
    pub(super) fn new(max_in_progress: u32, per_minute: u32) -> Limits {
        let rate = NonZeroU32::new(per_minute).map(|n| {
            let burst = NonZeroU32::new(per_minute / 10).unwrap_or(NonZeroU32::MIN);
            RateLimiter::keyed(Quota::per_minute(n).allow_burst(burst))
        });
        Limits {
            max_in_progress,
            in_progress: Mutex::new(HashMap::new()),
            rate,
            checks: AtomicU64::new(0),
        }
    }

    /// Admits one request of `key`, or says why not.
    pub(super) fn admit(self: &Arc<Self>, key: Key) -> Result<Slot, Refused> {
        if let Some(rate) = &self.rate {
            // The keyed state keeps every caller seen; forget the ones whose quota is full
            // again now and then, so anonymous addresses cannot grow it without bound.
            if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 {
                rate.retain_recent();
            }
            if let Err(not_until) = rate.check_key(&key) {
                use governor::clock::{Clock, DefaultClock};
                return Err(Refused::Rate {
                    retry_after: not_until.wait_time_from(DefaultClock::default().now()),
                });
            }
        }
        if self.max_in_progress == 0 {
            return Ok(Slot {
                limits: self.clone(),
                key: None,
            });
        }
        let mut map = self
            .in_progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let n = map.entry(key.clone()).or_insert(0);
        if *n >= self.max_in_progress {
            return Err(Refused::Busy {
                limit: self.max_in_progress,
            });
        }
        *n += 1;
        Ok(Slot {
            limits: self.clone(),
            key: Some(key),
        })
    }

    #[cfg(test)]
    fn active_callers(&self) -> usize {
        self.in_progress.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_is_capped_and_its_slots_come_back() {
        let limits = Arc::new(Limits::new(2, 0));
        let a = Key::Token(1);
        let first = limits.admit(a.clone()).ok().unwrap();
        let second = limits.admit(a.clone()).ok().unwrap();
        assert!(matches!(
            limits.admit(a.clone()),
            Err(Refused::Busy { limit: 2 })
        ));
        // Another caller is not held up by the first.
        assert!(limits.admit(Key::Token(2)).is_ok());
        drop(first);
        assert!(limits.admit(a).is_ok());
        drop(second);
        assert_eq!(limits.active_callers(), 0, "nothing kept once requests end");
    }

    #[test]
    fn a_caller_over_its_rate_is_told_when_to_come_back() {
        let limits = Arc::new(Limits::new(0, 60));
        let key = Key::Anonymous(None);
        // A burst of a tenth of the minute's quota (at least one), then refusals.
        let admitted = (0..20)
            .filter(|_| limits.admit(key.clone()).is_ok())
            .count();
        assert_eq!(admitted, 6);
        match limits.admit(key) {
            Err(Refused::Rate { retry_after }) => {
                assert!(retry_after > Duration::ZERO && retry_after <= Duration::from_secs(1))
            }
            _ => panic!("expected a rate refusal"),
        }
        assert!(
            limits.admit(Key::Token(9)).is_ok(),
            "others keep their quota"
        );
    }
}
