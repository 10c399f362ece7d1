//! 学时: a person's study hours against the year's target, external-study claims and their review,
//! and the district's compliance view.

pub mod api;
mod claims;
mod compliance;
mod missed;
mod page;

pub use claims::{ClaimsReviewPage, MyClaimsPage};
pub use compliance::CompliancePage;
pub use missed::MissedPage;
pub use page::MyHoursPage;
