//! Server functions of the district's own data (#17): units and schools, created, changed and closed
//! by the organisation department; a school's profile also by its school admin. Every one checks the
//! caller on the server first, then its form (`rules::district`), then writes through
//! `service::district` (one transaction with its change-log line).

use crate::error::AppError;
use crate::model::{
    PeopleList, PersonPage, RosterReport, SchoolEdit, SchoolForm, SchoolsAdmin, TeacherEdit, TeacherForm, TeachersAdmin, UnitsAdmin,
};
use leptos::prelude::*;

/// Change-log lines a page shows.
#[cfg(feature = "ssr")]
const CHANGES_SHOWN: i64 = 50;

/// For the organisation department: every unit, and the latest changes to units.
#[server(prefix = "/api", endpoint = "list_units")]
pub async fn list_units() -> Result<UnitsAdmin, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo::district, state::app_state};
        auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let pool = app_state()?.pool;
        Ok(UnitsAdmin { units: district::units(&pool).await?, changes: district::changes_of(&pool, "unit", None, CHANGES_SHOWN).await? })
    })
    .await
}

/// Creates a unit (`unit_id` empty) or changes one: full and short name, kind, the unit it belongs to.
#[server(prefix = "/api", endpoint = "save_unit")]
pub async fn save_unit(
    #[server(default)] unit_id: String,
    name: String,
    short_name: String,
    kind: String,
    #[server(default)] parent_id: String,
) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let id = id_field(&unit_id)?;
        let unit = crate::rules::district::check_unit(&name, &short_name, &kind, &parent_id).map_err(AppError::Validation)?;
        district::save_unit(&app_state()?, &caller, id, unit).await
    })
    .await
}

/// Retires a unit (撤销), or merges it into `into_id` (合并): its people and what it runs move to the
/// surviving unit; its history stays.
#[server(prefix = "/api", endpoint = "retire_unit")]
pub async fn retire_unit(unit_id: i64, #[server(default)] into_id: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let into = id_field(&into_id)?;
        district::retire_unit(&app_state()?, &caller, unit_id, into).await
    })
    .await
}

/// An optional record id from a form: empty is a new record.
#[cfg(feature = "ssr")]
fn id_field(text: &str) -> Result<Option<i64>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>().map(Some).map_err(|_| AppError::Validation(crate::messages::bad_request().into()))
}

/// For the organisation department: a page of the schools whose name or host unit contains `q`.
#[server(prefix = "/api", endpoint = "find_schools")]
pub async fn find_schools(#[server(default)] q: Option<String>, #[server(default)] page: Option<i64>) -> Result<SchoolsAdmin, AppError> {
    AppError::answer(async move {
        use crate::model::SCHOOLS_PER_PAGE;
        use crate::server::{auth, repo::district, state::app_state};
        auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let pool = app_state()?.pool;
        // A search is a few words: longer text is cut, not refused.
        let q: String = q.unwrap_or_default().trim().chars().take(40).collect();
        let found = district::schools_page(&pool, &q, page.unwrap_or(1), SCHOOLS_PER_PAGE).await?;
        let mut conn = pool.acquire().await?;
        let units = district::unit_choices(&mut conn).await?;
        let outline = crate::charts::geo::district_outline().to_string();
        Ok(SchoolsAdmin { rows: found.rows, total: found.total, page: found.page, pages: found.pages, units, outline })
    })
    .await
}

/// A school's record to edit, its units to choose from and its change log: the organisation
/// department any school's (all of it), a school admin their own school's (the profile). School `0`
/// is the caller's own school (a school admin's 本校资料).
#[server(prefix = "/api", endpoint = "school_for_editing")]
pub async fn school_for_editing(school_id: i64) -> Result<SchoolEdit, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo::district, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::EditSchoolProfile).await?;
        let school_id = match school_id {
            0 => caller.school_id.ok_or_else(|| AppError::NotFound(crate::messages::school_noun_plain().into()))?,
            id => id,
        };
        if !service::district::may_edit_profile(&caller, school_id) {
            return Err(AppError::Forbidden);
        }
        let pool = app_state()?.pool;
        let mut conn = pool.acquire().await?;
        let record = district::school_record(&mut conn, school_id)
            .await?
            .ok_or_else(|| AppError::NotFound(crate::messages::school_noun_plain().into()))?;
        let manage = crate::rules::access::may(&caller.roles, crate::rules::access::Action::ManageDistrictData);
        let units = if manage { district::unit_choices(&mut conn).await? } else { Vec::new() };
        let terms = district::terms(&mut conn, school_id).await?;
        let member_units = district::member_units(&mut conn, school_id).await?;
        drop(conn);
        let changes = district::changes_of(&pool, "school", Some(school_id), CHANGES_SHOWN).await?;
        let outline = if manage { crate::charts::geo::district_outline().to_string() } else { String::new() };
        Ok(SchoolEdit { record, units, changes, manage, terms, member_units, outline })
    })
    .await
}

