//! External-study claims (外部学习学时申报): submitted with an evidence file by a cadre, decided by
//! the organisation department; an approval writes the ledger entry and both steps are audited.

use super::audit::{self, Change};
use crate::error::AppError;
use crate::model::{AuditAction, ClaimStatus, ClaimView, HourSource};
use crate::rules::study_hours::{ExternalClaim, EXTERNAL_STUDY_CREDIT};
use crate::server::db::Pool;

/// The evidence file of a claim.
pub struct Evidence {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// How many of `person`'s claims wait for a decision.
pub async fn pending_of(pool: &Pool, person: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM external_claims WHERE person_id = $1 AND status = 'pending'")
        .bind(person)
        .fetch_one(pool)
        .await?;
    Ok(n)
}

/// Stores a checked claim for `person` and audits it — unless the person already has as many claims
/// waiting as the rule allows (counted in the same statement). Returns the claim's id.
pub async fn submit(pool: &Pool, account_id: i64, person: i64, claim: &ExternalClaim<'_>, evidence: Evidence) -> Result<i64, AppError> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO external_claims (person_id, submitted_by, title, provider, starts_on, ends_on, hours, \
         evidence_name, evidence_type, evidence, submitted_at, status) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending' \
         WHERE (SELECT COUNT(*) FROM external_claims WHERE person_id = $1 AND status = 'pending') < $12 RETURNING id",
    )
    .bind(person)
    .bind(account_id)
    .bind(claim.title.trim())
    .bind(claim.provider.trim())
    .bind(claim.starts_on)
    .bind(claim.ends_on)
    .bind(claim.hours)
    .bind(&evidence.name)
    .bind(evidence.mime)
    .bind(&evidence.bytes)
    .bind(crate::server::beijing_now())
    .bind(crate::rules::guard::MAX_PENDING_CLAIMS)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = inserted else {
        let pending = pending_of(pool, person).await?;
        return Err(AppError::Conflict(
            crate::rules::guard::may_submit_claim(pending).err().unwrap_or_else(|| "申报过多，请稍后再试".into()),
        ));
    };
    audit::record(
        &mut tx,
        Change {
            actor: Some(account_id),
            person: Some(person),
            action: AuditAction::ClaimSubmitted,
            hours: Some(claim.hours),
            study_hour: None,
            claim: Some(id),
            detail: format!(
                "申报 #{id}：{}（{}），{} 至 {}，证明 {}",
                claim.title.trim(),
                claim.provider.trim(),
                claim.starts_on,
                claim.ends_on,
                evidence.name
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

const SELECT: &str = "SELECT c.id, p.name, u.name, c.title, c.provider, c.starts_on, c.ends_on, c.hours, c.evidence_name, \
     CAST(LENGTH(c.evidence) AS BIGINT), c.submitted_at, c.status, a.display_name, c.decided_at, c.decision_reason \
     FROM external_claims c JOIN people p ON p.id = c.person_id JOIN units u ON u.id = p.unit_id \
     LEFT JOIN accounts a ON a.id = c.decided_by";

type Row =
    (i64, String, String, String, String, String, String, f64, String, i64, String, String, Option<String>, Option<String>, Option<String>);

fn view(row: Row) -> Option<ClaimView> {
    let (
        id,
        person,
        unit,
        title,
        provider,
        starts_on,
        ends_on,
        hours,
        evidence_name,
        evidence_bytes,
        submitted_at,
        status,
        decided_by,
        decided_at,
        reason,
    ) = row;
    Some(ClaimView {
        id,
        person,
        unit,
        title,
        provider,
        starts_on,
        ends_on,
        hours,
        evidence_name,
        evidence_bytes,
        submitted_at,
        status: ClaimStatus::from_code(&status)?,
        decided_by,
        decided_at,
        reason,
    })
}

/// A person's own claims, newest first.
pub async fn of_person(pool: &Pool, person: i64) -> Result<Vec<ClaimView>, sqlx::Error> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE c.person_id = $1 ORDER BY c.id DESC")).bind(person).fetch_all(pool).await?;
    Ok(rows.into_iter().filter_map(view).collect())
}

/// Claims waiting for a decision (oldest first), then the latest decided ones.
pub async fn for_review(pool: &Pool, decided_limit: i64) -> Result<(Vec<ClaimView>, Vec<ClaimView>), sqlx::Error> {
    let pending: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE c.status = 'pending' ORDER BY c.id")).fetch_all(pool).await?;
    let decided: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE c.status <> 'pending' ORDER BY c.decided_at DESC, c.id DESC LIMIT $1"))
        .bind(decided_limit)
        .fetch_all(pool)
        .await?;
    Ok((pending.into_iter().filter_map(view).collect(), decided.into_iter().filter_map(view).collect()))
}

/// Approves (writing the ledger entry) or rejects a pending claim, once. The decision, its reason
/// and the ledger entry are one transaction with the audit line.
pub async fn decide(pool: &Pool, actor: i64, claim_id: i64, approve: bool, reason: &str) -> Result<ClaimStatus, AppError> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    let claim: Option<(i64, f64, String, String, String, String)> =
        sqlx::query_as("SELECT person_id, hours, ends_on, title, provider, status FROM external_claims WHERE id = $1")
            .bind(claim_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((person, hours, ends_on, title, provider, status)) = claim else {
        return Err(AppError::NotFound("该申报".into()));
    };
    if status != ClaimStatus::Pending.as_code() {
        return Err(AppError::Conflict("该申报已经审核过，不能重复审核".into()));
    }
    let actor_person: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT person_id FROM accounts WHERE id = $1").bind(actor).fetch_optional(&mut *tx).await?;
    if crate::rules::guard::acts_on_self(actor_person.and_then(|p| p.0), person) {
        return Err(AppError::Validation("不能审核本人的申报，请由其他管理员审核".into()));
    }
    let (decision, study_hour) = if approve {
        let evidence = format!("外部学习申报 #{claim_id}：{title}（{provider}）");
        let entry = super::hours::credit(
            &mut tx,
            super::hours::Credit {
                person,
                hours,
                earned_on: &ends_on,
                source: HourSource::External,
                rule: EXTERNAL_STUDY_CREDIT,
                evidence: &evidence,
                attendance: None,
            },
        )
        .await?;
        (ClaimStatus::Approved, Some(entry))
    } else {
        (ClaimStatus::Rejected, None)
    };
    let reason = reason.trim();
    let updated = sqlx::query(
        "UPDATE external_claims SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4, study_hour_id = $5 \
         WHERE id = $6 AND status = 'pending'",
    )
    .bind(decision.as_code())
    .bind(actor)
    .bind(crate::server::beijing_now())
    .bind((!reason.is_empty()).then_some(reason))
    .bind(study_hour)
    .bind(claim_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict("该申报已经审核过，不能重复审核".into()));
    }
    let (action, detail) = if approve {
        (AuditAction::ClaimApproved, format!("申报 #{claim_id}「{title}」通过，记入 {hours} 学时（{ends_on}）{}", why(reason)))
    } else {
        (AuditAction::ClaimRejected, format!("申报 #{claim_id}「{title}」驳回{}", why(reason)))
    };
    audit::record(
        &mut tx,
        Change {
            actor: Some(actor),
            person: Some(person),
            action,
            hours: approve.then_some(hours),
            study_hour,
            claim: Some(claim_id),
            detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(decision)
}

fn why(reason: &str) -> String {
    if reason.is_empty() {
        String::new()
    } else {
        format!("；理由：{reason}")
    }
}

/// A claim's evidence file with the person it belongs to: (person_id, file name, type, bytes).
pub async fn evidence(pool: &Pool, claim_id: i64) -> Result<Option<(i64, String, String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("SELECT person_id, evidence_name, evidence_type, evidence FROM external_claims WHERE id = $1")
        .bind(claim_id)
        .fetch_optional(pool)
        .await
}
