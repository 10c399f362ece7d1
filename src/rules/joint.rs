//! 联训: the regional group's members take turns hosting, month by month in their rotation order, and
//! score each other's training (cross-evaluation) on four counts; they compete on the mean they receive.

use crate::messages as msg;
use crate::model::CrossCriterion;

/// The member (index in rotation order) hosting in month `(year, month)` of a group of `members`
/// whose rotation started in `from` (its first month): turns run on across years. `None` before the
/// start or for a group without members.
pub fn host_of(members: usize, from: (i32, u32), at: (i32, u32)) -> Option<usize> {
    let months = (at.0 - from.0) as i64 * 12 + at.1 as i64 - from.1 as i64;
    (members > 0 && months >= 0).then(|| (months % members as i64) as usize)
}

/// `YYYY-MM` as (year, month).
pub fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.trim().split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    (y.to_string().len() == 4 && (1..=12).contains(&m)).then_some((y, m))
}

/// A plan line: a month of the year and a topic (≤ 60 characters).
pub fn check_plan_entry(month: &str, topic: &str) -> Result<u32, String> {
    let month: u32 = month.trim().parse().map_err(|_| msg::month_missing().to_string())?;
    if !(1..=12).contains(&month) {
        return Err(msg::month_range().into());
    }
    let topic = topic.trim();
    if topic.is_empty() {
        return Err(msg::topic_missing().into());
    }
    if topic.chars().count() > 60 {
        return Err(msg::topic_too_long().into());
    }
    Ok(month)
}

/// 交叉评估: a member scores another member (never itself), 0–100 in steps of 0.5.
pub fn check_cross_score(scorer: i64, scored: i64, criterion: CrossCriterion, text: &str) -> Result<f64, String> {
    if scorer == scored {
        return Err(msg::no_self_scoring().into());
    }
    let what = format!("「{}」", criterion.label());
    let score: f64 = text.trim().parse().map_err(|_| msg::fill_score(&what))?;
    if !score.is_finite() || !(0.0..=100.0).contains(&score) {
        return Err(msg::score_range(&what));
    }
    if (score * 2.0).fract() != 0.0 {
        return Err(msg::score_half_step(&what));
    }
    Ok(score)
}

/// One score given: (scorer unit, scored unit, criterion, score).
pub type CrossScore = (i64, i64, CrossCriterion, f64);

/// A member's standing in the year's cross-evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossStanding {
    pub unit_id: i64,
    /// Mean of the scores received on each criterion (in `CrossCriterion::ALL` order).
    pub by_criterion: Vec<Option<f64>>,
    /// Mean of all scores received, rounded to 0.01.
    pub mean: Option<f64>,
    pub received: usize,
    /// 1-based; members with no scores come last and have none.
    pub rank: Option<usize>,
}

/// Scores every member should receive: one per other member and criterion.
pub fn expected_scores(members: usize) -> usize {
    members.saturating_sub(1) * CrossCriterion::ALL.len()
}

/// 比学赶超: members ranked by the mean score received (higher first); equal means keep the rotation
/// order. Scores from or for units outside `members` are ignored.
pub fn cross_ranking(members: &[i64], scores: &[CrossScore]) -> Vec<CrossStanding> {
    let mut standings: Vec<CrossStanding> = members
        .iter()
        .map(|&unit| {
            let received: Vec<&CrossScore> = scores.iter().filter(|s| s.1 == unit && s.0 != unit && members.contains(&s.0)).collect();
            let mean = |of: &[f64]| (!of.is_empty()).then(|| (of.iter().sum::<f64>() / of.len() as f64 * 100.0).round() / 100.0);
            let by_criterion =
                CrossCriterion::ALL.iter().map(|c| mean(&received.iter().filter(|s| s.2 == *c).map(|s| s.3).collect::<Vec<_>>())).collect();
            let all: Vec<f64> = received.iter().map(|s| s.3).collect();
            CrossStanding { unit_id: unit, by_criterion, mean: mean(&all), received: all.len(), rank: None }
        })
        .collect();
    // A stable sort keeps the rotation order among equals.
    standings.sort_by(|a, b| match (a.mean, b.mean) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    for (i, s) in standings.iter_mut().enumerate() {
        s.rank = s.mean.map(|_| i + 1);
    }
    standings
}

#[cfg(test)]
mod tests {
    use super::*;
    use CrossCriterion::*;

    #[test]
    fn hosts_take_turns_month_by_month_across_years() {
        assert_eq!(host_of(4, (2015, 9), (2015, 9)), Some(0));
        assert_eq!(host_of(4, (2015, 9), (2015, 12)), Some(3));
        assert_eq!(host_of(4, (2015, 9), (2016, 1)), Some(0));
        assert_eq!(host_of(4, (2015, 9), (2017, 5)), Some(0));
        assert_eq!(host_of(4, (2015, 9), (2015, 8)), None);
        assert_eq!(host_of(0, (2015, 9), (2016, 1)), None);
        assert_eq!(parse_month("2015-09"), Some((2015, 9)));
        assert_eq!(parse_month("2015-13"), None);
        assert_eq!(parse_month("15-01"), None);
    }

    #[test]
    fn plan_lines_and_scores_are_checked() {
        assert_eq!(check_plan_entry("3", "精准扶贫政策解读"), Ok(3));
        assert!(check_plan_entry("13", "x").is_err());
        assert!(check_plan_entry("3", " ").unwrap_err().contains("专题"));
        assert_eq!(check_cross_score(1, 2, Teaching, "88.5"), Ok(88.5));
        assert!(check_cross_score(1, 1, Teaching, "88").unwrap_err().contains("本单位"));
        assert!(check_cross_score(1, 2, Results, "101").unwrap_err().contains("培训成效"));
        assert!(check_cross_score(1, 2, Results, "80.3").unwrap_err().contains("0.5"));
        assert!(check_cross_score(1, 2, Results, "八十").is_err());
    }

    #[test]
    fn members_rank_by_the_mean_they_receive() {
        let members = [10, 20, 30];
        let scores = vec![
            (10, 20, Teaching, 90.0),
            (30, 20, Teaching, 80.0),
            (20, 10, Teaching, 95.0),
            (10, 10, Teaching, 100.0), // self-scores never count
            (99, 30, Teaching, 100.0), // nor outsiders'
        ];
        let r = cross_ranking(&members, &scores);
        assert_eq!(r.iter().map(|s| s.unit_id).collect::<Vec<_>>(), vec![10, 20, 30]);
        assert_eq!(r[0].mean, Some(95.0));
        assert_eq!(r[1].mean, Some(85.0));
        assert_eq!(r[1].by_criterion[0], Some(85.0));
        assert_eq!(r[1].by_criterion[1], None);
        assert_eq!(r[1].received, 2);
        assert_eq!((r[2].mean, r[2].rank), (None, None));
        assert_eq!(expected_scores(4), 12);
    }

    #[test]
    fn equal_means_keep_the_rotation_order() {
        let scores = vec![(1, 2, Teaching, 80.0), (2, 1, Teaching, 80.0)];
        let r = cross_ranking(&[2, 1], &scores);
        assert_eq!(r.iter().map(|s| (s.unit_id, s.rank)).collect::<Vec<_>>(), vec![(2, Some(1)), (1, Some(2))]);
    }
}
