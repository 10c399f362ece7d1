//! Importing the district's roster of people (人员名单, #17): the file read off the async workers, every
//! bad row listed, what it would change shown first (a preview the admin confirms), then applied whole
//! in one transaction in multi-row statements, with one line in the change log naming every changed
//! person. All rows or none.

use crate::error::AppError;
use crate::model::{FieldChange, RosterChange, RosterReport, ROSTER_SHOWN};
use crate::rules::people::{self, Person, OPTIONAL, REQUIRED};
use crate::server::auth::Caller;
use crate::server::db::{self, begin_write};
use crate::server::imports;
use crate::server::repo::{district as log, people as repo};
use crate::server::state::AppState;
use std::collections::HashMap;

/// The most rows one roster may have: the district's 55,000 members and room to grow.
pub const MAX_ROWS: usize = 100_000;
/// The largest roster file (a 55,000-row CSV is about 2.5 MB; the same as a workbook less).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

fn read(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, String> {
    imports::columns_within(bytes, &REQUIRED, &OPTIONAL, "人员名单", MAX_ROWS)
}

/// A file's fingerprint (SHA-256, hex): the preview names it, applying must bring the same file.
pub fn digest(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// Previews (`apply` `None`) or applies (`apply` the previewed file's digest) a roster file.
pub async fn import(state: &AppState, caller: &Caller, bytes: Vec<u8>, apply: Option<&str>) -> Result<RosterReport, AppError> {
    let digest = digest(&bytes);
    if apply.is_some_and(|d| d != digest) {
        return Err(AppError::Validation(crate::messages::roster_not_previewed().into()));
    }
    let rows = imports::parse_off_thread(bytes, read).await?;
    let now = state.clock.now();
    // A preview only reads: it takes no write lock (on SQLite, check-ins go on meanwhile).
    let mut tx = if apply.is_some() { begin_write(&state.pool).await? } else { state.pool.begin().await? };
    let units: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, name, short_name, CASE WHEN retired_on IS NULL THEN 1 ELSE 0 END FROM units")
            .fetch_all(&mut *tx)
            .await?;
    let mut by_name: HashMap<&str, i64> = HashMap::new();
    // Units in use only (a retired unit's people went to the one it merged into). Full names first:
    // a short name never hides another unit's full name.
    let in_use = || units.iter().filter(|u| u.3 != 0);
    for (id, _, short, _) in in_use() {
        by_name.entry(short.as_str()).or_insert(*id);
    }
    for (id, name, _, _) in in_use() {
        by_name.insert(name.as_str(), *id);
    }
    let names: HashMap<i64, &str> = units.iter().map(|(id, name, _, _)| (*id, name.as_str())).collect();
    let mut report = RosterReport { rows: rows.len(), digest, ..RosterReport::default() };
    let roster = match people::read_rows(&rows, |u| by_name.get(u).copied()) {
        Ok(roster) => roster,
        Err(errors) => {
            report.errors = errors.into_iter().take(ROSTER_SHOWN).collect();
            return Ok(report);
        }
    };
    let on_record = repo::on_record(&mut tx).await?;
    let d = people::diff(&roster, &on_record, |id| names.get(&id).map(|n| n.to_string()).unwrap_or_else(|| id.to_string()));
    report.new = d.new.len();
    report.changed = d.changed.len();
    report.unchanged = d.unchanged;
    report.moves = d.changed.iter().filter(|(_, f)| f.iter().any(|f| f.field == "单位")).count();
    report.promotions = d.changed.iter().filter(|(_, f)| f.iter().any(|f| f.field == "职级")).count();
    report.changes = d
        .changed
        .iter()
        .take(ROSTER_SHOWN)
        .map(|(p, fields)| RosterChange { person: p.id, name: p.name.clone(), fields: fields.clone() })
        .collect();
    if apply.is_none() || (d.new.is_empty() && d.changed.is_empty()) {
        return Ok(report);
    }
    let written: Vec<&Person> = d.new.iter().copied().chain(d.changed.iter().map(|(p, _)| *p)).collect();
    repo::upsert(&mut tx, &written).await?;
    crate::server::repo::rollup::recount_people(&mut tx).await?;
    // The log: one line for the import, every changed person in it (the new ones counted).
    let changed: Vec<FieldChange> = d
        .changed
        .iter()
        .map(|(p, fields)| FieldChange {
            field: format!("{}（{}）", p.name, p.id),
            before: fields.iter().map(|f| format!("{} {}", f.field, f.before)).collect::<Vec<_>>().join("；"),
            after: fields.iter().map(|f| format!("{} {}", f.field, f.after)).collect::<Vec<_>>().join("；"),
        })
        .collect();
    let summary =
        crate::messages::roster_summary(report.rows, report.new, report.changed, report.moves, report.promotions, report.unchanged);
    let change =
        log::Change { at: &now, actor: caller.account_id, entity: "roster", id: None, action: "imported", summary, changes: &changed };
    log::record(&mut tx, change).await?;
    tx.commit().await?;
    // New people came with their numbers: PostgreSQL's sequence moves past them.
    db::reset_id_sequences(&state.pool, &["people"]).await?;
    state.views.district_changed();
    crate::server::live::publish(state, None).await;
    report.applied = true;
    Ok(report)
}
