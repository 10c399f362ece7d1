//! 六个一: a school's documents, put there and removed by its school admin or the organisation
//! department, each change a line of the school's change log; read by them and by those who evaluate
//! schools (leaders, the organisation department, supervisors: the six-haves 查阅资料 step).

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{FieldChange, Moment, SixOne, SixOnes};
use crate::rules::access::Action;
use crate::rules::six_ones::MAX_DOCUMENTS_PER_ITEM;
use crate::server::auth::Caller;
use crate::server::db::begin_write;
use crate::server::repo::claims::Evidence;
use crate::server::repo::district::{self as log, Change};
use crate::server::repo::six_ones as repo;
use crate::server::state::AppState;

/// Whether `caller` may put documents on `school`'s 六个一 and remove them.
pub fn may_edit(caller: &Caller, school: i64) -> bool {
    caller.may(Action::EditSchoolProfile) && super::district::may_edit_profile(caller, school)
}

/// Whether `caller` may read `school`'s documents.
pub fn may_read(caller: &Caller, school: i64) -> bool {
    caller.may(Action::ReadEvaluation) || may_edit(caller, school)
}

/// A school's 六个一 as `caller` may see it: which items are in place for anyone, the documents for
/// those who may read them.
pub async fn of_school(state: &AppState, caller: Option<&Caller>, school: i64) -> Result<SixOnes, AppError> {
    let mut conn = state.pool.acquire().await?;
    if log::school_record(&mut conn, school).await?.is_none() {
        return Err(AppError::NotFound(msg::school_noun_plain().into()));
    }
    drop(conn);
    let (may_read, may_edit) = caller.map_or((false, false), |c| (may_read(c, school), may_edit(c, school)));
    Ok(SixOnes {
        school_id: school,
        kept: repo::kept(&state.pool, school).await?,
        documents: if may_read { repo::documents(&state.pool, school).await? } else { Vec::new() },
        may_read,
        may_edit,
    })
}

/// The field of the school's change log for a document put there (`after`) or removed (`before`).
fn logged(item: SixOne, before: &str, after: &str) -> [FieldChange; 1] {
    [FieldChange { field: format!("六个一·{}", item.label()), before: before.into(), after: after.into() }]
}

/// The school's change-log line for `changes` by `caller` (its 六个一 and its teaching plan).
pub(super) fn school_change<'a>(now: &'a Moment, caller: &Caller, school: i64, name: String, changes: &'a [FieldChange]) -> Change<'a> {
    Change { at: now, actor: caller.account_id, entity: "school", id: Some(school), action: "updated", summary: name, changes }
}

/// Puts a checked document on `item` of `school`. Returns its id.
pub async fn add(state: &AppState, caller: &Caller, school: i64, item: SixOne, file: Evidence) -> Result<i64, AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let record = log::school_record(&mut tx, school).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    if !may_edit(caller, school) {
        return Err(AppError::Forbidden);
    }
    let Some(id) = repo::insert(&mut tx, school, item, &file, caller.account_id, &now, MAX_DOCUMENTS_PER_ITEM).await? else {
        return Err(AppError::Conflict(msg::documents_full().into()));
    };
    let changes = logged(item, "", &file.name);
    log::record(&mut tx, school_change(&now, caller, school, record.name, &changes)).await?;
    tx.commit().await?;
    state.views.district_changed();
    Ok(id)
}

/// Removes a document of `school` (a school that does not exist is not found for anyone: the schools
/// are public).
pub async fn remove(state: &AppState, caller: &Caller, school: i64, document: i64) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = begin_write(&state.pool).await?;
    let record = log::school_record(&mut tx, school).await?.ok_or_else(|| AppError::NotFound(msg::school_noun_plain().into()))?;
    if !may_edit(caller, school) {
        return Err(AppError::Forbidden);
    }
    let (item, name) = repo::remove(&mut tx, school, document).await?.ok_or_else(|| AppError::NotFound(msg::document_noun().into()))?;
    let changes = logged(item, &name, "");
    log::record(&mut tx, school_change(&now, caller, school, record.name, &changes)).await?;
    tx.commit().await?;
    state.views.district_changed();
    Ok(())
}
