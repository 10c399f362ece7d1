//! Reading a roster file (签到名单导入): CSV (UTF-8, with or without BOM; GB18030 files must be saved
//! as UTF-8 first) or an Excel workbook (first sheet), with a heading row naming the columns
//! `人员编号` and `姓名` (other imports name their own columns). Rows come back numbered as a spreadsheet shows them (the heading is row 1).

/// Reads one field of an uploaded form; a field larger than `limit` never reaches memory whole:
/// reading stops just past the limit (`None`).
pub async fn read_limited(field: &mut multer::Field<'static>, limit: usize) -> Result<Option<Vec<u8>>, crate::error::AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| crate::error::AppError::Validation("上传中断，请重试".into()))? {
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
pub async fn read_upload(data: leptos::server_fn::codec::MultipartData, file_field: &str, too_big: &str) -> Result<Upload, crate::error::AppError> {
    use crate::error::AppError;
    let malformed = || AppError::Validation("请求格式不正确".into());
    let mut form = data.into_inner().ok_or_else(malformed)?;
    let mut upload = Upload::default();
    let mut fields = 0;
    while let Some(mut field) = form.next_field().await.map_err(|_| malformed())? {
        fields += 1;
        if fields > 4 {
            return Err(malformed());
        }
        let name = field.name().unwrap_or_default().to_string();
        let limit = if name == file_field { MAX_BYTES } else { 64 };
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
/// The largest roster file.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// One data row: its number in the file, the person number and the name as written.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterRow {
    pub line: usize,
    pub person: String,
    pub name: String,
}

/// Reads the rows of a CSV or XLSX file (told apart by content, not by name).
pub fn roster_rows(bytes: &[u8]) -> Result<Vec<RosterRow>, String> {
    let rows = columns(bytes, &["人员编号", "姓名"], "名单")?;
    Ok(rows.into_iter().map(|(line, mut r)| RosterRow { line, name: r.pop().unwrap_or_default(), person: r.pop().unwrap_or_default() }).collect())
}

/// The rows of a CSV or XLSX file with a heading row naming (at least) `wanted`: per row its line and
/// the wanted columns' trimmed values, in `wanted`'s order. `what` names the rows in messages.
pub fn columns(bytes: &[u8], wanted: &[&str], what: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let table = if bytes.starts_with(b"PK\x03\x04") { xlsx_table(bytes)? } else { csv_table(bytes)? };
    let mut rows = table.into_iter().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let (_, heading) = rows.next().ok_or_else(|| format!("文件是空的：第一行应为标题行（{}）", wanted.join("、")))?;
    let positions: Option<Vec<usize>> = wanted.iter().map(|w| heading.iter().position(|h| h.trim() == *w)).collect();
    let Some(positions) = positions else {
        let names: Vec<String> = wanted.iter().map(|w| format!("“{w}”")).collect();
        return Err(format!("标题行须包含{}{}列", names.join(""), if wanted.len() == 2 { "两" } else { "各" }));
    };
    let rows: Vec<(usize, Vec<String>)> = rows
        .map(|(line, r)| (line, positions.iter().map(|&p| r.get(p).map(|s| s.trim().to_string()).unwrap_or_default()).collect()))
        .collect();
    if rows.is_empty() {
        return Err(format!("文件中没有{what}行"));
    }
    if rows.len() > MAX_ROWS {
        return Err(format!("一次最多导入 {MAX_ROWS} 行"));
    }
    Ok(rows)
}

/// Rows with their line numbers (1-based, as an editor or a spreadsheet shows them).
type Table = Vec<(usize, Vec<String>)>;

fn csv_table(bytes: &[u8]) -> Result<Table, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "无法读取文件：请上传 UTF-8 编码的 CSV 或 Excel（.xlsx）文件".to_string())?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            // The line a record starts on, counted from its byte offset (blank lines included).
            // (The reader reports where it began reading: skip the blank lines it passed over.)
            let line = |r: &csv::StringRecord| {
                r.position().map_or(i + 1, |p| {
                    let start = p.byte() as usize;
                    let blank = text.as_bytes()[start..].iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
                    text.as_bytes()[..start + blank].iter().filter(|b| **b == b'\n').count() + 1
                })
            };
            r.map(|r| (line(&r), r.iter().map(str::to_string).collect()))
                .map_err(|_| format!("第 {} 行：CSV 格式不正确", i + 1))
        })
        .collect()
}

fn xlsx_table(bytes: &[u8]) -> Result<Table, String> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = || "无法读取 Excel 文件：请上传 .xlsx 格式".to_string();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let sheet = book.worksheet_range_at(0).ok_or_else(unreadable)?.map_err(|_| unreadable())?;
    let cell = |c: &Data| match c {
        // Person numbers typed in Excel arrive as numbers: 1234.0 → "1234".
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Int(n) => n.to_string(),
        other => other.to_string(),
    };
    // Rows as the sheet numbers them, even when the used range starts lower.
    let first = sheet.start().map_or(0, |(row, _)| row as usize);
    Ok(sheet.rows().enumerate().map(|(i, r)| (first + i + 1, r.iter().map(cell).collect())).collect())
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
        assert!(roster_rows(b"PK\x03\x04not a zip").unwrap_err().contains("Excel"));
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
