//! The demo's "1+8" years: six-haves scorecards (2016 complete and banded, 2017 in progress with one
//! school still to score) and leaders' podium lectures in 2016 and early 2017, with their reward hours.
//! Deterministic (its own seed); the subsidy amounts and scores are invented, as the article has none.

use super::generate::{ymd, District};
use crate::model::{CourseCategory, Criterion, EvalMethod, LectureVenue, Rank};
use crate::rules::podium::DEFAULT_REWARD_HOURS;
use crate::rules::six_haves::{band_schools, scorecard_total, Grid, Scored, DEFAULT_WEIGHTS};
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The evaluation years of the demo: 2016 complete; 2017 in progress.
pub const COMPLETE_YEAR: i32 = 2016;
pub const OPEN_YEAR: i32 = 2017;
/// Subsidy per demonstration and per excellent school, in yuan (invented).
pub const SUBSIDIES: (f64, f64) = (30_000.0, 10_000.0);

pub struct Score {
    pub school_id: i64,
    pub year: i32,
    pub criterion: Criterion,
    pub method: EvalMethod,
    pub score: f64,
}

pub struct Lecture {
    pub person_id: i64,
    pub given_on: NaiveDate,
    pub venue: LectureVenue,
    pub school_id: Option<i64>,
    pub title: &'static str,
    pub hours: f64,
}

pub struct Yearly {
    pub scores: Vec<Score>,
    /// The unqualified school of the complete year (it has a rectification record).
    pub unqualified: i64,
    pub lectures: Vec<Lecture>,
}

const TITLES: [&str; 10] = [
    "学习贯彻党章 做合格党员",
    "推进全面从严治党向基层延伸",
    "精准扶贫政策解读与实践",
    "依法行政与基层治理",
    "临空经济区建设形势与任务",
    "党风廉政建设专题辅导",
    "乡村振兴与农村基层组织建设",
    "做好新形势下的群众工作",
    "优化营商环境的实践与思考",
    "红色黄陂：革命传统教育",
];

fn half(x: f64) -> f64 {
    ((x * 2.0).round() / 2.0).clamp(0.0, 100.0)
}

pub fn generate(d: &District) -> Yearly {
    let mut rng = ChaCha8Rng::seed_from_u64(super::generate::SEED + 6);
    let mut scores = Vec::new();
    // Each school has a level that carries over from year to year; the scores vary around it.
    let levels: Vec<f64> = d.schools.iter().map(|_| rng.gen_range(68.0..93.0)).collect();
    let last_school = d.schools.iter().map(|s| s.id).max().unwrap_or(0);
    let mut complete: Vec<Scored> = Vec::new();
    for year in [COMPLETE_YEAR, OPEN_YEAR] {
        for (school, level) in d.schools.iter().zip(&levels) {
            if school.opened_on > ymd(year, 12, 31) || (year == OPEN_YEAR && school.id == last_school) {
                continue;
            }
            let level = level + if year == OPEN_YEAR { rng.gen_range(-3.0..4.0) } else { 0.0 };
            let mut grid: Grid = [[None; 4]; 6];
            for (c, criterion) in Criterion::ALL.iter().enumerate() {
                for (m, method) in EvalMethod::ALL.iter().enumerate() {
                    let score = half(level + rng.gen_range(-7.0..7.0));
                    grid[c][m] = Some(score);
                    scores.push(Score { school_id: school.id, year, criterion: *criterion, method: *method, score });
                }
            }
            if year == COMPLETE_YEAR {
                if let Some((total, results)) = scorecard_total(&grid, &DEFAULT_WEIGHTS) {
                    complete.push(Scored { school_id: school.id, total, results });
                }
            }
        }
    }
    let unqualified = band_schools(&complete).last().map_or(0, |p| p.school_id);

    // Podium: most duty-bearers taught in 2016, about a third by 2017-05-25.
    let mut lectures = Vec::new();
    for (year, share, last_day) in [(2016, 0.86, ymd(2016, 12, 20)), (2017, 0.34, ymd(2017, 5, 24))] {
        let first_day = ymd(year, 3, 1);
        let span = (last_day - first_day).num_days();
        for p in d.people.iter().filter(|p| matches!(p.rank, Rank::DistrictLevel | Rank::DivisionLevel)) {
            if !rng.gen_bool(share) {
                continue;
            }
            let given_on = first_day + Duration::days(rng.gen_range(0..=span));
            let title = TITLES[rng.gen_range(0..TITLES.len())];
            let (venue, school_id) = match p.rank {
                Rank::DistrictLevel => (LectureVenue::DistrictPartySchool, None),
                // A few division-level cadres teach at the district Party school: recorded and
                // rewarded, but it is not their duty's venue.
                _ if rng.gen_bool(0.04) => (LectureVenue::DistrictPartySchool, None),
                _ if rng.gen_bool(0.4) => (LectureVenue::SectorForum, None),
                _ => {
                    let own = d.schools.iter().find(|s| s.host_unit_id == p.unit_id && s.opened_on <= given_on);
                    let school = own.unwrap_or(&d.schools[rng.gen_range(0..d.schools.len())]);
                    if school.opened_on > given_on {
                        (LectureVenue::SectorForum, None)
                    } else {
                        (LectureVenue::AmateurSchool, Some(school.id))
                    }
                }
            };
            lectures.push(Lecture { person_id: p.id, given_on, venue, school_id, title, hours: DEFAULT_REWARD_HOURS });
        }
    }
    Yearly { scores, unqualified, lectures }
}

