//! 教学计划 in the database: the lines of the schools' and the joint-training groups' yearly plans,
//! and the classes held for them. SQL and row mapping only: `service::plans` says who may plan and
//! puts a plan together.

use crate::model::{ClassStatus, CourseCategory};
use crate::server::db::{Conn, Pool};

/// A plan line.
#[derive(sqlx::FromRow)]
pub struct Line {
    pub id: i64,
    pub school_id: Option<i64>,
    pub group_id: Option<i64>,
    pub year: i64,
    pub month: i64,
    pub topic: String,
    pub category: CourseCategory,
    pub host_unit_id: Option<i64>,
    /// The host unit's name.
    pub host: Option<String>,
}

const LINES: &str = "SELECT l.id, l.school_id, l.group_id, l.year, l.month, l.topic, l.category, l.host_unit_id, u.name AS host \
                     FROM plan_lines l LEFT JOIN units u ON u.id = l.host_unit_id";

/// A school's lines of a year, by month.
pub async fn of_school(pool: &Pool, school: i64, year: i32) -> Result<Vec<Line>, sqlx::Error> {
    sqlx::query_as(&format!("{LINES} WHERE l.school_id = $1 AND l.year = $2 ORDER BY l.month, l.id"))
        .bind(school)
        .bind(year as i64)
        .fetch_all(pool)
        .await
}

/// Every group's lines of a year.
pub async fn of_groups(pool: &Pool, year: i32) -> Result<Vec<Line>, sqlx::Error> {
    sqlx::query_as(&format!("{LINES} WHERE l.group_id IS NOT NULL AND l.year = $1 ORDER BY l.group_id, l.month"))
        .bind(year as i64)
        .fetch_all(pool)
        .await
}

/// One line, if it exists.
pub async fn line(conn: &mut Conn, id: i64) -> Result<Option<Line>, sqlx::Error> {
    sqlx::query_as(&format!("{LINES} WHERE l.id = $1")).bind(id).fetch_optional(conn).await
}

/// A class held for a line.
#[derive(sqlx::FromRow)]
pub struct HeldFor {
    pub line_id: i64,
    pub id: i64,
    pub title: String,
    pub status: ClassStatus,
}

const HELD: &str = "SELECT c.plan_line_id AS line_id, c.id, c.title, c.status FROM classes c JOIN plan_lines l ON l.id = c.plan_line_id";

/// The classes held for a school's lines of a year.
pub async fn held_for_school(pool: &Pool, school: i64, year: i32) -> Result<Vec<HeldFor>, sqlx::Error> {
    sqlx::query_as(&format!("{HELD} WHERE l.school_id = $1 AND l.year = $2 ORDER BY c.starts_at, c.id"))
        .bind(school)
        .bind(year as i64)
        .fetch_all(pool)
        .await
}

/// The classes held for the groups' lines of a year.
pub async fn held_for_groups(pool: &Pool, year: i32) -> Result<Vec<HeldFor>, sqlx::Error> {
    sqlx::query_as(&format!("{HELD} WHERE l.group_id IS NOT NULL AND l.year = $1 ORDER BY c.starts_at, c.id"))
        .bind(year as i64)
        .fetch_all(pool)
        .await
}

/// The years a school has lines in.
pub async fn school_years(pool: &Pool, school: i64) -> Result<Vec<i32>, sqlx::Error> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT DISTINCT year FROM plan_lines WHERE school_id = $1 ORDER BY year").bind(school).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// What a new line says.
pub struct NewLine<'a> {
    pub year: i32,
    pub month: u32,
    pub topic: &'a str,
    pub category: CourseCategory,
    pub host_unit_id: Option<i64>,
    pub made_by: i64,
    pub made_at: &'a str,
}

/// Adds a line to a school's plan unless the year already has `limit` lines; returns its number.
pub async fn add_to_school(conn: &mut Conn, school: i64, line: &NewLine<'_>, limit: i64) -> Result<Option<i64>, sqlx::Error> {
    let (lines,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM plan_lines WHERE school_id = $1 AND year = $2")
        .bind(school)
        .bind(line.year as i64)
        .fetch_one(&mut *conn)
        .await?;
    if lines >= limit {
        return Ok(None);
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO plan_lines (school_id, year, month, topic, category, host_unit_id, made_by, made_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(school)
    .bind(line.year as i64)
    .bind(line.month as i64)
    .bind(line.topic)
    .bind(line.category)
    .bind(line.host_unit_id)
    .bind(line.made_by)
    .bind(line.made_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(id))
}

/// Saves a group's line of a month; saving a month again changes its topic (the classes held for it
/// stay with it).
pub async fn save_group_month(pool: &Pool, group: i64, line: &NewLine<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO plan_lines (group_id, year, month, topic, category, made_by, made_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (group_id, year, month) WHERE group_id IS NOT NULL \
         DO UPDATE SET topic = excluded.topic, category = excluded.category, made_by = excluded.made_by, made_at = excluded.made_at",
    )
    .bind(group)
    .bind(line.year as i64)
    .bind(line.month as i64)
    .bind(line.topic)
    .bind(line.category)
    .bind(line.made_by)
    .bind(line.made_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Removes a school's line if no class is held for it (cancelled ones let go of it); whether it was
/// removed. Call inside a transaction: a refusal leaves the cancelled classes to be rolled back.
pub async fn remove(conn: &mut Conn, school: i64, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE classes SET plan_line_id = NULL WHERE plan_line_id = $1 AND status = 'cancelled'")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query(
        "DELETE FROM plan_lines WHERE id = $1 AND school_id = $2 AND NOT EXISTS (SELECT 1 FROM classes WHERE plan_line_id = $1)",
    )
    .bind(id)
    .bind(school)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
