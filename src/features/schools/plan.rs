//! 教学计划 on a school's page: the year's lines with where each stands (done, arranged, missed, to
//! come) and the classes held for them; a joint school's plan with its rotating principal, the rules
//! of procedure and its members' hosting turns. The school's admin and the organisation department
//! add and remove lines and plan a class for a line (按计划办班).

use super::api::{get_school_plan, AddPlanLine, RemovePlanLine};
use crate::components::{outcome, successes, NoRows};
use crate::model::{CourseCategory, LineState, PlanLineView, SchoolPlan};
use leptos::prelude::*;

#[component]
pub fn TeachingPlanPanel(school_id: i64) -> impl IntoView {
    let year = RwSignal::new(None::<i32>);
    let add = ServerAction::<AddPlanLine>::new();
    let remove = ServerAction::<RemovePlanLine>::new();
    let (added, removed) = (successes(add), successes(remove));
    let data = Resource::new(move || (year.get(), added.get(), removed.get()), move |(year, ..)| get_school_plan(school_id, year));
    view! {
        <div class="panel" data-testid="teaching-plan">
            <h2>"教学计划"</h2>
            {move || outcome(add.value().get(), "已添加计划项")}
            {move || outcome(remove.value().get(), "已删除计划项")}
            <Transition fallback=|| {
                view! { <p class="loading">"正在加载…"</p> }
            }>{move || Suspend::new(async move { data.await.map(|p| view! { <PlanView p year add remove /> }) })}</Transition>
        </div>
    }
}

#[component]
fn PlanView(
    p: SchoolPlan,
    year: RwSignal<Option<i32>>,
    add: ServerAction<AddPlanLine>,
    remove: ServerAction<RemovePlanLine>,
) -> impl IntoView {
    let (school_id, shown, joint, may_edit) = (p.school_id, p.year, p.joint, p.may_edit);
    let cols = 4 + usize::from(joint) + usize::from(may_edit);
    let done = p.done();
    let missed = p.lines.iter().filter(|l| l.state == LineState::Missed).count();
    let turns = p.turns.iter().map(|(_, name, n)| format!("{name} {n} 项")).collect::<Vec<_>>().join("、");
    let next = p.turns.iter().find(|t| Some(t.0) == p.next_host).map(|t| t.1.clone());
    view! {
        <label class="inline">
            "年度" <select data-testid="plan-year" on:change=move |ev| year.set(event_target_value(&ev).parse().ok())>
                {p
                    .years
                    .iter()
                    .map(|y| {
                        view! {
                            <option value=*y selected=*y == shown>
                                {format!("{y} 年")}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        {joint
            .then(|| {
                view! {
                    <p data-testid="joint-plan-made-by">
                        {match p.principal.clone() {
                            Some((person, unit)) => {
                                format!("联合业余党校统筹制定全年培训计划：轮值校长 {person}（{unit}）。")
                            }
                            None => "联合业余党校统筹制定全年培训计划（本年度尚无轮值校长任期）。".to_string(),
                        }}
                        {if p.rules_in_place {
                            "议事规则：已上传（见“六个一”·一套管用制度）。"
                        } else {
                            "议事规则：未上传（请在“六个一”·一套管用制度中上传联合业余党校议事规则）。"
                        }}
                    </p>
                    <p data-testid="hosting-turns">
                        {format!("各成员单位轮流承办：{turns}")} {next.clone().map(|n| format!("；下一项轮到 {n}"))}
                    </p>
                }
            })}
        <p class="muted" data-testid="plan-summary">
            {format!("{shown} 年共 {} 项，已完成 {done} 项", p.lines.len())}
            {(missed > 0).then(|| format!("，{missed} 项逾期未落实"))}
        </p>
        <div class="table-wrap" tabindex="0">
            <table data-testid="plan-lines">
                <thead>
                    <tr>
                        <th>"月份"</th>
                        <th>"教学专题"</th>
                        {joint.then(|| view! { <th>"承办单位"</th> })}
                        <th>"落实情况"</th>
                        <th>"培训班"</th>
                        {may_edit.then(|| view! { <th>"操作"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {p.lines.is_empty().then(|| view! { <NoRows cols message="本年度还没有教学计划。" /> })}
                    {p.lines.into_iter().map(|l| view! { <LineRow l school_id joint may_edit remove /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {may_edit
            .then(|| {
                view! {
                    <ActionForm action=add attr:class="form inline-form" attr:data-testid="plan-line-form">
                        <input type="hidden" name="school_id" value=school_id />
                        <input type="hidden" name="line[year]" value=shown />
                        <PlanLineFields month="line[month]" topic="line[topic]" category="line[category]" />
                        {joint
                            .then(|| {
                                view! {
                                    <label>
                                        "承办单位"
                                        <select name="line[host_unit_id]">
                                            {p
                                                .turns
                                                .iter()
                                                .map(|(id, name, _)| {
                                                    view! {
                                                        <option value=*id selected=p.next_host == Some(*id)>
                                                            {name.clone()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                }
                            })}
                        <button type="submit" class="secondary" disabled=move || add.pending().get()>
                            {format!("添加到 {shown} 年计划")}
                        </button>
                    </ActionForm>
                }
            })}
    }
}

#[component]
fn LineRow(l: PlanLineView, school_id: i64, joint: bool, may_edit: bool, remove: ServerAction<RemovePlanLine>) -> impl IntoView {
    let (id, state) = (l.id, l.state);
    let label = format!("删除 {} 月「{}」", l.month, l.topic);
    view! {
        <tr data-state=state.as_code()>
            <td>{format!("{} 月", l.month)}</td>
            <td>{format!("{}（{}）", l.topic, l.category.label())}</td>
            {joint.then(|| view! { <td>{l.host.clone().unwrap_or_else(|| "—".into())}</td> })}
            <td>
                <span class=format!("line-state {}", state.as_code())>{state.label()}</span>
            </td>
            <td>
                {if l.classes.is_empty() {
                    view! { "—" }.into_any()
                } else {
                    l.classes
                        .into_iter()
                        .map(|(id, title, status)| {
                            view! {
                                <a href=format!("/classes/{id}")>{title}</a>
                                {format!("（{}） ", status.label())}
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </td>
            {may_edit
                .then(|| {
                    view! {
                        <td>
                            {(state != LineState::Done).then(|| view! { <a href=format!("/classes?line={id}")>"按计划办班"</a> })}
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="school_id" value=school_id />
                                <input type="hidden" name="line_id" value=id />
                                <button type="submit" class="secondary small" aria-label=label>
                                    "删除"
                                </button>
                            </ActionForm>
                        </td>
                    }
                })}
        </tr>
    }
}

/// A plan line's month, topic and category, as the school's form and a joint group's post them (the
/// fields named `month`, `topic` and `category`).
#[component]
pub fn PlanLineFields(month: &'static str, topic: &'static str, category: &'static str) -> impl IntoView {
    view! {
        <label>
            "月份" <select name=month>{(1..=12).map(|m| view! { <option value=m>{format!("{m} 月")}</option> }).collect_view()}</select>
        </label>
        <label>"教学专题"<input type="text" name=topic maxlength="60" required /></label>
        <label>
            "类别"
            <select name=category>
                {CourseCategory::ALL.iter().map(|c| view! { <option value=c.as_code()>{c.label()}</option> }).collect_view()}
            </select>
        </label>
    }
}
