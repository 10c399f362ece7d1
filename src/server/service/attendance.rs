//! Attendance (签到): a cadre's check-in by scan or code, an admin adding or removing someone, and the
//! roster import. Who may (`rules::access`, `service::classes::managed`) → the rules
//! (`rules::checkin`) → `repo::attendance` inside one transaction. The server function then tells
//! the dashboards (`server::live`).

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{AttendanceMethod, CheckInReceipt, ClassAction, ClassStatus, ImportReport, Moment};
use crate::rules::access::Action;
use crate::rules::checkin::{code_matches, in_audience};
use crate::server::auth::Caller;
use crate::server::db::{begin_write, Conn, Pool};
use crate::server::imports::RosterRow;
use crate::server::repo::attendance::{self as repo, Attended};
use crate::server::repo::classes::{self as classes, ClassFacts};
use crate::server::service::classes::{existing, managed};
use crate::server::Clock;

/// The open class a 6-digit code belongs to, if any.
pub async fn class_of_code(pool: &Pool, secret: &[u8], code: &str, now: i64) -> Result<Option<i64>, sqlx::Error> {
    Ok(repo::open_classes(pool).await?.into_iter().find(|id| code_matches(secret, *id, code, now)))
}

/// Checks a person in to a class (scan or code). Checking in twice is answered "already", not
/// refused. The checks read in parallel; the write joins the next group commit (`CheckInWriter`).
pub async fn check_in(
    writer: &CheckInWriter,
    class_id: i64,
    person_id: i64,
    method: AttendanceMethod,
    clock: &Clock,
) -> Result<CheckInReceipt, AppError> {
    let pool = &writer.pool;
    let (class, member) = tokio::try_join!(existing(pool, class_id), async { Ok(repo::membership(pool, person_id).await?) })?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict(msg::class_not_open_now(&class.title, class.status.label())));
    }
    let member = member.ok_or_else(|| AppError::NotFound(msg::person_noun().into()))?;
    if method != AttendanceMethod::Manual && !in_audience(class.audience, member.unit_id, member.rank) {
        return Err(AppError::Validation(msg::not_in_audience(&member.unit, &class.title)));
    }
    writer.write(class, person_id, method, clock.now()).await
}

/// Most check-ins written in one transaction.
const GROUP: usize = 256;

/// Group commit: check-ins arriving together are written in one transaction (each in a savepoint of
/// its own, so one refused check-in — the class closed or full meanwhile — does not undo the others)
/// and answered after that one commit. A lone check-in is written at once; under load, the check-ins
/// that arrive while a group is being written form the next group. One durable commit (one `fsync`)
/// per group instead of per check-in.
#[derive(Clone)]
pub struct CheckInWriter {
    pool: Pool,
    jobs: tokio::sync::mpsc::Sender<Job>,
    /// Groups written (commits), for the start-up log and the tests.
    groups: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// The installation's check-in secret, read once (it never changes once written).
    secret: std::sync::Arc<tokio::sync::OnceCell<Vec<u8>>>,
}

struct Job {
    class: ClassFacts,
    person_id: i64,
    method: AttendanceMethod,
    now: Moment,
    answer: tokio::sync::oneshot::Sender<Result<CheckInReceipt, AppError>>,
}

impl CheckInWriter {
    /// Starts the writer of `pool` (it ends when the last handle is dropped).
    pub fn start(pool: Pool) -> CheckInWriter {
        let (jobs, mut queue) = tokio::sync::mpsc::channel::<Job>(4 * GROUP);
        let (writing, groups) = (pool.clone(), std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0)));
        let counted = groups.clone();
        tokio::spawn(async move {
            let mut group = Vec::with_capacity(GROUP);
            while queue.recv_many(&mut group, GROUP).await > 0 {
                write_group(&writing, std::mem::take(&mut group)).await;
                counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
        CheckInWriter { pool, jobs, groups, secret: Default::default() }
    }

    /// The secret that signs this installation's QR tokens and codes (`repo::attendance::checkin_secret`).
    pub async fn secret(&self) -> Result<Vec<u8>, sqlx::Error> {
        self.secret.get_or_try_init(|| repo::checkin_secret(&self.pool)).await.cloned()
    }

    /// How many groups (transactions) have been written.
    pub fn groups(&self) -> u64 {
        self.groups.load(std::sync::atomic::Ordering::Relaxed)
    }

    async fn write(&self, class: ClassFacts, person_id: i64, method: AttendanceMethod, now: Moment) -> Result<CheckInReceipt, AppError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job = Job { class, person_id, method, now, answer };
        if self.jobs.send(job).await.is_err() {
            tracing::error!("the check-in writer has stopped");
            return Err(AppError::Internal);
        }
        answered.await.unwrap_or(Err(AppError::Internal))
    }
}

