//! Shared UI pieces.

pub mod live;

use crate::error::AppError;
use leptos::prelude::*;

/// What an `ErrorBoundary` shows: the errors' messages (already in Chinese, see `AppError`), with a
/// link to sign in when that is what is missing.
#[component]
pub fn ErrorNotice(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let login = AppError::Unauthorized.to_string();
    let listed = errors.clone();
    view! {
        <div class="error" role="alert">
            <p>"数据暂时无法显示："</p>
            <ul>{move || listed.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
            {move || errors.get().into_iter().any(|(_, e)| e.to_string() == login).then(|| view! {
                <a href="/login" class="button" data-testid="login-required">"登录"</a>
            })}
        </div>
    }
}

/// The outcome of a submitted form: `ok` on success, the error's message otherwise, nothing before.
pub fn outcome<T>(value: Option<Result<T, AppError>>, ok: &str) -> Option<AnyView> {
    match value? {
        Ok(_) => Some(view! { <p class="ok" role="status">{ok.to_string()}</p> }.into_any()),
        Err(e) => Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any()),
    }
}
