//! Hardening, tried through the real router as an attacker or a careless user would: uploads,
//! check-in codes, claims, the security log, slow clients (sign-in and sessions: `sessions.rs`).

use crate::common::demo_database;
use crate::common::web::{multipart, sign_in, Call};
use crate::common::CLOCK;
use crate::common::{account, app, demo_district, open_class};
use crate::sessions::wrong_login;
use axum::http::StatusCode;
use dangxiao::server::http;
use std::time::Duration;

/// A workbook whose sheet holds a cell at the far corner of Excel's grid (A1 … XFD1048576).
fn far_corner_workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "人员编号").unwrap();
    sheet.write_string(0, 1, "姓名").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save_to_buffer().unwrap()
}

pub(crate) fn upload(path: &'static str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Call<'static> {
    let mut call = Call::form(path, "");
    call.content_type = Some("multipart/form-data; boundary=hardeningboundary");
    call.body = multipart("hardeningboundary", fields, file);
    call
}

#[tokio::test]
async fn an_upload_is_not_read_before_the_caller_may_import() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let class = open_class(&pool, None).await.to_string();
    let cadre = sign_in(&app, "cadre", "10.0.0.1").await;
    let teacher = sign_in(&app, "teacher", "10.0.0.1").await;
    // A file that cannot be read at all: a cadre is refused for who they are, not for the file.
    let junk: &[u8] = b"PK\x03\x04 not a workbook";
    let answer = upload("/api/import_roster", &[("class_id", &class)], Some(("roster", junk))).signed_in(&cadre).send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    // A teacher who does not teach this class: refused before the file is parsed.
    let answer = upload("/api/import_roster", &[("class_id", &class)], Some(("roster", junk))).signed_in(&teacher).send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    let answer = upload("/api/import_competency", &[("year", "2016")], Some(("results", junk))).signed_in(&cadre).send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
}

#[tokio::test]
async fn a_workbook_claiming_the_whole_grid_is_refused_in_chinese() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let class = open_class(&pool, None).await.to_string();
    let admin = sign_in(&app, "schooladmin", "10.0.0.1").await;
    let bomb = far_corner_workbook();
    assert!(bomb.len() < 10_000, "a small file: {} bytes", bomb.len());
    let answer = upload("/api/import_roster", &[("class_id", &class)], Some(("roster", &bomb))).signed_in(&admin).send(&app).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("列数过多"), "{}", answer.body);
    // The server is still there and answers.
    let again = Call::form("/api/whoami", "").signed_in(&admin).send(&app).await;
    assert_eq!(again.status, StatusCode::OK);
}

#[tokio::test]
async fn every_multipart_function_refuses_a_body_without_a_boundary() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let admin = sign_in(&app, "orgadmin", "10.0.0.1").await;
    // Every registered server function, whatever its encoding: none may fail or panic on a body
    // it cannot read.
    let paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).filter(|p| p.starts_with("/api/")).collect();
    assert!(paths.len() > 40, "the server functions are registered: {}", paths.len());
    for path in paths {
        if path == "/api/logout" {
            continue;
        }
        for content_type in ["multipart/form-data", "text/plain", "application/x-www-form-urlencoded"] {
            let mut call = Call::form(path, "").signed_in(&admin);
            call.content_type = Some(content_type);
            call.body = b"no boundary here".to_vec();
            let answer = call.send(&app).await;
            assert!(
                answer.status.is_client_error() || answer.status.is_success(),
                "{path} with {content_type}: {} {}",
                answer.status,
                answer.body
            );
        }
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_it_is_read() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let cadre = sign_in(&app, "cadre", "10.0.0.1").await;
    let big = vec![b'a'; dangxiao::server::guard::MAX_BODY_BYTES + 1];
    let call = upload("/api/submit_claim", &[("title", "x")], Some(("evidence", &big))).signed_in(&cadre);
    let length = call.body.len().to_string();
    let answer = call.with("content-length", &length).send(&app).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Sent without a length, it is cut off while it streams in: refused all the same.
    let answer = upload("/api/submit_claim", &[("title", "x")], Some(("evidence", &big))).signed_in(&cadre).send(&app).await;
    assert!(answer.status.is_client_error(), "{}", answer.status);
}

