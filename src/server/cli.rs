//! The server binary's command line: `serve` (default), `migrate`, `demo`, `admin create`, `backup`,
//! `restore`.

use clap::{Parser, Subcommand};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/dangxiao.db";

#[derive(Debug, Parser)]
#[command(name = "dangxiao", version, about = "黄陂区业余党校信息化管理平台")]
pub struct Cli {
    /// Database: sqlite://PATH (embedded default) or postgres://USER@HOST/DB (chosen at start; no rebuild).
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    /// Start an empty district (a real installation): no demo data is loaded into an empty database.
    /// `DANGXIAO_NO_DEMO=1` (or `true`, `yes`) does the same.
    #[arg(long, env = "DANGXIAO_NO_DEMO", global = true, action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::FalseyValueParser::new())]
    pub no_demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// Migrate, load the demo district into an empty database, and serve (address from LEPTOS_SITE_ADDR).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the demo district into an empty (migrated) database and exit.
    Demo {
        /// Make it N districts (a city, for the benchmarks): N = 75 holds about ten million attendances.
        /// Also scales a demo district loaded earlier (once).
        #[arg(long, default_value_t = 1)]
        scale: u32,
    },
    /// Accounts from the command line (the first org admin of an empty installation).
    Admin {
        #[command(subcommand)]
        action: AdminCommand,
    },
    /// Write a consistent copy of the SQLite database to FILE while the server runs (PostgreSQL: pg_dump).
    Backup {
        /// The copy to write (must not exist yet).
        file: std::path::PathBuf,
    },
    /// Replace the SQLite database by the copy in FILE (stop the server first; PostgreSQL: pg_restore).
    Restore {
        /// A copy written by `dangxiao backup`.
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand, PartialEq, Eq)]
pub enum AdminCommand {
    /// Create an org admin (组织部管理员) with a generated password, shown once.
    Create {
        /// 3–32 lowercase letters, digits or _ . -
        username: String,
        /// The name shown in the header.
        #[arg(long, default_value = "组织部管理员")]
        name: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default() {
        let cli = Cli::try_parse_from(["dangxiao"]).unwrap();
        assert_eq!(cli.command, None);
        let cli = Cli::try_parse_from(["dangxiao", "demo", "--database-url", "sqlite://x.db"]).unwrap();
        assert_eq!(cli.command, Some(Command::Demo { scale: 1 }));
        assert_eq!(cli.database_url, "sqlite://x.db");
        let city = Cli::try_parse_from(["dangxiao", "demo", "--scale", "75"]).unwrap();
        assert_eq!(city.command, Some(Command::Demo { scale: 75 }));
    }

    #[test]
    fn backup_and_restore_name_a_file() {
        let cli = Cli::try_parse_from(["dangxiao", "backup", "/tmp/copy.db"]).unwrap();
        assert_eq!(cli.command, Some(Command::Backup { file: "/tmp/copy.db".into() }));
        assert!(Cli::try_parse_from(["dangxiao", "restore"]).is_err(), "restore needs a file");
    }

    #[test]
    fn a_real_installation_starts_empty_and_makes_its_first_admin() {
        let cli = Cli::try_parse_from(["dangxiao", "serve", "--no-demo"]).unwrap();
        assert!(cli.no_demo && cli.command == Some(Command::Serve));
        let cli = Cli::try_parse_from(["dangxiao", "admin", "create", "zzb", "--name", "张三"]).unwrap();
        assert_eq!(cli.command, Some(Command::Admin { action: AdminCommand::Create { username: "zzb".into(), name: "张三".into() } }));
        assert!(Cli::try_parse_from(["dangxiao", "admin", "create"]).is_err(), "a username is needed");
    }

    #[test]
    fn an_unknown_subcommand_is_refused() {
        assert!(Cli::try_parse_from(["dangxiao", "explode"]).is_err());
    }
}
