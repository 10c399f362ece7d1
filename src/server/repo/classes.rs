//! Classes (培训班) in the database: the class row and what hangs off it (teachers, co-organisers,
//! the class's own log), the lists, the filing and status switches, and what close-out credits.
//! SQL and row mapping only: who may do what, the rules and what users read are
//! `service::classes`'s.

use crate::model::Moment;
use crate::model::{ClassAction, ClassItem, ClassStatus, FilingStatus, Rank, VenueKind};
use crate::rules::checkin::Audience;
use crate::rules::classes::CheckedPlan;
use crate::server::db::{Conn, Pool};

/// What permissions and rules look at.
#[derive(Clone, Debug)]
pub struct ClassFacts {
    pub id: i64,
    pub school_id: i64,
    pub title: String,
    pub status: ClassStatus,
    pub filing: FilingStatus,
    pub capacity: Option<i64>,
    pub audience: Audience,
    /// When the class ends (Beijing time).
    pub ends_at: crate::model::Moment,
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    id: i64,
    school_id: i64,
    title: String,
    status: ClassStatus,
    filing: FilingStatus,
    capacity: Option<i64>,
    audience_unit_id: Option<i64>,
    audience_rank: Option<Rank>,
    ends_at: crate::model::Moment,
}

pub async fn facts(pool: &Pool, id: i64) -> Result<Option<ClassFacts>, sqlx::Error> {
    let row: Option<FactsRow> = sqlx::query_as(
        "SELECT id, school_id, title, status, filing, capacity, audience_unit_id, audience_rank, ends_at FROM classes WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| ClassFacts {
        id: r.id,
        school_id: r.school_id,
        title: r.title,
        status: r.status,
        filing: r.filing,
        capacity: r.capacity,
        audience: Audience { unit_id: r.audience_unit_id, rank: r.audience_rank },
        ends_at: r.ends_at,
    }))
}

/// Whether `school` co-organises the class.
pub async fn co_organised_by(pool: &Pool, class_id: i64, school: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT school_id FROM class_co_organisers WHERE class_id = $1 AND school_id = $2")
        .bind(class_id)
        .bind(school)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// Whether the pool teacher who is `person` teaches the class.
pub async fn taught_by(pool: &Pool, class_id: i64, person: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT ct.teacher_id FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id WHERE ct.class_id = $1 AND t.person_id = $2",
    )
    .bind(class_id)
    .bind(person)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// A line of the class's own log.
pub async fn log(
    conn: &mut Conn,
    at: &Moment,
    actor: Option<i64>,
    class: i64,
    person: Option<i64>,
    action: ClassAction,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO class_audit (at, actor_id, class_id, person_id, action, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(at)
        .bind(actor)
        .bind(class)
        .bind(person)
        .bind(action)
        .bind(detail)
        .execute(conn)
        .await?;
    Ok(())
}

const SUMMARY: &str = "SELECT c.id, c.title, s.name AS school, c.category, c.starts_at, c.ends_at, c.venue, c.hours, c.status, c.filing, \
       (SELECT COUNT(*) FROM attendance a WHERE a.class_id = c.id) AS attendees, c.capacity \
     FROM classes c JOIN schools s ON s.id = c.school_id";

/// Whose classes a list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    All,
    /// Held or co-organised by the school.
    School(i64),
    /// Taught by the pool teacher who is this person.
    Teacher(i64),
}

/// Classes in a list: those under way first, then the newest; at most `limit`.
pub async fn list(pool: &Pool, reach: Reach, limit: i64) -> Result<Vec<ClassItem>, sqlx::Error> {
    let (scope, key) = match reach {
        Reach::All => ("all", 0),
        Reach::School(school) => ("school", school),
        Reach::Teacher(person) => ("teacher", person),
    };
    sqlx::query_as(&format!(
        "{SUMMARY} WHERE $1 = 'all' \
           OR ($1 = 'school' AND (c.school_id = $2 OR EXISTS (SELECT 1 FROM class_co_organisers o WHERE o.class_id = c.id AND o.school_id = $2))) \
           OR ($1 = 'teacher' AND EXISTS (SELECT 1 FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id \
                                          WHERE ct.class_id = c.id AND t.person_id = $2)) \
         ORDER BY CASE c.status WHEN 'open' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, c.starts_at DESC, c.id DESC LIMIT $3"
    ))
    .bind(scope)
    .bind(key)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The filings waiting for the organisation department, oldest class first.
pub async fn pending_filings(pool: &Pool) -> Result<Vec<ClassItem>, sqlx::Error> {
    sqlx::query_as(&format!("{SUMMARY} WHERE c.filing = 'pending' ORDER BY c.starts_at, c.id")).fetch_all(pool).await
}

/// One class as lists show it.
pub async fn item(pool: &Pool, id: i64) -> Result<ClassItem, sqlx::Error> {
    sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1")).bind(id).fetch_one(pool).await
}

/// The schools open for classes, by number.
pub async fn active_schools(pool: &Pool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM schools WHERE status = 'active' ORDER BY id").fetch_all(pool).await
}

/// A teacher of the pool as the planning form lists them.
#[derive(sqlx::FromRow)]
pub struct TeacherChoice {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    pub in_district: i64,
}

/// The pool's teachers, in-district first.
pub async fn teacher_choices(pool: &Pool) -> Result<Vec<TeacherChoice>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, unit_name, CASE WHEN in_district THEN 1 ELSE 0 END AS in_district FROM teachers ORDER BY in_district DESC, id",
    )
    .fetch_all(pool)
    .await
}

