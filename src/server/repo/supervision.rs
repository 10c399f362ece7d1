//! 督导组 in the database: who is in each group, which schools it supervises, its visits with
//! findings and follow-ups. SQL and row mapping only: `service::supervision` says who may see and do
//! what, and checks the rules (回避, a visit's fields).

use crate::model::FollowUpStatus;
use crate::server::db::Pool;
use std::collections::HashSet;

/// The units of a group's people: its leader, its members and the people of its supervisor accounts.
pub async fn group_units(pool: &Pool, group_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name FROM units u WHERE u.id IN ( \
             SELECT p.unit_id FROM supervision_groups g JOIN people p ON p.id = g.leader_person_id WHERE g.id = $1 \
             UNION SELECT p.unit_id FROM supervision_group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = $1 \
             UNION SELECT p.unit_id FROM supervision_group_accounts a JOIN accounts c ON c.id = a.account_id \
                   JOIN people p ON p.id = c.person_id WHERE a.group_id = $1) ORDER BY u.id",
    )
    .bind(group_id)
    .fetch_all(pool)
    .await
}

/// A school's own units: the host unit, the unit it sits in, and a joint school's member units.
pub async fn school_units(pool: &Pool, school_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let units: Vec<(i64,)> = sqlx::query_as(
        "SELECT host_unit_id FROM schools WHERE id = $1 \
         UNION SELECT township_id FROM schools WHERE id = $1 AND township_id IS NOT NULL \
         UNION SELECT unit_id FROM school_members WHERE school_id = $1",
    )
    .bind(school_id)
    .fetch_all(pool)
    .await?;
    Ok(units.into_iter().map(|(u,)| u).collect())
}

/// A school's name, if it exists.
pub async fn school_name(pool: &Pool, school_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM schools WHERE id = $1").bind(school_id).fetch_optional(pool).await?;
    Ok(row.map(|r| r.0))
}

/// A group's name, if it exists.
pub async fn group_name(pool: &Pool, group_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT name FROM supervision_groups WHERE id = $1").bind(group_id).fetch_optional(pool).await?;
    Ok(row.map(|r| r.0))
}

/// Puts a school in a group's care, moving it from another group.
pub async fn assign(pool: &Pool, school_id: i64, group_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO supervision_group_schools (school_id, group_id) VALUES ($1, $2) \
         ON CONFLICT (school_id) DO UPDATE SET group_id = excluded.group_id",
    )
    .bind(school_id)
    .bind(group_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// A group with its leader (name and unit, if it has one).
#[derive(sqlx::FromRow)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub leader: Option<String>,
    pub leader_unit: Option<String>,
}

/// Every group (`all`), or those `account` belongs to.
pub async fn groups(pool: &Pool, all: bool, account: i64) -> Result<Vec<Group>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.id, g.name, p.name AS leader, u.name AS leader_unit FROM supervision_groups g \
         LEFT JOIN people p ON p.id = g.leader_person_id LEFT JOIN units u ON u.id = p.unit_id \
         WHERE $1 OR g.id IN (SELECT group_id FROM supervision_group_accounts WHERE account_id = $2) ORDER BY g.id",
    )
    .bind(all)
    .bind(account)
    .fetch_all(pool)
    .await
}

/// The groups an account records visits for.
pub async fn groups_of_account(pool: &Pool, account: i64) -> Result<HashSet<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT group_id FROM supervision_group_accounts WHERE account_id = $1").bind(account).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// A school in a group's care, with its visits so far.
#[derive(sqlx::FromRow)]
pub struct Supervised {
    pub id: i64,
    pub group_id: i64,
    pub name: String,
    pub unit: String,
    pub last_visit: Option<String>,
    pub visits: i64,
    pub open_follow_ups: i64,
}

/// Every school in some group's care, by number.
pub async fn supervised_schools(pool: &Pool) -> Result<Vec<Supervised>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, gs.group_id, s.name, u.name AS unit, MAX(v.visited_on) AS last_visit, COUNT(v.id) AS visits, \
                COALESCE(SUM(CASE WHEN v.status = 'open' THEN 1 ELSE 0 END), 0) AS open_follow_ups \
         FROM supervision_group_schools gs JOIN schools s ON s.id = gs.school_id JOIN units u ON u.id = s.host_unit_id \
         LEFT JOIN supervision_visits v ON v.school_id = s.id AND v.group_id = gs.group_id \
         GROUP BY s.id, gs.group_id, s.name, u.name ORDER BY s.id",
    )
    .fetch_all(pool)
    .await
}

