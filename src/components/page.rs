//! The frame every page shares, written once: the document title and the page's section, and for
//! data that load from the server a loading line while they come and the error (in Chinese) if
//! they fail.

use super::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

/// A page: its document title (`title`), its section (`class`), and its heading when the heading
/// does not come with the data (`heading`).
#[component]
pub fn Page(
    title: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] heading: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title />
        <section class=class>{heading.map(|h| view! { <h1>{h}</h1> })} {children()}</section>
    }
}

/// A printed report's header on every sheet (PDF is the browser's own print of the page): the
/// report's `title` at the left, `数据截至 {as_of}` at the right, in the page's margin (CSS page-margin
/// boxes; the sheet's number is at its foot, main.css), following the live figures.
#[component]
pub fn PrintStamp(#[prop(into)] title: String, as_of: Signal<String>) -> impl IntoView {
    let css = move || {
        format!(
            "@media print {{ @page {{ @top-left {{ content: {}; }} @top-right {{ content: {}; }} }} }}",
            css_string(&title),
            css_string(&format!("数据截至 {}", as_of.get()))
        )
    };
    view! { <style data-testid="print-stamp">{css}</style> }
}

/// `text` as a CSS string, with every character that could end it — or mean something to HTML,
/// around a `<style>` — written as a CSS escape.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\'' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Data loading from the server (`children` reads a resource): `loading` until they arrive — the
/// page keeps what it shows while they reload — and, if they fail, the error, under `heading` when
/// the page's own heading was to come with the data.
#[component]
pub fn Loaded(
    #[prop(optional)] heading: Option<&'static str>,
    #[prop(default = "正在加载…")] loading: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            <ErrorBoundary fallback=move |errors| {
                view! {
                    {heading.map(|h| view! { <h1>{h}</h1> })}
                    <ErrorNotice errors />
                }
            }>{children()}</ErrorBoundary>
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_css_string_cannot_be_ended_by_its_text() {
        assert_eq!(super::css_string("数据截至 2017-05-25"), "\"数据截至 2017-05-25\"");
        assert_eq!(super::css_string("a\"b</style>\n&"), "\"a\\22 b\\3c /style\\3e  \\26 \"");
    }
}
