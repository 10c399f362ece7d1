//! One folder per capability: its server functions (`api.rs`) and its pages.

pub mod account;
pub mod admin;
pub mod classes;
pub mod competency;
pub mod dashboard;
pub mod district;
pub mod evaluation;
pub mod hours;
pub mod joint;
pub mod map;
pub mod podium;
pub mod red;
pub mod schools;
pub mod supervision;
pub mod teachers;
