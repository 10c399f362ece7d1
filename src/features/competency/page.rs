use super::api::get_competency;
use crate::charts::EChart;
use crate::components::{EmptyState, ImportForm, Loaded, NoRows, Page, Tile, YearNav, SPREADSHEETS};
use crate::model::{Competency, CompetencyGrade, CompetencyPart, ImportReport};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/competency?year=YYYY&unit=N`: the year's results per team, and one team's structure.
#[component]
pub fn CompetencyPage() -> impl IntoView {
    let query = use_query_map();
    let year = crate::components::use_year();
    let unit = Memo::new(move |_| query.with(|q| q.get("unit").and_then(|u| u.parse::<i64>().ok())));
    let imported = RwSignal::new(0u32);
    // Kept here, above the data: an import reloads the view, the report stays.
    let report = RwSignal::new(None::<Result<ImportReport, crate::error::AppError>>);
    let data = Resource::new(move || (year.get(), unit.get(), imported.get()), |(year, unit, _)| get_competency(year, unit));
    view! {
        <Page title="履职能力测试" class="competency-page">
            <Loaded heading="履职能力测试">
                {move || Suspend::new(async move { data.await.map(|c| view! { <CompetencyView c imported report /> }) })}
            </Loaded>
        </Page>
    }
}

fn score(x: f64) -> String {
    format!("{x:.1}")
}

#[component]
fn CompetencyView(
    c: Competency,
    imported: RwSignal<u32>,
    report: RwSignal<Option<Result<ImportReport, crate::error::AppError>>>,
) -> impl IntoView {
    let year = c.year;
    view! {
        <h1>{format!("{year} 年区管领导班子履职能力测试")}</h1>
        <YearNav path="/competency" years=c.years.clone() current=year />
        <p class="muted">
            "测试分政治理论、综合素养、履职能力三部分，与年度考核同步进行；总分为三部分的平均分。"
            "等次：90 分及以上优秀，80 分及以上良好，60 分及以上合格，60 分以下不合格。结果用于班子结构分析和干部选用，仅区领导和组织部可见。"
        </p>
        {if c.tested == 0 {
            view! {
                <EmptyState
                    testid="competency-empty"
                    message="本年度还没有测试成绩。组织部导入成绩文件后，这里显示各领导班子的成绩和结构分析。"
                />
            }
                .into_any()
        } else {
            view! {
                <div class="kpis" data-testid="competency-total">
                    <Tile value=c.tested.to_string() label="参测人数" />
                    {CompetencyPart::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            view! { <Tile value=score(c.district_means[i]).to_string() label=format!("全区{}平均分", p.label()) /> }
                        })
                        .collect_view()}
                    <Tile value=score(c.district_total).to_string() label="全区总分平均" />
                </div>
            }
                .into_any()
        }}
        {c.may_import.then(|| view! { <ResultsImport year imported report /> })}
        {c
            .team
            .clone()
            .map(|(team, members, grades)| {
                let chart = c.team_chart.clone().unwrap_or_default();
                view! {
                    <div class="panel" data-testid="team">
                        <h2>{format!("{} 领导班子结构分析（{} / {} 人参测）", team.unit, team.tested, team.members)}</h2>
                        <p>
                            {format!(
                                "班子总分平均 {}；相对薄弱：{}（班子平均 {}，全区平均 {}）",
                                score(team.total_mean),
                                team.weakest.label(),
                                score(team.means[CompetencyPart::ALL.iter().position(|p| *p == team.weakest).unwrap_or(0)]),
                                score(c.district_means[CompetencyPart::ALL.iter().position(|p| *p == team.weakest).unwrap_or(0)]),
                            )}
                        </p>
                        <EChart id="chart-team-structure" label=format!("{}领导班子履职能力结构图", team.unit) option=chart />
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="team-grades">
                                <thead>
                                    <tr>
                                        <th>"部分"</th>
                                        {CompetencyGrade::ALL.iter().map(|g| view! { <th>{g.label()}</th> }).collect_view()}
                                        <th>"班子平均"</th>
                                        <th>"全区平均"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {CompetencyPart::ALL
                                        .iter()
                                        .enumerate()
                                        .map(|(i, p)| {
                                            view! {
                                                <tr>
                                                    <td>{p.label()}</td>
                                                    {grades[i].iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                                                    <td>{score(team.means[i])}</td>
                                                    <td>{score(c.district_means[i])}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="team-members">
                                <thead>
                                    <tr>
                                        <th>"编号"</th>
                                        <th>"姓名"</th>
                                        <th>"职级"</th>
                                        {CompetencyPart::ALL.iter().map(|p| view! { <th>{p.label()}</th> }).collect_view()}
                                        <th>"总分"</th>
                                        <th>"等次"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {members
                                        .into_iter()
                                        .map(|m| {
                                            view! {
                                                <tr>
                                                    <td>{m.person_id}</td>
                                                    <td>{m.name}</td>
                                                    <td>{m.rank.label()}</td>
                                                    {m.parts.iter().map(|x| view! { <td>{score(*x)}</td> }).collect_view()}
                                                    <td>{score(m.total)}</td>
                                                    <td>{m.grade.label()}</td>
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
        <div class="panel">
            <h2>"各领导班子"</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="teams">
                    <thead>
                        <tr>
                            <th>"单位"</th>
                            <th>"参测 / 班子人数"</th>
                            {CompetencyPart::ALL.iter().map(|p| view! { <th>{p.label()}</th> }).collect_view()}
                            <th>"总分平均"</th>
                            <th>"相对薄弱"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {c
                            .teams
                            .is_empty()
                            .then(|| {
                                view! { <NoRows cols=7 message="暂无班子成绩。" /> }
                            })}
                        {c
                            .teams
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <tr>
                                        <td>
                                            <a href=format!("/competency?year={year}&unit={}", t.unit_id)>{t.unit}</a>
                                        </td>
                                        <td>{format!("{} / {}", t.tested, t.members)}</td>
                                        {t.means.iter().map(|x| view! { <td>{score(*x)}</td> }).collect_view()}
                                        <td>{score(t.total_mean)}</td>
                                        <td>{t.weakest.label()}</td>
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

/// 成绩导入: an Excel (or CSV) file with 人员编号、姓名、政治理论、综合素养、履职能力; all rows or none.
#[component]
fn ResultsImport(year: i32, imported: RwSignal<u32>, report: RwSignal<crate::components::ImportOutcome>) -> impl IntoView {
    view! {
        <ImportForm
            action="/api/import_competency"
            testid="competency-import"
            send=super::api::import_competency
            name="results"
            label="成绩文件（Excel 或 CSV，须有“人员编号”“姓名”“政治理论”“综合素养”“履职能力”列）"
            accept=SPREADSHEETS
            report
            report_testid="competency-report"
            ok=|r| format!("已导入 {} 人的成绩", r.imported)
            done=imported
        >
            <h2>"导入测试成绩"</h2>
            <label>"年度"<input type="number" name="year" value=year min="2015" required /></label>
        </ImportForm>
    }
}
