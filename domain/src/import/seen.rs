//! Telling a repeated natural key within one file, in a few bytes a row.

use sea_orm::Value;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};

/// The natural keys of the rows read so far, for telling a repeated key in one file.
///
/// A key is kept as a 96-bit fingerprint (two independently keyed SipHashes) with the row it
/// came from: a 17-byte slot a row however wide the key (≈ 140 MB of table for a national
/// year of 4.4M rows, where owned key strings took several times that). A false "repeats"
/// needs two different keys with the same 96 bits: odds below 10^-14 even for 22M rows.
pub(super) struct SeenKeys {
    rows: HashMap<Fingerprint, u32, PreHashed>,
    a: std::hash::RandomState,
    b: std::hash::RandomState,
}

impl Default for SeenKeys {
    fn default() -> Self {
        SeenKeys {
            rows: HashMap::default(),
            a: std::hash::RandomState::new(),
            b: std::hash::RandomState::new(),
        }
    }
}

impl SeenKeys {
    /// Records the key of row `line`; returns the earlier row with the same key, if any.
    pub(super) fn insert<'v>(
        &mut self,
        key: impl Iterator<Item = &'v Value> + Clone,
        line: u64,
    ) -> Option<u64> {
        let hash = |state: &std::hash::RandomState| {
            let mut h = state.build_hasher();
            key.clone().for_each(|v| v.hash(&mut h));
            h.finish()
        };
        let (h1, h2) = (hash(&self.a), hash(&self.b));
        let fingerprint = Fingerprint([h1 as u32, (h1 >> 32) as u32, h2 as u32]);
        // Row numbers past 4 billion do not occur in a spreadsheet or CSV anyone exports.
        let line32 = u32::try_from(line).unwrap_or(u32::MAX);
        match self.rows.entry(fingerprint) {
            std::collections::hash_map::Entry::Occupied(e) => Some(u64::from(*e.get())),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(line32);
                None
            }
        }
    }
}

/// 96 bits of a key's hashes; its first 64 bits are already uniform, so the map uses them
/// as the bucket hash instead of hashing again.
#[derive(PartialEq, Eq)]
struct Fingerprint([u32; 3]);

impl Hash for Fingerprint {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.0[0]) | (u64::from(self.0[1]) << 32));
    }
}

#[derive(Default, Clone, Copy)]
struct PreHashed;

impl BuildHasher for PreHashed {
    type Hasher = PreHashedHasher;
    fn build_hasher(&self) -> PreHashedHasher {
        PreHashedHasher(0)
    }
}

struct PreHashedHasher(u64);

impl Hasher for PreHashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
