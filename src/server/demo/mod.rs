//! The demo district: generated (see `generate`) and written in one transaction, once.

pub mod accounts;
mod catalog;
pub mod generate;
pub mod oversight;
pub mod yearly;

use super::db::{self, Db, Pool};
use crate::model::HourSource;
use crate::rules::study_hours::{ATTENDANCE_CREDIT, ONLINE_ACADEMY_RECORD};
use generate::District;
use sqlx::QueryBuilder;

/// What happened when the demo was asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `generated_password` is set when the demo accounts' password was made up here: show it once.
    Loaded {
        schools: usize,
        people: usize,
        classes: usize,
        attendances: usize,
        generated_password: Option<String>,
    },
    AlreadyHasData,
}

/// Loads the demo district unless the database already holds data (a second start keeps everything).
/// The demo accounts get `password` (the configured one), or one generated here and returned.
pub async fn load_if_empty(pool: &Pool, password: Option<&str>) -> Result<Outcome, sqlx::Error> {
    if has_data(pool).await? {
        return Ok(Outcome::AlreadyHasData);
    }
    let district = tokio::task::spawn_blocking(|| {
        let mut d = generate::generate();
        let o = oversight::generate(&mut d);
        let y = yearly::generate(&d);
        let t = yearly::teaching(&d);
        (d, (y, t, o))
    })
    .await
    .map_err(|e| sqlx::Error::Protocol(format!("demo generator failed: {e}")))?;
    let (district, (yearly, teaching, oversight)) = district;
    match write(pool, &district, &yearly, &teaching, &oversight).await {
        Ok(()) => {
            let (password, generated) = accounts::demo_password(password);
            accounts::create_demo_accounts(pool, &password).await.map_err(|e| sqlx::Error::Protocol(format!("demo accounts: {e}")))?;
            Ok(Outcome::Loaded {
                schools: district.schools.len(),
                people: district.people.len(),
                classes: district.classes.len(),
                attendances: district.attendance.len(),
                generated_password: generated.then_some(password),
            })
        }
        // Another instance sharing the database loaded it first: that is fine.
        Err(_) if has_data(pool).await? => Ok(Outcome::AlreadyHasData),
        Err(e) => Err(e),
    }
}

async fn has_data(pool: &Pool) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units").fetch_one(pool).await?;
    Ok(n > 0)
}

/// The demo's supervision groups (督导组); the `supervisor` account belongs to the first.
pub const SUPERVISION_GROUPS: [&str; 4] = ["第一督导组", "第二督导组", "第三督导组", "第四督导组"];

/// Rows per INSERT: stays under SQLite's and PostgreSQL's limits on bound parameters.
const MAX_BINDS: usize = 30_000;

/// Inserts `rows` into `table` in multi-row statements.
async fn insert<'r, T>(
    tx: &mut sqlx::Transaction<'_, Db>,
    table: &str,
    columns: &[&str],
    rows: &'r [T],
    bind: impl Fn(sqlx::query_builder::Separated<'_, 'r, Db, &'static str>, &'r T) + Copy,
) -> Result<(), sqlx::Error> {
    let per_statement = (MAX_BINDS / columns.len()).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut qb: QueryBuilder<'r, Db> = QueryBuilder::new(format!("INSERT INTO {table} ({}) ", columns.join(", ")));
        qb.push_values(chunk, bind);
        // The `Any` driver's builder writes `?` placeholders, which PostgreSQL does not read: there the
        // same arguments go out under `$1, $2, …`. SQLite keeps `?` (it looks up each `$n` by name).
        let mut built = qb.build();
        if crate::server::db::Backend::of_conn(tx) == crate::server::db::Backend::Sqlite {
            built.execute(&mut **tx).await?;
            continue;
        }
        let arguments = sqlx::Execute::take_arguments(&mut built).map_err(sqlx::Error::Encode)?.unwrap_or_default();
        let sql = numbered_placeholders(sqlx::Execute::sql(&built));
        sqlx::query_with(&sql, arguments).execute(&mut **tx).await?;
    }
    Ok(())
}

