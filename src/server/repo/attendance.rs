//! Attendance (签到名单) in the database: the check-in secret, putting a person on a class's roster
//! under the class's lock, taking them off, the roster and a roster file's people. SQL and row mapping
//! only: the rules and what users read are `service::attendance`'s.

use crate::model::{AttendanceMethod, ClassStatus, Moment, Rank, RosterEntry};
use crate::server::db::{Conn, Pool};
use std::collections::{HashMap, HashSet};

/// The server's signing secret for check-in tokens: made once, kept in the database (shared by every
/// instance on one database).
pub async fn checkin_secret(pool: &Pool) -> Result<Vec<u8>, sqlx::Error> {
    const SELECT: &str = "SELECT value FROM app_meta WHERE key = 'checkin_secret'";
    let stored = match sqlx::query_as::<_, (String,)>(SELECT).fetch_optional(pool).await? {
        Some((value,)) => value,
        None => {
            use rand::RngCore;
            let mut fresh = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut fresh);
            // Two instances starting together: the first secret written wins, both read it back.
            sqlx::query("INSERT INTO app_meta (key, value) VALUES ('checkin_secret', $1) ON CONFLICT (key) DO NOTHING")
                .bind(hex::encode(fresh))
                .execute(pool)
                .await?;
            sqlx::query_as::<_, (String,)>(SELECT).fetch_one(pool).await?.0
        }
    };
    hex::decode(stored).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The classes open for check-in.
pub async fn open_classes(pool: &Pool) -> Result<Vec<i64>, sqlx::Error> {
    let open: Vec<(i64,)> = sqlx::query_as("SELECT id FROM classes WHERE status = 'open'").fetch_all(pool).await?;
    Ok(open.into_iter().map(|(id,)| id).collect())
}

/// Where a person belongs: unit, rank and the unit's name.
#[derive(sqlx::FromRow)]
pub struct Membership {
    pub unit_id: i64,
    pub rank: Rank,
    pub unit: String,
}

pub async fn membership(pool: &Pool, person: i64) -> Result<Option<Membership>, sqlx::Error> {
    sqlx::query_as("SELECT p.unit_id, p.rank, u.name AS unit FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1")
        .bind(person)
        .fetch_optional(pool)
        .await
}

/// What putting a person on a roster came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Attended {
    /// On the roster from this moment.
    Added(Moment),
    /// Was on the roster already, since this moment.
    Already(Moment),
    /// The class is not open for check-in (its status now).
    NotOpen(ClassStatus),
    /// The class is full.
    Full,
}

/// Puts a person on a class's roster inside a transaction: only while the class is open and has
/// room, decided under the class row's lock (PostgreSQL) or the write lock (SQLite), so that a
/// check-in racing the close-out is either credited by it or refused, and parallel check-ins never
/// overbook. `at` is the check-in time.
pub async fn attend(
    conn: &mut Conn,
    class_id: i64,
    person_id: i64,
    method: AttendanceMethod,
    capacity: Option<i64>,
    at: &Moment,
) -> Result<Attended, sqlx::Error> {
    let mut class = lock_for_check_in(conn, class_id, capacity).await?;
    let attended = class.attend(conn, person_id, method, at).await?;
    if matches!(attended, Attended::Added(_)) {
        super::rollup::add(conn, class_id, 0, 1).await?;
    }
    Ok(attended)
}

/// A class as check-ins find it under its lock (the row's `FOR UPDATE` on PostgreSQL, the write
/// transaction on SQLite): its status, and — when it has a capacity — how many are on its roster.
/// Check-ins written together (`service::attendance::CheckInWriter`) read it once per class.
pub struct LockedClass {
    pub id: i64,
    pub status: ClassStatus,
    capacity: Option<i64>,
    on_roster: i64,
    /// Check-ins added through this lock (the daily counts are moved by them at the end).
    pub added: i64,
}

pub async fn lock_for_check_in(conn: &mut Conn, class_id: i64, capacity: Option<i64>) -> Result<LockedClass, sqlx::Error> {
    let lock = format!("SELECT status FROM classes WHERE id = $1{}", crate::server::db::for_update(conn));
    let (status,): (ClassStatus,) = sqlx::query_as(&lock).bind(class_id).fetch_one(&mut *conn).await?;
    let on_roster = match capacity {
        Some(_) => {
            sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM attendance WHERE class_id = $1").bind(class_id).fetch_one(&mut *conn).await?.0
        }
        None => 0,
    };
    Ok(LockedClass { id: class_id, status, capacity, on_roster, added: 0 })
}

