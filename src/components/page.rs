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
