//! 联训: regional, paired and departmental joint-training groups — members, the hosting rotation and
//! yearly plan, the cross-evaluation, and the classes planned for a group.

pub mod api;
pub mod page;

pub use page::JointPage;
