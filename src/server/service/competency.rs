//! 履职能力测试: the yearly results of the district-managed leadership teams, imported from a file by
//! the organisation department, analysed per team (`rules::competency`) — leaders and org admins only.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{Competency, CompetencyPart, CompetencyResult, CompetencyTeam, ImportReport};
use crate::rules::access::Action;
use crate::rules::competency::{competency_total, grade, parse_part, team_structure, Structure};
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Pool};
use crate::server::repo::competency as repo;
use crate::server::Clock;
use std::collections::{BTreeMap, HashMap};

fn team(unit_id: i64, unit: String, members: usize, s: &Structure) -> CompetencyTeam {
    CompetencyTeam { unit_id, unit, tested: s.members, members, means: s.means, total_mean: s.total_mean, weakest: s.weakest }
}

/// `/competency?year=&unit=`: the year's teams (best mean first), the district's means and one team.
/// Without a year: the latest with results, or the clock's year when there are none yet.
pub async fn competency(pool: &Pool, caller: &Caller, year: Option<i32>, unit: Option<i64>, clock: &Clock) -> Result<Competency, AppError> {
    if !caller.may(Action::ReadCompetency) {
        return Err(AppError::Forbidden);
    }
    let years = repo::years(pool).await?;
    let year = year.or(years.last().copied()).unwrap_or_else(|| clock.year());
    let rows = repo::results(pool, year).await?;
    let sizes = repo::team_sizes(pool).await?;
    let size = |unit: i64| sizes.get(&unit).copied().unwrap_or(0) as usize;
    let mut by_unit: BTreeMap<i64, (String, Vec<[f64; 3]>)> = BTreeMap::new();
    for r in &rows {
        by_unit.entry(r.unit_id).or_insert_with(|| (r.unit.clone(), Vec::new())).1.push(r.parts());
    }
    let mut teams: Vec<CompetencyTeam> =
        by_unit.iter().filter_map(|(&id, (name, results))| team_structure(results).map(|s| team(id, name.clone(), size(id), &s))).collect();
    teams.sort_by(|a, b| b.total_mean.total_cmp(&a.total_mean).then(a.unit_id.cmp(&b.unit_id)));
    let all: Vec<[f64; 3]> = rows.iter().map(|r| r.parts()).collect();
    let district = team_structure(&all);
    let chosen = unit.filter(|u| by_unit.contains_key(u)).or(teams.first().map(|t| t.unit_id));
    let team = chosen.and_then(|u| {
        let (name, results) = by_unit.get(&u)?;
        let s = team_structure(results)?;
        let mut members: Vec<CompetencyResult> = rows
            .iter()
            .filter(|r| r.unit_id == u)
            .map(|r| {
                let total = competency_total(r.parts());
                CompetencyResult {
                    person_id: r.person_id,
                    name: r.name.clone(),
                    rank: r.rank,
                    parts: r.parts(),
                    total,
                    grade: grade(total),
                }
            })
            .collect();
        members.sort_by(|a, b| b.total.total_cmp(&a.total).then(a.person_id.cmp(&b.person_id)));
        Some((team(u, name.clone(), size(u), &s), members, s.grades))
    });
    let district_means = district.as_ref().map_or([0.0; 3], |d| d.means);
    let team_chart = team.as_ref().map(|(t, _, grades)| {
        use crate::charts::options::{json, team_structure_chart};
        json(&team_structure_chart(grades, t.means, district_means))
    });
    Ok(Competency {
        year,
        years,
        tested: rows.len(),
        district_means,
        district_total: district.as_ref().map_or(0.0, |d| d.total_mean),
        teams,
        team,
        team_chart,
        may_import: caller.may(Action::ImportCompetency),
    })
}

/// For org admins: a year's results from a file's rows (columns as [`repo::COLUMNS`]). Every row must
/// name a district-managed cadre by number and name and carry three valid scores; all rows or none. A
/// cadre's earlier result for the year is replaced. Only the people the file names are looked up.
pub async fn import(
    pool: &Pool,
    caller: &Caller,
    year: i32,
    rows: &[(usize, Vec<String>)],
    now: &crate::model::Moment,
) -> Result<ImportReport, AppError> {
    if !caller.may(Action::ImportCompetency) {
        return Err(AppError::Forbidden);
    }
    let named: Vec<i64> = rows.iter().filter_map(|(_, cells)| cells.first()?.parse().ok()).collect();
    let people = repo::people(pool, &named).await?;
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    let mut results = Vec::new();
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
        let Ok(person) = cell(0).parse::<i64>() else {
            errors.push(msg::row_person_not_number(line, cell(0)));
            continue;
        };
        if let Some(first) = seen.insert(person, *line) {
            errors.push(msg::row_person_repeated(line, person, first));
            continue;
        }
        match people.get(&person) {
            None => errors.push(msg::row_person_unknown(line, person)),
            Some((name, _)) if name != cell(1) => errors.push(msg::row_name_differs(line, person, name, cell(1))),
            Some((_, false)) => errors.push(msg::row_not_district_managed(line, cell(1), person)),
            Some(_) => {
                let mut parts = [0.0; 3];
                let mut ok = true;
                for (i, part) in CompetencyPart::ALL.iter().enumerate() {
                    match parse_part(cell(2 + i), *part) {
                        Ok(score) => parts[i] = score,
                        Err(e) => {
                            errors.push(msg::row_error(line, &e));
                            ok = false;
                        }
                    }
                }
                if ok {
                    results.push((person, parts));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Ok(ImportReport { imported: 0, skipped: 0, errors });
    }
    let mut tx = begin_write(pool).await?;
    repo::store(&mut tx, year, &results, caller.account_id, now).await?;
    tx.commit().await?;
    Ok(ImportReport { imported: results.len(), skipped: 0, errors })
}
