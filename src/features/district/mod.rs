//! The district's own data (#17): units and schools kept current by the organisation department,
//! a school's profile by its school admin, every change in the change log (变更记录).

pub mod api;
mod page;
mod people;
mod teachers;

pub use page::{SchoolEditPage, SchoolsAdminPage, UnitsPage};
pub use people::{PeoplePage, PersonPage};
pub use teachers::{TeacherEditPage, TeachersAdminPage};
