//! Every message a user reads from the server — errors, outcomes, warnings, import reports — by key,
//! in one place. The logic names a key (`msg::reject_needs_reason()`); the text is here (zh-CN
//! today). A second language is a second text per key chosen here, without touching the logic.
//!
//! Not messages: records written into the database in the district's language (audit details, class
//! logs, evidence lines, notices) and the operator's start-up messages; the pages' own labels are
//! the views'.

mod values;

pub use values::*;

/// Declares messages without parameters: each key is a function returning its text.
macro_rules! texts {
    ($($key:ident => $text:literal;)+) => {
        $(
            #[doc = $text]
            pub fn $key() -> &'static str {
                $text
            }
        )+
    };
}

texts! {
    bad_request => "请求格式不正确";
    record_noun => "相关记录";
    duplicate_record => "该记录已存在，请勿重复提交";
    missing_reference => "所选的相关记录不存在或已被删除，请刷新后重试";
    constraint_refused => "填写的内容不符合要求，请检查后重试";
    login_missing => "请输入用户名和密码";
    passwords_differ => "两次输入的新密码不一致";
    current_password_wrong => "当前密码不正确";
    username_rule => "用户名为 3–32 位小写字母、数字或 _ . -";
    display_name_rule => "请填写姓名（不超过 40 个字）";
    roles_missing => "请至少选择一个角色";
    field_person_number => "人员编号";
    field_school => "业余党校";
    school_admin_needs_school => "业余党校管理员需要选择所管理的党校";
    chosen_school_missing => "所选业余党校不存在";
    roles_keep_one => "请至少保留一个角色";
    no_self_lockout => "不能停用自己的账号或取消自己的管理员角色";
    account_noun => "该账号";
    scorecard_noun => "该评分表";
    this_school_noun => "该业余党校";
    checkin_opened => "已开放签到";
    checkin_needs_person => "本账号未关联人员，不能签到";
    code_missing => "请输入屏幕上的 6 位签到码";
    code_throttled => "签到码错误次数过多，请 15 分钟后再试，或扫描现场二维码";
    code_wrong => "签到码不正确或已过期，请输入屏幕上的最新签到码";
    scan_again => "请重新扫描培训现场的二维码，或输入 6 位签到码";
    person_number_rule => "请填写人员编号（数字）";
    roster_too_large => "名单文件不能超过 2 MB";
    class_missing => "缺少培训班";
    roster_file_missing => "请选择名单文件（CSV 或 Excel）";
    results_too_large => "成绩文件不能超过 2 MB";
    year_missing => "请选择年度";
    results_file_missing => "请选择成绩文件（Excel 或 CSV）";
    field_results => "成绩";
    weights_not_numbers => "权重请填写数字";
    field_demonstration_subsidy => "示范校补助";
    field_excellent_subsidy => "优秀校补助";
    rectification_status_missing => "请选择整改状态";
    rectification_note_too_long => "整改说明不超过 500 个字";
    year_wrong => "年份不正确";
    person_noun => "该人员";
    claim_needs_person => "本账号未关联人员，不能申报学时";
    text_too_long => "填写的内容过长";
    claim_hours_not_number => "学时请填写数字，如 4 或 2.5";
    reject_needs_reason => "驳回时请填写理由";
    reason_too_long => "理由不能超过 200 个字";
    rank_missing => "请选择职级";
    target_not_number => "目标学时请填写数字";
    target_range => "目标学时应在 1 到 500 之间，以 0.5 为单位";
    field_joint_group => "联训组";
    field_plan_line => "教学计划项";
    field_red_base => "红色教学基地";
    class_kind_wrong => "培训班类型不正确";
    red_base_missing => "红色大讲堂请选择红色教学基地";
    red_lecture_for_all => "红色大讲堂面向全区党员干部，不限培训对象单位和职级";
    red_base_only_lecture => "只有红色大讲堂选择红色教学基地";
    red_lecture_district_only => "红色大讲堂由区委组织部统一举办";
    red_base_unknown => "所选红色教学基地不存在或已停用";
    red_base_name_rule => "请填写基地名称（不超过 40 字）";
    red_base_place_rule => "请填写基地所在地（不超过 60 字）";
    red_base_about_rule => "基地简介不超过 300 字";
    red_base_name_taken => "已有同名的红色教学基地";
    red_base_noun => "该红色教学基地";
    field_scorer => "评分单位";
    field_scored => "被评单位";
    lecture_venue_missing => "请选择授课场所";
    school_choice_missing => "所选学校不存在";
    reward_not_number => "奖励学时请填写数字";
    field_school_short => "学校";
    field_supervision_group => "督导组";
    field_supervised_school => "督导的学校";
    visit_noun => "督导记录";
    feedback_needs_person => "本账号未关联人员，不能评价";
    category_missing => "请选择课程类别";
    course_title_rule => "请填写课程名称（不超过 60 个字）";
    teacher_missing => "请选择授课教师";
    review_score_not_number => "评审分数请填写数字";
    qr_forged => "签到二维码无效，请扫描培训现场屏幕上的二维码";
    qr_expired => "签到二维码已过期，请重新扫描屏幕上的最新二维码";
    open_cancelled => "培训班已取消，不能开放签到";
    open_already => "培训班已在签到中";
    open_needs_filing => "该培训班须事前备案，备案通过后才能开放签到";
    open_filing_rejected => "该培训班备案未通过，不能开放签到";
    class_title_missing => "请填写培训班名称";
    venue_missing => "请填写培训地点";
    venue_kind_missing => "请选择办班地点类型";
    starts_at_wrong => "开始时间格式不正确";
    ends_at_wrong => "结束时间格式不正确";
    ends_before_start => "结束时间须晚于开始时间";
    class_hours_not_number => "学时请填写数字，如 3 或 1.5";
    class_hours_range => "学时须大于 0、不超过 80，以 0.5 为单位";
    audience_rank_wrong => "培训对象职级不正确";
    field_audience_unit => "培训对象单位";
    field_host_school => "主办党校";
    field_teacher => "授课教师";
    field_co_school => "联合办班党校";
    feedback_not_attended => "只有参加了该培训班的学员才能评价";
    feedback_already => "您已评价过该培训班，感谢参与";
    feedback_too_early => "培训班开始后才能评价";
    month_missing => "请选择月份";
    month_range => "月份应为 1–12";
    topic_missing => "请填写教学专题";
    topic_too_long => "教学专题不超过 60 字";
    no_self_scoring => "交叉评估不能给本单位打分";
    reward_range => "每次授课奖励学时应在 0.5 到 16 之间，最小单位 0.5";
    lecture_date_missing => "请填写授课日期";
    lecture_in_future => "授课日期不能晚于今天";
    lecture_title_rule => "请填写授课题目（不超过 60 个字）";
    lecture_needs_school => "在业余党校授课，请选择学校";
    lecture_school_not_needed => "只有在业余党校授课才需选择学校";
    review_score_range => "评审分数应为 0–100，最小单位 0.5 分";
    weight_range => "每项权重应在 0 到 100 之间";
    interview_date_missing => "请填写约谈日期";
    deadline_missing => "请填写整改期限";
    deadline_before_interview => "整改期限不能早于约谈日期";
    claim_title_missing => "请填写学习内容（课程或培训名称）";
    claim_title_too_long => "学习内容不能超过 100 个字";
    claim_provider_missing => "请填写举办机构（如网络学院、高校）";
    claim_provider_too_long => "举办机构不能超过 100 个字";
    claim_start_wrong => "开始日期不正确，请按 年-月-日 填写";
    claim_end_wrong => "结束日期不正确，请按 年-月-日 填写";
    claim_end_before_start => "结束日期不能早于开始日期";
    claim_not_finished => "只能申报已经结束的学习";
    claim_start_invalid => "开始日期不正确";
    claim_hours_positive => "学时必须大于 0";
    claim_hours_step => "学时以 0.5 为单位";
    evidence_missing => "请上传学习证明（PDF、JPG 或 PNG）";
    evidence_too_large => "证明文件不能超过 5 MB";
    evidence_kind => "证明文件只能是 PDF、JPG 或 PNG 格式";
    visit_date_missing => "请填写督导日期";
    visit_in_future => "督导日期不能晚于今天";
    findings_missing => "请填写督导发现的情况";
    follow_up_needs_text => "填写了整改期限，请同时填写整改要求";
    follow_up_needs_deadline => "有整改要求时请填写整改期限";
    follow_up_deadline_invalid => "整改期限不是有效日期";
    follow_up_deadline_early => "整改期限不能早于督导日期";
    wrong_credentials => "用户名或密码错误";
    login_throttled => "登录失败次数过多，请 15 分钟后再试";
    username_too_long => "用户名过长";
    evidence_noun => "该证明材料";
    cross_site_refused => "拒绝跨站请求：请从本站页面提交";
    multipart_required => "请以表单上传文件（multipart/form-data）";
    upload_interrupted => "上传中断，请重试";
    too_many_rows => "一次最多导入 5000 行";
    file_too_complex => "文件过于复杂，无法在规定时间内读完，请精简后重试";
    field_roster => "名单";
    file_unreadable => "无法读取文件：请上传 CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx）文件";
    xlsx_unreadable => "无法读取 Excel 文件：请上传 .xlsx 格式";
    xlsx_too_large => "Excel 文件解压后过大，请只保留需要导入的工作表和数据";
    year_invalid => "年度不正确";
    period_dates_missing => "请填写起止日期（年-月-日）";
    period_reversed => "开始日期不能晚于结束日期";
    add_needs_open => "请先开放签到再添加学员（已结班的须由组织部重新开放）";
    already_on_roster => "该学员已在名单中";
    roster_needs_open => "只有签到中的培训班可以调整名单";
    credited_stays => "该学员的学时已记入台账，不能移除";
    roster_person_noun => "名单中的该学员";
    import_needs_open => "请先开放签到再导入名单（已结班的须由组织部重新开放）";
    late_add_by_org => "培训班已结束，补录学员须由组织部办理";
    too_many_claims => "申报过多，请稍后再试";
    too_many_streams => "此地址打开的实时页面过多，请关闭部分页面后刷新";
    claim_noun => "该申报";
    claim_decided => "该申报已经审核过，不能重复审核";
    no_self_review => "不能审核本人的申报，请由其他管理员审核";
    class_noun => "该培训班";
    attendance_noun => "本人在该培训班的签到记录";
    host_school_missing => "请选择主办党校";
    host_school_unknown => "主办党校不存在";
    teacher_not_in_pool => "所选教师不在师资库中";
    co_school_unknown => "联合办班的党校不存在";
    audience_unit_unknown => "培训对象单位不存在";
    host_not_in_group => "主办党校所在单位不是所选联训组的成员";
    filing_reject_needs_reason => "驳回备案须填写理由";
    filing_reason_too_long => "理由不超过 200 字";
    filing_decided => "该培训班的备案已处理";
    reopen_by_org => "已结班的培训班只能由组织部重新开放";
    class_changed => "培训班状态已变化，请刷新后重试";
    class_closed_already => "该培训班已结班";
    all_units => "全区各单位";
    system_actor => "系统";
    district_total => "全区";
    no_supervision_group => "未分配督导组";
    as_of_wrong => "统计日期不正确，请按 年-月-日 填写";
    joint_group_unknown => "联训组不存在";
    cross_only_regional => "只有区域联训组进行交叉评估";
    cross_members_only => "评分单位和被评单位都须是本联训组成员";
    lecturer_missing => "请填写授课人的姓名或人员编号";
    no_self_lecture => "不能登记本人的授课，请由其他管理员登记";
    lecture_recorded => "这次授课已经登记过";
    nominated_already => "该教师的这门课程今年已经提名";
    nomination_noun => "该提名";
    supervision_group_unknown => "所选督导组不存在";
    school_without_group => "该学校尚未分配督导组";
    no_follow_up => "该记录没有待整改事项";
    follow_up_note_rule => "请填写整改情况（不超过 500 字）";
    school_name_rule => "请填写学校名称（2–40 个字）";
    founding_mode_missing => "请选择建校模式";
    extension_kind_missing => "延伸建校须选择类型（片区或二级事业单位）";
    host_unit_missing => "请选择举办单位";
    opened_on_rule => "请填写开办日期（年-月-日）";
    coordinates_rule => "请填写学校位置的经纬度（在黄陂区范围内：经度 114.15–114.62，纬度 30.66–31.37）";
    joint_members_rule => "联合建校须填写至少两个成员单位（用顿号分隔）";
    sub_area_rule => "片区业余党校须填写所服务的片区名称（不超过 40 字）";
    villages_rule => "所辖村（社区）不超过 500 字";
    vice_is_principal => "副校长不能与校长为同一人";
    venue_rule => "办学场所不超过 100 字";
    contact_rule => "联系人及电话不超过 60 字";
    profile_rule => "学校简介不超过 1000 字";
    school_noun_plain => "该学校";
    document_missing => "请选择要上传的资料文件（PDF、JPG 或 PNG）";
    document_too_large => "资料文件不能超过 5 MB";
    document_kind => "资料文件只能是 PDF、JPG 或 PNG 格式（按文件内容识别）";
    six_one_item_missing => "请选择资料属于“六个一”中的哪一项";
    documents_full => "该项资料已有 10 份，请先删除不再需要的资料";
    document_noun => "该资料";
    questionnaire_too_few => "本年度该校培训班的学员问卷不足 5 份，不能据此评分（为保护答卷人匿名）";
    unit_noun => "该单位";
    unit_name_rule => "请填写单位全称（2–40 个字）";
    unit_short_name_rule => "请填写单位简称（1–12 个字）";
    unit_kind_missing => "请选择单位类别";
    unit_parent_unknown => "所选上级单位不存在";
    unit_parent_self => "上级单位不能是本单位";
    unit_retired_already => "该单位已撤销";
    teacher_name_rule => "请填写教师姓名（2–20 个字）";
    teacher_place_missing => "请选择区内或区外教师";
    teacher_unit_rule => "请填写教师所在单位（2–40 个字）";
    outside_teacher_person => "区外教师不关联区内人员编号";
    teacher_title_rule => "职务职称不超过 40 字";
    specialties_missing => "请至少选择一项专长（七类课程之一）";
    teacher_profile_rule => "教师简介不超过 500 字";
    teacher_noun => "该教师";
    unit_not_in_use => "所选单位不存在或已撤销";
    no_teachers_to_report => "师资库中还没有教师，无可通报";
    term_person_missing => "请填写轮值校长的人员编号";
    term_unit_missing => "请选择轮值校长所在的成员单位";
    term_days_rule => "请填写任期起止日期（年-月-日），结束须晚于开始";
    terms_only_joint => "只有联合建校的党校有轮值校长";
    term_unit_not_member => "轮值校长所在单位须是该校的成员单位";
    term_overlaps => "任期与已有的轮值校长任期重叠";
    term_begun => "已开始的任期保留在历史中，不能删除";
    term_noun => "该任期";
    link_unknown => "登录链接无效：请核对链接，或向单位索取新的链接";
    link_used => "该登录链接已使用过：请直接用人员编号和密码登录";
    link_expired => "该登录链接已过期：请向单位索取新的链接";
    link_used_detail => "通过一次性登录链接设置密码";
    merge_into_self => "不能并入本单位";
    merge_target_unknown => "所选并入单位不存在或已撤销";
    school_closed_already => "该学校已撤销";
    school_open_already => "该学校正在办学";
    roster_not_previewed => "文件与预览时不同：请重新选择文件并先预览";
    people_roster_too_large => "人员名单文件过大：请上传不超过 8 MB、10 万行的文件";
    cancel_only_planned => "只能取消尚未开放签到的培训班";
    edit_only_planned => "只能修改尚未开放签到的培训班";
    filed_again => "（时间或地点已变，须重新事前备案）";
    field_class_title => "名称";
    field_venue => "地点";
    field_starts_at => "开始";
    field_ends_at => "结束";
    field_class_hours => "学时";
    field_capacity => "人数上限";
    class_cancelled => "培训班已取消";
    school_not_open => "该学校未在办学（筹建中或已撤销），不能新建培训班";
    field_host_unit => "举办单位";
    field_township => "所在街乡场";
    field_principal => "校长（人员编号）";
    field_vice_principal => "副校长（人员编号）";
    field_parent_unit => "上级单位";
    host_only_joint => "只有联合建校的党校按成员单位轮流承办，独立办学的党校不填承办单位";
    host_member_missing => "请选择承办这一项的成员单位（联合党校各成员单位轮流承办）";
    plan_line_unknown => "该教学计划项不存在";
    plan_line_has_classes => "已有培训班按这一项举办，不能删除；取消这些培训班后方可删除";
    plan_line_elsewhere => "所选教学计划项不属于主办党校或其所在的联训组";
    plan_line_other_year => "培训班须在教学计划项所在年度举办";
    plan_lines_full => "本年度教学计划已有 120 项，不能再添加";
}

/// What a security-log event code reads as.
pub fn security_event(kind: &str) -> &'static str {
    match kind {
        "login_failed" => "登录失败",
        "login_throttled" => "登录限流",
        "code_failed" => "签到码错误",
        "code_throttled" => "签到码限流",
        "forbidden" => "越权访问被拒绝",
        "cross_site" => "跨站请求被拒绝",
        "account_created" => "创建账号",
        "account_updated" => "修改账号",
        "password_reset" => "重置密码",
        "personal_read" => "查看个人信息",
        "personal_export" => "导出个人信息",
        "link_used" => "使用登录链接",
        _ => "其他",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_reads_its_text_and_its_values() {
        assert_eq!(super::reject_needs_reason(), "驳回时请填写理由");
        assert_eq!(super::class_full("党章学习班", 40), "「党章学习班」名额已满（40 人）");
        assert_eq!(super::heading_missing("“人员编号”“姓名”", 2), "标题行须包含“人员编号”“姓名”两列");
    }
}
