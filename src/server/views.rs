//! What many screens share, computed once: the dashboard of each period is kept until the data change
//! (a check-in, a roster change, a close-out — on PostgreSQL also another instance's), then computed
//! again by the first screen that asks while the others wait for that one result (single flight).
//! A hundred screens refreshing after a check-in cost one computation, not a hundred.

use crate::model::{Dashboard, Period};
use crate::server::db::Pool;
use crate::server::Clock;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Periods kept at once (chosen ranges are many; the presets are four).
const KEPT: usize = 32;
/// How long a result is kept at most, changes or not: a notification another instance sent while this
/// one's listener was reconnecting is missed for no longer than this.
const FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct Views {
    /// Bumped by every change: a result computed under an older generation is not kept.
    generation: AtomicU64,
    dashboards: Mutex<HashMap<Period, (Instant, Dashboard)>>,
    /// One computation at a time; those who waited find its result.
    computing: tokio::sync::Mutex<()>,
}

impl Views {
    /// The data changed: what was computed is dropped (called before the browsers are told).
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.kept().clear();
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, HashMap<Period, (Instant, Dashboard)>> {
        self.dashboards.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn fresh(&self, period: &Period) -> Option<Dashboard> {
        self.kept().get(period).filter(|(at, _)| at.elapsed() < FRESH_FOR).map(|(_, d)| d.clone())
    }

    /// The dashboard of `period`: kept, or computed once for every screen that asks meanwhile.
    pub async fn dashboard(&self, pool: &Pool, clock: &Clock, period: &Period) -> Result<Dashboard, sqlx::Error> {
        if let Some(d) = self.fresh(period) {
            return Ok(d);
        }
        let _turn = self.computing.lock().await;
        if let Some(d) = self.fresh(period) {
            return Ok(d);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let d = super::repo::dashboard::dashboard(pool, clock, period).await?;
        if self.generation.load(Ordering::SeqCst) == generation {
            let mut kept = self.kept();
            if kept.len() >= KEPT {
                kept.clear();
            }
            kept.insert(period.clone(), (Instant::now(), d.clone()));
        }
        Ok(d)
    }
}
