//! The map of schools and the school pages.

use super::*;
use serde::{Deserialize, Serialize};

/// How the map colours its schools (着色).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MapColour {
    /// By founding mode (建校模式).
    #[default]
    Mode,
    /// By the band of the latest complete six-haves evaluation (评估等次).
    Band,
    /// By how many of the 六个一 have documents.
    SixOnes,
}

impl MapColour {
    pub const ALL: &'static [MapColour] = &[MapColour::Mode, MapColour::Band, MapColour::SixOnes];

    pub fn as_code(self) -> &'static str {
        match self {
            MapColour::Mode => "mode",
            MapColour::Band => "band",
            MapColour::SixOnes => "six_ones",
        }
    }

    /// The colouring a link asks for; by founding mode when it asks for none we know.
    pub fn from_code(code: &str) -> Self {
        Self::ALL.iter().copied().find(|c| c.as_code() == code).unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            MapColour::Mode => "按建校模式",
            MapColour::Band => "按评估等次",
            MapColour::SixOnes => "按六个一",
        }
    }
}

/// The period a map's figures cover (统计时段).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MapPeriod {
    /// The latest year that has classes (本年度).
    #[default]
    LatestYear,
    /// 2015-04 … 2016-12, the article's first period.
    FirstPeriod,
    All,
}

impl MapPeriod {
    pub const ALL: &'static [MapPeriod] = &[MapPeriod::LatestYear, MapPeriod::FirstPeriod, MapPeriod::All];

    pub fn as_code(self) -> &'static str {
        match self {
            MapPeriod::LatestYear => "year",
            MapPeriod::FirstPeriod => "2015-2016",
            MapPeriod::All => "all",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.as_code() == code)
    }

    /// The days it covers (`YYYY-MM-DD`, both included), given the clock's year.
    pub fn range(self, year: i32) -> (String, String) {
        match self {
            MapPeriod::LatestYear => (format!("{year:04}-01-01"), format!("{year:04}-12-31")),
            MapPeriod::FirstPeriod => (FIRST_PERIOD.0.into(), FIRST_PERIOD.1.into()),
            MapPeriod::All => ("0000-01-01".into(), "9999-12-31".into()),
        }
    }

    /// Label, given the latest year with data.
    pub fn label(self, latest_year: i32) -> String {
        match self {
            MapPeriod::LatestYear => format!("{latest_year}年（本年度）"),
            MapPeriod::FirstPeriod => "2015–2016年".into(),
            MapPeriod::All => "全部".into(),
        }
    }
}

/// A school as the map shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MapSchool {
    pub id: i64,
    pub name: String,
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub township: Option<String>,
    pub principal: Option<String>,
    pub lon: f64,
    pub lat: f64,
    /// `medium`, `low` or `very low`: anything but medium is drawn as approximate.
    pub confidence: String,
    pub classes: i64,
    pub attendances: i64,
    /// Day of the latest class in the period (`YYYY-MM-DD`).
    pub last_class: Option<String>,
    /// Its band in the latest complete six-haves evaluation, if it was evaluated.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub band: Option<Band>,
    /// How many of its 六个一 have documents (0–6).
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    #[serde(default)]
    pub six_ones: u8,
}

impl MapSchool {
    pub fn approximate(&self) -> bool {
        self.confidence != "medium"
    }
}

/// A township-level unit's seat, for labels on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TownPoint {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub period: MapPeriod,
    pub colour: MapColour,
    /// The year of the evaluation whose bands the schools carry.
    pub band_year: Option<i32>,
    pub latest_year: i32,
    pub schools: Vec<MapSchool>,
    pub towns: Vec<TownPoint>,
    pub drawing: MapDrawing,
    /// When these figures were read (Beijing time).
    pub as_of: String,
    /// The day in progress (`YYYY-MM-DD`) and its figures per school, as counted in `schools`: a live
    /// event's figures of the same day replace them (`merge_today`).
    pub today: String,
    pub today_by_school: Vec<SchoolCount>,
}

impl MergesToday for MapData {
    /// Each school's count of today is replaced by the new one (when the period holds today). `false`
    /// (nothing changed) for another day's figures: the screen asks again.
    fn merge_today(&mut self, now: &TodayPanel, at: &str) -> bool {
        if now.day != self.today {
            return false;
        }
        let (from, to) = self.period.range(self.latest_year);
        let day = now.day.as_str();
        if (from.as_str()..=to.as_str()).contains(&day) {
            let by_school = |counts: &[SchoolCount]| -> std::collections::HashMap<i64, (i64, i64)> {
                counts.iter().map(|c| (c.school, (c.classes, c.attendances))).collect()
            };
            let (before, after) = (by_school(&self.today_by_school), by_school(&now.by_school));
            for s in self.schools.iter_mut() {
                let (b, a) = (before.get(&s.id).copied().unwrap_or_default(), after.get(&s.id).copied().unwrap_or_default());
                s.classes += a.0 - b.0;
                s.attendances += a.1 - b.1;
                if a.0 > 0 && s.last_class.as_deref() < Some(day) {
                    s.last_class = Some(now.day.clone());
                }
            }
        }
        self.today_by_school = now.by_school.clone();
        self.as_of = at.to_string();
        true
    }
}

