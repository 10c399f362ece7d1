//! The leader dashboard's figures.

use crate::model::{Dashboard, Kpis, ModeCount, MonthPoint, UnitCount};
use crate::server::db::Pool;

/// The periods the article reports on (inclusive first day, exclusive end).
const FIRST_PERIOD: (&str, &str) = ("2015-04-01", "2017-01-01");
const SECOND_PERIOD: (&str, &str) = ("2017-01-01", "2017-05-26");
/// The months the charts cover.
const FIRST_MONTH: (i32, u32) = (2015, 4);
const LAST_MONTH: (i32, u32) = (2017, 5);

/// The label of schools not in a township-level unit (district departments and their institutions).
pub const DISTRICT_LEVEL: &str = "区直单位";

pub async fn dashboard(pool: &Pool, clock: &crate::server::Clock) -> Result<Dashboard, sqlx::Error> {
    // One pass over the attendances (per class), everything else is summed from it.
    let volume = class_volume(pool, None).await?;
    let kpis = kpis_from(pool, &volume).await?;
    let monthly = monthly_from(&volume);
    let schools_by_mode = schools_by_mode(pool).await?;
    let by_township = by_township_from(&volume);
    let as_of = clock.now().to_string();
    let bands = super::evaluation::latest_bands(pool, clock).await?.map(|(year, bands)| {
        let counts = crate::model::Band::ALL.iter().map(|b| (*b, bands.values().filter(|x| *x == b).count())).collect();
        (year, counts)
    });
    Ok(Dashboard { kpis, monthly, schools_by_mode, by_township, bands, as_of })
}

/// One class: when it started, the township-level unit of its school, and how many attended.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassVolume {
    pub starts_at: String,
    pub township: Option<String>,
    pub attendances: i64,
}

/// Every class (of one school, or of all) with its attendance count.
pub async fn class_volume(pool: &Pool, school: Option<i64>) -> Result<Vec<ClassVolume>, sqlx::Error> {
    let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT c.starts_at, t.short_name, COALESCE(n.attendances, 0) \
         FROM classes c \
         JOIN schools s ON s.id = c.school_id \
         LEFT JOIN units t ON t.id = s.township_id \
         LEFT JOIN (SELECT class_id, COUNT(*) AS attendances FROM attendance GROUP BY class_id) n \
                ON n.class_id = c.id \
         WHERE ($1 = 0 OR c.school_id = $1)",
    )
    .bind(school.unwrap_or(0))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(starts_at, township, attendances)| ClassVolume { starts_at, township, attendances }).collect())
}

/// Classes and attendances of the classes starting in `[from, to)`.
pub fn period_totals(volume: &[ClassVolume], (from, to): (&str, &str)) -> (i64, i64) {
    volume
        .iter()
        .filter(|c| c.starts_at.as_str() >= from && c.starts_at.as_str() < to)
        .fold((0, 0), |(classes, attendances), c| (classes + 1, attendances + c.attendances))
}

pub async fn kpis(pool: &Pool) -> Result<Kpis, sqlx::Error> {
    kpis_from(pool, &class_volume(pool, None).await?).await
}

