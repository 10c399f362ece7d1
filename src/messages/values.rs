//! The messages that carry values (a title, a line number, a limit): one function per key.

use std::fmt::Display;

/// The request's arguments could not be read (the parser's message, at most a line of it).
pub fn bad_arguments(detail: impl Display) -> String {
    format!("请求参数有误：{detail}")
}

pub fn new_password_too_short(min: impl Display) -> String {
    format!("新密码至少需要 {min} 个字符")
}

pub fn password_too_short(min: impl Display) -> String {
    format!("密码至少需要 {min} 个字符")
}

pub fn must_be_number(field: impl Display) -> String {
    format!("{field}应为数字")
}

pub fn person_number_unknown(person: impl Display) -> String {
    format!("人员编号 {person} 不存在")
}

/// The outcome of a filing decision: 备案 + the new status.
pub fn filing_outcome(status: impl Display) -> String {
    format!("备案{status}")
}

pub fn closed_out(credited: impl Display) -> String {
    format!("已结班，{credited} 人记入学时")
}

/// A class's audience narrowed to a rank: `·处级干部`.
pub fn audience_rank(rank: impl Display) -> String {
    format!("·{rank}干部")
}

pub fn class_not_open(title: impl Display, status: impl Display) -> String {
    format!("「{title}」未开放签到（{status}）")
}

pub fn class_not_open_now(title: impl Display, status: impl Display) -> String {
    format!("「{title}」当前未开放签到（{status}）")
}

pub fn class_full(title: impl Display, capacity: impl Display) -> String {
    format!("「{title}」名额已满（{capacity} 人）")
}

pub fn not_in_audience(unit: impl Display, title: impl Display) -> String {
    format!("您（{unit}）不在「{title}」的培训对象范围内，请确认培训班是否正确")
}

pub fn person_added(person: impl Display) -> String {
    format!("已添加人员 {person}")
}

pub fn person_removed(person: impl Display) -> String {
    format!("已移除人员 {person}")
}

pub fn fill_number(field: impl Display) -> String {
    format!("{field}请填写数字")
}

pub fn amount_range(field: impl Display) -> String {
    format!("{field}应在 0 到 10,000,000 之间")
}

/// A points field out of range or not a number (党建考核分值).
pub fn points_rule(field: &str) -> String {
    format!("「{field}」的分值应在 0 到 100 之间，最小单位 0.5 分")
}

/// What was not found: a school evaluated in `year`.
pub fn evaluated_school_noun(year: impl Display) -> String {
    format!("{year}年参评的该学校")
}

pub fn not_failed_school(year: impl Display) -> String {
    format!("该学校不是{year}年度评定的不合格学校，无需整改记录")
}

pub fn choose(field: impl Display) -> String {
    format!("请选择{field}")
}

/// What was not found: the school numbered `id`.
pub fn school_noun(id: impl Display) -> String {
    format!("编号为 {id} 的业余党校")
}

pub fn choice_wrong(field: impl Display) -> String {
    format!("{field}选择不正确")
}

pub fn class_title_too_long(max: impl Display) -> String {
    format!("培训班名称不超过 {max} 个字")
}

pub fn capacity_rule(max: impl Display) -> String {
    format!("人数上限须为 1 至 {max} 的整数，或留空")
}

pub fn score_not_number(field: impl Display) -> String {
    format!("{field}应为 0–100 的分数")
}

pub fn score_range(field: impl Display) -> String {
    format!("{field}应在 0 到 100 之间")
}

pub fn score_one_decimal(field: impl Display) -> String {
    format!("{field}最多保留一位小数")
}

pub fn fill_score(field: impl Display) -> String {
    format!("{field}请填写 0–100 的分数")
}

pub fn score_half_step(field: impl Display) -> String {
    format!("{field}最小单位为 0.5 分")
}

pub fn rate_scale(scale: impl Display) -> String {
    format!("请为「{scale}」选择 1–5 分")
}

pub fn comment_too_long(max: impl Display) -> String {
    format!("意见建议不超过 {max} 个字")
}

pub fn claims_pending(pending: impl Display, max: impl Display) -> String {
    format!("您已有 {pending} 条申报等待审核，请待审核后再申报（最多 {max} 条）")
}

pub fn weights_sum(sum: impl Display) -> String {
    format!("四项权重之和应为 100（现为 {sum}）")
}

pub fn excellent_eligible(year: impl Display, earned: impl Display, target: impl Display) -> String {
    format!("{year}年已完成 {earned} 学时，达到年度目标 {target} 学时，可参评优秀等次")
}

