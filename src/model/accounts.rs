//! Who is signed in, and accounts as the organisation department manages them.

use super::*;
use serde::{Deserialize, Serialize};

/// Who is signed in, as the browser may know it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserInfo {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub person_id: Option<i64>,
}

/// An account as the organisation department manages it (/admin/accounts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// The person the account belongs to, "name · unit".
    pub person: Option<String>,
    pub school: Option<String>,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// Roles ticked in a form: one checkbox per role (`roles[leader]=on`), so that the form works
/// before the WebAssembly arrives.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleChoice {
    pub leader: Option<String>,
    pub org_admin: Option<String>,
    pub school_admin: Option<String>,
    pub supervisor: Option<String>,
    pub teacher: Option<String>,
    pub cadre: Option<String>,
}

impl RoleChoice {
    pub fn roles(&self) -> Vec<Role> {
        let ticked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty() && v != "off");
        [
            (Role::Leader, &self.leader),
            (Role::OrgAdmin, &self.org_admin),
            (Role::SchoolAdmin, &self.school_admin),
            (Role::Supervisor, &self.supervisor),
            (Role::Teacher, &self.teacher),
            (Role::Cadre, &self.cadre),
        ]
        .into_iter()
        .filter(|(_, v)| ticked(v))
        .map(|(r, _)| r)
        .collect()
    }
}
