//! Shared UI pieces.

mod lists;
pub mod live;
pub mod nav;
mod page;
pub mod plain;
pub mod recover;

pub use lists::{ExportLink, Pager, SearchBar};
pub use page::{Loaded, Page, PrintStamp};

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
            {move || {
                errors
                    .get()
                    .into_iter()
                    .any(|(_, e)| e.to_string() == login)
                    .then(|| {
                        view! {
                            <a href="/login" class="button" data-testid="login-required">
                                "登录"
                            </a>
                        }
                    })
            }}
        </div>
    }
}

/// The outcome of a submitted form: `ok` on success, the error's message otherwise, nothing before.
pub fn outcome<T>(value: Option<Result<T, AppError>>, ok: &str) -> Option<AnyView> {
    match value? {
        Ok(_) => Some(
            view! {
                <p class="ok" role="status">
                    {ok.to_string()}
                </p>
            }
            .into_any(),
        ),
        Err(e) => Some(
            view! {
                <p class="error" role="alert">
                    {e.to_string()}
                </p>
            }
            .into_any(),
        ),
    }
}

/// How many times `action` succeeded: a page reloads its data on this, not on every answer — after a
/// refused form the page keeps what the person typed (and shows why), after a saved one it shows the
/// data as saved.
pub fn successes<A, T>(action: ServerAction<A>) -> ReadSignal<u32>
where
    A: leptos::server_fn::ServerFn<Output = T, Error = AppError> + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let (count, set) = signal(0u32);
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            set.update(|n| *n += 1);
        }
    });
    count
}

/// The year a page shows, from its link (`?year=2016`); `None` when absent or not a number (the
/// server then picks its default and checks the range).
pub fn use_year() -> Memo<Option<i32>> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok())))
}

/// A figure tile of a page's summary row (`.kpis`): the value large, its label under it; `class`
/// colours it (`met`, `on_track`, `behind`).
/// What a page shows where there is nothing yet (an empty installation): what is missing and who
/// fills it in, instead of zeros and empty charts.
#[component]
pub fn EmptyState(testid: &'static str, #[prop(into)] message: String) -> impl IntoView {
    view! {
        <div class="panel empty-state" data-testid=testid role="status">
            <p>{message}</p>
        </div>
    }
}

/// The one row of a table that has none: says why (and who fills it in), across all `cols` columns.
#[component]
pub fn NoRows(cols: usize, message: &'static str) -> impl IntoView {
    view! {
        <tr class="no-rows">
            <td colspan=cols>{message}</td>
        </tr>
    }
}

#[component]
pub fn Tile(
    #[prop(into)] value: String,
    #[prop(into)] label: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let class = if class.is_empty() { "kpi".to_string() } else { format!("kpi {class}") };
    view! {
        <div class=class data-testid=testid>
            <div class="kpi-value">
                <span class="num">{value}</span>
            </div>
            <div class="kpi-label">{label}</div>
        </div>
    }
}

/// The two buttons of a decision (a claim, a filing): `approve` names the first; each sends
/// `decision` as its value.
#[component]
pub fn DecisionButtons(approve: &'static str) -> impl IntoView {
    use crate::model::Decision;
    view! {
        <div class="buttons">
            <button type="submit" name="decision" value=Decision::Approve.as_str()>
                {approve}
            </button>
            <button type="submit" name="decision" value=Decision::Reject.as_str() class="secondary">
                "驳回"
            </button>
        </div>
    }
}

/// What an import form accepts: CSV or Excel.
pub const SPREADSHEETS: &str = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A finished import as the form keeps it.
pub type ImportOutcome = Option<Result<crate::model::ImportReport, AppError>>;

/// The submit handler of an upload form (名单、成绩、人员名单): the whole form — its fields and its file —
/// goes to the multipart server function `send` after hydration (before it, the form posts itself);
/// while it runs `pending` is set; its answer lands in `report`; when `finished` says the answer
/// completed the upload, the form is cleared and `done` counts up (for the page to reload what the
/// upload changed).
pub fn upload_handler<F, Fut, T>(
    send: F,
    pending: RwSignal<bool>,
    report: RwSignal<Option<Result<T, AppError>>>,
    finished: fn(&T) -> bool,
    done: RwSignal<u32>,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static
where
    F: Fn(leptos::server_fn::codec::MultipartData) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + 'static,
    T: Send + Sync + 'static,
{
    move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            pending.set(true);
            leptos::task::spawn_local(async move {
                let outcome = send(data.into()).await;
                if outcome.as_ref().is_ok_and(finished) {
                    form.reset();
                    done.update(|n| *n += 1);
                }
                report.set(Some(outcome));
                pending.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, send, pending, report, finished, done);
    }
}

/// An import form (名单、成绩), written once: the file field (`file` named `name`, of the types
/// `accept`) under `label`, the caller's own fields (`children`), the button and the report. Before
/// the WebAssembly arrives it posts itself to `action`; after, [`upload_handler`] sends it through
/// `send`. `ok` says what a clean import did.
#[component]
pub fn ImportForm<F, Fut>(
    action: &'static str,
    testid: &'static str,
    send: F,
    name: &'static str,
    label: &'static str,
    accept: &'static str,
    report: RwSignal<ImportOutcome>,
    report_testid: &'static str,
    ok: fn(&crate::model::ImportReport) -> String,
    done: RwSignal<u32>,
    children: Children,
) -> impl IntoView
where
    F: Fn(leptos::server_fn::codec::MultipartData) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<crate::model::ImportReport, AppError>> + 'static,
{
    let pending = RwSignal::new(false);
    let on_submit = upload_handler(send, pending, report, |r: &crate::model::ImportReport| r.errors.is_empty(), done);
    view! {
        <form class="form panel" method="post" action=action enctype="multipart/form-data" on:submit=on_submit data-testid=testid>
            {children()}
            <label>{label}<input type="file" name=name required accept=accept /></label>
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "正在导入…" } else { "导入" }}
            </button>
            {move || report.get().map(|r| import_report(r, report_testid, ok))}
        </form>
    }
}

/// What an import did (名单、成绩): `ok` with the report on success, every row's problem otherwise.
fn import_report(
    report: Result<crate::model::ImportReport, AppError>,
    testid: &'static str,
    ok: impl Fn(&crate::model::ImportReport) -> String,
) -> AnyView {
    match report {
        Ok(r) if r.errors.is_empty() => view! {
            <p class="ok" role="status" data-testid=testid>
                {ok(&r)}
            </p>
        }
        .into_any(),
        Ok(r) => view! {
            <div class="error" role="alert" data-testid=testid>
                <p>{format!("未导入：{} 处问题，请修改文件后重新导入", r.errors.len())}</p>
                <ul>{r.errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
        Err(e) => view! {
            <p class="error" role="alert" data-testid=testid>
                {e.to_string()}
            </p>
        }
        .into_any(),
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
            {years
                .into_iter()
                .map(|y| {
                    view! {
                        <a href=format!("{path}?year={y}") class=if y == current { "on" } else { "" }>
                            {y}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
