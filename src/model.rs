//! Types shared by the browser and the server: the domain's vocabulary and the dashboard's data.
//!
//! Enumerations are stored in the database as short English codes (`as_code`) and shown in
//! Chinese (`label`); both directions live here, once.

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary with its database code and its Chinese label.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database.
            pub fn as_code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The name shown to users (zh-CN).
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        /// Read from and written to the database as its code; an unknown code is a decoding error,
        /// never a silently missing row.
        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Self::from_code(&code).ok_or_else(|| format!("unknown {} code {code:?}", stringify!($name)).into())
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_code(), buf)
            }
        }
    };
}

vocabulary! {
    /// 建校模式: how a school was founded.
    FoundingMode {
        Independent => "independent", "独立建校";
        Joint => "joint", "联合建校";
        Extended => "extended", "延伸建校";
    }
}

vocabulary! {
    /// Which kind of extension an extended (延伸建校) school is.
    ExtensionKind {
        SubArea => "sub_area", "片区业余党校";
        Institution => "institution", "二级事业单位业余党校";
    }
}

vocabulary! {
    /// Kinds of units (单位).
    UnitKind {
        Township => "township", "街乡场";
        Department => "department", "区直单位";
        MassOrganisation => "mass_org", "群团组织";
        Institution => "institution", "区直二级事业单位";
        Partner => "partner", "区外结对单位";
    }
}

vocabulary! {
    /// The seven course categories (课程类别) of the premium-course rules.
    CourseCategory {
        PoliticalTheory => "political_theory", "政治理论";
        EconomyFinance => "economy_finance", "经济金融";
        PublicAdministration => "public_administration", "公共管理";
        LawRegulation => "law_regulation", "法律法规";
        ProfessionalKnowledge => "professional_knowledge", "业务知识";
        GeneralQuality => "general_quality", "综合素养";
        OnSiteTeaching => "on_site_teaching", "现场教学";
    }
}

vocabulary! {
    /// A cadre's rank (职级).
    Rank {
        DistrictLevel => "district", "区级领导";
        DivisionLevel => "division", "处级";
        SectionLevel => "section", "科级";
        Other => "other", "其他";
    }
}

vocabulary! {
    /// How an attendance was recorded (签到方式).
    AttendanceMethod {
        Qr => "qr", "扫码签到";
        ShortCode => "code", "签到码";
        Manual => "manual", "管理员录入";
        Import => "import", "名单导入";
        Paper => "paper", "纸质签到";
    }
}

vocabulary! {
    /// Where study hours (学时) come from.
    HourSource {
        Attendance => "attendance", "参训";
        Podium => "podium", "上讲台奖励";
        PremiumCourse => "premium_course", "精品课程奖励";
        External => "external", "外部学习";
    }
}

vocabulary! {
    /// Where a cadre stands against the year's target (学时完成情况); judged by `rules::study_hours::hour_status`.
    HourStatus {
        Met => "met", "已达标";
        OnTrack => "on_track", "进度正常";
        Behind => "behind", "进度滞后";
    }
}

vocabulary! {
    /// The state of an external-study claim (外部学习学时申报).
    ClaimStatus {
        Pending => "pending", "待审核";
        Approved => "approved", "已通过";
        Rejected => "rejected", "未通过";
    }
}

vocabulary! {
    /// What an entry of the study-hour audit log records.
    AuditAction {
        ClaimSubmitted => "claim_submitted", "提交外部学习申报";
        ClaimApproved => "claim_approved", "通过申报并记入学时";
        ClaimRejected => "claim_rejected", "驳回申报";
        TargetSet => "target_set", "设置年度学时目标";
        LedgerLoaded => "ledger_loaded", "导入学时台账";
        PodiumCredited => "podium_credited", "上讲台奖励学时";
        PremiumCredited => "premium_credited", "精品课程奖励学时";
        ClassCredited => "class_credited", "培训班结班记入学时";
    }
}

vocabulary! {
    /// Where a class stands (培训班状态).
    ClassStatus {
        Planned => "planned", "筹备中";
        Open => "open", "签到中";
        Closed => "closed", "已结班";
        Cancelled => "cancelled", "已取消";
    }
}

