//! 联训: the joint-training groups, their members and classes; for a rotating (regional) group the
//! yearly plan with the host of each month (`rules::joint::host_of`) and the members' cross-evaluation.

use crate::error::AppError;
use crate::model::{
    ClassStatus, CourseCategory, CrossCriterion, CrossLine, JointGroupView, JointKind, JointMember, JointMonth, JointTraining,
};
use crate::rules::joint::{check_cross_score, check_plan_entry, cross_ranking, expected_scores, host_of, parse_month};
use crate::server::auth::Caller;
use crate::server::db::Pool;

/// The unit of a school admin's school (the unit they act for in their groups).
async fn own_unit(pool: &Pool, caller: &Caller) -> Result<Option<i64>, sqlx::Error> {
    let Some(school) = caller.own_school() else { return Ok(None) };
    let unit: Option<(i64,)> = sqlx::query_as("SELECT host_unit_id FROM schools WHERE id = $1").bind(school).fetch_optional(pool).await?;
    Ok(unit.map(|(u,)| u))
}

pub async fn members(pool: &Pool, group_id: i64) -> Result<Vec<JointMember>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT u.id, u.name, CASE WHEN u.in_district THEN 1 ELSE 0 END, m.rotation_order FROM joint_group_members m JOIN units u ON u.id = m.unit_id \
         WHERE m.group_id = $1 ORDER BY m.rotation_order",
    )
    .bind(group_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(unit_id, name, in_district, rotation_order)| JointMember { unit_id, name, in_district: in_district != 0, rotation_order })
        .collect())
}

