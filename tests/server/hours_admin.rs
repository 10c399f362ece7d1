//! External-study claims, the audit log, the compliance view and account administration against a
//! real database (SQLite, or PostgreSQL when DATABASE_URL names one).

use crate::common::demo_database;
use crate::common::CLOCK;
use dangxiao::error::AppError;
use dangxiao::model::{ClaimStatus, HourSource, Rank, Role};
use dangxiao::rules::study_hours::ExternalClaim;
use dangxiao::server::auth;
use dangxiao::server::db::Db;
use dangxiao::server::downloads::{workbook, BEHIND_COLUMNS, UNIT_COLUMNS};
use dangxiao::server::repo::{accounts, audit, claims, compliance, hours};
use sqlx::Pool;

use crate::common::{account, demo_district};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

fn claim() -> ExternalClaim<'static> {
    ExternalClaim {
        title: "干部网络学院专题班", provider: "中国干部网络学院", starts_on: "2017-03-01", ends_on: "2017-03-02", hours: 12.0
    }
}

async fn submit(pool: &Pool<Db>, cadre: &auth::Caller) -> i64 {
    let evidence = claims::Evidence { name: "结业证书.pdf".into(), mime: "application/pdf", bytes: PDF.to_vec() };
    dangxiao::server::service::claims::submit(pool, cadre.account_id, cadre.person_id.unwrap(), &claim(), evidence, &CLOCK).await.unwrap()
}

#[tokio::test]
async fn an_approved_claim_credits_hours_once_and_is_audited() {
    let (_db, pool) = demo_database().await;
    let cadre = account(&pool, "cadre").await;
    let org = account(&pool, "orgadmin").await;
    let person = cadre.person_id.unwrap();
    let before = hours::person_hours(&pool, person, Some(2017), &CLOCK).await.unwrap().unwrap();

    let id = submit(&pool, &cadre).await;
    let mine = claims::of_person(&pool, person).await.unwrap();
    assert_eq!(mine[0].id, id);
    assert_eq!(mine[0].status, ClaimStatus::Pending);
    assert_eq!(mine[0].evidence_bytes, PDF.len() as i64);
    let pending_hours = hours::person_hours(&pool, person, Some(2017), &CLOCK).await.unwrap().unwrap();
    assert_eq!(pending_hours.earned, before.earned, "a pending claim credits nothing");

    assert_eq!(
        dangxiao::server::service::claims::decide(&pool, &org, id, dangxiao::model::Decision::Approve, "证书有效", &CLOCK).await.unwrap(),
        ClaimStatus::Approved
    );
    let after = hours::person_hours(&pool, person, Some(2017), &CLOCK).await.unwrap().unwrap();
    assert_eq!(after.earned, before.earned + 12.0);
    let entry = after.entries.iter().find(|e| e.rule == "external_study_credit").expect("the claim's entry");
    assert_eq!(entry.source, HourSource::External);
    assert!(entry.title.as_deref().is_some_and(|t| t.contains("干部网络学院专题班")), "{:?}", entry.title);
    assert_eq!((entry.earned_on.as_str(), entry.rule.as_str(), entry.rule_version), ("2017-03-02", "external_study_credit", 1));

    // Deciding again changes nothing.
    let again =
        dangxiao::server::service::claims::decide(&pool, &org, id, dangxiao::model::Decision::Approve, "", &CLOCK).await.unwrap_err();
    assert!(matches!(again, AppError::Conflict(_)), "{again:?}");
    let twice = hours::person_hours(&pool, person, Some(2017), &CLOCK).await.unwrap().unwrap();
    assert_eq!(twice.earned, after.earned, "credited once");

    let log = audit::latest(&pool, Some(person), 10).await.unwrap();
    let actions: Vec<_> = log.iter().map(|a| a.action.as_code()).collect();
    assert_eq!(actions, ["claim_approved", "claim_submitted"]);
    assert_eq!(log[0].actor, org.display_name);
    assert!(log[0].detail.contains("证书有效"), "{}", log[0].detail);
    assert_eq!(log[0].hours, Some(12.0));
}

