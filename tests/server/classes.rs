//! The class lifecycle against a real database (SQLite, or PostgreSQL when DATABASE_URL names one):
//! planning with pre-filing and the conflict check, token and code check-in, the roster, close-out
//! crediting hours exactly once, and a joint class counted once in the district's totals.

use crate::common::{clock_of, Clock};
use crate::common::{database, demo_database};
use dangxiao::error::AppError;
use dangxiao::model::{AttendanceMethod, ClassPlan, ClassStatus, Decision, FilingStatus, Role};
use dangxiao::rules::checkin;
use dangxiao::server::db::Db;
use dangxiao::server::repo::hours;
use dangxiao::server::service::{attendance, classes};
use sqlx::Pool;

/// The day after the test classes (planned on 2026-11-26): they have ended.
const AFTER: Clock = clock_of(2026, 11, 27);

use crate::common::{account, demo_district};

/// A check-in writer of `pool` (group commit, as the server runs it).
fn writer(pool: &Pool<Db>) -> attendance::CheckInWriter {
    attendance::CheckInWriter::start(pool.clone())
}

async fn first_teacher(pool: &Pool<Db>) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM teachers").fetch_one(pool).await.unwrap();
    id
}

async fn plan(pool: &Pool<Db>, title: &str, venue: &str) -> ClassPlan {
    ClassPlan {
        title: title.into(),
        category: "political_theory".into(),
        teacher_1: first_teacher(pool).await.to_string(),
        venue: venue.into(),
        venue_kind: "school".into(),
        starts_at: "2026-11-26T09:00".into(),
        ends_at: "2026-11-26T12:00".into(),
        hours: "3".into(),
        ..ClassPlan::default()
    }
}

/// People of the district other than the demo cadre, for a roster.
async fn some_people(pool: &Pool<Db>, n: i64) -> Vec<i64> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM people ORDER BY id LIMIT $1").bind(n).fetch_all(pool).await.unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

async fn ledger_count(pool: &Pool<Db>, class_id: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM study_hours WHERE class_id = $1").bind(class_id).fetch_one(pool).await.unwrap();
    n
}

#[tokio::test]
async fn close_out_credits_each_attendee_exactly_once() {
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let cadre = account(&pool, "cadre").await;
    let person = cadre.person_id.unwrap();
    let planned = classes::plan(&pool, &admin, &plan(&pool, "学习党章专题班", "前川街党校报告厅").await, &AFTER).await.unwrap();
    assert_eq!(planned.filing, FilingStatus::NotRequired);
    let id = planned.id;

    // Not open yet: no check-in.
    let closed = attendance::check_in(&writer(&pool), id, person, AttendanceMethod::Qr, &AFTER).await.unwrap_err();
    assert!(matches!(closed, AppError::Conflict(ref m) if m.contains("未开放签到")), "{closed:?}");

    classes::open(&pool, &admin, id, &AFTER).await.unwrap();
    let first = attendance::check_in(&writer(&pool), id, person, AttendanceMethod::Qr, &AFTER).await.unwrap();
    assert!(!first.already);
    let second = attendance::check_in(&writer(&pool), id, person, AttendanceMethod::ShortCode, &AFTER).await.unwrap();
    assert!(second.already, "checking in twice says already checked in");
    // The class ended on 2026-11-26: people are added afterwards by the organisation department only.
    let org = account(&pool, "orgadmin").await;
    let late_entry = attendance::add(&pool, &admin, id, some_people(&pool, 1).await[0], &AFTER).await.unwrap_err();
    assert!(matches!(late_entry, AppError::Validation(ref m) if m.contains("组织部")), "{late_entry:?}");
    for p in some_people(&pool, 3).await {
        attendance::add(&pool, &org, id, p, &AFTER).await.unwrap();
    }
    let year = hours::person_hours(&pool, person, Some(2026), &AFTER).await.unwrap().unwrap();
    assert_eq!(year.earned, 0.0, "nothing credited before close-out");

    assert_eq!(classes::close(&pool, &admin, id, &AFTER).await.unwrap(), 4);
    assert_eq!(ledger_count(&pool, id).await, 4);
    let credited = hours::person_hours(&pool, person, Some(2026), &AFTER).await.unwrap().unwrap();
    assert_eq!(credited.earned, 3.0);
    let entry = credited.entries.iter().find(|e| e.rule == "class_close_out_credit").expect("the class's entry");
    assert_eq!(entry.earned_on, "2026-11-26");
    // Each credit has its line in the hour audit log, naming who closed the class.
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM hour_audit a JOIN study_hours h ON h.id = a.study_hour_id WHERE h.class_id = $1 AND a.action = 'class_credited' AND a.actor_id = $2",
    )
    .bind(id)
    .bind(admin.account_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 4);

    // Reopening a closed class is for the organisation department.
    let reopen = classes::open(&pool, &admin, id, &AFTER).await.unwrap_err();
    assert!(matches!(reopen, AppError::Validation(ref m) if m.contains("组织部")), "{reopen:?}");
    // Reopen, one more attendee, close again: only the newcomer is credited.
    classes::open(&pool, &org, id, &AFTER).await.unwrap();
    let late = some_people(&pool, 4).await[3];
    attendance::add(&pool, &org, id, late, &AFTER).await.unwrap();
    assert_eq!(classes::close(&pool, &admin, id, &AFTER).await.unwrap(), 1);
    assert_eq!(ledger_count(&pool, id).await, 5);
    classes::open(&pool, &org, id, &AFTER).await.unwrap();
    assert_eq!(classes::close(&pool, &admin, id, &AFTER).await.unwrap(), 0);
    let again = hours::person_hours(&pool, person, Some(2026), &AFTER).await.unwrap().unwrap();
    assert_eq!(again.earned, 3.0, "closing again credits nobody twice");

    // Credited people stay on the roster.
    classes::open(&pool, &org, id, &AFTER).await.unwrap();
    let refused = attendance::remove(&pool, &admin, id, person, &AFTER).await.unwrap_err();
    assert!(matches!(refused, AppError::Conflict(ref m) if m.contains("已记入台账")), "{refused:?}");

    let detail = classes::detail(&pool, &admin, id).await.unwrap();
    assert_eq!(detail.roster.len(), 5);
    let actions: Vec<_> = detail.log.iter().map(|l| l.action.as_code()).collect();
    assert!(actions.contains(&"attendee_added") && actions.contains(&"reopened") && actions.contains(&"closed"), "{actions:?}");
}

