//! dangxiao — 黄陂区业余党校信息化管理平台. One crate, two builds: the server (`ssr`) and the browser
//! (`hydrate`, WebAssembly). This file only lists modules and the browser's entry point.

// The pages' view types nest deeply; erasing them (`AnyView`, as the page frame does) needs more
// than the default 128 levels when the compiler lays them out.
#![recursion_limit = "256"]

pub mod app;
pub mod charts;
pub mod components;
pub mod error;
pub mod features;
pub mod messages;
pub mod model;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic (a page's chunk that did not arrive) leaves the server's page usable (components::recover).
    components::recover::install();
    // The server's HTML is the page until the WebAssembly takes over: the browser paints it first (a
    // frame, then a task) and hydrates after, so a phone shows the figures before the long hydration
    // task. Hydrating at once held the first paint back until it was done (Lighthouse: the
    // dashboard's largest paint waited ~6.7 s for the WebAssembly on a throttled phone).
    leptos::prelude::request_animation_frame(|| leptos::prelude::set_timeout(take_over, std::time::Duration::ZERO));
}

#[cfg(feature = "hydrate")]
fn take_over() {
    // The pages are lazy routes (app::routes): hydration waits for the page's WebAssembly chunk, which
    // the server already asked the browser to fetch beside the main file.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
        // A mark for browser tests (and for anyone debugging a phone): the page is interactive now.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
