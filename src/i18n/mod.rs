//! A second language for visiting delegations and reports (#18): English beside zh-CN, which stays the
//! default. The reader chooses it with the header's switch (`/lang/en`, the `lang=en` cookie).
//!
//! The views are written in Chinese only and carry no English: the WebAssembly every phone downloads
//! costs nothing for it. The English texts (`en.json`, keyed by the Chinese; the domain's terms keep
//! their Chinese in brackets: `Dashboard (数据看板)`) are the server's:
//! - a page for a reader of English is rewritten in English as it leaves the server (`pages`): each
//!   Chinese text with an English one — the text itself, or a template with its figures
//!   (`今日签到 {} 人次，…` → `{} check-ins today; …`), or a count in 万 — and the attributes a reader
//!   sees or hears;
//! - such a page carries the texts (`<script type="application/json" id="i18n-en">`) and `/i18n.js`,
//!   which rewrites alike what the WebAssembly writes later (a live figure, a page opened in the app);
//! - the server's messages (`AppError::respond`) and the charts' options (`tr_json`) are sent in English.
//!
//! A text without an English one stays Chinese. A page in Chinese carries none of it.

/// The reader's language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The document's `lang`.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// The name of the cookie that holds the choice.
pub const COOKIE: &str = "lang";

/// The element a page in English carries its texts in.
pub const ELEMENT_ID: &str = "i18n-en";

/// The language of a `Cookie:` header's `lang` (English only when it says `en`).
pub fn from_cookie_header(header: &str) -> Lang {
    let en = header.split(';').filter_map(|c| c.trim().split_once('=')).any(|(k, v)| k == COOKIE && v == "en");
    if en {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// The language of the request being answered. (Only the server makes a document around a page; the
/// browser's views do not ask.)
pub fn detect() -> Lang {
    #[cfg(feature = "ssr")]
    return leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok()).map(from_cookie_header))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    Lang::Zh
}

/// A character of Chinese text: an ideograph, or the punctuation Chinese text is written with (、。，
/// and the full-width forms).
pub fn chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

#[cfg(feature = "ssr")]
pub mod pages;

#[cfg(feature = "ssr")]
mod store {
    use std::collections::HashMap;

    /// The English texts, keyed by their Chinese.
    pub const JSON: &str = include_str!("en.json");

    static TEXTS: std::sync::LazyLock<HashMap<String, String>> =
        std::sync::LazyLock::new(|| serde_json::from_str(JSON).unwrap_or_default());

    pub fn get(zh: &str) -> Option<&'static str> {
        TEXTS.get(zh).map(String::as_str)
    }

    /// The texts as one line of JSON, safe inside a `<script>` element (what every English page
    /// carries): made once.
    pub static PAGE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| serde_json::to_string(&*TEXTS).unwrap_or_default().replace("</", "<\\/"));

    /// The texts with figures (`{}` in the Chinese), split at them; the most literal first, so
    /// `红色大讲堂（{}）` is tried before `{}（{}）`.
    static TEMPLATES: std::sync::LazyLock<Vec<(Vec<&'static str>, &'static str)>> = std::sync::LazyLock::new(|| {
        let mut all: Vec<(Vec<&str>, &str)> =
            TEXTS.iter().filter(|(zh, _)| zh.contains("{}")).map(|(zh, en)| (zh.split("{}").collect(), en.as_str())).collect();
        all.sort_by_key(|(pieces, _)| std::cmp::Reverse(pieces.iter().map(|p| p.len()).sum::<usize>()));
        all
    });

    /// `text`'s English: its own, a count in 万 in thousands, or a template's filled with the figures
    /// `text` has in its place (each figure translated too, `depth` levels down: `首次红色大讲堂（5月25日）`).
    /// `/i18n.js` does the same in the browser.
    pub fn translated(text: &str, depth: u8) -> Option<String> {
        if let Some(en) = get(text) {
            return Some(en.to_string());
        }
        // A count in 万 (10.3万) in thousands (103k).
        if let Some(tens) = text.strip_suffix('万').and_then(|n| n.parse::<f64>().ok()).filter(|n| n.is_finite() && *n >= 0.0) {
            return Some(format!("{}k", (tens * 10.0).round()));
        }
        if depth == 0 {
            return None;
        }
        // A list (`独立建校 66 所、联合建校 1 所`): each item, when every one has its English.
        for (sep, joined) in [('、', ", "), ('，', "; ")] {
            if text.contains(sep) {
                let items: Option<Vec<String>> = text.split(sep).map(|item| translated(item.trim(), depth)).collect();
                if let Some(items) = items {
                    return Some(items.join(joined));
                }
            }
        }
        TEMPLATES.iter().find_map(|(pieces, en)| {
            let figures: Vec<String> =
                captures(pieces, text)?.into_iter().map(|f| translated(f, depth - 1).unwrap_or_else(|| f.to_string())).collect();
            let args: Vec<&dyn std::fmt::Display> = figures.iter().map(|f| f as &dyn std::fmt::Display).collect();
            Some(super::fill(en, &args))
        })
    }

    /// What stands in `text` where `pieces` (a template split at its `{}`) have their figures: none
    /// empty; a figure ends where the next piece first appears.
    pub(super) fn captures<'t>(pieces: &[&str], text: &'t str) -> Option<Vec<&'t str>> {
        let (first, rest_pieces) = pieces.split_first()?;
        let mut rest = text.strip_prefix(first)?;
        let mut figures = Vec::with_capacity(rest_pieces.len());
        for (i, piece) in rest_pieces.iter().enumerate() {
            let at = if i + 1 == rest_pieces.len() {
                rest.strip_suffix(piece)?.len()
            } else if piece.is_empty() {
                return None;
            } else {
                rest.find(piece)?
            };
            if at == 0 {
                return None;
            }
            figures.push(&rest[..at]);
            rest = &rest[at + piece.len()..];
        }
        rest.is_empty().then_some(figures)
    }
}

