//! 履职能力测试: the yearly results of the district-managed leadership teams (three parts), imported
//! from Excel, with each team's structure — for district leaders and the organisation department.

pub mod api;
pub mod page;

pub use page::CompetencyPage;
