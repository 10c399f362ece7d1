//! A second language for visiting delegations and reports (#18): English beside zh-CN, which stays the
//! default. The Chinese text is the key: a view writes `tr("数据看板")` and reads the Chinese, or — when
//! the reader chose English (the `lang=en` cookie, set by the header's switch through `/lang/en`) —
//! its English, in which the domain's terms keep their Chinese in brackets (`Dashboard (数据看板)`).
//! A text without an English one stays Chinese.
//!
//! The English texts (`en.json`) are in the server; a page sent in English carries them in the page
//! (`<script type="application/json" id="i18n-en">`), read once when the WebAssembly starts. A page in
//! Chinese carries none of it: the phones' bytes stay as they are.

#[cfg(feature = "ssr")]
use leptos::prelude::*;

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

/// The language of the request being answered (server), or of the page (browser: English when the
/// server sent the page with its English texts).
pub fn detect() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| p.headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok()).map(from_cookie_header))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        if store::carried() {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// The reader's language where a page or a server function is being made (the server: the request's;
/// the browser: the page's, read once).
pub fn lang() -> Lang {
    #[cfg(feature = "ssr")]
    return use_context::<Lang>().unwrap_or_else(detect);
    #[cfg(not(feature = "ssr"))]
    {
        thread_local!(static LANG: Lang = detect());
        LANG.with(|l| *l)
    }
}

#[cfg(feature = "ssr")]
mod store {
    use std::collections::HashMap;

    /// The English texts as the server sends them in an English page.
    pub const JSON: &str = include_str!("en.json");

    static TEXTS: std::sync::LazyLock<HashMap<String, String>> =
        std::sync::LazyLock::new(|| serde_json::from_str(JSON).unwrap_or_default());

    pub fn get(zh: &str) -> Option<&'static str> {
        TEXTS.get(zh).map(String::as_str)
    }

    /// The texts as one line of JSON (what an English page carries).
    pub fn compact() -> String {
        serde_json::to_string(&*TEXTS).unwrap_or_default()
    }
}

/// In the browser the texts stay the page's JSON text (compact: `{"中文":"English",…}`, no quote or
/// backslash inside a text — `en.json`'s test holds it to that), and a text is found in it by its key:
/// no map or deserialiser of its own, so the WebAssembly every phone downloads stays as small as it was.
#[cfg(not(feature = "ssr"))]
mod store {
    thread_local! {
        /// Read from the page once (empty on a page in Chinese).
        static TEXTS: &'static str = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(super::ELEMENT_ID))
            .and_then(|e| e.text_content())
            .map_or("", |t| t.leak());
    }

    /// Whether the page came with English texts.
    pub fn carried() -> bool {
        TEXTS.with(|texts| !texts.is_empty())
    }

    pub fn get(zh: &str) -> Option<&'static str> {
        TEXTS.with(|texts| {
            let key = format!("\"{zh}\":\"");
            let start = texts.find(&key)? + key.len();
            let len = texts[start..].find('"')?;
            Some(&texts[start..start + len])
        })
    }
}

/// `zh` in the reader's language.
pub fn tr(zh: &'static str) -> &'static str {
    in_lang(lang(), zh)
}

/// `zh` in `lang`.
pub fn in_lang(lang: Lang, zh: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => store::get(zh).unwrap_or(zh),
    }
}

/// A text made at run time (a server's message) in the reader's language: its English when there
/// is one for it, else as it is.
pub fn tr_text(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => store::get(text).map_or_else(|| text.to_string(), str::to_string),
        Lang::Zh => text.to_string(),
    }
}

/// The English texts as a page carries them: JSON safe inside a `<script>` element. (Only the server
/// writes the document around a page: the browser has none to give.)
pub fn page_texts() -> String {
    #[cfg(feature = "ssr")]
    return store::compact().replace("</", "<\\/");
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
        assert_eq!(in_lang(Lang::Zh, "数据看板"), "数据看板");
        assert_eq!(in_lang(Lang::En, "数据看板"), "Dashboard (数据看板)");
        assert_eq!(in_lang(Lang::En, "一句没有译文的话"), "一句没有译文的话");
        assert_eq!(tr_text(Lang::En, "没有权限查看或修改此内容"), "You may not see or change this");
    }

    #[test]
    fn every_text_is_chinese_to_english_with_the_terms_in_brackets_and_safe_in_a_page() {
        let texts: std::collections::HashMap<String, String> = serde_json::from_str(store::JSON).unwrap();
        assert!(texts.len() > 50);
        let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
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
        }
        assert!(!page_texts().contains("</"));
        // The browser finds a text in the page's JSON by its key: no quote or backslash inside a text.
        for (zh, en) in &texts {
            assert!(!(zh.contains(['"', '\\']) || en.contains(['"', '\\'])), "{zh} → {en}");
            assert!(page_texts().contains(&format!("\"{zh}\":\"{en}\"")));
        }
    }
}