#[tokio::test]
async fn a_joint_class_waits_for_filing_and_counts_once() {
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let org = account(&pool, "orgadmin").await;
    let (other,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM schools").fetch_one(&pool).await.unwrap();
    let mut joint = plan(&pool, "联合办班：乡村振兴", "滠口街党群服务中心").await;
    joint.co_school_1 = other.to_string();
    let planned = classes::plan(&pool, &admin, &joint, &AFTER).await.unwrap();
    assert_eq!(planned.filing, FilingStatus::Pending);

    let unfiled = classes::open(&pool, &admin, planned.id, &AFTER).await.unwrap_err();
    assert!(matches!(unfiled, AppError::Conflict(ref m) if m.contains("备案")), "{unfiled:?}");
    // Only the organisation department decides; a rejection needs a reason.
    assert_eq!(classes::decide_filing(&pool, &admin, planned.id, Decision::Approve, "", &AFTER).await.unwrap_err(), AppError::Forbidden);
    assert!(matches!(classes::decide_filing(&pool, &org, planned.id, Decision::Reject, " ", &AFTER).await, Err(AppError::Validation(_))));
    assert_eq!(classes::decide_filing(&pool, &org, planned.id, Decision::Approve, "同意", &AFTER).await.unwrap(), FilingStatus::Approved);
    assert!(matches!(classes::decide_filing(&pool, &org, planned.id, Decision::Reject, "晚了", &AFTER).await, Err(AppError::Conflict(_))));

    let before = crate::common::kpis(&pool).await;
    classes::open(&pool, &org, planned.id, &AFTER).await.unwrap();
    let people = some_people(&pool, 2).await;
    for p in &people {
        attendance::add(&pool, &org, planned.id, *p, &AFTER).await.unwrap();
    }
    let after = crate::common::kpis(&pool).await;
    assert_eq!(after.attendances_total, before.attendances_total + 2, "one class row, however many schools run it");
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM classes WHERE title = '联合办班：乡村振兴'").fetch_one(&pool).await.unwrap();
    assert_eq!(rows, 1);
    // The co-organising school's admin runs it too; a school admin of neither does not.
    let list = classes::list(&pool, &admin).await.unwrap();
    assert!(list.classes.iter().any(|c| c.id == planned.id && c.status == ClassStatus::Open));
}

#[tokio::test]
async fn the_conflict_check_warns_of_venue_audience_and_repeated_topics() {
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let first = classes::plan(&pool, &admin, &plan(&pool, "党史学习教育", "前川街党校报告厅").await, &AFTER).await.unwrap();
    // No conflict (the note on cadres who missed training is not one: nobody trained in 2026's year).
    assert!(first.warnings.iter().all(|w| w.contains("漏训")), "{:?}", first.warnings);
    let mut second = plan(&pool, "党史学习教育", "前川街 党校报告厅").await;
    second.starts_at = "2026-11-26T11:00".into();
    second.ends_at = "2026-11-26T13:00".into();
    let planned = classes::plan(&pool, &admin, &second, &AFTER).await.unwrap();
    assert!(planned.warnings.iter().any(|w| w.starts_with("场地冲突")), "{:?}", planned.warnings);
    assert!(planned.warnings.iter().any(|w| w.starts_with("时间冲突")), "{:?}", planned.warnings);

    // Someone trained on the topic this year is flagged for a later class on it.
    classes::open(&pool, &admin, first.id, &AFTER).await.unwrap();
    let cadre = account(&pool, "cadre").await;
    attendance::check_in(&writer(&pool), first.id, cadre.person_id.unwrap(), AttendanceMethod::Qr, &AFTER).await.unwrap();
    let mut later = plan(&pool, "《党史学习教育》", "区委党校").await;
    later.starts_at = "2026-12-10T09:00".into();
    later.ends_at = "2026-12-10T12:00".into();
    let repeated = classes::plan(&pool, &admin, &later, &AFTER).await.unwrap();
    assert!(repeated.warnings.iter().any(|w| w.contains("重复培训") && w.contains("1 人")), "{:?}", repeated.warnings);
}

#[tokio::test]
async fn check_in_refuses_outsiders_full_classes_and_strangers() {
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let cadre = account(&pool, "cadre").await;
    let person = cadre.person_id.unwrap();
    let (cadre_unit,): (i64,) = sqlx::query_as("SELECT unit_id FROM people WHERE id = $1").bind(person).fetch_one(&pool).await.unwrap();
    let (other_unit,): (i64,) =
        sqlx::query_as("SELECT MIN(id) FROM units WHERE id <> $1 AND in_district").bind(cadre_unit).fetch_one(&pool).await.unwrap();
    let mut narrow = plan(&pool, "某单位内部学习", "会议室").await;
    narrow.audience_unit_id = other_unit.to_string();
    narrow.capacity = "1".into();
    let id = classes::plan(&pool, &admin, &narrow, &AFTER).await.unwrap().id;
    classes::open(&pool, &admin, id, &AFTER).await.unwrap();
    let outsider = attendance::check_in(&writer(&pool), id, person, AttendanceMethod::Qr, &AFTER).await.unwrap_err();
    assert!(matches!(outsider, AppError::Validation(ref m) if m.contains("不在")), "{outsider:?}");

    let (insider,): (i64,) =
        sqlx::query_as("SELECT MIN(id) FROM people WHERE unit_id = $1").bind(other_unit).fetch_one(&pool).await.unwrap();
    let (second,): (i64,) =
        sqlx::query_as("SELECT MAX(id) FROM people WHERE unit_id = $1").bind(other_unit).fetch_one(&pool).await.unwrap();
    attendance::check_in(&writer(&pool), id, insider, AttendanceMethod::ShortCode, &AFTER).await.unwrap();
    let full = attendance::check_in(&writer(&pool), id, second, AttendanceMethod::Qr, &AFTER).await.unwrap_err();
    assert!(matches!(full, AppError::Conflict(ref m) if m.contains("名额已满")), "{full:?}");

    // Someone who does not run the class cannot open, close or edit it.
    let teacher = account(&pool, "teacher").await;
    assert_eq!(classes::close(&pool, &teacher, id, &AFTER).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(attendance::add(&pool, &cadre, id, person, &AFTER).await.unwrap_err(), AppError::Forbidden);
    assert!(matches!(classes::list(&pool, &cadre).await, Err(AppError::Forbidden)));
    assert!(cadre.has(Role::Cadre));
}

#[tokio::test]
async fn the_short_code_finds_its_open_class_and_the_log_is_append_only() {
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let id = classes::plan(&pool, &admin, &plan(&pool, "签到码测试班", "前川街党校").await, &AFTER).await.unwrap().id;
    let secret = dangxiao::server::repo::attendance::checkin_secret(&pool).await.unwrap();
    assert_eq!(dangxiao::server::repo::attendance::checkin_secret(&pool).await.unwrap(), secret, "one secret, kept");
    let now = 1_795_000_000;
    let code = checkin::short_code(&secret, id, checkin::window_of(now));
    assert_eq!(attendance::class_of_code(&pool, &secret, &code, now).await.unwrap(), None, "a class not open has no code");
    classes::open(&pool, &admin, id, &AFTER).await.unwrap();
    assert_eq!(attendance::class_of_code(&pool, &secret, &code, now).await.unwrap(), Some(id));
    assert_eq!(attendance::class_of_code(&pool, &secret, &code, now + 120).await.unwrap(), None, "expired");

    let changed = sqlx::query("UPDATE class_audit SET detail = 'x'").execute(&pool).await;
    assert!(changed.is_err(), "the class log refuses updates");
    let removed = sqlx::query("DELETE FROM class_audit").execute(&pool).await;
    assert!(removed.is_err(), "the class log refuses deletes");
}

async fn name_of(pool: &Pool<Db>, person: i64) -> String {
    let (name,): (String,) = sqlx::query_as("SELECT name FROM people WHERE id = $1").bind(person).fetch_one(pool).await.unwrap();
    name
}

async fn roster_len(pool: &Pool<Db>, class_id: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE class_id = $1").bind(class_id).fetch_one(pool).await.unwrap();
    n
}

#[tokio::test]
async fn roster_import_is_all_or_nothing_and_the_export_has_the_listed_columns() {
    let (_db, pool) = demo_database().await;
    use calamine::{Reader, Xlsx};
    use dangxiao::server::{downloads, imports};
    demo_district(&pool).await;
    let admin = account(&pool, "schooladmin").await;
    let id = classes::plan(&pool, &admin, &plan(&pool, "名单导入测试班", "前川街党校").await, &AFTER).await.unwrap().id;
    let people = some_people(&pool, 3).await;
    let (a, b, c) = (people[0], people[1], people[2]);
    let (name_a, name_b, name_c) = (name_of(&pool, a).await, name_of(&pool, b).await, name_of(&pool, c).await);

    let good = format!("人员编号,姓名\n{a},{name_a}\n{b},{name_b}\n");
    let rows = imports::roster_rows(good.as_bytes()).unwrap();
    let closed = attendance::import_target(&pool, &admin, id, &AFTER).await.unwrap_err();
    assert!(matches!(closed, AppError::Conflict(_)), "a class not open takes no roster: {closed:?}");
    classes::open(&pool, &admin, id, &AFTER).await.unwrap();
    // The class has ended (2026-11-26): its school may no longer add people, the organisation department may.
    assert!(matches!(attendance::import_target(&pool, &admin, id, &AFTER).await, Err(AppError::Validation(_))));
    let admin = account(&pool, "orgadmin").await;
    let class = attendance::import_target(&pool, &admin, id, &AFTER).await.unwrap();

    // A bad file: every problem reported, nobody imported.
    let bad = format!("人员编号,姓名\n{a},{name_a}\n{b},错误的名字\n999999999,某人\nx12,某人\n{a},{name_a}\n");
    let report = attendance::import(&pool, &admin, &class, &imports::roster_rows(bad.as_bytes()).unwrap(), &AFTER).await.unwrap();
    assert_eq!(report.imported, 0);
    assert_eq!(report.errors.len(), 4, "{:?}", report.errors);
    assert!(report.errors[0].starts_with("第 3 行") && report.errors[0].contains("错误的名字"), "{:?}", report.errors);
    assert!(report.errors[1].starts_with("第 4 行") && report.errors[1].contains("不存在"));
    assert!(report.errors[2].starts_with("第 5 行") && report.errors[2].contains("不是数字"));
    assert!(report.errors[3].starts_with("第 6 行") && report.errors[3].contains("与第 2 行重复"));
    assert_eq!(roster_len(&pool, id).await, 0, "nothing half-imported");

    let report = attendance::import(&pool, &admin, &class, &rows, &AFTER).await.unwrap();
    assert_eq!((report.imported, report.skipped, report.errors.len()), (2, 0, 0));

    // An Excel file with one new person and one already on the roster.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in ["姓名", "人员编号"].iter().enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    sheet.write_string(1, 0, &name_c).unwrap();
    sheet.write_number(1, 1, c as f64).unwrap();
    sheet.write_string(2, 0, &name_a).unwrap();
    sheet.write_number(2, 1, a as f64).unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    let report = attendance::import(&pool, &admin, &class, &imports::roster_rows(&xlsx).unwrap(), &AFTER).await.unwrap();
    assert_eq!((report.imported, report.skipped), (1, 1));
    assert_eq!(roster_len(&pool, id).await, 3);

    // The export opens as a workbook with the listed columns and a row per attendee.
    let detail = classes::detail(&pool, &admin, id).await.unwrap();
    let by = downloads::ExportedBy { who: "x".into(), at: "2017-05-25 10:00".into() };
    let bytes = downloads::roster_workbook(&detail, &by).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["签到名单"]);
    let range = book.worksheet_range("签到名单").unwrap();
    let heading: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(heading, downloads::ROSTER_COLUMNS);
    assert_eq!(range.height(), 4);
    let first: Vec<String> = range.rows().nth(1).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(first[4], "名单导入测试班");
    assert_eq!(first[5], "前川街党校");
    assert_eq!(first[7], "2026-11-26 09:00:00");
    assert_eq!(first[11], "名单导入");
}

/// On PostgreSQL, two app instances (two routers' states on one database) hear each other's changes:
/// each instance's pulse reads the figures for its own screens.
#[tokio::test]
async fn live_events_reach_every_instance_through_postgres() {
    if crate::common::backend() != dangxiao::server::db::Backend::Postgres {
        return eprintln!("PostgreSQL only: SQLite serves one instance");
    }
    let (_db, pool) = database().await;
    use dangxiao::server::{live, state::AppState};
    let options = leptos::prelude::get_configuration(None).unwrap().leptos_options;
    let instance = || AppState {
        leptos_options: options.clone(),
        pool: pool.clone(),
        checkins: writer(&pool),
        live: live::Live::new(8),
        security: Default::default(),
        clock: AFTER,
        views: Default::default(),
    };
    let (a, b) = (instance(), instance());
    let url = pool.connect_options().database_url.to_string();
    for s in [&a, &b] {
        live::relay(url.clone(), s.live.clone(), s.views.clone());
        live::start(s.live.clone(), pool.clone(), AFTER);
    }
    let mut heard_by_b = b.live.subscribe();
    // The listeners connect in the background: publish until B hears (at most 10 s).
    let heard = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            live::publish(&a, Some(7)).await;
            if let Ok(Ok(e)) = tokio::time::timeout(std::time::Duration::from_millis(500), heard_by_b.recv()).await {
                return e;
            }
        }
    })
    .await
    .expect("instance B hears instance A's check-in");
    assert_eq!((heard.event.kind, heard.event.classes.as_slice()), (dangxiao::model::LiveKind::Update, [7].as_slice()));
    assert!(heard.event.past, "class 7 is of no day in an empty district: screens ask again");
    assert_eq!(heard.event.today.as_ref().map(|t| t.day.as_str()), Some("2026-11-27"));
}

