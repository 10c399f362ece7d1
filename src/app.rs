//! The HTML shell and the routes.

use crate::components::nav::MainNav;
use crate::features::account::api::{whoami, Login, Logout};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, Lazy, LazyRoute, SsrMode, StaticSegment,
};

/// The document around every page. ECharts is not in it: the first chart a page draws loads our own
/// build (`charts::bindings::SCRIPT`, never a CDN).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::guard::page_policy();
    // A cadre's phone pages go without the WebAssembly (components::plain).
    #[cfg(feature = "ssr")]
    let plain = crate::components::plain::requested();
    #[cfg(not(feature = "ssr"))]
    let plain = false;
    if plain {
        provide_context(crate::components::plain::Plain);
    }
    let lang = crate::i18n::detect();
    // The site's files, named as cargo-leptos writes them (`/pkg/dangxiao`).
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang=lang.html()>
            <head>
                <meta charset="utf-8" />
                // A page in English carries its texts and the script that writes in English what the
                // WebAssembly writes later; a page in Chinese neither (crate::i18n).
                {(lang == crate::i18n::Lang::En)
                    .then(|| {
                        view! {
                            <script type="application/json" id=crate::i18n::ELEMENT_ID inner_html=crate::i18n::page_texts()></script>
                            <script src="/i18n.js" defer></script>
                        }
                    })}
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=format!("{pkg}.css") />
                {(!plain).then(|| view! { <AfterFirstPaint pkg=pkg.clone() /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The WebAssembly, asked for once the server's page is painted: the browser first spends its
/// connections and bandwidth on the page and its stylesheet, and paints the figures, then fetches the
/// main file, which fetches the page's chunks as the router needs them (`app::routes`) — never before the
/// first paint. (Leptos' own `<HydrationScripts>` preloads the main file and every chunk from the
/// <head>, in competition with the stylesheet: on a slow phone the first paint waited for them.)
#[component]
fn AfterFirstPaint(
    /// The site's files without their extension (`/pkg/dangxiao`).
    pkg: String,
) -> impl IntoView {
    let script = format!(
        "requestAnimationFrame(()=>setTimeout(()=>import('{pkg}.js').then(m=>m.default({{module_or_path:'{pkg}.wasm'}}).then(()=>m.hydrate())),0));"
    );
    view! {
        <script type="module" nonce=leptos::nonce::use_nonce()>
            {script}
        </script>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Signing in or out refreshes who the header shows.
    let login = ServerAction::<Login>::new();
    let logout = ServerAction::<Logout>::new();
    provide_context(login);
    provide_context(logout);
    let user = Resource::new(move || (login.version().get(), logout.version().get()), |_| whoami());
    provide_context(user);
    view! {
        <Title formatter=|t: String| {
            if t.is_empty() { "黄陂区业余党校".to_string() } else { format!("{t} · 黄陂区业余党校") }
        } />
        <Meta
            name="description"
            content="黄陂区业余党校信息化管理平台：培训数据、学时管理、办班备案与评估"
        />
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    "黄陂区业余党校"
                </A>
                <nav aria-label="主导航">
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            view! { <MainNav user=user.await.ok().flatten() /> }
                        })}
                    </Transition>
                </nav>
                <LangSwitch />
            </header>
            <main>
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=routes::DashboardPage::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/map") view=routes::MapPage::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/schools/:id") view=routes::SchoolPage::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/red-lectures") view=routes::RedLecturesPage::lazy() />
                    <Route path=path!("/login") view=routes::LoginPage::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/account/password") view=routes::PasswordPage::lazy() />
                    <Route path=path!("/welcome") view=routes::WelcomePage::lazy() />
                    <Route path=path!("/me/hours") view=routes::MyHoursPage::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me/claims") view=routes::MyClaimsPage::lazy() />
                    <Route path=path!("/hours") view=routes::CompliancePage::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/hours/claims") view=routes::ClaimsReviewPage::lazy() />
                    <Route path=path!("/hours/missed") view=routes::MissedPage::lazy() />
                    <Route path=path!("/admin/accounts") view=routes::AccountsPage::lazy() />
                    <Route path=path!("/admin/units") view=routes::UnitsPage::lazy() />
                    <Route path=path!("/admin/people") view=routes::PeoplePage::lazy() />
                    <Route path=path!("/admin/people/:id") view=routes::PersonPage::lazy() />
                    <Route path=path!("/admin/schools") view=routes::SchoolsAdminPage::lazy() />
                    <Route path=path!("/admin/schools/:id") view=routes::SchoolEditPage::lazy() />
                    <Route path=path!("/admin/teachers") view=routes::TeachersAdminPage::lazy() />
                    <Route path=path!("/admin/teachers/:id") view=routes::TeacherEditPage::lazy() />
                    <Route path=path!("/classes") view=routes::ClassesPage::lazy() />
                    <Route path=path!("/classes/:id") view=routes::ClassPage::lazy() />
                    <Route path=path!("/classes/:id/qr") view=routes::CheckInScreen::lazy() />
                    <Route path=path!("/classes/:id/sheet") view=routes::SignInSheet::lazy() />
                    <Route path=path!("/checkin") view=routes::CheckInPage::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/evaluation") view=routes::EvaluationPage::lazy() />
                    <Route path=path!("/evaluation/:school") view=routes::ScorecardPage::lazy() />
                    <Route path=path!("/six-ones") view=routes::SixOnesTablePage::lazy() />
                    <Route path=path!("/assessment") view=routes::AssessmentPage::lazy() />
                    <Route path=path!("/podium") view=routes::PodiumPage::lazy() />
                    <Route path=path!("/me/feedback") view=routes::FeedbackPage::lazy() />
                    <Route path=path!("/teachers") view=routes::TeachersPage::lazy() />
                    <Route path=path!("/courses") view=routes::CoursesPage::lazy() />
                    <Route path=path!("/supervision") view=routes::SupervisionPage::lazy() />
                    <Route path=path!("/joint") view=routes::JointPage::lazy() />
                    <Route path=path!("/competency") view=routes::CompetencyPage::lazy() />
                </Routes>
            </main>
            <footer class="footer">
                "中共黄陂区委组织部 · 黄陂区委党校 — 演示数据为生成数据，人员姓名均为虚构"
            </footer>
        </Router>
    }
}

