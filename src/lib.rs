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
pub mod i18n;
pub mod messages;
pub mod model;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod server;

/// Room for the WebAssembly splitter (`cargo leptos build --split`). It moves each piece of constant
/// data to the chunk that uses it, re-packing them in the data segment the linker laid out — but when
/// the re-packed pieces and their alignment padding come out even a few bytes longer than the
/// original segment, it gives up and keeps *all* the data in the main file (seen: 190 bytes over, and
/// the main file grew by 96 KB raw, 32 KB brotli, on every page). This block is kept by the linker
/// (`#[used]`) and used by no code, so the splitter places it nowhere: its bytes are slack in the
/// original segment and are sent to no browser. `end2end/tests/weight.spec.ts` catches the splitter
/// giving up again (the pages' budgets).
#[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
#[used]
static SPLIT_SLACK: [u8; 4096] = [0xa5; 4096];

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic (a page's chunk that did not arrive) leaves the server's page usable (components::recover).
    components::recover::install();
    // The server's HTML is the page until the WebAssembly takes over; the page asks for the
    // WebAssembly only after its first paint (app::AfterFirstPaint), so a phone shows the figures
    // before the downloads and the long hydration task. The pages are lazy routes (app::routes):
    // hydration waits for the page's chunks, which the router fetches.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else {
            return;
        };
        leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
        // A mark for browser tests (and for anyone debugging a phone): the page is interactive now.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
