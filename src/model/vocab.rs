//! The domain's closed vocabularies (codes in the database, labels in Chinese).

use serde::{Deserialize, Serialize};

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
    /// A person's standing on the roster (人员状态).
    PersonStatus {
        Active => "active", "在职";
        MovedOut => "moved_out", "调出";
        Retired => "retired", "退休";
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
    /// What kind of class: an ordinary one, or the district's Red Lecture Hall (红色大讲堂), held by
    /// the organisation department for all cadres at a red teaching base.
    ClassKind {
        Regular => "regular", "培训班";
        RedLecture => "red_lecture", "红色大讲堂";
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
        Edited => "edited", "修改或改期";
    }
}

vocabulary! {
    /// 六有: the six criteria of the yearly evaluation of a school.
    Criterion {
        Leadership => "leadership", "有领导机制";
        Venue => "venue", "有适用场地";
        TeachersCourses => "teachers_courses", "有师资课程";
        Management => "management", "有规范管理";
        Funding => "funding", "有经费保障";
        Results => "results", "有培训实效";
    }
}

vocabulary! {
    /// 六个一 (fixed 2015-06): what every school keeps — one founding plan, one teaching plan, one
    /// training venue, one management team, one set of working rules, one set of ledgers — each shown
    /// by its documents (`SchoolDocument`).
    SixOne {
        FoundingPlan => "founding_plan", "一个创建方案";
        TeachingPlan => "teaching_plan", "一个教学计划";
        Venue => "venue", "一个培训场地";
        Team => "team", "一个管理团队";
        Rules => "rules", "一套管用制度";
        Ledgers => "ledgers", "一套工作台账";
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

#[cfg(test)]
mod article_words {
    use super::*;
    use crate::model::CompetencyPart;

    /// The article's own words (《黄陂区业余党校管理办法》 and the competency test's rules), word for word.
    #[test]
    fn the_six_haves_and_the_competency_parts_read_as_the_article_names_them() {
        let six: Vec<&str> = Criterion::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(six, ["有领导机制", "有适用场地", "有师资课程", "有规范管理", "有经费保障", "有培训实效"]);
        let parts: Vec<&str> = CompetencyPart::ALL.iter().map(|p| p.label()).collect();
        assert_eq!(parts, ["政治理论", "综合素养", "履职能力"]);
        let six_ones: Vec<&str> = SixOne::ALL.iter().map(|i| i.label()).collect();
        assert_eq!(six_ones, ["一个创建方案", "一个教学计划", "一个培训场地", "一个管理团队", "一套管用制度", "一套工作台账"]);
    }
}
