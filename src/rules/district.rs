//! The district's own data (#17): what a school's or a unit's form must hold before anything is
//! written, and what changed between two versions of a record (the change log's before → after).
//! Pure functions: the server functions call them, the unit tests below pin them.

use crate::charts::geo::{EAST, NORTH, SOUTH, WEST};
use crate::messages as msg;
use crate::model::{CourseCategory, ExtensionKind, FieldChange, FoundingMode, SchoolRecord, TeacherRecord, UnitKind};

/// A school's form as sent (every field text, as a plain form posts it).
#[derive(Clone, Debug, Default)]
pub struct SchoolFields<'a> {
    pub name: &'a str,
    pub mode: &'a str,
    pub extension: &'a str,
    pub host_unit: &'a str,
    pub township: &'a str,
    pub members: &'a str,
    pub sub_area: &'a str,
    pub villages: &'a str,
    pub opened_on: &'a str,
    pub lon: &'a str,
    pub lat: &'a str,
    pub principal: &'a str,
    pub vice_principal: &'a str,
}

/// A school's form, checked: what the database gets.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidSchool {
    pub name: String,
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub host_unit_id: i64,
    pub township_id: Option<i64>,
    /// Member units' names (a joint school's; empty otherwise).
    pub members: Vec<String>,
    pub sub_area: Option<String>,
    pub villages: Option<String>,
    pub opened_on: String,
    pub lon: f64,
    pub lat: f64,
    pub principal_id: Option<i64>,
    pub vice_principal_id: Option<i64>,
}

/// A school's own profile (办学场所、联系人、简介), which its school admin keeps.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidProfile {
    pub venue: String,
    pub contact: String,
    pub profile: String,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// An optional number field: empty is `None`; anything else must be a whole number.
fn optional_number(text: &str, field: &str, problems: &mut Vec<String>) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            problems.push(msg::must_be_number(field));
            None
        }
    }
}

/// A list of names as people type it: separated by 、 , ， ; ； or spaces; empty items dropped.
pub fn name_list(text: &str) -> Vec<String> {
    text.split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；') || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `text` is a calendar day written `YYYY-MM-DD` (years 1900–2999).
pub fn is_day(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return false };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || !text.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..3000).contains(&y) && (1..=days).contains(&d)
}

/// Whether (lon, lat) lies in the district's extent (the map's).
pub fn in_district(lon: f64, lat: f64) -> bool {
    (WEST..=EAST).contains(&lon) && (SOUTH..=NORTH).contains(&lat)
}

/// Checks a school's form; every problem at once, in the form's order.
pub fn check_school(f: &SchoolFields) -> Result<ValidSchool, String> {
    let mut problems = Vec::new();
    let name = f.name.trim().to_string();
    if !(2..=40).contains(&chars(&name)) {
        problems.push(msg::school_name_rule().to_string());
    }
    let mode = FoundingMode::from_code(f.mode.trim());
    if mode.is_none() {
        problems.push(msg::founding_mode_missing().to_string());
    }
    let extension = match mode {
        Some(FoundingMode::Extended) => {
            let kind = ExtensionKind::from_code(f.extension.trim());
            if kind.is_none() {
                problems.push(msg::extension_kind_missing().to_string());
            }
            kind
        }
        _ => None,
    };
    let host_unit_id = optional_number(f.host_unit, msg::field_host_unit(), &mut problems);
    if host_unit_id.is_none() && f.host_unit.trim().is_empty() {
        problems.push(msg::host_unit_missing().to_string());
    }
    let township_id = optional_number(f.township, msg::field_township(), &mut problems);
    let members = if mode == Some(FoundingMode::Joint) {
        let names = name_list(f.members);
        if names.len() < 2 {
            problems.push(msg::joint_members_rule().to_string());
        }
        names
    } else {
        Vec::new()
    };
    let sub_area = f.sub_area.trim();
    let sub_area = if extension == Some(ExtensionKind::SubArea) {
        if !(1..=40).contains(&chars(sub_area)) {
            problems.push(msg::sub_area_rule().to_string());
        }
        Some(sub_area.to_string())
    } else {
        None
    };
    let villages = f.villages.trim();
    if chars(villages) > 500 {
        problems.push(msg::villages_rule().to_string());
    }
    let villages = (!villages.is_empty()).then(|| name_list(villages).join("、"));
    let opened_on = f.opened_on.trim();
    if !is_day(opened_on) {
        problems.push(msg::opened_on_rule().to_string());
    }
    let lon = f.lon.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let lat = f.lat.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let place = match (lon, lat) {
        (Some(lon), Some(lat)) if in_district(lon, lat) => Some((lon, lat)),
        _ => {
            problems.push(msg::coordinates_rule().to_string());
            None
        }
    };
    let principal_id = optional_number(f.principal, msg::field_principal(), &mut problems);
    let vice_principal_id = optional_number(f.vice_principal, msg::field_vice_principal(), &mut problems);
    if principal_id.is_some() && principal_id == vice_principal_id {
        problems.push(msg::vice_is_principal().to_string());
    }
    match (mode, host_unit_id, place) {
        (Some(mode), Some(host_unit_id), Some((lon, lat))) if problems.is_empty() => Ok(ValidSchool {
            name,
            mode,
            extension,
            host_unit_id,
            township_id,
            members,
            sub_area,
            villages,
            opened_on: opened_on.to_string(),
            // Five decimals: about a metre, as the map draws it.
            lon: (lon * 1e5).round() / 1e5,
            lat: (lat * 1e5).round() / 1e5,
            principal_id,
            vice_principal_id,
        }),
        _ => Err(msg::problems(&problems)),
    }
}

