use crate::error::AppError;
use crate::model::SchoolDetail;
use leptos::prelude::*;

/// One school's details and figures.
#[server(prefix = "/api", endpoint = "school")]
pub async fn get_school(id: i64) -> Result<SchoolDetail, AppError> {
    AppError::answer(async move {
        let state = crate::server::state::app_state()?;
        crate::server::repo::schools::detail(&state.pool, id, &state.clock)
            .await?
            .ok_or_else(|| AppError::NotFound(crate::messages::school_noun(id)))
    })
    .await
}
