use super::api::{ChangePassword, Login, Logout};
use crate::model::UserInfo;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{outcome, Page};

/// `/login`. A plain form: works before the WebAssembly arrives.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<ServerAction<Login>>();
    let next = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    view! {
        <Page title="登录" class="narrow" heading="登录">
            <ActionForm action=login attr:class="form">
                <input type="hidden" name="next" value=next />
                <label>"用户名"<input type="text" name="username" autocomplete="username" required /></label>
                <label>"密码"<input type="password" name="password" autocomplete="current-password" required /></label>
                <button type="submit" disabled=move || login.pending().get()>
                    "登录"
                </button>
                {move || login.value().get().filter(Result::is_err).and_then(|v| outcome(Some(v), ""))}
            </ActionForm>
        </Page>
    }
}

/// `/account/password`: change one's own password.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    view! {
        <Page title="修改密码" class="narrow" heading="修改密码">
            <ActionForm action=change attr:class="form">
                <label>"当前密码"<input type="password" name="current" autocomplete="current-password" required /></label>
                <label>"新密码"<input type="password" name="new_password" autocomplete="new-password" required /></label>
                <label>"再次输入新密码"<input type="password" name="confirm" autocomplete="new-password" required /></label>
                <button type="submit">"保存"</button>
                {move || outcome(change.value().get(), "密码已修改")}
            </ActionForm>
        </Page>
    }
}

/// The header's sign-in link, or the signed-in person with links and a sign-out button.
#[component]
pub fn UserMenu(user: Option<UserInfo>) -> impl IntoView {
    let logout = expect_context::<ServerAction<Logout>>();
    match user {
        None => view! {
            <A href="/login" attr:data-testid="login-link">
                "登录"
            </A>
        }
        .into_any(),
        Some(u) => {
            use crate::rules::access::{may as allows, Action::*};
            let may = |action| allows(&u.roles, action);
            view! {
                {may(ReadCompliance).then(|| view! { <A href="/hours">"学时达标"</A> })}
                {may(ReadEvaluation)
                    .then(|| {
                        view! {
                            <A href="/evaluation" attr:data-testid="nav-evaluation">
                                "六有评估"
                            </A>
                        }
                    })}
                {may(ReadPodium).then(|| view! { <A href="/podium">"上讲台"</A> })}
                {may(ReadSupervision).then(|| view! { <A href="/supervision">"督导"</A> })}
                {may(ReadJoint).then(|| view! { <A href="/joint">"联训"</A> })}
                {may(ReadCompetency).then(|| view! { <A href="/competency">"能力测试"</A> })}
                {may(ReadTeachers)
                    .then(|| {
                        view! {
                            <A href="/teachers">"师资库"</A>
                            <A href="/courses">"精品课程"</A>
                        }
                    })}
                {may(ListClasses)
                    .then(|| {
                        view! {
                            <A href="/classes" attr:data-testid="nav-classes">
                                "培训班"
                            </A>
                        }
                    })}
                {may(ReviewClaims).then(|| view! { <A href="/hours/claims">"学时审核"</A> })}
                {may(ManageAccounts).then(|| view! { <A href="/admin/accounts">"账号"</A> })}
                {u
                    .person_id
                    .is_some()
                    .then(|| {
                        view! {
                            <A href="/me/hours">"我的学时"</A>
                            <A href="/me/claims">"学时申报"</A>
                            <A href="/me/feedback">"培训评价"</A>
                        }
                    })}
                <A href="/account/password" attr:title="修改密码">
                    <span class="who" data-testid="who">
                        {u.display_name}
                    </span>
                </A>
                <ActionForm action=logout attr:class="inline">
                    <button type="submit" class="link">
                        "退出"
                    </button>
                </ActionForm>
            }
            .into_any()
        }
    }
}
