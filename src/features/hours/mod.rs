//! 学时: a person's study hours against the year's target.

pub mod api;
mod page;

pub use page::MyHoursPage;
