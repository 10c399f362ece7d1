//! Every server function × every role (and anonymous), through the real router (sessions, cookies,
//! server functions), against the access policy's table (`rules::access`), on the database — SQLite, or PostgreSQL when DATABASE_URL names one. The
//! browser suite walks the same matrix on SQLite through a real Chromium.

use crate::common::database;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use dangxiao::model::Role;
use dangxiao::rules::access::{self, Action};
use dangxiao::server::{demo, http};
use tower::ServiceExt;

const PASSWORD: &str = "matrix-Passw0rd";
const ROLES: [&str; 6] = ["leader", "orgadmin", "schooladmin", "supervisor", "teacher", "cadre"];

/// The role of each demo account.
fn role_of(username: &str) -> Role {
    match username {
        "leader" => Role::Leader,
        "orgadmin" => Role::OrgAdmin,
        "schooladmin" => Role::SchoolAdmin,
        "supervisor" => Role::Supervisor,
        "teacher" => Role::Teacher,
        _ => Role::Cadre,
    }
}

enum Payload {
    Form(&'static str),
    Multipart(&'static str),
    Get,
}

/// Who passes a call's check: the access policy (`rules::access`) says which roles may.
#[derive(Clone, Copy)]
enum Who {
    /// Anyone, signed in or not (the published figures).
    Anyone,
    /// Anyone signed in (the caller's own records).
    SignedIn,
    /// The roles the policy allows `Action`.
    May(Action),
    /// Nobody (the call is refused for what it carries).
    Nobody,
}

struct Call {
    name: &'static str,
    path: &'static str,
    body: Payload,
    who: Who,
    /// The status an allowed caller gets: 200, or 404/422 for a harmless bad argument.
    ok: u16,
}

const BOUNDARY: &str = "matrixboundary";

fn calls() -> Vec<Call> {
    use Action::*;
    use Payload::*;
    use Who::*;
    let c = |name, path, body, who, ok| Call { name, path, body, who, ok };
    vec![
        c("dashboard", "/api/dashboard", Form(""), Anyone, 200),
        c("map", "/api/map", Form("period=All"), Anyone, 200),
        c("school", "/api/school", Form("id=1"), Anyone, 200),
        c("whoami", "/api/whoami", Form(""), Anyone, 200),
        c("own hours", "/api/person_hours", Form(""), SignedIn, 200),
        c("someone else's hours", "/api/person_hours", Form("person_id=1"), May(ReadOthersHours), 200),
        c("compliance", "/api/compliance", Form("year=2016"), May(ReadCompliance), 200),
        c("compliance workbook", "/hours/export.xlsx?year=2016", Get, May(ReadCompliance), 200),
        c("audit log", "/api/hour_audit", Form(""), May(ReadHourAudit), 200),
        c("claims to review", "/api/review_claims", Form(""), May(ReviewClaims), 200),
        c("decide a claim", "/api/decide_claim", Form("claim_id=999999&decision=approve&reason="), May(ReviewClaims), 404),
        c("own claims", "/api/my_claims", Form(""), SignedIn, 200),
        c("claim without a file", "/api/submit_claim", Multipart("title"), SignedIn, 422),
        c("evidence of a claim", "/files/claims/999999", Get, May(ReadOthersHours), 404),
        c("set a target (bad hours)", "/api/set_hour_target", Form("year=2016&rank=division&hours=x"), May(SetHourTargets), 422),
        c("list accounts", "/api/list_accounts", Form(""), May(ManageAccounts), 200),
        c("create account (bad name)", "/api/create_account", Form("username=X&display_name=x&password=p"), May(ManageAccounts), 422),
        c("update account (none)", "/api/update_account", Form("account_id=999999&roles%5Bcadre%5D=on&active=on"), May(ManageAccounts), 404),
        c("reset password (too short)", "/api/reset_password", Form("account_id=999999&new_password=x"), May(ManageAccounts), 422),
        c("list classes", "/api/list_classes", Form(""), May(ListClasses), 200),
        c("class planning choices", "/api/plan_choices", Form(""), May(PlanClasses), 200),
        c("plan a class (no title)", "/api/plan_class", Form("plan%5Btitle%5D="), May(PlanClasses), 422),
        c("a class (none)", "/api/class_detail", Form("class_id=999999"), SignedIn, 404),
        c("decide a filing (none)", "/api/decide_filing", Form("class_id=999999&decision=approve"), May(DecideFilings), 404),
        c("open a class (none)", "/api/class_step", Form("class_id=999999&step=open"), SignedIn, 404),
        c("change a class (none)", "/api/edit_class", Form("class_id=999999&edit%5Btitle%5D=x&edit%5Bvenue%5D=y&edit%5Bstarts_at%5D=2017-06-01T09:00&edit%5Bends_at%5D=2017-06-01T11:00&edit%5Bhours%5D=2"), SignedIn, 404),
        c("check-in screen (none)", "/api/checkin_ticket", Form("class_id=999999"), SignedIn, 404),
        c("check in (bad code)", "/api/check_in", Form("code=12"), SignedIn, 422),
        c("own check-in (none)", "/api/my_check_in", Form("class_id=999999"), SignedIn, 404),
        c("edit a roster (bad number)", "/api/edit_roster", Form("class_id=1&action=add&person_id=x"), SignedIn, 422),
        c("import a roster without a file", "/api/import_roster", Multipart("class_id"), May(ImportRoster), 422),
        c("roster workbook (none)", "/classes/999999/roster.xlsx", Get, SignedIn, 404),
        c("evaluation", "/api/evaluation", Form("year=2016"), May(ReadEvaluation), 200),
        c("a scorecard", "/api/scorecard", Form("school_id=1&year=2016"), May(ReadEvaluation), 200),
        c("save a scorecard (bad score)", "/api/save_scorecard", Form("school_id=1&year=2016&scores%5Bvenue__site_visit%5D=101"), May(RecordVisits), 422),
        c("fill the trainees' column (no school)", "/api/fill_trainee_scores", Form("school_id=999999&year=2016"), May(ManageEvaluation), 404),
        c("set weights (not 100)", "/api/set_evaluation_weights", Form("year=2016&site_visit=1&document_review=1&trainee_evaluation=1&overall=1"), May(ManageEvaluation), 422),
        c("set subsidies (bad amount)", "/api/set_band_subsidies", Form("year=2016&demonstration=x&excellent=1"), May(ManageEvaluation), 422),
        c("rectification (bad dates)", "/api/save_rectification", Form("school_id=1&year=2016&interview_on=2017-02-01&deadline=2017-01-01&status=open"), May(ManageEvaluation), 422),
        c("podium", "/api/podium", Form("year=2016"), May(ReadPodium), 200),
        c("record a lecture (no title)", "/api/record_lecture", Form("lecturer=1&given_on=2016-05-01&venue=sector_forum&title="), May(ManagePodium), 422),
        c("set podium reward (bad)", "/api/set_podium_reward", Form("hours=0"), May(ManagePodium), 422),
        c("supervision", "/api/supervision", Form(""), May(ReadSupervision), 200),
        c("assign supervision (bad)", "/api/assign_supervision", Form("school_id=x&group_id=1"), May(AssignSupervision), 422),
        c("record a visit (bad school)", "/api/record_visit", Form("school_id=x&visited_on=2017-05-01&findings=x"), May(RecordVisits), 422),
        c("close a follow-up (none)", "/api/close_follow_up", Form("visit_id=999999&note=x"), May(RecordVisits), 404),
        c("joint training", "/api/joint", Form("year=2016"), May(ReadJoint), 200),
        c("joint plan (bad month)", "/api/save_joint_plan", Form("group_id=1&year=2017&month=13&topic=x&category=political_theory"), May(PlanTeaching), 422),
        c("cross scores (bad unit)", "/api/save_cross_scores", Form("group_id=1&year=2017&scorer=x&scored=1&scores%5Bteaching%5D=90&scores%5Borganisation%5D=90&scores%5Bability%5D=90&scores%5Bresults%5D=90"), May(CrossScore), 422),
        c("competency", "/api/competency", Form("year=2016"), May(ReadCompetency), 200),
        c("import competency (no file)", "/api/import_competency", Multipart("year"), May(ImportCompetency), 422),
        c("classes to evaluate", "/api/feedback_due", Form(""), SignedIn, 200),
        c("evaluate (bad scales)", "/api/submit_feedback", Form("class_id=1&content=9"), SignedIn, 422),
        c("teacher pool", "/api/teacher_pool", Form(""), May(ReadTeachers), 200),
        c("premium courses", "/api/course_selection", Form("year=2016"), May(ReadTeachers), 200),
        c("nominate (no title)", "/api/nominate_course", Form("year=2017&category=law_regulation&title=&teacher_id=1"), May(ManageCourses), 422),
        c("review (bad score)", "/api/review_course", Form("nomination_id=1&score=101"), May(ManageCourses), 422),
        c("report the top teachers", "/api/report_top_teachers", Form(""), May(ManageCourses), 200),
        c("publish (bad year)", "/api/publish_courses", Form("year=1990"), May(ManageCourses), 422),
        c("units", "/api/list_units", Form(""), May(ManageDistrictData), 200),
        c("save a unit (no name)", "/api/save_unit", Form("name=&short_name=&kind=township"), May(ManageDistrictData), 422),
        c("schools to manage", "/api/find_schools", Form("q=%E5%89%8D%E5%B7%9D&page=2"), May(ManageDistrictData), 200),
        c("a school's record (none)", "/api/school_for_editing", Form("school_id=999999"), May(ManageDistrictData), 404),
        c("save a school (bad place)", "/api/save_school", Form("school%5Bname%5D=%E6%96%B0%E6%A0%A1&school%5Bmode%5D=independent&school%5Bhost_unit_id%5D=1&school%5Bopened_on%5D=2017-01-01&school%5Blon%5D=1&school%5Blat%5D=1"), May(ManageDistrictData), 422),
        c("save a profile (too long)", "/api/save_school_profile", Form(concat!("school_id=999999&contact=", "0123456789012345678901234567890123456789012345678901234567890")), May(EditSchoolProfile), 422),
        c("import people without a file", "/api/import_people", Multipart("digest"), May(ManageDistrictData), 422),
        c("people", "/api/find_people", Form("q=%E5%BC%A0&page=3"), May(ManageDistrictData), 200),
        c("a person's page", "/api/read_person", Form("person_id=1"), May(ManageDistrictData), 200),
        c("close a school (none)", "/api/close_school", Form("school_id=999999&step=close"), May(ManageDistrictData), 404),
        c("accounts from a unit (bad days)", "/api/issue_links", Form("unit_id=1&days=99"), May(ManageAccounts), 422),
        c("a sign-in link (unknown)", "/api/link_info", Form("t=00ff"), Anyone, 422),
        c("use a sign-in link (short password)", "/api/redeem_link", Form("t=00ff&new_password=short&confirm=short"), Anyone, 422),
        c("a principal's term (bad days)", "/api/add_principal_term", Form("school_id=1&person_id=1&unit_id=1&starts_on=2018-12-31&ends_on=2018-01-01"), May(ManageDistrictData), 422),
        c("remove a principal's term (none)", "/api/remove_principal_term", Form("school_id=1&term_id=999999"), May(ManageDistrictData), 404),
        c("missed training", "/api/missed_training", Form("q=&page=2"), May(ReadOthersHours), 200),
        c("the missed-training stretch (too long)", "/api/set_missed_months", Form("months=99"), May(SetHourTargets), 422),
        c("retire a unit (none)", "/api/retire_unit", Form("unit_id=999999"), May(ManageDistrictData), 404),
        c("teachers to manage", "/api/find_teachers", Form("q=%E5%BC%A0&page=2"), May(ManageDistrictData), 200),
        c("a teacher's record (none)", "/api/teacher_for_editing", Form("teacher_id=999999"), May(ManageDistrictData), 404),
        c("save a teacher (no specialty)", "/api/save_teacher", Form("teacher%5Bname%5D=%E7%8E%8B%E4%BA%AE&teacher%5Bplace%5D=in&teacher%5Bunit_name%5D=%E5%8C%BA%E5%A7%94%E5%85%9A%E6%A0%A1"), May(ManageDistrictData), 422),
        c("save a teacher's own part (no specialty)", "/api/save_teacher_profile", Form("teacher%5Bid%5D=1&teacher%5Btitle%5D=x"), May(EditTeacherProfile), 422),
        c("a school's six ones", "/api/six_ones", Form("school_id=1"), Anyone, 200),
        c("upload a six-ones document (no item)", "/api/upload_school_document", Multipart("item"), May(EditSchoolProfile), 422),
        c("remove a six-ones document (no school)", "/api/remove_school_document", Form("school_id=999999&document_id=1"), May(EditSchoolProfile), 404),
        c("the six-ones table", "/api/six_ones_table", Form(""), May(ReadEvaluation), 200),
        c("a school's teaching plan", "/api/school_plan", Form("school_id=1"), Anyone, 200),
        c("the red lecture hall", "/api/red_lectures", Form(""), Anyone, 200),
        c("add a red base (no name)", "/api/add_red_base", Form("name=&place=x"), May(ManageDistrictData), 422),
        c("retire a red base (none such)", "/api/retire_red_base", Form("base_id=999999"), May(ManageDistrictData), 404),
        c("add a plan line (no school)", "/api/add_plan_line", Form("school_id=999999&line%5Byear%5D=2017&line%5Bmonth%5D=3&line%5Btopic%5D=x&line%5Bcategory%5D=political_theory"), May(PlanTeaching), 404),
        c("remove a plan line (no school)", "/api/remove_plan_line", Form("school_id=999999&line_id=1"), May(PlanTeaching), 404),
        c("a six-ones document (no school)", "/files/schools/999999/documents/1", Get, May(ReadEvaluation), 404),
        c("the units' assessment", "/api/assessment", Form("year=2016"), May(ReadAssessment), 200),
        c("assessment points (bad)", "/api/set_assessment_points", Form("demonstration=x&excellent=8&qualified=6&unqualified=0&podium=5"), May(ManageEvaluation), 422),
        c("change password (wrong current)", "/api/change_password", Form("current=x&new_password=short&confirm=short"), Nobody, 0),
    ]
}

fn request(call: &Call, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().uri(call.path).header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    match call.body {
        Payload::Get => builder.method("GET").body(Body::empty()),
        Payload::Form(form) => {
            builder.method("POST").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(form))
        }
        Payload::Multipart(field) => builder
            .method("POST")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\nx\r\n--{BOUNDARY}--\r\n"))),
    }
    .unwrap()
}

#[tokio::test]
async fn every_server_function_checks_the_caller() {
    let (_db, pool) = database().await;
    demo::load_if_empty(&pool, Some(PASSWORD)).await.unwrap();
    let options = leptos::prelude::get_configuration(None).unwrap().leptos_options;
    let app = http::router_with(options, pool, Default::default(), crate::common::CLOCK).await.unwrap();

    for role in std::iter::once(None).chain(ROLES.iter().copied().map(Some)) {
        let cookie = match role {
            None => None,
            Some(username) => {
                let login = Request::builder()
                    .method("POST")
                    .uri("/api/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "application/json")
                    .body(Body::from(format!("username={username}&password={PASSWORD}")))
                    .unwrap();
                let response = app.clone().oneshot(login).await.unwrap();
                assert!(response.status().is_success() || response.status().is_redirection(), "login {username}: {}", response.status());
                let set = response.headers().get(header::SET_COOKIE).expect("a session cookie").to_str().unwrap();
                Some(set.split(';').next().unwrap().to_string())
            }
        };
        for call in calls() {
            let status = app.clone().oneshot(request(&call, cookie.as_deref())).await.unwrap().status();
            let who = role.unwrap_or("anonymous");
            let allowed = match call.who {
                Who::Anyone => true,
                Who::SignedIn => role.is_some(),
                Who::May(action) => role.is_some_and(|r| access::may(&[role_of(r)], action)),
                Who::Nobody => false,
            };
            if allowed {
                assert_eq!(status.as_u16(), call.ok, "{who} → {}", call.name);
            } else if role.is_none() {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{who} → {}", call.name);
            } else {
                assert!(matches!(status.as_u16(), 403 | 422), "{who} → {}: {status}", call.name);
            }
        }
    }
}

#[tokio::test]
async fn an_upload_that_is_not_multipart_is_refused_clearly() {
    let (_db, pool) = database().await;
    let options = leptos::prelude::get_configuration(None).unwrap().leptos_options;
    let app = http::router_with(options, pool, Default::default(), crate::common::CLOCK).await.unwrap();
    let call = Call { name: "claim", path: "/api/submit_claim", body: Payload::Form("title=x"), who: Who::SignedIn, ok: 0 };
    let response = app.oneshot(request(&call, None)).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", call.name);
}