/// `?, ?` → `$1, $2` (the builder's SQL holds no other question mark: values travel as arguments).
fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + sql.len() / 4);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn datetime(d: chrono::NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

async fn write(pool: &Pool, d: &District, y: &yearly::Yearly, t: &yearly::Teaching, o: &oversight::Oversight) -> Result<(), sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
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
    .bind(super::beijing_now())
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
    write_oversight(&mut tx, o).await?;
    let first_reward = first_online + d.online_study.len() as i64;
    let (premium_entries, premium_hours) = write_teaching(&mut tx, d, t, first_reward + y.lectures.len() as i64).await?;
    write_yearly(&mut tx, y, first_reward, (premium_entries, premium_hours)).await?;
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2)")
        .bind("demo_seed")
        .bind(generate::SEED.to_string())
        .execute(&mut *tx)
        .await?;
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
    .await
}

/// 督导组 (four, each led by a division-level cadre of the district Party school, with members, schools
/// and visits), the joint-training groups' rotation, plans and cross-evaluation, the competency tests.
async fn write_oversight(tx: &mut sqlx::Transaction<'_, Db>, o: &oversight::Oversight) -> Result<(), sqlx::Error> {
    let loaded_at = super::beijing_now();
    for (i, name) in SUPERVISION_GROUPS.iter().enumerate() {
        sqlx::query("INSERT INTO supervision_groups (id, name, leader_person_id) VALUES ($1, $2, $3)")
            .bind(i as i64 + 1)
            .bind(*name)
            .bind(o.leaders[i])
            .execute(&mut **tx)
            .await?;
    }
    insert(tx, "supervision_group_members", &["group_id", "person_id"], &o.members, |mut b, &(g, p)| {
        b.push_bind(g as i64 + 1).push_bind(p);
    })
    .await?;
    insert(tx, "supervision_group_schools", &["school_id", "group_id"], &o.assignments, |mut b, &(s, g)| {
        b.push_bind(s).push_bind(g as i64 + 1);
    })
    .await?;
    insert(
        tx,
        "supervision_visits",
        &["group_id", "school_id", "visited_on", "findings", "follow_up", "due_on", "status", "done_on", "done_note", "recorded_at"],
        &o.visits,
        |mut b, v| {
            let status = match (v.due_on, v.done) {
                (None, _) => "none",
                (Some(_), None) => "open",
                (Some(_), Some(_)) => "done",
            };
            b.push_bind(v.group as i64 + 1)
                .push_bind(v.school_id)
                .push_bind(date(v.visited_on))
                .push_bind(v.findings)
                .push_bind(v.follow_up)
                .push_bind(v.due_on.map(date))
                .push_bind(status)
                .push_bind(v.done.map(|d| date(d.0)))
                .push_bind(v.done.map_or("", |d| d.1))
                .push_bind(loaded_at.clone());
        },
    )
    .await?;
    sqlx::query("UPDATE joint_groups SET rotation_from = $1 WHERE kind = 'regional'")
        .bind(oversight::ROTATION_FROM)
        .execute(&mut **tx)
        .await?;
    insert(tx, "joint_plans", &["group_id", "year", "month", "topic", "category"], &o.plans, |mut b, p| {
        b.push_bind(p.0).push_bind(p.1 as i64).push_bind(p.2 as i64).push_bind(p.3).push_bind(p.4.as_code());
    })
    .await?;
    insert(
        tx,
        "joint_cross_scores",
        &["group_id", "year", "scorer_unit_id", "scored_unit_id", "criterion", "score"],
        &o.cross,
        |mut b, c| {
            b.push_bind(c.0).push_bind(c.1 as i64).push_bind(c.2).push_bind(c.3).push_bind(c.4.as_code()).push_bind(c.5);
        },
    )
    .await?;
    insert(
        tx,
        "competency_results",
        &["year", "person_id", "political_theory", "general_quality", "job_capability", "imported_at"],
        &o.competency,
        |mut b, c| {
            b.push_bind(c.0 as i64).push_bind(c.1).push_bind(c.2[0]).push_bind(c.2[1]).push_bind(c.2[2]).push_bind(loaded_at.clone());
        },
    )
    .await
}

