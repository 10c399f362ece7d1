//! Our one binding of ECharts, for every chart and the map: init (canvas for the charts, SVG for the
//! map so its labels are real text), registerMap, setOption (whole or merged), click and roam events,
//! resize, dispose, and a drawn chart saved as a PNG. ECharts comes in two builds of ours (`Bundle`): the charts' and the map's, each
//! with only what its pages draw, each loaded by the first drawing that needs it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance.
    #[derive(Clone)]
    pub type Instance;

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

/// Our two builds of ECharts (bundled by esbuild in `make tools`), each the global its script defines.
/// Loaded by the first drawing that needs one, never by a page without charts; a page reached in the
/// app may find the other already loaded beside it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bundle {
    /// Bar, line and pie charts on a canvas (`src/charts/echarts.js`, global `echarts`).
    Charts,
    /// The map: the geo component and its markers, drawn as SVG (`src/charts/echarts-map.js`, global
    /// `echartsMap`).
    Map,
}

impl Bundle {
    pub const fn script(self) -> &'static str {
        match self {
            Bundle::Charts => "/vendor/echarts.js",
            Bundle::Map => "/vendor/echarts-map.js",
        }
    }

    const fn global(self) -> &'static str {
        match self {
            Bundle::Charts => "echarts",
            Bundle::Map => "echartsMap",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }

    /// The build's global object, once its script has run.
    fn namespace(self) -> Option<JsValue> {
        let window = web_sys::window()?;
        js_sys::Reflect::get(&window, &JsValue::from_str(self.global())).ok().filter(|ns| ns.is_object())
    }

    /// Calls the build's function `name` with `args`.
    fn call(self, name: &str, args: &js_sys::Array) -> Result<JsValue, JsValue> {
        let ns = self.namespace().ok_or(JsValue::NULL)?;
        let function: js_sys::Function = js_sys::Reflect::get(&ns, &JsValue::from_str(name))?.dyn_into()?;
        function.apply(&ns, args)
    }
}

type Waiting = Vec<Box<dyn FnOnce(bool)>>;

thread_local! {
    /// Per build, the drawings waiting for it while its script loads (`None`: not loading).
    static WAITING: std::cell::RefCell<[Option<Waiting>; 2]> = const { std::cell::RefCell::new([None, None]) };
}

/// Calls `then(true)` once the build `bundle` of ECharts is in the page — at once when it is, else when its script has
/// loaded (one download however many charts ask, each called in the order it asked) — or
/// `then(false)` when the script could not be loaded (a flaky network: the page keeps its figures as
/// text, and the next chart to ask tries again).
pub fn when_loaded(bundle: Bundle, then: impl FnOnce(bool) + 'static) {
    if bundle.namespace().is_some() {
        return then(true);
    }
    let start = WAITING.with_borrow_mut(|waiting| {
        let waiting = &mut waiting[bundle.index()];
        let start = waiting.is_none();
        waiting.get_or_insert_with(Vec::new).push(Box::new(then));
        start
    });
    if start && insert_script(bundle).is_err() {
        finish(bundle, false);
    }
}

/// Resolves when ECharts is in the page (true) or could not be loaded (false). Loading starts when
/// this is called, not when it is awaited.
pub fn loaded(bundle: Bundle) -> impl std::future::Future<Output = bool> {
    let (sender, receiver) = futures::channel::oneshot::channel();
    when_loaded(bundle, move |ok| {
        let _ = sender.send(ok);
    });
    async move { receiver.await.unwrap_or(false) }
}

fn insert_script(bundle: Bundle) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(JsValue::NULL)?;
    let script = document.create_element("script")?;
    script.set_attribute("src", bundle.script())?;
    let on_load = Closure::once_into_js(move || finish(bundle, bundle.namespace().is_some()));
    let on_error = Closure::once_into_js(move || finish(bundle, false));
    script.add_event_listener_with_callback("load", on_load.unchecked_ref())?;
    script.add_event_listener_with_callback("error", on_error.unchecked_ref())?;
    let head = document.head().ok_or(JsValue::NULL)?;
    head.append_child(&script)?;
    Ok(())
}

fn finish(bundle: Bundle, ok: bool) {
    if !ok {
        leptos::logging::warn!("{} could not be loaded: charts show their figures as text only", bundle.script());
    }
    for then in WAITING.with_borrow_mut(|waiting| waiting[bundle.index()].take()).unwrap_or_default() {
        then(ok);
    }
}

/// A chart of the build `bundle` in `element`: the charts on a canvas, the map as SVG. Call it once
/// the build is loaded (`when_loaded`).
pub fn init(bundle: Bundle, element: &web_sys::Element) -> Result<Instance, JsValue> {
    let opts = js_sys::Object::new();
    let renderer = if bundle == Bundle::Map { "svg" } else { "canvas" };
    js_sys::Reflect::set(&opts, &"renderer".into(), &renderer.into())?;
    Ok(bundle.call("init", &js_sys::Array::of3(element, &JsValue::NULL, &opts))?.unchecked_into())
}

/// Registers the GeoJSON text `geojson` under `name` with the map's build, with the `extra_features`
/// (a JSON array) added.
pub fn register_map(name: &str, geojson: &str, extra_features: &str) -> Result<(), JsValue> {
    let map = to_js(geojson)?;
    let features: js_sys::Array = js_sys::Reflect::get(&map, &"features".into())?.dyn_into()?;
    let extra: js_sys::Array = to_js(extra_features)?.dyn_into()?;
    for feature in extra.iter() {
        features.push(&feature);
    }
    Bundle::Map.call("registerMap", &js_sys::Array::of2(&JsValue::from_str(name), &map))?;
    Ok(())
}

/// Saves the chart drawn in `element` with the build `bundle` as a PNG named `filename`: the chart as
/// drawn under its `title` and `lines` (the period, the 数据截至 stamp). `Ok(false)`: nothing drawn
/// there yet (or the build not loaded).
pub fn export_png(bundle: Bundle, element: &web_sys::Element, title: &str, lines: &[String], filename: &str) -> Result<bool, JsValue> {
    if bundle.namespace().is_none() {
        return Ok(false);
    }
    let lines: js_sys::Array = lines.iter().map(|l| JsValue::from_str(l)).collect();
    let args = js_sys::Array::of4(element, &JsValue::from_str(title), &lines, &JsValue::from_str(filename));
    Ok(bundle.call("exportPng", &args)?.as_bool().unwrap_or(false))
}

/// Every chart drawn in the page (the charts' build), each `.chart` element's.
pub fn drawn_charts() -> Vec<Instance> {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return Vec::new() };
    let Ok(elements) = document.query_selector_all(".chart") else { return Vec::new() };
    (0..elements.length())
        .filter_map(|i| elements.item(i))
        .filter_map(|element| Bundle::Charts.call("getInstanceByDom", &js_sys::Array::of1(&element)).ok())
        .filter(|instance| instance.is_object())
        .map(JsCast::unchecked_into)
        .collect()
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
