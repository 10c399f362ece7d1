//! The district's "1+8" rules as small pure functions: no IO, no clock, each named as the rule is
//! named and tested beside it. Pages and server functions call these; they never re-implement them.

pub mod access;
pub mod checkin;
pub mod classes;
pub mod competency;
pub mod feedback;
pub mod guard;
pub mod joint;
pub mod podium;
pub mod premium;
pub mod six_haves;
pub mod study_hours;
pub mod supervision;
pub mod teachers;

/// Which rule, in which version, produced a record (kept on every study-hour ledger entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleRef {
    pub name: &'static str,
    pub version: i64,
}
