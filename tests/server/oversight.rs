//! Supervision groups, joint training and competency tests against the demo district, on the build's
//! database (SQLite, or PostgreSQL when DATABASE_URL names one).

use crate::common::account;
use crate::common::{self, demo_database};
use crate::common::{CLOCK, LATER};
use dangxiao::error::AppError;
use dangxiao::model::{ClassPlan, FilingStatus, FollowUpStatus, JointKind, LineState};
use dangxiao::rules::supervision::VisitInput;
use dangxiao::server::db::Db;
use dangxiao::server::imports;
use dangxiao::server::service::{classes, competency, joint, supervision};
use sqlx::Pool;

async fn school_of_unit(pool: &Pool<Db>, unit: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT s.id FROM schools s JOIN units u ON u.id = s.host_unit_id WHERE u.short_name = $1 AND s.extension_kind IS NULL ORDER BY s.id LIMIT 1",
    )
    .bind(unit)
    .fetch_one(pool)
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn no_group_supervises_its_own_units_school() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let org = account(&pool, "orgadmin").await;
    // Every demo assignment keeps away from the group's people's units.
    let groups: Vec<(i64,)> = sqlx::query_as("SELECT id FROM supervision_groups ORDER BY id").fetch_all(&pool).await.unwrap();
    let mut assigned = 0;
    for (g,) in &groups {
        let units: Vec<i64> = dangxiao::server::repo::supervision::group_units(&pool, *g).await.unwrap().into_iter().map(|u| u.0).collect();
        let schools: Vec<(i64,)> =
            sqlx::query_as("SELECT school_id FROM supervision_group_schools WHERE group_id = $1").bind(g).fetch_all(&pool).await.unwrap();
        for (s,) in schools {
            assigned += 1;
            let own = dangxiao::server::repo::supervision::school_units(&pool, s).await.unwrap();
            assert!(own.iter().all(|u| !units.contains(u)), "school {s} in group {g}");
        }
    }
    assert_eq!((groups.len(), assigned), (4, 77));
    // The district Party school's own school: every group is led from there, so none may take it.
    let party_school = school_of_unit(&pool, "区委党校").await;
    let s = supervision::supervision(&pool, &org, &CLOCK).await.unwrap();
    assert_eq!(s.unassigned.iter().map(|u| u.0).collect::<Vec<_>>(), vec![party_school]);
    let err = supervision::assign(&pool, &org, party_school, groups[0].0).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("回避") && m.contains("区委党校")), "{err:?}");
    // A group with a member from 横店街 may not take 横店街's school; another group may.
    let hengdian = school_of_unit(&pool, "横店街").await;
    let err = supervision::assign(&pool, &org, hengdian, groups[0].0).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("横店街")), "{err:?}");
    supervision::assign(&pool, &org, hengdian, groups[1].0).await.unwrap();
    let (g,): (i64,) = sqlx::query_as("SELECT group_id FROM supervision_group_schools WHERE school_id = $1")
        .bind(hengdian)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(g, groups[1].0);
    // Only org admins assign.
    let supervisor = account(&pool, "supervisor").await;
    assert!(matches!(supervision::assign(&pool, &supervisor, hengdian, groups[2].0).await, Err(AppError::Forbidden)));
}

