//! The plain pages (`components::plain`): a phone without the WebAssembly signs in and checks in by
//! plain form posts. Each is answered by a redirect a browser follows — back to its page with the
//! error in the address, or on to where it leads — never by an error status the browser would show
//! as a bare page; and the pages themselves come without the WebAssembly.

use crate::common::web::{sign_in, Call, PASSWORD};
use crate::common::{app, demo_database, open_class};
use axum::http::StatusCode;
use dangxiao::rules::checkin;
use dangxiao::server::clock::unix_now;

/// What a browser sends with a form it posts itself.
const HTML: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const PAGE: &str = "http://127.0.0.1:3000";

fn plain_post<'a>(path: &'a str, body: &str, from: &str) -> Call<'a> {
    Call::form(path, body).with("accept", HTML).with("referer", &format!("{PAGE}{from}"))
}

#[tokio::test]
async fn a_plain_sign_in_comes_back_with_its_error_or_goes_home() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let refused = plain_post("/api/login", "username=cadre&password=wrong&next=", "/login").send(&app).await;
    assert_eq!(refused.status, StatusCode::FOUND, "{}", refused.body);
    let back = refused.header("location").to_string();
    assert!(back.starts_with(&format!("{PAGE}/login?")) && back.contains("__path=%2Fapi%2Flogin") && back.contains("__err="), "{back}");
    // The page it comes back to says why, as the hydrated form would.
    let page = Call::get(back.strip_prefix(PAGE).unwrap()).with("accept", HTML).with("sec-fetch-site", "same-origin").send(&app).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("用户名或密码错误"), "the login page shows the refusal");
    // The same address from a link elsewhere (any text can be put there): the page without it.
    let forged = Call::get(back.strip_prefix(PAGE).unwrap()).with("accept", HTML).with("sec-fetch-site", "cross-site").send(&app).await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    assert_eq!(forged.header("location"), "/login");

    let signed_in = plain_post("/api/login", &format!("username=cadre&password={PASSWORD}&next="), "/login").send(&app).await;
    assert_eq!(signed_in.status, StatusCode::FOUND);
    assert_eq!(signed_in.header("location"), "/me/hours", "a cadre goes to their hours");
    assert!(signed_in.cookie().is_some(), "with a session");
}

#[tokio::test]
async fn a_plain_scan_is_held_through_sign_in_then_lands_on_its_receipt() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let class = open_class(&pool, None).await;
    let secret = dangxiao::server::repo::attendance::checkin_secret(&pool).await.unwrap();
    let token = checkin::qr_token(&secret, class, unix_now());
    let landing = format!("/checkin?t={token}");

    // The page a scan opens: the scan in a form its one-line script posts, and no WebAssembly.
    let page = Call::get(&landing).with("accept", HTML).send(&app).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"scan-form\"") && page.body.contains(&token), "the scan is in the form");
    assert!(!page.body.contains(".wasm") && !page.body.contains("/pkg/dangxiao.js"), "a plain page loads no WebAssembly");

    // Not signed in: held, and back to the page with 请先登录.
    let held = plain_post("/api/check_in", &format!("token={token}"), &landing).send(&app).await;
    assert_eq!(held.status, StatusCode::FOUND, "{}", held.body);
    let back = held.header("location").to_string();
    assert!(back.contains("__err="), "{back}");
    let cookie = held.cookie().expect("the held scan's session");
    let page = Call::get(back.strip_prefix(PAGE).unwrap())
        .signed_in(&cookie)
        .with("accept", HTML)
        .with("sec-fetch-site", "same-origin")
        .send(&app)
        .await;
    assert!(page.body.contains("登录并签到"), "the page asks to sign in");
    assert!(!page.body.contains("id=\"scan-form\""), "and does not post the scan again");

    // Signed in (the same session), the held scan completes and lands on its receipt.
    let signed_in = plain_post("/api/login", &format!("username=cadre&password={PASSWORD}&next=/checkin%3Fheld%3D1"), "/login")
        .signed_in(&cookie)
        .send(&app)
        .await;
    assert_eq!(signed_in.header("location"), "/checkin?held=1");
    let cookie = signed_in.cookie().unwrap_or(cookie);
    let done = plain_post("/api/check_in", "token=", "/checkin?held=1").signed_in(&cookie).send(&app).await;
    assert_eq!(done.status, StatusCode::FOUND, "{}", done.body);
    assert_eq!(done.header("location"), format!("/checkin?done={class}"));
    let receipt = Call::get(&format!("/checkin?done={class}")).signed_in(&cookie).with("accept", HTML).send(&app).await;
    assert!(receipt.body.contains("签到成功"), "the receipt is read from the server");

    // The same scan again: already checked in.
    let again = plain_post("/api/check_in", &format!("token={token}"), &landing).signed_in(&cookie).send(&app).await;
    assert_eq!(again.header("location"), format!("/checkin?done={class}&again=1"));
    let receipt = Call::get(&format!("/checkin?done={class}&again=1")).signed_in(&cookie).with("accept", HTML).send(&app).await;
    assert!(receipt.body.contains("您已签到"));

    // Nobody reads another's receipt: the leader has not checked in to this class.
    let leader = sign_in(&app, "leader", "10.1.1.1").await;
    let theirs = Call::form("/api/my_check_in", &format!("class_id={class}")).signed_in(&leader).send(&app).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);

    // The WebAssembly's own call is answered as before: the receipt as JSON, the errors with their status.
    let json = Call::form("/api/check_in", &format!("token={token}")).signed_in(&cookie).send(&app).await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(json.body.contains("\"already\":true"), "{}", json.body);
    let forged = Call::form("/api/check_in", "token=1.1.00").signed_in(&cookie).send(&app).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_page_that_fails_keeps_its_status_and_other_pages_hydrate() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let missing = Call::get("/schools/99999").with("accept", HTML).send(&app).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "a page's own error status is kept");
    let dashboard = Call::get("/").with("accept", HTML).send(&app).await;
    assert!(dashboard.body.contains("/pkg/dangxiao"), "the dashboard hydrates");
    assert!(!dashboard.body.contains("/vendor/echarts"), "ECharts is loaded by the first chart, not by the page");
    // The WebAssembly is asked for after the first paint (app::AfterFirstPaint): no preload in the
    // <head> competes with the stylesheet, which comes first.
    assert!(!dashboard.body.contains("preload"), "no preloads in the <head>");
    let css = dashboard.body.find("/pkg/dangxiao.css");
    let script = dashboard.body.find("import('/pkg/dangxiao.js')");
    assert!(css.is_some() && css < script, "the stylesheet, then the script that waits for the first paint");
}
