use charming::Chart;
use leptos::prelude::*;

/// A chart container. On the server it is an empty, sized box (the figures are in the page's text
/// beside it); in the browser ECharts draws `chart` into it after hydration and follows the window's
/// size. `chart` is rebuilt whenever its inputs change.
#[component]
pub fn EChart(
    /// Element id, unique on the page.
    id: &'static str,
    /// Accessible name of the chart.
    label: String,
    #[allow(unused_variables)] chart: Signal<Chart>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    draw::attach(id, chart);

    view! { <div class="chart" id=id role="img" aria-label=label data-testid=id></div> }
}

/// Runs `then` with the element `id` once it is in the document: at once when it is, else on one of
/// the next animation frames (about two seconds at most). A page reached by in-app navigation is
/// built before it is put into the document.
#[cfg(feature = "hydrate")]
pub fn when_in_page(id: &'static str, then: impl FnOnce(web_sys::Element) + 'static) {
    fn attempt(id: &'static str, then: Box<dyn FnOnce(web_sys::Element)>, frames_left: u32) {
        let found = document().get_element_by_id(id).filter(|e| e.is_connected());
        match found {
            Some(element) => then(element),
            None if frames_left > 0 => request_animation_frame(move || attempt(id, then, frames_left - 1)),
            None => leptos::logging::warn!("element {id} never appeared in the page"),
        }
    }
    attempt(id, Box::new(then), 120);
}

#[cfg(feature = "hydrate")]
mod draw {
    use charming::{Chart, WasmRenderer};
    use leptos::prelude::*;
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::JsValue;

    /// True when the page loaded our copy of ECharts (a WebView may block scripts).
    fn echarts_loaded() -> bool {
        web_sys::window().and_then(|w| js_sys::Reflect::has(&w, &JsValue::from_str("echarts")).ok()).unwrap_or(false)
    }

    pub fn attach(id: &'static str, chart: Signal<Chart>) {
        let handle: Rc<RefCell<Option<charming::Echarts>>> = Rc::new(RefCell::new(None));
        let drawn = handle.clone();
        Effect::new(move |_| {
            let chart = chart.get();
            let drawn = drawn.clone();
            // Reached by in-app navigation, the page may not be in the document yet when this runs:
            // draw once its element is.
            super::when_in_page(id, move |_| {
                if !echarts_loaded() {
                    leptos::logging::warn!("ECharts not loaded: chart {id} shows its figures as text only");
                    return;
                }
                let mut slot = drawn.borrow_mut();
                match slot.as_ref() {
                    Some(echarts) => WasmRenderer::update(echarts, &chart),
                    None => match WasmRenderer::new_opt(None, None).render(id, &chart) {
                        Ok(echarts) => *slot = Some(echarts),
                        Err(e) => leptos::logging::error!("chart {id}: {e:?}"),
                    },
                }
            });
        });
        let resized = handle.clone();
        let listener = window_event_listener(leptos::ev::resize, move |_| {
            if let Some(echarts) = resized.borrow().as_ref() {
                echarts.resize(JsValue::UNDEFINED);
            }
        });
        on_cleanup(move || {
            listener.remove();
        });
    }
}
