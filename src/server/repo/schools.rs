//! Schools on the map and a school's own page.

use crate::model::{
    ClassSummary, ExtensionKind, FoundingMode, MapColour, MapData, MapPeriod, MapSchool, MergesToday, SchoolDetail, SchoolStatus,
    TodayPanel, TownPoint,
};
use crate::server::db::Pool;
use crate::server::Clock;

/// The map's schools with their figures for `period`, coloured as `colour` asks.
pub async fn map(pool: &Pool, period: MapPeriod, colour: MapColour, clock: &Clock) -> Result<MapData, sqlx::Error> {
    let today = super::dashboard::today(pool, clock).await?;
    map_with_today(pool, period, colour, clock, &today).await
}

/// The map with today's figures `today` (`server::views` reads them once for every screen): the
/// schools' figures of every day but today, plus today's — the same sum a live event's figures
/// later replace, so a screen that merges them stays equal to a recount.
pub async fn map_with_today(
    pool: &Pool,
    period: MapPeriod,
    colour: MapColour,
    clock: &Clock,
    today: &TodayPanel,
) -> Result<MapData, sqlx::Error> {
    let latest_year = clock.year();
    let (from, to) = period.range(latest_year);
    let mut schools: Vec<MapSchool> = sqlx::query_as(
        "SELECT s.id, s.name, s.founding_mode AS mode, s.extension_kind AS extension, t.short_name AS township, \
                p.name AS principal, s.lon, s.lat, s.location_confidence AS confidence, \
                COALESCE(k.classes, 0) AS classes, COALESCE(k.attendances, 0) AS attendances, k.last_class \
         FROM schools s \
         LEFT JOIN units t ON t.id = s.township_id \
         LEFT JOIN people p ON p.id = s.principal_id \
         LEFT JOIN (SELECT school_id, CAST(SUM(classes) AS BIGINT) AS classes, \
                           CAST(SUM(attendances) AS BIGINT) AS attendances, \
                           MAX(CASE WHEN classes > 0 THEN day END) AS last_class \
                    FROM class_day_counts WHERE day >= $1 AND day <= $2 AND day <> $3 \
                    GROUP BY school_id) k ON k.school_id = s.id \
         WHERE s.status = 'active' \
         ORDER BY s.id",
    )
    .bind(from)
    .bind(to)
    .bind(&today.day)
    .fetch_all(pool)
    .await?;
    let placed = super::six_ones::in_place(pool).await?;
    for s in schools.iter_mut() {
        s.six_ones = placed.iter().filter(|(school, _)| *school == s.id).count() as u8;
    }
    let bands = super::evaluation::latest_bands(pool, clock).await?;
    if let Some((_, bands)) = &bands {
        for s in schools.iter_mut() {
            s.band = bands.get(&s.id).copied();
        }
    }
    let towns: Vec<(String, f64, f64)> = sqlx::query_as(
        "SELECT short_name, lon, lat FROM units WHERE kind = 'township' AND lon IS NOT NULL AND lat IS NOT NULL ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    let towns: Vec<TownPoint> = towns.into_iter().map(|(name, lon, lat)| TownPoint { name, lon, lat }).collect();
    let band_year = bands.map(|(year, _)| year);
    let as_of = clock.now().to_string();
    let mut data = MapData {
        period,
        colour,
        band_year,
        latest_year,
        schools,
        towns,
        drawing: Default::default(),
        as_of: as_of.clone(),
        today: today.day.clone(),
        today_by_school: Vec::new(),
    };
    data.merge_today(today, &as_of);
    data.drawing = crate::charts::geo::drawing(&data.schools, &data.towns, colour);
    Ok(data)
}

#[derive(sqlx::FromRow)]
struct SchoolRow {
    id: i64,
    name: String,
    mode: FoundingMode,
    extension: Option<ExtensionKind>,
    status: SchoolStatus,
    host_unit: String,
    township: Option<String>,
    principal: Option<String>,
    vice_principal: Option<String>,
    opened_on: String,
    pilot: i64,
    lon: f64,
    lat: f64,
    confidence: String,
    sub_area: Option<String>,
    villages: Option<String>,
    venue: Option<String>,
    contact: Option<String>,
    profile: Option<String>,
}

/// A school's page; `None` when there is no such school.
pub async fn detail(pool: &Pool, id: i64, clock: &Clock) -> Result<Option<SchoolDetail>, sqlx::Error> {
    let row: Option<SchoolRow> = sqlx::query_as(
        "SELECT s.id, s.name, s.founding_mode AS mode, s.extension_kind AS extension, s.status, h.name AS host_unit, \
                t.short_name AS township, p.name AS principal, v.name AS vice_principal, s.opened_on, \
                CASE WHEN s.pilot THEN 1 ELSE 0 END AS pilot, s.lon, s.lat, s.location_confidence AS confidence, \
                s.sub_area, s.villages, s.venue, s.contact, s.profile \
         FROM schools s \
         JOIN units h ON h.id = s.host_unit_id \
         LEFT JOIN units t ON t.id = s.township_id \
         LEFT JOIN people p ON p.id = s.principal_id \
         LEFT JOIN people v ON v.id = s.vice_principal_id \
         WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(SchoolRow {
        id,
        name,
        mode,
        extension,
        status,
        host_unit,
        township,
        principal,
        vice_principal,
        opened_on,
        pilot,
        lon,
        lat,
        confidence,
        sub_area,
        villages,
        venue,
        contact,
        profile,
    }) = row
    else {
        return Ok(None);
    };
    let members: Vec<(String,)> =
        sqlx::query_as("SELECT u.name FROM school_members m JOIN units u ON u.id = m.unit_id WHERE m.school_id = $1 ORDER BY u.id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    let principal_terms: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT p.name, u.name, t.starts_on, t.ends_on FROM principal_terms t \
         JOIN people p ON p.id = t.person_id JOIN units u ON u.id = t.unit_id \
         WHERE t.school_id = $1 ORDER BY t.starts_on",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let (classes, attendances): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(classes), 0) AS BIGINT), CAST(COALESCE(SUM(attendances), 0) AS BIGINT) \
         FROM class_day_counts WHERE school_id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let monthly = super::dashboard::monthly_of_school(pool, id, clock).await?;
    let recent = recent_classes(pool, id, 10).await?;
    Ok(Some(SchoolDetail {
        id,
        name,
        mode,
        extension,
        status,
        host_unit,
        township,
        principal,
        vice_principal,
        opened_on,
        pilot: pilot != 0,
        lon,
        lat,
        confidence,
        members: members.into_iter().map(|(m,)| m).collect(),
        // What the school says of itself (its school admin's profile), when it says anything.
        about: [("服务片区", sub_area), ("所辖村（社区）", villages), ("办学场所", venue), ("联系方式", contact), ("学校简介", profile)]
            .into_iter()
            .filter_map(|(label, value)| value.filter(|v| !v.trim().is_empty()).map(|v| (label.to_string(), v)))
            .collect(),
        principal_terms,
        classes,
        attendances,
        monthly_chart: crate::charts::options::json(&crate::charts::options::monthly_chart(&monthly)),
        monthly,
        recent,
        as_of: clock.now().to_string(),
    }))
}

