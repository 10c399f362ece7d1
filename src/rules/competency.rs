//! 履职能力测试: each year, with the annual assessment, the members of the district-managed leadership
//! teams sit three parts — political theory, general quality, job capability. The results feed the
//! analysis of each team's structure (where a team is strong, where it is thin) and appointments.

use crate::messages as msg;
use crate::model::{CompetencyGrade, CompetencyPart};

/// A part's score as written in the imported file: a number from 0 to 100 (one decimal at most).
pub fn parse_part(text: &str, part: CompetencyPart) -> Result<f64, String> {
    let what = format!("「{}」", part.label());
    let score: f64 = text.trim().parse().map_err(|_| msg::score_not_number(&what))?;
    if !score.is_finite() || !(0.0..=100.0).contains(&score) {
        return Err(msg::score_range(&what));
    }
    if ((score * 10.0).round() - score * 10.0).abs() > 1e-6 {
        return Err(msg::score_one_decimal(&what));
    }
    Ok(score)
}

/// 总分: the mean of the three parts (the source weighs none above the others), rounded to 0.1.
pub fn competency_total(parts: [f64; 3]) -> f64 {
    (parts.iter().sum::<f64>() / 3.0 * 10.0).round() / 10.0
}

/// 等次 of a score: ≥ 90 优秀, ≥ 80 良好, ≥ 60 合格, below 不合格.
pub fn grade(score: f64) -> CompetencyGrade {
    match score {
        s if s >= 90.0 => CompetencyGrade::Excellent,
        s if s >= 80.0 => CompetencyGrade::Good,
        s if s >= 60.0 => CompetencyGrade::Pass,
        _ => CompetencyGrade::Fail,
    }
}

/// 班子结构分析: per part the team's mean and how many members are in each grade; the team's weakest
/// part (lowest mean; the earlier part among equals).
#[derive(Clone, Debug, PartialEq)]
pub struct Structure {
    pub members: usize,
    /// Per part (in `CompetencyPart::ALL` order), rounded to 0.1.
    pub means: [f64; 3],
    /// Per part, the members in each grade (in `CompetencyGrade::ALL` order).
    pub grades: [[usize; 4]; 3],
    pub total_mean: f64,
    pub weakest: CompetencyPart,
}

pub fn team_structure(results: &[[f64; 3]]) -> Option<Structure> {
    if results.is_empty() {
        return None;
    }
    let n = results.len() as f64;
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let mut means = [0.0; 3];
    let mut grades = [[0usize; 4]; 3];
    for (p, mean) in means.iter_mut().enumerate() {
        *mean = round(results.iter().map(|r| r[p]).sum::<f64>() / n);
        for r in results {
            let g = CompetencyGrade::ALL.iter().position(|g| *g == grade(r[p])).unwrap_or(3);
            grades[p][g] += 1;
        }
    }
    let total_mean = round(results.iter().map(|r| competency_total(*r)).sum::<f64>() / n);
    let weakest = (0..3).fold(0, |w, p| if means[p] < means[w] { p } else { w });
    Some(Structure { members: results.len(), means, grades, total_mean, weakest: CompetencyPart::ALL[weakest] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_scores_with_one_decimal() {
        assert_eq!(parse_part("86.5", CompetencyPart::PoliticalTheory), Ok(86.5));
        assert_eq!(parse_part(" 90 ", CompetencyPart::JobCapability), Ok(90.0));
        assert!(parse_part("100.5", CompetencyPart::GeneralQuality).unwrap_err().contains("综合素养"));
        assert!(parse_part("86.25", CompetencyPart::GeneralQuality).unwrap_err().contains("一位小数"));
        assert!(parse_part("", CompetencyPart::GeneralQuality).is_err());
        assert!(parse_part("NaN", CompetencyPart::GeneralQuality).is_err());
    }

    #[test]
    fn totals_and_grades() {
        assert_eq!(competency_total([90.0, 80.0, 85.5]), 85.2);
        assert_eq!(grade(90.0), CompetencyGrade::Excellent);
        assert_eq!(grade(89.9), CompetencyGrade::Good);
        assert_eq!(grade(60.0), CompetencyGrade::Pass);
        assert_eq!(grade(59.5), CompetencyGrade::Fail);
    }

    #[test]
    fn a_teams_structure() {
        assert_eq!(team_structure(&[]), None);
        let s = team_structure(&[[95.0, 70.0, 88.0], [85.0, 58.0, 92.0], [91.0, 81.0, 79.0]]).unwrap();
        assert_eq!(s.members, 3);
        assert_eq!(s.means, [90.3, 69.7, 86.3]);
        assert_eq!(s.grades[0], [2, 1, 0, 0]);
        assert_eq!(s.grades[1], [0, 1, 1, 1]);
        assert_eq!(s.grades[2], [1, 1, 1, 0]);
        assert_eq!(s.weakest, CompetencyPart::GeneralQuality);
        assert_eq!(s.total_mean, 82.1);
        // Every member is counted once per part.
        assert!(s.grades.iter().all(|g| g.iter().sum::<usize>() == 3));
    }
}
