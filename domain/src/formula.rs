//! The mark formulas of DOMAIN.md §1.3, in one place for the API. (The trend job computes the
//! same formulas over summed counts in polars, `jobs::indicators`.) Every value is derived
//! from raw counts on read and is `None` when its denominator is zero: missing, never 0.
//!
//! `assessed` (N) is `n5 + n4 + n3 + n2 + n1 + n_na`: exempt pupils are out, not-attested
//! pupils (н/а) are in. A mark of 1 counts in N and weighs 0 in СОУ.

/// Mark counts of one subject scope (or a sum of such scopes: sum the counts, then derive).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkCounts {
    pub n5: i64,
    pub n4: i64,
    pub n3: i64,
    pub n2: i64,
    pub n1: i64,
    pub n_na: i64,
}

impl MarkCounts {
    /// N, the denominator of quality, success and СОУ.
    pub fn assessed(&self) -> i64 {
        self.n5 + self.n4 + self.n3 + self.n2 + self.n1 + self.n_na
    }

    /// Pupils with a mark 2..5, the denominator of the average mark.
    pub fn marked(&self) -> i64 {
        self.n5 + self.n4 + self.n3 + self.n2
    }

    /// Knowledge quality (билим сапаты): `(n5 + n4) / N × 100`.
    pub fn knowledge_quality_pct(&self) -> Option<f64> {
        pct(self.n5 + self.n4, self.assessed())
    }

    /// Success (жетишүү): `(n5 + n4 + n3) / N × 100`, pupils without a 2, a 1 or н/а.
    pub fn success_pct(&self) -> Option<f64> {
        pct(self.n5 + self.n4 + self.n3, self.assessed())
    }

    /// СОУ: `(100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n_na) / N`, 0..100.
    pub fn sou_pct(&self) -> Option<f64> {
        let points = 100 * self.n5 + 64 * self.n4 + 36 * self.n3 + 16 * self.n2 + 7 * self.n_na;
        ratio(points, self.assessed())
    }

    /// Average mark: `(5·n5 + 4·n4 + 3·n3 + 2·n2) / (n5 + n4 + n3 + n2)`.
    pub fn average_mark(&self) -> Option<f64> {
        ratio(
            5 * self.n5 + 4 * self.n4 + 3 * self.n3 + 2 * self.n2,
            self.marked(),
        )
    }
}

impl std::ops::Add for MarkCounts {
    type Output = MarkCounts;
    fn add(self, o: MarkCounts) -> MarkCounts {
        MarkCounts {
            n5: self.n5 + o.n5,
            n4: self.n4 + o.n4,
            n3: self.n3 + o.n3,
            n2: self.n2 + o.n2,
            n1: self.n1 + o.n1,
            n_na: self.n_na + o.n_na,
        }
    }
}

impl From<&entity::mark_summary::Model> for MarkCounts {
    fn from(m: &entity::mark_summary::Model) -> Self {
        MarkCounts {
            n5: m.n5.into(),
            n4: m.n4.into(),
            n3: m.n3.into(),
            n2: m.n2.into(),
            n1: m.n1.into(),
            n_na: m.n_na.into(),
        }
    }
}

/// A class's all-subjects outcome: pupils counted by their worst mark of the period. Quality
/// and success follow the class-level scope rule (all marks 4–5; no 2 and not н/а). Average
/// mark and СОУ need counts of marks, which these pupil counts do not give, so there are none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassCounts {
    pub n_all_5: i64,
    pub n_4_5: i64,
    pub n_with_3: i64,
    pub n_with_2: i64,
    pub n_na: i64,
}

impl ClassCounts {
    /// N: every pupil of the class but the exempt.
    pub fn assessed(&self) -> i64 {
        self.n_all_5 + self.n_4_5 + self.n_with_3 + self.n_with_2 + self.n_na
    }

    /// Pupils whose marks are all 4 or 5, over N.
    pub fn knowledge_quality_pct(&self) -> Option<f64> {
        pct(self.n_all_5 + self.n_4_5, self.assessed())
    }

    /// Pupils with no 2 and not н/а, over N.
    pub fn success_pct(&self) -> Option<f64> {
        pct(self.n_all_5 + self.n_4_5 + self.n_with_3, self.assessed())
    }
}

impl std::ops::Add for ClassCounts {
    type Output = ClassCounts;
    fn add(self, o: ClassCounts) -> ClassCounts {
        ClassCounts {
            n_all_5: self.n_all_5 + o.n_all_5,
            n_4_5: self.n_4_5 + o.n_4_5,
            n_with_3: self.n_with_3 + o.n_with_3,
            n_with_2: self.n_with_2 + o.n_with_2,
            n_na: self.n_na + o.n_na,
        }
    }
}

impl From<&entity::class_outcome::Model> for ClassCounts {
    fn from(m: &entity::class_outcome::Model) -> Self {
        ClassCounts {
            n_all_5: m.n_all_5.into(),
            n_4_5: m.n_4_5.into(),
            n_with_3: m.n_with_3.into(),
            n_with_2: m.n_with_2.into(),
            n_na: m.n_na.into(),
        }
    }
}

fn ratio(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

fn pct(numerator: i64, denominator: i64) -> Option<f64> {
    ratio(numerator * 100, denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_style_counts() {
        // 25 pupils: 4 fives, 8 fours, 10 threes, 2 twos, 1 н/а.
        let c = MarkCounts {
            n5: 4,
            n4: 8,
            n3: 10,
            n2: 2,
            n1: 0,
            n_na: 1,
        };
        assert_eq!(c.assessed(), 25);
        assert_eq!(c.knowledge_quality_pct(), Some(48.0));
        assert_eq!(c.success_pct(), Some(88.0));
        assert_eq!(
            c.sou_pct(),
            Some((400.0 + 512.0 + 360.0 + 32.0 + 7.0) / 25.0)
        );
        assert_eq!(c.average_mark(), Some((20.0 + 32.0 + 30.0 + 4.0) / 24.0));
    }

    #[test]
    fn empty_scope_is_missing_not_zero() {
        let c = MarkCounts::default();
        assert_eq!(c.knowledge_quality_pct(), None);
        assert_eq!(c.success_pct(), None);
        assert_eq!(c.sou_pct(), None);
        assert_eq!(c.average_mark(), None);
        assert_eq!(ClassCounts::default().success_pct(), None);
    }

    #[test]
    fn class_level_rule() {
        let c = ClassCounts {
            n_all_5: 2,
            n_4_5: 8,
            n_with_3: 12,
            n_with_2: 2,
            n_na: 1,
        };
        assert_eq!(c.assessed(), 25);
        assert_eq!(c.knowledge_quality_pct(), Some(40.0));
        assert_eq!(c.success_pct(), Some(88.0));
    }
}
