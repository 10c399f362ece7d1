//! The header's navigation: every page the caller may open (`rules::access`), the few they use daily
//! first. On a phone those few stay in the header, each a full-size touch target, and the rest fold
//! under 菜单 (a checkbox and its label: opens and closes without the WebAssembly, so plain pages have
//! it too); on a wide screen all of them are in one row.

use crate::model::{Role, UserInfo};
use leptos::prelude::*;
use leptos_router::components::A;

/// A page the header links to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    pub testid: Option<&'static str>,
}

const fn link(href: &'static str, label: &'static str) -> NavLink {
    NavLink { href, label, testid: None }
}

/// Most links a phone's header shows before 菜单.
pub const DAILY: usize = 3;

/// The header's links for `user` (a visitor: `None`): the pages they use daily (at most [`DAILY`],
/// in the order of their main role's day), then the others in the menu's usual order.
pub fn links(user: Option<&UserInfo>) -> (Vec<NavLink>, Vec<NavLink>) {
    use crate::rules::access::{may, Action::*};
    let roles: &[Role] = user.map_or(&[], |u| u.roles.as_slice());
    let may = |action| may(roles, action);
    let mut all = vec![link("/", "数据看板"), link("/map", "分布图"), link("/red-lectures", "红色大讲堂")];
    let mut add = |allowed: bool, l: NavLink| {
        if allowed {
            all.push(l);
        }
    };
    add(may(ReadCompliance), link("/hours", "学时达标"));
    add(may(ReadOthersHours), link("/hours/missed", "漏训名单"));
    add(may(ReadEvaluation), NavLink { testid: Some("nav-evaluation"), ..link("/evaluation", "六有评估") });
    add(may(ReadEvaluation), link("/six-ones", "六个一"));
    add(may(ReadPodium), link("/podium", "上讲台"));
    add(may(ReadAssessment), link("/assessment", "党建考核"));
    add(may(ReadSupervision), link("/supervision", "督导"));
    add(may(ReadJoint), link("/joint", "联训"));
    add(may(ReadCompetency), link("/competency", "能力测试"));
    add(may(ReadTeachers), link("/teachers", "师资库"));
    add(may(ReadTeachers), link("/courses", "精品课程"));
    add(may(ListClasses), NavLink { testid: Some("nav-classes"), ..link("/classes", "培训班") });
    add(may(ReviewClaims), link("/hours/claims", "学时审核"));
    add(may(ManageDistrictData), link("/admin/schools", "学校管理"));
    add(may(ManageDistrictData), link("/admin/units", "单位管理"));
    add(may(ManageDistrictData), link("/admin/people", "人员名单"));
    add(may(ManageDistrictData), link("/admin/teachers", "师资管理"));
    add(may(EditSchoolProfile) && !may(ManageDistrictData), link("/admin/schools/mine", "本校资料"));
    add(may(EditTeacherProfile) && !may(ManageDistrictData), link("/admin/teachers/mine", "我的师资资料"));
    add(may(ManageAccounts), link("/admin/accounts", "账号"));
    let person = user.is_some_and(|u| u.person_id.is_some());
    add(person, link("/me/hours", "我的学时"));
    add(person, link("/me/claims", "学时申报"));
    add(person, link("/me/feedback", "培训评价"));

    // A day's pages, by the first of the caller's roles that has a day of its own.
    let day: &[&str] = match roles.iter().find(|r| !matches!(r, Role::Cadre)) {
        Some(Role::Leader) => &["/", "/map", "/hours"],
        Some(Role::OrgAdmin) => &["/", "/classes", "/hours/claims"],
        Some(Role::SchoolAdmin) => &["/classes", "/", "/map"],
        Some(Role::Supervisor) => &["/supervision", "/", "/map"],
        Some(Role::Teacher) => &["/me/hours", "/classes", "/"],
        _ if person => &["/me/hours", "/", "/map"],
        _ => &["/", "/map", "/red-lectures"],
    };
    let daily: Vec<NavLink> = day.iter().filter_map(|href| all.iter().find(|l| l.href == *href).copied()).take(DAILY).collect();
    let rest = all.into_iter().filter(|l| !daily.contains(l)).collect();
    (daily, rest)
}

fn nav_link(l: NavLink) -> impl IntoView {
    view! {
        <A href=l.href attr:data-testid=l.testid>
            {l.label}
        </A>
    }
}

