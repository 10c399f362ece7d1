//! 学时管理 — the study-hour rules of 《黄陂区区管干部教育培训学时管理办法（试行）》:
//! every training is registered as hours; a cadre below the year's target cannot be rated 优秀 in the
//! annual assessment; promotion candidates are judged on the last three years of hours.

use super::RuleRef;
use crate::messages as msg;
use crate::model::{HourStatus, Rank};

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
/// The verdict is given once the year has ended (`elapsed` 1); before that, what is still missing.
pub fn excellent_rating_gate(year: i32, earned: f64, target: f64, elapsed: f64) -> Eligibility {
    if earned >= target {
        Eligibility { eligible: true, reason: msg::excellent_eligible(year, earned, target) }
    } else if elapsed < 1.0 {
        Eligibility { eligible: false, reason: msg::excellent_pending(year, earned, target, hours_missing(earned, target)) }
    } else {
        Eligibility { eligible: false, reason: msg::excellent_barred(year, earned, target, hours_missing(earned, target)) }
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

/// 网络学院学习记录: hours an online academy certifies for a cadre, imported from its records.
pub const ONLINE_ACADEMY_RECORD: RuleRef = RuleRef { name: "online_academy_record", version: 1 };

/// Approved external study credits the claimed hours (外部学习经组织部门审核后计学时).
pub const EXTERNAL_STUDY_CREDIT: RuleRef = RuleRef { name: "external_study_credit", version: 1 };

/// The largest evidence file accepted (5 MB).
pub const MAX_EVIDENCE_BYTES: usize = 5 * 1024 * 1024;
/// The evidence file types accepted: PDF, JPG, PNG — recognised by their content, not their name.
pub const EVIDENCE_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];
/// At most this many hours are credited per calendar day of a claimed study (one full training day).
pub const MAX_HOURS_PER_DAY: f64 = 8.0;
/// At most this many hours in one claim.
pub const MAX_HOURS_PER_CLAIM: f64 = 200.0;

/// `YYYY-MM-DD` as (year, month, day), when it is a real date.
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (d >= 1 && d <= days).then_some((y, m, d))
}

/// Days from `start` to `end`, both included (dates already checked by `parse_date`).
pub fn days_between(start: (i32, u32, u32), end: (i32, u32, u32)) -> i64 {
    // Days since a fixed origin (proleptic Gregorian), after H. Hinnant's days_from_civil.
    fn civil((y, m, d): (i32, u32, u32)) -> i64 {
        let y = if m <= 2 { y - 1 } else { y } as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m as i64 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i64 - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
    }
    civil(end) - civil(start) + 1
}

/// A claim of external study, as typed by the cadre.
#[derive(Clone, Debug, PartialEq)]
pub struct ExternalClaim<'a> {
    pub title: &'a str,
    pub provider: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub hours: f64,
}

/// 外部学习申报规则: a title and a provider; real dates, the end not before the start and not after
/// `today`; hours above zero in steps of 0.5, at most 8 per day of the study and 200 per claim.
/// Returns the first problem in words a cadre understands.
pub fn check_external_claim(claim: &ExternalClaim, today: &str) -> Result<(), String> {
    let title = claim.title.trim().chars().count();
    if title == 0 {
        return Err(msg::claim_title_missing().into());
    }
    if title > 100 {
        return Err(msg::claim_title_too_long().into());
    }
    let provider = claim.provider.trim().chars().count();
    if provider == 0 {
        return Err(msg::claim_provider_missing().into());
    }
    if provider > 100 {
        return Err(msg::claim_provider_too_long().into());
    }
    let start = parse_date(claim.starts_on).ok_or(msg::claim_start_wrong())?;
    let end = parse_date(claim.ends_on).ok_or(msg::claim_end_wrong())?;
    if claim.ends_on < claim.starts_on {
        return Err(msg::claim_end_before_start().into());
    }
    if claim.ends_on > today {
        return Err(msg::claim_not_finished().into());
    }
    if start.0 < 2000 {
        return Err(msg::claim_start_invalid().into());
    }
    let hours = claim.hours;
    if !hours.is_finite() || hours <= 0.0 {
        return Err(msg::claim_hours_positive().into());
    }
    if (hours * 2.0).fract() != 0.0 {
        return Err(msg::claim_hours_step().into());
    }
    if hours > MAX_HOURS_PER_CLAIM {
        return Err(msg::claim_hours_max(MAX_HOURS_PER_CLAIM));
    }
    let days = days_between(start, end);
    if hours > MAX_HOURS_PER_DAY * days as f64 {
        return Err(msg::claim_hours_per_days(days, MAX_HOURS_PER_DAY * days as f64, MAX_HOURS_PER_DAY));
    }
    Ok(())
}

