use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::{AccountView, RoleChoice};
use leptos::prelude::*;

/// The account list with what the create form offers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AccountsAdmin {
    /// A page of the accounts the search finds, newest first.
    pub accounts: Vec<AccountView>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// (id, name) of every school, for a school admin's school.
    pub schools: Vec<(i64, String)>,
    /// (id, name) of every unit in use, for accounts made from a unit's cadres.
    pub units: Vec<(i64, String)>,
    /// The caller's own account id (they may not lock themselves out).
    pub own_id: i64,
    /// The latest lines of the security log (安全日志).
    pub security: Vec<SecurityEvent>,
}

/// One line of the security log: account administration or a security event.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SecurityEvent {
    pub at: crate::model::Moment,
    pub kind: String,
    /// Who did it (an org admin), if anyone signed in.
    pub actor: String,
    pub username: String,
    pub address: String,
    pub detail: String,
}

/// Accounts shown per page.
pub const ACCOUNTS_PER_PAGE: i64 = 20;

/// For org admins: a page of the accounts whose username or name contains `q`, newest first.
#[server(prefix = "/api", endpoint = "list_accounts")]
pub async fn list_accounts(#[server(default)] q: Option<String>, #[server(default)] page: Option<i64>) -> Result<AccountsAdmin, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageAccounts).await?;
        let pool = app_state()?.pool;
        let mut conn = pool.acquire().await?;
        let units = repo::district::unit_choices(&mut conn).await?.into_iter().filter(|u| !u.retired).map(|u| (u.id, u.name)).collect();
        drop(conn);
        let q: String = q.unwrap_or_default().trim().chars().take(40).collect();
        let found = repo::accounts::list(&pool, &q, page.unwrap_or(1), ACCOUNTS_PER_PAGE).await?;
        Ok(AccountsAdmin {
            accounts: found.rows,
            total: found.total,
            page: found.page,
            pages: found.pages,
            schools: repo::accounts::school_choices(&pool).await?,
            units,
            own_id: caller.account_id,
            security: repo::security::latest(&pool, 100).await?,
        })
    })
    .await
}

/// The smallest acceptable password (shared with changing one's own).
pub use crate::features::account::api::MIN_PASSWORD_CHARS;

#[cfg(feature = "ssr")]
fn check_password(password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::Validation(msg::password_too_short(MIN_PASSWORD_CHARS)));
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn optional_id(text: &str, what: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>().map(Some).map_err(|_| AppError::Validation(msg::must_be_number(what)))
}

/// For org admins: a new account with an initial password and at least one role. A school admin
/// needs a school; `person_id` links the account to a person (for their own hours).
#[server(prefix = "/api", endpoint = "create_account")]
pub async fn create_user(
    username: String,
    display_name: String,
    password: String,
    #[server(default)] person_id: String,
    #[server(default)] school_id: String,
    #[server(default)] roles: RoleChoice,
) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::model::Role;
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageAccounts).await?;
        let username = username.trim().to_lowercase();
        if !crate::rules::guard::username_ok(&username) {
            return Err(AppError::Validation(msg::username_rule().into()));
        }
        let display_name = display_name.trim();
        if !crate::rules::guard::display_name_ok(display_name) {
            return Err(AppError::Validation(msg::display_name_rule().into()));
        }
        check_password(&password)?;
        let roles = roles.roles();
        if roles.is_empty() {
            return Err(AppError::Validation(msg::roles_missing().into()));
        }
        let pool = app_state()?.pool;
        let person = optional_id(&person_id, msg::field_person_number())?;
        if let Some(p) = person {
            if !repo::accounts::person_exists(&pool, p).await? {
                return Err(AppError::Validation(msg::person_number_unknown(p)));
            }
        }
        let school = optional_id(&school_id, msg::field_school())?;
        if roles.contains(&Role::SchoolAdmin) && school.is_none() {
            return Err(AppError::Validation(msg::school_admin_needs_school().into()));
        }
        if let Some(s) = school {
            if !repo::accounts::school_choices(&pool).await?.iter().any(|(id, _)| *id == s) {
                return Err(AppError::Validation(msg::chosen_school_missing().into()));
            }
        }
        let id = auth::create_account(&pool, &username, &password, display_name, person, school, &roles).await?;
        let roles: Vec<&str> = roles.iter().map(|r| r.label()).collect();
        repo::security::record(
            &pool,
            "account_created",
            Some(caller.account_id),
            Some(&username),
            None,
            &format!("角色：{}", roles.join("、")),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// For org admins: an account's roles and whether it may sign in. Nobody removes their own
/// organisation-department role or disables themselves (someone must remain to manage accounts).
#[server(prefix = "/api", endpoint = "update_account")]
pub async fn update_user(
    account_id: i64,
    #[server(default)] roles: RoleChoice,
    #[server(default)] active: Option<String>,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::model::Role;
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageAccounts).await?;
        let roles = roles.roles();
        let active = active.is_some_and(|v| !v.is_empty() && v != "off");
        if roles.is_empty() {
            return Err(AppError::Validation(msg::roles_keep_one().into()));
        }
        if account_id == caller.account_id && (!active || !roles.contains(&Role::OrgAdmin)) {
            return Err(AppError::Validation(msg::no_self_lockout().into()));
        }
        let pool = app_state()?.pool;
        if !repo::accounts::update(&pool, account_id, &roles, active).await? {
            return Err(AppError::NotFound(msg::account_noun().into()));
        }
        let labels: Vec<&str> = roles.iter().map(|r| r.label()).collect();
        let detail = format!("账号 #{account_id}：角色 {}，{}", labels.join("、"), if active { "启用" } else { "停用" });
        repo::security::record(&pool, "account_updated", Some(caller.account_id), None, None, &detail).await?;
        Ok(())
    })
    .await
}

/// For org admins: sets a new password for an account; its open sessions end.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(account_id: i64, new_password: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageAccounts).await?;
        check_password(&new_password)?;
        let hash = auth::hash_password(new_password).await?;
        let pool = app_state()?.pool;
        if !repo::accounts::set_password_hash(&pool, account_id, &hash).await? {
            return Err(AppError::NotFound(msg::account_noun().into()));
        }
        repo::security::record(
            &pool,
            "password_reset",
            Some(caller.account_id),
            None,
            None,
            &format!("账号 #{account_id} 的密码已重置，其会话全部结束"),
        )
        .await?;
        Ok(())
    })
    .await
}

/// For org admins: accounts for the cadres of unit `unit_id` (only its district-managed cadres when
/// `managed_only` is ticked) who have none, each with a one-time sign-in link valid `days` days
/// (default 7, at most 30); accounts never used get a new link. Returns the links and their sheet.
#[server(prefix = "/api", endpoint = "issue_links")]
pub async fn issue_links(
    unit_id: i64,
    #[server(default)] managed_only: Option<String>,
    #[server(default)] days: String,
) -> Result<crate::model::IssuedLinks, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::links, state};
        let caller = auth::require(crate::rules::access::Action::ManageAccounts).await?;
        let days = match days.trim() {
            "" => links::DEFAULT_DAYS,
            text => text.parse().map_err(|_| AppError::Validation(msg::link_days_rule(links::MAX_DAYS)))?,
        };
        let managed_only = managed_only.is_some_and(|v| !v.is_empty() && v != "off");
        let base = state::public_base().await;
        links::issue(&state::app_state()?, &caller, unit_id, managed_only, days, &base).await
    })
    .await
}
