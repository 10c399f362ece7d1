//! 联训 in the database: the joint-training groups, their members, classes, yearly plans and the
//! members' cross-evaluation scores. SQL and row mapping only: `service::joint` puts the groups'
//! pages together and says who may plan and score.

use crate::model::{ClassStatus, CrossCriterion, JointKind, JointMember};
use crate::server::db::{Conn, Pool};

#[derive(sqlx::FromRow)]
struct MemberRow {
    group_id: i64,
    unit_id: i64,
    name: String,
    in_district: i64,
    rotation_order: i64,
}

const MEMBERS: &str =
    "SELECT m.group_id, u.id AS unit_id, u.name, CASE WHEN u.in_district THEN 1 ELSE 0 END AS in_district, m.rotation_order \
     FROM joint_group_members m JOIN units u ON u.id = m.unit_id";

fn member(r: MemberRow) -> (i64, JointMember) {
    (r.group_id, JointMember { unit_id: r.unit_id, name: r.name, in_district: r.in_district != 0, rotation_order: r.rotation_order })
}

/// A group's members in rotation order.
pub async fn members(pool: &Pool, group_id: i64) -> Result<Vec<JointMember>, sqlx::Error> {
    let rows: Vec<MemberRow> =
        sqlx::query_as(&format!("{MEMBERS} WHERE m.group_id = $1 ORDER BY m.rotation_order")).bind(group_id).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|r| member(r).1).collect())
}

/// Every group's members: (group, member), in rotation order.
pub async fn all_members(pool: &Pool) -> Result<Vec<(i64, JointMember)>, sqlx::Error> {
    let rows: Vec<MemberRow> = sqlx::query_as(&format!("{MEMBERS} ORDER BY m.group_id, m.rotation_order")).fetch_all(pool).await?;
    Ok(rows.into_iter().map(member).collect())
}

/// The years with joint classes, plans or cross-evaluation scores, oldest first.
pub async fn years(pool: &Pool) -> Result<Vec<i32>, sqlx::Error> {
    let years: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT substr(starts_at, 1, 4) FROM classes WHERE joint_group_id IS NOT NULL \
         UNION SELECT CAST(year AS TEXT) FROM plan_lines WHERE group_id IS NOT NULL UNION SELECT CAST(year AS TEXT) FROM joint_cross_scores ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    Ok(years.into_iter().filter_map(|(y,)| y.parse().ok()).collect())
}

/// A joint-training group.
#[derive(sqlx::FromRow)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub kind: JointKind,
    /// `YYYY-MM` the hosting rotation started, if the group rotates.
    pub rotation_from: Option<String>,
}

pub async fn groups(pool: &Pool) -> Result<Vec<Group>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, kind, rotation_from FROM joint_groups ORDER BY id").fetch_all(pool).await
}

/// A group's kind, if the group exists.
pub async fn kind(pool: &Pool, group_id: i64) -> Result<Option<JointKind>, sqlx::Error> {
    let row: Option<(JointKind,)> =
        sqlx::query_as("SELECT kind FROM joint_groups WHERE id = $1").bind(group_id).fetch_optional(pool).await?;
    Ok(row.map(|r| r.0))
}

/// A class held for a group.
#[derive(sqlx::FromRow)]
pub struct JointClass {
    pub group_id: i64,
    pub id: i64,
    pub title: String,
    pub school: String,
    pub starts_at: crate::model::Moment,
    pub status: ClassStatus,
}

/// Every class held for some group, newest first.
pub async fn classes(pool: &Pool) -> Result<Vec<JointClass>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.joint_group_id AS group_id, c.id, c.title, s.name AS school, c.starts_at, c.status \
         FROM classes c JOIN schools s ON s.id = c.school_id \
         WHERE c.joint_group_id IS NOT NULL ORDER BY c.starts_at DESC, c.id DESC",
    )
    .fetch_all(pool)
    .await
}

/// A cross-evaluation score.
#[derive(sqlx::FromRow)]
pub struct CrossScore {
    pub group_id: i64,
    pub scorer_unit_id: i64,
    pub scored_unit_id: i64,
    pub criterion: CrossCriterion,
    pub score: f64,
}

/// Every group's cross-evaluation scores of a year.
pub async fn cross_scores(pool: &Pool, year: i32) -> Result<Vec<CrossScore>, sqlx::Error> {
    sqlx::query_as("SELECT group_id, scorer_unit_id, scored_unit_id, criterion, score FROM joint_cross_scores WHERE year = $1")
        .bind(year as i64)
        .fetch_all(pool)
        .await
}

/// Who scores whom in which group and year.
pub struct Scoring {
    pub group_id: i64,
    pub year: i32,
    pub scorer: i64,
    pub scored: i64,
    pub entered_by: i64,
}

/// Saves a scorer's scores of a member; saving again replaces them.
pub async fn save_cross(conn: &mut Conn, who: &Scoring, scores: &[(CrossCriterion, f64)]) -> Result<(), sqlx::Error> {
    for (criterion, score) in scores {
        sqlx::query(
            "INSERT INTO joint_cross_scores (group_id, year, scorer_unit_id, scored_unit_id, criterion, score, entered_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (group_id, year, scorer_unit_id, scored_unit_id, criterion) \
             DO UPDATE SET score = excluded.score, entered_by = excluded.entered_by",
        )
        .bind(who.group_id)
        .bind(who.year as i64)
        .bind(who.scorer)
        .bind(who.scored)
        .bind(*criterion)
        .bind(*score)
        .bind(who.entered_by)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The groups a class may be planned for by a school hosted by `host_unit`: those it is a member of
/// (org admins planning for another school are held to that school's unit too).
pub async fn groups_of_unit(pool: &Pool, host_unit: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.id, g.name FROM joint_groups g JOIN joint_group_members m ON m.group_id = g.id WHERE m.unit_id = $1 ORDER BY g.id",
    )
    .bind(host_unit)
    .fetch_all(pool)
    .await
}