/// The district's units a class may be meant for.
pub async fn audience_units(pool: &Pool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM units WHERE in_district ORDER BY kind, id").fetch_all(pool).await
}

/// Every joint-training group.
pub async fn joint_groups(pool: &Pool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM joint_groups ORDER BY id").fetch_all(pool).await
}

/// The tables a plan refers to.
#[derive(Clone, Copy, Debug)]
pub enum Table {
    Schools,
    Teachers,
    Units,
}

/// Whether every id in `ids` is a row of `table`.
pub async fn all_exist(pool: &Pool, table: Table, ids: &[i64]) -> Result<bool, sqlx::Error> {
    let table = match table {
        Table::Schools => "schools",
        Table::Teachers => "teachers",
        Table::Units => "units",
    };
    let wanted: std::collections::BTreeSet<i64> = ids.iter().copied().collect();
    if wanted.is_empty() {
        return Ok(true);
    }
    // Numbers only (never text) are written into the statement.
    let list = wanted.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let (found,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE id IN ({list})")).fetch_one(pool).await?;
    Ok(found == wanted.len() as i64)
}

/// Writes a planned class with its teachers and co-organising schools; returns its number.
pub async fn insert(
    conn: &mut Conn,
    plan: &CheckedPlan,
    school: i64,
    co_schools: &[i64],
    filing: FilingStatus,
    created_by: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO classes (school_id, title, category, starts_at, ends_at, venue, hours, status, capacity, \
                              audience_unit_id, audience_rank, venue_kind, filing, created_by, joint_group_id, plan_line_id, kind, red_base_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'planned', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(school)
    .bind(&plan.title)
    .bind(plan.category)
    .bind(&plan.starts_at)
    .bind(&plan.ends_at)
    .bind(&plan.venue)
    .bind(plan.hours)
    .bind(plan.capacity)
    .bind(plan.audience_unit_id)
    .bind(plan.audience_rank)
    .bind(plan.venue_kind)
    .bind(filing)
    .bind(created_by)
    .bind(plan.joint_group_id)
    .bind(plan.plan_line_id)
    .bind(plan.kind)
    .bind(plan.red_base_id)
    .fetch_one(&mut *conn)
    .await?;
    for t in &plan.teachers {
        sqlx::query("INSERT INTO class_teachers (class_id, teacher_id) VALUES ($1, $2)").bind(id).bind(t).execute(&mut *conn).await?;
    }
    for s in co_schools {
        sqlx::query("INSERT INTO class_co_organisers (class_id, school_id) VALUES ($1, $2)").bind(id).bind(s).execute(&mut *conn).await?;
    }
    Ok(id)
}

/// A class that is not cancelled and overlaps a planned time.
#[derive(sqlx::FromRow)]
pub struct Overlap {
    pub title: String,
    pub starts_at: String,
    pub venue: String,
    pub audience_unit_id: Option<i64>,
    pub audience_rank: Option<Rank>,
}

/// The classes (not cancelled, other than class `except`) that run at some time between `starts_at`
/// and `ends_at`.
pub async fn overlapping(pool: &Pool, starts_at: &str, ends_at: &str, except: Option<i64>) -> Result<Vec<Overlap>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title, starts_at, venue, audience_unit_id, audience_rank FROM classes \
         WHERE status <> 'cancelled' AND starts_at < $2 AND $1 < ends_at AND id <> $3 ORDER BY starts_at",
    )
    .bind(starts_at)
    .bind(ends_at)
    .bind(except.unwrap_or(0))
    .fetch_all(pool)
    .await
}

