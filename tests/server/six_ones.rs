//! 六个一 (#18): a school's documents through the real router — put there by its school admin (and
//! the organisation department only besides), PDF/JPG/PNG by content, at most 10 per item; read by
//! those who evaluate schools; counted in the district's table and on the map; each change logged.

use crate::common::web::{sign_in, Call};
use crate::common::{app, demo_database};
use crate::hardening::upload;
use axum::http::StatusCode;
use dangxiao::model::{MapData, SixOne, SixOnes, SixOnesRow};

/// A tiny PNG (its signature and header chunk are what the server recognises it by).
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\x0bIDATx\x9cc\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xaeB`\x82";

async fn six_ones(app: &axum::Router, school: i64, cookie: Option<&str>) -> SixOnes {
    let body = format!("school_id={school}");
    let call = Call::form("/api/six_ones", &body);
    let answer = match cookie {
        Some(c) => call.signed_in(c).send(app).await,
        None => call.send(app).await,
    };
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    serde_json::from_str(&answer.body).unwrap()
}

fn kept(s: &SixOnes, item: SixOne) -> i64 {
    s.kept.iter().find(|(i, _)| *i == item).unwrap().1
}

#[tokio::test]
async fn a_school_keeps_its_six_ones_and_the_district_reads_them() {
    let (_db, pool) = demo_database().await;
    let app = app(&pool).await;
    let (school,): (i64,) = sqlx::query_as("SELECT school_id FROM accounts WHERE username = 'schooladmin'").fetch_one(&pool).await.unwrap();
    let (other,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM schools WHERE id <> $1").bind(school).fetch_one(&pool).await.unwrap();
    let admin = sign_in(&app, "schooladmin", "10.0.0.1").await;
    let org = sign_in(&app, "orgadmin", "10.0.0.2").await;
    let supervisor = sign_in(&app, "supervisor", "10.0.0.3").await;
    let cadre = sign_in(&app, "cadre", "10.0.0.4").await;
    let school_text = school.to_string();

    // Anyone sees which items are in place (the demo's sub-area school: four), not the documents.
    let public = six_ones(&app, school, None).await;
    assert_eq!((public.in_place(), kept(&public, SixOne::Ledgers), public.may_read), (4, 0, false));
    assert!(public.documents.is_empty());
    let own = six_ones(&app, school, Some(&admin)).await;
    assert!(own.may_read && own.may_edit && own.documents.len() == 4, "{own:?}");

    // The school admin puts the ledgers there: a PNG, recognised by content.
    let answer = upload("/api/upload_school_document", &[("school_id", &school_text), ("item", "ledgers")], Some(("document", PNG)))
        .signed_in(&admin)
        .send(&app)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let document: i64 = answer.body.trim().parse().unwrap();
    let after = six_ones(&app, school, None).await;
    assert_eq!((after.in_place(), kept(&after, SixOne::Ledgers)), (5, 1));

    // Not a PDF, JPG or PNG (whatever its name says): refused in Chinese, nothing kept.
    let answer =
        upload("/api/upload_school_document", &[("school_id", &school_text), ("item", "ledgers")], Some(("document", b"just text")))
            .signed_in(&admin)
            .send(&app)
            .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("PDF、JPG 或 PNG"), "{}", answer.body);
    // Another school's, or a cadre: refused before the file is read.
    let other_text = other.to_string();
    for (cookie, target) in [(&admin, &other_text), (&cadre, &school_text)] {
        let answer = upload("/api/upload_school_document", &[("school_id", target), ("item", "rules")], Some(("document", PNG)))
            .signed_in(cookie)
            .send(&app)
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    }
    // At most 10 per item.
    for _ in 0..9 {
        let answer = upload("/api/upload_school_document", &[("school_id", &school_text), ("item", "ledgers")], Some(("document", PNG)))
            .signed_in(&org)
            .send(&app)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    let answer = upload("/api/upload_school_document", &[("school_id", &school_text), ("item", "ledgers")], Some(("document", PNG)))
        .signed_in(&admin)
        .send(&app)
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(answer.body.contains("已有 10 份"), "{}", answer.body);

    // A supervisor reads the file (查阅资料); a cadre and a visitor do not.
    let path = format!("/files/schools/{school}/documents/{document}");
    let answer = Call::get(&path).signed_in(&supervisor).send(&app).await;
    assert_eq!((answer.status, answer.header("content-type")), (StatusCode::OK, "image/png"));
    assert_eq!(Call::get(&path).signed_in(&cadre).send(&app).await.status, StatusCode::FORBIDDEN);
    assert_eq!(Call::get(&path).send(&app).await.status, StatusCode::UNAUTHORIZED);
    // Asked under another school, the document is not found there.
    let elsewhere = format!("/files/schools/{other}/documents/{document}");
    assert_eq!(Call::get(&elsewhere).signed_in(&org).send(&app).await.status, StatusCode::NOT_FOUND);

    // The district's table and the map count it.
    let answer = Call::form("/api/six_ones_table", "").signed_in(&supervisor).send(&app).await;
    let table: Vec<SixOnesRow> = serde_json::from_str(&answer.body).unwrap();
    let row = table.iter().find(|r| r.school_id == school).unwrap();
    assert_eq!((row.in_place(), row.items[SixOne::ALL.len() - 1]), (5, true));
    assert!(table.windows(2).all(|w| w[0].in_place() <= w[1].in_place()), "the fewest first");
    assert_eq!(Call::form("/api/six_ones_table", "").signed_in(&cadre).send(&app).await.status, StatusCode::FORBIDDEN);
    let answer = Call::form("/api/map", "period=All&colour=SixOnes").send(&app).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let map: MapData = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(map.schools.iter().find(|s| s.id == school).map(|s| s.six_ones), Some(5));

    // Removed by the school admin: back to four; both steps in the school's change log.
    let body = format!("school_id={school}&document_id={document}");
    assert_eq!(Call::form("/api/remove_school_document", &body).signed_in(&cadre).send(&app).await.status, StatusCode::FORBIDDEN);
    let answer = Call::form("/api/remove_school_document", &body).signed_in(&admin).send(&app).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(kept(&six_ones(&app, school, None).await, SixOne::Ledgers), 9);
    let log = dangxiao::server::repo::district::changes_of(&pool, "school", Some(school), 50).await.unwrap();
    let lines: Vec<String> = log.iter().flat_map(|c| c.changes.iter().map(|f| format!("{}:{}>{}", f.field, f.before, f.after))).collect();
    assert!(lines.iter().any(|l| l.starts_with("六个一·一套工作台账:>")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("六个一·一套工作台账:") && l.ends_with('>')), "{lines:?}");
}
