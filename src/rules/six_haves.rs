//! 六有 — the yearly evaluation of the amateur Party schools: each school is scored on six criteria
//! (leadership mechanism, venue, teachers & courses, standard management, funding, training results)
//! and ranked. **Banding** (评定等次): the top 3 are 示范 (demonstration); of the rest, 15 % are 优秀
//! (excellent); the last one is 不合格 (unqualified); every other school is 合格 (qualified).

use crate::messages as msg;
pub use crate::model::Band;
use crate::model::{Criterion, EvalMethod};

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
    order.sort_by(|a, b| b.total.total_cmp(&a.total).then(b.results.total_cmp(&a.results)).then(a.school_id.cmp(&b.school_id)));
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

/// The weights (per cent) of the four methods when the organisation department has set none: site
/// visits and the overall rating weigh most (30 % each), document review and trainee evaluation 20 %
/// each. Our choice — the article names the methods but no weights; org admins set them per year.
pub const DEFAULT_WEIGHTS: [f64; 4] = [30.0, 20.0, 20.0, 30.0];

/// A school's scorecard: `[criterion][method]` in the order of `Criterion::ALL` × `EvalMethod::ALL`.
pub type Grid = [[Option<f64>; 4]; 6];

/// Method weights must each be 0–100 and add up to 100.
pub fn check_weights(weights: &[f64; 4]) -> Result<(), String> {
    if weights.iter().any(|w| !w.is_finite() || !(0.0..=100.0).contains(w)) {
        return Err(msg::weight_range().into());
    }
    let sum: f64 = weights.iter().sum();
    if (sum - 100.0).abs() > 0.001 {
        return Err(msg::weights_sum((sum * 100.0).round() / 100.0));
    }
    Ok(())
}

/// A score as typed: a number from 0 to 100 in steps of 0.5.
pub fn parse_score(text: &str, criterion: Criterion, method: EvalMethod) -> Result<f64, String> {
    let what = format!("「{}·{}」", criterion.label(), method.label());
    let score: f64 = text.trim().parse().map_err(|_| msg::fill_score(&what))?;
    if !score.is_finite() || !(0.0..=100.0).contains(&score) {
        return Err(msg::score_range(&what));
    }
    if (score * 2.0).fract() != 0.0 {
        return Err(msg::score_half_step(&what));
    }
    Ok(score)
}

/// 六有总分: for each method the mean of the six criteria, weighted by the method's weight (per cent);
/// the training-results score is weighted the same way (the first tie-breaker). Both are rounded to
/// 0.01, as shown, so that schools that look tied are tied. `None` until all 24 scores are in.
pub fn scorecard_total(grid: &Grid, weights: &[f64; 4]) -> Option<(f64, f64)> {
    let mut total = 0.0;
    for (m, weight) in weights.iter().enumerate() {
        let mut sum = 0.0;
        for row in grid {
            sum += row[m]?;
        }
        total += weight / 100.0 * sum / grid.len() as f64;
    }
    let results_row = Criterion::ALL.iter().position(|c| *c == Criterion::Results).unwrap_or(5);
    let results: f64 = weights.iter().enumerate().map(|(m, w)| w / 100.0 * grid[results_row][m].unwrap_or(0.0)).sum();
    let round = |x: f64| (x * 100.0).round() / 100.0;
    Some((round(total), round(results)))
}

/// 以奖代补: demonstration and excellent schools get the year's subsidy for their band; others none.
pub fn band_subsidy(band: Band, demonstration: f64, excellent: f64) -> f64 {
    match band {
        Band::Demonstration => demonstration,
        Band::Excellent => excellent,
        Band::Qualified | Band::Unqualified => 0.0,
    }
}

/// An unqualified school's rectification: the principal is interviewed, then rectifies by a deadline
/// after the interview (dates `YYYY-MM-DD`).
pub fn check_rectification(interview_on: &str, deadline: &str) -> Result<(), String> {
    use crate::rules::study_hours::parse_date;
    parse_date(interview_on).ok_or(msg::interview_date_missing())?;
    parse_date(deadline).ok_or(msg::deadline_missing())?;
    if deadline < interview_on {
        return Err(msg::deadline_before_interview().into());
    }
    Ok(())
}

/// Overdue: the deadline has passed (`today` after it) and the rectification is not done.
pub fn rectification_overdue(deadline: &str, done: bool, today: &str) -> bool {
    !done && today > deadline
}

