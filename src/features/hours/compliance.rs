use super::api::{get_compliance, SetHourTarget};
use crate::charts::{EChart, PngButton, Stamp};
use crate::components::{caller_may, outcome, EmptyState, Loaded, Page, PrintStamp, Tile, YearNav};
use crate::model::{Compliance, Rank, UnitCompliance};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// How many of the cadres behind the page lists; the workbook has them all.
const BEHIND_SHOWN: usize = 300;

/// `/hours?year=YYYY&as_of=YYYY-MM-DD`: per unit, the share of district-managed cadres met / on
/// track / behind, and who is behind — for leaders, the organisation department and supervisors.
#[component]
pub fn CompliancePage() -> impl IntoView {
    let query = use_query_map();
    let period =
        Memo::new(move |_| query.with(|q| (q.get("year").and_then(|y| y.parse::<i32>().ok()), q.get("as_of").filter(|d| !d.is_empty()))));
    let set_target = ServerAction::<SetHourTarget>::new();
    let data = Resource::new(move || (period.get(), set_target.version().get()), |((year, as_of), _)| get_compliance(year, as_of));
    view! {
        <Page title="学时达标情况" class="compliance-page">
            <Loaded heading="学时达标情况">
                {move || Suspend::new(async move { data.await.map(|c| view! { <ComplianceView c set_target /> }) })}
            </Loaded>
        </Page>
    }
}

fn pct(n: i64, of: i64) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

fn h(hours: f64) -> String {
    if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours:.1}")
    }
}

/// A bar in three parts: met, on track, behind.
#[component]
fn StatusBar(u: UnitCompliance) -> impl IntoView {
    let share = |n: i64| if u.cadres == 0 { 0.0 } else { n as f64 * 100.0 / u.cadres as f64 };
    view! {
        <div class="status-bar" aria-hidden="true">
            <span class="met" style=format!("width:{:.2}%", share(u.met))></span>
            <span class="on_track" style=format!("width:{:.2}%", share(u.on_track))></span>
            <span class="behind" style=format!("width:{:.2}%", share(u.behind))></span>
        </div>
    }
}

/// `/hours` of a year without district-managed cadres (an installation before its roster is imported).
const NO_CADRES: &str =
    "还没有区管干部的学时数据。组织部导入人员名册、培训班结班记入学时后，这里显示各单位区管干部的达标情况；可先在下方设置年度学时目标。";