/// Creates a school (`school_id` empty) or changes one: founding mode, host unit, township, a joint
/// school's member units (names, 、-separated), an extended school's sub-area and villages, opening
/// day, place (longitude, latitude), principal and vice principal (person numbers).
#[server(prefix = "/api", endpoint = "save_school")]
pub async fn save_school(school: SchoolForm) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::rules::district::{check_school, SchoolFields};
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let id = id_field(&school.id)?;
        let fields = SchoolFields {
            name: &school.name,
            mode: &school.mode,
            extension: &school.extension,
            host_unit: &school.host_unit_id,
            township: &school.township_id,
            members: &school.members,
            sub_area: &school.sub_area,
            villages: &school.villages,
            opened_on: &school.opened_on,
            lon: &school.lon,
            lat: &school.lat,
            principal: &school.principal_id,
            vice_principal: &school.vice_principal_id,
        };
        let valid = check_school(&fields).map_err(AppError::Validation)?;
        district::save_school(&app_state()?, &caller, id, valid).await
    })
    .await
}

/// A school's own profile: venue, contact, introduction (its school admin, or the organisation department).
#[server(prefix = "/api", endpoint = "save_school_profile")]
pub async fn save_school_profile(
    school_id: i64,
    #[server(default)] venue: String,
    #[server(default)] contact: String,
    #[server(default)] profile: String,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::EditSchoolProfile).await?;
        let profile = crate::rules::district::check_profile(&venue, &contact, &profile).map_err(AppError::Validation)?;
        district::save_profile(&app_state()?, &caller, school_id, profile).await
    })
    .await
}

/// A joint school's rotating principal's term (the organisation department): person number, member
/// unit, first and last day.
#[server(prefix = "/api", endpoint = "add_principal_term")]
pub async fn add_principal_term(
    school_id: i64,
    #[server(default)] person_id: String,
    #[server(default)] unit_id: String,
    #[server(default)] starts_on: String,
    #[server(default)] ends_on: String,
) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let term = crate::rules::district::check_term(&person_id, &unit_id, &starts_on, &ends_on).map_err(AppError::Validation)?;
        district::add_term(&app_state()?, &caller, school_id, term).await
    })
    .await
}

/// Removes a rotating principal's term that has not begun.
#[server(prefix = "/api", endpoint = "remove_principal_term")]
pub async fn remove_principal_term(school_id: i64, term_id: i64) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        district::remove_term(&app_state()?, &caller, school_id, term_id).await
    })
    .await
}

/// Closes a school (`step` `close`; kept in history) or opens it again (`reopen`).
#[server(prefix = "/api", endpoint = "close_school")]
pub async fn close_school(school_id: i64, step: String) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let close = match step.as_str() {
            "close" => true,
            "reopen" => false,
            _ => return Err(AppError::Validation(crate::messages::bad_request().into())),
        };
        district::set_closed(&app_state()?, &caller, school_id, close).await
    })
    .await
}

/// For the organisation department: the roster of people (人员名单) — a multipart form with the file
/// `roster` (XLSX or CSV, UTF-8 or GBK; columns 人员编号、姓名、单位、职级, and 区管干部、党员、状态 if
/// wanted; ≤ 8 MB, ≤ 100,000 rows). Without `digest` it previews what the file would change; with the
/// digest the preview returned, it applies the same file — all rows or none.
#[server(prefix = "/api", endpoint = "import_people", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn import_people(data: leptos::server_fn::codec::MultipartData) -> Result<RosterReport, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, imports, service::people, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let too_big = crate::messages::people_roster_too_large();
        let upload = imports::read_upload_within(data, "roster", too_big, people::MAX_BYTES).await?;
        let digest = upload.field("digest").filter(|d| !d.is_empty()).map(str::to_string);
        let file =
            upload.file.filter(|f| !f.is_empty()).ok_or_else(|| AppError::Validation(crate::messages::roster_file_missing().into()))?;
        people::import(&app_state()?, &caller, file, digest.as_deref()).await
    })
    .await
}

/// For the organisation department: a page of the people whose number is `q`, or whose name or unit
/// contains it (all of them without `q`).
#[server(prefix = "/api", endpoint = "find_people")]
pub async fn find_people(#[server(default)] q: Option<String>, #[server(default)] page: Option<i64>) -> Result<PeopleList, AppError> {
    AppError::answer(async move {
        use crate::model::PEOPLE_PER_PAGE;
        use crate::server::{auth, repo::people, state::app_state};
        auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let pool = app_state()?.pool;
        let q: String = q.unwrap_or_default().trim().chars().take(40).collect();
        let found = people::find(&pool, &q, page.unwrap_or(1), PEOPLE_PER_PAGE).await?;
        Ok(PeopleList { rows: found.rows, total: found.total, page: found.page, pages: found.pages })
    })
    .await
}