impl LockedClass {
    /// Puts `person_id` on the roster (inside the transaction that holds the lock), or says why not.
    pub async fn attend(
        &mut self,
        conn: &mut Conn,
        person_id: i64,
        method: AttendanceMethod,
        at: &Moment,
    ) -> Result<Attended, sqlx::Error> {
        if self.status != ClassStatus::Open {
            return Ok(Attended::NotOpen(self.status));
        }
        let full = self.capacity.is_some_and(|c| self.on_roster >= c);
        if !full {
            let inserted = sqlx::query(
                "INSERT INTO attendance (class_id, person_id, checked_in_at, method) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (class_id, person_id) DO NOTHING",
            )
            .bind(self.id)
            .bind(person_id)
            .bind(at)
            .bind(method)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if inserted == 1 {
                self.on_roster += 1;
                self.added += 1;
                return Ok(Attended::Added(at.clone()));
            }
        }
        let earlier: Option<(Moment,)> = sqlx::query_as("SELECT checked_in_at FROM attendance WHERE class_id = $1 AND person_id = $2")
            .bind(self.id)
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
        Ok(earlier.map_or(Attended::Full, |(at,)| Attended::Already(at)))
    }
}

/// A person's check-in to a class: the class's title and when they checked in.
pub async fn checked_in(pool: &Pool, class_id: i64, person_id: i64) -> Result<Option<(String, Moment)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.title, a.checked_in_at FROM attendance a JOIN classes c ON c.id = a.class_id WHERE a.class_id = $1 AND a.person_id = $2",
    )
    .bind(class_id)
    .bind(person_id)
    .fetch_optional(pool)
    .await
}

/// Whether the person's hours for the class are in the ledger.
pub async fn credited(pool: &Pool, class_id: i64, person_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT h.id FROM study_hours h JOIN attendance a ON a.id = h.attendance_id WHERE a.class_id = $1 AND a.person_id = $2",
    )
    .bind(class_id)
    .bind(person_id)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Takes a person off the roster; whether they were on it.
pub async fn remove(conn: &mut Conn, class_id: i64, person_id: i64) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM attendance WHERE class_id = $1 AND person_id = $2")
        .bind(class_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1;
    if removed {
        super::rollup::add(conn, class_id, 0, -1).await?;
    }
    Ok(removed)
}

/// How many are on a class's roster.
pub async fn count(pool: &Pool, class_id: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE class_id = $1").bind(class_id).fetch_one(pool).await?;
    Ok(n)
}

#[derive(sqlx::FromRow)]
struct RosterRow {
    person_id: i64,
    name: String,
    unit: String,
    checked_in_at: Moment,
    method: AttendanceMethod,
    credited: i64,
}

/// The roster in check-in order.
pub async fn roster(pool: &Pool, class_id: i64) -> Result<Vec<RosterEntry>, sqlx::Error> {
    let rows: Vec<RosterRow> = sqlx::query_as(
        "SELECT p.id AS person_id, p.name, u.name AS unit, a.checked_in_at, a.method, \
                CASE WHEN h.id IS NULL THEN 0 ELSE 1 END AS credited FROM attendance a \
         JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id \
         LEFT JOIN study_hours h ON h.attendance_id = a.id \
         WHERE a.class_id = $1 ORDER BY a.checked_in_at, a.id",
    )
    .bind(class_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RosterEntry {
            person_id: r.person_id,
            name: r.name,
            unit: r.unit,
            checked_in_at: r.checked_in_at,
            method: r.method,
            credited: r.credited != 0,
        })
        .collect())
}

/// Who is on the class's roster.
pub async fn on_roster(pool: &Pool, class_id: i64) -> Result<HashSet<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT person_id FROM attendance WHERE class_id = $1").bind(class_id).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The names of those of `people` who exist, a few hundred numbers per query.
pub async fn names(pool: &Pool, people: &[i64]) -> Result<HashMap<i64, String>, sqlx::Error> {
    let mut found = HashMap::new();
    for chunk in people.chunks(500) {
        // Numbers only (never text) are written into the statement.
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!("SELECT id, name FROM people WHERE id IN ({list})")).fetch_all(pool).await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Puts imported people on the roster, checked in at `at` (ISO text).
pub async fn insert_imported(conn: &mut Conn, class_id: i64, people: &[i64], at: &Moment) -> Result<(), sqlx::Error> {
    for person in people {
        sqlx::query("INSERT INTO attendance (class_id, person_id, checked_in_at, method) VALUES ($1, $2, $3, 'import')")
            .bind(class_id)
            .bind(person)
            .bind(at)
            .execute(&mut *conn)
            .await?;
    }
    super::rollup::add(conn, class_id, 0, people.len() as i64).await
}
