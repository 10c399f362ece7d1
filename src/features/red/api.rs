use crate::error::AppError;
use crate::model::RedLectureHall;
use leptos::prelude::*;

/// The Red Lecture Hall's lectures and the red teaching bases (anyone: a district programme).
#[server(prefix = "/api", endpoint = "red_lectures")]
pub async fn get_red_lectures() -> Result<RedLectureHall, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::caller().await?;
        service::red::hall(&app_state()?.pool, caller.as_ref()).await
    })
    .await
}

/// Adds a red teaching base (the organisation department): a name, its place, an introduction.
#[server(prefix = "/api", endpoint = "add_red_base")]
pub async fn add_red_base(name: String, place: String, #[server(default)] about: String) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        service::red::add_base(&state::app_state()?.pool, &caller, (&name, &place, &about), &state::clock()?).await
    })
    .await
}

/// Retires a red teaching base (the organisation department): no new lecture there; past ones keep it.
#[server(prefix = "/api", endpoint = "retire_red_base")]
pub async fn retire_red_base(base_id: i64) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        service::red::retire_base(&state::app_state()?.pool, &caller, base_id, &state::clock()?).await
    })
    .await
}
