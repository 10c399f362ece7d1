//! 教学计划 (#18) on SQLite and PostgreSQL: a school's yearly plan made by its school admin (and the
//! organisation department), read by anyone; a class planned for a line and the line's state from
//! it; the joint school's unified plan under its rotating principal, hosted by its members in turn;
//! the lines' changes in the school's change log.

use crate::common::{account, demo_database, CLOCK};
use crate::district::state;
use dangxiao::error::AppError;
use dangxiao::model::{ClassPlan, LineState};
use dangxiao::server::service::{classes, plans};
use plans::LineForm;

fn line<'a>(year: i32, month: &'a str, topic: &'a str, host: &'a str) -> LineForm<'a> {
    LineForm { year, month, topic, category: "political_theory", host_unit_id: host }
}

async fn scalar(pool: &sqlx::Pool<dangxiao::server::db::Db>, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.unwrap();
    n
}

#[tokio::test]
async fn a_school_plans_its_year_and_holds_classes_for_its_lines() {
    let (_db, pool) = demo_database().await;
    let state = state(&pool);
    let (admin, org, cadre) = (account(&pool, "schooladmin").await, account(&pool, "orgadmin").await, account(&pool, "cadre").await);
    let school = admin.school_id.unwrap();
    let other = scalar(&pool, "SELECT MIN(id) FROM schools WHERE founding_mode = 'independent'").await;

    // The demo's plan of 2017, seen on 2017-05-25 by anyone: the months with a class done, the months
    // ahead to come; no one but its admin and the organisation department may change it.
    let public = plans::of_school(&state, None, school, None).await.unwrap();
    assert_eq!((public.year, public.lines.len(), public.joint, public.may_edit), (2017, 12, false, false));
    assert!(public.years.contains(&2018), "plans are made a year ahead: {:?}", public.years);
    let states: Vec<LineState> = public.lines.iter().map(|l| l.state).collect();
    assert!(states[..4].iter().all(|s| matches!(s, LineState::Done | LineState::Missed)), "{states:?}");
    assert!(states.contains(&LineState::Done));
    assert!(states[5..].iter().all(|s| *s == LineState::Ahead), "{states:?}");
    for l in public.lines.iter().filter(|l| l.state == LineState::Done) {
        assert!(!l.classes.is_empty(), "{l:?}");
    }
    assert!(plans::of_school(&state, Some(&admin), school, None).await.unwrap().may_edit);
    assert!(!plans::of_school(&state, Some(&cadre), school, None).await.unwrap().may_edit);

    // The school admin adds a line to July; the change is logged.
    let logged = scalar(&pool, "SELECT COUNT(*) FROM data_audit WHERE entity = 'school'").await;
    let july = plans::add_line(&state, &admin, school, &line(2017, "7", "学习党章党规", "")).await.unwrap();
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM data_audit WHERE entity = 'school'").await, logged + 1);
    let plan = plans::of_school(&state, None, school, Some(2017)).await.unwrap();
    let added = plan.lines.iter().find(|l| l.id == july).unwrap();
    assert_eq!((added.month, added.state, added.host.as_deref()), (7, LineState::Ahead, None));

    // Refused: another school's plan, a cadre, a bad month, a host for an independent school's line,
    // a year too far ahead.
    let refused = [
        plans::add_line(&state, &admin, other, &line(2017, "7", "x", "")).await,
        plans::add_line(&state, &cadre, school, &line(2017, "7", "x", "")).await,
    ];
    assert!(refused.iter().all(|r| matches!(r, Err(AppError::Forbidden))), "{refused:?}");
    let err = plans::add_line(&state, &admin, school, &line(2017, "13", "x", "")).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("月")), "{err:?}");
    let host = scalar(&pool, "SELECT MIN(id) FROM units").await.to_string();
    let err = plans::add_line(&state, &admin, school, &line(2017, "8", "x", &host)).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("联合建校")), "{err:?}");
    let err = plans::add_line(&state, &admin, school, &line(2019, "1", "x", "")).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(_)), "{err:?}");

    // A class planned for the line: the line is arranged and cannot be removed.
    let (teacher,): (i64,) = sqlx::query_as("SELECT id FROM teachers ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap();
    let class = |line: i64, day: &str| ClassPlan {
        title: "学习党章党规".into(),
        category: "political_theory".into(),
        teacher_1: teacher.to_string(),
        venue: "前川街党员活动中心".into(),
        venue_kind: "school".into(),
        starts_at: format!("{day}T14:30"),
        ends_at: format!("{day}T17:30"),
        hours: "3".into(),
        plan_line_id: line.to_string(),
        ..ClassPlan::default()
    };
    let planned = classes::plan(&pool, &admin, &class(july, "2017-07-12"), &CLOCK).await.unwrap();
    let plan = plans::of_school(&state, None, school, Some(2017)).await.unwrap();
    let held = plan.lines.iter().find(|l| l.id == july).unwrap();
    assert_eq!(held.state, LineState::Arranged);
    assert_eq!(held.classes.iter().map(|c| c.0).collect::<Vec<_>>(), [planned.id]);
    let err = plans::remove_line(&state, &admin, school, july).await.unwrap_err();
    assert!(matches!(&err, AppError::Conflict(m) if m.contains("培训班")), "{err:?}");

    // A line of another year or of another school's plan is refused for the class.
    let err = classes::plan(&pool, &admin, &class(july, "2018-07-12"), &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("年度")), "{err:?}");
    let elsewhere = plans::add_line(&state, &org, other, &line(2017, "9", "乡村振兴", "")).await.unwrap();
    let err = classes::plan(&pool, &admin, &class(elsewhere, "2017-09-12"), &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("教学计划")), "{err:?}");
    let err = classes::plan(&pool, &admin, &class(999_999, "2017-09-12"), &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("不存在")), "{err:?}");

    // The planning form filled from a line; a line without classes removed (and logged).
    let choices = classes::plan_choices(&pool, &org, Some(elsewhere)).await.unwrap();
    let from = choices.from_line.unwrap();
    assert_eq!((from.topic.as_str(), from.school_id), ("乡村振兴", Some(other)));
    plans::remove_line(&state, &org, other, elsewhere).await.unwrap();
    assert!(plans::of_school(&state, None, other, Some(2017)).await.unwrap().lines.iter().all(|l| l.id != elsewhere));
    let err = plans::remove_line(&state, &org, other, elsewhere).await.unwrap_err();
    assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn the_joint_schools_members_host_its_unified_plan_in_turn() {
    let (_db, pool) = demo_database().await;
    let state = state(&pool);
    let org = account(&pool, "orgadmin").await;
    let joint = scalar(&pool, "SELECT id FROM schools WHERE founding_mode = 'joint'").await;
    let members = scalar(&pool, &format!("SELECT COUNT(*) FROM school_members WHERE school_id = {joint}")).await as usize;

    let plan = plans::of_school(&state, None, joint, Some(2017)).await.unwrap();
    assert!(plan.joint && plan.principal.is_some(), "{plan:?}");
    assert_eq!(plan.turns.len(), members);
    assert_eq!(plan.turns.iter().map(|t| t.2).sum::<usize>(), 12, "every line has a host");
    assert!(plan.lines.iter().all(|l| l.host.is_some()));
    let fewest = plan.turns.iter().map(|t| t.2).min().unwrap();
    let next = plan.next_host.unwrap();
    assert_eq!(plan.turns.iter().find(|t| t.0 == next).unwrap().2, fewest);

    // A line needs a host among the members; the one whose turn it is hosts it, and the turn moves on.
    let err = plans::add_line(&state, &org, joint, &line(2017, "10", "科普进社区", "")).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("成员单位")), "{err:?}");
    let outsider =
        scalar(&pool, &format!("SELECT MIN(id) FROM units WHERE id NOT IN (SELECT unit_id FROM school_members WHERE school_id = {joint})"))
            .await;
    let err = plans::add_line(&state, &org, joint, &line(2017, "10", "科普进社区", &outsider.to_string())).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(_)), "{err:?}");
    plans::add_line(&state, &org, joint, &line(2017, "10", "科普进社区", &next.to_string())).await.unwrap();
    let after = plans::of_school(&state, None, joint, Some(2017)).await.unwrap();
    assert_eq!(after.turns.iter().find(|t| t.0 == next).unwrap().2, fewest + 1);
    assert_eq!(after.lines.iter().filter(|l| l.topic == "科普进社区").count(), 1);
    if members > 1 {
        assert_ne!(after.next_host, Some(next));
    }
}
