//! Reading an uploaded table (签到名单, 成绩, 人员名单): CSV (UTF-8 with or without BOM, or GBK/GB18030
//! as Excel saves it on Chinese Windows) or an Excel workbook (first sheet), with a heading row naming the columns
//! `人员编号` and `姓名` (other imports name their own columns). Rows come back numbered as a spreadsheet shows them (the heading is row 1).

use crate::messages as msg;

/// Reads one field of an uploaded form; a field larger than `limit` never reaches memory whole:
/// reading stops just past the limit (`None`).
pub async fn read_limited(field: &mut multer::Field<'static>, limit: usize) -> Result<Option<Vec<u8>>, crate::error::AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| crate::error::AppError::Validation(msg::upload_interrupted().into()))? {
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// An uploaded form: its small text fields (trimmed) and its one file.
#[derive(Default)]
pub struct Upload {
    pub fields: Vec<(String, String)>,
    pub file: Option<Vec<u8>>,
}

impl Upload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Reads a multipart form of a few small fields (≤ 64 bytes each) and one file named `file_field`
/// (≤ [`MAX_BYTES`]); anything larger is refused with `too_big`, more than four fields as malformed.
pub async fn read_upload(
    data: leptos::server_fn::codec::MultipartData,
    file_field: &str,
    too_big: &str,
) -> Result<Upload, crate::error::AppError> {
    read_upload_within(data, file_field, too_big, MAX_BYTES).await
}

/// As [`read_upload`], with a file of at most `max_bytes`.
pub async fn read_upload_within(
    data: leptos::server_fn::codec::MultipartData,
    file_field: &str,
    too_big: &str,
    max_bytes: usize,
) -> Result<Upload, crate::error::AppError> {
    use crate::error::AppError;
    let malformed = || AppError::Validation(msg::bad_request().into());
    let mut form = data.into_inner().ok_or_else(malformed)?;
    let mut upload = Upload::default();
    let mut fields = 0;
    while let Some(mut field) = form.next_field().await.map_err(|_| malformed())? {
        fields += 1;
        if fields > 4 {
            return Err(malformed());
        }
        let name = field.name().unwrap_or_default().to_string();
        let limit = if name == file_field { max_bytes } else { 64 };
        let bytes = read_limited(&mut field, limit).await?.ok_or_else(|| AppError::Validation(too_big.into()))?;
        if name == file_field {
            upload.file = Some(bytes);
        } else {
            upload.fields.push((name, String::from_utf8_lossy(&bytes).trim().to_string()));
        }
    }
    Ok(upload)
}

/// The most rows one import takes.
pub const MAX_ROWS: usize = 5_000;
/// The most columns a row of an import may have (the imports name at most a handful).
pub const MAX_COLUMNS: usize = 64;
/// The largest roster file.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// What a workbook may unpack to, all its parts together: a 2 MB workbook of 5,000 rows unpacks to a
/// few MB; a zip bomb stops here, before anything is kept.
pub const MAX_UNPACKED_BYTES: u64 = 32 * 1024 * 1024;
/// The most parts a workbook may have.
const MAX_ZIP_ENTRIES: usize = 200;
/// How long reading one file may take, on its own thread, before the upload is refused.
pub const PARSE_SECONDS: u64 = 10;
/// Files read at once (each on a blocking thread): more wait, briefly.
const PARALLEL_PARSES: usize = 2;

/// Reads `bytes` with `parse` on a blocking thread — never on the async workers — at most
/// [`PARALLEL_PARSES`] at once and for at most [`PARSE_SECONDS`].
pub async fn parse_off_thread<T: Send + 'static>(
    bytes: Vec<u8>,
    parse: fn(&[u8]) -> Result<T, String>,
) -> Result<T, crate::error::AppError> {
    use crate::error::AppError;
    use std::sync::OnceLock;
    use std::time::Duration;
    static PARSERS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    let parsers = PARSERS.get_or_init(|| tokio::sync::Semaphore::new(PARALLEL_PARSES));
    let _permit = tokio::time::timeout(Duration::from_secs(5), parsers.acquire())
        .await
        .map_err(|_| AppError::Busy(5))?
        .map_err(|_| AppError::Internal)?;
    let work = tokio::task::spawn_blocking(move || parse(&bytes));
    match tokio::time::timeout(Duration::from_secs(PARSE_SECONDS), work).await {
        Ok(Ok(result)) => result.map_err(AppError::Validation),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "reading an upload failed");
            Err(AppError::Internal)
        }
        Err(_) => Err(AppError::Validation(msg::file_too_complex().into())),
    }
}

/// One data row: its number in the file, the person number and the name as written.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterRow {
    pub line: usize,
    pub person: String,
    pub name: String,
}

