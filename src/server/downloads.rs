//! Files the browser downloads, checked like server functions: a claim's evidence (its claimant and
//! the organisation department), a school's 六个一 documents and the compliance workbook (whoever may see the compliance view).

use super::auth::{self, Caller};
use super::repo;
use super::state::AppState;
use crate::error::AppError;
use crate::messages as msg;
use crate::model::{ClassDetail, Compliance};
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

/// An error as the browser gets it: status and the Chinese message.
fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], e.to_string()).into_response()
}

async fn signed_in(session: &Session, state: &AppState) -> Result<Caller, AppError> {
    auth::caller_in(session, state).await?.ok_or(AppError::Unauthorized)
}

fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// `GET /files/claims/{id}`: the evidence of an external-study claim.
pub async fn claim_evidence(session: Session, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let result = async {
        let caller = signed_in(&session, &state).await?;
        let reviewer = caller.may(crate::rules::access::Action::ReadOthersHours);
        // Someone who may not see a claim learns nothing about it, not even whether it exists.
        let (_person, _name, mime, bytes) = match repo::claims::evidence(&state.pool, id).await? {
            Some(found) if reviewer || caller.person_id == Some(found.0) => found,
            Some(_) => return Err(AppError::Forbidden),
            None if reviewer => return Err(AppError::NotFound(msg::evidence_noun().into())),
            None => return Err(AppError::Forbidden),
        };
        Ok(attachment(&mime, &format!("claim-{id}-evidence.{}", extension(&mime)), bytes))
    }
    .await;
    result.unwrap_or_else(refuse)
}

/// `GET /files/schools/{school}/documents/{id}`: a document of a school's 六个一 (its school admin,
/// leaders, the organisation department, supervisors).
pub async fn school_document(session: Session, State(state): State<AppState>, Path((school, id)): Path<(i64, i64)>) -> Response {
    let result = async {
        let caller = signed_in(&session, &state).await?;
        if !crate::server::service::six_ones::may_read(&caller, school) {
            return Err(AppError::Forbidden);
        }
        let (name, mime, bytes) =
            repo::six_ones::file(&state.pool, school, id).await?.ok_or_else(|| AppError::NotFound(msg::document_noun().into()))?;
        Ok(attachment(&mime, &ascii_file_name(&name, id, &mime), bytes))
    }
    .await;
    result.unwrap_or_else(refuse)
}

/// A file name safe in a header: the stored name when it is plain ASCII, else `document-{id}.{ext}`
/// (the page shows the real name).
fn ascii_file_name(name: &str, id: i64, mime: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || "._- ".contains(c)) && !name.is_empty() {
        return name.to_string();
    }
    format!("document-{id}.{}", extension(mime))
}

/// The file extension of an accepted document type (PDF, PNG, JPG).
fn extension(mime: &str) -> &'static str {
    match mime {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    }
}

#[derive(serde::Deserialize)]
pub struct PeriodQuery {
    year: Option<i32>,
    as_of: Option<String>,
}

/// `GET /hours/export.xlsx?year=&as_of=`: the compliance view as a workbook.
pub async fn compliance_xlsx(session: Session, State(state): State<AppState>, Query(q): Query<PeriodQuery>) -> Response {
    let result = async {
        let caller = signed_in(&session, &state).await?;
        let scope = crate::server::service::compliance::scope_of(&state.pool, &caller).await?;
        let (year, as_of) =
            crate::server::service::compliance::resolve_period(&state.pool, q.year, q.as_of.as_deref(), &state.clock).await?;
        let compliance = repo::compliance::compliance(&state.pool, year, as_of, &scope).await?;
        let by = exported(&state, &caller, &msg::export_compliance(year)).await?;
        let bytes = workbook(&compliance, &by).map_err(|e| {
            tracing::error!(error = %e, "writing the compliance workbook");
            AppError::Internal
        })?;
        let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Ok(attachment(content_type, &format!("hours-compliance-{year}.xlsx"), bytes))
    }
    .await;
    result.unwrap_or_else(refuse)
}

