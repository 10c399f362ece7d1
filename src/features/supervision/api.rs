use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::Supervision;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn id(text: &str, what: &str) -> Result<i64, AppError> {
    text.trim().parse().map_err(|_| AppError::Validation(msg::choose(what)))
}

/// The groups the caller may see (leaders and org admins: all four; a supervisor: their own), their
/// schools and visits.
#[server(prefix = "/api", endpoint = "supervision")]
pub async fn get_supervision() -> Result<Supervision, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadSupervision).await?;
        service::supervision::supervision(&app_state()?.pool, &caller, &crate::server::state::clock()?).await
    })
    .await
}

/// For org admins: puts a school in a group's care (never a group with people of the school's unit).
#[server(prefix = "/api", endpoint = "assign_supervision")]
pub async fn assign_supervision(school_id: String, group_id: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::AssignSupervision).await?;
        let (school, group) = (id(&school_id, msg::field_school_short())?, id(&group_id, msg::field_supervision_group())?);
        service::supervision::assign(&app_state()?.pool, &caller, school, group).await
    })
    .await
}

/// A supervisor (of the school's group) or an org admin records a visit: findings, and a follow-up
/// with its deadline when something must be put right.
#[server(prefix = "/api", endpoint = "record_visit")]
pub async fn record_visit(
    school_id: String,
    visited_on: String,
    findings: String,
    #[server(default)] follow_up: String,
    #[server(default)] due_on: String,
) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::rules::supervision::VisitInput;

        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::RecordVisits).await?;
        let school = id(&school_id, msg::field_supervised_school())?;
        let visit = VisitInput { visited_on: &visited_on, findings: &findings, follow_up: &follow_up, due_on: &due_on };
        service::supervision::record_visit(&app_state()?.pool, &caller, school, &visit, &crate::server::state::clock()?).await
    })
    .await
}

/// Marks a visit's follow-up done, with what was done.
#[server(prefix = "/api", endpoint = "close_follow_up")]
pub async fn close_follow_up(visit_id: String, note: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::RecordVisits).await?;
        let visit = id(&visit_id, msg::visit_noun())?;
        service::supervision::close_follow_up(&app_state()?.pool, &caller, visit, &note, &crate::server::state::clock()?).await
    })
    .await
}
