//! Live updates: every check-in and close-out is published here, and dashboards and maps listen over
//! Server-Sent Events (`GET /events`). Each process has one channel for its listeners; on PostgreSQL
//! events travel through `NOTIFY`/`LISTEN`, so several app instances on one database hear each other.

use super::state::AppState;
use crate::model::LiveEvent;
use axum::{
    extract::State,
    response::sse::{Event, KeepAlive, Sse},
};
use futures::stream::{self, Stream, StreamExt};
use std::{convert::Infallible, time::Duration};
use tokio::sync::broadcast;
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};

/// Events kept for a listener that is slow to read; one that falls further behind is told to reload.
const BUFFER: usize = 256;
/// How soon a browser reconnects after the connection drops (e.g. a server restart).
const RETRY: Duration = Duration::from_millis(1000);

/// Set when the server is shutting down: open event streams end, so a graceful shutdown does not wait
/// for them forever (the browsers reconnect to the next server by themselves).
static CLOSING: std::sync::LazyLock<tokio::sync::watch::Sender<bool>> = std::sync::LazyLock::new(|| tokio::sync::watch::channel(false).0);

/// Ends every open event stream (called when a shutdown signal arrives).
pub fn close_streams() {
    CLOSING.send_replace(true);
}

pub fn channel() -> broadcast::Sender<LiveEvent> {
    broadcast::channel(BUFFER).0
}

/// The PostgreSQL notification channel of live events.
const CHANNEL: &str = "dangxiao_live";

/// Tells every listener that `kind` happened (to class `class_id`) — on PostgreSQL those of every
/// instance. Nobody listening is fine; a failed notification falls back to this instance's listeners.
pub async fn publish(state: &AppState, kind: &str, class_id: Option<i64>) {
    // Before anyone is told: a screen that refreshes on the event must not get the figures of before.
    state.views.changed();
    let event = LiveEvent { kind: kind.to_string(), class_id, at: state.clock.now().to_string() };
    let on_postgres = super::db::Backend::of(&state.pool) == super::db::Backend::Postgres;
    if let (true, Ok(payload)) = (on_postgres, serde_json::to_string(&event)) {
        match sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&state.pool).await {
            Ok(_) => return,
            Err(e) => tracing::warn!(error = %e, "pg_notify failed: only this instance's listeners hear the event"),
        }
    }
    let _ = state.events.send(event);
}

/// On PostgreSQL: passes every instance's events to this instance's listeners, reconnecting when the
/// database connection drops.
pub fn relay(url: String, events: broadcast::Sender<LiveEvent>, views: std::sync::Arc<super::views::Views>) {
    tokio::spawn(async move {
        loop {
            match sqlx::postgres::PgListener::connect(&url).await {
                Ok(mut listener) => match listener.listen(CHANNEL).await {
                    Ok(()) => loop {
                        let heard = listener.recv().await;
                        // Changes made while no one listened (before the first notification after
                        // a reconnection) may be in nothing kept: drop it all once more.
                        views.changed();
                        match heard {
                            Ok(n) => {
                                if let Ok(e) = serde_json::from_str::<LiveEvent>(n.payload()) {
                                    let _ = events.send(e);
                                }
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "live events: listening connection lost");
                                break;
                            }
                        }
                    },
                    Err(e) => tracing::warn!(error = %e, "live events: LISTEN failed"),
                },
                Err(e) => tracing::warn!(error = %e, "live events: cannot connect a listener"),
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
}

fn event(e: &LiveEvent) -> Event {
    Event::default().event("update").retry(RETRY).json_data(e).unwrap_or_else(|_| Event::default().event("update").data("{}"))
}

/// `GET /events`: a `hello` first (so a browser that reconnects after a restart refreshes what it
/// missed), then one `update` per change. Aggregates only: no person's data travels here.
pub async fn events(State(state): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let clock = state.clock;
    let hello = LiveEvent { kind: "hello".into(), class_id: None, at: clock.now().to_string() };
    let updates = BroadcastStream::new(state.events.subscribe()).map(move |item| {
        let e = match item {
            Ok(e) => e,
            Err(BroadcastStreamRecvError::Lagged(_)) => LiveEvent { kind: "lagged".into(), class_id: None, at: clock.now().to_string() },
        };
        Ok(event(&e))
    });
    let mut closing = CLOSING.subscribe();
    let closed = async move {
        let _ = closing.wait_for(|c| *c).await;
    };
    Sse::new(stream::once(async move { Ok(event(&hello)) }).chain(updates).take_until(closed))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