/// One anonymous answer of the demo (with who gave it, kept apart when written).
pub struct Feedback {
    pub class_id: i64,
    pub person_id: i64,
    pub scales: [i64; 4],
    pub comment: &'static str,
}

pub struct Nomination {
    pub year: i32,
    pub category: CourseCategory,
    pub title: &'static str,
    pub teacher_id: i64,
    /// (reviewer, score)
    pub reviews: Vec<(&'static str, f64)>,
}

/// The demo's teacher pool and its trainees' voice: specialties, answers on past classes, and the
/// premium-course selections (2016 published; 2017 under review).
pub struct Teaching {
    pub specialties: Vec<(i64, String)>,
    pub feedback: Vec<Feedback>,
    pub nominations: Vec<Nomination>,
}

/// The year whose premium-course selection the demo has published.
pub const PUBLISHED_COURSE_YEAR: i32 = 2016;
const REVIEWERS: [&str; 5] = ["评审专家甲", "评审专家乙", "评审专家丙", "评审专家丁", "评审专家戊"];
const COMMENTS: [&str; 6] = [
    "联系实际，很有启发",
    "案例丰富，希望多安排",
    "时间稍紧，互动可以更多",
    "讲解清楚，收获很大",
    "建议提前发放学习资料",
    "现场教学形式好",
];

pub fn teaching(d: &District) -> Teaching {
    use std::collections::HashMap;
    let mut rng = ChaCha8Rng::seed_from_u64(super::generate::SEED + 8);
    // Each teacher's quality carries their classes' scores, their premium chances.
    let quality: HashMap<i64, f64> = d.teachers.iter().map(|t| (t.id, rng.gen_range(3.2..4.8))).collect();
    let specialties = d
        .teachers
        .iter()
        .map(|t| {
            let a = CourseCategory::ALL[rng.gen_range(0..CourseCategory::ALL.len())];
            let b = CourseCategory::ALL[rng.gen_range(0..CourseCategory::ALL.len())];
            let text = if a == b { a.label().to_string() } else { format!("{}、{}", a.label(), b.label()) };
            (t.id, text)
        })
        .collect();
    let teacher_of: HashMap<i64, i64> = d.classes.iter().map(|c| (c.id, c.teacher_id)).collect();
    let mut feedback = Vec::new();
    for a in &d.attendance {
        // About one trainee in five answers.
        if !rng.gen_bool(0.2) {
            continue;
        }
        let q = teacher_of.get(&a.class_id).and_then(|t| quality.get(t)).copied().unwrap_or(4.0);
        let mut scale = || (q + rng.gen_range(-1.2..1.2)).round().clamp(1.0, 5.0) as i64;
        let scales = [scale(), scale(), scale(), scale()];
        let comment = if rng.gen_bool(0.15) { COMMENTS[rng.gen_range(0..COMMENTS.len())] } else { "" };
        feedback.push(Feedback { class_id: a.class_id, person_id: a.person_id, scales, comment });
    }
    let mut nominations = Vec::new();
    for (year, per_category, reviews) in [(PUBLISHED_COURSE_YEAR, 5, 5), (OPEN_YEAR, 3, 2)] {
        for &category in CourseCategory::ALL {
            let titles = super::catalog::titles(category);
            for i in 0..per_category {
                let teacher = &d.teachers[rng.gen_range(0..d.teachers.len())];
                let q = quality[&teacher.id];
                let reviews = REVIEWERS
                    .iter()
                    .take(reviews)
                    .map(|r| (*r, ((q * 20.0 - 6.0 + rng.gen_range(-5.0..5.0)) * 2.0).round().clamp(0.0, 200.0) / 2.0))
                    .collect();
                nominations.push(Nomination { year, category, title: titles[i % titles.len()], teacher_id: teacher.id, reviews });
            }
        }
    }
    // One teacher nominated twice with the same title in a year would break uniqueness: keep the first.
    let mut seen = std::collections::HashSet::new();
    nominations.retain(|n| seen.insert((n.year, n.teacher_id, n.title)));
    Teaching { specialties, feedback, nominations }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_year_has_one_school_left_to_score() {
        let d = super::super::generate::generate();
        let y = generate(&d);
        let schools = |year: i32| {
            let mut ids: Vec<i64> = y.scores.iter().filter(|s| s.year == year).map(|s| s.school_id).collect();
            ids.dedup();
            ids.len()
        };
        let open_by_2016 = d.schools.iter().filter(|s| s.opened_on <= ymd(2016, 12, 31)).count();
        assert_eq!(schools(COMPLETE_YEAR), open_by_2016, "every school open in 2016");
        assert_eq!(schools(OPEN_YEAR), 77, "78 in 2017, one still to score");
        assert_eq!(y.scores.len(), (open_by_2016 + 77) * 24);
        assert!(y.unqualified > 0);
        assert!(y.lectures.iter().all(|l| (l.venue == LectureVenue::AmateurSchool) == l.school_id.is_some()));
    }
}
