//! 培训班 rules: which classes must be filed in advance (事前备案), when a class may open for check-in,
//! what the conflict check looks at, and the credit a close-out writes to each attendee's ledger.

use super::RuleRef;
use crate::messages as msg;
use crate::model::{ClassKind, ClassPlan, ClassStatus, CourseCategory, FilingStatus, Rank, VenueKind};

/// Each attendee of a closed class is credited the class's hours, once (ledger rule).
pub const CLASS_CLOSE_OUT_CREDIT: RuleRef = RuleRef { name: "class_close_out_credit", version: 1 };

/// 事前备案: a class that crosses departments or regions (co-organised with other schools, or held for a
/// joint-training group — each counts as a co-organiser), is held at a university or a training company,
/// or outside the district, must be filed and approved before it runs.
pub fn filing_required(venue: VenueKind, co_organisers: usize) -> bool {
    co_organisers > 0 || venue != VenueKind::School
}

/// Whether a class may be opened for check-in now; the refusal is what the admin reads.
pub fn may_open(status: ClassStatus, filing: FilingStatus) -> Result<(), &'static str> {
    match (status, filing) {
        (ClassStatus::Cancelled, _) => Err(msg::open_cancelled()),
        (ClassStatus::Open, _) => Err(msg::open_already()),
        (_, FilingStatus::Pending) => Err(msg::open_needs_filing()),
        (_, FilingStatus::Rejected) => Err(msg::open_filing_rejected()),
        (ClassStatus::Planned | ClassStatus::Closed, FilingStatus::NotRequired | FilingStatus::Approved) => Ok(()),
    }
}

/// Whether two periods `[start, end)` (ISO texts of one format) overlap.
pub fn periods_overlap(a: (&str, &str), b: (&str, &str)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Venues are the same place when they read the same apart from spaces and letter case.
pub fn same_venue(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
    !norm(a).is_empty() && norm(a) == norm(b)
}

/// The same topic: the same title apart from spaces and the book-title marks 《》.
pub fn same_topic(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》')).collect::<String>();
    !norm(a).is_empty() && norm(a) == norm(b)
}

/// The longest class title.
pub const MAX_TITLE_CHARS: usize = 60;
/// The largest class (a hall of a district-wide lecture).
pub const MAX_CAPACITY: i64 = 5_000;

/// A class plan that passed [`check_plan`].
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedPlan {
    pub title: String,
    pub category: CourseCategory,
    pub venue: String,
    pub venue_kind: VenueKind,
    /// `YYYY-MM-DDTHH:MM:SS`
    pub starts_at: String,
    pub ends_at: String,
    pub hours: f64,
    pub capacity: Option<i64>,
    pub audience_rank: Option<Rank>,
    pub audience_unit_id: Option<i64>,
    pub school_id: Option<i64>,
    pub teachers: Vec<i64>,
    pub co_schools: Vec<i64>,
    pub joint_group_id: Option<i64>,
    /// The line of a teaching plan the class is held for.
    pub plan_line_id: Option<i64>,
    pub kind: ClassKind,
    /// A 红色大讲堂's red teaching base.
    pub red_base_id: Option<i64>,
}

/// An optional id from a form's select ("" for none).
fn optional_id(text: &str, what: &str) -> Result<Option<i64>, String> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<i64>().map(Some).map_err(|_| msg::choice_wrong(what)),
    }
}

/// `YYYY-MM-DDTHH:MM` (a `datetime-local` field) or with seconds → `YYYY-MM-DDTHH:MM:SS`.
pub fn parse_datetime(text: &str) -> Option<String> {
    let t = text.trim().replace(' ', "T");
    let (date, time) = t.split_once('T')?;
    super::study_hours::parse_date(date)?;
    let parts: Vec<&str> = time.split(':').collect();
    let num = |s: &str, max: u32| s.len() == 2 && s.chars().all(|c| c.is_ascii_digit()) && s.parse::<u32>().is_ok_and(|v| v <= max);
    let ok = match parts.as_slice() {
        [h, m] => num(h, 23) && num(m, 59),
        [h, m, s] => num(h, 23) && num(m, 59) && num(s, 59),
        _ => false,
    };
    ok.then(|| if parts.len() == 2 { format!("{date}T{time}:00") } else { format!("{date}T{time}") })
}

