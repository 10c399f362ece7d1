//! The HTML shell and the routes.

use crate::components::nav::MainNav;
use crate::features::account::api::{whoami, Login, Logout};
use crate::features::account::{LoginPage, PasswordPage};
use crate::features::admin::AccountsPage;
use crate::features::classes::{checkin::CheckInPage, CheckInScreen, ClassPage, ClassesPage, SignInSheet};
use crate::features::evaluation::{EvaluationPage, ScorecardPage};
use crate::features::hours::{ClaimsReviewPage, CompliancePage, MyClaimsPage, MyHoursPage};
use crate::features::podium::PodiumPage;
use crate::features::teachers::{CoursesPage, FeedbackPage, TeachersPage};
use crate::features::{competency::CompetencyPage, joint::JointPage, supervision::SupervisionPage};
use crate::features::{dashboard::DashboardPage, map::MapPage, schools::SchoolPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    path, SsrMode, StaticSegment,
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
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                {(!plain).then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
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
        <Stylesheet id="leptos" href="/pkg/dangxiao.css" />
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
            </header>
            <main>
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/map") view=MapPage ssr=SsrMode::Async />
                    <Route path=path!("/schools/:id") view=SchoolPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/account/password") view=PasswordPage />
                    <Route path=path!("/me/hours") view=MyHoursPage ssr=SsrMode::Async />
                    <Route path=path!("/me/claims") view=MyClaimsPage />
                    <Route path=path!("/hours") view=CompliancePage ssr=SsrMode::Async />
                    <Route path=path!("/hours/claims") view=ClaimsReviewPage />
                    <Route path=path!("/admin/accounts") view=AccountsPage />
                    <Route path=path!("/classes") view=ClassesPage />
                    <Route path=path!("/classes/:id") view=ClassPage />
                    <Route path=path!("/classes/:id/qr") view=CheckInScreen />
                    <Route path=path!("/classes/:id/sheet") view=SignInSheet />
                    <Route path=path!("/checkin") view=CheckInPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluation") view=EvaluationPage />
                    <Route path=path!("/evaluation/:school") view=ScorecardPage />
                    <Route path=path!("/podium") view=PodiumPage />
                    <Route path=path!("/me/feedback") view=FeedbackPage />
                    <Route path=path!("/teachers") view=TeachersPage />
                    <Route path=path!("/courses") view=CoursesPage />
                    <Route path=path!("/supervision") view=SupervisionPage />
                    <Route path=path!("/joint") view=JointPage />
                    <Route path=path!("/competency") view=CompetencyPage />
                </Routes>
            </main>
            <footer class="footer">
                "中共黄陂区委组织部 · 黄陂区委党校 — 演示数据为生成数据，人员姓名均为虚构"
            </footer>
        </Router>
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