#[tokio::test]
async fn claims_waiting_per_person_are_capped() {
    let (_db, pool) = demo_database().await;
    use dangxiao::rules::guard::MAX_PENDING_CLAIMS;
    let app = app(&pool).await;
    let cadre = account(&pool, "cadre").await;
    let person = cadre.person_id.unwrap();
    for i in 0..MAX_PENDING_CLAIMS {
        sqlx::query(
            "INSERT INTO external_claims (person_id, submitted_by, title, provider, starts_on, ends_on, hours, evidence_name, \
             evidence_type, evidence, submitted_at, status) VALUES ($1, $2, $3, '网院', '2017-01-01', '2017-01-02', 2, 'a.pdf', \
             'application/pdf', $4, '2017-01-03 10:00:00', 'pending')",
        )
        .bind(person)
        .bind(cadre.account_id)
        .bind(format!("申报 {i}"))
        .bind(b"%PDF-1.4".to_vec())
        .execute(&pool)
        .await
        .unwrap();
    }
    let cookie = sign_in(&app, "cadre", "10.0.0.1").await;
    let fields = [("title", "又一门课"), ("provider", "网院"), ("starts_on", "2017-01-01"), ("ends_on", "2017-01-02"), ("hours", "2")];
    let answer = upload("/api/submit_claim", &fields, Some(("evidence", b"%PDF-1.4 x"))).signed_in(&cookie).send(&app).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(answer.body.contains("等待审核"), "{}", answer.body);
}

#[tokio::test]
async fn check_in_codes_cannot_be_guessed() {
    let (_db, pool) = demo_database().await;
    use dangxiao::rules::guard::MAX_CODE_FAILURES_PER_ACCOUNT;
    let app = app(&pool).await;
    open_class(&pool, None).await;
    let cadre = sign_in(&app, "cadre", "10.0.0.1").await;
    for i in 0..MAX_CODE_FAILURES_PER_ACCOUNT {
        let answer = Call::form("/api/check_in", &format!("code={:06}", 100_000 + i)).signed_in(&cadre).send(&app).await;
        assert!(answer.body.contains("签到码不正确") || answer.body.contains("成功") || answer.status.is_success(), "{}", answer.body);
    }
    let answer = Call::form("/api/check_in", "code=123456").signed_in(&cadre).send(&app).await;
    assert!(answer.body.contains("次数过多"), "{}", answer.body);
    // The security log has them, for org admins.
    let admin = sign_in(&app, "orgadmin", "10.0.0.1").await;
    let log = Call::form("/api/list_accounts", "").signed_in(&admin).send(&app).await;
    assert!(log.body.contains("签到码错误") && log.body.contains("签到码限流"), "{}", &log.body[..log.body.len().min(400)]);
}

#[tokio::test]
async fn account_administration_and_refusals_are_logged() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let admin = sign_in(&app, "orgadmin", "10.0.0.1").await;
    let created =
        Call::form("/api/create_account", "username=newclerk&display_name=%E6%96%B0%E4%BA%BA&password=long-enough-1&roles%5Bcadre%5D=on")
            .signed_in(&admin)
            .send(&app)
            .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    wrong_login(&app, "leader", "10.4.4.4").await;
    let cadre = sign_in(&app, "cadre", "10.0.0.1").await;
    let refused = Call::form("/api/list_accounts", "").signed_in(&cadre).send(&app).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = Call::form("/api/list_accounts", "").signed_in(&admin).send(&app).await;
    for what in ["创建账号", "newclerk", "登录失败", "越权访问被拒绝", "/api/list_accounts"] {
        assert!(log.body.contains(what), "the security log shows {what}");
    }
    // Append-only: the database refuses to change it.
    assert!(sqlx::query("DELETE FROM security_log").execute(&pool).await.is_err());
    assert!(sqlx::query("UPDATE security_log SET detail = 'x'").execute(&pool).await.is_err());
}

#[tokio::test]
async fn long_usernames_and_old_failures_are_not_kept() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let long = "a".repeat(10_000);
    let answer = Call::form("/api/login", &format!("username={long}&password=x")).send(&app).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE length(username) > 64").fetch_one(&pool).await.unwrap();
    assert_eq!(stored, 0);
    wrong_login(&app, "cadre", "10.5.5.5").await;
    sqlx::query("UPDATE login_failures SET at = '2000-01-01T00:00:00'").execute(&pool).await.unwrap();
    dangxiao::server::auth::purge_attempts(&pool).await.unwrap();
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures").fetch_one(&pool).await.unwrap();
    assert_eq!(left, 0, "failures past their window are purged");
}

