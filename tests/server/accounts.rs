//! Accounts and study hours against a real database (SQLite, or PostgreSQL when DATABASE_URL names one).

use crate::common::database;
use crate::common::CLOCK;
use dangxiao::error::AppError;
use dangxiao::messages::{login_throttled, wrong_credentials};
use dangxiao::model::{HourSource, Role};
use dangxiao::server::auth;
use dangxiao::server::db::Db;
use dangxiao::server::demo::{self, Outcome};
use dangxiao::server::repo::hours;
use sqlx::Pool;

/// Loads the demo district with no password configured and returns the one generated for it.
async fn demo_password(pool: &Pool<Db>) -> String {
    match demo::load_if_empty(pool, None).await.expect("demo loads") {
        Outcome::Loaded { generated_password, .. } => generated_password.expect("a password is generated when none is configured"),
        Outcome::AlreadyHasData => panic!("fresh database expected"),
    }
}

fn message(e: AppError) -> String {
    e.to_string()
}

#[tokio::test]
async fn every_demo_role_has_an_account_that_signs_in() {
    let (_db, pool) = database().await;
    let password = demo_password(&pool).await;
    assert!(password.len() >= 12, "a generated password is long");
    for (username, role) in [
        ("leader", Role::Leader),
        ("orgadmin", Role::OrgAdmin),
        ("schooladmin", Role::SchoolAdmin),
        ("supervisor", Role::Supervisor),
        ("teacher", Role::Teacher),
        ("cadre", Role::Cadre),
    ] {
        let id = auth::authenticate(&pool, username, &password, "127.0.0.1").await.expect(username);
        let caller = auth::load_caller(&pool, id).await.unwrap().unwrap();
        assert_eq!(caller.roles, vec![role], "{username}");
        assert!(caller.person_id.is_some(), "{username} is a person of the district");
    }
    // The school admin runs the 前川片区 school.
    let id = auth::authenticate(&pool, "schooladmin", &password, "127.0.0.1").await.unwrap();
    let (school,): (String,) = sqlx::query_as("SELECT s.name FROM accounts a JOIN schools s ON s.id = a.school_id WHERE a.id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(school, "前川街前川片区业余党校");
    // Passwords are stored as argon2id hashes, never as given.
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM accounts WHERE username = 'cadre'").fetch_one(&pool).await.unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains(&password));
}

#[tokio::test]
async fn unknown_user_and_wrong_password_read_the_same() {
    let (_db, pool) = database().await;
    demo_password(&pool).await;
    let unknown = auth::authenticate(&pool, "nobody", "whatever", "10.0.0.1").await.unwrap_err();
    let wrong = auth::authenticate(&pool, "cadre", "whatever", "10.0.0.1").await.unwrap_err();
    assert_eq!(message(unknown), wrong_credentials());
    assert_eq!(message(wrong), wrong_credentials());
}

#[tokio::test]
async fn five_failures_lock_the_account_from_that_address_for_a_while() {
    let (_db, pool) = database().await;
    let password = demo_password(&pool).await;
    for _ in 0..5 {
        auth::authenticate(&pool, "cadre", "wrong", "10.0.0.2").await.unwrap_err();
    }
    // Even the right password is refused now from that address…
    let refused = auth::authenticate(&pool, "cadre", &password, "10.0.0.2").await.unwrap_err();
    assert_eq!(message(refused), login_throttled());
    // …but not from another (no lock-out of the account's owner by someone else's guesses).
    auth::authenticate(&pool, "cadre", &password, "10.0.0.3").await.expect("cadre signs in elsewhere");
    // Another account is not affected.
    auth::authenticate(&pool, "leader", &password, "10.0.0.2").await.expect("leader signs in");
    // After the window the failures no longer count.
    sqlx::query("UPDATE login_failures SET at = '2000-01-01T00:00:00'").execute(&pool).await.unwrap();
    auth::authenticate(&pool, "cadre", &password, "10.0.0.2").await.expect("cadre signs in again");
}

#[tokio::test]
async fn twenty_failures_from_one_address_refuse_it() {
    let (_db, pool) = database().await;
    let password = demo_password(&pool).await;
    for i in 0..20 {
        auth::authenticate(&pool, &format!("guess{i}"), "wrong", "10.9.9.9").await.unwrap_err();
    }
    let refused = auth::authenticate(&pool, "leader", &password, "10.9.9.9").await.unwrap_err();
    assert_eq!(message(refused), login_throttled());
    auth::authenticate(&pool, "leader", &password, "10.9.9.10").await.expect("another address may");
}

#[tokio::test]
async fn the_demo_cadre_has_hours_judged_by_the_rules() {
    let (_db, pool) = database().await;
    let password = demo_password(&pool).await;
    let id = auth::authenticate(&pool, "cadre", &password, "127.0.0.1").await.unwrap();
    let caller = auth::load_caller(&pool, id).await.unwrap().unwrap();
    let h = hours::person_hours(&pool, caller.person_id.unwrap(), None, &CLOCK).await.unwrap().unwrap();
    assert!(h.district_managed);
    assert_eq!(h.year, 2017, "the latest year of the ledger");
    assert!(!h.entries.is_empty());
    // Class attendance, the online academy and podium rewards, each entry naming its rule.
    assert!(h.entries.iter().all(|e| match e.source {
        HourSource::Attendance => e.rule == "attendance_credit",
        HourSource::External => e.rule == "online_academy_record",
        HourSource::Podium => e.rule == "podium_reward",
        _ => false,
    }));
    assert!(h.entries.iter().any(|e| e.source == HourSource::Attendance));
    assert_eq!(h.entries.iter().filter(|e| e.source == HourSource::External).count(), 3);
    assert_eq!(h.earned, h.entries.iter().map(|e| e.hours).sum::<f64>());
    assert_eq!(h.target, 110.0, "default target of a division-level cadre");
    assert_eq!(h.excellent_eligible, h.earned >= h.target);
    assert_eq!(h.last_three_years.iter().map(|y| y.0).collect::<Vec<_>>(), vec![2014, 2015, 2016]);
    // A target set by the organisation department replaces the default.
    sqlx::query("INSERT INTO hour_targets (year, rank, hours) VALUES (2017, 'division', 2)").execute(&pool).await.unwrap();
    let h = hours::person_hours(&pool, caller.person_id.unwrap(), Some(2017), &CLOCK).await.unwrap().unwrap();
    assert_eq!(h.target, 2.0);
    assert!(h.excellent_eligible, "{}", h.excellent_reason);
}

#[tokio::test]
async fn an_empty_installation_gets_its_first_org_admin_from_the_command_line() {
    use dangxiao::server::setup;
    let (_db, pool) = crate::common::database().await;
    assert!(!setup::has_accounts(&pool).await.unwrap());
    let password = setup::create_org_admin(&pool, " ZZB ", "组织部管理员").await.unwrap();
    assert!(password.len() >= 12, "a generated password");
    assert!(setup::has_accounts(&pool).await.unwrap());
    assert!(setup::create_org_admin(&pool, "zzb", "另一人").await.unwrap_err().contains("已被使用"));
    assert!(setup::create_org_admin(&pool, "组织部", "x").await.is_err(), "not a username");
    let id = auth::authenticate(&pool, "zzb", &password, "127.0.0.1").await.expect("signs in with the shown password");
    let caller = auth::load_caller(&pool, id).await.unwrap().unwrap();
    assert!(caller.roles.contains(&Role::OrgAdmin));
}