/// Writes `group` in one transaction and answers each check-in after the commit.
async fn write_group(pool: &Pool, group: Vec<Job>) {
    let written = match write_together(pool, &group).await {
        Ok(outcomes) => Ok(outcomes),
        Err(e) => {
            // A database error in one check-in (not a refusal: those are answers) would undo the
            // group's others: write them again, each in a savepoint of its own.
            tracing::warn!(error = %e, checkins = group.len(), "a group of check-ins failed; writing them one by one");
            write_one_by_one(pool, &group).await
        }
    };
    match written {
        Ok(outcomes) => {
            for (job, outcome) in group.into_iter().zip(outcomes) {
                let _ = job.answer.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, checkins = group.len(), "writing a group of check-ins");
            for job in group {
                let _ = job.answer.send(Err(AppError::Internal));
            }
        }
    }
}

/// The usual way: each class of the group is locked (and, with a capacity, counted) once — in the
/// order of their ids, so that two instances' groups on PostgreSQL never wait for each other in a
/// circle —, each check-in is one insert, and each class's daily counts move once by what the group
/// added.
async fn write_together(pool: &Pool, group: &[Job]) -> Result<Vec<Result<CheckInReceipt, AppError>>, sqlx::Error> {
    let mut classes: Vec<(i64, Option<i64>)> = group.iter().map(|job| (job.class.id, job.class.capacity)).collect();
    classes.sort_by_key(|(id, _)| *id);
    classes.dedup_by_key(|(id, _)| *id);
    let mut tx = begin_write(pool).await?;
    let mut locked: Vec<repo::LockedClass> = Vec::with_capacity(classes.len());
    for (id, capacity) in classes {
        locked.push(repo::lock_for_check_in(&mut tx, id, capacity).await?);
    }
    let mut outcomes = Vec::with_capacity(group.len());
    for job in group {
        let Some(class) = locked.iter_mut().find(|c| c.id == job.class.id) else {
            return Err(sqlx::Error::Protocol("a check-in's class was not locked".into()));
        };
        let attended = class.attend(&mut tx, job.person_id, job.method, &job.now).await?;
        outcomes.push(answer(&job.class, attended));
    }
    for class in &locked {
        crate::server::repo::rollup::add(&mut tx, class.id, 0, class.added).await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// The careful way, after a failure: a savepoint per check-in, so one that fails undoes only itself.
async fn write_one_by_one(pool: &Pool, group: &[Job]) -> Result<Vec<Result<CheckInReceipt, AppError>>, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let mut outcomes = Vec::with_capacity(group.len());
    for job in group {
        let mut own = sqlx::Acquire::begin(&mut *tx).await?;
        let outcome = match repo::attend(&mut own, job.class.id, job.person_id, job.method, job.class.capacity, &job.now).await {
            Ok(attended) => answer(&job.class, attended),
            Err(e) => Err(e.into()),
        };
        if outcome.is_ok() {
            own.commit().await?;
        } else {
            own.rollback().await?;
        }
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// What a check-in's outcome tells its cadre.
fn answer(class: &ClassFacts, attended: Attended) -> Result<CheckInReceipt, AppError> {
    let receipt = |already: bool, at: Moment| CheckInReceipt { class_title: class.title.clone(), already, checked_in_at: at };
    match attended {
        Attended::Added(at) => Ok(receipt(false, at)),
        Attended::Already(at) => Ok(receipt(true, at)),
        Attended::NotOpen(status) => Err(AppError::Conflict(msg::class_not_open_now(&class.title, status.label()))),
        Attended::Full => Err(AppError::Conflict(msg::class_full(&class.title, class.capacity.unwrap_or_default()))),
    }
}

/// Puts a person on the roster inside `tx`, or says why not.
async fn attend(
    tx: &mut Conn,
    class: &ClassFacts,
    person_id: i64,
    method: AttendanceMethod,
    now: &Moment,
) -> Result<CheckInReceipt, AppError> {
    answer(class, repo::attend(tx, class.id, person_id, method, class.capacity, now).await?)
}

/// An admin adds someone to the roster (logged, in the same transaction). After the class has ended,
/// only the organisation department may add people (hours are credited for it at close-out).
pub async fn add(pool: &Pool, caller: &Caller, class_id: i64, person_id: i64, clock: &Clock) -> Result<CheckInReceipt, AppError> {
    let now = clock.now();
    let class = managed(pool, caller, class_id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict(msg::add_needs_open().into()));
    }
    may_add_people(caller, &class, &now)?;
    if repo::names(pool, &[person_id]).await?.is_empty() {
        return Err(AppError::NotFound(msg::person_noun().into()));
    }
    let mut tx = begin_write(pool).await?;
    let receipt = attend(&mut tx, &class, person_id, AttendanceMethod::Manual, &now).await?;
    if receipt.already {
        return Err(AppError::Conflict(msg::already_on_roster().into()));
    }
    let detail = format!("人员编号 {person_id}");
    classes::log(&mut tx, &now, Some(caller.account_id), class_id, Some(person_id), ClassAction::AttendeeAdded, &detail).await?;
    tx.commit().await?;
    Ok(receipt)
}

/// An admin removes someone from the roster (logged). Hours already credited stay: such a person
/// cannot be removed.
pub async fn remove(pool: &Pool, caller: &Caller, class_id: i64, person_id: i64, clock: &Clock) -> Result<(), AppError> {
    let now = clock.now();
    let class = managed(pool, caller, class_id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict(msg::roster_needs_open().into()));
    }
    if repo::credited(pool, class_id, person_id).await? {
        return Err(AppError::Conflict(msg::credited_stays().into()));
    }
    let mut tx = begin_write(pool).await?;
    if !repo::remove(&mut tx, class_id, person_id).await? {
        return Err(AppError::NotFound(msg::roster_person_noun().into()));
    }
    let detail = format!("人员编号 {person_id}");
    classes::log(&mut tx, &now, Some(caller.account_id), class_id, Some(person_id), ClassAction::AttendeeRemoved, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// The class a roster file is imported into: it exists, the caller runs it, it is open. Checked
/// before the file is read (who may import at all: `Action::ImportRoster`, before the form is read).
pub async fn import_target(pool: &Pool, caller: &Caller, class_id: i64, clock: &Clock) -> Result<ClassFacts, AppError> {
    let now = clock.now();
    let class = managed(pool, caller, class_id).await?;
    if class.status != ClassStatus::Open {
        return Err(AppError::Conflict(msg::import_needs_open().into()));
    }
    may_add_people(caller, &class, &now)?;
    Ok(class)
}

/// People are added to a roster by hand (or by import) while the class runs; after it has ended only
/// the organisation department may (the hours are credited at close-out).
fn may_add_people(caller: &Caller, class: &ClassFacts, now: &Moment) -> Result<(), AppError> {
    let ended = class.ends_at < *now;
    if ended && !caller.may(Action::DecideFilings) {
        return Err(AppError::Validation(msg::late_add_by_org().into()));
    }
    Ok(())
}

/// 名单导入: every row is checked first (a person number that exists, the name that goes with it,
/// no row twice); with any problem nothing is imported and every problem is reported. People already
/// on the roster are skipped. The class (from [`import_target`]) must be open for check-in.
pub async fn import(pool: &Pool, caller: &Caller, class: &ClassFacts, rows: &[RosterRow], clock: &Clock) -> Result<ImportReport, AppError> {
    let now = clock.now();
    let on_roster = repo::on_roster(pool, class.id).await?;
    let numbers: Vec<i64> = rows.iter().filter_map(|r| r.person.parse().ok()).collect();
    let names = repo::names(pool, &numbers).await?;
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut new_people = Vec::new();
    let mut skipped = 0;
    for row in rows {
        let Ok(person) = row.person.parse::<i64>() else {
            errors.push(msg::row_person_not_number(row.line, &row.person));
            continue;
        };
        if let Some(first) = seen.insert(person, row.line) {
            errors.push(msg::row_person_repeated(row.line, person, first));
            continue;
        }
        match names.get(&person) {
            None => errors.push(msg::row_person_unknown(row.line, person)),
            Some(name) if *name != row.name => errors.push(msg::row_name_differs(row.line, person, name, &row.name)),
            Some(_) if on_roster.contains(&person) => skipped += 1,
            Some(_) => new_people.push(person),
        }
    }
    if let Some(capacity) = class.capacity {
        let total = on_roster.len() + new_people.len();
        if errors.is_empty() && total as i64 > capacity {
            errors.push(msg::import_over_capacity(total, capacity));
        }
    }
    if !errors.is_empty() {
        return Ok(ImportReport { imported: 0, skipped: 0, errors });
    }
    let mut tx = begin_write(pool).await?;
    repo::insert_imported(&mut tx, class.id, &new_people, &now).await?;
    let detail = format!("导入 {} 人，跳过已在名单中的 {skipped} 人", new_people.len());
    classes::log(&mut tx, &now, Some(caller.account_id), class.id, None, ClassAction::RosterImported, &detail).await?;
    tx.commit().await?;
    Ok(ImportReport { imported: new_people.len(), skipped, errors })
}
