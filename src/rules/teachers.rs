//! 师资库积分 — teachers' points, shown to each teacher with the formula, and the top of the ranking
//! that is reported to the teachers' own units. The article names points but no formula: ours below.

/// Points per class taught.
pub const PER_CLASS: f64 = 1.0;
/// Points per premium-course selection (精品课程入选).
pub const PER_PREMIUM: f64 = 20.0;
/// Points per step of the trainees' mean teaching score above (or below) 3 of 5.
pub const PER_EVALUATION_STEP: f64 = 10.0;
/// How many of the top are reported to their units.
pub const REPORTED_TOP: usize = 10;

/// The formula as the pages show it.
pub const POINTS_FORMULA: &str =
    "积分 = 授课期数 × 1 + 精品课程入选次数 × 20 + （学员评价“教师授课”平均分 − 3）× 10（评价不足 5 份时不计此项）";

/// A teacher's points by `POINTS_FORMULA`, to one decimal.
pub fn teacher_points(classes_taught: i64, premium_selections: i64, teaching_mean: Option<f64>) -> f64 {
    let evaluation = teaching_mean.map_or(0.0, |m| (m - 3.0) * PER_EVALUATION_STEP);
    let points = classes_taught as f64 * PER_CLASS + premium_selections as f64 * PER_PREMIUM + evaluation;
    (points * 10.0).round() / 10.0
}

/// Ranks (id, points) highest first; equal points by the lower id. Returns the ids in order.
pub fn rank_teachers(points: &[(i64, f64)]) -> Vec<i64> {
    let mut order = points.to_vec();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    order.into_iter().map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_follow_the_shown_formula() {
        assert_eq!(teacher_points(12, 1, Some(4.5)), 12.0 + 20.0 + 15.0);
        assert_eq!(teacher_points(12, 0, None), 12.0, "too few answers: no evaluation term");
        assert_eq!(teacher_points(3, 0, Some(2.0)), -7.0, "a poor evaluation costs points");
        assert_eq!(teacher_points(0, 0, Some(3.33)), 3.3);
    }

    #[test]
    fn the_ranking_is_by_points_then_id() {
        assert_eq!(rank_teachers(&[(5, 10.0), (2, 30.0), (9, 30.0), (1, -1.0)]), [2, 9, 5, 1]);
        assert!(rank_teachers(&[]).is_empty());
    }
}
