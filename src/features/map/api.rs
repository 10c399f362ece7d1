use crate::error::AppError;
use crate::model::{MapData, MapPeriod};
use leptos::prelude::*;

/// Every school with its figures for a period. Aggregates of public institutions only.
#[server(prefix = "/api", endpoint = "map")]
pub async fn get_map(period: MapPeriod) -> Result<MapData, AppError> {
    async move {
        let state = crate::server::state::app_state()?;
        Ok(crate::server::repo::schools::map(&state.pool, period).await?)
    }
    .await
    .map_err(AppError::respond)
}
