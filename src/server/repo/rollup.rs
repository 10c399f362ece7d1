//! Training volume per school and day (`class_day_counts`) and per township-level unit and day
//! (`township_day_counts`), kept exact in the transaction of every change that moves it — a class held
//! for the first time, a check-in, a roster import, a removal — so that the dashboard, the map and the
//! school pages sum a few thousand rows for any period instead of counting every attendance of
//! history; and the people per unit (`unit_people_counts`: people are written by the demo load and the
//! roster import, each recounting it in its transaction — whatever else adds, moves or removes people
//! must keep it). [`recount`] counts the same figures
//! from the raw rows (the tests compare the two).

use crate::server::db::{Conn, Pool};

/// The grain of a kept count: per school and day (school pages, the map), per township-level unit and
/// day (the dashboard: at most the townships + 1 rows a day, however many schools).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grain {
    School,
    Township,
}

/// The counts of one place (a school, or a township-level unit — 0 for the district-level units'
/// schools) on one day.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DayCount {
    pub day: String,
    pub place: i64,
    pub classes: i64,
    pub attendances: i64,
}

/// Adds `classes` and `attendances` (either may be negative) to the day the class starts, at its
/// school and its township. Called inside the transaction that makes the change.
pub async fn add(conn: &mut Conn, class_id: i64, classes: i64, attendances: i64) -> Result<(), sqlx::Error> {
    if classes == 0 && attendances == 0 {
        return Ok(());
    }
    for sql in [
        "INSERT INTO class_day_counts (day, school_id, classes, attendances) \
         SELECT substr(starts_at, 1, 10), school_id, $2, $3 FROM classes WHERE id = $1 \
         ON CONFLICT (day, school_id) DO UPDATE SET classes = class_day_counts.classes + excluded.classes, \
         attendances = class_day_counts.attendances + excluded.attendances",
        "INSERT INTO township_day_counts (day, township_id, classes, attendances) \
         SELECT substr(c.starts_at, 1, 10), COALESCE(s.township_id, 0), $2, $3 FROM classes c JOIN schools s ON s.id = c.school_id \
         WHERE c.id = $1 \
         ON CONFLICT (day, township_id) DO UPDATE SET classes = township_day_counts.classes + excluded.classes, \
         attendances = township_day_counts.attendances + excluded.attendances",
    ] {
        sqlx::query(sql).bind(class_id).bind(classes).bind(attendances).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The per-school counts as the raw rows give them (held classes, attendances by the class's start day).
const RECOUNT: &str = "SELECT substr(c.starts_at, 1, 10) AS day, c.school_id AS place, \
        CAST(SUM(CASE WHEN c.status IN ('open', 'closed') THEN 1 ELSE 0 END) AS BIGINT) AS classes, \
        CAST(SUM(COALESCE(n.attendances, 0)) AS BIGINT) AS attendances \
     FROM classes c \
     LEFT JOIN (SELECT class_id, COUNT(*) AS attendances FROM attendance GROUP BY class_id) n ON n.class_id = c.id \
     GROUP BY substr(c.starts_at, 1, 10), c.school_id";

/// The per-township counts, from the same recount.
fn recount_townships() -> String {
    format!(
        "SELECT r.day, COALESCE(s.township_id, 0) AS place, CAST(SUM(r.classes) AS BIGINT) AS classes, \
                CAST(SUM(r.attendances) AS BIGINT) AS attendances \
         FROM ({RECOUNT}) r JOIN schools s ON s.id = r.place GROUP BY r.day, COALESCE(s.township_id, 0)"
    )
}

/// Rebuilds the kept counts from the raw rows (after the demo district is written in bulk).
pub async fn rebuild(conn: &mut Conn) -> Result<(), sqlx::Error> {
    for table in ["class_day_counts", "township_day_counts", "unit_people_counts"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *conn).await?;
    }
    sqlx::query(&format!("INSERT INTO class_day_counts (day, school_id, classes, attendances) {RECOUNT}")).execute(&mut *conn).await?;
    sqlx::query(&format!("INSERT INTO township_day_counts (day, township_id, classes, attendances) {}", recount_townships()))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("INSERT INTO unit_people_counts (unit_id, people, party_members) {PEOPLE}")).execute(conn).await?;
    Ok(())
}

/// Counts the people per unit again (after a roster import: one grouped query over the people).
pub async fn recount_people(conn: &mut Conn) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM unit_people_counts").execute(&mut *conn).await?;
    sqlx::query(&format!("INSERT INTO unit_people_counts (unit_id, people, party_members) {PEOPLE}")).execute(conn).await?;
    Ok(())
}

/// What a grain's table holds, without empty rows, in (day, place) order.
pub async fn kept(pool: &Pool, grain: Grain) -> Result<Vec<DayCount>, sqlx::Error> {
    let (table, place) = match grain {
        Grain::School => ("class_day_counts", "school_id"),
        Grain::Township => ("township_day_counts", "township_id"),
    };
    sqlx::query_as(&format!(
        "SELECT day, {place} AS place, classes, attendances FROM {table} \
         WHERE classes <> 0 OR attendances <> 0 ORDER BY day, {place}"
    ))
    .fetch_all(pool)
    .await
}

/// The same figures counted from the raw rows, without empty rows, in (day, place) order.
pub async fn recount(pool: &Pool, grain: Grain) -> Result<Vec<DayCount>, sqlx::Error> {
    let sql = match grain {
        Grain::School => RECOUNT.to_string(),
        Grain::Township => recount_townships(),
    };
    let mut rows: Vec<DayCount> = sqlx::query_as(&sql).fetch_all(pool).await?;
    rows.retain(|r| r.classes != 0 || r.attendances != 0);
    rows.sort_by(|a, b| (&a.day, a.place).cmp(&(&b.day, b.place)));
    Ok(rows)
}

/// People and Party members per unit, counted from the raw rows.
const PEOPLE: &str = "SELECT unit_id, CAST(COUNT(*) AS BIGINT) AS people, \
        CAST(SUM(CASE WHEN party_member THEN 1 ELSE 0 END) AS BIGINT) AS party_members FROM people \
        WHERE status <> 'moved_out' GROUP BY unit_id";

/// The people counts as kept and as counted from the raw rows, in unit order (the tests compare them).
pub async fn people_counts(pool: &Pool) -> Result<(Vec<(i64, i64, i64)>, Vec<(i64, i64, i64)>), sqlx::Error> {
    let kept = sqlx::query_as("SELECT unit_id, people, party_members FROM unit_people_counts WHERE people <> 0 ORDER BY unit_id")
        .fetch_all(pool)
        .await?;
    let mut counted: Vec<(i64, i64, i64)> = sqlx::query_as(PEOPLE).fetch_all(pool).await?;
    counted.sort();
    Ok((kept, counted))
}
