use crate::error::AppError;
use crate::model::{MapColour, MapData, MapPeriod};
use leptos::prelude::*;

/// Every school with its figures for a period (and its evaluation band). Aggregates of public
/// institutions only.
#[server(prefix = "/api", endpoint = "map")]
pub async fn get_map(period: MapPeriod, #[server(default)] colour: MapColour) -> Result<MapData, AppError> {
    AppError::answer(async move {
        let state = crate::server::state::app_state()?;
        Ok(crate::server::repo::schools::map(&state.pool, period, colour, &state.clock).await?)
    })
    .await
}
