use super::api::{
    get_course_selection, get_feedback_due, get_teacher_pool, NominateCourse, PublishCourses, ReportTopTeachers, ReviewCourse,
    SubmitFeedback,
};
use crate::components::{caller_may, outcome, Loaded, NoRows, Page, YearNav};
use crate::model::{CourseCategory, CourseSelection, FeedbackDue, NominationStatus, TeacherLine, TeacherPool};
use crate::rules::feedback::SCALES;
use leptos::prelude::*;

fn may_manage() -> bool {
    caller_may(crate::rules::access::Action::ManageCourses)
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// `/me/feedback`: the classes one attended and may evaluate — anonymously, once each.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let submit = ServerAction::<SubmitFeedback>::new();
    let data = Resource::new(move || submit.version().get(), |_| get_feedback_due());
    view! {
        <Page title="培训评价" class="feedback-page" heading="培训评价">
            <p class="muted">
                "评价为匿名：评价内容不与您的姓名关联，每个培训班只能评价一次；满 5 份评价后才显示平均分。"
            </p>
            {move || outcome(submit.value().get(), "感谢您的评价")}
            <Loaded>
                {move || Suspend::new(async move {
                    data.await
                        .map(|due| {
                            if due.is_empty() {
                                view! { <p data-testid="feedback-none">"暂无待评价的培训班。"</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="entries" data-testid="feedback-due">
                                        {due.into_iter().map(|d| view! { <FeedbackForm d submit /> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                })}
            </Loaded>
        </Page>
    }
}

#[component]
fn FeedbackForm(d: FeedbackDue, submit: ServerAction<SubmitFeedback>) -> impl IntoView {
    const NAMES: [&str; 4] = ["content", "teaching", "organisation", "usefulness"];
    view! {
        <li class="panel" data-class=d.class_id>
            <strong>{d.title.clone()}</strong>
            <div class="muted">{format!("{} · {} · 授课：{}", d.starts_at.minute(), d.school, d.teachers)}</div>
            <ActionForm action=submit attr:class="form feedback-form">
                <input type="hidden" name="class_id" value=d.class_id />
                {NAMES
                    .iter()
                    .zip(SCALES)
                    .map(|(name, label)| {
                        view! {
                            <label>
                                {label} <select name=*name required>
                                    <option value="">"请选择"</option>
                                    {(1..=5).rev().map(|v| view! { <option value=v>{format!("{v} 分")}</option> }).collect_view()}
                                </select>
                            </label>
                        }
                    })
                    .collect_view()}
                <label>"意见建议（可选）"<input type="text" name="comment" maxlength="300" /></label>
                <button type="submit">"提交评价"</button>
            </ActionForm>
        </li>
    }
}

/// `/teachers`: the teacher pool ranked by points, with the formula and the top reported to units.
#[component]
pub fn TeachersPage() -> impl IntoView {
    let report = ServerAction::<ReportTopTeachers>::new();
    let data = Resource::new(move || report.version().get(), |_| get_teacher_pool());
    view! {
        <Page title="师资库" class="teachers-page" heading="师资库积分排名">
            <Loaded>{move || Suspend::new(async move { data.await.map(|p| view! { <PoolView p report /> }) })}</Loaded>
        </Page>
    }
}

#[component]
fn TeacherRow(t: TeacherLine, reported: usize) -> impl IntoView {
    view! {
        <tr data-teacher=t.id>
            <td>{t.rank}{(t.rank <= reported).then_some("★")}</td>
            <td>{t.name.clone()}</td>
            <td>{if t.in_district { "区内" } else { "区外" }}</td>
            <td>{t.unit.clone()}</td>
            <td>{t.specialties.clone()}</td>
            <td>{t.classes}</td>
            <td>
                {match t.teaching_mean {
                    Some(m) => format!("{m:.2}（{} 份）", t.answers),
                    None => format!("不足 5 份（{} 份）", t.answers),
                }}
            </td>
            <td>{t.premium}</td>
            <td class="strong">{num(t.points)}</td>
        </tr>
    }
}

#[component]
fn PoolView(p: TeacherPool, report: ServerAction<ReportTopTeachers>) -> impl IntoView {
    let reported = p.reported;
    view! {
        <p class="muted" data-testid="points-formula">
            {p.formula.clone()}
        </p>
        {p
            .mine
            .clone()
            .map(|m| {
                view! {
                    <div class="panel" data-testid="my-points">
                        <h2>"我的积分"</h2>
                        <p>
                            {format!(
                                "第 {} 名 · {} 分：授课 {} 期 × 1 + 精品课程 {} 次 × 20{}",
                                m.rank,
                                num(m.points),
                                m.classes,
                                m.premium,
                                match m.teaching_mean {
                                    Some(mean) => format!(" + （{mean:.2} − 3）× 10"),
                                    None => "（学员评价不足 5 份，不计评价项）".to_string(),
                                },
                            )}
                        </p>
                    </div>
                }
            })}
        <div class="panel">
            <h2>{format!("前 {reported} 名（★）报送所在单位")}</h2>
            <ol data-testid="reported">
                {p
                    .teachers
                    .iter()
                    .take(reported)
                    .map(|t| view! { <li>{format!("{}（{}）{} 分", t.name, t.unit, num(t.points))}</li> })
                    .collect_view()}
            </ol>
            {p
                .may_report
                .then(|| {
                    view! {
                        <ActionForm action=report attr:class="inline-form" attr:data-testid="report-top">
                            <button type="submit">"向所在单位通报前 10 名"</button>
                        </ActionForm>
                        {move || outcome(report.value().get(), "已记录通报")}
                    }
                })}
            {p
                .report
                .clone()
                .map(|r| {
                    view! {
                        <details data-testid="teacher-report">
                            <summary>{format!("最近一次通报：{}（{} 份）", r.made_at.minute(), r.notices.len())}</summary>
                            <ol>{r.notices.into_iter().map(|(_, _, _, notice)| view! { <li>{notice}</li> }).collect_view()}</ol>
                        </details>
                    }
                })}
        </div>
        <div class="panel">
            <div class="table-wrap" tabindex="0">
                <table data-testid="teacher-ranking">
                    <thead>
                        <tr>
                            <th>"名次"</th>
                            <th>"教师"</th>
                            <th>"区内/区外"</th>
                            <th>"单位"</th>
                            <th>"专长"</th>
                            <th>"授课期数"</th>
                            <th>"学员评价"</th>
                            <th>"精品课程"</th>
                            <th>"积分"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {p.teachers.is_empty().then(|| view! { <NoRows cols=9 message="师资库还没有教师。" /> })}
                        {p.teachers.into_iter().map(|t| view! { <TeacherRow t reported /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// `/courses?year=YYYY`: the premium-course selection — nominations by category, the review panel's
/// scores, publication with rewards and notices.
#[component]
pub fn CoursesPage() -> impl IntoView {
    let year = crate::components::use_year();
    let nominate = ServerAction::<NominateCourse>::new();
    let review = ServerAction::<ReviewCourse>::new();
    let publish = ServerAction::<PublishCourses>::new();
    let data = Resource::new(
        move || (year.get(), nominate.version().get(), review.version().get(), publish.version().get()),
        |(year, ..)| get_course_selection(year),
    );
    view! {
        <Page title="精品课程评选" class="courses-page">
            <Loaded heading="精品课程评选">
                {move || Suspend::new(async move { data.await.map(|s| view! { <SelectionView s nominate review publish /> }) })}
            </Loaded>
        </Page>
    }
}

#[component]
fn SelectionView(
    s: CourseSelection,
    nominate: ServerAction<NominateCourse>,
    review: ServerAction<ReviewCourse>,
    publish: ServerAction<PublishCourses>,
) -> impl IntoView {
    let year = s.year;
    let open = s.published_at.is_none();
    let may_review = s.may_review && open;
    let teachers = StoredValue::new(s.teachers.clone());
    let selected = s.nominations.iter().filter(|n| n.status == NominationStatus::Selected).count();
    view! {
        <h1>{format!("{} 年度干部教育培训精品课程评选", s.year)}</h1>
        <YearNav path="/courses" years=s.years.clone() current=s.year />
        <p class="muted">{s.rule.clone()}</p>
        <p data-testid="selection-state">
            {match &s.published_at {
                Some(at) => format!("评选结果已于 {at} 公布：入选 {selected} 门。"),
                None => format!("评审中：已提名 {} 门。", s.nominations.len()),
            }}
        </p>
        {move || outcome(review.value().get(), "评分已保存")}
        {move || outcome(publish.value().get(), "评选结果已公布，入选教师的奖励学时和通报已记录")}
        <div class="panel">
            <div class="table-wrap" tabindex="0">
                <table data-testid="nominations">
                    <thead>
                        <tr>
                            <th>"类别"</th>
                            <th>"课程"</th>
                            <th>"教师"</th>
                            <th>"评审"</th>
                            <th>"平均分"</th>
                            <th>"结果"</th>
                            <th>"奖励 / 通报"</th>
                            {may_review.then(|| view! { <th>"我的评分"</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {s
                            .nominations
                            .is_empty()
                            .then(|| view! { <NoRows cols=if may_review { 8 } else { 7 } message="本年度还没有提名课程。" /> })}
                        {s
                            .nominations
                            .into_iter()
                            .map(|n| {
                                view! {
                                    <tr data-nomination=n.id data-status=n.status.as_code()>
                                        <td>{n.category.label()}</td>
                                        <td>{n.title.clone()}</td>
                                        <td>
                                            {format!("{}（{}，{}）", n.teacher, if n.in_district { "区内" } else { "区外" }, n.unit)}
                                        </td>
                                        <td>{n.reviews}</td>
                                        <td>{n.mean.map(|m| format!("{m:.2}"))}</td>
                                        <td>
                                            <span class=format!("badge {}", n.status.as_code())>{n.status.label()}</span>
                                        </td>
                                        <td class="wrap">{n.recognition.clone()}</td>
                                        {may_review
                                            .then(|| {
                                                view! {
                                                    <td>
                                                        <ActionForm action=review attr:class="inline-form">
                                                            <input type="hidden" name="nomination_id" value=n.id />
                                                            <input
                                                                type="text"
                                                                inputmode="decimal"
                                                                name="score"
                                                                size="4"
                                                                aria-label=format!("评分：{}", n.title)
                                                                value=n.my_score.map(num)
                                                            />
                                                            <button type="submit" class="secondary">
                                                                "评分"
                                                            </button>
                                                        </ActionForm>
                                                    </td>
                                                }
                                            })}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
        <Show when=move || open && may_manage()>
            <div class="panel">
                <h2>"提名课程"</h2>
                <ActionForm action=nominate attr:class="form inline-form">
                    <input type="hidden" name="year" value=year />
                    <label>
                        "类别"
                        <select name="category">
                            {CourseCategory::ALL.iter().map(|c| view! { <option value=c.as_code()>{c.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"课程名称"<input type="text" name="title" required maxlength="60" /></label>
                    <label>
                        "授课教师"
                        <select name="teacher_id">
                            {teachers.get_value().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="submit">"提名"</button>
                </ActionForm>
                {move || outcome(nominate.value().get(), "已提名")}
                <ActionForm action=publish attr:class="form">
                    <input type="hidden" name="year" value=year />
                    <button type="submit">{format!("公布 {year} 年度评选结果")}</button>
                </ActionForm>
            </div>
        </Show>
    }
}
