//! The yearly premium-course selection: nominations, reviewers' scores until publication, and the
//! publication — which marks the selected by `rules::premium::select_premium` and, for each, credits
//! reward hours (in-district teacher, with an audit line) or records the notice to the teacher's unit
//! (out-of-district), in one transaction.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{AuditAction, CourseCategory, HourSource};
use crate::rules::premium::{recognition, select_premium, Nominee, Recognition, PREMIUM_REWARD};
use crate::server::db::{begin_write, Pool};
use crate::server::repo::audit::{self, Change};
use crate::server::repo::hours::{self, Credit};
use crate::server::repo::premium as repo;

fn published(year: i32) -> AppError {
    AppError::Conflict(msg::selection_published(year))
}

/// Nominates a course of a pool teacher for `year`, until the year is published.
pub async fn nominate(pool: &Pool, year: i32, category: CourseCategory, title: &str, teacher_id: i64) -> Result<i64, AppError> {
    if repo::published(pool, year).await? {
        return Err(published(year));
    }
    if !repo::teacher_exists(pool, teacher_id).await? {
        return Err(AppError::Validation(msg::teacher_not_in_pool().into()));
    }
    repo::insert_nomination(pool, year, category, title, teacher_id)
        .await?
        .ok_or_else(|| AppError::Conflict(msg::nominated_already().into()))
}

/// A reviewer's score on a nomination (a second score replaces the first) until publication.
pub async fn review(pool: &Pool, nomination_id: i64, reviewer_id: i64, reviewer_name: &str, score: f64) -> Result<(), AppError> {
    let year = repo::nomination_year(pool, nomination_id).await?.ok_or_else(|| AppError::NotFound(msg::nomination_noun().into()))?;
    if repo::published(pool, year).await? {
        return Err(published(year));
    }
    Ok(repo::save_review(pool, nomination_id, reviewer_id, reviewer_name, score).await?)
}

/// Publishes `year`'s result once: selects, rewards or notifies, in one transaction. Returns how
/// many were selected.
pub async fn publish(pool: &Pool, year: i32, actor: Option<i64>, at: &crate::model::Moment) -> Result<usize, AppError> {
    let mut tx = begin_write(pool).await?;
    if !repo::claim_publication(&mut tx, year, at, actor).await? {
        return Err(published(year));
    }
    let rows = repo::nominations(&mut tx, year).await?;
    if rows.is_empty() {
        return Err(AppError::Validation(msg::no_nominations(year)));
    }
    let scores = repo::scores(&mut tx, year).await?;
    let nominees: Vec<Nominee> = rows
        .iter()
        .map(|n| Nominee { id: n.id, category: n.category.as_code(), scores: scores.iter().filter(|r| r.0 == n.id).map(|r| r.1).collect() })
        .collect();
    let selected = select_premium(&nominees);
    for n in &rows {
        if !selected.contains(&n.id) {
            repo::mark_not_selected(&mut tx, n.id).await?;
            continue;
        }
        let (title, teacher, unit) = (&n.title, &n.teacher, &n.unit);
        match (n.person, recognition(n.in_district != 0 && n.person.is_some(), unit, teacher, title, year)) {
            (Some(person), Recognition::RewardHours(hours)) => {
                let evidence = format!("精品课程入选：{year}年度《{title}》");
                let credit = Credit {
                    person,
                    hours,
                    earned_on: at.date(),
                    source: HourSource::PremiumCourse,
                    rule: PREMIUM_REWARD,
                    evidence: &evidence,
                    attendance: None,
                };
                let entry = hours::credit(&mut tx, credit).await?;
                repo::mark_rewarded(&mut tx, n.id, entry).await?;
                let change = Change {
                    at: at.clone(),
                    actor,
                    person: Some(person),
                    action: AuditAction::PremiumCredited,
                    hours: Some(hours),
                    study_hour: Some(entry),
                    claim: None,
                    detail: format!("{evidence}，奖励 {hours} 学时（规则 {} 第 {} 版）", PREMIUM_REWARD.name, PREMIUM_REWARD.version),
                };
                audit::record(&mut tx, change).await?;
            }
            (_, recognition) => {
                let notice = match recognition {
                    Recognition::NotifyUnit(notice) => notice,
                    // Not reachable (hours only for a teacher with a person), but never lost.
                    Recognition::RewardHours(_) => format!("{unit}：{teacher}同志讲授的《{title}》入选{year}年度精品课程"),
                };
                repo::mark_notified(&mut tx, n.id, &notice, at).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(selected.len())
}
