//! The teacher pool: each teacher's classes, the trainees' mean teaching score, premium-course
//! selections, and the points of `rules::teachers` with the ranking.

use crate::model::{TeacherLine, TeacherPool, TeacherRecord};
use crate::rules::district::{ValidTeacher, ValidTeacherProfile};
use crate::rules::feedback::anonymous_mean;
use crate::rules::teachers::{rank_teachers, teacher_points, POINTS_FORMULA, REPORTED_TOP};
use crate::server::db::{page_within, Conn, Paged, Pool};
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
    let report = latest_report(pool).await?;
    Ok(TeacherPool { teachers, formula: POINTS_FORMULA.to_string(), reported: REPORTED_TOP, mine, report, may_report: false })
}

/// The columns of a `TeacherRecord`.
const RECORD: &str =
    "SELECT id, name, CASE WHEN in_district THEN 1 ELSE 0 END, unit_name, person_id, title, specialties, profile FROM teachers";

type RecordRow = (i64, String, i64, String, Option<i64>, String, String, String);

fn record_of((id, name, in_district, unit_name, person_id, title, specialties, profile): RecordRow) -> TeacherRecord {
    TeacherRecord { id, name, in_district: in_district != 0, unit_name, person_id, title, specialties, profile }
}

/// Page `asked` (`per` rows) of the pool teachers whose name or unit contains `search`: one count,
/// one page.
pub async fn find(pool: &Pool, search: &str, asked: i64, per: i64) -> Result<Paged<TeacherRecord>, sqlx::Error> {
    let pattern = crate::server::db::contains_pattern(search);
    const WHERE: &str = "WHERE (name LIKE $1 ESCAPE '\\' OR unit_name LIKE $1 ESCAPE '\\')";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM teachers {WHERE}")).bind(&pattern).fetch_one(pool).await?;
    let (page, pages) = page_within(total, per, asked);
    let rows: Vec<RecordRow> = sqlx::query_as(&format!("{RECORD} {WHERE} ORDER BY id LIMIT $2 OFFSET $3"))
        .bind(&pattern)
        .bind(per)
        .bind((page - 1) * per)
        .fetch_all(pool)
        .await?;
    Ok(Paged { rows: rows.into_iter().map(record_of).collect(), total, page, pages })
}

/// One teacher's record.
pub async fn record(conn: &mut Conn, id: i64) -> Result<Option<TeacherRecord>, sqlx::Error> {
    let row: Option<RecordRow> = sqlx::query_as(&format!("{RECORD} WHERE id = $1")).bind(id).fetch_optional(conn).await?;
    Ok(row.map(record_of))
}

/// The pool teacher a person is (the first, should there be two).
pub async fn of_person(conn: &mut Conn, person: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM teachers WHERE person_id = $1 ORDER BY id LIMIT 1").bind(person).fetch_optional(conn).await?;
    Ok(row.map(|(id,)| id))
}

pub async fn insert(conn: &mut Conn, t: &ValidTeacher) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO teachers (name, in_district, unit_name, person_id, title, specialties, profile) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&t.name)
    .bind(t.in_district)
    .bind(&t.unit_name)
    .bind(t.person_id)
    .bind(&t.own.title)
    .bind(t.own.specialties_text())
    .bind(&t.own.profile)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, t: &ValidTeacher) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE teachers SET name = $1, in_district = $2, unit_name = $3, person_id = $4 WHERE id = $5")
        .bind(&t.name)
        .bind(t.in_district)
        .bind(&t.unit_name)
        .bind(t.person_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    update_profile(conn, id, &t.own).await
}

/// A teacher's own part: title, specialties, introduction.
pub async fn update_profile(conn: &mut Conn, id: i64, p: &ValidTeacherProfile) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE teachers SET title = $1, specialties = $2, profile = $3 WHERE id = $4")
        .bind(&p.title)
        .bind(p.specialties_text())
        .bind(&p.profile)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The latest report of the top to the teachers' units, if any.
pub async fn latest_report(pool: &Pool) -> Result<Option<crate::model::TeacherReport>, sqlx::Error> {
    let rows: Vec<(crate::model::Moment, i64, String, String, String)> = sqlx::query_as(
        "SELECT r.made_at, r.rank, t.name, r.unit_name, r.notice FROM teacher_reports r JOIN teachers t ON t.id = r.teacher_id \
         WHERE r.batch = (SELECT MAX(batch) FROM teacher_reports) ORDER BY r.rank",
    )
    .fetch_all(pool)
    .await?;
    let Some(made_at) = rows.first().map(|r| r.0.clone()) else { return Ok(None) };
    Ok(Some(crate::model::TeacherReport {
        made_at,
        notices: rows.into_iter().map(|(_, rank, name, unit, notice)| (rank, name, unit, notice)).collect(),
    }))
}

/// Records one report: a notice per teacher of the top (rank, name, unit, points), in one batch.
pub async fn record_report(
    conn: &mut Conn,
    at: &crate::model::Moment,
    by: i64,
    top: &[(i64, usize, String, f64, String)],
) -> Result<i64, sqlx::Error> {
    let (batch,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(batch), 0) + 1 FROM teacher_reports").fetch_one(&mut *conn).await?;
    for (teacher, rank, unit, points, notice) in top {
        sqlx::query(
            "INSERT INTO teacher_reports (batch, made_at, made_by, teacher_id, rank, points, unit_name, notice) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(batch)
        .bind(at)
        .bind(by)
        .bind(teacher)
        .bind(*rank as i64)
        .bind(points)
        .bind(unit)
        .bind(notice)
        .execute(&mut *conn)
        .await?;
    }
    Ok(batch)
}
