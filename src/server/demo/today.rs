//! The demo's day in progress: a few classes open for check-in on 2017-05-25 around the time of day the
//! demo is loaded, with the check-ins made so far, so that the leaders' "today" panel shows a district
//! at work. Written after the bulk load (normal inserts, the rollups kept as every write keeps them).

use crate::model::Moment;
use crate::server::db::Pool;
use crate::server::repo::rollup;
use chrono::{Duration, NaiveTime, Timelike};

/// (school, title, venue, capacity, checked in so far, the red teaching base of a 红色大讲堂).
type DayClass = (&'static str, &'static str, &'static str, i64, i64, Option<&'static str>);

/// The day's classes. The article's day is the first Red Lecture Hall's: 木兰乡's class is it.
const CLASSES: [DayClass; 3] = [
    ("前川街", "学习贯彻党章专题班", "前川街党校报告厅", 120, 86, None),
    ("武湖街", "乡村振兴与基层治理专题", "武湖街党员活动中心", 80, 41, None),
    ("木兰乡", "首期红色大讲堂：传承红色基因", "滠水河畔现场教学点", 60, 23, Some(super::store_years::RED_BASES[0].0)),
];

/// Opens the demo's classes of the day: from an hour before `now` to three hours after (within the
/// day), with check-ins spread from the start to `now`.
pub(super) async fn schedule(pool: &Pool, now: &Moment) -> Result<(), sqlx::Error> {
    let Some(now) = chrono::NaiveDateTime::parse_from_str(now.as_str(), "%Y-%m-%d %H:%M:%S").ok() else {
        return Ok(());
    };
    let day = now.date();
    let earliest = day.and_time(NaiveTime::from_hms_opt(0, 0, 0).unwrap_or_default());
    let latest = day.and_time(NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default());
    let starts = (now - Duration::hours(1)).max(earliest).with_second(0).unwrap_or(now);
    let ends = (now + Duration::hours(3)).min(latest).max(starts + Duration::minutes(1));
    let mut tx = crate::server::db::begin_write(pool).await?;
    for (i, (township, title, venue, capacity, checked_in, red_base)) in CLASSES.iter().enumerate() {
        let school: Option<(i64,)> = sqlx::query_as(
            "SELECT s.id FROM schools s JOIN units u ON u.id = s.township_id \
             WHERE u.short_name = $1 AND s.status = 'active' ORDER BY s.id LIMIT 1",
        )
        .bind(*township)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((school,)) = school else { continue };
        let (class,): (i64,) = sqlx::query_as(
            "INSERT INTO classes (school_id, title, category, starts_at, ends_at, venue, hours, status, capacity, kind, red_base_id) \
             VALUES ($1, $2, 'political_theory', $3, $4, $5, 3, 'open', $6, $7, (SELECT id FROM red_bases WHERE name = $8)) RETURNING id",
        )
        .bind(school)
        .bind(*title)
        .bind(Moment::from(starts))
        .bind(Moment::from(ends))
        .bind(*venue)
        .bind(*capacity)
        .bind(if red_base.is_some() { "red_lecture" } else { "regular" })
        .bind(*red_base)
        .fetch_one(&mut *tx)
        .await?;
        // Cadres of the township's units (and then anyone), checked in one after another since the start.
        let people: Vec<(i64,)> = sqlx::query_as(
            "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id \
             ORDER BY CASE WHEN u.short_name = $1 OR u.parent_id IN (SELECT id FROM units WHERE short_name = $1) THEN 0 ELSE 1 END, \
                      p.id LIMIT $2 OFFSET $3",
        )
        .bind(*township)
        .bind(*checked_in)
        .bind(i as i64 * 200)
        .fetch_all(&mut *tx)
        .await?;
        let span = (now - starts).num_seconds().max(1);
        for (k, (person,)) in people.iter().enumerate() {
            let at = starts + Duration::seconds(span * k as i64 / people.len().max(1) as i64);
            sqlx::query("INSERT INTO attendance (class_id, person_id, checked_in_at, method) VALUES ($1, $2, $3, 'qr')")
                .bind(class)
                .bind(*person)
                .bind(Moment::from(at))
                .execute(&mut *tx)
                .await?;
        }
        rollup::add(&mut tx, class, 1, people.len() as i64).await?;
    }
    tx.commit().await
}