async fn kpis_from(pool: &Pool, volume: &[ClassVolume]) -> Result<Kpis, sqlx::Error> {
    let (schools,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schools WHERE status = 'active'").fetch_one(pool).await?;
    let (party_members,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people WHERE party_member").fetch_one(pool).await?;
    let (classes_2015_2016, attendances_2015_2016) = period_totals(volume, FIRST_PERIOD);
    let (sessions_2017, attendances_2017) = period_totals(volume, SECOND_PERIOD);
    Ok(Kpis {
        schools,
        classes_2015_2016,
        attendances_2015_2016,
        sessions_2017,
        attendances_2017,
        attendances_total: volume.iter().map(|c| c.attendances).sum(),
        party_members,
    })
}

/// Classes and attendances per month, every month of the covered span present (zeros included).
pub async fn monthly(pool: &Pool) -> Result<Vec<MonthPoint>, sqlx::Error> {
    Ok(monthly_from(&class_volume(pool, None).await?))
}

/// The same for one school.
pub async fn monthly_of_school(pool: &Pool, school: i64) -> Result<Vec<MonthPoint>, sqlx::Error> {
    Ok(monthly_from(&class_volume(pool, Some(school)).await?))
}

/// Per month of the charts' span (2015-04 … 2017-05).
pub fn monthly_from(volume: &[ClassVolume]) -> Vec<MonthPoint> {
    let mut rows: Vec<(String, i64, i64)> = Vec::new();
    for c in volume.iter().filter(|c| c.starts_at.as_str() >= FIRST_PERIOD.0 && c.starts_at.as_str() < SECOND_PERIOD.1) {
        let month = c.starts_at.get(..7).unwrap_or_default();
        match rows.iter_mut().find(|r| r.0 == month) {
            Some(r) => {
                r.1 += 1;
                r.2 += c.attendances;
            }
            None => rows.push((month.to_string(), 1, c.attendances)),
        }
    }
    fill_months(FIRST_MONTH, LAST_MONTH, rows)
}

/// Puts the rows on a gap-free calendar of months.
fn fill_months(first: (i32, u32), last: (i32, u32), rows: Vec<(String, i64, i64)>) -> Vec<MonthPoint> {
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        let month = format!("{y:04}-{m:02}");
        let (classes, attendances) = rows.iter().find(|r| r.0 == month).map_or((0, 0), |r| (r.1, r.2));
        out.push(MonthPoint { month, classes, attendances });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

pub async fn schools_by_mode(pool: &Pool) -> Result<Vec<ModeCount>, sqlx::Error> {
    let mut out: Vec<ModeCount> = sqlx::query_as(
        "SELECT founding_mode AS mode, extension_kind AS extension, COUNT(*) AS schools FROM schools WHERE status = 'active' \
         GROUP BY founding_mode, extension_kind",
    )
    .fetch_all(pool)
    .await?;
    out.sort_by_key(|m| (m.mode, m.extension));
    Ok(out)
}

/// Attendances at schools in each township-level unit; district-level units' schools as one bar.
pub async fn by_township(pool: &Pool) -> Result<Vec<UnitCount>, sqlx::Error> {
    Ok(by_township_from(&class_volume(pool, None).await?))
}

/// Largest first; the district-level bar last.
pub fn by_township_from(volume: &[ClassVolume]) -> Vec<UnitCount> {
    let mut towns: Vec<UnitCount> = Vec::new();
    let mut district = 0;
    for c in volume {
        match &c.township {
            Some(t) => match towns.iter_mut().find(|u| &u.unit == t) {
                Some(u) => u.attendances += c.attendances,
                None => towns.push(UnitCount { unit: t.clone(), attendances: c.attendances }),
            },
            None => district += c.attendances,
        }
    }
    towns.sort_by(|a, b| b.attendances.cmp(&a.attendances).then_with(|| a.unit.cmp(&b.unit)));
    if district > 0 {
        towns.push(UnitCount { unit: DISTRICT_LEVEL.into(), attendances: district });
    }
    towns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(starts_at: &str, township: Option<&str>, attendances: i64) -> ClassVolume {
        ClassVolume { starts_at: starts_at.into(), township: township.map(Into::into), attendances }
    }

    #[test]
    fn periods_include_the_first_day_and_exclude_the_end() {
        let v = [
            class("2015-03-31T19:00:00", None, 1),
            class("2015-04-01T09:00:00", None, 10),
            class("2016-12-31T19:00:00", None, 20),
            class("2017-01-01T09:00:00", None, 40),
        ];
        assert_eq!(period_totals(&v, FIRST_PERIOD), (2, 30));
        assert_eq!(period_totals(&v, SECOND_PERIOD), (1, 40));
    }

    #[test]
    fn townships_are_summed_biggest_first_with_district_units_last() {
        let v = [
            class("2015-05-01T09:00:00", Some("木兰乡"), 10),
            class("2015-05-02T09:00:00", None, 500),
            class("2015-05-03T09:00:00", Some("前川街"), 30),
            class("2015-05-04T09:00:00", Some("木兰乡"), 5),
        ];
        let t = by_township_from(&v);
        let rows: Vec<_> = t.iter().map(|u| (u.unit.as_str(), u.attendances)).collect();
        assert_eq!(rows, vec![("前川街", 30), ("木兰乡", 15), (DISTRICT_LEVEL, 500)]);
    }

    #[test]
    fn monthly_counts_classes_and_attendances() {
        let v = [class("2015-04-02T09:00:00", None, 10), class("2015-04-20T09:00:00", None, 5), class("2019-01-01T09:00:00", None, 7)];
        let m = monthly_from(&v);
        assert_eq!(m.len(), 26);
        assert_eq!((m[0].classes, m[0].attendances), (2, 15));
        assert_eq!(m.iter().map(|p| p.attendances).sum::<i64>(), 15, "outside the charts' span");
    }

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
