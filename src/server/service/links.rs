//! Accounts for a unit's cadres in bulk (#17), each with a one-time sign-in link that expires in
//! days: the organisation department hands the unit a sheet of links; a cadre opens theirs, sets a
//! password and is signed in. The link works once; a new link for the same account ends the old one.

use crate::error::AppError;
use crate::messages as msg;
use crate::model::{FieldChange, IssuedLink, IssuedLinks, LinkInfo};
use crate::server::auth::Caller;
use crate::server::db::begin_write;
use crate::server::repo::{district as audit, links as repo};
use crate::server::state::AppState;

/// How long a link works unless the form says otherwise (a setting of the form: 1–30 days).
pub const DEFAULT_DAYS: i64 = 7;
/// The longest a link may work.
pub const MAX_DAYS: i64 = 30;
/// The most accounts one request makes (a unit larger than this is done in parts: managed cadres first).
pub const MAX_BATCH: i64 = 2000;

/// A link's token: 32 random bytes, hex. Only its SHA-256 is stored.
fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored of a token.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// Makes accounts (role 干部, username = person number) for the active people of `unit` (its
/// district-managed cadres only, if `managed_only`) who have none, and gives each a link valid for
/// `days`; an account never used gets a new link. Logged in the change log (who got what) and, as an
/// export of personal data, in the security log. `base` is the site's address for the links.
pub async fn issue(
    state: &AppState,
    caller: &Caller,
    unit: i64,
    managed_only: bool,
    days: i64,
    base: &str,
) -> Result<IssuedLinks, AppError> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::Validation(msg::link_days_rule(MAX_DAYS)));
    }
    let now = state.clock.now();
    let expires_at = now.plus_days(days);
    let mut tx = begin_write(&state.pool).await?;
    if audit::unit_retired(&mut tx, unit).await? != Some(false) {
        return Err(AppError::Validation(msg::unit_not_in_use().into()));
    }
    let unit_name = audit::unit_fields(&mut tx, unit).await?.and_then(|f| f.into_iter().next()).map(|(_, name)| name).unwrap_or_default();
    let people = repo::candidates(&mut tx, unit, managed_only, MAX_BATCH + 1).await?;
    if people.len() as i64 > MAX_BATCH {
        return Err(AppError::Validation(msg::link_batch_too_large(MAX_BATCH)));
    }
    let (mut links, mut active_already, mut taken) = (Vec::new(), 0, 0);
    for person in people {
        let (account, fresh) = match person.account {
            Some((_, false)) => {
                active_already += 1;
                continue;
            }
            Some((account, true)) => (account, false),
            None => {
                let username = person.person_id.to_string();
                if repo::username_taken(&mut tx, &username).await? {
                    taken += 1;
                    continue;
                }
                (repo::insert_pending_account(&mut tx, &username, &person.name, person.person_id, &now).await?, true)
            }
        };
        let token = new_token();
        repo::insert_link(&mut tx, &token_hash(&token), account, caller.account_id, &now, &expires_at).await?;
        links.push(IssuedLink {
            person_id: person.person_id,
            username: person.person_id.to_string(),
            name: person.name,
            link: format!("{base}/welcome?t={token}"),
            fresh,
        });
    }
    let listed =
        |fresh: bool| links.iter().filter(|l| l.fresh == fresh).map(|l| format!("{}（{}）", l.name, l.person_id)).collect::<Vec<_>>();
    let (new, again) = (listed(true), listed(false));
    let changes = [
        FieldChange { field: "新开通账号".into(), before: String::new(), after: new.join("、") },
        FieldChange { field: "重发登录链接".into(), before: String::new(), after: again.join("、") },
        FieldChange { field: "链接有效期至".into(), before: String::new(), after: expires_at.minute().to_string() },
    ];
    let summary = msg::links_issued_summary(&unit_name, new.len(), again.len());
    audit::record(
        &mut tx,
        audit::Change { at: &now, actor: caller.account_id, entity: "account", id: None, action: "issued", summary, changes: &changes },
    )
    .await?;
    tx.commit().await?;
    // The sheet is an export of personal data: logged (after the accounts' transaction, which on
    // SQLite holds the only write lock) before it is made.
    let mut issued = IssuedLinks { unit: unit_name, expires_at, links, active_already, taken, sheet: String::new() };
    let by = crate::server::downloads::exported(state, caller, &msg::export_links(&issued.unit)).await?;
    let sheet = crate::server::downloads::links_workbook(&issued, &by).map_err(|e| {
        tracing::error!(error = %e, "writing the links workbook");
        AppError::Internal
    })?;
    use base64::Engine;
    issued.sheet = base64::engine::general_purpose::STANDARD.encode(sheet);
    Ok(issued)
}

/// The link's account, if the link still works.
async fn working(conn: &mut crate::server::db::Conn, token: &str, now: &crate::model::Moment) -> Result<repo::Link, AppError> {
    let link = repo::find(conn, &token_hash(token)).await?.ok_or_else(|| AppError::Validation(msg::link_unknown().into()))?;
    if link.used_at.is_some() {
        return Err(AppError::Validation(msg::link_used().into()));
    }
    if &link.expires_at <= now || !link.active {
        return Err(AppError::Validation(msg::link_expired().into()));
    }
    Ok(link)
}

/// Whose account a link opens (for the page that asks for the new password).
pub async fn info(state: &AppState, token: &str) -> Result<LinkInfo, AppError> {
    let mut conn = state.pool.acquire().await?;
    let link = working(&mut conn, token, &state.clock.now()).await?;
    Ok(LinkInfo { display_name: link.display_name, username: link.username, expires_at: link.expires_at })
}

/// Uses a link: checks it first (no password is hashed for a bad link), then sets the password and
/// spends the link in one transaction. Returns the account, to sign it in.
pub async fn redeem(state: &AppState, token: &str, password: String) -> Result<i64, AppError> {
    let now = state.clock.now();
    let link = {
        let mut conn = state.pool.acquire().await?;
        working(&mut conn, token, &now).await?
    };
    let hash = crate::server::auth::hash_password(password).await?;
    let mut tx = begin_write(&state.pool).await?;
    if !repo::redeem(&mut tx, &token_hash(token), &now, &hash).await? {
        return Err(AppError::Validation(msg::link_used().into()));
    }
    tx.commit().await?;
    crate::server::repo::security::record(
        &state.pool,
        "link_used",
        Some(link.account),
        Some(&link.username),
        None,
        msg::link_used_detail(),
    )
    .await?;
    Ok(link.account)
}
