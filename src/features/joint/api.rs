use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::{CrossScoreForm, JointTraining};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn id(text: &str, what: &str) -> Result<i64, AppError> {
    text.trim().parse().map_err(|_| AppError::Validation(msg::choose(what)))
}

/// The joint-training groups and their year — for leaders, the organisation department, supervisors
/// and school admins.
#[server(prefix = "/api", endpoint = "joint")]
pub async fn get_joint(year: Option<i32>) -> Result<JointTraining, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadJoint).await?;
        let year = year.map(crate::server::state::check_year).transpose()?;
        service::joint::joint(&app_state()?.pool, &caller, year, &crate::server::state::clock()?).await
    })
    .await
}

/// 教学计划共定: a month of a group's yearly teaching plan (org admins; a member unit's school admin).
#[server(prefix = "/api", endpoint = "save_joint_plan")]
pub async fn save_joint_plan(group_id: String, year: i32, month: String, topic: String, category: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::PlanTeaching).await?;
        let year = crate::server::state::check_year(year)?;
        let group = id(&group_id, msg::field_joint_group())?;
        let clock = crate::server::state::clock()?;
        service::joint::save_plan(&app_state()?.pool, &caller, group, (year, &month), (&topic, &category), &clock).await
    })
    .await
}

/// 交叉评估: one member unit's four scores of another for a year.
/// The four scores are form fields `scores[teaching]`, `scores[organisation]`, `scores[ability]` and
/// `scores[results]`.
#[server(prefix = "/api", endpoint = "save_cross_scores")]
pub async fn save_cross_scores(
    group_id: String,
    year: i32,
    scorer: String,
    scored: String,
    scores: CrossScoreForm,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::CrossScore).await?;
        let year = crate::server::state::check_year(year)?;
        let (group, scorer, scored) =
            (id(&group_id, msg::field_joint_group())?, id(&scorer, msg::field_scorer())?, id(&scored, msg::field_scored())?);
        service::joint::save_cross(
            &app_state()?.pool,
            &caller,
            group,
            year,
            scorer,
            scored,
            [&scores.teaching, &scores.organisation, &scores.ability, &scores.results],
        )
        .await
    })
    .await
}
