use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::{Evaluation, Scorecard};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
fn amount(text: &str, what: &str) -> Result<f64, AppError> {
    let value: f64 = text.trim().parse().map_err(|_| AppError::Validation(msg::fill_number(what)))?;
    if !(0.0..=10_000_000.0).contains(&value) {
        return Err(AppError::Validation(msg::amount_range(what)));
    }
    Ok(value)
}

/// A year's evaluation (default: the latest year with scores).
#[server(prefix = "/api", endpoint = "evaluation")]
pub async fn get_evaluation(year: Option<i32>) -> Result<Evaluation, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ReadEvaluation).await?;
        let year = year.map(crate::server::state::check_year).transpose()?;
        Ok(repo::evaluation::evaluation(&app_state()?.pool, year, &crate::server::state::clock()?).await?)
    })
    .await
}

/// One school's scorecard for a year.
#[server(prefix = "/api", endpoint = "scorecard")]
pub async fn get_scorecard(school_id: i64, year: i32) -> Result<Scorecard, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::evaluation, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadEvaluation).await?;
        let year = crate::server::state::check_year(year)?;
        evaluation::scorecard(&app_state()?.pool, &caller, school_id, year, &crate::server::state::clock()?).await
    })
    .await
}

/// A school's scores for a year, keyed `criterion__method` (e.g. `venue__site_visit`); a blank clears
/// the score. Every score is checked first: one error and nothing is saved. The organisation
/// department saves every column, a supervisor of the school's group the 实地查看 column (the others,
/// sent as the form shows them, are left as they are).
#[server(prefix = "/api", endpoint = "save_scorecard")]
pub async fn save_scorecard(school_id: i64, year: i32, #[server(default)] scores: BTreeMap<String, String>) -> Result<usize, AppError> {
    AppError::answer(async move {
        use crate::model::{Criterion, EvalMethod};
        use crate::rules::six_haves::parse_score;
        use crate::server::{auth, service::evaluation, state::app_state};
        // The organisation department, or a supervisor (whose group is checked below).
        let caller = auth::require(crate::rules::access::Action::RecordVisits).await?;
        let year = crate::server::state::check_year(year)?;
        let mut parsed = Vec::new();
        for criterion in Criterion::ALL {
            for method in EvalMethod::ALL {
                let text = scores.get(&format!("{}__{}", criterion.as_code(), method.as_code())).map(String::as_str).unwrap_or("");
                let score =
                    if text.trim().is_empty() { None } else { Some(parse_score(text, *criterion, *method).map_err(AppError::Validation)?) };
                parsed.push((*criterion, *method, score));
            }
        }
        evaluation::save(&app_state()?.pool, &caller, school_id, year, parsed, &crate::server::state::clock()?).await
    })
    .await
}

/// For org admins: fills a school's 学员评价 column of a year from the trainees' questionnaire of its
/// classes (at least 5 answers). Returns the scores, in `Criterion::ALL` order.
#[server(prefix = "/api", endpoint = "fill_trainee_scores")]
pub async fn fill_trainee_scores(school_id: i64, year: i32) -> Result<Vec<f64>, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::evaluation, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageEvaluation).await?;
        let year = crate::server::state::check_year(year)?;
        evaluation::fill_from_questionnaire(&app_state()?.pool, &caller, school_id, year, &crate::server::state::clock()?).await
    })
    .await
}

/// For org admins: the year's method weights (per cent, adding up to 100).
#[server(prefix = "/api", endpoint = "set_evaluation_weights")]
pub async fn set_evaluation_weights(
    year: i32,
    site_visit: String,
    document_review: String,
    trainee_evaluation: String,
    overall: String,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ManageEvaluation).await?;
        let year = crate::server::state::check_year(year)?;
        let mut weights = [0.0; 4];
        for (slot, text) in weights.iter_mut().zip([&site_visit, &document_review, &trainee_evaluation, &overall]) {
            *slot = text.trim().parse().map_err(|_| AppError::Validation(msg::weights_not_numbers().into()))?;
        }
        crate::rules::six_haves::check_weights(&weights).map_err(AppError::Validation)?;
        Ok(repo::evaluation::set_weights(&app_state()?.pool, year, weights).await?)
    })
    .await
}

