//! Where sessions are kept: the app's own database, SQLite or PostgreSQL.

/// The session store in the app's own database (tower-sessions' SQL stores, which take the backend's
/// own pool: a small one beside the app's).
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(tower_sessions_sqlx_store::SqliteStore),
    Postgres(tower_sessions_sqlx_store::PostgresStore),
}

pub async fn session_store(url: &str) -> Result<Store, String> {
    use crate::server::db::Backend;
    use sqlx::pool::PoolOptions;
    let store = match Backend::of_url(url)? {
        Backend::Sqlite => {
            let options = crate::server::db::sqlite_options(url)?;
            let pool = PoolOptions::new().max_connections(4).connect_with(options).await.map_err(|e| format!("会话库无法打开：{e}"))?;
            Store::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(pool))
        }
        Backend::Postgres => {
            let pool = PoolOptions::new()
                .max_connections(4)
                .connect(url)
                .await
                .map_err(|e| format!("会话库无法连接（{}）：{e}", crate::server::db::redact(url)))?;
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

mod delegation {
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
