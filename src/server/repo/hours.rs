//! A person's study-hour ledger, judged by the rules in `rules::study_hours`.

use crate::model::{HourEntryView, HourSource, PersonHours, Rank};
use crate::rules::study_hours::{
    default_annual_target, elapsed_share, excellent_rating_gate, hour_status, hours_missing, promotion_window,
};
use crate::server::db::Pool;
use chrono::Datelike;

/// The target for a rank in a year: the org admins' setting, or the rules' default.
pub async fn annual_target(pool: &Pool, year: i32, rank: Rank) -> Result<f64, sqlx::Error> {
    let set: Option<(f64,)> = sqlx::query_as("SELECT hours FROM hour_targets WHERE year = $1 AND rank = $2")
        .bind(year as i64)
        .bind(rank.as_code())
        .fetch_optional(pool)
        .await?;
    Ok(set.map_or_else(|| default_annual_target(rank), |(h,)| h))
}

/// How much of `year` has gone by, seen from `today`.
pub(crate) fn elapsed_of(year: i32, today: chrono::NaiveDate) -> f64 {
    use std::cmp::Ordering::*;
    match year.cmp(&today.year()) {
        Less => 1.0,
        Greater => 0.0,
        Equal => {
            let days = if chrono::NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|d| d.ordinal() == 366) { 366 } else { 365 };
            elapsed_share(today.ordinal(), days)
        }
    }
}

/// One credit to a person's ledger, written inside the caller's transaction (with its audit line).
pub struct Credit<'a> {
    pub person: i64,
    pub hours: f64,
    pub earned_on: &'a str,
    pub source: HourSource,
    pub rule: crate::rules::RuleRef,
    pub evidence: &'a str,
    /// The class attendance credited (class id, attendance id), for close-out credits.
    pub attendance: Option<(i64, i64)>,
}

/// Writes `credit` to the ledger; returns the entry's id.
pub async fn credit(conn: &mut <crate::server::db::Db as sqlx::Database>::Connection, credit: Credit<'_>) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO study_hours (person_id, hours, earned_on, source, rule, rule_version, evidence, class_id, attendance_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(credit.person)
    .bind(credit.hours)
    .bind(credit.earned_on)
    .bind(credit.source.as_code())
    .bind(credit.rule.name)
    .bind(credit.rule.version)
    .bind(credit.evidence)
    .bind(credit.attendance.map(|a| a.0))
    .bind(credit.attendance.map(|a| a.1))
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// `None` when there is no such person. `year` defaults to the latest year of the person's ledger.
pub async fn person_hours(
    pool: &Pool,
    person_id: i64,
    year: Option<i32>,
    clock: &crate::server::Clock,
) -> Result<Option<PersonHours>, sqlx::Error> {
    let person: Option<(String, String, Rank, i64)> = sqlx::query_as(
        "SELECT p.name, u.name, p.rank, CASE WHEN p.district_managed THEN 1 ELSE 0 END FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_optional(pool)
    .await?;
    let Some((name, unit, rank, district_managed)) = person else { return Ok(None) };

    let yearly: Vec<(String, f64)> = sqlx::query_as(
        "SELECT substr(earned_on, 1, 4) AS y, SUM(hours) FROM study_hours WHERE person_id = $1 GROUP BY substr(earned_on, 1, 4) ORDER BY y",
    )
    .bind(person_id)
    .fetch_all(pool)
    .await?;
    let yearly: Vec<(i32, f64)> = yearly.into_iter().filter_map(|(y, h)| Some((y.parse().ok()?, h))).collect();
    let today = clock.today();
    let year = year.unwrap_or(today.year());

    let entries: Vec<HourEntryView> = sqlx::query_as(
        "SELECT h.earned_on, h.hours, h.source, COALESCE(c.title, h.evidence) AS title, h.rule, h.rule_version \
         FROM study_hours h LEFT JOIN classes c ON c.id = h.class_id \
         WHERE h.person_id = $1 AND h.earned_on >= $2 AND h.earned_on < $3 \
         ORDER BY h.earned_on DESC, h.id DESC",
    )
    .bind(person_id)
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{:04}-01-01", year + 1))
    .fetch_all(pool)
    .await?;

    let earned: f64 = entries.iter().map(|e| e.hours).sum();
    let target = annual_target(pool, year, rank).await?;
    let elapsed = elapsed_of(year, today);
    let status = hour_status(earned, target, elapsed);
    let gate = excellent_rating_gate(year, earned, target, elapsed);
    Ok(Some(PersonHours {
        person_id,
        name,
        unit,
        rank,
        district_managed: district_managed != 0,
        year,
        earned,
        target,
        elapsed,
        status,
        missing: hours_missing(earned, target),
        excellent_eligible: gate.eligible,
        excellent_reason: gate.reason,
        last_three_years: promotion_window(year, &yearly).to_vec(),
        entries,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_years_are_over_and_future_ones_not_begun() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
        assert_eq!(elapsed_of(2017, today), 1.0);
        assert_eq!(elapsed_of(2027, today), 0.0);
        let mid = elapsed_of(2026, today);
        assert!(mid > 0.49 && mid < 0.51, "{mid}");
    }
}
