//! 学时达标情况: the share of district-managed cadres met / on track / behind per unit, and who is
//! behind — for leaders and the organisation department (a supervisor sees the group's units).

use super::hours::{annual_target, elapsed_of};
use crate::model::{BehindCadre, Compliance, HourStatus, Rank, UnitCompliance};
use crate::rules::study_hours::{hour_status, hours_missing};
use crate::server::db::Pool;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// The part of the district a view covers: all of it, or the units of a supervision group.
pub enum Scope {
    District,
    Units { name: String, units: HashSet<i64> },
}

/// The years that have ledger entries, oldest first.
pub async fn ledger_years(pool: &Pool) -> Result<Vec<i32>, sqlx::Error> {
    let years: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT substr(earned_on, 1, 4) FROM study_hours ORDER BY 1").fetch_all(pool).await?;
    Ok(years.into_iter().filter_map(|(y,)| y.parse().ok()).collect())
}

/// The names of a supervisor's groups and the units they cover: the host units and member units of
/// the groups' schools.
pub async fn supervised(pool: &Pool, account_id: i64) -> Result<(Vec<String>, HashSet<i64>), sqlx::Error> {
    let groups: Vec<(String,)> = sqlx::query_as(
        "SELECT g.name FROM supervision_groups g JOIN supervision_group_accounts a ON a.group_id = g.id \
         WHERE a.account_id = $1 ORDER BY g.id",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    let units: Vec<(i64,)> = sqlx::query_as(
        "SELECT s.host_unit_id FROM schools s JOIN supervision_group_schools gs ON gs.school_id = s.id \
         JOIN supervision_group_accounts a ON a.group_id = gs.group_id WHERE a.account_id = $1 \
         UNION SELECT m.unit_id FROM school_members m JOIN supervision_group_schools gs ON gs.school_id = m.school_id \
         JOIN supervision_group_accounts a ON a.group_id = gs.group_id WHERE a.account_id = $1",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    Ok((groups.into_iter().map(|(n,)| n).collect(), units.into_iter().map(|(u,)| u).collect()))
}

/// A district-managed cadre with the hours earned in the period.
#[derive(sqlx::FromRow)]
struct CadreRow {
    person_id: i64,
    name: String,
    unit_id: i64,
    unit: String,
    rank: Rank,
    earned: f64,
}

/// Compliance in `year`, judged at `as_of` (`YYYY-MM-DD`, within the year): hours earned up to that
/// day against the year's target scaled by the share of the year gone by.
pub async fn compliance(pool: &Pool, year: i32, as_of: NaiveDate, scope: &Scope) -> Result<Compliance, sqlx::Error> {
    let as_of_text = as_of.format("%Y-%m-%d").to_string();
    let rows: Vec<CadreRow> = sqlx::query_as(
        "SELECT p.id AS person_id, p.name, p.unit_id, u.name AS unit, p.rank, COALESCE(SUM(h.hours), 0.0) AS earned FROM people p \
         JOIN units u ON u.id = p.unit_id \
         LEFT JOIN study_hours h ON h.person_id = p.id AND h.earned_on >= $1 AND h.earned_on <= $2 \
         WHERE p.district_managed AND p.status = 'active' GROUP BY p.id, p.name, p.unit_id, u.name, p.rank",
    )
    .bind(format!("{year:04}-01-01"))
    .bind(&as_of_text)
    .fetch_all(pool)
    .await?;
    let mut targets = Vec::new();
    for rank in Rank::ALL {
        targets.push((*rank, annual_target(pool, year, *rank).await?));
    }
    let target_of = |rank: Rank| targets.iter().find(|(r, _)| *r == rank).map_or(0.0, |(_, t)| *t);
    let elapsed = elapsed_of(year, as_of);

    let empty = |unit_id: i64, unit: String| UnitCompliance { unit_id, unit, cadres: 0, met: 0, on_track: 0, behind: 0 };
    let mut total = empty(0, crate::messages::district_total().into());
    let mut units: BTreeMap<i64, UnitCompliance> = BTreeMap::new();
    let mut behind = Vec::new();
    for CadreRow { person_id, name, unit_id, unit, rank, earned } in rows {
        if let Scope::Units { units: visible, .. } = scope {
            if !visible.contains(&unit_id) {
                continue;
            }
        }
        let target = target_of(rank);
        let status = hour_status(earned, target, elapsed);
        let row = units.entry(unit_id).or_insert_with(|| empty(unit_id, unit.clone()));
        for counts in [row, &mut total] {
            counts.cadres += 1;
            match status {
                HourStatus::Met => counts.met += 1,
                HourStatus::OnTrack => counts.on_track += 1,
                HourStatus::Behind => counts.behind += 1,
            }
        }
        if status == HourStatus::Behind {
            behind.push(BehindCadre { person_id, name, unit, rank, earned, target, missing: hours_missing(earned, target) });
        }
    }
    let mut units: Vec<UnitCompliance> = units.into_values().collect();
    // Units with the largest share behind first.
    units.sort_by(|a, b| (b.behind * a.cadres).cmp(&(a.behind * b.cadres)).then_with(|| a.unit.cmp(&b.unit)));
    behind.sort_by(|a, b| a.unit.cmp(&b.unit).then(b.missing.total_cmp(&a.missing)).then(a.person_id.cmp(&b.person_id)));
    if let Scope::Units { name, .. } = scope {
        total.unit = name.clone();
    }
    Ok(Compliance {
        year,
        as_of: as_of_text,
        elapsed,
        years: ledger_years(pool).await?,
        targets,
        chart: crate::charts::options::json(&crate::charts::options::compliance_chart(&total)),
        total,
        units,
        behind,
        scoped_to: match scope {
            Scope::District => None,
            Scope::Units { name, .. } => Some(name.clone()),
        },
    })
}

/// Sets the year's target for a rank, audited.
pub async fn set_target(pool: &Pool, actor: i64, year: i32, rank: Rank, hours: f64, now: &crate::model::Moment) -> Result<(), sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    let before: Option<(f64,)> = sqlx::query_as("SELECT hours FROM hour_targets WHERE year = $1 AND rank = $2")
        .bind(year as i64)
        .bind(rank.as_code())
        .fetch_optional(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO hour_targets (year, rank, hours) VALUES ($1, $2, $3) \
         ON CONFLICT (year, rank) DO UPDATE SET hours = excluded.hours",
    )
    .bind(year as i64)
    .bind(rank.as_code())
    .bind(hours)
    .execute(&mut *tx)
    .await?;
    let before = before.map_or_else(|| format!("默认 {}", crate::rules::study_hours::default_annual_target(rank)), |(h,)| h.to_string());
    super::audit::record(
        &mut tx,
        super::audit::Change {
            at: now.clone(),
            actor: Some(actor),
            person: None,
            action: crate::model::AuditAction::TargetSet,
            hours: Some(hours),
            study_hour: None,
            claim: None,
            detail: format!("{year} 年{}年度学时目标：{before} → {hours} 学时", rank.label()),
        },
    )
    .await?;
    tx.commit().await
}
