//! Shared setup of the database tests: a fresh database per test, the demo district and its accounts.

use dangxiao::server::auth;
use dangxiao::server::db::{self, Backend, Db};
use dangxiao::server::demo;
use sqlx::{Connection, Pool};
use std::sync::atomic::{AtomicUsize, Ordering};

pub use dangxiao::server::Clock;

/// The clock the tests run on: the demo district's day, 2017-05-25, at the real time of day (as the
/// app runs on the demo).
pub const CLOCK: Clock = clock_of(2017, 5, 25);
/// The dashboard's cards for the article's preset, on the demo's day.
pub async fn kpis(pool: &Pool<Db>) -> dangxiao::model::Kpis {
    use dangxiao::server::repo::dashboard;
    let article = dashboard::resolve(Default::default(), None, None, CLOCK.today()).unwrap();
    dashboard::kpis(pool, &CLOCK, &article).await.unwrap()
}

/// A later day, after the demo's data (a district that went on using the platform).
pub const LATER: Clock = clock_of(2026, 11, 26);

pub const fn clock_of(year: i32, month: u32, day: u32) -> Clock {
    match chrono::NaiveDate::from_ymd_opt(year, month, day) {
        Some(day) => Clock::on(day),
        None => panic!("not a date"),
    }
}

/// The backend the tests run on: `DATABASE_URL` names it (unset: SQLite).
pub fn backend() -> Backend {
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => Backend::of_url(&url).expect("DATABASE_URL names sqlite:// or postgres://"),
        _ => Backend::Sqlite,
    }
}

/// A test's own database; removed when this is dropped, at the end of the test (passed or failed).
pub struct TestDb {
    place: Place,
}

enum Place {
    Folder(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

static NEXT: AtomicUsize = AtomicUsize::new(0);
static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// A fresh, migrated database of the backend under test, and the guard that removes it:
/// `let (_db, pool) = database().await;`
pub async fn database() -> (TestDb, Pool<Db>) {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let pid = std::process::id();
    let (url, place) = match backend() {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("dangxiao-test-{pid}-{n}"));
            let _ = std::fs::remove_dir_all(&dir);
            (format!("sqlite://{}", dir.join("test.db").display()), Place::Folder(dir))
        }
        Backend::Postgres => {
            let admin_url = std::env::var("DATABASE_URL").unwrap();
            SWEPT.get_or_init(|| sweep(admin_url.clone(), pid)).await;
            let name = format!("dangxiao_test_{pid}_{n}");
            (create_pg(&admin_url, &name, None).await, Place::Postgres { admin_url, name })
        }
    };
    let pool = db::connect(&url).await.expect("test database opens");
    db::migrate(&pool).await.expect("migrations apply");
    (TestDb { place }, pool)
}

/// A migrated database with the demo district loaded (as [`demo_district`] loads it), copied from a
/// template made once per run of the test binary: the demo is generated and written once, not once per
/// test (a SQLite file copy; PostgreSQL's `CREATE DATABASE … TEMPLATE`).
pub async fn demo_database() -> (TestDb, Pool<Db>) {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let pid = std::process::id();
    let (url, place) = match backend() {
        Backend::Sqlite => {
            let template = SQLITE_TEMPLATE.get_or_init(|| sqlite_template(pid)).await;
            let dir = std::env::temp_dir().join(format!("dangxiao-test-{pid}-{n}"));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("test folder");
            std::fs::copy(template, dir.join("test.db")).expect("the demo template copies");
            (format!("sqlite://{}", dir.join("test.db").display()), Place::Folder(dir))
        }
        Backend::Postgres => {
            let admin_url = std::env::var("DATABASE_URL").unwrap();
            SWEPT.get_or_init(|| sweep(admin_url.clone(), pid)).await;
            let template = PG_TEMPLATE.get_or_init(|| pg_template(admin_url.clone(), pid)).await;
            let name = format!("dangxiao_test_{pid}_{n}");
            (create_pg(&admin_url, &name, Some(template)).await, Place::Postgres { admin_url, name })
        }
    };
    let pool = db::connect(&url).await.expect("test database opens");
    db::migrate(&pool).await.expect("migrations apply");
    (TestDb { place }, pool)
}

