//! 红色大讲堂 in the database: the red teaching bases and the lectures held at them. SQL and row
//! mapping only: `service::red` says who may change the bases.

use crate::model::{ClassStatus, Moment, RedBase};
use crate::server::db::{Conn, Pool};

/// The bases in use: (id, name), by name.
pub async fn bases_in_use(pool: &Pool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM red_bases WHERE retired_on IS NULL ORDER BY id").fetch_all(pool).await
}

/// Every base with the lectures held there (not cancelled); those in use first.
pub async fn bases(pool: &Pool) -> Result<Vec<RedBase>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT b.id, b.name, b.place, b.about, b.retired_on, \
                (SELECT COUNT(*) FROM classes c WHERE c.red_base_id = b.id AND c.kind = 'red_lecture' AND c.status <> 'cancelled') \
         FROM red_bases b ORDER BY CASE WHEN b.retired_on IS NULL THEN 0 ELSE 1 END, b.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, place, about, retired_on, lectures)| RedBase { id, name, place, about, lectures, retired_on })
        .collect())
}

/// A lecture.
#[derive(sqlx::FromRow)]
pub struct Lecture {
    pub id: i64,
    pub title: String,
    pub starts_at: Moment,
    pub base: String,
    pub school: String,
    pub status: ClassStatus,
    pub attendances: i64,
}

/// Every 红色大讲堂, earliest first.
pub async fn lectures(pool: &Pool) -> Result<Vec<Lecture>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.title, c.starts_at, b.name AS base, s.name AS school, c.status, \
                (SELECT COUNT(*) FROM attendance a WHERE a.class_id = c.id) AS attendances \
         FROM classes c JOIN red_bases b ON b.id = c.red_base_id JOIN schools s ON s.id = c.school_id \
         WHERE c.kind = 'red_lecture' ORDER BY c.starts_at, c.id",
    )
    .fetch_all(pool)
    .await
}

/// Whether a base of that name exists.
pub async fn name_taken(conn: &mut Conn, name: &str) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM red_bases WHERE name = $1").bind(name).fetch_one(conn).await?;
    Ok(n > 0)
}

/// Adds a base; returns its number.
pub async fn add(conn: &mut Conn, (name, place, about): (&str, &str, &str), at: &Moment) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as("INSERT INTO red_bases (name, place, about, added_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name)
        .bind(place)
        .bind(about)
        .bind(at)
        .fetch_one(conn)
        .await?;
    Ok(id)
}

/// Retires a base in use on `day`; its name, if it was in use.
pub async fn retire(conn: &mut Conn, id: i64, day: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_as("UPDATE red_bases SET retired_on = $1 WHERE id = $2 AND retired_on IS NULL RETURNING name")
        .bind(day)
        .bind(id)
        .fetch_optional(conn)
        .await
        .map(|r: Option<(String,)>| r.map(|(n,)| n))
}
