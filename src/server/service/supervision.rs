//! 督导组: who is in each group, which schools it supervises (never one of its own people's units),
//! its visits with findings and follow-ups — leaders and the organisation department see every group,
//! a supervisor their own.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{FollowUpStatus, SupervisedSchool, Supervision, SupervisionGroupView, VisitView};
use crate::rules::access::Action;
use crate::rules::supervision::{check_visit, follow_up_overdue, own_unit_conflict, visit_due, VisitInput, MAX_TEXT};
use crate::server::auth::Caller;
use crate::server::db::Pool;
use crate::server::repo::supervision::{self as repo, NewVisit};
use crate::server::Clock;
use std::collections::HashSet;

/// Visits shown at most.
const VISITS_SHOWN: i64 = 300;

/// For org admins: puts a school in a group's care (moving it from another group), unless one of
/// the group's people belongs to the school's unit (回避).
pub async fn assign(pool: &Pool, caller: &Caller, school_id: i64, group_id: i64) -> Result<(), AppError> {
    if !caller.may(Action::AssignSupervision) {
        return Err(AppError::Forbidden);
    }
    let school = repo::school_name(pool, school_id).await?.ok_or_else(|| AppError::Validation(msg::school_choice_missing().into()))?;
    let group = repo::group_name(pool, group_id).await?.ok_or_else(|| AppError::Validation(msg::supervision_group_unknown().into()))?;
    let people = repo::group_units(pool, group_id).await?;
    if let Some(unit) = own_unit_conflict(&people, &repo::school_units(pool, school_id).await?) {
        return Err(AppError::Validation(msg::supervision_conflict_of_interest(&group, unit, &school)));
    }
    Ok(repo::assign(pool, school_id, group_id).await?)
}

/// The groups whose visits `caller` may record: org admins any, supervisors their own (`None`: any).
async fn recording_groups(pool: &Pool, caller: &Caller) -> Result<Option<HashSet<i64>>, sqlx::Error> {
    if caller.acts_for_district() {
        Ok(None)
    } else if caller.may(Action::RecordVisits) {
        Ok(Some(repo::groups_of_account(pool, caller.account_id).await?))
    } else {
        Ok(Some(HashSet::new()))
    }
}

/// May `caller` record visits for group `group_id`.
async fn may_record(pool: &Pool, caller: &Caller, group_id: i64) -> Result<bool, sqlx::Error> {
    Ok(recording_groups(pool, caller).await?.is_none_or(|groups| groups.contains(&group_id)))
}

/// `/supervision`: the groups the caller may see, their schools and visits.
pub async fn supervision(pool: &Pool, caller: &Caller, clock: &Clock) -> Result<Supervision, AppError> {
    if !caller.may(Action::ReadSupervision) {
        return Err(AppError::Forbidden);
    }
    let now = clock.now();
    let today = now.date();
    let all = caller.sees_district();
    let groups = repo::groups(pool, all, caller.account_id).await?;
    let scoped_to = (!all).then(|| {
        if groups.is_empty() {
            msg::no_supervision_group().to_string()
        } else {
            groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>().join("、")
        }
    });
    let schools = repo::supervised_schools(pool).await?;
    let members = repo::members(pool).await?;
    let recording = recording_groups(pool, caller).await?;
    let views: Vec<SupervisionGroupView> = groups
        .iter()
        .map(|g| SupervisionGroupView {
            id: g.id,
            name: g.name.clone(),
            leader: match (&g.leader, &g.leader_unit) {
                (Some(name), Some(unit)) => format!("{name}（{unit}）"),
                _ => "—".into(),
            },
            members: members.iter().filter(|m| m.0 == g.id).map(|m| format!("{}（{}）", m.1, m.2)).collect(),
            schools: schools
                .iter()
                .filter(|s| s.group_id == g.id)
                .map(|s| SupervisedSchool {
                    id: s.id,
                    name: s.name.clone(),
                    unit: s.unit.clone(),
                    last_visit: s.last_visit.clone(),
                    visits: s.visits,
                    open_follow_ups: s.open_follow_ups,
                    visit_due: visit_due(s.last_visit.as_deref(), today),
                })
                .collect(),
            may_record: recording.as_ref().is_none_or(|r| r.contains(&g.id)),
        })
        .collect();
    let ids: Vec<i64> = groups.iter().map(|g| g.id).collect();
    let visits = repo::visits(pool, &ids, VISITS_SHOWN)
        .await?
        .into_iter()
        .map(|v| {
            let may_close = v.status == FollowUpStatus::Open && views.iter().any(|g| g.id == v.group_id && g.may_record);
            VisitView {
                id: v.id,
                group: v.group_name,
                school_id: v.school_id,
                school: v.school,
                overdue: follow_up_overdue(v.status, v.due_on.as_deref(), today),
                visited_on: v.visited_on,
                findings: v.findings,
                follow_up: v.follow_up,
                due_on: v.due_on,
                status: v.status,
                done_on: v.done_on,
                done_note: v.done_note,
                may_close,
            }
        })
        .collect();
    let may_assign = caller.may(Action::AssignSupervision);
    let (unassigned, all_schools) = if may_assign { repo::assignable_schools(pool).await? } else { (Vec::new(), Vec::new()) };
    Ok(Supervision { today: today.to_string(), groups: views, visits, unassigned, schools: all_schools, may_assign, scoped_to })
}

/// Records a visit to a school by the group that supervises it (a supervisor of that group, or an
/// org admin). Returns the visit's id.
pub async fn record_visit(pool: &Pool, caller: &Caller, school_id: i64, visit: &VisitInput<'_>, clock: &Clock) -> Result<i64, AppError> {
    let group_id = repo::group_of_school(pool, school_id).await?.ok_or_else(|| AppError::Validation(msg::school_without_group().into()))?;
    if !may_record(pool, caller, group_id).await? {
        return Err(AppError::Forbidden);
    }
    let now = clock.now();
    let status = check_visit(visit, now.date()).map_err(AppError::Validation)?;
    let record = NewVisit {
        group_id,
        school_id,
        visited_on: visit.visited_on.trim(),
        findings: visit.findings.trim(),
        follow_up: visit.follow_up.trim(),
        due_on: (status == FollowUpStatus::Open).then(|| visit.due_on.trim()),
        status,
        recorded_by: caller.account_id,
        recorded_at: &now,
    };
    Ok(repo::insert_visit(pool, &record).await?)
}

/// Marks a visit's follow-up done (整改完成), with what was done.
pub async fn close_follow_up(pool: &Pool, caller: &Caller, visit_id: i64, note: &str, clock: &Clock) -> Result<(), AppError> {
    let (group_id, status) = repo::visit_state(pool, visit_id).await?.ok_or_else(|| AppError::NotFound(msg::visit_noun().into()))?;
    if !may_record(pool, caller, group_id).await? {
        return Err(AppError::Forbidden);
    }
    if status != FollowUpStatus::Open {
        return Err(AppError::Conflict(msg::no_follow_up().into()));
    }
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_TEXT {
        return Err(AppError::Validation(msg::follow_up_note_rule().into()));
    }
    if !repo::finish_follow_up(pool, visit_id, clock.now().date(), note).await? {
        return Err(AppError::Conflict(msg::no_follow_up().into()));
    }
    Ok(())
}
