//! Fixed catalogues of the demo district: unit names (public institutions, not people), size hints,
//! name parts for generated people, class titles and venues. People's names are generated from the
//! parts below and belong to nobody.

use crate::model::CourseCategory;

/// Township-level units (街乡场) as in `data/geo/huangpi-towns.json`, keyed by NBS code, with a
/// size hint (Party members, before scaling to the district's 55,000). 木兰山风景区管理处 is left out:
/// see the README for the 19 taken.
pub const TOWNSHIP_SIZES: &[(&str, u32)] = &[
    ("420116001", 4200), // 前川街
    ("420116002", 2000), // 祁家湾街
    ("420116003", 2600), // 横店街
    ("420116004", 1800), // 罗汉寺街
    ("420116005", 2600), // 滠口街
    ("420116006", 1900), // 六指街
    ("420116007", 1800), // 天河街
    ("420116008", 2100), // 王家河街
    ("420116009", 2100), // 长岭街
    ("420116010", 2000), // 李集街
    ("420116011", 1700), // 姚集街
    ("420116012", 1700), // 蔡榨街
    ("420116013", 1900), // 武湖街
    ("420116014", 1600), // 三里桥街
    ("420116015", 1400), // 蔡店街
    ("420116201", 1000), // 木兰乡
    ("420116402", 800),  // 大潭办事处 (the former 原种场: the 场 of 街乡场)
    ("420116403", 2300), // 盘龙城经济开发区
    ("420116404", 900),  // 汉口北商贸物流枢纽区
];

/// The NBS code left out of the 19 (a scenic-area office with no Party membership of its own here).
#[cfg(test)]
pub const TOWNSHIP_LEFT_OUT: &str = "420116401";

/// District departments (区直单位) with a school of their own (独立建校): 47 of them, with size hints.
pub const DEPARTMENTS_WITH_SCHOOL: &[(&str, u32)] = &[
    ("区委办公室", 120),
    ("区政府办公室", 130),
    ("区纪委", 150),
    ("区委组织部", 90),
    ("区委宣传部", 80),
    ("区委统战部", 60),
    ("区委政法委", 70),
    ("区人大常委会机关", 80),
    ("区政协机关", 70),
    ("区委党校", 60),
    ("区发改委", 110),
    ("区经信局", 100),
    ("区教育局", 900),
    ("区科技局", 60),
    ("区公安分局", 850),
    ("区民政局", 140),
    ("区司法局", 160),
    ("区财政局", 260),
    ("区人社局", 200),
    ("区国土资源局", 300),
    ("区环保局", 120),
    ("区住建局", 280),
    ("区房产中心", 180),
    ("区城管局", 320),
    ("区交通运输局", 260),
    ("区水务局", 340),
    ("区农委", 420),
    ("区林业局", 150),
    ("区商务局", 90),
    ("区文体局", 140),
    ("区卫计委", 700),
    ("区审计局", 80),
    ("区统计局", 70),
    ("区工商局", 260),
    ("区质监局", 90),
    ("区食药监局", 120),
    ("区安监局", 70),
    ("区国税局", 230),
    ("区地税局", 240),
    ("区人民法院", 210),
    ("区人民检察院", 150),
    ("区旅游局", 70),
    ("区供销社", 130),
    ("区公路局", 190),
    ("区规划局", 80),
    ("区招商局", 60),
    ("区城投公司", 110),
];

/// Smaller district departments: no school of their own; their members train with others.
pub const DEPARTMENTS_WITHOUT_SCHOOL: &[(&str, u32)] = &[
    ("区信访局", 40),
    ("区档案局", 25),
    ("区机关事务局", 45),
    ("区物价局", 30),
    ("区粮食局", 35),
    ("区侨务办", 15),
    ("区委老干部局", 30),
    ("区地方志办", 15),
];

/// The five mass organisations of the joint school (联合建校), in rotation order of the principal.
pub const MASS_ORGANISATIONS: &[(&str, u32)] = &[("区总工会", 45), ("团区委", 30), ("区妇联", 30), ("区残联", 20), ("区科协", 20)];

