//! The district's own data (#17): units and schools as the organisation department keeps them, and
//! the change log (变更记录, table `data_audit`, append-only) of both.

use crate::model::{
    ChangeLine, ExtensionKind, FieldChange, FoundingMode, Moment, SchoolListRow, SchoolRecord, SchoolStatus, UnitChoice, UnitKind, UnitRow,
};
use crate::rules::district::{ValidProfile, ValidSchool, ValidUnit};
use crate::server::db::{page_within, Conn, Paged, Pool};

/// Every unit as a form offers it, townships first, then by name's order of creation.
pub async fn unit_choices(conn: &mut Conn) -> Result<Vec<UnitChoice>, sqlx::Error> {
    let rows: Vec<(i64, String, UnitKind, i64)> = sqlx::query_as(
        "SELECT id, name, kind, CASE WHEN retired_on IS NULL THEN 0 ELSE 1 END FROM units \
         ORDER BY CASE kind WHEN 'township' THEN 0 WHEN 'department' THEN 1 \
         WHEN 'mass_org' THEN 2 WHEN 'institution' THEN 3 ELSE 4 END, id",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name, kind, retired)| UnitChoice { id, name, kind, retired: retired != 0 }).collect())
}

/// Every unit with its people and schools, as the units' page lists them.
pub async fn units(pool: &Pool) -> Result<Vec<UnitRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name, u.short_name, u.kind, p.name AS parent, \
                (SELECT COUNT(*) FROM people x WHERE x.unit_id = u.id) AS people, \
                (SELECT COUNT(*) FROM schools s WHERE s.host_unit_id = u.id AND s.status <> 'closed') AS schools, \
                u.retired_on, m.name AS merged_into \
         FROM units u LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units m ON m.id = u.merged_into_id \
         ORDER BY CASE u.kind WHEN 'township' THEN 0 WHEN 'department' THEN 1 WHEN 'mass_org' THEN 2 \
                  WHEN 'institution' THEN 3 ELSE 4 END, u.id",
    )
    .fetch_all(pool)
    .await
}

/// A unit's id by its full or short name (a retired unit's name is no longer in use).
pub async fn unit_named(conn: &mut Conn, name: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM units WHERE (name = $1 OR short_name = $1) AND retired_on IS NULL ORDER BY id LIMIT 1")
            .bind(name)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// A unit's form values (and whether it is retired) as the change log shows them.
pub async fn unit_fields(conn: &mut Conn, id: i64) -> Result<Option<Vec<(&'static str, String)>>, sqlx::Error> {
    type Row = (String, String, UnitKind, Option<String>, Option<String>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT u.name, u.short_name, u.kind, p.name, u.retired_on, m.name FROM units u LEFT JOIN units p ON p.id = u.parent_id \
         LEFT JOIN units m ON m.id = u.merged_into_id WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(name, short, kind, parent, retired_on, merged_into)| {
        vec![
            ("全称", name),
            ("简称", short),
            ("类别", kind.label().to_string()),
            ("上级单位", parent.unwrap_or_default()),
            ("撤销日期", retired_on.unwrap_or_default()),
            ("并入单位", merged_into.unwrap_or_default()),
        ]
    }))
}

pub async fn insert_unit(conn: &mut Conn, unit: &ValidUnit) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO units (name, short_name, kind, parent_id, in_district) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(&unit.name)
            .bind(&unit.short_name)
            .bind(unit.kind.as_code())
            .bind(unit.parent_id)
            .bind(unit.kind != UnitKind::Partner)
            .fetch_one(conn)
            .await?;
    Ok(id)
}

pub async fn update_unit(conn: &mut Conn, id: i64, unit: &ValidUnit) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE units SET name = $1, short_name = $2, kind = $3, parent_id = $4, in_district = $5 WHERE id = $6")
        .bind(&unit.name)
        .bind(&unit.short_name)
        .bind(unit.kind.as_code())
        .bind(unit.parent_id)
        .bind(unit.kind != UnitKind::Partner)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Page `asked` (`per` rows) of the schools whose name or host unit contains `search`: one count,
