//! 党建考核: the points setting (in `app_meta`) and each unit's line of a year — its school's band and
//! its leaders' podium completion, as points. Reads the evaluation and the podium as their pages do.

use crate::model::{Assessment, AssessmentUnit, Band};
use crate::rules::assessment::Points;
use crate::server::db::Pool;
use std::collections::BTreeMap;

/// The `app_meta` key of the points.
const SETTING: &str = "assessment_points";

/// The points, and whether the organisation department set them (else the defaults).
pub async fn points(pool: &Pool) -> Result<(Points, bool), sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM app_meta WHERE key = $1").bind(SETTING).fetch_optional(pool).await?;
    Ok(match row.and_then(|(v,)| Points::from_setting(&v)) {
        Some(points) => (points, true),
        None => (Points::default(), false),
    })
}

pub async fn set_points(pool: &Pool, points: &Points) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(SETTING)
        .bind(points.to_setting())
        .execute(pool)
        .await?;
    Ok(())
}

/// The assessment of `year` (default: the evaluation's latest year): a line per unit that hosts an
/// evaluated school or has leaders due to teach — only `unit`'s when given (a school admin's own).
pub async fn assessment(
    pool: &Pool,
    year: Option<i32>,
    clock: &crate::server::Clock,
    unit: Option<&str>,
) -> Result<Assessment, sqlx::Error> {
    let evaluation = super::evaluation::evaluation(pool, year, clock).await?;
    let year = evaluation.year;
    let podium = super::podium::podium(pool, Some(year), clock).await?;
    let (points, set) = points(pool).await?;
    let hosts: Vec<(i64, String)> =
        sqlx::query_as("SELECT s.id, u.name FROM schools s JOIN units u ON u.id = s.host_unit_id").fetch_all(pool).await?;
    let hosts: BTreeMap<i64, String> = hosts.into_iter().collect();
    let mut lines: BTreeMap<String, AssessmentUnit> = BTreeMap::new();
    let blank = |unit: &str| AssessmentUnit {
        unit: unit.to_string(),
        school: None,
        band: None,
        band_points: 0.0,
        podium_due: 0,
        podium_done: 0,
        podium_points: points.of_podium(0, 0),
        total: 0.0,
    };
    for school in &evaluation.schools {
        let Some(host) = hosts.get(&school.school_id) else { continue };
        let line = lines.entry(host.clone()).or_insert_with(|| blank(host));
        line.school = Some(school.name.clone());
        line.band = school.band;
        line.band_points = school.band.map_or(0.0, |b| points.of_band(b));
    }
    for u in &podium.units {
        let line = lines.entry(u.unit.clone()).or_insert_with(|| blank(&u.unit));
        line.podium_due = u.due;
        line.podium_done = u.done;
        line.podium_points = points.of_podium(u.due, u.done);
    }
    let mut units: Vec<AssessmentUnit> = lines.into_values().filter(|l| unit.is_none_or(|u| l.unit == u)).collect();
    for line in &mut units {
        line.total = line.band_points + line.podium_points;
    }
    units.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.unit.cmp(&b.unit)));
    Ok(Assessment {
        year,
        years: evaluation.years,
        banded: evaluation.banded,
        band_points: Band::ALL.iter().map(|b| (*b, points.of_band(*b))).collect(),
        podium_points: points.podium,
        set,
        units,
        scoped_to: unit.map(str::to_string),
    })
}