/// The demo's evaluations (scores, subsidies, the 2016 unqualified school's rectification) and podium
/// lectures with their reward hours (ledger ids from `first_entry` on).
async fn write_yearly(
    tx: &mut sqlx::Transaction<'_, Db>,
    y: &yearly::Yearly,
    first_entry: i64,
    (premium_entries, premium_hours): (usize, f64),
) -> Result<(), sqlx::Error> {
    use crate::rules::podium::PODIUM_REWARD;
    let loaded_at = super::beijing_now();
    insert(tx, "evaluation_scores", &["school_id", "year", "criterion", "method", "score", "entered_at"], &y.scores, |mut b, s| {
        b.push_bind(s.school_id)
            .push_bind(s.year as i64)
            .push_bind(s.criterion.as_code())
            .push_bind(s.method.as_code())
            .push_bind(s.score)
            .push_bind(loaded_at.clone());
    })
    .await?;
    for year in [yearly::COMPLETE_YEAR, yearly::OPEN_YEAR] {
        for (band, amount) in [("demonstration", yearly::SUBSIDIES.0), ("excellent", yearly::SUBSIDIES.1)] {
            sqlx::query("INSERT INTO band_subsidies (year, band, amount) VALUES ($1, $2, $3)")
                .bind(year as i64)
                .bind(band)
                .bind(amount)
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query(
        "INSERT INTO rectifications (school_id, year, interview_on, deadline, status, note, updated_at) \
         VALUES ($1, $2, '2017-01-12', '2017-06-30', 'in_progress', $3, $4)",
    )
    .bind(y.unqualified)
    .bind(yearly::COMPLETE_YEAR as i64)
    .bind("区委组织部约谈校长；已制定整改方案，补齐教学计划和培训台账")
    .bind(&loaded_at)
    .execute(&mut **tx)
    .await?;
    let lectures: Vec<(i64, &yearly::Lecture)> = y.lectures.iter().enumerate().map(|(i, l)| (first_entry + i as i64, l)).collect();
    insert(
        tx,
        "study_hours",
        &["id", "person_id", "hours", "earned_on", "source", "rule", "rule_version", "evidence"],
        &lectures,
        |mut b, (id, l)| {
            b.push_bind(*id)
                .push_bind(l.person_id)
                .push_bind(l.hours)
                .push_bind(date(l.given_on))
                .push_bind(HourSource::Podium.as_code())
                .push_bind(PODIUM_REWARD.name)
                .push_bind(PODIUM_REWARD.version)
                .push_bind(format!("上讲台：{}《{}》", l.venue.label(), l.title));
        },
    )
    .await?;
    insert(
        tx,
        "podium_lectures",
        &["person_id", "given_on", "venue_kind", "school_id", "title", "study_hour_id", "recorded_at"],
        &lectures,
        |mut b, (id, l)| {
            b.push_bind(l.person_id)
                .push_bind(date(l.given_on))
                .push_bind(l.venue.as_code())
                .push_bind(l.school_id)
                .push_bind(l.title)
                .push_bind(*id)
                .push_bind(loaded_at.clone());
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO hour_audit (at, actor_id, person_id, action, hours, study_hour_id, claim_id, detail) \
         VALUES ($1, NULL, NULL, $2, $3, NULL, NULL, $4)",
    )
    .bind(&loaded_at)
    .bind(crate::model::AuditAction::LedgerLoaded.as_code())
    .bind(y.lectures.iter().map(|l| l.hours).sum::<f64>() + premium_hours)
    .bind(format!(
        "演示数据：导入上讲台奖励学时 {} 条（规则 {} 第 {} 版，依据授课登记）、精品课程奖励学时 {premium_entries} 条（规则 {} 第 {} 版，依据{}年度评选结果）",
        y.lectures.len(),
        PODIUM_REWARD.name,
        PODIUM_REWARD.version,
        crate::rules::premium::PREMIUM_REWARD.name,
        crate::rules::premium::PREMIUM_REWARD.version,
        yearly::PUBLISHED_COURSE_YEAR
    ))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The demo's teacher specialties, trainees' answers and premium-course selections (2016 published:
/// its rewards are ledger entries from `first_entry` on). Returns the reward entries written.
async fn write_teaching(
    tx: &mut sqlx::Transaction<'_, Db>,
    d: &District,
    t: &yearly::Teaching,
    first_entry: i64,
) -> Result<(usize, f64), sqlx::Error> {
    use crate::rules::premium::{recognition, select_premium, Nominee, Recognition, PREMIUM_REWARD};
    for (id, specialties) in &t.specialties {
        sqlx::query("UPDATE teachers SET specialties = $1 WHERE id = $2").bind(specialties).bind(id).execute(&mut **tx).await?;
    }
    insert(tx, "class_feedback", &["class_id", "content", "teaching", "organisation", "usefulness", "comment"], &t.feedback, |mut b, f| {
        b.push_bind(f.class_id)
            .push_bind(f.scales[0])
            .push_bind(f.scales[1])
            .push_bind(f.scales[2])
            .push_bind(f.scales[3])
            .push_bind(f.comment);
    })
    .await?;
    insert(tx, "class_feedback_given", &["class_id", "person_id"], &t.feedback, |mut b, f| {
        b.push_bind(f.class_id).push_bind(f.person_id);
    })
    .await?;

    // 2016's selection, decided by the rule as publication would.
    let nominees: Vec<Nominee> = t
        .nominations
        .iter()
        .enumerate()
        .filter(|(_, n)| n.year == yearly::PUBLISHED_COURSE_YEAR)
        .map(|(i, n)| Nominee { id: i as i64 + 1, category: n.category.as_code(), scores: n.reviews.iter().map(|r| r.1).collect() })
        .collect();
    let selected = select_premium(&nominees);
    let published_on = format!("{}-12-20", yearly::PUBLISHED_COURSE_YEAR);
    struct Row<'a> {
        id: i64,
        n: &'a yearly::Nomination,
        status: &'static str,
        entry: Option<(i64, i64, f64)>,
        notification: Option<String>,
    }
    let mut rows = Vec::new();
    let mut next_entry = first_entry;
    for (i, n) in t.nominations.iter().enumerate() {
        let id = i as i64 + 1;
        let teacher = &d.teachers[(n.teacher_id - 1) as usize];
        let (status, entry, notification) = if n.year != yearly::PUBLISHED_COURSE_YEAR {
            ("nominated", None, None)
        } else if !selected.contains(&id) {
            ("not_selected", None, None)
        } else {
            match (
                teacher.person_id,
                recognition(teacher.in_district && teacher.person_id.is_some(), &teacher.unit_name, &teacher.name, n.title, n.year),
            ) {
                (Some(person), Recognition::RewardHours(hours)) => {
                    next_entry += 1;
                    ("selected", Some((next_entry - 1, person, hours)), None)
                }
                (_, Recognition::NotifyUnit(text)) => ("selected", None, Some(text)),
                (None, Recognition::RewardHours(_)) => ("selected", None, None),
            }
        };
        rows.push(Row { id, n, status, entry, notification });
    }
    let rewards: Vec<&Row> = rows.iter().filter(|r| r.entry.is_some()).collect();
    insert(
        tx,
        "study_hours",
        &["id", "person_id", "hours", "earned_on", "source", "rule", "rule_version", "evidence"],
        &rewards,
        |mut b, r| {
            let (id, person, hours) = r.entry.unwrap_or_default();
            b.push_bind(id)
                .push_bind(person)
                .push_bind(hours)
                .push_bind(published_on.clone())
                .push_bind(HourSource::PremiumCourse.as_code())
                .push_bind(PREMIUM_REWARD.name)
                .push_bind(PREMIUM_REWARD.version)
                .push_bind(format!("精品课程入选：{}年度《{}》", r.n.year, r.n.title));
        },
    )
    .await?;
    insert(
        tx,
        "course_nominations",
        &["id", "year", "category", "title", "teacher_id", "status", "study_hour_id", "notification", "notified_at"],
        &rows,
        |mut b, r| {
            b.push_bind(r.id)
                .push_bind(r.n.year as i64)
                .push_bind(r.n.category.as_code())
                .push_bind(r.n.title)
                .push_bind(r.n.teacher_id)
                .push_bind(r.status)
                .push_bind(r.entry.map(|e| e.0))
                .push_bind(r.notification.clone())
                .push_bind(r.notification.as_ref().map(|_| format!("{published_on} 10:00:00")));
        },
    )
    .await?;
    let reviews: Vec<(i64, &str, f64)> = rows.iter().flat_map(|r| r.n.reviews.iter().map(move |(who, s)| (r.id, *who, *s))).collect();
    insert(tx, "course_reviews", &["nomination_id", "reviewer_name", "score"], &reviews, |mut b, (id, who, score)| {
        b.push_bind(*id).push_bind(*who).push_bind(*score);
    })
    .await?;
    sqlx::query("INSERT INTO course_selections (year, published_at) VALUES ($1, $2)")
        .bind(yearly::PUBLISHED_COURSE_YEAR as i64)
        .bind(format!("{published_on} 10:00:00"))
        .execute(&mut **tx)
        .await?;
    Ok((rewards.len(), rewards.iter().filter_map(|r| r.entry.map(|e| e.2)).sum()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_in_order() {
        assert_eq!(
            super::numbered_placeholders("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }
}
