//! The map's and the school page's figures against direct counts, on SQLite and PostgreSQL.

use crate::common::database;
use crate::common::CLOCK;
use dangxiao::model::{FoundingMode, MapColour, MapPeriod};
use dangxiao::server::db::Db;
use dangxiao::server::demo;
use dangxiao::server::repo::schools;
use sqlx::Pool;

async fn count(pool: &Pool<Db>, sql: &str, id: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).bind(id).fetch_one(pool).await.unwrap();
    n
}

#[tokio::test]
async fn school_pages_match_the_database_for_every_founding_mode() {
    let (_db, pool) = database().await;
    demo::load_if_empty(&pool, None).await.unwrap();
    let map = schools::map(&pool, MapPeriod::All, MapColour::Mode, &CLOCK).await.unwrap();
    assert_eq!(map.schools.len(), 78);
    for mode in FoundingMode::ALL {
        let s = map.schools.iter().find(|s| s.mode == *mode).expect("a school of each mode");
        let d = schools::detail(&pool, s.id, &CLOCK).await.unwrap().expect("school exists");
        let classes = count(&pool, "SELECT COUNT(*) FROM classes WHERE school_id = $1 AND status IN ('open', 'closed')", s.id).await;
        let attendances =
            count(&pool, "SELECT COUNT(*) FROM attendance a JOIN classes c ON c.id = a.class_id WHERE c.school_id = $1", s.id).await;
        assert_eq!((d.classes, d.attendances), (classes, attendances), "{}", d.name);
        assert_eq!((s.classes, s.attendances), (classes, attendances), "map, period all: {}", s.name);
        assert_eq!(d.monthly.iter().map(|m| m.attendances).sum::<i64>(), attendances);
        assert!(!d.recent.is_empty() && d.recent.len() <= 10);
        assert!(d.recent.windows(2).all(|w| w[0].starts_at >= w[1].starts_at), "newest first");
        assert_eq!(d.mode, *mode);
    }
    assert!(schools::detail(&pool, 999_999, &CLOCK).await.unwrap().is_none());
}

#[tokio::test]
async fn map_periods_split_the_volume() {
    let (_db, pool) = database().await;
    demo::load_if_empty(&pool, None).await.unwrap();
    let total = |m: &dangxiao::model::MapData| m.schools.iter().map(|s| s.attendances).sum::<i64>();
    let all = schools::map(&pool, MapPeriod::All, MapColour::Mode, &CLOCK).await.unwrap();
    let first = schools::map(&pool, MapPeriod::FirstPeriod, MapColour::Mode, &CLOCK).await.unwrap();
    let latest = schools::map(&pool, MapPeriod::LatestYear, MapColour::Mode, &CLOCK).await.unwrap();
    assert_eq!(latest.latest_year, 2017);
    assert_eq!(total(&all), total(&first) + total(&latest));
    assert!((103_000..104_000).contains(&total(&first)));
    assert_eq!(all.towns.len(), 19);
    // Sub-area schools opened late 2016 – 2017: nothing of theirs in 2015.
    let sub_area_2015: i64 = first.schools.iter().filter(|s| s.name.contains("片区")).map(|s| s.attendances).sum();
    let sub_area_2017: i64 = latest.schools.iter().filter(|s| s.name.contains("片区")).map(|s| s.attendances).sum();
    assert!(sub_area_2017 > sub_area_2015);
}
