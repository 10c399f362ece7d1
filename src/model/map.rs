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
}

impl MapColour {
    pub const ALL: &'static [MapColour] = &[MapColour::Mode, MapColour::Band];

    pub fn as_code(self) -> &'static str {
        match self {
            MapColour::Mode => "mode",
            MapColour::Band => "band",
        }
    }

    pub fn from_code(code: &str) -> Self {
        if code == "band" {
            MapColour::Band
        } else {
            MapColour::Mode
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MapColour::Mode => "按建校模式",
            MapColour::Band => "按评估等次",
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
    /// Rotating principals of a joint school: (person, unit, from, to).
    pub principal_terms: Vec<(String, String, String, String)>,
    pub classes: i64,
    pub attendances: i64,
    pub monthly: Vec<MonthPoint>,
    /// The monthly chart's full option (JSON text, built on the server).
    pub monthly_chart: String,
    pub recent: Vec<ClassSummary>,
}
