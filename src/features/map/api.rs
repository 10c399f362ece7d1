use crate::error::AppError;
use crate::model::{MapColour, MapData, MapPeriod};
use leptos::prelude::*;

/// Every school with its figures for a period (and its evaluation band). Aggregates of public
/// institutions only; computed once per change for every screen showing the same map (`server::views`).
#[server(prefix = "/api", endpoint = "map")]
pub async fn get_map(period: MapPeriod, #[server(default)] colour: MapColour) -> Result<MapData, AppError> {
    AppError::answer(async move {
        let state = crate::server::state::app_state()?;
        Ok(state.views.map(&state.pool, &state.clock, period, colour).await?)
    })
    .await
}
