//! The trainees' anonymous questionnaire: answers without a person, and apart from them who has
//! answered (so that nobody answers twice). Means follow `rules::feedback`.

use crate::model::{FeedbackDue, FeedbackSummary};
use crate::rules::feedback::{anonymous_mean, Answer, MIN_ANSWERS};
use crate::server::db::{Conn, Pool};

/// How many classes to evaluate the page offers at most (the latest).
const DUE_SHOWN: i64 = 20;

/// Classes `person` attended, that have started and that they have not evaluated yet, newest first.
pub async fn due(pool: &Pool, person: i64, now: &crate::model::Moment) -> Result<Vec<FeedbackDue>, sqlx::Error> {
    let rows: Vec<(i64, String, String, crate::model::Moment)> = sqlx::query_as(
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
    let names: Vec<(i64, String)> = if rows.is_empty() {
        Vec::new()
    } else {
        // Numbers only (never text) are written into the statement.
        let list = rows.iter().map(|r| r.0.to_string()).collect::<Vec<_>>().join(",");
        sqlx::query_as(&format!(
            "SELECT ct.class_id, t.name FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id \
             WHERE ct.class_id IN ({list}) ORDER BY ct.class_id, t.id"
        ))
        .fetch_all(pool)
        .await?
    };
    Ok(rows
        .into_iter()
        .map(|(class_id, title, school, starts_at)| {
            let teachers = names.iter().filter(|(c, _)| *c == class_id).map(|(_, n)| n.as_str()).collect::<Vec<_>>().join("、");
            FeedbackDue { class_id, title, school, starts_at, teachers }
        })
        .collect())
}

/// When a class starts, if it exists.
pub async fn class_start(conn: &mut Conn, class_id: i64) -> Result<Option<crate::model::Moment>, sqlx::Error> {
    let row: Option<(crate::model::Moment,)> =
        sqlx::query_as("SELECT starts_at FROM classes WHERE id = $1").bind(class_id).fetch_optional(conn).await?;
    Ok(row.map(|r| r.0))
}

/// Whether `person` is on the class's roster.
pub async fn attended(conn: &mut Conn, class_id: i64, person: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM attendance WHERE class_id = $1 AND person_id = $2")
        .bind(class_id)
        .bind(person)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Notes that `person` answered on the class; whether they had not before.
pub async fn mark_given(conn: &mut Conn, class_id: i64, person: i64) -> Result<bool, sqlx::Error> {
    let given = sqlx::query("INSERT INTO class_feedback_given (class_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(class_id)
        .bind(person)
        .execute(conn)
        .await?;
    Ok(given.rows_affected() == 1)
}

/// Stores an answer; the row names no one.
pub async fn insert_answer(conn: &mut Conn, class_id: i64, answer: &Answer) -> Result<(), sqlx::Error> {
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
    .execute(conn)
    .await?;
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