static SQLITE_TEMPLATE: tokio::sync::OnceCell<std::path::PathBuf> = tokio::sync::OnceCell::const_new();
static PG_TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// The SQLite demo template of this run (a consistent single-file copy, `VACUUM INTO`); templates of
/// earlier runs are removed.
async fn sqlite_template(pid: u32) -> std::path::PathBuf {
    let temp = std::env::temp_dir();
    for entry in std::fs::read_dir(&temp).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("dangxiao-template-") && name != format!("dangxiao-template-{pid}") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = temp.join(format!("dangxiao-template-{pid}"));
    let _ = std::fs::remove_dir_all(&dir);
    let pool = db::connect(&format!("sqlite://{}", dir.join("build.db").display())).await.expect("template opens");
    db::migrate(&pool).await.expect("migrations apply");
    demo_district(&pool).await;
    let template = dir.join("template.db");
    db::backup(&pool, &template).await.expect("the template is written");
    pool.close().await;
    template
}

/// The PostgreSQL demo template of this run (swept with the other leftovers by the next run).
async fn pg_template(admin_url: String, pid: u32) -> String {
    let name = format!("dangxiao_test_{pid}_template");
    // A template of an earlier run whose process had the same id is not swept: drop it here.
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("the PostgreSQL under test answers");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.ok();
    admin.close().await.ok();
    let pool = db::connect(&create_pg(&admin_url, &name, None).await).await.expect("template opens");
    db::migrate(&pool).await.expect("migrations apply");
    demo_district(&pool).await;
    pool.close().await;
    name
}

