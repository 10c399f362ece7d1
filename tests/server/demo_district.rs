//! The demo district against a real database: SQLite by default, PostgreSQL when DATABASE_URL names
//! one (see the Makefile's `test-postgres`). Each test gets a fresh database (`common::database`).

use crate::common::database;
use dangxiao::model::FoundingMode;
use dangxiao::server::db::Db;
use dangxiao::server::demo::{self, Outcome};
use dangxiao::server::repo::dashboard;
use sqlx::Pool;

async fn scalar(pool: &Pool<Db>, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    n
}

async fn loaded(pool: &Pool<Db>) {
    let outcome = demo::load_if_empty(pool, None).await.expect("demo loads");
    assert!(matches!(outcome, Outcome::Loaded { .. }), "{outcome:?}");
}

#[tokio::test]
async fn the_demo_district_reproduces_the_articles_figures() {
    let (_db, pool) = database().await;
    loaded(&pool).await;
    let k = crate::common::kpis(&pool).await;
    assert_eq!(k.schools, 78);
    assert_eq!(k.classes_2015_2016, 1_410);
    assert!((103_000..=103_999).contains(&k.attendances_2015_2016), "{}", k.attendances_2015_2016);
    assert!((490..=499).contains(&k.sessions_2017), "{}", k.sessions_2017);
    assert!((31_000..=31_999).contains(&k.attendances_2017), "{}", k.attendances_2017);
    assert_eq!(k.party_members, 55_000);
    // 13万人次 in all, and nothing outside the two periods.
    assert_eq!(k.attendances_total, k.attendances_2015_2016 + k.attendances_2017);
    assert_eq!(k.attendances_total / 10_000, 13);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM classes WHERE starts_at < '2015-04-01' OR starts_at >= '2017-05-26'").await, 0);
}

#[tokio::test]
async fn schools_by_founding_mode_and_opening() {
    let (_db, pool) = database().await;
    loaded(&pool).await;
    let modes = dashboard::schools_by_mode(&pool).await.unwrap();
    let count = |m: FoundingMode| modes.iter().filter(|x| x.mode == m).map(|x| x.schools).sum::<i64>();
    assert_eq!(count(FoundingMode::Independent), 66);
    assert_eq!(count(FoundingMode::Joint), 1);
    assert_eq!(count(FoundingMode::Extended), 11);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM schools WHERE extension_kind = 'sub_area'").await, 5);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM schools WHERE extension_kind = 'institution'").await, 6);
    let sub_areas: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM schools WHERE extension_kind = 'sub_area' ORDER BY name").fetch_all(&pool).await.unwrap();
    for area in ["沙畈", "鲁台", "前川片区", "环城", "新店"] {
        assert!(sub_areas.iter().any(|(n,)| n.contains(area)), "no sub-area school {area}: {sub_areas:?}");
    }
    // The joint school's members are the five mass organisations.
    let members: Vec<(String,)> = sqlx::query_as(
        "SELECT u.name FROM school_members m JOIN units u ON u.id = m.unit_id \
         JOIN schools s ON s.id = m.school_id WHERE s.founding_mode = 'joint' ORDER BY u.name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut expected = vec!["区总工会", "团区委", "区妇联", "区残联", "区科协"];
    expected.sort();
    assert_eq!(members.into_iter().map(|(n,)| n).collect::<Vec<_>>(), expected);
    // Rotating principals: one-year terms, back to back, each from a different member unit.
    let terms: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT starts_on, ends_on, unit_id FROM principal_terms ORDER BY starts_on").fetch_all(&pool).await.unwrap();
    assert!(terms.len() >= 2, "{terms:?}");
    for pair in terms.windows(2) {
        assert!(pair[0].1 < pair[1].0 && pair[0].2 != pair[1].2, "{pair:?}");
    }
    // The pilot: 4 district units and 2 streets in April 2015; 71 open by 2015-08-31; 78 by 2017-05-25.
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM schools WHERE pilot AND opened_on < '2015-05-01'").await, 6);
    assert_eq!(
        scalar(&pool, "SELECT COUNT(*) FROM schools s JOIN units u ON u.id = s.host_unit_id WHERE s.pilot AND u.kind = 'township'").await,
        2
    );
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM schools WHERE opened_on <= '2015-08-31'").await, 71);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM schools WHERE opened_on <= '2017-05-25'").await, 78);
    // 19 township-level units, each with its independent school.
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM units WHERE kind = 'township'").await, 19);
    assert_eq!(
        scalar(&pool, "SELECT COUNT(*) FROM schools s JOIN units u ON u.id = s.host_unit_id WHERE u.kind = 'township' AND s.founding_mode = 'independent'").await,
        19
    );
}

