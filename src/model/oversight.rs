//! Supervision groups, joint training and the competency test.

use super::*;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// Where a supervision visit's follow-up stands (整改).
    FollowUpStatus {
        None => "none", "无需整改";
        Open => "open", "待整改";
        Done => "done", "已整改";
    }
}

/// One visit of a supervision group (督导记录).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitView {
    pub id: i64,
    pub group: String,
    pub school_id: i64,
    pub school: String,
    pub visited_on: String,
    pub findings: String,
    pub follow_up: String,
    pub due_on: Option<String>,
    pub status: FollowUpStatus,
    pub done_on: Option<String>,
    pub done_note: String,
    pub overdue: bool,
    /// Whether the caller may mark the follow-up done.
    pub may_close: bool,
}

/// A school in a group's care, with when it was last visited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupervisedSchool {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub last_visit: Option<String>,
    pub visits: i64,
    pub open_follow_ups: i64,
    /// Not visited within `rules::supervision::REGULAR_VISIT_DAYS`.
    pub visit_due: bool,
}

/// A supervision group (督导组): leader, members and schools.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupervisionGroupView {
    pub id: i64,
    pub name: String,
    /// "name（unit）".
    pub leader: String,
    pub members: Vec<String>,
    pub schools: Vec<SupervisedSchool>,
    /// Whether the caller may record visits for this group.
    pub may_record: bool,
}

/// `/supervision`: the groups the caller may see, their visits (newest first), and what the
/// organisation department needs to assign schools.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Supervision {
    pub today: String,
    pub groups: Vec<SupervisionGroupView>,
    pub visits: Vec<VisitView>,
    /// Schools in no group (org admins only).
    pub unassigned: Vec<(i64, String)>,
    /// Every school (org admins only), for the assignment form.
    pub schools: Vec<(i64, String)>,
    pub may_assign: bool,
    /// Set when the caller sees their own group(s) only.
    pub scoped_to: Option<String>,
}

vocabulary! {
    /// 联训模式.
    JointKind {
        Regional => "regional", "区域联训";
        Paired => "paired", "结对联训";
        Departmental => "departmental", "部门联训";
    }
}

vocabulary! {
    /// What the regional group's members score each other on (交叉评估, 比学赶超).
    CrossCriterion {
        Teaching => "teaching", "教学水平";
        Organisation => "organisation", "组织管理";
        Ability => "ability", "学员能力";
        Results => "results", "培训成效";
    }
}

/// One member's four cross-evaluation scores of another, as typed (in `CrossCriterion::ALL` order).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrossScoreForm {
    pub teaching: String,
    pub organisation: String,
    pub ability: String,
    pub results: String,
}

/// A member unit of a joint-training group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointMember {
    pub unit_id: i64,
    pub name: String,
    pub in_district: bool,
    pub rotation_order: i64,
}

/// A month of a group's yearly plan: who hosts (by the rotation), the planned topic, and the joint
/// classes actually held that month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointMonth {
    pub month: u32,
    pub host: Option<String>,
    pub topic: Option<String>,
    pub category: Option<CourseCategory>,
    /// The plan line of the month, and where it stands by the classes held for it.
    pub line: Option<(i64, LineState)>,
    /// (class id, title, school, status) of the group's classes that month.
    pub classes: Vec<(i64, String, String, ClassStatus)>,
}

/// A member's line of the cross-evaluation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrossLine {
    pub unit_id: i64,
    pub unit: String,
    /// Per `CrossCriterion::ALL`.
    pub by_criterion: Vec<Option<f64>>,
    pub mean: Option<f64>,
    pub received: usize,
    pub expected: usize,
    pub rank: Option<usize>,
}

