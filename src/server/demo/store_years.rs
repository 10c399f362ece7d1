//! Writing the demo's later years: supervision groups and visits, joint training, competency tests,
//! the yearly six-haves evaluations, podium lectures, the questionnaire and premium courses.

use super::generate::District;
use super::store::{date, insert};
use super::{oversight, yearly, SUPERVISION_GROUPS};
use crate::model::HourSource;
use crate::server::db::Db;

/// 督导组 (four, each led by a division-level cadre of the district Party school, with members, schools
/// and visits), the joint-training groups' rotation, plans and cross-evaluation, the competency tests.
pub(super) async fn write_oversight(tx: &mut sqlx::Transaction<'_, Db>, o: &oversight::Oversight) -> Result<(), sqlx::Error> {
    let loaded_at = super::district::now();
    for (i, name) in SUPERVISION_GROUPS.iter().enumerate() {
        sqlx::query("INSERT INTO supervision_groups (id, name, leader_person_id) VALUES ($1, $2, $3)")
            .bind(i as i64 + 1)
            .bind(*name)
            .bind(o.leaders[i])
            .execute(&mut **tx)
            .await?;
    }
    insert(tx, "supervision_group_members", &["group_id", "person_id"], &o.members, |mut b, &(g, p)| {
        b.push_bind(g as i64 + 1).push_bind(p);
    })
    .await?;
    insert(tx, "supervision_group_schools", &["school_id", "group_id"], &o.assignments, |mut b, &(s, g)| {
        b.push_bind(s).push_bind(g as i64 + 1);
    })
    .await?;
    insert(
        tx,
        "supervision_visits",
        &["group_id", "school_id", "visited_on", "findings", "follow_up", "due_on", "status", "done_on", "done_note", "recorded_at"],
        &o.visits,
        |mut b, v| {
            let status = match (v.due_on, v.done) {
                (None, _) => "none",
                (Some(_), None) => "open",
                (Some(_), Some(_)) => "done",
            };
            b.push_bind(v.group as i64 + 1)
                .push_bind(v.school_id)
                .push_bind(date(v.visited_on))
                .push_bind(v.findings)
                .push_bind(v.follow_up)
                .push_bind(v.due_on.map(date))
                .push_bind(status)
                .push_bind(v.done.map(|d| date(d.0)))
                .push_bind(v.done.map_or("", |d| d.1))
                .push_bind(loaded_at.clone());
        },
    )
    .await?;
    sqlx::query("UPDATE joint_groups SET rotation_from = $1 WHERE kind = 'regional'")
        .bind(oversight::ROTATION_FROM)
        .execute(&mut **tx)
        .await?;
    insert(tx, "plan_lines", &["group_id", "year", "month", "topic", "category", "made_at"], &o.plans, |mut b, p| {
        b.push_bind(p.0).push_bind(p.1 as i64).push_bind(p.2 as i64).push_bind(p.3).push_bind(p.4.as_code()).push_bind(plan_made_at(p.1));
    })
    .await?;
    insert(
        tx,
        "joint_cross_scores",
        &["group_id", "year", "scorer_unit_id", "scored_unit_id", "criterion", "score"],
        &o.cross,
        |mut b, c| {
            b.push_bind(c.0).push_bind(c.1 as i64).push_bind(c.2).push_bind(c.3).push_bind(c.4.as_code()).push_bind(c.5);
        },
    )
    .await?;
    insert(
        tx,
        "competency_results",
        &["year", "person_id", "political_theory", "general_quality", "job_capability", "imported_at"],
        &o.competency,
        |mut b, c| {
            b.push_bind(c.0 as i64).push_bind(c.1).push_bind(c.2[0]).push_bind(c.2[1]).push_bind(c.2[2]).push_bind(loaded_at.clone());
        },
    )
    .await
}

