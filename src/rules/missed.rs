//! 漏训 — missed training: district-managed cadres who have attended no class for a long stretch.
//! The article names it as the third reason for pre-filing classes (after duplicated and repeated
//! training) but gives no length: ours is a setting of the organisation department, 12 months unless
//! set (3–36).

use crate::messages as msg;

/// How long without a class counts as missed training, unless the organisation department sets it.
pub const DEFAULT_MONTHS: i64 = 12;
/// The shortest and longest stretch the setting allows.
pub const MONTHS: std::ops::RangeInclusive<i64> = 3..=36;

/// The day a stretch of `months` before `today` (`YYYY-MM-DD`) began: a cadre with no class on or
/// after it has missed training. The day of the month is kept where that month has it (else its last day).
pub fn since(today: &str, months: i64) -> Option<String> {
    let (y, m, d) = super::study_hours::parse_date(today)?;
    let index = i64::from(y) * 12 + i64::from(m) - 1 - months;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let last = match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(format!("{year:04}-{month:02}-{:02}", d.min(last)))
}

/// Checks the setting's form: a whole number of months within [`MONTHS`].
pub fn check_months(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if MONTHS.contains(&n) => Ok(n),
        _ => Err(msg::missed_months_rule(MONTHS.start(), MONTHS.end())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_of_months_ends_on_the_same_day_of_an_earlier_month() {
        assert_eq!(since("2017-05-25", 12).as_deref(), Some("2016-05-25"));
        assert_eq!(since("2017-03-31", 1).as_deref(), Some("2017-02-28"));
        assert_eq!(since("2016-03-31", 1).as_deref(), Some("2016-02-29"));
        assert_eq!(since("2017-01-15", 3).as_deref(), Some("2016-10-15"));
        assert_eq!(since("not a day", 3), None);
    }

    #[test]
    fn the_setting_is_3_to_36_months() {
        assert_eq!(check_months(" 12 "), Ok(12));
        assert!(check_months("2").is_err() && check_months("37").is_err() && check_months("十二").is_err());
    }
}