/// The dashboard of `period` as the server composes it.
async fn board(pool: &Pool<Db>, period: &dangxiao::model::Period) -> dangxiao::model::Dashboard {
    use crate::common::CLOCK;
    use dangxiao::server::repo::dashboard;
    let district = dashboard::district(pool, &CLOCK).await.unwrap();
    let today = dashboard::today(pool, &CLOCK).await.unwrap();
    dashboard::dashboard(pool, &CLOCK, period, district, today).await.unwrap()
}

/// A burst of check-ins reaches the screens as one event that carries today's figures after it — the
/// day's classes and attendances and the class's own count — so they merge it without asking again,
/// and what a dashboard or a map shows after merging equals what the server computes afresh; a change
/// to a class of another day tells them to ask again.
#[tokio::test]
async fn the_live_event_carries_todays_figures_once_per_burst() {
    use crate::common::CLOCK;
    use dangxiao::model::{LiveKind, MapColour, MapPeriod, MergesToday, PeriodKind};
    use dangxiao::server::{live, repo::dashboard, repo::schools};
    use std::time::Duration;
    let (_db, pool) = demo_database().await;
    let live = live::Live::new(8);
    live::start(live.clone(), pool.clone(), CLOCK);
    let mut heard = live.subscribe();
    let before = dashboard::today(&pool, &CLOCK).await.unwrap();
    let month = dashboard::resolve(PeriodKind::Month, None, None, CLOCK.today()).unwrap();
    let (mut shown_board, mut shown_map) =
        (board(&pool, &month).await, schools::map(&pool, MapPeriod::All, MapColour::Mode, &CLOCK).await.unwrap());
    let class = before.classes.first().expect("the demo opens classes on its day").clone();
    sqlx::query("UPDATE classes SET audience_unit_id = NULL, audience_rank = NULL, capacity = NULL WHERE id = $1")
        .bind(class.id)
        .execute(&pool)
        .await
        .unwrap();
    let people: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM people WHERE id NOT IN (SELECT person_id FROM attendance WHERE class_id = $1) ORDER BY id LIMIT 5")
            .bind(class.id)
            .fetch_all(&pool)
            .await
            .unwrap();
    for (person,) in &people {
        attendance::check_in(&writer(&pool), class.id, *person, AttendanceMethod::Manual, &CLOCK).await.unwrap();
    }
    for _ in &people {
        live.touch(Some(class.id));
    }
    let event = tokio::time::timeout(Duration::from_secs(2), heard.recv()).await.expect("an event within 2 s").unwrap().event.clone();
    assert!(tokio::time::timeout(Duration::from_millis(600), heard.recv()).await.is_err(), "five changes, one reading");
    assert_eq!((event.kind, event.past, event.classes.as_slice()), (LiveKind::Update, false, [class.id].as_slice()));
    let today = event.today.clone().expect("today's figures in the event");
    assert_eq!((today.day.as_str(), today.held), ("2017-05-25", before.held));
    assert_eq!(today.attendances, before.attendances + 5);
    assert_eq!(today.by_hour.iter().sum::<i64>(), before.by_hour.iter().sum::<i64>() + 5);
    let now = today.classes.iter().find(|c| c.id == class.id).unwrap();
    assert_eq!(now.checked_in, class.checked_in + 5);
    assert!(!event.needs_refresh());
    // The screens merge the event: their figures are the server's afresh.
    assert!(shown_board.merge_today(&today, &event.at) && shown_map.merge_today(&today, &event.at));
    let (fresh_board, fresh_map) =
        (board(&pool, &month).await, schools::map(&pool, MapPeriod::All, MapColour::Mode, &CLOCK).await.unwrap());
    assert_eq!(shown_board.kpis, fresh_board.kpis);
    assert_eq!((&shown_board.monthly, &shown_board.by_township), (&fresh_board.monthly, &fresh_board.by_township));
    assert_eq!(shown_map.schools, fresh_map.schools);
    let school = shown_map.schools.iter().find(|s| s.id == class.school_id).unwrap();
    assert_eq!(school.last_class.as_deref(), Some("2017-05-25"));

    let (old,): (i64,) =
        sqlx::query_as("SELECT id FROM classes WHERE starts_at < '2017-01-01' ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap();
    live.touch(Some(old));
    let event = tokio::time::timeout(Duration::from_secs(2), heard.recv()).await.unwrap().unwrap().event.clone();
    assert!(event.past && event.needs_refresh(), "a class of 2016 changed: the screens ask again");
}

/// The per-school daily counts the dashboard reads stay equal to a recount of the raw rows, whatever
/// happens: random opens, check-ins, additions, removals, imports, close-outs and reopenings.
#[tokio::test]
async fn the_daily_counts_match_a_recount_after_random_operations() {
    use dangxiao::server::{imports::RosterRow, repo::rollup};
    use rand::{Rng, SeedableRng};
    let (_db, pool) = demo_database().await;
    let agree = |step: &'static str| {
        let pool = pool.clone();
        async move {
            for grain in [rollup::Grain::School, rollup::Grain::Township] {
                let (kept, counted) = (rollup::kept(&pool, grain).await.unwrap(), rollup::recount(&pool, grain).await.unwrap());
                assert_eq!(kept, counted, "{grain:?} {step}");
            }
            let (kept, counted) = rollup::people_counts(&pool).await.unwrap();
            assert_eq!(kept, counted, "people {step}");
        }
    };
    agree("as the demo loads").await;
    let (admin, org) = (account(&pool, "schooladmin").await, account(&pool, "orgadmin").await);
    let mut ids = Vec::new();
    for (i, day) in ["2026-11-20", "2026-11-20", "2026-11-24", "2026-11-26"].iter().enumerate() {
        let mut p = plan(&pool, &format!("汇总核对班 {i}"), "前川街党校").await;
        p.starts_at = format!("{day}T09:00");
        p.ends_at = format!("{day}T12:00");
        ids.push(classes::plan(&pool, &admin, &p, &AFTER).await.unwrap().id);
    }
    let people = some_people(&pool, 12).await;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20_170_525);
    for step in 0..80 {
        let class = ids[rng.gen_range(0..ids.len())];
        let person = people[rng.gen_range(0..people.len())];
        // Refusals (a class not open, someone not on the roster) are part of the game: they must
        // leave the counts as they were.
        let _ = match rng.gen_range(0..6) {
            0 => classes::open(&pool, &org, class, &AFTER).await.map(|_| ()),
            1 => attendance::check_in(&writer(&pool), class, person, AttendanceMethod::Manual, &AFTER).await.map(|_| ()),
            2 => attendance::add(&pool, &org, class, person, &AFTER).await.map(|_| ()),
            3 => attendance::remove(&pool, &org, class, person, &AFTER).await,
            4 => classes::close(&pool, &org, class, &AFTER).await.map(|_| ()),
            _ => match attendance::import_target(&pool, &org, class, &AFTER).await {
                Ok(facts) => {
                    let rows = vec![RosterRow { line: 2, person: person.to_string(), name: name_of(&pool, person).await }];
                    attendance::import(&pool, &org, &facts, &rows, &AFTER).await.map(|_| ())
                }
                Err(e) => Err(e),
            },
        };
        if step % 10 == 9 {
            agree("after a step").await;
        }
    }
    let kept = rollup::kept(&pool, rollup::Grain::School).await.unwrap();
    assert!(kept.iter().any(|r| r.day == "2026-11-20" && r.attendances > 0), "the game did check people in");
    let townships = rollup::kept(&pool, rollup::Grain::Township).await.unwrap();
    assert!(townships.iter().any(|r| r.day == "2026-11-20" && r.attendances > 0), "and the township's day moved too");
}

