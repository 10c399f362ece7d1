//! The leader dashboard's figures, summed from the per-school daily counts (`repo::rollup`) for the
//! chosen period: the cost of a view does not grow with the attendances of history.

pub use crate::model::DISTRICT_LEVEL;
use crate::model::{
    Dashboard, Kpis, MergesToday, ModeCount, MonthPoint, Period, PeriodKind, SchoolCount, TodayClass, TodayPanel, UnitCount, FIRST_PERIOD,
    SECOND_PERIOD_START,
};
use crate::server::db::Pool;
use crate::server::Clock;
use chrono::{Datelike, NaiveDate};

/// The earliest day a chosen range may start (the district's first year on the platform).
const EARLIEST: &str = "2015-01-01";

/// The period `kind` names on the clock's today; a chosen range is checked (`Err`: what is wrong,
/// for the user).
pub fn resolve(kind: PeriodKind, from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, String> {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let (first, last) = match kind {
        PeriodKind::Article => (FIRST_PERIOD.0.to_string(), day(today)),
        PeriodKind::Year => (format!("{:04}-01-01", today.year()), day(today)),
        PeriodKind::Month => (format!("{:04}-{:02}-01", today.year(), today.month()), day(today)),
        PeriodKind::Range => {
            let parse = |text: Option<&str>| text.map(str::trim).and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
            let (Some(from), Some(to)) = (parse(from), parse(to)) else {
                return Err(crate::messages::period_dates_missing().into());
            };
            if from > to {
                return Err(crate::messages::period_reversed().into());
            }
            if day(from).as_str() < EARLIEST || to > today {
                return Err(crate::messages::period_outside(EARLIEST, day(today)));
            }
            (day(from), day(to))
        }
    };
    Ok(Period { kind, from: first, to: last })
}

/// What the dashboard shows whatever the period: the schools by founding mode and the latest
/// six-haves bands. They change with schools and evaluations, not with check-ins: `server::views`
/// keeps them apart from the periods' figures.
#[derive(Clone, Debug)]
pub struct District {
    pub schools_by_mode: Vec<ModeCount>,
    pub bands: Option<(i32, Vec<(crate::model::Band, usize)>)>,
}

pub async fn district(pool: &Pool, clock: &Clock) -> Result<District, sqlx::Error> {
    let schools_by_mode = schools_by_mode(pool).await?;
    let bands = super::evaluation::latest_bands(pool, clock).await?.map(|(year, bands)| {
        let counts = crate::model::Band::ALL.iter().map(|b| (*b, bands.values().filter(|x| *x == b).count())).collect();
        (year, counts)
    });
    Ok(District { schools_by_mode, bands })
}

/// The dashboard of `period`, with the district's standing figures `district` and today's panel
/// `today` (the same for every period: `server::views` computes them once for all).
pub async fn dashboard(
    pool: &Pool,
    clock: &Clock,
    period: &Period,
    district: District,
    today: TodayPanel,
) -> Result<Dashboard, sqlx::Error> {
    let schools = district.schools_by_mode.iter().map(|m| m.schools).sum();
    // Every day but today from the daily counts, today's from `today`, added by the same merge a
    // screen applies to a live event's figures: the sum a screen keeps merging into stays exact.
    let without = today.day.as_str();
    let kpis = period_kpis(pool, period, schools, without, without).await?;
    let monthly = monthly_without(pool, None, &period.from, &period.to, without).await?;
    let by_township = by_township_without(pool, &period.from, &period.to, without).await?;
    let as_of = clock.now().to_string();
    let mut d = Dashboard {
        period: period.clone(),
        kpis,
        monthly,
        schools_by_mode: district.schools_by_mode,
        by_township,
        bands: district.bands,
        as_of: as_of.clone(),
        today: TodayPanel { day: today.day.clone(), ..TodayPanel::default() },
        red_lectures: red_lecture_days(pool).await?,
        charts: Default::default(),
    };
    d.merge_today(&today, &as_of);
    d.charts = crate::charts::options::dashboard(&d);
    Ok(d)
}

/// The days the Red Lecture Hall was opened or held, earliest first (a handful a year).
pub async fn red_lecture_days(pool: &Pool) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT starts_at FROM classes WHERE kind = 'red_lecture' AND status IN ('open', 'closed') ORDER BY starts_at")
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(d,)| d).collect())
}

