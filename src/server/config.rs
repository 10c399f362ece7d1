//! The server's settings, read once at start — the command line, then the environment — and printed
//! (passwords masked) when the server starts. Nothing else reads the environment; the site's own
//! settings (`LEPTOS_SITE_ADDR` and the like) are Leptos', read by `leptos::get_configuration`.

use super::db::{redact, Backend};
use super::guard::Security;

/// The environment variable of the demo accounts' password.
pub const DEMO_PASSWORD_ENV: &str = "DANGXIAO_DEMO_PASSWORD";

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL` (or `--database-url`): which backend, and where.
    pub database_url: String,
    /// `DANGXIAO_PUBLIC_URL`, `DANGXIAO_HTTPS`, `DANGXIAO_TRUSTED_PROXIES`, `DANGXIAO_SESSION_*`.
    pub security: Security,
    /// `DANGXIAO_DEMO_PASSWORD`: the demo accounts' password when the demo district is loaded; unset,
    /// one is generated and shown once.
    pub demo_password: Option<String>,
    /// `DANGXIAO_TODAY`: the date the app runs on (else the demo's recorded day, else the real date).
    pub today: Option<chrono::NaiveDate>,
}

impl Config {
    /// Reads the settings; a malformed one is a one-line error, before any work is done.
    pub fn read(database_url: &str) -> Result<Config, String> {
        Backend::of_url(database_url)?;
        let demo_password = std::env::var(DEMO_PASSWORD_ENV).ok().filter(|p| !p.trim().is_empty());
        let today = super::clock::day_setting(std::env::var(super::clock::TODAY_ENV).ok().as_deref())?;
        Ok(Config { database_url: database_url.to_string(), security: Security::from_env()?, demo_password, today })
    }

    /// One line per setting, as printed at start; no password appears.
    pub fn summary(&self) -> Vec<String> {
        let s = &self.security;
        let proxies = if s.trusted_proxies.is_empty() {
            "无（直接连接的对端即客户端）".to_string()
        } else {
            s.trusted_proxies.iter().map(|n| format!("{}/{}", n.address, n.prefix)).collect::<Vec<_>>().join(", ")
        };
        vec![
            format!("数据库：{}", redact(&self.database_url)),
            format!("对外地址：{}", s.public_url.as_deref().unwrap_or("未设置（按请求的主机）")),
            format!("HTTPS：{}", if s.https { "是（Cookie 带 Secure，发送 HSTS）" } else { "否" }),
            format!("可信代理：{proxies}"),
            format!("会话：空闲 {} 秒后失效，登录 {} 秒后必须重新登录", s.idle.as_secs(), s.absolute.as_secs()),
            format!("连接：最多同时 {} 个，每个地址最多 {} 个实时页面", s.max_connections, s.streams_per_address),
            format!(
                "演示账号密码：{}",
                if self.demo_password.is_some() {
                    format!("取自 {DEMO_PASSWORD_ENV}（不显示）")
                } else {
                    "未设置（装入演示数据时生成并显示一次）".to_string()
                }
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_never_shows_a_password() {
        let config = Config {
            database_url: "postgres://app:s3cret@db:5432/dangxiao".into(),
            security: Security::default(),
            demo_password: Some("demo-Passw0rd".into()),
            today: None,
        };
        let text = config.summary().join("\n");
        assert!(!text.contains("s3cret") && !text.contains("demo-Passw0rd"), "{text}");
        assert!(text.contains("postgres://app:***@db:5432/dangxiao"), "{text}");
    }

    #[test]
    fn a_database_url_of_neither_backend_is_refused() {
        assert!(Config::read("mysql://x/y").unwrap_err().contains("DATABASE_URL"));
    }
}
