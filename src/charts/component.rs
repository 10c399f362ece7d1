use leptos::prelude::*;

/// A chart. On the server it is an empty, sized box (the figures are in the page's text beside it);
/// in the browser, once its element is in the document and comes near the screen (`when_near_screen`:
/// a phone scrolls to a chart before it costs any download or drawing), ECharts draws `option` — the
/// full option, built on the server — merged with the latest value of `changes` (figures only,
/// `charts::data`), then merges each later value and follows the window's size. A click on a bar or
/// slice calls `on_click` with its name.
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

/// Runs `then` once `element` is on the screen or within half a screen of it, or when the page is
/// printed (a printed page has every chart drawn). A phone that opens a page with many charts
/// downloads ECharts and draws only those the reader reaches; where the browser has no
/// IntersectionObserver, at once.
#[cfg(feature = "hydrate")]
pub fn when_near_screen(element: web_sys::Element, then: impl FnOnce(web_sys::Element) + 'static) {
    use wasm_bindgen::{closure::Closure, JsCast};
    type Callback = Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>;
    let target = element.clone();
    let then: print::Waiting = std::rc::Rc::new(std::cell::RefCell::new(Some(Box::new(move || then(target)))));
    let run = |then: &print::Waiting| {
        let once = then.borrow_mut().take();
        if let Some(once) = once {
            once();
        }
    };
    let on_screen = then.clone();
    let callback: Callback = Closure::new(move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
        let near = entries.iter().any(|e| e.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
        if near {
            observer.disconnect();
            run(&on_screen);
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("50% 0px");
    match web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) {
        Ok(observer) => {
            observer.observe(&element);
            // The observer holds the callback until it fires (and disconnects).
            callback.forget();
            print::on_print(&then);
        }
        Err(_) => run(&then),
    }
}

/// Whether the page is being printed (between the browser's `beforeprint` and `afterprint`).
#[cfg(feature = "hydrate")]
pub fn printing() -> bool {
    print::PRINTING.get()
}

/// Printing: the charts still waiting for the screen are drawn when the page is printed, at once and
/// without animation (the printed page is laid out right after `beforeprint`), and the charts drawn
/// already are put at their final state.
#[cfg(feature = "hydrate")]
mod print {
    use std::{
        cell::{Cell, RefCell},
        rc::{Rc, Weak},
    };

    /// A drawing waiting for the screen (taken by whichever comes first: the screen or the print).
    pub type Waiting = Rc<Slot>;
    pub type Slot = RefCell<Option<Box<dyn FnOnce()>>>;

    thread_local! {
        pub static PRINTING: Cell<bool> = const { Cell::new(false) };
        /// The drawings still waiting, and whether the print listeners are on the window.
        static WAITING: RefCell<(Vec<Weak<Slot>>, bool)> = const { RefCell::new((Vec::new(), false)) };
    }

    /// Draws `waiting` (if it is still waiting) when the page is printed.
    pub fn on_print(waiting: &Waiting) {
        let listen = WAITING.with_borrow_mut(|(list, listening)| {
            list.retain(|w| w.upgrade().is_some_and(|w| w.borrow().is_some()));
            list.push(Rc::downgrade(waiting));
            !std::mem::replace(listening, true)
        });
        if listen {
            use wasm_bindgen::{closure::Closure, JsCast};
            let before = Closure::<dyn Fn()>::new(|| {
                PRINTING.set(true);
                // The charts drawn already: at their final state (a chart still growing would be
                // printed half grown).
                for chart in super::super::bindings::drawn_charts() {
                    let _ = chart.set_option(r#"{"animation":false}"#, false);
                }
                let list = WAITING.with_borrow_mut(|(list, _)| std::mem::take(list));
                for once in list.iter().filter_map(Weak::upgrade).filter_map(|w| w.borrow_mut().take()) {
                    once();
                }
            });
            let after = Closure::<dyn Fn()>::new(|| {
                PRINTING.set(false);
                for chart in super::super::bindings::drawn_charts() {
                    let _ = chart.set_option(r#"{"animation":"auto"}"#, false);
                }
            });
            if let Some(window) = web_sys::window() {
                let _ = window.add_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
                let _ = window.add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
            }
            // On the window for the page's life.
            before.forget();
            after.forget();
        }
    }
}

#[cfg(feature = "hydrate")]
mod draw {
    use super::super::bindings::{self, Bundle, Instance};
    use leptos::prelude::*;
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{closure::Closure, JsValue};

    /// The drawn chart and its click handler (kept as long as the chart lives).
    type Drawn = Rc<RefCell<Option<(Instance, Option<Closure<dyn Fn(JsValue)>>)>>>;

    /// Before the chart is drawn: the latest figures to merge into it, and whether a drawing is
    /// already on its way (waiting for the screen or for ECharts).
    #[derive(Default)]
    struct Pending {
        change: Option<String>,
        waiting: bool,
    }

    pub fn attach(id: &'static str, option: String, changes: Option<Signal<String>>, on_click: Option<Callback<String>>) {
        let chart: Drawn = Rc::new(RefCell::new(None));
        let pending = Rc::new(RefCell::new(Pending::default()));
        let drawn = chart.clone();
        Effect::new(move |_| {
            let change = changes.map(|c| c.get());
            // Drawn already: merge the figures at once.
            if let Some((instance, _)) = drawn.borrow().as_ref() {
                if let Some(change) = change {
                    if let Err(e) = instance.set_option(&change, false) {
                        leptos::logging::error!("chart {id}: {e:?}");
                    }
                }
                return;
            }
            let on_its_way = {
                let mut waiting = pending.borrow_mut();
                if change.is_some() {
                    waiting.change = change;
                }
                std::mem::replace(&mut waiting.waiting, true)
            };
            if on_its_way {
                return;
            }
            let (drawn, pending, option) = (drawn.clone(), pending.clone(), option.clone());
            super::when_in_page(id, move |element| {
                super::when_near_screen(element, move |element| {
                    bindings::when_loaded(Bundle::Charts, move |ok| {
                        let draw_now = move || {
                            let change = {
                                let mut pending = pending.borrow_mut();
                                pending.waiting = false;
                                pending.change.take()
                            };
                            if ok {
                                draw(&element, &drawn, &option, change, on_click);
                            }
                        };
                        // Each chart in a task of its own: a page's charts never hold the page
                        // together in one long task — but a page being printed is drawn at once.
                        if super::printing() {
                            draw_now();
                        } else {
                            set_timeout(draw_now, std::time::Duration::ZERO);
                        }
                    })
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

    /// Draws the chart: the whole `option`, then `change` merged in. Not once the chart has left the
    /// page (ECharts arrived after the user moved on).
    fn draw(element: &web_sys::Element, drawn: &Drawn, option: &str, change: Option<String>, on_click: Option<Callback<String>>) {
        if !element.is_connected() || drawn.borrow().is_some() {
            return;
        }
        let id = element.id();
        let instance = match bindings::init(Bundle::Charts, element) {
            Ok(instance) => instance,
            Err(e) => return leptos::logging::error!("chart {id}: {e:?}"),
        };
        // Printed: the finished chart at once (an animation's first frame would be printed).
        let first = if super::printing() { instance.set_option(r#"{"animation":false}"#, true).map(|_| false) } else { Ok(true) };
        if let Err(e) = first.and_then(|replace| instance.set_option(option, replace)) {
            leptos::logging::error!("chart {id}: {e:?}");
        }
        if let Some(change) = change {
            if let Err(e) = instance.set_option(&change, false) {
                leptos::logging::error!("chart {id}: {e:?}");
            }
        }
        let click = on_click.map(|callback| instance.on_name_click(move |name| callback.run(name)));
        *drawn.borrow_mut() = Some((instance, click));
    }
}