/// The groups' members: group, name, unit.
pub async fn members(pool: &Pool) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.group_id, p.name, u.name FROM supervision_group_members m \
         JOIN people p ON p.id = m.person_id JOIN units u ON u.id = p.unit_id ORDER BY m.group_id, p.id",
    )
    .fetch_all(pool)
    .await
}

/// A visit with its group's and school's names.
#[derive(sqlx::FromRow)]
pub struct Visit {
    pub id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub school_id: i64,
    pub school: String,
    pub visited_on: String,
    pub findings: String,
    pub follow_up: String,
    pub due_on: Option<String>,
    pub status: FollowUpStatus,
    pub done_on: Option<String>,
    pub done_note: String,
}

/// The visits of some groups, newest first, at most `limit`.
pub async fn visits(pool: &Pool, groups: &[i64], limit: i64) -> Result<Vec<Visit>, sqlx::Error> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    // Numbers only (never text) are written into the statement.
    let list = groups.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!(
        "SELECT v.id, v.group_id, g.name AS group_name, v.school_id, s.name AS school, v.visited_on, v.findings, v.follow_up, \
                v.due_on, v.status, v.done_on, v.done_note \
         FROM supervision_visits v JOIN supervision_groups g ON g.id = v.group_id JOIN schools s ON s.id = v.school_id \
         WHERE v.group_id IN ({list}) ORDER BY v.visited_on DESC, v.id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Schools (not closed) in no group's care, and all schools not closed.
pub async fn assignable_schools(pool: &Pool) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), sqlx::Error> {
    let unassigned = sqlx::query_as(
        "SELECT id, name FROM schools WHERE status <> 'closed' AND id NOT IN (SELECT school_id FROM supervision_group_schools) ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    let all = sqlx::query_as("SELECT id, name FROM schools WHERE status <> 'closed' ORDER BY id").fetch_all(pool).await?;
    Ok((unassigned, all))
}

/// The group that supervises a school, if any.
pub async fn group_of_school(pool: &Pool, school_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT group_id FROM supervision_group_schools WHERE school_id = $1").bind(school_id).fetch_optional(pool).await?;
    Ok(row.map(|r| r.0))
}

/// A visit as recorded (the fields already checked).
pub struct NewVisit<'a> {
    pub group_id: i64,
    pub school_id: i64,
    pub visited_on: &'a str,
    pub findings: &'a str,
    pub follow_up: &'a str,
    pub due_on: Option<&'a str>,
    pub status: FollowUpStatus,
    pub recorded_by: i64,
    pub recorded_at: &'a crate::model::Moment,
}

/// Records a visit; returns its id.
pub async fn insert_visit(pool: &Pool, v: &NewVisit<'_>) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO supervision_visits (group_id, school_id, visited_on, findings, follow_up, due_on, status, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(v.group_id)
    .bind(v.school_id)
    .bind(v.visited_on)
    .bind(v.findings)
    .bind(v.follow_up)
    .bind(v.due_on)
    .bind(v.status)
    .bind(v.recorded_by)
    .bind(v.recorded_at)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// A visit's group and follow-up status, if it exists.
pub async fn visit_state(pool: &Pool, visit_id: i64) -> Result<Option<(i64, FollowUpStatus)>, sqlx::Error> {
    sqlx::query_as("SELECT group_id, status FROM supervision_visits WHERE id = $1").bind(visit_id).fetch_optional(pool).await
}

/// Marks an open follow-up done on `day` with what was done; whether it was still open.
pub async fn finish_follow_up(pool: &Pool, visit_id: i64, day: &str, note: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE supervision_visits SET status = 'done', done_on = $2, done_note = $3 WHERE id = $1 AND status = 'open'")
        .bind(visit_id)
        .bind(day)
        .bind(note)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
