//! 六个一 in the database: each school's documents per item (`school_documents`), the files, and the
//! district's table of which items are in place. SQL and row mapping only: `service::six_ones` checks.

use super::claims::Evidence;
use crate::model::{Moment, SchoolDocument, SixOne, SixOnesRow};
use crate::server::db::{Conn, Pool};

/// A school's documents (without their content), by item, oldest first.
pub async fn documents(pool: &Pool, school: i64) -> Result<Vec<SchoolDocument>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, item, name, mime, size, uploaded_at FROM school_documents WHERE school_id = $1 ORDER BY item, uploaded_at, id",
    )
    .bind(school)
    .fetch_all(pool)
    .await
}

/// How many documents each item of a school has, in `SixOne::ALL` order.
pub async fn kept(pool: &Pool, school: i64) -> Result<Vec<(SixOne, i64)>, sqlx::Error> {
    let rows: Vec<(SixOne, i64)> = sqlx::query_as("SELECT item, COUNT(*) FROM school_documents WHERE school_id = $1 GROUP BY item")
        .bind(school)
        .fetch_all(pool)
        .await?;
    Ok(SixOne::ALL.iter().map(|i| (*i, rows.iter().find(|(r, _)| r == i).map_or(0, |(_, n)| *n))).collect())
}

/// Stores a checked document for `item` of `school` — unless the item holds `max` already (counted
/// in the same statement). Returns its id, `None` when refused.
pub async fn insert(
    conn: &mut Conn,
    school: i64,
    item: SixOne,
    file: &Evidence,
    account: i64,
    at: &Moment,
    max: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO school_documents (school_id, item, name, mime, size, content, uploaded_by, uploaded_at) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8 \
         WHERE (SELECT COUNT(*) FROM school_documents WHERE school_id = $1 AND item = $2) < $9 RETURNING id",
    )
    .bind(school)
    .bind(item)
    .bind(&file.name)
    .bind(file.mime)
    .bind(file.bytes.len() as i64)
    .bind(&file.bytes)
    .bind(account)
    .bind(at.to_string())
    .bind(max)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(inserted.map(|(id,)| id))
}

/// Removes a document of `school`: its item and file name, `None` when `school` has no such document.
pub async fn remove(conn: &mut Conn, school: i64, document: i64) -> Result<Option<(SixOne, String)>, sqlx::Error> {
    let found: Option<(SixOne, String)> = sqlx::query_as("SELECT item, name FROM school_documents WHERE id = $1 AND school_id = $2")
        .bind(document)
        .bind(school)
        .fetch_optional(&mut *conn)
        .await?;
    if found.is_some() {
        sqlx::query("DELETE FROM school_documents WHERE id = $1").bind(document).execute(&mut *conn).await?;
    }
    Ok(found)
}

/// A document's file: (file name, type, bytes), when `school` has it.
pub async fn file(pool: &Pool, school: i64, document: i64) -> Result<Option<(String, String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("SELECT name, mime, content FROM school_documents WHERE id = $1 AND school_id = $2")
        .bind(document)
        .bind(school)
        .fetch_optional(pool)
        .await
}

/// Which items of each school are in place: (school, item) once per item with a document.
pub async fn in_place(pool: &Pool) -> Result<Vec<(i64, SixOne)>, sqlx::Error> {
    sqlx::query_as("SELECT DISTINCT school_id, item FROM school_documents").fetch_all(pool).await
}

/// The district's table: every school not closed, with the items it has in place, the fewest first, then
/// by name.
pub async fn table(pool: &Pool) -> Result<Vec<SixOnesRow>, sqlx::Error> {
    let schools: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT s.id, s.name, t.short_name FROM schools s LEFT JOIN units t ON t.id = s.township_id \
         WHERE s.status <> 'closed' ORDER BY s.id",
    )
    .fetch_all(pool)
    .await?;
    let placed: std::collections::HashSet<(i64, SixOne)> = in_place(pool).await?.into_iter().collect();
    let mut rows: Vec<SixOnesRow> = schools
        .into_iter()
        .map(|(school_id, name, township)| SixOnesRow {
            items: SixOne::ALL.iter().map(|i| placed.contains(&(school_id, *i))).collect(),
            school_id,
            name,
            township,
        })
        .collect();
    rows.sort_by(|a, b| a.in_place().cmp(&b.in_place()).then_with(|| a.school_id.cmp(&b.school_id)));
    Ok(rows)
}
