//! The one error type of every server function. Its messages are what users read (zh-CN); details of
//! internal failures are logged on the server and never sent to the browser.

#[cfg(feature = "ssr")]
use crate::messages as msg;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("未找到{0}")]
    NotFound(String),
    #[error("请先登录")]
    Unauthorized,
    #[error("没有权限查看或修改此内容")]
    Forbidden,
    #[error("{0}")]
    Validation(String),
    #[error("{0}")]
    Conflict(String),
    #[error("服务器出现问题，请稍后再试")]
    Internal,
    /// Too many at once (sign-ins, uploads): try again after this many seconds.
    #[error("当前访问人数较多，请 {0} 秒后再试")]
    Busy(u32),
    /// The call itself failed (network, encoding): the browser could not reach the server function.
    #[error("无法连接服务器，请检查网络后重试")]
    Transport(String),
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal => 500,
            AppError::Busy(_) => 429,
            AppError::Transport(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                // The parser's message may quote the input: never echo more than a line of it.
                let msg: String = msg.chars().take(160).collect();
                AppError::Validation(crate::messages::bad_arguments(msg))
            }
            // On the server these come from a request that could not be read: the caller's fault.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::Request(_)
            | ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::Validation(msg::bad_request().into()),
            #[cfg(feature = "ssr")]
            other => {
                tracing::error!(error = %other, "server function machinery");
                AppError::Internal
            }
            #[cfg(not(feature = "ssr"))]
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Runs a server function's body; an error leaving it gets its HTTP status ([`AppError::respond`]).
    /// Every server function is `AppError::answer(async move { … }).await`.
    pub async fn answer<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
        body.await.map_err(AppError::respond)
    }

    /// Gives the response of the server function (or page) the error's HTTP status. Call where an
    /// error leaves a server function (`AppError::answer` does).
    pub fn respond(self) -> Self {
        // The reader chose English: a message that has an English text is sent in it (`crate::i18n`).
        let lang = crate::i18n::detect();
        let own = |s: String| crate::i18n::tr_text(lang, &s);
        let this = match self {
            AppError::Validation(s) => AppError::Validation(own(s)),
            AppError::Conflict(s) => AppError::Conflict(own(s)),
            other => other,
        };
        this.answered()
    }

    /// Sets the response's status (and what goes with it) for the error.
    fn answered(self) -> Self {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            // A plain form post (no WebAssembly) is answered by a redirect back to its page with the
            // error in the address: a browser follows a redirect only with its own status.
            if !crate::components::plain::form_post() {
                response
                    .set_status(axum::http::StatusCode::from_u16(self.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR));
            }
            if let AppError::Busy(seconds) = &self {
                response.insert_header(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(*seconds));
            }
        }
        if self == AppError::Forbidden {
            Self::log_refusal();
        }
        self
    }

    /// A refused call goes to the security log (what was asked for, from where), without holding up
    /// the answer.
    fn log_refusal() {
        use leptos::prelude::use_context;
        let Some(state) = use_context::<crate::server::state::AppState>() else { return };
        let parts = use_context::<axum::http::request::Parts>();
        let path = parts.as_ref().map(|p| p.uri.path().to_string()).unwrap_or_default();
        let peer = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>())
            .map(|c| crate::rules::guard::counted_address(c.0.ip()));
        tokio::spawn(async move {
            let detail = format!("无权调用 {path}");
            if let Err(e) = crate::server::repo::security::record(&state.pool, "forbidden", None, None, peer.as_deref(), &detail).await {
                tracing::warn!(error = %e, "writing the security log");
            }
        });
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound(msg::record_noun().into()),
            // A constraint the database kept: the user's request clashed with what is stored (409),
            // not a server failure.
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                tracing::warn!(error = %d, "unique constraint");
                AppError::Conflict(msg::duplicate_record().into())
            }
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                tracing::warn!(error = %d, "foreign-key constraint");
                AppError::Conflict(msg::missing_reference().into())
            }
            sqlx::Error::Database(d) if d.is_check_violation() => {
                tracing::warn!(error = %d, "check constraint");
                AppError::Conflict(msg::constraint_refused().into())
            }
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}
