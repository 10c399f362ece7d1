use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::UserInfo;
use leptos::prelude::*;

/// Signs in. The same message for an unknown user and a wrong password; refused for a while after
/// too many failures. Lands cadres on their own hours, everyone else on the dashboard.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(username: String, password: String, #[server(default)] next: String) -> Result<UserInfo, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, state::app_state};
        let username = username.trim().to_string();
        if username.is_empty() || password.is_empty() {
            return Err(AppError::Validation(msg::login_missing().into()));
        }
        let pool = app_state()?.pool;
        let address = auth::client_address().await;
        let id = auth::authenticate(&pool, &username, &password, &address).await?;
        auth::start_session(id).await?;
        let caller = auth::load_caller(&pool, id).await?.ok_or(AppError::Unauthorized)?;
        let home = crate::rules::access::home(&caller.roles);
        // Back to where sign-in was asked for (e.g. a held check-in), if that is a page of this site.
        leptos_axum::redirect(crate::rules::guard::local_next(&next).unwrap_or(home));
        Ok(caller.info())
    })
    .await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    AppError::answer(async move {
        crate::server::auth::end_session().await?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Who is signed in (nothing for a visitor).
#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<UserInfo>, AppError> {
    AppError::answer(async move { Ok(crate::server::auth::caller().await?.map(|c| c.info())) }).await
}

/// The smallest acceptable new password.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Changes the caller's own password, after checking the current one.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current: String, new_password: String, confirm: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, state::app_state};
        let caller = auth::require_login().await?;
        if new_password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AppError::Validation(msg::new_password_too_short(MIN_PASSWORD_CHARS)));
        }
        if new_password != confirm {
            return Err(AppError::Validation(msg::passwords_differ().into()));
        }
        let pool = app_state()?.pool;
        let address = auth::client_address().await;
        auth::authenticate(&pool, &caller.username, &current, &address)
            .await
            .map_err(|_| AppError::Validation(msg::current_password_wrong().into()))?;
        let hash = auth::hash_password(new_password).await?;
        if !crate::server::repo::accounts::set_password_hash(&pool, caller.account_id, &hash).await? {
            return Err(AppError::Unauthorized);
        }
        auth::renew_login_time().await?;
        Ok(())
    })
    .await
}

/// Whose account a one-time sign-in link `t` opens (anyone holding the link may ask).
#[server(prefix = "/api", endpoint = "link_info")]
pub async fn link_info(t: String) -> Result<crate::model::LinkInfo, AppError> {
    AppError::answer(async move {
        use crate::server::{service::links, state::app_state};
        links::info(&app_state()?, &t).await
    })
    .await
}

/// Sets the password of the account a one-time link `t` opens, spends the link, and signs in.
#[server(prefix = "/api", endpoint = "redeem_link")]
pub async fn redeem_link(t: String, new_password: String, confirm: String) -> Result<UserInfo, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::links, state::app_state};
        if new_password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(AppError::Validation(msg::new_password_too_short(MIN_PASSWORD_CHARS)));
        }
        if new_password != confirm {
            return Err(AppError::Validation(msg::passwords_differ().into()));
        }
        let state = app_state()?;
        let account = links::redeem(&state, &t, new_password).await?;
        auth::start_session(account).await?;
        let caller = auth::load_caller(&state.pool, account).await?.ok_or(AppError::Unauthorized)?;
        leptos_axum::redirect(crate::rules::access::home(&caller.roles));
        Ok(caller.info())
    })
    .await
}