/// `template` with its `{}` (the next of `args`) and `{n}` (the n-th) filled in; other braces (an
/// ECharts formatter's `{b}`) stay as they are.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len() + 8 * args.len());
    let (mut rest, mut next) = (template, 0);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').filter(|&close| after[..close].bytes().all(|b| b.is_ascii_digit())) {
            Some(close) => {
                let i = if close == 0 {
                    next += 1;
                    next - 1
                } else {
                    after[..close].parse().unwrap_or(usize::MAX)
                };
                if let Some(arg) = args.get(i) {
                    let _ = write!(out, "{arg}");
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A text made at run time (a server's message, a chart's label) in `lang`: its English when there is
/// one for it (`store::translated`), else as it is.
#[cfg(feature = "ssr")]
pub fn tr_text(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => text.to_string(),
        Lang::En => store::translated(text, 2).unwrap_or_else(|| text.to_string()),
    }
}

/// A chart's ECharts options (JSON text, made once for every reader) in `lang`: each text in them
/// that has an English one is replaced. Chinese comes back as it is.
#[cfg(feature = "ssr")]
pub fn tr_json(lang: Lang, json: &str) -> String {
    fn walk(lang: Lang, value: &mut serde_json::Value) {
        match value {
            // An ECharts label of several lines (`{b}\n{c} 所`): line by line.
            serde_json::Value::String(s) => *s = s.split('\n').map(|line| tr_text(lang, line)).collect::<Vec<_>>().join("\n"),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| walk(lang, v)),
            serde_json::Value::Object(fields) => fields.values_mut().for_each(|v| walk(lang, v)),
            _ => {}
        }
    }
    if lang == Lang::Zh {
        return json.to_string();
    }
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(mut value) => {
            walk(lang, &mut value);
            value.to_string()
        }
        Err(_) => json.to_string(),
    }
}

