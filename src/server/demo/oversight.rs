//! The demo's supervision, joint training and competency tests: each supervision group's members and
//! schools (assigned in turn, skipping a group with people of the school's unit — the rule of
//! `rules::supervision`), its visits in 2016 and early 2017 with findings and follow-ups; the paired and
//! departmental joint-training groups with some of their members' classes linked to them, the regional
//! group's plans and cross-evaluation scores; and the 2016 competency results of every
//! district-managed cadre. Deterministic (its own seed); findings and scores are invented.

use super::generate::{ymd, District, JointGroup};
use crate::model::{CourseCategory, CrossCriterion, Rank};
use crate::rules::supervision::own_unit_conflict;
use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Besides its leader, each supervision group takes a division-level cadre of a street and of a
/// department (so that the own-unit rule has something to do).
const MEMBER_UNITS: [(&str, &str); 4] =
    [("横店街", "区纪委"), ("罗汉寺街", "区委宣传部"), ("六指街", "区人社局"), ("天河街", "区委组织部")];

/// The paired groups (a northern street and its partner unit outside the district) and the
/// departmental group, after the regional group (id 1).
const PAIRED: [(&str, [&str; 2]); 2] =
    [("姚集街·市财政局结对联训组", ["姚集街", "市财政局"]), ("蔡店街·江岸区球场街结对联训组", ["蔡店街", "江岸区球场街"])];
const DEPARTMENTAL: (&str, [&str; 3]) = ("城建系统部门联训组", ["区住建局", "区房产中心", "区规划局"]);

const FINDINGS: [(&str, &str); 8] = [
    ("台账资料齐全，教学计划按月落实", ""),
    ("培训场地固定，设施完好；学员签到规范", ""),
    ("年度教学计划未细化到月", "按月细化年度教学计划并报区委党校备案"),
    ("部分培训班缺少学员评价记录", "每期培训班结束后组织学员评价，补齐记录"),
    ("师资以本单位为主，外请教师偏少", "从师资库选聘教师，下半年至少外请两次"),
    ("经费使用台账不完整", "完善经费使用台账，专款专用"),
    ("课程以会代训较多，现场教学不足", "增加现场教学，结合本单位实际设计课程"),
    ("校委会制度健全，班子成员带头授课", ""),
];
const DONE_NOTES: [&str; 3] = ["已按要求整改，材料已报区委党校", "已完成整改，经督导组复查合格", "已整改到位"];
pub(super) const PLAN_TOPICS: [(&str, CourseCategory); 12] = [
    ("学习贯彻全国两会精神", CourseCategory::PoliticalTheory),
    ("“两学一做”学习教育常态化", CourseCategory::PoliticalTheory),
    ("精准扶贫政策解读", CourseCategory::EconomyFinance),
    ("基层社会治理与网格化管理", CourseCategory::PublicAdministration),
    ("防汛抗旱应急管理", CourseCategory::PublicAdministration),
    ("庆祝建党专题党课", CourseCategory::PoliticalTheory),
    ("农村土地承包法律实务", CourseCategory::LawRegulation),
    ("临空经济区建设现场教学", CourseCategory::OnSiteTeaching),
    ("发展党员工作规程", CourseCategory::ProfessionalKnowledge),
    ("新媒体时代舆情应对", CourseCategory::GeneralQuality),
    ("党内法规与纪律处分条例", CourseCategory::LawRegulation),
    ("年度培训成效交流", CourseCategory::GeneralQuality),
];