pub fn excellent_pending(year: impl Display, earned: impl Display, target: impl Display, missing: impl Display) -> String {
    format!("{year}年已完成 {earned} 学时，还差 {missing} 学时达到年度目标 {target} 学时；年底前达到即可参评优秀等次")
}

pub fn excellent_barred(year: impl Display, earned: impl Display, target: impl Display, missing: impl Display) -> String {
    format!("{year}年仅完成 {earned} 学时，未达到年度目标 {target} 学时（差 {missing} 学时），年度考核不得评为优秀等次")
}

pub fn claim_hours_max(max: impl Display) -> String {
    format!("一次申报不能超过 {max} 学时")
}

pub fn claim_hours_per_days(days: impl Display, max: impl Display, per_day: impl Display) -> String {
    format!("{days} 天的学习最多申报 {max} 学时（每天不超过 {per_day} 学时）")
}

pub fn visit_text_too_long(max: impl Display) -> String {
    format!("情况和整改要求各不超过 {max} 字")
}

pub fn username_taken(username: impl Display) -> String {
    format!("用户名 {username} 已存在")
}

pub fn file_empty(columns: impl Display) -> String {
    format!("文件是空的：第一行应为标题行（{columns}）")
}

/// The heading row lacks columns: `names` are the wanted ones, `count` how many there are.
pub fn heading_missing(names: impl Display, count: usize) -> String {
    format!("标题行须包含{names}{}列", if count == 2 { "两" } else { "各" })
}

pub fn no_rows(what: impl Display) -> String {
    format!("文件中没有{what}行")
}

pub fn row_too_wide(line: impl Display, max: impl Display) -> String {
    format!("第 {line} 行：列数过多（最多 {max} 列）")
}

pub fn row_bad_csv(line: impl Display) -> String {
    format!("第 {line} 行：CSV 格式不正确")
}

pub fn row_person_not_number(line: impl Display, text: impl Display) -> String {
    format!("第 {line} 行：人员编号“{text}”不是数字")
}

pub fn row_person_repeated(line: impl Display, person: impl Display, first: impl Display) -> String {
    format!("第 {line} 行：人员编号 {person} 与第 {first} 行重复")
}

pub fn row_person_unknown(line: impl Display, person: impl Display) -> String {
    format!("第 {line} 行：人员编号 {person} 不存在")
}

pub fn row_name_differs(line: impl Display, person: impl Display, name: impl Display, given: impl Display) -> String {
    format!("第 {line} 行：人员编号 {person} 的姓名是“{name}”，文件中为“{given}”")
}

pub fn row_not_district_managed(line: impl Display, name: impl Display, person: impl Display) -> String {
    format!("第 {line} 行：{name}（{person}）不是区管干部，不参加履职能力测试")
}

pub fn row_error(line: impl Display, error: impl Display) -> String {
    format!("第 {line} 行：{error}")
}

pub fn import_over_capacity(total: impl Display, capacity: impl Display) -> String {
    format!("导入后共 {total} 人，超过人数上限 {capacity} 人")
}

pub fn venue_conflict(venue: impl Display, title: impl Display, starts_at: impl Display) -> String {
    format!("场地冲突：「{venue}」在该时段已安排「{title}」（{starts_at}）")
}

pub fn time_conflict(title: impl Display, starts_at: impl Display) -> String {
    format!("时间冲突：「{title}」（{starts_at}）与本班时间重叠，培训对象有交叉")
}

pub fn repeated_training(trained: impl Display, title: impl Display) -> String {
    format!("重复培训：培训对象中已有 {trained} 人今年参加过同主题培训「{title}」")
}

pub fn filing_decided_as(status: impl Display) -> String {
    format!("该培训班的备案已处理（{status}）")
}

pub fn close_needs_open(status: impl Display) -> String {
    format!("只有签到中的培训班可以结班（当前：{status}）")
}

pub fn as_of_outside_year(year: impl Display) -> String {
    format!("统计日期应在 {year} 年内")
}

pub fn no_person_numbered(id: impl Display) -> String {
    format!("没有编号为 {id} 的人员")
}

pub fn no_person_named(name: impl Display) -> String {
    format!("没有名为「{name}」的人员")
}

/// Several people have the name: `candidates` lists some of them ([`person_candidate`]).
pub fn person_name_ambiguous(name: impl Display, candidates: impl Display) -> String {
    format!("名为「{name}」的人员不止一位（{candidates}），请填写人员编号")
}

