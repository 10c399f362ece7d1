//! Server functions of the class lifecycle and check-in. Each asks who is calling (server side) and
//! leaves the rest to `service::classes` / `service::attendance`.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::messages as msg;
use crate::model::{CheckInReceipt, CheckInTicket, ClassDetail, ClassList, ClassPlan, MyClass, PlanChoices, PlannedClass};
use leptos::prelude::*;

/// The classes the caller runs (school admins: their school's; teachers: theirs; org admins: all).
#[server(prefix = "/api", endpoint = "list_classes")]
pub async fn list_classes() -> Result<ClassList, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        service::classes::list(&app_state()?.pool, &caller).await
    })
    .await
}

/// 我的培训班: classes open for check-in or to come whose audience includes the caller.
#[server(prefix = "/api", endpoint = "my_classes")]
pub async fn get_my_classes() -> Result<Vec<MyClass>, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        let state = app_state()?;
        service::classes::mine(&state.pool, &caller, &state.clock).await
    })
    .await
}

/// Schools, teachers and units for the planning form; with `line`, the teaching plan's line the class
/// is to be held for.
#[server(prefix = "/api", endpoint = "plan_choices")]
pub async fn get_plan_choices(#[server(default)] line: Option<i64>) -> Result<PlanChoices, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        service::classes::plan_choices(&app_state()?.pool, &caller, line).await
    })
    .await
}

/// Plans a class; returns it with the conflict check's warnings and whether it waits for filing.
#[server(prefix = "/api", endpoint = "plan_class")]
pub async fn plan_class(#[server(default)] plan: ClassPlan) -> Result<PlannedClass, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        service::classes::plan(&app_state()?.pool, &caller, &plan, &crate::server::state::clock()?).await
    })
    .await
}

/// Changes or reschedules a planned class (those who run it): title, place, time, hours, capacity.
/// Returns the conflict check's warnings and whether it must be filed again.
#[server(prefix = "/api", endpoint = "edit_class")]
pub async fn edit_class(class_id: i64, #[server(default)] edit: crate::model::ClassEdit) -> Result<PlannedClass, AppError> {
    AppError::answer(async move {
        use crate::rules::classes::{check_schedule, ScheduleFields};
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        let schedule = check_schedule(ScheduleFields {
            title: &edit.title,
            venue: &edit.venue,
            starts_at: &edit.starts_at,
            ends_at: &edit.ends_at,
            hours: &edit.hours,
            capacity: &edit.capacity,
        })
        .map_err(AppError::Validation)?;
        service::classes::edit(&app_state()?.pool, &caller, class_id, &schedule, &crate::server::state::clock()?).await
    })
    .await
}

/// A class with roster and log.
#[server(prefix = "/api", endpoint = "class_detail")]
pub async fn get_class(class_id: i64) -> Result<ClassDetail, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        service::classes::detail(&app_state()?.pool, &caller, class_id).await
    })
    .await
}

/// 备案审批 (org admins): approve, or reject (a reason is required to reject).
#[server(prefix = "/api", endpoint = "decide_filing")]
pub async fn decide_filing(class_id: i64, decision: crate::model::Decision, #[server(default)] reason: String) -> Result<String, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service, state::app_state};
        let caller = auth::require_login().await?;
        let status =
            service::classes::decide_filing(&app_state()?.pool, &caller, class_id, decision, &reason, &crate::server::state::clock()?)
                .await?;
        Ok(msg::filing_outcome(status.label()))
    })
    .await
}

/// Runs a step of the lifecycle: open (or reopen) for check-in, close (close-out: credits hours).
#[server(prefix = "/api", endpoint = "class_step")]
pub async fn class_step(class_id: i64, step: crate::model::LifecycleStep) -> Result<String, AppError> {
    AppError::answer(async move {
        use crate::model::LifecycleStep;
        use crate::server::{auth, live, service, state::app_state};
        let caller = auth::require_login().await?;
        let state = app_state()?;
        match step {
            LifecycleStep::Open => {
                service::classes::open(&state.pool, &caller, class_id, &state.clock).await?;
                live::publish(&state, Some(class_id)).await;
                Ok(msg::checkin_opened().to_string())
            }
            LifecycleStep::Close => {
                let credited = service::classes::close(&state.pool, &caller, class_id, &state.clock).await?;
                live::publish(&state, Some(class_id)).await;
                Ok(msg::closed_out(credited))
            }
            LifecycleStep::Cancel => {
                service::classes::cancel(&state.pool, &caller, class_id, &state.clock).await?;
                live::publish(&state, Some(class_id)).await;
                Ok(msg::class_cancelled().to_string())
            }
        }
    })
    .await
}

