//! Our one binding of ECharts, for every chart and the map: init (canvas, or SVG for the map so its
//! labels are real text), registerMap, setOption (whole or merged), click and roam events, resize,
//! dispose.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance.
    #[derive(Clone)]
    pub type Instance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init)]
    fn init_js(element: &web_sys::Element, theme: &JsValue, opts: &JsValue) -> Instance;

    #[wasm_bindgen(js_namespace = echarts, js_name = registerMap)]
    fn register_map_js(name: &str, geojson: &JsValue);

    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option_js(this: &Instance, option: &JsValue, not_merge: bool);

    #[wasm_bindgen(method, js_name = getOption)]
    fn get_option_js(this: &Instance) -> JsValue;

    #[wasm_bindgen(method)]
    fn on(this: &Instance, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(method)]
    pub fn resize(this: &Instance);

    #[wasm_bindgen(method)]
    pub fn dispose(this: &Instance);
}

/// JSON text → a plain JS object.
fn to_js(json: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(json)
}

/// Our build of ECharts (`src/charts/echarts.js`, bundled by `make tools`): loaded by the first chart
/// a page draws, never by a page without charts.
pub const SCRIPT: &str = "/vendor/echarts.js";

/// True when the page has ECharts.
fn available() -> bool {
    web_sys::window().and_then(|w| js_sys::Reflect::has(&w, &JsValue::from_str("echarts")).ok()).unwrap_or(false)
}

type Waiting = Vec<Box<dyn FnOnce(bool)>>;

thread_local! {
    /// The charts waiting for ECharts while its script loads (`None`: not loading).
    static WAITING: std::cell::RefCell<Option<Waiting>> = const { std::cell::RefCell::new(None) };
}

/// Calls `then(true)` once ECharts is in the page — at once when it is, else when its script has
/// loaded (one download however many charts ask, each called in the order it asked) — or
/// `then(false)` when the script could not be loaded (a flaky network: the page keeps its figures as
/// text, and the next chart to ask tries again).
pub fn when_loaded(then: impl FnOnce(bool) + 'static) {
    if available() {
        return then(true);
    }
    let start = WAITING.with_borrow_mut(|waiting| {
        let start = waiting.is_none();
        waiting.get_or_insert_with(Vec::new).push(Box::new(then));
        start
    });
    if start && insert_script().is_err() {
        finish(false);
    }
}

/// Resolves when ECharts is in the page (true) or could not be loaded (false). Loading starts when
/// this is called, not when it is awaited.
pub fn loaded() -> impl std::future::Future<Output = bool> {
    let (sender, receiver) = futures::channel::oneshot::channel();
    when_loaded(move |ok| {
        let _ = sender.send(ok);
    });
    async move { receiver.await.unwrap_or(false) }
}

fn insert_script() -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let script = document.create_element("script")?;
    script.set_attribute("src", SCRIPT)?;
    let on_load = Closure::once_into_js(|| finish(available()));
    let on_error = Closure::once_into_js(|| finish(false));
    script.add_event_listener_with_callback("load", on_load.unchecked_ref())?;
    script.add_event_listener_with_callback("error", on_error.unchecked_ref())?;
    let head = document.head().ok_or(JsValue::NULL)?;
    head.append_child(&script)?;
    Ok(())
}

fn finish(ok: bool) {
    if !ok {
        leptos::logging::warn!("{SCRIPT} could not be loaded: charts show their figures as text only");
    }
    for then in WAITING.with_borrow_mut(Option::take).unwrap_or_default() {
        then(ok);
    }
}

/// A chart in `element`, drawn on a canvas or (`svg`) as SVG.
pub fn init(element: &web_sys::Element, svg: bool) -> Instance {
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"renderer".into(), &(if svg { "svg" } else { "canvas" }).into());
    init_js(element, &JsValue::NULL, &opts)
}

/// Registers the GeoJSON text `geojson` under `name`, with the `extra_features` (a JSON array) added.
pub fn register_map(name: &str, geojson: &str, extra_features: &str) -> Result<(), JsValue> {
    let map = to_js(geojson)?;
    let features: js_sys::Array = js_sys::Reflect::get(&map, &"features".into())?.dyn_into()?;
    let extra: js_sys::Array = to_js(extra_features)?.dyn_into()?;
    for feature in extra.iter() {
        features.push(&feature);
    }
    register_map_js(name, &map);
    Ok(())
}

impl Instance {
    /// Replaces the whole option (`notMerge`), or merges it in; `option` is JSON text.
    pub fn set_option(&self, option: &str, replace: bool) -> Result<(), JsValue> {
        self.set_option_js(&to_js(option)?, replace);
        Ok(())
    }

    /// The current centre of the first geo component, once the user has moved it.
    pub fn geo_center(&self) -> Option<(f64, f64)> {
        let option = self.get_option_js();
        let geo = js_sys::Reflect::get(&option, &"geo".into()).ok()?;
        let first = js_sys::Reflect::get(&geo, &0.into()).ok()?;
        let center = js_sys::Reflect::get(&first, &"center".into()).ok()?;
        let lon = js_sys::Reflect::get(&center, &0.into()).ok()?.as_f64()?;
        let lat = js_sys::Reflect::get(&center, &1.into()).ok()?.as_f64()?;
        Some((lon, lat))
    }

    /// Calls `handler` with the `id` of a clicked data item that has one. Keep the returned closure
    /// as long as the chart lives.
    #[must_use]
    pub fn on_item_click(&self, handler: impl Fn(i64) + 'static) -> Closure<dyn Fn(JsValue)> {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
            let id = js_sys::Reflect::get(&params, &"data".into())
                .ok()
                .and_then(|data| js_sys::Reflect::get(&data, &"id".into()).ok())
                .and_then(|id| id.as_f64());
            if let Some(id) = id {
                handler(id as i64);
            }
        });
        self.on("click", closure.as_ref().unchecked_ref());
        closure
    }

    /// Calls `handler` with the name of a clicked bar, slice or category. Keep the returned closure as
    /// long as the chart lives.
    #[must_use]
    pub fn on_name_click(&self, handler: impl Fn(String) + 'static) -> Closure<dyn Fn(JsValue)> {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
            if let Some(name) = js_sys::Reflect::get(&params, &"name".into()).ok().and_then(|n| n.as_string()) {
                handler(name);
            }
        });
        self.on("click", closure.as_ref().unchecked_ref());
        closure
    }

    /// Calls `handler` after the user pans or zooms. Keep the returned closure as long as the chart lives.
    #[must_use]
    pub fn on_roam(&self, handler: impl Fn() + 'static) -> Closure<dyn Fn(JsValue)> {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |_: JsValue| handler());
        self.on("georoam", closure.as_ref().unchecked_ref());
        closure
    }
}
