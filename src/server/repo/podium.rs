//! Leaders on the podium: recorded lectures, their reward hours in the ledger, and each year's
//! completion per unit, judged by `rules::podium`.

use crate::model::{LectureVenue, LectureView, Podium, PodiumDue, PodiumUnit, Rank};
use crate::rules::podium::{duty_done, fulfils_duty, DEFAULT_REWARD_HOURS};
use crate::server::db::{Conn, Pool};
use std::collections::{BTreeMap, HashMap};

const REWARD_KEY: &str = "podium_reward_hours";

/// Reward hours per lecture, and whether the organisation department set them.
pub async fn reward_hours(pool: &Pool) -> Result<(f64, bool), sqlx::Error> {
    let set: Option<(String,)> = sqlx::query_as("SELECT value FROM app_meta WHERE key = $1").bind(REWARD_KEY).fetch_optional(pool).await?;
    Ok(match set.and_then(|(v,)| v.parse::<f64>().ok()) {
        Some(h) => (h, true),
        None => (DEFAULT_REWARD_HOURS, false),
    })
}

pub async fn set_reward_hours(pool: &Pool, hours: f64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(REWARD_KEY)
        .bind(hours.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// The people of a given name: number, rank and unit's name, by number.
pub async fn people_named(pool: &Pool, name: &str) -> Result<Vec<(i64, Rank, String)>, sqlx::Error> {
    sqlx::query_as("SELECT p.id, p.rank, u.name FROM people p JOIN units u ON u.id = p.unit_id WHERE p.name = $1 ORDER BY p.id")
        .bind(name)
        .fetch_all(pool)
        .await
}

/// Whether a person of that number exists.
pub async fn person_exists(pool: &Pool, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM people WHERE id = $1").bind(id).fetch_optional(pool).await?;
    Ok(found.is_some())
}

/// A lecture to record (already checked by `rules::podium::check_lecture`).
pub struct NewLecture<'a> {
    pub person_id: i64,
    pub given_on: &'a str,
    pub venue: LectureVenue,
    pub school_id: Option<i64>,
    pub title: &'a str,
}

/// Whether the lecturer's lecture of that day and title is recorded already.
pub async fn recorded(conn: &mut Conn, person: i64, given_on: &str, title: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM podium_lectures WHERE person_id = $1 AND given_on = $2 AND title = $3")
        .bind(person)
        .bind(given_on)
        .bind(title)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// A school's name, if it exists.
pub async fn school_name(conn: &mut Conn, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM schools WHERE id = $1").bind(id).fetch_optional(conn).await?;
    Ok(row.map(|r| r.0))
}

/// Writes a lecture with its ledger entry; returns its id.
pub async fn insert(
    conn: &mut Conn,
    lecture: &NewLecture<'_>,
    study_hour: i64,
    actor: Option<i64>,
    at: &crate::model::Moment,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO podium_lectures (person_id, given_on, venue_kind, school_id, title, study_hour_id, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(lecture.person_id)
    .bind(lecture.given_on)
    .bind(lecture.venue)
    .bind(lecture.school_id)
    .bind(lecture.title.trim())
    .bind(study_hour)
    .bind(actor)
    .bind(at)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// The year's duties and lectures; `year` defaults to the latest year with a lecture.
pub async fn podium(pool: &Pool, year: Option<i32>, clock: &crate::server::Clock) -> Result<Podium, sqlx::Error> {
    let years: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT substr(given_on, 1, 4) FROM podium_lectures ORDER BY 1").fetch_all(pool).await?;
    let years: Vec<i32> = years.into_iter().filter_map(|(y,)| y.parse().ok()).collect();
    let year = year.or(years.last().copied()).unwrap_or_else(|| clock.year());
    let (reward_hours, reward_set) = reward_hours(pool).await?;
    let mut lectures: Vec<LectureView> = sqlx::query_as(
        "SELECT l.given_on, p.id AS person_id, p.name, u.name AS unit, p.rank, l.venue_kind AS venue, s.name AS school, l.title, h.hours \
         FROM podium_lectures l JOIN people p ON p.id = l.person_id JOIN units u ON u.id = p.unit_id \
         LEFT JOIN schools s ON s.id = l.school_id LEFT JOIN study_hours h ON h.id = l.study_hour_id \
         WHERE l.given_on >= $1 AND l.given_on <= $2 ORDER BY l.given_on DESC, l.id DESC",
    )
    .bind(format!("{year}-01-01"))
    .bind(format!("{year}-12-31"))
    .fetch_all(pool)
    .await?;
    for l in &mut lectures {
        l.fulfils = fulfils_duty(l.rank, l.venue);
    }
    let mut by_person: HashMap<i64, Vec<LectureVenue>> = HashMap::new();
    for l in &lectures {
        by_person.entry(l.person_id).or_default().push(l.venue);
    }
    let bearers: Vec<(i64, String, String, Rank)> = sqlx::query_as(
        "SELECT p.id, p.name, u.name, p.rank FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE p.rank IN ('district', 'division') ORDER BY p.rank DESC, u.name, p.id",
    )
    .fetch_all(pool)
    .await?;
    let mut units: BTreeMap<String, PodiumUnit> = BTreeMap::new();
    let mut due = Vec::new();
    for (person_id, name, unit, rank) in bearers {
        let Some(done) = duty_done(rank, by_person.get(&person_id).map_or(&[][..], Vec::as_slice)) else { continue };
        let line = units.entry(unit.clone()).or_insert_with(|| PodiumUnit { unit: unit.clone(), due: 0, done: 0 });
        line.due += 1;
        if done {
            line.done += 1;
        } else {
            due.push(PodiumDue { person_id, name, unit, rank });
        }
    }
    let mut units: Vec<PodiumUnit> = units.into_values().collect();
    // Least complete first: the units the organisation department follows up.
    units.sort_by(|a, b| (a.done * b.due).cmp(&(b.done * a.due)).then_with(|| a.unit.cmp(&b.unit)));
    let schools: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM schools ORDER BY id").fetch_all(pool).await?;
    Ok(Podium {
        year,
        years,
        reward_hours,
        reward_set,
        due_total: units.iter().map(|u| u.due).sum(),
        done_total: units.iter().map(|u| u.done).sum(),
        units,
        due,
        lectures,
        schools,
    })
}
