use super::api::get_person_hours;
use crate::components::{Loaded, Page, YearNav};
use crate::error::AppError;
use crate::model::PersonHours;
use leptos::either::Either;
use leptos::prelude::*;

/// `/me/hours?year=YYYY`: the signed-in cadre's own hours, made for a phone.
#[component]
pub fn MyHoursPage() -> impl IntoView {
    let year = crate::components::use_year();
    let hours = Resource::new(move || year.get(), |year| get_person_hours(None, year));
    view! {
        <Page title="我的学时" class="narrow hours-page">
            <Loaded>
                {move || Suspend::new(async move {
                    match hours.await {
                        Err(AppError::Unauthorized) => {
                            Ok(
                                Either::Left(
                                    view! {
                                        <HoursNotice testid="login-required" message="请先登录后查看本人学时。" login=true />
                                    },
                                ),
                            )
                        }
                        Ok(None) => {
                            Ok(
                                Either::Left(
                                    // An account not (yet) linked to a person on the roster: no error, a way on.
                                    view! { <HoursNotice testid="no-person" message=NO_PERSON login=false /> },
                                ),
                            )
                        }
                        Ok(Some(h)) => Ok(Either::Right(view! { <HoursView h /> })),
                        Err(e) => Err(e),
                    }
                })}
            </Loaded>
            <MyClasses />
        </Page>
    }
}

const NO_PERSON: &str = "本账号还没有关联人员名册中的人员，暂无本人学时。请联系组织部管理员在账号管理中填写您的人员编号。";

/// What `/me/hours` says instead of hours: sign in first, or no person linked to the account.
#[component]
fn HoursNotice(testid: &'static str, message: &'static str, login: bool) -> impl IntoView {
    view! {
        <div class="notice" data-testid=testid>
            <h1>"我的学时"</h1>
            <p>{message}</p>
            {login
                .then(|| {
                    view! {
                        <a href="/login" class="button">
                            "登录"
                        </a>
                    }
                })}
        </div>
    }
}

/// 我的培训班: classes open for check-in now (with the way to check in: the code on the screen there, or
/// its QR code) and the ones to come, whose audience includes the cadre. Nothing for someone signed out.
#[component]
fn MyClasses() -> impl IntoView {
    use crate::model::ClassStatus;
    let classes = Resource::new(|| (), |_| crate::features::classes::api::get_my_classes());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                classes
                    .await
                    .ok()
                    .map(|list| {
                        view! {
                            <div class="panel" data-testid="my-classes">
                                <h2>"我的培训班"</h2>
                                {if list.is_empty() {
                                    view! { <p class="muted">"近期没有面向您的培训班。"</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="entries">
                                            {list
                                                .into_iter()
                                                .map(|c| {
                                                    let action = match (c.status, c.checked_in) {
                                                        (_, true) => view! { <span class="badge met">"已签到"</span> }.into_any(),
                                                        (ClassStatus::Open, false) => {
                                                            view! {
                                                                <a class="button" href="/checkin">
                                                                    "去签到"
                                                                </a>
                                                            }
                                                                .into_any()
                                                        }
                                                        _ => {
                                                            view! {
                                                                <span class=format!(
                                                                    "badge {}",
                                                                    c.status.as_code(),
                                                                )>{c.status.label()}</span>
                                                            }
                                                                .into_any()
                                                        }
                                                    };
                                                    view! {
                                                        <li>
                                                            <div>
                                                                <strong>{c.title.clone()}</strong>
                                                            </div>
                                                            <div class="muted">
                                                                {format!(
                                                                    "{} · {}–{} · {}",
                                                                    c.school,
                                                                    c.starts_at.minute(),
                                                                    c.ends_at.time(),
                                                                    c.venue,
                                                                )}
                                                            </div>
                                                            <div>{action}</div>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }}
                            </div>
                        }
                    })
            })}
        </Transition>
    }
}

/// A ring showing the share of the target reached (SVG, no chart library needed).
#[component]
fn ProgressRing(share: f64, label: String) -> impl IntoView {
    let r = 52.0;
    let circumference = 2.0 * std::f64::consts::PI * r;
    let done = circumference * share.clamp(0.0, 1.0);
    view! {
        <svg class="ring" viewBox="0 0 120 120" role="img" aria-label=label.clone()>
            <circle cx="60" cy="60" r=r class="ring-track" />
            <circle
                cx="60"
                cy="60"
                r=r
                class="ring-done"
                stroke-dasharray=format!("{done:.1} {circumference:.1}")
                transform="rotate(-90 60 60)"
            />
            <text x="60" y="66" text-anchor="middle" class="ring-text">
                {format!("{:.0}%", share.clamp(0.0, 1.0) * 100.0)}
            </text>
        </svg>
    }
}

fn h(hours: f64) -> String {
    if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours:.1}")
    }
}

#[component]
fn HoursView(h: PersonHours) -> impl IntoView {
    let share = if h.target > 0.0 { h.earned / h.target } else { 1.0 };
    let years: Vec<i32> = (h.year - 3..=h.year + 1).collect();
    view! {
        <h1>"我的学时"</h1>
        <p class="muted" data-testid="hours-person">
            {format!("{} · {} · {}", h.name, h.unit, h.rank.label())}
            {h.district_managed.then_some(" · 区管干部")}
        </p>
        <YearNav path="/me/hours" years current=h.year />
        <div class="panel hours-summary">
            <ProgressRing share label=format!("{}年学时完成 {:.0}%", h.year, share * 100.0) />
            <div>
                <div class="big" data-testid="hours-earned">
                    {self::h(h.earned)}
                    <small>{format!(" / {} 学时", self::h(h.target))}</small>
                </div>
                <div class=format!("badge {}", h.status.as_code()) data-testid="hours-status">
                    {h.status.label()}
                </div>
                {(h.missing > 0.0)
                    .then(|| {
                        view! { <p class="muted">{format!("还差 {} 学时达到 {} 年度目标", self::h(h.missing), h.year)}</p> }
                    })}
            </div>
        </div>
        <div class=if h.excellent_eligible { "panel gate ok" } else { "panel gate no" } data-testid="hours-gate">
            <strong>"年度考核评优："</strong>
            {h.excellent_reason.clone()}
        </div>
        <p class="muted">
            <a href="/me/claims">"参加了区外学习？申报外部学习学时 →"</a>
        </p>
        <div class="panel">
            <h2>"近三年学时（选拔任用参考）"</h2>
            <table data-testid="hours-three-years">
                <thead>
                    <tr>
                        <th>"年度"</th>
                        <th>"学时"</th>
                    </tr>
                </thead>
                <tbody>
                    {h
                        .last_three_years
                        .iter()
                        .map(|(y, v)| {
                            view! {
                                <tr>
                                    <td>{*y}</td>
                                    <td>{self::h(*v)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <div class="panel">
            <h2>{format!("{} 年学时明细（{} 条）", h.year, h.entries.len())}</h2>
            <ul class="entries" data-testid="hours-entries">
                {h
                    .entries
                    .iter()
                    .map(|e| {
                        view! {
                            <li>
                                <div>
                                    <strong>{e.title.clone().unwrap_or_else(|| e.source.label().to_string())}</strong>
                                </div>
                                <div class="muted">{format!("{} · {} · {} 学时", e.earned_on, e.source.label(), self::h(e.hours))}</div>
                                <div class="muted rule">{format!("依据：{}", crate::rules::rule_label(&e.rule, e.rule_version))}</div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
