//! The full ECharts options of every chart but the map (`geo`), built with charming on the server and
//! sent as JSON text with the page's data. Their figures are shaped by `data`, which also builds what a
//! live chart merges in the browser.

use super::data::{hour_rows, monthly_rows, township_rows};
use super::{GOLD, PALETTE, RED};
use crate::model::{cumulative_attendances, Band, Dashboard, DashboardCharts, ModeCount, MonthPoint, UnitCompliance, UnitCount};
use charming::{
    component::{Axis, Grid, Legend},
    element::{AxisLabel, AxisType, ItemStyle, Label, LabelPosition, Tooltip, Trigger},
    series::{Bar, Line, Pie},
    Chart,
};

/// A chart's option as JSON text.
pub fn json(chart: &Chart) -> String {
    serde_json::to_string(chart).unwrap_or_else(|_| "{}".into())
}

/// The dashboard's charts, for its figures.
pub fn dashboard(d: &Dashboard) -> DashboardCharts {
    DashboardCharts {
        monthly: with_milestones(json(&monthly_chart(&d.monthly)), &d.monthly, &d.red_lectures),
        cumulative: json(&cumulative_chart(&d.monthly)),
        modes: json(&founding_mode_chart(&d.schools_by_mode)),
        townships: json(&township_chart(&d.by_township)),
        today_townships: json(&township_chart(&d.today.by_township)),
        today_hours: json(&hourly_chart(&d.today.by_hour)),
    }
}

fn grid() -> Grid {
    Grid::new().left(48).right(56).top(40).bottom(48).contain_label(true)
}

/// Classes (bars) and attendances (line, right axis) per month.
pub fn monthly_chart(monthly: &[MonthPoint]) -> Chart {
    let (months, classes, attendances) = monthly_rows(monthly);
    Chart::new()
        .color(vec![RED, GOLD])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(grid())
        .x_axis(Axis::new().type_(AxisType::Category).data(months))
        .y_axis(Axis::new().type_(AxisType::Value).name("期/场"))
        .y_axis(Axis::new().type_(AxisType::Value).name("人次"))
        .series(Bar::new().name("办班期数").data(classes))
        .series(Line::new().name("培训人次").y_axis_index(1).data(attendances))
}

/// The monthly chart's option with the timeline's events (`model::timeline`: the programme's
/// milestones and the Red Lecture Hall's lectures held on `red_days`) that fall within its months, as
/// dashed vertical lines labelled with what happened (charming has no mark lines: added to the
/// option's JSON). A live update merges only data: the marks stay.
pub fn with_milestones(option: String, monthly: &[MonthPoint], red_days: &[String]) -> String {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&option) else { return option };
    let marks: Vec<serde_json::Value> = crate::model::timeline(red_days)
        .into_iter()
        .filter(|(month, _)| monthly.iter().any(|p| p.month == *month))
        .map(|(month, what)| serde_json::json!({ "xAxis": month, "name": what, "label": { "formatter": what } }))
        .collect();
    if marks.is_empty() {
        return option;
    }
    value["series"][0]["markLine"] = serde_json::json!({
        "symbol": ["none", "none"],
        "silent": true,
        "animation": false,
        "lineStyle": { "type": "dashed", "color": "#7a6a55", "width": 1 },
        "label": { "position": "insideEndTop", "fontSize": 10, "color": "#5b4a36" },
        "data": marks,
    });
    value.to_string()
}

/// Running total of attendances.
pub fn cumulative_chart(monthly: &[MonthPoint]) -> Chart {
    let totals = cumulative_attendances(monthly);
    Chart::new()
        .color(vec![RED])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(grid())
        .x_axis(Axis::new().type_(AxisType::Category).data(totals.iter().map(|t| t.0.clone()).collect()))
        .y_axis(Axis::new().type_(AxisType::Value).name("累计人次"))
        .series(
            Line::new()
                .name("累计培训人次")
                .area_style(charming::element::AreaStyle::new().opacity(0.15))
                .data(totals.iter().map(|t| t.1).collect()),
        )
}

/// Schools by founding mode (extended split into sub-area and institution schools).
pub fn founding_mode_chart(modes: &[ModeCount]) -> Chart {
    Chart::new().color(PALETTE.to_vec()).tooltip(Tooltip::new().trigger(Trigger::Item)).legend(Legend::new().bottom(0)).series(
        Pie::new()
            .name("建校模式")
            .radius(vec!["38%", "66%"])
            .center(vec!["50%", "45%"])
            .label(Label::new().show(true).formatter("{b}\n{c} 所"))
            .data(modes.iter().map(|m| (m.schools as f64, m.label())).collect()),
    )
}

/// The schools of a year's six-haves evaluation by band (each band in its colour on the map).
pub fn band_chart(counts: &[(Band, usize)]) -> Chart {
    Chart::new()
        .color(counts.iter().map(|(b, _)| super::geo::band_color(*b)).collect())
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .legend(Legend::new().bottom(0))
        .series(
            Pie::new()
                .name("评估等次")
                .radius(vec!["38%", "66%"])
                .center(vec!["50%", "45%"])
                .label(Label::new().show(true).formatter("{b}\n{c} 所"))
                .data(counts.iter().map(|(b, n)| (*n as f64, b.label())).collect()),
        )
}

