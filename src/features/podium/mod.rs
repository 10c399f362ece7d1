//! 领导干部上讲台: lectures recorded with their reward hours, and each year's completion per unit.

pub mod api;
pub mod page;

pub use page::PodiumPage;