vocabulary! {
    /// 事前备案: whether a class had to be filed, and the organisation department's decision.
    FilingStatus {
        NotRequired => "not_required", "无需备案";
        Pending => "pending", "待审批";
        Approved => "approved", "已备案";
        Rejected => "rejected", "备案未通过";
    }
}

vocabulary! {
    /// Where a class is held (办班地点类型).
    VenueKind {
        School => "school", "本校或区内场所";
        University => "university", "高校";
        Company => "company", "培训机构";
        Outside => "outside", "区外";
    }
}

vocabulary! {
    /// What an entry of a class's log records.
    ClassAction {
        Planned => "planned", "创建培训班";
        FilingApproved => "filing_approved", "备案通过";
        FilingRejected => "filing_rejected", "备案驳回";
        Opened => "opened", "开放签到";
        Closed => "closed", "结班并记入学时";
        Reopened => "reopened", "重新开放";
        Cancelled => "cancelled", "取消培训班";
        AttendeeAdded => "attendee_added", "添加学员";
        AttendeeRemoved => "attendee_removed", "移除学员";
        RosterImported => "roster_imported", "导入名单";
    }
}

vocabulary! {
    /// 六有: the six criteria of the yearly evaluation of a school.
    Criterion {
        Leadership => "leadership", "有领导机制";
        Venue => "venue", "有固定场所";
        TeachersCourses => "teachers_courses", "有师资课程";
        Management => "management", "有规范管理";
        Funding => "funding", "有经费保障";
        Results => "results", "有培训成效";
    }
}

vocabulary! {
    /// The four ways a criterion is assessed (评估方式).
    EvalMethod {
        SiteVisit => "site_visit", "实地查看";
        DocumentReview => "document_review", "查阅资料";
        TraineeEvaluation => "trainee_evaluation", "学员评价";
        Overall => "overall", "综合评定";
    }
}

vocabulary! {
    /// 评定等次: the band of a school in a year's evaluation (see `rules::six_haves::band_schools`).
    Band {
        Demonstration => "demonstration", "示范";
        Excellent => "excellent", "优秀";
        Qualified => "qualified", "合格";
        Unqualified => "unqualified", "不合格";
    }
}

vocabulary! {
    /// Where an unqualified school's rectification stands (整改状态).
    RectificationStatus {
        Open => "open", "待整改";
        InProgress => "in_progress", "整改中";
        Done => "done", "已完成整改";
    }
}

vocabulary! {
    /// Where a leader gave a lecture (上讲台).
    LectureVenue {
        DistrictPartySchool => "district_party_school", "区委党校";
        AmateurSchool => "amateur_school", "业余党校";
        SectorForum => "sector_forum", "本系统论坛讲坛";
    }
}

vocabulary! {
    /// A school's state (办学状态).
    SchoolStatus {
        Planned => "planned", "筹建中";
        Active => "active", "正常办学";
        Suspended => "suspended", "暂停";
        Closed => "closed", "已撤销";
    }
}