/// one page.
pub async fn schools_page(pool: &Pool, search: &str, asked: i64, per: i64) -> Result<Paged<SchoolListRow>, sqlx::Error> {
    let pattern = crate::server::db::contains_pattern(search);
    const WHERE: &str = "FROM schools s JOIN units h ON h.id = s.host_unit_id LEFT JOIN people p ON p.id = s.principal_id \
         WHERE (s.name LIKE $1 ESCAPE '\\' OR h.name LIKE $1 ESCAPE '\\')";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {WHERE}")).bind(&pattern).fetch_one(pool).await?;
    let (page, pages) = page_within(total, per, asked);
    let rows: Vec<SchoolListRow> = sqlx::query_as(&format!(
        "SELECT s.id, s.name, s.founding_mode AS mode, s.status, h.name AS host_unit, p.name AS principal, s.opened_on {WHERE} \
         ORDER BY s.id LIMIT $2 OFFSET $3"
    ))
    .bind(&pattern)
    .bind(per)
    .bind((page - 1) * per)
    .fetch_all(pool)
    .await?;
    Ok(Paged { rows, total, page, pages })
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    name: String,
    mode: FoundingMode,
    extension: Option<ExtensionKind>,
    status: SchoolStatus,
    host_unit_id: i64,
    township_id: Option<i64>,
    sub_area: Option<String>,
    villages: Option<String>,
    opened_on: String,
    closed_on: Option<String>,
    lon: f64,
    lat: f64,
    principal_id: Option<i64>,
    principal: Option<String>,
    vice_principal_id: Option<i64>,
    vice_principal: Option<String>,
    venue: Option<String>,
    contact: Option<String>,
    profile: Option<String>,
}

/// A school's record as its form edits it.
pub async fn school_record(conn: &mut Conn, id: i64) -> Result<Option<SchoolRecord>, sqlx::Error> {
    let row: Option<RecordRow> = sqlx::query_as(
        "SELECT s.id, s.name, s.founding_mode AS mode, s.extension_kind AS extension, s.status, s.host_unit_id, s.township_id, \
                s.sub_area, s.villages, s.opened_on, s.closed_on, s.lon, s.lat, s.principal_id, p.name AS principal, \
                s.vice_principal_id, v.name AS vice_principal, s.venue, s.contact, s.profile \
         FROM schools s LEFT JOIN people p ON p.id = s.principal_id LEFT JOIN people v ON v.id = s.vice_principal_id \
         WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let members: Vec<(String,)> =
        sqlx::query_as("SELECT u.name FROM school_members m JOIN units u ON u.id = m.unit_id WHERE m.school_id = $1 ORDER BY u.id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Some(SchoolRecord {
        id: r.id,
        name: r.name,
        mode: Some(r.mode),
        extension: r.extension,
        status: Some(r.status),
        host_unit_id: r.host_unit_id,
        township_id: r.township_id,
        members: members.into_iter().map(|(m,)| m).collect(),
        sub_area: r.sub_area.unwrap_or_default(),
        villages: r.villages.unwrap_or_default(),
        opened_on: r.opened_on,
        closed_on: r.closed_on,
        lon: r.lon,
        lat: r.lat,
        principal: r.principal_id.zip(r.principal),
        vice_principal: r.vice_principal_id.zip(r.vice_principal),
        venue: r.venue.unwrap_or_default(),
        contact: r.contact.unwrap_or_default(),
        profile: r.profile.unwrap_or_default(),
    }))
}

/// A new school (status 筹建中 when it opens after `today`, 正常办学 otherwise); returns its id.
pub async fn insert_school(conn: &mut Conn, s: &ValidSchool, today: &str) -> Result<i64, sqlx::Error> {
    let status = if s.opened_on.as_str() > today { SchoolStatus::Planned } else { SchoolStatus::Active };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO schools (name, founding_mode, extension_kind, host_unit_id, township_id, principal_id, vice_principal_id, \
                              opened_on, pilot, lon, lat, location_confidence, status, sub_area, villages) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'medium', $12, $13, $14) RETURNING id",
    )
    .bind(&s.name)
    .bind(s.mode.as_code())
    .bind(s.extension.map(|e| e.as_code()))
    .bind(s.host_unit_id)
    .bind(s.township_id)
    .bind(s.principal_id)
    .bind(s.vice_principal_id)
    .bind(&s.opened_on)
    .bind(false)
    .bind(s.lon)
    .bind(s.lat)
    .bind(status.as_code())
    .bind(s.sub_area.as_deref())
    .bind(s.villages.as_deref())
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// A school's record changed (its status and profile are kept).
pub async fn update_school(conn: &mut Conn, id: i64, s: &ValidSchool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE schools SET name = $1, founding_mode = $2, extension_kind = $3, host_unit_id = $4, township_id = $5, \
                principal_id = $6, vice_principal_id = $7, opened_on = $8, lon = $9, lat = $10, location_confidence = 'medium', \
                sub_area = $11, villages = $12 WHERE id = $13",
    )
    .bind(&s.name)
    .bind(s.mode.as_code())
    .bind(s.extension.map(|e| e.as_code()))
    .bind(s.host_unit_id)
    .bind(s.township_id)
    .bind(s.principal_id)
    .bind(s.vice_principal_id)
    .bind(&s.opened_on)
    .bind(s.lon)
    .bind(s.lat)
    .bind(s.sub_area.as_deref())
    .bind(s.villages.as_deref())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A joint school's member units, replaced by `units`.
