//! A school's own page.

pub mod api;
mod page;

pub use page::SchoolPage;
