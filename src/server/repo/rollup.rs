//! Training volume per school and day (`class_day_counts`), kept exact in the transaction of every
//! change that moves it — a class held for the first time, a check-in, a roster import, a removal — so
//! that the dashboard, the map and the school pages sum a few thousand rows for any period instead of
//! counting every attendance of history. [`recount`] counts the same figures from the raw rows (the
//! tests compare the two).

use crate::server::db::{Conn, Pool};

/// The counts of one school on one day.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DayCount {
    pub day: String,
    pub school_id: i64,
    pub classes: i64,
    pub attendances: i64,
}

/// Adds `classes` and `attendances` (either may be negative) to the day the class starts, at its
/// school. Called inside the transaction that makes the change.
pub async fn add(conn: &mut Conn, class_id: i64, classes: i64, attendances: i64) -> Result<(), sqlx::Error> {
    if classes == 0 && attendances == 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO class_day_counts (day, school_id, classes, attendances) \
         SELECT substr(starts_at, 1, 10), school_id, $2, $3 FROM classes WHERE id = $1 \
         ON CONFLICT (day, school_id) DO UPDATE SET classes = class_day_counts.classes + excluded.classes, \
         attendances = class_day_counts.attendances + excluded.attendances",
    )
    .bind(class_id)
    .bind(classes)
    .bind(attendances)
    .execute(conn)
    .await?;
    Ok(())
}

/// The counts as the raw rows give them (held classes, attendances by the class's start day).
const RECOUNT: &str = "SELECT substr(c.starts_at, 1, 10) AS day, c.school_id, \
        CAST(SUM(CASE WHEN c.status IN ('open', 'closed') THEN 1 ELSE 0 END) AS BIGINT) AS classes, \
        CAST(SUM(COALESCE(n.attendances, 0)) AS BIGINT) AS attendances \
     FROM classes c \
     LEFT JOIN (SELECT class_id, COUNT(*) AS attendances FROM attendance GROUP BY class_id) n ON n.class_id = c.id \
     GROUP BY substr(c.starts_at, 1, 10), c.school_id";

/// Rebuilds the table from the raw rows (after the demo district is written in bulk).
pub async fn rebuild(conn: &mut Conn) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM class_day_counts").execute(&mut *conn).await?;
    sqlx::query(&format!("INSERT INTO class_day_counts (day, school_id, classes, attendances) {RECOUNT}")).execute(conn).await?;
    Ok(())
}

/// What the table holds, without empty rows, in (day, school) order.
pub async fn kept(pool: &Pool) -> Result<Vec<DayCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT day, school_id, classes, attendances FROM class_day_counts \
         WHERE classes <> 0 OR attendances <> 0 ORDER BY day, school_id",
    )
    .fetch_all(pool)
    .await
}

/// The same figures counted from the raw rows, without empty rows, in (day, school) order.
pub async fn recount(pool: &Pool) -> Result<Vec<DayCount>, sqlx::Error> {
    let mut rows: Vec<DayCount> = sqlx::query_as(RECOUNT).fetch_all(pool).await?;
    rows.retain(|r| r.classes != 0 || r.attendances != 0);
    rows.sort_by(|a, b| (&a.day, a.school_id).cmp(&(&b.day, b.school_id)));
    Ok(rows)
}
