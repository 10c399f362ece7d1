//! The leader dashboard's figures and the number formats the article uses.

use super::*;
use serde::{Deserialize, Serialize};

/// The leader dashboard's figures, all computed from the database.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The period the cards and charts cover.
    pub period: Period,
    pub kpis: Kpis,
    /// Classes and attendances per calendar month of the period (through the current month), without gaps.
    pub monthly: Vec<MonthPoint>,
    pub schools_by_mode: Vec<ModeCount>,
    /// Attendances in the period by township-level unit where the school sits; district-level units last.
    pub by_township: Vec<UnitCount>,
    /// The latest complete six-haves evaluation: its year and (band, schools) in `Band::ALL` order.
    pub bands: Option<(i32, Vec<(Band, usize)>)>,
    /// When these figures were read (local time, `YYYY-MM-DD HH:MM:SS`).
    pub as_of: String,
    /// The day in progress.
    pub today: TodayPanel,
}

/// 今日动态: the classes open for check-in today and today's check-ins (aggregates, no names).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TodayPanel {
    /// `YYYY-MM-DD`
    pub day: String,
    pub classes: Vec<TodayClass>,
    /// Today's check-ins by township-level unit of the school; district-level units last.
    pub by_township: Vec<UnitCount>,
    /// Today's check-ins per hour of the day (0–23).
    pub by_hour: Vec<i64>,
}

/// A class open for check-in today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TodayClass {
    pub id: i64,
    pub school_id: i64,
    pub school: String,
    pub title: String,
    pub starts_at: Moment,
    pub ends_at: Moment,
    pub capacity: Option<i64>,
    pub checked_in: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    pub schools: i64,
    pub classes_2015_2016: i64,
    pub attendances_2015_2016: i64,
    pub sessions_2017: i64,
    pub attendances_2017: i64,
    /// Held classes and attendances in the chosen period.
    pub classes: i64,
    pub attendances: i64,
    pub attendances_total: i64,
    pub party_members: i64,
}

/// Which period the dashboard's cards and charts cover.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PeriodKind {
    /// The article's periods: 2015-04 … 2016-12 and 2017 to date (the preset the dashboard opens with).
    #[default]
    Article,
    Year,
    Month,
    /// A chosen range of days.
    Range,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [PeriodKind::Article, PeriodKind::Year, PeriodKind::Month, PeriodKind::Range];

    /// The value in links (`/?period=year`).
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Article => "article",
            PeriodKind::Year => "year",
            PeriodKind::Month => "month",
            PeriodKind::Range => "range",
        }
    }

    pub fn from_code(code: &str) -> Option<PeriodKind> {
        PeriodKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            PeriodKind::Article => "2015年4月以来",
            PeriodKind::Year => "本年",
            PeriodKind::Month => "本月",
            PeriodKind::Range => "自选时段",
        }
    }
}

/// A period: its kind and its first and last day (`YYYY-MM-DD`, both included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: String,
    pub to: String,
}

impl Period {
    /// `2017.1.1–2017.5.25`, as Chinese reports write a span of days.
    pub fn span(&self) -> String {
        format!("{}–{}", dotted(&self.from), dotted(&self.to))
    }
}

/// `2017-05-25` → `2017.5.25`
pub fn dotted(day: &str) -> String {
    let parts: Vec<&str> = day.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{y}.{}.{}", m.trim_start_matches('0'), d.trim_start_matches('0')),
        _ => day.to_string(),
    }
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
