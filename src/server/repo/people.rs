//! The people on record (人员), read whole for a roster's comparison and written in multi-row
//! statements: a district's 55,000 in about a hundred statements, not 55,000.

use crate::model::{PersonRow, PersonStatus, Rank};
use crate::rules::people::Person;
use crate::server::db::{insert_many, page_within, Conn, Db, Paged, Pool};
use std::collections::HashMap;

/// Every person on record, by number.
pub async fn on_record(conn: &mut Conn) -> Result<HashMap<i64, Person>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, Rank, i64, i64, PersonStatus)> = sqlx::query_as(
        "SELECT id, name, unit_id, rank, CASE WHEN district_managed THEN 1 ELSE 0 END, \
                CASE WHEN party_member THEN 1 ELSE 0 END, status FROM people",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, unit_id, rank, managed, member, status)| {
            (id, Person { id, name, unit_id, rank, district_managed: managed != 0, party_member: member != 0, status })
        })
        .collect())
}

/// Writes `people` as the roster has them: new numbers added, known ones updated.
pub async fn upsert(tx: &mut sqlx::Transaction<'_, Db>, people: &[&Person]) -> Result<(), sqlx::Error> {
    insert_many(
        tx,
        "people",
        &["id", "name", "unit_id", "rank", "district_managed", "party_member", "status"],
        people,
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id, rank = excluded.rank, \
         district_managed = excluded.district_managed, party_member = excluded.party_member, status = excluded.status",
        |mut b, p| {
            b.push_bind(p.id)
                .push_bind(p.name.as_str())
                .push_bind(p.unit_id)
                .push_bind(p.rank.as_code())
                .push_bind(p.district_managed)
                .push_bind(p.party_member)
                .push_bind(p.status.as_code());
        },
    )
    .await
}

type ListRow = (i64, String, String, Rank, i64, PersonStatus);

/// Page `asked` (`per` rows) of the people whose number is `search`, or whose name or unit contains
/// it: one count, one page.
pub async fn find(pool: &Pool, search: &str, asked: i64, per: i64) -> Result<Paged<PersonRow>, sqlx::Error> {
    let pattern = crate::server::db::contains_pattern(search);
    let number = search.parse::<i64>().unwrap_or(-1);
    const WHERE: &str = "FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE (p.id = $1 OR p.name LIKE $2 ESCAPE '\\' OR u.name LIKE $2 ESCAPE '\\')";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {WHERE}")).bind(number).bind(&pattern).fetch_one(pool).await?;
    let (page, pages) = page_within(total, per, asked);
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "SELECT p.id, p.name, u.name, p.rank, CASE WHEN p.district_managed THEN 1 ELSE 0 END, p.status {WHERE} \
         ORDER BY p.id LIMIT $3 OFFSET $4"
    ))
    .bind(number)
    .bind(&pattern)
    .bind(per)
    .bind((page - 1) * per)
    .fetch_all(pool)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(id, name, unit, rank, managed, status)| PersonRow { id, name, unit, rank, district_managed: managed != 0, status })
        .collect();
    Ok(Paged { rows, total, page, pages })
}

/// A person's party membership and standing, if they exist.
pub async fn standing(pool: &Pool, id: i64) -> Result<Option<(bool, PersonStatus)>, sqlx::Error> {
    let row: Option<(i64, PersonStatus)> =
        sqlx::query_as("SELECT CASE WHEN party_member THEN 1 ELSE 0 END, status FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(member, status)| (member != 0, status)))
}

/// A person's competency results, newest first.
pub async fn competency(pool: &Pool, id: i64) -> Result<Vec<(i32, f64, f64, f64)>, sqlx::Error> {
    let rows: Vec<(i64, f64, f64, f64)> = sqlx::query_as(
        "SELECT year, political_theory, general_quality, job_capability FROM competency_results WHERE person_id = $1 ORDER BY year DESC",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(y, a, b, c)| (y as i32, a, b, c)).collect())
}

/// The latest `limit` classes a person attended: day, title, school, hours.
pub async fn classes(pool: &Pool, id: i64, limit: i64) -> Result<Vec<(String, String, String, f64)>, sqlx::Error> {
    let rows: Vec<(String, String, String, f64)> = sqlx::query_as(
        "SELECT c.starts_at, c.title, s.name, c.hours FROM attendance a JOIN classes c ON c.id = a.class_id \
         JOIN schools s ON s.id = c.school_id WHERE a.person_id = $1 ORDER BY c.starts_at DESC, c.id DESC LIMIT $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(at, title, school, hours)| (at.chars().take(10).collect(), title, school, hours)).collect())
}
