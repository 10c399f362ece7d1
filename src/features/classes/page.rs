//! `/classes` (list, planning form, filings to decide), `/classes/:id` (a class: steps, roster, log)
//! and `/classes/:id/qr` (the check-in screen: rotating QR code and 6-digit code).

use super::api::{checkin_ticket, get_class, get_plan_choices, list_classes, ClassStep, DecideFiling, EditRoster, PlanClass};
use crate::components::{live::on_live_update, outcome, ErrorNotice};
use crate::model::{ClassItem, ClassStatus, CourseCategory, FilingStatus, Rank, VenueKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn when(c: &ClassItem) -> String {
    let start = c.starts_at.replace('T', " ");
    let end = c.ends_at.get(11..16).unwrap_or_default();
    format!("{} – {}", start.get(..16).unwrap_or(&start), end)
}

#[component]
fn ClassRows(classes: Vec<ClassItem>, testid: &'static str) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data" data-testid=testid>
                <thead><tr><th>"培训班"</th><th>"主办"</th><th>"时间"</th><th>"地点"</th><th>"学时"</th><th>"状态"</th><th>"备案"</th><th>"签到"</th></tr></thead>
                <tbody>
                    {classes.into_iter().map(|c| view! {
                        <tr>
                            <td><a href=format!("/classes/{}", c.id)>{c.title.clone()}</a><div class="muted">{c.category.label()}</div></td>
                            <td>{c.school.clone()}</td>
                            <td>{when(&c)}</td>
                            <td>{c.venue.clone()}</td>
                            <td class="num">{c.hours}</td>
                            <td><span class=format!("badge {}", c.status.as_code())>{c.status.label()}</span></td>
                            <td>{c.filing.label()}</td>
                            <td class="num">{match c.capacity { Some(cap) => format!("{}/{}", c.attendees, cap), None => c.attendees.to_string() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// `/classes`: the classes the caller runs; the planning form; filings waiting for a decision.
#[component]
pub fn ClassesPage() -> impl IntoView {
    let plan = ServerAction::<PlanClass>::new();
    let decide = ServerAction::<DecideFiling>::new();
    let list = Resource::new(move || (plan.version().get(), decide.version().get()), |_| list_classes());
    let choices = Resource::new(|| (), |_| get_plan_choices());
    view! {
        <Title text="培训班"/>
        <section class="classes-page">
            <h1>"培训班管理"</h1>
            <Transition fallback=|| view! { <p class="loading">"正在加载…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        list.await.map(|l| view! {
                            {l.may_decide_filings.then(|| view! {
                                <h2>{format!("待审批备案（{}）", l.pending_filings.len())}</h2>
                                {outcome(decide.value().get(), "已处理")}
                                <ul class="claims" data-testid="pending-filings">
                                    {l.pending_filings.is_empty().then(|| view! { <li class="muted">"没有待审批的备案"</li> })}
                                    {l.pending_filings.iter().map(|c| view! {
                                        <li class="panel">
                                            <strong><a href=format!("/classes/{}", c.id)>{c.title.clone()}</a></strong>
                                            <div class="muted">{format!("{} · {} · {}", c.school, when(c), c.venue)}</div>
                                            <FilingForm decide class_id=c.id/>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            })}
                            {l.may_plan.then(|| view! { <PlanForm plan choices/> })}
                            <h2>"培训班"</h2>
                            <ClassRows classes=l.classes testid="class-list"/>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn FilingForm(decide: ServerAction<DecideFiling>, class_id: i64) -> impl IntoView {
    view! {
        <ActionForm action=decide attr:class="form decide">
            <input type="hidden" name="class_id" value=class_id/>
            <label>"审批意见（驳回时必填）"<input type="text" name="reason" maxlength="200"/></label>
            <div class="buttons">
                <button type="submit" name="decision" value="approve">"同意备案"</button>
                <button type="submit" name="decision" value="reject" class="secondary">"驳回"</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn PlanForm(plan: ServerAction<PlanClass>, choices: Resource<Result<crate::model::PlanChoices, crate::error::AppError>>) -> impl IntoView {
    let options =
        |items: &[(i64, String)]| items.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view();
    view! {
        <details class="panel" open=move || plan.value().with(|v| matches!(v, Some(Err(_))))>
            <summary>"新建培训班"</summary>
            <Suspense fallback=|| view! { <p class="loading">"正在加载…"</p> }>
                {move || Suspend::new(async move {
                    choices.await.map(|c| view! {
                        <ActionForm action=plan attr:class="form" attr:data-testid="plan-form">
                            {match c.own_school.clone() {
                                Some((_, name)) => view! { <p>"主办党校：" <strong>{name}</strong></p> }.into_any(),
                                None => view! {
                                    <label>"主办党校"<select name="plan[school_id]" required>
                                        <option value="">"请选择"</option>{options(&c.schools)}</select></label>
                                }.into_any(),
                            }}
                            <label>"培训班名称"<input type="text" name="plan[title]" maxlength="60" required/></label>
                            <label>"课程类别"<select name="plan[category]" required>
                                {CourseCategory::ALL.iter().map(|k| view! { <option value=k.as_code()>{k.label()}</option> }).collect_view()}
                            </select></label>
                            <div class="two">
                                <label>"授课教师"<select name="plan[teacher_1]" required>
                                    <option value="">"请选择"</option>{options(&c.teachers)}</select></label>
                                <label>"第二位教师（可选）"<select name="plan[teacher_2]">
                                    <option value="">"无"</option>{options(&c.teachers)}</select></label>
                            </div>
                            <div class="two">
                                <label>"开始时间"<input type="datetime-local" name="plan[starts_at]" required/></label>
                                <label>"结束时间"<input type="datetime-local" name="plan[ends_at]" required/></label>
                            </div>
                            <div class="two">
                                <label>"培训地点"<input type="text" name="plan[venue]" maxlength="100" required/></label>
                                <label>"地点类型"<select name="plan[venue_kind]">
                                    {VenueKind::ALL.iter().map(|k| view! { <option value=k.as_code()>{k.label()}</option> }).collect_view()}
                                </select></label>
                            </div>
                            <div class="two">
                                <label>"学时"<input type="text" inputmode="decimal" name="plan[hours]" required placeholder="如 3 或 1.5"/></label>
                                <label>"人数上限（可选）"<input type="text" inputmode="numeric" name="plan[capacity]"/></label>
                            </div>
                            <div class="two">
                                <label>"培训对象单位"<select name="plan[audience_unit_id]">
                                    <option value="">"全区各单位"</option>{options(&c.units)}</select></label>
                                <label>"培训对象职级"<select name="plan[audience_rank]">
                                    <option value="">"不限"</option>
                                    {Rank::ALL.iter().map(|r| view! { <option value=r.as_code()>{r.label()}</option> }).collect_view()}
                                </select></label>
                            </div>
                            <div class="two">
                                <label>"联合办班党校（可选，须事前备案）"<select name="plan[co_school_1]">
                                    <option value="">"无"</option>{options(&c.schools)}</select></label>
                                <label>"联合办班党校（可选）"<select name="plan[co_school_2]">
                                    <option value="">"无"</option>{options(&c.schools)}</select></label>
                            </div>
                            {(!c.groups.is_empty()).then(|| view! {
                                <label>"联训组（可选，须事前备案）"<select name="plan[joint_group_id]">
                                    <option value="">"无"</option>{options(&c.groups)}</select></label>
                            })}
                            <p class="muted">"跨部门、跨区域联合办班，在高校、培训机构或区外办班，须报组织部事前备案，备案通过后方可开放签到。"</p>
                            <button type="submit" disabled=move || plan.pending().get()>"创建培训班"</button>
                        </ActionForm>
                    })
                })}
            </Suspense>
        </details>
        {move || plan.value().get().map(|v| match v {
            Ok(p) => view! {
                <div class="ok panel" role="status" data-testid="planned">
                    <p>"已创建培训班，" <a href=format!("/classes/{}", p.id)>"查看培训班"</a>
                        {(p.filing == FilingStatus::Pending).then_some("。已提交事前备案，等待组织部审批。")}</p>
                    {(!p.warnings.is_empty()).then(|| view! {
                        <ul class="warnings" data-testid="conflicts">
                            {p.warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                        </ul>
                    })}
                </div>
            }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
        })}
    }
}

fn class_id() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0)))
}

/// `/classes/:id`: a class's facts, the lifecycle steps, the roster and the log.
#[component]
pub fn ClassPage() -> impl IntoView {
    let id = class_id();
    let step = ServerAction::<ClassStep>::new();
    let roster = ServerAction::<EditRoster>::new();
    let decide = ServerAction::<DecideFiling>::new();
    let imported = RwSignal::new(0u32);
    let detail = Resource::new(
        move || (id.get(), step.version().get(), roster.version().get(), decide.version().get(), imported.get()),
        |(id, ..)| get_class(id),
    );
    on_live_update(move || detail.refetch());
    view! {
        <Title text="培训班"/>
        <section class="class-page">
            {move || step.value().get().map(|v| match v {
                Ok(m) => view! { <p class="ok" role="status" data-testid="step-result">{m}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            <Transition fallback=|| view! { <p class="loading">"正在加载…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        detail.await.map(|d| {
                            let c = d.summary.clone();
                            let id = c.id;
                            view! {
                                <h1>{c.title.clone()}</h1>
                                <p>
                                    <span class=format!("badge {}", c.status.as_code()) data-testid="class-status">{c.status.label()}</span>
                                    " " <span class="badge">{c.filing.label()}</span>
                                </p>
                                <dl class="facts">
                                    <dt>"主办"</dt><dd>{c.school.clone()}</dd>
                                    {(!d.co_organisers.is_empty()).then(|| view! { <dt>"联合办班"</dt><dd>{d.co_organisers.join("、")}</dd> })}
                                    {d.joint_group.clone().map(|g| view! { <dt>"联训组"</dt><dd data-testid="joint-group">{g}</dd> })}
                                    <dt>"课程类别"</dt><dd>{c.category.label()}</dd>
                                    <dt>"授课教师"</dt><dd>{d.teachers.join("、")}</dd>
                                    <dt>"时间"</dt><dd>{when(&c)}</dd>
                                    <dt>"地点"</dt><dd>{format!("{}（{}）", c.venue, d.venue_kind.label())}</dd>
                                    <dt>"学时"</dt><dd>{c.hours}</dd>
                                    <dt>"培训对象"</dt><dd>{d.audience.clone()}</dd>
                                    <dt>"签到人数"</dt><dd data-testid="attendee-count">{match c.capacity { Some(cap) => format!("{}/{}", c.attendees, cap), None => c.attendees.to_string() }}</dd>
                                    {d.filing_reason.clone().map(|r| view! { <dt>"备案意见"</dt><dd>{r}</dd> })}
                                </dl>
                                {d.may_decide_filing.then(|| view! { {outcome(decide.value().get(), "已处理")} <FilingForm decide class_id=id/> })}
                                <div class="buttons">
                                    {matches!(c.status, ClassStatus::Planned | ClassStatus::Closed).then(|| view! {
                                        <ActionForm action=step>
                                            <input type="hidden" name="class_id" value=id/>
                                            <button type="submit" name="step" value="open" data-testid="open-class">
                                                {if c.status == ClassStatus::Closed { "重新开放签到" } else { "开放签到" }}</button>
                                        </ActionForm>
                                    })}
                                    {(c.status == ClassStatus::Open).then(|| view! {
                                        <a class="button" href=format!("/classes/{id}/qr") data-testid="qr-link">"签到二维码"</a>
                                        <ActionForm action=step>
                                            <input type="hidden" name="class_id" value=id/>
                                            <button type="submit" name="step" value="close" class="secondary" data-testid="close-class">"结班并记入学时"</button>
                                        </ActionForm>
                                    })}
                                </div>
                                <h2>{format!("签到名单（{} 人）", d.roster.len())}</h2>
                                <p class="buttons">
                                    <a class="button secondary" href=format!("/classes/{id}/roster.xlsx") rel="external" data-testid="export-roster">"导出名单（Excel）"</a>
                                    <a class="button secondary" href=format!("/classes/{id}/sheet") data-testid="sign-in-sheet">"打印签到表"</a>
                                </p>
                                {(c.status == ClassStatus::Open).then(|| view! { <ImportForm class_id=id done=imported/> })}
                                {(c.status == ClassStatus::Open).then(|| view! {
                                    <ActionForm action=roster attr:class="form inline">
                                        <input type="hidden" name="class_id" value=id/>
                                        <label>"人员编号"<input type="text" inputmode="numeric" name="person_id" required/></label>
                                        <button type="submit" name="action" value="add">"添加学员"</button>
                                    </ActionForm>
                                    {move || outcome(roster.value().get(), "已更新名单")}
                                })}
                                <div class="table-scroll">
                                    <table class="data" data-testid="roster">
                                        <thead><tr><th>"序号"</th><th>"姓名"</th><th>"单位"</th><th>"签到时间"</th><th>"方式"</th><th>"学时"</th><th></th></tr></thead>
                                        <tbody>
                                            {d.roster.clone().into_iter().enumerate().map(|(i, r)| {
                                                let removable = c.status == ClassStatus::Open && !r.credited;
                                                view! {
                                                    <tr>
                                                        <td class="num">{i + 1}</td>
                                                        <td>{r.name.clone()}<div class="muted">{format!("编号 {}", r.person_id)}</div></td>
                                                        <td>{r.unit.clone()}</td>
                                                        <td>{r.checked_in_at.clone()}</td>
                                                        <td>{r.method.label()}</td>
                                                        <td>{if r.credited { "已记入" } else { "结班后记入" }}</td>
                                                        <td>{removable.then(|| view! {
                                                            <ActionForm action=roster>
                                                                <input type="hidden" name="class_id" value=id/>
                                                                <input type="hidden" name="person_id" value=r.person_id/>
                                                                <button type="submit" name="action" value="remove" class="secondary small">"移除"</button>
                                                            </ActionForm>
                                                        })}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <div class="panel" data-testid="class-feedback">
                                    <h2>{format!("学员评价（匿名，{} 份）", d.feedback.answers)}</h2>
                                    {match d.feedback.means.clone() {
                                        Some(means) => view! {
                                            <p>{crate::rules::feedback::SCALES.iter().zip(means)
                                                .map(|(s, m)| format!("{s} {m:.2}")).collect::<Vec<_>>().join(" · ")}</p>
                                            <ul class="muted">{d.feedback.comments.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                                        }.into_any(),
                                        None => view! { <p class="muted">"评价不足 5 份，为保护匿名不显示平均分。"</p> }.into_any(),
                                    }}
                                </div>
                                <details class="panel">
                                    <summary>"操作记录"</summary>
                                    <ul class="log" data-testid="class-log">
                                        {d.log.into_iter().map(|l| view! { <li>{format!("{} {} {} {}", l.at, l.actor, l.action.label(), l.detail)}</li> }).collect_view()}
                                    </ul>
                                </details>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// `/classes/:id/qr`: the screen at the front of the room. A fresh QR code every 20 seconds (each
/// valid under a minute), the 6-digit code beside it, and the count of who has checked in, live.
#[component]
pub fn CheckInScreen() -> impl IntoView {
    let id = class_id();
    let tick = RwSignal::new(0u32);
    let ticket = Resource::new(move || (id.get(), tick.get()), |(id, _)| checkin_ticket(id));
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(
            move || tick.update(|t| *t += 1),
            std::time::Duration::from_secs(crate::rules::checkin::REFRESH_SECONDS),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    on_live_update(move || tick.update(|t| *t += 1));
    view! {
        <Title text="签到二维码"/>
        <section class="qr-screen">
            <Transition fallback=|| view! { <p class="loading">"正在生成二维码…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        ticket.await.map(|t| view! {
                            <h1>{t.title.clone()}</h1>
                            <div class="qr" inner_html=t.qr_svg.clone() data-testid="qr"></div>
                            <p class="code">"签到码 " <strong data-testid="short-code">{t.code.clone()}</strong></p>
                            <p class="count">"已签到 " <strong data-testid="screen-count">{t.attendees}</strong> " 人"</p>
                            <p class="muted">"请用手机扫码签到；二维码每 20 秒更新，1 分钟内有效。更新于 " {t.issued_at.clone()}</p>
                            <p class="muted link"><a href=t.link.clone() data-testid="checkin-link">{t.link.clone()}</a></p>
                            <p><a href=format!("/classes/{}", t.class_id)>"返回培训班"</a></p>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// 名单导入: a CSV or Excel file with the columns 人员编号 and 姓名; all rows or none.
#[component]
fn ImportForm(class_id: i64, done: RwSignal<u32>) -> impl IntoView {
    let report = RwSignal::new(None::<Result<crate::model::ImportReport, crate::error::AppError>>);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            pending.set(true);
            leptos::task::spawn_local(async move {
                let outcome = super::api::import_roster(data.into()).await;
                if outcome.as_ref().is_ok_and(|r| r.errors.is_empty()) {
                    form.reset();
                    done.update(|n| *n += 1);
                }
                report.set(Some(outcome));
                pending.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, done);
    };
    view! {
        <form class="form panel" method="post" action="/api/import_roster" enctype="multipart/form-data"
            on:submit=on_submit data-testid="import-form">
            <input type="hidden" name="class_id" value=class_id/>
            <label>"导入名单（CSV 或 Excel，须有“人员编号”“姓名”两列）"
                <input type="file" name="roster" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/></label>
            <button type="submit" disabled=move || pending.get()>{move || if pending.get() { "正在导入…" } else { "导入" }}</button>
            {move || report.get().map(|r| crate::components::import_report(r, "import-report", |r| format!("已导入 {} 人；已在名单中 {} 人", r.imported, r.skipped)))}
        </form>
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
        <Title text="签到表"/>
        <section class="sign-in-sheet">
            <Transition fallback=|| view! { <p class="loading">"正在加载…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorNotice errors/> }>
                    {move || Suspend::new(async move {
                        detail.await.map(|d| {
                            let c = d.summary.clone();
                            let blank = c.capacity.unwrap_or(30).clamp(10, 200) as usize;
                            let blank = blank.saturating_sub(d.roster.len()).max(5);
                            let first_blank = d.roster.len() + 1;
                            view! {
                                <p class="no-print buttons">
                                    <button type="button" on:click=print>"打印"</button>
                                    <a href=format!("/classes/{}", c.id)>"返回培训班"</a>
                                </p>
                                <h1>{format!("{} 签到表", c.title)}</h1>
                                <p>{format!("主办：{}　时间：{}　地点：{}　授课：{}　学时：{}", c.school, when(&c), c.venue, d.teachers.join("、"), c.hours)}</p>
                                <table class="sheet" data-testid="sheet">
                                    <thead><tr><th>"序号"</th><th>"姓名"</th><th>"单位"</th><th>"签名"</th></tr></thead>
                                    <tbody>
                                        {d.roster.iter().enumerate().map(|(i, r)| view! {
                                            <tr><td>{i + 1}</td><td>{r.name.clone()}</td><td>{r.unit.clone()}</td><td></td></tr>
                                        }).collect_view()}
                                        {(0..blank).map(|i| view! { <tr><td>{first_blank + i}</td><td></td><td></td><td></td></tr> }).collect_view()}
                                    </tbody>
                                </table>
                                <p class="muted">"纸质签到表由业余党校管理员录入系统后计入学时。"</p>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
