//! The teacher pool as the organisation department keeps it (#17): `/admin/teachers` lists and
//! searches the pool and adds a teacher; `/admin/teachers/:id` changes one (every field), and a
//! teacher keeps their own title, specialties and introduction at `/admin/teachers/mine`.

use super::api::{find_teachers, teacher_for_editing, SaveTeacher, SaveTeacherProfile};
use super::page::ChangeLog;
use crate::components::{outcome, successes, Loaded, NoRows, Page, Pager, SearchBar};
use crate::model::{CourseCategory, TeacherRecord};
use crate::rules::district::specialties_of;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/admin/teachers`: the pool, searched and a page at a time, and a new teacher.
#[component]
pub fn TeachersAdminPage() -> impl IntoView {
    let query = use_query_map();
    let save = ServerAction::<SaveTeacher>::new();
    let key = move || query.with(|q| (q.get("q"), q.get("page").and_then(|p| p.parse::<i64>().ok())));
    let created = successes(save);
    let data = Resource::new(move || (key(), created.get()), |((q, page), _)| find_teachers(q, page));
    view! {
        <Page title="师资管理" class="district-page" heading="师资管理">
            <Loaded>
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let q = query.with_untracked(|q| q.get("q").unwrap_or_default());
                            view! {
                                <SearchBar path="/admin/teachers" label="姓名或单位" q=q.clone() />
                                <div class="panel">
                                    <h2>{format!("共 {} 名教师（第 {} / {} 页）", d.total, d.page, d.pages)}</h2>
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="teachers-admin">
                                            <thead>
                                                <tr>
                                                    <th>"姓名"</th>
                                                    <th>"区内外"</th>
                                                    <th>"单位"</th>
                                                    <th>"职务职称"</th>
                                                    <th>"专长"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {d
                                                    .rows
                                                    .is_empty()
                                                    .then(|| view! { <NoRows cols=5 message="没有符合条件的教师。" /> })}
                                                {d
                                                    .rows
                                                    .into_iter()
                                                    .map(|t| {
                                                        view! {
                                                            <tr>
                                                                <td>
                                                                    <a href=format!("/admin/teachers/{}", t.id)>{t.name}</a>
                                                                </td>
                                                                <td>{if t.in_district { "区内" } else { "区外" }}</td>
                                                                <td>{t.unit_name}</td>
                                                                <td>{t.title}</td>
                                                                <td>{t.specialties}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    <Pager path="/admin/teachers" q page=d.page pages=d.pages />
                                </div>
                                <details class="panel" open=d.total == 0>
                                    <summary>"新增教师"</summary>
                                    <ActionForm action=save attr:class="form" attr:data-testid="new-teacher">
                                        <TeacherFields record=TeacherRecord::default() manage=true />
                                        <button type="submit">"加入师资库"</button>
                                    </ActionForm>
                                </details>
                                {move || {
                                    save.value()
                                        .get()
                                        .map(|v| match v {
                                            Ok(id) => {
                                                view! {
                                                    <p class="ok" role="status">
                                                        "教师已加入师资库。"
                                                        <a href=format!("/admin/teachers/{id}")>"查看和完善 →"</a>
                                                    </p>
                                                }
                                                    .into_any()
                                            }
                                            Err(e) => outcome::<()>(Some(Err(e)), "").into_any(),
                                        })
                                }}
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

/// The fields of a teacher's form, filled from `record`; without `manage` only the teacher's own part
/// (title, specialties, introduction) can be changed, the rest is shown.
#[component]
fn TeacherFields(record: TeacherRecord, manage: bool) -> impl IntoView {
    let id = if record.id > 0 { record.id.to_string() } else { String::new() };
    let ticked = specialties_of(&record.specialties);
    let person = record.person_id.map(|p| p.to_string()).unwrap_or_default();
    let outside = record.id > 0 && !record.in_district;
    view! {
        <input type="hidden" name="teacher[id]" value=id />
        {if manage {
            view! {
                <div class="two">
                    <label>"姓名"<input type="text" name="teacher[name]" required maxlength="20" value=record.name.clone() /></label>
                    <label>
                        "区内或区外" <select name="teacher[place]" required>
                            <option value="in" selected=!outside>
                                "区内教师"
                            </option>
                            <option value="out" selected=outside>
                                "区外教师（市委党校、高校等）"
                            </option>
                        </select>
                    </label>
                </div>
                <div class="two">
                    <label>
                        "所在单位"<input type="text" name="teacher[unit_name]" required maxlength="40" value=record.unit_name.clone() />
                    </label>
                    <label>
                        "人员编号（区内教师，用于其账号）"
                        <input type="text" inputmode="numeric" name="teacher[person_id]" value=person />
                    </label>
                </div>
            }
                .into_any()
        } else {
            view! {
                <p class="muted">
                    {format!(
                        "{} · {} · {}",
                        record.name,
                        if record.in_district { "区内教师" } else { "区外教师" },
                        record.unit_name,
                    )}
                </p>
            }
                .into_any()
        }}
        <label>"职务职称"<input type="text" name="teacher[title]" maxlength="40" value=record.title.clone() /></label>
        <fieldset class="choices">
            <legend>"专长（七类课程，可多选）"</legend>
            {CourseCategory::ALL
                .iter()
                .map(|c| {
                    view! {
                        <label class="check">
                            <input type="checkbox" name=format!("teacher[specialties][{}]", c.as_code()) checked=ticked.contains(c) />
                            {c.label()}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        <label>
            "简介"<textarea name="teacher[profile]" maxlength="500" rows="3">
                {record.profile.clone()}
            </textarea>
        </label>
    }
}

/// `/admin/teachers/:id`: one teacher's record and its change log — every field for the
/// organisation department; `/admin/teachers/mine`: a teacher's own title, specialties, introduction.
#[component]
pub fn TeacherEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| if s == "mine" { Some(0) } else { s.parse::<i64>().ok() })));
    let save = ServerAction::<SaveTeacher>::new();
    let own = ServerAction::<SaveTeacherProfile>::new();
    let (saved, owned) = (successes(save), successes(own));
    let data = Resource::new(
        move || (id.get(), saved.get(), owned.get()),
        |(id, ..)| async move {
            match id {
                Some(id) => teacher_for_editing(id).await,
                None => Err(crate::error::AppError::NotFound(crate::messages::teacher_noun().into())),
            }
        },
    );
    view! {
        <Page title="教师资料" class="district-page">
            <Loaded heading="教师资料">
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let name = d.record.name.clone();
                            let form = if d.manage {
                                view! {
                                    <ActionForm action=save attr:class="form" attr:data-testid="teacher-form">
                                        <TeacherFields record=d.record manage=true />
                                        <button type="submit">"保存教师资料"</button>
                                    </ActionForm>
                                    {move || outcome(save.value().get(), "教师资料已保存")}
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <ActionForm action=own attr:class="form" attr:data-testid="teacher-form">
                                        <TeacherFields record=d.record manage=false />
                                        <button type="submit">"保存我的资料"</button>
                                    </ActionForm>
                                    {move || outcome(own.value().get(), "资料已保存")}
                                }
                                    .into_any()
                            };
                            view! {
                                <h1>{name}</h1>
                                <div class="panel">{form}</div>
                                <ChangeLog lines=d.changes testid="teacher-changes" />
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}
