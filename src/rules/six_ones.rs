//! 六个一 (fixed 2015-06): every school keeps one founding plan, one teaching plan, one training
//! venue, one management team, one set of working rules and one set of ledgers, each shown by its
//! documents. An item is in place when it has at least one document; the six-haves evaluation's
//! 查阅资料 step reads them.

use crate::messages as msg;
use crate::model::SixOne;

/// The largest document accepted (5 MB, as a claim's evidence).
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;
/// At most this many documents per item of a school (a set of ledgers is several files; not a
/// storage for everything).
pub const MAX_DOCUMENTS_PER_ITEM: i64 = 10;

/// The item a document is for, from its code.
pub fn check_item(code: &str) -> Result<SixOne, String> {
    SixOne::from_code(code.trim()).ok_or_else(|| msg::six_one_item_missing().into())
}

/// A document's type as recognised from its content (`detected`), when it is a PDF, JPG or PNG of
/// at most [`MAX_DOCUMENT_BYTES`].
pub fn check_document(detected: Option<&str>, size: usize) -> Result<&'static str, String> {
    if size == 0 {
        return Err(msg::document_missing().into());
    }
    if size > MAX_DOCUMENT_BYTES {
        return Err(msg::document_too_large().into());
    }
    let types = crate::rules::study_hours::EVIDENCE_TYPES;
    detected.and_then(|d| types.iter().find(|t| **t == d).copied()).ok_or_else(|| msg::document_kind().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_a_pdf_jpg_or_png_by_content_and_small_enough() {
        assert_eq!(check_document(Some("application/pdf"), 10), Ok("application/pdf"));
        assert_eq!(check_document(Some("image/png"), MAX_DOCUMENT_BYTES), Ok("image/png"));
        assert!(check_document(Some("image/png"), MAX_DOCUMENT_BYTES + 1).unwrap_err().contains("5 MB"));
        assert!(check_document(Some("application/zip"), 10).unwrap_err().contains("PDF、JPG 或 PNG"));
        assert!(check_document(None, 10).is_err());
        assert!(check_document(Some("image/png"), 0).unwrap_err().contains("请选择"));
    }

    #[test]
    fn items_are_named_by_code_and_file_names_are_kept_clean() {
        assert_eq!(check_item(" teaching_plan "), Ok(SixOne::TeachingPlan));
        assert!(check_item("plan").is_err());
        use crate::rules::guard::uploaded_file_name as file_name;
        assert_eq!(file_name("C:\\docs\\教学计划.pdf", "资料"), "教学计划.pdf");
        assert_eq!(file_name("a/b/\u{7}x.png", "资料"), "x.png");
        assert_eq!(file_name("", "资料"), "资料");
        assert_eq!(file_name(&"长".repeat(150), "资料").chars().count(), 100);
    }
}
