//! 账号: sign in, sign out, change one's own password.

pub mod api;
mod page;

pub use page::{LoginPage, PasswordPage, WelcomePage};