/// 我的培训班: open and coming classes whose audience includes the cadre — not another unit's.
#[tokio::test]
async fn my_classes_are_the_open_and_coming_ones_of_my_audience() {
    let (_db, pool) = demo_database().await;
    let (admin, cadre) = (account(&pool, "schooladmin").await, account(&pool, "cadre").await);
    let today = crate::common::CLOCK;
    let mine = classes::mine(&pool, &cadre, &today).await.unwrap();
    assert_eq!(mine.iter().filter(|c| c.status == ClassStatus::Open).count(), 3, "the demo's classes of the day: {mine:?}");
    let (unit,): (i64,) =
        sqlx::query_as("SELECT unit_id FROM people WHERE id = $1").bind(cadre.person_id.unwrap()).fetch_one(&pool).await.unwrap();
    let (other,): (i64,) =
        sqlx::query_as("SELECT id FROM units WHERE id <> $1 ORDER BY id LIMIT 1").bind(unit).fetch_one(&pool).await.unwrap();
    for (title, audience) in [("面向本单位的班", unit), ("面向其他单位的班", other)] {
        let mut p = plan(&pool, title, "前川街党校").await;
        p.starts_at = "2017-06-02T09:00".into();
        p.ends_at = "2017-06-02T12:00".into();
        p.audience_unit_id = audience.to_string();
        classes::plan(&pool, &admin, &p, &today).await.unwrap();
    }
    let mine = classes::mine(&pool, &cadre, &today).await.unwrap();
    assert!(mine.iter().any(|c| c.title == "面向本单位的班" && c.status == ClassStatus::Planned), "{mine:?}");
    assert!(!mine.iter().any(|c| c.title == "面向其他单位的班"));
}

