//! Leaders on the podium: finding the lecturer a form names, and recording a lecture with its reward
//! hours in the ledger and the audit line — one transaction; nobody records their own lecture.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{AuditAction, HourSource, Rank};
use crate::rules::guard::acts_on_self;
use crate::rules::podium::PODIUM_REWARD;
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Pool};
use crate::server::repo::audit::{self, Change};
use crate::server::repo::hours::{self, Credit};
use crate::server::repo::podium::{self as repo, NewLecture};
use crate::server::Clock;

/// The person a lecturer field names: a person number, or a name — unique, or unique among the
/// district- and division-level cadres (the lecturers); namesakes otherwise get their numbers listed.
pub async fn find_person(pool: &Pool, text: &str) -> Result<i64, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::Validation(msg::lecturer_missing().into()));
    }
    if let Ok(id) = text.parse::<i64>() {
        return if repo::person_exists(pool, id).await? { Ok(id) } else { Err(AppError::Validation(msg::no_person_numbered(id))) };
    }
    let found = repo::people_named(pool, text).await?;
    // Lecturers are leaders: among namesakes, the one district- or division-level cadre is meant.
    let leaders: Vec<&(i64, Rank, String)> =
        found.iter().filter(|(_, rank, _)| matches!(rank, Rank::DistrictLevel | Rank::DivisionLevel)).collect();
    match (found.as_slice(), leaders.as_slice()) {
        ([], _) => Err(AppError::Validation(msg::no_person_named(text))),
        ([(id, ..)], _) | (_, [(id, ..)]) => Ok(*id),
        (many, _) => {
            let candidates = many.iter().take(6).map(|(id, _, unit)| msg::person_candidate(unit, *id)).collect::<Vec<_>>();
            Err(AppError::Validation(msg::person_name_ambiguous(text, candidates.join("、"))))
        }
    }
}

/// Records a lecture and credits its reward hours to the lecturer, with the audit line: one
/// transaction. The same lecturer, day and title twice is refused.
pub async fn record(pool: &Pool, caller: &Caller, lecture: NewLecture<'_>, hours: f64, clock: &Clock) -> Result<i64, AppError> {
    let now = clock.now();
    if acts_on_self(caller.person_id, lecture.person_id) {
        return Err(AppError::Validation(msg::no_self_lecture().into()));
    }
    let title = lecture.title.trim();
    let mut tx = begin_write(pool).await?;
    if repo::recorded(&mut tx, lecture.person_id, lecture.given_on, title).await? {
        return Err(AppError::Conflict(msg::lecture_recorded().into()));
    }
    let school = match lecture.school_id {
        Some(id) => Some(repo::school_name(&mut tx, id).await?.ok_or_else(|| AppError::Validation(msg::school_choice_missing().into()))?),
        None => None,
    };
    let place = school.unwrap_or_else(|| lecture.venue.label().to_string());
    let evidence = format!("上讲台：{place}《{title}》");
    let credit = Credit {
        person: lecture.person_id,
        hours,
        earned_on: lecture.given_on,
        source: HourSource::Podium,
        rule: PODIUM_REWARD,
        evidence: &evidence,
        attendance: None,
    };
    let entry = hours::credit(&mut tx, credit).await?;
    let id = repo::insert(&mut tx, &lecture, entry, Some(caller.account_id), &now).await?;
    let detail =
        format!("{evidence}（{}），奖励 {hours} 学时（规则 {} 第 {} 版）", lecture.given_on, PODIUM_REWARD.name, PODIUM_REWARD.version);
    let change = Change {
        at: now.clone(),
        actor: Some(caller.account_id),
        person: Some(lecture.person_id),
        action: AuditAction::PodiumCredited,
        hours: Some(hours),
        study_hour: Some(entry),
        claim: None,
        detail,
    };
    audit::record(&mut tx, change).await?;
    tx.commit().await?;
    Ok(id)
}