/// A rotating principal's term, checked: who (person number), for which member unit, from and to.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidTerm {
    pub person_id: i64,
    pub unit_id: i64,
    pub starts_on: String,
    pub ends_on: String,
}

/// Checks a joint school's rotating principal's term: a person number, a member unit, a first and a
/// last day (the last after the first).
pub fn check_term(person: &str, unit: &str, starts_on: &str, ends_on: &str) -> Result<ValidTerm, String> {
    let mut problems = Vec::new();
    let person_id = optional_number(person, msg::field_principal(), &mut problems);
    if person_id.is_none() && problems.is_empty() {
        problems.push(msg::term_person_missing().to_string());
    }
    let unit_id = unit.trim().parse::<i64>().ok();
    if unit_id.is_none() {
        problems.push(msg::term_unit_missing().to_string());
    }
    let (starts_on, ends_on) = (starts_on.trim(), ends_on.trim());
    if !is_day(starts_on) || !is_day(ends_on) || ends_on <= starts_on {
        problems.push(msg::term_days_rule().to_string());
    }
    match (person_id, unit_id) {
        (Some(person_id), Some(unit_id)) if problems.is_empty() => {
            Ok(ValidTerm { person_id, unit_id, starts_on: starts_on.into(), ends_on: ends_on.into() })
        }
        _ => Err(msg::problems(&problems)),
    }
}

/// Checks a school's profile (its school admin's part of the record).
pub fn check_profile(venue: &str, contact: &str, profile: &str) -> Result<ValidProfile, String> {
    let (venue, contact, profile) = (venue.trim(), contact.trim(), profile.trim());
    let mut problems = Vec::new();
    if chars(venue) > 100 {
        problems.push(msg::venue_rule().to_string());
    }
    if chars(contact) > 60 {
        problems.push(msg::contact_rule().to_string());
    }
    if chars(profile) > 1000 {
        problems.push(msg::profile_rule().to_string());
    }
    if !problems.is_empty() {
        return Err(msg::problems(&problems));
    }
    Ok(ValidProfile { venue: venue.into(), contact: contact.into(), profile: profile.into() })
}

/// A unit's form, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidUnit {
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    pub parent_id: Option<i64>,
}

/// Checks a unit's form (name, short name, kind, the unit it belongs to).
pub fn check_unit(name: &str, short_name: &str, kind: &str, parent: &str) -> Result<ValidUnit, String> {
    let mut problems = Vec::new();
    let (name, short_name) = (name.trim(), short_name.trim());
    if !(2..=40).contains(&chars(name)) {
        problems.push(msg::unit_name_rule().to_string());
    }
    if !(1..=12).contains(&chars(short_name)) {
        problems.push(msg::unit_short_name_rule().to_string());
    }
    let kind = UnitKind::from_code(kind.trim());
    if kind.is_none() {
        problems.push(msg::unit_kind_missing().to_string());
    }
    let parent_id = optional_number(parent, msg::field_parent_unit(), &mut problems);
    match kind {
        Some(kind) if problems.is_empty() => Ok(ValidUnit { name: name.into(), short_name: short_name.into(), kind, parent_id }),
        _ => Err(msg::problems(&problems)),
    }
}

