//! The district's own data (#17) on SQLite and PostgreSQL: units and schools created on an empty
//! installation, placed on the map, given a principal, changed and closed — every change in the
//! change log with its fields before → after; a bad form refused whole; a school admin's reach.

use crate::common::{account, database, demo_database, CLOCK};
use dangxiao::error::AppError;
use dangxiao::model::{MapColour, MapPeriod, Role};
use dangxiao::rules::district::{check_profile, check_school, check_unit, SchoolFields};
use dangxiao::server::db::Db;
use dangxiao::server::repo::{district as repo, schools};
use dangxiao::server::service::{attendance, district};
use dangxiao::server::{auth, live, state::AppState};
use sqlx::Pool;

pub(crate) fn state(pool: &Pool<Db>) -> AppState {
    AppState {
        leptos_options: leptos::prelude::get_configuration(None).unwrap().leptos_options,
        pool: pool.clone(),
        checkins: attendance::CheckInWriter::start(pool.clone()),
        live: live::Live::new(8),
        security: Default::default(),
        clock: CLOCK,
        views: Default::default(),
    }
}

async fn scalar(pool: &Pool<Db>, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.unwrap();
    n
}

/// The first org admin of an empty installation.
async fn org_admin(pool: &Pool<Db>) -> auth::Caller {
    let id = auth::create_account(pool, "zzb", "district-Passw0rd", "组织部管理员", None, None, &[Role::OrgAdmin]).await.unwrap();
    auth::load_caller(pool, id).await.unwrap().unwrap()
}

fn school_form<'a>(host: &'a str, township: &'a str, principal: &'a str) -> SchoolFields<'a> {
    SchoolFields {
        name: "武湖街业余党校",
        mode: "independent",
        host_unit: host,
        township,
        opened_on: "2017-03-01",
        lon: "114.4567",
        lat: "30.7711",
        principal,
        ..Default::default()
    }
}

#[tokio::test]
async fn a_school_is_created_on_an_empty_installation_placed_on_the_map_and_given_a_principal() {
    let (_db, pool) = database().await;
    let state = state(&pool);
    let admin = org_admin(&pool).await;
    let town = district::save_unit(&state, &admin, None, check_unit("武湖街道", "武湖", "township", "").unwrap()).await.unwrap();
    // The principal: a person of the unit (the roster import will bring them; here one row).
    sqlx::query("INSERT INTO people (name, unit_id, rank, district_managed, party_member) VALUES ('甘明远', $1, 'section', FALSE, TRUE)")
        .bind(town)
        .execute(&pool)
        .await
        .unwrap();
    let person = scalar(&pool, "SELECT MAX(id) FROM people").await;
    let (host, principal) = (town.to_string(), person.to_string());
    let school = check_school(&school_form(&host, &host, &principal)).unwrap();
    let id = district::save_school(&state, &admin, None, school).await.unwrap();

    // On the map at its place, with its principal; on its page.
    let map = schools::map(&pool, MapPeriod::All, MapColour::Mode, &CLOCK).await.unwrap();
    let shown = map.schools.iter().find(|s| s.id == id).expect("the new school is on the map");
    assert_eq!((shown.lon, shown.lat, shown.principal.as_deref()), (114.4567, 30.7711, Some("甘明远")));
    let page = schools::detail(&pool, id, &CLOCK).await.unwrap().unwrap();
    assert_eq!((page.name.as_str(), page.host_unit.as_str(), page.principal.as_deref()), ("武湖街业余党校", "武湖街道", Some("甘明远")));

    // The change log: who created it, with its fields.
    let log = repo::changes_of(&pool, "school", Some(id), 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].actor.as_str(), log[0].what.as_str()), ("组织部管理员", "新建"));
    assert!(log[0].changes.iter().any(|c| c.field == "校长" && c.before.is_empty() && c.after == format!("甘明远（{person}）")));
    assert!(log[0].changes.iter().any(|c| c.field == "位置" && c.after == "114.45670, 30.77110"));
    let units = repo::changes_of(&pool, "unit", None, 10).await.unwrap();
    assert_eq!((units.len(), units[0].summary.as_str()), (1, "武湖街道"));

    // Moved and renamed: the log keeps before → after of exactly those fields.
    let moved = SchoolFields { name: "武湖街道业余党校", lon: "114.4601", ..school_form(&host, &host, &principal) };
    district::save_school(&state, &admin, Some(id), check_school(&moved).unwrap()).await.unwrap();
    let log = repo::changes_of(&pool, "school", Some(id), 10).await.unwrap();
    assert_eq!(log[0].what, "修改");
    let fields: Vec<(&str, &str, &str)> = log[0].changes.iter().map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str())).collect();
    assert_eq!(fields, vec![("名称", "武湖街业余党校", "武湖街道业余党校"), ("位置", "114.45670, 30.77110", "114.46010, 30.77110")]);
    // Saving the same again changes nothing and logs nothing.
    district::save_school(&state, &admin, Some(id), check_school(&moved).unwrap()).await.unwrap();
    assert_eq!(repo::changes_of(&pool, "school", Some(id), 10).await.unwrap().len(), 2);

    // The profile, then closing: off the map, kept in history, logged.
    district::save_profile(&state, &admin, id, check_profile("街道党群服务中心二楼", "王老师 027-6138", "").unwrap()).await.unwrap();
    let about = schools::detail(&pool, id, &CLOCK).await.unwrap().unwrap().about;
    assert_eq!(about, vec![("办学场所".to_string(), "街道党群服务中心二楼".to_string()), ("联系方式".into(), "王老师 027-6138".into())]);
    district::set_closed(&state, &admin, id, true).await.unwrap();
    let map = schools::map(&pool, MapPeriod::All, MapColour::Mode, &CLOCK).await.unwrap();
    assert!(map.schools.iter().all(|s| s.id != id), "a closed school is not on the map");
    assert!(schools::detail(&pool, id, &CLOCK).await.unwrap().is_some(), "its page stays");
    assert!(matches!(district::set_closed(&state, &admin, id, true).await, Err(AppError::Conflict(_))));
    let log = repo::changes_of(&pool, "school", Some(id), 10).await.unwrap();
    assert_eq!(log.iter().map(|l| l.what.as_str()).collect::<Vec<_>>(), ["撤销", "修改", "修改", "新建"]);
    assert!(log[0].changes.iter().any(|c| c.field == "办学状态" && c.after == "已撤销"));

    // The log is append-only.
    assert!(sqlx::query("UPDATE data_audit SET summary = 'x'").execute(&pool).await.is_err());
    assert!(sqlx::query("DELETE FROM data_audit").execute(&pool).await.is_err());
}

