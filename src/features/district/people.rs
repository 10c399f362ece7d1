//! `/admin/people`: the district's roster of people imported from a spreadsheet — previewed first
//! (what it would add and change, every bad row), then applied whole when the admin confirms.

#[cfg(feature = "hydrate")]
use super::api::import_people;
use crate::components::Page;
use crate::error::AppError;
use crate::model::RosterReport;
use leptos::prelude::*;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let report = RwSignal::new(None::<Result<RosterReport, AppError>>);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            pending.set(true);
            leptos::task::spawn_local(async move {
                let outcome = import_people(data.into()).await;
                if outcome.as_ref().is_ok_and(|r| r.applied) {
                    form.reset();
                }
                report.set(Some(outcome));
                pending.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    // A preview that can be applied: no bad row, something to change.
    let ready = move || {
        report.with(|r| match r {
            Some(Ok(r)) if !r.applied && r.errors.is_empty() && r.new + r.changed > 0 => Some(r.digest.clone()),
            _ => None,
        })
    };
    view! {
        <Page title="人员名单" class="district-page" heading="人员名单导入">
            <div class="panel">
                <p class="muted">
                    "上传全区党员和干部名单（Excel 或 CSV，UTF-8 或 GBK 编码均可），列：人员编号、姓名、单位、职级，可选：区管干部、党员、状态（在职、调出、退休）。"
                    "先预览新增和变更（调动、职级变化），确认后整份导入；有任何错误行则整份不导入。名单中没有的人员保持不变。"
                    <a href="/templates/people.csv" download="人员名单模板.csv">
                        "下载模板"
                    </a>
                </p>
                <form
                    class="form"
                    method="post"
                    action="/api/import_people"
                    enctype="multipart/form-data"
                    on:submit=on_submit
                    data-testid="people-import"
                >
                    <label>
                        "名单文件"
                        <input
                            type="file"
                            name="roster"
                            required
                            accept=crate::components::SPREADSHEETS
                            on:change=move |_| report.set(None)
                        />
                    </label>
                    {move || ready().map(|digest| view! { <input type="hidden" name="digest" value=digest /> })}
                    <button type="submit" disabled=move || pending.get()>
                        {move || match (pending.get(), ready().is_some()) {
                            (true, _) => "正在处理…",
                            (false, true) => "确认导入",
                            (false, false) => "预览",
                        }}
                    </button>
                </form>
                {move || report.get().map(|r| view! { <Report report=r /> })}
            </div>
        </Page>
    }
}

/// What a roster would change (a preview) or changed (applied), or why it is refused.
#[component]
fn Report(report: Result<RosterReport, AppError>) -> impl IntoView {
    let r = match report {
        Err(e) => {
            return view! {
                <p class="error" role="alert" data-testid="people-report">
                    {e.to_string()}
                </p>
            }
            .into_any();
        }
        Ok(r) => r,
    };
    if !r.errors.is_empty() {
        return view! {
            <div class="error" role="alert" data-testid="people-report">
                <p>
                    {format!("未导入：{} 行有问题，请修改文件后重新上传（整份名单均未导入）", r.errors.len())}
                </p>
                <ul>{r.errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any();
    }
    let head = if r.applied { "已导入" } else { "预览（尚未导入）" };
    let shown = r.changes.len();
    view! {
        <div class=if r.applied { "ok" } else { "preview" } role="status" data-testid="people-report">
            <p>
                <strong>{head}</strong>
                {format!(
                    "：共 {} 行，新增 {} 人，变更 {} 人（调动 {} 人、职级变化 {} 人），未变 {} 人。",
                    r.rows,
                    r.new,
                    r.changed,
                    r.moves,
                    r.promotions,
                    r.unchanged,
                )}
            </p>
            {(shown > 0)
                .then(|| {
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="people-changes">
                                <thead>
                                    <tr>
                                        <th>"人员编号"</th>
                                        <th>"姓名"</th>
                                        <th>"变更"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {r
                                        .changes
                                        .into_iter()
                                        .map(|c| {
                                            let fields = c
                                                .fields
                                                .iter()
                                                .map(|f| format!("{}：{} → {}", f.field, f.before, f.after))
                                                .collect::<Vec<_>>()
                                                .join("；");
                                            view! {
                                                <tr>
                                                    <td class="num">{c.person}</td>
                                                    <td>{c.name}</td>
                                                    <td>{fields}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(r.changed > shown).then(|| view! { <p class="muted">{format!("仅列出前 {shown} 人。")}</p> })}
                    }
                })}
        </div>
    }
    .into_any()
}
