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

pub const WRONG_CREDENTIALS: &str = "用户名或密码错误";
pub const TOO_MANY_TRIES: &str = "登录失败次数过多，请 15 分钟后再试";
pub const NAME_TOO_LONG: &str = "用户名过长";

/// Password hashing runs on a few threads of its own (about one per core), never more at once: each
/// hash holds 19 MiB, and a thread reuses its own memory for the next. A sign-in that cannot get a
/// hasher within [`HASH_QUEUE_WAIT`] is answered 429 with `Retry-After`.
struct Hashers {
    jobs: std::sync::Mutex<std::sync::mpsc::SyncSender<Box<dyn FnOnce() + Send>>>,
    free: tokio::sync::Semaphore,
}

/// How long a sign-in waits for a free hasher before it is asked to come back.
pub const HASH_QUEUE_WAIT: std::time::Duration = std::time::Duration::from_secs(3);
/// What a refused sign-in is told to wait (seconds).
pub const HASH_RETRY_AFTER: u32 = 2;

fn hashers() -> &'static Hashers {
    static HASHERS: std::sync::OnceLock<Hashers> = std::sync::OnceLock::new();
    HASHERS.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Box<dyn FnOnce() + Send>>(threads);
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("hasher-{i}")).spawn(move || loop {
                let job = match rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "starting a password hasher");
            }
        }
        Hashers { jobs: std::sync::Mutex::new(tx), free: tokio::sync::Semaphore::new(threads) }
    })
}

/// Runs `work` on a hasher, waiting at most [`HASH_QUEUE_WAIT`] for one.
async fn on_hasher<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let hashers = hashers();
    let _permit = tokio::time::timeout(HASH_QUEUE_WAIT, hashers.free.acquire())
        .await
        .map_err(|_| AppError::Busy(HASH_RETRY_AFTER))?
        .map_err(|_| AppError::Internal)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Box<dyn FnOnce() + Send> = Box::new(move || {
        let _ = tx.send(work());
    });
    // A permit is held per job and there are as many permits as queue places: this never blocks.
    hashers.jobs.lock().map_err(|_| AppError::Internal)?.send(job).map_err(|_| AppError::Internal)?;
    rx.await.map_err(|_| AppError::Internal)
}

/// Hashes a password with argon2id on a hasher thread.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    on_hasher(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash on a hasher thread. A malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    on_hasher(move || {
        PasswordHash::new(&hash).map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
    })
    .await
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

fn now() -> chrono::NaiveDateTime {
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
            let now = chrono::Utc::now().timestamp();
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
    let roles: Vec<(String,)> =
        sqlx::query_as("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role").bind(account_id).fetch_all(pool).await?;
    let roles = roles.iter().filter_map(|(r,)| Role::from_code(r)).collect();
    Ok(Some(Caller { account_id, username, display_name, person_id, school_id, roles, credentials_changed_at }))
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
            super::repo::security::record(pool, "login_throttled", None, Some(username), Some(address), "登录尝试过多，已拒绝").await?;
            Err(AppError::Validation(TOO_MANY_TRIES.into()))
        }
    }
}

/// Checks a username and password, counting failures. The same message for an unknown user and a
/// wrong password; refused without checking while throttled; each failure from the same address
/// makes the next try wait a little longer.
pub async fn authenticate(pool: &Pool, username: &str, password: &str, address: &str) -> Result<i64, AppError> {
    if username.chars().count() > crate::rules::guard::MAX_USERNAME_CHARS {
        return Err(AppError::Validation(NAME_TOO_LONG.into()));
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
            super::repo::security::record(pool, "login_failed", None, Some(username), Some(address), "用户名或密码错误").await?;
            Err(AppError::Validation(WRONG_CREDENTIALS.into()))
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
    let ip = crate::rules::guard::client_ip(info.0.ip(), forwarded.as_deref(), &trusted);
    crate::rules::guard::counted_address(ip)
}

/// Signs the account in: a new session id (no fixation), the account and the login time.
pub async fn start_session(account_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(SESSION_ACCOUNT, account_id).await.map_err(session_error)?;
    session.insert(SESSION_LOGIN_AT, stamp_now()).await.map_err(session_error)?;
    session.insert(SESSION_SEEN_AT, chrono::Utc::now().timestamp()).await.map_err(session_error)?;
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
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict(format!("用户名 {username} 已存在")),
        _ => AppError::from(e),
    })?;
    for role in roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)").bind(id).bind(role.as_code()).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The session store in the app's own database (tower-sessions' SQL stores, which take the backend's
/// own pool: a small one beside the app's).
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(tower_sessions_sqlx_store::SqliteStore),
    Postgres(tower_sessions_sqlx_store::PostgresStore),
}

pub async fn session_store(url: &str) -> Result<Store, String> {
    use super::db::Backend;
    use sqlx::pool::PoolOptions;
    let store = match Backend::of_url(url)? {
        Backend::Sqlite => {
            let options = super::db::sqlite_options(url)?;
            let pool = PoolOptions::new().max_connections(4).connect_with(options).await.map_err(|e| format!("会话库无法打开：{e}"))?;
            Store::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(pool))
        }
        Backend::Postgres => {
            let pool = PoolOptions::new()
                .max_connections(4)
                .connect(url)
                .await
                .map_err(|e| format!("会话库无法连接（{}）：{e}", super::db::redact(url)))?;
            Store::Postgres(tower_sessions_sqlx_store::PostgresStore::new(pool))
        }
    };
    let migrated = match &store {
        Store::Sqlite(s) => s.migrate().await,
        Store::Postgres(s) => s.migrate().await,
    };
    migrated.map_err(|e| format!("会话表迁移失败：{e}"))?;
    Ok(store)
}

mod store {
    use super::Store;
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::{ExpiredDeletion, Result, SessionStore};

    #[async_trait::async_trait]
    impl SessionStore for Store {
        async fn create(&self, record: &mut Record) -> Result<()> {
            match self {
                Store::Sqlite(s) => s.create(record).await,
                Store::Postgres(s) => s.create(record).await,
            }
        }
        async fn save(&self, record: &Record) -> Result<()> {
            match self {
                Store::Sqlite(s) => s.save(record).await,
                Store::Postgres(s) => s.save(record).await,
            }
        }
        async fn load(&self, id: &Id) -> Result<Option<Record>> {
            match self {
                Store::Sqlite(s) => s.load(id).await,
                Store::Postgres(s) => s.load(id).await,
            }
        }
        async fn delete(&self, id: &Id) -> Result<()> {
            match self {
                Store::Sqlite(s) => s.delete(id).await,
                Store::Postgres(s) => s.delete(id).await,
            }
        }
    }

    #[async_trait::async_trait]
    impl ExpiredDeletion for Store {
        async fn delete_expired(&self) -> Result<()> {
            match self {
                Store::Sqlite(s) => s.delete_expired().await,
                Store::Postgres(s) => s.delete_expired().await,
            }
        }
    }
}
