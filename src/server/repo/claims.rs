//! External-study claims (外部学习学时申报) in the database: the claim with its evidence file, the
//! lists, and the decision. SQL and row mapping only: `service::claims` checks, credits and audits.

use crate::model::{ClaimStatus, ClaimView};
use crate::rules::study_hours::ExternalClaim;
use crate::server::db::{Conn, Pool};

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

/// Stores a checked claim for `person` — unless the person already has `max_pending` claims waiting
/// (counted in the same statement). Returns the claim's id, `None` when refused.
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    person: i64,
    claim: &ExternalClaim<'_>,
    evidence: &Evidence,
    at: &crate::model::Moment,
    max_pending: i64,
) -> Result<Option<i64>, sqlx::Error> {
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
    .bind(at)
    .bind(max_pending)
    .fetch_optional(conn)
    .await?;
    Ok(inserted.map(|(id,)| id))
}

const SELECT: &str =
    "SELECT c.id, p.name AS person, u.name AS unit, c.title, c.provider, c.starts_on, c.ends_on, c.hours, c.evidence_name, \
     CAST(LENGTH(c.evidence) AS BIGINT) AS evidence_bytes, c.submitted_at, c.status, a.display_name AS decided_by, c.decided_at, \
     c.decision_reason AS reason \
     FROM external_claims c JOIN people p ON p.id = c.person_id JOIN units u ON u.id = p.unit_id \
     LEFT JOIN accounts a ON a.id = c.decided_by";

/// A person's own claims, newest first.
pub async fn of_person(pool: &Pool, person: i64) -> Result<Vec<ClaimView>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE c.person_id = $1 ORDER BY c.id DESC")).bind(person).fetch_all(pool).await
}

/// Claims waiting for a decision (oldest first), then the latest decided ones.
pub async fn for_review(pool: &Pool, decided_limit: i64) -> Result<(Vec<ClaimView>, Vec<ClaimView>), sqlx::Error> {
    let pending = sqlx::query_as(&format!("{SELECT} WHERE c.status = 'pending' ORDER BY c.id")).fetch_all(pool).await?;
    let decided = sqlx::query_as(&format!("{SELECT} WHERE c.status <> 'pending' ORDER BY c.decided_at DESC, c.id DESC LIMIT $1"))
        .bind(decided_limit)
        .fetch_all(pool)
        .await?;
    Ok((pending, decided))
}

/// What a decision looks at.
#[derive(sqlx::FromRow)]
pub struct ClaimFacts {
    pub person_id: i64,
    pub hours: f64,
    pub ends_on: String,
    pub title: String,
    pub provider: String,
    pub status: ClaimStatus,
}

/// A claim, read inside the deciding transaction.
pub async fn facts(conn: &mut Conn, claim_id: i64) -> Result<Option<ClaimFacts>, sqlx::Error> {
    sqlx::query_as("SELECT person_id, hours, ends_on, title, provider, status FROM external_claims WHERE id = $1")
        .bind(claim_id)
        .fetch_optional(conn)
        .await
}

/// A decision on a claim.
pub struct Decision<'a> {
    pub status: ClaimStatus,
    pub actor: i64,
    pub at: &'a crate::model::Moment,
    pub reason: Option<&'a str>,
    pub study_hour: Option<i64>,
}

/// Records the decision if the claim still waits; whether it did.
pub async fn record_decision(conn: &mut Conn, claim_id: i64, d: &Decision<'_>) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE external_claims SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4, study_hour_id = $5 \
         WHERE id = $6 AND status = 'pending'",
    )
    .bind(d.status)
    .bind(d.actor)
    .bind(d.at)
    .bind(d.reason)
    .bind(d.study_hour)
    .bind(claim_id)
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// A claim's evidence file with the person it belongs to: (person_id, file name, type, bytes).
pub async fn evidence(pool: &Pool, claim_id: i64) -> Result<Option<(i64, String, String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("SELECT person_id, evidence_name, evidence_type, evidence FROM external_claims WHERE id = $1")
        .bind(claim_id)
        .fetch_optional(pool)
        .await
}