/// The map's ECharts options per view and its extra polygons, as JSON text built on the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapDrawing {
    pub district: String,
    pub qianchuan: String,
    /// GeoJSON features (an array) of the approximate 前川 sub-areas.
    pub sub_areas: String,
}

/// One class in a school's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClassSummary {
    pub id: i64,
    pub title: String,
    pub category: CourseCategory,
    pub starts_at: Moment,
    pub venue: String,
    pub hours: f64,
    pub teacher: Option<String>,
    pub attendances: i64,
}

/// `/schools/:id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolDetail {
    pub id: i64,
    pub name: String,
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub status: SchoolStatus,
    pub host_unit: String,
    pub township: Option<String>,
    pub principal: Option<String>,
    pub vice_principal: Option<String>,
    pub opened_on: String,
    pub pilot: bool,
    pub lon: f64,
    pub lat: f64,
    pub confidence: String,
    /// Member units of a joint school.
    pub members: Vec<String>,
    /// What the school says of itself: (label, text) of its sub-area, villages, venue, contact and
    /// introduction, those that are filled in.
    pub about: Vec<(String, String)>,
    /// Rotating principals of a joint school: (person, unit, from, to).
    pub principal_terms: Vec<(String, String, String, String)>,
    pub classes: i64,
    pub attendances: i64,
    pub monthly: Vec<MonthPoint>,
    /// The monthly chart's full option (JSON text, built on the server).
    pub monthly_chart: String,
    pub recent: Vec<ClassSummary>,
    /// When the figures were taken (the 数据截至 stamp).
    pub as_of: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_cover_the_right_days() {
        assert_eq!(MapPeriod::LatestYear.range(2017), ("2017-01-01".into(), "2017-12-31".into()));
        assert_eq!(MapPeriod::FirstPeriod.range(2017), ("2015-04-01".into(), "2016-12-31".into()));
        let (from, to) = MapPeriod::All.range(2017);
        assert!(from.as_str() < "2015" && to.as_str() > "2099");
    }

    fn school(id: i64, classes: i64, attendances: i64, last_class: Option<&str>) -> MapSchool {
        MapSchool {
            id,
            name: format!("第{id}校"),
            mode: FoundingMode::Independent,
            extension: None,
            township: None,
            principal: None,
            lon: 114.3,
            lat: 30.9,
            confidence: "medium".into(),
            classes,
            attendances,
            last_class: last_class.map(Into::into),
            band: None,
            six_ones: 0,
        }
    }

    fn count(school: i64, classes: i64, attendances: i64) -> SchoolCount {
        SchoolCount { school, classes, attendances }
    }

    /// The demo's map on 2017-05-25: school 1 held a class today with 10 check-ins.
    fn map(period: MapPeriod) -> MapData {
        MapData {
            period,
            colour: MapColour::Mode,
            band_year: None,
            latest_year: 2017,
            schools: vec![school(1, 5, 100, Some("2017-05-25")), school(2, 3, 40, Some("2017-04-02"))],
            towns: vec![],
            drawing: MapDrawing::default(),
            as_of: "2017-05-25 09:00:00".into(),
            today: "2017-05-25".into(),
            today_by_school: vec![count(1, 1, 10)],
        }
    }

    fn later() -> TodayPanel {
        TodayPanel { day: "2017-05-25".into(), by_school: vec![count(1, 1, 12), count(2, 1, 3)], ..TodayPanel::default() }
    }

    #[test]
    fn todays_figures_replace_each_schools_count_of_today() {
        let mut m = map(MapPeriod::LatestYear);
        assert!(m.merge_today(&later(), "2017-05-25 09:30:00"));
        let figures: Vec<_> = m.schools.iter().map(|s| (s.classes, s.attendances, s.last_class.clone())).collect();
        assert_eq!(figures, vec![(5, 102, Some("2017-05-25".into())), (4, 43, Some("2017-05-25".into()))]);
        assert_eq!(m.as_of, "2017-05-25 09:30:00");
        // The same figures again change nothing.
        let once = m.clone();
        assert!(m.merge_today(&later(), "2017-05-25 09:30:00"));
        assert_eq!(m, once);
    }

    #[test]
    fn a_period_before_today_keeps_its_figures_and_another_day_is_not_merged() {
        let mut m = map(MapPeriod::FirstPeriod);
        let before = m.schools.clone();
        assert!(m.merge_today(&later(), "2017-05-25 09:30:00"));
        assert_eq!(m.schools, before);
        let tomorrow = TodayPanel { day: "2017-05-26".into(), ..later() };
        let mut m = map(MapPeriod::All);
        let untouched = m.clone();
        assert!(!m.merge_today(&tomorrow, "2017-05-26 08:00:00"));
        assert_eq!(m, untouched);
    }
}
