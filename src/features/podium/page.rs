use super::api::{get_podium, RecordLecture, SetPodiumReward};
use crate::components::{caller_may, outcome, Loaded, NoRows, Page, Tile, YearNav};
use crate::model::{LectureVenue, Podium};
use leptos::prelude::*;

/// How many of the leaders still due the page lists.
const DUE_SHOWN: usize = 200;

fn may_manage() -> bool {
    caller_may(crate::rules::access::Action::ManagePodium)
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

/// `/podium?year=YYYY`: leaders on the podium — completion per unit, who is due, the lectures.
#[component]
pub fn PodiumPage() -> impl IntoView {
    let year = crate::components::use_year();
    let record = ServerAction::<RecordLecture>::new();
    let reward = ServerAction::<SetPodiumReward>::new();
    let data = Resource::new(move || (year.get(), record.version().get(), reward.version().get()), |(year, ..)| get_podium(year));
    view! {
        <Page title="领导干部上讲台" class="podium-page">
            <Loaded heading="领导干部上讲台">
                {move || Suspend::new(async move { data.await.map(|p| view! { <PodiumView p record reward /> }) })}
            </Loaded>
        </Page>
    }
}

#[component]
fn PodiumView(p: Podium, record: ServerAction<RecordLecture>, reward: ServerAction<SetPodiumReward>) -> impl IntoView {
    let due_count = p.due.len();
    let schools = StoredValue::new(p.schools.clone());
    let reward_hours = p.reward_hours;
    view! {
        <h1>{format!("{} 年领导干部上讲台", p.year)}</h1>
        <YearNav path="/podium" years=p.years.clone() current=p.year />
        <p class="muted">
            "区级领导每年至少在区委党校授课一次；处级干部每年至少在业余党校或本系统论坛讲坛授课一次。"
            {format!(
                "每次授课奖励 {} 学时{}，记入本人学时台账。",
                p.reward_hours,
                if p.reward_set { "" } else { "（默认）" },
            )}
        </p>
        <div class="kpis" data-testid="podium-total">
            <Tile value=p.due_total.to_string() label="应上讲台" />
            <Tile class="met" value=pct(p.done_total, p.due_total) label=format!("已完成 {} 人", p.done_total) />
            <Tile class="behind" value=due_count.to_string() label="尚未完成" />
            <Tile value=p.lectures.len().to_string() label="授课次数" />
        </div>
        <Show when=may_manage>
            <div class="panel">
                <h2>"登记授课"</h2>
                <ActionForm action=record attr:class="form" attr:data-testid="lecture-form">
                    <label>"授课人（姓名或人员编号）"<input type="text" name="lecturer" required /></label>
                    <label>"授课日期"<input type="date" name="given_on" required /></label>
                    <label>
                        "授课场所"
                        <select name="venue">
                            {LectureVenue::ALL.iter().map(|v| view! { <option value=v.as_code()>{v.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                        "业余党校（在业余党校授课时选择）" <select name="school_id">
                            <option value="">"—"</option>
                            {schools.get_value().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"授课题目"<input type="text" name="title" required maxlength="60" /></label>
                    <button type="submit">"登记并奖励学时"</button>
                </ActionForm>
                {move || outcome(record.value().get(), "授课已登记，奖励学时已记入授课人的学时台账")}
                <ActionForm action=reward attr:class="form inline-form">
                    <label>
                        "每次授课奖励学时"<input type="text" inputmode="decimal" name="hours" value=reward_hours required />
                    </label>
                    <button type="submit" class="secondary">
                        "保存"
                    </button>
                </ActionForm>
                {move || outcome(reward.value().get(), "奖励学时已保存，此后登记的授课按新标准奖励")}
            </div>
        </Show>
        <div class="panel">
            <h2>"各单位完成情况（纳入党建考核）"</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="podium-units">
                    <thead>
                        <tr>
                            <th>"单位"</th>
                            <th>"应完成"</th>
                            <th>"已完成"</th>
                            <th>"完成率"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {p
                            .units
                            .is_empty()
                            .then(|| {
                                view! {
                                    <NoRows
                                        cols=4
                                        message="还没有应上讲台的区级领导和处级干部（导入人员名册后按职级列出）。"
                                    />
                                }
                            })}
                        {p
                            .units
                            .into_iter()
                            .map(|u| {
                                view! {
                                    <tr>
                                        <td>{u.unit.clone()}</td>
                                        <td>{u.due}</td>
                                        <td>{u.done}</td>
                                        <td>{pct(u.done, u.due)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
        <div class="panel">
            <h2>{format!("尚未完成（{due_count} 人）")}</h2>
            {(due_count > DUE_SHOWN).then(|| view! { <p class="muted">{format!("此处列出前 {DUE_SHOWN} 人。")}</p> })}
            <div class="table-wrap" tabindex="0">
                <table data-testid="podium-due">
                    <thead>
                        <tr>
                            <th>"编号"</th>
                            <th>"姓名"</th>
                            <th>"单位"</th>
                            <th>"职级"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {p.due.is_empty().then(|| view! { <NoRows cols=4 message="没有尚未完成的干部。" /> })}
                        {p
                            .due
                            .into_iter()
                            .take(DUE_SHOWN)
                            .map(|d| {
                                view! {
                                    <tr>
                                        <td>{d.person_id}</td>
                                        <td>{d.name}</td>
                                        <td>{d.unit}</td>
                                        <td>{d.rank.label()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
        <div class="panel">
            <h2>"授课记录"</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="podium-lectures">
                    <thead>
                        <tr>
                            <th>"日期"</th>
                            <th>"授课人"</th>
                            <th>"单位"</th>
                            <th>"场所"</th>
                            <th>"题目"</th>
                            <th>"奖励学时"</th>
                            <th>"计入任务"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {p.lectures.is_empty().then(|| view! { <NoRows cols=7 message="本年度还没有登记授课。" /> })}
                        {p
                            .lectures
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <tr>
                                        <td>{l.given_on}</td>
                                        <td>{format!("{}（{}）", l.name, l.rank.label())}</td>
                                        <td>{l.unit}</td>
                                        <td>{l.school.unwrap_or_else(|| l.venue.label().to_string())}</td>
                                        <td>{l.title}</td>
                                        <td>{l.hours}</td>
                                        <td>{if l.fulfils { "是" } else { "否（场所不符）" }}</td>
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