/// The demo's evaluations (scores, subsidies, the 2016 unqualified school's rectification) and podium
/// lectures with their reward hours (ledger ids from `first_entry` on).
pub(super) async fn write_yearly(
    tx: &mut sqlx::Transaction<'_, Db>,
    y: &yearly::Yearly,
    first_entry: i64,
    (premium_entries, premium_hours): (usize, f64),
) -> Result<(), sqlx::Error> {
    use crate::rules::podium::PODIUM_REWARD;
    let loaded_at = super::district::now();
    insert(tx, "evaluation_scores", &["school_id", "year", "criterion", "method", "score", "entered_at"], &y.scores, |mut b, s| {
        b.push_bind(s.school_id)
            .push_bind(s.year as i64)
            .push_bind(s.criterion.as_code())
            .push_bind(s.method.as_code())
            .push_bind(s.score)
            .push_bind(loaded_at.clone());
    })
    .await?;
    for year in [yearly::COMPLETE_YEAR, yearly::OPEN_YEAR] {
        for (band, amount) in [("demonstration", yearly::SUBSIDIES.0), ("excellent", yearly::SUBSIDIES.1)] {
            sqlx::query("INSERT INTO band_subsidies (year, band, amount) VALUES ($1, $2, $3)")
                .bind(year as i64)
                .bind(band)
                .bind(amount)
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query(
        "INSERT INTO rectifications (school_id, year, interview_on, deadline, status, note, updated_at) \
         VALUES ($1, $2, '2017-01-12', '2017-06-30', 'in_progress', $3, $4)",
    )
    .bind(y.unqualified)
    .bind(yearly::COMPLETE_YEAR as i64)
    .bind("区委组织部约谈校长；已制定整改方案，补齐教学计划和培训台账")
    .bind(&loaded_at)
    .execute(&mut **tx)
    .await?;
    let lectures: Vec<(i64, &yearly::Lecture)> = y.lectures.iter().enumerate().map(|(i, l)| (first_entry + i as i64, l)).collect();
    insert(
        tx,
        "study_hours",
        &["id", "person_id", "hours", "earned_on", "source", "rule", "rule_version", "evidence"],
        &lectures,
        |mut b, (id, l)| {
            b.push_bind(*id)
                .push_bind(l.person_id)
                .push_bind(l.hours)
                .push_bind(date(l.given_on))
                .push_bind(HourSource::Podium.as_code())
                .push_bind(PODIUM_REWARD.name)
                .push_bind(PODIUM_REWARD.version)
                .push_bind(format!("上讲台：{}《{}》", l.venue.label(), l.title));
        },
    )
    .await?;
    insert(
        tx,
        "podium_lectures",
        &["person_id", "given_on", "venue_kind", "school_id", "title", "study_hour_id", "recorded_at"],
        &lectures,
        |mut b, (id, l)| {
            b.push_bind(l.person_id)
                .push_bind(date(l.given_on))
                .push_bind(l.venue.as_code())
                .push_bind(l.school_id)
                .push_bind(l.title)
                .push_bind(*id)
                .push_bind(loaded_at.clone());
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO hour_audit (at, actor_id, person_id, action, hours, study_hour_id, claim_id, detail) \
         VALUES ($1, NULL, NULL, $2, $3, NULL, NULL, $4)",
    )
    .bind(&loaded_at)
    .bind(crate::model::AuditAction::LedgerLoaded.as_code())
    .bind(y.lectures.iter().map(|l| l.hours).sum::<f64>() + premium_hours)
    .bind(format!(
        "演示数据：导入上讲台奖励学时 {} 条（规则 {} 第 {} 版，依据授课登记）、精品课程奖励学时 {premium_entries} 条（规则 {} 第 {} 版，依据{}年度评选结果）",
        y.lectures.len(),
        PODIUM_REWARD.name,
        PODIUM_REWARD.version,
        crate::rules::premium::PREMIUM_REWARD.name,
        crate::rules::premium::PREMIUM_REWARD.version,
        yearly::PUBLISHED_COURSE_YEAR
    ))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The demo's teacher specialties, trainees' answers and premium-course selections (2016 published:
/// its rewards are ledger entries from `first_entry` on). Returns the reward entries written.
pub(super) async fn write_teaching(
    tx: &mut sqlx::Transaction<'_, Db>,
    d: &District,
    t: &yearly::Teaching,
    first_entry: i64,
) -> Result<(usize, f64), sqlx::Error> {
    use crate::rules::premium::{recognition, select_premium, Nominee, Recognition, PREMIUM_REWARD};
    for (id, specialties) in &t.specialties {
        sqlx::query("UPDATE teachers SET specialties = $1 WHERE id = $2").bind(specialties).bind(id).execute(&mut **tx).await?;
    }
    insert(tx, "class_feedback", &["class_id", "content", "teaching", "organisation", "usefulness", "comment"], &t.feedback, |mut b, f| {
        b.push_bind(f.class_id)
            .push_bind(f.scales[0])
            .push_bind(f.scales[1])
            .push_bind(f.scales[2])
            .push_bind(f.scales[3])
            .push_bind(f.comment);
    })
    .await?;
    insert(tx, "class_feedback_given", &["class_id", "person_id"], &t.feedback, |mut b, f| {
        b.push_bind(f.class_id).push_bind(f.person_id);
    })
    .await?;

    // 2016's selection, decided by the rule as publication would.
    let nominees: Vec<Nominee> = t
        .nominations
        .iter()
        .enumerate()
        .filter(|(_, n)| n.year == yearly::PUBLISHED_COURSE_YEAR)
        .map(|(i, n)| Nominee { id: i as i64 + 1, category: n.category.as_code(), scores: n.reviews.iter().map(|r| r.1).collect() })
        .collect();
    let selected = select_premium(&nominees);
    let published_on = format!("{}-12-20", yearly::PUBLISHED_COURSE_YEAR);
    struct Row<'a> {
        id: i64,
        n: &'a yearly::Nomination,
        status: &'static str,
        entry: Option<(i64, i64, f64)>,
        notification: Option<String>,
    }
    let mut rows = Vec::new();
    let mut next_entry = first_entry;
    for (i, n) in t.nominations.iter().enumerate() {
        let id = i as i64 + 1;
        let teacher = &d.teachers[(n.teacher_id - 1) as usize];
        let (status, entry, notification) = if n.year != yearly::PUBLISHED_COURSE_YEAR {
            ("nominated", None, None)
        } else if !selected.contains(&id) {
            ("not_selected", None, None)
        } else {
            match (
                teacher.person_id,
                recognition(teacher.in_district && teacher.person_id.is_some(), &teacher.unit_name, &teacher.name, n.title, n.year),
            ) {
                (Some(person), Recognition::RewardHours(hours)) => {
                    next_entry += 1;
                    ("selected", Some((next_entry - 1, person, hours)), None)
                }
                (_, Recognition::NotifyUnit(text)) => ("selected", None, Some(text)),
                (None, Recognition::RewardHours(_)) => ("selected", None, None),
            }
        };
        rows.push(Row { id, n, status, entry, notification });
    }
    let rewards: Vec<&Row> = rows.iter().filter(|r| r.entry.is_some()).collect();
    insert(
        tx,
        "study_hours",
        &["id", "person_id", "hours", "earned_on", "source", "rule", "rule_version", "evidence"],
        &rewards,
        |mut b, r| {
            let (id, person, hours) = r.entry.unwrap_or_default();
            b.push_bind(id)
                .push_bind(person)
                .push_bind(hours)
                .push_bind(published_on.clone())
                .push_bind(HourSource::PremiumCourse.as_code())
                .push_bind(PREMIUM_REWARD.name)
                .push_bind(PREMIUM_REWARD.version)
                .push_bind(format!("精品课程入选：{}年度《{}》", r.n.year, r.n.title));
        },
    )
    .await?;
    insert(
        tx,
        "course_nominations",
        &["id", "year", "category", "title", "teacher_id", "status", "study_hour_id", "notification", "notified_at"],
        &rows,
        |mut b, r| {
            b.push_bind(r.id)
                .push_bind(r.n.year as i64)
                .push_bind(r.n.category.as_code())
                .push_bind(r.n.title)
                .push_bind(r.n.teacher_id)
                .push_bind(r.status)
                .push_bind(r.entry.map(|e| e.0))
                .push_bind(r.notification.clone())
                .push_bind(r.notification.as_ref().map(|_| format!("{published_on} 10:00:00")));
        },
    )
    .await?;
    let reviews: Vec<(i64, &str, f64)> = rows.iter().flat_map(|r| r.n.reviews.iter().map(move |(who, s)| (r.id, *who, *s))).collect();
    insert(tx, "course_reviews", &["nomination_id", "reviewer_name", "score"], &reviews, |mut b, (id, who, score)| {
        b.push_bind(*id).push_bind(*who).push_bind(*score);
    })
    .await?;
    sqlx::query("INSERT INTO course_selections (year, published_at) VALUES ($1, $2)")
        .bind(yearly::PUBLISHED_COURSE_YEAR as i64)
        .bind(format!("{published_on} 10:00:00"))
        .execute(&mut **tx)
        .await?;
    Ok((rewards.len(), rewards.iter().filter_map(|r| r.entry.map(|e| e.2)).sum()))
}

/// Which of a demo school's 六个一 have a document: the pilot and independent schools all six (but
/// every eleventh independent school only its founding plan and venue), a department's institution
/// school all but its ledgers, a sub-area school its founding plan, venue, team and rules (teaching
/// plan and ledgers still to come) — so the district's table and the map have all three shades.
pub(super) fn demo_six_ones(school: &super::district::School) -> &'static [crate::model::SixOne] {
    use crate::model::{ExtensionKind, SixOne::*};
    match school.extension {
        Some(ExtensionKind::SubArea) => &[FoundingPlan, Venue, Team, Rules],
        Some(ExtensionKind::Institution) => &[FoundingPlan, TeachingPlan, Venue, Team, Rules],
        None if !school.pilot && school.id % 11 == 0 => &[FoundingPlan, Venue],
        None => crate::model::SixOne::ALL,
    }
}

/// A small real PDF (one A4 page of Helvetica text) standing for a demo document: generated, it
/// names only the school's number and the item.
fn demo_pdf(lines: &[String]) -> Vec<u8> {
    let text: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("BT /F1 14 Tf 72 {} Td ({}) Tj ET\n", 770 - 24 * i as i64, l.replace(['(', ')', '\\'], "")))
        .collect();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    pdf
}

/// The demo schools' 六个一 documents (`demo_six_ones`), one generated PDF per item, dated when the
/// model was fixed (2015-06) or the school opened, whichever is later.
pub(super) async fn write_six_ones(tx: &mut sqlx::Transaction<'_, Db>, d: &District) -> Result<(), sqlx::Error> {
    let mut rows = Vec::new();
    for school in &d.schools {
        let day = date(school.opened_on).max("2015-06-30".to_string());
        for item in demo_six_ones(school) {
            let pdf = demo_pdf(&[
                "Huangpi District amateur Party school - demo document (generated)".to_string(),
                format!("School no. {}", school.id),
                format!("Six ones item: {}", item.as_code()),
            ]);
            rows.push((school.id, *item, format!("{}（演示）.pdf", item.label()), pdf, format!("{day} 09:00:00")));
        }
    }
    insert(tx, "school_documents", &["school_id", "item", "name", "mime", "size", "content", "uploaded_at"], &rows, |mut b, r| {
        b.push_bind(r.0)
            .push_bind(r.1.as_code())
            .push_bind(r.2.clone())
            .push_bind("application/pdf")
            .push_bind(r.3.len() as i64)
            .push_bind(r.3.clone())
            .push_bind(r.4.clone());
    })
    .await
}

/// When the demo's plan of `year` was made: before the year began.
fn plan_made_at(year: i32) -> String {
    format!("{}-12-20 09:00:00", year - 1)
}

/// The schools with a demo teaching plan of 2017: the school admin's (a sub-area school) and the joint
/// school.
pub(super) const PLANNED_SCHOOL: &str = "前川街前川片区业余党校";

/// The demo's teaching plans beyond the regional group's (`write_oversight`): the groups' classes are
/// held for their month's line; the school admin's school and the joint school have a plan of 2017
/// whose months with a class carry its topic (the month's first class held for it) and whose other
/// months the regional plan's topics — the joint school's lines hosted by its members in turn.
pub(super) async fn write_plans(tx: &mut sqlx::Transaction<'_, Db>, d: &District) -> Result<(), sqlx::Error> {
    use chrono::Datelike;
    sqlx::query(
        "UPDATE classes SET plan_line_id = (SELECT l.id FROM plan_lines l WHERE l.group_id = classes.joint_group_id \
             AND l.year = CAST(substr(classes.starts_at, 1, 4) AS INTEGER) AND l.month = CAST(substr(classes.starts_at, 6, 2) AS INTEGER)) \
         WHERE joint_group_id IS NOT NULL",
    )
    .execute(&mut **tx)
    .await?;
    let schools = d.schools.iter().filter(|s| s.name == PLANNED_SCHOOL || s.mode == crate::model::FoundingMode::Joint);
    for school in schools {
        let members: Vec<i64> = d.school_members.iter().filter(|(s, _)| *s == school.id).map(|(_, u)| *u).collect();
        let mut classes: Vec<&super::district::Class> =
            d.classes.iter().filter(|c| c.school_id == school.id && c.starts_at.year() == 2017).collect();
        classes.sort_by_key(|c| c.starts_at);
        for month in 1..=12u32 {
            let held = classes.iter().find(|c| c.starts_at.month() == month);
            let (topic, category) = match held {
                Some(c) => (c.title.clone(), c.category),
                None => (oversight::PLAN_TOPICS[month as usize - 1].0.to_string(), oversight::PLAN_TOPICS[month as usize - 1].1),
            };
            let host = (!members.is_empty()).then(|| members[(month as usize - 1) % members.len()]);
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO plan_lines (school_id, year, month, topic, category, host_unit_id, made_at) \
                 VALUES ($1, 2017, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(school.id)
            .bind(month as i64)
            .bind(topic)
            .bind(category.as_code())
            .bind(host)
            .bind(plan_made_at(2017))
            .fetch_one(&mut **tx)
            .await?;
            if let Some(c) = held {
                sqlx::query("UPDATE classes SET plan_line_id = $1 WHERE id = $2").bind(id).bind(c.id).execute(&mut **tx).await?;
            }
        }
    }
    Ok(())
}

/// The red teaching bases the article speaks of (places, as it tells them): where the demo's first
/// 红色大讲堂 is held (`today`), and two more.
pub(super) const RED_BASES: [(&str, &str, &str); 3] = [
    (
        "木兰故里·滠水河畔现场教学点",
        "黄陂区·滠水河畔",
        "2017 年 5 月 25 日武汉市业余党校和红色教育现场会在此召开，黄陂区首场红色大讲堂开讲。",
    ),
    ("木兰山红色教学基地", "木兰乡·木兰山", "中国工农红军第七军的诞生地；黄麻起义后七十二英雄转战木兰山的革命史迹。"),
    ("新四军第五师指挥中心红色教学基地", "北部木兰山区", "新四军第五师的政治、军事指挥中心。"),
];

/// The demo's red teaching bases.
pub(super) async fn write_red_bases(tx: &mut sqlx::Transaction<'_, Db>) -> Result<(), sqlx::Error> {
    insert(tx, "red_bases", &["name", "place", "about", "added_at"], &RED_BASES, |mut b, r| {
        b.push_bind(r.0).push_bind(r.1).push_bind(r.2).push_bind("2017-05-01 09:00:00");
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_demo_document_is_a_pdf_by_its_content() {
        let pdf = super::demo_pdf(&["School no. 7".into()]);
        assert_eq!(infer::get(&pdf).map(|t| t.mime_type()), Some("application/pdf"));
        let text = String::from_utf8_lossy(&pdf);
        let xref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[xref..].starts_with("xref\n0 6\n"));
    }
}
