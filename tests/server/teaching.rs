//! The trainees' anonymous questionnaire, the teacher pool's points and the premium-course selection
//! against the demo district, on the build's database (SQLite, or PostgreSQL when DATABASE_URL names one).

use crate::common::LATER;
use crate::common::{self, demo_database};
use dangxiao::error::AppError;
use dangxiao::model::{CourseCategory, HourSource, NominationStatus};
use dangxiao::rules::feedback::check_answer;
use dangxiao::rules::teachers::teacher_points;
use dangxiao::server::repo::{feedback, hours, premium, teachers};

#[tokio::test]
async fn a_trainee_answers_once_and_anonymously() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let cadre = common::account(&pool, "cadre").await;
    let person = cadre.person_id.unwrap();
    let due = feedback::due(&pool, person, &LATER.now()).await.unwrap();
    assert!(!due.is_empty(), "the demo cadre has classes left to evaluate");
    let class = due[0].class_id;
    let before = feedback::summary(&pool, class).await.unwrap();
    let answer = check_answer([5, 4, 5, 4], "联系实际").unwrap();
    dangxiao::server::service::feedback::submit(&pool, person, class, &answer, &LATER.now()).await.unwrap();
    assert!(
        matches!(
            dangxiao::server::service::feedback::submit(&pool, person, class, &answer, &LATER.now()).await,
            Err(AppError::Conflict(_))
        ),
        "once"
    );
    assert!(!feedback::due(&pool, person, &LATER.now()).await.unwrap().iter().any(|d| d.class_id == class));
    let after = feedback::summary(&pool, class).await.unwrap();
    assert_eq!(after.answers, before.answers + 1);
    assert_eq!(after.means.is_some(), after.answers >= 5, "a mean only from 5 answers on");
    // The answer row names no one: the table has no person column at all.
    let columns: Vec<(String,)> = sqlx::query_as("SELECT comment FROM class_feedback WHERE class_id = $1 AND comment = '联系实际'")
        .bind(class)
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(columns.len(), 1);

    // Someone who did not attend cannot answer.
    let (stranger,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM people").fetch_one(&pool).await.unwrap();
    let refused = dangxiao::server::service::feedback::submit(&pool, stranger, class, &answer, &LATER.now()).await;
    assert!(matches!(refused, Err(AppError::Validation(m)) if m.contains("只有参加")));
}

#[tokio::test]
async fn the_pool_is_ranked_by_the_shown_formula() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let teacher = common::account(&pool, "teacher").await;
    let p = teachers::pool_ranking(&pool, teacher.person_id).await.unwrap();
    assert_eq!(p.teachers.len(), 120);
    assert!(p.teachers.windows(2).all(|w| w[0].points >= w[1].points));
    for t in &p.teachers {
        assert_eq!(t.points, teacher_points(t.classes, t.premium, t.teaching_mean), "{}", t.name);
        assert_eq!(t.teaching_mean.is_some(), t.answers >= 5);
    }
    assert!(p.teachers.iter().any(|t| t.premium > 0), "2016's premium selections count");
    let mine = p.mine.expect("the demo teacher is in the pool");
    assert_eq!(p.teachers[mine.rank - 1].id, mine.id);
}