/// Creates the PostgreSQL database `name` (empty, or a copy of `template`) on the server `admin_url`
/// names; its URL. A copy is retried for a few seconds: the template's last connection may still be
/// closing, and PostgreSQL refuses to copy a database in use.
async fn create_pg(admin_url: &str, name: &str, template: Option<&str>) -> String {
    let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("the PostgreSQL under test answers");
    let sql = match template {
        Some(t) => format!("CREATE DATABASE {name} TEMPLATE {t}"),
        None => format!("CREATE DATABASE {name}"),
    };
    let mut tries = 0;
    while let Err(e) = sqlx::query(&sql).execute(&mut admin).await {
        tries += 1;
        assert!(template.is_some() && tries < 50 && e.to_string().contains("being accessed"), "creating {name}: {e}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    admin.close().await.ok();
    let (base, _) = admin_url.rsplit_once('/').expect("DATABASE_URL ends in /database");
    format!("{base}/{name}")
}

/// Drops the test databases an earlier, interrupted run left behind.
async fn sweep(admin_url: String, pid: u32) {
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("the PostgreSQL under test answers");
    let names: Vec<(String,)> =
        sqlx::query_as("SELECT datname FROM pg_database WHERE datname LIKE 'dangxiao_test_%'").fetch_all(&mut admin).await.unwrap();
    for (name,) in names.into_iter().filter(|(n,)| !n.starts_with(&format!("dangxiao_test_{pid}_"))) {
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.ok();
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.place {
            Place::Folder(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Place::Postgres { admin_url, name } => {
                // Drop runs inside the test's runtime: the database is dropped from a thread of its own.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                    runtime.block_on(async {
                        if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub async fn demo_district(pool: &Pool<Db>) {
    demo::load_if_empty(pool, Some(web::PASSWORD)).await.expect("demo loads");
}

/// A demo account as a signed-in caller.
pub async fn account(pool: &Pool<Db>, username: &str) -> auth::Caller {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE username = $1").bind(username).fetch_one(pool).await.unwrap();
    auth::load_caller(pool, id).await.unwrap().unwrap()
}

/// An open class of the school admin's school with room for `capacity` (or any number), for anyone.
pub async fn open_class(pool: &Pool<Db>, capacity: Option<i64>) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT c.id FROM classes c JOIN accounts a ON a.school_id = c.school_id WHERE a.username = 'schooladmin' ORDER BY c.id DESC LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM study_hours WHERE class_id = $1").bind(id).execute(pool).await.ok();
    sqlx::query(
        "UPDATE classes SET status = 'open', capacity = $2, audience_unit_id = NULL, audience_rank = NULL, ends_at = '2099-01-01T00:00' WHERE id = $1",
    )
    .bind(id)
    .bind(capacity)
    .execute(pool)
    .await
    .unwrap();
    id
}

/// Requests through the real router (sessions, cookies, middleware, server functions), as from
/// `peer` (the connection's address).
pub mod web {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{header, Request, StatusCode};
    use axum::Router;
    use std::net::SocketAddr;
    use tower::ServiceExt;

    pub const PASSWORD: &str = "test-Demo-Passw0rd";

    pub struct Answer {
        pub status: StatusCode,
        pub headers: axum::http::HeaderMap,
        pub body: String,
    }

    impl Answer {
        pub fn header(&self, name: &str) -> &str {
            self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
        }

        /// The session cookie it set, as a `Cookie` header value.
        pub fn cookie(&self) -> Option<String> {
            self.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).map(|s| s.split(';').next().unwrap().to_string())
        }
    }

    pub struct Call<'a> {
        pub method: &'a str,
        pub path: &'a str,
        pub content_type: Option<&'a str>,
        pub body: Vec<u8>,
        pub cookie: Option<&'a str>,
        pub peer: &'a str,
        pub headers: Vec<(&'a str, String)>,
    }

    impl<'a> Call<'a> {
        pub fn form(path: &'a str, body: &str) -> Call<'a> {
            Call {
                method: "POST",
                path,
                content_type: Some("application/x-www-form-urlencoded"),
                body: body.as_bytes().to_vec(),
                cookie: None,
                peer: "10.1.1.1",
                headers: Vec::new(),
            }
        }

        pub fn get(path: &'a str) -> Call<'a> {
            Call { method: "GET", path, content_type: None, body: Vec::new(), cookie: None, peer: "10.1.1.1", headers: Vec::new() }
        }

        pub fn signed_in(mut self, cookie: &'a str) -> Self {
            self.cookie = Some(cookie);
            self
        }

        pub fn from(mut self, peer: &'a str) -> Self {
            self.peer = peer;
            self
        }

        pub fn with(mut self, name: &'a str, value: &str) -> Self {
            self.headers.push((name, value.to_string()));
            self
        }

        pub async fn send(self, app: &Router) -> Answer {
            let mut builder = Request::builder().method(self.method).uri(self.path);
            // As the WebAssembly asks, unless the call says otherwise (a browser's own form post).
            if !self.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("accept")) {
                builder = builder.header(header::ACCEPT, "application/json");
            }
            if let Some(t) = self.content_type {
                builder = builder.header(header::CONTENT_TYPE, t);
            }
            if let Some(c) = self.cookie {
                builder = builder.header(header::COOKIE, c);
            }
            for (name, value) in &self.headers {
                builder = builder.header(*name, value);
            }
            let mut request = builder.body(Body::from(self.body)).unwrap();
            let peer: SocketAddr = format!("{}:40000", self.peer).parse().unwrap();
            request.extensions_mut().insert(ConnectInfo(peer));
            let response = app.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024).await.unwrap();
            Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
        }
    }

    /// A multipart body with text fields and one file field.
    pub fn multipart(boundary: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"f.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        body
    }

    /// Signs in a demo account (password [`PASSWORD`]) from `peer`; the session cookie.
    pub async fn sign_in(app: &Router, username: &str, peer: &str) -> String {
        let answer = Call::form("/api/login", &format!("username={username}&password={PASSWORD}")).from(peer).send(app).await;
        assert!(answer.status.is_success() || answer.status.is_redirection(), "login {username}: {} {}", answer.status, answer.body);
        answer.cookie().expect("a session cookie")
    }
}

/// The real router over `pool` with the demo district loaded and these security settings.
pub async fn app_with(pool: &Pool<Db>, security: dangxiao::server::guard::Security) -> axum::Router {
    demo_district(pool).await;
    let options = leptos::prelude::get_configuration(None).unwrap().leptos_options;
    // As `dangxiao serve` does: the clock runs on the day the demo recorded.
    let clock = Clock::of_installation(pool, None).await.unwrap();
    dangxiao::server::http::router_with(options, pool.clone(), security, clock).await.unwrap()
}

/// The real router over `pool` with the demo district loaded and the default security settings.
pub async fn app(pool: &Pool<Db>) -> axum::Router {
    app_with(pool, dangxiao::server::guard::Security::default()).await
}
