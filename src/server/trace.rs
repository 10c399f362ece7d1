//! Request tracing: every request gets an id (`x-request-id`, kept if a proxy in front set one,
//! returned on the response), and a span with that id, the method and the path (never the query,
//! which may carry a check-in token) wraps everything logged while it is handled — a database error
//! in the log names the request it broke. Slow answers are logged at WARN; slow SQL statements are
//! logged by sqlx (`db::SLOW_STATEMENT`).

use axum::http::{HeaderValue, Request, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// An answer slower than this (to its headers) is logged at WARN.
pub const SLOW_REQUEST: Duration = Duration::from_millis(1000);

/// Request ids: the process's start (seconds, hex) and a counter — unique across restarts and
/// instances started at different seconds, and short enough to read out on the phone.
#[derive(Clone)]
pub struct Sequence {
    start: u64,
    next: Arc<AtomicU64>,
}

impl Default for Sequence {
    fn default() -> Self {
        let start = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
        Sequence { start, next: Arc::new(AtomicU64::new(1)) }
    }
}

impl MakeRequestId for Sequence {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{:x}-{n}", self.start)).ok().map(RequestId::new)
    }
}

/// The request id's layers: set (outermost) and returned on the response.
pub fn request_ids() -> (SetRequestIdLayer<Sequence>, PropagateRequestIdLayer) {
    (SetRequestIdLayer::x_request_id(Sequence::default()), PropagateRequestIdLayer::x_request_id())
}

/// The span of a request: id, method, path.
fn span_of<B>(request: &Request<B>) -> tracing::Span {
    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
}

/// What is logged of an answer: slow ones at WARN, the rest at DEBUG (`RUST_LOG=dangxiao=debug`).
fn on_response<B>(response: &Response<B>, latency: Duration, _: &tracing::Span) {
    let (status, ms) = (response.status().as_u16(), latency.as_millis());
    if latency >= SLOW_REQUEST {
        tracing::warn!(status, ms, "slow answer");
    } else {
        tracing::debug!(status, ms, "answered");
    }
}

/// The tracing layer (server errors are logged at ERROR by tower-http's default).
#[allow(clippy::type_complexity)]
pub fn layer() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    fn(&Request<axum::body::Body>) -> tracing::Span,
    tower_http::trace::DefaultOnRequest,
    fn(&Response<axum::body::Body>, Duration, &tracing::Span),
> {
    TraceLayer::new_for_http()
        .make_span_with(span_of::<axum::body::Body> as fn(&Request<axum::body::Body>) -> tracing::Span)
        .on_response(on_response::<axum::body::Body> as fn(&Response<axum::body::Body>, Duration, &tracing::Span))
}
