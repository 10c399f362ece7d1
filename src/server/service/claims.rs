//! External-study claims (外部学习学时申报): submitted with an evidence file by a cadre, decided by
//! the organisation department (never by the claimant); an approval writes the ledger entry, and
//! both steps are audited in the same transaction.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{AuditAction, ClaimStatus, HourSource};
use crate::rules::guard::{acts_on_self, may_submit_claim, MAX_PENDING_CLAIMS};
use crate::rules::study_hours::{ExternalClaim, EXTERNAL_STUDY_CREDIT};
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Pool};
use crate::server::repo::audit::{self, Change};
use crate::server::repo::claims::{self as repo, Decision, Evidence};
use crate::server::repo::hours::{self, Credit};
use crate::server::Clock;

/// Stores a checked claim for `person` and audits it — unless the person already has as many claims
/// waiting as the rule allows. Returns the claim's id.
pub async fn submit(
    pool: &Pool,
    account_id: i64,
    person: i64,
    claim: &ExternalClaim<'_>,
    evidence: Evidence,
    clock: &Clock,
) -> Result<i64, AppError> {
    let now = clock.now();
    let mut tx = begin_write(pool).await?;
    let Some(id) = repo::insert(&mut tx, account_id, person, claim, &evidence, &now, MAX_PENDING_CLAIMS).await? else {
        drop(tx);
        let pending = repo::pending_of(pool, person).await?;
        return Err(AppError::Conflict(may_submit_claim(pending).err().unwrap_or_else(|| msg::too_many_claims().into())));
    };
    let detail = format!(
        "申报 #{id}：{}（{}），{} 至 {}，证明 {}",
        claim.title.trim(),
        claim.provider.trim(),
        claim.starts_on,
        claim.ends_on,
        evidence.name
    );
    let change = Change {
        at: now.clone(),
        actor: Some(account_id),
        person: Some(person),
        action: AuditAction::ClaimSubmitted,
        hours: Some(claim.hours),
        study_hour: None,
        claim: Some(id),
        detail,
    };
    audit::record(&mut tx, change).await?;
    tx.commit().await?;
    Ok(id)
}

/// Approves (writing the ledger entry) or rejects a pending claim, once; nobody decides their own.
/// The decision, its reason and the ledger entry are one transaction with the audit line.
pub async fn decide(
    pool: &Pool,
    caller: &Caller,
    claim_id: i64,
    decision: crate::model::Decision,
    reason: &str,
    clock: &Clock,
) -> Result<ClaimStatus, AppError> {
    let approve = decision.approves();
    let now = clock.now();
    let mut tx = begin_write(pool).await?;
    let claim = repo::facts(&mut tx, claim_id).await?.ok_or_else(|| AppError::NotFound(msg::claim_noun().into()))?;
    if claim.status != ClaimStatus::Pending {
        return Err(AppError::Conflict(msg::claim_decided().into()));
    }
    if acts_on_self(caller.person_id, claim.person_id) {
        return Err(AppError::Validation(msg::no_self_review().into()));
    }
    let (title, hours, ends_on) = (&claim.title, claim.hours, &claim.ends_on);
    let study_hour = if approve {
        let evidence = format!("外部学习申报 #{claim_id}：{title}（{}）", claim.provider);
        let credit = Credit {
            person: claim.person_id,
            hours,
            earned_on: ends_on,
            source: HourSource::External,
            rule: EXTERNAL_STUDY_CREDIT,
            evidence: &evidence,
            attendance: None,
        };
        Some(hours::credit(&mut tx, credit).await?)
    } else {
        None
    };
    let status = if approve { ClaimStatus::Approved } else { ClaimStatus::Rejected };
    let reason = reason.trim();
    let decision = Decision { status, actor: caller.account_id, at: &now, reason: (!reason.is_empty()).then_some(reason), study_hour };
    if !repo::record_decision(&mut tx, claim_id, &decision).await? {
        return Err(AppError::Conflict(msg::claim_decided().into()));
    }
    let why = if reason.is_empty() { String::new() } else { format!("；理由：{reason}") };
    let (action, detail) = if approve {
        (AuditAction::ClaimApproved, format!("申报 #{claim_id}「{title}」通过，记入 {hours} 学时（{ends_on}）{why}"))
    } else {
        (AuditAction::ClaimRejected, format!("申报 #{claim_id}「{title}」驳回{why}"))
    };
    let change = Change {
        at: now.clone(),
        actor: Some(caller.account_id),
        person: Some(claim.person_id),
        action,
        hours: approve.then_some(hours),
        study_hour,
        claim: Some(claim_id),
        detail,
    };
    audit::record(&mut tx, change).await?;
    tx.commit().await?;
    Ok(status)
}
