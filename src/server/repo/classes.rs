//! Classes (培训班): planning with the conflict check and pre-filing, opening for check-in, the
//! roster, close-out (credits each attendee's ledger once) and the class's own log.

use crate::error::AppError;
use crate::model::{
    AttendanceMethod, CheckInReceipt, ClassAction, ClassDetail, ClassItem, ClassList, ClassLogEntry, ClassPlan, ClassStatus,
    CourseCategory, FilingStatus, PlanChoices, PlannedClass, Rank, RosterEntry, VenueKind,
};
use crate::rules::checkin::{self, audiences_overlap, in_audience, Audience};
use crate::rules::classes::{self as rule, CLASS_CLOSE_OUT_CREDIT};
use crate::server::auth::Caller;
use crate::server::beijing_now;
use crate::server::db::Pool;

use crate::server::db::Conn;

/// What permissions and rules look at.
#[derive(Clone, Debug)]
pub struct ClassFacts {
    pub id: i64,
    pub school_id: i64,
    pub title: String,
    pub status: ClassStatus,
    pub filing: FilingStatus,
    pub capacity: Option<i64>,
    pub audience: Audience,
    /// When the class ends (ISO text, Beijing time).
    pub ends_at: String,
}

type FactsRow = (i64, i64, String, String, String, Option<i64>, Option<i64>, Option<String>, String);

pub async fn facts(pool: &Pool, id: i64) -> Result<Option<ClassFacts>, sqlx::Error> {
    let row: Option<FactsRow> = sqlx::query_as(
        "SELECT id, school_id, title, status, filing, capacity, audience_unit_id, audience_rank, ends_at FROM classes WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|(id, school_id, title, status, filing, capacity, unit, rank, ends_at)| {
        Some(ClassFacts {
            id,
            school_id,
            title,
            status: ClassStatus::from_code(&status)?,
            filing: FilingStatus::from_code(&filing)?,
            capacity,
            audience: Audience { unit_id: unit, rank: rank.as_deref().and_then(Rank::from_code) },
            ends_at,
        })
    }))
}

/// Who runs a class: the organisation department, the admin of its school or of a co-organising
/// school, a teacher of the class.
pub async fn may_manage(pool: &Pool, caller: &Caller, class: &ClassFacts) -> Result<bool, sqlx::Error> {
    if caller.acts_for_district() {
        return Ok(true);
    }
    if let Some(school) = caller.own_school() {
        let co: Option<(i64,)> = sqlx::query_as("SELECT school_id FROM class_co_organisers WHERE class_id = $1 AND school_id = $2")
            .bind(class.id)
            .bind(school)
            .fetch_optional(pool)
            .await?;
        if school == class.school_id || co.is_some() {
            return Ok(true);
        }
    }
    if let Some(person) = caller.own_teaching() {
        let teaches: Option<(i64,)> = sqlx::query_as(
            "SELECT ct.teacher_id FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id \
             WHERE ct.class_id = $1 AND t.person_id = $2",
        )
        .bind(class.id)
        .bind(person)
        .fetch_optional(pool)
        .await?;
        return Ok(teaches.is_some());
    }
    Ok(false)
}

