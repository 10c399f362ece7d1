//! 数据看板: the leaders' dashboard of training volume.

pub mod api;
mod page;

pub use page::DashboardPage;
