//! Accounts: argon2id password hashes (computed off the async threads), server-side sessions
//! (tower-sessions in the same database), login throttling, and the caller of a server function with
//! their roles. Every server function asks here who is calling; hiding a button is not security.

use super::db::Pool;
use super::state::app_state;
use crate::error::AppError;
use crate::model::{Role, UserInfo};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::net::SocketAddr;
use tower_sessions::Session;

const SESSION_ACCOUNT: &str = "account_id";
const SESSION_LOGIN_AT: &str = "login_at";
/// A session ends after this long without use (idle timeout)…
pub const IDLE_MINUTES: i64 = 30;
/// …and in any case this long after login (absolute timeout).
pub const ABSOLUTE_HOURS: i64 = 12;
/// Failed logins are counted over this window.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

pub const WRONG_CREDENTIALS: &str = "用户名或密码错误";
pub const TOO_MANY_TRIES: &str = "登录失败次数过多，请 15 分钟后再试";

/// Hashes a password with argon2id on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash on a blocking thread. A malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// The signed-in account of a request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub account_id: i64,
    pub username: String,
    pub display_name: String,
    pub person_id: Option<i64>,
    pub school_id: Option<i64>,
    pub roles: Vec<Role>,
    /// When the password last changed (set by a reset or a change): older sessions are void.
    pub credentials_changed_at: Option<String>,
}

impl Caller {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    pub fn info(&self) -> UserInfo {
        UserInfo {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            roles: self.roles.clone(),
            person_id: self.person_id,
        }
    }
}

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

