//! Sign-in and sessions through the real router, as an attacker or a careless user would try them:
//! throttling, proxies, session limits, redirects, cross-site requests, headers, request ids.

use crate::common::web::{sign_in, Call, PASSWORD};
use crate::common::{app, app_with, demo_database};
use crate::hardening::upload;
use axum::http::StatusCode;
use axum::Router;
use dangxiao::server::guard::Security;
use std::time::Duration;

pub(crate) async fn wrong_login(app: &Router, username: &str, peer: &str) -> (StatusCode, String) {
    let answer = Call::form("/api/login", &format!("username={username}&password=wrong-guess")).from(peer).send(app).await;
    (answer.status, answer.body)
}

#[tokio::test]
async fn parallel_wrong_passwords_are_judged_at_most_the_limit() {
    let (_db, pool) = demo_database().await;
    use dangxiao::rules::guard::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS;
    let app = app(&pool).await;
    let tries: Vec<_> = (0..30)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { wrong_login(&app, "orgadmin", "10.2.2.2").await })
        })
        .collect();
    let mut judged = 0;
    for t in tries {
        let (_, body) = t.await.unwrap();
        if body.contains(dangxiao::messages::wrong_credentials()) {
            judged += 1;
        } else {
            assert!(body.contains("次数过多") || body.contains("秒后再试"), "{body}");
        }
    }
    assert!(judged <= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, "{judged} of 30 parallel tries were judged");
}

#[tokio::test]
async fn failures_from_elsewhere_do_not_lock_the_owner_out() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    // The owner signed in from their own address before.
    sign_in(&app, "orgadmin", "10.3.3.3").await;
    // An attacker fails from one address until refused; the owner is not.
    for _ in 0..6 {
        wrong_login(&app, "orgadmin", "10.6.6.6").await;
    }
    let (_, body) = wrong_login(&app, "orgadmin", "10.6.6.6").await;
    assert!(body.contains("次数过多"), "{body}");
    sign_in(&app, "orgadmin", "10.3.3.3").await;
    // Failures from many addresses past the account's limit: refused from a new address, not from
    // the owner's.
    for i in 0..60 {
        sqlx::query("INSERT INTO login_failures (username, address, at) VALUES ('orgadmin', $1, $2)")
            .bind(format!("10.7.7.{i}"))
            .bind(chrono::Utc::now().naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string())
            .execute(&pool)
            .await
            .unwrap();
    }
    let answer = Call::form("/api/login", &format!("username=orgadmin&password={PASSWORD}")).from("10.8.8.8").send(&app).await;
    assert!(answer.body.contains("次数过多"), "{}", answer.body);
    sign_in(&app, "orgadmin", "10.3.3.3").await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_counted_apart() {
    let (_db, pool) = demo_database().await;
    use dangxiao::rules::guard::Network;
    let trusted = Security { trusted_proxies: vec![Network::parse("127.0.0.1").unwrap()], ..Security::default() };
    let app = app_with(&pool, trusted).await;
    let via_proxy =
        |client: &str| Call::form("/api/login", "username=cadre&password=wrong-guess").from("127.0.0.1").with("x-forwarded-for", client);
    for _ in 0..6 {
        via_proxy("198.51.100.1").send(&app).await;
    }
    assert!(via_proxy("198.51.100.1").send(&app).await.body.contains("次数过多"));
    // Another client behind the same proxy is judged on its own.
    let other = Call::form("/api/login", &format!("username=cadre&password={PASSWORD}"))
        .from("127.0.0.1")
        .with("x-forwarded-for", "198.51.100.2")
        .send(&app)
        .await;
    assert!(other.status.is_success() || other.status.is_redirection(), "{} {}", other.status, other.body);
    // A peer that is not a trusted proxy cannot choose the address it is counted by.
    for i in 0..6 {
        Call::form("/api/login", "username=leader&password=wrong-guess")
            .from("203.0.113.5")
            .with("x-forwarded-for", &format!("192.0.2.{i}"))
            .send(&app)
            .await;
    }
    let stranger = Call::form("/api/login", "username=leader&password=wrong-guess")
        .from("203.0.113.5")
        .with("x-forwarded-for", "192.0.2.99")
        .send(&app)
        .await;
    assert!(stranger.body.contains("次数过多"), "{}", stranger.body);
}

