//! Shared setup of the database tests: the demo district and its accounts.
#![allow(dead_code)] // each test file uses some of these

use dangxiao::server::auth;
use dangxiao::server::db::Db;
use dangxiao::server::demo;
use sqlx::Pool;

pub async fn demo_district(pool: &Pool<Db>) {
    std::env::set_var(demo::accounts::PASSWORD_ENV, "test-Demo-Passw0rd");
    demo::load_if_empty(pool).await.expect("demo loads");
}

/// A demo account as a signed-in caller.
pub async fn account(pool: &Pool<Db>, username: &str) -> auth::Caller {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE username = $1").bind(username).fetch_one(pool).await.unwrap();
    auth::load_caller(pool, id).await.unwrap().unwrap()
}
