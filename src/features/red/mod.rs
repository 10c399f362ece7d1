//! 红色大讲堂: the Red Lecture Hall's lectures (第 n 期, where, how many attended) and the red teaching
//! bases, for anyone; the organisation department adds and retires bases and plans a lecture from
//! the class planning form.

pub mod api;
mod page;

pub use page::RedLecturesPage;
