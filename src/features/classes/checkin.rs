//! `/checkin`: where a cadre's phone lands after scanning the class's QR code (`?t=…`), or types the
//! 6-digit code. Not signed in: the scan is held for ten minutes while they sign in, then completed.

use super::api::{my_check_in, CheckIn};
use crate::components::Page;
use crate::error::AppError;
use crate::model::CheckInReceipt;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What a check-in came to: the receipt, the way to sign in first, or why it failed.
fn result_view(result: Result<CheckInReceipt, AppError>) -> AnyView {
    match result {
        Ok(r) => receipt_view(r),
        Err(AppError::Unauthorized) => view! {
            <div class="checkin-result" role="alert" data-testid="checkin-result">
                <strong>"请先登录"</strong>
                <p>"登录后将自动完成本次签到（10 分钟内有效）。"</p>
                <a class="button" href="/login?next=/checkin%3Fheld%3D1" data-testid="checkin-login">
                    "登录并签到"
                </a>
            </div>
        }
        .into_any(),
        Err(e) => view! {
            <div class="checkin-result error" role="alert" data-testid="checkin-result">
                <strong>"签到未成功"</strong>
                <p>{e.to_string()}</p>
            </div>
        }
        .into_any(),
    }
}

fn receipt_view(r: CheckInReceipt) -> AnyView {
    if r.already {
        view! {
            <div class="checkin-result already" role="status" data-testid="checkin-result">
                <strong>"您已签到"</strong>
                <p>{format!("「{}」· 签到时间 {}", r.class_title, r.checked_in_at)}</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="checkin-result ok" role="status" data-testid="checkin-result">
                <strong>"签到成功"</strong>
                <p>{format!("「{}」· {}", r.class_title, r.checked_in_at)}</p>
                <p class="muted">"结班后学时将自动记入您的学时台账。"</p>
            </div>
        }
        .into_any()
    }
}

/// `/checkin`. With the WebAssembly (reached in the app) a scan is sent from the browser. As a plain
/// page (`components::plain`: how a phone arrives from a scan) the page carries the scan in a form
/// that a one-line script posts at once (a button when scripts are off); the post comes back here
/// with its error in the address, or to `?done=<class>` with the receipt read from the server.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("t").unwrap_or_default());
    let held = query.with_untracked(|q| q.get("held").is_some());
    let done = query.with_untracked(|q| q.get("done").and_then(|d| d.parse::<i64>().ok()));
    let again = query.with_untracked(|q| q.get("again").is_some());
    // Holds the error a plain post came back with (from the address), else nothing until sent.
    let action = ServerAction::<CheckIn>::new();
    let scan = (!token.is_empty() || held) && action.value().get_untracked().is_none();
    let plain = crate::components::plain::is_plain();
    if scan && !plain {
        let token = token.clone();
        Effect::new(move |done: Option<()>| {
            if done.is_none() {
                action.dispatch(CheckIn { token: token.clone(), code: String::new() });
            }
        });
    }
    // Back from a plain post that checked in (and not from a later one that failed): the receipt.
    let receipt = done
        .filter(|_| action.value().get_untracked().is_none())
        .map(|class_id| Resource::new(|| (), move |_| my_check_in(class_id, again)));
    view! {
        <Page title="签到" class="narrow checkin-page" heading="培训签到">
            {move || action.pending().get().then(|| view! { <p class="loading">"正在签到…"</p> })}
            {receipt
                .map(|receipt| {
                    view! {
                        <Suspense fallback=|| {
                            view! { <p class="loading">"正在读取签到结果…"</p> }
                        }>{move || Suspend::new(async move { result_view(receipt.await) })}</Suspense>
                    }
                })}
            {move || action.value().get().map(result_view)}
            {(scan && plain).then(|| view! { <ScanForm token /> })}
            <ActionForm action attr:class="form panel code-form">
                <label>
                    "摄像头无法扫码时，请输入屏幕上的 6 位签到码"
                    <input
                        type="text"
                        name="code"
                        inputmode="numeric"
                        pattern="[0-9]{6}"
                        maxlength="6"
                        autocomplete="off"
                        required
                        data-testid="checkin-code"
                    />
                </label>
                <button type="submit" disabled=move || action.pending().get()>
                    "签到"
                </button>
            </ActionForm>
            <p class="muted">"签到仅记录您参加本次培训，不采集人脸或位置信息。"</p>
        </Page>
    }
}

/// The scan of a plain page, posted by the one-line script that follows it (or by its button when
/// scripts are off). Rendered on the server only: a plain page is never hydrated.
#[component]
fn ScanForm(token: String) -> impl IntoView {
    use leptos::server_fn::ServerFn;
    let (path, nonce) = (CheckIn::PATH, leptos::nonce::use_nonce());
    view! {
        <form class="form panel" method="post" action=path id="scan-form" data-testid="scan-form">
            <input type="hidden" name="token" value=token />
            <p class="loading">"正在签到…"</p>
            <button type="submit">"确认签到"</button>
        </form>
        <script nonce=nonce inner_html="document.getElementById('scan-form').submit()"></script>
    }
}
