//! 红色大讲堂: the Red Lecture Hall's lectures (classes of their own kind, planned by the organisation
//! department for all cadres at a red teaching base: `service::classes::plan`) and the red teaching
//! bases. Anyone may read the lectures and the bases (a district programme, no one's personal
//! data); the organisation department adds bases and retires them.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{ClassStatus, RedLecture, RedLectureHall};
use crate::rules::access::Action;
use crate::rules::classes::check_red_base;
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Pool};
use crate::server::repo::red as repo;
use crate::server::Clock;

/// The lectures, newest first, numbered in time order (第 n 期; cancelled ones have none), and the bases.
pub async fn hall(pool: &Pool, caller: Option<&Caller>) -> Result<RedLectureHall, AppError> {
    let mut nth = 0;
    let mut lectures: Vec<RedLecture> = repo::lectures(pool)
        .await?
        .into_iter()
        .map(|l| {
            let held = l.status != ClassStatus::Cancelled;
            nth += usize::from(held);
            RedLecture {
                id: l.id,
                nth: held.then_some(nth),
                title: l.title,
                starts_at: l.starts_at,
                base: l.base,
                school: l.school,
                status: l.status,
                attendances: l.attendances,
            }
        })
        .collect();
    lectures.reverse();
    Ok(RedLectureHall { lectures, bases: repo::bases(pool).await?, may_manage: caller.is_some_and(|c| c.may(Action::ManageDistrictData)) })
}

/// Adds a red teaching base (the organisation department). Returns its number.
pub async fn add_base(pool: &Pool, caller: &Caller, (name, place, about): (&str, &str, &str), clock: &Clock) -> Result<i64, AppError> {
    if !caller.may(Action::ManageDistrictData) {
        return Err(AppError::Forbidden);
    }
    let fields = check_red_base(name, place, about).map_err(|e| AppError::Validation(e.into()))?;
    let mut tx = begin_write(pool).await?;
    if repo::name_taken(&mut tx, fields.0).await? {
        return Err(AppError::Conflict(msg::red_base_name_taken().into()));
    }
    let id = repo::add(&mut tx, fields, &clock.now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Retires a base in use (the organisation department): no new lecture is planned there; those held
/// there keep it.
pub async fn retire_base(pool: &Pool, caller: &Caller, id: i64, clock: &Clock) -> Result<(), AppError> {
    if !caller.may(Action::ManageDistrictData) {
        return Err(AppError::Forbidden);
    }
    let mut tx = begin_write(pool).await?;
    repo::retire(&mut tx, id, &clock.today().to_string()).await?.ok_or_else(|| AppError::NotFound(msg::red_base_noun().into()))?;
    tx.commit().await?;
    Ok(())
}
