//! Who may do what: every role-based permission of the platform, in one table. The server asks it
//! before any work (`auth::require(action)`, `Caller::may`), and the header's menu and the pages ask it
//! what to offer; the role-matrix test walks the router against it. What a permitted role then sees —
//! its own person, its own school, the schools of its supervision group, the whole district — is the
//! business of each feature's scope rule, not of this table.

use crate::model::Role;

// The enum of actions and the list of all of them, from one list of names.
macro_rules! actions {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// An action that only some roles may take. Actions every signed-in person may take (their own
        /// hours, claims, check-ins, questionnaires) are not listed: they need a sign-in, and their
        /// scope is the caller's own person.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[doc = $doc])* $name,)*
        }

        impl Action {
            /// Every action, in the order of the table.
            pub const ALL: &'static [Action] = &[$(Action::$name,)*];
        }
    };
}

actions! {
    /// Another person's study hours (`/api/person_hours?person_id=`) and the evidence of their claims.
    ReadOthersHours,
    /// 学时达标: the compliance table and its workbook (a supervisor: the group's units).
    ReadCompliance,
    /// The study-hour audit log.
    ReadHourAudit,
    /// External-training claims: the review queue and the decisions.
    ReviewClaims,
    /// The yearly hour targets.
    SetHourTargets,
    /// Accounts, roles, password resets, and the security log.
    ManageAccounts,
    /// The class list (a school admin: the own school's; a teacher: the classes taught).
    ListClasses,
    /// Plan a class (a school admin: for the own school).
    PlanClasses,
    /// 备案审批, reopening a closed class, adding to a roster after the class ended.
    DecideFilings,
    /// Import a class roster from a spreadsheet.
    ImportRoster,
    /// 六有评估: scorecards, bands, subsidies, rectifications.
    ReadEvaluation,
    /// Score schools, set weights and subsidies, record rectifications.
    ManageEvaluation,
    /// 上讲台: lectures and duties.
    ReadPodium,
    /// Record lectures, set the podium reward.
    ManagePodium,
    /// 督导: groups, visits, follow-ups.
    ReadSupervision,
    /// Assign schools to supervision groups.
    AssignSupervision,
    /// Record visits and close follow-ups (a supervisor: the own group's schools).
    RecordVisits,
    /// 联训: joint-training groups, plans, cross-evaluation.
    ReadJoint,
    /// 教学计划: a school's yearly plan and the joint groups' co-made plans — a school admin: the own
    /// school's, and those of the groups its unit is a member of.
    PlanTeaching,
    /// Cross-evaluation scores (a school admin: as the own unit).
    CrossScore,
    /// 能力测试: competency results and their analysis.
    ReadCompetency,
    /// Import competency results.
    ImportCompetency,
    /// 师资库 and 精品课程: the teacher pool and the premium-course selection.
    ReadTeachers,
    /// Nominate, review and publish premium courses.
    ManageCourses,
    /// The district's own data: create and change units and schools, close a school, read the change log.
    ManageDistrictData,
    /// A school's own profile (venue, contact, introduction) — a school admin: the own school's.
    EditSchoolProfile,
    /// A pool teacher's title, specialties and introduction — a teacher: their own.
    EditTeacherProfile,
    /// 党建考核: the units' points from their schools' bands and their leaders' podium completion —
    /// a school admin: the own school's unit.
    ReadAssessment,
}

use Action::*;
use Role::*;

impl Action {
    /// The roles that may take this action: the table.
    pub const fn roles(self) -> &'static [Role] {
        match self {
            ReadOthersHours | ReadHourAudit | ReadCompetency => &[Leader, OrgAdmin],
            ReadCompliance | ReadEvaluation | ReadPodium | ReadSupervision => &[Leader, OrgAdmin, Supervisor],
            ReadJoint => &[Leader, OrgAdmin, Supervisor, SchoolAdmin],
            ReadTeachers => &[Leader, OrgAdmin, Supervisor, Teacher],
            ListClasses | ImportRoster => &[OrgAdmin, SchoolAdmin, Teacher],
            PlanClasses | PlanTeaching | CrossScore | EditSchoolProfile => &[OrgAdmin, SchoolAdmin],
            EditTeacherProfile => &[OrgAdmin, Teacher],
            ReadAssessment => &[Leader, OrgAdmin, SchoolAdmin],
            RecordVisits => &[OrgAdmin, Supervisor],
            ReviewClaims | SetHourTargets | ManageAccounts | DecideFilings | ManageEvaluation | ManagePodium | AssignSupervision
            | ImportCompetency | ManageCourses | ManageDistrictData => &[OrgAdmin],
        }
    }
}

/// Whether someone holding `held` may take `action`.
pub fn may(held: &[Role], action: Action) -> bool {
    held.iter().any(|r| action.roles().contains(r))
}

/// Whether `held` sees the whole district where an action has a scope (leaders and the organisation
/// department); the other permitted roles see their own group, school or classes.
pub fn sees_district(held: &[Role]) -> bool {
    held.iter().any(|r| matches!(r, Leader | OrgAdmin))
}

/// Whether `held` acts for the whole district where an action has a scope (the organisation
/// department): any school's classes, any group's visits, any unit's cross-evaluation.
pub fn acts_for_district(held: &[Role]) -> bool {
    held.contains(&OrgAdmin)
}

/// Whether `held` runs a school where an action's scope is the own school (a school admin).
pub fn administers_school(held: &[Role]) -> bool {
    held.contains(&SchoolAdmin)
}

/// Whether `held` teaches where an action's scope is the classes taught (a teacher).
pub fn teaches(held: &[Role]) -> bool {
    held.contains(&Teacher)
}

/// Where someone lands after signing in: the dashboard for those who oversee training, their own
/// hours for everyone else.
pub fn home(held: &[Role]) -> &'static str {
    if held.iter().any(|r| matches!(r, Leader | OrgAdmin | Supervisor | SchoolAdmin)) {
        "/"
    } else {
        "/me/hours"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cadre_takes_no_listed_action() {
        assert!(Action::ALL.iter().all(|a| !may(&[Cadre], *a)));
    }

    #[test]
    fn every_action_is_an_org_admins() {
        assert!(Action::ALL.iter().all(|a| may(&[OrgAdmin], *a)));
    }

    #[test]
    fn what_changes_data_district_wide_is_the_org_admins_alone() {
        for action in [
            ReviewClaims,
            SetHourTargets,
            ManageAccounts,
            DecideFilings,
            ManageEvaluation,
            ManagePodium,
            AssignSupervision,
            ManageDistrictData,
        ] {
            assert_eq!(action.roles(), &[OrgAdmin], "{action:?}");
        }
    }

    #[test]
    fn leaders_read_district_figures_and_change_nothing() {
        let reads = [
            ReadOthersHours,
            ReadCompliance,
            ReadHourAudit,
            ReadEvaluation,
            ReadPodium,
            ReadSupervision,
            ReadJoint,
            ReadCompetency,
            ReadTeachers,
            ReadAssessment,
        ];
        for &action in Action::ALL {
            assert_eq!(may(&[Leader], action), reads.contains(&action), "{action:?}");
        }
    }

    #[test]
    fn cadres_and_teachers_land_on_their_own_hours() {
        assert_eq!(home(&[Cadre]), "/me/hours");
        assert_eq!(home(&[Teacher]), "/me/hours");
        assert_eq!(home(&[SchoolAdmin, Cadre]), "/");
    }

    #[test]
    fn roles_add_up() {
        assert!(may(&[Cadre, Teacher], ReadTeachers));
        assert!(!may(&[], ReadTeachers));
    }
}
