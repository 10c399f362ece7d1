use crate::error::AppError;
use crate::model::Dashboard;
use leptos::prelude::*;

/// The dashboard's figures. Aggregates only (no person's data): readable by anyone who can open the
/// site, as the district publishes these figures.
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    AppError::answer(async move {
        let state = crate::server::state::app_state()?;
        Ok(crate::server::repo::dashboard::dashboard(&state.pool, &state.clock).await?)
    })
    .await
}
