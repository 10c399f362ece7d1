//! Server-only code: configuration, database, demo district, queries. Compiled with feature `ssr`.

use crate::messages as msg;

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod downloads;
pub mod guard;
pub mod http;
pub mod imports;
pub mod live;
pub mod repo;
pub mod service;
pub mod state;
pub mod trace;

/// The time in China (UTC+8, no daylight saving), whatever the server's own time zone: what users read as "now".
pub fn beijing_now() -> String {
    beijing_moment().to_string()
}

/// [`beijing_now`] as a [`Moment`](crate::model::Moment).
pub fn beijing_moment() -> crate::model::Moment {
    (chrono::Utc::now().naive_utc() + chrono::Duration::hours(8)).into()
}

/// A year from a form or a link: the district's first year on the platform (2015) up to this year.
pub fn check_year(year: i32) -> Result<i32, crate::error::AppError> {
    let this_year: i32 = beijing_now()[..4].parse().unwrap_or(2100);
    if (2015..=this_year).contains(&year) {
        Ok(year)
    } else {
        Err(crate::error::AppError::Validation(msg::year_invalid().into()))
    }
}

/// Seconds since the Unix epoch (for the check-in tokens' windows).
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}
