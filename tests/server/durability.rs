//! Acknowledged writes are kept: check-ins racing a close-out are credited or refused (never stored
//! and forgotten), parallel check-ins never overbook a class, and a backup taken during writes holds
//! every write acknowledged before it began.

use crate::common::demo_database;
use crate::common::CLOCK;
use dangxiao::model::{AttendanceMethod, ClassStatus};
use dangxiao::server::db::Db;
use dangxiao::server::service::{attendance, classes};
use sqlx::Pool;

use crate::common::{account, open_class};

async fn people_outside(pool: &Pool<Db>, class: i64, n: i64) -> Vec<i64> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM people WHERE id NOT IN (SELECT person_id FROM attendance WHERE class_id = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(class)
    .bind(n)
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

#[tokio::test]
async fn check_ins_racing_the_close_out_are_credited_or_refused() {
    let (_db, pool) = demo_database().await;
    let admin = account(&pool, "schooladmin").await;
    let class = open_class(&pool, None).await;
    let people = people_outside(&pool, class, 60).await;
    // One writer for all: the check-ins are written in groups, as the server writes them.
    let writer = attendance::CheckInWriter::start(pool.clone());
    let mut tasks = Vec::new();
    let mut close = None;
    for (i, person) in people.into_iter().enumerate() {
        let w = writer.clone();
        tasks.push(tokio::spawn(async move {
            if i % 7 == 0 {
                tokio::task::yield_now().await;
            }
            attendance::check_in(&w, class, person, AttendanceMethod::Qr, &CLOCK).await.map(|r| (person, r.already))
        }));
        if i == 30 {
            let (pool, admin) = (pool.clone(), admin.clone());
            close = Some(tokio::spawn(async move { classes::close(&pool, &admin, class, &CLOCK).await }));
        }
    }
    let mut acknowledged = Vec::new();
    for t in tasks {
        if let Ok((person, false)) = t.await.unwrap() {
            acknowledged.push(person);
        }
    }
    close.unwrap().await.unwrap().expect("the close-out went through");
    let facts = dangxiao::server::repo::classes::facts(&pool, class).await.unwrap().unwrap();
    assert_eq!(facts.status, ClassStatus::Closed);
    // Everyone told 签到成功 is on the roster and credited by the close-out.
    for person in acknowledged {
        let (credited,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM attendance a JOIN study_hours h ON h.attendance_id = a.id WHERE a.class_id = $1 AND a.person_id = $2",
        )
        .bind(class)
        .bind(person)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(credited, 1, "person {person} was told 签到成功 but not credited");
    }
    let (stray,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM attendance a WHERE a.class_id = $1 AND NOT EXISTS (SELECT 1 FROM study_hours h WHERE h.attendance_id = a.id)",
    )
    .bind(class)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stray, 0, "no attendance stored after the close-out");
}