/// Second-level public institutions (区直二级事业单位) with an extended school, their parent
/// department, size hint, and whether their school opened with the first 71 (by 2015-08).
pub const INSTITUTIONS: &[(&str, &str, u32, bool)] = &[
    ("区第一中学", "区教育局", 260, true),
    ("区人民医院", "区卫计委", 420, true),
    ("区中医医院", "区卫计委", 300, true),
    ("区疾病预防控制中心", "区卫计委", 150, true),
    ("区职业技术学校", "区教育局", 180, false),
    ("区水利工程管理处", "区水务局", 160, false),
];

/// Partner units outside the district (结对联训).
pub const PARTNERS: &[&str] = &["市财政局", "江岸区球场街"];

/// The April 2015 pilot (试点): four district units and two streets.
pub const PILOT_UNITS: &[&str] = &["区教育局", "区住建局", "区房产中心", "区卫计委", "前川街", "滠口街"];

/// The southern regional joint-training group (区域联训), in hosting rotation order.
pub const REGIONAL_GROUP: &[&str] = &["滠口街", "武湖街", "三里桥街", "大潭办事处"];

/// Units whose leaders are district-level (区级领导) in the demo.
pub const DISTRICT_LEADERSHIP_UNITS: &[(&str, u32)] =
    &[("区委办公室", 12), ("区政府办公室", 12), ("区人大常委会机关", 7), ("区政协机关", 7)];

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁",
    "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程",
    "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付",
    "方", "邹", "熊", "孟", "秦", "白",
];

pub const GIVEN_CHARS: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英",
    "华", "建", "国", "文", "红", "兵", "辉", "波", "鹏", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "玲", "婷", "雪", "琴",
    "云", "莉", "兰", "凤", "洁", "梅", "琳", "晨", "欣", "亮", "成", "松", "林", "峰", "斌", "志", "新", "春", "海", "荣", "德", "庆",
    "祥", "瑞", "昌", "启", "振", "璐",
];

/// Out-of-district teaching bodies in the Wuhan area (武汉地区) for the teacher pool.
pub const OUTSIDE_TEACHING_UNITS: &[&str] =
    &["武汉市委党校", "武汉大学", "华中科技大学", "华中师范大学", "中南财经政法大学", "湖北省委党校", "武汉理工大学", "江汉大学"];

/// Class titles per course category.
pub fn titles(category: CourseCategory) -> &'static [&'static str] {
    match category {
        CourseCategory::PoliticalTheory => &[
            "党章党规专题辅导",
            "“两学一做”学习教育专题党课",
            "习近平总书记系列重要讲话精神学习",
            "党的群众路线教育专题",
            "十八届六中全会精神解读",
            "党风廉政建设警示教育",
        ],
        CourseCategory::EconomyFinance => &["精准扶贫政策解读", "农村集体“三资”管理", "临空经济区发展专题", "财政预算与资金监管"],
        CourseCategory::PublicAdministration => {
            &["基层社会治理与网格化管理", "基层党组织书记履职能力培训", "群众工作方法专题", "应急管理与防汛抗旱"]
        }
        CourseCategory::LawRegulation => &["依法行政与法治思维", "《信访条例》解读", "农村土地承包法律实务", "党内法规与纪律处分条例"],
        CourseCategory::ProfessionalKnowledge => &["公文写作与办文办会", "党务工作实务", "发展党员工作规程", "基层党建“三会一课”实务"],
        CourseCategory::GeneralQuality => &["新媒体时代舆情应对", "传统文化与干部修养", "心理调适与压力管理", "木兰文化专题讲座"],
        CourseCategory::OnSiteTeaching => &["木兰山红色教育现场教学", "美丽乡村建设现场教学", "黄麻起义史迹现场教学", "产业园区现场观摩"],
    }
}

/// Venues: the school's own rooms, or on-site teaching bases.
pub const VENUES: &[&str] = &["党员活动中心", "会议室", "多功能厅", "党校教室"];
pub const ON_SITE_VENUES: &[&str] = &["木兰山革命历史陈列馆", "姚集美丽乡村示范点", "前川工业园", "汉口北产业园", "黄陂区档案馆"];
