//! `/classes/:id`: a class's facts, the lifecycle steps, the roster (with the roster import) and the log.

use super::api::{get_class, ClassStep, DecideFiling, EditClass, EditRoster};
use super::list::{when, FilingForm, Warnings};
use crate::components::{live::on_class_update, outcome, ImportForm, Loaded, Page, SPREADSHEETS};
use crate::model::{ClassStatus, LifecycleStep, RosterEdit};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub(super) fn class_id() -> Memo<i64> {
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
    let edit = ServerAction::<EditClass>::new();
    let imported = RwSignal::new(0u32);
    let detail = Resource::new(
        move || (id.get(), step.version().get(), roster.version().get(), decide.version().get(), edit.version().get(), imported.get()),
        |(id, ..)| get_class(id),
    );
    on_class_update(move || id.get_untracked(), move || detail.refetch());
    view! {
        <Page title="培训班" class="class-page">
            {move || {
                step.value()
                    .get()
                    .map(|v| match v {
                        Ok(m) => {
                            view! {
                                <p class="ok" role="status" data-testid="step-result">
                                    {m}
                                </p>
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
            <Loaded>
                {move || Suspend::new(async move {
                    detail
                        .await
                        .map(|d| {
                            let c = d.summary.clone();
                            let id = c.id;
                            view! {
                                <h1>{c.title.clone()}</h1>
                                <p>
                                    <span class=format!("badge {}", c.status.as_code()) data-testid="class-status">
                                        {c.status.label()}
                                    </span>
                                    " "
                                    <span class="badge">{c.filing.label()}</span>
                                </p>
                                <dl class="facts">
                                    <dt>"主办"</dt>
                                    <dd>{c.school.clone()}</dd>
                                    {(!d.co_organisers.is_empty())
                                        .then(|| {
                                            view! {
                                                <dt>"联合办班"</dt>
                                                <dd>{d.co_organisers.join("、")}</dd>
                                            }
                                        })}
                                    {d
                                        .joint_group
                                        .clone()
                                        .map(|g| {
                                            view! {
                                                <dt>"联训组"</dt>
                                                <dd data-testid="joint-group">{g}</dd>
                                            }
                                        })}
                                    {d
                                        .red_base
                                        .clone()
                                        .map(|b| {
                                            view! {
                                                <dt>"红色大讲堂"</dt>
                                                <dd data-testid="red-base">
                                                    <a href="/red-lectures">{format!("红色教学基地：{b}")}</a>
                                                </dd>
                                            }
                                        })}
                                    <dt>"课程类别"</dt>
                                    <dd>{c.category.label()}</dd>
                                    <dt>"授课教师"</dt>
                                    <dd>{d.teachers.join("、")}</dd>
                                    <dt>"时间"</dt>
                                    <dd>{when(&c)}</dd>
                                    <dt>"地点"</dt>
                                    <dd>{format!("{}（{}）", c.venue, d.venue_kind.label())}</dd>
                                    <dt>"学时"</dt>
                                    <dd>{c.hours}</dd>
                                    <dt>"培训对象"</dt>
                                    <dd>{d.audience.clone()}</dd>
                                    <dt>"签到人数"</dt>
                                    <dd data-testid="attendee-count">
                                        {match c.capacity {
                                            Some(cap) => format!("{}/{}", c.attendees, cap),
                                            None => c.attendees.to_string(),
                                        }}
                                    </dd>
                                    {d
                                        .filing_reason
                                        .clone()
                                        .map(|r| {
                                            view! {
                                                <dt>"备案意见"</dt>
                                                <dd>{r}</dd>
                                            }
                                        })}
                                </dl>
                                {d
                                    .may_decide_filing
                                    .then(|| {
                                        view! {
                                            {outcome(decide.value().get(), "已处理")}
                                            <FilingForm decide class_id=id />
                                        }
                                    })}
                                <div class="buttons">
                                    {matches!(c.status, ClassStatus::Planned | ClassStatus::Closed)
                                        .then(|| {
                                            let label = if c.status == ClassStatus::Closed { "重新开放签到" } else { "开放签到" };
                                            view! { <StepButton step class_id=id which=LifecycleStep::Open label testid="open-class" /> }
                                        })}
                                    {(c.status == ClassStatus::Planned)
                                        .then(|| {
                                            view! {
                                                <StepButton
                                                    step
                                                    class_id=id
                                                    which=LifecycleStep::Cancel
                                                    label="取消培训班"
                                                    testid="cancel-class"
                                                    secondary=true
                                                />
                                            }
                                        })}
                                    {(c.status == ClassStatus::Open)
                                        .then(|| {
                                            view! {
                                                <a class="button" href=format!("/classes/{id}/qr") data-testid="qr-link">
                                                    "签到二维码"
                                                </a>
                                                <StepButton
                                                    step
                                                    class_id=id
                                                    which=LifecycleStep::Close
                                                    label="结班并记入学时"
                                                    testid="close-class"
                                                    secondary=true
                                                />
                                            }
                                        })}
                                </div>
                                {(c.status == ClassStatus::Planned).then(|| view! { <EditForm edit class=c.clone() /> })}
                                <h2>{format!("签到名单（{} 人）", d.roster.len())}</h2>
                                <p class="buttons">
                                    <a
                                        class="button secondary"
                                        href=format!("/classes/{id}/roster.xlsx")
                                        rel="external"
                                        data-testid="export-roster"
                                    >
                                        "导出名单（Excel）"
                                    </a>
                                    <a class="button secondary" href=format!("/classes/{id}/sheet") data-testid="sign-in-sheet">
                                        "打印签到表"
                                    </a>
                                </p>
                                {(c.status == ClassStatus::Open).then(|| view! { <RosterImport class_id=id done=imported /> })}
                                {(c.status == ClassStatus::Open)
                                    .then(|| {
                                        view! {
                                            <ActionForm action=roster attr:class="form inline">
                                                <input type="hidden" name="class_id" value=id />
                                                <label>
                                                    "人员编号"<input type="text" inputmode="numeric" name="person_id" required />
                                                </label>
                                                <button type="submit" name="action" value=RosterEdit::Add.as_str()>
                                                    "添加学员"
                                                </button>
                                            </ActionForm>
                                            {move || outcome(roster.value().get(), "已更新名单")}
                                        }
                                    })}
                                <div class="table-wrap" tabindex="0">
                                    <table data-testid="roster">
                                        <thead>
                                            <tr>
                                                <th>"序号"</th>
                                                <th>"姓名"</th>
                                                <th>"单位"</th>
                                                <th>"签到时间"</th>
                                                <th>"方式"</th>
                                                <th>"学时"</th>
                                                <th></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {d
                                                .roster
                                                .clone()
                                                .into_iter()
                                                .enumerate()
                                                .map(|(i, r)| {
                                                    let removable = c.status == ClassStatus::Open && !r.credited;
                                                    view! {
                                                        <tr>
                                                            <td class="num">{i + 1}</td>
                                                            <td>
                                                                {r.name.clone()}<div class="muted">{format!("编号 {}", r.person_id)}</div>
                                                            </td>
                                                            <td>{r.unit.clone()}</td>
                                                            <td>{r.checked_in_at.to_string()}</td>
                                                            <td>{r.method.label()}</td>
                                                            <td>{if r.credited { "已记入" } else { "结班后记入" }}</td>
                                                            <td>
                                                                {removable
                                                                    .then(|| {
                                                                        view! {
                                                                            <ActionForm action=roster>
                                                                                <input type="hidden" name="class_id" value=id />
                                                                                <input type="hidden" name="person_id" value=r.person_id />
                                                                                <button
                                                                                    type="submit"
                                                                                    name="action"
                                                                                    value=RosterEdit::Remove.as_str()
                                                                                    class="secondary small"
                                                                                >
                                                                                    "移除"
                                                                                </button>
                                                                            </ActionForm>
                                                                        }
                                                                    })}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <div class="panel" data-testid="class-feedback">
                                    <h2>{format!("学员评价（匿名，{} 份）", d.feedback.answers)}</h2>
                                    {match d.feedback.means.clone() {
                                        Some(means) => {
                                            view! {
                                                <p>
                                                    {crate::rules::feedback::SCALES
                                                        .iter()
                                                        .zip(means)
                                                        .map(|(s, m)| format!("{s} {m:.2}"))
                                                        .collect::<Vec<_>>()
                                                        .join(" · ")}
                                                </p>
                                                <ul class="muted">
                                                    {d.feedback.comments.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                                                </ul>
                                            }
                                                .into_any()
                                        }
                                        None => {
                                            view! { <p class="muted">"评价不足 5 份，为保护匿名不显示平均分。"</p> }
                                                .into_any()
                                        }
                                    }}
                                </div>
                                <details class="panel">
                                    <summary>"操作记录"</summary>
                                    <ul class="log" data-testid="class-log">
                                        {d
                                            .log
                                            .into_iter()
                                            .map(|l| view! { <li>{format!("{} {} {} {}", l.at, l.actor, l.action.label(), l.detail)}</li> })
                                            .collect_view()}
                                    </ul>
                                </details>
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

/// 名单导入: a CSV or Excel file with the columns 人员编号 and 姓名; all rows or none.
#[component]
fn RosterImport(class_id: i64, done: RwSignal<u32>) -> impl IntoView {
    view! {
        <ImportForm
            action="/api/import_roster"
            testid="import-form"
            send=super::api::import_roster
            name="roster"
            label="导入名单（CSV 或 Excel，须有“人员编号”“姓名”两列）"
            accept=SPREADSHEETS
            report=RwSignal::new(None)
            report_testid="import-report"
            ok=|r| format!("已导入 {} 人；已在名单中 {} 人", r.imported, r.skipped)
            done
        >
            <input type="hidden" name="class_id" value=class_id />
        </ImportForm>
    }
}

/// A step of the class's lifecycle as a one-button form (works before the WebAssembly arrives).
#[component]
fn StepButton(
    step: ServerAction<ClassStep>,
    class_id: i64,
    which: LifecycleStep,
    label: &'static str,
    testid: &'static str,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <ActionForm action=step>
            <input type="hidden" name="class_id" value=class_id />
            <button type="submit" name="step" value=which.as_str() class=secondary.then_some("secondary") data-testid=testid>
                {label}
            </button>
        </ActionForm>
    }
}

/// 修改或改期: a planned class's title, place, time, hours and capacity; what the conflict check finds
/// and whether the class must be filed again come back with the outcome.
#[component]
fn EditForm(edit: ServerAction<EditClass>, class: crate::model::ClassItem) -> impl IntoView {
    // A `datetime-local` field's value: `YYYY-MM-DDTHH:MM`.
    let local = |m: &crate::model::Moment| m.as_str().replacen(' ', "T", 1).chars().take(16).collect::<String>();
    let capacity = class.capacity.map(|c| c.to_string()).unwrap_or_default();
    view! {
        <details class="panel" open=move || edit.value().with(Option::is_some)>
            <summary>"修改或改期"</summary>
            <ActionForm action=edit attr:class="form" attr:data-testid="edit-class">
                <input type="hidden" name="class_id" value=class.id />
                <label>"培训班名称"<input type="text" name="edit[title]" maxlength="60" required value=class.title.clone() /></label>
                <div class="two">
                    <label>
                        "开始时间"<input type="datetime-local" name="edit[starts_at]" required value=local(&class.starts_at) />
                    </label>
                    <label>"结束时间"<input type="datetime-local" name="edit[ends_at]" required value=local(&class.ends_at) /></label>
                </div>
                <label>"培训地点"<input type="text" name="edit[venue]" maxlength="100" required value=class.venue.clone() /></label>
                <div class="two">
                    <label>
                        "学时"<input type="text" inputmode="decimal" name="edit[hours]" required value=class.hours.to_string() />
                    </label>
                    <label>"人数上限（可选）"<input type="text" inputmode="numeric" name="edit[capacity]" value=capacity /></label>
                </div>
                <p class="muted">
                    "已备案的培训班改变时间或地点后，须重新报组织部备案。授课教师、培训对象等须取消后重新创建。"
                </p>
                <button type="submit" disabled=move || edit.pending().get()>
                    "保存修改"
                </button>
            </ActionForm>
        </details>
        {move || {
            edit.value()
                .get()
                .map(|v| match v {
                    Ok(p) => {
                        view! {
                            <div class="ok panel" role="status" data-testid="edited">
                                <p>
                                    "已保存修改。"
                                    {(p.filing == crate::model::FilingStatus::Pending)
                                        .then_some("须重新事前备案，等待组织部审批。")}
                                </p>
                                <Warnings warnings=p.warnings />
                            </div>
                        }
                            .into_any()
                    }
                    Err(e) => outcome::<()>(Some(Err(e)), "").into_any(),
                })
        }}
    }
}