/// A school's record as the change log shows it: each field's label and value, in the form's order.
pub fn school_fields(r: &SchoolRecord, unit_name: impl Fn(i64) -> String) -> Vec<(&'static str, String)> {
    let person = |p: &Option<(i64, String)>| p.as_ref().map(|(id, name)| format!("{name}（{id}）")).unwrap_or_default();
    vec![
        ("名称", r.name.clone()),
        ("建校模式", r.mode.map(|m| m.label().to_string()).unwrap_or_default()),
        ("延伸类型", r.extension.map(|e| e.label().to_string()).unwrap_or_default()),
        ("举办单位", if r.host_unit_id > 0 { unit_name(r.host_unit_id) } else { String::new() }),
        ("所在街乡场", r.township_id.map(&unit_name).unwrap_or_default()),
        ("成员单位", r.members.join("、")),
        ("片区", r.sub_area.clone()),
        ("所辖村（社区）", r.villages.clone()),
        ("开办日期", r.opened_on.clone()),
        ("位置", if r.lon == 0.0 && r.lat == 0.0 { String::new() } else { format!("{:.5}, {:.5}", r.lon, r.lat) }),
        ("校长", person(&r.principal)),
        ("副校长", person(&r.vice_principal)),
        ("办学状态", r.status.map(|s| s.label().to_string()).unwrap_or_default()),
        ("办学场所", r.venue.clone()),
        ("联系人及电话", r.contact.clone()),
        ("学校简介", r.profile.clone()),
    ]
}

/// What changed between two versions of a record (each as [`school_fields`] lists it): the fields
/// whose values differ, before → after.
pub fn changes(before: &[(&'static str, String)], after: &[(&'static str, String)]) -> Vec<FieldChange> {
    after
        .iter()
        .filter_map(|(field, new)| {
            let old = before.iter().find(|(f, _)| f == field).map(|(_, v)| v.as_str()).unwrap_or("");
            (old != new).then(|| FieldChange { field: field.to_string(), before: old.to_string(), after: new.clone() })
        })
        .collect()
}

/// A pool teacher's own part of their record: post or title, specialties among the 7 course
/// categories, a short introduction — what a teacher keeps themselves.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidTeacherProfile {
    pub title: String,
    pub specialties: Vec<CourseCategory>,
    pub profile: String,
}

impl ValidTeacherProfile {
    /// The specialties as stored and shown: labels joined by 、, in the categories' order.
    pub fn specialties_text(&self) -> String {
        self.specialties.iter().map(|c| c.label()).collect::<Vec<_>>().join("、")
    }
}

/// A pool teacher's form, checked (the organisation department's: every field).
#[derive(Clone, Debug, PartialEq)]
pub struct ValidTeacher {
    pub name: String,
    pub in_district: bool,
    pub unit_name: String,
    pub person_id: Option<i64>,
    pub own: ValidTeacherProfile,
}

/// The specialties a record's text names (labels joined by 、), in the categories' order.
pub fn specialties_of(text: &str) -> Vec<CourseCategory> {
    CourseCategory::ALL.iter().copied().filter(|c| text.split('、').any(|l| l.trim() == c.label())).collect()
}

/// Checks a teacher's own part: title ≤ 40 characters, at least one specialty (`ticked`: category
/// codes; others are ignored), introduction ≤ 500.
pub fn check_teacher_profile(title: &str, ticked: &[&str], profile: &str) -> Result<ValidTeacherProfile, String> {
    let mut problems = Vec::new();
    teacher_profile(title, ticked, profile, &mut problems).ok_or_else(|| msg::problems(&problems))
}

