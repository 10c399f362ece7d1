//! 学员评价 — the anonymous questionnaire after a class: four 1–5 scales and a comment. Means are shown
//! only from `MIN_ANSWERS` answers on, so that no single trainee's answer can be read off a mean.

use crate::messages as msg;

/// Fewer answers than this and no mean is shown (anonymity).
pub const MIN_ANSWERS: usize = 5;
/// The longest comment kept.
pub const MAX_COMMENT_CHARS: usize = 300;

/// The four scales, in the order of `Answer::scales`, as the questionnaire asks them.
pub const SCALES: [&str; 4] = ["教学内容", "教师授课", "组织管理", "培训收获"];

/// One trainee's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// content, teaching, organisation, usefulness: each 1–5.
    pub scales: [i64; 4],
    pub comment: String,
}

/// Checks an answer as submitted: every scale 1–5, the comment at most 300 characters (trimmed).
pub fn check_answer(scales: [i64; 4], comment: &str) -> Result<Answer, String> {
    for (value, name) in scales.iter().zip(SCALES) {
        if !(1..=5).contains(value) {
            return Err(msg::rate_scale(name));
        }
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(msg::comment_too_long(MAX_COMMENT_CHARS));
    }
    Ok(Answer { scales, comment: comment.to_string() })
}

/// The mean of `count` answers summing to `sum`, to two decimals; `None` below `MIN_ANSWERS`.
pub fn anonymous_mean(sum: f64, count: usize) -> Option<f64> {
    (count >= MIN_ANSWERS).then(|| (sum / count as f64 * 100.0).round() / 100.0)
}

/// A trainee may answer for a class they attended, once, after it has started.
pub fn may_answer(attended: bool, answered: bool, class_started: bool) -> Result<(), String> {
    match (attended, answered, class_started) {
        (false, ..) => Err(msg::feedback_not_attended().into()),
        (_, true, _) => Err(msg::feedback_already().into()),
        (_, _, false) => Err(msg::feedback_too_early().into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_one_to_five() {
        assert!(check_answer([5, 4, 3, 1], "  很好  ").is_ok_and(|a| a.comment == "很好"));
        assert_eq!(check_answer([5, 0, 3, 1], "").unwrap_err(), "请为「教师授课」选择 1–5 分");
        assert_eq!(check_answer([6, 4, 3, 1], "").unwrap_err(), "请为「教学内容」选择 1–5 分");
        assert!(check_answer([5, 4, 3, 2], &"字".repeat(301)).is_err());
        assert!(check_answer([5, 4, 3, 2], &"字".repeat(300)).is_ok());
    }

    #[test]
    fn fewer_than_five_answers_show_no_mean() {
        assert_eq!(anonymous_mean(20.0, 4), None);
        assert_eq!(anonymous_mean(0.0, 0), None);
        assert_eq!(anonymous_mean(22.0, 5), Some(4.4));
        assert_eq!(anonymous_mean(26.0, 6), Some(4.33));
    }

    #[test]
    fn only_attendees_answer_once_after_the_start() {
        assert!(may_answer(true, false, true).is_ok());
        assert_eq!(may_answer(false, false, true).unwrap_err(), "只有参加了该培训班的学员才能评价");
        assert_eq!(may_answer(true, true, true).unwrap_err(), "您已评价过该培训班，感谢参与");
        assert!(may_answer(true, false, false).is_err());
    }
}
