//! Builds the demo district in memory, deterministically (one fixed seed: the same rows every time).
//!
//! The volume targets are the article's figures: 1,410 classes and 10.3万余 attendances from 2015-04 to
//! 2016-12, 490余 sessions and 3.1万余 attendances from 2017-01 to 2017-05-25, 55,000 Party members.
//! The shape is plausible, not real: classes follow schools' opening dates, dip at the Spring Festival,
//! peak around July 1; class sizes grow with a school's membership.

use super::builder::Builder;
use super::catalog::*;
pub use super::district::*;
use crate::model::{AttendanceMethod, CourseCategory, ExtensionKind, FoundingMode, Rank, UnitKind};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The whole demo district.
pub fn generate() -> District {
    let mut b = Builder { rng: ChaCha8Rng::seed_from_u64(SEED), d: District::default() };

    // --- units -------------------------------------------------------------------------------
    let towns: TownFile = serde_json::from_str(TOWNS_JSON).expect("bundled towns file parses");
    let areas: AreaFile = serde_json::from_str(AREAS_JSON).expect("bundled sub-areas file parses");
    let mut size_hints: Vec<(i64, u32)> = Vec::new();
    for &(code, size) in TOWNSHIP_SIZES {
        let t = towns.towns.iter().find(|t| t.code == code).expect("township code in towns file");
        let id = b.add_unit(&t.name, &t.short_name, UnitKind::Township);
        let u = &mut b.d.units[(id - 1) as usize];
        u.township_kind = Some(t.kind.clone());
        u.code = Some(t.code.clone());
        (u.lon, u.lat, u.confidence) = (Some(t.lon), Some(t.lat), Some(t.confidence.clone()));
        size_hints.push((id, size));
    }
    for &(name, size) in DEPARTMENTS_WITH_SCHOOL.iter().chain(DEPARTMENTS_WITHOUT_SCHOOL) {
        let id = b.add_unit(name, name, UnitKind::Department);
        size_hints.push((id, size));
    }
    for &(name, size) in MASS_ORGANISATIONS {
        let id = b.add_unit(name, name, UnitKind::MassOrganisation);
        size_hints.push((id, size));
    }
    for &(name, parent, size, _) in INSTITUTIONS {
        let parent_id = b.unit_id(parent);
        let id = b.add_unit(name, name, UnitKind::Institution);
        b.d.units[(id - 1) as usize].parent_id = Some(parent_id);
        size_hints.push((id, size));
    }
    for &name in PARTNERS {
        b.add_unit(name, name, UnitKind::Partner);
    }

    // --- people: exactly 55,000 Party members, in proportion to the size hints ----------------
    let weights: Vec<f64> = size_hints.iter().map(|&(_, s)| s as f64).collect();
    let counts = apportion(PARTY_MEMBERS as usize, &weights);
    for (&(unit_id, _), &count) in size_hints.iter().zip(&counts) {
        let short = b.unit(unit_id).short_name.clone();
        let kind = b.unit(unit_id).kind;
        let district_leaders = DISTRICT_LEADERSHIP_UNITS.iter().find(|(n, _)| *n == short).map_or(0, |&(_, n)| n as usize);
        let division = match kind {
            UnitKind::Township => 7,
            UnitKind::Department => 3,
            _ => 2,
        };
        b.add_people(unit_id, count, district_leaders, division);
    }

    // --- schools ------------------------------------------------------------------------------
    let seat = {
        let qc = b.unit(b.unit_id("前川街"));
        (qc.lon.unwrap_or(114.3726), qc.lat.unwrap_or(30.8713))
    };
    // Opening days: the pilot in April 2015; the other first-level schools from May to the end of
    // August 2015 (71 open by 2015-08-31); two more institutions in 2016; the five 前川 sub-areas
    // from late 2016 to March 2017 (78 by 2017-05-25).
    let pilot_days = [ymd(2015, 4, 8), ymd(2015, 4, 10), ymd(2015, 4, 15), ymd(2015, 4, 16), ymd(2015, 4, 20), ymd(2015, 4, 22)];
    let mut pilot_idx = 0;
    let mut rollout_day = |b: &mut Builder, short: &str| -> NaiveDate {
        if PILOT_UNITS.contains(&short) {
            pilot_idx += 1;
            pilot_days[pilot_idx - 1]
        } else {
            ymd(2015, 5, 6) + Duration::days(b.rng.gen_range(0..116)) // 2015-05-06 … 2015-08-29
        }
    };

    for &(code, _) in TOWNSHIP_SIZES {
        let t = towns.towns.iter().find(|t| t.code == code).expect("township code");
        let unit_id = b.unit_id(&t.short_name);
        let opened = rollout_day(&mut b, &t.short_name);
        let pool = b.members_of(unit_id);
        b.add_school(
            format!("{}业余党校", t.short_name),
            FoundingMode::Independent,
            None,
            unit_id,
            Some(unit_id),
            opened,
            (t.lon, t.lat, t.confidence.clone()),
            pool,
        );
    }
    for &(name, _) in DEPARTMENTS_WITH_SCHOOL {
        let unit_id = b.unit_id(name);
        let opened = rollout_day(&mut b, name);
        let spot = b.near_seat(seat);
        let pool = b.members_of(unit_id);
        b.add_school(format!("{name}业余党校"), FoundingMode::Independent, None, unit_id, None, opened, spot, pool);
    }
    // The joint school of the mass organisations; its principal rotates yearly among members.
    let member_ids: Vec<i64> = MASS_ORGANISATIONS.iter().map(|(n, _)| b.unit_id(n)).collect();
    let opened = rollout_day(&mut b, "群团组织");
    let spot = b.near_seat(seat);
    let pool: Vec<i64> = member_ids.iter().flat_map(|&u| b.members_of(u)).collect();
    let joint = b.add_school("群团组织联合业余党校".into(), FoundingMode::Joint, None, member_ids[0], None, opened, spot, pool);
    for &u in &member_ids {
        b.d.school_members.push((joint, u));
    }
    let mut term_start = ymd(2015, 6, 1);
    for (i, &u) in member_ids.iter().enumerate() {
        if term_start > ymd(2017, 5, 25) {
            break;
        }
        let (secretary, _) = b.leaders_of(u);
        let secretary = secretary.expect("every mass organisation has a Party group secretary");
        let ends_on = ymd(term_start.year() + 1, term_start.month(), term_start.day()) - Duration::days(1);
        b.d.principal_terms.push(PrincipalTerm {
            id: i as i64 + 1,
            school_id: joint,
            person_id: secretary,
            unit_id: u,
            starts_on: term_start,
            ends_on,
        });
        b.d.schools[(joint - 1) as usize].principal_id = Some(secretary);
        term_start = ends_on + Duration::days(1);
    }

    // Second-level institutions: four with the first wave, two in 2016.
    let late_institution_days = [ymd(2016, 3, 15), ymd(2016, 9, 20)];
    let mut late = 0;
    for &(name, _, _, early) in INSTITUTIONS {
        let unit_id = b.unit_id(name);
        let opened = if early {
            ymd(2015, 7, 1) + Duration::days(b.rng.gen_range(0..60))
        } else {
            late += 1;
            late_institution_days[late - 1]
        };
        let spot = b.near_seat(seat);
        let pool = b.members_of(unit_id);
        b.add_school(
            format!("{name}业余党校"),
            FoundingMode::Extended,
            Some(ExtensionKind::Institution),
            unit_id,
            None,
            opened,
            spot,
            pool,
        );
    }
    // The five sub-area schools of 前川街, each drawing on its own share of the street's members.
    let qianchuan = b.unit_id("前川街");
    let qc_members = b.members_of(qianchuan);
    let sub_area_days = [ymd(2016, 11, 15), ymd(2016, 12, 20), ymd(2017, 2, 20), ymd(2017, 3, 10), ymd(2017, 3, 28)];
    let sub_area_order = ["前川片区", "鲁台片区", "环城片区", "沙畈片区", "新店片区"];
    for (k, area_name) in sub_area_order.iter().enumerate() {
        let area = areas.areas.iter().find(|a| a.name == *area_name).expect("sub-area in file");
        let pool: Vec<i64> = qc_members.iter().copied().enumerate().filter(|(i, _)| i % 5 == k).map(|(_, p)| p).collect();
        b.add_school(
            format!("前川街{}业余党校", area.name),
            FoundingMode::Extended,
            Some(ExtensionKind::SubArea),
            qianchuan,
            Some(qianchuan),
            sub_area_days[k],
            (area.lon, area.lat, area.confidence.clone()),
            pool,
        );
    }

    // --- joint training group, teachers --------------------------------------------------------
    let regional: Vec<i64> = REGIONAL_GROUP.iter().map(|n| b.unit_id(n)).collect();
    b.d.groups.push(JointGroup { id: 1, name: "南部四街区域联训组".into(), kind: "regional", members: regional });

    for i in 0..120 {
        let id = i as i64 + 1;
        let name = b.person_name();
        let (person_id, unit_name, in_district) = if i < 40 {
            (None, OUTSIDE_TEACHING_UNITS[i % OUTSIDE_TEACHING_UNITS.len()].to_string(), false)
        } else {
            // In-district teachers are cadres of the district: a division-level member of some unit.
            let cadres: Vec<(i64, i64)> = b.d.people.iter().filter(|p| p.rank == Rank::DivisionLevel).map(|p| (p.id, p.unit_id)).collect();
            let (pid, uid) = cadres[b.rng.gen_range(0..cadres.len())];
            (Some(pid), b.unit(uid).name.clone(), true)
        };
        let name = match person_id {
            Some(pid) => b.d.people[(pid - 1) as usize].name.clone(),
            None => name,
        };
        b.d.teachers.push(Teacher { id, name, person_id, unit_name, in_district });
    }

    // --- classes and attendance ----------------------------------------------------------------
    for period in periods() {
        generate_period(&mut b, &period);
    }
    generate_online_study(&mut b);
    b.d
}

