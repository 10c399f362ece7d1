//! Chart options as pure functions (testable natively), and the component that draws them with
//! ECharts after hydration. The ECharts library itself is our own copy under `/vendor`.

#[cfg(feature = "hydrate")]
pub mod bindings;
mod component;
pub mod geo;
#[cfg(feature = "hydrate")]
pub use component::when_in_page;
pub use component::EChart;

use crate::model::{cumulative_attendances, ModeCount, MonthPoint, UnitCount};
use charming::{
    component::{Axis, Grid, Legend},
    element::{AxisLabel, AxisType, ItemStyle, Label, LabelPosition, Tooltip, Trigger},
    series::{Bar, Line, Pie},
    Chart,
};

/// Party red and its companions, used the same way on every chart.
pub const RED: &str = "#c8161d";
pub const GOLD: &str = "#d4a017";
pub const PALETTE: &[&str] = &["#c8161d", "#d4a017", "#3b6ea8", "#4d9a6a", "#8c5aa8"];

fn months(monthly: &[MonthPoint]) -> Vec<String> {
    monthly.iter().map(|p| p.month.clone()).collect()
}

fn grid() -> Grid {
    Grid::new().left(48).right(56).top(40).bottom(48).contain_label(true)
}

/// Classes (bars) and attendances (line, right axis) per month.
pub fn monthly_chart(monthly: &[MonthPoint]) -> Chart {
    Chart::new()
        .color(vec![RED, GOLD])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(grid())
        .x_axis(Axis::new().type_(AxisType::Category).data(months(monthly)))
        .y_axis(Axis::new().type_(AxisType::Value).name("期/场"))
        .y_axis(Axis::new().type_(AxisType::Value).name("人次"))
        .series(Bar::new().name("办班期数").data(monthly.iter().map(|p| p.classes).collect()))
        .series(Line::new().name("培训人次").y_axis_index(1).data(monthly.iter().map(|p| p.attendances).collect()))
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

/// Attendances by township-level unit, largest on top.
pub fn township_chart(units: &[UnitCount]) -> Chart {
    // ECharts draws a category y-axis bottom-up: reverse so the biggest bar is first on top.
    let rows: Vec<&UnitCount> = units.iter().rev().collect();
    Chart::new()
        .color(vec![RED])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(8).right(48).top(8).bottom(8).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Value))
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .axis_label(AxisLabel::new().interval(0))
                .data(rows.iter().map(|u| u.unit.clone()).collect()),
        )
        .series(
            Bar::new()
                .name("培训人次")
                .item_style(ItemStyle::new().border_radius(2))
                .label(Label::new().show(true).position(LabelPosition::Right))
                .data(rows.iter().map(|u| u.attendances).collect()),
        )
}

/// Today's check-ins per hour, from the first hour with any to the last.
pub fn hourly_chart(by_hour: &[i64]) -> Chart {
    let first = by_hour.iter().position(|n| *n > 0).unwrap_or(8).min(8);
    let last = by_hour.iter().rposition(|n| *n > 0).unwrap_or(18).max(18).min(by_hour.len().saturating_sub(1));
    let hours: Vec<usize> = (first..=last).collect();
    Chart::new()
        .color(vec![RED])
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(8).right(16).top(16).bottom(8).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Category).data(hours.iter().map(|h| format!("{h}时")).collect()))
        .y_axis(Axis::new().type_(AxisType::Value).name("签到人次"))
        .series(Bar::new().name("签到人次").data(hours.iter().map(|h| by_hour.get(*h).copied().unwrap_or(0)).collect()))
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
    fn team_structure_stacks_the_grades_per_part() {
        let v = json(&team_structure_chart(&[[2, 1, 0, 0], [0, 1, 1, 1], [1, 1, 1, 0]], [90.3, 69.7, 86.3], [85.0, 80.0, 82.0]));
        assert_eq!(v["xAxis"]["data"], serde_json::json!(["政治理论", "综合素质", "岗位能力"]));
        assert_eq!(v["series"][0]["name"], "优秀");
        assert_eq!(v["series"][0]["stack"], "grades");
        assert_eq!(v["series"][0]["data"], serde_json::json!([2, 0, 1]));
        assert_eq!(v["series"][3]["data"], serde_json::json!([0, 1, 0]));
        assert_eq!(v["series"][4]["data"], serde_json::json!([90.3, 69.7, 86.3]));
        assert_eq!(v["series"][5]["yAxisIndex"], 1.0);
    }

    #[test]
    fn township_chart_puts_the_biggest_on_top() {
        let units = vec![UnitCount { unit: "前川街".into(), attendances: 900 }, UnitCount { unit: "木兰乡".into(), attendances: 100 }];
        let v = json(&township_chart(&units));
        assert_eq!(v["yAxis"]["data"], serde_json::json!(["木兰乡", "前川街"]));
    }
}
