//! The trainees' anonymous questionnaire: one answer per attendee and class, once the class has
//! started (`rules::feedback::may_answer`); the answer row names no one.

use crate::error::AppError;
use crate::messages as msg;
use crate::rules::feedback::{may_answer, Answer};
use crate::server::db::{begin_write, Pool};
use crate::server::repo::feedback as repo;

/// Records `person`'s answer on a class they attended, once.
pub async fn submit(pool: &Pool, person: i64, class_id: i64, answer: &Answer, now: &crate::model::Moment) -> Result<(), AppError> {
    let mut tx = begin_write(pool).await?;
    let starts_at = repo::class_start(&mut tx, class_id).await?.ok_or_else(|| AppError::NotFound(msg::class_noun().into()))?;
    let attended = repo::attended(&mut tx, class_id, person).await?;
    let answered_before = !repo::mark_given(&mut tx, class_id, person).await?;
    may_answer(attended, answered_before, &starts_at <= now).map_err(|m| {
        if attended && answered_before {
            AppError::Conflict(m)
        } else {
            AppError::Validation(m)
        }
    })?;
    repo::insert_answer(&mut tx, class_id, answer).await?;
    tx.commit().await?;
    Ok(())
}
