use super::api::{get_joint, SaveCrossScores, SaveJointPlan};
use crate::components::{outcome, EmptyState, Loaded, NoRows, Page, YearNav};
use crate::model::{CrossCriterion, JointGroupView, JointKind, JointTraining, LineState};
use leptos::prelude::*;

/// `/joint?year=YYYY`: the joint-training groups — members, plan and hosts, cross-evaluation, classes.
#[component]
pub fn JointPage() -> impl IntoView {
    let year = crate::components::use_year();
    let plan = ServerAction::<SaveJointPlan>::new();
    let cross = ServerAction::<SaveCrossScores>::new();
    let data = Resource::new(move || (year.get(), plan.version().get(), cross.version().get()), |(year, ..)| get_joint(year));
    view! {
        <Page title="联训" class="joint-page">
            <Loaded heading="联训">
                {move || Suspend::new(async move { data.await.map(|j| view! { <JointView j plan cross /> }) })}
            </Loaded>
        </Page>
    }
}

#[component]
fn JointView(j: JointTraining, plan: ServerAction<SaveJointPlan>, cross: ServerAction<SaveCrossScores>) -> impl IntoView {
    let year = j.year;
    view! {
        <h1>{format!("{year} 年联训")}</h1>
        <YearNav path="/joint" years=j.years.clone() current=year />
        <p class="muted">
            "区域联训：南部相邻街道共商年度教学计划、共享师资、轮流承办、交叉评估，比教学水平、组织管理、学员能力和培训成效；"
            "结对联训：北部街道与对口帮扶单位联合办班；部门联训：相关区直部门共商计划、共享资源、联合承办。联训班按事前备案办理。"
        </p>
        {move || outcome(plan.value().get(), "教学计划已保存")}
        {move || outcome(cross.value().get(), "交叉评估分数已保存")}
        {j
            .groups
            .is_empty()
            .then(|| {
                view! {
                    <EmptyState
                        testid="joint-empty"
                        message="还没有联训组。组织部确定区域联训、结对联训和部门联训的成员单位后，这里显示各组的教学计划、轮值承办和交叉评估。"
                    />
                }
            })}
        {j.groups.into_iter().map(|g| view! { <GroupPanel g year plan cross /> }).collect_view()}
    }
}

fn score(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.2}"))
}

