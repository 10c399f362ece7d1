//! The database: one backend per build, chosen by feature (`sqlite`, the embedded default, or
//! `postgres`). Queries are written once with `$1` placeholders, which both accept.

use std::time::Duration;

#[cfg(feature = "postgres")]
pub type Db = sqlx::Postgres;
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub type Db = sqlx::Sqlite;

pub type Pool = sqlx::Pool<Db>;

#[cfg(feature = "postgres")]
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// The backend this build speaks, for messages.
pub const BACKEND: &str = if cfg!(feature = "postgres") { "PostgreSQL" } else { "SQLite" };

/// Opens a pool on `url`; for SQLite the file and its folder are created when missing.
/// Errors are one line a person can act on.
pub async fn connect(url: &str) -> Result<Pool, String> {
    check_scheme(url)?;
    open(url).await
}

fn check_scheme(url: &str) -> Result<(), String> {
    let scheme = url.split_once("://").map(|(s, _)| s).or_else(|| url.split_once(':').map(|(s, _)| s));
    let ok = match scheme {
        Some("sqlite") => cfg!(not(feature = "postgres")),
        Some("postgres" | "postgresql") => cfg!(feature = "postgres"),
        _ => return Err(format!("DATABASE_URL 格式不正确：{url:?}（应为 sqlite://路径 或 postgres://用户@主机/库名）")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "DATABASE_URL 指向的数据库与本程序不符：本程序按 {BACKEND} 构建（PostgreSQL 请以 --features postgres 构建）"
        ))
    }
}

#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
async fn open(url: &str) -> Result<Pool, String> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
    use std::str::FromStr;

    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| format!("DATABASE_URL 无法解析：{e}"))?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5));
    let file = options.get_filename().to_path_buf();
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建数据目录 {}：{e}", dir.display()))?;
    }
    SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| format!("无法打开 SQLite 数据库 {}：{e}", file.display()))
}

#[cfg(feature = "postgres")]
async fn open(url: &str) -> Result<Pool, String> {
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    use std::str::FromStr;

    let options = PgConnectOptions::from_str(url).map_err(|e| format!("DATABASE_URL 无法解析：{e}"))?;
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| format!("无法连接 PostgreSQL（{}）：{e}", redact(url)))
}

/// The URL without its password, for messages and logs.
#[cfg(feature = "postgres")]
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}://{user}:***{}", &url[..s], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Applies the migrations this build carries.
pub async fn migrate(pool: &Pool) -> Result<(), String> {
    MIGRATOR.run(pool).await.map_err(|e| format!("数据库迁移失败：{e}"))
}

/// After rows were inserted with explicit ids, moves PostgreSQL's identity sequences past them.
/// (SQLite's `INTEGER PRIMARY KEY` needs nothing.)
pub async fn reset_id_sequences(pool: &Pool, tables: &[&str]) -> Result<(), sqlx::Error> {
    if cfg!(feature = "postgres") {
        for table in tables {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(&sql).execute(pool).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_url_is_a_clear_error() {
        let err = check_scheme("data/dangxiao.db").unwrap_err();
        assert!(err.contains("DATABASE_URL"), "{err}");
        let err = check_scheme("mysql://x/y").unwrap_err();
        assert!(err.contains("格式不正确"), "{err}");
    }

    #[test]
    fn the_wrong_backend_is_named() {
        let other = if cfg!(feature = "postgres") { "sqlite://x.db" } else { "postgres://u@h/db" };
        let err = check_scheme(other).unwrap_err();
        assert!(err.contains(BACKEND), "{err}");
    }
}
