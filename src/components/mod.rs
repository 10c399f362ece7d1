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

/// What an import did (名单、成绩): `ok` with the report on success, every row's problem otherwise.
pub fn import_report(
    report: Result<crate::model::ImportReport, AppError>,
    testid: &'static str,
    ok: impl Fn(&crate::model::ImportReport) -> String,
) -> AnyView {
    match report {
        Ok(r) if r.errors.is_empty() => view! { <p class="ok" role="status" data-testid=testid>{ok(&r)}</p> }.into_any(),
        Ok(r) => view! {
            <div class="error" role="alert" data-testid=testid>
                <p>{format!("未导入：{} 处问题，请修改文件后重新导入", r.errors.len())}</p>
                <ul>{r.errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
        Err(e) => view! { <p class="error" role="alert" data-testid=testid>{e.to_string()}</p> }.into_any(),
    }
}

/// Whether the signed-in caller (the header's `whoami`) may take `action` (`rules::access`) — for
/// showing forms only; every server function checks the caller again on the server.
pub fn caller_may(action: crate::rules::access::Action) -> bool {
    use_context::<Resource<Result<Option<crate::model::UserInfo>, AppError>>>()
        .and_then(|u| u.get())
        .and_then(|u| u.ok().flatten())
        .is_some_and(|u| crate::rules::access::may(&u.roles, action))
}

/// The year switch of a yearly page: one link per year to `{path}?year=YYYY`, the current one marked.
#[component]
pub fn YearNav(path: &'static str, years: Vec<i32>, current: i32) -> impl IntoView {
    view! {
        <nav class="segmented years" aria-label="年度">
            {years.into_iter().map(|y| view! {
                <a href=format!("{path}?year={y}") class=if y == current { "on" } else { "" }>{y}</a>
            }).collect_view()}
        </nav>
    }
}