/// A planned class's new title, place and time (and its filing, to be decided again after a move);
/// whether it was still planned.
pub async fn update_schedule(
    conn: &mut Conn,
    id: i64,
    s: &crate::rules::classes::Schedule,
    filing: FilingStatus,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE classes SET title = $1, venue = $2, starts_at = $3, ends_at = $4, hours = $5, capacity = $6, filing = $7, \
                filing_reason = CASE WHEN filing = $7 THEN filing_reason ELSE NULL END \
         WHERE id = $8 AND status = 'planned'",
    )
    .bind(&s.title)
    .bind(&s.venue)
    .bind(&s.starts_at)
    .bind(&s.ends_at)
    .bind(s.hours)
    .bind(s.capacity)
    .bind(filing)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The classes (not cancelled) of a year: number and title.
pub async fn of_year(pool: &Pool, year: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, title FROM classes WHERE status <> 'cancelled' AND substr(starts_at, 1, 4) = $1")
        .bind(year)
        .fetch_all(pool)
        .await
}

/// Who attended some of `classes`: person, unit, rank.
pub async fn attendees_of(pool: &Pool, classes: &[i64]) -> Result<Vec<(i64, i64, Rank)>, sqlx::Error> {
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    // Numbers only (never text) are written into the statement.
    let list = classes.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!(
        "SELECT DISTINCT p.id, p.unit_id, p.rank FROM attendance a JOIN people p ON p.id = a.person_id WHERE a.class_id IN ({list})"
    ))
    .fetch_all(pool)
    .await
}

/// Records the filing decision if the filing still waits; whether it did.
pub async fn set_filing(conn: &mut Conn, id: i64, status: FilingStatus, reason: Option<&str>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE classes SET filing = $1, filing_reason = $2 WHERE id = $3 AND filing = 'pending'")
        .bind(status)
        .bind(reason)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves the class from status `from` to `to`; whether it was still in `from`.
pub async fn switch_status(conn: &mut Conn, id: i64, from: ClassStatus, to: ClassStatus) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE classes SET status = $1 WHERE id = $2 AND status = $3").bind(to).bind(id).bind(from).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// An attendance whose hours are not credited yet.
#[derive(sqlx::FromRow)]
pub struct Due {
    pub attendance: i64,
    pub person: i64,
    pub hours: f64,
    pub earned_on: String,
}

/// The class's attendances not credited yet, in check-in order.
pub async fn due_credits(conn: &mut Conn, id: i64) -> Result<Vec<Due>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id AS attendance, a.person_id AS person, c.hours, substr(c.ends_at, 1, 10) AS earned_on \
         FROM attendance a JOIN classes c ON c.id = a.class_id \
         WHERE a.class_id = $1 AND NOT EXISTS (SELECT 1 FROM study_hours h WHERE h.attendance_id = a.id) ORDER BY a.id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// What the class page shows beside the summary.
#[derive(sqlx::FromRow)]
pub struct Particulars {
    pub venue_kind: VenueKind,
    pub filing_reason: Option<String>,
    pub audience_unit: Option<String>,
    pub joint_group: Option<String>,
    pub red_base: Option<String>,
}

pub async fn particulars(pool: &Pool, id: i64) -> Result<Particulars, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.venue_kind, c.filing_reason, u.name AS audience_unit, g.name AS joint_group, r.name AS red_base FROM classes c \
         LEFT JOIN units u ON u.id = c.audience_unit_id LEFT JOIN joint_groups g ON g.id = c.joint_group_id \
         LEFT JOIN red_bases r ON r.id = c.red_base_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
}

