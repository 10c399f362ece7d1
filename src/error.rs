//! The one error type of every server function. Its messages are what users read (zh-CN); details of
//! internal failures are logged on the server and never sent to the browser.

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
            AppError::Transport(_) => 502,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::Validation(format!("请求参数有误：{msg}"))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Gives the response of the server function (or page) the error's HTTP status. Call where an
    /// error leaves a server function: `.map_err(AppError::respond)`.
    pub fn respond(self) -> Self {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(
                axum::http::StatusCode::from_u16(self.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        self
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound("相关记录".into()),
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}
