use super::api::get_school;
use crate::charts::{EChart, PngButton, Stamp};
use crate::components::{ErrorNotice, NoRows, PrintStamp};
use crate::error::AppError;
use crate::model::{thousands, ExtensionKind, SchoolDetail};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/schools/:id`: details, a monthly chart and the latest classes.
#[component]
pub fn SchoolPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let school = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_school(id).await,
                None => Err(AppError::NotFound(crate::messages::this_school_noun().into())),
            }
        },
    );
    view! {
        <section class="school-page">
            <Transition fallback=|| view! { <p class="loading">"正在加载…"</p> }>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <Title text="未找到" />
                        <ErrorNotice errors />
                    }
                }>{move || Suspend::new(async move { school.await.map(|s| view! { <SchoolView s /> }) })}</ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn SchoolView(s: SchoolDetail) -> impl IntoView {
    let mode = match s.extension {
        Some(ExtensionKind::SubArea) => format!("{}（片区）", s.mode.label()),
        Some(ExtensionKind::Institution) => format!("{}（二级事业单位）", s.mode.label()),
        None => s.mode.label().to_string(),
    };
    let as_of = Signal::stored(s.as_of.clone());
    let stamp = Stamp { period: Signal::stored(format!("建校（{}）以来", s.opened_on)), as_of, credit: None };
    let chart_title = format!("{} 每月办班与培训人次", s.name);
    let location = format!("{:.4}°E, {:.4}°N{}", s.lon, s.lat, if s.confidence == "medium" { "" } else { "（估计位置）" });
    view! {
        <Title text=s.name.clone() />
        <p class="crumbs">
            <a href="/map">"分布图"</a>
            " / "
            {s.name.clone()}
        </p>
        <h1>{s.name.clone()}</h1>
        <PrintStamp title=s.name.clone() as_of />
        <p class="as-of" data-testid="as-of">
            {format!("数据截至 {}", s.as_of)}
        </p>
        <div class="kpis">
            <div class="kpi" data-testid="school-classes">
                <div class="kpi-label">"累计办班"</div>
                <div class="kpi-value">
                    <span class="num">{thousands(s.classes)}</span>
                    <span class="unit">"期"</span>
                </div>
            </div>
            <div class="kpi" data-testid="school-attendances">
                <div class="kpi-label">"累计培训"</div>
                <div class="kpi-value">
                    <span class="num">{thousands(s.attendances)}</span>
                    <span class="unit">"人次"</span>
                </div>
            </div>
        </div>
        <div class="panel">
            <dl class="facts" data-testid="school-facts">
                <dt>"建校模式"</dt>
                <dd data-testid="school-mode">{mode}</dd>
                <dt>"主办单位"</dt>
                <dd>{s.host_unit.clone()}</dd>
                <dt>"所在街乡场"</dt>
                <dd>{s.township.clone().unwrap_or_else(|| "区直".into())}</dd>
                <dt>"校长"</dt>
                <dd>{s.principal.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"副校长"</dt>
                <dd>{s.vice_principal.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"开办日期"</dt>
                <dd>{s.opened_on.clone()}{s.pilot.then_some("（2015年4月试点）")}</dd>
                <dt>"办学状态"</dt>
                <dd>{s.status.label()}</dd>
                <dt>"位置"</dt>
                <dd>{location}</dd>
                {(!s.members.is_empty())
                    .then(|| {
                        view! {
                            <dt>"成员单位"</dt>
                            <dd>{s.members.join("、")}</dd>
                        }
                    })}
                {s
                    .about
                    .iter()
                    .map(|(label, text)| {
                        view! {
                            <dt>{label.clone()}</dt>
                            <dd>{text.clone()}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            {(!s.principal_terms.is_empty())
                .then(|| {
                    view! {
                        <h2>"轮值校长"</h2>
                        <ul class="terms" data-testid="principal-terms">
                            {s
                                .principal_terms
                                .iter()
                                .map(|(person, unit, from, to)| view! { <li>{format!("{from} 至 {to}：{person}（{unit}）")}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
        <super::six_ones::SixOnesPanel school_id=s.id />
        <super::plan::TeachingPlanPanel school_id=s.id />
        <figure class="panel">
            <h2>"每月办班与培训人次"</h2>
            <EChart id="chart-school-monthly" label="本校每月办班与培训人次图".to_string() option=s.monthly_chart.clone() />
            <PngButton chart="chart-school-monthly" title=chart_title stamp />
        </figure>
        <div class="panel">
            <h2>"最近培训"</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="recent-classes">
                    <thead>
                        <tr>
                            <th>"日期"</th>
                            <th>"主题"</th>
                            <th>"类别"</th>
                            <th>"授课"</th>
                            <th>"地点"</th>
                            <th>"学时"</th>
                            <th>"人次"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {s.recent.is_empty().then(|| view! { <NoRows cols=7 message="本校还没有培训班。" /> })}
                        {s
                            .recent
                            .iter()
                            .map(|c| {
                                view! {
                                    <tr>
                                        <td>{c.starts_at.date().to_string()}</td>
                                        <td>{c.title.clone()}</td>
                                        <td>{c.category.label()}</td>
                                        <td>{c.teacher.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td>{c.venue.clone()}</td>
                                        <td>{format!("{}", c.hours)}</td>
                                        <td>{thousands(c.attendances)}</td>
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
