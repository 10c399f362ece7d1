//! The district's own data as the organisation department keeps it (#17): units, schools, and the
//! change log (变更记录) of both.

use super::{ExtensionKind, FoundingMode, Moment, SchoolStatus, SixOne, UnitKind};
use serde::{Deserialize, Serialize};

/// One unit (单位) in the units' list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct UnitRow {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    /// The unit it belongs to (a second-level institution's department), by name.
    pub parent: Option<String>,
    pub people: i64,
    pub schools: i64,
    /// The day it was retired (撤并), if it was.
    pub retired_on: Option<String>,
    /// The unit it was merged into, by name.
    pub merged_into: Option<String>,
}

impl UnitRow {
    /// 在用, or the day it was retired (and the unit it went into).
    pub fn standing(&self) -> String {
        match (&self.retired_on, &self.merged_into) {
            (None, _) => "在用".into(),
            (Some(day), Some(into)) => format!("{day} 并入{into}"),
            (Some(day), None) => format!("{day} 撤销"),
        }
    }
}

/// A unit as a form offers it: id, name, kind; a retired unit only where a record still names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitChoice {
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    pub retired: bool,
}

/// `/admin/units`: every unit, and the latest changes to units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitsAdmin {
    pub units: Vec<UnitRow>,
    pub changes: Vec<ChangeLine>,
}

/// One school in the schools' list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SchoolListRow {
    pub id: i64,
    pub name: String,
    pub mode: FoundingMode,
    pub status: SchoolStatus,
    pub host_unit: String,
    pub principal: Option<String>,
    pub opened_on: String,
}

/// `/admin/schools`: a page of the schools matching a search, and what the new-school form offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolsAdmin {
    pub rows: Vec<SchoolListRow>,
    /// Schools matching the search, over all pages.
    pub total: i64,
    /// The page shown (from 1) and the number of pages.
    pub page: i64,
    pub pages: i64,
    pub units: Vec<UnitChoice>,
    /// The district's outline (an SVG path in `charts::geo::plane`), to pick a new school's place.
    pub outline: String,
}

/// Schools shown per page of the list.
pub const SCHOOLS_PER_PAGE: i64 = 20;

/// A school's record as its form edits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchoolRecord {
    pub id: i64,
    pub name: String,
    pub mode: Option<FoundingMode>,
    pub extension: Option<ExtensionKind>,
    pub status: Option<SchoolStatus>,
    pub host_unit_id: i64,
    pub township_id: Option<i64>,
    /// Member units of a joint school, by name (、-separated in the form).
    pub members: Vec<String>,
    pub sub_area: String,
    pub villages: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub lon: f64,
    pub lat: f64,
    /// Principal and vice principal: person number and name.
    pub principal: Option<(i64, String)>,
    pub vice_principal: Option<(i64, String)>,
    pub venue: String,
    pub contact: String,
    pub profile: String,
}

/// `/admin/schools/:id`: a school's record, what its form offers, and its change log. A school admin
/// gets the profile part only (`manage` false).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolEdit {
    pub record: SchoolRecord,
    pub units: Vec<UnitChoice>,
    pub changes: Vec<ChangeLine>,
    /// Whether the caller may change everything (the organisation department), not only the profile.
    pub manage: bool,
    /// A joint school's rotating principals' terms (轮值校长), earliest first.
    pub terms: Vec<TermLine>,
    /// A joint school's member units (id, name), for a term's unit.
    pub member_units: Vec<(i64, String)>,
    /// The district's outline (an SVG path in `charts::geo::plane`), to pick the school's place.
    pub outline: String,
}

/// One rotating principal's term of a joint school.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TermLine {
    pub id: i64,
    pub person_id: i64,
    pub person: String,
    pub unit: String,
    pub starts_on: String,
    pub ends_on: String,
}

impl TermLine {
    /// As the change log names it.
    pub fn label(&self) -> String {
        format!("{}（{}，{}）{}至{}", self.person, self.person_id, self.unit, self.starts_on, self.ends_on)
    }
}

/// One line of the change log (变更记录): who changed what, when, each field before → after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeLine {
    pub at: Moment,
    pub actor: String,
    pub what: String,
    pub summary: String,
    pub changes: Vec<FieldChange>,
}

/// One field's change: its label, the value before (empty for a new record) and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A school's form as posted (`school[name]=…`: every field text, checked by `rules::district`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchoolForm {
    /// Empty for a new school.
    pub id: String,
    pub name: String,
    pub mode: String,
    pub extension: String,
    pub host_unit_id: String,
    pub township_id: String,
    pub members: String,
    pub sub_area: String,
    pub villages: String,
    pub opened_on: String,
    pub lon: String,
    pub lat: String,
    pub principal_id: String,
    pub vice_principal_id: String,
}