/// A planned class cancelled by its school admin: it keeps its log, counts nowhere and cannot open;
/// a class that opened cannot be cancelled; another school's admin cannot cancel it.
#[tokio::test]
async fn a_planned_class_is_cancelled_keeps_its_log_and_counts_nowhere() {
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let before = crate::common::kpis(&pool).await;
    let planned = classes::plan(&pool, &admin, &plan(&pool, "党史专题讲座", "前川街党校报告厅").await, &AFTER).await.unwrap();
    classes::cancel(&pool, &admin, planned.id, &AFTER).await.unwrap();
    let detail = classes::detail(&pool, &admin, planned.id).await.unwrap();
    assert_eq!(detail.summary.status, dangxiao::model::ClassStatus::Cancelled);
    let actions: Vec<_> = detail.log.iter().map(|l| l.action).collect();
    assert!(
        actions.contains(&dangxiao::model::ClassAction::Planned) && actions.contains(&dangxiao::model::ClassAction::Cancelled),
        "{actions:?}"
    );
    assert!(classes::open(&pool, &admin, planned.id, &AFTER).await.is_err(), "a cancelled class does not open");
    assert_eq!(crate::common::kpis(&pool).await, before, "it counts nowhere");
    let twice = classes::cancel(&pool, &admin, planned.id, &AFTER).await.unwrap_err();
    assert_eq!(twice, AppError::Conflict("只能取消尚未开放签到的培训班".into()));
    // Opened: no longer cancellable.
    let held = classes::plan(&pool, &admin, &plan(&pool, "党章学习", "前川街党校报告厅").await, &AFTER).await.unwrap();
    classes::open(&pool, &admin, held.id, &AFTER).await.unwrap();
    assert!(matches!(classes::cancel(&pool, &admin, held.id, &AFTER).await, Err(AppError::Conflict(_))));
}

