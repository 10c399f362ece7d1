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
    /// The days the Red Lecture Hall (红色大讲堂) was held (opened or held, all history, earliest
    /// first): marked on the monthly chart's timeline.
    pub red_lectures: Vec<String>,
    /// The charts' full options, built on the server for these figures.
    pub charts: DashboardCharts,
}

/// The dashboard's charts as full ECharts options (JSON text, `charts::options`). A live screen merges
/// only its figures into them (`charts::data`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DashboardCharts {
    pub monthly: String,
    pub cumulative: String,
    pub modes: String,
    pub townships: String,
    pub today_townships: String,
    pub today_hours: String,
}

impl DashboardCharts {
    /// Each chart's options through `f` (into another language).
    pub fn translate(&mut self, f: impl Fn(&str) -> String) {
        for json in [
            &mut self.monthly,
            &mut self.cumulative,
            &mut self.modes,
            &mut self.townships,
            &mut self.today_townships,
            &mut self.today_hours,
        ] {
            *json = f(json);
        }
    }
}

/// 今日动态: the classes open for check-in today and today's check-ins (aggregates, no names).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TodayPanel {
    /// `YYYY-MM-DD`
    pub day: String,
    pub classes: Vec<TodayClass>,
    /// Classes held today and their attendances (today's daily counts, as every period sums them).
    pub held: i64,
    pub attendances: i64,
    /// Attendances of today's classes by township-level unit of the school; district-level units last.
    pub by_township: Vec<UnitCount>,
    /// Today's check-ins per hour of the day (0–23).
    pub by_hour: Vec<i64>,
    /// Today's held classes and attendances per school (schools with any), as the map adds them up.
    #[serde(default)]
    pub by_school: Vec<SchoolCount>,
}

/// A school's held classes and attendances on one day (its daily counts).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SchoolCount {
    pub school: i64,
    pub classes: i64,
    pub attendances: i64,
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

/// The article's first period (2015-04 … 2016-12); its second runs from 2017-01-01 to today.
pub const FIRST_PERIOD: (&str, &str) = ("2015-04-01", "2016-12-31");
pub const SECOND_PERIOD_START: &str = "2017-01-01";

/// The label of schools not in a township-level unit (district departments and their institutions).
pub const DISTRICT_LEVEL: &str = "区直单位";

/// Figures that hold today's: a live event's figures of today (`now`, read at `at`) replace them, so a
/// screen follows the district's check-ins from the events alone. The server composes the same figures
/// as every day but today plus today's panel, by this same merge.
pub trait MergesToday {
    /// `false` (and nothing changed) when `now` is of another day: the screen asks again.
    fn merge_today(&mut self, now: &TodayPanel, at: &str) -> bool;
}