/// The class, if it exists and the caller may run it.
pub async fn managed(pool: &Pool, caller: &Caller, id: i64) -> Result<ClassFacts, AppError> {
    let class = facts(pool, id).await?.ok_or_else(|| AppError::NotFound("该培训班".into()))?;
    if may_manage(pool, caller, &class).await? {
        Ok(class)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn log(
    conn: &mut Conn,
    actor: Option<i64>,
    class: i64,
    person: Option<i64>,
    action: ClassAction,
    detail: String,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO class_audit (at, actor_id, class_id, person_id, action, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(beijing_now())
        .bind(actor)
        .bind(class)
        .bind(person)
        .bind(action.as_code())
        .bind(detail)
        .execute(conn)
        .await?;
    Ok(())
}

const SUMMARY: &str = "SELECT c.id, c.title, s.name, c.category, c.starts_at, c.ends_at, c.venue, c.hours, c.status, c.filing, \
       (SELECT COUNT(*) FROM attendance a WHERE a.class_id = c.id), c.capacity \
     FROM classes c JOIN schools s ON s.id = c.school_id";
type SummaryRow = (i64, String, String, String, String, String, String, f64, String, String, i64, Option<i64>);

fn summary(
    (id, title, school, category, starts_at, ends_at, venue, hours, status, filing, attendees, capacity): SummaryRow,
) -> Option<ClassItem> {
    Some(ClassItem {
        id,
        title,
        school,
        category: CourseCategory::from_code(&category)?,
        starts_at,
        ends_at,
        venue,
        hours,
        status: ClassStatus::from_code(&status)?,
        filing: FilingStatus::from_code(&filing)?,
        attendees,
        capacity,
    })
}

/// Classes shown in a list: those under way first, then the newest.
pub const LIST_LIMIT: i64 = 100;

/// The classes the caller runs (all for the organisation department), and the filings waiting.
pub async fn list(pool: &Pool, caller: &Caller) -> Result<ClassList, AppError> {
    let (scope, key) = if caller.acts_for_district() {
        ("all", 0)
    } else if let Some(school) = caller.own_school() {
        ("school", school)
    } else if let Some(person) = caller.own_teaching() {
        ("teacher", person)
    } else {
        return Err(AppError::Forbidden);
    };
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE $1 = 'all' \
           OR ($1 = 'school' AND (c.school_id = $2 OR EXISTS (SELECT 1 FROM class_co_organisers o WHERE o.class_id = c.id AND o.school_id = $2))) \
           OR ($1 = 'teacher' AND EXISTS (SELECT 1 FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id \
                                          WHERE ct.class_id = c.id AND t.person_id = $2)) \
         ORDER BY CASE c.status WHEN 'open' THEN 0 WHEN 'planned' THEN 1 ELSE 2 END, c.starts_at DESC, c.id DESC LIMIT $3"
    ))
    .bind(scope)
    .bind(key)
    .bind(LIST_LIMIT)
    .fetch_all(pool)
    .await?;
    let may_decide_filings = caller.may(crate::rules::access::Action::DecideFilings);
    let pending: Vec<SummaryRow> = if may_decide_filings {
        sqlx::query_as(&format!("{SUMMARY} WHERE c.filing = 'pending' ORDER BY c.starts_at, c.id")).fetch_all(pool).await?
    } else {
        Vec::new()
    };
    Ok(ClassList {
        classes: rows.into_iter().filter_map(summary).collect(),
        pending_filings: pending.into_iter().filter_map(summary).collect(),
        may_plan: caller.acts_for_district() || caller.own_school().is_some(),
        may_decide_filings,
    })
}

/// What the planning form offers the caller.
pub async fn plan_choices(pool: &Pool, caller: &Caller) -> Result<PlanChoices, AppError> {
    let schools: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM schools WHERE status = 'active' ORDER BY id").fetch_all(pool).await?;
    let own_school = if caller.acts_for_district() {
        None
    } else if let Some(id) = caller.own_school() {
        schools.iter().find(|s| s.0 == id).cloned()
    } else {
        return Err(AppError::Forbidden);
    };
    let teachers = sqlx::query_as(
        "SELECT id, name || '（' || unit_name || CASE WHEN in_district THEN '）' ELSE '，区外）' END FROM teachers ORDER BY in_district DESC, id",
    )
    .fetch_all(pool)
    .await?;
    let units = sqlx::query_as("SELECT id, name FROM units WHERE in_district ORDER BY kind, id").fetch_all(pool).await?;
    let groups = match &own_school {
        Some((id, _)) => {
            let (unit,): (i64,) = sqlx::query_as("SELECT host_unit_id FROM schools WHERE id = $1").bind(id).fetch_one(pool).await?;
            super::joint::groups_of_unit(pool, unit).await?
        }
        None => sqlx::query_as("SELECT id, name FROM joint_groups ORDER BY id").fetch_all(pool).await?,
    };
    Ok(PlanChoices { own_school, schools, teachers, units, groups })
}

async fn exists(pool: &Pool, table: &str, id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as(&format!("SELECT id FROM {table} WHERE id = $1")).bind(id).fetch_optional(pool).await?;
    Ok(found.is_some())
}

/// Plans a class (status 筹备中). A class that must be filed waits for the organisation department.
/// The conflict check's findings come back as warnings: the planner decides.
pub async fn plan(pool: &Pool, caller: &Caller, plan: &ClassPlan) -> Result<PlannedClass, AppError> {
    let own = match (caller.acts_for_district(), caller.own_school()) {
        (true, _) => None,
        (false, Some(own)) => Some(own),
        _ => return Err(AppError::Forbidden),
    };
    let checked = rule::check_plan(plan).map_err(AppError::Validation)?;
    let school = match own {
        Some(own) => own,
        None => checked.school_id.ok_or_else(|| AppError::Validation("请选择主办党校".into()))?,
    };
    if !exists(pool, "schools", school).await? {
        return Err(AppError::Validation("主办党校不存在".into()));
    }
    let teachers = checked.teachers.clone();
    for t in &teachers {
        if !exists(pool, "teachers", *t).await? {
            return Err(AppError::Validation("所选教师不在师资库中".into()));
        }
    }
    let co: Vec<i64> = checked.co_schools.iter().copied().filter(|s| *s != school).collect();
    for s in &co {
        if !exists(pool, "schools", *s).await? {
            return Err(AppError::Validation("联合办班的党校不存在".into()));
        }
    }
    if let Some(unit) = checked.audience_unit_id {
        if !exists(pool, "units", unit).await? {
            return Err(AppError::Validation("培训对象单位不存在".into()));
        }
    }
    if let Some(group) = checked.joint_group_id {
        // 联训: the host school's unit must be one of the group's members.
        let (unit,): (i64,) = sqlx::query_as("SELECT host_unit_id FROM schools WHERE id = $1").bind(school).fetch_one(pool).await?;
        if !super::joint::groups_of_unit(pool, unit).await?.iter().any(|g| g.0 == group) {
            return Err(AppError::Validation("主办党校所在单位不是所选联训组的成员".into()));
        }
    }
    let audience = Audience { unit_id: checked.audience_unit_id, rank: checked.audience_rank };
    let warnings = conflicts(pool, &checked, audience).await?;
    let co_organisers = co.len() + usize::from(checked.joint_group_id.is_some());
    let filing = if rule::filing_required(checked.venue_kind, co_organisers) { FilingStatus::Pending } else { FilingStatus::NotRequired };

    let mut tx = crate::server::db::begin_write(pool).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO classes (school_id, title, category, starts_at, ends_at, venue, hours, status, capacity, \
                              audience_unit_id, audience_rank, venue_kind, filing, created_by, joint_group_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'planned', $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(school)
    .bind(&checked.title)
    .bind(checked.category.as_code())
    .bind(&checked.starts_at)
    .bind(&checked.ends_at)
    .bind(&checked.venue)
    .bind(checked.hours)
    .bind(checked.capacity)
    .bind(checked.audience_unit_id)
    .bind(checked.audience_rank.map(Rank::as_code))
    .bind(checked.venue_kind.as_code())
    .bind(filing.as_code())
    .bind(caller.account_id)
    .bind(checked.joint_group_id)
    .fetch_one(&mut *tx)
    .await?;
    for t in &teachers {
        sqlx::query("INSERT INTO class_teachers (class_id, teacher_id) VALUES ($1, $2)").bind(id).bind(t).execute(&mut *tx).await?;
    }
    for s in &co {
        sqlx::query("INSERT INTO class_co_organisers (class_id, school_id) VALUES ($1, $2)").bind(id).bind(s).execute(&mut *tx).await?;
    }
    let note = if filing == FilingStatus::Pending { "，已提交事前备案" } else { "" };
    log(&mut tx, Some(caller.account_id), id, None, ClassAction::Planned, format!("「{}」{}{note}", checked.title, checked.starts_at))
        .await?;
    tx.commit().await?;
    Ok(PlannedClass { id, filing, warnings })
}

/// 冲突检查: classes at the same time for an overlapping audience, the same venue double-booked, and
/// members of the audience already trained on the same topic this year.
async fn conflicts(pool: &Pool, plan: &rule::CheckedPlan, audience: Audience) -> Result<Vec<String>, sqlx::Error> {
    let mut warnings = Vec::new();
    // title, starts_at, venue, audience unit, audience rank
    type Overlap = (String, String, String, Option<i64>, Option<String>);
    let overlapping: Vec<Overlap> = sqlx::query_as(
        "SELECT title, starts_at, venue, audience_unit_id, audience_rank FROM classes \
         WHERE status <> 'cancelled' AND starts_at < $2 AND $1 < ends_at ORDER BY starts_at",
    )
    .bind(&plan.starts_at)
    .bind(&plan.ends_at)
    .fetch_all(pool)
    .await?;
    for (title, starts_at, venue, unit, rank) in overlapping {
        let other = Audience { unit_id: unit, rank: rank.as_deref().and_then(Rank::from_code) };
        if rule::same_venue(&venue, &plan.venue) {
            warnings.push(format!("场地冲突：「{venue}」在该时段已安排「{title}」（{starts_at}）"));
        }
        if audiences_overlap(audience, other) {
            warnings.push(format!("时间冲突：「{title}」（{starts_at}）与本班时间重叠，培训对象有交叉"));
        }
    }
    let year = plan.starts_at.get(..4).unwrap_or_default();
    let same_year: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, title FROM classes WHERE status <> 'cancelled' AND substr(starts_at, 1, 4) = $1")
            .bind(year)
            .fetch_all(pool)
            .await?;
    let mut trained = std::collections::BTreeSet::new();
    for (id, _) in same_year.iter().filter(|(_, t)| rule::same_topic(t, &plan.title)) {
        let people: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT p.id, p.unit_id, p.rank FROM attendance a JOIN people p ON p.id = a.person_id WHERE a.class_id = $1")
                .bind(id)
                .fetch_all(pool)
                .await?;
        for (person, unit, rank) in people {
            if Rank::from_code(&rank).is_some_and(|r| in_audience(audience, unit, r)) {
                trained.insert(person);
            }
        }
    }
    if !trained.is_empty() {
        warnings.push(format!("重复培训：培训对象中已有 {} 人今年参加过同主题培训「{}」", trained.len(), plan.title));
    }
    Ok(warnings)
}

/// 备案审批 by the organisation department: approve, or reject with a reason.
pub async fn decide_filing(pool: &Pool, caller: &Caller, id: i64, approve: bool, reason: &str) -> Result<FilingStatus, AppError> {
    if !caller.may(crate::rules::access::Action::DecideFilings) {
        return Err(AppError::Forbidden);
    }
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(AppError::Validation("驳回备案须填写理由".into()));
    }
    if reason.chars().count() > 200 {
        return Err(AppError::Validation("理由不超过 200 字".into()));
    }
    let class = facts(pool, id).await?.ok_or_else(|| AppError::NotFound("该培训班".into()))?;
    if class.filing != FilingStatus::Pending {
        return Err(AppError::Conflict(format!("该培训班的备案已处理（{}）", class.filing.label())));
    }
    let (status, action) =
        if approve { (FilingStatus::Approved, ClassAction::FilingApproved) } else { (FilingStatus::Rejected, ClassAction::FilingRejected) };
    let mut tx = crate::server::db::begin_write(pool).await?;
    let done = sqlx::query("UPDATE classes SET filing = $1, filing_reason = $2 WHERE id = $3 AND filing = 'pending'")
        .bind(status.as_code())
        .bind((!reason.is_empty()).then_some(reason))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Conflict("该培训班的备案已处理".into()));
    }
    log(&mut tx, Some(caller.account_id), id, None, action, reason.to_string()).await?;
    tx.commit().await?;
    Ok(status)
}

