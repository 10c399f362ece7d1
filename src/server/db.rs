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
        // FULL: a check-in the user was told succeeded survives a power cut, not only a crash.
        .synchronous(SqliteSynchronous::Full)
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

/// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so that a
/// transaction that reads, then writes, waits for its turn (busy timeout) instead of failing with
/// `SQLITE_BUSY` when another writer got there between its read and its write. Every transaction
/// that writes opens here.
pub async fn begin_write(pool: &Pool) -> Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
    #[cfg(feature = "postgres")]
    {
        pool.begin().await
    }
    #[cfg(not(feature = "postgres"))]
    {
        pool.begin_with("BEGIN IMMEDIATE").await
    }
}

/// The durability settings in force, for the start-up log.
pub async fn durability(pool: &Pool) -> Result<String, sqlx::Error> {
    #[cfg(feature = "postgres")]
    {
        let (sync,): (String,) = sqlx::query_as("SHOW synchronous_commit").fetch_one(pool).await?;
        Ok(format!("PostgreSQL synchronous_commit={sync}"))
    }
    #[cfg(not(feature = "postgres"))]
    {
        let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(pool).await?;
        let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous").fetch_one(pool).await?;
        let sync = match sync {
            0 => "OFF",
            1 => "NORMAL",
            2 => "FULL",
            3 => "EXTRA",
            _ => "?",
        };
        Ok(format!("SQLite journal_mode={journal} synchronous={sync}"))
    }
}

/// `dangxiao backup FILE`: a consistent copy of the SQLite database, taken online (`VACUUM INTO`
/// reads one snapshot: every write acknowledged before it began is in the copy).
pub async fn backup(pool: &Pool, file: &std::path::Path) -> Result<String, String> {
    if cfg!(feature = "postgres") {
        return Err("PostgreSQL 数据库请用 pg_dump 备份（见 README）".into());
    }
    if file.exists() {
        return Err(format!("备份文件已存在：{}（不会覆盖）", file.display()));
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建备份目录 {}：{e}", dir.display()))?;
    }
    let target = file.to_str().ok_or("备份文件路径须为 UTF-8")?;
    sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await.map_err(|e| format!("备份失败：{e}"))?;
    Ok(format!("已备份到 {}", file.display()))
}

/// `dangxiao restore FILE`: checks the copy (SQLite's integrity check, this app's migrations), then
/// puts a fresh copy of it in place of the database at `url`. The server must be stopped.
#[cfg(not(feature = "postgres"))]
pub async fn restore(url: &str, file: &std::path::Path) -> Result<String, String> {
    use sqlx::sqlite::SqliteConnectOptions;
    use std::str::FromStr;
    if !file.is_file() {
        return Err(format!("找不到备份文件：{}", file.display()));
    }
    let target = SqliteConnectOptions::from_str(url).map_err(|e| format!("DATABASE_URL 无法解析：{e}"))?.get_filename().to_path_buf();
    let source = SqliteConnectOptions::new().filename(file).read_only(true);
    let copy = sqlx::SqlitePool::connect_with(source).await.map_err(|e| format!("无法打开备份文件：{e}"))?;
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&copy).await.map_err(|e| format!("备份文件无法读取：{e}"))?;
    if check != "ok" {
        return Err(format!("备份文件已损坏：{check}"));
    }
    let migrated: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(&copy).await;
    if !matches!(migrated, Ok((n,)) if n > 0) {
        return Err("这不是本系统的备份文件".into());
    }
    let staged = target.with_extension("restoring");
    let _ = std::fs::remove_file(&staged);
    let staged_text = staged.to_str().ok_or("数据库路径须为 UTF-8")?;
    sqlx::query("VACUUM INTO $1").bind(staged_text).execute(&copy).await.map_err(|e| format!("恢复失败：{e}"))?;
    copy.close().await;
    for suffix in ["-wal", "-shm"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", target.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| format!("无法删除 {}：{e}", side.display()))?;
        }
    }
    std::fs::rename(&staged, &target).map_err(|e| format!("无法替换数据库文件：{e}"))?;
    Ok(format!("已从 {} 恢复数据库 {}", file.display(), target.display()))
}

#[cfg(feature = "postgres")]
pub async fn restore(_url: &str, _file: &std::path::Path) -> Result<String, String> {
    Err("PostgreSQL 数据库请用 pg_restore 恢复（见 README）".into())
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
