//! 账号管理: the organisation department manages accounts and roles.

pub mod api;
mod page;

pub use page::AccountsPage;
