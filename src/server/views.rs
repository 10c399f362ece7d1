//! What many screens share, computed once: the dashboard of each period and the map of each period and
//! colouring are kept until the data change (a check-in, a roster change, a close-out — on PostgreSQL
//! also another instance's), then computed again by the first screen that asks while the others wait
//! for that one result (single flight). A thousand screens asking again after a change cost one
//! computation, not a thousand.

use crate::model::{Dashboard, MapColour, MapData, MapPeriod, Period, TodayPanel};
use crate::server::db::Pool;
use crate::server::repo::dashboard::District;
use crate::server::Clock;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Results kept at once per kind (chosen ranges are many; the presets are few).
const KEPT: usize = 32;
/// How long a result is kept at most, changes or not: a notification another instance sent while this
/// one's listener was reconnecting is missed for no longer than this.
const FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct Views {
    /// Bumped by every change: a result computed under an older generation is not kept.
    generation: AtomicU64,
    dashboards: Kept<Period, Dashboard>,
    maps: Kept<(MapPeriod, MapColour), MapData>,
    /// The dashboard's standing figures (schools by founding mode, the latest bands): not dropped by
    /// check-ins, computed again when older than `FRESH_FOR` (schools and evaluations change rarely).
    district: Kept<(), District>,
    /// Never bumped: the district's figures are kept by age alone.
    steady: AtomicU64,
    /// Today's panel, the same in every period's dashboard (dropped by every change).
    today: Kept<(), TodayPanel>,
}

/// One kind of result, by its key: kept ones, and one computation at a time (those who waited find
/// its result).
struct Kept<K, V> {
    results: Mutex<HashMap<K, (Instant, V)>>,
    computing: tokio::sync::Mutex<()>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept { results: Mutex::new(HashMap::new()), computing: tokio::sync::Mutex::new(()) }
    }
}

impl<K: Clone + Eq + Hash, V: Clone> Kept<K, V> {
    fn results(&self) -> std::sync::MutexGuard<'_, HashMap<K, (Instant, V)>> {
        self.results.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn fresh(&self, key: &K) -> Option<V> {
        self.results().get(key).filter(|(at, _)| at.elapsed() < FRESH_FOR).map(|(_, v)| v.clone())
    }

    /// The result of `key`: kept, or computed by `compute` once for every screen that asks meanwhile.
    async fn get<F, E>(&self, generation: &AtomicU64, key: &K, compute: impl FnOnce() -> F) -> Result<V, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if let Some(v) = self.fresh(key) {
            return Ok(v);
        }
        let _turn = self.computing.lock().await;
        if let Some(v) = self.fresh(key) {
            return Ok(v);
        }
        let before = generation.load(Ordering::SeqCst);
        let v = compute().await?;
        if generation.load(Ordering::SeqCst) == before {
            let mut kept = self.results();
            if kept.len() >= KEPT {
                kept.clear();
            }
            kept.insert(key.clone(), (Instant::now(), v.clone()));
        }
        Ok(v)
    }
}

impl Views {
    /// The data changed: what was computed is dropped (called before the browsers are told).
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.dashboards.results().clear();
        self.maps.results().clear();
        self.today.results().clear();
    }

    /// The district's standing figures changed too (a school created, closed or moved): dropped with
    /// the rest, instead of waiting for their age (`FRESH_FOR`). Other instances drop theirs by age.
    pub fn district_changed(&self) {
        self.district.results().clear();
        self.changed();
    }

    /// The dashboard of `period`.
    pub async fn dashboard(&self, pool: &Pool, clock: &Clock, period: &Period) -> Result<Dashboard, sqlx::Error> {
        self.dashboards
            .get(&self.generation, period, || async {
                let district = self.district.get(&self.steady, &(), || super::repo::dashboard::district(pool, clock)).await?;
                let today = self.today(pool, clock).await?;
                super::repo::dashboard::dashboard(pool, clock, period, district, today).await
            })
            .await
    }

    /// The map of `period` coloured by `colour`.
    pub async fn map(&self, pool: &Pool, clock: &Clock, period: MapPeriod, colour: MapColour) -> Result<MapData, sqlx::Error> {
        self.maps
            .get(&self.generation, &(period, colour), || async {
                let today = self.today(pool, clock).await?;
                super::repo::schools::map_with_today(pool, period, colour, clock, &today).await
            })
            .await
    }

    /// Today's panel: the same for every period's dashboard and map.
    async fn today(&self, pool: &Pool, clock: &Clock) -> Result<TodayPanel, sqlx::Error> {
        self.today.get(&self.generation, &(), || super::repo::dashboard::today(pool, clock)).await
    }
}
