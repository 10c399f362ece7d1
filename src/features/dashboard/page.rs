use super::api::get_dashboard;
use crate::charts::{self, EChart};
use crate::components::{live::on_live_update, Loaded};
use crate::model::{cumulative_attendances, thousands, wan, Dashboard, FoundingMode, ModeCount};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`: the leaders' dashboard. Rendered whole on the server (the route is `SsrMode::Async`), so every
/// figure is readable before — or without — the WebAssembly; the charts are drawn after hydration.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_dashboard());
    // Every check-in and close-out in the district updates the figures within a second or two.
    on_live_update(move || data.refetch());
    // 大屏: `/?screen=1` fills a meeting room's screen (no header, larger figures); the button also
    // asks the browser for full screen.
    let screen = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("screen").is_some_and(|v| v == "1"));
    let full_screen = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.request_fullscreen();
        }
    };
    view! {
        <Title text="数据看板" />
        <section class=if screen { "dashboard screen" } else { "dashboard" } data-testid="dashboard">
            <div class="dashboard-head">
                <h1>"黄陂区业余党校培训数据看板"</h1>
                {if screen {
                    view! {
                        <a class="button secondary" href="/" rel="external" data-testid="leave-screen">
                            "退出大屏"
                        </a>
                    }
                        .into_any()
                } else {
                    view! {
                        <a class="button secondary" href="/?screen=1" rel="external" on:click=full_screen data-testid="screen-mode">
                            "大屏模式"
                        </a>
                    }
                        .into_any()
                }}
            </div>
            <Loaded loading="正在加载数据…">
                {move || Suspend::new(async move { data.await.map(|d| view! { <DashboardView d /> }) })}
            </Loaded>
        </section>
    }
}

fn mode_total(modes: &[ModeCount], mode: FoundingMode) -> i64 {
    modes.iter().filter(|m| m.mode == mode).map(|m| m.schools).sum()
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let k = d.kpis.clone();
    let modes = d.schools_by_mode.clone();
    let (independent, joint, extended) = (
        mode_total(&modes, FoundingMode::Independent),
        mode_total(&modes, FoundingMode::Joint),
        mode_total(&modes, FoundingMode::Extended),
    );
    let cumulative = cumulative_attendances(&d.monthly);
    let last_total = cumulative.last().map_or(0, |c| c.1);

    let monthly = d.monthly.clone();
    let monthly_chart = Signal::derive(move || charts::monthly_chart(&monthly));
    let monthly = d.monthly.clone();
    let cumulative_chart = Signal::derive(move || charts::cumulative_chart(&monthly));
    let mode_chart = {
        let modes = modes.clone();
        Signal::derive(move || charts::founding_mode_chart(&modes))
    };
    let towns = d.by_township.clone();
    let township_chart = Signal::derive(move || charts::township_chart(&towns));

    view! {
        <p class="as-of" data-testid="as-of">
            "数据截至 "
            {d.as_of.clone()}
        </p>
        <div class="kpis">
            <Kpi
                id="kpi-schools"
                label="业余党校"
                value=thousands(k.schools)
                unit="所"
                note=format!("独立建校 {independent} · 联合建校 {joint} · 延伸建校 {extended}")
            />
            <Kpi
                id="kpi-classes"
                label="办班（2015.4–2016.12）"
                value=thousands(k.classes_2015_2016)
                unit="期"
                note=format!("培训 {} 人次", thousands(k.attendances_2015_2016))
            />
            <Kpi
                id="kpi-attendances"
                label="培训人次（2015.4–2016.12）"
                value=thousands(k.attendances_2015_2016)
                unit="人次"
                note=format!("约 {}", wan(k.attendances_2015_2016))
            />
            <Kpi
                id="kpi-sessions-2017"
                label="2017年以来培训"
                value=thousands(k.sessions_2017)
                unit="场"
                note=format!("{} 人次（截至 5 月 25 日）", thousands(k.attendances_2017))
            />
            <Kpi
                id="kpi-total"
                label="累计培训"
                value=thousands(k.attendances_total)
                unit="人次"
                note=format!("约 {}", wan(k.attendances_total))
            />
            <Kpi
                id="kpi-members"
                label="全区党员"
                value=thousands(k.party_members)
                unit="名"
                note=format!("约 {}", wan(k.party_members))
            />
        </div>

        <div class="charts">
            <figure class="panel wide">
                <h2>"每月办班期数与培训人次"</h2>
                <EChart id="chart-monthly" label="每月办班期数与培训人次图".to_string() chart=monthly_chart />
                <figcaption>
                    {format!(
                        "2015年4月至2017年5月，共办班 {} 期/场、培训 {} 人次。",
                        thousands(d.monthly.iter().map(|m| m.classes).sum()),
                        thousands(last_total),
                    )}
                </figcaption>
                <DataTable
                    id="table-monthly"
                    headers=&["月份", "办班（期/场）", "培训人次", "累计人次"]
                    rows=d
                        .monthly
                        .iter()
                        .zip(&cumulative)
                        .map(|(m, c)| vec![m.month.clone(), thousands(m.classes), thousands(m.attendances), thousands(c.1)])
                        .collect()
                />
            </figure>

            <figure class="panel">
                <h2>"累计培训人次"</h2>
                <EChart id="chart-cumulative" label="累计培训人次图".to_string() chart=cumulative_chart />
                <figcaption>
                    {format!(
                        "截至 {}，累计培训 {} 人次（约 {}）。",
                        cumulative.last().map_or(String::new(), |c| c.0.clone()),
                        thousands(last_total),
                        wan(last_total),
                    )}
                </figcaption>
            </figure>

            <figure class="panel">
                <h2>"建校模式"</h2>
                <EChart id="chart-modes" label="业余党校建校模式构成图".to_string() chart=mode_chart />
                <figcaption>
                    {format!("共 {} 所：", k.schools)}
                    {modes.iter().map(|m| format!("{} {} 所", m.label(), m.schools)).collect::<Vec<_>>().join("、")} "。"
                </figcaption>
            </figure>

            {d
                .bands
                .clone()
                .map(|(year, counts)| {
                    view! {
                        <figure class="panel" data-testid="dashboard-bands">
                            <h2>{format!("{year} 年度“六有”评估等次")}</h2>
                            <ul class="map-legend">
                                {counts
                                    .into_iter()
                                    .map(|(band, n)| {
                                        view! {
                                            <li data-band=band.as_code()>
                                                <span
                                                    class="dot"
                                                    style=format!("background:{}", crate::charts::geo::band_color(band))
                                                ></span>
                                                {format!("{} {} 所", band.label(), n)}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            <figcaption>
                                <a href="/map?period=all&color=band">"在分布图上按等次查看 →"</a>
                            </figcaption>
                        </figure>
                    }
                })}

            <figure class="panel wide">
                <h2>"各街乡场培训人次"</h2>
                <EChart id="chart-townships" label="各街乡场培训人次图".to_string() chart=township_chart />
                <figcaption>
                    "按业余党校所在街乡场统计；区直单位、群团组织和二级事业单位的党校合为“区直单位”。"
                </figcaption>
                <DataTable
                    id="table-townships"
                    headers=&["街乡场", "培训人次"]
                    rows=d.by_township.iter().map(|u| vec![u.unit.clone(), thousands(u.attendances)]).collect()
                />
            </figure>
        </div>
    }
}

#[component]
fn Kpi(id: &'static str, label: &'static str, value: String, unit: &'static str, note: String) -> impl IntoView {
    view! {
        <div class="kpi" data-testid=id>
            <div class="kpi-label">{label}</div>
            <div class="kpi-value">
                <span class="num">{value}</span>
                <span class="unit">{unit}</span>
            </div>
            <div class="kpi-note">{note}</div>
        </div>
    }
}

/// A chart's figures as a table, folded away under the chart (and readable without JavaScript).
#[component]
fn DataTable(id: &'static str, headers: &'static [&'static str], rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <details>
            <summary>"查看数据表"</summary>
            <div class="table-wrap">
                <table data-testid=id>
                    <thead>
                        <tr>{headers.iter().map(|h| view! { <th>{*h}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|row| view! { <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