/// The leader dashboard's figures, all computed from the database.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub kpis: Kpis,
    /// Classes and attendances per calendar month, 2015-04 … 2017-05, without gaps.
    pub monthly: Vec<MonthPoint>,
    pub schools_by_mode: Vec<ModeCount>,
    /// Attendances by township-level unit where the school sits; district-level units last.
    pub by_township: Vec<UnitCount>,
    /// The latest complete six-haves evaluation: its year and (band, schools) in `Band::ALL` order.
    pub bands: Option<(i32, Vec<(Band, usize)>)>,
    /// When these figures were read (local time, `YYYY-MM-DD HH:MM:SS`).
    pub as_of: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    pub schools: i64,
    pub classes_2015_2016: i64,
    pub attendances_2015_2016: i64,
    pub sessions_2017: i64,
    pub attendances_2017: i64,
    pub attendances_total: i64,
    pub party_members: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPoint {
    /// `YYYY-MM`
    pub month: String,
    pub classes: i64,
    pub attendances: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeCount {
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub schools: i64,
}

impl ModeCount {
    /// 独立建校 / 联合建校 / 延伸建校（片区）…
    pub fn label(&self) -> String {
        match self.extension {
            Some(ExtensionKind::SubArea) => format!("{}·片区", self.mode.label()),
            Some(ExtensionKind::Institution) => format!("{}·二级单位", self.mode.label()),
            None => self.mode.label().to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitCount {
    pub unit: String,
    pub attendances: i64,
}

/// Adds up a monthly series: the running total of attendances per month.
pub fn cumulative_attendances(monthly: &[MonthPoint]) -> Vec<(String, i64)> {
    monthly
        .iter()
        .scan(0_i64, |total, p| {
            *total += p.attendances;
            Some((p.month.clone(), *total))
        })
        .collect()
}

/// Formats a count with thousands separators, as Chinese reports print them (103,512).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a count in 万 (ten thousands) with one decimal, as the article does (10.3万).
pub fn wan(n: i64) -> String {
    format!("{:.1}万", (n as f64 / 1000.0).floor() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for m in CourseCategory::ALL {
            assert_eq!(CourseCategory::from_code(m.as_code()), Some(*m));
        }
        assert_eq!(CourseCategory::ALL.len(), 7, "the brief names seven course categories");
        assert_eq!(FoundingMode::from_code("joint"), Some(FoundingMode::Joint));
        assert_eq!(FoundingMode::from_code("nonsense"), None);
    }

    #[test]
    fn cumulative_adds_up_in_order() {
        let m = |month: &str, a| MonthPoint { month: month.into(), classes: 1, attendances: a };
        let c = cumulative_attendances(&[m("2015-04", 10), m("2015-05", 0), m("2015-06", 5)]);
        assert_eq!(c, vec![("2015-04".into(), 10), ("2015-05".into(), 10), ("2015-06".into(), 15)]);
    }

    #[test]
    fn numbers_are_formatted_the_chinese_way() {
        assert_eq!(thousands(103_512), "103,512");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(-55_000), "-55,000");
        assert_eq!(wan(103_512), "10.3万");
        assert_eq!(wan(31_999), "3.1万");
    }
}

/// How the map colours its schools (着色).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MapColour {
    /// By founding mode (建校模式).
    #[default]
    Mode,
    /// By the band of the latest complete six-haves evaluation (评估等次).
    Band,
}

impl MapColour {
    pub const ALL: &'static [MapColour] = &[MapColour::Mode, MapColour::Band];

    pub fn as_code(self) -> &'static str {
        match self {
            MapColour::Mode => "mode",
            MapColour::Band => "band",
        }
    }

    pub fn from_code(code: &str) -> Self {
        if code == "band" {
            MapColour::Band
        } else {
            MapColour::Mode
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MapColour::Mode => "按建校模式",
            MapColour::Band => "按评估等次",
        }
    }
}

/// The period a map's figures cover (统计时段).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MapPeriod {
    /// The latest year that has classes (本年度).
    #[default]
    LatestYear,
    /// 2015-04 … 2016-12, the article's first period.
    FirstPeriod,
    All,
}

impl MapPeriod {
    pub const ALL: &'static [MapPeriod] = &[MapPeriod::LatestYear, MapPeriod::FirstPeriod, MapPeriod::All];

    pub fn as_code(self) -> &'static str {
        match self {
            MapPeriod::LatestYear => "year",
            MapPeriod::FirstPeriod => "2015-2016",
            MapPeriod::All => "all",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.as_code() == code)
    }

    /// Label, given the latest year with data.
    pub fn label(self, latest_year: i32) -> String {
        match self {
            MapPeriod::LatestYear => format!("{latest_year}年（本年度）"),
            MapPeriod::FirstPeriod => "2015–2016年".into(),
            MapPeriod::All => "全部".into(),
        }
    }
}

/// A school as the map shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapSchool {
    pub id: i64,
    pub name: String,
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub township: Option<String>,
    pub principal: Option<String>,
    pub lon: f64,
    pub lat: f64,
    /// `medium`, `low` or `very low`: anything but medium is drawn as approximate.
    pub confidence: String,
    pub classes: i64,
    pub attendances: i64,
    /// Day of the latest class in the period (`YYYY-MM-DD`).
    pub last_class: Option<String>,
    /// Its band in the latest complete six-haves evaluation, if it was evaluated.
    pub band: Option<Band>,
}

impl MapSchool {
    pub fn approximate(&self) -> bool {
        self.confidence != "medium"
    }
}

