//! Plain pages: the pages a cadre opens on a phone — `/login`, their own hours, and where a QR scan
//! lands — are sent without the WebAssembly (and without ECharts): rendered whole on the server, their
//! forms plain HTML posts to the server functions, which answer with a redirect (leptos' form
//! redirects: back to the page, with an error in its address when there is one). A phone on a slow
//! network then reads and uses them after one small download; the rest of the site hydrates as before.
//! Reached by in-app navigation from a hydrated page, the same components run in the browser like any
//! other page.

use leptos::prelude::*;

/// The paths served without the WebAssembly.
pub const PLAIN_PAGES: &[&str] = &["/login", "/me/hours", "/checkin"];

/// In the context of a response that ships no WebAssembly (provided by the shell, on the server only;
/// a plain page is never hydrated, so nothing in the browser depends on it).
#[derive(Clone, Copy, Debug)]
pub struct Plain;

/// Whether this page is being rendered as a plain page (always false in the browser).
pub fn is_plain() -> bool {
    use_context::<Plain>().is_some()
}

/// Whether the request being answered is for a plain page (server only).
#[cfg(feature = "ssr")]
pub fn requested() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| PLAIN_PAGES.contains(&parts.uri.path()))
}

/// Whether the server function being answered was called by a plain form post (a `POST` of a
/// browser navigation, which accepts HTML) rather than by the WebAssembly (which asks for JSON) or
/// by a page being rendered (a `GET`). Such a caller only sees what the redirect after it shows.
#[cfg(feature = "ssr")]
pub fn form_post() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts.method == axum::http::Method::POST
            && parts.headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    })
}