/// The online platforms whose yearly records the district imports (demo names of real kinds).
const PLATFORMS: [&str; 2] = ["中国干部网络学院", "湖北干部在线学习"];

/// Most of a district-managed cadre's hours come from outside the amateur schools: the online
/// academies above all. The article gives no figures; the demo draws each cadre's yearly online hours
/// between 70% and 135% of the 110-hour default target for 2015–2016 (so that about half meet the
/// target with their class hours), and 15%–65% of it for 2017 up to 25 May (so that some are on
/// track and some behind on that day), in three batches a year. Drawn after everything else, so the
/// article's figures above stay as they are.
fn generate_online_study(b: &mut Builder) {
    let cadres: Vec<i64> = b.d.people.iter().filter(|p| p.district_managed).map(|p| p.id).collect();
    for person_id in cadres {
        for (year, share, months) in [(2015, 0.70..1.35, [4, 8, 11]), (2016, 0.70..1.35, [3, 7, 11]), (2017, 0.15..0.65, [2, 3, 5])] {
            let total: f64 = 110.0 * b.rng.gen_range(share);
            let platform = PLATFORMS[b.rng.gen_range(0..PLATFORMS.len())];
            for month in months {
                let hours = ((total / 3.0) * 2.0).round() / 2.0;
                let day = b.rng.gen_range(1..=20);
                b.d.online_study.push(OnlineStudy { person_id, hours, earned_on: ymd(year, month, day), platform });
            }
        }
    }
}

