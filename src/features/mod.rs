//! One folder per capability: its server functions (`api.rs`) and its pages.

pub mod dashboard;
pub mod map;
pub mod schools;