#[tokio::test]
async fn classes_follow_opening_dates_and_the_calendar() {
    let (_db, pool) = database().await;
    loaded(&pool).await;
    assert_eq!(
        scalar(&pool, "SELECT COUNT(*) FROM classes c JOIN schools s ON s.id = c.school_id WHERE substr(c.starts_at, 1, 10) < s.opened_on")
            .await,
        0,
        "no class before its school opened"
    );
    let monthly = dashboard::monthly(&pool, None, "2015-04-01", "2017-05-25").await.unwrap();
    assert_eq!(monthly.len(), 26, "2015-04 … 2017-05");
    let classes = |m: &str| monthly.iter().find(|p| p.month == m).map(|p| p.classes).unwrap();
    assert!(classes("2016-02") < classes("2016-03"), "Spring Festival dip");
    assert!(classes("2016-06") > classes("2016-05"), "July 1 peak");
    // The regional group rotates hosting among its four streets.
    let hosts: Vec<(String,)> = sqlx::query_as(
        "SELECT u.short_name FROM classes c JOIN schools s ON s.id = c.school_id JOIN units u ON u.id = s.host_unit_id \
         JOIN joint_groups g ON g.id = c.joint_group_id WHERE g.kind = 'regional' ORDER BY c.starts_at LIMIT 8",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let hosts: Vec<String> = hosts.into_iter().map(|(h,)| h).collect();
    assert_eq!(hosts[..4], ["滠口街", "武湖街", "三里桥街", "大潭办事处"]);
    assert_eq!(hosts[4..8], hosts[..4]);
    // Study hours: every district-managed cadre's attendance of a closed class is in the ledger, with
    // its rule (the day's classes still open are credited at their close-out).
    let ledger = scalar(&pool, "SELECT COUNT(*) FROM study_hours WHERE source = 'attendance' AND rule = 'attendance_credit'").await;
    let cadre_attendances = scalar(
        &pool,
        "SELECT COUNT(*) FROM attendance a JOIN people p ON p.id = a.person_id JOIN classes c ON c.id = a.class_id \
         WHERE p.district_managed AND c.status = 'closed'",
    )
    .await;
    assert!(ledger > 0);
    assert_eq!(ledger, cadre_attendances);
}

#[tokio::test]
async fn a_second_start_keeps_the_data_and_loads_nothing() {
    let (_db, pool) = database().await;
    loaded(&pool).await;
    let before = scalar(&pool, "SELECT COUNT(*) FROM attendance").await;
    assert_eq!(demo::load_if_empty(&pool, None).await.unwrap(), Outcome::AlreadyHasData);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM attendance").await, before);
}

#[tokio::test]
async fn the_database_refuses_bad_rows() {
    let (_db, pool) = database().await;
    loaded(&pool).await;
    // One person attends one class once.
    let dup = sqlx::query("INSERT INTO attendance (class_id, person_id, checked_in_at, method) SELECT class_id, person_id, checked_in_at, method FROM attendance WHERE id = 1")
        .execute(&pool)
        .await;
    assert!(dup.is_err(), "duplicate attendance accepted");
    // Foreign keys are on.
    let orphan =
        sqlx::query("INSERT INTO attendance (class_id, person_id, checked_in_at, method) VALUES (999999, 1, '2017-01-01T09:00:00', 'qr')")
            .execute(&pool)
            .await;
    assert!(orphan.is_err(), "attendance of a missing class accepted");
    // Only the seven course categories.
    let bad = sqlx::query("UPDATE classes SET category = 'astrology' WHERE id = 1").execute(&pool).await;
    assert!(bad.is_err(), "unknown course category accepted");
    // New rows get fresh ids after the bulk load (PostgreSQL's sequences were moved on).
    sqlx::query("INSERT INTO units (name, short_name, kind) VALUES ($1, $1, 'department')")
        .bind("区测试单位")
        .execute(&pool)
        .await
        .expect("a new unit gets a fresh id");
}

#[tokio::test]
async fn attendances_by_township_cover_every_attendance() {
    let (_db, pool) = database().await;
    loaded(&pool).await;
    let towns = dashboard::by_township(&pool, "0000-01-01", "9999-12-31").await.unwrap();
    let total: i64 = towns.iter().map(|u| u.attendances).sum();
    assert_eq!(total, scalar(&pool, "SELECT COUNT(*) FROM attendance").await);
    assert_eq!(towns.len(), 20, "19 township-level units and the district-level bar");
    assert_eq!(towns.last().unwrap().unit, dashboard::DISTRICT_LEVEL);
    assert_eq!(towns[0].unit, "前川街", "the seat, with its sub-area schools, trains most");
}

#[tokio::test]
async fn the_demo_runs_on_its_own_day_unless_a_setting_names_another() {
    use dangxiao::server::Clock;
    let (_db, pool) = database().await;
    // An empty installation runs on the real date.
    assert_eq!(Clock::of_installation(&pool, None).await.unwrap(), Clock::real());
    loaded(&pool).await;
    let clock = Clock::of_installation(&pool, None).await.unwrap();
    assert_eq!(clock.now().date(), "2017-05-25", "the demo records its day");
    assert_eq!(clock.year(), 2017);
    let later = chrono::NaiveDate::from_ymd_opt(2017, 6, 30).unwrap();
    assert_eq!(Clock::of_installation(&pool, Some(later)).await.unwrap().today(), later, "DANGXIAO_TODAY wins");
    // What the demo wrote is dated on its day.
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM hour_audit WHERE substr(at, 1, 10) <> '2017-05-25'").await, 0);
}

#[tokio::test]
async fn the_dashboard_and_the_map_are_computed_once_until_the_data_change() {
    use crate::common::CLOCK;
    use dangxiao::model::{MapColour, MapPeriod};
    use dangxiao::server::views::Views;
    let (_db, pool) = database().await;
    loaded(&pool).await;
    let views = Views::default();
    let month = dashboard::resolve(dangxiao::model::PeriodKind::Month, None, None, CLOCK.today()).unwrap();
    let first = views.dashboard(&pool, &CLOCK, &month).await.unwrap();
    let map_total = |m: &dangxiao::model::MapData| m.schools.iter().map(|s| s.attendances).sum::<i64>();
    let first_map = map_total(&views.map(&pool, &CLOCK, MapPeriod::All, MapColour::Mode).await.unwrap());
    // A check-in written behind the cache's back: what was kept is served until told of the change.
    let (class,): (i64,) =
        sqlx::query_as("SELECT id FROM classes WHERE status = 'open' ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap();
    let (person,): (i64,) =
        sqlx::query_as("SELECT id FROM people WHERE id NOT IN (SELECT person_id FROM attendance WHERE class_id = $1) LIMIT 1")
            .bind(class)
            .fetch_one(&pool)
            .await
            .unwrap();
    let mut tx = pool.begin().await.unwrap();
    let at = CLOCK.now();
    dangxiao::server::repo::attendance::attend(&mut tx, class, person, dangxiao::model::AttendanceMethod::Manual, None, &at).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(views.dashboard(&pool, &CLOCK, &month).await.unwrap().kpis, first.kpis, "kept");
    assert_eq!(map_total(&views.map(&pool, &CLOCK, MapPeriod::All, MapColour::Mode).await.unwrap()), first_map, "the map kept");
    views.changed();
    assert_eq!(map_total(&views.map(&pool, &CLOCK, MapPeriod::All, MapColour::Mode).await.unwrap()), first_map + 1, "the map anew");
    let after = views.dashboard(&pool, &CLOCK, &month).await.unwrap();
    assert_eq!(after.kpis.attendances, first.kpis.attendances + 1);
    assert_eq!(after.kpis.attendances_total, first.kpis.attendances_total + 1);
    assert_eq!(after.today.by_hour.iter().sum::<i64>(), first.today.by_hour.iter().sum::<i64>() + 1, "today's check-ins");
}

/// `dangxiao demo --scale N`: N districts' schools, people, classes and attendances, in the same
/// townships and days; every kept count agrees with a recount; a district is scaled once.
#[tokio::test]
async fn the_scale_demo_multiplies_the_district() {
    use dangxiao::server::repo::rollup::{self, Grain};
    let (_db, pool) = database().await;
    loaded(&pool).await;
    let before = crate::common::kpis(&pool).await;
    let townships_before = dashboard::by_township(&pool, "2015-04-01", "2017-05-25").await.unwrap();
    let attendances = scalar(&pool, "SELECT COUNT(*) FROM attendance").await;
    let scaled = demo::scale::scale(&pool, 3).await.expect("scales");
    assert_eq!(scaled.schools, 3 * 78);
    assert_eq!(scaled.people, 3 * 55_000);
    assert_eq!(scaled.attendances, 3 * attendances);
    let after = crate::common::kpis(&pool).await;
    assert_eq!(after.schools, 3 * before.schools);
    assert_eq!(after.party_members, 3 * before.party_members);
    assert_eq!(after.attendances_total, 3 * before.attendances_total);
    assert_eq!(after.classes_2015_2016, 3 * before.classes_2015_2016);
    let townships = dashboard::by_township(&pool, "2015-04-01", "2017-05-25").await.unwrap();
    assert_eq!(townships.len(), townships_before.len(), "the same townships");
    for (a, b) in townships.iter().zip(&townships_before) {
        assert_eq!((&a.unit, a.attendances), (&b.unit, 3 * b.attendances));
    }
    for grain in [Grain::School, Grain::Township] {
        assert_eq!(rollup::kept(&pool, grain).await.unwrap(), rollup::recount(&pool, grain).await.unwrap(), "{grain:?}");
    }
    let (kept, counted) = rollup::people_counts(&pool).await.unwrap();
    assert_eq!(kept, counted);
    assert!(demo::scale::scale(&pool, 2).await.is_err(), "a scaled district is not scaled again");
    // New rows after the copies get fresh ids (PostgreSQL's sequences moved past them).
    sqlx::query("INSERT INTO people (name, unit_id, rank) VALUES ('新人', 1, 'other')").execute(&pool).await.unwrap();
}

#[tokio::test]
async fn only_the_demo_district_is_scaled() {
    let (_db, pool) = database().await;
    let refused = demo::scale::scale(&pool, 2).await.unwrap_err();
    assert!(refused.contains("演示"), "{refused}");
    loaded(&pool).await;
    let refused = demo::scale::scale(&pool, 0).await.unwrap_err();
    assert!(refused.contains("--scale"), "{refused}");
}