/// Generates one period's classes and attendances, hitting its totals exactly.
fn generate_period(b: &mut Builder, period: &Period) {
    let months = month_starts(period.first_day, period.last_day);
    let open_in = |s: &School, m: NaiveDate| s.opened_on <= month_end(m).min(period.last_day);
    // Expected classes per month: open schools × season (a partial last month counts pro rata).
    let weights: Vec<f64> = months
        .iter()
        .map(|&m| {
            let open = b.d.schools.iter().filter(|s| open_in(s, m)).count() as f64;
            let end = month_end(m).min(period.last_day);
            let share = (end.day() as f64) / (month_end(m).day() as f64);
            open * seasonal_weight(m.month()) * share
        })
        .collect();
    let per_month = apportion(period.classes, &weights);

    let first_class = b.d.classes.len();
    let mut rotation = 0usize;
    for (&m, &n) in months.iter().zip(&per_month) {
        let last = month_end(m).min(period.last_day);
        let open: Vec<usize> = (0..b.d.schools.len()).filter(|&i| open_in(&b.d.schools[i], m)).collect();
        // Bigger schools run more classes (by the square root of their membership).
        let rates: Vec<f64> = open.iter().map(|&i| (b.d.schools[i].pool.len() as f64).sqrt()).collect();
        let total_rate: f64 = rates.iter().sum();
        for k in 0..n {
            // Once a month (from September 2015) the regional group holds a joint class, hosts in turn.
            let regional = k == 0 && m >= ymd(2015, 9, 1);
            let school_idx = if regional {
                let host_unit = b.d.groups[0].members[rotation % b.d.groups[0].members.len()];
                rotation += 1;
                b.d.schools.iter().position(|s| s.host_unit_id == host_unit && s.extension.is_none()).expect("host school")
            } else {
                let mut x = b.rng.gen_range(0.0..total_rate);
                let mut chosen = open[open.len() - 1];
                for (j, r) in rates.iter().enumerate() {
                    if x < *r {
                        chosen = open[j];
                        break;
                    }
                    x -= r;
                }
                chosen
            };
            let first_day = b.d.schools[school_idx].opened_on.max(m);
            let span = (last - first_day).num_days().max(0);
            let day = first_day + Duration::days(b.rng.gen_range(0..=span));
            add_class(b, school_idx, day, regional.then_some(1));
        }
    }

    // Class sizes: grow with the membership drawn on, noisy; then scaled so the period's total is exact.
    let classes = first_class..b.d.classes.len();
    let pools: Vec<Vec<i64>> = classes.clone().map(|c| class_pool(b, c)).collect();
    let raw: Vec<f64> = pools.iter().map(|p| (p.len() as f64).powf(0.55) * b.rng.gen_range(0.6..1.4)).collect();
    let mut sizes: Vec<usize> = apportion(period.attendances, &raw);
    // Never more attendees than people to draw on, never fewer than 8: move the excess elsewhere.
    let mut excess: i64 = 0;
    for (s, p) in sizes.iter_mut().zip(&pools) {
        let (lo, hi) = (8.min(p.len()), p.len());
        if *s > hi {
            excess += (*s - hi) as i64;
            *s = hi;
        } else if *s < lo {
            excess -= (lo - *s) as i64;
            *s = lo;
        }
    }
    let mut i = 0;
    while excess != 0 {
        let j = i % sizes.len();
        if excess > 0 && sizes[j] < pools[j].len() {
            sizes[j] += 1;
            excess -= 1;
        } else if excess < 0 && sizes[j] > 8 {
            sizes[j] -= 1;
            excess += 1;
        }
        i += 1;
    }

    let in_2017 = period.first_day.year() >= 2017;
    for ((c, pool), size) in classes.zip(pools).zip(sizes) {
        let (class_id, starts_at, hours) = {
            let class = &b.d.classes[c];
            (class.id, class.starts_at, class.hours)
        };
        for idx in sample(&mut b.rng, pool.len(), size).into_vec() {
            let person_id = pool[idx];
            let early = Duration::minutes(b.rng.gen_range(0..30));
            let method = pick_method(&mut b.rng, in_2017);
            let id = b.d.attendance.len() as i64 + 1;
            b.d.attendance.push(Attendance { id, class_id, person_id, checked_in_at: starts_at - early, method });
            if b.d.people[(person_id - 1) as usize].district_managed {
                // 学时登记: attendance credits the class's hours to a district-managed cadre's ledger.
                let hid = b.d.study_hours.len() as i64 + 1;
                b.d.study_hours.push(HourEntry { id: hid, person_id, hours, earned_on: starts_at.date(), class_id, attendance_id: id });
            }
        }
    }
}

