//! 师资库、学员评价、精品课程: the teacher pool with its points, the trainees' anonymous questionnaire
//! after a class, and the yearly premium-course selection.

pub mod api;
pub mod page;

pub use page::{CoursesPage, FeedbackPage, TeachersPage};
