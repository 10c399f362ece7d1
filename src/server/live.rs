//! Live updates: every check-in, roster change, opening and close-out is published here, and
//! dashboards, maps and class screens listen over Server-Sent Events (`GET /events`).
//!
//! Computed once, pushed to all: a change only marks what it touched and wakes the *pulse*, one task
//! per process that reads today's figures at most a few times a second (however many changes and
//! screens there are), serialises them once into an event, and hands the same event to every open
//! stream — the cost of an update per screen is a copy into its socket. Browsers merge the figures
//! into their cards and charts without asking again. On PostgreSQL, changes travel between app
//! instances through `NOTIFY`/`LISTEN` (the payload is a class id), and each instance's pulse reads
//! the figures once for its own screens.

use super::db::Pool;
use super::state::AppState;
use super::views::Views;
use super::Clock;
use crate::model::{LiveEvent, LiveKind};
use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures::stream::{self, StreamExt};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::{convert::Infallible, net::SocketAddr, time::Duration};
use tokio::sync::{broadcast, Notify};
use tokio_stream::wrappers::{errors::BroadcastStreamRecvError, BroadcastStream};

/// Events kept for a listener that is slow to read; one that falls further behind is told to ask again.
const BUFFER: usize = 64;
/// How soon a browser reconnects after the connection drops (e.g. a server restart).
const RETRY: Duration = Duration::from_millis(1000);
/// The pulse reads the figures at most once per this: a room checking in is a few events, not hundreds.
const GAP: Duration = Duration::from_millis(250);
/// More touched classes than this in one pulse are not looked up one by one: screens ask again.
const LOOKED_UP: usize = 64;
/// The PostgreSQL notification channel of live events.
const CHANNEL: &str = "dangxiao_live";

/// Set when the server is shutting down: open event streams end, so a graceful shutdown does not wait
/// for them forever (the browsers reconnect to the next server by themselves).
static CLOSING: std::sync::LazyLock<tokio::sync::watch::Sender<bool>> = std::sync::LazyLock::new(|| tokio::sync::watch::channel(false).0);

/// Ends every open event stream (called when a shutdown signal arrives).
pub fn close_streams() {
    CLOSING.send_replace(true);
}

/// One event as every screen receives it: built and serialised once.
#[derive(Clone, Debug)]
pub struct Published {
    pub event: LiveEvent,
    sse: Event,
}

impl Published {
    fn new(event: LiveEvent) -> Published {
        let sse = Event::default().event("update").retry(RETRY);
        let sse = match serde_json::to_string(&event) {
            Ok(json) => sse.data(json),
            Err(_) => sse.data(r#"{"kind":"refresh","at":""}"#),
        };
        Published { event, sse }
    }
}

/// What changed since the last pulse.
#[derive(Default)]
struct Touched {
    classes: BTreeSet<i64>,
    /// A change not tied to one class (or too many to look up).
    anything: bool,
}

/// The live side of the app state: the pulse's inbox and the streams' channel.
pub struct Live {
    sender: broadcast::Sender<Arc<Published>>,
    touched: Mutex<Touched>,
    wake: Notify,
    /// Open streams per client address, and the most one address may hold.
    streams: Mutex<HashMap<String, usize>>,
    per_address: usize,
}

impl Live {
    /// `per_address`: the event streams one client address may hold open at once.
    pub fn new(per_address: usize) -> Arc<Live> {
        Arc::new(Live {
            sender: broadcast::channel(BUFFER).0,
            touched: Mutex::default(),
            wake: Notify::new(),
            streams: Mutex::default(),
            per_address: per_address.max(1),
        })
    }

    /// What this process's screens receive (tests listen here too).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }

    /// Marks a change (to class `class_id`) for the next pulse.
    pub fn touch(&self, class_id: Option<i64>) {
        {
            let mut touched = self.touched.lock().unwrap_or_else(|p| p.into_inner());
            match class_id {
                Some(id) if touched.classes.len() < LOOKED_UP => {
                    touched.classes.insert(id);
                }
                _ => touched.anything = true,
            }
        }
        self.wake.notify_one();
    }

