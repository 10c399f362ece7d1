//! Classes (培训班): planning with the conflict check and pre-filing, the filing decision, opening for
//! check-in, close-out (credits each attendee's ledger once) and the class page. Each change: who may
//! (the policy in `rules::access`) → the rules (`rules::classes`) → `repo` inside one transaction.
//! The server function then tells the dashboards (`server::live`).

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{
    ClassAction, ClassDetail, ClassKind, ClassList, ClassLogEntry, ClassPlan, ClassStatus, FilingStatus, PlanChoices, PlannedClass,
};
use crate::rules::access::Action;
use crate::rules::checkin::{audiences_overlap, in_audience, Audience};
use crate::rules::classes::{self as rule, CLASS_CLOSE_OUT_CREDIT};
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Pool};
use crate::server::repo::classes::{self as repo, ClassFacts, Reach, Table};
use crate::server::repo::{self as repos};
use crate::server::Clock;

/// How many classes "my classes" lists at most.
const MY_CLASSES: usize = 10;

/// Classes shown in a list at most: those under way first, then the newest.
pub const LIST_LIMIT: i64 = 100;

/// Who runs a class: the organisation department, the admin of its school or of a co-organising
/// school, a teacher of the class.
pub async fn may_manage(pool: &Pool, caller: &Caller, class: &ClassFacts) -> Result<bool, sqlx::Error> {
    if caller.acts_for_district() {
        return Ok(true);
    }
    if let Some(school) = caller.own_school() {
        if school == class.school_id || repo::co_organised_by(pool, class.id, school).await? {
            return Ok(true);
        }
    }
    match caller.own_teaching() {
        Some(person) => repo::taught_by(pool, class.id, person).await,
        None => Ok(false),
    }
}

/// The class, if it exists.
pub async fn existing(pool: &Pool, id: i64) -> Result<ClassFacts, AppError> {
    repo::facts(pool, id).await?.ok_or_else(|| AppError::NotFound(msg::class_noun().into()))
}