/// For the organisation department: one person's page (hours this year and the three before,
/// competency results, latest classes). Every read is logged (who, when, whom) in the security log.
#[server(prefix = "/api", endpoint = "read_person")]
pub async fn read_person(person_id: i64) -> Result<PersonPage, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let state = app_state()?;
        let not_found = || AppError::NotFound(crate::messages::person_noun().into());
        let hours = repo::hours::person_hours(&state.pool, person_id, None, &state.clock).await?.ok_or_else(not_found)?;
        let (party_member, status) = repo::people::standing(&state.pool, person_id).await?.ok_or_else(not_found)?;
        let detail = crate::messages::personal_read(person_id, &hours.name);
        repo::security::record(&state.pool, "personal_read", Some(caller.account_id), Some(&caller.username), None, &detail).await?;
        Ok(PersonPage {
            party_member,
            status,
            competency: repo::people::competency(&state.pool, person_id).await?,
            classes: repo::people::classes(&state.pool, person_id, 20).await?,
            hours,
        })
    })
    .await
}

/// For the organisation department: a page of the pool teachers whose name or unit contains `q`.
#[server(prefix = "/api", endpoint = "find_teachers")]
pub async fn find_teachers(#[server(default)] q: Option<String>, #[server(default)] page: Option<i64>) -> Result<TeachersAdmin, AppError> {
    AppError::answer(async move {
        use crate::model::TEACHERS_PER_PAGE;
        use crate::server::{auth, repo::teachers, state::app_state};
        auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let q: String = q.unwrap_or_default().trim().chars().take(40).collect();
        let found = teachers::find(&app_state()?.pool, &q, page.unwrap_or(1), TEACHERS_PER_PAGE).await?;
        Ok(TeachersAdmin { rows: found.rows, total: found.total, page: found.page, pages: found.pages })
    })
    .await
}

/// A teacher's record to edit and its change log: the organisation department any teacher's, a
/// teacher their own (teacher `0`: the caller's own record, 我的师资资料).
#[server(prefix = "/api", endpoint = "teacher_for_editing")]
pub async fn teacher_for_editing(teacher_id: i64) -> Result<TeacherEdit, AppError> {
    AppError::answer(async move {
        use crate::server::{auth, repo, service, state::app_state};
        let caller = auth::require(crate::rules::access::Action::EditTeacherProfile).await?;
        let pool = app_state()?.pool;
        let mut conn = pool.acquire().await?;
        let not_found = || AppError::NotFound(crate::messages::teacher_noun().into());
        let teacher_id = match (teacher_id, caller.person_id) {
            (0, Some(person)) => repo::teachers::of_person(&mut conn, person).await?.ok_or_else(not_found)?,
            (0, None) => return Err(not_found()),
            (id, _) => id,
        };
        if !service::district::teacher_in_reach(&mut conn, &caller, teacher_id).await? {
            return Err(AppError::Forbidden);
        }
        let record = repo::teachers::record(&mut conn, teacher_id).await?.ok_or_else(not_found)?;
        drop(conn);
        let manage = crate::rules::access::may(&caller.roles, crate::rules::access::Action::ManageDistrictData);
        let changes = repo::district::changes_of(&pool, "teacher", Some(teacher_id), CHANGES_SHOWN).await?;
        Ok(TeacherEdit { record, changes, manage })
    })
    .await
}

/// Adds a pool teacher (`teacher[id]` empty) or changes one: name, in or outside the district, unit,
/// person number (in-district), title, specialties, introduction. The organisation department.
#[server(prefix = "/api", endpoint = "save_teacher")]
pub async fn save_teacher(teacher: TeacherForm) -> Result<i64, AppError> {
    AppError::answer(async move {
        use crate::rules::district::{check_teacher, TeacherFields};
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::ManageDistrictData).await?;
        let id = id_field(&teacher.id)?;
        let fields = TeacherFields {
            name: &teacher.name,
            place: &teacher.place,
            unit_name: &teacher.unit_name,
            person: &teacher.person_id,
            title: &teacher.title,
            ticked: teacher.ticked(),
            profile: &teacher.profile,
        };
        let valid = check_teacher(&fields).map_err(AppError::Validation)?;
        district::save_teacher(&app_state()?, &caller, id, valid).await
    })
    .await
}

/// A teacher's own part — title, specialties, introduction: the teacher themselves or the
/// organisation department.
#[server(prefix = "/api", endpoint = "save_teacher_profile")]
pub async fn save_teacher_profile(teacher: TeacherForm) -> Result<(), AppError> {
    AppError::answer(async move {
        use crate::server::{auth, service::district, state::app_state};
        let caller = auth::require(crate::rules::access::Action::EditTeacherProfile).await?;
        let id = id_field(&teacher.id)?.ok_or_else(|| AppError::Validation(crate::messages::bad_request().into()))?;
        let own = crate::rules::district::check_teacher_profile(&teacher.title, &teacher.ticked(), &teacher.profile)
            .map_err(AppError::Validation)?;
        district::save_teacher_profile(&app_state()?, &caller, id, own).await
    })
    .await
}