/// A class's title, place and time, as planning it or changing it gives them.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub title: String,
    pub venue: String,
    /// `YYYY-MM-DDTHH:MM:SS`
    pub starts_at: String,
    pub ends_at: String,
    pub hours: f64,
    pub capacity: Option<i64>,
}

/// A class's schedule as a form posts it (planning, or changing a planned class).
#[derive(Clone, Copy, Debug, Default)]
pub struct ScheduleFields<'a> {
    pub title: &'a str,
    pub venue: &'a str,
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub hours: &'a str,
    pub capacity: &'a str,
}

/// Checks a class's title, place and time; the error is what the school admin reads.
pub fn check_schedule(f: ScheduleFields) -> Result<Schedule, String> {
    let title = f.title.trim().to_string();
    if title.is_empty() {
        return Err(msg::class_title_missing().into());
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(msg::class_title_too_long(MAX_TITLE_CHARS));
    }
    let venue = f.venue.trim().to_string();
    if venue.is_empty() {
        return Err(msg::venue_missing().into());
    }
    let starts_at = parse_datetime(f.starts_at).ok_or(msg::starts_at_wrong())?;
    let ends_at = parse_datetime(f.ends_at).ok_or(msg::ends_at_wrong())?;
    if ends_at <= starts_at {
        return Err(msg::ends_before_start().into());
    }
    let hours: f64 = f.hours.trim().parse().map_err(|_| msg::class_hours_not_number().to_string())?;
    if !(hours > 0.0 && hours <= 80.0) || (hours * 2.0).fract() != 0.0 {
        return Err(msg::class_hours_range().into());
    }
    let capacity = match f.capacity.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
            _ => return Err(msg::capacity_rule(MAX_CAPACITY)),
        },
    };
    Ok(Schedule { title, venue, starts_at, ends_at, hours, capacity })
}

/// Checks a planned class; the error is what the school admin reads.
pub fn check_plan(plan: &ClassPlan) -> Result<CheckedPlan, String> {
    let Schedule { title, venue, starts_at, ends_at, hours, capacity } = check_schedule(ScheduleFields {
        title: &plan.title,
        venue: &plan.venue,
        starts_at: &plan.starts_at,
        ends_at: &plan.ends_at,
        hours: &plan.hours,
        capacity: &plan.capacity,
    })?;
    let category = CourseCategory::from_code(plan.category.trim()).ok_or(msg::category_missing())?;
    let venue_kind = VenueKind::from_code(plan.venue_kind.trim()).ok_or(msg::venue_kind_missing())?;
    let audience_rank = match plan.audience_rank.trim() {
        "" => None,
        code => Some(Rank::from_code(code).ok_or(msg::audience_rank_wrong())?),
    };
    let audience_unit_id = optional_id(&plan.audience_unit_id, msg::field_audience_unit())?;
    let school_id = optional_id(&plan.school_id, msg::field_host_school())?;
    let mut teachers: Vec<i64> = [optional_id(&plan.teacher_1, msg::field_teacher())?, optional_id(&plan.teacher_2, msg::field_teacher())?]
        .into_iter()
        .flatten()
        .collect();
    teachers.dedup();
    if teachers.is_empty() {
        return Err(msg::teacher_missing().into());
    }
    let mut co_schools: Vec<i64> =
        [optional_id(&plan.co_school_1, msg::field_co_school())?, optional_id(&plan.co_school_2, msg::field_co_school())?]
            .into_iter()
            .flatten()
            .filter(|s| Some(*s) != school_id)
            .collect();
    co_schools.dedup();
    let joint_group_id = optional_id(&plan.joint_group_id, msg::field_joint_group())?;
    let plan_line_id = optional_id(&plan.plan_line_id, msg::field_plan_line())?;
    let (kind, red_base_id) = check_kind(plan, audience_unit_id, audience_rank)?;
    Ok(CheckedPlan {
        title,
        category,
        venue,
        venue_kind,
        starts_at,
        ends_at,
        hours,
        capacity,
        audience_rank,
        audience_unit_id,
        school_id,
        teachers,
        co_schools,
        joint_group_id,
        plan_line_id,
        kind,
        red_base_id,
    })
}