#[tokio::test]
async fn a_bad_school_is_refused_whole_and_nothing_is_written() {
    let (_db, pool) = database().await;
    let state = state(&pool);
    let admin = org_admin(&pool).await;
    let town = district::save_unit(&state, &admin, None, check_unit("武湖街道", "武湖", "township", "").unwrap()).await.unwrap();
    let host = town.to_string();
    let before = scalar(&pool, "SELECT COUNT(*) FROM data_audit").await;
    // A principal who does not exist.
    let e = district::save_school(&state, &admin, None, check_school(&school_form(&host, "", "99999")).unwrap()).await.unwrap_err();
    assert_eq!(e, AppError::Validation("人员编号 99999 不存在".into()));
    // A joint school with a member unit nobody created.
    let joint = SchoolFields { mode: "joint", members: "武湖、区委办公室", ..school_form(&host, "", "") };
    let e = district::save_school(&state, &admin, None, check_school(&joint).unwrap()).await.unwrap_err();
    assert!(e.to_string().contains("区委办公室"), "{e}");
    // A host unit that does not exist.
    let e = district::save_school(&state, &admin, None, check_school(&school_form("424242", "", "")).unwrap()).await.unwrap_err();
    assert!(matches!(e, AppError::Validation(_)), "{e:?}");
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM schools").await, 0);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM data_audit").await, before);
    // The same name twice: refused clearly.
    district::save_school(&state, &admin, None, check_school(&school_form(&host, "", "")).unwrap()).await.unwrap();
    let e = district::save_school(&state, &admin, None, check_school(&school_form(&host, "", "")).unwrap()).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(_)), "{e:?}");
    // A unit cannot sit under itself or under nothing.
    let e = district::save_unit(&state, &admin, Some(town), check_unit("武湖街道", "武湖", "township", &host).unwrap()).await.unwrap_err();
    assert_eq!(e, AppError::Validation("上级单位不能是本单位".into()));
    let e =
        district::save_unit(&state, &admin, None, check_unit("区委办公室", "区委办", "department", "424242").unwrap()).await.unwrap_err();
    assert_eq!(e, AppError::Validation("所选上级单位不存在".into()));
    // A school's township must be a township-level unit.
    let office = district::save_unit(&state, &admin, None, check_unit("区委办公室", "区委办", "department", "").unwrap()).await.unwrap();
    let office = office.to_string();
    let misplaced = SchoolFields { name: "区委办业余党校", ..school_form(&host, &office, "") };
    assert!(matches!(district::save_school(&state, &admin, None, check_school(&misplaced).unwrap()).await, Err(AppError::Validation(_))));
}