/// A joint-training group and its year (/joint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointGroupView {
    pub id: i64,
    pub name: String,
    pub kind: JointKind,
    pub members: Vec<JointMember>,
    /// `YYYY-MM` the hosting rotation started, if the group rotates.
    pub rotation_from: Option<String>,
    /// Twelve months (regional groups; empty otherwise).
    pub plan: Vec<JointMonth>,
    pub cross: Vec<CrossLine>,
    pub classes_in_year: i64,
    pub classes_total: i64,
    /// The group's latest classes: (id, title, school, starts_at, status).
    pub recent: Vec<(i64, String, String, Moment, ClassStatus)>,
    /// Member units the caller may score for (org admins: all; a school admin: their school's unit).
    pub may_score_as: Vec<(i64, String)>,
    /// Whether the caller co-makes the group's plan (org admins; a member unit's school admin).
    pub may_plan: bool,
}

/// `/joint?year=YYYY`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointTraining {
    pub year: i32,
    pub years: Vec<i32>,
    pub groups: Vec<JointGroupView>,
}

vocabulary! {
    /// 教学计划: where a plan line stands, by the classes held for it and the day.
    LineState {
        Done => "done", "已完成";
        Arranged => "arranged", "已安排";
        Missed => "missed", "未落实";
        Ahead => "ahead", "待开展";
    }
}

/// A line of a school's teaching plan with the classes held for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanLineView {
    pub id: i64,
    pub month: u32,
    pub topic: String,
    pub category: CourseCategory,
    /// The joint school's member unit hosting the line (轮流承办).
    pub host: Option<String>,
    pub state: LineState,
    /// (class id, title, status) of the classes held for the line.
    pub classes: Vec<(i64, String, ClassStatus)>,
}

/// `/api/school_plan`: a school's yearly teaching plan (教学计划).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolPlan {
    pub school_id: i64,
    pub year: i32,
    /// Years to choose from: last year to next year, and any with lines.
    pub years: Vec<i32>,
    /// A joint school's plan: unified, under its rotating principal, hosted by members in turn.
    pub joint: bool,
    /// The joint school's rotating principal in the year: (person, unit).
    pub principal: Option<(String, String)>,
    /// A joint school's members: (unit id, name, lines hosted this year), in order.
    pub turns: Vec<(i64, String, usize)>,
    /// The member whose turn it is to host next (fewest lines hosted so far).
    pub next_host: Option<i64>,
    pub lines: Vec<PlanLineView>,
    /// The school's 六个一 rules document (its rules of procedure for a joint school) is in place.
    pub rules_in_place: bool,
    pub may_edit: bool,
}

impl SchoolPlan {
    /// Lines done (a class held for them closed).
    pub fn done(&self) -> usize {
        self.lines.iter().filter(|l| l.state == LineState::Done).count()
    }
}

vocabulary! {
    /// The three parts of the competency test (履职能力测试).
    CompetencyPart {
        PoliticalTheory => "political_theory", "政治理论";
        GeneralQuality => "general_quality", "综合素养";
        JobCapability => "job_capability", "履职能力";
    }
}

vocabulary! {
    /// 测试等次.
    CompetencyGrade {
        Excellent => "excellent", "优秀";
        Good => "good", "良好";
        Pass => "pass", "合格";
        Fail => "fail", "不合格";
    }
}

/// A team (a unit's district-managed leadership) in a year's competency tests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyTeam {
    pub unit_id: i64,
    pub unit: String,
    /// Members with results / district-managed members of the unit.
    pub tested: usize,
    pub members: usize,
    pub means: [f64; 3],
    pub total_mean: f64,
    pub weakest: CompetencyPart,
}

/// One member's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetencyResult {
    pub person_id: i64,
    pub name: String,
    pub rank: Rank,
    pub parts: [f64; 3],
    pub total: f64,
    pub grade: CompetencyGrade,
}

/// `/competency?year=&unit=`: the year's teams, the district's means, and one team's structure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Competency {
    pub year: i32,
    pub years: Vec<i32>,
    pub tested: usize,
    pub district_means: [f64; 3],
    pub district_total: f64,
    pub teams: Vec<CompetencyTeam>,
    /// The chosen team: its unit, members' results (best total first) and grade counts per part.
    pub team: Option<(CompetencyTeam, Vec<CompetencyResult>, [[usize; 4]; 3])>,
    /// The chosen team's structure chart: its full option (JSON text, built on the server).
    pub team_chart: Option<String>,
    pub may_import: bool,
}
