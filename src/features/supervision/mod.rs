//! 督导组: the supervision groups, the schools in their care (回避: never their own units'), and their
//! visits with findings and follow-ups.

pub mod api;
pub mod page;

pub use page::SupervisionPage;
