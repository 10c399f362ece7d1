//! The append-only audit log of study hours: every change to anyone's hours, with who, when, what
//! and why. The database refuses to update or delete its rows (triggers in the migration).

use crate::model::{AuditAction, AuditEntry};
use crate::server::db::{Db, Pool};

/// One change, written in the same transaction as the change itself.
pub struct Change {
    pub at: crate::model::Moment,
    pub actor: Option<i64>,
    pub person: Option<i64>,
    pub action: AuditAction,
    pub hours: Option<f64>,
    pub study_hour: Option<i64>,
    pub claim: Option<i64>,
    pub detail: String,
}

pub async fn record(conn: &mut <Db as sqlx::Database>::Connection, change: Change) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO hour_audit (at, actor_id, person_id, action, hours, study_hour_id, claim_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&change.at)
    .bind(change.actor)
    .bind(change.person)
    .bind(change.action.as_code())
    .bind(change.hours)
    .bind(change.study_hour)
    .bind(change.claim)
    .bind(change.detail)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    at: crate::model::Moment,
    actor: Option<String>,
    person: Option<String>,
    action: AuditAction,
    hours: Option<f64>,
    detail: String,
}

/// The latest `limit` entries, newest first; only one person's when `person` is given.
pub async fn latest(pool: &Pool, person: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    const SELECT: &str = "SELECT a.at, ac.display_name AS actor, p.name AS person, a.action, a.hours, a.detail FROM hour_audit a \
         LEFT JOIN accounts ac ON ac.id = a.actor_id LEFT JOIN people p ON p.id = a.person_id";
    let rows: Vec<Row> = match person {
        Some(id) => {
            sqlx::query_as(&format!("{SELECT} WHERE a.person_id = $1 ORDER BY a.id DESC LIMIT $2"))
                .bind(id)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        None => sqlx::query_as(&format!("{SELECT} ORDER BY a.id DESC LIMIT $1")).bind(limit).fetch_all(pool).await?,
    };
    Ok(rows
        .into_iter()
        .map(|Row { at, actor, person, action, hours, detail }| AuditEntry {
            at,
            actor: actor.unwrap_or_else(|| crate::messages::system_actor().into()),
            person,
            action,
            hours,
            detail,
        })
        .collect())
}