/// `GET /classes/{id}/roster.xlsx`: a class's roster with place, teachers, times and units.
pub async fn roster_xlsx(session: Session, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let result = async {
        let caller = signed_in(&session, &state).await?;
        let detail = crate::server::service::classes::detail(&state.pool, &caller, id).await?;
        let by = exported(&state, &caller, &msg::export_roster(&detail.summary.title)).await?;
        let bytes = roster_workbook(&detail, &by).map_err(|e| {
            tracing::error!(error = %e, "writing the roster workbook");
            AppError::Internal
        })?;
        let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Ok(attachment(content_type, &format!("class-{id}-roster.xlsx"), bytes))
    }
    .await;
    result.unwrap_or_else(refuse)
}

/// Who made an export of personal data, and when: written into the workbook (its properties, and the
/// header of every printed page).
pub struct ExportedBy {
    pub who: String,
    pub at: String,
}

/// An export of personal data: written to the security log (who, when, what) before it is made.
pub async fn exported(state: &AppState, caller: &Caller, what: &str) -> Result<ExportedBy, AppError> {
    repo::security::record(&state.pool, "personal_export", Some(caller.account_id), Some(&caller.username), None, what).await?;
    Ok(ExportedBy { who: format!("{}（{}）", caller.display_name, caller.username), at: state.clock.now().minute().to_string() })
}

/// Marks a workbook with who exported it: its author and comment, and each sheet's printed header.
fn stamp(book: &mut rust_xlsxwriter::Workbook, by: &ExportedBy) -> Result<(), rust_xlsxwriter::XlsxError> {
    let line = msg::exported_by(&by.who, &by.at);
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_author(&by.who).set_comment(&line));
    for sheet in book.worksheets_mut() {
        sheet.set_header(format!("&L{line}"));
    }
    Ok(())
}

/// Column headings of the roster workbook.
pub const ROSTER_COLUMNS: [&str; 12] =
    ["序号", "姓名", "人员编号", "参训人员单位", "培训班", "培训地点", "授课教师", "开始时间", "结束时间", "学时", "签到时间", "签到方式"];

/// One sheet: a row per attendee, the class's facts repeated on each row (for sorting and pivots).
pub fn roster_workbook(d: &ClassDetail, by: &ExportedBy) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("签到名单")?;
    for (col, title) in ROSTER_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    let c = &d.summary;
    let teachers = d.teachers.join("、");
    for (i, r) in d.roster.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &r.name)?;
        sheet.write_number(row, 2, r.person_id as f64)?;
        sheet.write_string(row, 3, &r.unit)?;
        sheet.write_string(row, 4, &c.title)?;
        sheet.write_string(row, 5, &c.venue)?;
        sheet.write_string(row, 6, &teachers)?;
        sheet.write_string(row, 7, c.starts_at.as_str())?;
        sheet.write_string(row, 8, c.ends_at.as_str())?;
        sheet.write_number(row, 9, c.hours)?;
        sheet.write_string(row, 10, r.checked_in_at.as_str())?;
        sheet.write_string(row, 11, r.method.label())?;
    }
    sheet.set_column_width(3, 24)?;
    sheet.set_column_width(4, 24)?;
    sheet.set_column_width(5, 20)?;
    stamp(&mut book, by)?;
    book.save_to_buffer()
}

/// Column headings of the workbook's two sheets.
pub const UNIT_COLUMNS: [&str; 7] = ["单位", "区管干部人数", "已达标", "进度正常", "进度滞后", "达标率", "滞后率"];
pub const BEHIND_COLUMNS: [&str; 6] = ["姓名", "单位", "职级", "已完成学时", "年度目标学时", "差额学时"];

