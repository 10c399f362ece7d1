//! 学时管理 — the study-hour rules of 《黄陂区区管干部教育培训学时管理办法（试行）》:
//! every training is registered as hours; a cadre below the year's target cannot be rated 优秀 in the
//! annual assessment; promotion candidates are judged on the last three years of hours.

use super::RuleRef;
use crate::model::Rank;

/// Attendance at a class credits the class's hours to the attendee (参训计学时).
pub const ATTENDANCE_CREDIT: RuleRef = RuleRef { name: "attendance_credit", version: 1 };

/// The yearly target in hours for a rank, when the organisation department has set none.
///
/// The article gives no number. Defaults: 110 h for district- and division-level cadres (the national
/// 《干部教育培训工作条例》 asks 550 hours in five years of them), 90 h for section-level cadres (12 days
/// a year, as civil-servant training rules commonly ask), and 32 h for other Party members (the
/// national Party-member education plan's yearly minimum). Org admins override them per year.
pub fn default_annual_target(rank: Rank) -> f64 {
    match rank {
        Rank::DistrictLevel | Rank::DivisionLevel => 110.0,
        Rank::SectionLevel => 90.0,
        Rank::Other => 32.0,
    }
}

/// Where a cadre stands against the year's target (学时完成情况).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HourStatus {
    /// 已达标
    Met,
    /// 进度正常: at least the elapsed share of the year's target.
    OnTrack,
    /// 进度滞后
    Behind,
}

impl HourStatus {
    pub fn label(self) -> &'static str {
        match self {
            HourStatus::Met => "已达标",
            HourStatus::OnTrack => "进度正常",
            HourStatus::Behind => "进度滞后",
        }
    }
}

/// The share of a year gone by on day `day_of_year` (1-based) of a year of `days_in_year` days.
pub fn elapsed_share(day_of_year: u32, days_in_year: u32) -> f64 {
    if days_in_year == 0 {
        return 1.0;
    }
    (day_of_year.min(days_in_year) as f64 / days_in_year as f64).clamp(0.0, 1.0)
}

/// Met when the target is reached; on track when the hours keep pace with the year; behind otherwise.
pub fn hour_status(earned: f64, target: f64, elapsed: f64) -> HourStatus {
    if earned >= target {
        HourStatus::Met
    } else if earned >= target * elapsed.clamp(0.0, 1.0) {
        HourStatus::OnTrack
    } else {
        HourStatus::Behind
    }
}

/// Hours still missing to reach the target (never negative).
pub fn hours_missing(earned: f64, target: f64) -> f64 {
    (target - earned).max(0.0)
}

/// Whether a cadre may be rated 优秀 in the annual assessment, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Eligibility {
    pub eligible: bool,
    pub reason: String,
}

/// 评优门槛: "凡当年学时未达标的，年度考核不得评为优秀等次" — below the year's target, not excellent.
pub fn excellent_rating_gate(year: i32, earned: f64, target: f64) -> Eligibility {
    if earned >= target {
        Eligibility {
            eligible: true,
            reason: format!("{year}年已完成 {earned} 学时，达到年度目标 {target} 学时，可参评优秀等次"),
        }
    } else {
        Eligibility {
            eligible: false,
            reason: format!(
                "{year}年仅完成 {earned} 学时，未达到年度目标 {target} 学时（差 {} 学时），年度考核不得评为优秀等次",
                hours_missing(earned, target)
            ),
        }
    }
}

/// 选拔任用参考: the hours of each of the three years before `year`'s decision, oldest first, from
/// ledger entries given as (year, hours). Years without entries count zero.
pub fn promotion_window(year: i32, entries: &[(i32, f64)]) -> [(i32, f64); 3] {
    let mut window = [(year - 3, 0.0), (year - 2, 0.0), (year - 1, 0.0)];
    for &(y, hours) in entries {
        if let Some(slot) = window.iter_mut().find(|(wy, _)| *wy == y) {
            slot.1 += hours;
        }
    }
    window
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_set_for_every_rank() {
        for rank in Rank::ALL {
            assert!(default_annual_target(*rank) > 0.0);
        }
        assert!(default_annual_target(Rank::DivisionLevel) > default_annual_target(Rank::Other));
    }

    #[test]
    fn status_follows_the_year() {
        assert_eq!(hour_status(110.0, 110.0, 0.2), HourStatus::Met);
        assert_eq!(hour_status(60.0, 110.0, 0.5), HourStatus::OnTrack);
        assert_eq!(hour_status(50.0, 110.0, 0.5), HourStatus::Behind);
        assert_eq!(hour_status(0.0, 110.0, 0.0), HourStatus::OnTrack, "on 1 January nobody is behind");
        assert_eq!(hour_status(109.5, 110.0, 1.0), HourStatus::Behind);
    }

    #[test]
    fn elapsed_share_of_the_year() {
        assert_eq!(elapsed_share(365, 365), 1.0);
        assert!((elapsed_share(183, 366) - 0.5).abs() < 1e-9);
        assert_eq!(elapsed_share(400, 365), 1.0);
        assert_eq!(elapsed_share(1, 0), 1.0);
    }

    #[test]
    fn below_target_is_never_excellent() {
        let gate = excellent_rating_gate(2017, 108.0, 110.0);
        assert!(!gate.eligible);
        assert!(gate.reason.contains("不得评为优秀"), "{}", gate.reason);
        assert!(gate.reason.contains("差 2 学时"), "{}", gate.reason);
        assert!(excellent_rating_gate(2017, 110.0, 110.0).eligible);
    }

    #[test]
    fn promotion_looks_at_the_last_three_years() {
        let entries = [(2013, 50.0), (2014, 30.0), (2015, 20.0), (2015, 12.5), (2016, 80.0), (2017, 99.0)];
        assert_eq!(promotion_window(2017, &entries), [(2014, 30.0), (2015, 32.5), (2016, 80.0)]);
        assert_eq!(promotion_window(2030, &entries), [(2027, 0.0), (2028, 0.0), (2029, 0.0)]);
    }

    #[test]
    fn nothing_is_missing_once_the_target_is_met() {
        assert_eq!(hours_missing(120.0, 110.0), 0.0);
        assert_eq!(hours_missing(100.0, 110.0), 10.0);
    }
}
