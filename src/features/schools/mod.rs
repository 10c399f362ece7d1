//! A school's own page.

pub mod api;
mod page;
mod plan;
mod six_ones;

pub use page::SchoolPage;
pub use plan::PlanLineFields;
pub use six_ones::{SixOnesPanel, SixOnesTablePage};
