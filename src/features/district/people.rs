//! `/admin/people`: the district's roster of people imported from a spreadsheet — previewed first
//! (what it would add and change, every bad row), then applied whole when the admin confirms.

use super::api::{find_people, import_people, read_person};
use crate::components::{Loaded, NoRows, Page, Pager, SearchBar};
use crate::error::AppError;
use crate::model::RosterReport;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let report = RwSignal::new(None::<Result<RosterReport, AppError>>);
    let pending = RwSignal::new(false);
    let query = use_query_map();
    let imported = Memo::new(move |_| report.with(|r| matches!(r, Some(Ok(r)) if r.applied)));
    let list = Resource::new(
        move || (query.with(|q| (q.get("q"), q.get("page").and_then(|p| p.parse::<i64>().ok()))), imported.get()),
        |((q, page), _)| find_people(q, page),
    );
    // Cleared once applied (a preview keeps the file for the confirmation); the list follows `imported`.
    let on_submit = crate::components::upload_handler(import_people, pending, report, |r: &RosterReport| r.applied, RwSignal::new(0));
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
            <Loaded>
                {move || Suspend::new(async move {
                    list.await
                        .map(|d| {
                            let q = query.with_untracked(|q| q.get("q").unwrap_or_default());
                            view! {
                                <SearchBar path="/admin/people" label="人员编号、姓名或单位" q=q.clone() />
                                <div class="panel">
                                    <h2>{format!("共 {} 人（第 {} / {} 页）", d.total, d.page, d.pages)}</h2>
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="people">
                                            <thead>
                                                <tr>
                                                    <th>"人员编号"</th>
                                                    <th>"姓名"</th>
                                                    <th>"单位"</th>
                                                    <th>"职级"</th>
                                                    <th>"区管干部"</th>
                                                    <th>"状态"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {d
                                                    .rows
                                                    .is_empty()
                                                    .then(|| view! { <NoRows cols=6 message="没有符合条件的人员。" /> })}
                                                {d
                                                    .rows
                                                    .into_iter()
                                                    .map(|p| {
                                                        view! {
                                                            <tr>
                                                                <td class="num">{p.id}</td>
                                                                <td>
                                                                    <a href=format!("/admin/people/{}", p.id)>{p.name}</a>
                                                                </td>
                                                                <td>{p.unit}</td>
                                                                <td>{p.rank.label()}</td>
                                                                <td>{if p.district_managed { "是" } else { "否" }}</td>
                                                                <td>{p.status.label()}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    <Pager path="/admin/people" q page=d.page pages=d.pages />
                                </div>
                            }
                        })
                })}
            </Loaded>
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

/// `/admin/people/:id`: one person for the organisation department — the promotion check (hours this
/// year and the three before), competency results, latest classes. The server logs the read.
#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => read_person(id).await,
                None => Err(AppError::NotFound(crate::messages::person_noun().into())),
            }
        },
    );
    view! {
        <Page title="人员信息" class="district-page">
            <Loaded heading="人员信息">
                {move || Suspend::new(async move {
                    data.await
                        .map(|p| {
                            let h = p.hours;
                            view! {
                                <h1>{format!("{}（{}）", h.name, h.person_id)}</h1>
                                <div class="panel">
                                    <dl class="facts" data-testid="person-facts">
                                        <dt>"单位"</dt>
                                        <dd>{h.unit.clone()}</dd>
                                        <dt>"职级"</dt>
                                        <dd>{h.rank.label()}</dd>
                                        <dt>"区管干部"</dt>
                                        <dd>{if h.district_managed { "是" } else { "否" }}</dd>
                                        <dt>"党员"</dt>
                                        <dd>{if p.party_member { "是" } else { "否" }}</dd>
                                        <dt>"状态"</dt>
                                        <dd>{p.status.label()}</dd>
                                    </dl>
                                </div>
                                <div class="panel">
                                    <h2>"学时（近三年与本年）"</h2>
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="person-years">
                                            <thead>
                                                <tr>
                                                    <th>"年度"</th>
                                                    <th>"学时"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {h
                                                    .last_three_years
                                                    .iter()
                                                    .map(|(y, hours)| {
                                                        view! {
                                                            <tr>
                                                                <td>{*y}</td>
                                                                <td class="num">{format!("{hours:.1}")}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()} <tr>
                                                    <td>{format!("{}（至今，目标 {:.0}）", h.year, h.target)}</td>
                                                    <td class="num">{format!("{:.1}", h.earned)}</td>
                                                </tr>
                                            </tbody>
                                        </table>
                                    </div>
                                    <p class="muted">{h.excellent_reason.clone()}</p>
                                </div>
                                <div class="panel">
                                    <h2>"能力测试"</h2>
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="person-competency">
                                            <thead>
                                                <tr>
                                                    <th>"年度"</th>
                                                    <th>"政治理论"</th>
                                                    <th>"综合素养"</th>
                                                    <th>"履职能力"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {p
                                                    .competency
                                                    .is_empty()
                                                    .then(|| view! { <NoRows cols=4 message="暂无测试成绩。" /> })}
                                                {p
                                                    .competency
                                                    .into_iter()
                                                    .map(|(y, a, b, c)| {
                                                        view! {
                                                            <tr>
                                                                <td>{y}</td>
                                                                <td class="num">{format!("{a:.1}")}</td>
                                                                <td class="num">{format!("{b:.1}")}</td>
                                                                <td class="num">{format!("{c:.1}")}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </div>
                                <div class="panel">
                                    <h2>"最近参加的培训"</h2>
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="person-classes">
                                            <thead>
                                                <tr>
                                                    <th>"日期"</th>
                                                    <th>"培训班"</th>
                                                    <th>"业余党校"</th>
                                                    <th>"学时"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {p.classes.is_empty().then(|| view! { <NoRows cols=4 message="暂无参训记录。" /> })}
                                                {p
                                                    .classes
                                                    .into_iter()
                                                    .map(|(day, title, school, hours)| {
                                                        view! {
                                                            <tr>
                                                                <td>{day}</td>
                                                                <td>{title}</td>
                                                                <td>{school}</td>
                                                                <td class="num">{format!("{hours:.1}")}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </div>
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}