/// What a roster file (人员名单) would change, or changed: counts, the changed people (at most
/// [`ROSTER_SHOWN`] of them listed), and every bad row when the file is refused.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RosterReport {
    /// Data rows read.
    pub rows: usize,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Of the changed: moved to another unit, and given another rank.
    pub moves: usize,
    pub promotions: usize,
    /// The file's fingerprint: applying names the file previewed.
    pub digest: String,
    pub changes: Vec<RosterChange>,
    /// Row by row, why the file is refused (nothing is applied while there is one).
    pub errors: Vec<String>,
    /// Whether this is the applied import (not a preview).
    pub applied: bool,
}

/// Most changed people and bad rows a report lists (the counts cover all).
pub const ROSTER_SHOWN: usize = 500;

/// One person a roster changes: number, name, each field before → after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterChange {
    pub person: i64,
    pub name: String,
    pub fields: Vec<FieldChange>,
}

/// One person in the people's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub rank: super::Rank,
    pub district_managed: bool,
    pub status: super::PersonStatus,
}

/// `/admin/people`: a page of the people matching a search (by name, number or unit).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeopleList {
    pub rows: Vec<PersonRow>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// People shown per page of the list.
pub const PEOPLE_PER_PAGE: i64 = 20;

/// `/admin/people/:id`: one person for the organisation department — their hours this year and the
/// three before (the promotion check), competency results and latest classes. Reading it is logged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonPage {
    pub hours: super::PersonHours,
    pub party_member: bool,
    pub status: super::PersonStatus,
    /// (year, 政治理论, 综合素养, 履职能力), newest first.
    pub competency: Vec<(i32, f64, f64, f64)>,
    /// (day, class, school, hours) of the latest classes attended, newest first.
    pub classes: Vec<(String, String, String, f64)>,
}

/// A pool teacher (师资) as the lists and forms show one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TeacherRecord {
    pub id: i64,
    pub name: String,
    pub in_district: bool,
    pub unit_name: String,
    /// The person on record, for an in-district teacher (their account finds them by it).
    pub person_id: Option<i64>,
    /// 职务职称.
    pub title: String,
    /// The course categories they teach, as labels joined by 、.
    pub specialties: String,
    pub profile: String,
}

/// `/admin/teachers`: a page of the pool, searched by name or unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeachersAdmin {
    pub rows: Vec<TeacherRecord>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// Teachers shown per page of the list.
pub const TEACHERS_PER_PAGE: i64 = 20;

/// A teacher's record to edit and its change log; `manage`: the organisation department (every
/// field), otherwise the teacher (their title, specialties and introduction).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeacherEdit {
    pub record: TeacherRecord,
    pub changes: Vec<ChangeLine>,
    pub manage: bool,
}

/// A teacher's form as posted (`teacher[name]=…`, specialties ticked as `teacher[specialties][code]=on`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeacherForm {
    /// Empty for a new teacher.
    pub id: String,
    pub name: String,
    /// `in` or `out` of the district.
    pub place: String,
    pub unit_name: String,
    pub person_id: String,
    pub title: String,
    pub specialties: std::collections::BTreeMap<String, String>,
    pub profile: String,
}

impl TeacherForm {
    /// The category codes ticked.
    pub fn ticked(&self) -> Vec<&str> {
        self.specialties.iter().filter(|(_, v)| !v.is_empty() && v.as_str() != "off").map(|(k, _)| k.as_str()).collect()
    }
}

/// A document kept for one of a school's 六个一.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SchoolDocument {
    pub id: i64,
    pub item: SixOne,
    pub name: String,
    pub mime: String,
    pub size: i64,
    pub uploaded_at: String,
}

/// A school's 六个一: which items are in place and, for those who may read them, their documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SixOnes {
    pub school_id: i64,
    /// Documents per item, in `SixOne::ALL` order.
    pub kept: Vec<(SixOne, i64)>,
    /// The documents themselves: empty unless the caller may read them (`may_read`).
    pub documents: Vec<SchoolDocument>,
    pub may_read: bool,
    pub may_edit: bool,
}

impl SixOnes {
    /// How many of the six are in place (have at least one document).
    pub fn in_place(&self) -> usize {
        self.kept.iter().filter(|(_, n)| *n > 0).count()
    }
}

/// A school's line in the district's 六个一 table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SixOnesRow {
    pub school_id: i64,
    pub name: String,
    pub township: Option<String>,
    /// Whether each item (in `SixOne::ALL` order) has a document.
    pub items: Vec<bool>,
}

impl SixOnesRow {
    pub fn in_place(&self) -> usize {
        self.items.iter().filter(|x| **x).count()
    }
}
