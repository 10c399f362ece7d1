//! Writing the generated district: units, people, schools, classes, attendance and the ledger, in
//! multi-row statements inside the one transaction of the demo load.

use super::generate::{self, District};
use super::{oversight, store_years, yearly};
use crate::model::HourSource;
use crate::rules::study_hours::{ATTENDANCE_CREDIT, ONLINE_ACADEMY_RECORD};
use crate::server::db::{self, Db, Pool};

/// Inserts `rows` into `table` in multi-row statements (see [`db::insert_many`]).
pub(super) async fn insert<'r, T>(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    columns: &[&str],
    rows: &'r [T],
    bind: impl Fn(sqlx::query_builder::Separated<'_, 'r, Db, &'static str>, &'r T) + Copy,
) -> Result<(), sqlx::Error> {
    db::insert_many(tx, table, columns, rows, "", bind).await
}

pub(super) fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn datetime(d: chrono::NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub(super) async fn write(
    pool: &Pool,
    d: &District,
    y: &yearly::Yearly,
    t: &yearly::Teaching,
    o: &oversight::Oversight,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    crate::server::clock::record_day(&mut tx, super::district::today()).await?;
    insert(
        &mut tx,
        "units",
        &["id", "name", "short_name", "kind", "township_kind", "code", "parent_id", "in_district", "lon", "lat", "location_confidence"],
        &d.units,
        |mut b, u| {
            b.push_bind(u.id)
                .push_bind(&u.name)
                .push_bind(&u.short_name)
                .push_bind(u.kind.as_code())
                .push_bind(&u.township_kind)
                .push_bind(&u.code)
                .push_bind(u.parent_id)
                .push_bind(u.in_district)
                .push_bind(u.lon)
                .push_bind(u.lat)
                .push_bind(&u.confidence);
        },
    )
    .await?;
    insert(&mut tx, "people", &["id", "name", "unit_id", "rank", "district_managed", "party_member"], &d.people, |mut b, p| {
        b.push_bind(p.id).push_bind(&p.name).push_bind(p.unit_id).push_bind(p.rank.as_code()).push_bind(p.district_managed).push_bind(true);
    })
    .await?;
    insert(
        &mut tx,
        "schools",
        &[
            "id",
            "name",
            "founding_mode",
            "extension_kind",
            "host_unit_id",
            "township_id",
            "principal_id",
            "vice_principal_id",
            "opened_on",
            "pilot",
            "lon",
            "lat",
            "location_confidence",
            "status",
        ],
        &d.schools,
        |mut b, s| {
            b.push_bind(s.id)
                .push_bind(&s.name)
                .push_bind(s.mode.as_code())
                .push_bind(s.extension.map(|e| e.as_code()))
                .push_bind(s.host_unit_id)
                .push_bind(s.township_id)
                .push_bind(s.principal_id)
                .push_bind(s.vice_principal_id)
                .push_bind(date(s.opened_on))
                .push_bind(s.pilot)
                .push_bind(s.lon)
                .push_bind(s.lat)
                .push_bind(&s.confidence)
                .push_bind("active");
        },
    )
    .await?;
    insert(&mut tx, "school_members", &["school_id", "unit_id"], &d.school_members, |mut b, &(s, u)| {
        b.push_bind(s).push_bind(u);
    })
    .await?;
    insert(
        &mut tx,
        "principal_terms",
        &["id", "school_id", "person_id", "unit_id", "starts_on", "ends_on"],
        &d.principal_terms,
        |mut b, t| {
            b.push_bind(t.id)
                .push_bind(t.school_id)
                .push_bind(t.person_id)
                .push_bind(t.unit_id)
                .push_bind(date(t.starts_on))
                .push_bind(date(t.ends_on));
        },
    )
    .await?;
    insert(&mut tx, "joint_groups", &["id", "name", "kind"], &d.groups, |mut b, g| {
        b.push_bind(g.id).push_bind(&g.name).push_bind(g.kind);
    })
    .await?;
    let group_members: Vec<(i64, i64, i64)> =
        d.groups.iter().flat_map(|g| g.members.iter().enumerate().map(move |(i, &u)| (g.id, u, i as i64 + 1))).collect();
    insert(&mut tx, "joint_group_members", &["group_id", "unit_id", "rotation_order"], &group_members, |mut b, &(g, u, o)| {
        b.push_bind(g).push_bind(u).push_bind(o);
    })
    .await?;
    insert(&mut tx, "teachers", &["id", "name", "person_id", "unit_name", "in_district"], &d.teachers, |mut b, t| {
        b.push_bind(t.id).push_bind(&t.name).push_bind(t.person_id).push_bind(&t.unit_name).push_bind(t.in_district);
    })
    .await?;
    insert(
        &mut tx,
        "classes",
        &["id", "school_id", "joint_group_id", "title", "category", "starts_at", "ends_at", "venue", "hours"],
        &d.classes,
        |mut b, c| {
            b.push_bind(c.id)
                .push_bind(c.school_id)
                .push_bind(c.joint_group_id)
                .push_bind(&c.title)
                .push_bind(c.category.as_code())
                .push_bind(datetime(c.starts_at))
                .push_bind(datetime(c.ends_at))
                .push_bind(&c.venue)
                .push_bind(c.hours);
        },
    )
    .await?;
    insert(&mut tx, "class_teachers", &["class_id", "teacher_id"], &d.classes, |mut b, c| {
        b.push_bind(c.id).push_bind(c.teacher_id);
    })
    .await?;
    insert(&mut tx, "attendance", &["id", "class_id", "person_id", "checked_in_at", "method"], &d.attendance, |mut b, a| {
        b.push_bind(a.id).push_bind(a.class_id).push_bind(a.person_id).push_bind(datetime(a.checked_in_at)).push_bind(a.method.as_code());
    })
    .await?;
    insert(
        &mut tx,
        "study_hours",
        &["id", "person_id", "hours", "earned_on", "source", "rule", "rule_version", "class_id", "attendance_id", "evidence"],
        &d.study_hours,
        |mut b, h| {
            b.push_bind(h.id)
                .push_bind(h.person_id)
                .push_bind(h.hours)
                .push_bind(date(h.earned_on))
                .push_bind(HourSource::Attendance.as_code())
                .push_bind(ATTENDANCE_CREDIT.name)
                .push_bind(ATTENDANCE_CREDIT.version)
                .push_bind(h.class_id)
                .push_bind(h.attendance_id)
                .push_bind(format!("签到记录 #{}", h.attendance_id));
        },
    )
    .await?;
    let first_online = d.study_hours.len() as i64 + 1;
    let online: Vec<(i64, &generate::OnlineStudy)> = d.online_study.iter().enumerate().map(|(i, o)| (first_online + i as i64, o)).collect();
    insert(
        &mut tx,
        "study_hours",
        &["id", "person_id", "hours", "earned_on", "source", "rule", "rule_version", "evidence"],
        &online,
        |mut b, (id, o)| {
            b.push_bind(*id)
                .push_bind(o.person_id)
                .push_bind(o.hours)
                .push_bind(date(o.earned_on))
                .push_bind(HourSource::External.as_code())
                .push_bind(ONLINE_ACADEMY_RECORD.name)
                .push_bind(ONLINE_ACADEMY_RECORD.version)
                .push_bind(format!("{}学习记录（{} 导入）", o.platform, o.earned_on.format("%Y-%m")));
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO hour_audit (at, actor_id, person_id, action, hours, study_hour_id, claim_id, detail) \
         VALUES ($1, NULL, NULL, $2, $3, NULL, NULL, $4)",
    )
    .bind(super::district::now())
    .bind(crate::model::AuditAction::LedgerLoaded.as_code())
    .bind(d.study_hours.iter().map(|h| h.hours).chain(d.online_study.iter().map(|o| o.hours)).sum::<f64>())
    .bind(format!(
        "演示数据：导入参训学时 {} 条（规则 {} 第 {} 版，依据签到记录）、网络学院学时 {} 条（规则 {} 第 {} 版，依据平台学习记录）",
        d.study_hours.len(),
        ATTENDANCE_CREDIT.name,
        ATTENDANCE_CREDIT.version,
        d.online_study.len(),
        ONLINE_ACADEMY_RECORD.name,
        ONLINE_ACADEMY_RECORD.version
    ))
    .execute(&mut *tx)
    .await?;
    store_years::write_oversight(&mut tx, o).await?;
    let first_reward = first_online + d.online_study.len() as i64;
    let (premium_entries, premium_hours) = store_years::write_teaching(&mut tx, d, t, first_reward + y.lectures.len() as i64).await?;
    store_years::write_yearly(&mut tx, y, first_reward, (premium_entries, premium_hours)).await?;
    store_years::write_six_ones(&mut tx, d).await?;
    store_years::write_plans(&mut tx, d).await?;
    store_years::write_red_bases(&mut tx).await?;
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2)")
        .bind("demo_seed")
        .bind(generate::SEED.to_string())
        .execute(&mut *tx)
        .await?;
    crate::server::repo::rollup::rebuild(&mut tx).await?;
    tx.commit().await?;
    db::reset_id_sequences(
        pool,
        &[
            "units",
            "people",
            "schools",
            "principal_terms",
            "joint_groups",
            "teachers",
            "classes",
            "attendance",
            "study_hours",
            "course_nominations",
            "supervision_groups",
        ],
    )
    .await?;
    super::today::schedule(pool, &super::district::now()).await
}
