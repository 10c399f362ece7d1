//! Queries, one module per capability. Plain runtime-checked SQL written once for both backends.
//! Modules that have a `service` counterpart hold SQL and row mapping only: no caller, no messages.

pub mod accounts;
pub mod assessment;
pub mod attendance;
pub mod audit;
pub mod claims;
pub mod classes;
pub mod competency;
pub mod compliance;
pub mod dashboard;
pub mod district;
pub mod evaluation;
pub mod feedback;
pub mod hours;
pub mod joint;
pub mod links;
pub mod missed;
pub mod people;
pub mod plans;
pub mod podium;
pub mod premium;
pub mod red;
pub mod rollup;
pub mod schools;
pub mod security;
pub mod six_ones;
pub mod supervision;
pub mod teachers;
