use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::Competency;
use leptos::prelude::*;

/// A year's competency results per team and one team's structure — district leaders and the
/// organisation department only.
#[server(prefix = "/api", endpoint = "competency")]
pub async fn get_competency(year: Option<i32>, unit: Option<i64>) -> Result<Competency, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadCompetency).await?;
        let year = year.map(crate::server::state::check_year).transpose()?;
        let state = app_state()?;
        service::competency::competency(&state.pool, &caller, year, unit, &state.clock).await
    })
    .await
}

/// For org admins: a multipart form with `year` and the results file `results` (XLSX or CSV with the
/// columns 人员编号、姓名、政治理论、综合素养、履职能力; ≤ 2 MB). All rows or none.
#[server(prefix = "/api", endpoint = "import_competency", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn import_competency(data: leptos::server_fn::codec::MultipartData) -> Result<crate::model::ImportReport, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, imports, repo, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ImportCompetency).await?;
        let upload = imports::read_upload(data, "results", msg::results_too_large()).await?;
        let year =
            upload.field("year").and_then(|y| y.parse::<i32>().ok()).ok_or_else(|| AppError::Validation(msg::year_missing().into()))?;
        let year = crate::server::state::check_year(year)?;
        let file = upload.file.filter(|f| !f.is_empty()).ok_or_else(|| AppError::Validation(msg::results_file_missing().into()))?;
        let rows =
            imports::parse_off_thread(file, |bytes| imports::columns(bytes, &repo::competency::COLUMNS, msg::field_results())).await?;
        service::competency::import(&app_state()?.pool, &caller, year, &rows, &crate::server::state::clock()?.now()).await
    })
    .await
}
