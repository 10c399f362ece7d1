//! 督导组: who is in each group, which schools it supervises (never one of its own people's units),
//! its visits with findings and follow-ups — leaders and the organisation department see every group,
//! a supervisor their own.

use crate::error::AppError;
use crate::model::{FollowUpStatus, SupervisedSchool, Supervision, SupervisionGroupView, VisitView};
use crate::rules::supervision::{check_visit, follow_up_overdue, own_unit_conflict, visit_due, VisitInput};
use crate::server::auth::Caller;
use crate::server::db::Pool;

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

/// For org admins: puts a school in a group's care (moving it from another group), unless one of
/// the group's people belongs to the school's unit (回避).
pub async fn assign(pool: &Pool, caller: &Caller, school_id: i64, group_id: i64) -> Result<(), AppError> {
    if !caller.may(crate::rules::access::Action::AssignSupervision) {
        return Err(AppError::Forbidden);
    }
    let school: Option<(String,)> = sqlx::query_as("SELECT name FROM schools WHERE id = $1").bind(school_id).fetch_optional(pool).await?;
    let (school,) = school.ok_or_else(|| AppError::Validation("所选学校不存在".into()))?;
    let group: Option<(String,)> =
        sqlx::query_as("SELECT name FROM supervision_groups WHERE id = $1").bind(group_id).fetch_optional(pool).await?;
    let (group,) = group.ok_or_else(|| AppError::Validation("所选督导组不存在".into()))?;
    let people = group_units(pool, group_id).await?;
    if let Some(unit) = own_unit_conflict(&people, &school_units(pool, school_id).await?) {
        return Err(AppError::Validation(format!("{group}有{unit}的人员，按回避原则不能督导本单位的「{school}」")));
    }
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

/// The groups `caller` may see: all (leaders, org admins) or their own (supervisors).
async fn visible_groups(pool: &Pool, caller: &Caller) -> Result<(Vec<(i64, String, String)>, Option<String>), AppError> {
    let all = caller.sees_district();
    if !caller.may(crate::rules::access::Action::ReadSupervision) {
        return Err(AppError::Forbidden);
    }
    let groups: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT g.id, g.name, COALESCE(p.name || '（' || u.name || '）', '—') FROM supervision_groups g \
         LEFT JOIN people p ON p.id = g.leader_person_id LEFT JOIN units u ON u.id = p.unit_id \
         WHERE $1 OR g.id IN (SELECT group_id FROM supervision_group_accounts WHERE account_id = $2) ORDER BY g.id",
    )
    .bind(all)
    .bind(caller.account_id)
    .fetch_all(pool)
    .await?;
    let scoped = (!all).then(|| {
        if groups.is_empty() {
            "未分配督导组".to_string()
        } else {
            groups.iter().map(|g| g.1.clone()).collect::<Vec<_>>().join("、")
        }
    });
    Ok((groups, scoped))
}

/// May `caller` record visits for group `group_id`: org admins for any, supervisors for their own.
async fn may_record(pool: &Pool, caller: &Caller, group_id: i64) -> Result<bool, sqlx::Error> {
    if caller.acts_for_district() {
        return Ok(true);
    }
    if !caller.may(crate::rules::access::Action::RecordVisits) {
        return Ok(false);
    }
    let member: Option<(i64,)> = sqlx::query_as("SELECT group_id FROM supervision_group_accounts WHERE group_id = $1 AND account_id = $2")
        .bind(group_id)
        .bind(caller.account_id)
        .fetch_optional(pool)
        .await?;
    Ok(member.is_some())
}

