//! `/checkin`: where a cadre's phone lands after scanning the class's QR code (`?t=…`), or types the
//! 6-digit code. Not signed in: the scan is held for ten minutes while they sign in, then completed.

use super::api::CheckIn;
use crate::components::Page;
use crate::error::AppError;
use crate::model::CheckInReceipt;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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

#[component]
pub fn CheckInPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("t").unwrap_or_default());
    let held = query.with_untracked(|q| q.get("held").is_some());
    let action = ServerAction::<CheckIn>::new();
    // Scanned (or back from signing in): check in at once, in the browser.
    if !token.is_empty() || held {
        let token = token.clone();
        Effect::new(move |done: Option<()>| {
            if done.is_none() {
                action.dispatch(CheckIn { token: token.clone(), code: String::new() });
            }
        });
    }
    view! {
        <Page title="签到" class="narrow checkin-page" heading="培训签到">
            {move || action.pending().get().then(|| view! { <p class="loading">"正在签到…"</p> })}
            {move || match action.value().get() {
                None => None,
                Some(Ok(r)) => Some(receipt_view(r)),
                Some(Err(AppError::Unauthorized)) => {
                    Some(
                        view! {
                            <div class="checkin-result" role="alert" data-testid="checkin-result">
                                <strong>"请先登录"</strong>
                                <p>"登录后将自动完成本次签到（10 分钟内有效）。"</p>
                                <a class="button" href="/login?next=/checkin%3Fheld%3D1" data-testid="checkin-login">
                                    "登录并签到"
                                </a>
                            </div>
                        }
                            .into_any(),
                    )
                }
                Some(Err(e)) => {
                    Some(
                        view! {
                            <div class="checkin-result error" role="alert" data-testid="checkin-result">
                                <strong>"签到未成功"</strong>
                                <p>{e.to_string()}</p>
                            </div>
                        }
                            .into_any(),
                    )
                }
            }}
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