/// The QR code, link and 6-digit code of an open class, for its managers' screen (valid < 60 s).
#[server(prefix = "/api", endpoint = "checkin_ticket")]
pub async fn checkin_ticket(class_id: i64) -> Result<CheckInTicket, AppError> {
    AppError::answer(async move {
        use crate::model::ClassStatus;
        use crate::rules::checkin;
        use crate::server::{auth, clock::unix_now, repo, service, state::app_state};
        let caller = auth::require_login().await?;
        let state = app_state()?;
        let pool = state.pool.clone();
        let class = service::classes::managed(&pool, &caller, class_id).await?;
        if class.status != ClassStatus::Open {
            return Err(AppError::Conflict(msg::class_not_open(&class.title, class.status.label())));
        }
        let secret = state.checkins.secret().await?;
        let now = unix_now();
        let token = checkin::qr_token(&secret, class_id, now);
        let link = format!("{}/checkin?t={token}", crate::server::state::public_base().await);
        let qr_svg = qrcode::QrCode::new(link.as_bytes())
            .map_err(|e| {
                tracing::error!(error = %e, "QR encoding failed");
                AppError::Internal
            })?
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(280, 280)
            .quiet_zone(true)
            .build();
        let attendees = repo::attendance::count(&pool, class_id).await?;
        Ok(CheckInTicket {
            class_id,
            title: class.title,
            link,
            qr_svg,
            code: checkin::short_code(&secret, class_id, checkin::window_of(now)),
            attendees,
            issued_at: app_state()?.clock.now(),
        })
    })
    .await
}

/// A cadre checks in with the scanned token `t` or the 6-digit `code` shown on the screen.
#[server(prefix = "/api", endpoint = "check_in")]
pub async fn check_in(#[server(default)] token: String, #[server(default)] code: String) -> Result<CheckInReceipt, AppError> {
    AppError::answer(async move {
        use crate::model::AttendanceMethod;
        use crate::rules::checkin;
        use crate::server::{auth, clock::unix_now, live, repo, service, state::app_state};
        let state = app_state()?;
        let secret = state.checkins.secret().await?;
        let now = unix_now();
        let scanned = if token.trim().is_empty() {
            None
        } else {
            Some(checkin::verify_qr_token(&secret, &token, now).map_err(|e| AppError::Validation(e.message().into()))?)
        };
        let Some(caller) = auth::caller().await? else {
            // A good scan is kept while the cadre signs in; the page then sends them to the login.
            if let Some(class_id) = scanned {
                auth::hold_scan(class_id, now).await?;
            }
            return Err(AppError::Unauthorized);
        };
        let person = caller.person_id.ok_or_else(|| AppError::Validation(msg::checkin_needs_person().into()))?;
        let code = code.trim();
        let (class_id, method) = match scanned {
            Some(id) => (id, AttendanceMethod::Qr),
            None if !code.is_empty() => {
                if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
                    return Err(AppError::Validation(msg::code_missing().into()));
                }
                let address = auth::client_address().await;
                let Ok(attempt) = repo::security::count_code_attempt(&state.pool, caller.account_id, &address).await? else {
                    repo::security::record(
                        &state.pool,
                        "code_throttled",
                        Some(caller.account_id),
                        Some(&caller.username),
                        Some(&address),
                        "签到码尝试过多",
                    )
                    .await?;
                    return Err(AppError::Validation(msg::code_throttled().into()));
                };
                let Some(id) = service::attendance::class_of_code(&state.pool, &secret, code, now).await? else {
                    repo::security::record(
                        &state.pool,
                        "code_failed",
                        Some(caller.account_id),
                        Some(&caller.username),
                        Some(&address),
                        "签到码不正确",
                    )
                    .await?;
                    return Err(AppError::Validation(msg::code_wrong().into()));
                };
                repo::security::clear_code_attempt(&state.pool, attempt).await?;
                (id, AttendanceMethod::ShortCode)
            }
            None => {
                let held = auth::take_held_scan(now, checkin::HELD_SCAN_SECONDS).await?;
                (held.ok_or_else(|| AppError::Validation(msg::scan_again().into()))?, AttendanceMethod::Qr)
            }
        };
        let receipt = service::attendance::check_in(&state.checkins, class_id, person, method, &state.clock).await?;
        if !receipt.already {
            live::publish(&state, Some(class_id)).await;
        }
        if crate::components::plain::form_post() {
            // A phone without the WebAssembly sees the receipt on the page it is sent to.
            leptos_axum::redirect(&format!("/checkin?done={class_id}{}", if receipt.already { "&again=1" } else { "" }));
        }
        Ok(receipt)
    })
    .await
}

