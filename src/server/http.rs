//! The HTTP server: Leptos routes and server functions, static files, health check.

use super::auth;
use super::db::Pool;
use super::guard::Security;
use super::state::AppState;
use crate::app::{shell, App};
use crate::messages as msg;
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::{
    catch_panic::CatchPanicLayer, compression::CompressionLayer, limit::RequestBodyLimitLayer, timeout::RequestBodyTimeoutLayer,
};
use tower_sessions::{
    cookie::{time::Duration, SameSite},
    session_store::ExpiredDeletion,
    Expiry, SessionManagerLayer,
};

/// Builds the application's router over `pool`, with server-side sessions in the same database.
pub async fn router_with(leptos_options: LeptosOptions, pool: Pool, security: Security, clock: super::Clock) -> Result<Router, String> {
    let store = auth::session_store(pool.connect_options().database_url.as_str()).await?;
    let cleaner = store.clone();
    let purged = pool.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = cleaner.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions");
            }
            if let Err(e) = auth::purge_attempts(&purged).await {
                tracing::warn!(error = %e, "deleting old sign-in failures");
            }
        }
    });
    let idle = Duration::seconds(security.idle.as_secs() as i64);
    let sessions = SessionManagerLayer::new(store)
        .with_name("dangxiao_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(security.https)
        .with_expiry(Expiry::OnInactivity(idle));
    let security = Arc::new(security);
    let routes = generate_route_list(App);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        checkins: super::service::attendance::CheckInWriter::start(pool.clone()),
        pool,
        live: super::live::Live::new(security.streams_per_address),
        security: security.clone(),
        clock,
        views: Default::default(),
    };
    if super::db::Backend::of(&state.pool) == super::db::Backend::Postgres {
        super::live::relay(state.pool.connect_options().database_url.to_string(), state.live.clone(), state.views.clone());
    }
    super::live::start(state.live.clone(), state.pool.clone(), state.clock);
    let (set_id, propagate_id) = super::trace::request_ids();
    let site = leptos_options.site_root.to_string();
    let pkg = format!("/{}", leptos_options.site_pkg_dir);
    Ok(Router::new()
        .route("/healthz", get(healthz))
        .route("/lang/{lang}", get(choose_language))
        .route("/files/claims/{id}", get(super::downloads::claim_evidence))
        .route("/files/schools/{school}/documents/{id}", get(super::downloads::school_document))
        .route("/hours/export.xlsx", get(super::downloads::compliance_xlsx))
        .route("/events", get(super::live::events))
        .route("/classes/{id}/roster.xlsx", get(super::downloads::roster_xlsx))
        .route("/admin/schools.xlsx", get(super::downloads::schools_xlsx))
        .route("/admin/people.xlsx", get(super::downloads::people_xlsx))
        .route("/admin/teachers.xlsx", get(super::downloads::teachers_xlsx))
        .route("/admin/units.xlsx", get(super::downloads::units_xlsx))
        .nest_service(&pkg, static_files(&site, &pkg))
        .nest_service("/vendor", static_files(&site, "/vendor"))
        .nest_service("/geo", static_files(&site, "/geo"))
        .leptos_routes(&state, routes, move || shell(leptos_options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(cache_static))
        .layer(middleware::from_fn(english_pages))
        .layer(middleware::from_fn(multipart_only))
        .layer(middleware::from_fn(error_status))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(security, super::guard::protect))
        .layer(RequestBodyLimitLayer::new(super::guard::MAX_BODY_BYTES))
        .layer(RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(CompressionLayer::new())
        .layer(propagate_id)
        .layer(super::trace::layer())
        .layer(set_id)
        .with_state(state))
}

/// A folder of the built site, sent precompressed (brotli, gzip: `scripts/precompress.mjs`) as the
/// browser accepts, answering a conditional request for an unchanged file with `304 Not Modified`.
/// (Leptos' fallback for static files passes on only `Accept-Encoding`, so every visit downloaded the
/// whole WebAssembly again.)
fn static_files(site: &str, folder: &str) -> tower_http::services::ServeDir {
    tower_http::services::ServeDir::new(format!("{site}{folder}")).precompressed_br().precompressed_gzip()
}

/// Map data and the vendored ECharts change only with a release: phones may keep them for a day.
/// The app's own bundle (`/pkg`, not content-hashed) is asked again on each visit (`no-cache`) and
/// answered `304` while unchanged: a second visit downloads nothing that did not change.
async fn cache_static(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let policy = if ["/geo/", "/vendor/"].iter().any(|p| path.starts_with(p)) {
        Some("public, max-age=86400")
    } else if path.starts_with("/pkg/") {
        Some("no-cache")
    } else {
        None
    };
    let mut response = next.run(request).await;
    let kept = response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED;
    if let Some(policy) = policy.filter(|_| kept) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// The largest page a reader of English is sent rewritten in English (`crate::i18n::pages`): ours are
/// far smaller (the largest office table is ~0.5 MB); a larger one is refused, not held in memory.
const MAX_ENGLISH_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// A page for a reader of English (the `lang=en` cookie): its Chinese texts rewritten in English as
/// it leaves — read whole first (a page is then sent at once, not streamed). Anything but a page
/// (server functions, files, the live stream) and every page for a reader of Chinese pass untouched.
async fn english_pages(request: Request, next: Next) -> Response {
    let english = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| crate::i18n::from_cookie_header(c) == crate::i18n::Lang::En);
    let response = next.run(request).await;
    let page = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !english || !page {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_ENGLISH_PAGE_BYTES).await {
        Ok(bytes) => {
            let html = crate::i18n::pages::rewrite(&String::from_utf8_lossy(&bytes));
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, axum::body::Body::from(html))
        }
        Err(e) => {
            tracing::warn!("an English page could not be read whole: {e}");
            (axum::http::StatusCode::INTERNAL_SERVER_ERROR, crate::error::AppError::Internal.to_string()).into_response()
        }
    }
}

