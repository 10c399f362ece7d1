use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::Podium;
use leptos::prelude::*;

/// A year's duties, completion per unit, who is still due and the lectures — for district leaders,
/// the organisation department and the supervisors.
#[server(prefix = "/api", endpoint = "podium")]
pub async fn get_podium(year: Option<i32>) -> Result<Podium, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ReadPodium).await?;
        let year = year.map(crate::server::state::check_year).transpose()?;
        Ok(repo::podium::podium(&app_state()?.pool, year, &crate::server::state::clock()?).await?)
    })
    .await
}

/// For org admins: records a lecture (`lecturer`: a person number or a name only one person has) and
/// credits the reward hours to the lecturer's ledger. Returns the lecture's id.
#[server(prefix = "/api", endpoint = "record_lecture")]
pub async fn record_lecture(
    lecturer: String,
    given_on: String,
    venue: String,
    #[server(default)] school_id: String,
    title: String,
) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::model::LectureVenue;
        use crate::server::repo::podium::{self, NewLecture};
        use crate::server::{auth, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManagePodium).await?;
        let venue = LectureVenue::from_code(&venue).ok_or_else(|| AppError::Validation(msg::lecture_venue_missing().into()))?;
        let school_id = match school_id.trim() {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| AppError::Validation(msg::school_choice_missing().into()))?),
        };
        let given_on = given_on.trim();
        let today = crate::server::state::clock()?.now();
        crate::rules::podium::check_lecture(given_on, today.date(), &title, venue, school_id).map_err(AppError::Validation)?;
        let pool = app_state()?.pool;
        let person_id = crate::server::service::podium::find_person(&pool, &lecturer).await?;
        let (hours, _) = podium::reward_hours(&pool).await?;
        let lecture = NewLecture { person_id, given_on, venue, school_id, title: &title };
        crate::server::service::podium::record(&pool, &caller, lecture, hours, &crate::server::state::clock()?).await
    })
    .await
}

/// For org admins: the reward hours per lecture (from now on; recorded lectures keep theirs).
#[server(prefix = "/api", endpoint = "set_podium_reward")]
pub async fn set_podium_reward(hours: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ManagePodium).await?;
        let hours: f64 = hours.trim().parse().map_err(|_| AppError::Validation(msg::reward_not_number().into()))?;
        crate::rules::podium::check_reward_hours(hours).map_err(AppError::Validation)?;
        Ok(repo::podium::set_reward_hours(&app_state()?.pool, hours).await?)
    })
    .await
}