#[tokio::test]
async fn a_session_in_use_stays_open_until_its_absolute_limit() {
    let (_db, pool) = demo_database().await;
    let short = Security { idle: Duration::from_secs(2), absolute: Duration::from_secs(6), ..Security::default() };
    let app = app_with(&pool, short).await;
    let cookie = sign_in(&app, "teacher", "10.0.0.1").await;
    let signed_in = |app: Router, cookie: String| async move {
        let answer = Call::form("/api/whoami", "").signed_in(&cookie).send(&app).await;
        answer.body.contains("teacher")
    };
    // Used every 1.5 s: longer than the idle time in all, never idle that long.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(signed_in(app.clone(), cookie.clone()).await, "a session in use slides");
    }
    // 4.5 s in; past 6 s after sign-in it ends however much it is used.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(signed_in(app.clone(), cookie.clone()).await, "still in use");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(!signed_in(app.clone(), cookie.clone()).await, "the absolute limit holds");
    // And one left idle ends after the idle time.
    let idle = sign_in(&app, "teacher", "10.0.0.1").await;
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert!(!signed_in(app.clone(), idle).await, "an idle session ends");
}

#[tokio::test]
async fn sign_in_sends_on_only_to_local_paths() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    for next in
        ["/%09/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/%01x", "https%3A%2F%2Fevil.example", "/%0D%0ASet-Cookie:x=1"]
    {
        let answer = Call::form("/api/login", &format!("username=cadre&password={PASSWORD}&next={next}")).send(&app).await;
        assert!(!answer.status.is_server_error(), "{next}: {}", answer.status);
        let location = answer.header("location");
        assert!(location.is_empty() || location == "/me/hours", "{next} → {location:?}");
    }
    let answer = Call::form("/api/login", &format!("username=cadre&password={PASSWORD}&next=%2Fcheckin%3Ft%3Dabc")).send(&app).await;
    assert_eq!(answer.header("location"), "/checkin?t=abc");
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let login = || Call::form("/api/login", &format!("username=cadre&password={PASSWORD}")).with("host", "dangxiao.test");
    let answer = login().with("origin", "https://evil.example").send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "login CSRF: {}", answer.body);
    assert!(answer.cookie().is_none(), "no session for a cross-site sign-in");
    let answer = login().with("sec-fetch-site", "cross-site").send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // The site's own pages, and programs that send neither header, are served.
    let answer = login().with("origin", "http://dangxiao.test").with("sec-fetch-site", "same-origin").send(&app).await;
    assert!(answer.status.is_success() || answer.status.is_redirection(), "{}", answer.status);
    let answer = login().send(&app).await;
    assert!(answer.status.is_success() || answer.status.is_redirection(), "{}", answer.status);
    // Uploads too.
    let cookie = sign_in(&app, "orgadmin", "10.0.0.1").await;
    let answer = upload("/api/import_competency", &[("year", "2016")], None)
        .signed_in(&cookie)
        .with("origin", "https://evil.example")
        .send(&app)
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let page = Call::get("/").send(&app).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.header("content-security-policy");
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce in the policy");
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the policy's nonce");
    assert_eq!(page.header("x-frame-options"), "DENY");
    assert_eq!(page.header("referrer-policy"), "same-origin");
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(page.header("strict-transport-security").is_empty(), "no HSTS over plain HTTP");
    let api = Call::form("/api/dashboard", "").send(&app).await;
    assert_eq!(api.header("cache-control"), "no-store");
    assert_eq!(api.header("x-content-type-options"), "nosniff");
}

#[tokio::test]
async fn over_https_cookies_are_secure_and_hsts_is_sent() {
    let (_db, pool) = demo_database().await;
    let https = Security { public_url: Some("https://dangxiao.test".into()), https: true, ..Security::default() };
    let app = app_with(&pool, https).await;
    let answer = Call::form("/api/login", &format!("username=cadre&password={PASSWORD}")).send(&app).await;
    let set_cookie = answer.header("set-cookie");
    assert!(set_cookie.contains("Secure") && set_cookie.contains("HttpOnly"), "{set_cookie}");
    let page = Call::get("/").send(&app).await;
    assert!(page.header("strict-transport-security").starts_with("max-age="));
    // The public URL is the only origin a post may come from.
    let answer =
        Call::form("/api/login", &format!("username=cadre&password={PASSWORD}")).with("origin", "http://dangxiao.test").send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_answer_names_its_request() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let first = Call::get("/healthz").send(&app).await;
    let second = Call::form("/api/dashboard", "").send(&app).await;
    let (a, b) = (first.header("x-request-id"), second.header("x-request-id"));
    assert!(!a.is_empty() && !b.is_empty(), "an id on every answer: {a:?} {b:?}");
    assert_ne!(a, b, "one id per request");
    let proxied = Call::get("/healthz").with("x-request-id", "nginx-42").send(&app).await;
    assert_eq!(proxied.header("x-request-id"), "nginx-42", "a proxy's id is kept, so both logs name the same request");
}
