//! The yearly premium-course selection: nominations, reviewers' scores, and publication — which marks
//! the selected by `rules::premium::select_premium` and, for each, credits reward hours (in-district
//! teacher, with an audit line) or records the notice to the teacher's unit (out-of-district).

use super::audit::{self, Change};
use crate::error::AppError;
use crate::model::{AuditAction, CourseCategory, CourseSelection, HourSource, NominationStatus, NominationView};
use crate::rules::premium::{
    recognition, review_mean, select_premium, Nominee, Recognition, MIN_MEAN, MIN_REVIEWS, PER_CATEGORY, PREMIUM_REWARD,
};
use crate::server::db::Pool;

/// (id, category, title, teacher, in district, unit, person) of a nomination being published.
type PublishRow = (i64, String, String, String, i64, String, Option<i64>);
type NominationRow = (i64, String, String, String, i64, String, String, Option<f64>, Option<String>);

/// A year's selection as `reviewer` (an account's review name) sees it; `year` defaults to the latest.
pub async fn selection(pool: &Pool, year: Option<i32>, reviewer: Option<&str>, today: &str) -> Result<CourseSelection, sqlx::Error> {
    let years: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM course_nominations ORDER BY year").fetch_all(pool).await?;
    let years: Vec<i32> = years.into_iter().map(|(y,)| y as i32).collect();
    let year = year.or(years.last().copied()).unwrap_or_else(|| today[..4].parse().unwrap_or(2017));
    let published: Option<(String,)> =
        sqlx::query_as("SELECT published_at FROM course_selections WHERE year = $1").bind(year as i64).fetch_optional(pool).await?;
    let rows: Vec<NominationRow> = sqlx::query_as(
        "SELECT n.id, n.category, n.title, t.name, CASE WHEN t.in_district THEN 1 ELSE 0 END, t.unit_name, n.status, h.hours, n.notification \
         FROM course_nominations n JOIN teachers t ON t.id = n.teacher_id LEFT JOIN study_hours h ON h.id = n.study_hour_id \
         WHERE n.year = $1 ORDER BY n.id",
    )
    .bind(year as i64)
    .fetch_all(pool)
    .await?;
    let reviews: Vec<(i64, String, f64)> = sqlx::query_as(
        "SELECT r.nomination_id, r.reviewer_name, r.score FROM course_reviews r JOIN course_nominations n ON n.id = r.nomination_id \
         WHERE n.year = $1",
    )
    .bind(year as i64)
    .fetch_all(pool)
    .await?;
    let mut nominations: Vec<NominationView> = rows
        .into_iter()
        .filter_map(|(id, category, title, teacher, in_district, unit, status, hours, notification)| {
            let scores: Vec<f64> = reviews.iter().filter(|r| r.0 == id).map(|r| r.2).collect();
            Some(NominationView {
                id,
                category: CourseCategory::from_code(&category)?,
                title,
                teacher,
                in_district: in_district != 0,
                unit,
                reviews: scores.len(),
                mean: review_mean(&scores),
                my_score: reviewer.and_then(|me| reviews.iter().find(|r| r.0 == id && r.1 == me).map(|r| r.2)),
                status: NominationStatus::from_code(&status)?,
                recognition: hours.map(|h| format!("奖励 {h} 学时")).or(notification),
            })
        })
        .collect();
    // Category by category, the best mean first.
    nominations
        .sort_by(|a, b| a.category.cmp(&b.category).then(b.mean.unwrap_or(-1.0).total_cmp(&a.mean.unwrap_or(-1.0))).then(a.id.cmp(&b.id)));
    let teachers: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, unit_name FROM teachers ORDER BY id").fetch_all(pool).await?;
    Ok(CourseSelection {
        year,
        years,
        published_at: published.map(|(p,)| p),
        nominations,
        teachers: teachers.into_iter().map(|(id, name, unit)| (id, format!("{name} · {unit}"))).collect(),
        may_review: false,
        rule: format!(
            "每类至多入选 {PER_CATEGORY} 门：须有不少于 {MIN_REVIEWS} 位评审打分、平均分不低于 {MIN_MEAN} 分，按平均分从高到低；\
             平均分相同，评审人数多者在前，再按提名先后。区内教师入选奖励学时，区外教师向其单位组织人事部门通报。"
        ),
    })
}

async fn unpublished(pool: &Pool, year: i32) -> Result<(), AppError> {
    let published: Option<(String,)> =
        sqlx::query_as("SELECT published_at FROM course_selections WHERE year = $1").bind(year as i64).fetch_optional(pool).await?;
    match published {
        Some(_) => Err(AppError::Conflict(format!("{year}年度精品课程评选结果已公布，不能再修改"))),
        None => Ok(()),
    }
}

