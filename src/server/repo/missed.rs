//! 漏训: the stretch the organisation department set (in `app_meta`), and the district-managed cadres
//! with no class since it began — as a list, and counted within a class's audience.

use crate::model::{MissedRow, Rank};
use crate::rules::checkin::Audience;
use crate::server::db::{page_within, Paged, Pool};

/// The `app_meta` key of the stretch, in months.
const SETTING: &str = "missed_training_months";

/// The stretch in months (the rule's default when never set).
pub async fn months(pool: &Pool) -> Result<i64, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM app_meta WHERE key = $1").bind(SETTING).fetch_optional(pool).await?;
    Ok(row.and_then(|(v,)| v.parse().ok()).unwrap_or(crate::rules::missed::DEFAULT_MONTHS))
}

pub async fn set_months(pool: &Pool, months: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(SETTING)
        .bind(months.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// No class of theirs began on or after `$1`.
const NOT_SINCE: &str = "NOT EXISTS (SELECT 1 FROM attendance a JOIN classes c ON c.id = a.class_id \
     WHERE a.person_id = p.id AND c.starts_at >= $1)";

/// Page `asked` of the active district-managed cadres whose name or unit contains `search` and who
/// attended no class since `since`: never trained first, then the longest since.
pub async fn list(pool: &Pool, since: &str, search: &str, asked: i64, per: i64) -> Result<Paged<MissedRow>, sqlx::Error> {
    let pattern = crate::server::db::contains_pattern(search);
    let from = format!(
        "FROM people p JOIN units u ON u.id = p.unit_id WHERE p.district_managed AND p.status = 'active' \
         AND (p.name LIKE $2 ESCAPE '\\' OR u.name LIKE $2 ESCAPE '\\') AND {NOT_SINCE}"
    );
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {from}")).bind(since).bind(&pattern).fetch_one(pool).await?;
    let (page, pages) = page_within(total, per, asked);
    let rows: Vec<(i64, String, String, Rank, Option<String>)> = sqlx::query_as(&format!(
        "SELECT * FROM (SELECT p.id, p.name, u.name AS unit, p.rank, \
                (SELECT MAX(c.starts_at) FROM attendance a JOIN classes c ON c.id = a.class_id WHERE a.person_id = p.id) AS last_class \
                {from}) x \
         ORDER BY CASE WHEN x.last_class IS NULL THEN 0 ELSE 1 END, x.last_class, x.id LIMIT $3 OFFSET $4"
    ))
    .bind(since)
    .bind(&pattern)
    .bind(per)
    .bind((page - 1) * per)
    .fetch_all(pool)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(person_id, name, unit, rank, last_class)| MissedRow {
            person_id,
            name,
            unit,
            rank,
            last_class: last_class.map(|t| t.chars().take(10).collect()),
        })
        .collect();
    Ok(Paged { rows, total, page, pages })
}

/// How many active district-managed cadres of a class's audience attended no class since `since`.
pub async fn in_audience(pool: &Pool, since: &str, audience: Audience) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM people p WHERE p.district_managed AND p.status = 'active' \
         AND ($2 = 0 OR p.unit_id = $2) AND ($3 = '' OR p.rank = $3) AND {NOT_SINCE}"
    ))
    .bind(since)
    .bind(audience.unit_id.unwrap_or(0))
    .bind(audience.rank.map(|r| r.as_code()).unwrap_or(""))
    .fetch_one(pool)
    .await?;
    Ok(n)
}
