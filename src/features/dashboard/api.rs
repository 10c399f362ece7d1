use crate::error::AppError;
use crate::model::Dashboard;
use leptos::prelude::*;

/// The dashboard's figures for a period (`period`: `article` — the default —, `year`, `month`, or
/// `range` with `from` and `to`, judged on the app's clock). Aggregates only (no person's data):
/// readable by anyone who can open the site, as the district publishes these figures.
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn get_dashboard(
    #[server(default)] period: Option<String>,
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
) -> Result<Dashboard, AppError> {
    AppError::answer(async move {
        use crate::model::PeriodKind;
        use crate::server::repo::dashboard;
        let state = crate::server::state::app_state()?;
        let kind = period.as_deref().and_then(PeriodKind::from_code).unwrap_or_default();
        let period = dashboard::resolve(kind, from.as_deref(), to.as_deref(), state.clock.today()).map_err(AppError::Validation)?;
        let mut dashboard = state.views.dashboard(&state.pool, &state.clock, &period).await?;
        // Made once for every reader in Chinese; a reader of English gets the charts' texts in English.
        let lang = crate::i18n::detect();
        if lang == crate::i18n::Lang::En {
            dashboard.charts.translate(|json| crate::i18n::tr_json(lang, json));
        }
        Ok(dashboard)
    })
    .await
}