/// Opens a class for check-in. Reopening a closed class — whose hours are already credited — is for
/// the organisation department only.
pub async fn open(pool: &Pool, caller: &Caller, id: i64) -> Result<(), AppError> {
    let class = managed(pool, caller, id).await?;
    rule::may_open(class.status, class.filing).map_err(|e| AppError::Conflict(e.into()))?;
    if class.status == ClassStatus::Closed && !caller.may(crate::rules::access::Action::DecideFilings) {
        return Err(AppError::Validation("已结班的培训班只能由组织部重新开放".into()));
    }
    let mut tx = crate::server::db::begin_write(pool).await?;
    let opened = sqlx::query("UPDATE classes SET status = 'open' WHERE id = $1 AND status = $2")
        .bind(id)
        .bind(class.status.as_code())
        .execute(&mut *tx)
        .await?;
    if opened.rows_affected() != 1 {
        return Err(AppError::Conflict("培训班状态已变化，请刷新后重试".into()));
    }
    let action = if class.status == ClassStatus::Closed { ClassAction::Reopened } else { ClassAction::Opened };
    log(&mut tx, Some(caller.account_id), id, None, action, String::new()).await?;
    tx.commit().await?;
    Ok(())
}

/// 结班: closes the class and credits its hours to every attendee not credited yet, each through the
/// one ledger-credit function with its audit line. Closing, reopening and closing again credits
/// nobody twice (one ledger entry per attendance, enforced by the schema). Returns how many were
/// credited now.
pub async fn close(pool: &Pool, caller: &Caller, id: i64) -> Result<u64, AppError> {
    let class = managed(pool, caller, id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict(format!("只有签到中的培训班可以结班（当前：{}）", class.status.label())));
    }
    let mut tx = crate::server::db::begin_write(pool).await?;
    let switched = sqlx::query("UPDATE classes SET status = 'closed' WHERE id = $1 AND status = 'open'").bind(id).execute(&mut *tx).await?;
    if switched.rows_affected() != 1 {
        return Err(AppError::Conflict("该培训班已结班".into()));
    }
    // After the switch (which holds the class row on PostgreSQL and the write lock on SQLite): every
    // check-in that got in is seen here, and none can follow.
    let due: Vec<(i64, i64, f64, String)> = sqlx::query_as(
        "SELECT a.id, a.person_id, c.hours, substr(c.ends_at, 1, 10) FROM attendance a JOIN classes c ON c.id = a.class_id \
         WHERE a.class_id = $1 AND NOT EXISTS (SELECT 1 FROM study_hours h WHERE h.attendance_id = a.id) ORDER BY a.id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let evidence = format!("培训班 #{id}「{}」结班签到名单", class.title);
    for (attendance, person, hours, earned_on) in &due {
        let entry = super::hours::credit(
            &mut tx,
            super::hours::Credit {
                person: *person,
                hours: *hours,
                earned_on,
                source: crate::model::HourSource::Attendance,
                rule: CLASS_CLOSE_OUT_CREDIT,
                evidence: &evidence,
                attendance: Some((id, *attendance)),
            },
        )
        .await?;
        super::audit::record(
            &mut tx,
            super::audit::Change {
                actor: Some(caller.account_id),
                person: Some(*person),
                action: crate::model::AuditAction::ClassCredited,
                hours: Some(*hours),
                study_hour: Some(entry),
                claim: None,
                detail: format!("{evidence}：{hours} 学时（{earned_on}）"),
            },
        )
        .await?;
    }
    let credited = due.len() as u64;
    log(&mut tx, Some(caller.account_id), id, None, ClassAction::Closed, format!("{credited} 人记入学时")).await?;
    tx.commit().await?;
    Ok(credited)
}

