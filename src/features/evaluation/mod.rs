//! 六有评估: the yearly evaluation of the schools — scorecards, weights, banding, subsidies and the
//! unqualified school's rectification.

pub mod api;
pub mod page;

pub use page::{AssessmentPage, EvaluationPage, ScorecardPage};