pub struct Visit {
    pub group: usize,
    pub school_id: i64,
    pub visited_on: NaiveDate,
    pub findings: &'static str,
    pub follow_up: &'static str,
    pub due_on: Option<NaiveDate>,
    pub done: Option<(NaiveDate, &'static str)>,
}

pub struct Oversight {
    /// The groups' leaders (division-level cadres of the district Party school), in group order.
    pub leaders: Vec<i64>,
    /// (group index, person).
    pub members: Vec<(usize, i64)>,
    /// (school, group index); a school every group must keep away from is in none.
    pub assignments: Vec<(i64, usize)>,
    pub visits: Vec<Visit>,
    /// (group, year, month, topic, category) of the regional group.
    pub plans: Vec<(i64, i32, u32, &'static str, CourseCategory)>,
    /// (group, year, scorer, scored, criterion, score).
    pub cross: Vec<(i64, i32, i64, i64, CrossCriterion, f64)>,
    /// (year, person, three parts).
    pub competency: Vec<(i32, i64, [f64; 3])>,
}

/// The month the regional group's hosting rotation started.
pub const ROTATION_FROM: &str = "2015-09";
pub const COMPETENCY_YEAR: i32 = 2016;

fn unit(d: &District, name: &str) -> i64 {
    d.units.iter().find(|u| u.short_name == name || u.name == name).map(|u| u.id).expect("demo unit")
}

fn division_cadre(d: &District, unit: i64, nth: usize) -> i64 {
    d.people.iter().filter(|p| p.unit_id == unit && p.rank == Rank::DivisionLevel).nth(nth).map(|p| p.id).expect("a division-level cadre")
}

/// Adds the paired and departmental groups to `d` and links some of their members' classes to them
/// (no class is added or moved: the article's figures stay as they are); returns the rest.
pub fn generate(d: &mut District) -> Oversight {
    let mut rng = ChaCha8Rng::seed_from_u64(0x0d05_2017);
    let school_party = unit(d, "区委党校");
    // Its leadership: the division-level cadres first, then the next in line (the school has three).
    let mut staff: Vec<&super::generate::Person> = d.people.iter().filter(|p| p.unit_id == school_party).collect();
    staff.sort_by_key(|p| (p.rank != Rank::DivisionLevel, p.id));
    let leaders: Vec<i64> = staff.iter().take(4).map(|p| p.id).collect();
    let members: Vec<(usize, i64)> = MEMBER_UNITS
        .iter()
        .enumerate()
        .flat_map(|(g, (street, dept))| [(g, division_cadre(d, unit(d, street), 0)), (g, division_cadre(d, unit(d, dept), 0))])
        .collect();
    let unit_of = |p: i64| d.people[(p - 1) as usize].unit_id;
    let group_units: Vec<Vec<(i64, String)>> = (0..4)
        .map(|g| {
            let mut units = vec![unit_of(leaders[g])];
            units.extend(members.iter().filter(|m| m.0 == g).map(|m| unit_of(m.1)));
            units.into_iter().map(|u| (u, d.units[(u - 1) as usize].name.clone())).collect()
        })
        .collect();
    let mut assignments = Vec::new();
    for s in &d.schools {
        let mut own = vec![s.host_unit_id];
        own.extend(s.township_id);
        own.extend(d.school_members.iter().filter(|m| m.0 == s.id).map(|m| m.1));
        // In turn (school number), moving on to the next group when the turn's group must keep away.
        let first = (s.id as usize + 3) % 4;
        if let Some(g) = (0..4).map(|k| (first + k) % 4).find(|&g| own_unit_conflict(&group_units[g], &own).is_none()) {
            assignments.push((s.id, g));
        }
    }

    let mut visits = Vec::new();
    for &(school_id, group) in &assignments {
        let rounds: [(NaiveDate, i64, bool); 3] =
            [(ymd(2016, 4, 1), 80, true), (ymd(2016, 10, 10), 70, true), (ymd(2017, 3, 1), 75, rng.gen_bool(0.6))];
        for (from, span, held) in rounds {
            if !held {
                continue;
            }
            let visited_on = from + Duration::days(rng.gen_range(0..span));
            let (findings, follow_up) = FINDINGS[rng.gen_range(0..FINDINGS.len())];
            let due_on = (!follow_up.is_empty()).then(|| visited_on + Duration::days(30));
            // 2016's follow-ups were put right (a few late); 2017's are still open.
            let done = due_on
                .filter(|due| *due < ymd(2017, 4, 20))
                .map(|due| (due + Duration::days(rng.gen_range(-20..6)), DONE_NOTES[rng.gen_range(0..DONE_NOTES.len())]));
            visits.push(Visit { group, school_id, visited_on, findings, follow_up, due_on, done });
        }
    }

    // Joint-training groups: paired, departmental; their members' classes every fourth is joint.
    let mut next = d.groups.len() as i64 + 1;
    let mut added = Vec::new();
    for (name, units) in PAIRED {
        added.push(JointGroup { id: next, name: name.into(), kind: "paired", members: units.iter().map(|u| unit(d, u)).collect() });
        next += 1;
    }
    added.push(JointGroup {
        id: next,
        name: DEPARTMENTAL.0.into(),
        kind: "departmental",
        members: DEPARTMENTAL.1.iter().map(|u| unit(d, u)).collect(),
    });
    for g in &added {
        let schools: Vec<i64> =
            d.schools.iter().filter(|s| g.members.contains(&s.host_unit_id) && s.extension.is_none()).map(|s| s.id).collect();
        let members_classes = d.classes.iter_mut().filter(|c| c.joint_group_id.is_none() && schools.contains(&c.school_id));
        for (nth, c) in members_classes.enumerate() {
            if nth % 4 == 0 {
                c.joint_group_id = Some(g.id);
            }
        }
    }
    d.groups.extend(added);

    let regional = &d.groups[0];
    let mut plans = Vec::new();
    for year in [2016, 2017] {
        for (m, (topic, category)) in PLAN_TOPICS.iter().enumerate() {
            plans.push((regional.id, year, m as u32 + 1, *topic, *category));
        }
    }
    let mut cross = Vec::new();
    let strength: Vec<f64> = regional.members.iter().map(|_| rng.gen_range(-4.0..4.0)).collect();
    for (year, share) in [(2016, 1.0), (2017, 0.4)] {
        for (i, &scorer) in regional.members.iter().enumerate() {
            for (j, &scored) in regional.members.iter().enumerate() {
                if i == j || !rng.gen_bool(share) {
                    continue;
                }
                for c in CrossCriterion::ALL {
                    let score: f64 = (86.0 + strength[j] + rng.gen_range(-5.0..5.0_f64)).clamp(60.0, 100.0);
                    cross.push((regional.id, year, scorer, scored, *c, (score * 2.0).round() / 2.0));
                }
            }
        }
    }

    // Competency tests: every district-managed cadre, with a small bias per unit.
    let mut competency = Vec::new();
    let bias: Vec<f64> = d.units.iter().map(|_| rng.gen_range(-5.0..5.0)).collect();
    for p in d.people.iter().filter(|p| p.district_managed) {
        let b = bias[(p.unit_id - 1) as usize];
        let mut part = |mean: f64| ((mean + b + rng.gen_range(-12.0..12.0_f64)).clamp(40.0, 100.0) * 10.0).round() / 10.0;
        competency.push((COMPETENCY_YEAR, p.id, [part(84.0), part(79.0), part(82.0)]));
    }
    Oversight { leaders, members, assignments, visits, plans, cross, competency }
}
