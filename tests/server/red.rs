//! 红色大讲堂 (#18) on SQLite and PostgreSQL: the organisation department plans a lecture for all
//! cadres at a red teaching base in use (not filed with itself); no one else may; the hall numbers
//! the lectures; the dashboard's timeline marks the days they were held; bases added and retired.

use crate::common::{account, demo_database, CLOCK};
use dangxiao::error::AppError;
use dangxiao::model::{ClassPlan, ClassStatus, FilingStatus, PeriodKind};
use dangxiao::server::repo::dashboard;
use dangxiao::server::service::{classes, red};

#[tokio::test]
async fn the_organisation_department_holds_the_red_lecture_hall_at_its_red_bases() {
    let (_db, pool) = demo_database().await;
    let (org, admin) = (account(&pool, "orgadmin").await, account(&pool, "schooladmin").await);

    // The demo's day is the first lecture's: open, at the first base, counted in the hall.
    let hall = red::hall(&pool, None).await.unwrap();
    assert!(!hall.may_manage);
    assert_eq!(hall.lectures.len(), 1);
    let first = &hall.lectures[0];
    assert_eq!((first.nth, first.status, first.starts_at.date()), (Some(1), ClassStatus::Open, "2017-05-25"));
    assert!(first.attendances > 0 && first.base.contains("滠水河畔"), "{first:?}");
    assert_eq!(hall.bases.len(), 3);
    assert_eq!(hall.bases[0].lectures, 1);

    // On the dashboard's monthly chart: 首次红色大讲堂, from the class held.
    let period = dashboard::resolve(PeriodKind::Article, None, None, CLOCK.today()).unwrap();
    let district = dashboard::district(&pool, &CLOCK).await.unwrap();
    let today = dashboard::today(&pool, &CLOCK).await.unwrap();
    let board = dashboard::dashboard(&pool, &CLOCK, &period, district, today).await.unwrap();
    assert_eq!(board.red_lectures.len(), 1);
    assert!(board.charts.monthly.contains("首次红色大讲堂（5月25日）"), "the timeline marks the first lecture");

    // The organisation department plans the second, for everyone, at a base in use: not filed.
    let (teacher,): (i64,) = sqlx::query_as("SELECT id FROM teachers ORDER BY id LIMIT 1").fetch_one(&pool).await.unwrap();
    let base = hall.bases[1].id;
    let lecture = |base: i64| ClassPlan {
        school_id: admin.school_id.unwrap().to_string(),
        title: "第二期红色大讲堂：红七军的诞生".into(),
        category: "political_theory".into(),
        teacher_1: teacher.to_string(),
        venue: "木兰山".into(),
        venue_kind: "school".into(),
        starts_at: "2017-07-01T09:00".into(),
        ends_at: "2017-07-01T11:30".into(),
        hours: "2.5".into(),
        kind: "red_lecture".into(),
        red_base_id: base.to_string(),
        ..ClassPlan::default()
    };
    let planned = classes::plan(&pool, &org, &lecture(base), &CLOCK).await.unwrap();
    assert_eq!(planned.filing, FilingStatus::NotRequired);
    let detail = classes::detail(&pool, &org, planned.id).await.unwrap();
    assert_eq!(detail.red_base.as_deref(), Some(hall.bases[1].name.as_str()));
    let hall = red::hall(&pool, Some(&org)).await.unwrap();
    assert!(hall.may_manage);
    assert_eq!(hall.lectures.iter().map(|l| l.nth).collect::<Vec<_>>(), [Some(2), Some(1)], "newest first, numbered in time order");

    // A school admin may not hold one; nor at an unknown base; nor for one unit only.
    let err = classes::plan(&pool, &admin, &lecture(base), &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("组织部")), "{err:?}");
    let err = classes::plan(&pool, &org, &lecture(999_999), &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("红色教学基地")), "{err:?}");
    let narrowed = ClassPlan { audience_unit_id: "1".into(), ..lecture(base) };
    let err = classes::plan(&pool, &org, &narrowed, &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("全区")), "{err:?}");

    // Bases: added (a name once), retired — a retired base takes no new lecture, keeps its past ones.
    let id = red::add_base(&pool, &org, ("姚集红色教学点", "姚集街", ""), &CLOCK).await.unwrap();
    let err = red::add_base(&pool, &org, ("姚集红色教学点", "姚集街", ""), &CLOCK).await.unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    assert!(matches!(red::add_base(&pool, &admin, ("x", "y", ""), &CLOCK).await, Err(AppError::Forbidden)));
    let err = red::add_base(&pool, &org, ("", "y", ""), &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("名称")), "{err:?}");
    let choices = classes::plan_choices(&pool, &org, None).await.unwrap();
    assert!(choices.red_bases.iter().any(|(b, _)| *b == id));
    assert!(classes::plan_choices(&pool, &admin, None).await.unwrap().red_bases.is_empty(), "offered to the organisation department only");
    red::retire_base(&pool, &org, base, &CLOCK).await.unwrap();
    let err = classes::plan(&pool, &org, &lecture(base), &CLOCK).await.unwrap_err();
    assert!(matches!(&err, AppError::Validation(m) if m.contains("停用")), "{err:?}");
    let retired = red::hall(&pool, None).await.unwrap().bases.into_iter().find(|b| b.id == base).unwrap();
    assert_eq!((retired.retired_on.as_deref(), retired.lectures), (Some("2017-05-25"), 1));
    assert!(matches!(red::retire_base(&pool, &org, base, &CLOCK).await, Err(AppError::NotFound(_))));
}
