//! Live updates in the browser: listens to the server's `/events` (Server-Sent Events, through
//! gloo-net's EventSource). Each event carries today's figures after the changes (`LiveEvent`):
//! the dashboard merges them into its cards and charts without asking again; other screens ask again
//! (coalesced) when something of theirs changed. The browser reconnects by itself when the server
//! restarts (the server asks for a retry within a second); the server's greeting after a reconnect
//! arrives as a `Refresh`, so nothing missed while away stays missing.

use crate::model::{LiveEvent, MergesToday};
use leptos::prelude::*;

/// Asking again after a burst of changes is one request: at most one per this many milliseconds.
#[cfg(feature = "hydrate")]
const COALESCE_MS: u64 = 800;

/// Calls `on_event` with every event the server sends while the calling component lives (the first
/// greeting excepted: it comes with the page's fresh data).
pub fn on_live(on_event: impl Fn(LiveEvent) + Clone + Send + Sync + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use futures::FutureExt;
        use std::sync::{Arc, Mutex};
        let (stop, stopped) = futures::channel::oneshot::channel::<()>();
        let stopped = stopped.shared();
        let stop = Arc::new(Mutex::new(Some(stop)));
        on_cleanup(move || {
            if let Some(s) = stop.lock().ok().and_then(|mut s| s.take()) {
                let _ = s.send(());
            }
        });
        Effect::new(move |started: Option<()>| {
            if started.is_none() {
                listen(on_event.clone(), send_wrapper::SendWrapper::new(stopped.clone()), false);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_event;
}

/// For screens that merge today's figures: an event carrying the figures of the day the screen shows
/// (`shown_day`) lands in the returned signal, to be merged; any other makes the screen `refetch`
/// (coalesced). Merging replaces today's figures rather than adding to them, so an event merged into
/// figures fetched after it changes nothing.
pub fn on_today(
    shown_day: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
    refetch: impl Fn() + Clone + Send + Sync + 'static,
) -> RwSignal<Option<LiveEvent>> {
    let news = RwSignal::new(None::<LiveEvent>);
    let refresh = coalesced(move || {
        news.set(None);
        refetch();
    });
    on_live(move |e| {
        let day = e.today.as_ref().map(|t| t.day.clone());
        if e.needs_refresh() || day.is_none() || day != shown_day() {
            refresh();
        } else {
            news.set(Some(e));
        }
    });
    news
}

/// The figures as fetched, with the latest event's figures of today (`news`, from `on_today`) merged in.
pub fn merged<T>(fetched: T, news: RwSignal<Option<LiveEvent>>) -> Memo<T>
where
    T: MergesToday + Clone + PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| {
        let mut shown = fetched.clone();
        news.with(|n| {
            if let Some(LiveEvent { today: Some(today), at, .. }) = n {
                shown.merge_today(today, at);
            }
        });
        shown
    })
}

/// Calls `refresh` after changes the server reports (coalesced), while the calling component lives:
/// for screens that show more than today's figures.
pub fn on_live_update(refresh: impl Fn() + Clone + Send + Sync + 'static) {
    let refresh = coalesced(refresh);
    on_live(move |_| refresh());
}

/// Calls `refresh` (coalesced) after changes to the class `class` names, or when the server asks
/// every screen to ask again: a class's own screens do not reload for the district's other classes.
pub fn on_class_update(class: impl Fn() -> i64 + Clone + Send + Sync + 'static, refresh: impl Fn() + Clone + Send + Sync + 'static) {
    let refresh = coalesced(refresh);
    on_live(move |e| {
        if e.needs_refresh() || e.classes.contains(&class()) {
            refresh();
        }
    });
}

/// `refresh`, run at most once per `COALESCE_MS` however often it is called, and never after the
/// calling component is gone.
pub fn coalesced(refresh: impl Fn() + Clone + Send + Sync + 'static) -> impl Fn() + Clone + Send + Sync + 'static {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let scheduled = Arc::new(AtomicBool::new(false));
        let alive = Arc::new(AtomicBool::new(true));
        let still_alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::SeqCst));
        move || {
            if !scheduled.swap(true, Ordering::SeqCst) {
                let (scheduled, refresh, still_alive) = (scheduled.clone(), refresh.clone(), still_alive.clone());
                set_timeout(
                    move || {
                        scheduled.store(false, Ordering::SeqCst);
                        if still_alive.load(Ordering::SeqCst) {
                            refresh();
                        }
                    },
                    std::time::Duration::from_millis(COALESCE_MS),
                );
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    refresh
}

#[cfg(feature = "hydrate")]
type Stopped = send_wrapper::SendWrapper<futures::future::Shared<futures::channel::oneshot::Receiver<()>>>;

#[cfg(feature = "hydrate")]
fn listen(on_event: impl Fn(LiveEvent) + Clone + Send + Sync + 'static, stopped: Stopped, greeted: bool) {
    use crate::model::LiveKind;
    use futures::{future, StreamExt};
    let Ok(mut source) = gloo_net::eventsource::futures::EventSource::new("/events") else { return };
    let Ok(mut updates) = source.subscribe("update") else { return };
    leptos::task::spawn_local(async move {
        let mut greeted = greeted;
        let mut stop = stopped.clone().take();
        loop {
            match future::select(updates.next(), stop).await {
                future::Either::Left((Some(Ok((_, message))), pending_stop)) => {
                    stop = pending_stop;
                    let text = message.data().as_string().unwrap_or_default();
                    // Unreadable: ask again rather than guess.
                    let event = serde_json::from_str::<LiveEvent>(&text)
                        .unwrap_or_else(|_| LiveEvent { kind: LiveKind::Refresh, ..LiveEvent::default() });
                    match event.kind {
                        // The first greeting comes with the page's fresh data; later ones follow a reconnect.
                        LiveKind::Hello if !greeted => greeted = true,
                        LiveKind::Hello => on_event(LiveEvent { kind: LiveKind::Refresh, ..event }),
                        _ => on_event(event),
                    }
                }
                future::Either::Left((_, _)) => {
                    // The browser gave up on this connection: start a new one shortly.
                    source.close();
                    let on_event = on_event.clone();
                    set_timeout(move || listen(on_event, stopped, greeted), std::time::Duration::from_secs(3));
                    return;
                }
                future::Either::Right(_) => {
                    source.close();
                    return;
                }
            }
        }
    });
}