#[tokio::test]
async fn a_school_admin_changes_their_own_schools_profile_and_no_other() {
    let (_db, pool) = demo_database().await;
    let state = state(&pool);
    let admin = account(&pool, "schooladmin").await;
    let own = admin.school_id.expect("the demo school admin runs a school");
    let other = scalar(&pool, "SELECT MIN(id) FROM schools").await;
    let other = if other == own { other + 1 } else { other };
    let profile = check_profile("本校报告厅", "李老师 13800000000", "始建于 2015 年").unwrap();
    district::save_profile(&state, &admin, own, profile.clone()).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let record = repo::school_record(&mut conn, own).await.unwrap().unwrap();
    assert_eq!((record.venue.as_str(), record.contact.as_str()), ("本校报告厅", "李老师 13800000000"));
    drop(conn);
    assert_eq!(district::save_profile(&state, &admin, other, profile).await, Err(AppError::Forbidden));
    let log = repo::changes_of(&pool, "school", Some(own), 10).await.unwrap();
    assert_eq!((log.len(), log[0].actor.as_str()), (1, admin.display_name.as_str()));
    assert!(repo::changes_of(&pool, "school", Some(other), 10).await.unwrap().is_empty());
    assert!(district::may_edit_profile(&account(&pool, "orgadmin").await, other));

    // Closed, the school takes no new class (its school admin's form is refused), and opens again.
    let org = account(&pool, "orgadmin").await;
    district::set_closed(&state, &org, own, true).await.unwrap();
    let (teacher,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM teachers").fetch_one(&pool).await.unwrap();
    let plan = dangxiao::model::ClassPlan {
        title: "党章学习".into(),
        category: "political_theory".into(),
        teacher_1: teacher.to_string(),
        venue: "本校报告厅".into(),
        venue_kind: "school".into(),
        starts_at: "2017-06-26T09:00".into(),
        ends_at: "2017-06-26T12:00".into(),
        hours: "3".into(),
        ..Default::default()
    };
    let refused = dangxiao::server::service::classes::plan(&pool, &admin, &plan, &CLOCK).await.unwrap_err();
    assert_eq!(refused, AppError::Validation("该学校未在办学（筹建中或已撤销），不能新建培训班".into()));
    district::set_closed(&state, &org, own, false).await.unwrap();
    assert!(dangxiao::server::service::classes::plan(&pool, &admin, &plan, &CLOCK).await.is_ok());
}

/// A roster file of `rows` (already lines of `人员编号,姓名,单位,职级`), with its heading.
fn roster_csv(rows: &[String]) -> Vec<u8> {
    let mut text = String::from("人员编号,姓名,单位,职级,区管干部\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text.into_bytes()
}

#[tokio::test]
async fn a_roster_is_previewed_then_applied_whole_and_logged_once() {
    use dangxiao::server::service::people;
    let (_db, pool) = database().await;
    let state = state(&pool);
    let admin = org_admin(&pool).await;
    for (name, short) in [("武湖街道", "武湖"), ("前川街道", "前川")] {
        district::save_unit(&state, &admin, None, check_unit(name, short, "township", "").unwrap()).await.unwrap();
    }
    // GBK, as Excel on Chinese Windows saves CSV.
    let text = "人员编号,姓名,单位,职级,区管干部\r\n101,甘明远,武湖,科级,否\r\n102,陶静怡,前川街道,处级,是\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let preview = people::import(&state, &admin, gbk.to_vec(), None).await.unwrap();
    assert_eq!((preview.rows, preview.new, preview.changed, preview.applied), (2, 2, 0, false));
    assert!(preview.errors.is_empty());
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM people").await, 0, "a preview writes nothing");
    // Applying asks for the file previewed.
    let other = people::import(&state, &admin, text.as_bytes().to_vec(), Some(&preview.digest)).await.unwrap_err();
    assert!(other.to_string().contains("预览"), "{other}");
    let applied = people::import(&state, &admin, gbk.to_vec(), Some(&preview.digest)).await.unwrap();
    assert!(applied.applied);
    let (name, managed): (String, i64) =
        sqlx::query_as("SELECT name, CASE WHEN district_managed THEN 1 ELSE 0 END FROM people WHERE id = 102")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((name.as_str(), managed), ("陶静怡", 1));
    assert_eq!(scalar(&pool, "SELECT CAST(SUM(party_members) AS BIGINT) FROM unit_people_counts").await, 2, "the dashboard's members");
    let log = repo::changes_of(&pool, "roster", None, 10).await.unwrap();
    assert_eq!((log.len(), log[0].what.as_str()), (1, "导入"));
    assert!(log[0].summary.contains("新增 2 人"), "{}", log[0].summary);

    // 陶静怡 moves out of the district: no longer among its members, nor assessed for hours.
    use dangxiao::server::repo::compliance;
    let assessed =
        || async { compliance::compliance(&pool, 2017, CLOCK.today(), &compliance::Scope::District).await.unwrap().total.cadres };
    assert_eq!(assessed().await, 1);
    let moved = "人员编号,姓名,单位,职级,区管干部,状态\n102,陶静怡,前川街道,处级,是,调出\n".as_bytes().to_vec();
    let preview = people::import(&state, &admin, moved.clone(), None).await.unwrap();
    assert_eq!(preview.changes[0].fields[0].after, "调出");
    people::import(&state, &admin, moved, Some(&preview.digest)).await.unwrap();
    assert_eq!(scalar(&pool, "SELECT CAST(SUM(party_members) AS BIGINT) FROM unit_people_counts").await, 1);
    assert_eq!(assessed().await, 0);
}

#[tokio::test]
async fn a_bad_roster_is_refused_whole_with_every_bad_row() {
    use dangxiao::server::service::people;
    let (_db, pool) = database().await;
    let state = state(&pool);
    let admin = org_admin(&pool).await;
    district::save_unit(&state, &admin, None, check_unit("武湖街道", "武湖", "township", "").unwrap()).await.unwrap();
    let text = "人员编号,姓名,单位,职级\n101,甘明远,武湖,科级\n101,陶静怡,武湖,科级\n103,朱立新,火星街道,科级\n104,,武湖,部级\n105,顾晓,武湖,科级\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let report = people::import(&state, &admin, gbk.to_vec(), None).await.unwrap();
    assert_eq!(
        report.errors,
        vec![
            "第 3 行：人员编号 101 与第 2 行重复".to_string(),
            "第 4 行：单位「火星街道」不存在".to_string(),
            "第 5 行：姓名为空或超过 40 个字；职级「部级」应为 区级、处级、科级 或 其他".to_string(),
        ]
    );
    // Even with a digest, nothing of it is written.
    let report = people::import(&state, &admin, gbk.to_vec(), Some(&report.digest)).await.unwrap();
    assert!(!report.applied && !report.errors.is_empty());
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM people").await, 0);
    // A file without the unit column: refused, naming the columns.
    let e = people::import(&state, &admin, "人员编号,姓名,职级\n101,甘明远,科级\n".as_bytes().to_vec(), None).await.unwrap_err();
    assert!(e.to_string().contains("单位"), "{e}");
    assert!(repo::changes_of(&pool, "roster", None, 10).await.unwrap().is_empty());
}

/// The district's whole roster: 55,000 people imported into an installation that has only its units,
/// then the same roster again with 100 moves and 50 promotions — previewed, applied, logged.
#[tokio::test]
async fn the_districts_55000_people_are_imported_then_moves_and_promotions_reimported() {
    use dangxiao::server::service::people;
    let (_db, pool) = database().await;
    let state = state(&pool);
    let admin = org_admin(&pool).await;
    let mut units = Vec::new();
    for i in 0..20 {
        let (name, short) = (format!("第{i}街道"), format!("第{i}"));
        units.push(district::save_unit(&state, &admin, None, check_unit(&name, &short, "township", "").unwrap()).await.unwrap());
    }
    let row = |id: usize, unit: usize, rank: &str| format!("{id},人员{id},第{unit}街道,{rank},否");
    let first: Vec<String> = (1..=55_000).map(|id| row(id, id % 20, if id % 10 == 0 { "处级" } else { "科级" })).collect();
    let file = roster_csv(&first);
    let preview = people::import(&state, &admin, file.clone(), None).await.unwrap();
    assert_eq!((preview.rows, preview.new, preview.errors.len()), (55_000, 55_000, 0));
    assert!(people::import(&state, &admin, file, Some(&preview.digest)).await.unwrap().applied);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM people").await, 55_000);

    // A year later: 100 people moved to the next unit, 50 others promoted.
    let again: Vec<String> = (1..=55_000)
        .map(|id| match id {
            1..=100 => row(id, (id + 1) % 20, if id % 10 == 0 { "处级" } else { "科级" }),
            1001..=1050 if id % 10 != 0 => row(id, id % 20, "处级"),
            _ => first[id - 1].clone(),
        })
        .collect();
    let promoted = (1001..=1050).filter(|id| id % 10 != 0).count();
    let file = roster_csv(&again);
    let preview = people::import(&state, &admin, file.clone(), None).await.unwrap();
    assert_eq!((preview.changed, preview.moves, preview.promotions), (100 + promoted, 100, promoted));
    assert_eq!((preview.new, preview.unchanged), (0, 55_000 - 100 - promoted));
    let moved = preview.changes.iter().find(|c| c.person == 7).unwrap();
    assert_eq!(
        (moved.fields[0].field.as_str(), moved.fields[0].before.as_str(), moved.fields[0].after.as_str()),
        ("单位", "第7街道", "第8街道")
    );
    assert!(people::import(&state, &admin, file, Some(&preview.digest)).await.unwrap().applied);
    let (unit,): (i64,) = sqlx::query_as("SELECT unit_id FROM people WHERE id = 7").fetch_one(&pool).await.unwrap();
    assert_eq!(unit, units[8]);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM people WHERE rank = 'division'").await, 5_500 + promoted as i64);
    let log = repo::changes_of(&pool, "roster", None, 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].changes.len(), 100 + promoted, "every changed person in the import's log line");
    assert_eq!(scalar(&pool, "SELECT CAST(SUM(people) AS BIGINT) FROM unit_people_counts").await, 55_000);
}

/// A person's page for the organisation department: their hours, competency and classes; every
/// read is in the security log (who, whom); the list finds people by number, name or unit.
#[tokio::test]
async fn a_persons_page_is_read_by_the_organisation_department_and_every_read_is_logged() {
    use crate::common::web::{sign_in, Call};
    let (_db, pool) = demo_database().await;
    let app = crate::common::app(&pool).await;
    let admin = sign_in(&app, "orgadmin", "10.0.0.7").await;
    let (person, name): (i64, String) = sqlx::query_as(
        "SELECT p.id, p.name FROM people p WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.person_id = p.id) ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let answer = Call::form("/api/read_person", &format!("person_id={person}")).signed_in(&admin).send(&app).await;
    assert_eq!(answer.status.as_u16(), 200, "{}", answer.body);
    let page: dangxiao::model::PersonPage = serde_json::from_str(&answer.body).unwrap();
    assert_eq!((page.hours.person_id, page.hours.name.as_str()), (person, name.as_str()));
    assert_eq!(page.hours.last_three_years.len(), 3);
    assert!(!page.classes.is_empty() && page.classes.len() <= 20);
    let (logged,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM security_log WHERE kind = 'personal_read' AND detail LIKE $1")
        .bind(format!("%{person}%{name}%"))
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(logged, 1);
    // An export of personal data is logged too, and names who made it.
    let export = Call::get("/hours/export.xlsx?year=2016").signed_in(&admin).send(&app).await;
    assert_eq!(export.status.as_u16(), 200);
    let (exports,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM security_log WHERE kind = 'personal_export' AND detail = '导出 2016 年学时达标表' AND username = 'orgadmin'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(exports, 1);
    // A leader may not open it (and nothing is logged for the refusal as a read).
    let leader = sign_in(&app, "leader", "10.0.0.8").await;
    let refused = Call::form("/api/read_person", &format!("person_id={person}")).signed_in(&leader).send(&app).await;
    assert_eq!(refused.status.as_u16(), 403);
    // The list: by number (one), by name (those of the name).
    let by_number = dangxiao::server::repo::people::find(&pool, &person.to_string(), 1, 20).await.unwrap().rows;
    assert!(by_number.iter().any(|p| p.id == person));
    let found = dangxiao::server::repo::people::find(&pool, &name, 1, 20).await.unwrap();
    let (by_name, total) = (found.rows, found.total);
    assert!(total >= 1 && by_name.iter().all(|p| p.name.contains(&name) || p.unit.contains(&name) || p.id.to_string() == name));
}

#[tokio::test]
async fn a_unit_merged_into_another_moves_its_people_and_schools_and_its_history_stays() {
    use dangxiao::server::repo::dashboard;
    let (_db, pool) = demo_database().await;
    let state = state(&pool);
    let admin =
        auth::load_caller(&pool, scalar(&pool, "SELECT id FROM accounts WHERE username = 'orgadmin'").await).await.unwrap().unwrap();
    // A township that hosts an open school and has people, and another one to merge it into.
    let gone = scalar(
        &pool,
        "SELECT u.id FROM units u WHERE u.kind = 'township' AND EXISTS (SELECT 1 FROM schools s WHERE s.host_unit_id = u.id \
         AND s.status <> 'closed') AND EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id) ORDER BY u.id LIMIT 1",
    )
    .await;
    let into = scalar(&pool, &format!("SELECT MAX(id) FROM units WHERE kind = 'township' AND id <> {gone}")).await;
    let people_of = |u: i64| format!("SELECT COUNT(*) FROM people WHERE unit_id = {u}");
    let (moving, staying) = (scalar(&pool, &people_of(gone)).await, scalar(&pool, &people_of(into)).await);
    let history = (
        dashboard::totals(&pool, "2015-01-01", "2017-12-31").await.unwrap(),
        dashboard::by_township(&pool, "2015-01-01", "2017-12-31").await.unwrap(),
    );
    let hours = scalar(&pool, "SELECT CAST(SUM(hours) * 10 AS BIGINT) FROM study_hours").await;
    let (name,): (String,) = sqlx::query_as("SELECT name FROM units WHERE id = $1").bind(gone).fetch_one(&pool).await.unwrap();

    district::retire_unit(&state, &admin, gone, Some(into)).await.unwrap();

    assert_eq!(scalar(&pool, &people_of(gone)).await, 0);
    assert_eq!(scalar(&pool, &people_of(into)).await, moving + staying);
    // The dashboard's member count per unit follows (people moved out of the district are not counted).
    let counted = |u: i64| format!("SELECT CAST(COALESCE(SUM(people), 0) AS BIGINT) FROM unit_people_counts WHERE unit_id = {u}");
    assert_eq!(scalar(&pool, &counted(gone)).await, 0);
    assert_eq!(scalar(&pool, &counted(into)).await, scalar(&pool, &format!("{} AND status <> 'moved_out'", people_of(into))).await);
    assert_eq!(scalar(&pool, &format!("SELECT COUNT(*) FROM schools WHERE host_unit_id = {gone} AND status <> 'closed'")).await, 0);
    // History stays: the district's figures of past years, by township too, and every hour.
    let after = (
        dashboard::totals(&pool, "2015-01-01", "2017-12-31").await.unwrap(),
        dashboard::by_township(&pool, "2015-01-01", "2017-12-31").await.unwrap(),
    );
    assert_eq!(after, history);
    assert_eq!(scalar(&pool, "SELECT CAST(SUM(hours) * 10 AS BIGINT) FROM study_hours").await, hours);
    // The unit stays on record, retired, and its name is no longer in use (a roster cannot name it).
    let units = repo::units(&pool).await.unwrap();
    let row = units.iter().find(|u| u.id == gone).unwrap();
    assert_eq!((row.retired_on.as_deref(), row.people), (Some(CLOCK.today().to_string().as_str()), 0));
    let mut conn = pool.acquire().await.unwrap();
    assert_eq!(repo::unit_named(&mut conn, &name).await.unwrap(), None);
    drop(conn);
    // One change-log line names the merge and everyone moved.
    let log = repo::changes_of(&pool, "unit", Some(gone), 5).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].what, "合并");
    let moved = log[0].changes.iter().find(|c| c.field == "转入人员").unwrap();
    assert_eq!(moved.after.split('、').count() as i64, moving);
    assert!(log[0].changes.iter().any(|c| c.field == "撤销日期" && !c.after.is_empty()));
    // Once retired: not again, not changed, not a target.
    let again = district::retire_unit(&state, &admin, gone, Some(into)).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    let edit = district::save_unit(&state, &admin, Some(gone), check_unit("新名称单位", "新名", "township", "").unwrap()).await;
    assert!(matches!(edit, Err(AppError::Conflict(_))), "{edit:?}");
    let onto = district::retire_unit(&state, &admin, into, Some(gone)).await;
    assert!(matches!(onto, Err(AppError::Validation(_))), "{onto:?}");
    // Retiring without a survivor: only a unit that holds nothing.
    let full = district::retire_unit(&state, &admin, into, None).await;
    assert!(matches!(&full, Err(AppError::Validation(m)) if m.contains("请选择并入的单位")), "{full:?}");
    let empty = district::save_unit(&state, &admin, None, check_unit("临时工作专班", "专班", "department", "").unwrap()).await.unwrap();
    district::retire_unit(&state, &admin, empty, None).await.unwrap();
    assert_eq!(repo::changes_of(&pool, "unit", Some(empty), 5).await.unwrap()[0].what, "撤销单位");
}

#[tokio::test]
async fn the_department_adds_a_teacher_and_a_teacher_keeps_their_own_specialties_and_no_one_elses() {
    use crate::common::web::{sign_in, Call};
    let (_db, pool) = demo_database().await;
    let app = crate::common::app(&pool).await;
    let admin = sign_in(&app, "orgadmin", "10.0.0.7").await;
    // A new outside teacher, two specialties ticked as the form posts them.
    let form = "teacher%5Bname%5D=%E7%BD%97%E6%96%87%E9%9D%99&teacher%5Bplace%5D=out&teacher%5Bunit_name%5D=%E4%B8%AD%E5%85%B1%E6%AD%A6%E6%B1%89%E5%B8%82%E5%A7%94%E5%85%9A%E6%A0%A1\
                &teacher%5Btitle%5D=%E6%95%99%E6%8E%88&teacher%5Bspecialties%5D%5Blaw_regulation%5D=on&teacher%5Bspecialties%5D%5Bpolitical_theory%5D=on";
    let added = Call::form("/api/save_teacher", form).signed_in(&admin).send(&app).await;
    assert_eq!(added.status.as_u16(), 200, "{}", added.body);
    let id: i64 = serde_json::from_str(&added.body).unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let record = dangxiao::server::repo::teachers::record(&mut conn, id).await.unwrap().unwrap();
    drop(conn);
    assert_eq!((record.name.as_str(), record.in_district, record.title.as_str()), ("罗文静", false, "教授"));
    assert_eq!(record.specialties, "政治理论、法律法规");
    // It is in the pool's ranking at once, and found by its unit.
    let pool_lines = dangxiao::server::repo::teachers::pool_ranking(&pool, None).await.unwrap();
    assert!(pool_lines.teachers.iter().any(|t| t.id == id && t.specialties == "政治理论、法律法规"));
    assert!(dangxiao::server::repo::teachers::find(&pool, "武汉市委党校", 1, 20).await.unwrap().rows.iter().any(|t| t.id == id));
    // An outside teacher has no person number.
    let linked = Call::form("/api/save_teacher", &format!("{form}&teacher%5Bperson_id%5D=1")).signed_in(&admin).send(&app).await;
    assert_eq!(linked.status.as_u16(), 422, "{}", linked.body);

    // The demo teacher opens their own record (teacher 0: mine) and changes their specialties.
    let teacher = sign_in(&app, "teacher", "10.0.0.8").await;
    let mine = Call::form("/api/teacher_for_editing", "teacher_id=0").signed_in(&teacher).send(&app).await;
    assert_eq!(mine.status.as_u16(), 200, "{}", mine.body);
    let mine: dangxiao::model::TeacherEdit = serde_json::from_str(&mine.body).unwrap();
    assert!(!mine.manage);
    let own = mine.record.id;
    let body = format!("teacher%5Bid%5D={own}&teacher%5Btitle%5D=%E8%AE%B2%E5%B8%88&teacher%5Bspecialties%5D%5Beconomy_finance%5D=on");
    let saved = Call::form("/api/save_teacher_profile", &body).signed_in(&teacher).send(&app).await;
    assert_eq!(saved.status.as_u16(), 200, "{}", saved.body);
    let after =
        scalar(&pool, &format!("SELECT COUNT(*) FROM teachers WHERE id = {own} AND specialties = '经济金融' AND title = '讲师'")).await;
    assert_eq!(after, 1);
    // Not someone else's record, not the department's fields.
    let other = format!("teacher%5Bid%5D={id}&teacher%5Bspecialties%5D%5Beconomy_finance%5D=on");
    let refused = Call::form("/api/save_teacher_profile", &other).signed_in(&teacher).send(&app).await;
    assert_eq!(refused.status.as_u16(), 403);
    let read = Call::form("/api/teacher_for_editing", &format!("teacher_id={id}")).signed_in(&teacher).send(&app).await;
    assert_eq!(read.status.as_u16(), 403);
    let full = Call::form("/api/save_teacher", &format!("teacher%5Bid%5D={own}&{form}")).signed_in(&teacher).send(&app).await;
    assert_eq!(full.status.as_u16(), 403);
    // The log: the new teacher created, the own change with its before → after.
    let log = repo::changes_of(&pool, "teacher", Some(own), 5).await.unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].changes.iter().any(|c| c.field == "专长" && c.after == "经济金融"), "{:?}", log[0].changes);
    assert_eq!(repo::changes_of(&pool, "teacher", Some(id), 5).await.unwrap()[0].what, "新建");
}

