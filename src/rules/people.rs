//! The roster of people (人员名单, #17): reading its rows, and what a roster changes against the
//! people on record. Pure: the unit lookup and the people on record are handed in.

use crate::model::{FieldChange, PersonStatus, Rank};
use std::collections::HashMap;

/// The roster's columns: those a file must have, then those it may have.
pub const REQUIRED: [&str; 4] = ["人员编号", "姓名", "单位", "职级"];
pub const OPTIONAL: [&str; 3] = ["区管干部", "党员", "状态"];

/// A person as the roster (and the record) has them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub unit_id: i64,
    pub rank: Rank,
    pub district_managed: bool,
    pub party_member: bool,
    pub status: PersonStatus,
}

fn rank_of(text: &str) -> Option<Rank> {
    match text {
        "区级" | "区级领导" | "区级干部" => Some(Rank::DistrictLevel),
        "处级" | "处级干部" => Some(Rank::DivisionLevel),
        "科级" | "科级干部" => Some(Rank::SectionLevel),
        "其他" | "一般干部" | "" => Some(Rank::Other),
        code => Rank::from_code(code),
    }
}

fn yes_no(text: &str, empty: bool) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "" => Some(empty),
        "是" | "y" | "yes" | "1" | "true" | "√" => Some(true),
        "否" | "n" | "no" | "0" | "false" => Some(false),
        _ => None,
    }
}

fn status_of(text: &str) -> Option<PersonStatus> {
    match text {
        "" | "在职" | "在岗" => Some(PersonStatus::Active),
        "调出" | "调离" => Some(PersonStatus::MovedOut),
        "退休" => Some(PersonStatus::Retired),
        code => PersonStatus::from_code(code),
    }
}

/// Reads the roster's rows (`(line, cells)` in [`REQUIRED`] then [`OPTIONAL`] order); `unit` finds a
/// unit by its full or short name. Every bad row is listed (`第 N 行：…`), a person number twice too.
pub fn read_rows(rows: &[(usize, Vec<String>)], unit: impl Fn(&str) -> Option<i64>) -> Result<Vec<Person>, Vec<String>> {
    let mut people = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
        let mut problems: Vec<String> = Vec::new();
        let id = match cell(0).parse::<i64>() {
            Ok(id) if (1..1_000_000_000_000).contains(&id) => Some(id),
            _ => {
                problems.push(format!("人员编号「{}」不是正整数", cell(0)));
                None
            }
        };
        if let Some(id) = id {
            if let Some(first) = seen.insert(id, *line) {
                problems.push(format!("人员编号 {id} 与第 {first} 行重复"));
            }
        }
        let name = cell(1);
        if !(1..=40).contains(&name.chars().count()) {
            problems.push("姓名为空或超过 40 个字".to_string());
        }
        let unit_id = unit(cell(2));
        if unit_id.is_none() {
            problems.push(format!("单位「{}」不存在", cell(2)));
        }
        let rank = rank_of(cell(3));
        if rank.is_none() {
            problems.push(format!("职级「{}」应为 区级、处级、科级 或 其他", cell(3)));
        }
        let district_managed = yes_no(cell(4), false);
        let party_member = yes_no(cell(5), true);
        if district_managed.is_none() || party_member.is_none() {
            problems.push("区管干部、党员应填 是 或 否".to_string());
        }
        let status = status_of(cell(6));
        if status.is_none() {
            problems.push(format!("状态「{}」应为 在职、调出 或 退休", cell(6)));
        }
        match (id, unit_id, rank, district_managed, party_member, status) {
            (Some(id), Some(unit_id), Some(rank), Some(district_managed), Some(party_member), Some(status)) if problems.is_empty() => {
                people.push(Person { id, name: name.to_string(), unit_id, rank, district_managed, party_member, status })
            }
            _ => errors.push(format!("第 {line} 行：{}", problems.join("；"))),
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(errors)
    }
}

/// What the roster changes: the new people, and each changed person with their fields before →
/// after (`unit_name` names units). People on record but not in the roster are left as they are.
pub struct Diff<'a> {
    pub new: Vec<&'a Person>,
    pub changed: Vec<(&'a Person, Vec<FieldChange>)>,
    pub unchanged: usize,
}