/// A planned class changed and rescheduled by its school admin: each change in its log before →
/// after; a filed class that moves is filed again; the conflict check runs again (never against the
/// class itself); a class that opened, or someone who does not run it, cannot change it.
#[tokio::test]
async fn a_planned_class_is_rescheduled_logged_filed_again_and_checked_for_conflicts() {
    use dangxiao::rules::classes::{check_schedule, ScheduleFields};
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let org = account(&pool, "orgadmin").await;
    let mut p = plan(&pool, "乡村振兴专题班", "华中农业大学教学楼").await;
    p.venue_kind = "university".into();
    let planned = classes::plan(&pool, &admin, &p, &AFTER).await.unwrap();
    assert_eq!(planned.filing, FilingStatus::Pending);
    classes::decide_filing(&pool, &org, planned.id, Decision::Approve, "", &AFTER).await.unwrap();
    let fields = |title: &'static str, starts: &'static str, ends: &'static str| ScheduleFields {
        title,
        venue: "华中农业大学教学楼",
        starts_at: starts,
        ends_at: ends,
        hours: "3",
        capacity: "",
    };
    // Only the title: the decided filing stands, nothing to check again.
    let renamed = check_schedule(fields("乡村振兴专题培训班", "2026-11-26T09:00", "2026-11-26T12:00")).unwrap();
    let same_place = classes::edit(&pool, &admin, planned.id, &renamed, &AFTER).await.unwrap();
    assert_eq!(same_place.filing, FilingStatus::Approved);
    assert!(same_place.warnings.iter().all(|w| w.contains("漏训")), "a class does not conflict with itself: {:?}", same_place.warnings);
    // Another class at the new time in the same place, then the move: warned, and filed again.
    let mut other = plan(&pool, "党建业务培训", "华中农业大学教学楼").await;
    other.starts_at = "2026-11-28T09:00".into();
    other.ends_at = "2026-11-28T11:00".into();
    classes::plan(&pool, &admin, &other, &AFTER).await.unwrap();
    let moved = check_schedule(fields("乡村振兴专题培训班", "2026-11-28T09:30", "2026-11-28T12:30")).unwrap();
    let rescheduled = classes::edit(&pool, &admin, planned.id, &moved, &AFTER).await.unwrap();
    assert_eq!(rescheduled.filing, FilingStatus::Pending);
    assert!(rescheduled.warnings.iter().any(|w| w.contains("党建业务培训")), "{:?}", rescheduled.warnings);
    let detail = classes::detail(&pool, &admin, planned.id).await.unwrap();
    assert_eq!(detail.summary.title, "乡村振兴专题培训班");
    assert_eq!(detail.summary.starts_at.minute(), "2026-11-28 09:30");
    let edits: Vec<_> = detail.log.iter().filter(|l| l.action == dangxiao::model::ClassAction::Edited).collect();
    assert_eq!(edits.len(), 2);
    assert!(
        edits.iter().any(|l| l.detail.contains("开始：2026-11-26 09:00 → 2026-11-28 09:30") && l.detail.contains("重新事前备案")),
        "{edits:?}"
    );
    assert!(edits.iter().any(|l| l.detail.contains("名称：乡村振兴专题班 → 乡村振兴专题培训班")));
    // A bad schedule is refused before anything: the end before the start.
    assert!(check_schedule(fields("x", "2026-11-28T12:00", "2026-11-28T09:00")).is_err());
    // Not someone who does not run it.
    let cadre = account(&pool, "cadre").await;
    assert_eq!(classes::edit(&pool, &cadre, planned.id, &moved, &AFTER).await.unwrap_err(), AppError::Forbidden);
    // Not once it opened.
    classes::decide_filing(&pool, &org, planned.id, Decision::Approve, "", &AFTER).await.unwrap();
    classes::open(&pool, &admin, planned.id, &AFTER).await.unwrap();
    let late = classes::edit(&pool, &admin, planned.id, &renamed, &AFTER).await.unwrap_err();
    assert_eq!(late, AppError::Conflict("只能修改尚未开放签到的培训班".into()));
}

