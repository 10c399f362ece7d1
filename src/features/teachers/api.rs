use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::{CourseSelection, FeedbackDue, TeacherPool};
use leptos::prelude::*;

/// The classes the caller attended and has not yet evaluated.
#[server(prefix = "/api", endpoint = "feedback_due")]
pub async fn get_feedback_due() -> Result<Vec<FeedbackDue>, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require_login().await?;
        let Some(person) = caller.person_id else { return Ok(Vec::new()) };
        let now = crate::server::state::clock()?.now();
        Ok(repo::feedback::due(&app_state()?.pool, person, &now).await?)
    })
    .await
}

#[cfg(feature = "ssr")]
fn scale(text: &str) -> i64 {
    text.trim().parse().unwrap_or(0)
}

/// The caller's anonymous answer on a class they attended (four 1–5 scales and a comment), once.
#[server(prefix = "/api", endpoint = "submit_feedback")]
pub async fn submit_feedback(
    class_id: i64,
    #[server(default)] content: String,
    #[server(default)] teaching: String,
    #[server(default)] organisation: String,
    #[server(default)] usefulness: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        let person = caller.person_id.ok_or_else(|| AppError::Validation(msg::feedback_needs_person().into()))?;
        let answer =
            crate::rules::feedback::check_answer([scale(&content), scale(&teaching), scale(&organisation), scale(&usefulness)], &comment)
                .map_err(AppError::Validation)?;
        let now = crate::server::state::clock()?.now();
        service::feedback::submit(&app_state()?.pool, person, class_id, &answer, &now).await
    })
    .await
}

/// The teacher pool ranked by points — for leaders, the organisation department, supervisors and
/// teachers (who also see their own line).
#[server(prefix = "/api", endpoint = "teacher_pool")]
pub async fn get_teacher_pool() -> Result<TeacherPool, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadTeachers).await?;
        let mut pool = repo::teachers::pool_ranking(&app_state()?.pool, caller.person_id).await?;
        pool.may_report = caller.may(crate::rules::access::Action::ManageCourses);
        Ok(pool)
    })
    .await
}

/// How a reviewer's scores are named: unique per account.
#[cfg(feature = "ssr")]
fn reviewer_name(caller: &crate::server::auth::Caller) -> String {
    format!("{}（{}）", caller.display_name, caller.username)
}

/// A year's premium-course selection (default: the latest year with nominations).
#[server(prefix = "/api", endpoint = "course_selection")]
pub async fn get_course_selection(year: Option<i32>) -> Result<CourseSelection, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadTeachers).await?;
        let year = year.map(crate::server::state::check_year).transpose()?;
        let reviews = caller.may(crate::rules::access::Action::ManageCourses);
        let name = reviewer_name(&caller);
        let mut selection =
            repo::premium::selection(&app_state()?.pool, year, reviews.then_some(name.as_str()), &crate::server::state::clock()?).await?;
        selection.may_review = reviews;
        Ok(selection)
    })
    .await
}

/// For org admins: nominates a pool teacher's course in one of the 7 categories.
#[server(prefix = "/api", endpoint = "nominate_course")]
pub async fn nominate_course(year: i32, category: String, title: String, #[server(default)] teacher_id: String) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::model::CourseCategory;
        use crate::server::{auth, service, state::app_state};
        auth::require(crate::rules::access::Action::ManageCourses).await?;
        let year = crate::server::state::check_year(year)?;
        let category = CourseCategory::from_code(&category).ok_or_else(|| AppError::Validation(msg::category_missing().into()))?;
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 60 {
            return Err(AppError::Validation(msg::course_title_rule().into()));
        }
        let teacher_id: i64 = teacher_id.trim().parse().map_err(|_| AppError::Validation(msg::teacher_missing().into()))?;
        service::premium::nominate(&app_state()?.pool, year, category, title, teacher_id).await
    })
    .await
}

/// For org admins (the review panel): one's score on a nomination, 0–100.
#[server(prefix = "/api", endpoint = "review_course")]
pub async fn review_course(nomination_id: i64, score: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageCourses).await?;
        let score: f64 = score.trim().parse().map_err(|_| AppError::Validation(msg::review_score_not_number().into()))?;
        crate::rules::premium::check_review_score(score).map_err(AppError::Validation)?;
        service::premium::review(&app_state()?.pool, nomination_id, caller.account_id, &reviewer_name(&caller), score).await
    })
    .await
}

/// For org admins: publishes the year's selection (once): rewards and notifications follow.
#[server(prefix = "/api", endpoint = "publish_courses")]
pub async fn publish_courses(year: i32) -> Result<usize, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageCourses).await?;
        let year = crate::server::state::check_year(year)?;
        service::premium::publish(&app_state()?.pool, year, Some(caller.account_id), &crate::server::state::clock()?.now()).await
    })
    .await
}

/// For org admins: reports the ranking's top (前 10 名) to each teacher's unit — a notice per teacher,
/// recorded with the rank and points of the day. Returns how many notices were made.
#[server(prefix = "/api", endpoint = "report_top_teachers")]
pub async fn report_top_teachers() -> Result<usize, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, db::begin_write, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageCourses).await?;
        let state = app_state()?;
        let ranking = repo::teachers::pool_ranking(&state.pool, None).await?;
        let day = state.clock.today().to_string();
        let top: Vec<(i64, usize, String, f64, String)> = ranking
            .teachers
            .iter()
            .take(ranking.reported)
            .map(|t| (t.id, t.rank, t.unit.clone(), t.points, msg::teacher_report_notice(&t.unit, &t.name, t.rank, t.points, &day)))
            .collect();
        if top.is_empty() {
            return Err(AppError::Validation(msg::no_teachers_to_report().into()));
        }
        let mut tx = begin_write(&state.pool).await?;
        repo::teachers::record_report(&mut tx, &state.clock.now(), caller.account_id, &top).await?;
        tx.commit().await?;
        Ok(top.len())
    })
    .await
}
