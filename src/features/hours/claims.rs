use super::api::{my_claims, review_claims, DecideClaim};
use crate::components::{outcome, DecisionButtons, Loaded, Page};
use crate::error::AppError;
use crate::model::ClaimView;
use leptos::prelude::*;

fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1048576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// One claim as a card: what, when, how many hours, its state and the decision's reason.
#[component]
fn ClaimCard(c: ClaimView, #[prop(optional)] show_person: bool) -> impl IntoView {
    view! {
        <div class="claim-head">
            <strong>{c.title.clone()}</strong>
            <span class=format!("badge {}", c.status.as_code())>{c.status.label()}</span>
        </div>
        {show_person.then(|| view! { <div>{format!("{} · {}", c.person, c.unit)}</div> })}
        <div class="muted">{format!("{} · {} 至 {} · {} 学时", c.provider, c.starts_on, c.ends_on, c.hours)}</div>
        <div class="muted">
            "证明材料："<a href=format!("/files/claims/{}", c.id) rel="external" target="_blank">
                {c.evidence_name.clone()}
            </a> {format!("（{}）· 提交于 {}", size(c.evidence_bytes), c.submitted_at)}
        </div>
        {c
            .decided_at
            .clone()
            .map(|at| {
                view! {
                    <div class="muted">
                        {format!("{} 由 {} 审核", at, c.decided_by.clone().unwrap_or_default())}
                        {c.reason.clone().map(|r| format!("：{r}"))}
                    </div>
                }
            })}
    }
}

/// `/me/claims`: claim external study with an evidence file, and follow one's claims.
#[component]
pub fn MyClaimsPage() -> impl IntoView {
    let submitted = RwSignal::new(0u32);
    let pending = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<i64, AppError>>);
    let claims = Resource::new(move || submitted.get(), |_| my_claims());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            // A file over the limit is refused before it is sent over a phone's connection.
            let too_big = form
                .query_selector("input[name=evidence]")
                .ok()
                .flatten()
                .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
                .is_some_and(|f| f.size() > crate::rules::study_hours::MAX_EVIDENCE_BYTES as f64);
            if too_big {
                result.set(Some(Err(AppError::Validation(crate::messages::evidence_too_large().into()))));
                return;
            }
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            pending.set(true);
            leptos::task::spawn_local(async move {
                let outcome = super::api::submit_claim(data.into()).await;
                if outcome.is_ok() {
                    form.reset();
                    submitted.update(|n| *n += 1);
                }
                result.set(Some(outcome));
                pending.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <Page title="外部学习申报" class="narrow claims-page" heading="外部学习学时申报">
            <p class="muted">
                "参加网络学院、高校课程等区外学习，可凭证明材料申报学时，经组织部审核通过后记入本人学时。"
            </p>
            <form
                class="form panel"
                method="post"
                action="/api/submit_claim"
                enctype="multipart/form-data"
                on:submit=on_submit
                data-testid="claim-form"
            >
                <label>
                    "学习内容"<input type="text" name="title" maxlength="100" required placeholder="如：网络学院专题课程" />
                </label>
                <label>
                    "举办机构"
                    <input type="text" name="provider" maxlength="100" required placeholder="如：中国干部网络学院" />
                </label>
                <div class="two">
                    <label>"开始日期"<input type="date" name="starts_on" required /></label>
                    <label>"结束日期"<input type="date" name="ends_on" required /></label>
                </div>
                <label>"学时"<input type="text" inputmode="decimal" name="hours" required placeholder="如 4 或 2.5" /></label>
                <label>
                    "证明材料（PDF、JPG 或 PNG，不超过 5 MB）"
                    <input type="file" name="evidence" required accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" />
                </label>
                <button type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { "正在提交…" } else { "提交申报" }}
                </button>
                {move || outcome(result.get(), "已提交，等待组织部审核")}
            </form>
            <h2>"我的申报"</h2>
            <Loaded>
                {move || Suspend::new(async move {
                    claims
                        .await
                        .map(|list| {
                            view! {
                                <ul class="claims" data-testid="my-claims">
                                    {list.is_empty().then(|| view! { <li class="muted">"暂无申报"</li> })}
                                    {list
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li class="panel">
                                                    <ClaimCard c />
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

/// `/hours/claims`: the organisation department decides claims; the audit log below.
#[component]
pub fn ClaimsReviewPage() -> impl IntoView {
    let decide = ServerAction::<DecideClaim>::new();
    let review = Resource::new(move || decide.version().get(), |_| review_claims());
    view! {
        <Page title="学时审核" class="claims-review" heading="外部学习申报审核">
            {move || outcome(decide.value().get(), "已审核")}
            <Loaded>
                {move || Suspend::new(async move {
                    review
                        .await
                        .map(|r| {
                            view! {
                                <h2>{format!("待审核（{}）", r.pending.len())}</h2>
                                <ul class="claims" data-testid="pending-claims">
                                    {r.pending.is_empty().then(|| view! { <li class="muted">"没有待审核的申报"</li> })}
                                    {r
                                        .pending
                                        .into_iter()
                                        .map(|c| {
                                            let id = c.id;
                                            view! {
                                                <li class="panel">
                                                    <ClaimCard c show_person=true />
                                                    <ActionForm action=decide attr:class="form decide">
                                                        <input type="hidden" name="claim_id" value=id />
                                                        <label>
                                                            "审核意见（驳回时必填）"
                                                            <input type="text" name="reason" maxlength="200" />
                                                        </label>
                                                        <DecisionButtons approve="通过并记入学时" />
                                                    </ActionForm>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <details class="panel">
                                    <summary>{format!("最近审核（{}）", r.decided.len())}</summary>
                                    <ul class="claims" data-testid="decided-claims">
                                        {r
                                            .decided
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <li>
                                                        <ClaimCard c show_person=true />
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </details>
                                <div class="panel">
                                    <h2>"学时变更审计日志"</h2>
                                    <p class="muted">
                                        "只增不改：每一次学时变更（谁、何时、改了什么、为什么）都记录在此，数据库拒绝修改或删除。"
                                    </p>
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="audit-log">
                                            <thead>
                                                <tr>
                                                    <th>"时间"</th>
                                                    <th>"操作人"</th>
                                                    <th>"对象"</th>
                                                    <th>"操作"</th>
                                                    <th>"学时"</th>
                                                    <th>"说明"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {r
                                                    .audit
                                                    .into_iter()
                                                    .map(|a| {
                                                        view! {
                                                            <tr>
                                                                <td>{a.at.to_string()}</td>
                                                                <td>{a.actor}</td>
                                                                <td>{a.person.unwrap_or_else(|| "—".into())}</td>
                                                                <td>{a.action.label()}</td>
                                                                <td>{a.hours.map(|h| h.to_string()).unwrap_or_default()}</td>
                                                                <td>{a.detail}</td>
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
