use super::api::{
    get_assessment, get_evaluation, get_scorecard, FillTraineeScores, SaveRectification, SaveScorecard, SetAssessmentPoints,
    SetBandSubsidies, SetEvaluationWeights,
};
use crate::charts::{EChart, PngButton, Stamp};
use crate::components::{caller_may, outcome, Loaded, NoRows, Page, PrintStamp, YearNav};
use crate::model::{Assessment, Band, Criterion, EvalMethod, Evaluation, RectificationStatus, Scorecard};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn may_manage() -> bool {
    caller_may(crate::rules::access::Action::ManageEvaluation)
}

fn score_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}").trim_end_matches('0').to_string()
    }
}

fn yuan(x: f64) -> String {
    crate::model::thousands(x.round() as i64)
}

/// `/evaluation?year=YYYY`: the year's six-haves evaluation of every school.
#[component]
pub fn EvaluationPage() -> impl IntoView {
    let year = crate::components::use_year();
    let weights = ServerAction::<SetEvaluationWeights>::new();
    let subsidies = ServerAction::<SetBandSubsidies>::new();
    let rectify = ServerAction::<SaveRectification>::new();
    let data = Resource::new(
        move || (year.get(), weights.version().get(), subsidies.version().get(), rectify.version().get()),
        |(year, ..)| get_evaluation(year),
    );
    view! {
        <Page title="六有评估" class="evaluation-page">
            <Loaded heading="六有评估">
                {move || Suspend::new(async move { data.await.map(|e| view! { <EvaluationView e weights subsidies rectify /> }) })}
            </Loaded>
        </Page>
    }
}

