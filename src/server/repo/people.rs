//! The people on record (人员), read whole for a roster's comparison and written in multi-row
//! statements: a district's 55,000 in about a hundred statements, not 55,000.

use crate::model::{PersonStatus, Rank};
use crate::rules::people::Person;
use crate::server::db::{insert_many, Conn, Db};
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
