//! The demo district's rows as generated (before they are written), the bundled map files they are
//! placed by, and the calendar helpers of the generator.

use crate::model::{AttendanceMethod, CourseCategory, ExtensionKind, FoundingMode, Rank, UnitKind};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Deserialize;

/// The demo seed: the day of the article's field meeting, 2017-05-25.
pub const SEED: u64 = 20_170_525;
pub const PARTY_MEMBERS: u32 = 55_000;

/// The demo district's own day (its data end here; the app's clock runs on it, see `server::clock`).
pub fn today() -> NaiveDate {
    ymd(2017, 5, 25)
}

/// Now on the demo's day (the real time of day): when the demo's records say they were written.
pub fn now() -> crate::model::Moment {
    crate::server::Clock::on(today()).now()
}

/// One period of training volume to generate.
pub struct Period {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub classes: usize,
    pub attendances: usize,
}

pub fn periods() -> [Period; 2] {
    [
        Period { first_day: ymd(2015, 4, 1), last_day: ymd(2016, 12, 31), classes: 1_410, attendances: 103_486 },
        Period { first_day: ymd(2017, 1, 1), last_day: ymd(2017, 5, 25), classes: 493, attendances: 31_472 },
    ]
}

pub struct Unit {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    pub township_kind: Option<String>,
    pub code: Option<String>,
    pub parent_id: Option<i64>,
    pub in_district: bool,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub confidence: Option<String>,
}

pub struct Person {
    pub id: i64,
    pub name: String,
    pub unit_id: i64,
    pub rank: Rank,
    pub district_managed: bool,
}

pub struct School {
    pub id: i64,
    pub name: String,
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub host_unit_id: i64,
    pub township_id: Option<i64>,
    pub principal_id: Option<i64>,
    pub vice_principal_id: Option<i64>,
    pub opened_on: NaiveDate,
    pub pilot: bool,
    pub lon: f64,
    pub lat: f64,
    pub confidence: String,
    /// People who train here (not stored: used to draw attendees).
    pub pool: Vec<i64>,
}

pub struct PrincipalTerm {
    pub id: i64,
    pub school_id: i64,
    pub person_id: i64,
    pub unit_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

pub struct Teacher {
    pub id: i64,
    pub name: String,
    pub person_id: Option<i64>,
    pub unit_name: String,
    pub in_district: bool,
}

pub struct Class {
    pub id: i64,
    pub school_id: i64,
    pub joint_group_id: Option<i64>,
    pub title: String,
    pub category: CourseCategory,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub venue: String,
    pub hours: f64,
    pub teacher_id: i64,
}

pub struct Attendance {
    pub id: i64,
    pub class_id: i64,
    pub person_id: i64,
    pub checked_in_at: NaiveDateTime,
    pub method: AttendanceMethod,
}

pub struct HourEntry {
    pub id: i64,
    pub person_id: i64,
    pub hours: f64,
    pub earned_on: NaiveDate,
    pub class_id: i64,
    pub attendance_id: i64,
}

/// A batch of online-academy hours (网络学院学习记录) of a district-managed cadre.
pub struct OnlineStudy {
    pub person_id: i64,
    pub hours: f64,
    pub earned_on: NaiveDate,
    pub platform: &'static str,
}

pub struct JointGroup {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    /// Member unit ids in hosting rotation order.
    pub members: Vec<i64>,
}

#[derive(Default)]
pub struct District {
    pub units: Vec<Unit>,
    pub people: Vec<Person>,
    pub schools: Vec<School>,
    pub school_members: Vec<(i64, i64)>,
    pub principal_terms: Vec<PrincipalTerm>,
    pub groups: Vec<JointGroup>,
    pub teachers: Vec<Teacher>,
    pub classes: Vec<Class>,
    pub attendance: Vec<Attendance>,
    pub study_hours: Vec<HourEntry>,
    pub online_study: Vec<OnlineStudy>,
}

#[derive(Deserialize)]
pub(super) struct TownFile {
    pub(super) towns: Vec<Town>,
}
#[derive(Deserialize)]
pub(super) struct Town {
    pub(super) name: String,
    pub(super) short_name: String,
    pub(super) code: String,
    pub(super) kind: String,
    pub(super) lon: f64,
    pub(super) lat: f64,
    pub(super) confidence: String,
}
#[derive(Deserialize)]
pub(super) struct AreaFile {
    pub(super) areas: Vec<Area>,
}
#[derive(Deserialize)]
pub(super) struct Area {
    pub(super) name: String,
    pub(super) lon: f64,
    pub(super) lat: f64,
    pub(super) confidence: String,
}

pub(super) const TOWNS_JSON: &str = include_str!("../../../data/geo/huangpi-towns.json");
pub(super) const AREAS_JSON: &str = include_str!("../../../data/geo/qianchuan-areas.json");

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// Splits `total` in proportion to `weights`, exactly (largest remainder; ties to the earlier index).
pub fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let quotas: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut counts: Vec<usize> = quotas.iter().map(|q| q.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (quotas[a] - quotas[a].floor(), quotas[b] - quotas[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let missing = total - counts.iter().sum::<usize>();
    for &i in order.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// How busy a calendar month is for Party schools: the Spring Festival (Jan/Feb) is quiet, the weeks
/// before July 1 (建党节) are the peak, August (heat, flood season) and October (National Day) dip.
pub fn seasonal_weight(month: u32) -> f64 {
    [0.75, 0.45, 1.0, 1.05, 1.1, 1.4, 1.35, 0.7, 1.05, 0.85, 1.1, 1.0][(month - 1) as usize]
}

pub(super) fn month_starts(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut m = ymd(first.year(), first.month(), 1);
    while m <= last {
        out.push(m);
        m = if m.month() == 12 { ymd(m.year() + 1, 1, 1) } else { ymd(m.year(), m.month() + 1, 1) };
    }
    out
}

pub(super) fn month_end(m: NaiveDate) -> NaiveDate {
    let next = if m.month() == 12 { ymd(m.year() + 1, 1, 1) } else { ymd(m.year(), m.month() + 1, 1) };
    next - Duration::days(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_is_exact_and_proportional() {
        assert_eq!(apportion(10, &[1.0, 1.0, 2.0]), vec![3, 2, 5]);
        assert_eq!(apportion(7, &[0.0, 0.0]), vec![0, 0]);
        let parts = apportion(1_410, &[3.3, 1.1, 7.9, 0.4]);
        assert_eq!(parts.iter().sum::<usize>(), 1_410);
    }

    #[test]
    fn the_spring_festival_is_quieter_than_july() {
        assert!(seasonal_weight(2) < seasonal_weight(3));
        assert!(seasonal_weight(7) > seasonal_weight(5));
    }
}
