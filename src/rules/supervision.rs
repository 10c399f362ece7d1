//! 督导: the four supervision groups visit their schools regularly, write down what they found and
//! what must be followed up; nobody supervises their own unit's school.

use crate::messages as msg;
use crate::model::FollowUpStatus;
use crate::rules::study_hours::{days_between, parse_date};

/// A school not visited for this many days is due a visit ("visit regularly": twice a year).
pub const REGULAR_VISIT_DAYS: i64 = 183;

/// The most characters of a visit's findings or follow-up.
pub const MAX_TEXT: usize = 500;

/// 回避: a group may not supervise a school of a unit one of its people (leader or member) belongs to.
/// `group` lists the group's people's units (id, name); `school_units` the school's host unit, the unit
/// it sits in and, for a joint school, its member units. Returns the unit in conflict, if any.
pub fn own_unit_conflict<'a>(group: &'a [(i64, String)], school_units: &[i64]) -> Option<&'a str> {
    group.iter().find(|(id, _)| school_units.contains(id)).map(|(_, name)| name.as_str())
}

/// A visit as typed by the supervisor.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitInput<'a> {
    pub visited_on: &'a str,
    pub findings: &'a str,
    pub follow_up: &'a str,
    pub due_on: &'a str,
}

/// A visit record: a real day not after `today`, findings written; a follow-up needs a deadline not
/// before the visit. What the record's follow-up status starts as comes back.
pub fn check_visit(v: &VisitInput, today: &str) -> Result<FollowUpStatus, String> {
    parse_date(v.visited_on.trim()).ok_or(msg::visit_date_missing())?;
    if v.visited_on.trim() > today {
        return Err(msg::visit_in_future().into());
    }
    let findings = v.findings.trim();
    if findings.is_empty() {
        return Err(msg::findings_missing().into());
    }
    if findings.chars().count() > MAX_TEXT || v.follow_up.trim().chars().count() > MAX_TEXT {
        return Err(msg::visit_text_too_long(MAX_TEXT));
    }
    match (v.follow_up.trim().is_empty(), v.due_on.trim()) {
        (true, "") => Ok(FollowUpStatus::None),
        (true, _) => Err(msg::follow_up_needs_text().into()),
        (false, "") => Err(msg::follow_up_needs_deadline().into()),
        (false, due) => {
            parse_date(due).ok_or(msg::follow_up_deadline_invalid())?;
            if due < v.visited_on.trim() {
                return Err(msg::follow_up_deadline_early().into());
            }
            Ok(FollowUpStatus::Open)
        }
    }
}

/// A follow-up is overdue when its deadline has passed (`today` after it) and it is still open.
pub fn follow_up_overdue(status: FollowUpStatus, due_on: Option<&str>, today: &str) -> bool {
    status == FollowUpStatus::Open && due_on.is_some_and(|d| today > d)
}

/// A school is due a visit when it has never been visited or its last visit is
/// [`REGULAR_VISIT_DAYS`] or more days before `today`.
pub fn visit_due(last_visit: Option<&str>, today: &str) -> bool {
    match (last_visit.and_then(parse_date), parse_date(today)) {
        // `days_between` counts both ends: the days gone by since the visit are one fewer.
        (Some(last), Some(today)) => days_between(last, today) > REGULAR_VISIT_DAYS,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit<'a>(on: &'a str, findings: &'a str, follow_up: &'a str, due: &'a str) -> VisitInput<'a> {
        VisitInput { visited_on: on, findings, follow_up, due_on: due }
    }

    #[test]
    fn no_group_supervises_its_own_units_school() {
        let group = vec![(10, "区委党校".to_string()), (3, "滠口街".to_string())];
        assert_eq!(own_unit_conflict(&group, &[3]), Some("滠口街"));
        assert_eq!(own_unit_conflict(&group, &[7, 10]), Some("区委党校"));
        assert_eq!(own_unit_conflict(&group, &[4, 5]), None);
        assert_eq!(own_unit_conflict(&[], &[4]), None);
    }

    #[test]
    fn a_visit_needs_a_day_findings_and_a_deadline_for_its_follow_up() {
        let today = "2017-05-25";
        assert_eq!(check_visit(&visit("2017-05-20", "台账齐全", "", ""), today), Ok(FollowUpStatus::None));
        assert_eq!(check_visit(&visit("2017-05-20", "缺少年度教学计划", "补齐计划", "2017-06-30"), today), Ok(FollowUpStatus::Open));
        assert!(check_visit(&visit("2017-05-26", "x", "", ""), today).unwrap_err().contains("晚于今天"));
        assert!(check_visit(&visit("2017-02-30", "x", "", ""), today).unwrap_err().contains("督导日期"));
        assert!(check_visit(&visit("2017-05-20", "  ", "", ""), today).unwrap_err().contains("情况"));
        assert!(check_visit(&visit("2017-05-20", "x", "补齐", ""), today).unwrap_err().contains("期限"));
        assert!(check_visit(&visit("2017-05-20", "x", "", "2017-06-01"), today).unwrap_err().contains("整改要求"));
        assert!(check_visit(&visit("2017-05-20", "x", "补齐", "2017-05-19"), today).unwrap_err().contains("早于"));
        assert!(check_visit(&visit("2017-05-20", &"很".repeat(501), "", ""), today).unwrap_err().contains("500"));
    }

    #[test]
    fn overdue_follow_ups_and_visits() {
        assert!(follow_up_overdue(FollowUpStatus::Open, Some("2017-05-01"), "2017-05-02"));
        assert!(!follow_up_overdue(FollowUpStatus::Open, Some("2017-05-01"), "2017-05-01"));
        assert!(!follow_up_overdue(FollowUpStatus::Done, Some("2017-05-01"), "2017-06-01"));
        assert!(!follow_up_overdue(FollowUpStatus::None, None, "2017-06-01"));
        assert!(visit_due(None, "2017-05-25"));
        assert!(!visit_due(Some("2017-01-01"), "2017-07-02"));
        assert!(visit_due(Some("2017-01-01"), "2017-07-03"));
    }
}