#[tokio::test]
async fn a_units_cadres_get_accounts_with_one_time_links_that_set_a_password_once_and_expire() {
    use crate::common::web::{sign_in, Call};
    use base64::Engine;
    use dangxiao::model::IssuedLinks;
    let (_db, pool) = demo_database().await;
    let app = crate::common::app(&pool).await;
    let admin = sign_in(&app, "orgadmin", "10.0.0.7").await;
    // The unit with the most district-managed cadres.
    let unit = scalar(
        &pool,
        "SELECT unit_id FROM people WHERE district_managed AND status = 'active' GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id LIMIT 1",
    )
    .await;
    let cadres = scalar(
        &pool,
        &format!(
            "SELECT COUNT(*) FROM people p WHERE p.unit_id = {unit} AND p.district_managed AND p.status = 'active' \
             AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.person_id = p.id)"
        ),
    )
    .await;
    assert!(cadres >= 2, "the demo unit has cadres without accounts");
    let issue = |days: &str| format!("unit_id={unit}&managed_only=on&days={days}");
    let too_long = Call::form("/api/issue_links", &issue("31")).signed_in(&admin).send(&app).await;
    assert_eq!(too_long.status.as_u16(), 422, "{}", too_long.body);
    let answer = Call::form("/api/issue_links", &issue("7")).signed_in(&admin).send(&app).await;
    assert_eq!(answer.status.as_u16(), 200, "{}", answer.body);
    let issued: IssuedLinks = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(issued.links.len() as i64, cadres);
    assert!(issued.links.iter().all(|l| l.fresh && l.link.contains("/welcome?t=") && l.username == l.person_id.to_string()));
    // The sheet: a workbook with every link on it.
    let sheet = base64::engine::general_purpose::STANDARD.decode(&issued.sheet).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(sheet)).unwrap();
    let range = calamine::Reader::worksheet_range(&mut book, "登录链接").unwrap();
    assert_eq!(range.height() as i64, cadres + 1);
    assert_eq!(range.get_value((1, 4)).map(|v| v.to_string()), Some(issued.links[0].link.clone()));
    // Only the token's hash is kept.
    let token = |l: &dangxiao::model::IssuedLink| l.link.split("t=").nth(1).unwrap().to_string();
    let (first, second) = (&issued.links[0], &issued.links[1]);
    assert_eq!(scalar(&pool, &format!("SELECT COUNT(*) FROM signin_links WHERE token_hash = '{}'", token(first))).await, 0);
    // The new account cannot sign in before its password is set.
    let early = Call::form("/api/login", &format!("username={}&password=%21unset", first.username)).send(&app).await;
    assert!(!early.status.is_success());

    // The cadre opens the link (no sign-in needed), sets a password and is signed in.
    let info = Call::form("/api/link_info", &format!("t={}", token(first))).send(&app).await;
    assert_eq!(info.status.as_u16(), 200, "{}", info.body);
    assert!(info.body.contains(&first.name));
    let set = |t: &str, pw: &str, confirm: &str| format!("t={t}&new_password={pw}&confirm={confirm}");
    let short = Call::form("/api/redeem_link", &set(&token(first), "short", "short")).send(&app).await;
    assert_eq!(short.status.as_u16(), 422);
    let used = Call::form("/api/redeem_link", &set(&token(first), "cadre-Passw0rd", "cadre-Passw0rd")).send(&app).await;
    assert!(used.status.is_success(), "{} {}", used.status, used.body);
    let cookie = used.cookie().expect("signed in");
    let me = Call::form("/api/whoami", "").signed_in(&cookie).send(&app).await;
    assert!(me.body.contains(&format!("\"username\":\"{}\"", first.username)), "{}", me.body);
    let login = Call::form("/api/login", &format!("username={}&password=cadre-Passw0rd", first.username)).from("10.3.3.3").send(&app).await;
    assert!(login.status.is_success() || login.status.is_redirection());
    // Once only.
    let again = Call::form("/api/redeem_link", &set(&token(first), "other-Passw0rd", "other-Passw0rd")).send(&app).await;
    assert!(again.status.as_u16() == 422 && again.body.contains("已使用"), "{}", again.body);

    // Issued again: the one who signed in is left alone; the others get new links, the old ones end.
    let answer = Call::form("/api/issue_links", &issue("3")).signed_in(&admin).send(&app).await;
    let reissued: IssuedLinks = serde_json::from_str(&answer.body).unwrap();
    assert_eq!((reissued.active_already >= 1, reissued.links.len() as i64), (true, cadres - 1));
    assert!(reissued.links.iter().all(|l| !l.fresh));
    let old = Call::form("/api/link_info", &format!("t={}", token(second))).send(&app).await;
    assert!(old.status.as_u16() == 422 && old.body.contains("过期"), "{}", old.body);
    // A link past its day is refused.
    let new_second = reissued.links.iter().find(|l| l.person_id == second.person_id).unwrap();
    let hash = dangxiao::server::service::links::token_hash(&token(new_second));
    sqlx::query("UPDATE signin_links SET expires_at = '2001-01-01T00:00:00' WHERE token_hash = $1")
        .bind(&hash)
        .execute(&pool)
        .await
        .unwrap();
    let late = Call::form("/api/redeem_link", &set(&token(new_second), "cadre-Passw0rd", "cadre-Passw0rd")).send(&app).await;
    assert!(late.status.as_u16() == 422 && late.body.contains("过期"), "{}", late.body);
    let bogus = Call::form("/api/link_info", "t=00ff").send(&app).await;
    assert_eq!(bogus.status.as_u16(), 422);
    // Logged: the change log names who got accounts; the sheet is an export of personal data.
    let log = repo::changes_of(&pool, "account", None, 5).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[1].changes.iter().any(|c| c.field == "新开通账号" && c.after.contains(&first.name)));
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM security_log WHERE kind = 'personal_export' AND detail LIKE '%登录链接%'").await, 2);
    assert_eq!(scalar(&pool, "SELECT COUNT(*) FROM security_log WHERE kind = 'link_used'").await, 1);
}

