//! A searched list's parts: the search bar (a plain GET form, with the list's workbook), the pager.

use leptos::prelude::*;

/// A search text as part of a link.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A list's search: a plain GET form to `path` with the words `q` (works without the WebAssembly).
#[component]
pub fn SearchBar(
    path: &'static str,
    label: &'static str,
    q: String,
    /// Whether the list is also offered as a workbook (`{path}.xlsx?q=`).
    #[prop(default = true)]
    export: bool,
) -> impl IntoView {
    let workbook = if q.is_empty() { format!("{path}.xlsx") } else { format!("{path}.xlsx?q={}", urlencoding(&q)) };
    view! {
        <form method="get" action=path class="inline-form" role="search">
            <label>{label}<input type="search" name="q" value=q /></label>
            <button type="submit">"查找"</button>
            {export.then(|| view! { <ExportLink href=workbook /> })}
        </form>
    }
}

/// A list's workbook: every row the search finds (a plain download, outside the router).
#[component]
pub fn ExportLink(href: String) -> impl IntoView {
    view! {
        <a class="button secondary" href=href download rel="external">
            "导出 Excel"
        </a>
    }
}

/// A list's previous and next pages: links to `path` with the search `q` and the page.
#[component]
pub fn Pager(path: &'static str, q: String, page: i64, pages: i64) -> impl IntoView {
    let link = move |page: i64| {
        let search = if q.is_empty() { String::new() } else { format!("q={}&", urlencoding(&q)) };
        format!("{path}?{search}page={page}")
    };
    view! {
        <nav class="pager" aria-label="翻页">
            {(page > 1)
                .then(|| {
                    view! {
                        <a class="button secondary" href=link(page - 1)>
                            "上一页"
                        </a>
                    }
                })}
            {(page < pages)
                .then(|| {
                    view! {
                        <a class="button secondary" href=link(page + 1)>
                            "下一页"
                        </a>
                    }
                })}
        </nav>
    }
}