async fn recent_classes(pool: &Pool, school: i64, limit: i64) -> Result<Vec<ClassSummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.title, c.category, c.starts_at, c.venue, c.hours, \
                (SELECT MIN(t.name) FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id WHERE ct.class_id = c.id) AS teacher, \
                (SELECT COUNT(*) FROM attendance a WHERE a.class_id = c.id) AS attendances \
         FROM classes c WHERE c.school_id = $1 ORDER BY c.starts_at DESC, c.id DESC LIMIT $2",
    )
    .bind(school)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The name of the unit that hosts a school.
pub async fn host_unit_name(pool: &Pool, school: i64) -> Result<Option<String>, sqlx::Error> {
    let unit: Option<(String,)> = sqlx::query_as("SELECT u.name FROM schools s JOIN units u ON u.id = s.host_unit_id WHERE s.id = $1")
        .bind(school)
        .fetch_optional(pool)
        .await?;
    Ok(unit.map(|(u,)| u))
}

/// The unit that hosts a school (for a joint school, the unit it is filed under).
pub async fn host_unit(pool: &Pool, school: i64) -> Result<Option<i64>, sqlx::Error> {
    let unit: Option<(i64,)> = sqlx::query_as("SELECT host_unit_id FROM schools WHERE id = $1").bind(school).fetch_optional(pool).await?;
    Ok(unit.map(|(u,)| u))
}
