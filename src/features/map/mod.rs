//! 分布图: where training happens — the district, its townships, the five 前川 sub-area schools.

pub mod api;
#[cfg(feature = "hydrate")]
mod draw;
mod page;

pub use page::MapPage;
