use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::PersonHours;
use leptos::prelude::*;

/// A person's study hours for a year. Without `person_id`: the caller's own (`None` when the account is
/// linked to no person on the roster: nothing wrong, nothing to show). Anyone else's only for leaders
/// and the organisation department: a cadre asking for another person is refused.
#[server(prefix = "/api", endpoint = "person_hours")]
pub async fn get_person_hours(person_id: Option<i64>, year: Option<i32>) -> Result<Option<PersonHours>, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require_login().await?;
        let person = match person_id {
            None => match caller.person_id {
                Some(own) => own,
                None => return Ok(None),
            },
            Some(id) if Some(id) == caller.person_id => id,
            Some(id) if caller.may(crate::rules::access::Action::ReadOthersHours) => id,
            Some(_) => return Err(AppError::Forbidden),
        };
        if let Some(y) = year {
            if !(2000..=2100).contains(&y) {
                return Err(AppError::Validation(msg::year_wrong().into()));
            }
        }
        repo::hours::person_hours(&app_state()?.pool, person, year, &crate::server::state::clock()?)
            .await?
            .map(Some)
            .ok_or_else(|| AppError::NotFound(msg::person_noun().into()))
    })
    .await
}

/// Claims external study for the caller: a multipart form with `title`, `provider`, `starts_on`,
/// `ends_on`, `hours` and the evidence file `evidence` (PDF/JPG/PNG by content, at most 5 MB).
/// The claim waits for the organisation department's decision. Returns the claim's id.
#[server(prefix = "/api", endpoint = "submit_claim", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn submit_claim(data: leptos::server_fn::codec::MultipartData) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::rules::study_hours::{check_evidence, check_external_claim, ExternalClaim, MAX_EVIDENCE_BYTES};
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require_login().await?;
        let person = caller.person_id.ok_or_else(|| AppError::Validation(msg::claim_needs_person().into()))?;
        // Before the file is read: a person may have only so many claims waiting.
        let pending = repo::claims::pending_of(&app_state()?.pool, person).await?;
        crate::rules::guard::may_submit_claim(pending).map_err(AppError::Conflict)?;
        let mut form = data.into_inner().ok_or_else(|| AppError::Validation(msg::bad_request().into()))?;
        let mut text = std::collections::HashMap::new();
        let mut evidence: Option<(String, Option<Vec<u8>>)> = None;
        let mut fields = 0;
        while let Some(mut field) = form.next_field().await.map_err(|_| AppError::Validation(msg::bad_request().into()))? {
            fields += 1;
            if fields > 16 {
                return Err(AppError::Validation(msg::bad_request().into()));
            }
            let name = field.name().unwrap_or_default().to_string();
            if name == "evidence" {
                let file_name = field.file_name().unwrap_or_default().to_string();
                let bytes = crate::server::imports::read_limited(&mut field, MAX_EVIDENCE_BYTES).await?;
                let too_big = bytes.is_none();
                evidence = Some((file_name, bytes));
                if too_big {
                    break;
                }
            } else {
                let value = crate::server::imports::read_limited(&mut field, 4096)
                    .await?
                    .ok_or_else(|| AppError::Validation(msg::text_too_long().into()))?;
                text.insert(name, String::from_utf8_lossy(&value).into_owned());
            }
        }
        let get = |k: &str| text.get(k).map(String::as_str).unwrap_or_default();
        let hours: f64 = get("hours").trim().parse().map_err(|_| AppError::Validation(msg::claim_hours_not_number().into()))?;
        let claim = ExternalClaim {
            title: get("title"),
            provider: get("provider"),
            starts_on: get("starts_on").trim(),
            ends_on: get("ends_on").trim(),
            hours,
        };
        let today = crate::server::state::clock()?.now();
        check_external_claim(&claim, today.date()).map_err(AppError::Validation)?;
        let (file_name, bytes) = evidence.unwrap_or_default();
        let (mime, bytes) = match bytes {
            None => (check_evidence(None, MAX_EVIDENCE_BYTES + 1), Vec::new()),
            Some(b) => (check_evidence(infer::get(&b).map(|t| t.mime_type()), b.len()), b),
        };
        let mime = mime.map_err(AppError::Validation)?;
        let name = crate::rules::guard::uploaded_file_name(&file_name, "证明材料");
        let evidence = repo::claims::Evidence { name, mime, bytes };
        crate::server::service::claims::submit(
            &app_state()?.pool,
            caller.account_id,
            person,
            &claim,
            evidence,
            &crate::server::state::clock()?,
        )
        .await
    })
    .await
}

/// The caller's own claims, newest first.
#[server(prefix = "/api", endpoint = "my_claims")]
pub async fn my_claims() -> Result<Vec<crate::model::ClaimView>, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require_login().await?;
        let Some(person) = caller.person_id else { return Ok(Vec::new()) };
        Ok(repo::claims::of_person(&app_state()?.pool, person).await?)
    })
    .await
}

/// What the organisation department reviews: pending claims, the latest decisions, the audit log.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClaimReview {
    pub pending: Vec<crate::model::ClaimView>,
    pub decided: Vec<crate::model::ClaimView>,
    pub audit: Vec<crate::model::AuditEntry>,
}

