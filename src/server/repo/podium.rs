//! Leaders on the podium: recorded lectures, their reward hours in the ledger, and each year's
//! completion per unit, judged by `rules::podium`.

use super::audit::{self, Change};
use crate::error::AppError;
use crate::model::{AuditAction, HourSource, LectureVenue, LectureView, Podium, PodiumDue, PodiumUnit, Rank};
use crate::rules::podium::{duty_done, fulfils_duty, DEFAULT_REWARD_HOURS, PODIUM_REWARD};
use crate::server::db::Pool;
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

/// The person a lecturer field names: a person number, or a name — unique, or unique among the
/// district- and division-level cadres (the lecturers); namesakes otherwise get their numbers listed.
pub async fn find_person(pool: &Pool, text: &str) -> Result<i64, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Validation("请填写授课人的姓名或人员编号".into()));
    }
    if let Ok(id) = text.parse::<i64>() {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM people WHERE id = $1").bind(id).fetch_optional(pool).await?;
        return found.map(|(id,)| id).ok_or_else(|| AppError::Validation(format!("没有编号为 {id} 的人员")));
    }
    let found: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT p.id, p.rank, u.name FROM people p JOIN units u ON u.id = p.unit_id WHERE p.name = $1 ORDER BY p.id")
            .bind(text)
            .fetch_all(pool)
            .await?;
    // Lecturers are leaders: among namesakes, the one district- or division-level cadre is meant.
    let leaders: Vec<&(i64, String, String)> = found.iter().filter(|(_, rank, _)| rank == "district" || rank == "division").collect();
    match (found.as_slice(), leaders.as_slice()) {
        ([], _) => Err(AppError::Validation(format!("没有名为「{text}」的人员"))),
        ([(id, ..)], _) | (_, [(id, ..)]) => Ok(*id),
        (many, _) => Err(AppError::Validation(format!(
            "名为「{text}」的人员不止一位（{}），请填写人员编号",
            many.iter().take(6).map(|(id, _, unit)| format!("{unit} 编号 {id}")).collect::<Vec<_>>().join("、")
        ))),
    }
}

/// A lecture to record (already checked by `rules::podium::check_lecture`).
pub struct NewLecture<'a> {
    pub person_id: i64,
    pub given_on: &'a str,
    pub venue: LectureVenue,
    pub school_id: Option<i64>,
    pub title: &'a str,
}

/// Records a lecture and credits its reward hours to the lecturer, with the audit line: one
/// transaction. The same lecturer, day and title twice is refused.
pub async fn record(pool: &Pool, actor: Option<i64>, lecture: NewLecture<'_>, hours: f64) -> Result<i64, AppError> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    if let Some(actor) = actor {
        let actor_person: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT person_id FROM accounts WHERE id = $1").bind(actor).fetch_optional(&mut *tx).await?;
        if crate::rules::guard::acts_on_self(actor_person.and_then(|p| p.0), lecture.person_id) {
            return Err(AppError::Validation("不能登记本人的授课，请由其他管理员登记".into()));
        }
    }
    let title = lecture.title.trim();
    let duplicate: Option<(i64,)> = sqlx::query_as("SELECT id FROM podium_lectures WHERE person_id = $1 AND given_on = $2 AND title = $3")
        .bind(lecture.person_id)
        .bind(lecture.given_on)
        .bind(title)
        .fetch_optional(&mut *tx)
        .await?;
    if duplicate.is_some() {
        return Err(AppError::Conflict("这次授课已经登记过".into()));
    }
    let school: Option<String> = match lecture.school_id {
        Some(id) => Some(
            sqlx::query_as::<_, (String,)>("SELECT name FROM schools WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| AppError::Validation("所选学校不存在".into()))?
                .0,
        ),
        None => None,
    };
    let place = school.clone().unwrap_or_else(|| lecture.venue.label().to_string());
    let evidence = format!("上讲台：{place}《{title}》");
    let entry = super::hours::credit(
        &mut tx,
        super::hours::Credit {
            person: lecture.person_id,
            hours,
            earned_on: lecture.given_on,
            source: HourSource::Podium,
            rule: PODIUM_REWARD,
            evidence: &evidence,
            attendance: None,
        },
    )
    .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO podium_lectures (person_id, given_on, venue_kind, school_id, title, study_hour_id, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(lecture.person_id)
    .bind(lecture.given_on)
    .bind(lecture.venue.as_code())
    .bind(lecture.school_id)
    .bind(title)
    .bind(entry)
    .bind(actor)
    .bind(crate::server::beijing_now())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Change {
            actor,
            person: Some(lecture.person_id),
            action: AuditAction::PodiumCredited,
            hours: Some(hours),
            study_hour: Some(entry),
            claim: None,
            detail: format!(
                "{evidence}（{}），奖励 {hours} 学时（规则 {} 第 {} 版）",
                lecture.given_on, PODIUM_REWARD.name, PODIUM_REWARD.version
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

type LectureRow = (String, i64, String, String, String, String, Option<String>, String, Option<f64>);

/// The year's duties and lectures; `year` defaults to the latest year with a lecture.
pub async fn podium(pool: &Pool, year: Option<i32>, today: &str) -> Result<Podium, sqlx::Error> {
    let years: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT substr(given_on, 1, 4) FROM podium_lectures ORDER BY 1").fetch_all(pool).await?;
    let years: Vec<i32> = years.into_iter().filter_map(|(y,)| y.parse().ok()).collect();
    let year = year.or(years.last().copied()).unwrap_or_else(|| today[..4].parse().unwrap_or(2017));
    let (reward_hours, reward_set) = reward_hours(pool).await?;
    let lectures: Vec<LectureRow> = sqlx::query_as(
        "SELECT l.given_on, p.id, p.name, u.name, p.rank, l.venue_kind, s.name, l.title, h.hours \
         FROM podium_lectures l JOIN people p ON p.id = l.person_id JOIN units u ON u.id = p.unit_id \
         LEFT JOIN schools s ON s.id = l.school_id LEFT JOIN study_hours h ON h.id = l.study_hour_id \
         WHERE l.given_on >= $1 AND l.given_on <= $2 ORDER BY l.given_on DESC, l.id DESC",
    )
    .bind(format!("{year}-01-01"))
    .bind(format!("{year}-12-31"))
    .fetch_all(pool)
    .await?;
    let lectures: Vec<LectureView> = lectures
        .into_iter()
        .filter_map(|(given_on, person_id, name, unit, rank, venue, school, title, hours)| {
            let rank = Rank::from_code(&rank)?;
            let venue = LectureVenue::from_code(&venue)?;
            Some(LectureView { given_on, person_id, name, unit, rank, venue, school, title, hours, fulfils: fulfils_duty(rank, venue) })
        })
        .collect();
    let mut by_person: HashMap<i64, Vec<LectureVenue>> = HashMap::new();
    for l in &lectures {
        by_person.entry(l.person_id).or_default().push(l.venue);
    }
    let bearers: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT p.id, p.name, u.name, p.rank FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE p.rank IN ('district', 'division') ORDER BY p.rank DESC, u.name, p.id",
    )
    .fetch_all(pool)
    .await?;
    let mut units: BTreeMap<String, PodiumUnit> = BTreeMap::new();
    let mut due = Vec::new();
    for (person_id, name, unit, rank) in bearers {
        let Some(rank) = Rank::from_code(&rank) else { continue };
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
