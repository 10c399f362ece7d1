//! 安全日志: account administration and security events (failed and throttled sign-ins, wrong
//! check-in codes, refused requests), append-only — the database refuses updates and deletes — and
//! read by org admins.

use crate::features::admin::api::SecurityEvent;
use crate::server::db::Pool;

/// Appends one event. `kind` is one of the codes [`label`] knows.
pub async fn record(
    pool: &Pool,
    kind: &str,
    actor: Option<i64>,
    username: Option<&str>,
    address: Option<&str>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let username: Option<String> = username.map(|u| u.chars().take(64).collect());
    sqlx::query("INSERT INTO security_log (at, kind, actor_id, username, address, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(crate::server::clock::real_now())
        .bind(kind)
        .bind(actor)
        .bind(username)
        .bind(address)
        .bind(detail)
        .execute(pool)
        .await?;
    Ok(())
}

/// One stored line, as read.
#[derive(sqlx::FromRow)]
struct Line {
    at: crate::model::Moment,
    kind: String,
    actor: Option<String>,
    username: Option<String>,
    address: Option<String>,
    detail: String,
}

/// The latest events, newest first.
pub async fn latest(pool: &Pool, limit: i64) -> Result<Vec<SecurityEvent>, sqlx::Error> {
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT l.at, l.kind, a.display_name AS actor, l.username, l.address, l.detail FROM security_log l \
         LEFT JOIN accounts a ON a.id = l.actor_id ORDER BY l.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(lines
        .into_iter()
        .map(|l| SecurityEvent {
            at: l.at,
            kind: crate::messages::security_event(&l.kind).to_string(),
            actor: l.actor.unwrap_or_default(),
            username: l.username.unwrap_or_default(),
            address: l.address.unwrap_or_default(),
            detail: l.detail,
        })
        .collect())
}

/// Counts a try of a 6-digit check-in code before it is judged (stored first, so parallel tries see
/// each other) and asks the rule whether it may be judged. Returns the try's id, to be cleared when
/// the code was right.
pub async fn count_code_attempt(pool: &Pool, account: i64, address: &str) -> Result<Result<i64, ()>, sqlx::Error> {
    use crate::rules::guard::{self, Attempt};
    use crate::server::auth::{stamp_of_now, throttle_window_start};
    let since = throttle_window_start();
    let (id,): (i64,) = sqlx::query_as("INSERT INTO code_failures (account_id, address, at) VALUES ($1, $2, $3) RETURNING id")
        .bind(account)
        .bind(address)
        .bind(stamp_of_now())
        .fetch_one(pool)
        .await?;
    let (by_account, by_address): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM code_failures WHERE account_id = $1 AND at >= $3), \
                (SELECT COUNT(*) FROM code_failures WHERE address = $2 AND at >= $3)",
    )
    .bind(account)
    .bind(address)
    .bind(&since)
    .fetch_one(pool)
    .await?;
    Ok(match guard::code_attempt(by_account, by_address) {
        Attempt::Judge => Ok(id),
        Attempt::Refuse => Err(()),
    })
}

/// A right code: its try does not count.
pub async fn clear_code_attempt(pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM code_failures WHERE id = $1").bind(id).execute(pool).await?;
    Ok(())
}
