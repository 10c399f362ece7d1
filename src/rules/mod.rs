//! The district's "1+8" rules as small pure functions: no IO, no clock, each named as the rule is
//! named and tested beside it. Pages and server functions call these; they never re-implement them.

pub mod access;
pub mod assessment;
pub mod checkin;
pub mod classes;
pub mod competency;
pub mod district;
pub mod feedback;
pub mod guard;
pub mod joint;
pub mod missed;
pub mod people;
pub mod plans;
pub mod podium;
pub mod premium;
pub mod six_haves;
pub mod six_ones;
pub mod study_hours;
pub mod supervision;
pub mod teachers;

/// Which rule, in which version, produced a record (kept on every study-hour ledger entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleRef {
    pub name: &'static str,
    pub version: i64,
}

/// Every rule that credits study hours, with the name a cadre reads (`/me/hours` names the rule and
/// version behind each entry).
pub const HOUR_RULES: [(RuleRef, &str); 6] = [
    (study_hours::ATTENDANCE_CREDIT, "参训记学时"),
    (classes::CLASS_CLOSE_OUT_CREDIT, "结班记学时"),
    (study_hours::ONLINE_ACADEMY_RECORD, "网络学院学习记录"),
    (study_hours::EXTERNAL_STUDY_CREDIT, "外部学习申报审核"),
    (podium::PODIUM_REWARD, "上讲台奖励"),
    (premium::PREMIUM_REWARD, "精品课程奖励"),
];

/// `结班记学时（第 1 版）` for a stored rule name and version; an unknown name is shown as stored.
pub fn rule_label(name: &str, version: i64) -> String {
    let label = HOUR_RULES.iter().find(|(r, _)| r.name == name).map_or(name, |(_, label)| label);
    format!("{label}（第 {version} 版）")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_crediting_rule_has_a_name_to_read() {
        assert_eq!(super::rule_label("class_close_out_credit", 1), "结班记学时（第 1 版）");
        assert_eq!(super::rule_label("some_future_rule", 2), "some_future_rule（第 2 版）");
        let names: std::collections::HashSet<_> = super::HOUR_RULES.iter().map(|(r, _)| r.name).collect();
        assert_eq!(names.len(), super::HOUR_RULES.len());
    }
}