/// Two sheets: per unit (with the total first) and the cadres behind.
pub fn workbook(c: &Compliance, by: &ExportedBy) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let share = |n: i64, of: i64| if of == 0 { 0.0 } else { n as f64 / of as f64 };

    let sheet = book.add_worksheet();
    sheet.set_name("单位达标情况")?;
    sheet.write_string(0, 0, format!("{} 年区管干部学时达标情况（统计至 {}）", c.year, c.as_of))?;
    for (col, title) in UNIT_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(1, col as u16, *title, &bold)?;
    }
    for (i, u) in std::iter::once(&c.total).chain(c.units.iter()).enumerate() {
        let row = 2 + i as u32;
        sheet.write_string(row, 0, &u.unit)?;
        sheet.write_number(row, 1, u.cadres as f64)?;
        sheet.write_number(row, 2, u.met as f64)?;
        sheet.write_number(row, 3, u.on_track as f64)?;
        sheet.write_number(row, 4, u.behind as f64)?;
        sheet.write_number_with_format(row, 5, share(u.met, u.cadres), &percent)?;
        sheet.write_number_with_format(row, 6, share(u.behind, u.cadres), &percent)?;
    }
    sheet.set_column_width(0, 28)?;

    let sheet = book.add_worksheet();
    sheet.set_name("进度滞后人员")?;
    for (col, title) in BEHIND_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, b) in c.behind.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, &b.name)?;
        sheet.write_string(row, 1, &b.unit)?;
        sheet.write_string(row, 2, b.rank.label())?;
        sheet.write_number(row, 3, b.earned)?;
        sheet.write_number(row, 4, b.target)?;
        sheet.write_number(row, 5, b.missing)?;
    }
    sheet.set_column_width(1, 28)?;
    stamp(&mut book, by)?;
    book.save_to_buffer()
}

/// Column headings of the links' sheet.
pub const LINK_COLUMNS: [&str; 7] = ["序号", "姓名", "人员编号（用户名）", "单位", "一次性登录链接", "有效期至", "说明"];

/// The sheet a unit hands out: one row per cadre with their one-time link.
pub fn links_workbook(issued: &crate::model::IssuedLinks, by: &ExportedBy) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("登录链接")?;
    for (col, title) in LINK_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    let expires = issued.expires_at.minute().to_string();
    for (i, l) in issued.links.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, &l.name)?;
        sheet.write_string(row, 2, &l.username)?;
        sheet.write_string(row, 3, &issued.unit)?;
        sheet.write_string(row, 4, &l.link)?;
        sheet.write_string(row, 5, &expires)?;
        sheet.write_string(row, 6, if l.fresh { "新开通：打开链接设置密码" } else { "重发：旧链接已失效" })?;
    }
    sheet.set_column_width(4, 90)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 18)?;
    sheet.set_column_width(5, 18)?;
    stamp(&mut book, by)?;
    book.save_to_buffer()
}

/// The most rows a list's workbook holds (the district's whole roster fits).
pub const MAX_LIST_ROWS: i64 = 100_000;

/// A list page's search, as its export link carries it.
#[derive(serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

impl SearchQuery {
    /// A search is a few words: longer text is cut, as the pages do.
    fn words(&self) -> String {
        self.q.trim().chars().take(40).collect()
    }
}

/// One sheet of a list: a bold heading row, then the rows as text (numbers as numbers).
pub fn list_workbook(
    sheet_name: &str,
    headings: &[&str],
    rows: &[Vec<Cell>],
    by: &ExportedBy,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    for (col, title) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
        sheet.set_column_width(col as u16, 16)?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, cell) in cells.iter().enumerate() {
            match cell {
                Cell::Text(t) => sheet.write_string(row, col as u16, t)?,
                Cell::Number(n) => sheet.write_number(row, col as u16, *n)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    stamp(&mut book, by)?;
    book.save_to_buffer()
}

/// A cell of a list's workbook.
pub enum Cell {
    Text(String),
    Number(f64),
}

/// The organisation department's lists as workbooks: who may, the log line, the sheet made off the
/// async workers.
async fn list_export(
    session: &Session,
    state: &AppState,
    what: String,
    file_name: &str,
    sheet_name: &'static str,
    headings: &'static [&'static str],
    rows: impl std::future::Future<Output = Result<Vec<Vec<Cell>>, AppError>>,
) -> Result<Response, AppError> {
    let caller = signed_in(session, state).await?;
    if !caller.may(crate::rules::access::Action::ManageDistrictData) {
        return Err(AppError::Forbidden);
    }
    let rows = rows.await?;
    let by = exported(state, &caller, &what).await?;
    let bytes = tokio::task::spawn_blocking(move || list_workbook(sheet_name, headings, &rows, &by))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "writing a list's workbook");
            AppError::Internal
        })?;
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(attachment(content_type, file_name, bytes))
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// `GET /admin/schools.xlsx?q=`: the schools the list finds, all of them.
pub async fn schools_xlsx(session: Session, State(state): State<AppState>, Query(q): Query<SearchQuery>) -> Response {
    let words = q.words();
    let rows = async {
        let found = repo::district::schools_page(&state.pool, &words, 1, MAX_LIST_ROWS).await?;
        Ok(found
            .rows
            .into_iter()
            .map(|s| {
                vec![
                    Cell::Number(s.id as f64),
                    text(s.name),
                    text(s.mode.label()),
                    text(s.host_unit),
                    text(s.principal.unwrap_or_default()),
                    text(s.opened_on),
                    text(s.status.label()),
                ]
            })
            .collect())
    };
    const HEADINGS: &[&str] = &["编号", "名称", "建校模式", "举办单位", "校长", "开办日期", "状态"];
    list_export(&session, &state, msg::export_list("业余党校名单", &words), "schools.xlsx", "业余党校", HEADINGS, rows)
        .await
        .unwrap_or_else(refuse)
}

