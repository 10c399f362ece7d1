//! The database: one binary speaks both backends, chosen by `DATABASE_URL` at start — `sqlite://…`
//! (the embedded default) or `postgres://…` — through sqlx's `Any` driver. Queries are written once
//! with `$1` placeholders, which both accept; what differs (write locks, durability, backups,
//! sequences, notifications) asks [`Backend`].

use std::time::Duration;

pub type Db = sqlx::Any;
pub type Pool = sqlx::Pool<Db>;
/// A connection (e.g. inside a transaction: `&mut *tx`).
pub type Conn = <Db as sqlx::Database>::Connection;

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The two databases the app runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names, or a message a person can act on.
    pub fn of_url(url: &str) -> Result<Backend, String> {
        let scheme = url.split_once("://").map(|(s, _)| s).or_else(|| url.split_once(':').map(|(s, _)| s));
        match scheme {
            Some("sqlite") => Ok(Backend::Sqlite),
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            _ => Err(format!("DATABASE_URL 格式不正确：{url:?}（应为 sqlite://路径 或 postgres://用户@主机/库名）")),
        }
    }

    /// The backend `pool` is connected to.
    pub fn of(pool: &Pool) -> Backend {
        if pool.connect_options().database_url.scheme().starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The backend of an open connection.
    pub fn of_conn(conn: &Conn) -> Backend {
        if conn.backend_name() == "PostgreSQL" {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    /// The migrations of this backend's schema.
    pub fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

/// Opens a pool on `url`; for SQLite the file and its folder are created when missing.
/// Errors are one line a person can act on.
pub async fn connect(url: &str) -> Result<Pool, String> {
    sqlx::any::install_default_drivers();
    match Backend::of_url(url)? {
        Backend::Sqlite => open_sqlite(url).await,
        Backend::Postgres => open_postgres(url).await,
    }
}

/// The pool's settings for SQLite; `connect` and the session store's pool share them.
pub fn sqlite_options(url: &str) -> Result<sqlx::sqlite::SqliteConnectOptions, String> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use std::str::FromStr;

    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| format!("DATABASE_URL 无法解析：{e}"))?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: a check-in the user was told succeeded survives a power cut, not only a crash.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    Ok(options)
}

async fn open_sqlite(url: &str) -> Result<Pool, String> {
    use sqlx::ConnectOptions;

    let options = sqlite_options(url)?;
    let file = options.get_filename().to_path_buf();
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建数据目录 {}：{e}", dir.display()))?;
    }
    // The `Any` driver takes only the URL: one connection with the full settings creates the file and
    // puts it in WAL mode (which lasts); each pooled connection sets the per-connection ones.
    let first = options.connect().await.map_err(|e| format!("无法打开 SQLite 数据库 {}：{e}", file.display()))?;
    drop(first);
    sqlx::pool::PoolOptions::<Db>::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _| {
            Box::pin(async move {
                use sqlx::Executor;
                conn.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;").await?;
                Ok(())
            })
        })
        .connect_with(any_options(url)?)
        .await
        .map_err(|e| format!("无法打开 SQLite 数据库 {}：{e}", file.display()))
}

/// A statement slower than this is logged at WARN (with the request's id, inside its span); every
/// statement at DEBUG (`RUST_LOG=sqlx=debug`).
pub const SLOW_STATEMENT: Duration = Duration::from_millis(250);

/// The pool's connection settings: the URL's, and the statement log.
fn any_options(url: &str) -> Result<sqlx::any::AnyConnectOptions, String> {
    use sqlx::ConnectOptions;
    use std::str::FromStr;
    let options = sqlx::any::AnyConnectOptions::from_str(url).map_err(|e| format!("DATABASE_URL 无法解析：{e}"))?;
    Ok(options.log_statements(log::LevelFilter::Debug).log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT))
}

async fn open_postgres(url: &str) -> Result<Pool, String> {
    sqlx::pool::PoolOptions::<Db>::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(any_options(url)?)
        .await
        .map_err(|e| format!("无法连接 PostgreSQL（{}）：{e}", redact(url)))
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
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
    match Backend::of(pool) {
        Backend::Postgres => pool.begin().await,
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
    }
}

/// Locks the row of `table` with `id` for the rest of the transaction: `FOR UPDATE` on PostgreSQL;
/// on SQLite the write transaction (`begin_write`) already holds the only write lock.
pub fn for_update(conn: &Conn) -> &'static str {
    match Backend::of_conn(conn) {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    }
}