#[tokio::test]
async fn a_published_selection_rewards_in_district_teachers_and_notifies_the_others() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    // 2016, published with the demo: at most 2 per category; each selected teacher recognised.
    let s = premium::selection(&pool, Some(2016), None, &LATER).await.unwrap();
    assert!(s.published_at.is_some());
    for c in CourseCategory::ALL {
        assert!(s.nominations.iter().filter(|n| n.category == *c && n.status == NominationStatus::Selected).count() <= 2);
    }
    let selected: Vec<_> = s.nominations.iter().filter(|n| n.status == NominationStatus::Selected).collect();
    assert!(!selected.is_empty());
    for n in &selected {
        let r = n.recognition.as_deref().unwrap();
        assert!(if n.in_district { r == "奖励 8 学时" } else { r.contains("组织人事部门") }, "{r}");
    }
    assert!(matches!(
        dangxiao::server::service::premium::nominate(&pool, 2016, CourseCategory::LawRegulation, "迟到的提名", 1).await,
        Err(AppError::Conflict(_))
    ));

    // 2017: nominate an in-district teacher's course, three reviewers, publish.
    let (teacher_id, person): (i64, i64) =
        sqlx::query_as("SELECT id, person_id FROM teachers WHERE in_district AND person_id IS NOT NULL ORDER BY id LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let id = dangxiao::server::service::premium::nominate(&pool, 2017, CourseCategory::OnSiteTeaching, "红色教育基地现场教学", teacher_id)
        .await
        .unwrap();
    assert!(matches!(
        dangxiao::server::service::premium::nominate(&pool, 2017, CourseCategory::OnSiteTeaching, "红色教育基地现场教学", teacher_id).await,
        Err(AppError::Conflict(_))
    ));
    for (reviewer, score) in [("甲", 99.0), ("乙", 98.5), ("丙", 99.5)] {
        dangxiao::server::service::premium::review(&pool, id, 1, reviewer, score).await.unwrap();
    }
    let before = hours::person_hours(&pool, person, Some(2026), &LATER).await.unwrap().unwrap();
    let n = dangxiao::server::service::premium::publish(&pool, 2017, None, &LATER.now()).await.unwrap();
    assert!(n >= 1);
    assert!(
        matches!(dangxiao::server::service::premium::publish(&pool, 2017, None, &LATER.now()).await, Err(AppError::Conflict(_))),
        "once"
    );
    let s = premium::selection(&pool, Some(2017), None, &LATER).await.unwrap();
    let mine = s.nominations.iter().find(|n| n.id == id).unwrap();
    assert_eq!(mine.status, NominationStatus::Selected, "the best on-site course");
    let after = hours::person_hours(&pool, person, Some(2026), &LATER).await.unwrap().unwrap();
    assert_eq!(after.earned, before.earned + 8.0);
    assert!(after.entries.iter().any(|e| e.source == HourSource::PremiumCourse && e.rule == "premium_course_reward"));
    assert!(
        matches!(dangxiao::server::service::premium::review(&pool, id, 1, "丁", 50.0).await, Err(AppError::Conflict(_))),
        "no scores after publication"
    );
}

/// 师资积分通报: the organisation department reports the top 10 to their units — a notice each, with
/// the rank and points of the day — shown on the pool's page; a teacher may not make one.
#[tokio::test]
async fn the_top_teachers_are_reported_to_their_units_as_notices() {
    use crate::common::web::{sign_in, Call};
    let (_db, pool) = demo_database().await;
    let app = common::app(&pool).await;
    assert!(teachers::latest_report(&pool).await.unwrap().is_none());
    let teacher = sign_in(&app, "teacher", "10.0.0.8").await;
    assert_eq!(Call::form("/api/report_top_teachers", "").signed_in(&teacher).send(&app).await.status.as_u16(), 403);
    let admin = sign_in(&app, "orgadmin", "10.0.0.7").await;
    let made = Call::form("/api/report_top_teachers", "").signed_in(&admin).send(&app).await;
    assert_eq!((made.status.as_u16(), made.body.as_str()), (200, "10"));
    let ranking = teachers::pool_ranking(&pool, None).await.unwrap();
    let report = teachers::latest_report(&pool).await.unwrap().unwrap();
    assert_eq!(report.notices.len(), 10);
    for ((rank, name, unit, notice), t) in report.notices.iter().zip(&ranking.teachers) {
        assert_eq!((*rank as usize, name, unit), (t.rank, &t.name, &t.unit));
        assert!(notice.starts_with(&format!("{unit}：贵单位{name}同志")) && notice.contains(&format!("排名第 {rank} 名")), "{notice}");
    }
    // The pool's page carries it, and says who may make one.
    let page = Call::form("/api/teacher_pool", "").signed_in(&admin).send(&app).await;
    let page: dangxiao::model::TeacherPool = serde_json::from_str(&page.body).unwrap();
    assert!(page.may_report && page.report.is_some_and(|r| r.notices.len() == 10));
}