/// A township-level unit's seat, for labels on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TownPoint {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub period: MapPeriod,
    pub colour: MapColour,
    /// The year of the evaluation whose bands the schools carry.
    pub band_year: Option<i32>,
    pub latest_year: i32,
    pub schools: Vec<MapSchool>,
    pub towns: Vec<TownPoint>,
    pub drawing: MapDrawing,
    /// When these figures were read (Beijing time).
    pub as_of: String,
}

/// The map's ECharts options per view and its extra polygons, as JSON text built on the server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapDrawing {
    pub district: String,
    pub qianchuan: String,
    /// GeoJSON features (an array) of the approximate 前川 sub-areas.
    pub sub_areas: String,
}

/// One class in a school's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub id: i64,
    pub title: String,
    pub category: CourseCategory,
    /// `YYYY-MM-DDTHH:MM:SS`
    pub starts_at: String,
    pub venue: String,
    pub hours: f64,
    pub teacher: Option<String>,
    pub attendances: i64,
}

/// `/schools/:id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolDetail {
    pub id: i64,
    pub name: String,
    pub mode: FoundingMode,
    pub extension: Option<ExtensionKind>,
    pub status: SchoolStatus,
    pub host_unit: String,
    pub township: Option<String>,
    pub principal: Option<String>,
    pub vice_principal: Option<String>,
    pub opened_on: String,
    pub pilot: bool,
    pub lon: f64,
    pub lat: f64,
    pub confidence: String,
    /// Member units of a joint school.
    pub members: Vec<String>,
    /// Rotating principals of a joint school: (person, unit, from, to).
    pub principal_terms: Vec<(String, String, String, String)>,
    pub classes: i64,
    pub attendances: i64,
    pub monthly: Vec<MonthPoint>,
    pub recent: Vec<ClassSummary>,
}

vocabulary! {
    /// Roles (角色). One person may hold several.
    Role {
        Leader => "leader", "区领导";
        OrgAdmin => "org_admin", "组织部/区委党校管理员";
        SchoolAdmin => "school_admin", "业余党校管理员";
        Supervisor => "supervisor", "督导组";
        Teacher => "teacher", "教师";
        Cadre => "cadre", "干部";
    }
}

/// Who is signed in, as the browser may know it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserInfo {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub person_id: Option<i64>,
}

/// One study-hour ledger entry as a cadre sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HourEntryView {
    pub earned_on: String,
    pub hours: f64,
    pub source: HourSource,
    pub title: Option<String>,
    pub rule: String,
    pub rule_version: i64,
}

/// A person's study hours for a year (/me/hours).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonHours {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
    pub district_managed: bool,
    pub year: i32,
    pub earned: f64,
    pub target: f64,
    /// Share of the year gone by (1.0 for a past year).
    pub elapsed: f64,
    pub status: HourStatus,
    pub missing: f64,
    pub excellent_eligible: bool,
    pub excellent_reason: String,
    /// The three years before `year`, oldest first.
    pub last_three_years: Vec<(i32, f64)>,
    pub entries: Vec<HourEntryView>,
}

/// An account as the organisation department manages it (/admin/accounts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// The person the account belongs to, "name · unit".
    pub person: Option<String>,
    pub school: Option<String>,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// Roles ticked in a form: one checkbox per role (`roles[leader]=on`), so that the form works
/// before the WebAssembly arrives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleChoice {
    pub leader: Option<String>,
    pub org_admin: Option<String>,
    pub school_admin: Option<String>,
    pub supervisor: Option<String>,
    pub teacher: Option<String>,
    pub cadre: Option<String>,
}

impl RoleChoice {
    pub fn roles(&self) -> Vec<Role> {
        let ticked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty() && v != "off");
        [
            (Role::Leader, &self.leader),
            (Role::OrgAdmin, &self.org_admin),
            (Role::SchoolAdmin, &self.school_admin),
            (Role::Supervisor, &self.supervisor),
            (Role::Teacher, &self.teacher),
            (Role::Cadre, &self.cadre),
        ]
        .into_iter()
        .filter(|(_, v)| ticked(v))
        .map(|(r, _)| r)
        .collect()
    }
}

/// An external-study claim as its claimant and the reviewers see it (without the file itself).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClaimView {
    pub id: i64,
    pub person: String,
    pub unit: String,
    pub title: String,
    pub provider: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours: f64,
    pub evidence_name: String,
    pub evidence_bytes: i64,
    pub submitted_at: String,
    pub status: ClaimStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub reason: Option<String>,
}