/// The durability settings in force, for the start-up log.
pub async fn durability(pool: &Pool) -> Result<String, sqlx::Error> {
    match Backend::of(pool) {
        Backend::Postgres => {
            let (sync,): (String,) = sqlx::query_as("SHOW synchronous_commit").fetch_one(pool).await?;
            Ok(format!("PostgreSQL synchronous_commit={sync}"))
        }
        Backend::Sqlite => {
            // One connection for both, so that both report the same connection's settings.
            let mut conn = pool.acquire().await?;
            let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(&mut *conn).await?;
            let (sync,): (i64,) = sqlx::query_as("PRAGMA synchronous").fetch_one(&mut *conn).await?;
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
}

/// `dangxiao backup FILE`: a consistent copy of the SQLite database, taken online (`VACUUM INTO`
/// reads one snapshot: every write acknowledged before it began is in the copy).
pub async fn backup(pool: &Pool, file: &std::path::Path) -> Result<String, String> {
    if Backend::of(pool) == Backend::Postgres {
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
pub async fn restore(url: &str, file: &std::path::Path) -> Result<String, String> {
    use sqlx::sqlite::SqliteConnectOptions;
    use std::str::FromStr;
    if Backend::of_url(url)? == Backend::Postgres {
        return Err("PostgreSQL 数据库请用 pg_restore 恢复（见 README）".into());
    }
    if !file.is_file() {
        return Err(format!("找不到备份文件：{}", file.display()));
    }
    let target = SqliteConnectOptions::from_str(url).map_err(|e| format!("DATABASE_URL 无法解析：{e}"))?.get_filename().to_path_buf();
    let source = SqliteConnectOptions::new().filename(file).read_only(true);
    let copy = sqlx::SqlitePool::connect_with(source).await.map_err(|e| format!("无法打开备份文件：{e}"))?;
    let (check,): (String,) =
        sqlx::query_as("PRAGMA integrity_check").fetch_one(&copy).await.map_err(|e| format!("备份文件无法读取：{e}"))?;
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

/// Applies the migrations of the pool's backend.
pub async fn migrate(pool: &Pool) -> Result<(), String> {
    Backend::of(pool).migrator().run(pool).await.map_err(|e| format!("数据库迁移失败：{e}"))
}

/// After rows were inserted with explicit ids, moves PostgreSQL's identity sequences past them.
/// (SQLite's `INTEGER PRIMARY KEY` needs nothing.)
pub async fn reset_id_sequences(pool: &Pool, tables: &[&str]) -> Result<(), sqlx::Error> {
    if Backend::of(pool) == Backend::Postgres {
        for table in tables {
            let sql =
                format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)");
            sqlx::query(&sql).execute(pool).await?;
        }
    }
    Ok(())
}

/// A `LIKE … ESCAPE '\\'` pattern matching text that contains `search` literally (its `%` and `_` are
/// not wildcards).
pub fn contains_pattern(search: &str) -> String {
    format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// One page of a searched list: its rows, how many match in all, the page shown (from 1) and the
/// number of pages (at least 1).
pub struct Paged<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// The page to show of `total` rows, `per` a page, when `asked` is asked for (past the last: the
/// last), and the number of pages.
pub fn page_within(total: i64, per: i64, asked: i64) -> (i64, i64) {
    let pages = ((total + per - 1) / per).max(1);
    (asked.clamp(1, pages), pages)
}

/// Rows per multi-row statement: stays under SQLite's and PostgreSQL's limits on bound parameters.
const MAX_BINDS: usize = 30_000;

/// Inserts `rows` into `table` in multi-row statements, each followed by `tail` (e.g. an
/// `ON CONFLICT … DO UPDATE`): thousands of rows in a few statements, not one statement a row.
pub async fn insert_many<'r, T>(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    columns: &[&str],
    rows: &'r [T],
    tail: &str,
    bind: impl Fn(sqlx::query_builder::Separated<'_, 'r, Db, &'static str>, &'r T) + Copy,
) -> Result<(), sqlx::Error> {
    let per_statement = (MAX_BINDS / columns.len()).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut qb: sqlx::QueryBuilder<'r, Db> = sqlx::QueryBuilder::new(format!("INSERT INTO {table} ({}) ", columns.join(", ")));
        qb.push_values(chunk, bind);
        qb.push(format!(" {tail}"));
        // The `Any` driver's builder writes `?` placeholders, which PostgreSQL does not read: there the
        // same arguments go out under `$1, $2, …`. SQLite keeps `?` (it looks up each `$n` by name).
        let mut built = qb.build();
        if Backend::of_conn(tx) == Backend::Sqlite {
            built.execute(&mut **tx).await?;
            continue;
        }
        let arguments = sqlx::Execute::take_arguments(&mut built).map_err(sqlx::Error::Encode)?.unwrap_or_default();
        let sql = numbered_placeholders(sqlx::Execute::sql(&built));
        sqlx::query_with(&sql, arguments).execute(&mut **tx).await?;
    }
    Ok(())
}

/// `?, ?` → `$1, $2` (the builder's SQL holds no other question mark: values travel as arguments).
pub fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + sql.len() / 4);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_url_is_a_clear_error() {
        let err = Backend::of_url("data/dangxiao.db").unwrap_err();
        assert!(err.contains("DATABASE_URL"), "{err}");
        let err = Backend::of_url("mysql://x/y").unwrap_err();
        assert!(err.contains("格式不正确"), "{err}");
    }

    #[test]
    fn the_url_names_the_backend() {
        assert_eq!(Backend::of_url("sqlite://data/x.db"), Ok(Backend::Sqlite));
        assert_eq!(Backend::of_url("sqlite:x.db"), Ok(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://u@h/db"), Ok(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Ok(Backend::Postgres));
    }

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(redact("postgres://app:secret@db:5432/x"), "postgres://app:***@db:5432/x");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