/// 今日动态: the classes open for check-in that start today, today's classes and attendances (in all
/// and by township) and today's check-ins by hour (read from the day's rows only).
pub async fn today(pool: &Pool, clock: &Clock) -> Result<TodayPanel, sqlx::Error> {
    let day = clock.today();
    let (first, next) = (day.format("%Y-%m-%d").to_string(), day.succ_opt().unwrap_or(day).format("%Y-%m-%d").to_string());
    let classes: Vec<TodayClass> = sqlx::query_as(
        "SELECT c.id, c.school_id, s.name AS school, c.title, c.starts_at, c.ends_at, c.capacity, \
                (SELECT COUNT(*) FROM attendance a WHERE a.class_id = c.id) AS checked_in \
         FROM classes c JOIN schools s ON s.id = c.school_id \
         WHERE c.status = 'open' AND c.starts_at >= $1 AND c.starts_at < $2 ORDER BY c.starts_at, c.id",
    )
    .bind(&first)
    .bind(&next)
    .fetch_all(pool)
    .await?;
    // Today's classes by their schools' townships, from the daily counts every period sums: a screen
    // that adds today's change to its period's figures stays equal to a recount.
    let (held, attendances) = totals(pool, &first, &first).await?;
    let by_township = by_township(pool, &first, &first).await?;
    let hours: Vec<(String, i64)> = sqlx::query_as(
        "SELECT substr(checked_in_at, 12, 2), COUNT(*) FROM attendance \
         WHERE checked_in_at >= $1 AND checked_in_at < $2 GROUP BY substr(checked_in_at, 12, 2)",
    )
    .bind(&first)
    .bind(&next)
    .fetch_all(pool)
    .await?;
    let mut by_hour = vec![0; 24];
    for (hour, n) in hours {
        if let Some(slot) = hour.parse::<usize>().ok().and_then(|h| by_hour.get_mut(h)) {
            *slot += n;
        }
    }
    let by_school = schools_on(pool, &first).await?;
    Ok(TodayPanel { day: first, classes, held, attendances, by_township, by_hour, by_school })
}

/// Held classes and attendances per school on `day` (schools with any), from the daily counts.
pub async fn schools_on(pool: &Pool, day: &str) -> Result<Vec<SchoolCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT school_id AS school, classes, attendances FROM class_day_counts \
         WHERE day = $1 AND (classes > 0 OR attendances > 0) ORDER BY school_id",
    )
    .bind(day)
    .fetch_all(pool)
    .await
}

/// Held classes and attendances of the classes starting in `[from, to]` (days, both included).
pub async fn totals(pool: &Pool, from: &str, to: &str) -> Result<(i64, i64), sqlx::Error> {
    totals_without(pool, from, to, NO_DAY).await
}

/// No day is this one: nothing left out.
const NO_DAY: &str = "";

/// The totals of `[from, to]` leaving the day `without` out.
async fn totals_without(pool: &Pool, from: &str, to: &str, without: &str) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(classes), 0) AS BIGINT), CAST(COALESCE(SUM(attendances), 0) AS BIGINT) \
         FROM township_day_counts WHERE day >= $1 AND day <= $2 AND day <> $3",
    )
    .bind(from)
    .bind(to)
    .bind(without)
    .fetch_one(pool)
    .await
}

/// The cards: the article's figures (its two periods to the clock's today), the chosen period's, the
/// total, the schools and the Party members.
pub async fn kpis(pool: &Pool, clock: &Clock, period: &Period) -> Result<Kpis, sqlx::Error> {
    let (schools,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schools WHERE status = 'active'").fetch_one(pool).await?;
    let today = clock.today().format("%Y-%m-%d").to_string();
    period_kpis(pool, period, schools, &today, NO_DAY).await
}

/// The cards, with the number of active schools known, leaving the day `without` out.
async fn period_kpis(pool: &Pool, period: &Period, schools: i64, today: &str, without: &str) -> Result<Kpis, sqlx::Error> {
    let (party_members,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(party_members), 0) AS BIGINT) FROM unit_people_counts").fetch_one(pool).await?;
    let (classes_2015_2016, attendances_2015_2016) = totals_without(pool, FIRST_PERIOD.0, FIRST_PERIOD.1, without).await?;
    let (sessions_2017, attendances_2017) = totals_without(pool, SECOND_PERIOD_START, today, without).await?;
    let (classes, attendances) = totals_without(pool, &period.from, &period.to, without).await?;
    let (_, attendances_total) = totals_without(pool, "0000-01-01", "9999-12-31", without).await?;
    Ok(Kpis {
        schools,
        classes_2015_2016,
        attendances_2015_2016,
        sessions_2017,
        attendances_2017,
        classes,
        attendances,
        attendances_total,
        party_members,
    })
}

/// Classes and attendances per month of `[from, to]` (of one school, or of all), every month present.
pub async fn monthly(pool: &Pool, school: Option<i64>, from: &str, to: &str) -> Result<Vec<MonthPoint>, sqlx::Error> {
    monthly_without(pool, school, from, to, NO_DAY).await
}