/// 证明材料: the evidence file must be a PDF, JPG or PNG (by content, `detected` being the type its
/// bytes show) and at most 5 MB. Returns the accepted type.
pub fn check_evidence(detected: Option<&str>, size: usize) -> Result<&'static str, String> {
    if size == 0 {
        return Err(msg::evidence_missing().into());
    }
    if size > MAX_EVIDENCE_BYTES {
        return Err(msg::evidence_too_large().into());
    }
    detected.and_then(|d| EVIDENCE_TYPES.iter().find(|t| **t == d).copied()).ok_or_else(|| msg::evidence_kind().into())
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
        let gate = excellent_rating_gate(2017, 108.0, 110.0, 1.0);
        assert!(!gate.eligible);
        assert!(gate.reason.contains("不得评为优秀"), "{}", gate.reason);
        assert!(gate.reason.contains("差 2 学时"), "{}", gate.reason);
        assert!(excellent_rating_gate(2017, 110.0, 110.0, 0.4).eligible);
        // No verdict while the year runs: what is missing, and by when.
        let running = excellent_rating_gate(2017, 40.0, 110.0, 0.4);
        assert!(!running.eligible && !running.reason.contains("不得评为优秀"), "{}", running.reason);
        assert!(running.reason.contains("还差 70 学时"), "{}", running.reason);
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

    fn claim<'a>(starts_on: &'a str, ends_on: &'a str, hours: f64) -> ExternalClaim<'a> {
        ExternalClaim {
            title: "网络学院：习近平新时代中国特色社会主义思想专题", provider: "中国干部网络学院", starts_on, ends_on, hours
        }
    }

    #[test]
    fn external_claims_are_checked() {
        let today = "2017-05-25";
        assert_eq!(check_external_claim(&claim("2017-03-01", "2017-03-02", 12.0), today), Ok(()));
        assert!(check_external_claim(&claim("2017-03-02", "2017-03-01", 4.0), today).unwrap_err().contains("不能早于"));
        assert!(check_external_claim(&claim("2017-05-20", "2017-05-26", 4.0), today).unwrap_err().contains("已经结束"));
        assert!(check_external_claim(&claim("2017-02-30", "2017-03-01", 4.0), today).unwrap_err().contains("开始日期"));
        assert!(check_external_claim(&claim("2017-03-01", "2017-03-01", 9.0), today).unwrap_err().contains("最多申报 8"));
        assert!(check_external_claim(&claim("2017-03-01", "2017-03-01", 0.0), today).unwrap_err().contains("大于 0"));
        assert!(check_external_claim(&claim("2017-03-01", "2017-03-01", 2.3), today).unwrap_err().contains("0.5"));
        assert!(check_external_claim(&claim("2016-01-01", "2017-01-01", 250.0), today).unwrap_err().contains("200"));
        let blank = ExternalClaim { title: "  ", ..claim("2017-03-01", "2017-03-01", 2.0) };
        assert!(check_external_claim(&blank, today).unwrap_err().contains("学习内容"));
    }

    #[test]
    fn dates_are_real_dates() {
        assert_eq!(parse_date("2016-02-29"), Some((2016, 2, 29)));
        assert_eq!(parse_date("2017-02-29"), None);
        assert_eq!(parse_date("2017-13-01"), None);
        assert_eq!(parse_date("17-1-1"), None);
        assert_eq!(days_between((2016, 12, 31), (2017, 1, 1)), 2);
        assert_eq!(days_between((2016, 2, 1), (2016, 3, 1)), 30);
    }

    #[test]
    fn evidence_is_a_small_pdf_or_picture() {
        assert_eq!(check_evidence(Some("application/pdf"), 1000), Ok("application/pdf"));
        assert_eq!(check_evidence(Some("image/png"), MAX_EVIDENCE_BYTES), Ok("image/png"));
        assert!(check_evidence(Some("image/png"), MAX_EVIDENCE_BYTES + 1).unwrap_err().contains("5 MB"));
        assert!(check_evidence(Some("application/zip"), 1000).unwrap_err().contains("PDF、JPG 或 PNG"));
        assert!(check_evidence(None, 1000).unwrap_err().contains("PDF、JPG 或 PNG"));
        assert!(check_evidence(Some("application/pdf"), 0).unwrap_err().contains("请上传"));
    }
}