#[tokio::test]
async fn nobody_decides_their_own_claim_or_records_their_own_lecture() {
    let (_db, pool) = demo_database().await;
    use dangxiao::error::AppError;
    use dangxiao::model::LectureVenue;
    use dangxiao::rules::study_hours::ExternalClaim;
    use dangxiao::server::repo::{claims, podium};
    demo_district(&pool).await;
    let org = account(&pool, "orgadmin").await;
    let own = org.person_id.expect("the org admin is a person of the district");
    let claim = ExternalClaim { title: "网络专题班", provider: "网院", starts_on: "2017-03-01", ends_on: "2017-03-02", hours: 4.0 };
    let evidence = claims::Evidence { name: "证书.pdf".into(), mime: "application/pdf", bytes: b"%PDF-1.4".to_vec() };
    let id = dangxiao::server::service::claims::submit(&pool, org.account_id, own, &claim, evidence, &CLOCK).await.unwrap();
    let refused =
        dangxiao::server::service::claims::decide(&pool, &org, id, dangxiao::model::Decision::Approve, "", &CLOCK).await.unwrap_err();
    assert!(matches!(refused, AppError::Validation(ref m) if m.contains("本人")), "{refused:?}");
    let lecture = podium::NewLecture {
        person_id: own,
        given_on: "2017-03-01",
        venue: LectureVenue::DistrictPartySchool,
        school_id: None,
        title: "讲党课",
    };
    let refused = dangxiao::server::service::podium::record(&pool, &org, lecture, 4.0, &CLOCK).await.unwrap_err();
    assert!(matches!(refused, AppError::Validation(ref m) if m.contains("本人")), "{refused:?}");
}

/// Reads what the server sends on `stream` within `wait` (blocking I/O, off the async threads): the
/// bytes, and whether it closed the connection.
async fn read_for(stream: &std::net::TcpStream, wait: Duration) -> (Vec<u8>, bool) {
    let mut stream = stream.try_clone().unwrap();
    tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let deadline = std::time::Instant::now() + wait;
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return (got, false);
            }
            stream.set_read_timeout(Some(left)).unwrap();
            match stream.read(&mut buf) {
                Ok(0) => return (got, true),
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => return (got, false),
                Err(_) => return (got, true),
            }
        }
    })
    .await
    .unwrap()
}

fn connect(addr: std::net::SocketAddr, send: &[u8]) -> std::net::TcpStream {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(send).unwrap();
    stream
}

#[tokio::test]
async fn slow_and_idle_clients_cannot_hold_the_server() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = http::ConnectionLimits { max_connections: 2, header_timeout: Duration::from_secs(2) };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(http::serve_listener(listener, app, limits, async move {
        let _ = stopped.await;
    }));
    let health = b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
    let partial = b"GET /healthz HTTP/1.1\r\nHost: t\r\n";

    // A client that never finishes its headers is cut off.
    let slow = connect(addr, partial);
    let (_, closed) = read_for(&slow, Duration::from_secs(5)).await;
    assert!(closed, "a connection that never finishes its headers is closed");

    // Two connections fill the server; a third waits until one of them goes.
    let first = connect(addr, health);
    let (answer, _) = read_for(&first, Duration::from_millis(300)).await;
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer));
    let _second = connect(addr, partial);
    let third = connect(addr, health);
    let (early, _) = read_for(&third, Duration::from_millis(300)).await;
    assert!(early.is_empty(), "no third connection is served while two are held");
    // The idle kept-alive connection and the stalled one time out; the third is then served.
    let (late, _) = read_for(&third, Duration::from_secs(5)).await;
    assert!(late.starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&late));
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

/// What the database itself refuses — a duplicate, a missing reference, a failed check — reaches the
/// user as a conflict (409) with a message, never as a server error (500), on both backends.
#[tokio::test]
async fn a_constraint_the_database_keeps_is_a_conflict_not_a_failure() {
    use dangxiao::error::AppError;
    let (_db, pool) = crate::common::database().await;
    let account =
        "INSERT INTO accounts (username, password_hash, display_name, created_at) VALUES ('twice', 'x', '两次', '2017-05-25T09:00:00')";
    sqlx::query(account).execute(&pool).await.unwrap();
    let attendance = |method: &'static str| {
        sqlx::query(
            "INSERT INTO attendance (class_id, person_id, checked_in_at, method) VALUES (999999, 999999, '2017-05-25T09:00:00', $1)",
        )
        .bind(method)
    };
    let refusals = [
        (sqlx::query(account).execute(&pool).await.unwrap_err(), dangxiao::messages::duplicate_record()),
        (attendance("qr").execute(&pool).await.unwrap_err(), dangxiao::messages::missing_reference()),
        (attendance("telepathy").execute(&pool).await.unwrap_err(), dangxiao::messages::constraint_refused()),
    ];
    for (error, message) in refusals {
        let error = AppError::from(error);
        assert_eq!(error.status(), 409, "{error:?}");
        assert_eq!(error.to_string(), message);
    }
}