/// The server's signing secret for check-in tokens: made once, kept in the database (shared by every
/// instance on one database).
pub async fn checkin_secret(pool: &Pool) -> Result<Vec<u8>, sqlx::Error> {
    const SELECT: &str = "SELECT value FROM app_meta WHERE key = 'checkin_secret'";
    let stored = match sqlx::query_as::<_, (String,)>(SELECT).fetch_optional(pool).await? {
        Some((value,)) => value,
        None => {
            use rand::RngCore;
            let mut fresh = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut fresh);
            // Two instances starting together: the first secret written wins, both read it back.
            sqlx::query("INSERT INTO app_meta (key, value) VALUES ('checkin_secret', $1) ON CONFLICT (key) DO NOTHING")
                .bind(hex::encode(fresh))
                .execute(pool)
                .await?;
            sqlx::query_as::<_, (String,)>(SELECT).fetch_one(pool).await?.0
        }
    };
    hex::decode(stored).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The open class a 6-digit code belongs to, if any.
pub async fn class_of_code(pool: &Pool, secret: &[u8], code: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let open: Vec<(i64,)> = sqlx::query_as("SELECT id FROM classes WHERE status = 'open'").fetch_all(pool).await?;
    Ok(open.into_iter().map(|(id,)| id).find(|id| checkin::code_matches(secret, *id, code, now)))
}

