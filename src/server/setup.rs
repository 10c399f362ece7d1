//! Starting a real installation: an empty district (`dangxiao serve --no-demo`) and its first org
//! admin (`dangxiao admin create USERNAME`), who then enters the district's own data.

use super::auth;
use super::db::Pool;
use crate::model::Role;

/// Whether any account exists (an empty installation has none until `admin create`).
pub async fn has_accounts(pool: &Pool) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts").fetch_one(pool).await?;
    Ok(n > 0)
}

/// Creates an org admin (组织部管理员) named `display_name` with a generated password, returned to be
/// shown once. A taken or malformed username is a one-line error.
pub async fn create_org_admin(pool: &Pool, username: &str, display_name: &str) -> Result<String, String> {
    let username = username.trim().to_lowercase();
    if !crate::rules::guard::username_ok(&username) {
        return Err(crate::messages::username_rule().into());
    }
    let display_name = display_name.trim();
    if !crate::rules::guard::display_name_ok(display_name) {
        return Err(crate::messages::display_name_rule().into());
    }
    let (password, _) = super::demo::accounts::demo_password(None);
    auth::create_account(pool, &username, &password, display_name, None, None, &[Role::OrgAdmin]).await.map_err(|e| match e {
        crate::error::AppError::Conflict(_) => format!("用户名 {username} 已被使用"),
        other => other.to_string(),
    })?;
    super::repo::security::record(pool, "account_created", None, Some(&username), None, "角色：组织部管理员（命令行创建）")
        .await
        .map_err(|e| e.to_string())?;
    Ok(password)
}
