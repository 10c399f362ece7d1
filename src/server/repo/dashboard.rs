//! The leader dashboard's figures.

use crate::model::{Dashboard, ExtensionKind, FoundingMode, Kpis, ModeCount, MonthPoint, UnitCount};
use crate::server::db::Pool;

/// The periods the article reports on (inclusive first day, exclusive end).
const FIRST_PERIOD: (&str, &str) = ("2015-04-01", "2017-01-01");
const SECOND_PERIOD: (&str, &str) = ("2017-01-01", "2017-05-26");
/// The months the charts cover.
const FIRST_MONTH: (i32, u32) = (2015, 4);
const LAST_MONTH: (i32, u32) = (2017, 5);

/// The label of schools not in a township-level unit (district departments and their institutions).
pub const DISTRICT_LEVEL: &str = "区直单位";

pub async fn dashboard(pool: &Pool) -> Result<Dashboard, sqlx::Error> {
    let kpis = kpis(pool).await?;
    let monthly = monthly(pool).await?;
    let schools_by_mode = schools_by_mode(pool).await?;
    let by_township = by_township(pool).await?;
    let as_of = crate::server::beijing_now();
    Ok(Dashboard { kpis, monthly, schools_by_mode, by_township, as_of })
}

async fn count_in(pool: &Pool, sql: &str, (from, to): (&str, &str)) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(sql).bind(from).bind(to).fetch_one(pool).await?;
    Ok(n)
}

const CLASSES_IN: &str = "SELECT COUNT(*) FROM classes WHERE starts_at >= $1 AND starts_at < $2";
const ATTENDANCES_IN: &str = "SELECT COUNT(*) FROM attendance a JOIN classes c ON c.id = a.class_id \
                              WHERE c.starts_at >= $1 AND c.starts_at < $2";

pub async fn kpis(pool: &Pool) -> Result<Kpis, sqlx::Error> {
    let (schools,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schools WHERE status = 'active'").fetch_one(pool).await?;
    let (attendances_total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attendance").fetch_one(pool).await?;
    let (party_members,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM people WHERE party_member").fetch_one(pool).await?;
    Ok(Kpis {
        schools,
        classes_2015_2016: count_in(pool, CLASSES_IN, FIRST_PERIOD).await?,
        attendances_2015_2016: count_in(pool, ATTENDANCES_IN, FIRST_PERIOD).await?,
        sessions_2017: count_in(pool, CLASSES_IN, SECOND_PERIOD).await?,
        attendances_2017: count_in(pool, ATTENDANCES_IN, SECOND_PERIOD).await?,
        attendances_total,
        party_members,
    })
}

/// Classes and attendances per month, every month of the covered span present (zeros included).
pub async fn monthly(pool: &Pool) -> Result<Vec<MonthPoint>, sqlx::Error> {
    monthly_of(pool, None).await
}

/// The same for one school (`Some(id)`) or for the whole district (`None`).
pub async fn monthly_of(pool: &Pool, school: Option<i64>) -> Result<Vec<MonthPoint>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT substr(c.starts_at, 1, 7) AS month, COUNT(*) AS classes, \
                CAST(COALESCE(SUM(n.attendances), 0) AS BIGINT) AS attendances \
         FROM classes c \
         LEFT JOIN (SELECT class_id, COUNT(*) AS attendances FROM attendance GROUP BY class_id) n \
                ON n.class_id = c.id \
         WHERE c.starts_at >= $1 AND c.starts_at < $2 AND ($3 = 0 OR c.school_id = $3) \
         GROUP BY substr(c.starts_at, 1, 7) ORDER BY month",
    )
    .bind(FIRST_PERIOD.0)
    .bind(SECOND_PERIOD.1)
    .bind(school.unwrap_or(0))
    .fetch_all(pool)
    .await?;
    Ok(fill_months(FIRST_MONTH, LAST_MONTH, rows))
}

/// Puts the rows on a gap-free calendar of months.
fn fill_months(first: (i32, u32), last: (i32, u32), rows: Vec<(String, i64, i64)>) -> Vec<MonthPoint> {
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        let month = format!("{y:04}-{m:02}");
        let (classes, attendances) =
            rows.iter().find(|r| r.0 == month).map_or((0, 0), |r| (r.1, r.2));
        out.push(MonthPoint { month, classes, attendances });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

pub async fn schools_by_mode(pool: &Pool) -> Result<Vec<ModeCount>, sqlx::Error> {
    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT founding_mode, extension_kind, COUNT(*) FROM schools WHERE status = 'active' \
         GROUP BY founding_mode, extension_kind",
    )
    .fetch_all(pool)
    .await?;
    let mut out: Vec<ModeCount> = rows
        .into_iter()
        .filter_map(|(mode, ext, schools)| {
            Some(ModeCount {
                mode: FoundingMode::from_code(&mode)?,
                extension: ext.as_deref().and_then(ExtensionKind::from_code),
                schools,
            })
        })
        .collect();
    out.sort_by_key(|m| (m.mode, m.extension));
    Ok(out)
}

/// Attendances at schools in each township-level unit; district-level units' schools as one bar.
pub async fn by_township(pool: &Pool) -> Result<Vec<UnitCount>, sqlx::Error> {
    let rows: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT u.short_name, COUNT(*) AS attendances \
         FROM attendance a \
         JOIN classes c ON c.id = a.class_id \
         JOIN schools s ON s.id = c.school_id \
         LEFT JOIN units u ON u.id = s.township_id \
         GROUP BY u.short_name \
         ORDER BY attendances DESC",
    )
    .fetch_all(pool)
    .await?;
    let (mut towns, district): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.0.is_some());
    towns.extend(district);
    Ok(towns
        .into_iter()
        .map(|(unit, attendances)| UnitCount { unit: unit.unwrap_or_else(|| DISTRICT_LEVEL.into()), attendances })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_without_classes_are_zero_not_missing() {
        let rows = vec![("2015-04".to_string(), 3, 90), ("2015-06".to_string(), 1, 10)];
        let m = fill_months((2015, 4), (2015, 7), rows);
        let months: Vec<_> = m.iter().map(|p| (p.month.as_str(), p.classes, p.attendances)).collect();
        assert_eq!(months, vec![("2015-04", 3, 90), ("2015-05", 0, 0), ("2015-06", 1, 10), ("2015-07", 0, 0)]);
    }

    #[test]
    fn months_cross_the_year_end() {
        let m = fill_months((2016, 11), (2017, 2), vec![]);
        assert_eq!(m.len(), 4);
        assert_eq!(m[2].month, "2017-01");
    }
}
