//! Live updates in the browser: listens to the server's `/events` (Server-Sent Events, through
//! gloo-net's EventSource) and calls back on every change. The browser reconnects by itself when the
//! server restarts (the server asks for a retry within a second); the server's greeting after a
//! reconnect triggers a refresh, so nothing missed while away stays missing.

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// A burst of changes (a room checking in) is one refresh: at most one per this many milliseconds,
/// which keeps the "within 2 s" promise and spares the server a recount per check-in per screen.
#[cfg(feature = "hydrate")]
const COALESCE_MS: u64 = 800;

/// Calls `refresh` after changes the server reports (coalesced), while the calling component lives.
pub fn on_live_update(refresh: impl Fn() + Clone + Send + Sync + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        let scheduled = std::sync::Arc::new(AtomicBool::new(false));
        let alive = std::sync::Arc::new(AtomicBool::new(true));
        let still_alive = alive.clone();
        let refresh = move || {
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
        };
        use futures::FutureExt;
        use std::sync::{Arc, Mutex};
        let (stop, stopped) = futures::channel::oneshot::channel::<()>();
        let stopped = stopped.shared();
        let stop = Arc::new(Mutex::new(Some(stop)));
        on_cleanup(move || {
            alive.store(false, Ordering::SeqCst);
            if let Some(s) = stop.lock().ok().and_then(|mut s| s.take()) {
                let _ = s.send(());
            }
        });
        Effect::new(move |started: Option<()>| {
            if started.is_none() {
                listen(refresh.clone(), send_wrapper::SendWrapper::new(stopped.clone()));
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = refresh;
}

#[cfg(feature = "hydrate")]
type Stopped = send_wrapper::SendWrapper<futures::future::Shared<futures::channel::oneshot::Receiver<()>>>;

#[cfg(feature = "hydrate")]
fn listen(refresh: impl Fn() + Clone + Send + Sync + 'static, stopped: Stopped) {
    use futures::{future, StreamExt};
    let Ok(mut source) = gloo_net::eventsource::futures::EventSource::new("/events") else { return };
    let Ok(mut updates) = source.subscribe("update") else { return };
    leptos::task::spawn_local(async move {
        let mut greeted = false;
        let mut stop = stopped.clone().take();
        loop {
            match future::select(updates.next(), stop).await {
                future::Either::Left((Some(Ok((_, message))), pending_stop)) => {
                    stop = pending_stop;
                    let hello = message.data().as_string().is_some_and(|d| d.contains("\"hello\""));
                    // The first greeting comes with the page's fresh data; later ones follow a reconnect.
                    if !hello || greeted {
                        refresh();
                    }
                    greeted |= hello;
                }
                future::Either::Left((_, _)) => {
                    // The browser gave up on this connection: start a new one shortly.
                    source.close();
                    let refresh = refresh.clone();
                    set_timeout(move || listen(refresh, stopped), std::time::Duration::from_secs(3));
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
