//! Signing in: the throttled password check, the time stamps of tries and password changes, and
//! creating accounts.

use super::*;

pub(super) fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// A time (UTC) as stored for sign-in and check-in-code tries.
fn stamp(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Now, stamped as [`stamp`] does.
pub(crate) fn stamp_of_now() -> String {
    stamp(now())
}

/// Where the throttling window (`rules::guard::THROTTLE_WINDOW_MINUTES`) that ends now began, stamped.
pub(crate) fn throttle_window_start() -> String {
    stamp(now() - chrono::Duration::minutes(crate::rules::guard::THROTTLE_WINDOW_MINUTES))
}

/// Now (UTC) as stored for logins and password changes: to the microsecond, so that a password reset
/// a moment after a login still ends that session (these stamps compare as text).
pub fn stamp_now() -> String {
    now().format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// Counts this sign-in attempt, then asks the rule whether it may be judged: the attempt is stored
/// first (pending, and a failure unless it succeeds), so parallel tries for one account all see each
/// other. Per address only judged failures count: a whole office signing in at once behind one
/// address is not refused. Returns the attempt's id and how many earlier tries this account has
/// from this address.
async fn count_attempt(pool: &Pool, username: &str, address: &str) -> Result<(i64, i64), AppError> {
    use crate::rules::guard::{self, Attempt, LoginCounts};
    let at = stamp_of_now();
    let since = throttle_window_start();
    let (attempt,): (i64,) =
        sqlx::query_as("INSERT INTO login_failures (username, address, at, pending) VALUES ($1, $2, $3, TRUE) RETURNING id")
            .bind(username)
            .bind(address)
            .bind(&at)
            .fetch_one(pool)
            .await?;
    let (pair, by_address, by_account, known): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND address = $2 AND at >= $3), \
                (SELECT COUNT(*) FROM login_failures WHERE address = $2 AND at >= $3 AND NOT pending), \
                (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $3), \
                (SELECT COUNT(*) FROM login_addresses WHERE username = $1 AND address = $2)",
    )
    .bind(username)
    .bind(address)
    .bind(&since)
    .fetch_one(pool)
    .await?;
    let counts = LoginCounts { account_and_address: pair, address: by_address, account: by_account, known_address: known > 0 };
    match guard::login_attempt(counts) {
        Attempt::Judge => Ok((attempt, pair - 1)),
        Attempt::Refuse => {
            sqlx::query("UPDATE login_failures SET pending = FALSE WHERE id = $1").bind(attempt).execute(pool).await?;
            crate::server::repo::security::record(pool, "login_throttled", None, Some(username), Some(address), "登录尝试过多，已拒绝")
                .await?;
            Err(AppError::Validation(crate::messages::login_throttled().into()))
        }
    }
}

/// Checks a username and password, counting failures. The same message for an unknown user and a
/// wrong password; refused without checking while throttled; each failure from the same address
/// makes the next try wait a little longer.
pub async fn authenticate(pool: &Pool, username: &str, password: &str, address: &str) -> Result<i64, AppError> {
    if username.chars().count() > crate::rules::guard::MAX_USERNAME_CHARS {
        return Err(AppError::Validation(crate::messages::username_too_long().into()));
    }
    let (attempt, earlier_failures) = count_attempt(pool, username, address).await?;
    let delay = crate::rules::guard::login_delay_seconds(earlier_failures);
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_secs(delay)).await;
    }
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM accounts WHERE username = $1 AND active").bind(username).fetch_optional(pool).await?;
    let judged = match row {
        Some((id, hash)) => verify_password(password.to_string(), hash).await.map(|ok| ok.then_some(id)),
        // An unknown user costs the same hashing work as a known one.
        None => hash_password(password.to_string()).await.map(|_| None),
    };
    let judged = match judged {
        Ok(judged) => judged,
        Err(e) => {
            // Not judged (no hasher free): the attempt does not count against the user.
            sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(attempt).execute(pool).await?;
            return Err(e);
        }
    };
    match judged {
        Some(id) => {
            sqlx::query("DELETE FROM login_failures WHERE username = $1 AND address = $2")
                .bind(username)
                .bind(address)
                .execute(pool)
                .await?;
            sqlx::query(
                "INSERT INTO login_addresses (username, address, last_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (username, address) DO UPDATE SET last_at = excluded.last_at",
            )
            .bind(username)
            .bind(address)
            .bind(stamp_of_now())
            .execute(pool)
            .await?;
            Ok(id)
        }
        None => {
            sqlx::query("UPDATE login_failures SET pending = FALSE WHERE id = $1").bind(attempt).execute(pool).await?;
            crate::server::repo::security::record(pool, "login_failed", None, Some(username), Some(address), "用户名或密码错误").await?;
            Err(AppError::Validation(crate::messages::wrong_credentials().into()))
        }
    }
}

/// Deletes failed sign-ins and wrong codes older than their window (run hourly).
pub async fn purge_attempts(pool: &Pool) -> Result<(), sqlx::Error> {
    let since = throttle_window_start();
    sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(&since).execute(pool).await?;
    sqlx::query("DELETE FROM code_failures WHERE at < $1").bind(&since).execute(pool).await?;
    Ok(())
}

/// Creates an account with roles, in one transaction.
pub async fn create_account(
    pool: &Pool,
    username: &str,
    password: &str,
    display_name: &str,
    person_id: Option<i64>,
    school_id: Option<i64>,
    roles: &[Role],
) -> Result<i64, AppError> {
    let hash = hash_password(password.to_string()).await?;
    let mut tx = crate::server::db::begin_write(pool).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (username, password_hash, display_name, person_id, school_id, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id",
    )
    .bind(username)
    .bind(hash)
    .bind(display_name)
    .bind(person_id)
    .bind(school_id)
    .bind(stamp_of_now())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict(crate::messages::username_taken(username)),
        _ => AppError::from(e),
    })?;
    for role in roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)").bind(id).bind(role.as_code()).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(id)
}
