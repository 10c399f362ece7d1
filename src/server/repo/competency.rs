//! 履职能力测试: the yearly results of the district-managed leadership teams, imported from a file by
//! the organisation department, analysed per team (`rules::competency`) — leaders and org admins only.

use crate::error::AppError;
use crate::model::{Competency, CompetencyPart, CompetencyResult, CompetencyTeam, ImportReport, Rank};
use crate::rules::competency::{competency_total, grade, parse_part, team_structure, Structure};
use crate::server::auth::Caller;
use crate::server::db::Pool;
use std::collections::{BTreeMap, HashMap};

/// The columns an import file must have, in this order in the result rows.
pub const COLUMNS: [&str; 5] = ["人员编号", "姓名", "政治理论", "综合素质", "岗位能力"];

fn team(unit_id: i64, unit: String, members: usize, s: &Structure) -> CompetencyTeam {
    CompetencyTeam { unit_id, unit, tested: s.members, members, means: s.means, total_mean: s.total_mean, weakest: s.weakest }
}

/// `/competency?year=&unit=`: the year's teams (best mean first), the district's means and one team.
pub async fn competency(pool: &Pool, caller: &Caller, year: Option<i32>, unit: Option<i64>) -> Result<Competency, AppError> {
    if !caller.may(crate::rules::access::Action::ReadCompetency) {
        return Err(AppError::Forbidden);
    }
    let years: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM competency_results ORDER BY year").fetch_all(pool).await?;
    let years: Vec<i32> = years.into_iter().map(|(y,)| y as i32).collect();
    let year = year.or(years.last().copied()).unwrap_or(2016);
    // person, name, rank, unit id, unit, three parts
    type Row = (i64, String, String, i64, String, f64, f64, f64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.person_id, p.name, p.rank, p.unit_id, u.name, r.political_theory, r.general_quality, r.job_capability \
         FROM competency_results r JOIN people p ON p.id = r.person_id JOIN units u ON u.id = p.unit_id \
         WHERE r.year = $1 ORDER BY p.unit_id, r.person_id",
    )
    .bind(year as i64)
    .fetch_all(pool)
    .await?;
    let sizes: HashMap<i64, i64> =
        sqlx::query_as::<_, (i64, i64)>("SELECT unit_id, COUNT(*) FROM people WHERE district_managed GROUP BY unit_id")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let mut by_unit: BTreeMap<i64, (String, Vec<[f64; 3]>)> = BTreeMap::new();
    for r in &rows {
        by_unit.entry(r.3).or_insert_with(|| (r.4.clone(), Vec::new())).1.push([r.5, r.6, r.7]);
    }
    let mut teams: Vec<CompetencyTeam> = by_unit
        .iter()
        .filter_map(|(&id, (name, results))| {
            team_structure(results).map(|s| team(id, name.clone(), sizes.get(&id).copied().unwrap_or(0) as usize, &s))
        })
        .collect();
    teams.sort_by(|a, b| b.total_mean.total_cmp(&a.total_mean).then(a.unit_id.cmp(&b.unit_id)));
    let all: Vec<[f64; 3]> = rows.iter().map(|r| [r.5, r.6, r.7]).collect();
    let district = team_structure(&all);
    let chosen = unit.filter(|u| by_unit.contains_key(u)).or(teams.first().map(|t| t.unit_id));
    let team = chosen.and_then(|u| {
        let (name, results) = by_unit.get(&u)?;
        let s = team_structure(results)?;
        let mut members: Vec<CompetencyResult> = rows
            .iter()
            .filter(|r| r.3 == u)
            .map(|r| {
                let total = competency_total([r.5, r.6, r.7]);
                CompetencyResult {
                    person_id: r.0,
                    name: r.1.clone(),
                    rank: Rank::from_code(&r.2).unwrap_or(Rank::Other),
                    parts: [r.5, r.6, r.7],
                    total,
                    grade: grade(total),
                }
            })
            .collect();
        members.sort_by(|a, b| b.total.total_cmp(&a.total).then(a.person_id.cmp(&b.person_id)));
        Some((team(u, name.clone(), sizes.get(&u).copied().unwrap_or(0) as usize, &s), members, s.grades))
    });
    Ok(Competency {
        year,
        years,
        tested: rows.len(),
        district_means: district.as_ref().map_or([0.0; 3], |d| d.means),
        district_total: district.as_ref().map_or(0.0, |d| d.total_mean),
        teams,
        team,
        may_import: caller.may(crate::rules::access::Action::ImportCompetency),
    })
}

/// For org admins: a year's results from a file's rows (columns as [`COLUMNS`]). Every row must name a
/// district-managed cadre by number and name and carry three valid scores; all rows or none. A
/// cadre's earlier result for the year is replaced.
pub async fn import(pool: &Pool, caller: &Caller, year: i32, rows: &[(usize, Vec<String>)], now: &str) -> Result<ImportReport, AppError> {
    if !caller.may(crate::rules::access::Action::ImportCompetency) {
        return Err(AppError::Forbidden);
    }
    let people: HashMap<i64, (String, bool)> =
        sqlx::query_as::<_, (i64, String, i64)>("SELECT id, name, CASE WHEN district_managed THEN 1 ELSE 0 END FROM people")
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|(id, name, dm)| (id, (name, dm != 0)))
            .collect();
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    let mut results = Vec::new();
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
        let Ok(person) = cell(0).parse::<i64>() else {
            errors.push(format!("第 {line} 行：人员编号“{}”不是数字", cell(0)));
            continue;
        };
        if let Some(first) = seen.insert(person, *line) {
            errors.push(format!("第 {line} 行：人员编号 {person} 与第 {first} 行重复"));
            continue;
        }
        match people.get(&person) {
            None => errors.push(format!("第 {line} 行：人员编号 {person} 不存在")),
            Some((name, _)) if name != cell(1) => {
                errors.push(format!("第 {line} 行：人员编号 {person} 的姓名是“{name}”，文件中为“{}”", cell(1)))
            }
            Some((_, false)) => errors.push(format!("第 {line} 行：{}（{person}）不是区管干部，不参加履职能力测试", cell(1))),
            Some(_) => {
                let mut parts = [0.0; 3];
                let mut ok = true;
                for (i, part) in CompetencyPart::ALL.iter().enumerate() {
                    match parse_part(cell(2 + i), *part) {
                        Ok(score) => parts[i] = score,
                        Err(e) => {
                            errors.push(format!("第 {line} 行：{e}"));
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
    let mut tx = crate::server::db::begin_write(pool).await?;
    for (person, [pt, gq, jc]) in &results {
        sqlx::query(
            "INSERT INTO competency_results (year, person_id, political_theory, general_quality, job_capability, imported_by, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (year, person_id) DO UPDATE SET \
             political_theory = excluded.political_theory, general_quality = excluded.general_quality, \
             job_capability = excluded.job_capability, imported_by = excluded.imported_by, imported_at = excluded.imported_at",
        )
        .bind(year as i64)
        .bind(person)
        .bind(pt)
        .bind(gq)
        .bind(jc)
        .bind(caller.account_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(ImportReport { imported: results.len(), skipped: 0, errors })
}
