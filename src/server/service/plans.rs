//! 教学计划: a school's yearly teaching plan — an independent school's own, the joint school's unified
//! plan under its rotating principal with each line hosted by a member unit in turn — read by anyone
//! (the schools are public), made by the school's admin or the organisation department, each change a
//! line of the school's change log. The lines' state comes from the classes held for them.

use super::six_ones::school_change;
use crate::error::AppError;
use crate::messages as msg;
use crate::model::{ClassStatus, CourseCategory, FieldChange, FoundingMode, PlanLineView, SchoolPlan, SixOne, TermLine};
use crate::rules::access::Action;
use crate::rules::joint::check_plan_entry;
use crate::rules::plans::{check_host, check_year, line_state, next_host, turns, MAX_LINES_PER_YEAR};
use crate::server::auth::Caller;
use crate::server::db::begin_write;
use crate::server::repo::district as log;
use crate::server::repo::plans::{self as repo, HeldFor, NewLine};
use crate::server::state::AppState;
use chrono::Datelike;

/// Whether `caller` may change `school`'s plan.
pub fn may_edit(caller: &Caller, school: i64) -> bool {
    caller.may(Action::PlanTeaching) && super::district::may_edit_profile(caller, school)
}

/// (year, month) of a day.
pub fn month_of(day: chrono::NaiveDate) -> (i32, u32) {
    (day.year(), day.month())
}

/// The classes held for `line`: (id, title, status), and its state on `today`.
pub fn held(held: &[HeldFor], line: i64, at: (i32, u32), today: (i32, u32)) -> (Vec<(i64, String, ClassStatus)>, crate::model::LineState) {
    let classes: Vec<(i64, String, ClassStatus)> =
        held.iter().filter(|h| h.line_id == line).map(|h| (h.id, h.title.clone(), h.status)).collect();
    let statuses: Vec<ClassStatus> = classes.iter().map(|c| c.2).collect();
    (classes, line_state(&statuses, at, today))
}

/// The rotating principal in office on the plan's first day, else the first whose term falls in the year.
fn principal_of(terms: &[TermLine], year: i32) -> Option<(String, String)> {
    let (first, last) = (format!("{year}-01-01"), format!("{year}-12-31"));
    terms
        .iter()
        .find(|t| t.starts_on <= first && t.ends_on >= first)
        .or_else(|| terms.iter().find(|t| t.starts_on <= last && t.ends_on >= first))
        .map(|t| (t.person.clone(), t.unit.clone()))
}

/// `school`'s plan of `year` (this year when none) as `caller` sees it.
pub async fn of_school(state: &AppState, caller: Option<&Caller>, school: i64, year: Option<i32>) -> Result<SchoolPlan, AppError> {
    let this_year = state.clock.year();
    let year = check_year(year.unwrap_or(this_year), this_year).map_err(|e| AppError::Validation(e.into()))?;
    let mut conn = state.pool.acquire().await?;
    let record = log::school_record(&mut conn, school).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    let joint = record.mode == Some(FoundingMode::Joint);
    let (members, terms) =
        if joint { (log::member_units(&mut conn, school).await?, log::terms(&mut conn, school).await?) } else { Default::default() };
    drop(conn);
    let lines = repo::of_school(&state.pool, school, year).await?;
    let held_for = repo::held_for_school(&state.pool, school, year).await?;
    let today = month_of(state.clock.today());
    let member_ids: Vec<i64> = members.iter().map(|m| m.0).collect();
    let hosts: Vec<Option<i64>> = lines.iter().map(|l| l.host_unit_id).collect();
    let mut years = repo::school_years(&state.pool, school).await?;
    years.extend(this_year - 1..=this_year + 1);
    years.sort_unstable();
    years.dedup();
    let rules_in_place = crate::server::repo::six_ones::kept(&state.pool, school).await?.iter().any(|(i, n)| *i == SixOne::Rules && *n > 0);
    Ok(SchoolPlan {
        school_id: school,
        year,
        years,
        joint,
        principal: principal_of(&terms, year),
        turns: turns(&member_ids, &hosts).into_iter().zip(&members).map(|((id, n), (_, name))| (id, name.clone(), n)).collect(),
        next_host: next_host(&member_ids, &hosts),
        lines: lines
            .into_iter()
            .map(|l| {
                let (classes, state) = held(&held_for, l.id, (year, l.month as u32), today);
                PlanLineView { id: l.id, month: l.month as u32, topic: l.topic, category: l.category, host: l.host, state, classes }
            })
            .collect(),
        rules_in_place,
        may_edit: caller.is_some_and(|c| may_edit(c, school)),
    })
}

