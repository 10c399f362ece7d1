//! `/classes/:id/qr` (the check-in screen: rotating QR code and 6-digit code) and `/classes/:id/sheet`
//! (the printable sign-in sheet).

use super::api::{checkin_ticket, get_class};
use super::class::class_id;
use super::list::when;

use crate::components::live::{coalesced, on_live};
use crate::components::{Loaded, Page};
use crate::model::LiveKind;
use leptos::prelude::*;

/// `/classes/:id/qr`: the screen at the front of the room. A fresh QR code every 20 seconds (each
/// valid under a minute), the 6-digit code beside it, and the count of who has checked in, live.
#[component]
pub fn CheckInScreen() -> impl IntoView {
    let id = class_id();
    let tick = RwSignal::new(0u32);
    let ticket = Resource::new(move || (id.get(), tick.get()), |(id, _)| checkin_ticket(id));
    // The count follows the live events (today's open classes carry theirs); the codes keep their
    // own 20-second rhythm instead of changing with every check-in.
    let live_count = RwSignal::new(None::<i64>);
    let renew = move || {
        live_count.set(None);
        tick.update(|t| *t += 1);
    };
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(renew, std::time::Duration::from_secs(crate::rules::checkin::REFRESH_SECONDS)) {
            on_cleanup(move || handle.clear());
        }
    }
    let ask_again = coalesced(renew);
    on_live(move |e| {
        let id = id.get_untracked();
        if e.kind != LiveKind::Update {
            ask_again();
        } else if e.classes.contains(&id) {
            match e.today.as_ref().and_then(|t| t.classes.iter().find(|c| c.id == id)) {
                Some(c) => live_count.set(Some(c.checked_in)),
                // Not among today's open classes (a class of several days): ask.
                None => ask_again(),
            }
        }
    });
    view! {
        <Page title="签到二维码" class="qr-screen">
            <Loaded loading="正在生成二维码…">
                {move || Suspend::new(async move {
                    ticket
                        .await
                        .map(|t| {
                            view! {
                                <h1>{t.title.clone()}</h1>
                                <div class="qr" inner_html=t.qr_svg.clone() data-testid="qr"></div>
                                <p class="code">"签到码 " <strong data-testid="short-code">{t.code.clone()}</strong></p>
                                <p class="count">
                                    "已签到 "
                                    <strong data-testid="screen-count">{move || live_count.get().unwrap_or(t.attendees)}</strong> " 人"
                                </p>
                                <p class="muted">
                                    "请用手机扫码签到；二维码每 20 秒更新，1 分钟内有效。更新于 "
                                    {t.issued_at.to_string()}
                                </p>
                                <p class="muted link">
                                    <a href=t.link.clone() data-testid="checkin-link">
                                        {t.link.clone()}
                                    </a>
                                </p>
                                <p>
                                    <a href=format!("/classes/{}", t.class_id)>"返回培训班"</a>
                                </p>
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

/// `/classes/:id/sheet`: the printable sign-in sheet (签到表) for a class held without phones: the
/// class's facts, those already on the roster, and blank lines up to the capacity.
#[component]
pub fn SignInSheet() -> impl IntoView {
    let id = class_id();
    let detail = Resource::new(move || id.get(), get_class);
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <Page title="签到表" class="sign-in-sheet">
            <Loaded>
                {move || Suspend::new(async move {
                    detail
                        .await
                        .map(|d| {
                            let c = d.summary.clone();
                            let blank = c.capacity.unwrap_or(30).clamp(10, 200) as usize;
                            let blank = blank.saturating_sub(d.roster.len()).max(5);
                            let first_blank = d.roster.len() + 1;
                            view! {
                                <p class="no-print buttons">
                                    <button type="button" on:click=print>
                                        "打印"
                                    </button>
                                    <a href=format!("/classes/{}", c.id)>"返回培训班"</a>
                                </p>
                                <h1>{format!("{} 签到表", c.title)}</h1>
                                <p>
                                    {format!(
                                        "主办：{}　时间：{}　地点：{}　授课：{}　学时：{}",
                                        c.school,
                                        when(&c),
                                        c.venue,
                                        d.teachers.join("、"),
                                        c.hours,
                                    )}
                                </p>
                                <table class="sheet" data-testid="sheet">
                                    <thead>
                                        <tr>
                                            <th>"序号"</th>
                                            <th>"姓名"</th>
                                            <th>"单位"</th>
                                            <th>"签名"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {d
                                            .roster
                                            .iter()
                                            .enumerate()
                                            .map(|(i, r)| {
                                                view! {
                                                    <tr>
                                                        <td>{i + 1}</td>
                                                        <td>{r.name.clone()}</td>
                                                        <td>{r.unit.clone()}</td>
                                                        <td></td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                        {(0..blank)
                                            .map(|i| {
                                                view! {
                                                    <tr>
                                                        <td>{first_blank + i}</td>
                                                        <td></td>
                                                        <td></td>
                                                        <td></td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <p class="muted">"纸质签到表由业余党校管理员录入系统后计入学时。"</p>
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}