/// One line of the study-hour audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    /// Who made the change ("系统" for the system itself).
    pub actor: String,
    /// Whose hours changed, if one person's.
    pub person: Option<String>,
    pub action: AuditAction,
    pub hours: Option<f64>,
    pub detail: String,
}

/// The share of a unit's district-managed cadres in each state (/hours).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitCompliance {
    pub unit_id: i64,
    pub unit: String,
    pub cadres: i64,
    pub met: i64,
    pub on_track: i64,
    pub behind: i64,
}

/// A district-managed cadre behind the year's pace — shown to leaders and the organisation
/// department only, never to cadres.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BehindCadre {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
    pub earned: f64,
    pub target: f64,
    pub missing: f64,
}

/// The district's study-hour compliance for a year, as of a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    pub year: i32,
    /// The day the year's pace is judged at (`YYYY-MM-DD`).
    pub as_of: String,
    pub elapsed: f64,
    /// The years that have ledger entries, for the year switch.
    pub years: Vec<i32>,
    pub targets: Vec<(Rank, f64)>,
    pub total: UnitCompliance,
    pub units: Vec<UnitCompliance>,
    pub behind: Vec<BehindCadre>,
    /// Whether the caller sees a part of the district only (a supervision group).
    pub scoped_to: Option<String>,
}

/// One class in a list (培训班列表).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClassItem {
    pub id: i64,
    pub title: String,
    pub school: String,
    pub category: CourseCategory,
    pub starts_at: String,
    pub ends_at: String,
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
    pub checked_in_at: String,
    pub method: AttendanceMethod,
    /// The class's hours are in this person's ledger (close-out happened with them on the roster).
    pub credited: bool,
}

/// One line of a class's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassLogEntry {
    pub at: String,
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
    pub issued_at: String,
}

/// A cadre's check-in, as acknowledged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInReceipt {
    pub class_title: String,
    pub already: bool,
    pub checked_in_at: String,
}

/// What changed, pushed to dashboards and maps over Server-Sent Events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub kind: String,
    pub class_id: Option<i64>,
    pub at: String,
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

/// One school's line in a year's six-haves evaluation (/evaluation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluatedSchool {
    pub school_id: i64,
    pub name: String,
    /// How many of the 24 scores (6 criteria × 4 methods) are in.
    pub scored: usize,
    pub total: Option<f64>,
    /// The weighted training-results score: the first tie-breaker.
    pub results: Option<f64>,
    pub rank: Option<usize>,
    pub band: Option<Band>,
    /// Another school has the same total: the tie-break rule placed it.
    pub tied: bool,
    pub subsidy: f64,
}

/// An unqualified school's rectification (整改记录).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RectificationView {
    pub school_id: i64,
    pub school: String,
    pub interview_on: String,
    pub deadline: String,
    pub status: RectificationStatus,
    pub note: String,
    pub overdue: bool,
}

/// A year's six-haves evaluation: weights, subsidies, every school's total, and — once every school's
/// scorecard is complete — the ranking and the bands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub year: i32,
    pub years: Vec<i32>,
    /// Per cent, in the order of `EvalMethod::ALL`.
    pub weights: Vec<f64>,
    pub weights_set: bool,
    /// Yuan per demonstration school and per excellent school.
    pub subsidy_demonstration: f64,
    pub subsidy_excellent: f64,
    pub subsidy_set: bool,
    /// Ranked when banded; otherwise by school number.
    pub schools: Vec<EvaluatedSchool>,
    /// Schools with all 24 scores, of the schools evaluated this year.
    pub complete: usize,
    pub expected: usize,
    pub banded: bool,
    /// (band, schools), in the order of `Band::ALL`; empty until banded.
    pub counts: Vec<(Band, usize)>,
    pub subsidy_total: f64,
    /// The unqualified school (when banded) and its rectification, if recorded.
    pub unqualified: Option<(i64, String)>,
    pub rectification: Option<RectificationView>,
    pub tie_rule: String,
}

/// One school's scorecard for a year (/evaluation/:school).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub school_id: i64,
    pub school: String,
    pub year: i32,
    /// `[criterion][method]` in the order of `Criterion::ALL` × `EvalMethod::ALL`.
    pub grid: Vec<Vec<Option<f64>>>,
    pub weights: Vec<f64>,
    pub total: Option<f64>,
    pub rank: Option<usize>,
    pub band: Option<Band>,
}