    fn take(&self) -> Touched {
        std::mem::take(&mut *self.touched.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Counts a new stream of `address`; `None` when it already holds as many as it may.
    fn open_stream(self: &Arc<Self>, address: String) -> Option<StreamSlot> {
        let mut streams = self.streams.lock().unwrap_or_else(|p| p.into_inner());
        let open = streams.entry(address.clone()).or_default();
        if *open >= self.per_address {
            return None;
        }
        *open += 1;
        Some(StreamSlot { live: self.clone(), address })
    }
}

/// An open stream, counted against its address until it ends.
struct StreamSlot {
    live: Arc<Live>,
    address: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = self.live.streams.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(open) = streams.get_mut(&self.address) {
            *open = open.saturating_sub(1);
            if *open == 0 {
                streams.remove(&self.address);
            }
        }
    }
}

/// Tells every screen that something happened to class `class_id` — on PostgreSQL those of every
/// instance. The caller does not wait for the figures: the pulse reads them. A failed notification
/// falls back to this instance's screens.
pub async fn publish(state: &AppState, class_id: Option<i64>) {
    // Before anyone is told: a screen that asks again must not get the figures of before.
    state.views.changed();
    if super::db::Backend::of(&state.pool) == super::db::Backend::Postgres {
        let payload = class_id.map(|id| id.to_string()).unwrap_or_default();
        match sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&state.pool).await {
            // This instance hears its own notification through its relay.
            Ok(_) => return,
            Err(e) => tracing::warn!(error = %e, "pg_notify failed: only this instance's screens hear the change"),
        }
    }
    state.live.touch(class_id);
}

/// Starts the pulse: after changes, reads today's figures once (at most every `GAP`) and sends them
/// to every open stream of this process.
pub fn start(live: Arc<Live>, pool: Pool, clock: Clock) {
    tokio::spawn(async move {
        loop {
            live.wake.notified().await;
            let touched = live.take();
            if touched.classes.is_empty() && !touched.anything {
                // A wake-up left over from changes the last reading already had.
                continue;
            }
            let event = match figures(&pool, &clock, &touched).await {
                Ok(event) => event,
                Err(e) => {
                    tracing::warn!(error = %e, "live figures: screens are asked to refresh");
                    LiveEvent { kind: LiveKind::Refresh, at: clock.now().to_string(), ..LiveEvent::default() }
                }
            };
            let _ = live.sender.send(Arc::new(Published::new(event)));
            tokio::time::sleep(GAP).await;
        }
    });
}

/// Today's figures after the `touched` changes; `past` when one of them was to a class of another day.
async fn figures(pool: &Pool, clock: &Clock, touched: &Touched) -> Result<LiveEvent, sqlx::Error> {
    let today = super::repo::dashboard::today(pool, clock).await?;
    let mut past = touched.anything;
    let day = today.day.as_str();
    // A class among today's open ones is today's: only the others are looked up.
    for id in touched.classes.iter().filter(|id| !today.classes.iter().any(|c| c.id == **id)) {
        if past {
            break;
        }
        let starts: Option<(crate::model::Moment,)> =
            sqlx::query_as("SELECT starts_at FROM classes WHERE id = $1").bind(id).fetch_optional(pool).await?;
        past = starts.is_none_or(|(starts,)| starts.date() != day);
    }
    Ok(LiveEvent {
        kind: LiveKind::Update,
        at: clock.now().to_string(),
        classes: touched.classes.iter().copied().collect(),
        past,
        today: Some(today),
    })
}

/// On PostgreSQL: hands every instance's changes to this instance's pulse, reconnecting when the
/// database connection drops.
pub fn relay(url: String, live: Arc<Live>, views: Arc<Views>) {
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
                            Ok(n) => live.touch(n.payload().parse().ok()),
                            Err(e) => {
                                tracing::warn!(error = %e, "live events: listening connection lost");
                                live.touch(None);
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

/// `GET /events`: a `hello` first (so a browser that reconnects after a restart asks again for what
/// it missed), then the pulse's events. Aggregates only: no person's data travels here. One address
/// holds at most `DANGXIAO_STREAMS_PER_ADDRESS` streams (429 beyond: its pages still work, without
/// live updates); a screen that reads too slowly is told to ask again instead of holding events.
pub async fn events(State(state): State<AppState>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap) -> Response {
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let address = crate::rules::guard::client_address(peer.ip(), forwarded, &state.security.trusted_proxies);
    let Some(slot) = state.live.open_stream(address) else {
        return (StatusCode::TOO_MANY_REQUESTS, crate::messages::too_many_streams()).into_response();
    };
    let clock = state.clock;
    let greeting = move |kind| Published::new(LiveEvent { kind, at: clock.now().to_string(), ..LiveEvent::default() }).sse;
    let hello = greeting(LiveKind::Hello);
    let updates = BroadcastStream::new(state.live.subscribe()).map(move |item| {
        let _counted = &slot;
        Ok::<_, Infallible>(match item {
            Ok(published) => published.sse.clone(),
            Err(BroadcastStreamRecvError::Lagged(_)) => greeting(LiveKind::Refresh),
        })
    });
    let mut closing = CLOSING.subscribe();
    let closed = async move {
        let _ = closing.wait_for(|c| *c).await;
    };
    Sse::new(stream::once(async move { Ok(hello) }).chain(updates).take_until(closed))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_holds_a_bounded_number_of_streams() {
        let live = Live::new(2);
        let (first, _second) = (live.open_stream("10.0.0.1".into()), live.open_stream("10.0.0.1".into()));
        assert!(first.is_some());
        assert!(live.open_stream("10.0.0.1".into()).is_none(), "a third stream of one address is refused");
        assert!(live.open_stream("10.0.0.2".into()).is_some(), "another address is not affected");
        drop(first);
        assert!(live.open_stream("10.0.0.1".into()).is_some(), "a closed stream frees its place");
    }

    #[test]
    fn a_burst_of_changes_is_one_reading() {
        let live = Live::new(1);
        for id in [3, 1, 3, 2] {
            live.touch(Some(id));
        }
        let touched = live.take();
        assert_eq!((touched.classes.into_iter().collect::<Vec<_>>(), touched.anything), (vec![1, 2, 3], false));
        for id in 0..(LOOKED_UP as i64 + 1) {
            live.touch(Some(id));
        }
        assert!(live.take().anything, "too many classes to look up one by one: screens ask again");
        assert!(live.take().classes.is_empty(), "taken once");
    }
}