/// Nominates a course of a pool teacher for `year`.
pub async fn nominate(pool: &Pool, year: i32, category: CourseCategory, title: &str, teacher_id: i64) -> Result<i64, AppError> {
    unpublished(pool, year).await?;
    let teacher: Option<(i64,)> = sqlx::query_as("SELECT id FROM teachers WHERE id = $1").bind(teacher_id).fetch_optional(pool).await?;
    teacher.ok_or_else(|| AppError::Validation("所选教师不在师资库中".into()))?;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO course_nominations (year, category, title, teacher_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (year, teacher_id, title) DO NOTHING RETURNING id",
    )
    .bind(year as i64)
    .bind(category.as_code())
    .bind(title)
    .bind(teacher_id)
    .fetch_optional(pool)
    .await?;
    inserted.map(|(id,)| id).ok_or_else(|| AppError::Conflict("该教师的这门课程今年已经提名".into()))
}

/// A reviewer's score on a nomination (a second score replaces the first) until publication.
pub async fn review(pool: &Pool, nomination_id: i64, reviewer_id: i64, reviewer_name: &str, score: f64) -> Result<(), AppError> {
    let year: Option<(i64,)> =
        sqlx::query_as("SELECT year FROM course_nominations WHERE id = $1").bind(nomination_id).fetch_optional(pool).await?;
    let Some((year,)) = year else { return Err(AppError::NotFound("该提名".into())) };
    unpublished(pool, year as i32).await?;
    sqlx::query(
        "INSERT INTO course_reviews (nomination_id, reviewer_id, reviewer_name, score) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (nomination_id, reviewer_name) DO UPDATE SET score = excluded.score",
    )
    .bind(nomination_id)
    .bind(reviewer_id)
    .bind(reviewer_name)
    .bind(score)
    .execute(pool)
    .await?;
    Ok(())
}

/// Publishes `year`'s result once: selects, rewards or notifies, in one transaction. Returns how
/// many were selected.
pub async fn publish(pool: &Pool, year: i32, actor: Option<i64>, at: &str) -> Result<usize, AppError> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    let claimed =
        sqlx::query("INSERT INTO course_selections (year, published_at, published_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(year as i64)
            .bind(at)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() == 0 {
        return Err(AppError::Conflict(format!("{year}年度精品课程评选结果已公布，不能再修改")));
    }
    let rows: Vec<PublishRow> = sqlx::query_as(
        "SELECT n.id, n.category, n.title, t.name, CASE WHEN t.in_district THEN 1 ELSE 0 END, t.unit_name, t.person_id \
         FROM course_nominations n JOIN teachers t ON t.id = n.teacher_id WHERE n.year = $1 ORDER BY n.id",
    )
    .bind(year as i64)
    .fetch_all(&mut *tx)
    .await?;
    if rows.is_empty() {
        return Err(AppError::Validation(format!("{year}年度还没有提名的课程")));
    }
    let reviews: Vec<(i64, f64)> = sqlx::query_as(
        "SELECT r.nomination_id, r.score FROM course_reviews r JOIN course_nominations n ON n.id = r.nomination_id WHERE n.year = $1",
    )
    .bind(year as i64)
    .fetch_all(&mut *tx)
    .await?;
    let nominees: Vec<Nominee> = rows
        .iter()
        .filter_map(|(id, category, ..)| {
            let category = CourseCategory::from_code(category)?.as_code();
            Some(Nominee { id: *id, category, scores: reviews.iter().filter(|r| r.0 == *id).map(|r| r.1).collect() })
        })
        .collect();
    let selected = select_premium(&nominees);
    for (id, _, title, teacher, in_district, unit, person) in &rows {
        if !selected.contains(id) {
            sqlx::query("UPDATE course_nominations SET status = 'not_selected' WHERE id = $1").bind(id).execute(&mut *tx).await?;
            continue;
        }
        match (*person, recognition(*in_district != 0 && person.is_some(), unit, teacher, title, year)) {
            (Some(person), Recognition::RewardHours(hours)) => {
                let evidence = format!("精品课程入选：{year}年度《{title}》");
                let entry = super::hours::credit(
                    &mut tx,
                    super::hours::Credit {
                        person,
                        hours,
                        earned_on: &at[..10],
                        source: HourSource::PremiumCourse,
                        rule: PREMIUM_REWARD,
                        evidence: &evidence,
                        attendance: None,
                    },
                )
                .await?;
                sqlx::query("UPDATE course_nominations SET status = 'selected', study_hour_id = $1 WHERE id = $2")
                    .bind(entry)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                audit::record(
                    &mut tx,
                    Change {
                        actor,
                        person: Some(person),
                        action: AuditAction::PremiumCredited,
                        hours: Some(hours),
                        study_hour: Some(entry),
                        claim: None,
                        detail: format!("{evidence}，奖励 {hours} 学时（规则 {} 第 {} 版）", PREMIUM_REWARD.name, PREMIUM_REWARD.version),
                    },
                )
                .await?;
            }
            (_, recognition) => {
                let notice = match recognition {
                    Recognition::NotifyUnit(notice) => notice,
                    // Not reachable (hours only for a teacher with a person), but never lost.
                    Recognition::RewardHours(_) => format!("{unit}：{teacher}同志讲授的《{title}》入选{year}年度精品课程"),
                };
                sqlx::query("UPDATE course_nominations SET status = 'selected', notification = $1, notified_at = $2 WHERE id = $3")
                    .bind(notice)
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(selected.len())
}