fn teacher_profile(title: &str, ticked: &[&str], profile: &str, problems: &mut Vec<String>) -> Option<ValidTeacherProfile> {
    let (title, profile) = (title.trim(), profile.trim());
    let specialties: Vec<CourseCategory> = CourseCategory::ALL.iter().copied().filter(|c| ticked.contains(&c.as_code())).collect();
    let before = problems.len();
    if chars(title) > 40 {
        problems.push(msg::teacher_title_rule().to_string());
    }
    if specialties.is_empty() {
        problems.push(msg::specialties_missing().to_string());
    }
    if chars(profile) > 500 {
        problems.push(msg::teacher_profile_rule().to_string());
    }
    (problems.len() == before).then(|| ValidTeacherProfile { title: title.into(), specialties, profile: profile.into() })
}

/// A teacher's form as sent.
#[derive(Clone, Debug, Default)]
pub struct TeacherFields<'a> {
    pub name: &'a str,
    /// `in` (区内) or `out` (区外).
    pub place: &'a str,
    pub unit_name: &'a str,
    pub person: &'a str,
    pub title: &'a str,
    pub ticked: Vec<&'a str>,
    pub profile: &'a str,
}

/// Checks a pool teacher's form: name 2–20 characters, in or outside the district, unit 2–40, an
/// in-district teacher's person number if they have one (an outside teacher has none), and their own part.
pub fn check_teacher(f: &TeacherFields) -> Result<ValidTeacher, String> {
    let mut problems = Vec::new();
    let (name, unit_name) = (f.name.trim(), f.unit_name.trim());
    if !(2..=20).contains(&chars(name)) {
        problems.push(msg::teacher_name_rule().to_string());
    }
    let in_district = match f.place.trim() {
        "in" => Some(true),
        "out" => Some(false),
        _ => {
            problems.push(msg::teacher_place_missing().to_string());
            None
        }
    };
    if !(2..=40).contains(&chars(unit_name)) {
        problems.push(msg::teacher_unit_rule().to_string());
    }
    let person_id = optional_number(f.person, msg::field_person_number(), &mut problems);
    if person_id.is_some() && in_district == Some(false) {
        problems.push(msg::outside_teacher_person().to_string());
    }
    let own = teacher_profile(f.title, &f.ticked, f.profile, &mut problems);
    match (own, in_district) {
        (Some(own), Some(in_district)) if problems.is_empty() => {
            Ok(ValidTeacher { name: name.into(), in_district, unit_name: unit_name.into(), person_id, own })
        }
        _ => Err(msg::problems(&problems)),
    }
}