impl MergesToday for Dashboard {
    /// Every card and chart whose period holds today moves by the difference.
    fn merge_today(&mut self, now: &TodayPanel, at: &str) -> bool {
        if now.day != self.today.day {
            return false;
        }
        let day = now.day.as_str();
        let (classes, attendances) = (now.held - self.today.held, now.attendances - self.today.attendances);
        let k = &mut self.kpis;
        if (FIRST_PERIOD.0..=FIRST_PERIOD.1).contains(&day) {
            k.classes_2015_2016 += classes;
            k.attendances_2015_2016 += attendances;
        }
        if day >= SECOND_PERIOD_START {
            k.sessions_2017 += classes;
            k.attendances_2017 += attendances;
        }
        k.attendances_total += attendances;
        if (self.period.from.as_str()..=self.period.to.as_str()).contains(&day) {
            k.classes += classes;
            k.attendances += attendances;
            if let Some(m) = self.monthly.iter_mut().find(|m| day.starts_with(m.month.as_str())) {
                m.classes += classes;
                m.attendances += attendances;
            }
            let mut towns: Vec<(Option<String>, i64)> = Vec::new();
            let mut add = |list: &[UnitCount], sign: i64| {
                for u in list {
                    let unit = (u.unit != DISTRICT_LEVEL).then(|| u.unit.clone());
                    towns.push((unit, sign * u.attendances));
                }
            };
            add(&self.by_township, 1);
            add(&now.by_township, 1);
            add(&self.today.by_township, -1);
            self.by_township = UnitCount::ranked(towns);
        }
        self.today = now.clone();
        self.as_of = at.to_string();
        true
    }
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

impl UnitCount {
    /// Attendances per township-level unit (`None`: a district-level unit's school), added up per unit:
    /// largest first, the district-level units as one bar, last.
    pub fn ranked(rows: Vec<(Option<String>, i64)>) -> Vec<UnitCount> {
        let mut district = 0;
        let mut towns: Vec<UnitCount> = Vec::new();
        for (township, attendances) in rows {
            match township {
                Some(unit) => match towns.iter_mut().find(|t| t.unit == unit) {
                    Some(t) => t.attendances += attendances,
                    None => towns.push(UnitCount { unit, attendances }),
                },
                None => district += attendances,
            }
        }
        towns.sort_by(|a, b| b.attendances.cmp(&a.attendances).then_with(|| a.unit.cmp(&b.unit)));
        if district > 0 {
            towns.push(UnitCount { unit: DISTRICT_LEVEL.into(), attendances: district });
        }
        towns
    }
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

/// The programme's milestones as the article tells them (month, what), drawn on the monthly chart
/// where its months are shown. The Red Lecture Hall's come from the classes held (`timeline`).
pub const MILESTONES: [(&str, &str); 4] =
    [("2015-04", "试点启动"), ("2015-06", "确立“六个一”创建模式"), ("2015-08", "71所业余党校建成"), ("2017-03", "推进规范化建设")];

/// The monthly chart's marked events (month, what), in time order: the programme's milestones and
/// the Red Lecture Hall's lectures held on `red_days` (`YYYY-MM-DD…`, earliest first) — the first
/// named as such with its day, a month with several counted.
pub fn timeline(red_days: &[String]) -> Vec<(String, String)> {
    let mut marks: Vec<(String, String)> = MILESTONES.iter().map(|(m, w)| (m.to_string(), w.to_string())).collect();
    let mut months: Vec<(&str, Vec<&str>)> = Vec::new();
    for day in red_days.iter().filter(|d| d.len() >= 10) {
        match months.last_mut() {
            Some((month, days)) if *month == &day[..7] => days.push(&day[..10]),
            _ => months.push((&day[..7], vec![&day[..10]])),
        }
    }
    for (i, (month, days)) in months.into_iter().enumerate() {
        let on = |d: &str| format!("{}月{}日", d[5..7].trim_start_matches('0'), d[8..10].trim_start_matches('0'));
        let what = match (i, days.len()) {
            (0, 1) => format!("首次红色大讲堂（{}）", on(days[0])),
            (0, n) => format!("首次红色大讲堂（{}，本月 {n} 场）", on(days[0])),
            (_, 1) => format!("红色大讲堂（{}）", on(days[0])),
            (_, n) => format!("红色大讲堂（本月 {n} 场）"),
        };
        marks.push((month.to_string(), what));
    }
    marks.sort_by(|a, b| a.0.cmp(&b.0));
    marks
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
    fn the_timeline_names_the_first_red_lecture_and_counts_later_ones() {
        let days: Vec<String> = ["2017-05-25T13:06:00", "2017-07-01T09:00:00", "2017-09-08T09:00:00", "2017-09-28T09:00:00"]
            .iter()
            .map(|d| d.to_string())
            .collect();
        let marks = timeline(&days);
        let whats: Vec<&str> = marks.iter().map(|m| m.1.as_str()).collect();
        assert_eq!(
            whats,
            [
                "试点启动",
                "确立“六个一”创建模式",
                "71所业余党校建成",
                "推进规范化建设",
                "首次红色大讲堂（5月25日）",
                "红色大讲堂（7月1日）",
                "红色大讲堂（本月 2 场）"
            ]
        );
        assert_eq!(marks[4].0, "2017-05");
        assert_eq!(timeline(&[]).len(), MILESTONES.len());
    }

    #[test]
    fn cumulative_adds_up_in_order() {
        let m = |month: &str, a| MonthPoint { month: month.into(), classes: 1, attendances: a };
        let c = cumulative_attendances(&[m("2015-04", 10), m("2015-05", 0), m("2015-06", 5)]);
        assert_eq!(c, vec![("2015-04".into(), 10), ("2015-05".into(), 10), ("2015-06".into(), 15)]);
    }

    fn unit(name: &str, attendances: i64) -> UnitCount {
        UnitCount { unit: name.into(), attendances }
    }

    /// The demo's dashboard in brief on 2017-05-25: one class held today with ten check-ins.
    fn board(kind: PeriodKind, from: &str, to: &str) -> Dashboard {
        Dashboard {
            period: Period { kind, from: from.into(), to: to.into() },
            kpis: Kpis {
                classes: 7,
                attendances: 100,
                sessions_2017: 7,
                attendances_2017: 100,
                attendances_total: 1000,
                ..Kpis::default()
            },
            monthly: vec![
                MonthPoint { month: "2017-04".into(), classes: 3, attendances: 40 },
                MonthPoint { month: "2017-05".into(), classes: 4, attendances: 60 },
            ],
            schools_by_mode: vec![],
            by_township: vec![unit("前川街", 30), unit(DISTRICT_LEVEL, 5)],
            bands: None,
            as_of: "2017-05-25 09:00:00".into(),
            today: TodayPanel {
                day: "2017-05-25".into(),
                held: 1,
                attendances: 10,
                by_township: vec![unit("前川街", 10)],
                ..TodayPanel::default()
            },
            red_lectures: vec![],
            charts: DashboardCharts::default(),
        }
    }

    fn later_today() -> TodayPanel {
        TodayPanel {
            day: "2017-05-25".into(),
            held: 2,
            attendances: 13,
            by_township: vec![unit("前川街", 11), unit("木兰乡", 2)],
            ..TodayPanel::default()
        }
    }

    #[test]
    fn todays_figures_move_every_card_and_chart_whose_period_holds_today() {
        let mut d = board(PeriodKind::Month, "2017-05-01", "2017-05-25");
        assert!(d.merge_today(&later_today(), "2017-05-25 09:30:00"));
        assert_eq!((d.kpis.classes, d.kpis.attendances), (8, 103));
        assert_eq!((d.kpis.sessions_2017, d.kpis.attendances_2017, d.kpis.attendances_total), (8, 103, 1003));
        assert_eq!((d.kpis.classes_2015_2016, d.kpis.attendances_2015_2016), (0, 0), "not the first period's day");
        assert_eq!((d.monthly[0].attendances, d.monthly[1].classes, d.monthly[1].attendances), (40, 5, 63));
        assert_eq!(d.by_township, vec![unit("前川街", 31), unit("木兰乡", 2), unit(DISTRICT_LEVEL, 5)]);
        assert_eq!((d.today.held, d.as_of.as_str()), (2, "2017-05-25 09:30:00"));
        // The same figures again change nothing: they replace today's, they do not add to them.
        let once = d.clone();
        assert!(d.merge_today(&later_today(), "2017-05-25 09:30:00"));
        assert_eq!(d, once);
    }

    #[test]
    fn a_period_before_today_keeps_its_figures() {
        let mut d = board(PeriodKind::Range, "2016-01-01", "2016-06-30");
        assert!(d.merge_today(&later_today(), "2017-05-25 09:30:00"));
        assert_eq!((d.kpis.classes, d.kpis.attendances, d.monthly[1].attendances), (7, 100, 60));
        assert_eq!(d.by_township, vec![unit("前川街", 30), unit(DISTRICT_LEVEL, 5)]);
        assert_eq!(d.kpis.attendances_total, 1003, "the total holds every day");
    }

    #[test]
    fn another_days_figures_are_not_merged() {
        let mut d = board(PeriodKind::Month, "2017-05-01", "2017-05-25");
        let before = d.clone();
        let tomorrow = TodayPanel { day: "2017-05-26".into(), ..later_today() };
        assert!(!d.merge_today(&tomorrow, "2017-05-26 08:00:00"));
        assert_eq!(d, before);
    }

    #[test]
    fn units_are_added_up_and_ranked() {
        let rows = vec![(Some("木兰乡".to_string()), 15), (None, 500), (Some("前川街".to_string()), 10), (Some("前川街".to_string()), 20)];
        assert_eq!(UnitCount::ranked(rows), vec![unit("前川街", 30), unit("木兰乡", 15), unit(DISTRICT_LEVEL, 500)]);
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