/// The server functions that take `multipart/form-data`, named by their own types (a test sends every
/// registered server function a body without a boundary and expects a 4xx: a multipart function
/// missing here fails it).
const MULTIPART_ENDPOINTS: [&str; 5] = [
    <crate::features::hours::api::SubmitClaim as ServerFn>::PATH,
    <crate::features::classes::api::ImportRoster as ServerFn>::PATH,
    <crate::features::competency::api::ImportCompetency as ServerFn>::PATH,
    <crate::features::district::api::ImportPeople as ServerFn>::PATH,
    <crate::features::schools::api::UploadSchoolDocument as ServerFn>::PATH,
];

/// A panic in a handler is a bug: logged, answered 500 — never a dropped connection.
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    let body = serde_json::to_string(&crate::error::AppError::Internal).unwrap_or_default();
    (axum::http::StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A server function's error answer carries the status of its error, also when the error arose
/// before the function ran (arguments that could not be read): the server-function layer sends 500
/// for every error, the error itself knows better (422 for a bad request, 401, 403 …).
async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        let body = serde_json::to_string(&crate::error::AppError::Internal).unwrap_or_default();
        return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    };
    if let Ok(error) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        if let Ok(status) = axum::http::StatusCode::from_u16(error.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Server functions that take files read `multipart/form-data`; anything else is refused here with
/// a clear error (the server-function layer would not survive a request without a boundary).
async fn multipart_only(request: Request, next: Next) -> Response {
    if MULTIPART_ENDPOINTS.contains(&request.uri().path()) {
        let boundary = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(multer::parse_boundary);
        if !matches!(boundary, Some(Ok(_))) {
            let error = crate::error::AppError::Validation(msg::multipart_required().into());
            let body = serde_json::to_string(&error).unwrap_or_default();
            return (axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE, [(header::CONTENT_TYPE, "application/json")], body).into_response();
        }
    }
    next.run(request).await
}

/// The header's 中文 / English: remembers the choice for a year (`lang` cookie: `crate::i18n`) and sends
/// the reader back to the page — `back`, or the page the link was on (`Referer`, sent within the site)
/// — when it is a path of this site; anything else is the dashboard.
async fn choose_language(
    axum::extract::Path(lang): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> impl IntoResponse {
    let value = if lang == "en" { "en" } else { "zh" };
    let header = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    // `http://host/path?query` of this host → `/path?query`.
    let referred = header(axum::http::header::REFERER).and_then(|r| {
        let rest = r.split_once("://")?.1;
        let (host, path) = rest.split_at(rest.find('/')?);
        (Some(host) == header(axum::http::header::HOST)).then(|| path.to_string())
    });
    let local = |b: &String| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') && !b.chars().any(char::is_control);
    let back = query.get("back").cloned().or(referred).filter(local).unwrap_or_else(|| "/".into());
    let cookie = format!("{}={value}; Path=/; Max-Age=31536000; SameSite=Lax", crate::i18n::COOKIE);
    (axum::http::StatusCode::SEE_OTHER, [(axum::http::header::SET_COOKIE, cookie), (axum::http::header::LOCATION, back)])
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

/// What one client connection may hold: connections served at once (more wait in the kernel's
/// backlog until one closes; each open dashboard holds one for its event stream), and how long a
/// client has to send a request's headers — which is also how long a kept-alive connection may sit
/// idle before its next request.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub header_timeout: std::time::Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        // Within the usual 1,024 open files, with room for the database and the listener.
        ConnectionLimits { max_connections: 1_000, header_timeout: std::time::Duration::from_secs(30) }
    }
}

/// A request body (an upload from a phone) must arrive within this time.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);
/// How long a shutdown waits for requests under way.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves until Ctrl-C or SIGTERM. A port in use is a one-line error.
pub async fn serve(leptos_options: LeptosOptions, pool: Pool, security: Security, clock: super::Clock) -> Result<(), String> {
    let addr = leptos_options.site_addr;
    let limits = ConnectionLimits { max_connections: security.max_connections, ..ConnectionLimits::default() };
    raise_open_files(limits.max_connections as u64 + 256);
    let app = router_with(leptos_options, pool, security, clock).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("无法监听 {addr}：{e}"))?;
    println!("dangxiao 已启动：http://{addr}");
    serve_listener(listener, app, limits, shutdown_signal()).await
}

/// Raises this process's soft limit of open files towards `wanted` (within the hard limit): every
/// connection is a file.
fn raise_open_files(wanted: u64) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < wanted {
            limit.rlim_cur = wanted.min(limit.rlim_max);
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                tracing::warn!("could not raise the open-file limit to {wanted}");
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, within `limits`: slow or abandoned
/// clients cannot hold the server.
pub async fn serve_listener(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), String> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::Service;

    let mut make_service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.map_err(|e| format!("服务异常退出：{e}"))?,
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(service) = make_service.call(peer).await;
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("shutdown: requests still under way after {DRAIN:?} were cut off");
    }
    Ok(())
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