/// A teacher's record as the change log shows it.
pub fn teacher_fields(t: &TeacherRecord) -> Vec<(&'static str, String)> {
    vec![
        ("姓名", t.name.clone()),
        ("区内外", if t.in_district { "区内" } else { "区外" }.to_string()),
        ("单位", t.unit_name.clone()),
        ("人员编号", t.person_id.map(|p| p.to_string()).unwrap_or_default()),
        ("职务职称", t.title.clone()),
        ("专长", t.specialties.clone()),
        ("简介", t.profile.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> SchoolFields<'static> {
        SchoolFields {
            name: "新城街业余党校",
            mode: "independent",
            host_unit: "3",
            opened_on: "2026-09-01",
            lon: "114.38",
            lat: "30.88",
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_school_form_passes() {
        let s = check_school(&fields()).unwrap();
        assert_eq!((s.name.as_str(), s.mode, s.host_unit_id), ("新城街业余党校", FoundingMode::Independent, 3));
        assert_eq!((s.lon, s.lat, s.extension, s.members.len()), (114.38, 30.88, None, 0));
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        let f = SchoolFields { name: "x", mode: "", host_unit: "", opened_on: "2026-13-01", lon: "120", lat: "30.9", ..fields() };
        let e = check_school(&f).unwrap_err();
        for part in ["学校名称", "建校模式", "举办单位", "开办日期", "经纬度"] {
            assert!(e.contains(part), "{part} in {e}");
        }
    }

    #[test]
    fn a_joint_school_needs_two_members_and_an_extended_one_its_kind_and_area() {
        let joint = SchoolFields { mode: "joint", members: "区委办公室", ..fields() };
        assert!(check_school(&joint).unwrap_err().contains("成员单位"));
        let joint = SchoolFields { mode: "joint", members: "区委办公室、区政府办公室，区人大办公室", ..fields() };
        assert_eq!(check_school(&joint).unwrap().members, vec!["区委办公室", "区政府办公室", "区人大办公室"]);
        let extended = SchoolFields { mode: "extended", ..fields() };
        assert!(check_school(&extended).unwrap_err().contains("延伸建校"));
        let sub_area = SchoolFields { mode: "extended", extension: "sub_area", ..fields() };
        assert!(check_school(&sub_area).unwrap_err().contains("片区"));
        let sub_area = SchoolFields { sub_area: "东片", villages: "刘店村 大王村、", ..sub_area };
        let s = check_school(&sub_area).unwrap();
        assert_eq!((s.sub_area.as_deref(), s.villages.as_deref()), (Some("东片"), Some("刘店村、大王村")));
    }

    #[test]
    fn principals_are_person_numbers_and_two_different_people() {
        let f = SchoolFields { principal: "12", vice_principal: "12", ..fields() };
        assert!(check_school(&f).unwrap_err().contains("同一人"));
        let f = SchoolFields { principal: "张三", ..fields() };
        assert!(check_school(&f).unwrap_err().contains("校长"));
        let f = SchoolFields { principal: "12", vice_principal: "13", ..fields() };
        assert_eq!(check_school(&f).map(|s| (s.principal_id, s.vice_principal_id)), Ok((Some(12), Some(13))));
    }

    #[test]
    fn days_are_calendar_days() {
        assert!(is_day("2016-02-29") && is_day("2026-12-31"));
        assert!(!is_day("2015-02-29") && !is_day("2026-13-01") && !is_day("2026-1-01") && !is_day("２０２６-01-01") && !is_day(""));
    }

    #[test]
    fn coordinates_must_be_in_the_district() {
        assert!(in_district(114.38, 30.88));
        assert!(!in_district(114.30, 30.58), "Wuhan's centre is not Huangpi");
        let f = SchoolFields { lon: "NaN", ..fields() };
        assert!(check_school(&f).is_err());
    }

    #[test]
    fn profiles_and_units_have_bounded_fields() {
        assert!(check_profile("区委党校 3 楼", "王老师 027-1234", "简介").is_ok());
        assert!(check_profile(&"场".repeat(101), "", "").unwrap_err().contains("办学场所"));
        let u = check_unit("武湖街道", "武湖", "township", "").unwrap();
        assert_eq!((u.kind, u.parent_id), (UnitKind::Township, None));
        let e = check_unit("x", "", "nope", "a").unwrap_err();
        for part in ["单位全称", "单位简称", "单位类别", "上级单位"] {
            assert!(e.contains(part), "{part} in {e}");
        }
    }

    #[test]
    fn changes_list_only_the_fields_that_differ() {
        let before = vec![("名称", "甲".to_string()), ("校长", String::new())];
        let after = vec![("名称", "甲".to_string()), ("校长", "李四（7）".to_string())];
        assert_eq!(changes(&before, &after), vec![FieldChange { field: "校长".into(), before: String::new(), after: "李四（7）".into() }]);
        assert!(changes(&after, &after).is_empty());
    }

    #[test]
    fn a_teachers_form_needs_a_name_a_place_a_unit_and_a_specialty() {
        let form = TeacherFields {
            name: "罗文静",
            place: "out",
            unit_name: "中共武汉市委党校",
            title: "教授",
            ticked: vec!["law_regulation", "political_theory", "nonsense"],
            ..Default::default()
        };
        let t = check_teacher(&form).unwrap();
        assert!(!t.in_district);
        assert_eq!(t.own.specialties_text(), "政治理论、法律法规");
        assert_eq!(specialties_of(&t.own.specialties_text()), t.own.specialties);
        let bad = TeacherFields { name: "罗", place: "out", person: "12", ticked: vec![], ..Default::default() };
        let problems = check_teacher(&bad).unwrap_err();
        for expected in [msg::teacher_name_rule(), msg::teacher_unit_rule(), msg::outside_teacher_person(), msg::specialties_missing()] {
            assert!(problems.contains(expected), "{problems}");
        }
        assert!(check_teacher_profile(&"长".repeat(41), &["economy_finance"], "").is_err());
        assert_eq!(check_teacher_profile(" 讲师 ", &["economy_finance"], "").unwrap().title, "讲师");
    }
}