/// Checks a person in to a class (scan, code, or an admin's entry). Checking in twice is answered
/// "already", not refused.
pub async fn check_in(pool: &Pool, class_id: i64, person_id: i64, method: AttendanceMethod) -> Result<CheckInReceipt, AppError> {
    let class = facts(pool, class_id).await?.ok_or_else(|| AppError::NotFound("该培训班".into()))?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict(format!("「{}」当前未开放签到（{}）", class.title, class.status.label())));
    }
    let (unit_id, rank, unit): (i64, String, String) =
        sqlx::query_as("SELECT p.unit_id, p.rank, u.name FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1")
            .bind(person_id)
            .fetch_optional(pool)
            .await?
            .ok_or_else(|| AppError::NotFound("该人员".into()))?;
    if method != AttendanceMethod::Manual && !Rank::from_code(&rank).is_some_and(|r| in_audience(class.audience, unit_id, r)) {
        return Err(AppError::Validation(format!("您（{unit}）不在「{}」的培训对象范围内，请确认培训班是否正确", class.title)));
    }
    let mut tx = crate::server::db::begin_write(pool).await?;
    let receipt = attend(&mut tx, &class, person_id, method).await?;
    tx.commit().await?;
    Ok(receipt)
}

/// Puts a person on a class's roster inside `tx`: only while the class is open and has room, decided
/// under the class row's lock (PostgreSQL) or the write lock (SQLite), so that a check-in racing the
/// close-out is either credited by it or refused, and parallel check-ins never overbook.
async fn attend(tx: &mut Conn, class: &ClassFacts, person_id: i64, method: AttendanceMethod) -> Result<CheckInReceipt, AppError> {
    let class_id = class.id;
    let lock = format!("SELECT status FROM classes WHERE id = $1{}", crate::server::db::for_update(tx));
    let (status,): (String,) = sqlx::query_as(&lock).bind(class_id).fetch_one(&mut *tx).await?;
    if status != ClassStatus::Open.as_code() {
        let label = ClassStatus::from_code(&status).map_or("未开放", |s| s.label());
        return Err(AppError::Conflict(format!("「{}」当前未开放签到（{label}）", class.title)));
    }
    let now = beijing_now();
    let inserted = sqlx::query(
        "INSERT INTO attendance (class_id, person_id, checked_in_at, method) \
         SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM classes WHERE id = $1 AND status = 'open') \
           AND (SELECT COUNT(*) FROM attendance WHERE class_id = $1) < $5 \
         ON CONFLICT (class_id, person_id) DO NOTHING",
    )
    .bind(class_id)
    .bind(person_id)
    .bind(now.replace(' ', "T"))
    .bind(method.as_code())
    .bind(class.capacity.unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(CheckInReceipt { class_title: class.title.clone(), already: false, checked_in_at: now });
    }
    let earlier: Option<(String,)> = sqlx::query_as("SELECT checked_in_at FROM attendance WHERE class_id = $1 AND person_id = $2")
        .bind(class_id)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
    match earlier {
        Some((at,)) => Ok(CheckInReceipt { class_title: class.title.clone(), already: true, checked_in_at: at.replace('T', " ") }),
        None => Err(AppError::Conflict(format!("「{}」名额已满（{} 人）", class.title, class.capacity.unwrap_or_default()))),
    }
}