#[tokio::test]
async fn a_supervisor_records_visits_and_follow_ups_for_the_own_group_only() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let supervisor = account(&pool, "supervisor").await;
    let s = supervision::supervision(&pool, &supervisor, &CLOCK).await.unwrap();
    assert_eq!(s.scoped_to.as_deref(), Some("第一督导组"));
    assert_eq!(s.groups.len(), 1);
    assert!(s.groups[0].may_record && !s.may_assign && s.unassigned.is_empty());
    assert!(!s.groups[0].members.is_empty(), "the group has members besides its leader");
    assert!(s.visits.iter().all(|v| v.group == "第一督导组") && !s.visits.is_empty());
    // The demo's 2017 follow-ups are open; on 2017-05-25 the early ones are overdue.
    assert!(s.visits.iter().any(|v| v.status == FollowUpStatus::Open));
    assert!(s.visits.iter().any(|v| v.status == FollowUpStatus::Done && v.done_on.is_some()));

    let own = s.groups[0].schools[0].id;
    let visit = VisitInput {
        visited_on: "2026-11-20", findings: "缺少年度教学计划", follow_up: "补齐计划并报备", due_on: "2026-12-20"
    };
    let id = supervision::record_visit(&pool, &supervisor, own, &visit, &LATER).await.unwrap();
    let bad = VisitInput { due_on: "", ..visit.clone() };
    assert!(
        matches!(supervision::record_visit(&pool, &supervisor, own, &bad, &LATER).await, Err(AppError::Validation(m)) if m.contains("期限"))
    );
    let (other,): (i64,) = sqlx::query_as(
        "SELECT school_id FROM supervision_group_schools WHERE group_id <> (SELECT id FROM supervision_groups WHERE name = '第一督导组') LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(matches!(supervision::record_visit(&pool, &supervisor, other, &visit, &LATER).await, Err(AppError::Forbidden)));

    let s = supervision::supervision(&pool, &supervisor, &LATER).await.unwrap();
    let v = s.visits.iter().find(|v| v.id == id).unwrap();
    assert_eq!((v.status, v.overdue, v.may_close), (FollowUpStatus::Open, false, true));
    let school = s.groups[0].schools.iter().find(|x| x.id == own).unwrap();
    assert_eq!(school.last_visit.as_deref(), Some("2026-11-20"));
    assert!(!school.visit_due);
    supervision::close_follow_up(&pool, &supervisor, id, "已补齐", &LATER).await.unwrap();
    assert!(matches!(supervision::close_follow_up(&pool, &supervisor, id, "再次", &LATER).await, Err(AppError::Conflict(_))));
    let s = supervision::supervision(&pool, &supervisor, &LATER).await.unwrap();
    let v = s.visits.iter().find(|v| v.id == id).unwrap();
    assert_eq!((v.status, v.done_on.as_deref(), v.done_note.as_str()), (FollowUpStatus::Done, Some("2026-11-26"), "已补齐"));

    // Leaders see all four groups but record nothing; cadres and teachers see nothing.
    let leader = account(&pool, "leader").await;
    let all = supervision::supervision(&pool, &leader, &LATER).await.unwrap();
    assert_eq!(all.groups.len(), 4);
    assert!(all.groups.iter().all(|g| !g.may_record) && all.visits.iter().all(|v| !v.may_close));
    assert!(matches!(supervision::record_visit(&pool, &leader, own, &visit, &LATER).await, Err(AppError::Forbidden)));
    for username in ["cadre", "teacher", "schooladmin"] {
        let caller = account(&pool, username).await;
        assert!(matches!(supervision::supervision(&pool, &caller, &LATER).await, Err(AppError::Forbidden)), "{username}");
    }
}

