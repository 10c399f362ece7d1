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

/// A school's 六个一: which items are in place (anyone), and their documents for those who may read
/// them (the school's admin, leaders, the organisation department, supervisors).
#[server(prefix = "/api", endpoint = "six_ones")]
pub async fn get_six_ones(school_id: i64) -> Result<crate::model::SixOnes, AppError> {
    AppError::answer(async move {
        let state = crate::server::state::app_state()?;
        let caller = crate::server::auth::caller().await?;
        crate::server::service::six_ones::of_school(&state, caller.as_ref(), school_id).await
    })
    .await
}

/// Puts a document on one of a school's 六个一 (its school admin, or the organisation department): a
/// multipart form with `school_id` and `item` first, then the file `document` (PDF/JPG/PNG by
/// content, at most 5 MB; at most 10 per item). Who may is checked before the file is read.
#[server(prefix = "/api", endpoint = "upload_school_document", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_school_document(data: leptos::server_fn::codec::MultipartData) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::messages as msg;
        use crate::rules::six_ones::{check_document, check_item, MAX_DOCUMENT_BYTES};
        use crate::server::{auth, imports::read_limited, repo::claims::Evidence, service::six_ones, state::app_state};
        let caller = auth::require(crate::rules::access::Action::EditSchoolProfile).await?;
        let bad = || AppError::Validation(msg::bad_request().into());
        let mut form = data.into_inner().ok_or_else(bad)?;
        let (mut school, mut item) = (None::<i64>, None);
        while let Some(mut field) = form.next_field().await.map_err(|_| bad())? {
            match field.name().unwrap_or_default() {
                "school_id" => {
                    let text = read_limited(&mut field, 32).await?.ok_or_else(bad)?;
                    school = Some(String::from_utf8_lossy(&text).trim().parse().map_err(|_| bad())?);
                }
                "item" => {
                    let text = read_limited(&mut field, 64).await?.ok_or_else(bad)?;
                    item = Some(check_item(&String::from_utf8_lossy(&text)).map_err(AppError::Validation)?);
                }
                "document" => {
                    // Before a byte of the file is read: whose school, which item, and who asks.
                    let (Some(school), Some(item)) = (school, item) else {
                        return Err(AppError::Validation(msg::six_one_item_missing().into()));
                    };
                    if !six_ones::may_edit(&caller, school) {
                        return Err(AppError::Forbidden);
                    }
                    let raw_name = field.file_name().unwrap_or_default().to_string();
                    let bytes = read_limited(&mut field, MAX_DOCUMENT_BYTES).await?;
                    let size = bytes.as_ref().map_or(MAX_DOCUMENT_BYTES + 1, Vec::len);
                    let bytes = bytes.unwrap_or_default();
                    let mime = check_document(infer::get(&bytes).map(|t| t.mime_type()), size).map_err(AppError::Validation)?;
                    let name = crate::rules::guard::uploaded_file_name(&raw_name, item.label());
                    return six_ones::add(&app_state()?, &caller, school, item, Evidence { name, mime, bytes }).await;
                }
                _ => return Err(bad()),
            }
        }
        Err(AppError::Validation(msg::document_missing().into()))
    })
    .await
}

/// Removes a document from a school's 六个一 (its school admin, or the organisation department).
#[server(prefix = "/api", endpoint = "remove_school_document")]
pub async fn remove_school_document(school_id: i64, document_id: i64) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::six_ones, state::app_state};
        let caller = auth::require(crate::rules::access::Action::EditSchoolProfile).await?;
        six_ones::remove(&app_state()?, &caller, school_id, document_id).await
    })
    .await
}

/// The district's 六个一 table: every school with the items it has in place, the fewest first
/// (leaders, the organisation department, supervisors).
#[server(prefix = "/api", endpoint = "six_ones_table")]
pub async fn get_six_ones_table() -> Result<Vec<crate::model::SixOnesRow>, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ReadEvaluation).await?;
        Ok(repo::six_ones::table(&app_state()?.pool).await?)
    })
    .await
}

/// A school's yearly teaching plan (教学计划; this year when `year` is none): anyone may read it, as
/// the school's page; its school admin and the organisation department may change it.
#[server(prefix = "/api", endpoint = "school_plan")]
pub async fn get_school_plan(school_id: i64, #[server(default)] year: Option<i32>) -> Result<crate::model::SchoolPlan, AppError> {
    AppError::answer(async move {
        let state = crate::server::state::app_state()?;
        let caller = crate::server::auth::caller().await?;
        crate::server::service::plans::of_school(&state, caller.as_ref(), school_id, year).await
    })
    .await
}

/// A line of a school's plan as its form posts it (`line[topic]=…`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PlanLineForm {
    pub year: i32,
    pub month: String,
    pub topic: String,
    pub category: String,
    /// A joint school's member unit hosting the line.
    pub host_unit_id: String,
}

/// Adds a line to a school's plan (its school admin, or the organisation department). Returns its number.
#[server(prefix = "/api", endpoint = "add_plan_line")]
pub async fn add_plan_line(school_id: i64, #[server(default)] line: PlanLineForm) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::plans, state::app_state};
        let caller = auth::require(crate::rules::access::Action::PlanTeaching).await?;
        let form = plans::LineForm {
            year: line.year,
            month: &line.month,
            topic: &line.topic,
            category: &line.category,
            host_unit_id: &line.host_unit_id,
        };
        plans::add_line(&app_state()?, &caller, school_id, &form).await
    })
    .await
}

/// Removes a line no class is held for from a school's plan (its school admin, or the organisation
/// department).
#[server(prefix = "/api", endpoint = "remove_plan_line")]
pub async fn remove_plan_line(school_id: i64, line_id: i64) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::plans, state::app_state};
        let caller = auth::require(crate::rules::access::Action::PlanTeaching).await?;
        plans::remove_line(&app_state()?, &caller, school_id, line_id).await
    })
    .await
}
