//! The demo district: generated (see `generate`) and written in one transaction, once.

pub mod accounts;
mod builder;
mod catalog;
mod district;
pub mod generate;
pub mod oversight;
pub mod scale;
mod store;
mod store_years;
mod today;
pub mod yearly;

use super::db::Pool;

/// What happened when the demo was asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `generated_password` is set when the demo accounts' password was made up here: show it once.
    Loaded {
        schools: usize,
        people: usize,
        classes: usize,
        attendances: usize,
        generated_password: Option<String>,
    },
    AlreadyHasData,
}

/// Loads the demo district unless the database already holds data (a second start keeps everything).
/// The demo accounts get `password` (the configured one), or one generated here and returned.
pub async fn load_if_empty(pool: &Pool, password: Option<&str>) -> Result<Outcome, sqlx::Error> {
    if has_data(pool).await? {
        return Ok(Outcome::AlreadyHasData);
    }
    let district = tokio::task::spawn_blocking(|| {
        let mut d = generate::generate();
        let o = oversight::generate(&mut d);
        let y = yearly::generate(&d);
        let t = yearly::teaching(&d);
        (d, (y, t, o))
    })
    .await
    .map_err(|e| sqlx::Error::Protocol(format!("demo generator failed: {e}")))?;
    let (district, (yearly, teaching, oversight)) = district;
    match store::write(pool, &district, &yearly, &teaching, &oversight).await {
        Ok(()) => {
            let (password, generated) = accounts::demo_password(password);
            accounts::create_demo_accounts(pool, &password).await.map_err(|e| sqlx::Error::Protocol(format!("demo accounts: {e}")))?;
            Ok(Outcome::Loaded {
                schools: district.schools.len(),
                people: district.people.len(),
                classes: district.classes.len(),
                attendances: district.attendance.len(),
                generated_password: generated.then_some(password),
            })
        }
        // Another instance sharing the database loaded it first: that is fine.
        Err(_) if has_data(pool).await? => Ok(Outcome::AlreadyHasData),
        Err(e) => Err(e),
    }
}

async fn has_data(pool: &Pool) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM units").fetch_one(pool).await?;
    Ok(n > 0)
}

/// The demo's supervision groups (督导组); the `supervisor` account belongs to the first.
pub const SUPERVISION_GROUPS: [&str; 4] = ["第一督导组", "第二督导组", "第三督导组", "第四督导组"];

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_in_order() {
        assert_eq!(
            crate::server::db::numbered_placeholders("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }
}