#[tokio::test]
async fn joint_groups_rotate_hosts_and_cross_evaluate() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let org = account(&pool, "orgadmin").await;
    let j = joint::joint(&pool, &org, Some(2016), &LATER).await.unwrap();
    assert_eq!(
        j.groups.iter().map(|g| g.kind).collect::<Vec<_>>(),
        [JointKind::Regional, JointKind::Paired, JointKind::Paired, JointKind::Departmental]
    );
    let regional = &j.groups[0];
    // Hosts in rotation order from 2015-09: 16 months on, January 2016 is 滠口街's turn again.
    let hosts: Vec<&str> = regional.plan.iter().map(|m| m.host.as_deref().unwrap()).collect();
    assert_eq!(hosts[..5], ["滠口街道", "武湖街道", "三里桥街道", "大潭办事处", "滠口街道"]);
    // The joint class each month is held by the month's host school.
    for m in &regional.plan {
        assert!(m.topic.is_some());
        // 教学计划: the month's classes were held for its line (closed: done).
        assert_eq!(m.line.map(|l| l.1), Some(LineState::Done), "month {}", m.month);
        let host = m.host.as_deref().unwrap().trim_end_matches("道");
        assert!(!m.classes.is_empty() && m.classes.iter().all(|c| c.2.starts_with(host)), "month {}: {host} {:?}", m.month, m.classes);
    }
    // 2016's cross-evaluation is complete: each member scored by the three others on four counts.
    assert!(regional.cross.iter().all(|c| c.received == 12 && c.expected == 12 && c.rank.is_some()));
    let means: Vec<f64> = regional.cross.iter().map(|c| c.mean.unwrap()).collect();
    assert!(means.windows(2).all(|w| w[0] >= w[1]), "{means:?}");
    // The paired groups have an outside partner; their classes link to the lifecycle.
    let finance = j.groups.iter().flat_map(|g| &g.members).find(|m| m.name == "市财政局").unwrap();
    assert!(!finance.in_district);
    assert!(j.groups[1].classes_total > 0 && j.groups[3].classes_total > 0);

    // Scores: never one's own unit; a school admin only for their school's unit.
    let (a, b) = (regional.members[0].unit_id, regional.members[1].unit_id);
    let err = joint::save_cross(&pool, &org, regional.id, 2017, a, a, ["90"; 4]).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("本单位")), "{err:?}");
    let err = joint::save_cross(&pool, &org, regional.id, 2017, a, b, ["90", "101", "90", "90"]).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("组织管理")), "{err:?}");
    let mut admin = account(&pool, "schooladmin").await;
    assert!(matches!(joint::save_cross(&pool, &admin, regional.id, 2017, a, b, ["90"; 4]).await, Err(AppError::Forbidden)));
    // 教学计划共定: only the members' school admins co-make the group's plan.
    let err = joint::save_plan(&pool, &admin, regional.id, (2017, "6"), ("x", "political_theory"), &LATER).await;
    assert!(matches!(err, Err(AppError::Forbidden)), "{err:?}");
    assert!(!joint::joint(&pool, &admin, Some(2017), &LATER).await.unwrap().groups[0].may_plan);
    admin.school_id = Some(school_of_unit(&pool, "滠口街").await);
    joint::save_cross(&pool, &admin, regional.id, 2017, a, b, ["95", "94", "93", "92"]).await.unwrap();
    let j = joint::joint(&pool, &admin, Some(2017), &LATER).await.unwrap();
    assert_eq!(j.groups[0].may_score_as, vec![(a, "滠口街道".to_string())]);
    assert!(j.groups[0].may_plan);
    joint::save_plan(&pool, &org, regional.id, (2017, "6"), ("庆祝建党专题党课（改）", "political_theory"), &LATER).await.unwrap();
    joint::save_plan(&pool, &admin, regional.id, (2017, "7"), ("土地法律实务（滠口提议）", "law_regulation"), &LATER).await.unwrap();
    let j = joint::joint(&pool, &org, Some(2017), &LATER).await.unwrap();
    assert_eq!(j.groups[0].plan[5].topic.as_deref(), Some("庆祝建党专题党课（改）"));
    assert_eq!(j.groups[0].plan[6].topic.as_deref(), Some("土地法律实务（滠口提议）"));
    // A changed month keeps its line (and the classes held for it).
    assert_eq!(j.groups[0].plan.iter().filter_map(|m| m.line).count(), 12);
    let line = j.groups[0].cross.iter().find(|c| c.unit_id == b).unwrap();
    assert!(line.by_criterion[0].is_some());
    let cadre = account(&pool, "cadre").await;
    assert!(matches!(joint::joint(&pool, &cadre, None, &LATER).await, Err(AppError::Forbidden)));
}

#[tokio::test]
async fn a_class_for_a_joint_group_is_filed_and_shows_its_group() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let org = account(&pool, "orgadmin").await;
    let (teacher,): (i64,) = sqlx::query_as("SELECT id FROM teachers ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap();
    let (group,): (i64,) = sqlx::query_as("SELECT id FROM joint_groups WHERE kind = 'regional'").fetch_one(&pool).await.unwrap();
    let plan = |school: i64| ClassPlan {
        school_id: school.to_string(),
        title: "四街联训：基层治理".into(),
        category: "public_administration".into(),
        teacher_1: teacher.to_string(),
        venue: "武湖街党员活动中心".into(),
        venue_kind: "school".into(),
        starts_at: "2026-12-10T14:30".into(),
        ends_at: "2026-12-10T17:30".into(),
        hours: "3".into(),
        joint_group_id: group.to_string(),
        ..ClassPlan::default()
    };
    let planned = classes::plan(&pool, &org, &plan(school_of_unit(&pool, "武湖街").await), &LATER).await.unwrap();
    assert_eq!(planned.filing, FilingStatus::Pending, "a joint class crosses units: filed in advance");
    let detail = classes::detail(&pool, &org, planned.id).await.unwrap();
    assert_eq!(detail.joint_group.as_deref(), Some("南部四街区域联训组"));
    let err = classes::plan(&pool, &org, &plan(school_of_unit(&pool, "横店街").await), &LATER).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("联训组")), "{err:?}");
    let j = joint::joint(&pool, &org, Some(2026), &LATER).await.unwrap();
    assert_eq!(j.groups[0].plan[11].classes.len(), 1);
}

