//! `/hours/missed`: 漏训 — the district-managed cadres with no class for the set stretch, never trained
//! first; the organisation department sets the stretch.

use super::api::{missed_training, SetMissedMonths};
use crate::components::{outcome, successes, Loaded, NoRows, Page, Pager, SearchBar};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MissedPage() -> impl IntoView {
    let query = use_query_map();
    let set = ServerAction::<SetMissedMonths>::new();
    let changed = successes(set);
    let key = move || query.with(|q| (q.get("q"), q.get("page").and_then(|p| p.parse::<i64>().ok())));
    let data = Resource::new(move || (key(), changed.get()), |((q, page), _)| missed_training(q, page));
    view! {
        <Page title="漏训名单" class="missed-page" heading="漏训名单">
            <Loaded>
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let q = query.with_untracked(|q| q.get("q").unwrap_or_default());
                            view! {
                                <p class="muted" data-testid="missed-rule">
                                    {format!(
                                        "在职区管干部中，自 {} 起（{} 个月）未参加任何培训班的共 {} 人；从未参训的排在最前。新建培训班时，冲突检查也会提示培训对象中的漏训人数。",
                                        d.since,
                                        d.months,
                                        d.total,
                                    )}
                                </p>
                                {d
                                    .may_set
                                    .then(|| {
                                        view! {
                                            <ActionForm action=set attr:class="inline-form" attr:data-testid="missed-setting">
                                                <label>
                                                    "漏训时长（月，3–36）"
                                                    <input
                                                        type="number"
                                                        name="months"
                                                        min="3"
                                                        max="36"
                                                        inputmode="numeric"
                                                        value=d.months
                                                    />
                                                </label>
                                                <button type="submit">"保存"</button>
                                            </ActionForm>
                                            {move || outcome(set.value().get(), "漏训时长已保存")}
                                        }
                                    })}
                                <SearchBar path="/hours/missed" label="姓名或单位" q=q.clone() export=false />
                                <div class="table-wrap" tabindex="0">
                                    <table data-testid="missed">
                                        <thead>
                                            <tr>
                                                <th>"人员编号"</th>
                                                <th>"姓名"</th>
                                                <th>"单位"</th>
                                                <th>"职级"</th>
                                                <th>"最近一次参训"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {d
                                                .rows
                                                .is_empty()
                                                .then(|| view! { <NoRows cols=5 message="没有漏训的区管干部。" /> })}
                                            {d
                                                .rows
                                                .into_iter()
                                                .map(|r| {
                                                    view! {
                                                        <tr>
                                                            <td class="num">{r.person_id}</td>
                                                            <td>{r.name}</td>
                                                            <td>{r.unit}</td>
                                                            <td>{r.rank.label()}</td>
                                                            <td>{r.last_class.unwrap_or_else(|| "从未参训".into())}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pager path="/hours/missed" q page=d.page pages=d.pages />
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}
