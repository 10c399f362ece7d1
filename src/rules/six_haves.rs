//! 六有 — the yearly evaluation of the amateur Party schools: each school is scored on six criteria
//! (leadership mechanism, venue, teachers & courses, standard management, funding, training results)
//! and ranked. **Banding** (评定等次): the top 3 are 示范 (demonstration); of the rest, 15 % are 优秀
//! (excellent); the last one is 不合格 (unqualified); every other school is 合格 (qualified).

/// The band a school is placed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    /// 示范业余党校
    Demonstration,
    /// 优秀
    Excellent,
    /// 合格
    Qualified,
    /// 不合格
    Unqualified,
}

/// How many schools are demonstration schools.
pub const DEMONSTRATION: usize = 3;
/// The share of the schools after the top 3 that are excellent, in per cent.
pub const EXCELLENT_PERCENT: usize = 15;

/// 优秀 count: 15 % of the schools after the top 3, **rounded down** (a school is excellent only when it
/// is within the 15 %): `(n − 3) × 15 / 100` in whole numbers. For 78 schools: 75 × 15 % = 11.25 → 11.
pub fn excellent_count(schools: usize) -> usize {
    schools.saturating_sub(DEMONSTRATION) * EXCELLENT_PERCENT / 100
}

/// One school's result, as the banding reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub school_id: i64,
    /// The weighted total of the six criteria.
    pub total: f64,
    /// The score on the sixth criterion, training results (培训成效): the first tie-breaker.
    pub results: f64,
}

/// A school's place and band.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub school_id: i64,
    /// 1-based rank.
    pub rank: usize,
    pub band: Band,
    /// Whether another school has the same total: its rank then follows the tie-break rule.
    pub tied: bool,
}

/// The tie-break rule, as the pages show it.
pub const TIE_RULE: &str = "总分相同时，培训成效得分高者在前；仍相同时，按学校编号（建校登记顺序）在前者在前";

/// Ranks the schools (highest total first; ties broken by `TIE_RULE`) and bands them. Needs at least 5
/// schools for every band to exist (3 demonstration, the last unqualified, one qualified); with fewer
/// the bands are filled from the top and the last place is unqualified only when it is not in the top 3.
pub fn band_schools(scores: &[Scored]) -> Vec<Placed> {
    let mut order: Vec<&Scored> = scores.iter().collect();
    order.sort_by(|a, b| {
        b.total.total_cmp(&a.total).then(b.results.total_cmp(&a.results)).then(a.school_id.cmp(&b.school_id))
    });
    let n = order.len();
    let excellent = excellent_count(n);
    order
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let band = if i < DEMONSTRATION {
                Band::Demonstration
            } else if i + 1 == n {
                Band::Unqualified
            } else if i < DEMONSTRATION + excellent {
                Band::Excellent
            } else {
                Band::Qualified
            };
            let tied = order.iter().filter(|o| o.total == s.total).count() > 1;
            Placed { school_id: s.school_id, rank: i + 1, band, tied }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scored(id: i64, total: f64, results: f64) -> Scored {
        Scored { school_id: id, total, results }
    }

    fn count(placed: &[Placed], band: Band) -> usize {
        placed.iter().filter(|p| p.band == band).count()
    }

    #[test]
    fn seventy_eight_schools_are_three_eleven_sixty_three_one() {
        assert_eq!(excellent_count(78), 11);
        let scores: Vec<Scored> = (1..=78).map(|i| scored(i, 100.0 - i as f64 * 0.5, 10.0)).collect();
        let placed = band_schools(&scores);
        let counts: Vec<usize> =
            [Band::Demonstration, Band::Excellent, Band::Qualified, Band::Unqualified].iter().map(|b| count(&placed, *b)).collect();
        assert_eq!(counts, [3, 11, 63, 1]);
        assert_eq!(placed[0].school_id, 1);
        assert_eq!(placed[77], Placed { school_id: 78, rank: 78, band: Band::Unqualified, tied: false });
    }

    #[test]
    fn ties_follow_training_results_then_the_school_number() {
        let placed = band_schools(&[scored(7, 90.0, 8.0), scored(3, 90.0, 9.0), scored(5, 90.0, 9.0), scored(1, 95.0, 1.0), scored(2, 10.0, 1.0)]);
        let ids: Vec<i64> = placed.iter().map(|p| p.school_id).collect();
        assert_eq!(ids, [1, 3, 5, 7, 2]);
        assert!(placed[1].tied && placed[2].tied && placed[3].tied);
        assert!(!placed[0].tied);
        assert_eq!(placed[3].band, Band::Qualified, "a tie across the demonstration boundary is decided by the rule");
    }

    proptest! {
        #[test]
        fn every_school_is_banded_once_as_documented(
            totals in prop::collection::vec((0u8..=20, 0u8..=5), 5..200),
        ) {
            // Few distinct values: plenty of ties.
            let scores: Vec<Scored> = totals.iter().enumerate()
                .map(|(i, (t, r))| scored(i as i64 + 1, *t as f64 * 5.0, *r as f64)).collect();
            let n = scores.len();
            let placed = band_schools(&scores);
            prop_assert_eq!(placed.len(), n);
            prop_assert_eq!(count(&placed, Band::Demonstration), 3);
            prop_assert_eq!(count(&placed, Band::Unqualified), 1);
            prop_assert_eq!(count(&placed, Band::Excellent), (n - 3) * 15 / 100);
            prop_assert_eq!(count(&placed, Band::Qualified), n - 4 - (n - 3) * 15 / 100);
            let mut ids: Vec<i64> = placed.iter().map(|p| p.school_id).collect();
            ids.sort();
            prop_assert_eq!(ids, (1..=n as i64).collect::<Vec<_>>());
            // Ranked by total; the same input in another order gives the same result.
            let total = |id: i64| scores[(id - 1) as usize].total;
            let descending = placed.windows(2).all(|w| total(w[0].school_id) >= total(w[1].school_id));
            prop_assert!(descending, "ranked by total");
            let mut shuffled = scores.clone();
            shuffled.reverse();
            prop_assert_eq!(band_schools(&shuffled), placed);
        }
    }
}
