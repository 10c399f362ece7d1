//! The six-haves scorecard's connected rules: who enters which column — the organisation department
//! all four, a supervisor of the school's group the 实地查看 column during their visits — and the
//! 学员评价 column filled from the trainees' questionnaire.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{Criterion, EvalMethod, Scorecard};
use crate::rules::access::Action;
use crate::server::auth::Caller;
use crate::server::db::Pool;
use crate::server::repo::{evaluation as repo, supervision};
use crate::server::Clock;

/// The columns of `school`'s card `caller` may enter.
pub async fn may_enter(pool: &Pool, caller: &Caller, school: i64) -> Result<Vec<EvalMethod>, AppError> {
    if caller.may(Action::ManageEvaluation) {
        return Ok(EvalMethod::ALL.to_vec());
    }
    if caller.may(Action::RecordVisits) {
        if let Some(group) = supervision::group_of_school(pool, school).await? {
            if supervision::groups_of_account(pool, caller.account_id).await?.contains(&group) {
                return Ok(vec![EvalMethod::SiteVisit]);
            }
        }
    }
    Ok(Vec::new())
}

/// A school's card of `year` as `caller` sees it: with the columns they may enter.
pub async fn scorecard(pool: &Pool, caller: &Caller, school: i64, year: i32, clock: &Clock) -> Result<Scorecard, AppError> {
    let mut card = repo::scorecard(pool, school, year, clock).await?.ok_or_else(|| AppError::NotFound(msg::evaluated_school_noun(year)))?;
    card.may_enter = may_enter(pool, caller, school).await?;
    Ok(card)
}

/// Saves the scores of a card (already checked) that `caller` may enter; the others, sent with the
/// form as it shows them, are left as they are. Returns how many scores are set.
pub async fn save(
    pool: &Pool,
    caller: &Caller,
    school: i64,
    year: i32,
    scores: Vec<(Criterion, EvalMethod, Option<f64>)>,
    clock: &Clock,
) -> Result<usize, AppError> {
    if !repo::schools_of_year(pool, year).await?.iter().any(|(id, _)| *id == school) {
        return Err(AppError::NotFound(msg::evaluated_school_noun(year)));
    }
    let allowed = may_enter(pool, caller, school).await?;
    if allowed.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mine: Vec<_> = scores.into_iter().filter(|(_, method, _)| allowed.contains(method)).collect();
    repo::save_scores(pool, caller.account_id, school, year, &mine, &clock.now()).await?;
    Ok(mine.iter().filter(|s| s.2.is_some()).count())
}

/// Fills `school`'s 学员评价 column of `year` from the trainees' questionnaire (the organisation
/// department; the server function checks the role). Refused below the anonymity threshold.
pub async fn fill_from_questionnaire(pool: &Pool, caller: &Caller, school: i64, year: i32, clock: &Clock) -> Result<Vec<f64>, AppError> {
    if !repo::schools_of_year(pool, year).await?.iter().any(|(id, _)| *id == school) {
        return Err(AppError::NotFound(msg::evaluated_school_noun(year)));
    }
    let q = repo::questionnaire(pool, school, year).await?.ok_or_else(|| AppError::Validation(msg::questionnaire_too_few().into()))?;
    let scores: Vec<_> = Criterion::ALL.iter().zip(&q.suggested).map(|(c, s)| (*c, EvalMethod::TraineeEvaluation, Some(*s))).collect();
    repo::save_scores(pool, caller.account_id, school, year, &scores, &clock.now()).await?;
    Ok(q.suggested)
}