/// The header's navigation for `user`: the day's links, who is signed in (or 登录), and the menu.
#[component]
pub fn MainNav(user: Option<UserInfo>) -> impl IntoView {
    let logout = expect_context::<ServerAction<crate::features::account::api::Logout>>();
    let (daily, rest) = links(user.as_ref());
    // The menu's checkbox: a tap on one of the menu's links folds it (in-app navigation keeps the header).
    let toggle = NodeRef::<leptos::html::Input>::new();
    let (account, signed_in) = match user {
        None => (
            view! {
                <A href="/login" attr:class="nav-account" attr:data-testid="login-link">
                    "登录"
                </A>
            }
            .into_any(),
            false,
        ),
        Some(u) => (
            view! {
                <A href="/account/password" attr:class="nav-account" attr:title="修改密码">
                    <span class="who" data-testid="who">
                        {u.display_name}
                    </span>
                </A>
            }
            .into_any(),
            true,
        ),
    };
    view! {
        <div class="nav-daily">{daily.into_iter().map(nav_link).collect_view()}</div>
        {account}
        {(signed_in || !rest.is_empty()).then(|| menu(toggle, rest, logout, signed_in))}
    }
}

/// 菜单 and what it unfolds: the pages not at hand, and 退出.
fn menu(
    toggle: NodeRef<leptos::html::Input>,
    rest: Vec<NavLink>,
    logout: ServerAction<crate::features::account::api::Logout>,
    signed_in: bool,
) -> impl IntoView {
    view! {
        <input type="checkbox" id="nav-toggle" class="nav-toggle" aria-controls="nav-more" node_ref=toggle />
        <label for="nav-toggle" class="nav-toggle-label" data-testid="nav-menu">
            "菜单"
        </label>
        <div class="nav-more" id="nav-more" on:click=move |_| fold(toggle)>
            {rest.into_iter().map(nav_link).collect_view()}
            {signed_in
                .then(|| {
                    view! {
                        <ActionForm action=logout attr:class="inline nav-logout">
                            <button type="submit" class="link">
                                "退出"
                            </button>
                        </ActionForm>
                    }
                })}
        </div>
    }
}

/// Folds the menu (in the browser; nothing to fold on the server).
fn fold(toggle: NodeRef<leptos::html::Input>) {
    #[cfg(feature = "hydrate")]
    if let Some(input) = toggle.get_untracked() {
        input.set_checked(false);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = toggle;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(roles: Vec<Role>, person: bool) -> UserInfo {
        UserInfo { username: "u".into(), display_name: "某某".into(), roles, person_id: person.then_some(1) }
    }

    #[test]
    fn every_role_has_a_few_daily_pages_and_the_rest_in_the_menu() {
        for roles in [
            vec![Role::Leader],
            vec![Role::OrgAdmin],
            vec![Role::SchoolAdmin],
            vec![Role::Supervisor],
            vec![Role::Teacher],
            vec![Role::Cadre],
        ] {
            let u = user(roles.clone(), true);
            let (daily, rest) = links(Some(&u));
            assert!(!daily.is_empty() && daily.len() <= DAILY, "{roles:?}: {daily:?}");
            assert!(daily.iter().all(|l| !rest.contains(l)), "{roles:?}: a link in both");
            let mut hrefs: Vec<_> = daily.iter().chain(&rest).map(|l| l.href).collect();
            let n = hrefs.len();
            hrefs.sort();
            hrefs.dedup();
            assert_eq!(hrefs.len(), n, "{roles:?}: every link once");
        }
    }

    #[test]
    fn a_cadre_keeps_their_hours_at_hand_and_sees_no_admin_page() {
        let (daily, rest) = links(Some(&user(vec![Role::Cadre], true)));
        assert_eq!(daily.first().map(|l| l.href), Some("/me/hours"));
        assert!(daily.iter().chain(&rest).all(|l| !["/hours", "/classes", "/admin/accounts", "/hours/claims"].contains(&l.href)));
    }

    #[test]
    fn a_leader_has_the_charts_at_hand_and_an_org_admin_the_work() {
        let (daily, _) = links(Some(&user(vec![Role::Leader], true)));
        assert_eq!(daily.iter().map(|l| l.href).collect::<Vec<_>>(), ["/", "/map", "/hours"]);
        let (daily, _) = links(Some(&user(vec![Role::OrgAdmin], false)));
        assert_eq!(daily.iter().map(|l| l.href).collect::<Vec<_>>(), ["/", "/classes", "/hours/claims"]);
    }

    #[test]
    fn a_visitor_gets_the_public_pages() {
        let (daily, rest) = links(None);
        assert_eq!(daily.iter().map(|l| l.href).collect::<Vec<_>>(), ["/", "/map", "/red-lectures"]);
        assert!(rest.is_empty());
    }
}