/// The class's teachers' names, by number.
pub async fn teacher_names(pool: &Pool, id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT t.name FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id WHERE ct.class_id = $1 ORDER BY t.id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The co-organising schools' names, by number.
pub async fn co_organiser_names(pool: &Pool, id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT s.name FROM class_co_organisers o JOIN schools s ON s.id = o.school_id WHERE o.class_id = $1 ORDER BY s.id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// A line of the class's log with the names resolved.
#[derive(sqlx::FromRow)]
pub struct LogLine {
    pub at: crate::model::Moment,
    pub actor: Option<String>,
    pub action: ClassAction,
    pub person: Option<String>,
    pub detail: String,
}

/// The class's log, newest first, at most `limit` lines.
pub async fn log_lines(pool: &Pool, id: i64, limit: i64) -> Result<Vec<LogLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.at, ac.display_name AS actor, l.action, p.name AS person, l.detail FROM class_audit l \
         LEFT JOIN accounts ac ON ac.id = l.actor_id LEFT JOIN people p ON p.id = l.person_id \
         WHERE l.class_id = $1 ORDER BY l.id DESC LIMIT $2",
    )
    .bind(id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

#[derive(sqlx::FromRow)]
struct UpcomingRow {
    id: i64,
    title: String,
    school: String,
    venue: String,
    starts_at: Moment,
    ends_at: Moment,
    status: ClassStatus,
    audience_unit_id: Option<i64>,
    audience_rank: Option<crate::model::Rank>,
    checked_in: i64,
}

/// Classes open for check-in or planned (and cleared to run: filed or needing no filing) that have not
/// ended by `now`, with their audiences — the soonest first, at most `limit`.
pub async fn upcoming(pool: &Pool, person: i64, now: &Moment, limit: i64) -> Result<Vec<(crate::model::MyClass, Audience)>, sqlx::Error> {
    let rows: Vec<UpcomingRow> = sqlx::query_as(
        "SELECT c.id, c.title, s.name AS school, c.venue, c.starts_at, c.ends_at, c.status, c.audience_unit_id, c.audience_rank, \
                CASE WHEN EXISTS (SELECT 1 FROM attendance a WHERE a.class_id = c.id AND a.person_id = $1) THEN 1 ELSE 0 END AS checked_in \
         FROM classes c JOIN schools s ON s.id = c.school_id \
         WHERE c.status IN ('planned', 'open') AND c.filing IN ('not_required', 'approved') AND c.ends_at >= $2 \
         ORDER BY CASE c.status WHEN 'open' THEN 0 ELSE 1 END, c.starts_at, c.id LIMIT $3",
    )
    .bind(person)
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let audience = Audience { unit_id: r.audience_unit_id, rank: r.audience_rank };
            let class = crate::model::MyClass {
                id: r.id,
                title: r.title,
                school: r.school,
                venue: r.venue,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                status: r.status,
                checked_in: r.checked_in != 0,
            };
            (class, audience)
        })
        .collect())
}