/// Reads the rows of a CSV or XLSX file (told apart by content, not by name).
pub fn roster_rows(bytes: &[u8]) -> Result<Vec<RosterRow>, String> {
    let rows = columns(bytes, &["人员编号", "姓名"], msg::field_roster())?;
    Ok(rows
        .into_iter()
        .map(|(line, mut r)| RosterRow { line, name: r.pop().unwrap_or_default(), person: r.pop().unwrap_or_default() })
        .collect())
}

/// The rows of a CSV or XLSX file with a heading row naming (at least) `wanted`: per row its line and
/// the wanted columns' trimmed values, in `wanted`'s order. `what` names the rows in messages.
/// At most [`MAX_ROWS`] data rows of [`MAX_COLUMNS`] columns: larger files are refused while being
/// read, before they are held in memory.
pub fn columns(bytes: &[u8], wanted: &[&str], what: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    columns_within(bytes, wanted, &[], what, MAX_ROWS)
}

/// As [`columns`], with columns that may be missing (`optional`: their values come back empty,
/// after the wanted ones) and at most `max_rows` data rows.
pub fn columns_within(
    bytes: &[u8],
    wanted: &[&str],
    optional: &[&str],
    what: &str,
    max_rows: usize,
) -> Result<Vec<(usize, Vec<String>)>, String> {
    let table = if bytes.starts_with(b"PK\x03\x04") { xlsx_table(bytes, max_rows)? } else { csv_table(bytes, max_rows)? };
    let mut rows = table.into_iter().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let (_, heading) = rows.next().ok_or_else(|| msg::file_empty(wanted.join("、")))?;
    let positions: Option<Vec<usize>> = wanted.iter().map(|w| heading.iter().position(|h| h.trim() == *w)).collect();
    let Some(positions) = positions else {
        let names: Vec<String> = wanted.iter().map(|w| format!("“{w}”")).collect();
        return Err(msg::heading_missing(names.join(""), wanted.len()));
    };
    let positions: Vec<Option<usize>> =
        positions.into_iter().map(Some).chain(optional.iter().map(|o| heading.iter().position(|h| h.trim() == *o))).collect();
    let rows: Vec<(usize, Vec<String>)> = rows
        .map(|(line, r)| {
            let cell = |p: &Option<usize>| p.and_then(|p| r.get(p)).map(|s| s.trim().to_string()).unwrap_or_default();
            (line, positions.iter().map(cell).collect())
        })
        .collect();
    if rows.is_empty() {
        return Err(msg::no_rows(what));
    }
    if rows.len() > max_rows {
        return Err(msg::too_many_rows().into());
    }
    Ok(rows)
}

/// Rows with their line numbers (1-based, as an editor or a spreadsheet shows them).
type Table = Vec<(usize, Vec<String>)>;

/// Keeps at most the heading and `max_rows` non-empty rows of at most [`MAX_COLUMNS`] cells.
struct Bounded {
    table: Table,
    filled: usize,
    max_rows: usize,
}

impl Bounded {
    fn push(&mut self, line: usize, cells: Vec<String>) -> Result<(), String> {
        if cells.len() > MAX_COLUMNS {
            return Err(msg::row_too_wide(line, MAX_COLUMNS));
        }
        if cells.iter().any(|c| !c.trim().is_empty()) {
            self.filled += 1;
            if self.filled > self.max_rows + 1 {
                return Err(msg::too_many_rows().into());
            }
        }
        self.table.push((line, cells));
        Ok(())
    }
}

/// A CSV file's text: UTF-8 (a BOM dropped), or else GB18030 — the superset of GBK that Excel on
/// Chinese Windows saves "CSV" in. Bytes that are neither are refused, not guessed at.
fn csv_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    // Text that is not Chinese in either encoding (binary data) decodes to control characters.
    if had_errors || text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(msg::file_unreadable().to_string());
    }
    Ok(text)
}

fn csv_table(bytes: &[u8], max_rows: usize) -> Result<Table, String> {
    let text = csv_text(bytes)?;
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut out = Bounded { table: Vec::new(), filled: 0, max_rows };
    // The line a record starts on, counted from its byte offset (blank lines included), by counting
    // the newlines since the previous record only: one pass over the file.
    let (mut counted_to, mut line) = (0usize, 1usize);
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| msg::row_bad_csv(i + 1))?;
        if let Some(p) = record.position() {
            // The reader reports where it began reading: skip the blank lines it passed over.
            let start = (p.byte() as usize).max(counted_to);
            let blank = bytes[start..].iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
            let to = (start + blank).min(bytes.len());
            line += bytes[counted_to..to].iter().filter(|b| **b == b'\n').count();
            counted_to = to;
        } else {
            line = i + 1;
        }
        let cells =
            if record.len() > MAX_COLUMNS { vec![String::new(); MAX_COLUMNS + 1] } else { record.iter().map(str::to_string).collect() };
        out.push(line, cells)?;
    }
    Ok(out.table)
}