#[component]
fn GroupPanel(g: JointGroupView, year: i32, plan: ServerAction<SaveJointPlan>, cross: ServerAction<SaveCrossScores>) -> impl IntoView {
    let members =
        g.members.iter().map(|m| if m.in_district { m.name.clone() } else { format!("{}（区外）", m.name) }).collect::<Vec<_>>().join("、");
    let unit_choices: Vec<(i64, String)> = g.members.iter().map(|m| (m.unit_id, m.name.clone())).collect();
    let group_id = g.id;
    let kind = g.kind;
    let may_plan = g.may_plan;
    view! {
        <div class="panel" data-testid="joint-group">
            <h2>{format!("{}（{}）", g.name, g.kind.label())}</h2>
            <p>
                {format!("成员单位：{members}")}
                {g.rotation_from.clone().map(|f| format!("；自 {f} 起按上列顺序每月轮流承办"))}
            </p>
            <p>{format!("{year} 年联训班 {} 期，累计 {} 期。", g.classes_in_year, g.classes_total)}</p>
            {(!g.plan.is_empty())
                .then(|| {
                    view! {
                        <h3>"年度教学计划与承办轮值"</h3>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="joint-plan">
                                <thead>
                                    <tr>
                                        <th>"月份"</th>
                                        <th>"承办单位（轮值）"</th>
                                        <th>"教学专题"</th>
                                        <th>"落实情况"</th>
                                        <th>"已办联训班"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {g.plan.is_empty().then(|| view! { <NoRows cols=5 message="本年度还没有教学计划。" /> })}
                                    {g
                                        .plan
                                        .into_iter()
                                        .map(|m| {
                                            view! {
                                                <tr>
                                                    <td>{format!("{} 月", m.month)}</td>
                                                    <td>{m.host.unwrap_or_else(|| "—".into())}</td>
                                                    <td>
                                                        {m
                                                            .topic
                                                            .map(|t| {
                                                                format!("{t}（{}）", m.category.map(|c| c.label()).unwrap_or_default())
                                                            })
                                                            .unwrap_or_else(|| "—".into())}
                                                    </td>
                                                    <td>
                                                        {m
                                                            .line
                                                            .map(|(id, state)| {
                                                                view! {
                                                                    <span class=format!(
                                                                        "line-state {}",
                                                                        state.as_code(),
                                                                    )>{state.label()}</span>
                                                                    {(may_plan && state != LineState::Done)
                                                                        .then(|| {
                                                                            view! {
                                                                                " "
                                                                                <a href=format!("/classes?line={id}")>"按计划办班"</a>
                                                                            }
                                                                        })}
                                                                }
                                                            })}
                                                    </td>
                                                    <td>
                                                        {if m.classes.is_empty() {
                                                            view! { "—" }.into_any()
                                                        } else {
                                                            m.classes
                                                                .into_iter()
                                                                .map(|(id, title, school, status)| {
                                                                    view! {
                                                                        <a href=format!("/classes/{id}")>{title}</a>
                                                                        {format!("（{school}，{}） ", status.label())}
                                                                    }
                                                                })
                                                                .collect_view()
                                                                .into_any()
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
                })}
            {may_plan
                .then(|| {
                    view! {
                        <ActionForm action=plan attr:class="form inline-form" attr:data-testid="plan-form">
                            <input type="hidden" name="group_id" value=group_id />
                            <input type="hidden" name="year" value=year />
                            <crate::features::schools::PlanLineFields month="month" topic="topic" category="category" />
                            <button type="submit" class="secondary">
                                "保存计划"
                            </button>
                        </ActionForm>
                    }
                })}
            {(kind == JointKind::Regional)
                .then(|| {
                    view! {
                        <h3>"交叉评估（比学赶超）"</h3>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="cross-ranking">
                                <thead>
                                    <tr>
                                        <th>"名次"</th>
                                        <th>"单位"</th>
                                        {CrossCriterion::ALL.iter().map(|c| view! { <th>{c.label()}</th> }).collect_view()}
                                        <th>"平均分"</th>
                                        <th>"已收评分"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {g
                                        .cross
                                        .is_empty()
                                        .then(|| {
                                            view! {
                                                <NoRows cols=4 + CrossCriterion::ALL.len() message="本年度还没有交叉评估。" />
                                            }
                                        })}
                                    {g
                                        .cross
                                        .into_iter()
                                        .map(|l| {
                                            view! {
                                                <tr>
                                                    <td>{l.rank.map_or_else(|| "—".to_string(), |r| r.to_string())}</td>
                                                    <td>{l.unit}</td>
                                                    {l.by_criterion.into_iter().map(|x| view! { <td>{score(x)}</td> }).collect_view()}
                                                    <td>{score(l.mean)}</td>
                                                    <td>{format!("{} / {}", l.received, l.expected)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
            {(!g.may_score_as.is_empty())
                .then(|| {
                    view! {
                        <ActionForm action=cross attr:class="form inline-form" attr:data-testid="cross-form">
                            <input type="hidden" name="group_id" value=group_id />
                            <input type="hidden" name="year" value=year />
                            <label>
                                "评分单位"
                                <select name="scorer">
                                    {g.may_score_as.into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                                </select>
                            </label>
                            <label>
                                "被评单位"
                                <select name="scored">
                                    {unit_choices.into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                                </select>
                            </label>
                            {CrossCriterion::ALL
                                .iter()
                                .map(|c| {
                                    view! {
                                        <label>
                                            {c.label()}
                                            <input
                                                type="text"
                                                inputmode="decimal"
                                                name=format!("scores[{}]", c.as_code())
                                                size="5"
                                                required
                                            />
                                        </label>
                                    }
                                })
                                .collect_view()}
                            <button type="submit" class="secondary">
                                "保存评分"
                            </button>
                        </ActionForm>
                    }
                })}
            {(!g.recent.is_empty())
                .then(|| {
                    view! {
                        <h3>"最近的联训班"</h3>
                        <ul class="plain" data-testid="joint-classes">
                            {g
                                .recent
                                .into_iter()
                                .map(|(id, title, school, starts_at, status)| {
                                    view! {
                                        <li>
                                            <a href=format!("/classes/{id}")>{title}</a>
                                            {format!(" · {school} · {} · {}", starts_at.date(), status.label())}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}
