//! 领导干部上讲台 — 《关于建立黄陂区领导干部上讲台制度的实施意见（试行）》: district-level leaders
//! teach at the district Party school at least once a year; division-level cadres at an amateur Party
//! school or their sector's forum at least once a year. Every lecture earns reward hours.

use super::RuleRef;
use crate::messages as msg;
use crate::model::{LectureVenue, Rank};

/// A recorded lecture credits reward hours to the lecturer (上讲台奖励学时).
pub const PODIUM_REWARD: RuleRef = RuleRef { name: "podium_reward", version: 1 };

/// Reward hours per lecture when the organisation department has set none. The article says teaching
/// earns hours but gives no number: 4 hours (half a training day) is our default, a setting.
pub const DEFAULT_REWARD_HOURS: f64 = 4.0;

/// Lectures a year the duty asks of each rank.
pub const LECTURES_PER_YEAR: usize = 1;

/// The venues where a rank's duty is fulfilled; `None` for ranks without the duty.
pub fn podium_duty(rank: Rank) -> Option<&'static [LectureVenue]> {
    match rank {
        Rank::DistrictLevel => Some(&[LectureVenue::DistrictPartySchool]),
        Rank::DivisionLevel => Some(&[LectureVenue::AmateurSchool, LectureVenue::SectorForum]),
        Rank::SectionLevel | Rank::Other => None,
    }
}

/// Whether a lecture at `venue` counts towards the duty of `rank`. A lecture elsewhere is still
/// recorded and rewarded; it just does not complete the duty.
pub fn fulfils_duty(rank: Rank, venue: LectureVenue) -> bool {
    podium_duty(rank).is_some_and(|venues| venues.contains(&venue))
}

/// Done when the year's lectures include enough at a venue of the rank's duty. `None`: no duty.
pub fn duty_done(rank: Rank, lectures: &[LectureVenue]) -> Option<bool> {
    podium_duty(rank)?;
    Some(lectures.iter().filter(|v| fulfils_duty(rank, **v)).count() >= LECTURES_PER_YEAR)
}

/// Reward hours as set: more than 0, at most 16 (two training days), in steps of 0.5.
pub fn check_reward_hours(hours: f64) -> Result<(), String> {
    if !hours.is_finite() || hours <= 0.0 || hours > 16.0 || (hours * 2.0).fract() != 0.0 {
        return Err(msg::reward_range().into());
    }
    Ok(())
}

/// A lecture as recorded: a real date not after today, a title, and a school when it was given at
/// an amateur Party school (dates `YYYY-MM-DD`).
pub fn check_lecture(given_on: &str, today: &str, title: &str, venue: LectureVenue, school: Option<i64>) -> Result<(), String> {
    crate::rules::study_hours::parse_date(given_on).ok_or(msg::lecture_date_missing())?;
    if given_on > today {
        return Err(msg::lecture_in_future().into());
    }
    let chars = title.trim().chars().count();
    if chars == 0 || chars > 60 {
        return Err(msg::lecture_title_rule().into());
    }
    match (venue, school) {
        (LectureVenue::AmateurSchool, None) => Err(msg::lecture_needs_school().into()),
        (LectureVenue::DistrictPartySchool | LectureVenue::SectorForum, Some(_)) => Err(msg::lecture_school_not_needed().into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LectureVenue::*;

    #[test]
    fn district_leaders_teach_at_the_district_party_school() {
        assert_eq!(duty_done(Rank::DistrictLevel, &[DistrictPartySchool]), Some(true));
        assert_eq!(duty_done(Rank::DistrictLevel, &[AmateurSchool, SectorForum]), Some(false), "elsewhere does not count");
        assert_eq!(duty_done(Rank::DistrictLevel, &[]), Some(false));
    }

    #[test]
    fn division_cadres_teach_at_an_amateur_school_or_forum() {
        assert_eq!(duty_done(Rank::DivisionLevel, &[AmateurSchool]), Some(true));
        assert_eq!(duty_done(Rank::DivisionLevel, &[SectorForum]), Some(true));
        assert_eq!(duty_done(Rank::DivisionLevel, &[DistrictPartySchool]), Some(false));
        assert_eq!(duty_done(Rank::DivisionLevel, &[]), Some(false));
    }

    #[test]
    fn other_ranks_have_no_duty() {
        assert_eq!(duty_done(Rank::SectionLevel, &[AmateurSchool]), None);
        assert_eq!(duty_done(Rank::Other, &[]), None);
        assert!(!fulfils_duty(Rank::Other, DistrictPartySchool));
    }

    #[test]
    fn lectures_are_checked() {
        let ok = check_lecture("2017-03-01", "2017-05-25", "学习贯彻党章", DistrictPartySchool, None);
        assert_eq!(ok, Ok(()));
        assert_eq!(check_lecture("2017-06-01", "2017-05-25", "题目", SectorForum, None).unwrap_err(), "授课日期不能晚于今天");
        assert_eq!(check_lecture("2017-02-29", "2017-05-25", "题目", SectorForum, None).unwrap_err(), "请填写授课日期");
        assert!(check_lecture("2017-03-01", "2017-05-25", "  ", SectorForum, None).is_err());
        assert_eq!(check_lecture("2017-03-01", "2017-05-25", "题目", AmateurSchool, None).unwrap_err(), "在业余党校授课，请选择学校");
        assert!(check_lecture("2017-03-01", "2017-05-25", "题目", AmateurSchool, Some(3)).is_ok());
        assert!(check_lecture("2017-03-01", "2017-05-25", "题目", SectorForum, Some(3)).is_err());
    }

    #[test]
    fn reward_hours_are_half_steps_up_to_two_days() {
        assert!(check_reward_hours(DEFAULT_REWARD_HOURS).is_ok());
        assert!(check_reward_hours(0.5).is_ok() && check_reward_hours(16.0).is_ok());
        assert!(check_reward_hours(0.0).is_err() && check_reward_hours(16.5).is_err() && check_reward_hours(1.2).is_err());
    }
}
