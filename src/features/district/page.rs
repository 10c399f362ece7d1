use super::api::{
    find_schools, list_units, school_for_editing, AddPrincipalTerm, CloseSchool, RemovePrincipalTerm, RetireUnit, SaveSchool,
    SaveSchoolProfile, SaveUnit,
};
use crate::components::{outcome, successes, ExportLink, Loaded, NoRows, Page, Pager, SearchBar};
use crate::model::{ChangeLine, ExtensionKind, FoundingMode, SchoolRecord, SchoolStatus, UnitChoice, UnitKind};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/admin/units`: the district's units (the townships, departments and their institutions) — a new
/// one, or one renamed, re-kinded or placed under another — with the change log of units.
#[component]
pub fn UnitsPage() -> impl IntoView {
    let save = ServerAction::<SaveUnit>::new();
    let retire = ServerAction::<RetireUnit>::new();
    let saved = successes(save);
    let retired = successes(retire);
    let data = Resource::new(move || (saved.get(), retired.get()), |_| list_units());
    view! {
        <Page title="单位管理" class="district-page" heading="单位管理">
            <Loaded>
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let choices: Vec<(i64, String)> = d
                                .units
                                .iter()
                                .filter(|u| u.retired_on.is_none())
                                .map(|u| (u.id, u.name.clone()))
                                .collect();
                            let in_use = choices.clone();
                            view! {
                                <div class="panel">
                                    <h2>"新建或修改单位"</h2>
                                    <ActionForm action=save attr:class="form" attr:data-testid="unit-form">
                                        <label>
                                            "修改哪个单位（新建时留空）" <select name="unit_id">
                                                <option value="">"— 新建单位 —"</option>
                                                {unit_options(&choices, None)}
                                            </select>
                                        </label>
                                        <div class="two">
                                            <label>"全称"<input type="text" name="name" required maxlength="40" /></label>
                                            <label>"简称"<input type="text" name="short_name" required maxlength="12" /></label>
                                        </div>
                                        <div class="two">
                                            <label>
                                                "类别" <select name="kind" required>
                                                    {UnitKind::ALL
                                                        .iter()
                                                        .map(|k| view! { <option value=k.as_code()>{k.label()}</option> })
                                                        .collect_view()}
                                                </select>
                                            </label>
                                            <label>
                                                "上级单位（二级事业单位填所属部门）" <select name="parent_id">
                                                    <option value="">"—"</option>
                                                    {unit_options(&choices, None)}
                                                </select>
                                            </label>
                                        </div>
                                        <button type="submit">"保存单位"</button>
                                    </ActionForm>
                                    {move || outcome(save.value().get(), "单位已保存")}
                                </div>
                                <div class="panel">
                                    <h2>"撤销或合并单位"</h2>
                                    <p class="hint">
                                        "合并：该单位的人员、下属单位、举办的在办党校和联合建校成员席位转入所选单位；已有的培训班、学时和考评记录留在原处。撤销（不选并入单位）：仅限已无人员和在办党校的单位。单位本身保留在记录中。"
                                    </p>
                                    <ActionForm action=retire attr:class="form" attr:data-testid="retire-form">
                                        <div class="two">
                                            <label>
                                                "撤销的单位" <select name="unit_id" required>
                                                    <option value="">"— 请选择 —"</option>
                                                    {unit_options(&in_use, None)}
                                                </select>
                                            </label>
                                            <label>
                                                "并入单位（合并时选择）" <select name="into_id">
                                                    <option value="">"— 不合并，仅撤销 —"</option>
                                                    {unit_options(&in_use, None)}
                                                </select>
                                            </label>
                                        </div>
                                        <button type="submit">"撤销或合并"</button>
                                    </ActionForm>
                                    {move || outcome(retire.value().get(), "单位已撤销")}
                                </div>
                                <div class="panel">
                                    <h2>{format!("全部单位（{} 个）", d.units.len())}</h2>
                                    <ExportLink href="/admin/units.xlsx".to_string() />
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="units">
                                            <thead>
                                                <tr>
                                                    <th>"编号"</th>
                                                    <th>"全称"</th>
                                                    <th>"简称"</th>
                                                    <th>"类别"</th>
                                                    <th>"上级单位"</th>
                                                    <th>"人员"</th>
                                                    <th>"业余党校"</th>
                                                    <th>"状态"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {d
                                                    .units
                                                    .is_empty()
                                                    .then(|| {
                                                        view! {
                                                            <NoRows
                                                                cols=8
                                                                message="还没有单位：请先建立街乡场和区直单位。"
                                                            />
                                                        }
                                                    })}
                                                {d
                                                    .units
                                                    .into_iter()
                                                    .map(|u| {
                                                        let standing = u.standing();
                                                        view! {
                                                            <tr>
                                                                <td class="num">{u.id}</td>
                                                                <td>{u.name}</td>
                                                                <td>{u.short_name}</td>
                                                                <td>{u.kind.label()}</td>
                                                                <td>{u.parent.unwrap_or_default()}</td>
                                                                <td class="num">{u.people}</td>
                                                                <td class="num">{u.schools}</td>
                                                                <td>{standing}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </div>
                                <ChangeLog lines=d.changes testid="unit-changes" />
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

/// `<option>`s of units, `selected` chosen.
fn unit_options(units: &[(i64, String)], selected: Option<i64>) -> impl IntoView {
    units
        .iter()
        .map(|(id, name)| {
            view! {
                <option value=*id selected=selected == Some(*id)>
                    {name.clone()}
                </option>
            }
        })
        .collect_view()
}

/// `/admin/schools`: the district's schools, searched and a page at a time, and a new school.
#[component]
pub fn SchoolsAdminPage() -> impl IntoView {
    let query = use_query_map();
    let save = ServerAction::<SaveSchool>::new();
    let key = move || query.with(|q| (q.get("q"), q.get("page").and_then(|p| p.parse::<i64>().ok())));
    let created = successes(save);
    let data = Resource::new(move || (key(), created.get()), |((q, page), _)| find_schools(q, page));
    view! {
        <Page title="业余党校管理" class="district-page" heading="业余党校管理">
            <Loaded>
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let q = query.with_untracked(|q| q.get("q").unwrap_or_default());
                            let units = d.units.clone();
                            view! {
                                <SearchBar path="/admin/schools" label="名称或举办单位" q=q.clone() />
                                <div class="panel">
                                    <h2>{format!("共 {} 所（第 {} / {} 页）", d.total, d.page, d.pages)}</h2>
                                    <div class="table-wrap" tabindex="0">
                                        <table data-testid="schools-admin">
                                            <thead>
                                                <tr>
                                                    <th>"名称"</th>
                                                    <th>"建校模式"</th>
                                                    <th>"举办单位"</th>
                                                    <th>"校长"</th>
                                                    <th>"开办"</th>
                                                    <th>"状态"</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {d
                                                    .rows
                                                    .is_empty()
                                                    .then(|| view! { <NoRows cols=6 message="没有符合条件的业余党校。" /> })}
                                                {d
                                                    .rows
                                                    .into_iter()
                                                    .map(|s| {
                                                        view! {
                                                            <tr>
                                                                <td>
                                                                    <a href=format!("/admin/schools/{}", s.id)>{s.name}</a>
                                                                </td>
                                                                <td>{s.mode.label()}</td>
                                                                <td>{s.host_unit}</td>
                                                                <td>{s.principal.unwrap_or_default()}</td>
                                                                <td>{s.opened_on}</td>
                                                                <td>{s.status.label()}</td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    <Pager path="/admin/schools" q page=d.page pages=d.pages />
                                </div>
                                <details class="panel" open=d.total == 0>
                                    <summary>"新建业余党校"</summary>
                                    <ActionForm action=save attr:class="form" attr:data-testid="new-school">
                                        <SchoolFields record=SchoolRecord::default() units outline=d.outline.clone() />
                                        <button type="submit">"建立学校"</button>
                                    </ActionForm>
                                </details>
                                {move || saved(save.value().get())}
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

/// The outcome of saving a school: a link to it when saved.
fn saved(value: Option<Result<i64, crate::error::AppError>>) -> Option<AnyView> {
    match value? {
        Ok(id) => Some(
            view! {
                <p class="ok" role="status">
                    "学校已保存。"
                    <a href=format!("/admin/schools/{id}")>"查看和完善 →"</a>
                </p>
            }
            .into_any(),
        ),
        Err(e) => outcome::<()>(Some(Err(e)), ""),
    }
}

/// The fields of a school's form, filled from `record` (empty for a new school).
#[component]
fn SchoolFields(record: SchoolRecord, units: Vec<UnitChoice>, outline: String) -> impl IntoView {
    // A retired unit is offered only where the record still names it.
    let offered = |u: &&UnitChoice, kept: Option<i64>| !u.retired || kept == Some(u.id);
    let all: Vec<(i64, String)> = units.iter().filter(|u| offered(u, Some(record.host_unit_id))).map(|u| (u.id, u.name.clone())).collect();
    let townships: Vec<(i64, String)> =
        units.iter().filter(|u| u.kind == UnitKind::Township && offered(u, record.township_id)).map(|u| (u.id, u.name.clone())).collect();
    let host = (record.host_unit_id > 0).then_some(record.host_unit_id);
    let place = |v: f64| if record.lon == 0.0 && record.lat == 0.0 { String::new() } else { format!("{v:.5}") };
    let (lon, lat) = (RwSignal::new(place(record.lon)), RwSignal::new(place(record.lat)));
    let person = |p: &Option<(i64, String)>| p.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default();
    let id = if record.id > 0 { record.id.to_string() } else { String::new() };
    let named = |p: &Option<(i64, String)>| p.as_ref().map(|(_, name)| format!("现任：{name}")).unwrap_or_default();
    view! {
        <input type="hidden" name="school[id]" value=id />
        <label>"学校名称"<input type="text" name="school[name]" required maxlength="40" value=record.name.clone() /></label>
        <div class="two">
            <label>
                "建校模式" <select name="school[mode]" required>
                    {FoundingMode::ALL
                        .iter()
                        .map(|m| {
                            view! {
                                <option value=m.as_code() selected=record.mode == Some(*m)>
                                    {m.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "延伸建校类型（仅延伸建校）" <select name="school[extension]">
                    <option value="">"—"</option>
                    {ExtensionKind::ALL
                        .iter()
                        .map(|e| {
                            view! {
                                <option value=e.as_code() selected=record.extension == Some(*e)>
                                    {e.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
        <div class="two">
            <label>
                "举办单位" <select name="school[host_unit_id]" required>
                    <option value="">"— 请选择 —"</option>
                    {unit_options(&all, host)}
                </select>
            </label>
            <label>
                "所在街乡场" <select name="school[township_id]">
                    <option value="">"—"</option>
                    {unit_options(&townships, record.township_id)}
                </select>
            </label>
        </div>
        <label>
            "成员单位（仅联合建校，用顿号分隔）"
            <input type="text" name="school[members]" value=record.members.join("、") />
        </label>
        <div class="two">
            <label>
                "服务片区（仅片区业余党校）"
                <input type="text" name="school[sub_area]" maxlength="40" value=record.sub_area.clone() />
            </label>
            <label>
                "所辖村（社区），用顿号分隔"<input type="text" name="school[villages]" value=record.villages.clone() />
            </label>
        </div>
        <div class="two">
            <label>"开办日期"<input type="date" name="school[opened_on]" required value=record.opened_on.clone() /></label>
        </div>
        <fieldset class="place">
            <legend>"位置（在地图上点选，或填写经纬度：黄陂区范围内）"</legend>
            <PlacePicker outline lon lat />
            <div class="two">
                <label>
                    "经度"
                    <input
                        type="text"
                        inputmode="decimal"
                        name="school[lon]"
                        required
                        placeholder="114.37"
                        prop:value=lon
                        on:input=move |ev| lon.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "纬度"
                    <input
                        type="text"
                        inputmode="decimal"
                        name="school[lat]"
                        required
                        placeholder="30.87"
                        prop:value=lat
                        on:input=move |ev| lat.set(event_target_value(&ev))
                    />
                </label>
            </div>
        </fieldset>
        <div class="two">
            <label>
                "校长（人员编号）"
                <input type="text" inputmode="numeric" name="school[principal_id]" value=person(&record.principal) />
                <span class="muted">{named(&record.principal)}</span>
            </label>
            <label>
                "副校长（人员编号）"
                <input type="text" inputmode="numeric" name="school[vice_principal_id]" value=person(&record.vice_principal) />
                <span class="muted">{named(&record.vice_principal)}</span>
            </label>
        </div>
    }
}

/// The district's outline to click a school's place on: the click sets the longitude and latitude
/// fields (`charts::geo::plane`), the marker follows what the fields say. Typing still works, and
/// without the WebAssembly the fields are all there is.
#[component]
fn PlacePicker(outline: String, lon: RwSignal<String>, lat: RwSignal<String>) -> impl IntoView {
    use crate::charts::geo::plane;
    let (width, height) = plane::size();
    let pick = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(svg) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let rect = svg.get_bounding_client_rect();
            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                return;
            }
            let x = (f64::from(ev.client_x()) - rect.left()) / rect.width() * width;
            let y = (f64::from(ev.client_y()) - rect.top()) / rect.height() * height;
            let (new_lon, new_lat) = plane::unproject(x, y);
            lon.set(format!("{new_lon:.5}"));
            lat.set(format!("{new_lat:.5}"));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let marker = move || {
        let (Ok(lo), Ok(la)) = (lon.get().trim().parse::<f64>(), lat.get().trim().parse::<f64>()) else { return None };
        let (x, y) = plane::project(lo, la);
        ((0.0..=width).contains(&x) && (0.0..=height).contains(&y)).then(|| {
            view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="9" class="picked" data-testid="picked" /> }
        })
    };
    view! {
        <svg
            class="place-picker"
            viewBox=format!("0 0 {width:.0} {height:.0}")
            role="img"
            aria-label="黄陂区地图：点击选取学校位置"
            data-testid="place-picker"
            on:click=pick
        >
            <path d=outline class="district" />
            {marker}
        </svg>
    }
}

/// `/admin/schools/:id`: one school's record — all of it for the organisation department, its profile
/// for its own school admin — its closing, and its change log.
#[component]
pub fn SchoolEditPage() -> impl IntoView {
    let params = use_params_map();
    // `/admin/schools/mine`: a school admin's own school.
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| if s == "mine" { Some(0) } else { s.parse::<i64>().ok() })));
    let save = ServerAction::<SaveSchool>::new();
    let profile = ServerAction::<SaveSchoolProfile>::new();
    let close = ServerAction::<CloseSchool>::new();
    let add_term = ServerAction::<AddPrincipalTerm>::new();
    let remove_term = ServerAction::<RemovePrincipalTerm>::new();
    let (saved, profiled, closed) = (successes(save), successes(profile), successes(close));
    let (added, removed) = (successes(add_term), successes(remove_term));
    let data = Resource::new(
        move || (id.get(), saved.get(), profiled.get(), closed.get(), added.get(), removed.get()),
        |(id, ..)| async move {
            match id {
                Some(id) => school_for_editing(id).await,
                None => Err(crate::error::AppError::NotFound(crate::messages::school_noun_plain().into())),
            }
        },
    );
    view! {
        <Page title="学校资料" class="district-page">
            <Loaded heading="学校资料">
                {move || Suspend::new(async move {
                    data.await
                        .map(|d| {
                            let r = d.record.clone();
                            let school_id = r.id;
                            let joint = r.mode == Some(FoundingMode::Joint);
                            let status = r.status.unwrap_or(SchoolStatus::Active);
                            let (venue, contact, introduction) = (r.venue.clone(), r.contact.clone(), r.profile.clone());
                            let (name, closed_on) = (r.name.clone(), r.closed_on.clone());
                            let units = d.units.clone();
                            view! {
                                <h1>{name}</h1>
                                <p class="muted">
                                    {format!("{} · {}", status.label(), closed_on.map(|d| format!("撤销于 {d}")).unwrap_or_default())}
                                    <a href=format!("/schools/{school_id}")>"查看学校主页 →"</a>
                                </p>
                                {d
                                    .manage
                                    .then(|| {
                                        view! {
                                            <div class="panel">
                                                <h2>"基本信息"</h2>
                                                <ActionForm action=save attr:class="form" attr:data-testid="school-form">
                                                    <SchoolFields record=r units outline=d.outline.clone() />
                                                    <button type="submit">"保存基本信息"</button>
                                                </ActionForm>
                                                {move || outcome(save.value().get(), "基本信息已保存")}
                                            </div>
                                        }
                                    })}
                                {(d.manage && joint)
                                    .then(|| {
                                        view! {
                                            <TermsPanel
                                                school_id
                                                terms=d.terms.clone()
                                                members=d.member_units.clone()
                                                add=add_term
                                                remove=remove_term
                                            />
                                        }
                                    })}
                                <div class="panel">
                                    <h2>"学校简介与联系方式"</h2>
                                    <ActionForm action=profile attr:class="form" attr:data-testid="profile-form">
                                        <input type="hidden" name="school_id" value=school_id />
                                        <label>"办学场所"<input type="text" name="venue" maxlength="100" value=venue /></label>
                                        <label>"联系人及电话"<input type="text" name="contact" maxlength="60" value=contact /></label>
                                        <label>
                                            "学校简介"<textarea name="profile" maxlength="1000" rows="4">
                                                {introduction}
                                            </textarea>
                                        </label>
                                        <button type="submit">"保存简介"</button>
                                    </ActionForm>
                                    {move || outcome(profile.value().get(), "简介已保存")}
                                </div>
                                {d
                                    .manage
                                    .then(|| {
                                        let closed = status == SchoolStatus::Closed;
                                        view! {
                                            <div class="panel">
                                                <h2>"撤销或恢复"</h2>
                                                <p class="muted">
                                                    "撤销的学校保留历史：其培训班、学时和评估仍按原学校统计，不再出现在分布图和新建培训班中。"
                                                </p>
                                                <ActionForm action=close attr:class="form inline-form">
                                                    <input type="hidden" name="school_id" value=school_id />
                                                    <input type="hidden" name="step" value=if closed { "reopen" } else { "close" } />
                                                    <button type="submit" class="secondary">
                                                        {if closed { "恢复办学" } else { "撤销该校" }}
                                                    </button>
                                                </ActionForm>
                                                {move || outcome(close.value().get(), "已更新办学状态")}
                                            </div>
                                        }
                                    })}
                                <ChangeLog lines=d.changes testid="school-changes" />
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

/// 轮值校长: a joint school's rotating principals' yearly terms — the list, a term not begun removed, a
/// new term (person number, member unit, first and last day).
#[component]
fn TermsPanel(
    school_id: i64,
    terms: Vec<crate::model::TermLine>,
    members: Vec<(i64, String)>,
    add: ServerAction<AddPrincipalTerm>,
    remove: ServerAction<RemovePrincipalTerm>,
) -> impl IntoView {
    view! {
        <div class="panel">
            <h2>"轮值校长任期"</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="principal-terms">
                    <thead>
                        <tr>
                            <th>"轮值校长"</th>
                            <th>"成员单位"</th>
                            <th>"任期"</th>
                            <th>""</th>
                        </tr>
                    </thead>
                    <tbody>
                        {terms.is_empty().then(|| view! { <NoRows cols=4 message="还没有轮值校长任期。" /> })}
                        {terms
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <tr>
                                        <td>{format!("{}（{}）", t.person, t.person_id)}</td>
                                        <td>{t.unit}</td>
                                        <td>{format!("{} 至 {}", t.starts_on, t.ends_on)}</td>
                                        <td>
                                            <ActionForm action=remove attr:class="inline-form">
                                                <input type="hidden" name="school_id" value=school_id />
                                                <input type="hidden" name="term_id" value=t.id />
                                                <button type="submit" class="secondary">
                                                    "删除"
                                                </button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {move || outcome(remove.value().get(), "任期已删除")}
            <ActionForm action=add attr:class="form" attr:data-testid="term-form">
                <input type="hidden" name="school_id" value=school_id />
                <div class="two">
                    <label>"轮值校长（人员编号）"<input type="text" inputmode="numeric" name="person_id" required /></label>
                    <label>
                        "所在成员单位" <select name="unit_id" required>
                            {members.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <div class="two">
                    <label>"任期开始"<input type="date" name="starts_on" required /></label>
                    <label>"任期结束"<input type="date" name="ends_on" required /></label>
                </div>
                <button type="submit">"添加任期"</button>
            </ActionForm>
            {move || outcome(add.value().get(), "任期已添加")}
        </div>
    }
}

/// 变更记录: who changed what, when, each field before → after (newest first).
#[component]
pub(super) fn ChangeLog(lines: Vec<ChangeLine>, testid: &'static str) -> impl IntoView {
    view! {
        <div class="panel">
            <h2>"变更记录"</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid=testid>
                    <thead>
                        <tr>
                            <th>"时间"</th>
                            <th>"操作人"</th>
                            <th>"操作"</th>
                            <th>"内容"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {lines.is_empty().then(|| view! { <NoRows cols=4 message="暂无变更记录。" /> })}
                        {lines
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <tr>
                                        <td>{l.at.minute().to_string()}</td>
                                        <td>{l.actor}</td>
                                        <td>{format!("{} {}", l.what, l.summary)}</td>
                                        <td>
                                            <ul class="changes">
                                                {l
                                                    .changes
                                                    .into_iter()
                                                    .map(|c| {
                                                        let before = if c.before.is_empty() { "（空）".to_string() } else { c.before };
                                                        let after = if c.after.is_empty() { "（空）".to_string() } else { c.after };
                                                        view! { <li>{format!("{}：{before} → {after}", c.field)}</li> }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </td>
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
