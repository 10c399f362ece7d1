//! What stands between the internet and the app: the security settings, refusal of cross-site
//! state-changing requests, security headers on every response, and a cap on request bodies.
//! The decisions themselves are pure rules in `rules::guard`.

use crate::error::AppError;
use crate::messages as msg;
use crate::rules::guard::{self, Network, RequestOrigin};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;
use std::time::Duration;

/// The largest request body: an 8 MB roster of people (the district's) with its form fields (413
/// beyond); each upload's own field has its own, smaller or equal, limit.
pub const MAX_BODY_BYTES: usize = 9 * 1024 * 1024;

/// Security settings, read once at start from the environment.
#[derive(Clone, Debug)]
pub struct Security {
    /// `DANGXIAO_PUBLIC_URL`: the site's own address (`https://dangxiao.example.cn`); its origin is the
    /// only one allowed to post. Unset: the request's own host.
    pub public_url: Option<String>,
    /// Served over HTTPS (the public URL is `https://…`, or `DANGXIAO_HTTPS=1`): `Secure` cookies, HSTS.
    pub https: bool,
    /// `DANGXIAO_TRUSTED_PROXIES`: addresses or networks (comma-separated) whose `X-Forwarded-For` is
    /// believed. Empty: the connection's peer is the client.
    pub trusted_proxies: Vec<Network>,
    /// `DANGXIAO_SESSION_IDLE_SECONDS` (default 30 min) and `DANGXIAO_SESSION_ABSOLUTE_SECONDS`
    /// (default 12 h).
    pub idle: Duration,
    pub absolute: Duration,
    /// `DANGXIAO_STREAMS_PER_ADDRESS` (default 64): live event streams one client address may hold
    /// open (an office behind one address has many screens; a benchmark raises it).
    pub streams_per_address: usize,
    /// `DANGXIAO_MAX_CONNECTIONS` (default 1,000): connections served at once (each open dashboard
    /// holds one for its event stream); more wait in the kernel's backlog.
    pub max_connections: usize,
}

impl Default for Security {
    fn default() -> Self {
        Security {
            public_url: None,
            https: false,
            trusted_proxies: Vec::new(),
            idle: Duration::from_secs(super::auth::IDLE_MINUTES as u64 * 60),
            absolute: Duration::from_secs(super::auth::ABSOLUTE_HOURS as u64 * 3600),
            streams_per_address: 64,
            max_connections: 1_000,
        }
    }
}

impl Security {
    /// Reads the settings; a malformed one is a one-line error.
    pub fn from_env() -> Result<Security, String> {
        let var = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let mut security = Security::default();
        if let Some(url) = var("DANGXIAO_PUBLIC_URL") {
            let url = url.trim_end_matches('/').to_string();
            if !(url.starts_with("http://") || url.starts_with("https://")) || url[url.find("://").unwrap_or(0) + 3..].contains('/') {
                return Err(format!("DANGXIAO_PUBLIC_URL 应为 https://主机[:端口]，不含路径：{url:?}"));
            }
            security.https = url.starts_with("https://");
            security.public_url = Some(url);
        }
        if var("DANGXIAO_HTTPS").is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true")) {
            security.https = true;
        }
        if let Some(list) = var("DANGXIAO_TRUSTED_PROXIES") {
            for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                let network = Network::parse(item).ok_or_else(|| format!("DANGXIAO_TRUSTED_PROXIES 中的地址不正确：{item:?}"))?;
                security.trusted_proxies.push(network);
            }
        }
        let seconds = |name: &str, default: Duration| -> Result<Duration, String> {
            match var(name) {
                None => Ok(default),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|s| *s > 0)
                    .map(Duration::from_secs)
                    .ok_or_else(|| format!("{name} 应为正整数（秒）：{v:?}")),
            }
        };
        security.idle = seconds("DANGXIAO_SESSION_IDLE_SECONDS", security.idle)?;
        security.absolute = seconds("DANGXIAO_SESSION_ABSOLUTE_SECONDS", security.absolute)?;
        let count = |name: &str, default: usize| -> Result<usize, String> {
            match var(name) {
                None => Ok(default),
                Some(v) => v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| format!("{name} 应为正整数：{v:?}")),
            }
        };
        security.streams_per_address = count("DANGXIAO_STREAMS_PER_ADDRESS", security.streams_per_address)?;
        security.max_connections = count("DANGXIAO_MAX_CONNECTIONS", security.max_connections)?;
        Ok(security)
    }

    /// The origin a page of this site posts from: the public URL, else this request's host.
    fn site(&self, request: &Request) -> String {
        if let Some(url) = &self.public_url {
            return url.clone();
        }
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        format!("{}://{host}", if self.https { "https" } else { "http" })
    }

    /// The Content-Security-Policy of a page whose inline scripts carry `nonce`.
    pub fn content_security_policy(nonce: &str) -> String {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'none'"
        )
    }
}

/// Refuses a state-changing request from another site (login CSRF included), and puts the security
/// headers on every response.
pub async fn protect(State(security): State<Arc<Security>>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if let Some(to) = without_foreign_form_error(&security, &request) {
        return axum::response::Redirect::to(&to).into_response();
    }
    if changes_state {
        let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
        let origin = RequestOrigin { sec_fetch_site: header("sec-fetch-site"), origin: header("origin") };
        if guard::cross_site(origin, &security.site(&request)) {
            tracing::warn!(path = %request.uri().path(), origin = ?origin.origin, "cross-site request refused");
            let error = AppError::Validation(msg::cross_site_refused().into());
            let body = serde_json::to_string(&error).unwrap_or_default();
            return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body).into_response();
        }
    }
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    // The check-in token rides in a URL: never tell another site where the user came from.
    set(headers, header::REFERRER_POLICY, "same-origin");
    if security.https {
        set(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    let is_static = ["/pkg/", "/vendor/", "/geo/", "/favicon"].iter().any(|p| path.starts_with(p));
    if !is_static {
        // Pages and answers may be personal: no shared or back-button cache keeps them.
        set(headers, header::CACHE_CONTROL, "no-store");
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // Answers that are not pages (JSON, files, errors) run no script at all.
        set(headers, header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'; sandbox");
    }
    response
}

/// Where to send a `GET` whose address carries a form's error but did not come from this site's own
/// post (`rules::guard::foreign_form_error`): the same page without it.
fn without_foreign_form_error(security: &Security, request: &Request) -> Option<String> {
    if *request.method() != Method::GET {
        return None;
    }
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let query = request.uri().query()?;
    let kept = guard::foreign_form_error(query, header("sec-fetch-site"), header("referer"), &security.site(request))?;
    let path = request.uri().path();
    Some(if kept.is_empty() { path.to_string() } else { format!("{path}?{kept}") })
}

/// Puts the page's Content-Security-Policy (with the nonce Leptos gave its inline scripts) on the
/// response being rendered. Called from the HTML shell.
pub fn page_policy() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = HeaderValue::from_str(&Security::content_security_policy(&nonce)) {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}