/// A unit's podium duties in a year (完成情况).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PodiumUnit {
    pub unit: String,
    pub due: usize,
    pub done: usize,
}

/// A leader with a podium duty who has not yet fulfilled it this year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PodiumDue {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
}

/// A recorded lecture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LectureView {
    pub given_on: String,
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub rank: Rank,
    pub venue: LectureVenue,
    pub school: Option<String>,
    pub title: String,
    pub hours: Option<f64>,
    /// It counts towards the lecturer's duty.
    pub fulfils: bool,
}

/// Leaders on the podium in a year (/podium).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Podium {
    pub year: i32,
    pub years: Vec<i32>,
    pub reward_hours: f64,
    pub reward_set: bool,
    pub due_total: usize,
    pub done_total: usize,
    pub units: Vec<PodiumUnit>,
    pub due: Vec<PodiumDue>,
    /// The year's lectures, newest first.
    pub lectures: Vec<LectureView>,
    /// (id, name) of every school, for the record form.
    pub schools: Vec<(i64, String)>,
}

/// A class the caller attended and may still evaluate (学员评价).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackDue {
    pub class_id: i64,
    pub title: String,
    pub school: String,
    pub starts_at: String,
    pub teachers: String,
}

/// The trainees' answers on a class, as those who run it see them: means and comments only from
/// `rules::feedback::MIN_ANSWERS` answers on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackSummary {
    pub answers: i64,
    /// In the order of `rules::feedback::SCALES`.
    pub means: Option<Vec<f64>>,
    pub comments: Vec<String>,
}

/// One teacher of the pool with their points (师资库).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeacherLine {
    pub id: i64,
    pub rank: usize,
    pub name: String,
    pub in_district: bool,
    pub unit: String,
    pub specialties: String,
    pub classes: i64,
    /// Answers on the teacher's classes, and their mean "教师授课" score (from 5 answers on).
    pub answers: i64,
    pub teaching_mean: Option<f64>,
    pub premium: i64,
    pub points: f64,
}

/// The teacher pool ranked by points, the formula, the top reported to the units, and the caller's
/// own line when the caller is a teacher of the pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeacherPool {
    pub teachers: Vec<TeacherLine>,
    pub formula: String,
    pub reported: usize,
    pub mine: Option<TeacherLine>,
}

vocabulary! {
    /// Where a premium-course nomination stands (精品课程评选).
    NominationStatus {
        Nominated => "nominated", "评审中";
        Selected => "selected", "入选";
        NotSelected => "not_selected", "未入选";
    }
}

/// A premium-course nomination with its reviews.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NominationView {
    pub id: i64,
    pub category: CourseCategory,
    pub title: String,
    pub teacher: String,
    pub in_district: bool,
    pub unit: String,
    pub reviews: usize,
    pub mean: Option<f64>,
    /// The caller's own score, when the caller reviews.
    pub my_score: Option<f64>,
    pub status: NominationStatus,
    /// After publication: "奖励 8 学时" or the notice sent to the unit.
    pub recognition: Option<String>,
}

/// A year's premium-course selection (/courses).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseSelection {
    pub year: i32,
    pub years: Vec<i32>,
    pub published_at: Option<String>,
    pub nominations: Vec<NominationView>,
    /// (id, "name · unit") of every teacher, for the nomination form.
    pub teachers: Vec<(i64, String)>,
    pub may_review: bool,
    pub rule: String,
}

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
    pub recent: Vec<(i64, String, String, String, ClassStatus)>,
    /// Member units the caller may score for (org admins: all; a school admin: their school's unit).
    pub may_score_as: Vec<(i64, String)>,
}

/// `/joint?year=YYYY`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JointTraining {
    pub year: i32,
    pub years: Vec<i32>,
    pub groups: Vec<JointGroupView>,
    pub may_plan: bool,
}

vocabulary! {
    /// The three parts of the competency test (履职能力测试).
    CompetencyPart {
        PoliticalTheory => "political_theory", "政治理论";
        GeneralQuality => "general_quality", "综合素质";
        JobCapability => "job_capability", "岗位能力";
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
    pub may_import: bool,
}