/// 学员评价 from the trainees' questionnaire (`rules::feedback`: four 1–5 scales — content, teaching,
/// organisation, usefulness — averaged over a school's answers of the year): each criterion's score in
/// `Criterion::ALL` order, a mean of 5 being 100. 有师资课程 reads the content and teaching scales,
/// 有规范管理 the organisation scale, 有培训实效 the usefulness scale; the criteria trainees cannot see
/// for themselves (leadership, venue, funding) the mean of all four. Rounded to the scorecard's 0.5.
pub fn trainee_scores(means: &[f64; 4]) -> [f64; 6] {
    let [content, teaching, organisation, usefulness] = *means;
    let overall = (content + teaching + organisation + usefulness) / 4.0;
    let score = |mean: f64| ((mean * 20.0 * 2.0).round() / 2.0).clamp(0.0, 100.0);
    let mut scores = [0.0; 6];
    for (slot, criterion) in scores.iter_mut().zip(Criterion::ALL) {
        *slot = score(match criterion {
            Criterion::TeachersCourses => (content + teaching) / 2.0,
            Criterion::Management => organisation,
            Criterion::Results => usefulness,
            Criterion::Leadership | Criterion::Venue | Criterion::Funding => overall,
        });
    }
    scores
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
        let placed =
            band_schools(&[scored(7, 90.0, 8.0), scored(3, 90.0, 9.0), scored(5, 90.0, 9.0), scored(1, 95.0, 1.0), scored(2, 10.0, 1.0)]);
        let ids: Vec<i64> = placed.iter().map(|p| p.school_id).collect();
        assert_eq!(ids, [1, 3, 5, 7, 2]);
        assert!(placed[1].tied && placed[2].tied && placed[3].tied);
        assert!(!placed[0].tied);
        assert_eq!(placed[3].band, Band::Qualified, "a tie across the demonstration boundary is decided by the rule");
    }

    fn full(score: f64) -> Grid {
        [[Some(score); 4]; 6]
    }

    #[test]
    fn the_total_weighs_each_methods_mean_of_the_six_criteria() {
        let mut grid = full(80.0);
        // Site visits score 92 on every criterion: 30 % of 92 + 70 % of 80 = 83.6.
        for row in grid.iter_mut() {
            row[0] = Some(92.0);
        }
        assert_eq!(scorecard_total(&grid, &DEFAULT_WEIGHTS), Some((83.6, 83.6)));
        // Training results 62 by every method: site visits' mean is (5 × 92 + 62) / 6 = 87, the others'
        // (5 × 80 + 62) / 6 = 77, so 30 % × 87 + 70 % × 77 = 80; the tie-breaker is 62.
        grid[5] = [Some(62.0); 4];
        assert_eq!(scorecard_total(&grid, &DEFAULT_WEIGHTS), Some((80.0, 62.0)));
        grid[2][3] = None;
        assert_eq!(scorecard_total(&grid, &DEFAULT_WEIGHTS), None, "no total until all 24 scores are in");
        assert_eq!(scorecard_total(&full(70.0), &[0.0, 0.0, 0.0, 100.0]), Some((70.0, 70.0)));
    }

    #[test]
    fn weights_add_up_to_a_hundred() {
        assert!(check_weights(&DEFAULT_WEIGHTS).is_ok());
        assert!(check_weights(&[25.0, 25.0, 25.0, 25.0]).is_ok());
        assert_eq!(check_weights(&[30.0, 30.0, 30.0, 30.0]).unwrap_err(), "四项权重之和应为 100（现为 120）");
        assert!(check_weights(&[-10.0, 50.0, 30.0, 30.0]).is_err());
        assert!(check_weights(&[f64::NAN, 50.0, 30.0, 20.0]).is_err());
    }

    #[test]
    fn scores_are_zero_to_a_hundred_in_half_points() {
        let p = |t: &str| parse_score(t, Criterion::Venue, EvalMethod::SiteVisit);
        assert_eq!(p(" 88.5 "), Ok(88.5));
        assert_eq!(p("0"), Ok(0.0));
        assert_eq!(p("100"), Ok(100.0));
        assert_eq!(p("100.5").unwrap_err(), "「有适用场地·实地查看」应在 0 到 100 之间");
        assert_eq!(p("88.3").unwrap_err(), "「有适用场地·实地查看」最小单位为 0.5 分");
        assert!(p("").is_err() && p("八十").is_err() && p("NaN").is_err());
    }

    #[test]
    fn only_demonstration_and_excellent_schools_are_subsidised() {
        assert_eq!(band_subsidy(Band::Demonstration, 30000.0, 10000.0), 30000.0);
        assert_eq!(band_subsidy(Band::Excellent, 30000.0, 10000.0), 10000.0);
        assert_eq!(band_subsidy(Band::Qualified, 30000.0, 10000.0), 0.0);
        assert_eq!(band_subsidy(Band::Unqualified, 30000.0, 10000.0), 0.0);
    }

    #[test]
    fn a_rectification_has_its_deadline_after_the_interview() {
        assert!(check_rectification("2017-01-10", "2017-04-10").is_ok());
        assert_eq!(check_rectification("2017-01-10", "2016-12-31").unwrap_err(), "整改期限不能早于约谈日期");
        assert!(check_rectification("2017-02-30", "2017-04-10").is_err());
        assert!(rectification_overdue("2017-04-10", false, "2017-04-11"));
        assert!(!rectification_overdue("2017-04-10", false, "2017-04-10"));
        assert!(!rectification_overdue("2017-04-10", true, "2018-01-01"));
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

    #[test]
    fn the_questionnaire_gives_the_trainee_evaluation_column() {
        // content 4.5, teaching 4.1, organisation 3.9, usefulness 4.24: overall 4.185.
        let s = trainee_scores(&[4.5, 4.1, 3.9, 4.24]);
        assert_eq!(s, [83.5, 83.5, 86.0, 78.0, 83.5, 85.0]);
        assert_eq!(trainee_scores(&[5.0; 4]), [100.0; 6]);
        assert!(s.iter().all(|x| parse_score(&x.to_string(), Criterion::Venue, EvalMethod::TraineeEvaluation).is_ok()));
    }
}