fn pick_method(rng: &mut ChaCha8Rng, in_2017: bool) -> AttendanceMethod {
    let x: f64 = rng.gen();
    if in_2017 {
        match x {
            x if x < 0.55 => AttendanceMethod::Qr,
            x if x < 0.70 => AttendanceMethod::ShortCode,
            x if x < 0.90 => AttendanceMethod::Manual,
            _ => AttendanceMethod::Paper,
        }
    } else {
        match x {
            x if x < 0.70 => AttendanceMethod::Paper,
            x if x < 0.90 => AttendanceMethod::Manual,
            _ => AttendanceMethod::Import,
        }
    }
}

/// Who may attend class `c`: its school's people, or all four streets' for a regional joint class.
fn class_pool(b: &Builder, c: usize) -> Vec<i64> {
    let class = &b.d.classes[c];
    match class.joint_group_id {
        Some(_) => b.d.groups[0].members.iter().flat_map(|&u| b.d.people.iter().filter(move |p| p.unit_id == u).map(|p| p.id)).collect(),
        None => b.d.schools[(class.school_id - 1) as usize].pool.clone(),
    }
}

fn add_class(b: &mut Builder, school_idx: usize, day: NaiveDate, joint_group_id: Option<i64>) {
    let category = CourseCategory::ALL[b.rng.gen_range(0..CourseCategory::ALL.len())];
    let options = titles(category);
    let title = options[b.rng.gen_range(0..options.len())].to_string();
    // Evening class (2 h), afternoon (3 h) or a full day (6 h, on-site teaching mostly).
    let (start, hours) = match (category, b.rng.gen_range(0..10)) {
        (CourseCategory::OnSiteTeaching, _) | (_, 0) => (NaiveTime::from_hms_opt(9, 0, 0), 6.0),
        (_, 1..=4) => (NaiveTime::from_hms_opt(14, 30, 0), 3.0),
        _ => (NaiveTime::from_hms_opt(19, 0, 0), 2.0),
    };
    let starts_at = day.and_time(start.expect("valid time"));
    let ends_at = starts_at + Duration::minutes((hours * 60.0) as i64 + if hours >= 6.0 { 60 } else { 0 });
    let school = &b.d.schools[school_idx];
    let venue = if category == CourseCategory::OnSiteTeaching {
        ON_SITE_VENUES[b.rng.gen_range(0..ON_SITE_VENUES.len())].to_string()
    } else {
        let host = &b.d.units[(school.host_unit_id - 1) as usize].short_name;
        format!("{host}{}", VENUES[b.rng.gen_range(0..VENUES.len())])
    };
    let teacher_id = b.rng.gen_range(1..=b.d.teachers.len() as i64);
    let id = b.d.classes.len() as i64 + 1;
    let school_id = school.id;
    b.d.classes.push(Class { id, school_id, joint_group_id, title, category, starts_at, ends_at, venue, hours, teacher_id });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.attendance.len(), b.attendance.len());
        assert_eq!(a.people[12_345].name, b.people[12_345].name);
        assert_eq!(a.classes[700].starts_at, b.classes[700].starts_at);
    }
}

#[cfg(test)]
mod catalogue_tests {
    use super::*;

    #[test]
    fn nineteen_township_level_units_from_the_towns_file() {
        let towns: TownFile = serde_json::from_str(TOWNS_JSON).unwrap();
        assert_eq!(TOWNSHIP_SIZES.len(), 19);
        assert!(TOWNSHIP_SIZES.iter().all(|(code, _)| towns.towns.iter().any(|t| &t.code == code)));
        assert!(!TOWNSHIP_SIZES.iter().any(|(code, _)| *code == TOWNSHIP_LEFT_OUT));
        assert_eq!(DEPARTMENTS_WITH_SCHOOL.len() + TOWNSHIP_SIZES.len(), 66, "66 independent schools");
        assert_eq!(INSTITUTIONS.len(), 6);
    }
}
