//! 履职能力测试 in the database: the yearly results of the district-managed leadership teams, the
//! teams' sizes, the people a results file names, and storing a year's results. SQL and row mapping
//! only: `service::competency` analyses, checks files and says who may.

use crate::model::Rank;
use crate::server::db::{Conn, Pool};
use std::collections::HashMap;

/// The columns an import file must have, in this order in the result rows.
pub const COLUMNS: [&str; 5] = ["人员编号", "姓名", "政治理论", "综合素养", "履职能力"];

/// The years that have results, oldest first.
pub async fn years(pool: &Pool) -> Result<Vec<i32>, sqlx::Error> {
    let years: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM competency_results ORDER BY year").fetch_all(pool).await?;
    Ok(years.into_iter().map(|(y,)| y as i32).collect())
}

/// One cadre's result of a year, with their unit.
#[derive(sqlx::FromRow)]
pub struct ResultRow {
    pub person_id: i64,
    pub name: String,
    pub rank: Rank,
    pub unit_id: i64,
    pub unit: String,
    pub political_theory: f64,
    pub general_quality: f64,
    pub job_capability: f64,
}

impl ResultRow {
    pub fn parts(&self) -> [f64; 3] {
        [self.political_theory, self.general_quality, self.job_capability]
    }
}

/// A year's results by unit, then person.
pub async fn results(pool: &Pool, year: i32) -> Result<Vec<ResultRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.person_id, p.name, p.rank, p.unit_id, u.name AS unit, r.political_theory, r.general_quality, r.job_capability \
         FROM competency_results r JOIN people p ON p.id = r.person_id JOIN units u ON u.id = p.unit_id \
         WHERE r.year = $1 ORDER BY p.unit_id, r.person_id",
    )
    .bind(year as i64)
    .fetch_all(pool)
    .await
}

/// How many district-managed cadres each unit has.
pub async fn team_sizes(pool: &Pool) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT unit_id, COUNT(*) FROM people WHERE district_managed GROUP BY unit_id").fetch_all(pool).await?;
    Ok(rows.into_iter().collect())
}

/// Name and whether district-managed, of those of `people` who exist (a few hundred per query).
pub async fn people(pool: &Pool, people: &[i64]) -> Result<HashMap<i64, (String, bool)>, sqlx::Error> {
    let mut found = HashMap::new();
    for chunk in people.chunks(500) {
        // Numbers only (never text) are written into the statement.
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, String, i64)> =
            sqlx::query_as(&format!("SELECT id, name, CASE WHEN district_managed THEN 1 ELSE 0 END FROM people WHERE id IN ({list})"))
                .fetch_all(pool)
                .await?;
        found.extend(rows.into_iter().map(|(id, name, dm)| (id, (name, dm != 0))));
    }
    Ok(found)
}

/// Stores a year's results (person, three parts); a cadre's earlier result for the year is replaced.
pub async fn store(
    conn: &mut Conn,
    year: i32,
    results: &[(i64, [f64; 3])],
    actor: i64,
    now: &crate::model::Moment,
) -> Result<(), sqlx::Error> {
    for (person, [pt, gq, jc]) in results {
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
        .bind(actor)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