/// 漏训: the district-managed cadres with no class for the set stretch are listed (never trained
/// first), counted in a class's audience by the conflict check, and leave the list once they attend.
#[tokio::test]
async fn cadres_who_missed_training_are_listed_flagged_when_planning_and_leave_the_list_once_trained() {
    use dangxiao::server::repo::missed;
    let (_db, pool) = demo_database().await;
    let today = crate::common::CLOCK;
    let since = dangxiao::rules::missed::since(&today.today().to_string(), missed::months(&pool).await.unwrap()).unwrap();
    assert_eq!(since, "2016-05-25", "12 months unless set");
    let (expected,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM people p WHERE p.district_managed AND p.status = 'active' AND NOT EXISTS \
         (SELECT 1 FROM attendance a JOIN classes c ON c.id = a.class_id WHERE a.person_id = p.id AND c.starts_at >= $1)",
    )
    .bind(&since)
    .fetch_one(&pool)
    .await
    .unwrap();
    let listed = missed::list(&pool, &since, "", 1, 20).await.unwrap();
    assert!(expected > 0, "the demo district has cadres who missed training");
    assert_eq!(listed.total, expected);
    // Never trained first, then the longest since.
    let lasts: Vec<Option<String>> = listed.rows.iter().map(|r| r.last_class.clone()).collect();
    let mut sorted = lasts.clone();
    sorted.sort_by(|a, b| a.is_some().cmp(&b.is_some()).then(a.cmp(b)));
    assert_eq!(lasts, sorted);
    assert!(listed.rows.iter().all(|r| r.last_class.as_deref().is_none_or(|d| d < since.as_str())));

    // A class for the unit of one of them: the conflict check counts the unit's cadres who missed training.
    let person = listed.rows[0].person_id;
    let (unit,): (i64,) = sqlx::query_as("SELECT unit_id FROM people WHERE id = $1").bind(person).fetch_one(&pool).await.unwrap();
    let in_unit = missed::in_audience(&pool, &since, checkin::Audience { unit_id: Some(unit), rank: None }).await.unwrap();
    assert!(in_unit >= 1);
    let org = account(&pool, "orgadmin").await;
    let school: (i64,) = sqlx::query_as("SELECT MIN(id) FROM schools WHERE status = 'active'").fetch_one(&pool).await.unwrap();
    let mut p = plan(&pool, "漏训补训专题班", "区委党校报告厅").await;
    p.school_id = school.0.to_string();
    p.audience_unit_id = unit.to_string();
    p.starts_at = "2017-05-25T09:00".into();
    p.ends_at = "2017-05-25T11:00".into();
    p.hours = "2".into();
    let planned = classes::plan(&pool, &org, &p, &today).await.unwrap();
    let note = format!("培训对象中有 {in_unit} 名区管干部已 12 个月以上未参加培训（漏训）");
    assert!(planned.warnings.iter().any(|w| w.contains(&note)), "{:?}", planned.warnings);
    // Trained: off the list.
    classes::open(&pool, &org, planned.id, &today).await.unwrap();
    attendance::add(&pool, &org, planned.id, person, &today).await.unwrap();
    let after = missed::list(&pool, &since, "", 1, 20).await.unwrap();
    assert_eq!(after.total, expected - 1);
    assert!(!after.rows.iter().any(|r| r.person_id == person));
    // A shorter stretch: more cadres count as missed.
    missed::set_months(&pool, 3).await.unwrap();
    let shorter = dangxiao::rules::missed::since(&today.today().to_string(), missed::months(&pool).await.unwrap()).unwrap();
    assert_eq!(shorter, "2017-02-25");
    assert!(missed::list(&pool, &shorter, "", 1, 20).await.unwrap().total >= after.total);
}
