use super::api::get_dashboard;
use crate::charts::{data, EChart, PngButton, Stamp};
use crate::components::live::{merged, on_today};
use crate::components::PrintStamp;
use crate::components::{EmptyState, Loaded};
use crate::model::{
    cumulative_attendances, dotted, thousands, wan, Dashboard, FoundingMode, Kpis, LiveEvent, ModeCount, PeriodKind, TodayPanel,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`: the leaders' dashboard. Rendered whole on the server (the route is `SsrMode::Async`), so every
/// figure is readable before — or without — the WebAssembly; the charts are drawn after hydration.
#[component]
pub fn DashboardPage() -> impl IntoView {
    // The period comes from the address (`/?period=month`, `/?period=range&from=…&to=…`): links and a
    // plain form choose it, with or without the WebAssembly.
    let query = leptos_router::hooks::use_query_map();
    let chosen = move || query.with(|q| (q.get("period"), q.get("from"), q.get("to")));
    let data = Resource::new(chosen, |(period, from, to)| get_dashboard(period, from, to));
    // Live: each event carries today's figures after the district's latest check-ins; the view merges
    // them into what it shows without asking the server again. It asks again only when the event cannot
    // be merged: a change to a past day, a reconnection, or a new day (the periods moved).
    let news = on_today(
        move || {
            data.with_untracked(|d| match d {
                Some(Ok(d)) => Some(d.today.day.clone()),
                _ => None,
            })
        },
        move || data.refetch(),
    );
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
            <PeriodChooser />
            <Loaded loading="正在加载数据…">
                {move || {
                    Suspend::new(async move {
                        data.await
                            .map(|d| {
                                if d.kpis.schools == 0 {
                                    view! { <EmptyState testid="dashboard-empty" message=EMPTY_DISTRICT /> }.into_any()
                                } else {
                                    view! { <DashboardView d news /> }.into_any()
                                }
                            })
                    })
                }}
            </Loaded>
        </section>
    }
}

/// Where a township's bar (or its row in the table) leads: its schools, on the map page.
fn township_href(unit: &str) -> String {
    format!("/map?period=all&township={unit}")
}

/// The dashboard of an installation without schools yet.
const EMPTY_DISTRICT: &str =
    "还没有业余党校和培训数据。组织部管理员建立学校、导入人员、开办培训班后，这里显示全区的培训人次、每月办班和各街乡场的数据。";

fn mode_total(modes: &[ModeCount], mode: FoundingMode) -> i64 {
    modes.iter().filter(|m| m.mode == mode).map(|m| m.schools).sum()
}

/// The figures as fetched, with the live events' figures of today merged in.
#[component]
fn DashboardView(d: Dashboard, news: RwSignal<Option<LiveEvent>>) -> impl IntoView {
    let (period, bands) = (d.period.clone(), d.bands.clone());
    let modes = d.schools_by_mode.clone();
    let (independent, joint, extended) = (
        mode_total(&modes, FoundingMode::Independent),
        mode_total(&modes, FoundingMode::Joint),
        mode_total(&modes, FoundingMode::Extended),
    );
    let schools = d.kpis.schools;
    let today_options = (d.charts.today_townships.clone(), d.charts.today_hours.clone());
    // The charts: their full options from the server, then only the figures merged in as they change.
    let options = d.charts.clone();
    let shown = merged(d, news);
    let kpis = Memo::new(move |_| shown.with(|d| d.kpis.clone()));
    let monthly = Memo::new(move |_| shown.with(|d| d.monthly.clone()));
    let towns = Memo::new(move |_| shown.with(|d| d.by_township.clone()));
    let today = Memo::new(move |_| shown.with(|d| d.today.clone()));
    let cumulative = Memo::new(move |_| monthly.with(|m| cumulative_attendances(m)));
    let last_total = move || cumulative.with(|c| c.last().map_or(0, |c| c.1));
    // A card's figure and note, following the live figures.
    let figure = move |f: fn(&Kpis) -> i64| Signal::derive(move || thousands(kpis.with(f)));
    let in_wan = move |f: fn(&Kpis) -> i64| Signal::derive(move || format!("约 {}", wan(kpis.with(f))));

    let monthly_figures = Signal::derive(move || monthly.with(|m| data::monthly(m)));
    let cumulative_figures = Signal::derive(move || monthly.with(|m| data::cumulative(m)));
    let township_figures = Signal::derive(move || towns.with(|t| data::townships(t)));
    // Drill-down: a township's bar opens its schools.
    let open_township = Callback::new(move |unit: String| {
        #[cfg(feature = "hydrate")]
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            let _ = location.set_href(&township_href(&unit));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = unit;
    });

    let article = period.kind == PeriodKind::Article;
    let to_day = dotted(&period.to);
    let span = period.span();
    let as_of = Signal::derive(move || shown.with(|d| d.as_of.clone()));
    let stamp = Stamp { period: Signal::stored(span.clone()), as_of, credit: None };
    view! {
        <PrintStamp title="黄陂区业余党校培训数据看板" as_of />
        <p class="as-of" data-testid="as-of">
            "数据截至 "
            {move || shown.with(|d| d.as_of.clone())}
        </p>
        <div class="kpis">
            <Kpi
                id="kpi-schools"
                label="业余党校"
                value=thousands(schools).into()
                unit="所"
                note=format!("独立建校 {independent} · 联合建校 {joint} · 延伸建校 {extended}").into()
            />
            {(!article)
                .then(|| {
                    view! {
                        <Kpi
                            id="kpi-period-classes"
                            label="办班（所选时段）"
                            value=figure(|k| k.classes)
                            unit="期"
                            note=period.span().into()
                        />
                        <Kpi
                            id="kpi-period-attendances"
                            label="培训人次（所选时段）"
                            value=figure(|k| k.attendances)
                            unit="人次"
                            note=in_wan(|k| k.attendances)
                        />
                    }
                })}
            {article
                .then(|| {
                    view! {
                        <Kpi
                            id="kpi-classes"
                            label="办班（2015.4–2016.12）"
                            value=figure(|k| k.classes_2015_2016)
                            unit="期"
                            note=Signal::derive(move || format!("培训 {} 人次", thousands(kpis.with(|k| k.attendances_2015_2016))))
                        />
                        <Kpi
                            id="kpi-attendances"
                            label="培训人次（2015.4–2016.12）"
                            value=figure(|k| k.attendances_2015_2016)
                            unit="人次"
                            note=in_wan(|k| k.attendances_2015_2016)
                        />
                        <Kpi
                            id="kpi-sessions-2017"
                            label="2017年以来培训"
                            value=figure(|k| k.sessions_2017)
                            unit="场"
                            note=Signal::derive(move || {
                                format!("{} 人次（截至 {to_day}）", thousands(kpis.with(|k| k.attendances_2017)))
                            })
                        />
                    }
                })}
            <Kpi
                id="kpi-total"
                label="累计培训"
                value=figure(|k| k.attendances_total)
                unit="人次"
                note=in_wan(|k| k.attendances_total)
            />
            <Kpi id="kpi-members" label="全区党员" value=figure(|k| k.party_members) unit="名" note=in_wan(|k| k.party_members) />
        </div>

        <TodayView today=today.into() options=today_options />

        <div class="charts">
            <figure class="panel wide">
                <h2>"每月办班期数与培训人次"</h2>
                <EChart
                    id="chart-monthly"
                    label="每月办班期数与培训人次图".to_string()
                    option=options.monthly.clone()
                    changes=monthly_figures
                />
                <PngButton chart="chart-monthly" title="每月办班期数与培训人次" stamp />
                <figcaption>
                    {
                        let span = span.clone();
                        move || {
                            format!(
                                "{span}，共办班 {} 期/场、培训 {} 人次。",
                                thousands(monthly.with(|m| m.iter().map(|m| m.classes).sum())),
                                thousands(last_total()),
                            )
                        }
                    }
                </figcaption>
                <DataTable
                    id="table-monthly"
                    headers=&["月份", "办班（期/场）", "培训人次", "累计人次"]
                    rows=Signal::derive(move || {
                        monthly
                            .with(|monthly| {
                                cumulative
                                    .with(|cumulative| {
                                        monthly
                                            .iter()
                                            .zip(cumulative)
                                            .map(|(m, c)| {
                                                vec![m.month.clone(), thousands(m.classes), thousands(m.attendances), thousands(c.1)]
                                            })
                                            .collect()
                                    })
                            })
                    })
                />
            </figure>

            <figure class="panel">
                <h2>"累计培训人次"</h2>
                <EChart
                    id="chart-cumulative"
                    label="累计培训人次图".to_string()
                    option=options.cumulative.clone()
                    changes=cumulative_figures
                />
                <PngButton chart="chart-cumulative" title="累计培训人次" stamp />
                <figcaption>
                    {
                        let span = span.clone();
                        move || format!("{span}，累计培训 {} 人次（约 {}）。", thousands(last_total()), wan(last_total()))
                    }
                </figcaption>
            </figure>

            <figure class="panel">
                <h2>"建校模式"</h2>
                <EChart id="chart-modes" label="业余党校建校模式构成图".to_string() option=options.modes.clone() />
                <PngButton chart="chart-modes" title="建校模式" stamp />
                <figcaption>
                    {format!("共 {schools} 所：")}
                    {modes.iter().map(|m| format!("{} {} 所", m.label(), m.schools)).collect::<Vec<_>>().join("、")} "。"
                </figcaption>
            </figure>

            {bands
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
                <EChart
                    id="chart-townships"
                    label="各街乡场培训人次图".to_string()
                    option=options.townships.clone()
                    changes=township_figures
                    on_click=open_township
                />
                <PngButton chart="chart-townships" title="各街乡场培训人次" stamp />
                <figcaption>
                    {format!(
                        "{span}，按业余党校所在街乡场统计；区直单位、群团组织和二级事业单位的党校合为“区直单位”。",
                    )}
                </figcaption>
                <DataTable
                    id="table-townships"
                    headers=&["街乡场", "培训人次"]
                    first_link=township_href
                    rows=Signal::derive(move || {
                        towns.with(|t| t.iter().map(|u| vec![u.unit.clone(), thousands(u.attendances)]).collect())
                    })
                />
            </figure>
        </div>
    }
}

/// 今日动态: the classes open for check-in today (each opens its school's page) and today's check-ins
/// by township and by hour.
#[component]
fn TodayView(today: Signal<TodayPanel>, options: (String, String)) -> impl IntoView {
    let total = Memo::new(move |_| today.with(|t| t.by_hour.iter().sum::<i64>()));
    let towns = Memo::new(move |_| today.with(|t| t.by_township.clone()));
    let township_figures = Signal::derive(move || towns.with(|t| data::townships(t)));
    let hours = Memo::new(move |_| today.with(|t| t.by_hour.clone()));
    let hourly_figures = Signal::derive(move || hours.with(|h| data::hourly(h)));
    // Built again only when these flip, so the charts and the table are updated, not redrawn.
    let has_checkins = Memo::new(move |_| total.get() > 0);
    let has_classes = Memo::new(move |_| today.with(|t| !t.classes.is_empty()));
    view! {
        <section class="panel today" data-testid="today">
            <h2>{move || today.with(|t| format!("今日动态（{}）", dotted(&t.day)))}</h2>
            <p class="muted" data-testid="today-total">
                {move || {
                    format!(
                        "今日签到 {} 人次，正在签到的培训班 {} 个",
                        thousands(total.get()),
                        today.with(|t| t.classes.len()),
                    )
                }}
            </p>
            {move || {
                if !has_classes.get() {
                    view! { <p class="empty">"今天还没有开放签到的培训班。"</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="today-classes">
                                <thead>
                                    <tr>
                                        <th>"业余党校"</th>
                                        <th>"培训班"</th>
                                        <th>"时间"</th>
                                        <th>"已签到 / 名额"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {move || {
                                        today
                                            .with(|t| t.classes.clone())
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <tr>
                                                        <td>
                                                            <a href=format!("/schools/{}", c.school_id)>{c.school.clone()}</a>
                                                        </td>
                                                        <td>{c.title.clone()}</td>
                                                        <td>{format!("{}–{}", c.starts_at.time(), c.ends_at.time())}</td>
                                                        <td class="num">
                                                            {match c.capacity {
                                                                Some(cap) => format!("{} / {}", thousands(c.checked_in), thousands(cap)),
                                                                None => thousands(c.checked_in),
                                                            }}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
            {move || {
                has_checkins
                    .get()
                    .then(|| {
                        view! {
                            <div class="charts">
                                <figure>
                                    <h3>"今日签到（按街乡场）"</h3>
                                    <EChart
                                        id="chart-today-townships"
                                        label="今日各街乡场签到人次图".to_string()
                                        option=options.0.clone()
                                        changes=township_figures
                                    />
                                </figure>
                                <figure>
                                    <h3>"今日签到（按小时）"</h3>
                                    <EChart
                                        id="chart-today-hours"
                                        label="今日每小时签到人次图".to_string()
                                        option=options.1.clone()
                                        changes=hourly_figures
                                    />
                                </figure>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// The period links (the article's preset, this year, this month) and a form for a range of days:
/// plain links and a GET form, so the choice works before (and without) the WebAssembly.
#[component]
fn PeriodChooser() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    move || {
        let (current, from, to) = query.with(|q| {
            let kind = q.get("period").as_deref().and_then(PeriodKind::from_code).unwrap_or_default();
            (kind, q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default())
        });
        view! {
            <nav class="period-chooser" aria-label="统计时段" data-testid="period-chooser">
                {[PeriodKind::Article, PeriodKind::Year, PeriodKind::Month]
                    .into_iter()
                    .map(|kind| {
                        let href = if kind == PeriodKind::Article { "/".to_string() } else { format!("/?period={}", kind.code()) };
                        view! {
                            <a
                                href=href
                                class=if kind == current { "chip current" } else { "chip" }
                                aria-current=(kind == current).then_some("page")
                            >
                                {kind.label()}
                            </a>
                        }
                    })
                    .collect_view()}
                <form method="get" action="/" class="inline-form period-range">
                    <input type="hidden" name="period" value="range" />
                    <label>"自" <input type="date" name="from" value=from required /></label>
                    <label>"至" <input type="date" name="to" value=to required /></label>
                    <button type="submit" class=if current == PeriodKind::Range { "secondary current" } else { "secondary" }>
                        "查看"
                    </button>
                </form>
            </nav>
        }
    }
}

#[component]
fn Kpi(id: &'static str, label: &'static str, value: Signal<String>, unit: &'static str, note: Signal<String>) -> impl IntoView {
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
fn DataTable(
    id: &'static str,
    headers: &'static [&'static str],
    rows: Signal<Vec<Vec<String>>>,
    /// Where a row's first cell leads, if anywhere.
    #[prop(optional)]
    first_link: Option<fn(&str) -> String>,
) -> impl IntoView {
    view! {
        <details>
            <summary>"查看数据表"</summary>
            <div class="table-wrap" tabindex="0">
                <table data-testid=id>
                    <thead>
                        <tr>{headers.iter().map(|h| view! { <th>{*h}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|row| {
                                    view! {
                                        <tr>
                                            {row
                                                .into_iter()
                                                .enumerate()
                                                .map(|(i, cell)| match first_link.filter(|_| i == 0) {
                                                    Some(link) => {
                                                        view! {
                                                            <td>
                                                                <a href=link(&cell)>{cell.clone()}</a>
                                                            </td>
                                                        }
                                                            .into_any()
                                                    }
                                                    None => view! { <td>{cell}</td> }.into_any(),
                                                })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
