//! The demo district's six accounts, one per role. Their password comes from DANGXIAO_DEMO_PASSWORD
//! (`server::config`), or is generated and shown once on the first start; no password ships in the code.

use crate::error::AppError;
use crate::model::Role;
use crate::server::auth::create_account;
use crate::server::db::Pool;
use rand::{distributions::Alphanumeric, rngs::OsRng, Rng};

/// The password to give the demo accounts — the configured one (`Config` drops a blank one), or one
/// generated here — and whether it was generated (then it must be shown).
pub fn demo_password(configured: Option<&str>) -> (String, bool) {
    match configured {
        Some(p) => (p.to_string(), false),
        None => ((0..14).map(|_| OsRng.sample(Alphanumeric) as char).collect(), true),
    }
}

async fn one(pool: &Pool, sql: &str) -> Result<(i64, String), AppError> {
    Ok(sqlx::query_as(sql).fetch_one(pool).await?)
}

/// Creates `leader`, `orgadmin`, `schooladmin`, `supervisor`, `teacher` and `cadre`.
pub async fn create_demo_accounts(pool: &Pool, password: &str) -> Result<(), AppError> {
    let leader = one(pool, "SELECT id, name FROM people WHERE rank = 'district' ORDER BY id LIMIT 1").await?;
    let org = one(
        pool,
        "SELECT p.id, p.name FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE u.name = '区委组织部' AND p.rank = 'division' ORDER BY p.id LIMIT 1",
    )
    .await?;
    let (school_id, _) = one(pool, "SELECT id, name FROM schools WHERE name = '前川街前川片区业余党校'").await?;
    let school_admin = one(
        pool,
        "SELECT p.id, p.name FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE u.short_name = '前川街' AND p.rank = 'section' ORDER BY p.id LIMIT 1",
    )
    .await?;
    let supervisor = one(
        pool,
        "SELECT p.id, p.name FROM people p JOIN units u ON u.id = p.unit_id \
         WHERE u.name = '区委党校' AND p.rank = 'division' ORDER BY p.id LIMIT 1",
    )
    .await?;
    let teacher = one(pool, "SELECT person_id, name FROM teachers WHERE in_district AND person_id IS NOT NULL ORDER BY id LIMIT 1").await?;
    // A district-managed cadre with a long attendance history.
    let cadre = one(
        pool,
        "SELECT p.id, p.name FROM people p JOIN study_hours h ON h.person_id = p.id \
         WHERE p.district_managed GROUP BY p.id, p.name ORDER BY COUNT(*) DESC, p.id LIMIT 1",
    )
    .await?;
    type DemoAccount<'a> = (&'a str, (i64, String), Option<i64>, &'a [Role]);
    let accounts: [DemoAccount; 6] = [
        ("leader", leader, None, &[Role::Leader]),
        ("orgadmin", org, None, &[Role::OrgAdmin]),
        ("schooladmin", school_admin, Some(school_id), &[Role::SchoolAdmin]),
        ("supervisor", supervisor, None, &[Role::Supervisor]),
        ("teacher", teacher, None, &[Role::Teacher]),
        ("cadre", cadre, None, &[Role::Cadre]),
    ];
    for (username, (person_id, name), school, roles) in accounts {
        let id = create_account(pool, username, password, &name, Some(person_id), school, roles).await?;
        if username == "supervisor" {
            sqlx::query(
                "INSERT INTO supervision_group_accounts (group_id, account_id) SELECT id, $1 FROM supervision_groups WHERE name = $2",
            )
            .bind(id)
            .bind(super::SUPERVISION_GROUPS[0])
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}