#[component]
fn EvaluationView(
    e: Evaluation,
    weights: ServerAction<SetEvaluationWeights>,
    subsidies: ServerAction<SetBandSubsidies>,
    rectify: ServerAction<SaveRectification>,
) -> impl IntoView {
    let year = e.year;
    let org_admin = may_manage;
    let weight_text =
        EvalMethod::ALL.iter().zip(&e.weights).map(|(m, w)| format!("{} {}%", m.label(), score_text(*w))).collect::<Vec<_>>().join("，");
    let rectification = e.rectification.clone();
    let unqualified = e.unqualified.clone();
    let form_weights: StoredValue<Vec<(EvalMethod, String)>> =
        StoredValue::new(EvalMethod::ALL.iter().copied().zip(e.weights.iter().map(|w| score_text(*w))).collect());
    let (subsidy_d, subsidy_e) = (e.subsidy_demonstration, e.subsidy_excellent);
    let title = format!("{} 年度业余党校“六有”评估", e.year);
    let as_of = Signal::stored(e.as_of.clone());
    let stamp = Stamp { period: Signal::stored(format!("{} 年度", e.year)), as_of, credit: None };
    let band_chart = e.band_chart.clone();
    view! {
        <h1>{title.clone()}</h1>
        <PrintStamp title=title.clone() as_of />
        <p class="as-of" data-testid="as-of">
            {format!("数据截至 {}", e.as_of)}
        </p>
        <YearNav path="/evaluation" years=e.years.clone() current=e.year />
        <p class="muted" data-testid="evaluation-progress">
            {format!("已完成评分 {} / {} 所", e.complete, e.expected)}
            {(!e.banded).then_some("；全部学校评分完成后按排名评定等次。")}
        </p>
        {e
            .banded
            .then(|| {
                view! {
                    <div class="kpis" data-testid="band-counts">
                        {e
                            .counts
                            .iter()
                            .map(|(band, n)| {
                                view! {
                                    <div class=format!("kpi band-{}", band.as_code()) data-band=band.as_code()>
                                        <div class="kpi-value">
                                            <span class="num">{*n}</span>
                                        </div>
                                        <div class="kpi-label">{band.label()}</div>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                }
            })}
        {band_chart
            .map(|option| {
                let title = format!("{year} 年度“六有”评估等次");
                view! {
                    <figure class="panel">
                        <h2>{title.clone()}</h2>
                        <EChart id="chart-bands" label=format!("{title}构成图") option />
                        <PngButton chart="chart-bands" title stamp />
                    </figure>
                }
            })}
        <p class="muted">
            {format!(
                "总分 = 各评估方式下六项得分的平均分按权重加权（{weight_text}{}）。",
                if e.weights_set { "" } else { "，默认权重" },
            )}
            "等次：前 3 名为示范业余党校；其余学校的 15%（向下取整）为优秀；最后 1 名为不合格；其余为合格。"
            {format!("并列规则：{}。", e.tie_rule)}
        </p>
        <p class="muted" data-testid="subsidy-summary">
            {if e.subsidy_set {
                format!(
                    "以奖代补：示范校每所 {} 元，优秀校每所 {} 元",
                    yuan(e.subsidy_demonstration),
                    yuan(e.subsidy_excellent),
                )
            } else {
                "以奖代补标准尚未设置".to_string()
            }}
            {e.banded.then(|| format!("；本年度合计 {} 元。", yuan(e.subsidy_total)))}
        </p>
        {unqualified
            .map(|(school_id, name)| {
                let r = rectification.clone();
                let field = move |f: fn(&crate::model::RectificationView) -> String| r.as_ref().map(f).unwrap_or_default();
                let interview_on = StoredValue::new(field(|r| r.interview_on.clone()));
                let deadline = StoredValue::new(field(|r| r.deadline.clone()));
                let note = StoredValue::new(field(|r| r.note.clone()));
                let status = rectification.as_ref().map(|r| r.status);
                // Copyable handles: the form sits in closures that run again (`Show`, `ActionForm`).
                view! {
                    <div class="panel" data-testid="rectification">
                        <h2>{format!("不合格学校整改：{name}")}</h2>
                        {match rectification.clone() {
                            Some(r) => {
                                view! {
                                    <p>
                                        {format!("约谈日期 {} · 整改期限 {} · ", r.interview_on, r.deadline)}
                                        <span class=if r.overdue {
                                            "badge behind"
                                        } else {
                                            "badge pending"
                                        }>
                                            {if r.overdue {
                                                format!("{}（已逾期）", r.status.label())
                                            } else {
                                                r.status.label().to_string()
                                            }}
                                        </span>
                                    </p>
                                    {(!r.note.is_empty()).then(|| view! { <p class="muted">{r.note.clone()}</p> })}
                                }
                                    .into_any()
                            }
                            None => view! { <p class="muted">"尚未登记约谈和整改期限。"</p> }.into_any(),
                        }}
                        <Show when=org_admin>
                            <ActionForm action=rectify attr:class="form inline-form">
                                <input type="hidden" name="school_id" value=school_id />
                                <input type="hidden" name="year" value=year />
                                <label>
                                    "约谈日期"<input type="date" name="interview_on" required value=interview_on.get_value() />
                                </label>
                                <label>"整改期限"<input type="date" name="deadline" required value=deadline.get_value() /></label>
                                <label>
                                    "状态"
                                    <select name="status">
                                        {RectificationStatus::ALL
                                            .iter()
                                            .map(|s| {
                                                view! {
                                                    <option value=s.as_code() selected=status == Some(*s)>
                                                        {s.label()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <label>"说明"<input type="text" name="note" value=note.get_value() /></label>
                                <button type="submit">"保存整改记录"</button>
                            </ActionForm>
                            {move || outcome(rectify.value().get(), "整改记录已保存")}
                        </Show>
                    </div>
                }
            })}
        <div class="panel">
            <h2>{if e.banded { "排名与等次" } else { "评分进度" }}</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="evaluation-table">
                    <thead>
                        <tr>
                            <th>"名次"</th>
                            <th>"学校"</th>
                            <th>"总分"</th>
                            <th>"培训成效"</th>
                            <th>"等次"</th>
                            <th>"补助（元）"</th>
                            <th>"评分"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {e
                            .schools
                            .is_empty()
                            .then(|| {
                                view! {
                                    <NoRows
                                        cols=7
                                        message="还没有参加评估的业余党校。组织部建立学校后，这里列出各校的评分、名次和等次。"
                                    />
                                }
                            })}
                        {e
                            .schools
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <tr data-school=s.school_id data-band=s.band.map(|b| b.as_code())>
                                        <td>{s.rank.map(|r| format!("{r}{}", if s.tied { "（并列分）" } else { "" }))}</td>
                                        <td>{s.name.clone()}</td>
                                        <td>{s.total.map(score_text)}</td>
                                        <td>{s.results.map(score_text)}</td>
                                        <td>
                                            {s.band.map(|b| view! { <span class=format!("badge band-{}", b.as_code())>{b.label()}</span> })}
                                        </td>
                                        <td>{s.band.map(|_| yuan(s.subsidy))}</td>
                                        <td>
                                            <a href=format!(
                                                "/evaluation/{}?year={year}",
                                                s.school_id,
                                            )>
                                                {if s.scored == 24 {
                                                    "查看".to_string()
                                                } else {
                                                    format!("待评分（{}/24）", s.scored)
                                                }}
                                            </a>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
        <Show when=org_admin>
            <div class="panel">
                <h2>"评估方式权重（%）"</h2>
                <ActionForm action=weights attr:class="form inline-form" attr:data-testid="weights-form">
                    <input type="hidden" name="year" value=year />
                    {form_weights
                        .get_value()
                        .into_iter()
                        .map(|(m, w)| {
                            view! { <label>{m.label()}<input type="text" inputmode="decimal" name=m.as_code() value=w required /></label> }
                        })
                        .collect_view()}
                    <button type="submit">"保存权重"</button>
                </ActionForm>
                {move || outcome(weights.value().get(), "权重已保存，总分和等次已重新计算")}
            </div>
            <div class="panel">
                <h2>"以奖代补标准（元/所）"</h2>
                <ActionForm action=subsidies attr:class="form inline-form">
                    <input type="hidden" name="year" value=year />
                    <label>
                        {Band::Demonstration.label()}<input type="text" inputmode="decimal" name="demonstration" value=subsidy_d required />
                    </label>
                    <label>
                        {Band::Excellent.label()}<input type="text" inputmode="decimal" name="excellent" value=subsidy_e required />
                    </label>
                    <button type="submit">"保存补助标准"</button>
                </ActionForm>
                {move || outcome(subsidies.value().get(), "补助标准已保存")}
            </div>
        </Show>
    }
}

/// `/evaluation/:school?year=YYYY`: one school's 6 × 4 scorecard; org admins enter the scores.
#[component]
pub fn ScorecardPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = Memo::new(move |_| {
        let school = params.with(|p| p.get("school").and_then(|s| s.parse::<i64>().ok()));
        let year = query.with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()));
        (school, year)
    });
    let save = ServerAction::<SaveScorecard>::new();
    let fill = ServerAction::<FillTraineeScores>::new();
    let data = Resource::new(
        move || (key.get(), save.version().get(), fill.version().get()),
        |((school, year), ..)| async move {
            match (school, year) {
                (Some(s), Some(y)) => get_scorecard(s, y).await,
                _ => Err(crate::error::AppError::NotFound(crate::messages::scorecard_noun().into())),
            }
        },
    );
    view! {
        <Page title="六有评分表" class="scorecard-page">
            <Loaded heading="六有评分表">
                {move || Suspend::new(async move { data.await.map(|c| view! { <ScorecardView c save fill /> }) })}
            </Loaded>
        </Page>
    }
}

#[component]
fn ScorecardView(c: Scorecard, save: ServerAction<SaveScorecard>, fill: ServerAction<FillTraineeScores>) -> impl IntoView {
    let year = c.year;
    let may_enter = c.may_enter.clone();
    let enters_some = !may_enter.is_empty();
    // A supervisor enters the 实地查看 column only; the organisation department every column.
    let site_visit_only = may_enter == [EvalMethod::SiteVisit];
    let fills = may_enter.len() == EvalMethod::ALL.len();
    let questionnaire = c.questionnaire.clone();
    let school_id = c.school_id;
    view! {
        <h1>{format!("{} · {} 年度“六有”评分", c.school, c.year)}</h1>
        <p>
            <a href=format!("/evaluation?year={year}")>"← 返回评估总表"</a>
            " · "
            <span data-testid="scorecard-total">
                {match c.total {
                    Some(t) => format!("总分 {}", score_text(t)),
                    None => "评分未完成".to_string(),
                }}
            </span>
            {c.rank.map(|r| format!(" · 第 {r} 名"))}
            {c
                .band
                .map(|b| {
                    view! {
                        " · "
                        <span class=format!("badge band-{}", b.as_code())>{b.label()}</span>
                    }
                })}
        </p>
        <ActionForm action=save attr:class="form printable" attr:data-testid="scorecard-form">
            <input type="hidden" name="school_id" value=c.school_id />
            <input type="hidden" name="year" value=year />
            <div class="table-wrap" tabindex="0">
                <table class="scorecard">
                    <thead>
                        <tr>
                            <th>"评估内容"</th>
                            {EvalMethod::ALL
                                .iter()
                                .zip(&c.weights)
                                .map(|(m, w)| view! { <th>{format!("{}（{}%）", m.label(), score_text(*w))}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {Criterion::ALL
                            .iter()
                            .zip(c.grid.clone())
                            .map(|(criterion, row)| {
                                view! {
                                    <tr>
                                        <th scope="row">{criterion.label()}</th>
                                        {EvalMethod::ALL
                                            .iter()
                                            .zip(row)
                                            .map(|(method, score)| {
                                                let name = format!("scores[{}__{}]", criterion.as_code(), method.as_code());
                                                let label = format!("{}·{}", criterion.label(), method.label());
                                                let readonly = !may_enter.contains(method);
                                                view! {
                                                    <td>
                                                        <input
                                                            type="text"
                                                            inputmode="decimal"
                                                            name=name
                                                            aria-label=label
                                                            value=score.map(score_text)
                                                            readonly=readonly
                                                            size="5"
                                                        />
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {enters_some
                .then(|| {
                    view! {
                        <p class="muted">
                            "每项 0–100 分，最小单位 0.5 分；留空表示尚未评分。"
                            {site_visit_only
                                .then_some(
                                    "督导组在实地查看时录入本组学校的“实地查看”一栏；其他各栏由组织部门评定。",
                                )}
                        </p>
                        <button type="submit">"保存评分"</button>
                    }
                })}
        </ActionForm>
        {move || outcome(save.value().get(), "评分已保存")}
        // 学员评价: from the trainees' questionnaire of the school's classes of the year.
        <div class="panel" data-testid="questionnaire">
            {match questionnaire {
                Some(q) => {
                    view! {
                        <p>
                            {format!(
                                "学员评价（问卷）：本年度 {} 份答卷，教学内容 {:.2}、教师授课 {:.2}、组织管理 {:.2}、培训收获 {:.2}（5 分制），折合各项：",
                                q.answers,
                                q.means[0],
                                q.means[1],
                                q.means[2],
                                q.means[3],
                            )}
                            {Criterion::ALL
                                .iter()
                                .zip(&q.suggested)
                                .map(|(c, s)| format!("{} {}", c.label(), score_text(*s)))
                                .collect::<Vec<_>>()
                                .join("、")}
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <p class="muted">
                            "学员评价（问卷）：本年度答卷不足 5 份，不显示（保护答卷人匿名）。"
                        </p>
                    }
                        .into_any()
                }
            }}
            {fills
                .then(|| {
                    view! {
                        <ActionForm action=fill attr:class="inline-form">
                            <input type="hidden" name="school_id" value=school_id />
                            <input type="hidden" name="year" value=year />
                            <button type="submit" class="secondary">
                                "按问卷填入“学员评价”一栏"
                            </button>
                        </ActionForm>
                    }
                })}
            {move || outcome(fill.value().get(), "已按问卷填入“学员评价”")}
        </div>
        // 查阅资料: the school's 六个一 documents, read where they are scored.
        <p class="muted" data-testid="document-review-note">
            "“查阅资料”一栏据本校上传的“六个一”资料评分："
        </p>
        <crate::features::schools::SixOnesPanel school_id=c.school_id />
    }
}

/// `/assessment?year=YYYY`: 党建考核 — per unit, its school's six-haves band and its leaders' podium
/// completion as points (leaders, the organisation department; a school admin their own unit).
#[component]
pub fn AssessmentPage() -> impl IntoView {
    let year = crate::components::use_year();
    let set = ServerAction::<SetAssessmentPoints>::new();
    // Reloaded after a saved setting only: a refused one keeps what was typed, and says why.
    let saved = crate::components::successes(set);
    let data = Resource::new(move || (year.get(), saved.get()), |(year, _)| get_assessment(year));
    view! {
        <Page title="党建考核" class="assessment-page">
            <Loaded heading="党建考核">
                {move || Suspend::new(async move { data.await.map(|a| view! { <AssessmentView a set /> }) })}
            </Loaded>
        </Page>
    }
}

#[component]
fn AssessmentView(a: Assessment, set: ServerAction<SetAssessmentPoints>) -> impl IntoView {
    let bands = a.band_points.iter().map(|(b, p)| format!("{} {} 分", b.label(), score_text(*p))).collect::<Vec<_>>().join("、");
    let rule = format!(
        "等次得分：{bands}；上讲台：应上讲台的领导干部全部完成得 {} 分，按完成比例折算{}。",
        score_text(a.podium_points),
        if a.set { "" } else { "（默认分值，组织部门可调整）" }
    );
    let fields: Vec<(&'static str, &'static str, String)> = ["demonstration", "excellent", "qualified", "unqualified"]
        .into_iter()
        .zip(&a.band_points)
        .map(|(name, (band, points))| (name, band.label(), score_text(*points)))
        .chain(std::iter::once(("podium", "上讲台全部完成", score_text(a.podium_points))))
        .collect();
    let fields = StoredValue::new(fields);
    view! {
        <h1>{format!("{} 年度单位党建考核（业余党校部分）", a.year)}</h1>
        <YearNav path="/assessment" years=a.years.clone() current=a.year />
        {a
            .scoped_to
            .clone()
            .map(|u| {
                view! {
                    <p class="muted" data-testid="assessment-scope">
                        {format!("本页显示本单位：{u}")}
                    </p>
                }
            })}
        <p class="muted" data-testid="assessment-rule">
            {rule}
            {(!a.banded).then_some("本年度“六有”评估尚未完成，等次得分暂记 0 分。")}
        </p>
        <div class="panel">
            <div class="table-wrap" tabindex="0">
                <table data-testid="assessment-table">
                    <thead>
                        <tr>
                            <th>"单位"</th>
                            <th>"业余党校"</th>
                            <th>"评估等次"</th>
                            <th>"等次得分"</th>
                            <th>"上讲台（完成/应完成）"</th>
                            <th>"上讲台得分"</th>
                            <th>"合计"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {a.units.is_empty().then(|| view! { <NoRows cols=7 message="本年度还没有可计分的单位。" /> })}
                        {a
                            .units
                            .into_iter()
                            .map(|u| {
                                view! {
                                    <tr data-unit=u.unit.clone()>
                                        <td>{u.unit.clone()}</td>
                                        <td>{u.school.clone().unwrap_or_else(|| "—".into())}</td>
                                        <td>{u.band.map_or("—", |b| b.label())}</td>
                                        <td>{score_text(u.band_points)}</td>
                                        <td>
                                            {if u.podium_due == 0 {
                                                "无应上讲台人员".to_string()
                                            } else {
                                                format!("{}/{}", u.podium_done, u.podium_due)
                                            }}
                                        </td>
                                        <td>{score_text(u.podium_points)}</td>
                                        <td class="total">{score_text(u.total)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
        <Show when=may_manage>
            <ActionForm action=set attr:class="form panel" attr:data-testid="assessment-points">
                <h2>"分值设置"</h2>
                {fields
                    .get_value()
                    .into_iter()
                    .map(|(name, label, value)| {
                        view! {
                            <label>
                                {format!("{label}（分）")}
                                <input type="text" inputmode="decimal" name=name value=value size="5" required />
                            </label>
                        }
                    })
                    .collect_view()}
                <button type="submit">"保存分值"</button>
            </ActionForm>
            {move || outcome(set.value().get(), "分值已保存")}
        </Show>
    }
}