pub fn person_candidate(unit: impl Display, id: impl Display) -> String {
    format!("{unit} 编号 {id}")
}

pub fn selection_published(year: impl Display) -> String {
    format!("{year}年度精品课程评选结果已公布，不能再修改")
}

pub fn no_nominations(year: impl Display) -> String {
    format!("{year}年度还没有提名的课程")
}

/// A premium course's recognition: the hours it was rewarded with.
pub fn reward_recognition(hours: impl Display) -> String {
    format!("奖励 {hours} 学时")
}

pub fn supervision_conflict_of_interest(group: impl Display, unit: impl Display, school: impl Display) -> String {
    format!("{group}有{unit}的人员，按回避原则不能督导本单位的「{school}」")
}

pub fn period_outside(earliest: impl Display, today: impl Display) -> String {
    format!("时段须在 {earliest} 至今天（{today}）之间")
}

/// A form's problems, all at once.
pub fn problems(list: &[String]) -> String {
    list.join("；")
}

pub fn unit_unknown(name: impl Display) -> String {
    format!("单位「{name}」不存在，请先在“单位”页建立")
}

/// A unit to be retired without a survivor still holds people, units or schools.
pub fn unit_still_holds(people: i64, children: i64, schools: i64) -> String {
    format!("该单位还有 {people} 人、{children} 个下属单位、{schools} 所在办党校（含联合建校成员）：请选择并入的单位，或先转出")
}

/// The change log's summary of a merge.
pub fn unit_merged_summary(name: impl Display, people: i64, children: i64, schools: i64, memberships: i64) -> String {
    format!("{name}：转入 {people} 人、{children} 个下属单位、举办的 {schools} 所党校、{memberships} 个联合建校成员席位")
}

pub fn school_saved(name: impl Display) -> String {
    format!("已保存「{name}」")
}

/// One roster import, as the change log keeps it.
pub fn roster_summary(rows: usize, new: usize, changed: usize, moves: usize, promotions: usize, unchanged: usize) -> String {
    format!(
        "人员名单导入：共 {rows} 行，新增 {new} 人，变更 {changed} 人（调动 {moves} 人、职级变化 {promotions} 人），未变 {unchanged} 人"
    )
}

/// A read of a person's page, as the security log keeps it.
pub fn personal_read(person: i64, name: impl Display) -> String {
    format!("查看人员 {person}（{name}）的个人页")
}

pub fn export_compliance(year: impl Display) -> String {
    format!("导出 {year} 年学时达标表")
}

pub fn export_roster(class: impl Display) -> String {
    format!("导出「{class}」签到名单")
}

/// The line an exported workbook carries.
pub fn link_days_rule(max: impl Display) -> String {
    format!("链接有效天数应为 1–{max} 天")
}

pub fn link_batch_too_large(max: impl Display) -> String {
    format!("该单位符合条件的人员超过 {max} 人：请勾选“仅区管干部”，或分批开通")
}

pub fn links_issued_summary(unit: impl Display, new: usize, again: usize) -> String {
    format!("{unit}：新开通 {new} 个账号，重发 {again} 个登录链接")
}

pub fn export_links(unit: impl Display) -> String {
    format!("导出{unit}的账号登录链接")
}

pub fn capacity_below_roster(attendees: impl Display) -> String {
    format!("人数上限不能少于已在名单中的 {attendees} 人")
}

pub fn missed_months_rule(min: impl Display, max: impl Display) -> String {
    format!("漏训时长应为 {min}–{max} 个月的整数")
}

/// The conflict check's note on an audience with cadres who missed training.
pub fn missed_in_audience(cadres: i64, months: i64) -> String {
    format!("培训对象中有 {cadres} 名区管干部已 {months} 个月以上未参加培训（漏训），请优先安排其参训")
}

/// The notice to a top-ranked teacher's unit (师资积分通报).
pub fn teacher_report_notice(
    unit: impl Display,
    name: impl Display,
    rank: impl Display,
    points: impl Display,
    day: impl Display,
) -> String {
    format!("{unit}：贵单位{name}同志在黄陂区业余党校师资库积分排名第 {rank} 名（{points} 分），特此通报。（{day}）")
}

/// What a list's export is logged as: the list and its search.
pub fn export_list(list: &str, search: &str) -> String {
    if search.is_empty() {
        format!("导出{list}")
    } else {
        format!("导出{list}（查找“{search}”）")
    }
}

pub fn exported_by(who: impl Display, at: impl Display) -> String {
    format!("导出人：{who}　导出时间：{at}")
}
