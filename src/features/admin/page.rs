use super::api::{list_accounts, CreateUser, ResetPassword, UpdateUser};
use crate::components::{outcome, Loaded, Page};
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
    let data = Resource::new(move || (create.version().get(), update.version().get(), reset.version().get()), |_| list_accounts());
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
                            <Transition fallback=|| ()>
                                {move || Suspend::new(async move {
                                    data.await
                                        .map(|d| {
                                            d.schools
                                                .into_iter()
                                                .map(|(id, name)| view! { <option value=id>{name}</option> })
                                                .collect_view()
                                        })
                                })}
                            </Transition>
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
            {move || outcome(update.value().get(), "账号已更新")}
            {move || outcome(reset.value().get(), "密码已重置，该账号的登录已失效")}
            <Loaded>
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let own = d.own_id;
                            view! {
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