/// The caller's own check-in to a class, as its receipt (`/checkin?done=…`, where a plain form post
/// that checked in lands); `again` when that post found them checked in already.
#[server(prefix = "/api", endpoint = "my_check_in")]
pub async fn my_check_in(class_id: i64, #[server(default)] again: bool) -> Result<CheckInReceipt, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require_login().await?;
        let person = caller.person_id.ok_or_else(|| AppError::Validation(msg::checkin_needs_person().into()))?;
        let (class_title, checked_in_at) = repo::attendance::checked_in(&app_state()?.pool, class_id, person)
            .await?
            .ok_or_else(|| AppError::NotFound(msg::attendance_noun().into()))?;
        Ok(CheckInReceipt { class_title, already: again, checked_in_at })
    })
    .await
}

/// An admin adds or removes a person on the roster, by person number.
#[server(prefix = "/api", endpoint = "edit_roster")]
pub async fn edit_roster(
    class_id: i64,
    action: crate::model::RosterEdit,
    #[server(default)] person_id: String,
) -> Result<String, AppError> {
    AppError::answer(async move {
        use crate::model::RosterEdit;
        use crate::server::{auth, live, service, state::app_state};
        let caller = auth::require_login().await?;
        let person: i64 = person_id.trim().parse().map_err(|_| AppError::Validation(msg::person_number_rule().into()))?;
        let state = app_state()?;
        match action {
            RosterEdit::Add => {
                service::attendance::add(&state.pool, &caller, class_id, person, &state.clock).await?;
                live::publish(&state, Some(class_id)).await;
                Ok(msg::person_added(person))
            }
            RosterEdit::Remove => {
                service::attendance::remove(&state.pool, &caller, class_id, person, &state.clock).await?;
                live::publish(&state, Some(class_id)).await;
                Ok(msg::person_removed(person))
            }
        }
    })
    .await
}

/// 名单导入: a multipart form with `class_id` and the roster file `roster` (CSV or XLSX, ≤ 2 MB).
/// All rows or none; the report lists every row's problem.
#[server(prefix = "/api", endpoint = "import_roster", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn import_roster(data: leptos::server_fn::codec::MultipartData) -> Result<crate::model::ImportReport, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, imports, live, service, state::app_state};

        // Who may import at all, before the form is read; who may import into this class, before the
        // file is parsed.
        let caller = auth::require(crate::rules::access::Action::ImportRoster).await?;
        let upload = imports::read_upload(data, "roster", msg::roster_too_large()).await?;
        let class_id = upload
            .field("class_id")
            .and_then(|c| c.parse::<i64>().ok())
            .ok_or_else(|| AppError::Validation(msg::class_missing().into()))?;
        let state = app_state()?;
        let class = service::attendance::import_target(&state.pool, &caller, class_id, &state.clock).await?;
        let file = upload.file.filter(|f| !f.is_empty()).ok_or_else(|| AppError::Validation(msg::roster_file_missing().into()))?;
        let rows = imports::parse_off_thread(file, imports::roster_rows).await?;
        let report = service::attendance::import(&state.pool, &caller, &class, &rows, &state.clock).await?;
        if report.imported > 0 {
            live::publish(&state, Some(class_id)).await;
        }
        Ok(report)
    })
    .await
}
