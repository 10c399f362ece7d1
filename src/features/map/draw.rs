//! Draws the map in the browser: fetches the served GeoJSON (never compiled into the WASM), registers
//! it with the sub-area polygons, and keeps the chart in step with the view, clicks and roaming.

use crate::charts::bindings::{self, Bundle, Instance};
use crate::charts::geo::{self, clamp_center, MapView, GEOJSON_URL, MAP_NAME};
use crate::model::MapData;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::{cell::RefCell, rc::Rc};
use wasm_bindgen::{closure::Closure, JsValue};

struct Drawn {
    chart: Instance,
    _handlers: Vec<Closure<dyn Fn(JsValue)>>,
}

/// Resolves in a later task of the browser's (a timer of 0 ms): a long piece of work split in two.
async fn next_task() {
    let (sender, receiver) = futures::channel::oneshot::channel();
    set_timeout(
        move || {
            let _ = sender.send(());
        },
        std::time::Duration::ZERO,
    );
    let _ = receiver.await;
}

async fn fetch_geojson() -> Result<String, String> {
    let response = gloo_net::http::Request::get(GEOJSON_URL).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}

/// The figures `shown` as an option to merge into the drawn map; `None` while they are those drawn
/// from the fetched option.
fn moved_figures(data: &MapData, shown: Memo<MapData>, view: MapView) -> Option<String> {
    shown.with_untracked(|m| (m.schools != data.schools).then(|| geo::figures(&m.schools, view, m.colour)))
}

/// Draws `data` (its full options) into the element `id` once mounted, then keeps its markers on the
/// figures `shown` (the live events' merged in); `ready` turns true when the map is on screen.
pub fn attach(
    id: &'static str,
    data: MapData,
    shown: Memo<MapData>,
    view: Memo<MapView>,
    selected: RwSignal<Option<i64>>,
    ready: RwSignal<bool>,
) {
    let drawn: Rc<RefCell<Option<Drawn>>> = Rc::new(RefCell::new(None));
    let data = Rc::new(data);
    let fetched = data.clone();
    let option = {
        let data = data.clone();
        move |view: MapView| match view {
            MapView::District => data.drawing.district.clone(),
            MapView::Qianchuan => data.drawing.qianchuan.clone(),
        }
    };

    let state = drawn.clone();
    Effect::new(move |_| {
        let v = view.get();
        if let Some(d) = state.borrow().as_ref() {
            let _ = d.chart.set_option(&option(v), true);
            if let Some(figures) = moved_figures(&data, shown, v) {
                let _ = d.chart.set_option(&figures, false);
            }
            return;
        }
        let (state, data, option) = (state.clone(), data.clone(), option.clone());
        // ECharts and the district's outline download side by side.
        let echarts = bindings::loaded(Bundle::Map);
        leptos::task::spawn_local(async move {
            let geojson = match fetch_geojson().await {
                Ok(g) => g,
                Err(e) => return leptos::logging::error!("map data {GEOJSON_URL}: {e}"),
            };
            if !echarts.await {
                return leptos::logging::warn!("ECharts not loaded: the map stays a list");
            }
            // The outline registered in a task of its own, the map drawn in the next: a phone's main
            // thread is never held by both at once (ECharts ran its loading, the outline's parsing and
            // the whole drawing in one long task).
            next_task().await;
            if bindings::register_map(MAP_NAME, &geojson, &data.drawing.sub_areas).is_err() {
                return leptos::logging::error!("map data could not be registered");
            }
            next_task().await;
            // Reached by in-app navigation, the page may not be in the document yet.
            crate::charts::when_in_page(id, move |element| {
                let Ok(chart) = bindings::init(Bundle::Map, &element) else {
                    return leptos::logging::error!("the map could not be drawn");
                };
                if chart.set_option(&option(view.get_untracked()), true).is_err() {
                    return;
                }
                if let Some(figures) = moved_figures(&data, shown, view.get_untracked()) {
                    let _ = chart.set_option(&figures, false);
                }
                let click = chart.on_item_click(move |school| selected.set(Some(school)));
                let roamed = chart.clone();
                let roam = chart.on_roam(move || {
                    // Keep the district on screen: a centre dragged past its edge is put back.
                    if let Some((lon, lat)) = roamed.geo_center() {
                        let [clon, clat] = clamp_center(lon, lat);
                        if (clon, clat) != (lon, lat) {
                            let _ = roamed.set_option(&format!(r#"{{"geo":{{"center":[{clon},{clat}]}}}}"#), false);
                        }
                    }
                });
                *state.borrow_mut() = Some(Drawn { chart, _handlers: vec![click, roam] });
                ready.set(true);
            });
        });
    });

    // Live figures: only the markers' data are merged into the drawn map.
    let live = drawn.clone();
    Effect::new(move |_| {
        shown.track();
        let v = view.get_untracked();
        if let (Some(d), Some(figures)) = (live.borrow().as_ref(), moved_figures(&fetched, shown, v)) {
            let _ = d.chart.set_option(&figures, false);
        }
    });

    let resized = drawn.clone();
    let listener = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(d) = resized.borrow().as_ref() {
            d.chart.resize();
        }
    });
    let disposed = SendWrapper::new(drawn);
    on_cleanup(move || {
        listener.remove();
        if let Some(d) = disposed.borrow_mut().take() {
            d.chart.dispose();
        }
    });
}