/// `GET /admin/people.xlsx?q=`: the people the list finds (personal data: logged, stamped).
pub async fn people_xlsx(session: Session, State(state): State<AppState>, Query(q): Query<SearchQuery>) -> Response {
    let words = q.words();
    let rows = async {
        let found = repo::people::find(&state.pool, &words, 1, MAX_LIST_ROWS).await?;
        Ok(found
            .rows
            .into_iter()
            .map(|p| {
                vec![
                    Cell::Number(p.id as f64),
                    text(p.name),
                    text(p.unit),
                    text(p.rank.label()),
                    text(if p.district_managed { "是" } else { "否" }),
                    text(p.status.label()),
                ]
            })
            .collect())
    };
    const HEADINGS: &[&str] = &["人员编号", "姓名", "单位", "职级", "区管干部", "状态"];
    list_export(&session, &state, msg::export_list("人员名单", &words), "people.xlsx", "人员名单", HEADINGS, rows)
        .await
        .unwrap_or_else(refuse)
}

/// `GET /admin/teachers.xlsx?q=`: the pool teachers the list finds.
pub async fn teachers_xlsx(session: Session, State(state): State<AppState>, Query(q): Query<SearchQuery>) -> Response {
    let words = q.words();
    let rows = async {
        let found = repo::teachers::find(&state.pool, &words, 1, MAX_LIST_ROWS).await?;
        Ok(found
            .rows
            .into_iter()
            .map(|t| {
                vec![
                    Cell::Number(t.id as f64),
                    text(t.name),
                    text(if t.in_district { "区内" } else { "区外" }),
                    text(t.unit_name),
                    text(t.title),
                    text(t.specialties),
                ]
            })
            .collect())
    };
    const HEADINGS: &[&str] = &["编号", "姓名", "区内外", "单位", "职务职称", "专长"];
    list_export(&session, &state, msg::export_list("师资名单", &words), "teachers.xlsx", "师资库", HEADINGS, rows)
        .await
        .unwrap_or_else(refuse)
}

/// `GET /admin/units.xlsx`: every unit with its people, schools and standing.
pub async fn units_xlsx(session: Session, State(state): State<AppState>) -> Response {
    let rows = async {
        Ok(repo::district::units(&state.pool)
            .await?
            .into_iter()
            .map(|u| {
                let standing = u.standing();
                vec![
                    Cell::Number(u.id as f64),
                    text(u.name),
                    text(u.short_name),
                    text(u.kind.label()),
                    text(u.parent.unwrap_or_default()),
                    Cell::Number(u.people as f64),
                    Cell::Number(u.schools as f64),
                    text(standing),
                ]
            })
            .collect())
    };
    const HEADINGS: &[&str] = &["编号", "全称", "简称", "类别", "上级单位", "人员", "业余党校", "状态"];
    list_export(&session, &state, msg::export_list("单位名单", ""), "units.xlsx", "单位", HEADINGS, rows).await.unwrap_or_else(refuse)
}
