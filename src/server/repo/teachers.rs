//! The teacher pool: each teacher's classes, the trainees' mean teaching score, premium-course
//! selections, and the points of `rules::teachers` with the ranking.

use crate::model::{TeacherLine, TeacherPool};
use crate::rules::feedback::anonymous_mean;
use crate::rules::teachers::{rank_teachers, teacher_points, POINTS_FORMULA, REPORTED_TOP};
use crate::server::db::Pool;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    in_district: i64,
    unit: String,
    specialties: String,
    classes: i64,
    answers: i64,
    teaching_sum: Option<f64>,
    premium: i64,
}

/// Every teacher ranked by points; `person` marks that person's own line.
pub async fn pool_ranking(pool: &Pool, person: Option<i64>) -> Result<TeacherPool, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.id, t.name, CASE WHEN t.in_district THEN 1 ELSE 0 END AS in_district, t.unit_name AS unit, t.specialties, \
           (SELECT COUNT(*) FROM class_teachers ct WHERE ct.teacher_id = t.id) AS classes, \
           (SELECT COUNT(*) FROM class_feedback f JOIN class_teachers ct ON ct.class_id = f.class_id WHERE ct.teacher_id = t.id) AS answers, \
           (SELECT CAST(SUM(f.teaching) AS DOUBLE PRECISION) FROM class_feedback f JOIN class_teachers ct ON ct.class_id = f.class_id \
              WHERE ct.teacher_id = t.id) AS teaching_sum, \
           (SELECT COUNT(*) FROM course_nominations n WHERE n.teacher_id = t.id AND n.status = 'selected') AS premium \
         FROM teachers t ORDER BY t.id",
    )
    .fetch_all(pool)
    .await?;
    let mut lines: HashMap<i64, TeacherLine> = HashMap::new();
    let mut points = Vec::with_capacity(rows.len());
    for Row { id, name, in_district, unit, specialties, classes, answers, teaching_sum, premium } in rows {
        let teaching_mean = anonymous_mean(teaching_sum.unwrap_or(0.0), answers as usize);
        let p = teacher_points(classes, premium, teaching_mean);
        points.push((id, p));
        lines.insert(
            id,
            TeacherLine {
                id,
                rank: 0,
                name,
                in_district: in_district != 0,
                unit,
                specialties,
                classes,
                answers,
                teaching_mean,
                premium,
                points: p,
            },
        );
    }
    let teachers: Vec<TeacherLine> = rank_teachers(&points)
        .into_iter()
        .enumerate()
        .filter_map(|(i, id)| lines.remove(&id).map(|l| TeacherLine { rank: i + 1, ..l }))
        .collect();
    let mine = match person {
        Some(person) => {
            let own: Option<(i64,)> = sqlx::query_as("SELECT id FROM teachers WHERE person_id = $1 ORDER BY id LIMIT 1")
                .bind(person)
                .fetch_optional(pool)
                .await?;
            own.and_then(|(id,)| teachers.iter().find(|t| t.id == id).cloned())
        }
        None => None,
    };
    Ok(TeacherPool { teachers, formula: POINTS_FORMULA.to_string(), reported: REPORTED_TOP, mine })
}
