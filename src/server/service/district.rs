//! The district's own data (#17): creating and changing units and schools, each change in one
//! transaction with its line in the change log (who, when, every field before → after), then the
//! screens told (the map, the dashboard and the school's page follow at once).

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{FoundingMode, SchoolRecord, SchoolStatus};
use crate::rules::district::{
    changes, school_fields, teacher_fields, ValidProfile, ValidSchool, ValidTeacher, ValidTeacherProfile, ValidUnit,
};
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Conn};
use crate::server::repo::district::{self as repo, Change};
use crate::server::repo::teachers;
use crate::server::state::AppState;
use std::collections::HashMap;

/// Unit names by id, for the change log's values.
async fn unit_names(conn: &mut Conn) -> Result<HashMap<i64, String>, sqlx::Error> {
    Ok(repo::unit_choices(conn).await?.into_iter().map(|u| (u.id, u.name)).collect())
}

fn fields_of(record: &SchoolRecord, names: &HashMap<i64, String>) -> Vec<(&'static str, String)> {
    school_fields(record, |id| names.get(&id).cloned().unwrap_or_else(|| id.to_string()))
}

/// The data changed: the kept views are dropped and every screen told (the district's standing
/// figures — schools by founding mode — included).
async fn announce(state: &AppState) {
    state.views.district_changed();
    crate::server::live::publish(state, None).await;
}

/// Creates a school (`id` `None`) or changes one (the organisation department). The host and member
/// units and the principals must exist; a joint school's members are replaced by those named.
pub async fn save_school(state: &AppState, caller: &Caller, id: Option<i64>, school: ValidSchool) -> Result<i64, AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let units = repo::unit_choices(&mut tx).await?;
    let names: HashMap<i64, String> = units.iter().map(|u| (u.id, u.name.clone())).collect();
    let before = match id {
        Some(id) => Some(repo::school_record(&mut tx, id).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?),
        None => None,
    };
    // A retired unit stays only where the record already names it.
    let usable = |u: &crate::model::UnitChoice, kept: Option<i64>| !u.retired || kept == Some(u.id);
    let host_ok = units.iter().any(|u| u.id == school.host_unit_id && usable(u, before.as_ref().map(|b| b.host_unit_id)));
    let township_ok = |t: i64| {
        units
            .iter()
            .any(|u| u.id == t && u.kind == crate::model::UnitKind::Township && usable(u, before.as_ref().and_then(|b| b.township_id)))
    };
    if !host_ok || school.township_id.is_some_and(|t| !township_ok(t)) {
        return Err(AppError::Validation(msg::missing_reference().into()));
    }
    let mut members = Vec::new();
    for name in &school.members {
        match repo::unit_named(&mut tx, name).await? {
            Some(unit) => members.push(unit),
            None => return Err(AppError::Validation(msg::unit_unknown(name))),
        }
    }
    for person in [school.principal_id, school.vice_principal_id].into_iter().flatten() {
        if !repo::person_exists(&mut tx, person).await? {
            return Err(AppError::Validation(msg::person_number_unknown(person)));
        }
    }
    let id = match id {
        Some(id) => {
            repo::update_school(&mut tx, id, &school).await?;
            id
        }
        None => repo::insert_school(&mut tx, &school, &state.clock.today().to_string()).await?,
    };
    if school.mode == FoundingMode::Joint || before.as_ref().is_some_and(|b| !b.members.is_empty()) {
        repo::set_members(&mut tx, id, &members).await?;
    }
    let after = repo::school_record(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let changed = changes(&before.as_ref().map(|b| fields_of(b, &names)).unwrap_or_default(), &fields_of(&after, &names));
    if before.is_some() && changed.is_empty() {
        return Ok(id);
    }
    let action = if before.is_some() { "updated" } else { "created" };
    let summary = after.name.clone();
    repo::record(
        &mut tx,
        Change { at: &now, actor: caller.account_id, entity: "school", id: Some(id), action, summary, changes: &changed },
    )
    .await?;
    tx.commit().await?;
    announce(state).await;
    Ok(id)
}

