//! The one clock: "now" and "today" for every page, rule and record, kept in the app state.
//!
//! A real installation runs on the real time in China (UTC+8, no daylight saving). The demo district
//! carries its own day (the database records it, see [`record_day`]): the app then runs on that date
//! with the real time of day, so a check-in made now lands on the demo's today and every chart,
//! status and deadline agrees. `DANGXIAO_TODAY=YYYY-MM-DD` overrides the date for either.
//!
//! What is measured in real elapsed time — sessions, check-in tokens, sign-in throttling and the
//! security log — reads [`real_now`] / [`unix_now`] instead: a fixed date must not stop time there.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::Moment;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

/// The setting that fixes the date (`YYYY-MM-DD`).
pub const TODAY_ENV: &str = "DANGXIAO_TODAY";
/// The `app_meta` key under which an installation records its own day (the demo's 2017-05-25).
const TODAY_SETTING: &str = "today";

/// Where the date comes from: the real calendar, or one fixed day (with the real time of day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    day: Option<NaiveDate>,
}

impl Clock {
    /// The real date and time.
    pub const fn real() -> Clock {
        Clock { day: None }
    }

    /// Always `day`, at the real time of day.
    pub const fn on(day: NaiveDate) -> Clock {
        Clock { day: Some(day) }
    }

    /// The installation's clock: the setting's day if given, else the day the database records (the
    /// demo's), else the real date.
    pub async fn of_installation(pool: &super::db::Pool, setting: Option<NaiveDate>) -> Result<Clock, sqlx::Error> {
        if let Some(day) = setting {
            return Ok(Clock::on(day));
        }
        let recorded: Option<(String,)> =
            sqlx::query_as("SELECT value FROM app_meta WHERE key = $1").bind(TODAY_SETTING).fetch_optional(pool).await?;
        Ok(recorded.and_then(|(day,)| NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()).map_or(Clock::real(), Clock::on))
    }

    /// Whether the date is fixed (the demo's day or the setting), for the start-up summary.
    pub fn fixed_day(&self) -> Option<NaiveDate> {
        self.day
    }

    /// Now, in Beijing time, to the second.
    pub fn now(&self) -> Moment {
        let real = beijing(Utc::now().naive_utc());
        match self.day {
            Some(day) => day.and_time(real.time()),
            None => real,
        }
        .into()
    }

    pub fn today(&self) -> NaiveDate {
        self.day.unwrap_or_else(|| beijing(Utc::now().naive_utc()).date())
    }

    pub fn year(&self) -> i32 {
        self.today().year()
    }

    /// A year from a form or a link: the district's first year on the platform (2015) up to this year.
    pub fn check_year(&self, year: i32) -> Result<i32, AppError> {
        if (2015..=self.year()).contains(&year) {
            Ok(year)
        } else {
            Err(AppError::Validation(msg::year_invalid().into()))
        }
    }
}

/// Reads `DANGXIAO_TODAY`: unset or blank is `None`; anything but a date is an error.
pub fn day_setting(value: Option<&str>) -> Result<Option<NaiveDate>, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map(Some).map_err(|_| format!("{TODAY_ENV} 应为日期（YYYY-MM-DD），现为「{v}」"))
        }
    }
}

/// Records the installation's own day (the demo district's), in the transaction that loads it.
pub async fn record_day(conn: &mut <super::db::Db as sqlx::Database>::Connection, day: NaiveDate) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2)")
        .bind(TODAY_SETTING)
        .bind(day.format("%Y-%m-%d").to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The real time in China, whatever the server's own time zone: for what is measured in real elapsed
/// time (the security log), never for the district's records.
pub fn real_now() -> Moment {
    beijing(Utc::now().naive_utc()).into()
}

/// Seconds since the Unix epoch (check-in tokens' windows, sessions).
pub fn unix_now() -> i64 {
    Utc::now().timestamp()
}

fn beijing(utc: NaiveDateTime) -> NaiveDateTime {
    utc + Duration::hours(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_day_keeps_its_date_and_the_real_time_of_day() {
        let day = NaiveDate::from_ymd_opt(2017, 5, 25).unwrap();
        let clock = Clock::on(day);
        let (fixed, real) = (clock.now(), Clock::real().now());
        assert_eq!(fixed.date(), "2017-05-25");
        assert_eq!(clock.today(), day);
        assert_eq!(clock.year(), 2017);
        // The same minute as the wall clock (unless the minute turned between the two reads).
        assert!(fixed.time() == real.time() || fixed.time() < real.time(), "{fixed} vs {real}");
    }

    #[test]
    fn years_after_the_clocks_year_are_refused() {
        let clock = Clock::on(NaiveDate::from_ymd_opt(2017, 5, 25).unwrap());
        assert!(clock.check_year(2017).is_ok() && clock.check_year(2015).is_ok());
        assert!(clock.check_year(2018).is_err() && clock.check_year(2014).is_err());
    }

    #[test]
    fn the_day_setting_is_a_date_or_nothing() {
        assert_eq!(day_setting(None), Ok(None));
        assert_eq!(day_setting(Some("  ")), Ok(None));
        assert_eq!(day_setting(Some("2017-06-30")), Ok(NaiveDate::from_ymd_opt(2017, 6, 30)));
        assert!(day_setting(Some("2017-02-30")).unwrap_err().contains(TODAY_ENV));
        assert!(day_setting(Some("明天")).is_err());
    }
}
