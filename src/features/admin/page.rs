use super::api::{list_accounts, CreateUser, IssueLinks, ResetPassword, UpdateUser};
use crate::components::{outcome, Loaded, Page, Pager, SearchBar};
use crate::model::{AccountView, Role};
use leptos::prelude::*;

/// One checkbox per role, named `roles[code]` so that a plain form sends them.
fn role_boxes(checked: &[Role]) -> impl IntoView {
    Role::ALL
        .iter()
        .map(|r| {
            let on = checked.contains(r);
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("roles[{}]", r.as_code()) checked=on />
                    {r.label()}
                </label>
            }
        })
        .collect_view()
}

/// `/admin/accounts`: the organisation department creates accounts, sets roles, resets passwords.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let issue = ServerAction::<IssueLinks>::new();
    let query = leptos_router::hooks::use_query_map();
    let key = move || query.with(|q| (q.get("q"), q.get("page").and_then(|p| p.parse::<i64>().ok())));
    let data = Resource::new(
        move || (key(), create.version().get(), update.version().get(), reset.version().get(), issue.version().get()),
        |((q, page), ..)| list_accounts(q, page),
    );
    view! {
        <Page title="账号管理" class="accounts-page" heading="账号管理">
            <div class="panel">
                <h2>"新建账号"</h2>
                <ActionForm action=create attr:class="form" attr:data-testid="create-account">
                    <div class="two">
                        <label>"用户名"<input type="text" name="username" required autocomplete="off" /></label>
                        <label>"姓名"<input type="text" name="display_name" required /></label>
                    </div>
                    <div class="two">
                        <label>
                            "初始密码（至少 8 位）"<input type="password" name="password" required autocomplete="new-password" />
                        </label>
                        <label>
                            "人员编号（可选，用于查看本人学时）"<input type="text" inputmode="numeric" name="person_id" />
                        </label>
                    </div>
                    <label>
                        "所管理的业余党校（业余党校管理员必选）" <select name="school_id">
                            <option value="">"—"</option>
                            <Choices data pick=|d| d.schools />
                        </select>
                    </label>
                    <fieldset class="roles">
                        <legend>"角色（可多选）"</legend>
                        {role_boxes(&[])}
                    </fieldset>
                    <button type="submit">"创建"</button>
                </ActionForm>
                {move || outcome(create.value().get(), "账号已创建")}
            </div>
            <div class="panel">
                <h2>"为单位干部批量开通账号"</h2>
                <p class="hint">
                    "为所选单位尚无账号的在职人员开通“干部”账号（用户名为人员编号），每人一条一次性登录链接：本人打开链接设置密码后即可登录，链接只能使用一次，过期作废。已开通但从未登录的账号会重发链接（旧链接作废）。请下载发放表交单位分发。"
                </p>
                <ActionForm action=issue attr:class="form" attr:data-testid="issue-links">
                    <div class="two">
                        <label>
                            "单位" <select name="unit_id" required>
                                <option value="">"— 请选择 —"</option>
                                <Choices data pick=|d| d.units />
                            </select>
                        </label>
                        <label>
                            "链接有效天数（1–30）"
                            <input type="number" name="days" min="1" max="30" value="7" inputmode="numeric" />
                        </label>
                    </div>
                    <label class="check">
                        <input type="checkbox" name="managed_only" checked=true />
                        "仅区管干部"
                    </label>
                    <button type="submit">"开通账号并生成登录链接"</button>
                </ActionForm>
                {move || {
                    issue
                        .value()
                        .get()
                        .map(|v| {
                            v.map(|i| view! { <IssuedSheet issued=i /> }.into_any())
                                .unwrap_or_else(|e| outcome::<()>(Some(Err(e)), "").into_any())
                        })
                }}
            </div>
            {move || outcome(update.value().get(), "账号已更新")}
            {move || outcome(reset.value().get(), "密码已重置，该账号的登录已失效")}
            <Loaded>
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let own = d.own_id;
                            let q = query.with_untracked(|q| q.get("q").unwrap_or_default());
                            view! {
                                <SearchBar path="/admin/accounts" label="用户名或姓名" q=q.clone() export=false />
                                <h2>{format!("账号（共 {} 个，第 {} / {} 页）", d.total, d.page, d.pages)}</h2>
                                <ul class="accounts" data-testid="accounts">
                                    {d
                                        .accounts
                                        .into_iter()
                                        .map(|a| {
                                            let mine = own == a.id;
                                            view! { <AccountRow a own=mine update reset /> }
                                        })
                                        .collect_view()}
                                </ul>
                                <Pager path="/admin/accounts" q page=d.page pages=d.pages />
                                <SecurityLog events=d.security />
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

#[component]
fn AccountRow(a: AccountView, own: bool, update: ServerAction<UpdateUser>, reset: ServerAction<ResetPassword>) -> impl IntoView {
    let id = a.id;
    view! {
        <li class="panel" data-username=a.username.clone()>
            <div class="claim-head">
                <strong>{format!("{}（{}）", a.display_name, a.username)}</strong>
                {(!a.active).then(|| view! { <span class="badge behind">"已停用"</span> })}
                {own.then(|| view! { <span class="badge">"本人"</span> })}
            </div>
            <div class="muted">
                {a.person.clone().unwrap_or_else(|| "未关联人员".into())}{a.school.clone().map(|s| format!(" · {s}"))}
            </div>
            <ActionForm action=update attr:class="form inline-form">
                <input type="hidden" name="account_id" value=id />
                <fieldset class="roles">{role_boxes(&a.roles)}</fieldset>
                <label class="check">
                    <input type="checkbox" name="active" checked=a.active />
                    "可登录"
                </label>
                <button type="submit">"保存角色"</button>
            </ActionForm>
            <ActionForm action=reset attr:class="form inline-form">
                <input type="hidden" name="account_id" value=id />
                <label>"新密码"<input type="password" name="new_password" required autocomplete="new-password" /></label>
                <button type="submit" class="secondary">
                    "重置密码"
                </button>
            </ActionForm>
        </li>
    }
}

/// 安全日志: the latest account changes and security events (read-only; the log is append-only).
#[component]
fn SecurityLog(events: Vec<super::api::SecurityEvent>) -> impl IntoView {
    view! {
        <div class="panel">
            <h2>"安全日志"</h2>
            <p class="muted">
                "账号管理操作与登录失败、限流、越权和跨站请求等安全事件（最近 100 条，只增不改）"
            </p>
            <div class="table-wrap" tabindex="0">
                <table data-testid="security-log">
                    <thead>
                        <tr>
                            <th>"时间"</th>
                            <th>"事件"</th>
                            <th>"操作人"</th>
                            <th>"用户名"</th>
                            <th>"地址"</th>
                            <th>"说明"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {events
                            .into_iter()
                            .map(|e| {
                                view! {
                                    <tr>
                                        <td>{e.at.to_string()}</td>
                                        <td>{e.kind}</td>
                                        <td>{e.actor}</td>
                                        <td>{e.username}</td>
                                        <td>{e.address}</td>
                                        <td>{e.detail}</td>
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

/// `<option>`s of the accounts page's data (schools or units), once it has come.
#[component]
fn Choices(
    data: Resource<Result<super::api::AccountsAdmin, crate::error::AppError>>,
    pick: fn(super::api::AccountsAdmin) -> Vec<(i64, String)>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.map(|d| pick(d).into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view())
            })}
        </Transition>
    }
}

/// What a bulk issue made: counts, the sheet to download, and the links.
#[component]
fn IssuedSheet(issued: crate::model::IssuedLinks) -> impl IntoView {
    let href = format!("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{}", issued.sheet);
    let file = format!("登录链接-{}.xlsx", issued.unit);
    let fresh = issued.links.iter().filter(|l| l.fresh).count();
    let again = issued.links.len() - fresh;
    view! {
        <div class="ok" role="status" data-testid="issued">
            <p>
                {format!(
                    "{}：新开通 {fresh} 个账号，重发 {again} 个链接；已登录使用的 {} 人未变；用户名已被占用的 {} 人未开通。链接有效期至 {}。",
                    issued.unit,
                    issued.active_already,
                    issued.taken,
                    issued.expires_at.minute(),
                )}
            </p>
            {(!issued.links.is_empty())
                .then(|| {
                    view! {
                        <a class="button" href=href download=file>
                            "下载发放表（Excel）"
                        </a>
                    }
                })}
        </div>
        <div class="table-wrap" tabindex="0">
            <table data-testid="issued-links">
                <thead>
                    <tr>
                        <th>"姓名"</th>
                        <th>"用户名"</th>
                        <th>"一次性登录链接"</th>
                    </tr>
                </thead>
                <tbody>
                    {issued
                        .links
                        .into_iter()
                        .map(|l| {
                            view! {
                                <tr>
                                    <td>{l.name}</td>
                                    <td>{l.username}</td>
                                    <td class="link-cell">{l.link}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
