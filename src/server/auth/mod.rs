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
/// When the session was last renewed (Unix seconds): its idle time slides on use.
const SESSION_SEEN_AT: &str = "seen_at";
/// A session ends after this long without use (idle timeout; `DANGXIAO_SESSION_IDLE_SECONDS`)…
pub const IDLE_MINUTES: i64 = 30;
/// …and in any case this long after login (absolute timeout; `DANGXIAO_SESSION_ABSOLUTE_SECONDS`).
pub const ABSOLUTE_HOURS: i64 = 12;

mod password;
mod signin;
mod store;

pub use password::*;
pub use signin::*;
pub use store::*;

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

    /// Whether the caller's roles allow `action` (the table in `rules::access`).
    pub fn may(&self, action: crate::rules::access::Action) -> bool {
        crate::rules::access::may(&self.roles, action)
    }

    /// Whether the caller sees the whole district where an action has a scope (`rules::access`).
    pub fn sees_district(&self) -> bool {
        crate::rules::access::sees_district(&self.roles)
    }

    /// Whether the caller acts for the whole district where an action has a scope (`rules::access`).
    pub fn acts_for_district(&self) -> bool {
        crate::rules::access::acts_for_district(&self.roles)
    }

    /// The school the caller administers, where an action's scope is the own school (`rules::access`).
    pub fn own_school(&self) -> Option<i64> {
        self.school_id.filter(|_| crate::rules::access::administers_school(&self.roles))
    }

    /// The person whose classes the caller teaches, where an action's scope is the classes taught.
    pub fn own_teaching(&self) -> Option<i64> {
        self.person_id.filter(|_| crate::rules::access::teaches(&self.roles))
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
    caller_in(&session().await?, &app_state()?).await
}

/// The signed-in account of a session, if it is still valid: not past the absolute timeout, not
/// begun before the password last changed, the account active. An invalid session is emptied; a
/// valid one has its idle time renewed, at most about once a minute (a session write each time).
pub async fn caller_in(session: &Session, state: &super::state::AppState) -> Result<Option<Caller>, AppError> {
    let Some(account_id) = session.get::<i64>(SESSION_ACCOUNT).await.map_err(session_error)? else {
        return Ok(None);
    };
    let login_at: Option<String> = session.get(SESSION_LOGIN_AT).await.map_err(session_error)?;
    let absolute = chrono::Duration::from_std(state.security.absolute).unwrap_or(chrono::Duration::hours(ABSOLUTE_HOURS));
    let fresh = login_at
        .as_deref()
        .and_then(|t| {
            chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .or_else(|| chrono::NaiveDateTime::parse_from_str(t.get(..19)?, "%Y-%m-%dT%H:%M:%S").ok())
        })
        .is_some_and(|t| now() - t < absolute);
    let caller = if fresh { load_caller(&state.pool, account_id).await? } else { None };
    // A session begun before the password was last changed (or reset) is over.
    let current = caller.filter(|c| match (&c.credentials_changed_at, &login_at) {
        (Some(changed), Some(login)) => login >= changed,
        _ => true,
    });
    match &current {
        None => session.flush().await.map_err(session_error)?,
        Some(_) => {
            let seen: i64 = session.get(SESSION_SEEN_AT).await.map_err(session_error)?.unwrap_or(0);
            let now = crate::server::clock::unix_now();
            if crate::rules::guard::renew_session(now - seen, state.security.idle.as_secs() as i64) {
                session.insert(SESSION_SEEN_AT, now).await.map_err(session_error)?;
            }
        }
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

/// The caller, who must be allowed `action` (the table in `rules::access`).
pub async fn require(action: crate::rules::access::Action) -> Result<Caller, AppError> {
    let caller = require_login().await?;
    if caller.may(action) {
        Ok(caller)
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    username: String,
    display_name: String,
    person_id: Option<i64>,
    school_id: Option<i64>,
    credentials_changed_at: Option<String>,
    role: Option<Role>,
}

/// The active account `account_id` with its roles (one query: a row per role).
pub async fn load_caller(pool: &Pool, account_id: i64) -> Result<Option<Caller>, AppError> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT a.id, a.username, a.display_name, a.person_id, a.school_id, a.credentials_changed_at, r.role \
         FROM accounts a LEFT JOIN account_roles r ON r.account_id = a.id WHERE a.id = $1 AND a.active ORDER BY r.role",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    let roles = rows.iter().filter_map(|r| r.role).collect();
    let Some(AccountRow { id: account_id, username, display_name, person_id, school_id, credentials_changed_at, .. }) =
        rows.into_iter().next()
    else {
        return Ok(None);
    };
    Ok(Some(Caller { account_id, username, display_name, person_id, school_id, roles, credentials_changed_at }))
}

/// The client's address as counted for throttling: the connection's peer, or — behind a trusted
/// proxy (`DANGXIAO_TRUSTED_PROXIES`) — the forwarded client; IPv6 per /64.
pub async fn client_address() -> String {
    let Ok(info) = leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>().await else {
        return "unknown".into();
    };
    let forwarded = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| h.get("x-forwarded-for").and_then(|v| v.to_str().ok()).map(str::to_string));
    let trusted = app_state().map(|s| s.security.trusted_proxies.clone()).unwrap_or_default();
    crate::rules::guard::client_address(info.0.ip(), forwarded.as_deref(), &trusted)
}

/// Signs the account in: a new session id (no fixation), the account and the login time.
pub async fn start_session(account_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(SESSION_ACCOUNT, account_id).await.map_err(session_error)?;
    session.insert(SESSION_LOGIN_AT, stamp_now()).await.map_err(session_error)?;
    session.insert(SESSION_SEEN_AT, crate::server::clock::unix_now()).await.map_err(session_error)?;
    Ok(())
}

/// Keeps the caller's own session after they changed their password (other sessions end).
pub async fn renew_login_time() -> Result<(), AppError> {
    session().await?.insert(SESSION_LOGIN_AT, stamp_now()).await.map_err(session_error)
}

pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(session_error)
}