/// The school a school admin may change: their own; the organisation department: any.
pub fn may_edit_profile(caller: &Caller, school: i64) -> bool {
    crate::rules::access::acts_for_district(&caller.roles) || caller.school_id == Some(school)
}

/// A school's own profile (venue, contact, introduction): its school admin or the organisation department.
pub async fn save_profile(state: &AppState, caller: &Caller, id: i64, profile: ValidProfile) -> Result<(), AppError> {
    if !may_edit_profile(caller, id) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let names = unit_names(&mut tx).await?;
    let before = repo::school_record(&mut tx, id).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    repo::update_profile(&mut tx, id, &profile).await?;
    let after = repo::school_record(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let changed = changes(&fields_of(&before, &names), &fields_of(&after, &names));
    if changed.is_empty() {
        return Ok(());
    }
    let summary = after.name.clone();
    repo::record(
        &mut tx,
        Change { at: &now, actor: caller.account_id, entity: "school", id: Some(id), action: "updated", summary, changes: &changed },
    )
    .await?;
    tx.commit().await?;
    announce(state).await;
    Ok(())
}

/// Closes a school (kept in history: its classes and hours stay with it) or opens it again.
pub async fn set_closed(state: &AppState, caller: &Caller, id: i64, close: bool) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let names = unit_names(&mut tx).await?;
    let before = repo::school_record(&mut tx, id).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    let closed = before.status == Some(SchoolStatus::Closed);
    if close == closed {
        let already = if closed { msg::school_closed_already() } else { msg::school_open_already() };
        return Err(AppError::Conflict(already.into()));
    }
    let today = state.clock.today().to_string();
    repo::set_closed(&mut tx, id, close.then_some(today.as_str())).await?;
    let after = repo::school_record(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let changed = changes(&fields_of(&before, &names), &fields_of(&after, &names));
    let action = if close { "closed" } else { "reopened" };
    let summary = after.name.clone();
    repo::record(
        &mut tx,
        Change { at: &now, actor: caller.account_id, entity: "school", id: Some(id), action, summary, changes: &changed },
    )
    .await?;
    tx.commit().await?;
    announce(state).await;
    Ok(())
}

/// Creates a unit (`id` `None`) or changes one. Its parent must exist and not be itself.
pub async fn save_unit(state: &AppState, caller: &Caller, id: Option<i64>, unit: ValidUnit) -> Result<i64, AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    if let Some(parent) = unit.parent_id {
        if Some(parent) == id {
            return Err(AppError::Validation(msg::unit_parent_self().into()));
        }
        if repo::unit_retired(&mut tx, parent).await? != Some(false) {
            return Err(AppError::Validation(msg::unit_parent_unknown().into()));
        }
    }
    if let Some(id) = id {
        if repo::unit_retired(&mut tx, id).await? == Some(true) {
            return Err(AppError::Conflict(msg::unit_retired_already().into()));
        }
    }
    let before = match id {
        Some(id) => Some(repo::unit_fields(&mut tx, id).await?.ok_or_else(|| AppError::NotFound(msg::unit_noun().into()))?),
        None => None,
    };
    let id = match id {
        Some(id) => {
            repo::update_unit(&mut tx, id, &unit).await?;
            id
        }
        None => repo::insert_unit(&mut tx, &unit).await?,
    };
    let after = repo::unit_fields(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let changed = changes(&before.clone().unwrap_or_default(), &after);
    if before.is_some() && changed.is_empty() {
        return Ok(id);
    }
    let action = if before.is_some() { "updated" } else { "created" };
    let summary = unit.name.clone();
    repo::record(&mut tx, Change { at: &now, actor: caller.account_id, entity: "unit", id: Some(id), action, summary, changes: &changed })
        .await?;
    tx.commit().await?;
    announce(state).await;
    Ok(id)
}

/// Retires a unit (撤销), or merges it into `into` (合并): its people, the units below it, the open
/// schools it hosts and its places in joint schools move to the surviving unit, in one transaction
/// with one change-log line naming everyone moved. Past classes, hours and evaluations stay where
/// they happened (with the schools and townships). A unit retired without a survivor must hold
/// nothing. The unit itself stays on record, marked with the day.
pub async fn retire_unit(state: &AppState, caller: &Caller, id: i64, into: Option<i64>) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    match repo::unit_retired(&mut tx, id).await? {
        None => return Err(AppError::NotFound(msg::unit_noun().into())),
        Some(true) => return Err(AppError::Conflict(msg::unit_retired_already().into())),
        Some(false) => {}
    }
    if let Some(into) = into {
        if into == id {
            return Err(AppError::Validation(msg::merge_into_self().into()));
        }
        if repo::unit_retired(&mut tx, into).await? != Some(false) {
            return Err(AppError::Validation(msg::merge_target_unknown().into()));
        }
    }
    let held = repo::holdings(&mut tx, id).await?;
    let before = repo::unit_fields(&mut tx, id).await?.ok_or(AppError::Internal)?;
    let mut changed = Vec::new();
    if let Some(into) = into {
        let moved = repo::move_holdings(&mut tx, id, into).await?;
        if !moved.is_empty() {
            crate::server::repo::rollup::recount_people(&mut tx).await?;
        }
        let list = moved.iter().map(|(n, name)| format!("{name}（{n}）")).collect::<Vec<_>>().join("、");
        changed.push(crate::model::FieldChange { field: "转入人员".into(), before: String::new(), after: list });
    } else if held != repo::Holdings::default() {
        return Err(AppError::Validation(msg::unit_still_holds(held.people, held.children, held.schools + held.memberships)));
    }
    repo::retire_unit(&mut tx, id, into, &state.clock.today().to_string()).await?;
    let after = repo::unit_fields(&mut tx, id).await?.ok_or(AppError::Internal)?;
    changed.splice(0..0, changes(&before, &after));
    let name = before.first().map(|(_, n)| n.clone()).unwrap_or_default();
    let (action, summary) = match into {
        Some(_) => ("merged", msg::unit_merged_summary(&name, held.people, held.children, held.schools, held.memberships)),
        None => ("retired", name),
    };
    repo::record(&mut tx, Change { at: &now, actor: caller.account_id, entity: "unit", id: Some(id), action, summary, changes: &changed })
        .await?;
    tx.commit().await?;
    announce(state).await;
    Ok(())
}