/// A line as the school's form posts it.
pub struct LineForm<'a> {
    pub year: i32,
    pub month: &'a str,
    pub topic: &'a str,
    pub category: &'a str,
    /// A joint school's member unit hosting the line ("" for none).
    pub host_unit_id: &'a str,
}

/// The school's change-log line of a plan change.
fn logged(year: i32, month: u32, before: &str, after: &str) -> [FieldChange; 1] {
    [FieldChange { field: format!("教学计划·{year} 年 {month} 月"), before: before.into(), after: after.into() }]
}

/// Adds a line to `school`'s plan. Returns its number.
pub async fn add_line(state: &AppState, caller: &Caller, school: i64, form: &LineForm<'_>) -> Result<i64, AppError> {
    let now = state.clock.now();
    let year = check_year(form.year, state.clock.year()).map_err(|e| AppError::Validation(e.into()))?;
    let month = check_plan_entry(form.month, form.topic).map_err(AppError::Validation)?;
    let category = CourseCategory::from_code(form.category).ok_or_else(|| AppError::Validation(msg::category_missing().into()))?;
    let host = match form.host_unit_id.trim() {
        "" => None,
        h => Some(h.parse::<i64>().map_err(|_| AppError::Validation(msg::choice_wrong(msg::field_host_unit())))?),
    };
    let mut tx = begin_write(&state.pool).await?;
    let record = log::school_record(&mut tx, school).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    if !may_edit(caller, school) {
        return Err(AppError::Forbidden);
    }
    let members: Vec<i64> = if record.mode == Some(FoundingMode::Joint) {
        log::member_units(&mut tx, school).await?.into_iter().map(|m| m.0).collect()
    } else {
        Vec::new()
    };
    let host_unit_id = check_host(&members, host).map_err(|e| AppError::Validation(e.into()))?;
    let topic = form.topic.trim();
    let at = now.to_string();
    let line = NewLine { year, month, topic, category, host_unit_id, made_by: caller.account_id, made_at: &at };
    let id = repo::add_to_school(&mut tx, school, &line, MAX_LINES_PER_YEAR)
        .await?
        .ok_or_else(|| AppError::Conflict(msg::plan_lines_full().into()))?;
    let changes = logged(year, month, "", topic);
    log::record(&mut tx, school_change(&now, caller, school, record.name, &changes)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a line of `school`'s plan that no class is held for.
pub async fn remove_line(state: &AppState, caller: &Caller, school: i64, line: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let record = log::school_record(&mut tx, school).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    if !may_edit(caller, school) {
        return Err(AppError::Forbidden);
    }
    let found = repo::line(&mut tx, line).await?.filter(|l| l.school_id == Some(school));
    let Some(found) = found else {
        return Err(AppError::NotFound(msg::plan_line_unknown().into()));
    };
    if !repo::remove(&mut tx, school, line).await? {
        return Err(AppError::Conflict(msg::plan_line_has_classes().into()));
    }
    let changes = logged(found.year as i32, found.month as u32, &found.topic, "");
    log::record(&mut tx, school_change(&now, caller, school, record.name, &changes)).await?;
    tx.commit().await?;
    Ok(())
}