/// For org admins: claims to decide, recent decisions and the latest audit log lines.
#[server(prefix = "/api", endpoint = "review_claims")]
pub async fn review_claims() -> Result<ClaimReview, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ReviewClaims).await?;
        let pool = app_state()?.pool;
        let (pending, decided) = repo::claims::for_review(&pool, 50).await?;
        let audit = repo::audit::latest(&pool, None, 100).await?;
        Ok(ClaimReview { pending, decided, audit })
    })
    .await
}

/// For org admins: approve (`Decision::Approve`, writes the ledger entry) or reject (a reason is
/// required) a pending claim. A claim is decided once.
#[server(prefix = "/api", endpoint = "decide_claim")]
pub async fn decide_claim(claim_id: i64, decision: crate::model::Decision, reason: String) -> Result<crate::model::ClaimStatus, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReviewClaims).await?;
        if !decision.approves() && reason.trim().is_empty() {
            return Err(AppError::Validation(msg::reject_needs_reason().into()));
        }
        if reason.chars().count() > 200 {
            return Err(AppError::Validation(msg::reason_too_long().into()));
        }
        service::claims::decide(&app_state()?.pool, &caller, claim_id, decision, &reason, &crate::server::state::clock()?).await
    })
    .await
}

/// The study-hour audit log (latest 200 lines), for leaders and org admins.
#[server(prefix = "/api", endpoint = "hour_audit")]
pub async fn hour_audit() -> Result<Vec<crate::model::AuditEntry>, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        auth::require(crate::rules::access::Action::ReadHourAudit).await?;
        Ok(repo::audit::latest(&app_state()?.pool, None, 200).await?)
    })
    .await
}

/// Compliance of district-managed cadres in `year` (default: the latest year of the ledger) as of
/// `as_of` (default: today, or the year's last day for a past year). Leaders and org admins see the
/// district; a supervisor sees the units of the group's schools; nobody else.
#[server(prefix = "/api", endpoint = "compliance")]
pub async fn get_compliance(year: Option<i32>, as_of: Option<String>) -> Result<crate::model::Compliance, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, state::app_state};
        let caller = auth::require_login().await?;
        let pool = app_state()?.pool;
        let scope = crate::server::service::compliance::scope_of(&pool, &caller).await?;
        let (year, as_of) =
            crate::server::service::compliance::resolve_period(&pool, year, as_of.as_deref(), &crate::server::state::clock()?).await?;
        Ok(crate::server::repo::compliance::compliance(&pool, year, as_of, &scope).await?)
    })
    .await
}

/// For org admins: the year's target in hours for a rank (`rank` code, `hours` in 1..=500).
#[server(prefix = "/api", endpoint = "set_hour_target")]
pub async fn set_hour_target(year: i32, rank: String, hours: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::model::Rank;
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::SetHourTargets).await?;
        if !(2000..=2100).contains(&year) {
            return Err(AppError::Validation(msg::year_wrong().into()));
        }
        let rank = Rank::from_code(&rank).ok_or_else(|| AppError::Validation(msg::rank_missing().into()))?;
        let hours: f64 = hours.trim().parse().map_err(|_| AppError::Validation(msg::target_not_number().into()))?;
        if !(1.0..=500.0).contains(&hours) || (hours * 2.0).fract() != 0.0 {
            return Err(AppError::Validation(msg::target_range().into()));
        }
        Ok(repo::compliance::set_target(&app_state()?.pool, caller.account_id, year, rank, hours, &crate::server::state::clock()?.now())
            .await?)
    })
    .await
}

/// 漏训: a page of the active district-managed cadres (name or unit containing `q`) with no class for
/// the stretch the organisation department set — for leaders and the organisation department.
#[server(prefix = "/api", endpoint = "missed_training")]
pub async fn missed_training(
    #[server(default)] q: Option<String>,
    #[server(default)] page: Option<i64>,
) -> Result<crate::model::MissedList, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo::missed, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ReadOthersHours).await?;
        let state = app_state()?;
        let months = missed::months(&state.pool).await?;
        let since = crate::rules::missed::since(&state.clock.today().to_string(), months).ok_or(AppError::Internal)?;
        let q: String = q.unwrap_or_default().trim().chars().take(40).collect();
        let found = missed::list(&state.pool, &since, &q, page.unwrap_or(1), crate::model::MISSED_PER_PAGE).await?;
        Ok(crate::model::MissedList {
            rows: found.rows,
            total: found.total,
            page: found.page,
            pages: found.pages,
            months,
            since,
            may_set: caller.may(crate::rules::access::Action::SetHourTargets),
        })
    })
    .await
}

/// For the organisation department: how long without a class counts as missed training (3–36 months).
#[server(prefix = "/api", endpoint = "set_missed_months")]
pub async fn set_missed_months(months: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo::missed, state::app_state};
        auth::require(crate::rules::access::Action::SetHourTargets).await?;
        let months = crate::rules::missed::check_months(&months).map_err(AppError::Validation)?;
        missed::set_months(&app_state()?.pool, months).await?;
        Ok(())
    })
    .await
}
