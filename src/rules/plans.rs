//! 教学计划: where a plan line stands by the classes held for it, and whose turn it is to host a line
//! of the joint school's unified plan (各成员单位按照培训计划轮流承办).

use crate::model::{ClassStatus, LineState};

/// At most this many lines in a school's plan of a year (ten a month).
pub const MAX_LINES_PER_YEAR: i64 = 120;

/// A plan's year: the district's first on the platform (2015) up to next year (plans are made ahead).
pub fn check_year(year: i32, this_year: i32) -> Result<i32, &'static str> {
    if (2015..=this_year + 1).contains(&year) {
        Ok(year)
    } else {
        Err(crate::messages::year_invalid())
    }
}

/// A line of `(year, month)` seen on `today` (`(year, month)`), given the statuses of the classes held
/// for it: done once one of them closed, arranged while one is planned or open, missed when its month
/// is over with none, ahead otherwise. Cancelled classes do not count.
pub fn line_state(classes: &[ClassStatus], line: (i32, u32), today: (i32, u32)) -> LineState {
    if classes.contains(&ClassStatus::Closed) {
        LineState::Done
    } else if classes.iter().any(|s| matches!(s, ClassStatus::Planned | ClassStatus::Open)) {
        LineState::Arranged
    } else if line < today {
        LineState::Missed
    } else {
        LineState::Ahead
    }
}

/// How many lines each member hosts (members in their order; hosts outside them are ignored).
pub fn turns(members: &[i64], hosts: &[Option<i64>]) -> Vec<(i64, usize)> {
    members.iter().map(|&m| (m, hosts.iter().filter(|h| **h == Some(m)).count())).collect()
}

/// The member whose turn it is to host: the one that hosts fewest lines, the first in order among
/// equals. None for a school without members.
pub fn next_host(members: &[i64], hosts: &[Option<i64>]) -> Option<i64> {
    // `min_by_key` keeps the first of equal minima.
    turns(members, hosts).into_iter().min_by_key(|&(_, n)| n).map(|(m, _)| m)
}

/// The host of a new line: a joint school's line must name one of its members; other schools' lines
/// name none.
pub fn check_host(members: &[i64], host: Option<i64>) -> Result<Option<i64>, &'static str> {
    match (members.is_empty(), host) {
        (true, None) => Ok(None),
        (true, Some(_)) => Err(crate::messages::host_only_joint()),
        (false, Some(h)) if members.contains(&h) => Ok(Some(h)),
        (false, _) => Err(crate::messages::host_member_missing()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClassStatus::*;

    #[test]
    fn a_line_is_done_when_a_class_for_it_closed() {
        assert_eq!(line_state(&[Cancelled, Closed], (2017, 3), (2017, 5)), LineState::Done);
        assert_eq!(line_state(&[Planned], (2017, 3), (2017, 5)), LineState::Arranged);
        assert_eq!(line_state(&[Open], (2017, 9), (2017, 5)), LineState::Arranged);
        assert_eq!(line_state(&[Cancelled], (2017, 3), (2017, 5)), LineState::Missed);
        assert_eq!(line_state(&[], (2016, 12), (2017, 5)), LineState::Missed);
        // The month itself is not over yet.
        assert_eq!(line_state(&[], (2017, 5), (2017, 5)), LineState::Ahead);
        assert_eq!(line_state(&[], (2018, 1), (2017, 5)), LineState::Ahead);
    }

    #[test]
    fn plans_are_made_up_to_a_year_ahead() {
        assert_eq!(check_year(2018, 2017), Ok(2018));
        assert_eq!(check_year(2015, 2017), Ok(2015));
        assert!(check_year(2019, 2017).is_err());
        assert!(check_year(2014, 2017).is_err());
    }

    #[test]
    fn members_take_turns_hosting_the_fewest_first() {
        let members = [11, 12, 13];
        assert_eq!(next_host(&members, &[]), Some(11));
        assert_eq!(next_host(&members, &[Some(11)]), Some(12));
        assert_eq!(next_host(&members, &[Some(11), Some(12), Some(13), Some(12)]), Some(11));
        assert_eq!(turns(&members, &[Some(12), None, Some(99), Some(12)]), vec![(11, 0), (12, 2), (13, 0)]);
        assert_eq!(next_host(&[], &[Some(1)]), None);
    }

    #[test]
    fn only_a_joint_schools_lines_name_a_host_among_its_members() {
        assert_eq!(check_host(&[], None), Ok(None));
        assert!(check_host(&[], Some(3)).is_err());
        assert_eq!(check_host(&[3, 4], Some(4)), Ok(Some(4)));
        assert!(check_host(&[3, 4], Some(5)).is_err());
        assert!(check_host(&[3, 4], None).is_err());
    }
}
