//! Randomness keyed by what a value describes: a tiny SplitMix64 generator whose stream is
//! chosen by (seed, purpose, school code, year, cohort, pupil, …), never by generation order.
//! Plain arithmetic only (no libm), so every platform and both databases get the same bits.

/// SplitMix64 (Steele, Lea & Flood 2014). Chosen because a stream can be keyed by any tuple
/// of integers: each school, year, class and pupil draws from its own stream, so no value
/// depends on what was generated before it.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
const SQRT_3: f64 = 1.732_050_807_568_877_2;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, to turn codes into stream keys (stable across Rust versions, unlike `Hash`).
pub(crate) fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// Stream purposes, so two streams with the same other keys never coincide.
pub(crate) mod purpose {
    pub const SCHOOL: u64 = 1;
    pub const COHORT: u64 = 2;
    pub const GRADE_YEAR: u64 = 3;
    pub const LETTER: u64 = 4;
    pub const PUPIL: u64 = 5;
    pub const PUPIL_YEAR: u64 = 6;
    pub const AFFINITY: u64 = 7;
    pub const SCHOOL_YEAR: u64 = 8;
    pub const CLASS: u64 = 9;
    pub const ORT: u64 = 10;
    pub const OLYMPIAD: u64 = 11;
    pub const STAFF: u64 = 12;
    pub const STAFF_YEAR: u64 = 13;
    pub const INFRA: u64 = 14;
    pub const TEXTBOOK: u64 = 15;
    pub const ENROLMENT: u64 = 16;
    pub const SURVEY: u64 = 17;
}

impl Rng {
    pub(crate) fn keyed(keys: &[u64]) -> Rng {
        let state = keys.iter().fold(0x5EED_5A9A_7000_0001_u64, |s, k| {
            mix(s.wrapping_add(GAMMA) ^ k)
        });
        Rng(state)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }

    /// Uniform in [0, 1), 53 bits.
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub(crate) fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Uniform integer in lo..=hi.
    pub(crate) fn int_between(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next_u64() % u64::from((hi - lo + 1) as u32)) as i32
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A standard normal deviate, approximated by the sum of four uniforms (Irwin–Hall):
    /// plain arithmetic, so bit-identical everywhere; tails end at ±3.46 sd, which marks and
    /// scores do not miss.
    pub(crate) fn normal(&mut self) -> f64 {
        let sum = self.uniform() + self.uniform() + self.uniform() + self.uniform();
        (sum - 2.0) * SQRT_3
    }

    pub(crate) fn binomial(&mut self, n: i32, p: f64) -> i32 {
        (0..n.max(0)).filter(|_| self.chance(p)).count() as i32
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next_u64() % items.len() as u64) as usize]
    }

    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut u = self.uniform() * total;
        for (item, w) in items {
            if u < *w {
                return *item;
            }
            u -= w;
        }
        items[items.len() - 1].0
    }
}
