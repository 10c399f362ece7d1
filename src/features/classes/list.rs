//! `/classes`: the classes the caller runs, the planning form, and the filings to decide.

use super::api::{get_plan_choices, list_classes, DecideFiling, PlanClass};
use crate::components::{outcome, DecisionButtons, Loaded, NoRows, Page};
use crate::model::{ClassItem, CourseCategory, FilingStatus, Rank, VenueKind};
use leptos::prelude::*;

pub(super) fn when(c: &ClassItem) -> String {
    format!("{} – {}", c.starts_at.minute(), c.ends_at.time())
}

#[component]
fn ClassRows(classes: Vec<ClassItem>, testid: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=testid>
                <thead>
                    <tr>
                        <th>"培训班"</th>
                        <th>"主办"</th>
                        <th>"时间"</th>
                        <th>"地点"</th>
                        <th>"学时"</th>
                        <th>"状态"</th>
                        <th>"备案"</th>
                        <th>"签到"</th>
                    </tr>
                </thead>
                <tbody>
                    {classes.is_empty().then(|| view! { <NoRows cols=8 message="暂无培训班。" /> })}
                    {classes
                        .into_iter()
                        .map(|c| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/classes/{}", c.id)>{c.title.clone()}</a>
                                        <div class="muted">{c.category.label()}</div>
                                    </td>
                                    <td>{c.school.clone()}</td>
                                    <td>{when(&c)}</td>
                                    <td>{c.venue.clone()}</td>
                                    <td class="num">{c.hours}</td>
                                    <td>
                                        <span class=format!("badge {}", c.status.as_code())>{c.status.label()}</span>
                                    </td>
                                    <td>{c.filing.label()}</td>
                                    <td class="num">
                                        {match c.capacity {
                                            Some(cap) => format!("{}/{}", c.attendees, cap),
                                            None => c.attendees.to_string(),
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
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
    // `/classes?line=N`: planning a class for a teaching plan's line (the plan's 按计划办班).
    let query = leptos_router::hooks::use_query_map();
    let line = Memo::new(move |_| query.with(|q| q.get("line").and_then(|l| l.parse::<i64>().ok())));
    let choices = Resource::new(move || line.get(), get_plan_choices);
    view! {
        <Page title="培训班" class="classes-page" heading="培训班管理">
            <Loaded>
                {move || Suspend::new(async move {
                    list.await
                        .map(|l| {
                            view! {
                                {l
                                    .may_decide_filings
                                    .then(|| {
                                        view! {
                                            <h2>{format!("待审批备案（{}）", l.pending_filings.len())}</h2>
                                            {outcome(decide.value().get(), "已处理")}
                                            <ul class="claims" data-testid="pending-filings">
                                                {l
                                                    .pending_filings
                                                    .is_empty()
                                                    .then(|| view! { <li class="muted">"没有待审批的备案"</li> })}
                                                {l
                                                    .pending_filings
                                                    .iter()
                                                    .map(|c| {
                                                        view! {
                                                            <li class="panel">
                                                                <strong>
                                                                    <a href=format!("/classes/{}", c.id)>{c.title.clone()}</a>
                                                                </strong>
                                                                <div class="muted">
                                                                    {format!("{} · {} · {}", c.school, when(c), c.venue)}
                                                                </div>
                                                                <FilingForm decide class_id=c.id />
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                                {l.may_plan.then(|| view! { <PlanForm plan choices /> })}
                                <h2>"培训班"</h2>
                                <ClassRows classes=l.classes testid="class-list" />
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

#[component]
pub(super) fn FilingForm(decide: ServerAction<DecideFiling>, class_id: i64) -> impl IntoView {
    view! {
        <ActionForm action=decide attr:class="form decide">
            <input type="hidden" name="class_id" value=class_id />
            <label>"审批意见（驳回时必填）"<input type="text" name="reason" maxlength="200" /></label>
            <DecisionButtons approve="同意备案" />
        </ActionForm>
    }
}

#[component]
fn PlanForm(plan: ServerAction<PlanClass>, choices: Resource<Result<crate::model::PlanChoices, crate::error::AppError>>) -> impl IntoView {
    let options =
        |items: &[(i64, String)]| items.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view();
    view! {
        <details
            class="panel"
            open=move || {
                plan.value().with(|v| matches!(v, Some(Err(_))))
                    || (plan.value().with(Option::is_none) && choices.get().is_some_and(|c| c.is_ok_and(|c| c.from_line.is_some())))
            }
        >
            <summary>"新建培训班"</summary>
            <Suspense fallback=|| {
                view! { <p class="loading">"正在加载…"</p> }
            }>
                {move || Suspend::new(async move {
                    choices
                        .await
                        .map(|c| {
                            let line = c.from_line.clone();
                            let (line_school, line_group) = (
                                line.as_ref().and_then(|l| l.school_id),
                                line.as_ref().and_then(|l| l.group_id),
                            );
                            let chosen = |items: &[(i64, String)], pick: Option<i64>| {
                                items
                                    .iter()
                                    .map(|(id, name)| {
                                        view! {
                                            <option value=*id selected=pick == Some(*id)>
                                                {name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            };
                            view! {
                                <ActionForm action=plan attr:class="form" attr:data-testid="plan-form">
                                    {line
                                        .clone()
                                        .map(|l| {
                                            view! {
                                                <p data-testid="plan-from-line">"按教学计划办班：" <strong>{l.label}</strong></p>
                                                <input type="hidden" name="plan[plan_line_id]" value=l.id />
                                            }
                                        })}
                                    {match c.own_school.clone() {
                                        Some((_, name)) => view! { <p>"主办党校：" <strong>{name}</strong></p> }.into_any(),
                                        None => {
                                            view! {
                                                <label>
                                                    "主办党校"<select name="plan[school_id]" required>
                                                        <option value="">"请选择"</option>
                                                        {chosen(&c.schools, line_school)}
                                                    </select>
                                                </label>
                                            }
                                                .into_any()
                                        }
                                    }}
                                    {(!c.red_bases.is_empty())
                                        .then(|| {
                                            view! {
                                                <div class="two">
                                                    <label>
                                                        "培训班类型"<select name="plan[kind]">
                                                            <option value="regular">"普通培训班"</option>
                                                            <option value="red_lecture">
                                                                "红色大讲堂（面向全区党员干部）"
                                                            </option>
                                                        </select>
                                                    </label>
                                                    <label>
                                                        "红色教学基地（红色大讲堂必选）"<select name="plan[red_base_id]">
                                                            <option value="">"无"</option>
                                                            {options(&c.red_bases)}
                                                        </select>
                                                    </label>
                                                </div>
                                            }
                                        })}
                                    <label>
                                        "培训班名称"
                                        <input
                                            type="text"
                                            name="plan[title]"
                                            maxlength="60"
                                            required
                                            value=line.as_ref().map(|l| l.topic.clone())
                                        />
                                    </label>
                                    <label>
                                        "课程类别"<select name="plan[category]" required>
                                            {CourseCategory::ALL
                                                .iter()
                                                .map(|k| {
                                                    view! {
                                                        <option value=k.as_code() selected=line.as_ref().is_some_and(|l| l.category == *k)>
                                                            {k.label()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <div class="two">
                                        <label>
                                            "授课教师"<select name="plan[teacher_1]" required>
                                                <option value="">"请选择"</option>
                                                {options(&c.teachers)}
                                            </select>
                                        </label>
                                        <label>
                                            "第二位教师（可选）"<select name="plan[teacher_2]">
                                                <option value="">"无"</option>
                                                {options(&c.teachers)}
                                            </select>
                                        </label>
                                    </div>
                                    <div class="two">
                                        <label>"开始时间"<input type="datetime-local" name="plan[starts_at]" required /></label>
                                        <label>"结束时间"<input type="datetime-local" name="plan[ends_at]" required /></label>
                                    </div>
                                    <div class="two">
                                        <label>"培训地点"<input type="text" name="plan[venue]" maxlength="100" required /></label>
                                        <label>
                                            "地点类型"
                                            <select name="plan[venue_kind]">
                                                {VenueKind::ALL
                                                    .iter()
                                                    .map(|k| view! { <option value=k.as_code()>{k.label()}</option> })
                                                    .collect_view()}
                                            </select>
                                        </label>
                                    </div>
                                    <div class="two">
                                        <label>
                                            "学时"
                                            <input
                                                type="text"
                                                inputmode="decimal"
                                                name="plan[hours]"
                                                required
                                                placeholder="如 3 或 1.5"
                                            />
                                        </label>
                                        <label>
                                            "人数上限（可选）"<input type="text" inputmode="numeric" name="plan[capacity]" />
                                        </label>
                                    </div>
                                    <div class="two">
                                        <label>
                                            "培训对象单位"<select name="plan[audience_unit_id]">
                                                <option value="">"全区各单位"</option>
                                                {options(&c.units)}
                                            </select>
                                        </label>
                                        <label>
                                            "培训对象职级"<select name="plan[audience_rank]">
                                                <option value="">"不限"</option>
                                                {Rank::ALL
                                                    .iter()
                                                    .map(|r| view! { <option value=r.as_code()>{r.label()}</option> })
                                                    .collect_view()}
                                            </select>
                                        </label>
                                    </div>
                                    <div class="two">
                                        <label>
                                            "联合办班党校（可选，须事前备案）"<select name="plan[co_school_1]">
                                                <option value="">"无"</option>
                                                {options(&c.schools)}
                                            </select>
                                        </label>
                                        <label>
                                            "联合办班党校（可选）"<select name="plan[co_school_2]">
                                                <option value="">"无"</option>
                                                {options(&c.schools)}
                                            </select>
                                        </label>
                                    </div>
                                    {(!c.groups.is_empty())
                                        .then(|| {
                                            view! {
                                                <label>
                                                    "联训组（可选，须事前备案）"<select name="plan[joint_group_id]">
                                                        <option value="">"无"</option>
                                                        {chosen(&c.groups, line_group)}
                                                    </select>
                                                </label>
                                            }
                                        })}
                                    <p class="muted">
                                        "跨部门、跨区域联合办班，在高校、培训机构或区外办班，须报组织部事前备案，备案通过后方可开放签到。"
                                    </p>
                                    <button type="submit" disabled=move || plan.pending().get()>
                                        "创建培训班"
                                    </button>
                                </ActionForm>
                            }
                        })
                })}
            </Suspense>
        </details>
        {move || {
            plan.value()
                .get()
                .map(|v| match v {
                    Ok(p) => {
                        view! {
                            <div class="ok panel" role="status" data-testid="planned">
                                <p>
                                    "已创建培训班，" <a href=format!("/classes/{}", p.id)>"查看培训班"</a>
                                    {(p.filing == FilingStatus::Pending).then_some("。已提交事前备案，等待组织部审批。")}
                                </p>
                                <Warnings warnings=p.warnings />
                            </div>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        view! {
                            <p class="error" role="alert">
                                {e.to_string()}
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
    }
}

/// What the conflict check found when a class was planned or changed (warnings: the planner decides).
#[component]
pub(super) fn Warnings(warnings: Vec<String>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        view! {
            <ul class="warnings" data-testid="conflicts">
                {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        }
    })
}