#[tokio::test]
async fn parallel_check_ins_never_overbook() {
    let (_db, pool) = demo_database().await;
    let class = open_class(&pool, Some(5)).await;
    let (on_roster,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE class_id = $1").bind(class).fetch_one(&pool).await.unwrap();
    sqlx::query("UPDATE classes SET capacity = $2 WHERE id = $1").bind(class).bind(on_roster + 5).execute(&pool).await.unwrap();
    let people = people_outside(&pool, class, 40).await;
    let writer = attendance::CheckInWriter::start(pool.clone());
    let tasks: Vec<_> = people
        .into_iter()
        .map(|person| {
            let writer = writer.clone();
            tokio::spawn(async move { attendance::check_in(&writer, class, person, AttendanceMethod::Qr, &CLOCK).await })
        })
        .collect();
    let mut admitted = 0;
    for t in tasks {
        if t.await.unwrap().is_ok() {
            admitted += 1;
        }
    }
    let (now,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE class_id = $1").bind(class).fetch_one(&pool).await.unwrap();
    assert_eq!(admitted, 5);
    assert!(writer.groups() < 40, "check-ins arriving together share a commit ({} groups for 40)", writer.groups());
    assert_eq!(now, on_roster + 5, "capacity holds under parallel check-ins");
}

/// Check-ins to several classes arriving together (written in shared groups): each class keeps its
/// own capacity, a person's second check-in is answered "already", and the daily counts move by
/// exactly what was added.
#[tokio::test]
async fn check_ins_to_several_classes_at_once_keep_each_class_right() {
    use dangxiao::server::repo::rollup::{self, Grain};
    let (_db, pool) = demo_database().await;
    let small = open_class(&pool, None).await;
    let (on_roster,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE class_id = $1").bind(small).fetch_one(&pool).await.unwrap();
    sqlx::query("UPDATE classes SET capacity = $2 WHERE id = $1").bind(small).bind(on_roster + 3).execute(&pool).await.unwrap();
    let (large,): (i64,) = sqlx::query_as("SELECT id FROM classes WHERE id <> $1 AND status = 'closed' ORDER BY id DESC LIMIT 1")
        .bind(small)
        .fetch_one(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE classes SET status = 'open', capacity = NULL, audience_unit_id = NULL, audience_rank = NULL, ends_at = '2099-01-01T00:00' WHERE id = $1")
        .bind(large)
        .execute(&pool)
        .await
        .unwrap();
    let mut people = people_outside(&pool, small, 60).await;
    let others = people_outside(&pool, large, 60).await;
    people.retain(|p| others.contains(p));
    people.truncate(12);
    assert_eq!(people.len(), 12);
    let writer = attendance::CheckInWriter::start(pool.clone());
    let mut tasks = Vec::new();
    for &person in &people {
        for class in [small, large, large] {
            let w = writer.clone();
            tasks.push(tokio::spawn(async move {
                (class, attendance::check_in(&w, class, person, AttendanceMethod::Qr, &CLOCK).await.map(|r| r.already))
            }));
        }
    }
    let (mut small_in, mut small_full, mut large_new, mut large_again) = (0, 0, 0, 0);
    for t in tasks {
        match t.await.unwrap() {
            (c, Ok(false)) if c == small => small_in += 1,
            (c, Err(_)) if c == small => small_full += 1,
            (_, Ok(false)) => large_new += 1,
            (_, Ok(true)) => large_again += 1,
            (c, other) => panic!("class {c}: {other:?}"),
        }
    }
    assert_eq!((small_in, small_full), (3, 9), "three places left in the small class");
    assert_eq!((large_new, large_again), (12, 12), "each person once in the large class, the second time \"already\"");
    assert!(writer.groups() < 36, "the check-ins shared commits ({} groups for 36)", writer.groups());
    for grain in [Grain::School, Grain::Township] {
        assert_eq!(rollup::kept(&pool, grain).await.unwrap(), rollup::recount(&pool, grain).await.unwrap(), "{grain:?}");
    }
}

/// SQLite only: `dangxiao backup` copies the embedded database (PostgreSQL has pg_dump).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_every_acknowledged_row() {
    if crate::common::backend() != dangxiao::server::db::Backend::Sqlite {
        return eprintln!("SQLite only: PostgreSQL is backed up with pg_dump");
    }
    use dangxiao::server::db;
    let dir = std::env::temp_dir().join(format!("dangxiao-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("live.db").display());
    let pool = db::connect(&url).await.unwrap();
    db::migrate(&pool).await.unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (pool, stop) = (pool.clone(), stop.clone());
        tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            let mut i = 0i64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let inserted: Result<(i64,), _> =
                    sqlx::query_as("INSERT INTO login_addresses (username, address, last_at) VALUES ($1, 'x', 'y') RETURNING 1")
                        .bind(format!("row{i}"))
                        .fetch_one(&pool)
                        .await;
                if inserted.is_ok() {
                    acknowledged.push((i, std::time::Instant::now()));
                }
                i += 1;
            }
            acknowledged
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let began = std::time::Instant::now();
    let copy = dir.join("copy.db");
    db::backup(&pool, &copy).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let acknowledged = writer.await.unwrap();
    let before: Vec<i64> = acknowledged.iter().filter(|(_, at)| *at < began).map(|(i, _)| *i).collect();
    assert!(before.len() > 10, "writes were under way: {}", before.len());
    assert!(acknowledged.len() > before.len(), "and went on during the backup");
    pool.close().await;

    // Restore into a fresh place and read it back.
    let restored_url = format!("sqlite://{}", dir.join("restored.db").display());
    db::restore(&restored_url, &copy).await.unwrap();
    let restored = db::connect(&restored_url).await.unwrap();
    let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&restored).await.unwrap();
    assert_eq!(integrity, "ok");
    let rows: Vec<(String,)> = sqlx::query_as("SELECT username FROM login_addresses").fetch_all(&restored).await.unwrap();
    let rows: std::collections::HashSet<String> = rows.into_iter().map(|r| r.0).collect();
    for i in before {
        assert!(rows.contains(&format!("row{i}")), "row {i}, acknowledged before the backup began, is in it");
    }
    // A backup never overwrites, and a file that is not one of ours is not restored.
    assert!(db::backup(&restored, &copy).await.unwrap_err().contains("已存在"));
    std::fs::write(dir.join("junk.db"), b"not a database").unwrap();
    assert!(db::restore(&restored_url, &dir.join("junk.db")).await.is_err());
    restored.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
