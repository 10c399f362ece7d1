//! 联训: the joint-training groups, their members and classes; for a rotating (regional) group the
//! yearly plan with the host of each month (`rules::joint::host_of`) and the members'
//! cross-evaluation. Read with one query per kind of record for all groups, not per group.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{CourseCategory, CrossCriterion, CrossLine, JointGroupView, JointKind, JointMonth, JointTraining};
use crate::rules::access::Action;
use crate::rules::joint::{check_cross_score, check_plan_entry, cross_ranking, expected_scores, host_of, parse_month};
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Pool};
use crate::server::repo::joint::{self as repo, Scoring};
use crate::server::repo::plans as plan_repo;
use crate::server::repo::schools;

/// The unit of a school admin's school (the unit they act for in their groups).
async fn own_unit(pool: &Pool, caller: &Caller) -> Result<Option<i64>, sqlx::Error> {
    match caller.own_school() {
        Some(school) => schools::host_unit(pool, school).await,
        None => Ok(None),
    }
}

/// `/joint?year=`: every group with its members and classes; rotating groups with the year's plan and
/// cross-evaluation.
pub async fn joint(pool: &Pool, caller: &Caller, year: Option<i32>, clock: &crate::server::Clock) -> Result<JointTraining, AppError> {
    if !caller.may(Action::ReadJoint) {
        return Err(AppError::Forbidden);
    }
    let mut years = repo::years(pool).await?;
    let this_year = clock.year();
    let year = year.or_else(|| years.iter().copied().filter(|y| *y <= this_year).max()).unwrap_or(this_year);
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable();
    }
    let own = own_unit(pool, caller).await?;
    let all_members = repo::all_members(pool).await?;
    let all_classes = repo::classes(pool).await?;
    let plans = plan_repo::of_groups(pool, year).await?;
    let held_for = plan_repo::held_for_groups(pool, year).await?;
    let today = super::plans::month_of(clock.today());
    let scores = repo::cross_scores(pool, year).await?;
    let year_prefix = year.to_string();
    let mut views = Vec::new();
    for group in repo::groups(pool).await? {
        let id = group.id;
        let members: Vec<_> = all_members.iter().filter(|(g, _)| *g == id).map(|(_, m)| m.clone()).collect();
        let classes: Vec<&repo::JointClass> = all_classes.iter().filter(|c| c.group_id == id).collect();
        let in_year: Vec<&&repo::JointClass> = classes.iter().filter(|c| c.starts_at.as_str().starts_with(&year_prefix)).collect();
        let plan_lines: Vec<&plan_repo::Line> = plans.iter().filter(|p| p.group_id == Some(id)).collect();
        let from = group.rotation_from.as_deref().and_then(parse_month);
        let plan = if from.is_some() || !plan_lines.is_empty() {
            (1..=12u32)
                .map(|m| {
                    let planned = plan_lines.iter().find(|p| p.month == m as i64);
                    let prefix = format!("{year}-{m:02}");
                    JointMonth {
                        month: m,
                        host: from.and_then(|f| host_of(members.len(), f, (year, m))).map(|i| members[i].name.clone()),
                        topic: planned.map(|p| p.topic.clone()),
                        category: planned.map(|p| p.category),
                        line: planned.map(|p| (p.id, super::plans::state_of(&held_for, p.id, (year, m), today))),
                        classes: in_year
                            .iter()
                            .filter(|c| c.starts_at.as_str().starts_with(&prefix))
                            .map(|c| (c.id, c.title.clone(), c.school.clone(), c.status))
                            .collect(),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let unit_ids: Vec<i64> = members.iter().map(|m| m.unit_id).collect();
        let regional = group.kind == JointKind::Regional;
        let cross = if regional {
            let scores: Vec<_> =
                scores.iter().filter(|s| s.group_id == id).map(|s| (s.scorer_unit_id, s.scored_unit_id, s.criterion, s.score)).collect();
            cross_ranking(&unit_ids, &scores)
                .into_iter()
                .map(|s| CrossLine {
                    unit: members.iter().find(|m| m.unit_id == s.unit_id).map(|m| m.name.clone()).unwrap_or_default(),
                    unit_id: s.unit_id,
                    by_criterion: s.by_criterion,
                    mean: s.mean,
                    received: s.received,
                    expected: expected_scores(unit_ids.len()),
                    rank: s.rank,
                })
                .collect()
        } else {
            Vec::new()
        };
        let may_score_as = if !regional {
            Vec::new()
        } else if caller.acts_for_district() {
            members.iter().map(|m| (m.unit_id, m.name.clone())).collect()
        } else {
            members.iter().filter(|m| Some(m.unit_id) == own).map(|m| (m.unit_id, m.name.clone())).collect()
        };
        let may_plan = caller.may(Action::PlanTeaching) && (caller.acts_for_district() || own.is_some_and(|u| unit_ids.contains(&u)));
        views.push(JointGroupView {
            id,
            name: group.name,
            kind: group.kind,
            classes_in_year: in_year.len() as i64,
            classes_total: classes.len() as i64,
            recent: classes.iter().take(8).map(|c| (c.id, c.title.clone(), c.school.clone(), c.starts_at.clone(), c.status)).collect(),
            members,
            rotation_from: group.rotation_from,
            plan,
            cross,
            may_score_as,
            may_plan,
        });
    }
    Ok(JointTraining { year, years, groups: views })
}

/// 教学计划共定: a month of a group's yearly plan (topic and category), by the organisation department
/// or a member unit's school admin; saving a month again changes it (the classes held for it stay).
pub async fn save_plan(
    pool: &Pool,
    caller: &Caller,
    group_id: i64,
    (year, month): (i32, &str),
    (topic, category): (&str, &str),
    clock: &crate::server::Clock,
) -> Result<(), AppError> {
    if !caller.may(Action::PlanTeaching) {
        return Err(AppError::Forbidden);
    }
    let month = check_plan_entry(month, topic).map_err(AppError::Validation)?;
    let category = CourseCategory::from_code(category).ok_or_else(|| AppError::Validation(msg::category_missing().into()))?;
    repo::kind(pool, group_id).await?.ok_or_else(|| AppError::Validation(msg::joint_group_unknown().into()))?;
    if !caller.acts_for_district() {
        let own = own_unit(pool, caller).await?;
        if !repo::members(pool, group_id).await?.iter().any(|m| Some(m.unit_id) == own) {
            return Err(AppError::Forbidden);
        }
    }
    let at = clock.now().to_string();
    let line =
        plan_repo::NewLine { year, month, topic: topic.trim(), category, host_unit_id: None, made_by: caller.account_id, made_at: &at };
    Ok(plan_repo::save_group_month(pool, group_id, &line).await?)
}

/// 交叉评估: `scorer` scores `scored` on the four criteria for a year (an org admin for any member, a
/// school admin for their own school's unit). Saving again replaces the four scores; all or none.
pub async fn save_cross(
    pool: &Pool,
    caller: &Caller,
    group_id: i64,
    year: i32,
    scorer: i64,
    scored: i64,
    scores: [&str; 4],
) -> Result<(), AppError> {
    if !(caller.acts_for_district() || (caller.may(Action::CrossScore) && own_unit(pool, caller).await? == Some(scorer))) {
        return Err(AppError::Forbidden);
    }
    if repo::kind(pool, group_id).await? != Some(JointKind::Regional) {
        return Err(AppError::Validation(msg::cross_only_regional().into()));
    }
    let members = repo::members(pool, group_id).await?;
    if !members.iter().any(|m| m.unit_id == scorer) || !members.iter().any(|m| m.unit_id == scored) {
        return Err(AppError::Validation(msg::cross_members_only().into()));
    }
    let mut checked = Vec::new();
    for (criterion, text) in CrossCriterion::ALL.iter().zip(scores) {
        checked.push((*criterion, check_cross_score(scorer, scored, *criterion, text).map_err(AppError::Validation)?));
    }
    let who = Scoring { group_id, year, scorer, scored, entered_by: caller.account_id };
    let mut tx = begin_write(pool).await?;
    repo::save_cross(&mut tx, &who, &checked).await?;
    tx.commit().await?;
    Ok(())
}