fn stamp(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Now (UTC) as stored for logins and password changes: to the microsecond, so that a password reset
/// a moment after a login still ends that session (these stamps compare as text).
pub fn stamp_now() -> String {
    now().format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

/// The caller of the current server function, if signed in (and the session has not expired).
pub async fn caller() -> Result<Option<Caller>, AppError> {
    caller_in(&session().await?, &app_state()?.pool).await
}

/// The signed-in account of a session, if it is still valid: not past the absolute timeout, not
/// begun before the password last changed, the account active. An invalid session is emptied.
pub async fn caller_in(session: &Session, pool: &Pool) -> Result<Option<Caller>, AppError> {
    let Some(account_id) = session.get::<i64>(SESSION_ACCOUNT).await.map_err(session_error)? else {
        return Ok(None);
    };
    let login_at: Option<String> = session.get(SESSION_LOGIN_AT).await.map_err(session_error)?;
    let fresh = login_at
        .as_deref()
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok())
        .is_some_and(|t| now() - t < chrono::Duration::hours(ABSOLUTE_HOURS));
    let caller = if fresh { load_caller(pool, account_id).await? } else { None };
    // A session begun before the password was last changed (or reset) is over.
    let current = caller.filter(|c| match (&c.credentials_changed_at, &login_at) {
        (Some(changed), Some(login)) => login >= changed,
        _ => true,
    });
    if current.is_none() {
        session.flush().await.map_err(session_error)?;
    }
    Ok(current)
}

const SESSION_HELD_SCAN: &str = "held_scan";

/// Keeps a verified check-in scan (class, Unix time of the scan) in the session while its cadre signs in.
pub async fn hold_scan(class_id: i64, at: i64) -> Result<(), AppError> {
    session().await?.insert(SESSION_HELD_SCAN, (class_id, at)).await.map_err(session_error)
}

/// Takes the held scan out of the session, if it is at most `max_age` seconds old at `now`.
pub async fn take_held_scan(now: i64, max_age: i64) -> Result<Option<i64>, AppError> {
    let held: Option<(i64, i64)> = session().await?.remove(SESSION_HELD_SCAN).await.map_err(session_error)?;
    Ok(held.filter(|(_, at)| (0..=max_age).contains(&(now - at))).map(|(class, _)| class))
}

/// The caller, who must be signed in.
pub async fn require_login() -> Result<Caller, AppError> {
    caller().await?.ok_or(AppError::Unauthorized)
}

/// The caller, who must hold one of `roles`.
pub async fn require_role(roles: &[Role]) -> Result<Caller, AppError> {
    let caller = require_login().await?;
    if caller.has_any(roles) {
        Ok(caller)
    } else {
        Err(AppError::Forbidden)
    }
}

type AccountRow = (i64, String, String, Option<i64>, Option<i64>, Option<String>);

pub async fn load_caller(pool: &Pool, account_id: i64) -> Result<Option<Caller>, AppError> {
    let row: Option<AccountRow> = sqlx::query_as(
        "SELECT id, username, display_name, person_id, school_id, credentials_changed_at FROM accounts WHERE id = $1 AND active",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    let Some((account_id, username, display_name, person_id, school_id, credentials_changed_at)) = row else {
        return Ok(None);
    };
    let roles: Vec<(String,)> = sqlx::query_as("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role")
        .bind(account_id)
        .fetch_all(pool)
        .await?;
    let roles = roles.iter().filter_map(|(r,)| Role::from_code(r)).collect();
    Ok(Some(Caller { account_id, username, display_name, person_id, school_id, roles, credentials_changed_at }))
}

/// Whether this username or address has failed too often lately.
pub async fn throttled(pool: &Pool, username: &str, address: &str) -> Result<bool, AppError> {
    let since = stamp(now() - chrono::Duration::minutes(THROTTLE_WINDOW_MINUTES));
    let (by_account,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $2")
        .bind(username)
        .bind(&since)
        .fetch_one(pool)
        .await?;
    let (by_address,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE address = $1 AND at >= $2")
        .bind(address)
        .bind(&since)
        .fetch_one(pool)
        .await?;
    Ok(by_account >= MAX_FAILURES_PER_ACCOUNT || by_address >= MAX_FAILURES_PER_ADDRESS)
}

/// Checks a username and password, counting failures. The same message for an unknown user and a
/// wrong password; refused without checking while throttled.
pub async fn authenticate(pool: &Pool, username: &str, password: &str, address: &str) -> Result<i64, AppError> {
    if throttled(pool, username, address).await? {
        return Err(AppError::Validation(TOO_MANY_TRIES.into()));
    }
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM accounts WHERE username = $1 AND active")
            .bind(username)
            .fetch_optional(pool)
            .await?;
    match row {
        Some((id, hash)) if verify_password(password.to_string(), hash.clone()).await => {
            sqlx::query("DELETE FROM login_failures WHERE username = $1").bind(username).execute(pool).await?;
            return Ok(id);
        }
        Some(_) => {}
        // An unknown user costs the same hashing work as a known one.
        None => {
            hash_password(password.to_string()).await?;
        }
    }
    sqlx::query("INSERT INTO login_failures (username, address, at) VALUES ($1, $2, $3)")
        .bind(username)
        .bind(address)
        .bind(stamp(now()))
        .execute(pool)
        .await?;
    Err(AppError::Validation(WRONG_CREDENTIALS.into()))
}

/// The client's address, as the connection reports it.
pub async fn client_address() -> String {
    leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>()
        .await
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|_| "unknown".into())
}

/// Signs the account in: a new session id (no fixation), the account and the login time.
pub async fn start_session(account_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(SESSION_ACCOUNT, account_id).await.map_err(session_error)?;
    session.insert(SESSION_LOGIN_AT, stamp_now()).await.map_err(session_error)?;
    Ok(())
}

/// Keeps the caller's own session after they changed their password (other sessions end).
pub async fn renew_login_time() -> Result<(), AppError> {
    session().await?.insert(SESSION_LOGIN_AT, stamp_now()).await.map_err(session_error)
}

pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(session_error)
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
    let mut tx = pool.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (username, password_hash, display_name, person_id, school_id, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id",
    )
    .bind(username)
    .bind(hash)
    .bind(display_name)
    .bind(person_id)
    .bind(school_id)
    .bind(stamp(now()))
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict(format!("用户名 {username} 已存在")),
        _ => AppError::from(e),
    })?;
    for role in roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role.as_code())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The session store in the app's own database.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub type Store = tower_sessions_sqlx_store::SqliteStore;
#[cfg(feature = "postgres")]
pub type Store = tower_sessions_sqlx_store::PostgresStore;

pub async fn session_store(pool: &Pool) -> Result<Store, String> {
    let store = Store::new(pool.clone());
    store.migrate().await.map_err(|e| format!("会话表迁移失败：{e}"))?;
    Ok(store)
}