/// `/joint?year=`: every group with its members and classes; rotating groups with the year's plan and
/// cross-evaluation.
pub async fn joint(pool: &Pool, caller: &Caller, year: Option<i32>, today: &str) -> Result<JointTraining, AppError> {
    if !caller.may(crate::rules::access::Action::ReadJoint) {
        return Err(AppError::Forbidden);
    }
    let years: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT substr(starts_at, 1, 4) FROM classes WHERE joint_group_id IS NOT NULL \
         UNION SELECT CAST(year AS TEXT) FROM joint_plans UNION SELECT CAST(year AS TEXT) FROM joint_cross_scores ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    let mut years: Vec<i32> = years.into_iter().filter_map(|(y,)| y.parse().ok()).collect();
    let this_year: i32 = today[..4].parse().unwrap_or(2017);
    let year = year.or_else(|| years.iter().copied().filter(|y| *y <= this_year).max()).unwrap_or(this_year);
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable();
    }
    let own = own_unit(pool, caller).await?;
    let groups: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, kind, rotation_from FROM joint_groups ORDER BY id").fetch_all(pool).await?;
    let mut views = Vec::new();
    for (id, name, kind, rotation_from) in groups {
        let members = members(pool, id).await?;
        // id, title, school, starts_at, status
        let classes: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT c.id, c.title, s.name, c.starts_at, c.status FROM classes c JOIN schools s ON s.id = c.school_id \
             WHERE c.joint_group_id = $1 ORDER BY c.starts_at DESC, c.id DESC",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        let status = |s: &str| ClassStatus::from_code(s).unwrap_or(ClassStatus::Closed);
        let in_year: Vec<&(i64, String, String, String, String)> = classes.iter().filter(|c| c.3.starts_with(&year.to_string())).collect();
        let plan_rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT month, topic, category FROM joint_plans WHERE group_id = $1 AND year = $2")
                .bind(id)
                .bind(year as i64)
                .fetch_all(pool)
                .await?;
        let from = rotation_from.as_deref().and_then(parse_month);
        let plan = if from.is_some() || !plan_rows.is_empty() {
            (1..=12u32)
                .map(|m| {
                    let planned = plan_rows.iter().find(|p| p.0 == m as i64);
                    let prefix = format!("{year}-{m:02}");
                    JointMonth {
                        month: m,
                        host: from.and_then(|f| host_of(members.len(), f, (year, m))).map(|i| members[i].name.clone()),
                        topic: planned.map(|p| p.1.clone()),
                        category: planned.and_then(|p| CourseCategory::from_code(&p.2)),
                        classes: in_year
                            .iter()
                            .filter(|c| c.3.starts_with(&prefix))
                            .map(|c| (c.0, c.1.clone(), c.2.clone(), status(&c.4)))
                            .collect(),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let scores: Vec<(i64, i64, String, f64)> = sqlx::query_as(
            "SELECT scorer_unit_id, scored_unit_id, criterion, score FROM joint_cross_scores WHERE group_id = $1 AND year = $2",
        )
        .bind(id)
        .bind(year as i64)
        .fetch_all(pool)
        .await?;
        let kind = JointKind::from_code(&kind).unwrap_or(JointKind::Regional);
        let unit_ids: Vec<i64> = members.iter().map(|m| m.unit_id).collect();
        let cross = if kind == JointKind::Regional {
            let scores: Vec<_> = scores.into_iter().filter_map(|(a, b, c, s)| Some((a, b, CrossCriterion::from_code(&c)?, s))).collect();
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
        let may_score_as = if kind != JointKind::Regional {
            Vec::new()
        } else if caller.acts_for_district() {
            members.iter().map(|m| (m.unit_id, m.name.clone())).collect()
        } else {
            members.iter().filter(|m| Some(m.unit_id) == own).map(|m| (m.unit_id, m.name.clone())).collect()
        };
        views.push(JointGroupView {
            id,
            name,
            kind,
            classes_in_year: in_year.len() as i64,
            classes_total: classes.len() as i64,
            recent: classes.iter().take(8).map(|c| (c.0, c.1.clone(), c.2.clone(), c.3.clone(), status(&c.4))).collect(),
            members,
            rotation_from,
            plan,
            cross,
            may_score_as,
        });
    }
    Ok(JointTraining { year, years, groups: views, may_plan: caller.may(crate::rules::access::Action::PlanJoint) })
}

/// For org admins: a month of a group's yearly plan (topic and category); saving a month again replaces it.
pub async fn save_plan(
    pool: &Pool,
    caller: &Caller,
    group_id: i64,
    year: i32,
    month: &str,
    topic: &str,
    category: &str,
) -> Result<(), AppError> {
    if !caller.may(crate::rules::access::Action::PlanJoint) {
        return Err(AppError::Forbidden);
    }
    let month = check_plan_entry(month, topic).map_err(AppError::Validation)?;
    let category = CourseCategory::from_code(category).ok_or_else(|| AppError::Validation("请选择课程类别".into()))?;
    let group: Option<(i64,)> = sqlx::query_as("SELECT id FROM joint_groups WHERE id = $1").bind(group_id).fetch_optional(pool).await?;
    group.ok_or_else(|| AppError::Validation("联训组不存在".into()))?;
    sqlx::query(
        "INSERT INTO joint_plans (group_id, year, month, topic, category) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (group_id, year, month) DO UPDATE SET topic = excluded.topic, category = excluded.category",
    )
    .bind(group_id)
    .bind(year as i64)
    .bind(month as i64)
    .bind(topic.trim())
    .bind(category.as_code())
    .execute(pool)
    .await?;
    Ok(())
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
    if !(caller.acts_for_district()
        || (caller.may(crate::rules::access::Action::CrossScore) && own_unit(pool, caller).await? == Some(scorer)))
    {
        return Err(AppError::Forbidden);
    }
    let kind: Option<(String,)> = sqlx::query_as("SELECT kind FROM joint_groups WHERE id = $1").bind(group_id).fetch_optional(pool).await?;
    if kind.map(|(k,)| k).as_deref() != Some(JointKind::Regional.as_code()) {
        return Err(AppError::Validation("只有区域联训组进行交叉评估".into()));
    }
    let members = members(pool, group_id).await?;
    if !members.iter().any(|m| m.unit_id == scorer) || !members.iter().any(|m| m.unit_id == scored) {
        return Err(AppError::Validation("评分单位和被评单位都须是本联训组成员".into()));
    }
    let mut checked = Vec::new();
    for (criterion, text) in CrossCriterion::ALL.iter().zip(scores) {
        checked.push((*criterion, check_cross_score(scorer, scored, *criterion, text).map_err(AppError::Validation)?));
    }
    let mut tx = crate::server::db::begin_write(pool).await?;
    for (criterion, score) in checked {
        sqlx::query(
            "INSERT INTO joint_cross_scores (group_id, year, scorer_unit_id, scored_unit_id, criterion, score, entered_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (group_id, year, scorer_unit_id, scored_unit_id, criterion) \
             DO UPDATE SET score = excluded.score, entered_by = excluded.entered_by",
        )
        .bind(group_id)
        .bind(year as i64)
        .bind(scorer)
        .bind(scored)
        .bind(criterion.as_code())
        .bind(score)
        .bind(caller.account_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The groups a class may be planned for by a school hosted by `host_unit`: those it is a member of
/// (org admins planning for another school are held to that school's unit too).
pub async fn groups_of_unit(pool: &Pool, host_unit: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.id, g.name FROM joint_groups g JOIN joint_group_members m ON m.group_id = g.id WHERE m.unit_id = $1 ORDER BY g.id",
    )
    .bind(host_unit)
    .fetch_all(pool)
    .await
}
