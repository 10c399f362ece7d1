//! The trainees' anonymous questionnaire: answers without a person, and apart from them who has
//! answered (so that nobody answers twice). Means follow `rules::feedback`.

use crate::error::AppError;
use crate::model::{FeedbackDue, FeedbackSummary};
use crate::rules::feedback::{anonymous_mean, may_answer, Answer, MIN_ANSWERS};
use crate::server::db::Pool;

/// How many classes to evaluate the page offers at most (the latest).
const DUE_SHOWN: i64 = 20;

/// Classes `person` attended, that have started and that they have not evaluated yet, newest first.
pub async fn due(pool: &Pool, person: i64, now: &str) -> Result<Vec<FeedbackDue>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT c.id, c.title, s.name, c.starts_at FROM attendance a JOIN classes c ON c.id = a.class_id \
         JOIN schools s ON s.id = c.school_id \
         WHERE a.person_id = $1 AND c.starts_at <= $2 AND NOT EXISTS \
           (SELECT 1 FROM class_feedback_given g WHERE g.class_id = c.id AND g.person_id = $1) \
         ORDER BY c.starts_at DESC, c.id DESC LIMIT $3",
    )
    .bind(person)
    .bind(now)
    .bind(DUE_SHOWN)
    .fetch_all(pool)
    .await?;
    let mut due = Vec::with_capacity(rows.len());
    for (class_id, title, school, starts_at) in rows {
        let names: Vec<(String,)> = sqlx::query_as(
            "SELECT t.name FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id WHERE ct.class_id = $1 ORDER BY t.id",
        )
        .bind(class_id)
        .fetch_all(pool)
        .await?;
        let teachers = names.into_iter().map(|(n,)| n).collect::<Vec<_>>().join("、");
        due.push(FeedbackDue { class_id, title, school, starts_at, teachers });
    }
    Ok(due)
}

/// Records `person`'s answer on a class they attended, once. The answer row names no one.
pub async fn submit(pool: &Pool, person: i64, class_id: i64, answer: &Answer, now: &str) -> Result<(), AppError> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    let class: Option<(String,)> =
        sqlx::query_as("SELECT starts_at FROM classes WHERE id = $1").bind(class_id).fetch_optional(&mut *tx).await?;
    let Some((starts_at,)) = class else { return Err(AppError::NotFound("该培训班".into())) };
    let attended: Option<(i64,)> = sqlx::query_as("SELECT id FROM attendance WHERE class_id = $1 AND person_id = $2")
        .bind(class_id)
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?;
    let given = sqlx::query("INSERT INTO class_feedback_given (class_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(class_id)
        .bind(person)
        .execute(&mut *tx)
        .await?;
    may_answer(attended.is_some(), given.rows_affected() == 0, starts_at.as_str() <= now).map_err(|m| {
        if attended.is_some() && given.rows_affected() == 0 {
            AppError::Conflict(m)
        } else {
            AppError::Validation(m)
        }
    })?;
    let [content, teaching, organisation, usefulness] = answer.scales;
    sqlx::query(
        "INSERT INTO class_feedback (class_id, content, teaching, organisation, usefulness, comment) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(class_id)
    .bind(content)
    .bind(teaching)
    .bind(organisation)
    .bind(usefulness)
    .bind(&answer.comment)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A class's answers: the count always; means and comments only from `MIN_ANSWERS` on.
pub async fn summary(pool: &Pool, class_id: i64) -> Result<FeedbackSummary, sqlx::Error> {
    let (answers, c, t, o, u): (i64, Option<f64>, Option<f64>, Option<f64>, Option<f64>) = sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(content) AS DOUBLE PRECISION), CAST(SUM(teaching) AS DOUBLE PRECISION), \
         CAST(SUM(organisation) AS DOUBLE PRECISION), CAST(SUM(usefulness) AS DOUBLE PRECISION) \
         FROM class_feedback WHERE class_id = $1",
    )
    .bind(class_id)
    .fetch_one(pool)
    .await?;
    let n = answers as usize;
    let means: Option<Vec<f64>> = [c, t, o, u].iter().map(|s| anonymous_mean(s.unwrap_or(0.0), n)).collect();
    let comments = if n >= MIN_ANSWERS {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT comment FROM class_feedback WHERE class_id = $1 AND comment <> '' ORDER BY comment LIMIT 50")
                .bind(class_id)
                .fetch_all(pool)
                .await?;
        rows.into_iter().map(|(c,)| c).collect()
    } else {
        Vec::new()
    };
    Ok(FeedbackSummary { answers, means, comments })
}
