//! 学时达标情况: who may see which part of the district, and the period a view is judged at. The
//! figures themselves are `repo::compliance`'s.

use crate::error::AppError;
use crate::messages as msg;
use crate::rules::access::Action;
use crate::server::auth::Caller;
use crate::server::db::Pool;
use crate::server::repo::compliance::{self as repo, Scope};
use chrono::{Datelike, NaiveDate};

/// What part of the district `caller` may see: leaders and org admins all of it, supervisors their
/// groups' units; anyone else is refused.
pub async fn scope_of(pool: &Pool, caller: &Caller) -> Result<Scope, AppError> {
    if !caller.may(Action::ReadCompliance) {
        return Err(AppError::Forbidden);
    }
    if caller.sees_district() {
        return Ok(Scope::District);
    }
    let (groups, units) = repo::supervised(pool, caller.account_id).await?;
    let name = if groups.is_empty() { msg::no_supervision_group().to_string() } else { groups.join("、") };
    Ok(Scope::Units { name, units })
}

/// The year (default: this year if the ledger has it, else the latest year of the ledger) and the
/// day it is judged at: by default the clock's today (the demo's 25 May 2017), within the year — the
/// 31 December for a year gone by.
pub async fn resolve_period(
    pool: &Pool,
    year: Option<i32>,
    as_of: Option<&str>,
    clock: &crate::server::Clock,
) -> Result<(i32, NaiveDate), AppError> {
    let today = clock.today();
    let year = match year {
        Some(y) if (2000..=2100).contains(&y) => y,
        Some(_) => return Err(AppError::Validation(msg::year_wrong().into())),
        None => {
            let years = repo::ledger_years(pool).await?;
            years.iter().rev().copied().find(|y| *y <= today.year()).unwrap_or(today.year())
        }
    };
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::Internal)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::Internal)?;
    let as_of = match as_of.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => {
            let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| AppError::Validation(msg::as_of_wrong().into()))?;
            if day < first || day > last {
                return Err(AppError::Validation(msg::as_of_outside_year(year)));
            }
            day
        }
        None => today.clamp(first, last),
    };
    Ok((year, as_of))
}
