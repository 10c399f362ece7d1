//! The six-haves evaluation and leaders on the podium.

use super::*;
use serde::{Deserialize, Serialize};

/// One school's line in a year's six-haves evaluation (/evaluation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluatedSchool {
    pub school_id: i64,
    pub name: String,
    /// How many of the 24 scores (6 criteria × 4 methods) are in.
    pub scored: usize,
    pub total: Option<f64>,
    /// The weighted training-results score: the first tie-breaker.
    pub results: Option<f64>,
    pub rank: Option<usize>,
    pub band: Option<Band>,
    /// Another school has the same total: the tie-break rule placed it.
    pub tied: bool,
    pub subsidy: f64,
}

/// An unqualified school's rectification (整改记录).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RectificationView {
    pub school_id: i64,
    pub school: String,
    pub interview_on: String,
    pub deadline: String,
    pub status: RectificationStatus,
    pub note: String,
    pub overdue: bool,
}

/// A year's six-haves evaluation: weights, subsidies, every school's total, and — once every school's
/// scorecard is complete — the ranking and the bands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub year: i32,
    pub years: Vec<i32>,
    /// Per cent, in the order of `EvalMethod::ALL`.
    pub weights: Vec<f64>,
    pub weights_set: bool,
    /// Yuan per demonstration school and per excellent school.
    pub subsidy_demonstration: f64,
    pub subsidy_excellent: f64,
    pub subsidy_set: bool,
    /// Ranked when banded; otherwise by school number.
    pub schools: Vec<EvaluatedSchool>,
    /// Schools with all 24 scores, of the schools evaluated this year.
    pub complete: usize,
    pub expected: usize,
    pub banded: bool,
    /// (band, schools), in the order of `Band::ALL`; empty until banded.
    pub counts: Vec<(Band, usize)>,
    pub subsidy_total: f64,
    /// The unqualified school (when banded) and its rectification, if recorded.
    pub unqualified: Option<(i64, String)>,
    pub rectification: Option<RectificationView>,
    pub tie_rule: String,
    /// The bands' chart (ECharts option, JSON text), once the year is banded.
    pub band_chart: Option<String>,
    /// When the figures were taken (the 数据截至 stamp).
    pub as_of: String,
}

/// One school's scorecard for a year (/evaluation/:school).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub school_id: i64,
    pub school: String,
    pub year: i32,
    /// `[criterion][method]` in the order of `Criterion::ALL` × `EvalMethod::ALL`.
    pub grid: Vec<Vec<Option<f64>>>,
    pub weights: Vec<f64>,
    pub total: Option<f64>,
    pub rank: Option<usize>,
    pub band: Option<Band>,
    /// The columns the caller may enter: all four for the organisation department, 实地查看 for a
    /// supervisor of the school's group, none for the others.
    pub may_enter: Vec<EvalMethod>,
    /// The trainees' questionnaire of the school's classes of the year, when it has enough answers.
    pub questionnaire: Option<Questionnaire>,
}

/// What the trainees' questionnaire says of a school's year, for its 学员评价 column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub answers: usize,
    /// The four scales' means (content, teaching, organisation, usefulness), 1–5.
    pub means: Vec<f64>,
    /// The 学员评价 scores they give, in `Criterion::ALL` order (`rules::six_haves::trainee_scores`).
    pub suggested: Vec<f64>,
}

/// A unit's podium duties in a year (完成情况).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PodiumUnit {
    pub unit: String,
    pub due: usize,
    pub done: usize,
}

/// A leader with a podium duty who has not yet fulfilled it this year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PodiumDue {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
}

/// A recorded lecture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LectureView {
    pub given_on: String,
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
    pub venue: LectureVenue,
    pub school: Option<String>,
    pub title: String,
    pub hours: Option<f64>,
    /// It counts towards the lecturer's duty.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub fulfils: bool,
}

/// Leaders on the podium in a year (/podium).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Podium {
    pub year: i32,
    pub years: Vec<i32>,
    pub reward_hours: f64,
    pub reward_set: bool,
    pub due_total: usize,
    pub done_total: usize,
    pub units: Vec<PodiumUnit>,
    pub due: Vec<PodiumDue>,
    /// The year's lectures, newest first.
    pub lectures: Vec<LectureView>,
    /// (id, name) of every school, for the record form.
    pub schools: Vec<(i64, String)>,
}

/// A unit's line in a year's Party-building assessment (党建考核): its school's six-haves band and
/// its leaders' podium completion, as points (`rules::assessment`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentUnit {
    pub unit: String,
    /// The school it hosts, if it was evaluated that year.
    pub school: Option<String>,
    pub band: Option<Band>,
    pub band_points: f64,
    pub podium_due: usize,
    pub podium_done: usize,
    pub podium_points: f64,
    pub total: f64,
}

/// A year's Party-building assessment as far as the amateur schools go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub year: i32,
    pub years: Vec<i32>,
    /// Whether the year's evaluation is complete (else no band counts yet).
    pub banded: bool,
    pub band_points: Vec<(Band, f64)>,
    /// Points for full podium completion.
    pub podium_points: f64,
    /// Whether the organisation department set the points (else the defaults).
    pub set: bool,
    /// Highest total first.
    pub units: Vec<AssessmentUnit>,
    /// The one unit a school admin sees: their school's host unit.
    pub scoped_to: Option<String>,
}