/// An admin adds someone to the roster (logged, in the same transaction). After the class has ended,
/// only the organisation department may add people (hours are credited for it at close-out).
pub async fn add_attendee(pool: &Pool, caller: &Caller, class_id: i64, person_id: i64) -> Result<CheckInReceipt, AppError> {
    let class = managed(pool, caller, class_id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict("请先开放签到再添加学员（已结班的须由组织部重新开放）".into()));
    }
    may_add_people(caller, &class)?;
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM people WHERE id = $1").bind(person_id).fetch_optional(pool).await?;
    if found.is_none() {
        return Err(AppError::NotFound("该人员".into()));
    }
    let mut tx = crate::server::db::begin_write(pool).await?;
    let receipt = attend(&mut tx, &class, person_id, AttendanceMethod::Manual).await?;
    if receipt.already {
        return Err(AppError::Conflict("该学员已在名单中".into()));
    }
    log(&mut tx, Some(caller.account_id), class_id, Some(person_id), ClassAction::AttendeeAdded, format!("人员编号 {person_id}")).await?;
    tx.commit().await?;
    Ok(receipt)
}

/// An admin removes someone from the roster (logged). Hours already credited stay: such a person
/// cannot be removed.
pub async fn remove_attendee(pool: &Pool, caller: &Caller, class_id: i64, person_id: i64) -> Result<(), AppError> {
    let class = managed(pool, caller, class_id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict("只有签到中的培训班可以调整名单".into()));
    }
    let credited: Option<(i64,)> = sqlx::query_as(
        "SELECT h.id FROM study_hours h JOIN attendance a ON a.id = h.attendance_id WHERE a.class_id = $1 AND a.person_id = $2",
    )
    .bind(class_id)
    .bind(person_id)
    .fetch_optional(pool)
    .await?;
    if credited.is_some() {
        return Err(AppError::Conflict("该学员的学时已记入台账，不能移除".into()));
    }
    let mut tx = crate::server::db::begin_write(pool).await?;
    let removed = sqlx::query("DELETE FROM attendance WHERE class_id = $1 AND person_id = $2")
        .bind(class_id)
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() != 1 {
        return Err(AppError::NotFound("名单中的该学员".into()));
    }
    log(&mut tx, Some(caller.account_id), class_id, Some(person_id), ClassAction::AttendeeRemoved, format!("人员编号 {person_id}")).await?;
    tx.commit().await?;
    Ok(())
}

