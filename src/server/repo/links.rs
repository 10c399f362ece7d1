//! One-time sign-in links (一次性登录链接) for accounts made in bulk from a unit's cadres: only the
//! SHA-256 of a link's token is kept. An account made this way has no password (`!` — never a
//! valid hash) until its cadre sets one through the link.

use crate::model::{Moment, Role};
use crate::server::db::Conn;

/// What a new account's password hash reads until its cadre sets a password: no password matches it.
pub const NO_PASSWORD: &str = "!unset";

/// A cadre of the unit to give an account: number, name, and their account if they have one
/// (`pending`: never signed in — no password yet).
pub struct Candidate {
    pub person_id: i64,
    pub name: String,
    pub account: Option<(i64, bool)>,
}

/// The active people of a unit (district-managed cadres only, if `managed_only`), at most `limit`,
/// with their accounts.
pub async fn candidates(conn: &mut Conn, unit: i64, managed_only: bool, limit: i64) -> Result<Vec<Candidate>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT p.id, p.name, a.id, a.password_hash FROM people p \
         LEFT JOIN accounts a ON a.id = (SELECT MIN(x.id) FROM accounts x WHERE x.person_id = p.id AND x.active) \
         WHERE p.unit_id = $1 AND p.status = 'active' AND ($2 = 0 OR p.district_managed) ORDER BY p.id LIMIT $3",
    )
    .bind(unit)
    .bind(i64::from(managed_only))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(person_id, name, account, hash)| Candidate {
            person_id,
            name,
            account: account.map(|a| (a, hash.as_deref() == Some(NO_PASSWORD))),
        })
        .collect())
}

/// Whether `username` is taken.
pub async fn username_taken(conn: &mut Conn, username: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM accounts WHERE username = $1").bind(username).fetch_optional(conn).await?;
    Ok(row.is_some())
}

/// A cadre's account without a password yet.
pub async fn insert_pending_account(conn: &mut Conn, username: &str, name: &str, person: i64, at: &Moment) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (username, password_hash, display_name, person_id, school_id, active, created_at) \
         VALUES ($1, $2, $3, $4, NULL, TRUE, $5) RETURNING id",
    )
    .bind(username)
    .bind(NO_PASSWORD)
    .bind(name)
    .bind(person)
    .bind(at.stored())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)").bind(id).bind(Role::Cadre.as_code()).execute(conn).await?;
    Ok(id)
}

/// A new link for `account`: the account's earlier unused links stop working (they expire now).
pub async fn insert_link(
    conn: &mut Conn,
    token_hash: &str,
    account: i64,
    by: i64,
    now: &Moment,
    expires_at: &Moment,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE signin_links SET expires_at = $1 WHERE account_id = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(account)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO signin_links (token_hash, account_id, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(account)
        .bind(now)
        .bind(by)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// A link as found by its token's hash: the account, its name and username, whether it may still sign
/// in, when the link expires, and when it was used.
pub struct Link {
    pub account: i64,
    pub display_name: String,
    pub username: String,
    pub active: bool,
    pub expires_at: Moment,
    pub used_at: Option<String>,
}

pub async fn find(conn: &mut Conn, token_hash: &str) -> Result<Option<Link>, sqlx::Error> {
    let row: Option<(i64, String, String, i64, Moment, Option<String>)> = sqlx::query_as(
        "SELECT a.id, a.display_name, a.username, CASE WHEN a.active THEN 1 ELSE 0 END, l.expires_at, l.used_at \
         FROM signin_links l JOIN accounts a ON a.id = l.account_id WHERE l.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(account, display_name, username, active, expires_at, used_at)| Link {
        account,
        display_name,
        username,
        active: active != 0,
        expires_at,
        used_at,
    }))
}

/// Uses a link (once: `false` if it was used or expired meanwhile) and sets the account's password.
pub async fn redeem(conn: &mut Conn, token_hash: &str, now: &Moment, password_hash: &str) -> Result<bool, sqlx::Error> {
    let used = sqlx::query("UPDATE signin_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(token_hash)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if used != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = (SELECT account_id FROM signin_links WHERE token_hash = $2)")
        .bind(password_hash)
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    // The account's other links stop working.
    sqlx::query(
        "UPDATE signin_links SET expires_at = $1 WHERE used_at IS NULL AND expires_at > $1 \
         AND account_id = (SELECT account_id FROM signin_links WHERE token_hash = $2)",
    )
    .bind(now)
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(true)
}
