use leptos::prelude::*;

/// A chart. On the server it is an empty, sized box (the figures are in the page's text beside it);
/// in the browser, once its element is in the document, ECharts draws `option` — the full option,
/// built on the server — then merges in each value of `changes` (figures only, `charts::data`) and
/// follows the window's size. A click on a bar or slice calls `on_click` with its name.
#[component]
pub fn EChart(
    /// Element id, unique on the page.
    id: &'static str,
    /// Accessible name of the chart.
    label: String,
    #[allow(unused_variables)] option: String,
    #[prop(optional)]
    #[allow(unused_variables)]
    changes: Option<Signal<String>>,
    #[prop(optional)]
    #[allow(unused_variables)]
    on_click: Option<Callback<String>>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    draw::attach(id, option, changes, on_click);

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
    use super::super::bindings::{self, Instance};
    use leptos::prelude::*;
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{closure::Closure, JsValue};

    /// The drawn chart and its click handler (kept as long as the chart lives).
    type Drawn = Rc<RefCell<Option<(Instance, Option<Closure<dyn Fn(JsValue)>>)>>>;

    pub fn attach(id: &'static str, option: String, changes: Option<Signal<String>>, on_click: Option<Callback<String>>) {
        let chart: Drawn = Rc::new(RefCell::new(None));
        let drawn = chart.clone();
        Effect::new(move |_| {
            let change = changes.map(|c| c.get());
            let (drawn, option) = (drawn.clone(), option.clone());
            super::when_in_page(id, move |element| {
                bindings::when_loaded(move |ok| {
                    if ok {
                        draw(&element, &drawn, &option, change, on_click);
                    }
                })
            });
        });
        let resized = chart.clone();
        let listener = window_event_listener(leptos::ev::resize, move |_| {
            if let Some((instance, _)) = resized.borrow().as_ref() {
                instance.resize();
            }
        });
        let disposed = send_wrapper::SendWrapper::new(chart);
        on_cleanup(move || {
            listener.remove();
            if let Some((instance, _)) = disposed.borrow_mut().take() {
                instance.dispose();
            }
        });
    }

    /// Draws the chart the first time (the whole `option`), then merges in `change`. Not once the
    /// chart has left the page (ECharts arrived after the user moved on).
    fn draw(element: &web_sys::Element, drawn: &Drawn, option: &str, change: Option<String>, on_click: Option<Callback<String>>) {
        if !element.is_connected() {
            return;
        }
        let id = element.id();
        let mut slot = drawn.borrow_mut();
        if slot.is_none() {
            let instance = bindings::init(element, false);
            if let Err(e) = instance.set_option(option, true) {
                leptos::logging::error!("chart {id}: {e:?}");
            }
            let click = on_click.map(|callback| instance.on_name_click(move |name| callback.run(name)));
            *slot = Some((instance, click));
        }
        if let (Some((instance, _)), Some(change)) = (slot.as_ref(), change) {
            if let Err(e) = instance.set_option(&change, false) {
                leptos::logging::error!("chart {id}: {e:?}");
            }
        }
    }
}