/// The pool teacher `caller` may change: the organisation department any, a teacher their own.
pub async fn teacher_in_reach(conn: &mut Conn, caller: &Caller, id: i64) -> Result<bool, AppError> {
    if crate::rules::access::may(&caller.roles, crate::rules::access::Action::ManageDistrictData) {
        return Ok(true);
    }
    let Some(person) = caller.person_id.filter(|_| caller.has(crate::model::Role::Teacher)) else { return Ok(false) };
    Ok(teachers::of_person(conn, person).await? == Some(id))
}

/// Adds a pool teacher (`id` `None`) or changes one (the organisation department): the person named
/// must exist. Logged with every field before → after.
pub async fn save_teacher(state: &AppState, caller: &Caller, id: Option<i64>, teacher: ValidTeacher) -> Result<i64, AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    if let Some(person) = teacher.person_id {
        if !repo::person_exists(&mut tx, person).await? {
            return Err(AppError::Validation(msg::person_number_unknown(person)));
        }
    }
    let before = match id {
        Some(id) => Some(teachers::record(&mut tx, id).await?.ok_or_else(|| AppError::NotFound(msg::teacher_noun().into()))?),
        None => None,
    };
    let id = match id {
        Some(id) => {
            teachers::update(&mut tx, id, &teacher).await?;
            id
        }
        None => teachers::insert(&mut tx, &teacher).await?,
    };
    let action = if before.is_some() { "updated" } else { "created" };
    log_teacher(&mut tx, caller, &now, id, before, action).await?;
    tx.commit().await?;
    Ok(id)
}

