//! When the WebAssembly breaks — most often a page's chunk (a lazy route, `app::routes`) that a phone's
//! network did not deliver — the page must stay usable: its server-rendered HTML is all there, its
//! links are plain links and its forms post themselves (`components::plain`). A panic in the browser
//! aborts the WebAssembly, so from then on this module keeps the broken app out of the way:
//!
//! - it lets every later click and form submission go to the browser itself (a full page load or a
//!   plain post), never to the router's or a form's handlers;
//! - a failure while moving to another page (the app was running) loads that page from the server
//!   instead (the address of the link last followed);
//! - a failure before the app was running leaves the page as the server sent it and says so, with a
//!   link that loads it again.
//!
//! What decides this (`after_failure`) is plain Rust, tested natively; the rest is the browser's glue.

/// What the browser does when the app has failed.
#[derive(Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Load this address from the server (the page the user was moving to).
    Load(String),
    /// Keep the page as it is and show [`MESSAGE`] (never a reload: a failure that comes back on every
    /// load would loop).
    Explain,
}

/// The notice shown when the page could not take over (the server's HTML stays readable and usable).
pub const MESSAGE: &str = "网络不稳定，页面的部分功能未能加载；内容仍可查看，链接和表单照常可用。";
/// The notice's link, which loads the page again.
pub const RELOAD: &str = "重新加载";

/// After a failure: `hydrated` says whether the app had taken over the page, `last_link` is the address
/// of the link followed last, if any, and `here` the address the browser shows. The router changes
/// the address only once the next page is ready, so a link followed that is not where the browser is
/// yet is a move the failure interrupted.
pub fn after_failure(hydrated: bool, last_link: Option<String>, here: &str) -> Recovery {
    match last_link {
        Some(href) if hydrated && href != here => Recovery::Load(href),
        _ => Recovery::Explain,
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{after_failure, Recovery, MESSAGE, RELOAD};
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::{closure::Closure, JsCast};

    thread_local! {
        static BROKEN: Cell<bool> = const { Cell::new(false) };
        static LAST_LINK: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    /// Installs the panic hook and the two listeners; called first thing in `hydrate()`. The listeners
    /// are on the window in the capture phase, so they run before the router's and the forms' own.
    pub fn install() {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            failed();
        }));
        let Some(window) = web_sys::window() else { return };
        let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            if BROKEN.get() {
                ev.stop_immediate_propagation();
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
                .map(|a| a.href());
            if link.is_some() {
                LAST_LINK.with_borrow_mut(|l| *l = link);
            }
        });
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            if BROKEN.get() {
                ev.stop_immediate_propagation();
            }
        });
        for (kind, listener) in [("click", on_click), ("submit", on_submit)] {
            let _ = window.add_event_listener_with_callback_and_bool(kind, listener.as_ref().unchecked_ref(), true);
            listener.forget();
        }
    }

    fn failed() {
        if BROKEN.replace(true) {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let Some(document) = window.document() else { return };
        let hydrated = document.body().is_some_and(|b| b.has_attribute("data-hydrated"));
        let last = LAST_LINK.with_borrow_mut(Option::take);
        let here = window.location().href().unwrap_or_default();
        match after_failure(hydrated, last, &here) {
            Recovery::Load(href) => {
                let _ = window.location().assign(&href);
            }
            Recovery::Explain => explain(&document, &here),
        }
    }

    /// The notice above the page: what happened and a link that loads the page again.
    fn explain(document: &web_sys::Document, here: &str) {
        let Ok(notice) = document.create_element("div") else { return };
        notice.set_class_name("load-failed");
        let _ = notice.set_attribute("role", "alert");
        let _ = notice.set_attribute("data-testid", "load-failed");
        notice.set_text_content(Some(MESSAGE));
        if let Ok(link) = document.create_element("a") {
            let _ = link.set_attribute("href", here);
            link.set_text_content(Some(RELOAD));
            let _ = notice.append_child(&link);
        }
        if let Some(main) = document.query_selector("main").ok().flatten() {
            let _ = main.prepend_with_node_1(&notice);
        }
    }
}

#[cfg(feature = "hydrate")]
pub use browser::install;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_while_moving_loads_the_page_moved_to() {
        let moved = after_failure(true, Some("http://x/map".into()), "http://x/");
        assert_eq!(moved, Recovery::Load("http://x/map".into()));
    }

    #[test]
    fn a_failure_on_the_page_the_browser_shows_keeps_it_and_says_so() {
        // The link followed last led here (the move had finished), or no link was followed: loading
        // the page again could loop on a failure that comes back every time.
        assert_eq!(after_failure(true, Some("http://x/map".into()), "http://x/map"), Recovery::Explain);
        assert_eq!(after_failure(true, None, "http://x/map"), Recovery::Explain);
    }

    #[test]
    fn a_failure_before_the_app_ran_keeps_the_page_and_says_so() {
        assert_eq!(after_failure(false, Some("http://x/map".into()), "http://x/"), Recovery::Explain);
        assert_eq!(after_failure(false, None, "http://x/"), Recovery::Explain);
    }
}
