//! Account administration by the organisation department: list, roles, activation, password reset.
//! (Creating an account and hashing live in `server::auth`.)

use crate::model::{AccountView, Role};
use crate::server::db::{page_within, Paged, Pool};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    username: String,
    display_name: String,
    person: Option<String>,
    unit: Option<String>,
    school: Option<String>,
    active: i64,
}

/// Page `asked` (`per` rows) of the accounts whose username, name or person's name contains
/// `search`, newest first, with their roles: one count, one page.
pub async fn list(pool: &Pool, search: &str, asked: i64, per: i64) -> Result<Paged<AccountView>, sqlx::Error> {
    let pattern = crate::server::db::contains_pattern(search);
    const FROM: &str = "FROM accounts a LEFT JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = p.unit_id \
         LEFT JOIN schools s ON s.id = a.school_id \
         WHERE (a.username LIKE $1 ESCAPE '\\' OR a.display_name LIKE $1 ESCAPE '\\' OR p.name LIKE $1 ESCAPE '\\')";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {FROM}")).bind(&pattern).fetch_one(pool).await?;
    let (page, pages) = page_within(total, per, asked);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT a.id, a.username, a.display_name, p.name AS person, u.name AS unit, s.name AS school, \
                CASE WHEN a.active THEN 1 ELSE 0 END AS active {FROM} ORDER BY a.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(&pattern)
    .bind(per)
    .bind((page - 1) * per)
    .fetch_all(pool)
    .await?;
    let ids = rows.iter().map(|r| r.id.to_string()).collect::<Vec<_>>().join(",");
    let roles: Vec<(i64, Role)> = if ids.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(&format!("SELECT account_id, role FROM account_roles WHERE account_id IN ({ids}) ORDER BY role"))
            .fetch_all(pool)
            .await?
    };
    let rows = rows
        .into_iter()
        .map(|Row { id, username, display_name, person, unit, school, active }| AccountView {
            id,
            username,
            display_name,
            person: person.map(|p| match unit {
                Some(u) => format!("{p} · {u}"),
                None => p,
            }),
            school,
            roles: roles.iter().filter(|(a, _)| *a == id).map(|(_, r)| *r).collect(),
            active: active != 0,
        })
        .collect();
    Ok(Paged { rows, total, page, pages })
}

/// Replaces an account's roles and sets whether it may sign in; whether the account exists.
pub async fn update(pool: &Pool, account_id: i64, roles: &[Role], active: bool) -> Result<bool, sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    let changed = sqlx::query("UPDATE accounts SET active = $1 WHERE id = $2").bind(active).bind(account_id).execute(&mut *tx).await?;
    if changed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM account_roles WHERE account_id = $1").bind(account_id).execute(&mut *tx).await?;
    for role in roles {
        sqlx::query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2)")
            .bind(account_id)
            .bind(role.as_code())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Stores a new password hash; sessions begun before now end (see `auth::caller`), and the
/// account's failed-login count starts again. Whether the account exists.
pub async fn set_password_hash(pool: &Pool, account_id: i64, hash: &str) -> Result<bool, sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    let username: Option<(String,)> =
        sqlx::query_as("SELECT username FROM accounts WHERE id = $1").bind(account_id).fetch_optional(&mut *tx).await?;
    let Some((username,)) = username else { return Ok(false) };
    sqlx::query("UPDATE accounts SET password_hash = $1, credentials_changed_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(crate::server::auth::stamp_now())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE username = $1").bind(username).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Whether a person with this id exists (for linking an account to a person).
pub async fn person_exists(pool: &Pool, person_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM people WHERE id = $1").bind(person_id).fetch_optional(pool).await?;
    Ok(found.is_some())
}

/// The schools, for choosing a school admin's school: (id, name).
pub async fn school_choices(pool: &Pool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM schools ORDER BY id").fetch_all(pool).await
}
