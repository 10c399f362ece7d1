//! Queries, one module per capability. Plain runtime-checked SQL written once for both backends.

pub mod dashboard;
pub mod hours;
pub mod schools;