/// `/supervision`.
pub async fn supervision(pool: &Pool, caller: &Caller, today: &str) -> Result<Supervision, AppError> {
    let (groups, scoped_to) = visible_groups(pool, caller).await?;
    // school, group, name, unit, last visit, visits, open follow-ups
    type Row = (i64, i64, String, String, Option<String>, i64, i64);
    let schools: Vec<Row> = sqlx::query_as(
        "SELECT s.id, gs.group_id, s.name, u.name, MAX(v.visited_on), COUNT(v.id), \
                COALESCE(SUM(CASE WHEN v.status = 'open' THEN 1 ELSE 0 END), 0) \
         FROM supervision_group_schools gs JOIN schools s ON s.id = gs.school_id JOIN units u ON u.id = s.host_unit_id \
         LEFT JOIN supervision_visits v ON v.school_id = s.id AND v.group_id = gs.group_id \
         GROUP BY s.id, gs.group_id, s.name, u.name ORDER BY s.id",
    )
    .fetch_all(pool)
    .await?;
    let members: Vec<(i64, String)> = sqlx::query_as(
        "SELECT m.group_id, p.name || '（' || u.name || '）' FROM supervision_group_members m \
         JOIN people p ON p.id = m.person_id JOIN units u ON u.id = p.unit_id ORDER BY m.group_id, p.id",
    )
    .fetch_all(pool)
    .await?;
    let mut views = Vec::new();
    for (id, name, leader) in &groups {
        views.push(SupervisionGroupView {
            id: *id,
            name: name.clone(),
            leader: leader.clone(),
            members: members.iter().filter(|m| m.0 == *id).map(|m| m.1.clone()).collect(),
            schools: schools
                .iter()
                .filter(|s| s.1 == *id)
                .map(|s| SupervisedSchool {
                    id: s.0,
                    name: s.2.clone(),
                    unit: s.3.clone(),
                    last_visit: s.4.clone(),
                    visits: s.5,
                    open_follow_ups: s.6,
                    visit_due: visit_due(s.4.as_deref(), today),
                })
                .collect(),
            may_record: may_record(pool, caller, *id).await?,
        });
    }
    let ids: Vec<i64> = groups.iter().map(|g| g.0).collect();
    // id, group id, group, school id, school, visited_on, findings, follow_up, due_on, status, done_on, done_note
    type VisitRow = (i64, i64, String, i64, String, String, String, String, Option<String>, String, Option<String>, String);
    let visits: Vec<VisitRow> = sqlx::query_as(
        "SELECT v.id, v.group_id, g.name, v.school_id, s.name, v.visited_on, v.findings, v.follow_up, v.due_on, v.status, \
                v.done_on, v.done_note \
         FROM supervision_visits v JOIN supervision_groups g ON g.id = v.group_id JOIN schools s ON s.id = v.school_id \
         ORDER BY v.visited_on DESC, v.id DESC",
    )
    .fetch_all(pool)
    .await?;
    let visits = visits
        .into_iter()
        .filter(|v| ids.contains(&v.1))
        .take(300)
        .map(|v| {
            let status = FollowUpStatus::from_code(&v.9).unwrap_or(FollowUpStatus::None);
            let may_close = status == FollowUpStatus::Open && views.iter().any(|g| g.id == v.1 && g.may_record);
            VisitView {
                id: v.0,
                group: v.2,
                school_id: v.3,
                school: v.4,
                overdue: follow_up_overdue(status, v.8.as_deref(), today),
                visited_on: v.5,
                findings: v.6,
                follow_up: v.7,
                due_on: v.8,
                status,
                done_on: v.10,
                done_note: v.11,
                may_close,
            }
        })
        .collect();
    let may_assign = caller.may(crate::rules::access::Action::AssignSupervision);
    let (unassigned, all_schools) = if may_assign {
        (
            sqlx::query_as(
                "SELECT id, name FROM schools WHERE status <> 'closed' AND id NOT IN (SELECT school_id FROM supervision_group_schools) ORDER BY id",
            )
            .fetch_all(pool)
            .await?,
            sqlx::query_as("SELECT id, name FROM schools WHERE status <> 'closed' ORDER BY id").fetch_all(pool).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Supervision { today: today.to_string(), groups: views, visits, unassigned, schools: all_schools, may_assign, scoped_to })
}

/// Records a visit to a school by the group that supervises it (a supervisor of that group, or an
/// org admin). Returns the visit's id.
pub async fn record_visit(pool: &Pool, caller: &Caller, school_id: i64, visit: &VisitInput<'_>, now: &str) -> Result<i64, AppError> {
    let group: Option<(i64,)> =
        sqlx::query_as("SELECT group_id FROM supervision_group_schools WHERE school_id = $1").bind(school_id).fetch_optional(pool).await?;
    let (group_id,) = group.ok_or_else(|| AppError::Validation("该学校尚未分配督导组".into()))?;
    if !may_record(pool, caller, group_id).await? {
        return Err(AppError::Forbidden);
    }
    let status = check_visit(visit, &now[..10]).map_err(AppError::Validation)?;
    let due = (status == FollowUpStatus::Open).then(|| visit.due_on.trim());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO supervision_visits (group_id, school_id, visited_on, findings, follow_up, due_on, status, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(group_id)
    .bind(school_id)
    .bind(visit.visited_on.trim())
    .bind(visit.findings.trim())
    .bind(visit.follow_up.trim())
    .bind(due)
    .bind(status.as_code())
    .bind(caller.account_id)
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(id)
}

/// Marks a visit's follow-up done (整改完成), with what was done.
pub async fn close_follow_up(pool: &Pool, caller: &Caller, visit_id: i64, note: &str, today: &str) -> Result<(), AppError> {
    let visit: Option<(i64, String)> =
        sqlx::query_as("SELECT group_id, status FROM supervision_visits WHERE id = $1").bind(visit_id).fetch_optional(pool).await?;
    let (group_id, status) = visit.ok_or_else(|| AppError::NotFound("督导记录".into()))?;
    if !may_record(pool, caller, group_id).await? {
        return Err(AppError::Forbidden);
    }
    if status != FollowUpStatus::Open.as_code() {
        return Err(AppError::Conflict("该记录没有待整改事项".into()));
    }
    let note = note.trim();
    if note.is_empty() || note.chars().count() > crate::rules::supervision::MAX_TEXT {
        return Err(AppError::Validation("请填写整改情况（不超过 500 字）".into()));
    }
    sqlx::query("UPDATE supervision_visits SET status = 'done', done_on = $2, done_note = $3 WHERE id = $1 AND status = 'open'")
        .bind(visit_id)
        .bind(today)
        .bind(note)
        .execute(pool)
        .await?;
    Ok(())
}
