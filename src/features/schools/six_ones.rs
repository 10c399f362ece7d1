//! 六个一 on a school's page: the six items with a tick where a document is in place; for those who
//! may read them, the documents (each a download); for the school's admin and the organisation
//! department, the upload form and a remove button per document.

use super::api::{get_six_ones, upload_school_document, RemoveSchoolDocument};
use crate::components::{outcome, upload_handler};
use crate::error::AppError;
use crate::model::{SchoolDocument, SixOne, SixOnes};
use leptos::prelude::*;

/// A file's size for people: KB under a megabyte, else MB.
fn size_text(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

#[component]
pub fn SixOnesPanel(school_id: i64) -> impl IntoView {
    let uploaded = RwSignal::new(0u32);
    // Outlive the panel's reloads: what an upload answered stays shown under the reloaded list.
    let report = RwSignal::new(None::<Result<i64, AppError>>);
    let remove = ServerAction::<RemoveSchoolDocument>::new();
    // One outcome at a time: a removal clears what the last upload said, an upload what the last
    // removal said.
    Effect::new(move |_| {
        if remove.version().get() > 0 {
            report.set(None);
        }
    });
    Effect::new(move |_| {
        if uploaded.get() > 0 {
            remove.value().set(None);
        }
    });
    let data = Resource::new(move || (uploaded.get(), remove.version().get()), move |_| get_six_ones(school_id));
    view! {
        <div class="panel" data-testid="six-ones">
            <h2>"“六个一”建设"</h2>
            <Transition fallback=|| {
                view! { <p class="loading">"正在加载…"</p> }
            }>{move || Suspend::new(async move { data.await.map(|s| view! { <SixOnesView s remove uploaded report /> }) })}</Transition>
        </div>
    }
}

#[component]
fn SixOnesView(
    s: SixOnes,
    remove: ServerAction<RemoveSchoolDocument>,
    uploaded: RwSignal<u32>,
    report: RwSignal<Option<Result<i64, AppError>>>,
) -> impl IntoView {
    let school_id = s.school_id;
    let (may_read, may_edit) = (s.may_read, s.may_edit);
    let documents = s.documents.clone();
    view! {
        <p class="muted" data-testid="six-ones-count">
            {format!("{} / 6 项已有资料", s.in_place())}
            {(!may_read).then_some("（资料由本校管理员和组织部门上传，供评估查阅）")}
        </p>
        <ul class="six-ones">
            {s
                .kept
                .iter()
                .map(|(item, n)| {
                    let docs: Vec<SchoolDocument> = documents.iter().filter(|d| d.item == *item).cloned().collect();
                    let class = if *n > 0 { "in-place" } else { "missing" };
                    view! {
                        <li data-item=item.as_code() class=class>
                            <span class="mark" aria-hidden="true">
                                {if *n > 0 { "✓" } else { "○" }}
                            </span>
                            {item.label()}
                            <span class="muted">{if *n > 0 { format!("（{n} 份）") } else { "（未上传）".to_string() }}</span>
                            {may_read
                                .then(|| {
                                    view! {
                                        <ul class="documents">
                                            {docs
                                                .into_iter()
                                                .map(|d| view! { <DocumentLine d school_id may_edit remove /> })
                                                .collect_view()}
                                        </ul>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {move || outcome(remove.value().get(), "资料已删除")}
        {may_edit.then(|| view! { <UploadForm school_id uploaded report /> })}
    }
}

#[component]
fn DocumentLine(d: SchoolDocument, school_id: i64, may_edit: bool, remove: ServerAction<RemoveSchoolDocument>) -> impl IntoView {
    let day: String = d.uploaded_at.chars().take(10).collect();
    view! {
        <li>
            <a href=format!("/files/schools/{school_id}/documents/{}", d.id) rel="external" download>
                {d.name.clone()}
            </a>
            <span class="muted">{format!(" {} · {day}", size_text(d.size))}</span>
            {may_edit
                .then(|| {
                    view! {
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="school_id" value=school_id />
                            <input type="hidden" name="document_id" value=d.id />
                            <button type="submit" class="secondary small" aria-label=format!("删除 {}", d.name)>
                                "删除"
                            </button>
                        </ActionForm>
                    }
                })}
        </li>
    }
}

/// The upload: which item, the file (PDF/JPG/PNG, at most 5 MB).
#[component]
fn UploadForm(school_id: i64, uploaded: RwSignal<u32>, report: RwSignal<Option<Result<i64, AppError>>>) -> impl IntoView {
    let pending = RwSignal::new(false);
    let on_submit = upload_handler(upload_school_document, pending, report, |_| true, uploaded);
    view! {
        <form
            class="form"
            method="post"
            action="/api/upload_school_document"
            enctype="multipart/form-data"
            on:submit=on_submit
            data-testid="six-ones-upload"
        >
            <input type="hidden" name="school_id" value=school_id />
            <label>
                "资料属于" <select name="item" required>
                    {SixOne::ALL.iter().map(|i| view! { <option value=i.as_code()>{i.label()}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "资料文件（PDF、JPG 或 PNG，不超过 5 MB）"
                <input type="file" name="document" required accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
            </label>
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { "正在上传…" } else { "上传资料" }}
            </button>
            {move || outcome(report.get(), "资料已上传")}
        </form>
    }
}

/// `/six-ones`: the district's 六个一 table — every school with the items it has documents for, the
/// fewest first (leaders, the organisation department, supervisors).
#[component]
pub fn SixOnesTablePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| super::api::get_six_ones_table());
    view! {
        <crate::components::Page title="六个一" class="six-ones-page" heading="业余党校“六个一”建设情况">
            <p class="muted">
                "2015 年 6 月形成的“六个一”创建模式：一个创建方案、一个教学计划、一个培训场地、一个管理团队、一套管用制度、一套工作台账。"
                "每项以学校上传的资料为准；“六有”评估的“查阅资料”据此进行。"
            </p>
            <crate::components::Loaded>
                {move || Suspend::new(async move { data.await.map(|rows| view! { <SixOnesTable rows /> }) })}
            </crate::components::Loaded>
        </crate::components::Page>
    }
}

#[component]
fn SixOnesTable(rows: Vec<crate::model::SixOnesRow>) -> impl IntoView {
    let complete = rows.iter().filter(|r| r.in_place() == SixOne::ALL.len()).count();
    let per_item: Vec<(SixOne, usize)> =
        SixOne::ALL.iter().enumerate().map(|(i, item)| (*item, rows.iter().filter(|r| r.items[i]).count())).collect();
    let total = rows.len();
    view! {
        <div class="kpis" data-testid="six-ones-summary">
            <crate::components::Tile value=format!("{complete} / {total}") label="六项齐全的学校" testid="six-ones-complete" />
            {per_item
                .into_iter()
                .map(|(item, n)| view! { <crate::components::Tile value=format!("{n}") label=format!("{}（所）", item.label()) /> })
                .collect_view()}
        </div>
        <div class="panel">
            <div class="table-wrap" tabindex="0">
                <table data-testid="six-ones-table">
                    <thead>
                        <tr>
                            <th>"业余党校"</th>
                            <th>"街乡场"</th>
                            {SixOne::ALL.iter().map(|i| view! { <th>{i.label().chars().skip(2).collect::<String>()}</th> }).collect_view()}
                            <th>"已有"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let n = r.in_place();
                                view! {
                                    <tr data-school-id=r.school_id>
                                        <td>
                                            <a href=format!("/schools/{}", r.school_id)>{r.name.clone()}</a>
                                        </td>
                                        <td>{r.township.clone().unwrap_or_else(|| "区直".into())}</td>
                                        {r
                                            .items
                                            .iter()
                                            .map(|x| {
                                                view! { <td class=if *x { "yes" } else { "no" }>{if *x { "✓" } else { "—" }}</td> }
                                            })
                                            .collect_view()}
                                        <td>{format!("{n}/6")}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
