//! 培训班: planning, pre-filing, the check-in screen (rotating QR + 6-digit code), the cadre's check-in
//! page, roster and close-out.

pub mod api;
pub mod checkin;
mod class;
mod list;
mod screen;

pub use class::ClassPage;
pub use list::ClassesPage;
pub use screen::{CheckInScreen, SignInSheet};
