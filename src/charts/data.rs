//! The figures of a chart as an ECharts option to merge into the drawn one (axis labels and series
//! data only): built in the browser from the figures a live event brought, so a chart follows the
//! district without asking the server for its whole option. The server builds the full options
//! (`charts::options`) from the same shaping functions, so both always agree.

use crate::model::{cumulative_attendances, MonthPoint, UnitCount};
use serde_json::json;

/// Months, classes and attendances of a monthly series.
pub fn monthly_rows(monthly: &[MonthPoint]) -> (Vec<String>, Vec<i64>, Vec<i64>) {
    (
        monthly.iter().map(|p| p.month.clone()).collect(),
        monthly.iter().map(|p| p.classes).collect(),
        monthly.iter().map(|p| p.attendances).collect(),
    )
}

/// Units and attendances, bottom-up (ECharts draws a category y-axis from the bottom: the biggest
/// bar ends on top).
pub fn township_rows(units: &[UnitCount]) -> (Vec<String>, Vec<i64>) {
    (units.iter().rev().map(|u| u.unit.clone()).collect(), units.iter().rev().map(|u| u.attendances).collect())
}

/// The hours shown (from the first with any check-in, or 8, to the last, or 18) and their counts.
pub fn hour_rows(by_hour: &[i64]) -> (Vec<String>, Vec<i64>) {
    let first = by_hour.iter().position(|n| *n > 0).unwrap_or(8).min(8);
    let last = by_hour.iter().rposition(|n| *n > 0).unwrap_or(18).max(18).min(by_hour.len().saturating_sub(1));
    ((first..=last).map(|h| format!("{h}时")).collect(), (first..=last).map(|h| by_hour.get(h).copied().unwrap_or(0)).collect())
}

pub fn monthly(monthly: &[MonthPoint]) -> String {
    let (months, classes, attendances) = monthly_rows(monthly);
    json!({ "xAxis": { "data": months }, "series": [{ "data": classes }, { "data": attendances }] }).to_string()
}

pub fn cumulative(monthly: &[MonthPoint]) -> String {
    let totals = cumulative_attendances(monthly);
    let (months, values): (Vec<String>, Vec<i64>) = totals.into_iter().unzip();
    json!({ "xAxis": { "data": months }, "series": [{ "data": values }] }).to_string()
}

pub fn townships(units: &[UnitCount]) -> String {
    let (names, values) = township_rows(units);
    json!({ "yAxis": { "data": names }, "series": [{ "data": values }] }).to_string()
}

pub fn hourly(by_hour: &[i64]) -> String {
    let (hours, values) = hour_rows(by_hour);
    json!({ "xAxis": { "data": hours }, "series": [{ "data": values }] }).to_string()
}

/// `Value` of an option text (tests).
#[cfg(test)]
pub fn parse(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("an option is JSON")
}