/// The district-managed cadres by where their study hours stand: met, on the year's pace, behind.
pub fn compliance_chart(total: &UnitCompliance) -> Chart {
    let parts = [(total.met, "已达标"), (total.on_track, "进度正常"), (total.behind, "进度滞后")];
    Chart::new().color(vec!["#2e7d32", GOLD, RED]).tooltip(Tooltip::new().trigger(Trigger::Item)).legend(Legend::new().bottom(0)).series(
        Pie::new()
            .name("区管干部")
            .radius(vec!["38%", "66%"])
            .center(vec!["50%", "45%"])
            .label(Label::new().show(true).formatter("{b}\n{c} 人（{d}%）"))
            .data(parts.iter().map(|(n, label)| (*n as f64, *label)).collect()),
    )
}

/// Attendances by township-level unit, largest on top.
pub fn township_chart(units: &[UnitCount]) -> Chart {
    let (names, values) = township_rows(units);
    Chart::new()
        .color(vec![RED])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(8).right(48).top(8).bottom(8).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Value))
        .y_axis(Axis::new().type_(AxisType::Category).axis_label(AxisLabel::new().interval(0)).data(names))
        .series(
            Bar::new()
                .name("培训人次")
                .item_style(ItemStyle::new().border_radius(2))
                .label(Label::new().show(true).position(LabelPosition::Right))
                .data(values),
        )
}

/// Today's check-ins per hour, from the first hour with any to the last.
pub fn hourly_chart(by_hour: &[i64]) -> Chart {
    let (hours, values) = hour_rows(by_hour);
    Chart::new()
        .color(vec![RED])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(8).right(16).top(16).bottom(8).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Category).data(hours))
        .y_axis(Axis::new().type_(AxisType::Value).name("签到人次"))
        .series(Bar::new().name("签到人次").data(values))
}

