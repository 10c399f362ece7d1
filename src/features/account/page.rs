use super::api::{ChangePassword, Login};
use leptos::prelude::*;

use crate::components::{outcome, Page};

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
