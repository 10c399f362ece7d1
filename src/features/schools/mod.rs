//! A school's own page.

pub mod api;
mod page;
mod six_ones;

pub use page::SchoolPage;
pub use six_ones::{SixOnesPanel, SixOnesTablePage};
