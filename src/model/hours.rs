//! Study hours: a cadre's ledger, external-study claims, the audit log and compliance.

use super::*;
use serde::{Deserialize, Serialize};

/// One study-hour ledger entry as a cadre sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct HourEntryView {
    pub earned_on: String,
    pub hours: f64,
    pub source: HourSource,
    pub title: Option<String>,
    pub rule: String,
    pub rule_version: i64,
}

/// A person's study hours for a year (/me/hours).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonHours {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
    pub district_managed: bool,
    pub year: i32,
    pub earned: f64,
    pub target: f64,
    /// Share of the year gone by (1.0 for a past year).
    pub elapsed: f64,
    pub status: HourStatus,
    pub missing: f64,
    pub excellent_eligible: bool,
    pub excellent_reason: String,
    /// The three years before `year`, oldest first.
    pub last_three_years: Vec<(i32, f64)>,
    pub entries: Vec<HourEntryView>,
}

/// An external-study claim as its claimant and the reviewers see it (without the file itself).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClaimView {
    pub id: i64,
    pub person: String,
    pub unit: String,
    pub title: String,
    pub provider: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours: f64,
    pub evidence_name: String,
    pub evidence_bytes: i64,
    pub submitted_at: Moment,
    pub status: ClaimStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<Moment>,
    pub reason: Option<String>,
}

/// One line of the study-hour audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: Moment,
    /// Who made the change ("系统" for the system itself).
    pub actor: String,
    /// Whose hours changed, if one person's.
    pub person: Option<String>,
    pub action: AuditAction,
    pub hours: Option<f64>,
    pub detail: String,
}

/// The share of a unit's district-managed cadres in each state (/hours).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitCompliance {
    pub unit_id: i64,
    pub unit: String,
    pub cadres: i64,
    pub met: i64,
    pub on_track: i64,
    pub behind: i64,
}

/// A district-managed cadre behind the year's pace — shown to leaders and the organisation
/// department only, never to cadres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BehindCadre {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
    pub earned: f64,
    pub target: f64,
    pub missing: f64,
}

/// The district's study-hour compliance for a year, as of a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    pub year: i32,
    /// The day the year's pace is judged at (`YYYY-MM-DD`).
    pub as_of: String,
    pub elapsed: f64,
    /// The years that have ledger entries, for the year switch.
    pub years: Vec<i32>,
    pub targets: Vec<(Rank, f64)>,
    pub total: UnitCompliance,
    pub units: Vec<UnitCompliance>,
    pub behind: Vec<BehindCadre>,
    /// Whether the caller sees a part of the district only (a supervision group).
    pub scoped_to: Option<String>,
    /// The chart of `total` (ECharts option, JSON text).
    pub chart: String,
}

/// A district-managed cadre who has attended no class since the stretch began (漏训).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissedRow {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
    /// When their latest class began, if they ever attended one.
    pub last_class: Option<String>,
}

/// `/hours/missed`: a page of the cadres who missed training, the stretch and since when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissedList {
    pub rows: Vec<MissedRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub months: i64,
    pub since: String,
    /// Whether the caller may change the stretch (the organisation department).
    pub may_set: bool,
}

/// Cadres who missed training shown per page.
pub const MISSED_PER_PAGE: i64 = 20;