pub async fn set_members(conn: &mut Conn, school: i64, units: &[i64]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM school_members WHERE school_id = $1").bind(school).execute(&mut *conn).await?;
    for unit in units {
        sqlx::query("INSERT INTO school_members (school_id, unit_id) VALUES ($1, $2)").bind(school).bind(unit).execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn update_profile(conn: &mut Conn, school: i64, p: &ValidProfile) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE schools SET venue = $1, contact = $2, profile = $3 WHERE id = $4")
        .bind(&p.venue)
        .bind(&p.contact)
        .bind(&p.profile)
        .bind(school)
        .execute(conn)
        .await?;
    Ok(())
}

/// Closes a school on `day` (`Some`) or opens it again (`None`).
pub async fn set_closed(conn: &mut Conn, school: i64, day: Option<&str>) -> Result<(), sqlx::Error> {
    let status = if day.is_some() { SchoolStatus::Closed } else { SchoolStatus::Active };
    sqlx::query("UPDATE schools SET status = $1, closed_on = $2 WHERE id = $3")
        .bind(status.as_code())
        .bind(day)
        .bind(school)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a person of that number exists.
pub async fn person_exists(conn: &mut Conn, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM people WHERE id = $1").bind(id).fetch_optional(conn).await?;
    Ok(found.is_some())
}

/// What the change log records: a change of one record.
pub struct Change<'a> {
    pub at: &'a Moment,
    pub actor: i64,
    pub entity: &'static str,
    /// The record changed (`None`: many, as an import).
    pub id: Option<i64>,
    pub action: &'static str,
    pub summary: String,
    pub changes: &'a [FieldChange],
}

/// Writes one line of the change log (in the change's own transaction).
pub async fn record(conn: &mut Conn, c: Change<'_>) -> Result<(), sqlx::Error> {
    let changes: Vec<[&str; 3]> = c.changes.iter().map(|f| [f.field.as_str(), f.before.as_str(), f.after.as_str()]).collect();
    sqlx::query("INSERT INTO data_audit (at, actor_id, entity, entity_id, action, summary, changes) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(c.at)
        .bind(c.actor)
        .bind(c.entity)
        .bind(c.id)
        .bind(c.action)
        .bind(&c.summary)
        .bind(serde_json::to_string(&changes).unwrap_or_else(|_| "[]".into()))
        .execute(conn)
        .await?;
    Ok(())
}

/// The latest `limit` lines of the change log of `entity` (one record's when `id` is given), newest first.
pub async fn changes_of(pool: &Pool, entity: &str, id: Option<i64>, limit: i64) -> Result<Vec<ChangeLine>, sqlx::Error> {
    let rows: Vec<(Moment, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT a.at, ac.display_name, a.action, a.summary, a.changes FROM data_audit a LEFT JOIN accounts ac ON ac.id = a.actor_id \
         WHERE a.entity = $1 AND ($2 = 0 OR a.entity_id = $2) ORDER BY a.id DESC LIMIT $3",
    )
    .bind(entity)
    .bind(id.unwrap_or(0))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, action, summary, changes)| {
            let changes: Vec<[String; 3]> = serde_json::from_str(&changes).unwrap_or_default();
            ChangeLine {
                at,
                actor: actor.unwrap_or_else(|| crate::messages::system_actor().into()),
                what: action_label(&action).to_string(),
                summary,
                changes: changes.into_iter().map(|[field, before, after]| FieldChange { field, before, after }).collect(),
            }
        })
        .collect())
}

/// What a change-log action reads as.
fn action_label(action: &str) -> &'static str {
    match action {
        "created" => "新建",
        "closed" => "撤销",
        "reopened" => "恢复办学",
        "imported" => "导入",
        "merged" => "合并",
        "retired" => "撤销单位",
        "issued" => "开通账号",
        _ => "修改",
    }
}

