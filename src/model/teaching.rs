//! The trainees' questionnaire, the teacher pool and the premium-course selection.

use super::*;
use serde::{Deserialize, Serialize};

/// A class the caller attended and may still evaluate (学员评价).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackDue {
    pub class_id: i64,
    pub title: String,
    pub school: String,
    pub starts_at: Moment,
    pub teachers: String,
}

/// The trainees' answers on a class, as those who run it see them: means and comments only from
/// `rules::feedback::MIN_ANSWERS` answers on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackSummary {
    pub answers: i64,
    /// In the order of `rules::feedback::SCALES`.
    pub means: Option<Vec<f64>>,
    pub comments: Vec<String>,
}

/// One teacher of the pool with their points (师资库).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeacherLine {
    pub id: i64,
    pub rank: usize,
    pub name: String,
    pub in_district: bool,
    pub unit: String,
    pub specialties: String,
    pub classes: i64,
    /// Answers on the teacher's classes, and their mean "教师授课" score (from 5 answers on).
    pub answers: i64,
    pub teaching_mean: Option<f64>,
    pub premium: i64,
    pub points: f64,
}

/// The teacher pool ranked by points, the formula, the top reported to the units, and the caller's
/// own line when the caller is a teacher of the pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeacherPool {
    pub teachers: Vec<TeacherLine>,
    pub formula: String,
    pub reported: usize,
    pub mine: Option<TeacherLine>,
    /// The latest report of the top to the teachers' units (通报), if one was made.
    pub report: Option<TeacherReport>,
    /// Whether the caller may report the top (the organisation department).
    pub may_report: bool,
}

/// One report of the top of the ranking to the teachers' units: when, and each notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeacherReport {
    pub made_at: Moment,
    /// (rank, teacher, unit, notice)
    pub notices: Vec<(i64, String, String, String)>,
}

vocabulary! {
    /// Where a premium-course nomination stands (精品课程评选).
    NominationStatus {
        Nominated => "nominated", "评审中";
        Selected => "selected", "入选";
        NotSelected => "not_selected", "未入选";
    }
}

/// A premium-course nomination with its reviews.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NominationView {
    pub id: i64,
    pub category: CourseCategory,
    pub title: String,
    pub teacher: String,
    pub in_district: bool,
    pub unit: String,
    pub reviews: usize,
    pub mean: Option<f64>,
    /// The caller's own score, when the caller reviews.
    pub my_score: Option<f64>,
    pub status: NominationStatus,
    /// After publication: "奖励 8 学时" or the notice sent to the unit.
    pub recognition: Option<String>,
}

/// A year's premium-course selection (/courses).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseSelection {
    pub year: i32,
    pub years: Vec<i32>,
    pub published_at: Option<Moment>,
    pub nominations: Vec<NominationView>,
    /// (id, "name · unit") of every teacher, for the nomination form.
    pub teachers: Vec<(i64, String)>,
    pub may_review: bool,
    pub rule: String,
}