/// The class, if it exists and the caller may run it.
pub async fn managed(pool: &Pool, caller: &Caller, id: i64) -> Result<ClassFacts, AppError> {
    let class = existing(pool, id).await?;
    if may_manage(pool, caller, &class).await? {
        Ok(class)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The classes the caller runs (all for the organisation department), and the filings waiting.
pub async fn list(pool: &Pool, caller: &Caller) -> Result<ClassList, AppError> {
    let reach = if caller.acts_for_district() {
        Reach::All
    } else if let Some(school) = caller.own_school() {
        Reach::School(school)
    } else if let Some(person) = caller.own_teaching() {
        Reach::Teacher(person)
    } else {
        return Err(AppError::Forbidden);
    };
    let may_decide_filings = caller.may(Action::DecideFilings);
    Ok(ClassList {
        classes: repo::list(pool, reach, LIST_LIMIT).await?,
        pending_filings: if may_decide_filings { repo::pending_filings(pool).await? } else { Vec::new() },
        may_plan: caller.acts_for_district() || caller.own_school().is_some(),
        may_decide_filings,
    })
}

/// What the planning form offers the caller; with `line`, the plan line the class is to be held for
/// (its topic and category filled in).
pub async fn plan_choices(pool: &Pool, caller: &Caller, line: Option<i64>) -> Result<PlanChoices, AppError> {
    let schools = repo::active_schools(pool).await?;
    let own_school = if caller.acts_for_district() {
        None
    } else if let Some(id) = caller.own_school() {
        schools.iter().find(|s| s.0 == id).cloned()
    } else {
        return Err(AppError::Forbidden);
    };
    let teachers = repo::teacher_choices(pool)
        .await?
        .into_iter()
        .map(|t| (t.id, format!("{}（{}{}）", t.name, t.unit_name, if t.in_district != 0 { "" } else { "，区外" })))
        .collect();
    let groups = match &own_school {
        Some((id, _)) => match repos::schools::host_unit(pool, *id).await? {
            Some(unit) => repos::joint::groups_of_unit(pool, unit).await?,
            None => Vec::new(),
        },
        None => repo::joint_groups(pool).await?,
    };
    let from_line = match line {
        Some(id) => repos::plans::line(&mut *pool.acquire().await?, id).await?.map(|l| crate::model::FromLine {
            id: l.id,
            label: format!("{} 年 {} 月：{}", l.year, l.month, l.topic),
            topic: l.topic,
            category: l.category,
            school_id: l.school_id,
            group_id: l.group_id,
        }),
        None => None,
    };
    let red_bases = if caller.acts_for_district() { repos::red::bases_in_use(pool).await? } else { Vec::new() };
    Ok(PlanChoices { own_school, schools, teachers, units: repo::audience_units(pool).await?, groups, from_line, red_bases })
}

/// Plans a class (status 筹备中). A class that must be filed waits for the organisation department.
/// The conflict check's findings come back as warnings: the planner decides.
pub async fn plan(pool: &Pool, caller: &Caller, plan: &ClassPlan, clock: &Clock) -> Result<PlannedClass, AppError> {
    let now = clock.now();
    let own = match (caller.acts_for_district(), caller.own_school()) {
        (true, _) => None,
        (false, Some(own)) => Some(own),
        _ => return Err(AppError::Forbidden),
    };
    let mut checked = rule::check_plan(plan).map_err(AppError::Validation)?;
    let school = match own {
        Some(own) => own,
        None => checked.school_id.ok_or_else(|| AppError::Validation(msg::host_school_missing().into()))?,
    };
    if !repo::all_exist(pool, Table::Schools, &[school]).await? {
        return Err(AppError::Validation(msg::host_school_unknown().into()));
    }
    // A school being set up or closed holds no classes (its past ones stay with it).
    if !repo::active_schools(pool).await?.iter().any(|(id, _)| *id == school) {
        return Err(AppError::Validation(msg::school_not_open().into()));
    }
    if !repo::all_exist(pool, Table::Teachers, &checked.teachers).await? {
        return Err(AppError::Validation(msg::teacher_not_in_pool().into()));
    }
    let co: Vec<i64> = checked.co_schools.iter().copied().filter(|s| *s != school).collect();
    if !repo::all_exist(pool, Table::Schools, &co).await? {
        return Err(AppError::Validation(msg::co_school_unknown().into()));
    }
    if !repo::all_exist(pool, Table::Units, checked.audience_unit_id.as_slice()).await? {
        return Err(AppError::Validation(msg::audience_unit_unknown().into()));
    }
    if checked.kind == ClassKind::RedLecture {
        // 红色大讲堂: the organisation department's, at a red teaching base in use.
        if own.is_some() {
            return Err(AppError::Validation(msg::red_lecture_district_only().into()));
        }
        let base = checked.red_base_id.unwrap_or_default();
        if !repos::red::bases_in_use(pool).await?.iter().any(|(id, _)| *id == base) {
            return Err(AppError::Validation(msg::red_base_unknown().into()));
        }
    }
    if let Some(line_id) = checked.plan_line_id {
        // 教学计划: a line of the host school's plan, or of a group's (the class is then held for it).
        let line = repos::plans::line(&mut *pool.acquire().await?, line_id)
            .await?
            .ok_or_else(|| AppError::Validation(msg::plan_line_unknown().into()))?;
        if !checked.starts_at.starts_with(&line.year.to_string()) {
            return Err(AppError::Validation(msg::plan_line_other_year().into()));
        }
        match (line.school_id, line.group_id) {
            (Some(s), _) if s == school => {}
            (_, Some(g)) if checked.joint_group_id.unwrap_or(g) == g => checked.joint_group_id = Some(g),
            _ => return Err(AppError::Validation(msg::plan_line_elsewhere().into())),
        }
    }
    if let Some(group) = checked.joint_group_id {
        // 联训: the host school's unit must be one of the group's members.
        let groups = match repos::schools::host_unit(pool, school).await? {
            Some(unit) => repos::joint::groups_of_unit(pool, unit).await?,
            None => Vec::new(),
        };
        if !groups.iter().any(|g| g.0 == group) {
            return Err(AppError::Validation(msg::host_not_in_group().into()));
        }
    }
    let audience = Audience { unit_id: checked.audience_unit_id, rank: checked.audience_rank };
    let times = (checked.starts_at.as_str(), checked.ends_at.as_str());
    let warnings = conflicts(pool, None, &checked.title, &checked.venue, times, audience, clock).await?;
    let co_organisers = co.len() + usize::from(checked.joint_group_id.is_some());
    // The organisation department's own 红色大讲堂 is not filed with itself.
    let filing = if checked.kind == ClassKind::Regular && rule::filing_required(checked.venue_kind, co_organisers) {
        FilingStatus::Pending
    } else {
        FilingStatus::NotRequired
    };

    let mut tx = begin_write(pool).await?;
    let id = repo::insert(&mut tx, &checked, school, &co, filing, caller.account_id).await?;
    let note = if filing == FilingStatus::Pending { "，已提交事前备案" } else { "" };
    let detail = format!("「{}」{}{note}", checked.title, checked.starts_at);
    repo::log(&mut tx, &now, Some(caller.account_id), id, None, ClassAction::Planned, &detail).await?;
    tx.commit().await?;
    Ok(PlannedClass { id, filing, warnings })
}

/// 冲突检查: classes (other than `except`, the class being changed) at the same time for an
/// overlapping audience, the same venue double-booked, members of the audience already trained on
/// the same topic this year (重复培训), and cadres of the audience with no class for the stretch the
/// organisation department set (漏训) — the article's three reasons for pre-filing.
async fn conflicts(
    pool: &Pool,
    except: Option<i64>,
    title: &str,
    venue: &str,
    (starts_at, ends_at): (&str, &str),
    audience: Audience,
    clock: &Clock,
) -> Result<Vec<String>, sqlx::Error> {
    let mut warnings = Vec::new();
    for other in repo::overlapping(pool, starts_at, ends_at, except).await? {
        let (other_title, other_start, other_venue) = (&other.title, &other.starts_at, &other.venue);
        if rule::same_venue(other_venue, venue) {
            warnings.push(msg::venue_conflict(other_venue, other_title, other_start));
        }
        if audiences_overlap(audience, Audience { unit_id: other.audience_unit_id, rank: other.audience_rank }) {
            warnings.push(msg::time_conflict(other_title, other_start));
        }
    }
    let year = starts_at.get(..4).unwrap_or_default();
    let same_topic: Vec<i64> = repo::of_year(pool, year)
        .await?
        .into_iter()
        .filter(|(id, other)| Some(*id) != except && rule::same_topic(other, title))
        .map(|(id, _)| id)
        .collect();
    let trained =
        repo::attendees_of(pool, &same_topic).await?.into_iter().filter(|&(_, unit, rank)| in_audience(audience, unit, rank)).count();
    if trained > 0 {
        warnings.push(msg::repeated_training(trained, title));
    }
    let months = repos::missed::months(pool).await?;
    if let Some(since) = crate::rules::missed::since(&clock.today().to_string(), months) {
        let missed = repos::missed::in_audience(pool, &since, audience).await?;
        if missed > 0 {
            warnings.push(msg::missed_in_audience(missed, months));
        }
    }
    Ok(warnings)
}

/// Changes or reschedules a class not held yet (planned): title, place, time, hours, capacity. Its
/// conflicts are checked again (warnings, as when planning); a class filed and decided that moves
/// (time or place) waits for the organisation department's decision again. Logged with every field
/// before → after.
pub async fn edit(pool: &Pool, caller: &Caller, id: i64, new: &rule::Schedule, clock: &Clock) -> Result<PlannedClass, AppError> {
    let now = clock.now();
    let class = managed(pool, caller, id).await?;
    if class.status != ClassStatus::Planned {
        return Err(AppError::Conflict(msg::edit_only_planned().into()));
    }
    let old = repo::item(pool, id).await?;
    if new.capacity.is_some_and(|c| c < old.attendees) {
        return Err(AppError::Validation(msg::capacity_below_roster(old.attendees)));
    }
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_else(|| "不限".into());
    let fields = [
        (msg::field_class_title(), old.title.clone(), new.title.clone()),
        (msg::field_venue(), old.venue.clone(), new.venue.clone()),
        (
            msg::field_starts_at(),
            old.starts_at.minute().to_string(),
            crate::model::Moment::parse(&new.starts_at).map(|m| m.minute().to_string()).unwrap_or_default(),
        ),
        (
            msg::field_ends_at(),
            old.ends_at.minute().to_string(),
            crate::model::Moment::parse(&new.ends_at).map(|m| m.minute().to_string()).unwrap_or_default(),
        ),
        (msg::field_class_hours(), old.hours.to_string(), new.hours.to_string()),
        (msg::field_capacity(), number(old.capacity), number(new.capacity)),
    ];
    let changed: Vec<String> = fields.iter().filter(|(_, a, b)| a != b).map(|(f, a, b)| format!("{f}：{a} → {b}")).collect();
    if changed.is_empty() {
        return Ok(PlannedClass { id, filing: class.filing, warnings: Vec::new() });
    }
    let moved = fields[1..4].iter().any(|(_, a, b)| a != b);
    let filing = match class.filing {
        FilingStatus::Approved | FilingStatus::Rejected if moved => FilingStatus::Pending,
        kept => kept,
    };
    let warnings = conflicts(pool, Some(id), &new.title, &new.venue, (&new.starts_at, &new.ends_at), class.audience, clock).await?;
    let mut tx = begin_write(pool).await?;
    if !repo::update_schedule(&mut tx, id, new, filing).await? {
        return Err(AppError::Conflict(msg::class_changed().into()));
    }
    let mut detail = changed.join("；");
    if filing != class.filing {
        detail.push_str(msg::filed_again());
    }
    repo::log(&mut tx, &now, Some(caller.account_id), id, None, ClassAction::Edited, &detail).await?;
    tx.commit().await?;
    Ok(PlannedClass { id, filing, warnings })
}

/// 备案审批 by the organisation department: approve, or reject with a reason.
pub async fn decide_filing(
    pool: &Pool,
    caller: &Caller,
    id: i64,
    decision: crate::model::Decision,
    reason: &str,
    clock: &Clock,
) -> Result<FilingStatus, AppError> {
    let now = clock.now();
    let approve = decision.approves();
    if !caller.may(Action::DecideFilings) {
        return Err(AppError::Forbidden);
    }
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(AppError::Validation(msg::filing_reject_needs_reason().into()));
    }
    if reason.chars().count() > 200 {
        return Err(AppError::Validation(msg::filing_reason_too_long().into()));
    }
    let class = existing(pool, id).await?;
    if class.filing != FilingStatus::Pending {
        return Err(AppError::Conflict(msg::filing_decided_as(class.filing.label())));
    }
    let (status, action) =
        if approve { (FilingStatus::Approved, ClassAction::FilingApproved) } else { (FilingStatus::Rejected, ClassAction::FilingRejected) };
    let mut tx = begin_write(pool).await?;
    if !repo::set_filing(&mut tx, id, status, (!reason.is_empty()).then_some(reason)).await? {
        return Err(AppError::Conflict(msg::filing_decided().into()));
    }
    repo::log(&mut tx, &now, Some(caller.account_id), id, None, action, reason).await?;
    tx.commit().await?;
    Ok(status)
}

/// Opens a class for check-in. Reopening a closed class — whose hours are already credited — is for
/// the organisation department only.
pub async fn open(pool: &Pool, caller: &Caller, id: i64, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let class = managed(pool, caller, id).await?;
    rule::may_open(class.status, class.filing).map_err(|e| AppError::Conflict(e.into()))?;
    if class.status == ClassStatus::Closed && !caller.may(Action::DecideFilings) {
        return Err(AppError::Validation(msg::reopen_by_org().into()));
    }
    let mut tx = begin_write(pool).await?;
    if !repo::switch_status(&mut tx, id, class.status, ClassStatus::Open).await? {
        return Err(AppError::Conflict(msg::class_changed().into()));
    }
    let action = if class.status == ClassStatus::Closed { ClassAction::Reopened } else { ClassAction::Opened };
    if action == ClassAction::Opened {
        // Held for the first time: it counts among the period's classes from now on.
        repos::rollup::add(&mut tx, id, 1, 0).await?;
    }
    repo::log(&mut tx, &now, Some(caller.account_id), id, None, action, "").await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels a class not held yet (planned): it keeps its log and counts nowhere (it was never
/// opened, so no figure holds it). A class that opened cannot be cancelled.
pub async fn cancel(pool: &Pool, caller: &Caller, id: i64, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let class = managed(pool, caller, id).await?;
    if class.status != ClassStatus::Planned {
        return Err(AppError::Conflict(msg::cancel_only_planned().into()));
    }
    let mut tx = begin_write(pool).await?;
    if !repo::switch_status(&mut tx, id, ClassStatus::Planned, ClassStatus::Cancelled).await? {
        return Err(AppError::Conflict(msg::class_changed().into()));
    }
    repo::log(&mut tx, &now, Some(caller.account_id), id, None, ClassAction::Cancelled, "").await?;
    tx.commit().await?;
    Ok(())
}

/// 结班: closes the class and credits its hours to every attendee not credited yet, each through the
/// one ledger-credit function with its audit line. Closing, reopening and closing again credits
/// nobody twice (one ledger entry per attendance, enforced by the schema). Returns how many were
/// credited now.
pub async fn close(pool: &Pool, caller: &Caller, id: i64, clock: &Clock) -> Result<u64, AppError> {
    let now = clock.now();
    let class = managed(pool, caller, id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict(msg::close_needs_open(class.status.label())));
    }
    let mut tx = begin_write(pool).await?;
    if !repo::switch_status(&mut tx, id, ClassStatus::Open, ClassStatus::Closed).await? {
        return Err(AppError::Conflict(msg::class_closed_already().into()));
    }
    // After the switch (which holds the class row on PostgreSQL and the write lock on SQLite): every
    // check-in that got in is seen here, and none can follow.
    let due = repo::due_credits(&mut tx, id).await?;
    let evidence = format!("培训班 #{id}「{}」结班签到名单", class.title);
    for d in &due {
        let credit = repos::hours::Credit {
            person: d.person,
            hours: d.hours,
            earned_on: &d.earned_on,
            source: crate::model::HourSource::Attendance,
            rule: CLASS_CLOSE_OUT_CREDIT,
            evidence: &evidence,
            attendance: Some((id, d.attendance)),
        };
        let entry = repos::hours::credit(&mut tx, credit).await?;
        let change = repos::audit::Change {
            at: now.clone(),
            actor: Some(caller.account_id),
            person: Some(d.person),
            action: crate::model::AuditAction::ClassCredited,
            hours: Some(d.hours),
            study_hour: Some(entry),
            claim: None,
            detail: format!("{evidence}：{} 学时（{}）", d.hours, d.earned_on),
        };
        repos::audit::record(&mut tx, change).await?;
    }
    let credited = due.len() as u64;
    repo::log(&mut tx, &now, Some(caller.account_id), id, None, ClassAction::Closed, &format!("{credited} 人记入学时")).await?;
    tx.commit().await?;
    Ok(credited)
}

/// A class with its roster and log, for those who run it (and the district's leaders, read-only).
pub async fn detail(pool: &Pool, caller: &Caller, id: i64) -> Result<ClassDetail, AppError> {
    let class = existing(pool, id).await?;
    if !(caller.sees_district() || may_manage(pool, caller, &class).await?) {
        return Err(AppError::Forbidden);
    }
    let particulars = repo::particulars(pool, id).await?;
    let audience = format!(
        "{}{}",
        particulars.audience_unit.unwrap_or_else(|| msg::all_units().into()),
        class.audience.rank.map(|r| msg::audience_rank(r.label())).unwrap_or_default()
    );
    let log = repo::log_lines(pool, id, 50)
        .await?
        .into_iter()
        .map(|l| ClassLogEntry {
            at: l.at,
            actor: l.actor.unwrap_or_else(|| msg::system_actor().into()),
            action: l.action,
            detail: match l.person {
                Some(p) => format!("{p} {}", l.detail),
                None => l.detail,
            },
        })
        .collect();
    Ok(ClassDetail {
        summary: repo::item(pool, id).await?,
        teachers: repo::teacher_names(pool, id).await?,
        co_organisers: repo::co_organiser_names(pool, id).await?,
        joint_group: particulars.joint_group,
        red_base: particulars.red_base,
        audience,
        venue_kind: particulars.venue_kind,
        filing_reason: particulars.filing_reason,
        roster: repos::attendance::roster(pool, id).await?,
        feedback: repos::feedback::summary(pool, id).await?,
        log,
        may_decide_filing: caller.may(Action::DecideFilings) && class.filing == FilingStatus::Pending,
    })
}

/// 我的培训班: the classes open for check-in or to come whose audience includes the caller's person
/// (none for an account without one).
pub async fn mine(pool: &Pool, caller: &Caller, clock: &Clock) -> Result<Vec<crate::model::MyClass>, AppError> {
    let Some(person) = caller.person_id else { return Ok(Vec::new()) };
    let Some(member) = repos::attendance::membership(pool, person).await? else { return Ok(Vec::new()) };
    // Audiences are filtered here, by the same rule as check-in; fetch more than are shown.
    let candidates = repo::upcoming(pool, person, &clock.now(), 200).await?;
    Ok(candidates
        .into_iter()
        .filter(|(_, audience)| in_audience(*audience, member.unit_id, member.rank))
        .map(|(c, _)| c)
        .take(MY_CLASSES)
        .collect())
}
