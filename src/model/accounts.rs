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

/// One cadre's one-time sign-in link, as the sheet handed to the unit lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuedLink {
    pub person_id: i64,
    pub name: String,
    pub username: String,
    pub link: String,
    /// A new account (`false`: an account not yet used, given a new link; its old ones stop working).
    pub fresh: bool,
}

/// Accounts made for a unit's cadres: the links (also as a workbook, base64, to download), until
/// when they work, and who was left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuedLinks {
    pub unit: String,
    pub expires_at: Moment,
    pub links: Vec<IssuedLink>,
    /// People who already have an account they have signed in with.
    pub active_already: i64,
    /// People whose person number is already another account's username.
    pub taken: i64,
    /// The sheet (XLSX) as base64, for a `data:` link.
    pub sheet: String,
}

/// Whose account a one-time link opens, and until when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub display_name: String,
    pub username: String,
    pub expires_at: Moment,
}