/// 班子结构分析: per test part, the team's members in each grade (stacked bars) and the team's and the
/// district's mean scores (lines, right axis).
pub fn team_structure_chart(grades: &[[usize; 4]; 3], team_means: [f64; 3], district_means: [f64; 3]) -> Chart {
    use crate::model::{CompetencyGrade, CompetencyPart};
    let mut chart = Chart::new()
        .color(vec!["#2e7d32", "#3b6ea8", GOLD, "#8a8a8a", RED, "#555555"])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(grid())
        .x_axis(Axis::new().type_(AxisType::Category).data(CompetencyPart::ALL.iter().map(|p| p.label().to_string()).collect()))
        .y_axis(Axis::new().type_(AxisType::Value).name("人数"))
        .y_axis(Axis::new().type_(AxisType::Value).name("平均分").min(0).max(100));
    for (g, grade) in CompetencyGrade::ALL.iter().enumerate() {
        chart = chart.series(Bar::new().name(grade.label()).stack("grades").data(grades.iter().map(|part| part[g] as i64).collect()));
    }
    chart
        .series(Line::new().name("本班子平均分").y_axis_index(1).data(team_means.to_vec()))
        .series(Line::new().name("全区平均分").y_axis_index(1).data(district_means.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FoundingMode;
    use serde_json::Value;

    fn json(chart: &Chart) -> Value {
        serde_json::to_value(chart).expect("chart serialises")
    }

    fn sample() -> Vec<MonthPoint> {
        vec![
            MonthPoint { month: "2015-04".into(), classes: 10, attendances: 700 },
            MonthPoint { month: "2015-05".into(), classes: 40, attendances: 2_900 },
        ]
    }

    #[test]
    fn the_monthly_chart_marks_the_milestones_within_its_months() {
        let months: Vec<MonthPoint> = ["2015-03", "2015-04", "2015-05", "2015-06", "2015-08", "2016-01"]
            .iter()
            .map(|m| MonthPoint { month: m.to_string(), classes: 1, attendances: 10 })
            .collect();
        let v = super::super::data::parse(&with_milestones(super::json(&monthly_chart(&months)), &months, &[]));
        let marks: Vec<&str> =
            v["series"][0]["markLine"]["data"].as_array().unwrap().iter().map(|m| m["xAxis"].as_str().unwrap()).collect();
        assert_eq!(marks, ["2015-04", "2015-06", "2015-08"]);
        assert_eq!(v["series"][0]["markLine"]["data"][0]["label"]["formatter"], "试点启动");
        // A period without any: the option as it was.
        let later = &months[5..];
        assert!(with_milestones(super::json(&monthly_chart(later)), later, &[]).find("markLine").is_none());
        // A Red Lecture Hall held in a month shown: marked.
        let red = super::super::data::parse(&with_milestones(super::json(&monthly_chart(later)), later, &["2016-01-08".into()]));
        assert_eq!(red["series"][0]["markLine"]["data"][0]["label"]["formatter"], "首次红色大讲堂（1月8日）");
    }

    #[test]
    fn monthly_chart_has_both_series_on_two_axes() {
        let v = json(&monthly_chart(&sample()));
        assert_eq!(v["xAxis"]["data"], serde_json::json!(["2015-04", "2015-05"]));
        assert_eq!(v["series"][0]["type"], "bar");
        assert_eq!(v["series"][0]["data"], serde_json::json!([10, 40]));
        assert_eq!(v["series"][1]["yAxisIndex"], 1.0);
        assert_eq!(v["series"][1]["data"], serde_json::json!([700, 2900]));
    }

    #[test]
    fn cumulative_chart_ends_at_the_total() {
        let v = json(&cumulative_chart(&sample()));
        assert_eq!(v["series"][0]["data"], serde_json::json!([700, 3600]));
    }

    #[test]
    fn founding_modes_are_named_in_chinese() {
        let v = json(&founding_mode_chart(&[ModeCount { mode: FoundingMode::Joint, extension: None, schools: 1 }]));
        assert_eq!(v["series"][0]["data"][0]["name"], "联合建校");
        assert_eq!(v["series"][0]["data"][0]["value"], 1.0);
    }

    #[test]
    fn the_bands_chart_shows_each_band_in_its_map_colour() {
        let counts = [(Band::Demonstration, 3), (Band::Excellent, 11), (Band::Qualified, 63), (Band::Unqualified, 1)];
        let v = json(&band_chart(&counts));
        assert_eq!(v["color"], serde_json::json!(["#c8161d", "#d4a017", "#4f7a52", "#555555"]));
        let data: Vec<(String, f64)> = v["series"][0]["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["name"].as_str().unwrap().to_string(), d["value"].as_f64().unwrap()))
            .collect();
        let expected: Vec<(String, f64)> = counts.iter().map(|(b, n)| (b.label().to_string(), *n as f64)).collect();
        assert_eq!(data, expected);
    }

    #[test]
    fn the_compliance_chart_parts_the_cadres_by_where_their_hours_stand() {
        let total = UnitCompliance { unit_id: 0, unit: "全区".into(), cadres: 10, met: 6, on_track: 3, behind: 1 };
        let v = json(&compliance_chart(&total));
        assert_eq!(v["series"][0]["data"][0]["name"], "已达标");
        let values: Vec<f64> = v["series"][0]["data"].as_array().unwrap().iter().map(|d| d["value"].as_f64().unwrap()).collect();
        assert_eq!(values, [6.0, 3.0, 1.0]);
    }

    #[test]
    fn team_structure_stacks_the_grades_per_part() {
        let v = json(&team_structure_chart(&[[2, 1, 0, 0], [0, 1, 1, 1], [1, 1, 1, 0]], [90.3, 69.7, 86.3], [85.0, 80.0, 82.0]));
        assert_eq!(v["xAxis"]["data"], serde_json::json!(["政治理论", "综合素养", "履职能力"]));
        assert_eq!(v["series"][0]["name"], "优秀");
        assert_eq!(v["series"][0]["stack"], "grades");
        assert_eq!(v["series"][0]["data"], serde_json::json!([2, 0, 1]));
        assert_eq!(v["series"][3]["data"], serde_json::json!([0, 1, 0]));
        assert_eq!(v["series"][4]["data"], serde_json::json!([90.3, 69.7, 86.3]));
        assert_eq!(v["series"][5]["yAxisIndex"], 1.0);
    }

    /// What the browser merges into a drawn chart carries the same figures as the full option.
    #[test]
    fn the_merged_figures_match_the_full_options() {
        use super::super::data;
        let units = vec![UnitCount { unit: "前川街".into(), attendances: 900 }, UnitCount { unit: "木兰乡".into(), attendances: 100 }];
        let hours: Vec<i64> = (0..24).map(|h| if h == 9 { 5 } else { 0 }).collect();
        let pairs = [
            (super::json(&monthly_chart(&sample())), data::monthly(&sample()), vec!["xAxis"], 2),
            (super::json(&cumulative_chart(&sample())), data::cumulative(&sample()), vec!["xAxis"], 1),
            (super::json(&township_chart(&units)), data::townships(&units), vec!["yAxis"], 1),
            (super::json(&hourly_chart(&hours)), data::hourly(&hours), vec!["xAxis"], 1),
        ];
        for (full, merged, axes, series) in pairs {
            let (full, merged) = (data::parse(&full), data::parse(&merged));
            for axis in axes {
                assert_eq!(full[axis]["data"], merged[axis]["data"], "{axis} of {full}");
            }
            for i in 0..series {
                assert_eq!(full["series"][i]["data"], merged["series"][i]["data"], "series {i} of {full}");
            }
        }
    }

    #[test]
    fn township_chart_puts_the_biggest_on_top() {
        let units = vec![UnitCount { unit: "前川街".into(), attendances: 900 }, UnitCount { unit: "木兰乡".into(), attendances: 100 }];
        let v = json(&township_chart(&units));
        assert_eq!(v["yAxis"]["data"], serde_json::json!(["木兰乡", "前川街"]));
    }
}