/// A teacher's own part (title, specialties, introduction): the teacher or the organisation department.
pub async fn save_teacher_profile(state: &AppState, caller: &Caller, id: i64, own: ValidTeacherProfile) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    if !teacher_in_reach(&mut tx, caller, id).await? {
        return Err(AppError::Forbidden);
    }
    let before = teachers::record(&mut tx, id).await?.ok_or_else(|| AppError::NotFound(msg::teacher_noun().into()))?;
    teachers::update_profile(&mut tx, id, &own).await?;
    log_teacher(&mut tx, caller, &now, id, Some(before), "updated").await?;
    tx.commit().await?;
    Ok(())
}

/// The change-log line of a teacher's record (none when nothing changed).
async fn log_teacher(
    conn: &mut Conn,
    caller: &Caller,
    now: &crate::model::Moment,
    id: i64,
    before: Option<crate::model::TeacherRecord>,
    action: &'static str,
) -> Result<(), AppError> {
    let after = teachers::record(conn, id).await?.ok_or(AppError::Internal)?;
    let changed = changes(&before.as_ref().map(teacher_fields).unwrap_or_default(), &teacher_fields(&after));
    if before.is_some() && changed.is_empty() {
        return Ok(());
    }
    let change =
        Change { at: now, actor: caller.account_id, entity: "teacher", id: Some(id), action, summary: after.name, changes: &changed };
    repo::record(conn, change).await?;
    Ok(())
}

/// Adds a rotating principal's term to a joint school (the organisation department): the person must
/// exist, the unit must be one of the school's members, and the term must not overlap another.
pub async fn add_term(state: &AppState, caller: &Caller, school: i64, term: crate::rules::district::ValidTerm) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let record = repo::school_record(&mut tx, school).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    if record.mode != Some(FoundingMode::Joint) {
        return Err(AppError::Validation(msg::terms_only_joint().into()));
    }
    if !repo::member_units(&mut tx, school).await?.iter().any(|(id, _)| *id == term.unit_id) {
        return Err(AppError::Validation(msg::term_unit_not_member().into()));
    }
    if !repo::person_exists(&mut tx, term.person_id).await? {
        return Err(AppError::Validation(msg::person_number_unknown(term.person_id)));
    }
    let before = repo::terms(&mut tx, school).await?;
    if before.iter().any(|t| t.starts_on.as_str() <= term.ends_on.as_str() && term.starts_on.as_str() <= t.ends_on.as_str()) {
        return Err(AppError::Validation(msg::term_overlaps().into()));
    }
    let id = repo::insert_term(&mut tx, school, &term).await?;
    let added = repo::terms(&mut tx, school).await?.into_iter().find(|t| t.id == id).ok_or(AppError::Internal)?;
    log_terms(&mut tx, caller, &now, school, record.name, String::new(), added.label()).await?;
    tx.commit().await?;
    announce(state).await;
    Ok(())
}

/// Removes a term that has not begun (one that has is history).
pub async fn remove_term(state: &AppState, caller: &Caller, school: i64, term: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let record = repo::school_record(&mut tx, school).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    let found = repo::terms(&mut tx, school).await?.into_iter().find(|t| t.id == term);
    let found = found.ok_or_else(|| AppError::NotFound(msg::term_noun().into()))?;
    if found.starts_on.as_str() <= state.clock.today().to_string().as_str() {
        return Err(AppError::Conflict(msg::term_begun().into()));
    }
    repo::delete_term(&mut tx, school, term).await?;
    log_terms(&mut tx, caller, &now, school, record.name, found.label(), String::new()).await?;
    tx.commit().await?;
    announce(state).await;
    Ok(())
}

async fn log_terms(
    conn: &mut Conn,
    caller: &Caller,
    now: &crate::model::Moment,
    school: i64,
    summary: String,
    before: String,
    after: String,
) -> Result<(), AppError> {
    let changed = [crate::model::FieldChange { field: "轮值校长任期".into(), before, after }];
    repo::record(
        conn,
        Change { at: now, actor: caller.account_id, entity: "school", id: Some(school), action: "updated", summary, changes: &changed },
    )
    .await?;
    Ok(())
}
