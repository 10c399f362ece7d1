//! `dangxiao demo --scale N`: the demo district N times over — a city, for the benchmarks. The
//! district as loaded (its people, schools, classes and attendances) is copied N − 1 times with
//! shifted ids; each copy's schools are named with its number and sit in the same townships, so the
//! figures per township and per day grow N-fold while the number of townships and days stays. The
//! copies are written in SQL (`INSERT … SELECT`, one transaction per copy, explicit columns that read
//! the same on SQLite and PostgreSQL), then the kept counts are rebuilt from the raw rows.

use crate::server::db::{self, Pool};

/// Copies at most (N = 200 is 27 million attendances: far beyond a city, and a day's build).
pub const MAX_SCALE: u32 = 200;

/// What a scaled district holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Scaled {
    pub schools: i64,
    pub people: i64,
    pub classes: i64,
    pub attendances: i64,
}

/// Copies the loaded district so that it holds `times` districts. The database must hold exactly the
/// demo district (`Err` otherwise: a real installation is never multiplied).
pub async fn scale(pool: &Pool, times: u32) -> Result<Scaled, String> {
    if !(1..=MAX_SCALE).contains(&times) {
        return Err(format!("--scale 须在 1 到 {MAX_SCALE} 之间"));
    }
    let failed = |e: sqlx::Error| format!("扩展演示数据失败：{e}");
    let (seeded,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM app_meta WHERE key = 'demo_seed'").fetch_one(pool).await.map_err(failed)?;
    let (scaled,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM app_meta WHERE key = 'demo_scale'").fetch_one(pool).await.map_err(failed)?;
    if seeded == 0 || scaled > 0 {
        return Err("只能扩展刚装入的演示数据（数据库中须是未扩展过的演示区）".into());
    }
    let max = |table: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}")).fetch_one(pool).await.map_err(failed)?;
        Ok::<i64, String>(n)
    };
    let (people, schools, classes, attendances) =
        (max("people").await?, max("schools").await?, max("classes").await?, max("attendance").await?);
    for k in 1..i64::from(times) {
        let mut tx = db::begin_write(pool).await.map_err(failed)?;
        sqlx::query(
            "INSERT INTO people (id, name, unit_id, rank, district_managed, party_member) \
             SELECT id + $1, name, unit_id, rank, district_managed, party_member FROM people WHERE id <= $2",
        )
        .bind(k * people)
        .bind(people)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        sqlx::query(
            "INSERT INTO schools (id, name, founding_mode, extension_kind, host_unit_id, township_id, principal_id, \
                                  vice_principal_id, opened_on, pilot, lon, lat, location_confidence, status) \
             SELECT id + $1, name || $2, founding_mode, extension_kind, host_unit_id, township_id, principal_id + $3, \
                    vice_principal_id + $3, opened_on, pilot, lon, lat, location_confidence, status \
             FROM schools WHERE id <= $4",
        )
        .bind(k * schools)
        .bind(format!("（{}）", k + 1))
        .bind(k * people)
        .bind(schools)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        sqlx::query(
            "INSERT INTO classes (id, school_id, joint_group_id, title, category, starts_at, ends_at, venue, hours, status, \
                                  capacity, audience_unit_id, audience_rank, venue_kind, filing, filing_reason, created_by) \
             SELECT id + $1, school_id + $2, joint_group_id, title, category, starts_at, ends_at, venue, hours, status, \
                    capacity, audience_unit_id, audience_rank, venue_kind, filing, filing_reason, created_by \
             FROM classes WHERE id <= $3",
        )
        .bind(k * classes)
        .bind(k * schools)
        .bind(classes)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        sqlx::query(
            "INSERT INTO attendance (id, class_id, person_id, checked_in_at, method) \
             SELECT id + $1, class_id + $2, person_id + $3, checked_in_at, method FROM attendance WHERE id <= $4",
        )
        .bind(k * attendances)
        .bind(k * classes)
        .bind(k * people)
        .bind(attendances)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
        tx.commit().await.map_err(failed)?;
    }
    let mut tx = db::begin_write(pool).await.map_err(failed)?;
    crate::server::repo::rollup::rebuild(&mut tx).await.map_err(failed)?;
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ('demo_scale', $1)")
        .bind(times.to_string())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    db::reset_id_sequences(pool, &["people", "schools", "classes", "attendance"]).await.map_err(failed)?;
    // The planner's statistics for tables that grew N-fold.
    sqlx::query("ANALYZE").execute(pool).await.map_err(failed)?;
    let count = |table: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(pool).await.map_err(failed)?;
        Ok::<i64, String>(n)
    };
    Ok(Scaled {
        schools: count("schools").await?,
        people: count("people").await?,
        classes: count("classes").await?,
        attendances: count("attendance").await?,
    })
}
