//! What every request can reach: the Leptos options and the database pool. Provided as context to
//! server functions by `leptos_routes` (no globals).

use super::db::Pool;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    /// Changes pushed to the open screens (`server::live`).
    pub live: std::sync::Arc<super::live::Live>,
    /// Security settings (public URL, trusted proxies, session timeouts).
    pub security: std::sync::Arc<super::guard::Security>,
    /// The one source of "now" and "today" (`server::clock`).
    pub clock: super::clock::Clock,
    /// Check-ins written in groups, one commit per group (`service::attendance::CheckInWriter`).
    pub checkins: super::service::attendance::CheckInWriter,
    /// What many screens share, computed once per change (`server::views`).
    pub views: std::sync::Arc<super::views::Views>,
}

/// The state inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function's context");
        AppError::Internal
    })
}

/// The app's clock inside a server function: the only "now" and "today" (`server::clock`).
pub fn clock() -> Result<super::clock::Clock, AppError> {
    Ok(app_state()?.clock)
}

/// A year from a form or a link, judged by the app's clock (2015 up to this year).
pub fn check_year(year: i32) -> Result<i32, AppError> {
    clock()?.check_year(year)
}

/// Where phones reach this site: `DANGXIAO_PUBLIC_URL` when set (behind a proxy), else the request's
/// own host.
pub async fn public_base() -> String {
    let security = app_state().map(|s| s.security).ok();
    if let Some(url) = security.as_ref().and_then(|s| s.public_url.clone()) {
        return url;
    }
    let host = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| h.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).map(str::to_string))
        .unwrap_or_else(|| "127.0.0.1:3000".into());
    let scheme = if security.is_some_and(|s| s.https) { "https" } else { "http" };
    format!("{scheme}://{host}")
}