pub fn diff<'a>(roster: &'a [Person], on_record: &HashMap<i64, Person>, unit_name: impl Fn(i64) -> String) -> Diff<'a> {
    let yes = |b: bool| if b { "是" } else { "否" }.to_string();
    let mut d = Diff { new: Vec::new(), changed: Vec::new(), unchanged: 0 };
    for p in roster {
        let Some(was) = on_record.get(&p.id) else {
            d.new.push(p);
            continue;
        };
        if was == p {
            d.unchanged += 1;
            continue;
        }
        let mut fields = Vec::new();
        let mut field = |label: &str, before: String, after: String| {
            if before != after {
                fields.push(FieldChange { field: label.into(), before, after });
            }
        };
        field("姓名", was.name.clone(), p.name.clone());
        field("单位", unit_name(was.unit_id), unit_name(p.unit_id));
        field("职级", was.rank.label().into(), p.rank.label().into());
        field("区管干部", yes(was.district_managed), yes(p.district_managed));
        field("党员", yes(was.party_member), yes(p.party_member));
        field("状态", was.status.label().into(), p.status.label().into());
        d.changed.push((p, fields));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, cells: &[&str]) -> (usize, Vec<String>) {
        (line, cells.iter().map(|c| c.to_string()).collect())
    }

    fn unit(name: &str) -> Option<i64> {
        match name {
            "前川街道" | "前川" => Some(1),
            "武湖街道" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn rows_are_read_with_their_defaults() {
        let rows =
            [row(2, &["101", "张三", "前川", "科级", "", "", ""]), row(3, &["102", "李四", "武湖街道", "division", "是", "否", "退休"])];
        let people = read_rows(&rows, unit).unwrap();
        assert_eq!(
            people[0],
            Person {
                id: 101,
                name: "张三".into(),
                unit_id: 1,
                rank: Rank::SectionLevel,
                district_managed: false,
                party_member: true,
                status: PersonStatus::Active
            }
        );
        assert_eq!(
            (people[1].rank, people[1].district_managed, people[1].party_member, people[1].status),
            (Rank::DivisionLevel, true, false, PersonStatus::Retired)
        );
    }

    #[test]
    fn every_bad_row_is_listed_with_its_line() {
        let rows = [
            row(2, &["101", "张三", "前川", "科级"]),
            row(3, &["101", "李四", "前川", "科级"]),
            row(4, &["x", "", "火星", "部级", "也许", "", "失踪"]),
        ];
        let errors = read_rows(&rows, unit).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0], "第 3 行：人员编号 101 与第 2 行重复");
        for part in ["第 4 行", "人员编号「x」", "姓名", "单位「火星」", "职级「部级」", "是 或 否", "状态「失踪」"]
        {
            assert!(errors[1].contains(part), "{part} in {}", errors[1]);
        }
    }

    #[test]
    fn the_diff_lists_moves_and_promotions_and_leaves_the_rest() {
        let rows = [
            row(2, &["101", "张三", "武湖街道", "处级"]),
            row(3, &["102", "李四", "前川", "科级"]),
            row(4, &["103", "王五", "前川", "科级"]),
        ];
        let roster = read_rows(&rows, unit).unwrap();
        let mut on_record = HashMap::new();
        on_record.insert(101, Person { unit_id: 1, rank: Rank::SectionLevel, ..roster[0].clone() });
        on_record.insert(102, roster[1].clone());
        let d = diff(&roster, &on_record, |id| if id == 1 { "前川街道".into() } else { "武湖街道".into() });
        assert_eq!((d.new.len(), d.changed.len(), d.unchanged), (1, 1, 1));
        let fields: Vec<(&str, &str, &str)> =
            d.changed[0].1.iter().map(|f| (f.field.as_str(), f.before.as_str(), f.after.as_str())).collect();
        assert_eq!(fields, vec![("单位", "前川街道", "武湖街道"), ("职级", "科级", "处级")]);
    }
}