/// The months of `[from, to]`, leaving the day `without` out.
async fn monthly_without(pool: &Pool, school: Option<i64>, from: &str, to: &str, without: &str) -> Result<Vec<MonthPoint>, sqlx::Error> {
    // The district's months from the per-township counts (a few rows a day), a school's from its own.
    let (table, only) = match school {
        None => ("township_day_counts", ""),
        Some(_) => ("class_day_counts", " AND school_id = $4"),
    };
    let query = format!(
        "SELECT substr(day, 1, 7), CAST(SUM(classes) AS BIGINT), CAST(SUM(attendances) AS BIGINT) FROM {table} \
         WHERE day >= $1 AND day <= $2 AND day <> $3{only} GROUP BY substr(day, 1, 7)"
    );
    let mut query = sqlx::query_as(&query).bind(from).bind(to).bind(without);
    if let Some(school) = school {
        query = query.bind(school);
    }
    let rows: Vec<(String, i64, i64)> = query.fetch_all(pool).await?;
    Ok(fill_months(month_of(from), month_of(to), rows))
}

/// One school's months since the programme began (2015-04), through the clock's month.
pub async fn monthly_of_school(pool: &Pool, school: i64, clock: &Clock) -> Result<Vec<MonthPoint>, sqlx::Error> {
    monthly(pool, Some(school), FIRST_PERIOD.0, &clock.today().format("%Y-%m-%d").to_string()).await
}

/// `2017-05-25` → (2017, 5)
fn month_of(day: &str) -> (i32, u32) {
    (day.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2015), day.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1))
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

/// Attendances in `[from, to]` at schools in each township-level unit; district-level units' schools
/// as one bar.
pub async fn by_township(pool: &Pool, from: &str, to: &str) -> Result<Vec<UnitCount>, sqlx::Error> {
    by_township_without(pool, from, to, NO_DAY).await
}

/// The townships' attendances of `[from, to]`, leaving the day `without` out.
async fn by_township_without(pool: &Pool, from: &str, to: &str, without: &str) -> Result<Vec<UnitCount>, sqlx::Error> {
    let rows: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT t.short_name, CAST(SUM(r.attendances) AS BIGINT) FROM township_day_counts r \
         LEFT JOIN units t ON t.id = r.township_id \
         WHERE r.day >= $1 AND r.day <= $2 AND r.day <> $3 GROUP BY t.short_name",
    )
    .bind(from)
    .bind(to)
    .bind(without)
    .fetch_all(pool)
    .await?;
    Ok(UnitCount::ranked(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_follow_the_clock() {
        let today = day("2017-05-25");
        let p = |kind| resolve(kind, None, None, today).unwrap();
        assert_eq!((p(PeriodKind::Article).from, p(PeriodKind::Article).to), ("2015-04-01".into(), "2017-05-25".into()));
        assert_eq!((p(PeriodKind::Year).from, p(PeriodKind::Year).to), ("2017-01-01".into(), "2017-05-25".into()));
        assert_eq!((p(PeriodKind::Month).from, p(PeriodKind::Month).to), ("2017-05-01".into(), "2017-05-25".into()));
        let later = resolve(PeriodKind::Month, None, None, day("2018-02-03")).unwrap();
        assert_eq!((later.from.as_str(), later.to.as_str()), ("2018-02-01", "2018-02-03"));
    }

    #[test]
    fn a_chosen_range_is_checked() {
        let today = day("2017-05-25");
        let range = |from, to| resolve(PeriodKind::Range, Some(from), Some(to), today);
        assert_eq!(range("2016-01-01", " 2016-06-30 ").unwrap().span(), "2016.1.1–2016.6.30");
        assert!(range("2016-06-30", "2016-01-01").is_err(), "reversed");
        assert!(range("2016-01-01", "2017-05-26").is_err(), "after today");
        assert!(range("2014-12-31", "2016-01-01").is_err(), "before the programme");
        assert!(range("2016-02-30", "2016-03-01").is_err(), "not a date");
        assert!(resolve(PeriodKind::Range, None, Some("2016-03-01"), today).is_err());
    }

    #[test]
    fn townships_are_sorted_biggest_first_with_district_units_last() {
        let rows = vec![(Some("木兰乡".to_string()), 15), (None, 500), (Some("前川街".to_string()), 30)];
        let t = UnitCount::ranked(rows);
        let rows: Vec<_> = t.iter().map(|u| (u.unit.as_str(), u.attendances)).collect();
        assert_eq!(rows, vec![("前川街", 30), ("木兰乡", 15), (DISTRICT_LEVEL, 500)]);
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
        assert_eq!(month_of("2017-05-25"), (2017, 5));
    }
}