#[component]
fn ComplianceView(c: Compliance, set_target: ServerAction<SetHourTarget>) -> impl IntoView {
    let org_admin = move || caller_may(crate::rules::access::Action::SetHourTargets);
    let year = c.year;
    let export = format!("/hours/export.xlsx?year={}&as_of={}", c.year, c.as_of);
    let total = c.total.clone();
    let behind_count = c.behind.len();
    let empty = total.cadres == 0;
    let title = format!("{} 年区管干部学时达标情况", c.year);
    let as_of = Signal::stored(c.as_of.clone());
    let stamp = Stamp { period: Signal::stored(format!("{} 年（统计至 {}）", c.year, c.as_of)), as_of, credit: None };
    let chart = c.chart.clone();
    view! {
        <h1>{title.clone()}</h1>
        <PrintStamp title=title.clone() as_of />
        <p class="muted" data-testid="compliance-scope">
            {format!("统计至 {}（全年已过 {:.0}%，默认为学时台账最新记录日）", c.as_of, c.elapsed * 100.0)}
            {c.scoped_to.clone().map(|g| format!(" · 范围：{g}所督导学校的单位"))}
        </p>
        <YearNav path="/hours" years=c.years.clone() current=c.year />
        <form method="get" action="/hours" class="inline-form">
            <input type="hidden" name="year" value=c.year />
            <label>
                "统计日期"
                <input type="date" name="as_of" value=c.as_of.clone() min=format!("{}-01-01", c.year) max=format!("{}-12-31", c.year) />
            </label>
            <button type="submit">"查看"</button>
            <a href=export rel="external" class="button" data-testid="export-xlsx">
                "导出 Excel"
            </a>
        </form>
        {if empty {
            view! { <EmptyState testid="compliance-empty" message=NO_CADRES /> }.into_any()
        } else {
            view! {
                <div class="kpis" data-testid="compliance-total">
                    <Tile value=total.cadres.to_string() label="区管干部" />
                    <Tile class="met" value=pct(total.met, total.cadres) label=format!("已达标 {} 人", total.met) />
                    <Tile class="on_track" value=pct(total.on_track, total.cadres) label=format!("进度正常 {} 人", total.on_track) />
                    <Tile class="behind" value=pct(total.behind, total.cadres) label=format!("进度滞后 {} 人", total.behind) />
                </div>
                <figure class="panel">
                    <h2>"区管干部学时达标构成"</h2>
                    <EChart id="chart-compliance" label="区管干部学时达标构成图".to_string() option=chart />
                    <PngButton chart="chart-compliance" title stamp />
                </figure>
            }
                .into_any()
        }}
        <p class="muted">
            "年度目标：" {c.targets.iter().map(|(r, t)| format!("{} {} 学时", r.label(), h(*t))).collect::<Vec<_>>().join("，")}
            "。进度按统计日期占全年的比例折算；此页仅限区领导、组织部门和督导组查看，不向干部公开个人排名。"
        </p>
        {(!empty)
            .then(|| {
                view! {
                    <div class="panel">
                        <h2>"各单位达标情况"</h2>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="compliance-units">
                                <thead>
                                    <tr>
                                        <th>"单位"</th>
                                        <th>"人数"</th>
                                        <th>"已达标"</th>
                                        <th>"进度正常"</th>
                                        <th>"进度滞后"</th>
                                        <th class="bar-col">"构成"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {c
                                        .units
                                        .into_iter()
                                        .map(|u| {
                                            view! {
                                                <tr>
                                                    <td>{u.unit.clone()}</td>
                                                    <td>{u.cadres}</td>
                                                    <td>{pct(u.met, u.cadres)}</td>
                                                    <td>{pct(u.on_track, u.cadres)}</td>
                                                    <td>{pct(u.behind, u.cadres)}</td>
                                                    <td class="bar-col">
                                                        <StatusBar u=u.clone() />
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                    <div class="panel">
                        <h2>{format!("进度滞后人员（{behind_count} 人）")}</h2>
                        {(behind_count > BEHIND_SHOWN)
                            .then(|| {
                                view! {
                                    <p class="muted">{format!("此处列出前 {BEHIND_SHOWN} 人，完整名单请导出 Excel。")}</p>
                                }
                            })}
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="compliance-behind">
                                <thead>
                                    <tr>
                                        <th>"姓名"</th>
                                        <th>"单位"</th>
                                        <th>"职级"</th>
                                        <th>"已完成"</th>
                                        <th>"目标"</th>
                                        <th>"差额"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {c
                                        .behind
                                        .into_iter()
                                        .take(BEHIND_SHOWN)
                                        .map(|b| {
                                            view! {
                                                <tr>
                                                    <td>{b.name}</td>
                                                    <td>{b.unit}</td>
                                                    <td>{b.rank.label()}</td>
                                                    <td>{h(b.earned)}</td>
                                                    <td>{h(b.target)}</td>
                                                    <td>{h(b.missing)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </div>
                }
            })}
        <Show when=org_admin>
            <div class="panel">
                <h2>"设置年度学时目标"</h2>
                <ActionForm action=set_target attr:class="form inline-form" attr:data-testid="target-form">
                    <input type="hidden" name="year" value=year />
                    <label>
                        "职级"
                        <select name="rank">
                            {Rank::ALL.iter().map(|r| view! { <option value=r.as_code()>{r.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"目标学时"<input type="text" inputmode="decimal" name="hours" required /></label>
                    <button type="submit">"保存"</button>
                </ActionForm>
                {move || outcome(set_target.value().get(), "目标已保存，达标情况已按新目标重新计算")}
            </div>
        </Show>
    }
}
