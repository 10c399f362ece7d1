//! A page for a reader of English, as it leaves the server: each Chinese text of it that has an English
//! one (`en.json`: the text itself, or a template with its figures — `今日签到 {} 人次…`) is rewritten
//! in English, and what a reader sees or hears in attributes (`aria-label`, `title`, `placeholder`,
//! `alt`, the description). The views stay Chinese and carry no English: the WebAssembly every phone
//! downloads costs nothing for it. What the WebAssembly writes later in an English page (a live figure,
//! a page opened in the app) `/i18n.js` rewrites alike in the browser, from the texts the page carries.

use lol_html::html_content::{ContentType, TextType};
use lol_html::{doc_text, element, rewrite_str, RewriteStrSettings};

/// The attributes a reader sees or hears.
const ATTRIBUTES: [&str; 5] = ["aria-label", "title", "placeholder", "alt", "content"];

/// `html` (a whole page) with its Chinese texts in English where there is English for them. A page
/// that cannot be read as HTML comes back as it was.
pub fn rewrite(html: &str) -> String {
    let (mut pending, mut stamp) = (String::new(), String::new());
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            // The print stamp (`content: "数据截至 …"` in a <style>): its strings.
            lol_html::text!("style[data-testid=print-stamp]", move |t| {
                stamp.push_str(t.as_str());
                if !t.last_in_text_node() {
                    t.remove();
                    return Ok(());
                }
                let css = std::mem::take(&mut stamp);
                t.replace(&css_strings(&css), ContentType::Html);
                Ok(())
            }),
            // The header's switch leads back to Chinese.
            element!("a[data-testid=lang-switch]", |el| {
                el.set_attribute("href", "/lang/zh")?;
                el.set_inner_content("中文", ContentType::Text);
                Ok(())
            }),
            element!("[aria-label], [title], [placeholder], [alt], meta[name=description]", |el| {
                for name in ATTRIBUTES {
                    if let Some(en) = el.get_attribute(name).and_then(|value| in_english(&value)) {
                        el.set_attribute(name, &en)?;
                    }
                }
                Ok(())
            }),
        ],
        document_content_handlers: vec![doc_text!(move |t| {
            // Visible text and the title; never a script or a style.
            if !matches!(t.text_type(), TextType::Data | TextType::RCData) {
                return Ok(());
            }
            // A text node may come in several chunks: held until its last, then written whole.
            pending.push_str(t.as_str());
            if !t.last_in_text_node() {
                t.remove();
                return Ok(());
            }
            let whole = std::mem::take(&mut pending);
            let decoded = unescape(&whole);
            if let Some(en) = in_english(&decoded) {
                t.replace(&escape(&en), ContentType::Html);
            } else if whole.len() != t.as_str().len() {
                t.replace(&whole, ContentType::Html);
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// A text's English (its spaces around kept), if it is Chinese and there is English for it.
fn in_english(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if !trimmed.chars().any(super::chinese) {
        return None;
    }
    let en = super::store::translated(trimmed, 2)?;
    let start = text.len() - text.trim_start().len();
    Some(format!("{}{en}{}", &text[..start], &text[start + trimmed.len()..]))
}

/// A stylesheet's strings (`"数据截至 …"`) in English where there is English for them.
fn css_strings(css: &str) -> String {
    css.split('"')
        .enumerate()
        .map(|(i, part)| match in_english(part).filter(|_| i % 2 == 1 && !part.contains('\\')) {
            Some(en) => en,
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\"")
}

/// A text as the page writes it (`&amp;` …) as the reader reads it.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn a_page_is_rewritten_in_english_but_not_its_scripts_data_or_untranslated_texts() {
        let page = concat!(
            r#"<html><head><title>数据看板 · 黄陂区业余党校</title><meta name="description" content="数据看板"></head>"#,
            r#"<body><a href="/lang/en" data-testid="lang-switch">English</a><nav aria-label="统计时段"><a href="/">本年</a></nav><p>  数据截至 </p><p>今日签到 1,203 人次，正在签到的培训班 2 个</p>"#,
            r#"<p>前川街</p><p>约 10.3万</p><p>a &lt; b</p><script>var t = "本年";</script><style>p{content:"本年"}</style>"#,
            r#"<style data-testid="print-stamp">@page { @top-right { content: "数据截至 2017-05-25"; } }</style></body></html>"#
        );
        let en = rewrite(page);
        assert!(en.contains("<title>Dashboard (数据看板) · Huangpi amateur Party schools (黄陂区业余党校)</title>"), "{en}");
        assert!(en.contains(r#"content="Dashboard (数据看板)""#), "{en}");
        assert!(en.contains(r#"<a href="/lang/zh" data-testid="lang-switch">中文</a>"#), "{en}");
        assert!(en.contains(r#"<nav aria-label="Period"><a href="/">This year</a></nav>"#), "{en}");
        assert!(en.contains("<p>  Figures as of </p>"), "{en}");
        assert!(en.contains("<p>1,203 check-ins today; 2 classes open for check-in</p>"), "{en}");
        assert!(en.contains("<p>前川街</p><p>about 103k</p><p>a &lt; b</p>"), "{en}");
        assert!(en.contains(r#"<script>var t = "本年";</script><style>p{content:"本年"}</style>"#), "{en}");
        assert!(en.contains(r#"@top-right { content: "Figures as of 2017-05-25"; }"#), "{en}");
    }

    #[test]
    fn a_text_in_many_chunks_is_translated_whole() {
        let long = format!("<p>{}</p><p>本年</p>", "前川街".repeat(4000));
        let en = rewrite(&long);
        assert!(en.contains(&"前川街".repeat(4000)));
        assert!(en.ends_with("<p>This year</p>"));
    }
}