#[tokio::test]
async fn a_rejected_claim_keeps_its_reason_and_credits_nothing() {
    let (_db, pool) = demo_database().await;
    let cadre = account(&pool, "cadre").await;
    let org = account(&pool, "orgadmin").await;
    let person = cadre.person_id.unwrap();
    let before = hours::person_hours(&pool, person, Some(2017), &CLOCK).await.unwrap().unwrap();
    let id = submit(&pool, &cadre).await;
    assert_eq!(
        dangxiao::server::service::claims::decide(&pool, &org, id, dangxiao::model::Decision::Reject, "证明材料不清晰", &CLOCK)
            .await
            .unwrap(),
        ClaimStatus::Rejected
    );
    let mine = claims::of_person(&pool, person).await.unwrap();
    assert_eq!(mine[0].status, ClaimStatus::Rejected);
    assert_eq!(mine[0].reason.as_deref(), Some("证明材料不清晰"));
    assert_eq!(mine[0].decided_by.as_deref(), Some(org.display_name.as_str()));
    let after = hours::person_hours(&pool, person, Some(2017), &CLOCK).await.unwrap().unwrap();
    assert_eq!(after.earned, before.earned);
    assert!(matches!(
        dangxiao::server::service::claims::decide(&pool, &org, 999_999, dangxiao::model::Decision::Approve, "", &CLOCK).await,
        Err(AppError::NotFound(_))
    ));
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed() {
    let (_db, pool) = demo_database().await;
    let cadre = account(&pool, "cadre").await;
    submit(&pool, &cadre).await;
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hour_audit").fetch_one(&pool).await.unwrap();
    assert_eq!(n, 3, "the demo's two ledger loads (attendance and online, podium rewards) and the claim");
    assert!(sqlx::query("UPDATE hour_audit SET detail = 'x'").execute(&pool).await.is_err(), "update refused");
    assert!(sqlx::query("DELETE FROM hour_audit").execute(&pool).await.is_err(), "delete refused");
    let (after,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hour_audit").fetch_one(&pool).await.unwrap();
    assert_eq!(after, 3);
}

fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn compliance_counts_every_district_managed_cadre_once() {
    let (_db, pool) = demo_database().await;
    let c = compliance::compliance(&pool, 2016, day("2016-12-31"), &compliance::Scope::District).await.unwrap();
    let (managed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people WHERE district_managed").fetch_one(&pool).await.unwrap();
    assert_eq!(c.total.cadres, managed);
    assert_eq!(c.total.met + c.total.on_track + c.total.behind, managed);
    assert_eq!(c.total.on_track, 0, "at the year's end one has met the target or not");
    assert_eq!(c.units.iter().map(|u| u.cadres).sum::<i64>(), managed);
    assert_eq!(c.behind.len() as i64, c.total.behind);
    assert!(c.behind.iter().all(|b| b.earned < b.target && b.missing > 0.0));
    assert_eq!(c.years, vec![2015, 2016, 2017]);

    // Mid-year, pace counts: the same hours are "on track" for someone ahead of the calendar.
    let mid = compliance::compliance(&pool, 2016, day("2016-03-31"), &compliance::Scope::District).await.unwrap();
    assert_eq!(mid.total.cadres, managed);
    assert!(mid.elapsed > 0.2 && mid.elapsed < 0.3, "{}", mid.elapsed);

    // A lower target makes more cadres meet it, and the change is audited.
    let org = account(&pool, "orgadmin").await;
    compliance::set_target(&pool, org.account_id, 2016, Rank::DivisionLevel, 10.0, &CLOCK.now()).await.unwrap();
    let easier = compliance::compliance(&pool, 2016, day("2016-12-31"), &compliance::Scope::District).await.unwrap();
    assert!(easier.total.met > c.total.met, "{} > {}", easier.total.met, c.total.met);
    assert!(easier.targets.contains(&(Rank::DivisionLevel, 10.0)));
    let log = audit::latest(&pool, None, 1).await.unwrap();
    assert_eq!(log[0].action.as_code(), "target_set");
    assert!(log[0].detail.contains("默认 110 → 10"), "{}", log[0].detail);
}

#[tokio::test]
async fn a_supervisor_sees_the_units_of_the_group_only() {
    let (_db, pool) = demo_database().await;
    let supervisor = account(&pool, "supervisor").await;
    let scope = dangxiao::server::service::compliance::scope_of(&pool, &supervisor).await.unwrap();
    let part = compliance::compliance(&pool, 2016, day("2016-12-31"), &scope).await.unwrap();
    let whole = compliance::compliance(&pool, 2016, day("2016-12-31"), &compliance::Scope::District).await.unwrap();
    assert_eq!(part.scoped_to.as_deref(), Some("第一督导组"));
    assert!(part.total.cadres > 0 && part.total.cadres < whole.total.cadres, "{} of {}", part.total.cadres, whole.total.cadres);
    let (groups, schools): (i64, i64) =
        sqlx::query_as("SELECT COUNT(DISTINCT group_id), COUNT(*) FROM supervision_group_schools").fetch_one(&pool).await.unwrap();
    assert_eq!((groups, schools), (4, 77), "every school but the district Party school's own (回避) in one of four groups");
    for username in ["cadre", "teacher", "schooladmin"] {
        let caller = account(&pool, username).await;
        assert!(matches!(dangxiao::server::service::compliance::scope_of(&pool, &caller).await, Err(AppError::Forbidden)), "{username}");
    }
    for username in ["leader", "orgadmin"] {
        let caller = account(&pool, username).await;
        assert!(
            matches!(dangxiao::server::service::compliance::scope_of(&pool, &caller).await, Ok(compliance::Scope::District)),
            "{username}"
        );
    }
}

#[tokio::test]
async fn the_workbook_opens_with_the_listed_columns() {
    let (_db, pool) = demo_database().await;
    use calamine::{Data, Reader, Xlsx};
    demo_district(&pool).await;
    let c = compliance::compliance(&pool, 2016, day("2016-12-31"), &compliance::Scope::District).await.unwrap();
    let by = dangxiao::server::downloads::ExportedBy { who: "钟昌（orgadmin）".into(), at: "2017-05-25 10:00".into() };
    let bytes = workbook(&c, &by).unwrap();
    // Who exported it travels with the file: its properties (and each sheet's printed header).
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
    assert!(core.contains("钟昌（orgadmin）") && core.contains("导出时间：2017-05-25 10:00"), "{core}");
    let mut sheet = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(), &mut sheet).unwrap();
    assert!(sheet.contains("导出人：钟昌（orgadmin）"), "the printed header");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a valid xlsx");
    assert_eq!(book.sheet_names(), ["单位达标情况", "进度滞后人员"]);
    let units = book.worksheet_range("单位达标情况").unwrap();
    let header: Vec<String> = (0..UNIT_COLUMNS.len() as u32).map(|col| units.get_value((1, col)).unwrap().to_string()).collect();
    assert_eq!(header, UNIT_COLUMNS);
    assert_eq!(units.get_value((2, 0)), Some(&Data::String("全区".into())));
    assert_eq!(units.get_value((2, 1)), Some(&Data::Float(c.total.cadres as f64)));
    assert_eq!(units.height() as usize, 2 + 1 + c.units.len());
    let behind = book.worksheet_range("进度滞后人员").unwrap();
    let header: Vec<String> = (0..BEHIND_COLUMNS.len() as u32).map(|col| behind.get_value((0, col)).unwrap().to_string()).collect();
    assert_eq!(header, BEHIND_COLUMNS);
    assert_eq!(behind.height() as usize, 1 + c.behind.len());
}

#[tokio::test]
async fn org_admins_manage_accounts() {
    let (_db, pool) = demo_database().await;
    let id = auth::create_account(&pool, "newcadre", "first-Passw0rd", "新干部", None, None, &[Role::Cadre]).await.unwrap();
    let duplicate = auth::create_account(&pool, "newcadre", "first-Passw0rd", "重名", None, None, &[Role::Cadre]).await.unwrap_err();
    assert!(matches!(duplicate, AppError::Conflict(_)), "{duplicate:?}");

    assert!(accounts::update(&pool, id, &[Role::Cadre, Role::Teacher], true).await.unwrap());
    let caller = auth::load_caller(&pool, id).await.unwrap().unwrap();
    assert_eq!(caller.roles, vec![Role::Cadre, Role::Teacher], "one person, several roles");
    let listed = accounts::list(&pool, "newcad", 1, 20).await.unwrap();
    assert_eq!((listed.total, listed.rows[0].username.as_str(), listed.rows[0].roles.len()), (1, "newcadre", 2));
    // Newest first, a page at a time.
    let all = accounts::list(&pool, "", 1, 3).await.unwrap();
    assert_eq!((all.rows.len(), all.rows[0].username.as_str()), (3, "newcadre"));
    assert_eq!(all.pages, (all.total + 2) / 3);

    // A reset password works, the old one does not, and the reset is stamped (older sessions end).
    for _ in 0..3 {
        let _ = auth::authenticate(&pool, "newcadre", "wrong-password", "10.0.0.1").await;
    }
    let hash = auth::hash_password("second-Passw0rd".into()).await.unwrap();
    assert!(accounts::set_password_hash(&pool, id, &hash).await.unwrap());
    assert!(auth::authenticate(&pool, "newcadre", "first-Passw0rd", "10.0.0.2").await.is_err());
    assert_eq!(auth::authenticate(&pool, "newcadre", "second-Passw0rd", "10.0.0.2").await.unwrap(), id);
    assert!(auth::load_caller(&pool, id).await.unwrap().unwrap().credentials_changed_at.is_some());

    // A disabled account cannot sign in.
    assert!(accounts::update(&pool, id, &[Role::Cadre], false).await.unwrap());
    assert!(auth::authenticate(&pool, "newcadre", "second-Passw0rd", "10.0.0.2").await.is_err());
    assert!(auth::load_caller(&pool, id).await.unwrap().is_none());
    assert!(!accounts::update(&pool, 999_999, &[Role::Cadre], true).await.unwrap(), "no such account");
}

#[tokio::test]
async fn the_demo_year_shows_every_state_and_defaults_to_the_ledgers_last_day() {
    let (_db, pool) = demo_database().await;
    let (year, as_of) = dangxiao::server::service::compliance::resolve_period(&pool, None, None, &CLOCK).await.unwrap();
    assert_eq!((year, as_of), (2017, day("2017-05-25")), "the demo ledger ends on 25 May 2017");
    let c = compliance::compliance(&pool, year, as_of, &compliance::Scope::District).await.unwrap();
    assert!(c.total.on_track > 0 && c.total.behind > 0, "{:?}", c.total);
    let full = compliance::compliance(&pool, 2016, day("2016-12-31"), &compliance::Scope::District).await.unwrap();
    assert!(full.total.met > 0 && full.total.behind > 0, "{:?}", full.total);
    // Every online-academy entry names its rule and evidence.
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM study_hours WHERE source = 'external' AND rule = 'online_academy_record' AND rule_version = 1 AND evidence LIKE '%学习记录%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(n, 9 * full.total.cadres, "three batches a year, three years, every district-managed cadre");
    assert!(matches!(
        dangxiao::server::service::compliance::resolve_period(&pool, Some(2016), Some("2017-01-01"), &CLOCK).await,
        Err(AppError::Validation(_))
    ));
    assert!(matches!(
        dangxiao::server::service::compliance::resolve_period(&pool, Some(1800), None, &CLOCK).await,
        Err(AppError::Validation(_))
    ));
}