fn workbook(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in dangxiao::server::repo::competency::COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32 + 1, c as u16, n).unwrap(),
                Err(_) => sheet.write_string(r as u32 + 1, c as u16, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn competency_results_are_imported_whole_and_analysed_per_team() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let org = account(&pool, "orgadmin").await;
    let c = competency::competency(&pool, &org, None, None, &CLOCK).await.unwrap();
    assert_eq!(c.year, 2016);
    let (managed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people WHERE district_managed").fetch_one(&pool).await.unwrap();
    assert_eq!(c.tested as i64, managed);
    let (team, members, grades) = c.team.clone().unwrap();
    assert_eq!(team.unit_id, c.teams[0].unit_id, "the best team is shown first");
    assert_eq!(members.len(), team.tested);
    assert!(grades.iter().all(|g| g.iter().sum::<usize>() == team.tested));
    assert!(c.teams.windows(2).all(|w| w[0].total_mean >= w[1].total_mean));

    // Two cadres of one unit for 2017, from Excel.
    let people: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM people WHERE district_managed AND unit_id = (SELECT MIN(unit_id) FROM people WHERE district_managed) \
         ORDER BY id LIMIT 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let (not_managed, outsider): (i64, String) =
        sqlx::query_as("SELECT id, name FROM people WHERE NOT district_managed ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap();
    let (a, b) = (people[0].0.to_string(), people[1].0.to_string());
    let bad = workbook(&[
        [&a, "错名", "90", "80", "85"],
        [&b, &people[1].1, "90", "180", "85"],
        [&not_managed.to_string(), &outsider, "90", "80", "85"],
        [&a, &people[0].1, "90", "80", "85"],
    ]);
    let rows = imports::columns(&bad, &dangxiao::server::repo::competency::COLUMNS, "成绩").unwrap();
    let report = competency::import(&pool, &org, 2017, &rows, &LATER.now()).await.unwrap();
    assert_eq!(report.imported, 0);
    assert_eq!(report.errors.len(), 4, "{:?}", report.errors);
    assert!(report.errors[0].starts_with("第 2 行") && report.errors[0].contains("姓名"));
    assert!(report.errors[1].contains("综合素养"));
    assert!(report.errors[2].contains("不是区管干部"));
    assert!(report.errors[3].contains("重复"));
    let good = workbook(&[[&a, &people[0].1, "95", "70", "88"], [&b, &people[1].1, "85", "58", "92"]]);
    let rows = imports::columns(&good, &dangxiao::server::repo::competency::COLUMNS, "成绩").unwrap();
    assert_eq!(competency::import(&pool, &org, 2017, &rows, &LATER.now()).await.unwrap().imported, 2);
    let c = competency::competency(&pool, &org, Some(2017), None, &CLOCK).await.unwrap();
    assert_eq!((c.years.clone(), c.tested), (vec![2016, 2017], 2));
    assert_eq!(c.district_means, [90.0, 64.0, 90.0]);
    let (team, members, grades) = c.team.unwrap();
    assert_eq!(team.weakest, dangxiao::model::CompetencyPart::GeneralQuality);
    assert_eq!(members[0].total, 84.3);
    assert_eq!(grades[1], [0, 0, 1, 1]);
    // A file without the columns is refused before any row is read.
    assert!(imports::columns("姓名,政治理论\n张三,90\n".as_bytes(), &dangxiao::server::repo::competency::COLUMNS, "成绩")
        .unwrap_err()
        .contains("人员编号"));

    // Leaders read; supervisors, school admins and cadres do not; only org admins import.
    let leader = account(&pool, "leader").await;
    assert!(competency::competency(&pool, &leader, None, None, &CLOCK).await.is_ok());
    assert!(matches!(competency::import(&pool, &leader, 2017, &rows, &LATER.now()).await, Err(AppError::Forbidden)));
    for username in ["supervisor", "schooladmin", "cadre", "teacher"] {
        let caller = account(&pool, username).await;
        assert!(matches!(competency::competency(&pool, &caller, None, None, &CLOCK).await, Err(AppError::Forbidden)), "{username}");
    }
}
