//! The HTTP server: Leptos routes and server functions, static files, health check.

use super::auth;
use super::db::Pool;
use super::state::AppState;
use crate::app::{shell, App};
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{compression::CompressionLayer, set_header::SetResponseHeaderLayer};
use tower_sessions::{
    cookie::{time::Duration, SameSite},
    session_store::ExpiredDeletion,
    Expiry, SessionManagerLayer,
};

/// Session cookies carry `Secure` when the site is served over HTTPS (set DANGXIAO_HTTPS=1 behind TLS).
pub fn https() -> bool {
    std::env::var("DANGXIAO_HTTPS").is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// Builds the application's router over `pool`, with server-side sessions in the same database.
pub async fn router(leptos_options: LeptosOptions, pool: Pool) -> Result<Router, String> {
    let store = auth::session_store(&pool).await?;
    let cleaner = store.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = cleaner.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions");
            }
        }
    });
    let sessions = SessionManagerLayer::new(store)
        .with_name("dangxiao_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(https())
        .with_expiry(Expiry::OnInactivity(Duration::minutes(auth::IDLE_MINUTES)));
    let routes = generate_route_list(App);
    let state = AppState { leptos_options: leptos_options.clone(), pool, events: super::live::channel() };
    #[cfg(feature = "postgres")]
    super::live::relay(state.pool.clone(), state.events.clone());
    Ok(Router::new()
        .route("/healthz", get(healthz))
        .route("/files/claims/{id}", get(super::downloads::claim_evidence))
        .route("/hours/export.xlsx", get(super::downloads::compliance_xlsx))
        .route("/events", get(super::live::events))
        .route("/classes/{id}/roster.xlsx", get(super::downloads::roster_xlsx))
        .leptos_routes(&state, routes, move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(cache_static))
        .layer(middleware::from_fn(multipart_only))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(sessions)
        .layer(CompressionLayer::new())
        .with_state(state))
}

/// Map data and the vendored ECharts change only with a release: phones may keep them for a day.
/// The app's own bundle (`/pkg`, not content-hashed) is revalidated each time (Last-Modified).
async fn cache_static(request: Request, next: Next) -> Response {
    let long_lived = ["/geo/", "/vendor/"].iter().any(|p| request.uri().path().starts_with(p));
    let mut response = next.run(request).await;
    if long_lived && response.status().is_success() {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    }
    response
}

/// Server functions that take files read `multipart/form-data`; anything else is refused here with
/// a clear error (the server-function layer would not survive a request without a boundary).
async fn multipart_only(request: Request, next: Next) -> Response {
    const MULTIPART_ENDPOINTS: [&str; 2] = ["/api/submit_claim", "/api/import_roster"];
    if MULTIPART_ENDPOINTS.contains(&request.uri().path()) {
        let boundary = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(multer::parse_boundary);
        if !matches!(boundary, Some(Ok(_))) {
            let error = crate::error::AppError::Validation("请以表单上传文件（multipart/form-data）".into());
            let body = serde_json::to_string(&error).unwrap_or_default();
            return (axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE, [(header::CONTENT_TYPE, "application/json")], body)
                .into_response();
        }
    }
    next.run(request).await
}

/// Ready once the database answers.
async fn healthz(axum::extract::State(pool): axum::extract::State<Pool>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&pool).await {
        Ok(_) => (axum::http::StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Serves until Ctrl-C or SIGTERM. A port in use is a one-line error.
pub async fn serve(leptos_options: LeptosOptions, pool: Pool) -> Result<(), String> {
    let addr = leptos_options.site_addr;
    let app = router(leptos_options, pool).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("无法监听 {addr}：{e}"))?;
    println!("dangxiao 已启动：http://{addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("服务异常退出：{e}"))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    super::live::close_streams();
}