/// For org admins: the year's subsidy (yuan) of a demonstration and of an excellent school.
#[server(prefix = "/api", endpoint = "set_band_subsidies")]
pub async fn set_band_subsidies(year: i32, demonstration: String, excellent: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ManageEvaluation).await?;
        let year = crate::server::state::check_year(year)?;
        let d = amount(&demonstration, msg::field_demonstration_subsidy())?;
        let e = amount(&excellent, msg::field_excellent_subsidy())?;
        Ok(repo::evaluation::set_subsidies(&app_state()?.pool, year, d, e).await?)
    })
    .await
}

/// For org admins: the rectification of the year's unqualified school (only that school).
#[server(prefix = "/api", endpoint = "save_rectification")]
pub async fn save_rectification(
    school_id: i64,
    year: i32,
    interview_on: String,
    deadline: String,
    status: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::model::RectificationStatus;
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageEvaluation).await?;
        let year = crate::server::state::check_year(year)?;
        let (interview_on, deadline) = (interview_on.trim(), deadline.trim());
        crate::rules::six_haves::check_rectification(interview_on, deadline).map_err(AppError::Validation)?;
        let status =
            RectificationStatus::from_code(&status).ok_or_else(|| AppError::Validation(msg::rectification_status_missing().into()))?;
        let note = note.trim();
        if note.chars().count() > 500 {
            return Err(AppError::Validation(msg::rectification_note_too_long().into()));
        }
        let pool = app_state()?.pool;
        let evaluation = repo::evaluation::evaluation(&pool, Some(year), &crate::server::state::clock()?).await?;
        if evaluation.unqualified.as_ref().map(|u| u.0) != Some(school_id) {
            return Err(AppError::Validation(msg::not_failed_school(year)));
        }
        Ok(repo::evaluation::save_rectification(
            &pool,
            caller.account_id,
            school_id,
            year,
            interview_on,
            deadline,
            status,
            note,
            &crate::server::state::clock()?.now(),
        )
        .await?)
    })
    .await
}

/// 党建考核: a year's lines per unit — its school's band and its leaders' podium completion as points
/// (leaders, the organisation department; a school admin their own unit's line only).
#[server(prefix = "/api", endpoint = "assessment")]
pub async fn get_assessment(year: Option<i32>) -> Result<crate::model::Assessment, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadAssessment).await?;
        let year = year.map(crate::server::state::check_year).transpose()?;
        let pool = app_state()?.pool;
        // Not the whole district: the caller's school's host unit only.
        let scope = if caller.sees_district() {
            None
        } else {
            let school = caller.own_school().ok_or(AppError::Forbidden)?;
            Some(repo::schools::host_unit_name(&pool, school).await?.ok_or(AppError::Forbidden)?)
        };
        Ok(repo::assessment::assessment(&pool, year, &crate::server::state::clock()?, scope.as_deref()).await?)
    })
    .await
}

/// For org admins: what each band and full podium completion are worth in the units' assessment.
#[server(prefix = "/api", endpoint = "set_assessment_points")]
pub async fn set_assessment_points(
    demonstration: String,
    excellent: String,
    qualified: String,
    unqualified: String,
    podium: String,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::model::Band;
        use crate::rules::assessment::{check_points, Points};
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ManageEvaluation).await?;
        let mut bands = [0.0; 4];
        for ((slot, text), band) in bands.iter_mut().zip([&demonstration, &excellent, &qualified, &unqualified]).zip(Band::ALL) {
            *slot = check_points(text, band.label()).map_err(AppError::Validation)?;
        }
        let podium = check_points(&podium, "上讲台全部完成").map_err(AppError::Validation)?;
        Ok(repo::assessment::set_points(&app_state()?.pool, &Points { bands, podium }).await?)
    })
    .await
}
