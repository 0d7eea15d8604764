//! Answers served again from memory: a dashboard answer built from the trend snapshot alone
//! is the same for every identical request of the same caller until the snapshot changes,
//! so the serialised answer is kept and sent again instead of being rebuilt field by field
//! (async-graphql's per-field work was most of the CPU time of a district league table,
//! BENCHMARKS.md).
//!
//! What is kept: single JSON requests whose answer had no errors, read no database row
//! (`graphql::Trace::read_database`) and was built from a snapshot view. The key is the
//! exact request body, the caller (the whole principal: answers are scoped by role and
//! place) and the answer language; entries belong to one snapshot version, and the first
//! answer of a newer version empties the cache. Entries are evicted oldest first beyond the
//! byte budget (`server.answer_cache_mb`; 0 turns the cache off).

use crate::graphql::Lang;
use domain::auth::Caller;
use poem::Body;
use poem::http::HeaderMap;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// What an answer depends on besides the snapshot version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    caller: Caller,
    lang: Lang,
    body: Vec<u8>,
}

impl Key {
    pub fn new(caller: Caller, lang: Lang, body: &[u8]) -> Key {
        Key {
            caller,
            lang,
            body: body.to_vec(),
        }
    }

    fn size(&self) -> usize {
        self.body.len() + 64
    }
}

/// A kept answer: its headers (content type, cache control) and body.
#[derive(Clone)]
pub struct Answer {
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

impl Answer {
    fn size(&self) -> usize {
        self.body.len() + 64 * self.headers.len()
    }

    /// A response carrying the kept answer.
    pub fn to_response(&self) -> poem::Response {
        let mut res = poem::Response::builder().body(Body::from_bytes(self.body.clone()));
        res.headers_mut().extend(self.headers.clone());
        res
    }
}

pub struct AnswerCache {
    budget: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    version: u64,
    bytes: usize,
    answers: HashMap<Key, Answer>,
    order: VecDeque<Key>,
}

impl AnswerCache {
    pub fn new(budget_bytes: usize) -> AnswerCache {
        AnswerCache {
            budget: budget_bytes,
            inner: Mutex::new(Inner::default()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.budget > 0
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The answer kept for `key` at snapshot `version`.
    pub fn get(&self, version: u64, key: &Key) -> Option<Answer> {
        let inner = self.inner();
        if inner.version != version {
            return None;
        }
        inner.answers.get(key).cloned()
    }

    /// Keeps an answer built from snapshot `version`; answers of older versions are dropped.
    pub fn put(&self, version: u64, key: Key, answer: Answer) {
        let size = key.size() + answer.size();
        if size > self.budget {
            return;
        }
        let mut inner = self.inner();
        if version < inner.version {
            return;
        }
        if version > inner.version {
            *inner = Inner {
                version,
                ..Inner::default()
            };
        }
        if inner.answers.contains_key(&key) {
            return;
        }
        while inner.bytes + size > self.budget {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some(gone) = inner.answers.remove(&old) {
                inner.bytes -= old.size() + gone.size();
            }
        }
        inner.bytes += size;
        inner.order.push_back(key.clone());
        inner.answers.insert(key, answer);
    }

    /// Answers and bytes held now.
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.inner();
        (inner.answers.len(), inner.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(n: usize) -> Answer {
        Answer {
            headers: HeaderMap::new(),
            body: bytes::Bytes::from(vec![b'x'; n]),
        }
    }

    fn key(body: &str) -> Key {
        Key::new(Caller(None), Lang::default(), body.as_bytes())
    }

    #[test]
    fn an_answer_is_kept_for_its_version_only() {
        let cache = AnswerCache::new(10_000);
        cache.put(3, key("a"), answer(10));
        assert!(cache.get(3, &key("a")).is_some());
        assert!(cache.get(4, &key("a")).is_none(), "a newer snapshot misses");
        assert!(cache.get(3, &key("b")).is_none());
        cache.put(4, key("b"), answer(10));
        assert!(
            cache.get(3, &key("a")).is_none(),
            "a newer version empties the cache"
        );
        cache.put(3, key("a"), answer(10));
        assert!(
            cache.get(3, &key("a")).is_none(),
            "an older answer is not kept"
        );
        assert_eq!(cache.usage().0, 1);
    }

    #[test]
    fn callers_and_languages_do_not_share_answers() {
        let cache = AnswerCache::new(10_000);
        cache.put(1, key("q"), answer(10));
        let other = Key::new(
            Caller(Some(domain::auth::Principal {
                token_id: Some(5),
                subject: None,
                role: domain::auth::Role::District,
                scope_id: Some(59),
            })),
            Lang::default(),
            b"q",
        );
        assert!(cache.get(1, &other).is_none());
    }

    #[test]
    fn the_oldest_answers_go_beyond_the_budget() {
        let cache = AnswerCache::new(1_000);
        for i in 0..10 {
            cache.put(1, key(&i.to_string()), answer(300));
        }
        let (n, bytes) = cache.usage();
        assert!(bytes <= 1_000, "{bytes} bytes held");
        assert_eq!(n, 2);
        assert!(cache.get(1, &key("9")).is_some());
        assert!(cache.get(1, &key("0")).is_none());
        cache.put(1, key("big"), answer(5_000));
        assert!(
            cache.get(1, &key("big")).is_none(),
            "larger than the budget"
        );
        assert!(AnswerCache::new(0).usage().0 == 0 && !AnswerCache::new(0).enabled());
    }
}