/// The English texts as a page carries them: JSON safe inside a `<script>` element. (Only the server
/// writes the document around a page: the browser has none to give.)
pub fn page_texts() -> String {
    #[cfg(feature = "ssr")]
    return store::PAGE.clone();
    #[cfg(not(feature = "ssr"))]
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_chooses_english_and_nothing_else_does() {
        assert_eq!(from_cookie_header("a=1; lang=en"), Lang::En);
        assert_eq!(from_cookie_header("lang=zh"), Lang::Zh);
        assert_eq!(from_cookie_header("xlang=en"), Lang::Zh);
        assert_eq!(from_cookie_header(""), Lang::Zh);
    }

    #[test]
    fn english_keeps_the_terms_chinese_and_falls_back_to_it() {
        assert_eq!(tr_text(Lang::Zh, "数据看板"), "数据看板");
        assert_eq!(tr_text(Lang::En, "数据看板"), "Dashboard (数据看板)");
        assert_eq!(tr_text(Lang::En, "一句没有译文的话"), "一句没有译文的话");
        assert_eq!(tr_text(Lang::En, "约 10.3万"), "about 103k");
        assert_eq!(tr_text(Lang::En, "没有权限查看或修改此内容"), "You may not see or change this");
    }

    #[test]
    fn figures_fill_a_text_in_its_own_order_and_other_braces_stay() {
        assert_eq!(fill("培训 {} 人次（截至 {}）", &[&103_486, &"2017.5.25"]), "培训 103486 人次（截至 2017.5.25）");
        assert_eq!(fill("{1}: {0} attendances", &[&7, &"May"]), "May: 7 attendances");
        assert_eq!(fill("{b}\n{c} 所 {}", &[&1]), "{b}\n{c} 所 1");
        assert_eq!(fill("{} 与 {}", &[&1]), "1 与 ");
    }

    #[test]
    fn a_server_text_with_figures_is_found_by_its_template() {
        let pieces = |t: &'static str| t.split("{}").collect::<Vec<_>>();
        assert_eq!(store::captures(&pieces("红色大讲堂（{}）"), "红色大讲堂（7月1日）"), Some(vec!["7月1日"]));
        assert_eq!(store::captures(&pieces("{}月{}日"), "12月31日"), Some(vec!["12", "31"]));
        assert_eq!(store::captures(&pieces("{}月{}日"), "月31日"), None);
        assert_eq!(store::captures(&pieces("{}月{}日"), "12月31"), None);
        // A figure inside a figure is translated too; a text no template fits stays Chinese.
        assert_eq!(tr_text(Lang::En, "首次红色大讲堂（5月25日）"), "First Red Lecture Hall (首次红色大讲堂), 5/25");
        assert_eq!(tr_text(Lang::Zh, "首次红色大讲堂（5月25日）"), "首次红色大讲堂（5月25日）");
        assert_eq!(tr_text(Lang::En, "前川街"), "前川街");
        // A list whose every item has its English; a list with one that has none is a whole text.
        assert_eq!(tr_text(Lang::En, "独立建校 66 所、联合建校 1 所"), "Independent (独立建校) 66, Joint (联合建校) 1");
        assert_eq!(tr_text(Lang::En, "成员单位：滠口街道、武湖街道"), "Member units: 滠口街道、武湖街道");
        // A server message with its figures (messages::*), the figures kept as they are.
        assert_eq!(tr_text(Lang::En, "「木兰乡专题班」名额已满（30 人）"), "“木兰乡专题班” is full (30 places)");
        assert_eq!(tr_text(Lang::En, "第 3 行：人员编号 12 与第 2 行重复"), "Row 3: person number 12 repeats row 2");
        let chart = r#"{"series":[{"name":"培训人次","label":{"formatter":"{b}\n{c} 所"},"data":[3,"前川街"]}]}"#;
        let en: serde_json::Value = serde_json::from_str(&tr_json(Lang::En, chart)).unwrap();
        assert_eq!(en["series"][0]["name"], "Attendances (培训人次)");
        assert_eq!(en["series"][0]["label"]["formatter"], "{b}\n{c} schools");
        assert_eq!(en["series"][0]["data"], serde_json::json!([3, "前川街"]));
        assert_eq!(tr_json(Lang::Zh, chart), chart);
    }

    #[test]
    fn every_text_is_chinese_to_english_with_the_terms_in_brackets_and_safe_in_a_page() {
        let texts: std::collections::HashMap<String, String> = serde_json::from_str(store::JSON).unwrap();
        assert!(texts.len() > 50);
        let cjk = chinese;
        for (zh, en) in &texts {
            assert!(zh.chars().any(cjk), "{zh} is a Chinese text");
            // Outside brackets the English is English: Chinese only as a term in brackets.
            let mut depth = 0;
            for c in en.chars() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    c => assert!(depth > 0 || !cjk(c), "{zh} → {en}: Chinese outside brackets"),
                }
            }
            assert!(!en.trim().is_empty());
            // A text with figures: a literal part to be found by, and its English uses only its figures.
            let figures = zh.matches("{}").count();
            assert!(figures == 0 || zh.replace("{}", "").chars().any(cjk), "{zh}: only figures");
            assert!(!zh.contains("{}{}"), "{zh}: figures side by side cannot be told apart");
            assert!(en.matches("{}").count() <= figures, "{zh} → {en}: more figures than it has");
            for (at, _) in en.match_indices('{') {
                let inner = en[at + 1..].split('}').next().unwrap_or_default();
                if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                    assert!(inner.parse::<usize>().unwrap() < figures, "{zh} → {en}: figure {inner} it does not have");
                }
            }
        }
        // A township's bar leads to its schools by its name (the dashboard's chart): never translated.
        assert!(!texts.contains_key(crate::model::DISTRICT_LEVEL));
        let page = page_texts();
        assert!(!page.contains("</"));
        // The browser finds a text in the page's JSON by its key: no quote or backslash inside a text.
        for (zh, en) in &texts {
            assert!(!(zh.contains(['"', '\\']) || en.contains(['"', '\\', '<', '>'])), "{zh} → {en}");
            assert!(page.contains(&format!("\"{zh}\":\"{en}\"")));
        }
    }
}