/// A red teaching base as the organisation department's form posts it: a name (≤ 40 characters), a
/// place (≤ 60) and an optional introduction (≤ 300); trimmed.
pub fn check_red_base<'a>(name: &'a str, place: &'a str, about: &'a str) -> Result<(&'a str, &'a str, &'a str), &'static str> {
    let (name, place, about) = (name.trim(), place.trim(), about.trim());
    if name.is_empty() || name.chars().count() > 40 {
        return Err(msg::red_base_name_rule());
    }
    if place.is_empty() || place.chars().count() > 60 {
        return Err(msg::red_base_place_rule());
    }
    if about.chars().count() > 300 {
        return Err(msg::red_base_about_rule());
    }
    Ok((name, place, about))
}

/// 红色大讲堂: held at a red teaching base, for all the district's cadres (no unit or rank narrows
/// it); an ordinary class names no base.
fn check_kind(plan: &ClassPlan, audience_unit: Option<i64>, audience_rank: Option<Rank>) -> Result<(ClassKind, Option<i64>), String> {
    let kind = match plan.kind.trim() {
        "" => ClassKind::Regular,
        code => ClassKind::from_code(code).ok_or(msg::class_kind_wrong())?,
    };
    let base = optional_id(&plan.red_base_id, msg::field_red_base())?;
    match (kind, base) {
        (ClassKind::RedLecture, None) => Err(msg::red_base_missing().into()),
        (ClassKind::RedLecture, Some(_)) if audience_unit.is_some() || audience_rank.is_some() => Err(msg::red_lecture_for_all().into()),
        (ClassKind::Regular, Some(_)) => Err(msg::red_base_only_lecture().into()),
        _ => Ok((kind, base)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filing_is_required_for_joint_university_company_and_outside_classes() {
        assert!(!filing_required(VenueKind::School, 0));
        assert!(filing_required(VenueKind::School, 1));
        assert!(filing_required(VenueKind::University, 0));
        assert!(filing_required(VenueKind::Company, 0));
        assert!(filing_required(VenueKind::Outside, 0));
    }

    #[test]
    fn an_unfiled_class_cannot_open() {
        assert!(may_open(ClassStatus::Planned, FilingStatus::NotRequired).is_ok());
        assert!(may_open(ClassStatus::Planned, FilingStatus::Approved).is_ok());
        assert!(may_open(ClassStatus::Closed, FilingStatus::NotRequired).is_ok(), "reopening a closed class");
        assert!(may_open(ClassStatus::Planned, FilingStatus::Pending).is_err());
        assert!(may_open(ClassStatus::Planned, FilingStatus::Rejected).is_err());
        assert!(may_open(ClassStatus::Cancelled, FilingStatus::Approved).is_err());
        assert!(may_open(ClassStatus::Open, FilingStatus::Approved).is_err());
    }

    fn plan() -> ClassPlan {
        ClassPlan {
            title: "学习贯彻党章专题班".into(),
            category: "political_theory".into(),
            venue: "前川街党校报告厅".into(),
            venue_kind: "school".into(),
            starts_at: "2026-11-26T09:00".into(),
            ends_at: "2026-11-26T12:00".into(),
            hours: "3".into(),
            teacher_1: "5".into(),
            ..ClassPlan::default()
        }
    }

    #[test]
    fn a_complete_plan_passes() {
        let checked = check_plan(&plan()).unwrap();
        assert_eq!(checked.starts_at, "2026-11-26T09:00:00");
        assert_eq!(checked.category, CourseCategory::PoliticalTheory);
        assert_eq!(checked.capacity, None);
        assert_eq!(checked.audience_rank, None);
    }

    #[test]
    fn a_red_lecture_is_held_at_a_red_base_for_everyone() {
        let red = ClassPlan { kind: "red_lecture".into(), red_base_id: "2".into(), ..plan() };
        let checked = check_plan(&red).unwrap();
        assert_eq!((checked.kind, checked.red_base_id), (ClassKind::RedLecture, Some(2)));
        assert_eq!(check_plan(&plan()).unwrap().kind, ClassKind::Regular);
        let cases: [(ClassPlan, &str); 4] = [
            (ClassPlan { red_base_id: String::new(), ..red.clone() }, "红色教学基地"),
            (ClassPlan { audience_unit_id: "3".into(), ..red.clone() }, "全区"),
            (ClassPlan { audience_rank: "division".into(), ..red.clone() }, "全区"),
            (ClassPlan { kind: "regular".into(), ..red.clone() }, "只有红色大讲堂"),
        ];
        for (p, expected) in cases {
            let error = check_plan(&p).unwrap_err();
            assert!(error.contains(expected), "{error} should mention {expected}");
        }
        assert!(check_plan(&ClassPlan { kind: "banquet".into(), ..plan() }).unwrap_err().contains("类型"));
    }

    #[test]
    fn a_red_base_has_a_name_and_a_place() {
        assert_eq!(check_red_base(" 木兰山 ", "木兰乡", ""), Ok(("木兰山", "木兰乡", "")));
        assert!(check_red_base("", "木兰乡", "").unwrap_err().contains("名称"));
        assert!(check_red_base(&"基".repeat(41), "木兰乡", "").unwrap_err().contains("名称"));
        assert!(check_red_base("木兰山", " ", "").unwrap_err().contains("所在地"));
        assert!(check_red_base("木兰山", "木兰乡", &"史".repeat(301)).unwrap_err().contains("简介"));
    }

    #[test]
    fn bad_plans_are_refused_with_a_reason() {
        type Spoil = fn(&mut ClassPlan);
        let cases: [(Spoil, &str); 10] = [
            (|p| p.teacher_1 = String::new(), "教师"),
            (|p| p.audience_unit_id = "abc".into(), "单位"),
            (|p| p.title = "  ".into(), "名称"),
            (|p| p.category = "x".into(), "类别"),
            (|p| p.venue = String::new(), "地点"),
            (|p| p.ends_at = "2026-11-26T08:00".into(), "晚于"),
            (|p| p.starts_at = "2026-13-01T09:00".into(), "开始时间"),
            (|p| p.hours = "2.3".into(), "0.5"),
            (|p| p.capacity = "0".into(), "人数上限"),
            (|p| p.audience_rank = "general".into(), "职级"),
        ];
        for (spoil, expected) in cases {
            let mut p = plan();
            spoil(&mut p);
            let error = check_plan(&p).unwrap_err();
            assert!(error.contains(expected), "{error} should mention {expected}");
        }
    }

    #[test]
    fn datetimes() {
        assert_eq!(parse_datetime("2026-11-26 09:30").as_deref(), Some("2026-11-26T09:30:00"));
        assert_eq!(parse_datetime("2026-11-26T09:30:15").as_deref(), Some("2026-11-26T09:30:15"));
        assert_eq!(parse_datetime("2026-11-26T24:00"), None);
        assert_eq!(parse_datetime("2026-11-26"), None);
    }

    #[test]
    fn overlaps_venues_and_topics() {
        let a = ("2026-11-26T09:00", "2026-11-26T12:00");
        assert!(periods_overlap(a, ("2026-11-26T11:00", "2026-11-26T15:00")));
        assert!(!periods_overlap(a, ("2026-11-26T12:00", "2026-11-26T15:00")), "back to back is no overlap");
        assert!(same_venue("前川街 党校 报告厅", "前川街党校报告厅"));
        assert!(!same_venue("", ""));
        assert!(same_topic("《党章》学习", "党章 学习"));
        assert!(!same_topic("党章学习", "党史学习"));
    }
}
