use super::api::{get_red_lectures, AddRedBase, RetireRedBase};
use crate::components::{outcome, successes, EmptyState, Loaded, NoRows, Page};
use crate::model::{RedBase, RedLectureHall};
use leptos::prelude::*;

/// `/red-lectures`: the Red Lecture Hall — its lectures, newest first, and the red teaching bases.
#[component]
pub fn RedLecturesPage() -> impl IntoView {
    let add = ServerAction::<AddRedBase>::new();
    let retire = ServerAction::<RetireRedBase>::new();
    let (added, retired) = (successes(add), successes(retire));
    let data = Resource::new(move || (added.get(), retired.get()), |_| get_red_lectures());
    view! {
        <Page title="红色大讲堂" class="red-lectures" heading="红色大讲堂">
            <p class="muted">
                "黄陂是红色之区：木兰山是中国工农红军第七军的诞生地，北部山区是新四军第五师的政治、军事指挥中心。"
                "区里挖掘红色资源开办教学基地，由区委组织部在红色教学基地为全区党员干部举办“红色大讲堂”，首期于 2017 年 5 月 25 日开讲。"
            </p>
            {move || outcome(add.value().get(), "已添加红色教学基地")}
            {move || outcome(retire.value().get(), "已停用该基地")}
            <Loaded>{move || Suspend::new(async move { data.await.map(|h| view! { <HallView h add retire /> }) })}</Loaded>
        </Page>
    }
}

#[component]
fn HallView(h: RedLectureHall, add: ServerAction<AddRedBase>, retire: ServerAction<RetireRedBase>) -> impl IntoView {
    let may_manage = h.may_manage;
    let held: i64 = h.lectures.iter().filter(|l| l.nth.is_some()).map(|l| l.attendances).sum();
    view! {
        <div class="panel">
            <h2>"历期讲堂"</h2>
            {may_manage
                .then(|| {
                    view! {
                        <p>
                            <a href="/classes">"在“培训班”中新建"</a>
                            "，培训班类型选择“红色大讲堂”并选定红色教学基地（面向全区党员干部，不需事前备案）。"
                        </p>
                    }
                })}
            {h
                .lectures
                .is_empty()
                .then(|| {
                    view! {
                        <EmptyState
                            testid="red-lectures-empty"
                            message="还没有举办红色大讲堂。组织部新建培训班时选择“红色大讲堂”即可。"
                        />
                    }
                })}
            {(!h.lectures.is_empty())
                .then(|| {
                    view! {
                        <p class="muted" data-testid="red-lectures-total">
                            {format!(
                                "已举办 {} 期，累计参训 {held} 人次",
                                h.lectures.iter().filter(|l| l.nth.is_some()).count(),
                            )}
                        </p>
                        <div class="table-wrap" tabindex="0">
                            <table data-testid="red-lectures">
                                <thead>
                                    <tr>
                                        <th>"期次"</th>
                                        <th>"日期"</th>
                                        <th>"题目"</th>
                                        <th>"红色教学基地"</th>
                                        <th>"承办党校"</th>
                                        <th>"参训人次"</th>
                                        <th>"状态"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {h
                                        .lectures
                                        .into_iter()
                                        .map(|l| {
                                            view! {
                                                <tr>
                                                    <td>{l.nth.map_or_else(|| "—".to_string(), |n| format!("第 {n} 期"))}</td>
                                                    <td>{l.starts_at.date().to_string()}</td>
                                                    <td>
                                                        <a href=format!("/classes/{}", l.id)>{l.title}</a>
                                                    </td>
                                                    <td>{l.base}</td>
                                                    <td>{l.school}</td>
                                                    <td class="num">{l.attendances}</td>
                                                    <td>{l.status.label()}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
        </div>
        <div class="panel">
            <h2>"红色教学基地"</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="red-bases">
                    <thead>
                        <tr>
                            <th>"基地"</th>
                            <th>"所在地"</th>
                            <th>"简介"</th>
                            <th>"已办讲堂"</th>
                            {may_manage.then(|| view! { <th>"操作"</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {h
                            .bases
                            .is_empty()
                            .then(|| {
                                view! { <NoRows cols=4 + usize::from(may_manage) message="还没有红色教学基地。" /> }
                            })} {h.bases.into_iter().map(|b| view! { <BaseRow b may_manage retire /> }).collect_view()}
                    </tbody>
                </table>
            </div>
            {may_manage
                .then(|| {
                    view! {
                        <ActionForm action=add attr:class="form" attr:data-testid="red-base-form">
                            <h3>"添加红色教学基地"</h3>
                            <label>"基地名称"<input type="text" name="name" maxlength="40" required /></label>
                            <label>"所在地"<input type="text" name="place" maxlength="60" required /></label>
                            <label>"简介（可选）"<textarea name="about" maxlength="300" rows="2"></textarea></label>
                            <button type="submit" disabled=move || add.pending().get()>
                                "添加基地"
                            </button>
                        </ActionForm>
                    }
                })}
        </div>
    }
}

#[component]
fn BaseRow(b: RedBase, may_manage: bool, retire: ServerAction<RetireRedBase>) -> impl IntoView {
    let retired = b.retired_on.clone();
    let label = format!("停用 {}", b.name);
    view! {
        <tr class=if retired.is_some() { "retired" } else { "" }>
            <td>{b.name.clone()} {retired.clone().map(|d| view! { <span class="muted">{format!("（{d} 停用）")}</span> })}</td>
            <td>{b.place}</td>
            <td>{b.about}</td>
            <td class="num">{b.lectures}</td>
            {may_manage
                .then(|| {
                    view! {
                        <td>
                            {retired
                                .is_none()
                                .then(|| {
                                    view! {
                                        <ActionForm action=retire attr:class="inline-form">
                                            <input type="hidden" name="base_id" value=b.id />
                                            <button type="submit" class="secondary small" aria-label=label.clone()>
                                                "停用"
                                            </button>
                                        </ActionForm>
                                    }
                                })}
                        </td>
                    }
                })}
        </tr>
    }
}