/// What a unit to be retired still holds: its people (any status), its units below it that are
/// not retired, the open schools it hosts, the joint schools it is a member of.
#[derive(Debug, Default, PartialEq)]
pub struct Holdings {
    pub people: i64,
    pub children: i64,
    pub schools: i64,
    pub memberships: i64,
}

pub async fn holdings(conn: &mut Conn, id: i64) -> Result<Holdings, sqlx::Error> {
    let (people, children, schools, memberships): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM people WHERE unit_id = $1), \
                (SELECT COUNT(*) FROM units WHERE parent_id = $1 AND retired_on IS NULL), \
                (SELECT COUNT(*) FROM schools WHERE host_unit_id = $1 AND status <> 'closed'), \
                (SELECT COUNT(*) FROM school_members m JOIN schools s ON s.id = m.school_id WHERE m.unit_id = $1 AND s.status <> 'closed')",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(Holdings { people, children, schools, memberships })
}

/// Moves what a merged unit holds to the surviving unit `into`: its people, the units below it, the
/// open schools it hosts and its places in open joint schools. Classes, hours and evaluations are
/// not touched: they stay with the schools (and townships) where they happened. Returns the people
/// moved, by number and name.
pub async fn move_holdings(conn: &mut Conn, from: i64, into: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let moved: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM people WHERE unit_id = $1 ORDER BY id").bind(from).fetch_all(&mut *conn).await?;
    sqlx::query("UPDATE people SET unit_id = $1 WHERE unit_id = $2").bind(into).bind(from).execute(&mut *conn).await?;
    sqlx::query("UPDATE units SET parent_id = $1 WHERE parent_id = $2 AND retired_on IS NULL AND id <> $1")
        .bind(into)
        .bind(from)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE schools SET host_unit_id = $1 WHERE host_unit_id = $2 AND status <> 'closed'")
        .bind(into)
        .bind(from)
        .execute(&mut *conn)
        .await?;
    // A joint school that already has the surviving unit keeps it once.
    sqlx::query(
        "INSERT INTO school_members (school_id, unit_id) SELECT m.school_id, $1 FROM school_members m JOIN schools s ON s.id = m.school_id \
         WHERE m.unit_id = $2 AND s.status <> 'closed' ON CONFLICT DO NOTHING",
    )
    .bind(into)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM school_members WHERE unit_id = $1 AND school_id IN (SELECT id FROM schools WHERE status <> 'closed')")
        .bind(from)
        .execute(&mut *conn)
        .await?;
    Ok(moved)
}

/// Whether unit `id` exists (`None`: it does not) and is retired.
pub async fn unit_retired(conn: &mut Conn, id: i64) -> Result<Option<bool>, sqlx::Error> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT retired_on FROM units WHERE id = $1").bind(id).fetch_optional(conn).await?;
    Ok(row.map(|(r,)| r.is_some()))
}

/// Marks a unit retired on `day` (merged into `into`, if given).
pub async fn retire_unit(conn: &mut Conn, id: i64, into: Option<i64>, day: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE units SET retired_on = $1, merged_into_id = $2 WHERE id = $3").bind(day).bind(into).bind(id).execute(conn).await?;
    Ok(())
}

/// A joint school's rotating principals' terms, earliest first.
pub async fn terms(conn: &mut Conn, school: i64) -> Result<Vec<crate::model::TermLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.person_id, p.name AS person, u.name AS unit, t.starts_on, t.ends_on FROM principal_terms t \
         JOIN people p ON p.id = t.person_id JOIN units u ON u.id = t.unit_id WHERE t.school_id = $1 ORDER BY t.starts_on",
    )
    .bind(school)
    .fetch_all(conn)
    .await
}

/// A school's member units (id, name).
pub async fn member_units(conn: &mut Conn, school: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT u.id, u.name FROM school_members m JOIN units u ON u.id = m.unit_id WHERE m.school_id = $1 ORDER BY u.id")
        .bind(school)
        .fetch_all(conn)
        .await
}

pub async fn insert_term(conn: &mut Conn, school: i64, t: &crate::rules::district::ValidTerm) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO principal_terms (school_id, person_id, unit_id, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(school)
    .bind(t.person_id)
    .bind(t.unit_id)
    .bind(&t.starts_on)
    .bind(&t.ends_on)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn delete_term(conn: &mut Conn, school: i64, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM principal_terms WHERE id = $1 AND school_id = $2").bind(id).bind(school).execute(conn).await?;
    Ok(())
}