/// 中文 / English: the other language, for this page (a full load: the server sends the page in it and
/// finds the page to come back to in the request's `Referer`). Written as a Chinese page has it; an
/// English page's is turned into 中文 → `/lang/zh` by the server (`i18n::pages`).
#[component]
fn LangSwitch() -> impl IntoView {
    view! {
        <a href="/lang/en" rel="external" class="lang-switch" data-testid="lang-switch">
            "English"
        </a>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="页面不存在" />
        <section class="notice">
            <h1>"页面不存在"</h1>
            <p>"您访问的页面不存在或已被移除。"</p>
            <A href="/">"返回数据看板"</A>
        </section>
    }
}

/// Every page is a lazy route: the pages' code is split out of the main WebAssembly (`cargo leptos build
/// --split`) into chunks the main file fetches when the router first needs a page of theirs (after the
/// first paint: `AfterFirstPaint` — nothing is preloaded from the `<head>`). The pages come in
/// five groups, one chunk of code each (with what two groups share in chunks of their own): the
/// dashboard, the map, a school's page, a cadre's own pages, and the offices' pages. One chunk per page
/// made ~180 files for the dashboard alone (every set of pages sharing some code got its own), each a
/// request on a phone's connection. A page's figures come with its HTML (its resources are serialised
/// into it), so `data()` has nothing to start.
mod routes {
    use super::*;

    macro_rules! lazy_pages {
        ($($group:ident / $preload:ident: $kind:ident { $($route:ident => $page:path),* $(,)? })*) => {$(
            // The variants are named after the pages' types (…Page).
            #[allow(clippy::enum_variant_names)]
            #[derive(Clone, Copy)]
            pub enum $kind { $($route),* }

            #[leptos::lazy]
            fn $group(page: $kind) -> AnyView {
                match page {
                    $($kind::$route => $page().into_any(),)*
                }
            }

            $(
                pub struct $route;

                impl $route {
                    /// The route's view, as `<Route view=…>` takes it.
                    pub fn lazy() -> Lazy<Self> {
                        Lazy::new()
                    }
                }

                impl LazyRoute for $route {
                    fn data() -> Self {
                        $route
                    }

                    async fn view(_this: Self) -> AnyView {
                        $group($kind::$route).await
                    }

                    // The router loads the chunk first (`preload`, named by `#[lazy]`): hydration then
                    // finds the page's code there and renders it at once, as the server did.
                    async fn preload() {
                        #[cfg(target_arch = "wasm32")]
                        $preload().await;
                    }
                }
            )*
        )*};
    }

    lazy_pages! {
        dashboard_pages / __preload_dashboard_pages: Dashboard {
            DashboardPage => crate::features::dashboard::DashboardPage,
        }
        map_pages / __preload_map_pages: Map {
            MapPage => crate::features::map::MapPage,
        }
        school_pages / __preload_school_pages: School {
            SchoolPage => crate::features::schools::SchoolPage,
            RedLecturesPage => crate::features::red::RedLecturesPage,
        }
        cadre_pages / __preload_cadre_pages: Cadre {
            LoginPage => crate::features::account::LoginPage,
            PasswordPage => crate::features::account::PasswordPage,
            WelcomePage => crate::features::account::WelcomePage,
            MyHoursPage => crate::features::hours::MyHoursPage,
            MyClaimsPage => crate::features::hours::MyClaimsPage,
            CheckInPage => crate::features::classes::checkin::CheckInPage,
            FeedbackPage => crate::features::teachers::FeedbackPage,
        }
        office_pages / __preload_office_pages: Office {
            CompliancePage => crate::features::hours::CompliancePage,
            ClaimsReviewPage => crate::features::hours::ClaimsReviewPage,
            MissedPage => crate::features::hours::MissedPage,
            AccountsPage => crate::features::admin::AccountsPage,
            UnitsPage => crate::features::district::UnitsPage,
            PeoplePage => crate::features::district::PeoplePage,
            PersonPage => crate::features::district::PersonPage,
            SchoolsAdminPage => crate::features::district::SchoolsAdminPage,
            SchoolEditPage => crate::features::district::SchoolEditPage,
            TeachersAdminPage => crate::features::district::TeachersAdminPage,
            TeacherEditPage => crate::features::district::TeacherEditPage,
            ClassesPage => crate::features::classes::ClassesPage,
            ClassPage => crate::features::classes::ClassPage,
            CheckInScreen => crate::features::classes::CheckInScreen,
            SignInSheet => crate::features::classes::SignInSheet,
            EvaluationPage => crate::features::evaluation::EvaluationPage,
            ScorecardPage => crate::features::evaluation::ScorecardPage,
            SixOnesTablePage => crate::features::schools::SixOnesTablePage,
            AssessmentPage => crate::features::evaluation::AssessmentPage,
            PodiumPage => crate::features::podium::PodiumPage,
            TeachersPage => crate::features::teachers::TeachersPage,
            CoursesPage => crate::features::teachers::CoursesPage,
            SupervisionPage => crate::features::supervision::SupervisionPage,
            JointPage => crate::features::joint::JointPage,
            CompetencyPage => crate::features::competency::CompetencyPage,
        }
    }
}
