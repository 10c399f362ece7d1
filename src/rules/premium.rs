//! 精品课程评选 — 《黄陂区干部教育培训精品课程评选办法（试行）》: a yearly selection in the 7
//! categories. Reviewers score nominations 0–100; in each category the best are selected. A selected
//! in-district teacher gets reward hours; for an out-of-district teacher their unit is notified.

use super::RuleRef;
use crate::messages as msg;

/// A selected in-district teacher's reward (精品课程奖励学时).
pub const PREMIUM_REWARD: RuleRef = RuleRef { name: "premium_course_reward", version: 1 };
/// Reward hours per selection. The article gives no number: 8 hours (one training day) is ours.
pub const REWARD_HOURS: f64 = 8.0;
/// At most this many courses are selected per category and year (our choice).
pub const PER_CATEGORY: usize = 2;
/// A nomination needs this many reviewers' scores to be considered.
pub const MIN_REVIEWS: usize = 3;
/// …and at least this mean score.
pub const MIN_MEAN: f64 = 80.0;

/// One nomination as the selection reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Nominee {
    pub id: i64,
    pub category: &'static str,
    pub scores: Vec<f64>,
}

/// The mean reviewer score to two decimals; `None` without scores.
pub fn review_mean(scores: &[f64]) -> Option<f64> {
    (!scores.is_empty()).then(|| (scores.iter().sum::<f64>() / scores.len() as f64 * 100.0).round() / 100.0)
}

/// A reviewer's score: 0–100, whole or half points.
pub fn check_review_score(score: f64) -> Result<(), String> {
    if !(0.0..=100.0).contains(&score) || (score * 2.0).fract() != 0.0 {
        return Err(msg::review_score_range().into());
    }
    Ok(())
}

/// 择优入选: per category, the nominations with at least `MIN_REVIEWS` scores and a mean of at least
/// `MIN_MEAN`, best mean first (then more reviews, then the earlier nomination), at most `PER_CATEGORY`.
/// Returns the selected ids, category by category.
pub fn select_premium(nominees: &[Nominee]) -> Vec<i64> {
    let mut eligible: Vec<(&Nominee, f64)> = nominees
        .iter()
        .filter(|n| n.scores.len() >= MIN_REVIEWS)
        .filter_map(|n| review_mean(&n.scores).filter(|m| *m >= MIN_MEAN).map(|m| (n, m)))
        .collect();
    eligible.sort_by(|(a, am), (b, bm)| {
        a.category.cmp(b.category).then(bm.total_cmp(am)).then(b.scores.len().cmp(&a.scores.len())).then(a.id.cmp(&b.id))
    });
    let mut selected = Vec::new();
    let mut taken: Vec<(&str, usize)> = Vec::new();
    for (n, _) in eligible {
        let slot = match taken.iter_mut().find(|(c, _)| *c == n.category) {
            Some(slot) => slot,
            None => {
                taken.push((n.category, 0));
                taken.last_mut().expect("just pushed")
            }
        };
        if slot.1 < PER_CATEGORY {
            slot.1 += 1;
            selected.push(n.id);
        }
    }
    selected
}

/// What happens for a selected teacher: reward hours (in-district) or a notification to the unit.
#[derive(Clone, Debug, PartialEq)]
pub enum Recognition {
    RewardHours(f64),
    NotifyUnit(String),
}

/// 区内教师奖励学时；区外教师向其单位组织人事部门通报.
pub fn recognition(in_district: bool, unit: &str, teacher: &str, course: &str, year: i32) -> Recognition {
    if in_district {
        Recognition::RewardHours(REWARD_HOURS)
    } else {
        Recognition::NotifyUnit(format!(
            "{unit}组织人事部门：贵单位{teacher}同志讲授的《{course}》入选黄陂区{year}年度干部教育培训精品课程，特此通报。"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: i64, category: &'static str, scores: &[f64]) -> Nominee {
        Nominee { id, category, scores: scores.to_vec() }
    }

    #[test]
    fn the_best_two_per_category_with_enough_reviews_and_score() {
        let picked = select_premium(&[
            n(1, "law_regulation", &[90.0, 92.0, 91.0]),
            n(2, "law_regulation", &[95.0, 96.0, 94.0]),
            n(3, "law_regulation", &[93.0, 93.0, 93.0]),
            n(4, "law_regulation", &[99.0, 99.0]),         // too few reviews
            n(5, "political_theory", &[79.0, 80.0, 80.0]), // mean 79.67 < 80
            n(6, "political_theory", &[80.0, 80.0, 80.0]),
            n(7, "on_site_teaching", &[]),
        ]);
        assert_eq!(picked, [2, 3, 6]);
    }

    #[test]
    fn ties_go_to_more_reviews_then_the_earlier_nomination() {
        let picked = select_premium(&[
            n(8, "economy_finance", &[90.0, 90.0, 90.0]),
            n(4, "economy_finance", &[90.0, 90.0, 90.0]),
            n(9, "economy_finance", &[90.0, 90.0, 90.0, 90.0]),
        ]);
        assert_eq!(picked, [9, 4]);
    }

    #[test]
    fn in_district_teachers_get_hours_others_a_notification() {
        assert_eq!(recognition(true, "区委党校", "张三", "课", 2016), Recognition::RewardHours(8.0));
        match recognition(false, "武汉大学", "李四", "依法行政", 2016) {
            Recognition::NotifyUnit(text) => assert!(text.starts_with("武汉大学组织人事部门") && text.contains("《依法行政》")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn review_scores_and_means() {
        assert!(check_review_score(88.5).is_ok());
        assert!(check_review_score(100.5).is_err() && check_review_score(88.2).is_err() && check_review_score(f64::NAN).is_err());
        assert_eq!(review_mean(&[90.0, 91.0, 91.0]), Some(90.67));
        assert_eq!(review_mean(&[]), None);
    }
}