#[tokio::test]
async fn every_list_exports_the_rows_its_search_finds_as_a_workbook_and_the_export_is_logged() {
    use crate::common::web::{sign_in, Call};
    let (_db, pool) = demo_database().await;
    let app = crate::common::app(&pool).await;
    let admin = sign_in(&app, "orgadmin", "10.0.0.7").await;
    // The answer is binary: read it as bytes.
    async fn bytes(app: &axum::Router, path: &str, cookie: &str) -> (u16, Vec<u8>) {
        use tower::ServiceExt;
        let request = axum::http::Request::get(path).header("cookie", cookie).body(axum::body::Body::empty()).unwrap();
        let mut request = request;
        request.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 7], 40000))));
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        (status, axum::body::to_bytes(response.into_body(), 64 << 20).await.unwrap().to_vec())
    }
    let read = |b: Vec<u8>| -> Vec<Vec<String>> {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(b)).unwrap();
        let first = calamine::Reader::sheet_names(&book)[0].clone();
        let range = calamine::Reader::worksheet_range(&mut book, &first).unwrap();
        range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    };
    // Schools: all 78, headed.
    let (status, body) = bytes(&app, "/admin/schools.xlsx", &admin).await;
    assert_eq!(status, 200);
    let schools = read(body);
    assert_eq!(schools[0][1], "名称");
    assert_eq!(schools.len() as i64, 1 + scalar(&pool, "SELECT COUNT(*) FROM schools").await);
    // People: the search's rows, every one of them (not a page).
    let total = scalar(&pool, "SELECT COUNT(*) FROM people p JOIN units u ON u.id = p.unit_id WHERE u.name LIKE '%前川%'").await;
    assert!(total > 20);
    let (status, body) = bytes(&app, "/admin/people.xlsx?q=%E5%89%8D%E5%B7%9D", &admin).await;
    assert_eq!(status, 200);
    let people = read(body);
    assert_eq!(people.len() as i64, 1 + total);
    assert!(people[1..].iter().all(|r| r[2].contains("前川")));
    let logged =
        scalar(&pool, "SELECT COUNT(*) FROM security_log WHERE kind = 'personal_export' AND detail = '导出人员名单（查找“前川”）'").await;
    assert_eq!(logged, 1);
    // Teachers and units.
    let (_, body) = bytes(&app, "/admin/teachers.xlsx", &admin).await;
    assert_eq!(read(body).len() as i64, 1 + scalar(&pool, "SELECT COUNT(*) FROM teachers").await);
    let (_, body) = bytes(&app, "/admin/units.xlsx", &admin).await;
    let units = read(body);
    assert_eq!(units.len() as i64, 1 + scalar(&pool, "SELECT COUNT(*) FROM units").await);
    assert!(units[1..].iter().all(|r| r[7] == "在用"));
    // Only the organisation department: a leader is refused, a visitor asked to sign in.
    let leader = sign_in(&app, "leader", "10.0.0.8").await;
    assert_eq!(bytes(&app, "/admin/people.xlsx", &leader).await.0, 403);
    assert_eq!(Call::get("/admin/people.xlsx").send(&app).await.status.as_u16(), 401);
}

