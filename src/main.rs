//! The server binary: `dangxiao [serve|migrate|demo]`.

use clap::Parser;
use dangxiao::server::{cli::AdminCommand, cli::Cli, cli::Command, config::Config, db, demo, http, setup, Clock};
use std::process::ExitCode;

fn main() -> ExitCode {
    bound_allocator_arenas();
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(start()),
        Err(e) => {
            eprintln!("错误：无法启动运行时：{e}");
            ExitCode::FAILURE
        }
    }
}

/// glibc gives each thread that allocates its own malloc arena (up to 8 per core) and keeps what each
/// has held: after bursts of page renders, database work and password hashing on many threads the
/// process stays large. Two arenas keep it near what it uses.
fn bound_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only tunes the allocator; called first in `main`, before any other thread runs.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

async fn start() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let command = cli.command.unwrap_or(Command::Serve);
    // Read the site configuration first, so that a bad address fails before any database work.
    let leptos_options = match command {
        Command::Serve => {
            Some(leptos::prelude::get_configuration(None).map_err(|e| format!("站点配置有误（LEPTOS_SITE_ADDR 等）：{e}"))?.leptos_options)
        }
        _ => None,
    };
    let config = Config::read(&cli.database_url)?;
    if command == Command::Serve {
        for line in config.summary() {
            println!("{line}");
        }
    }
    if let Command::Restore { file } = &command {
        println!("{}", db::restore(&cli.database_url, file).await?);
        return Ok(());
    }
    let pool = db::connect(&cli.database_url).await?;
    db::migrate(&pool).await?;
    if command == Command::Serve {
        println!("数据库持久化设置：{}", db::durability(&pool).await.map_err(|e| format!("无法读取数据库设置：{e}"))?);
    }
    match command {
        Command::Backup { file } => {
            println!("{}", db::backup(&pool, &file).await?);
            Ok(())
        }
        Command::Restore { .. } => Ok(()),
        Command::Migrate => {
            println!("数据库已迁移到最新版本（{}）", db::Backend::of(&pool).name());
            Ok(())
        }
        Command::Demo { scale } => {
            let started = std::time::Instant::now();
            match demo::load_if_empty(&pool, config.demo_password.as_deref()).await.map_err(|e| format!("演示数据加载失败：{e}"))?
            {
                demo::Outcome::Loaded { generated_password, .. } => report_loaded(&pool, generated_password).await?,
                demo::Outcome::AlreadyHasData if scale > 1 => {}
                demo::Outcome::AlreadyHasData => return Err("数据库中已有数据，未加载演示数据（演示数据只装入空库）".into()),
            }
            if scale > 1 {
                let s = demo::scale::scale(&pool, scale).await?;
                println!(
                    "已扩展为 {scale} 倍的演示区：{} 所学校，{} 人，{} 个培训班，{} 人次（用时 {:.1} 秒）",
                    s.schools,
                    s.people,
                    s.classes,
                    s.attendances,
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(())
        }
        Command::Admin { action: AdminCommand::Create { username, name } } => {
            let password = setup::create_org_admin(&pool, &username, &name).await?;
            println!("已创建组织部管理员 {username}（{name}）。");
            println!("初始密码（只显示这一次，请记下；登录后在「修改密码」中换成自己的密码）：{password}");
            Ok(())
        }
        Command::Serve => {
            if cli.no_demo {
                println!("空白安装（--no-demo / DANGXIAO_NO_DEMO）：不装入演示数据");
            } else if let demo::Outcome::Loaded { generated_password, .. } =
                demo::load_if_empty(&pool, config.demo_password.as_deref()).await.map_err(|e| format!("演示数据加载失败：{e}"))?
            {
                report_loaded(&pool, generated_password).await?;
            }
            if !setup::has_accounts(&pool).await.map_err(|e| format!("无法读取账号：{e}"))? {
                println!("尚无账号：运行 `dangxiao admin create 用户名 --name 姓名` 创建第一个组织部管理员（密码只显示一次）");
            }
            let leptos_options = leptos_options.ok_or("站点配置缺失")?;
            let clock = Clock::of_installation(&pool, config.today).await.map_err(|e| format!("无法读取数据库设置：{e}"))?;
            match clock.fixed_day() {
                Some(day) => println!(
                    "日期：{day}（{}），时刻取实际北京时间",
                    if config.today.is_some() { "取自 DANGXIAO_TODAY" } else { "演示区的日期" }
                ),
                None => println!("日期：实际北京时间"),
            }
            http::serve(leptos_options, pool, config.security, clock).await
        }
    }
}

async fn report_loaded(pool: &db::Pool, generated_password: Option<String>) -> Result<(), String> {
    use dangxiao::server::repo::dashboard;
    let clock = Clock::of_installation(pool, None).await.map_err(|e| e.to_string())?;
    let article = dashboard::resolve(Default::default(), None, None, clock.today())?;
    let k = dashboard::kpis(pool, &clock, &article).await.map_err(|e| e.to_string())?;
    println!(
        "已装入演示数据：{} 所业余党校，{} 名党员，2015–2016 年办班 {} 期、培训 {} 人次，2017 年培训 {} 场、{} 人次",
        k.schools, k.party_members, k.classes_2015_2016, k.attendances_2015_2016, k.sessions_2017, k.attendances_2017
    );
    let accounts = "leader、orgadmin、schooladmin、supervisor、teacher、cadre";
    match generated_password {
        Some(p) => println!("演示账号 {accounts} 的密码（只显示这一次，请记下）：{p}"),
        None => println!("演示账号 {accounts} 的密码取自环境变量 {}", dangxiao::server::config::DEMO_PASSWORD_ENV),
    }
    Ok(())
}