/// Checks a workbook's parts before the spreadsheet reader sees it: few parts, and all of them
/// together unpacking to at most [`MAX_UNPACKED_BYTES`] (counted while unpacking, whatever sizes the
/// archive claims).
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let unreadable = || msg::xlsx_unreadable().to_string();
    let too_big = || msg::xlsx_too_large().to_string();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(too_big());
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|_| unreadable())?;
        if entry.size() > MAX_UNPACKED_BYTES - total {
            return Err(too_big());
        }
        let left = MAX_UNPACKED_BYTES - total;
        let read = std::io::copy(&mut std::io::Read::take(entry, left + 1), &mut std::io::sink()).map_err(|_| unreadable())?;
        total += read;
        if total > MAX_UNPACKED_BYTES {
            return Err(too_big());
        }
    }
    Ok(())
}

fn xlsx_table(bytes: &[u8], max_rows: usize) -> Result<Table, String> {
    use calamine::{Data, DataRef, Reader, Xlsx};
    let unreadable = || msg::xlsx_unreadable().to_string();
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let first = book.sheet_names().first().cloned().ok_or_else(unreadable)?;
    // Cells one by one (never the sheet's whole claimed range at once), placed into rows as they come.
    let mut cells = book.worksheet_cells_reader(&first).map_err(|_| unreadable())?;
    let text = |c: &DataRef| match c {
        // Person numbers typed in Excel arrive as numbers: 1234.0 → "1234".
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Int(n) => n.to_string(),
        other => Data::from(other.clone()).to_string(),
    };
    let mut out = Bounded { table: Vec::new(), filled: 0, max_rows };
    let mut row: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
        let (r, c) = cell.get_position();
        if c as usize >= MAX_COLUMNS {
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            return Err(msg::row_too_wide(r as usize + 1, MAX_COLUMNS));
        }
        if row.as_ref().is_none_or(|(at, _)| *at != r) {
            if let Some((at, done)) = row.take() {
                out.push(at as usize + 1, done)?;
            }
            row = Some((r, Vec::new()));
        }
        if let Some((_, values)) = row.as_mut() {
            if values.len() <= c as usize {
                values.resize(c as usize + 1, String::new());
            }
            values[c as usize] = text(cell.get_value());
        }
    }
    if let Some((at, done)) = row {
        out.push(at as usize + 1, done)?;
    }
    // Rows come in the sheet's order; a hand-made file may list them otherwise.
    out.table.sort_by_key(|(line, _)| *line);
    Ok(out.table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_extra_columns() {
        let file = "\u{feff}序号,姓名,人员编号,备注\n1,张三,101,\n\n2, 李四 ,102,迟到\n".as_bytes();
        let rows = roster_rows(file).unwrap();
        assert_eq!(
            rows,
            vec![
                RosterRow { line: 2, person: "101".into(), name: "张三".into() },
                RosterRow { line: 4, person: "102".into(), name: "李四".into() },
            ]
        );
    }

    #[test]
    fn files_without_the_columns_or_rows_are_refused() {
        assert!(roster_rows("姓名,单位\n张三,前川街\n".as_bytes()).unwrap_err().contains("人员编号"));
        assert!(roster_rows("人员编号,姓名\n".as_bytes()).unwrap_err().contains("没有名单行"));
        assert!(roster_rows(b"").unwrap_err().contains("空"));
        assert!(roster_rows(&[0xff, 0xfe, 0x00]).unwrap_err().contains("UTF-8"));
        assert!(roster_rows(&[0x81, 0x30, 0x00, 0x01, 0x02]).unwrap_err().contains("UTF-8"));
        assert!(roster_rows(b"PK\x03\x04not a zip").unwrap_err().contains("Excel"));
    }

    #[test]
    fn gbk_csv_from_excel_is_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("人员编号,姓名\r\n101,张三\r\n");
        assert_eq!(roster_rows(&gbk).unwrap(), vec![RosterRow { line: 2, person: "101".into(), name: "张三".into() }]);
    }

    #[test]
    fn xlsx_rows_keep_their_sheet_numbers() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "人员编号").unwrap();
        sheet.write_string(0, 1, "姓名").unwrap();
        sheet.write_number(1, 0, 101.0).unwrap();
        sheet.write_string(1, 1, "张三").unwrap();
        sheet.write_string(2, 0, "abc").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let rows = roster_rows(&bytes).unwrap();
        assert_eq!(rows[0], RosterRow { line: 2, person: "101".into(), name: "张三".into() });
        assert_eq!(rows[1], RosterRow { line: 3, person: "abc".into(), name: String::new() });
    }
}
