//! Classes: lists, planning, the class page, check-in and roster imports.

use super::*;
use serde::{Deserialize, Serialize};

/// One class in a list (培训班列表).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClassItem {
    pub id: i64,
    pub title: String,
    pub school: String,
    pub category: CourseCategory,
    pub starts_at: Moment,
    pub ends_at: Moment,
    pub venue: String,
    pub hours: f64,
    pub status: ClassStatus,
    pub filing: FilingStatus,
    pub attendees: i64,
    pub capacity: Option<i64>,
}

/// The classes a caller may manage, and the filings waiting for the organisation department.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassList {
    pub classes: Vec<ClassItem>,
    pub pending_filings: Vec<ClassItem>,
    pub may_plan: bool,
    pub may_decide_filings: bool,
}

/// What the planning form offers: schools (an org admin picks one; a school admin has their own),
/// teachers of the pool, units for the audience.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanChoices {
    pub own_school: Option<(i64, String)>,
    pub schools: Vec<(i64, String)>,
    pub teachers: Vec<(i64, String)>,
    pub units: Vec<(i64, String)>,
    /// Joint-training groups the class may be held for (those of the host school's unit).
    pub groups: Vec<(i64, String)>,
    /// The plan line the class is to be held for (`/classes?line=`).
    pub from_line: Option<FromLine>,
    /// The red teaching bases in use: (id, name), for a 红色大讲堂 (offered to the organisation
    /// department only; empty for others).
    pub red_bases: Vec<(i64, String)>,
}

/// A teaching plan's line a class is planned from: its topic and category fill the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FromLine {
    pub id: i64,
    /// `2017 年 6 月：庆祝建党专题党课`
    pub label: String,
    pub topic: String,
    pub category: CourseCategory,
    pub school_id: Option<i64>,
    pub group_id: Option<i64>,
}

/// A class as planned in the form (field names are the form's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassPlan {
    pub school_id: String,
    pub title: String,
    pub category: String,
    pub teacher_1: String,
    pub teacher_2: String,
    pub venue: String,
    pub venue_kind: String,
    pub starts_at: String,
    pub ends_at: String,
    pub hours: String,
    pub capacity: String,
    pub audience_unit_id: String,
    pub audience_rank: String,
    pub co_school_1: String,
    pub co_school_2: String,
    /// A joint-training group (联训) the class is held for.
    pub joint_group_id: String,
    /// The teaching plan's line (教学计划) the class is held for.
    pub plan_line_id: String,
    /// `red_lecture` for a 红色大讲堂 (the organisation department's); else an ordinary class.
    pub kind: String,
    /// The red teaching base a 红色大讲堂 is held at.
    pub red_base_id: String,
}

/// A planned class's changed title, place and time, as the class page's form posts them (`edit[title]=…`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassEdit {
    pub title: String,
    pub venue: String,
    pub starts_at: String,
    pub ends_at: String,
    pub hours: String,
    pub capacity: String,
}

/// A newly planned class, with what the conflict check found (warnings, not refusals).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedClass {
    pub id: i64,
    pub filing: FilingStatus,
    pub warnings: Vec<String>,
}

/// One person on a class's roster (签到名单).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub checked_in_at: Moment,
    pub method: AttendanceMethod,
    /// The class's hours are in this person's ledger (close-out happened with them on the roster).
    pub credited: bool,
}

/// One line of a class's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassLogEntry {
    pub at: Moment,
    pub actor: String,
    pub action: ClassAction,
    pub detail: String,
}

/// A class with its roster, as its managers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassDetail {
    pub summary: ClassItem,
    pub teachers: Vec<String>,
    pub co_organisers: Vec<String>,
    /// The joint-training group the class is held for.
    pub joint_group: Option<String>,
    /// A 红色大讲堂's red teaching base.
    pub red_base: Option<String>,
    pub audience: String,
    pub venue_kind: VenueKind,
    pub filing_reason: Option<String>,
    pub roster: Vec<RosterEntry>,
    pub log: Vec<ClassLogEntry>,
    pub may_decide_filing: bool,
    /// The trainees' anonymous answers (means from 5 answers on).
    pub feedback: FeedbackSummary,
}

/// What the admin's screen shows while a class is open: the QR code (SVG, drawn on the server), the
/// link it encodes and the 6-digit code, all valid for less than a minute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInTicket {
    pub class_id: i64,
    pub title: String,
    pub link: String,
    pub qr_svg: String,
    pub code: String,
    pub attendees: i64,
    pub issued_at: Moment,
}

/// A cadre's check-in, as acknowledged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInReceipt {
    pub class_title: String,
    pub already: bool,
    pub checked_in_at: Moment,
}

/// What a live event says (`GET /events`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LiveKind {
    /// The first event on a connection (one that follows a reconnection means: ask again).
    #[default]
    Hello,
    /// The data changed: the figures of today after the change.
    Update,
    /// Ask again: the figures could not be sent, or this screen fell behind.
    Refresh,
}

/// What changed, pushed to every open dashboard, map and class screen over Server-Sent Events:
/// computed once per burst of changes (at most a few times a second) and serialised once for all.
/// Aggregates only — the stream is public.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub kind: LiveKind,
    /// When the figures were read (the app's clock, `YYYY-MM-DD HH:MM:SS`).
    pub at: String,
    /// The classes the changes touched (a class's page refreshes only for its own).
    #[serde(default)]
    pub classes: Vec<i64>,
    /// The changes reached a day before today (a late addition, an import, a removal): figures of
    /// past days moved, which today's figures cannot carry — screens ask again.
    #[serde(default)]
    pub past: bool,
    /// Today's figures after the changes (in `Update`).
    #[serde(default)]
    pub today: Option<TodayPanel>,
}

impl LiveEvent {
    /// True when a screen must ask for its figures again (it cannot merge this event).
    pub fn needs_refresh(&self) -> bool {
        self.kind != LiveKind::Update || self.past || self.today.is_none()
    }
}

/// What a roster import did: all rows in, or none (with every row's problem listed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: usize,
    /// Rows of people already on the roster (left as they were).
    pub skipped: usize,
    /// `第 N 行：…` for every row that stopped the import.
    pub errors: Vec<String>,
}

/// 我的培训班: a class open for check-in or still to come whose audience includes the cadre.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyClass {
    pub id: i64,
    pub title: String,
    pub school: String,
    pub venue: String,
    pub starts_at: Moment,
    pub ends_at: Moment,
    pub status: ClassStatus,
    /// Already on the roster.
    pub checked_in: bool,
}

/// A 红色大讲堂 as its page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedLecture {
    pub id: i64,
    /// 第 n 期, counted in time order among those not cancelled (none for a cancelled one).
    pub nth: Option<usize>,
    pub title: String,
    pub starts_at: Moment,
    pub base: String,
    pub school: String,
    pub status: ClassStatus,
    pub attendances: i64,
}

/// A red teaching base (红色教学基地).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedBase {
    pub id: i64,
    pub name: String,
    pub place: String,
    pub about: String,
    /// 红色大讲堂 held there (not cancelled).
    pub lectures: i64,
    pub retired_on: Option<String>,
}

/// `/red-lectures`: the Red Lecture Hall's lectures, newest first, and the red teaching bases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedLectureHall {
    pub lectures: Vec<RedLecture>,
    pub bases: Vec<RedBase>,
    /// The organisation department: add and retire bases, plan a lecture.
    pub may_manage: bool,
}