/// How many are on a class's roster.
pub async fn attendee_count(pool: &Pool, class_id: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE class_id = $1").bind(class_id).fetch_one(pool).await?;
    Ok(n)
}

/// The roster in check-in order.
pub async fn roster(pool: &Pool, class_id: i64) -> Result<Vec<RosterEntry>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.name, u.name, a.checked_in_at, a.method, h.id FROM attendance a \
         JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id \
         LEFT JOIN study_hours h ON h.attendance_id = a.id \
         WHERE a.class_id = $1 ORDER BY a.checked_in_at, a.id",
    )
    .bind(class_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(person_id, name, unit, at, method, credited)| {
            Some(RosterEntry {
                person_id,
                name,
                unit,
                checked_in_at: at.replace('T', " "),
                method: AttendanceMethod::from_code(&method)?,
                credited: credited.is_some(),
            })
        })
        .collect())
}

/// A class with its roster and log, for those who run it (and the district's leaders, read-only).
pub async fn detail(pool: &Pool, caller: &Caller, id: i64) -> Result<ClassDetail, AppError> {
    let class = facts(pool, id).await?.ok_or_else(|| AppError::NotFound("该培训班".into()))?;
    if !(caller.sees_district() || may_manage(pool, caller, &class).await?) {
        return Err(AppError::Forbidden);
    }
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1")).bind(id).fetch_one(pool).await?;
    let summary = summary(row).ok_or(AppError::Internal)?;
    let (venue_kind, filing_reason, unit, joint_group): (String, Option<String>, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT c.venue_kind, c.filing_reason, u.name, g.name FROM classes c LEFT JOIN units u ON u.id = c.audience_unit_id \
         LEFT JOIN joint_groups g ON g.id = c.joint_group_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let teachers: Vec<(String,)> =
        sqlx::query_as("SELECT t.name FROM class_teachers ct JOIN teachers t ON t.id = ct.teacher_id WHERE ct.class_id = $1 ORDER BY t.id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    let co: Vec<(String,)> =
        sqlx::query_as("SELECT s.name FROM class_co_organisers o JOIN schools s ON s.id = o.school_id WHERE o.class_id = $1 ORDER BY s.id")
            .bind(id)
            .fetch_all(pool)
            .await?;
    // at, actor, action, person, detail
    type LogRow = (String, Option<String>, String, Option<String>, String);
    let log_rows: Vec<LogRow> = sqlx::query_as(
        "SELECT l.at, ac.display_name, l.action, p.name, l.detail FROM class_audit l \
         LEFT JOIN accounts ac ON ac.id = l.actor_id LEFT JOIN people p ON p.id = l.person_id \
         WHERE l.class_id = $1 ORDER BY l.id DESC LIMIT 50",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let audience = format!(
        "{}{}",
        unit.unwrap_or_else(|| "全区各单位".into()),
        class.audience.rank.map(|r| format!("·{}干部", r.label())).unwrap_or_default()
    );
    Ok(ClassDetail {
        summary,
        teachers: teachers.into_iter().map(|t| t.0).collect(),
        co_organisers: co.into_iter().map(|s| s.0).collect(),
        joint_group,
        audience,
        venue_kind: VenueKind::from_code(&venue_kind).unwrap_or(VenueKind::School),
        filing_reason,
        roster: roster(pool, id).await?,
        feedback: super::feedback::summary(pool, id).await?,
        log: log_rows
            .into_iter()
            .filter_map(|(at, actor, action, person, detail)| {
                Some(ClassLogEntry {
                    at,
                    actor: actor.unwrap_or_else(|| "系统".into()),
                    action: ClassAction::from_code(&action)?,
                    detail: match person {
                        Some(p) => format!("{p} {detail}"),
                        None => detail,
                    },
                })
            })
            .collect(),
        may_decide_filing: caller.may(crate::rules::access::Action::DecideFilings) && class.filing == FilingStatus::Pending,
    })
}

/// The class a roster file is imported into: it exists, the caller runs it, it is open. Checked
/// before the file is read.
pub async fn roster_import_class(pool: &Pool, caller: &Caller, class_id: i64) -> Result<ClassFacts, AppError> {
    let class = managed(pool, caller, class_id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict("请先开放签到再导入名单（已结班的须由组织部重新开放）".into()));
    }
    may_add_people(caller, &class)?;
    Ok(class)
}

/// People are added to a roster by hand (or by import) while the class runs; after it has ended only
/// the organisation department may (the hours are credited at close-out).
fn may_add_people(caller: &Caller, class: &ClassFacts) -> Result<(), AppError> {
    let ended = class.ends_at.as_str() < beijing_now().replace(' ', "T").as_str();
    if ended && !caller.may(crate::rules::access::Action::DecideFilings) {
        return Err(AppError::Validation("培训班已结束，补录学员须由组织部办理".into()));
    }
    Ok(())
}

/// 名单导入: every row is checked first (a person number that exists, the name that goes with it,
/// no row twice); with any problem nothing is imported and every problem is reported. People already
/// on the roster are skipped. The class must be open for check-in.
pub async fn import_roster(
    pool: &Pool,
    caller: &Caller,
    class: &ClassFacts,
    rows: &[crate::server::imports::RosterRow],
) -> Result<crate::model::ImportReport, AppError> {
    let class_id = class.id;
    let on_roster: std::collections::HashSet<i64> = sqlx::query_as::<_, (i64,)>("SELECT person_id FROM attendance WHERE class_id = $1")
        .bind(class_id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut new_people = Vec::new();
    let mut skipped = 0;
    for row in rows {
        let Ok(person) = row.person.parse::<i64>() else {
            errors.push(format!("第 {} 行：人员编号“{}”不是数字", row.line, row.person));
            continue;
        };
        if let Some(first) = seen.insert(person, row.line) {
            errors.push(format!("第 {} 行：人员编号 {person} 与第 {first} 行重复", row.line));
            continue;
        }
        let found: Option<(String,)> = sqlx::query_as("SELECT name FROM people WHERE id = $1").bind(person).fetch_optional(pool).await?;
        match found {
            None => errors.push(format!("第 {} 行：人员编号 {person} 不存在", row.line)),
            Some((name,)) if name != row.name => {
                errors.push(format!("第 {} 行：人员编号 {person} 的姓名是“{name}”，文件中为“{}”", row.line, row.name))
            }
            Some(_) if on_roster.contains(&person) => skipped += 1,
            Some(_) => new_people.push(person),
        }
    }
    if let Some(capacity) = class.capacity {
        let total = on_roster.len() + new_people.len();
        if errors.is_empty() && total as i64 > capacity {
            errors.push(format!("导入后共 {total} 人，超过人数上限 {capacity} 人"));
        }
    }
    if !errors.is_empty() {
        return Ok(crate::model::ImportReport { imported: 0, skipped: 0, errors });
    }
    let mut tx = crate::server::db::begin_write(pool).await?;
    let at = beijing_now().replace(' ', "T");
    for person in &new_people {
        sqlx::query("INSERT INTO attendance (class_id, person_id, checked_in_at, method) VALUES ($1, $2, $3, 'import')")
            .bind(class_id)
            .bind(person)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
    }
    log(
        &mut tx,
        Some(caller.account_id),
        class_id,
        None,
        ClassAction::RosterImported,
        format!("导入 {} 人，跳过已在名单中的 {skipped} 人", new_people.len()),
    )
    .await?;
    tx.commit().await?;
    Ok(crate::model::ImportReport { imported: new_people.len(), skipped, errors })
}
