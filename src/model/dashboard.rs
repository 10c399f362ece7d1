//! The leader dashboard's figures and the number formats the article uses.

use super::*;
use serde::{Deserialize, Serialize};

/// The leader dashboard's figures, all computed from the database.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub kpis: Kpis,
    /// Classes and attendances per calendar month, 2015-04 … 2017-05, without gaps.
    pub monthly: Vec<MonthPoint>,
    pub schools_by_mode: Vec<ModeCount>,
    /// Attendances by township-level unit where the school sits; district-level units last.
    pub by_township: Vec<UnitCount>,
    /// The latest complete six-haves evaluation: its year and (band, schools) in `Band::ALL` order.
    pub bands: Option<(i32, Vec<(Band, usize)>)>,
    /// When these figures were read (local time, `YYYY-MM-DD HH:MM:SS`).
    pub as_of: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    pub schools: i64,
    pub classes_2015_2016: i64,
    pub attendances_2015_2016: i64,
    pub sessions_2017: i64,
    pub attendances_2017: i64,
    pub attendances_total: i64,
    pub party_members: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPoint {
    /// `YYYY-MM`
    pub month: String,
    pub classes: i64,
    pub attendances: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ModeCount {
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub schools: i64,
}

impl ModeCount {
    /// 独立建校 / 联合建校 / 延伸建校（片区）…
    pub fn label(&self) -> String {
        match self.extension {
            Some(ExtensionKind::SubArea) => format!("{}·片区", self.mode.label()),
            Some(ExtensionKind::Institution) => format!("{}·二级单位", self.mode.label()),
            None => self.mode.label().to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitCount {
    pub unit: String,
    pub attendances: i64,
}

/// Adds up a monthly series: the running total of attendances per month.
pub fn cumulative_attendances(monthly: &[MonthPoint]) -> Vec<(String, i64)> {
    monthly
        .iter()
        .scan(0_i64, |total, p| {
            *total += p.attendances;
            Some((p.month.clone(), *total))
        })
        .collect()
}

/// Formats a count with thousands separators, as Chinese reports print them (103,512).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a count in 万 (ten thousands) with one decimal, as the article does (10.3万).
pub fn wan(n: i64) -> String {
    format!("{:.1}万", (n as f64 / 1000.0).floor() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for m in CourseCategory::ALL {
            assert_eq!(CourseCategory::from_code(m.as_code()), Some(*m));
        }
        assert_eq!(CourseCategory::ALL.len(), 7, "the brief names seven course categories");
        assert_eq!(FoundingMode::from_code("joint"), Some(FoundingMode::Joint));
        assert_eq!(FoundingMode::from_code("nonsense"), None);
    }

    #[test]
    fn cumulative_adds_up_in_order() {
        let m = |month: &str, a| MonthPoint { month: month.into(), classes: 1, attendances: a };
        let c = cumulative_attendances(&[m("2015-04", 10), m("2015-05", 0), m("2015-06", 5)]);
        assert_eq!(c, vec![("2015-04".into(), 10), ("2015-05".into(), 10), ("2015-06".into(), 15)]);
    }

    #[test]
    fn numbers_are_formatted_the_chinese_way() {
        assert_eq!(thousands(103_512), "103,512");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(-55_000), "-55,000");
        assert_eq!(wan(103_512), "10.3万");
        assert_eq!(wan(31_999), "3.1万");
    }
}
