use super::api::{link_info, ChangePassword, Login, RedeemLink, MIN_PASSWORD_CHARS};
use leptos::prelude::*;

use crate::components::{outcome, Loaded, Page};

/// `/login`. A plain form: on a first visit the page comes without the WebAssembly
/// (`components::plain`), and a refused sign-in comes back with its error in the address.
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<ServerAction<Login>>();
    // Created here, under the routes, leptos gives it the error a plain post came back with (from the
    // address); the app's own action (for the header) is created above them.
    let posted = ServerAction::<Login>::new();
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
                {move || {
                    let refused = login.value().get().filter(Result::is_err).or_else(|| posted.value().get());
                    refused.and_then(|v| outcome(Some(v), ""))
                }}
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

/// `/welcome?t=…`: a one-time sign-in link (from the sheet a unit hands out). Shows whose account it
/// opens, asks for a password twice, then signs in (a full load, so that the header knows who).
#[component]
pub fn WelcomePage() -> impl IntoView {
    let token = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("t").unwrap_or_default());
    let redeem = ServerAction::<RedeemLink>::new();
    let asked = token.clone();
    let info = Resource::new(|| (), move |_| link_info(asked.clone()));
    Effect::new(move |_| {
        if let Some(Ok(user)) = redeem.value().get() {
            let home = crate::rules::access::home(&user.roles);
            #[cfg(feature = "hydrate")]
            if let Some(location) = web_sys::window().map(|w| w.location()) {
                let _ = location.set_href(home);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = home;
        }
    });
    view! {
        <Page title="设置密码" class="narrow" heading="欢迎使用：设置登录密码">
            <Loaded>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        info.await
                            .map(|i| {
                                view! {
                                    <p data-testid="welcome">
                                        {format!(
                                            "{}，您好：您的用户名是 {}。请设置密码（至少 {MIN_PASSWORD_CHARS} 位），设置后用用户名和密码登录。本链接只能使用一次，有效期至 {}。",
                                            i.display_name,
                                            i.username,
                                            i.expires_at.minute(),
                                        )}
                                    </p>
                                    <ActionForm action=redeem attr:class="form">
                                        <input type="hidden" name="t" value=token />
                                        <input type="text" name="username" autocomplete="username" value=i.username hidden />
                                        <label>
                                            "新密码"<input type="password" name="new_password" autocomplete="new-password" required />
                                        </label>
                                        <label>
                                            "再次输入新密码"
                                            <input type="password" name="confirm" autocomplete="new-password" required />
                                        </label>
                                        <button type="submit" disabled=move || redeem.pending().get()>
                                            "设置密码并登录"
                                        </button>
                                        {move || redeem.value().get().filter(Result::is_err).and_then(|v| outcome(Some(v), ""))}
                                    </ActionForm>
                                }
                            })
                    })
                }}
            </Loaded>
        </Page>
    }
}
