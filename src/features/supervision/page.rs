use super::api::{get_supervision, AssignSupervision, CloseFollowUp, RecordVisit};
use crate::components::{outcome, Loaded, NoRows, Page, Tile};
use crate::model::{FollowUpStatus, Supervision};
use leptos::prelude::*;

/// `/supervision`: the supervision groups, their schools, visits and follow-ups.
#[component]
pub fn SupervisionPage() -> impl IntoView {
    let assign = ServerAction::<AssignSupervision>::new();
    let record = ServerAction::<RecordVisit>::new();
    let close = ServerAction::<CloseFollowUp>::new();
    let data = Resource::new(move || (assign.version().get(), record.version().get(), close.version().get()), |_| get_supervision());
    view! {
        <Page title="督导组" class="supervision-page">
            <Loaded heading="督导组">
                {move || Suspend::new(async move { data.await.map(|s| view! { <SupervisionView s assign record close /> }) })}
            </Loaded>
        </Page>
    }
}

#[component]
fn SupervisionView(
    s: Supervision,
    assign: ServerAction<AssignSupervision>,
    record: ServerAction<RecordVisit>,
    close: ServerAction<CloseFollowUp>,
) -> impl IntoView {
    let schools: usize = s.groups.iter().map(|g| g.schools.len()).sum();
    let due: usize = s.groups.iter().flat_map(|g| &g.schools).filter(|x| x.visit_due).count();
    let open = s.visits.iter().filter(|v| v.status == FollowUpStatus::Open).count();
    let overdue = s.visits.iter().filter(|v| v.overdue).count();
    // Schools whose group the caller may record visits for.
    let recordable: Vec<(i64, String)> =
        s.groups.iter().filter(|g| g.may_record).flat_map(|g| g.schools.iter().map(|x| (x.id, x.name.clone()))).collect();
    let today = s.today.clone();
    let group_choices: Vec<(i64, String)> = s.groups.iter().map(|g| (g.id, g.name.clone())).collect();
    view! {
        <h1>"督导组"</h1>
        <p class="muted">
            "四个督导组各由区委党校一名班子成员带队，定期到业余党校检查指导，记录发现的问题和整改要求；"
            {format!(
                "超过 {} 天未督导的学校标为“待督导”。督导组不督导本组人员所在单位的业余党校（回避）。",
                crate::rules::supervision::REGULAR_VISIT_DAYS,
            )}
        </p>
        {s
            .scoped_to
            .clone()
            .map(|g| {
                view! {
                    <p class="muted" data-testid="scope">
                        {format!("您所在的督导组：{g}（仅显示本组）")}
                    </p>
                }
            })}
        <div class="kpis" data-testid="supervision-total">
            <Tile value=schools.to_string() label="督导学校" />
            <Tile class="behind" value=due.to_string() label="待督导" />
            <Tile value=s.visits.len().to_string() label="督导记录" />
            <Tile class="behind" value=open.to_string() label=format!("待整改（逾期 {overdue}）") />
        </div>
        {(!recordable.is_empty())
            .then(|| {
                view! {
                    <div class="panel">
                        <h2>"登记督导"</h2>
                        <ActionForm action=record attr:class="form" attr:data-testid="visit-form">
                            <label>
                                "学校" <select name="school_id" required>
                                    {recordable.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                </select>
                            </label>
                            <label>"督导日期"<input type="date" name="visited_on" value=today.clone() required /></label>
                            <label>"发现的情况"<textarea name="findings" rows="3" maxlength="500" required></textarea></label>
                            <label>"整改要求（无则留空）"<textarea name="follow_up" rows="2" maxlength="500"></textarea></label>
                            <label>"整改期限"<input type="date" name="due_on" /></label>
                            <button type="submit">"保存督导记录"</button>
                        </ActionForm>
                        {move || outcome(record.value().get(), "督导记录已保存")}
                    </div>
                }
            })}
        {s
            .may_assign
            .then(|| {
                view! {
                    <div class="panel">
                        <h2>"分配督导学校"</h2>
                        {(!s.unassigned.is_empty())
                            .then(|| {
                                view! {
                                    <p class="muted" data-testid="unassigned">
                                        {format!(
                                            "尚未分配督导组：{}",
                                            s.unassigned.iter().map(|u| u.1.as_str()).collect::<Vec<_>>().join("、"),
                                        )}
                                    </p>
                                }
                            })}
                        <ActionForm action=assign attr:class="form inline-form" attr:data-testid="assign-form">
                            <label>
                                "学校"
                                <select name="school_id">
                                    {s
                                        .schools
                                        .clone()
                                        .into_iter()
                                        .map(|(id, name)| view! { <option value=id>{name}</option> })
                                        .collect_view()}
                                </select>
                            </label>
                            <label>
                                "督导组"
                                <select name="group_id">
                                    {group_choices.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                </select>
                            </label>
                            <button type="submit">"分配"</button>
                        </ActionForm>
                        {move || outcome(assign.value().get(), "已分配")}
                    </div>
                }
            })}
        {s
            .groups
            .into_iter()
            .map(|g| {
                view! {
                    <div class="panel" data-testid="supervision-group">
                        <h2>{format!("{}（{} 所）", g.name, g.schools.len())}</h2>
                        <p>
                            {format!("组长：{}", g.leader)}
                            {(!g.members.is_empty()).then(|| format!("；成员：{}", g.members.join("、")))}
                        </p>
                        <div class="table-wrap" tabindex="0">
                            <table>
                                <thead>
                                    <tr>
                                        <th>"学校"</th>
                                        <th>"所在单位"</th>
                                        <th>"最近督导"</th>
                                        <th>"督导次数"</th>
                                        <th>"待整改"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {g
                                        .schools
                                        .is_empty()
                                        .then(|| view! { <NoRows cols=5 message="本组还没有分配督导学校。" /> })}
                                    {g
                                        .schools
                                        .into_iter()
                                        .map(|x| {
                                            view! {
                                                <tr>
                                                    <td>
                                                        <a href=format!("/schools/{}", x.id)>{x.name}</a>
                                                    </td>
                                                    <td>{x.unit}</td>
                                                    <td>
                                                        {x.last_visit.unwrap_or_else(|| "—".into())}
                                                        {x
                                                            .visit_due
                                                            .then(|| {
                                                                view! {
                                                                    " "
                                                                    <span class="badge behind">"待督导"</span>
                                                                }
                                                            })}
                                                    </td>
                                                    <td>{x.visits}</td>
                                                    <td>{x.open_follow_ups}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
            })
            .collect_view()}
        <div class="panel">
            <h2>"督导记录"</h2>
            {move || outcome(close.value().get(), "已标记整改完成")}
            <div class="table-wrap" tabindex="0">
                <table data-testid="visits">
                    <thead>
                        <tr>
                            <th>"日期"</th>
                            <th>"督导组"</th>
                            <th>"学校"</th>
                            <th>"发现的情况"</th>
                            <th>"整改要求"</th>
                            <th>"整改"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {s.visits.is_empty().then(|| view! { <NoRows cols=6 message="还没有督导记录。" /> })}
                        {s
                            .visits
                            .into_iter()
                            .map(|v| {
                                view! {
                                    <tr>
                                        <td>{v.visited_on}</td>
                                        <td>{v.group}</td>
                                        <td>
                                            <a href=format!("/schools/{}", v.school_id)>{v.school}</a>
                                        </td>
                                        <td>{v.findings}</td>
                                        <td>
                                            {if v.follow_up.is_empty() {
                                                "—".to_string()
                                            } else {
                                                format!("{}（期限 {}）", v.follow_up, v.due_on.unwrap_or_default())
                                            }}
                                        </td>
                                        <td>
                                            {v.status.label()}
                                            {v
                                                .overdue
                                                .then(|| {
                                                    view! {
                                                        " "
                                                        <span class="badge behind">"已逾期"</span>
                                                    }
                                                })} {v.done_on.map(|d| format!("（{d}：{}）", v.done_note))}
                                            {v
                                                .may_close
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=close attr:class="form inline-form">
                                                            <input type="hidden" name="visit_id" value=v.id />
                                                            <input
                                                                type="text"
                                                                name="note"
                                                                placeholder="整改情况"
                                                                required
                                                                maxlength="500"
                                                            />
                                                            <button type="submit" class="secondary">
                                                                "整改完成"
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
        </div>
    }
}
