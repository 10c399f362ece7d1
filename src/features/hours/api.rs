use crate::error::AppError;
use crate::model::PersonHours;
use leptos::prelude::*;

/// A person's study hours for a year. Without `person_id`: the caller's own. Anyone else's only for
/// leaders and the organisation department: a cadre asking for another person is refused.
#[server(prefix = "/api", endpoint = "person_hours")]
pub async fn get_person_hours(person_id: Option<i64>, year: Option<i32>) -> Result<PersonHours, AppError> {
    async move {
        use crate::model::Role;
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require_login().await?;
        let person = match person_id {
            None => caller.person_id.ok_or_else(|| AppError::NotFound("与本账号关联的人员".into()))?,
            Some(id) if Some(id) == caller.person_id => id,
            Some(id) if caller.has_any(&[Role::Leader, Role::OrgAdmin]) => id,
            Some(_) => return Err(AppError::Forbidden),
        };
        if let Some(y) = year {
            if !(2000..=2100).contains(&y) {
                return Err(AppError::Validation("年份不正确".into()));
            }
        }
        repo::hours::person_hours(&app_state()?.pool, person, year)
            .await?
            .ok_or_else(|| AppError::NotFound("该人员".into()))
    }
    .await
    .map_err(AppError::respond)
}
