//! 党建考核: what a unit's amateur school and its leaders bring to the unit's yearly Party-building
//! assessment — the school's six-haves band turned into points (a setting per band) and the leaders'
//! podium completion (a setting for full completion, in proportion). The article says both count; the
//! points are ours (defaults below, README), set by the organisation department.

use crate::messages as msg;
use crate::model::Band;

/// Points per band, in `Band::ALL` order (示范、优秀、合格、不合格) — our default.
pub const DEFAULT_BAND_POINTS: [f64; 4] = [10.0, 8.0, 6.0, 0.0];
/// Points for a unit whose every leader due to teach has taught — our default.
pub const DEFAULT_PODIUM_POINTS: f64 = 5.0;
/// The most any item may be worth.
pub const MAX_POINTS: f64 = 100.0;

/// The points: per band (in `Band::ALL` order), and for full podium completion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Points {
    pub bands: [f64; 4],
    pub podium: f64,
}

impl Default for Points {
    fn default() -> Self {
        Points { bands: DEFAULT_BAND_POINTS, podium: DEFAULT_PODIUM_POINTS }
    }
}

impl Points {
    /// What a school's band is worth.
    pub fn of_band(&self, band: Band) -> f64 {
        Band::ALL.iter().position(|b| *b == band).map_or(0.0, |i| self.bands[i])
    }

    /// What a unit's podium completion is worth: full points times the share of its due leaders who
    /// taught (no one due: full), to one decimal.
    pub fn of_podium(&self, due: usize, done: usize) -> f64 {
        let share = if due == 0 { 1.0 } else { done.min(due) as f64 / due as f64 };
        (self.podium * share * 10.0).round() / 10.0
    }

    /// As stored: the five numbers, comma-separated.
    pub fn to_setting(&self) -> String {
        self.bands.iter().chain([&self.podium]).map(|p| p.to_string()).collect::<Vec<_>>().join(",")
    }

    /// From the stored setting; `None` when it does not read as five points.
    pub fn from_setting(text: &str) -> Option<Points> {
        let values: Vec<f64> = text.split(',').map(|v| v.trim().parse().ok()).collect::<Option<_>>()?;
        let [a, b, c, d, podium] = values[..] else { return None };
        Some(Points { bands: [a, b, c, d], podium })
    }
}

/// Points as typed: each 0–100 in steps of 0.5, `field` naming it in the message.
pub fn check_points(text: &str, field: &str) -> Result<f64, String> {
    let value: f64 = text.trim().parse().map_err(|_| msg::points_rule(field))?;
    if !(0.0..=MAX_POINTS).contains(&value) || (value * 2.0).fract() != 0.0 {
        return Err(msg::points_rule(field));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_podium_completion_become_points() {
        let p = Points::default();
        assert_eq!([Band::Demonstration, Band::Excellent, Band::Qualified, Band::Unqualified].map(|b| p.of_band(b)), [10.0, 8.0, 6.0, 0.0]);
        assert_eq!((p.of_podium(4, 4), p.of_podium(3, 2), p.of_podium(0, 0), p.of_podium(3, 0)), (5.0, 3.3, 5.0, 0.0));
        let set = Points { bands: [12.0, 9.5, 6.0, 0.0], podium: 8.0 };
        assert_eq!(Points::from_setting(&set.to_setting()), Some(set));
        assert_eq!(Points::from_setting("1,2,3"), None);
    }

    #[test]
    fn points_are_checked_as_typed() {
        assert_eq!(check_points(" 9.5 ", "示范"), Ok(9.5));
        assert!(check_points("101", "示范").unwrap_err().contains("示范"));
        assert!(check_points("9.3", "示范").is_err());
        assert!(check_points("x", "示范").is_err());
    }
}
