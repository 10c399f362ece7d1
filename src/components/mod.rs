//! Shared UI pieces.

use leptos::prelude::*;

/// What an `ErrorBoundary` shows: the errors' messages (already in Chinese, see `AppError`).
#[component]
pub fn ErrorNotice(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="error" role="alert">
            <p>"数据暂时无法显示："</p>
            <ul>{move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
        </div>
    }
}