#[tokio::test]
async fn a_joint_schools_rotating_principals_are_given_terms_that_do_not_overlap_and_begun_terms_stay() {
    use dangxiao::rules::district::check_term;
    let (_db, pool) = demo_database().await;
    let state = state(&pool);
    let admin =
        auth::load_caller(&pool, scalar(&pool, "SELECT id FROM accounts WHERE username = 'orgadmin'").await).await.unwrap().unwrap();
    let school = scalar(&pool, "SELECT MIN(id) FROM schools WHERE founding_mode = 'joint'").await;
    let mut conn = pool.acquire().await.unwrap();
    let members = repo::member_units(&mut conn, school).await.unwrap();
    let before = repo::terms(&mut conn, school).await.unwrap();
    drop(conn);
    assert!(members.len() >= 2);
    let last_day = before.iter().map(|t| t.ends_on.clone()).max().unwrap_or_else(|| "2017-12-31".into());
    let person = scalar(&pool, &format!("SELECT MIN(id) FROM people WHERE unit_id = {}", members[1].0)).await;
    let (unit, next) = (members[1].0.to_string(), format!("{}-01-01", last_day[..4].parse::<i32>().unwrap() + 1));
    let next_end = format!("{}-12-31", &next[..4]);
    // Overlapping the last term: refused.
    let overlap = check_term(&person.to_string(), &unit, &last_day, &next_end).unwrap();
    let refused = district::add_term(&state, &admin, school, overlap).await;
    assert!(matches!(&refused, Err(AppError::Validation(m)) if m.contains("重叠")), "{refused:?}");
    // A unit that is not a member: refused.
    let outsider = scalar(
        &pool,
        &format!("SELECT MIN(id) FROM units WHERE id NOT IN (SELECT unit_id FROM school_members WHERE school_id = {school})"),
    )
    .await;
    let stranger = check_term(&person.to_string(), &outsider.to_string(), &next, &next_end).unwrap();
    assert!(matches!(district::add_term(&state, &admin, school, stranger).await, Err(AppError::Validation(_))));
    // A bad form: the last day before the first.
    assert!(check_term(&person.to_string(), &unit, &next_end, &next).is_err());
    // The next year's term: added, on the school's page, in its change log.
    district::add_term(&state, &admin, school, check_term(&person.to_string(), &unit, &next, &next_end).unwrap()).await.unwrap();
    let page = schools::detail(&pool, school, &CLOCK).await.unwrap().unwrap();
    assert!(page.principal_terms.iter().any(|(_, _, from, to)| *from == next && *to == next_end), "{:?}", page.principal_terms);
    let log = repo::changes_of(&pool, "school", Some(school), 5).await.unwrap();
    assert!(log[0].changes.iter().any(|c| c.field == "轮值校长任期" && c.after.contains(&next)));
    // A term not begun can be removed; one that has begun stays.
    let mut conn = pool.acquire().await.unwrap();
    let terms = repo::terms(&mut conn, school).await.unwrap();
    drop(conn);
    let future = terms.iter().find(|t| t.starts_on == next).unwrap().id;
    district::remove_term(&state, &admin, school, future).await.unwrap();
    if let Some(begun) = terms.iter().find(|t| t.starts_on.as_str() <= CLOCK.today().to_string().as_str()) {
        assert!(matches!(district::remove_term(&state, &admin, school, begun.id).await, Err(AppError::Conflict(_))));
    }
    // An independent school has no rotating principal.
    let single = scalar(&pool, "SELECT MIN(id) FROM schools WHERE founding_mode = 'independent'").await;
    let unit_of_single = scalar(&pool, &format!("SELECT host_unit_id FROM schools WHERE id = {single}")).await;
    let term = check_term(&person.to_string(), &unit_of_single.to_string(), &next, &next_end).unwrap();
    assert!(matches!(district::add_term(&state, &admin, single, term).await, Err(AppError::Validation(_))));
}
