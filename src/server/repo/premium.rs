//! The yearly premium-course selection in the database: the year's page, nominations, reviewers'
//! scores, and what publication writes. SQL and row mapping only: `service::premium` selects,
//! rewards or notifies, and says what is refused.

use crate::model::{CourseCategory, CourseSelection, NominationStatus, NominationView};
use crate::rules::premium::{review_mean, MIN_MEAN, MIN_REVIEWS, PER_CATEGORY};
use crate::server::db::{Conn, Pool};

#[derive(sqlx::FromRow)]
struct NominationRow {
    id: i64,
    category: CourseCategory,
    title: String,
    teacher: String,
    in_district: i64,
    unit: String,
    status: NominationStatus,
    hours: Option<f64>,
    notification: Option<String>,
}

/// A year's selection as `reviewer` (an account's review name) sees it; `year` defaults to the latest.
pub async fn selection(
    pool: &Pool,
    year: Option<i32>,
    reviewer: Option<&str>,
    clock: &crate::server::Clock,
) -> Result<CourseSelection, sqlx::Error> {
    let years: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM course_nominations ORDER BY year").fetch_all(pool).await?;
    let years: Vec<i32> = years.into_iter().map(|(y,)| y as i32).collect();
    let year = year.or(years.last().copied()).unwrap_or_else(|| clock.year());
    let published: Option<(crate::model::Moment,)> =
        sqlx::query_as("SELECT published_at FROM course_selections WHERE year = $1").bind(year as i64).fetch_optional(pool).await?;
    let rows: Vec<NominationRow> = sqlx::query_as(
        "SELECT n.id, n.category, n.title, t.name AS teacher, CASE WHEN t.in_district THEN 1 ELSE 0 END AS in_district, \
                t.unit_name AS unit, n.status, h.hours, n.notification \
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
        .map(|NominationRow { id, category, title, teacher, in_district, unit, status, hours, notification }| {
            let scores: Vec<f64> = reviews.iter().filter(|r| r.0 == id).map(|r| r.2).collect();
            NominationView {
                id,
                category,
                title,
                teacher,
                in_district: in_district != 0,
                unit,
                reviews: scores.len(),
                mean: review_mean(&scores),
                my_score: reviewer.and_then(|me| reviews.iter().find(|r| r.0 == id && r.1 == me).map(|r| r.2)),
                status,
                recognition: hours.map(crate::messages::reward_recognition).or(notification),
            }
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

/// Whether `year`'s result is published.
pub async fn published(pool: &Pool, year: i32) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT published_at FROM course_selections WHERE year = $1").bind(year as i64).fetch_optional(pool).await?;
    Ok(row.is_some())
}

/// Whether the pool has a teacher of that number.
pub async fn teacher_exists(pool: &Pool, teacher_id: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM teachers WHERE id = $1").bind(teacher_id).fetch_optional(pool).await?;
    Ok(row.is_some())
}

/// Nominates a course; `None` when the teacher's course of that title is nominated already that year.
pub async fn insert_nomination(
    pool: &Pool,
    year: i32,
    category: CourseCategory,
    title: &str,
    teacher_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO course_nominations (year, category, title, teacher_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (year, teacher_id, title) DO NOTHING RETURNING id",
    )
    .bind(year as i64)
    .bind(category)
    .bind(title)
    .bind(teacher_id)
    .fetch_optional(pool)
    .await?;
    Ok(inserted.map(|(id,)| id))
}

/// The year of a nomination, if it exists.
pub async fn nomination_year(pool: &Pool, nomination_id: i64) -> Result<Option<i32>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT year FROM course_nominations WHERE id = $1").bind(nomination_id).fetch_optional(pool).await?;
    Ok(row.map(|(y,)| y as i32))
}

/// A reviewer's score on a nomination; a second score replaces the first.
pub async fn save_review(pool: &Pool, nomination_id: i64, reviewer_id: i64, reviewer_name: &str, score: f64) -> Result<(), sqlx::Error> {
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

/// Marks `year` published (once); whether this call did.
pub async fn claim_publication(conn: &mut Conn, year: i32, at: &crate::model::Moment, actor: Option<i64>) -> Result<bool, sqlx::Error> {
    let claimed =
        sqlx::query("INSERT INTO course_selections (year, published_at, published_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(year as i64)
            .bind(at)
            .bind(actor)
            .execute(conn)
            .await?;
    Ok(claimed.rows_affected() == 1)
}

/// A nomination being published, with its teacher.
#[derive(sqlx::FromRow)]
pub struct Nomination {
    pub id: i64,
    pub category: CourseCategory,
    pub title: String,
    pub teacher: String,
    pub in_district: i64,
    pub unit: String,
    pub person: Option<i64>,
}

/// `year`'s nominations, in order of nomination.
pub async fn nominations(conn: &mut Conn, year: i32) -> Result<Vec<Nomination>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.id, n.category, n.title, t.name AS teacher, CASE WHEN t.in_district THEN 1 ELSE 0 END AS in_district, \
                t.unit_name AS unit, t.person_id AS person \
         FROM course_nominations n JOIN teachers t ON t.id = n.teacher_id WHERE n.year = $1 ORDER BY n.id",
    )
    .bind(year as i64)
    .fetch_all(conn)
    .await
}

/// `year`'s scores: (nomination, score).
pub async fn scores(conn: &mut Conn, year: i32) -> Result<Vec<(i64, f64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.nomination_id, r.score FROM course_reviews r JOIN course_nominations n ON n.id = r.nomination_id WHERE n.year = $1",
    )
    .bind(year as i64)
    .fetch_all(conn)
    .await
}

/// Marks a nomination not selected.
pub async fn mark_not_selected(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE course_nominations SET status = 'not_selected' WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// Marks a nomination selected with the ledger entry of its reward.
pub async fn mark_rewarded(conn: &mut Conn, id: i64, study_hour: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE course_nominations SET status = 'selected', study_hour_id = $1 WHERE id = $2")
        .bind(study_hour)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks a nomination selected with the notice sent to the teacher's unit.
pub async fn mark_notified(conn: &mut Conn, id: i64, notice: &str, at: &crate::model::Moment) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE course_nominations SET status = 'selected', notification = $1, notified_at = $2 WHERE id = $3")
        .bind(notice)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
