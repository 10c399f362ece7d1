//! The six-haves evaluation and leaders on the podium against the demo district, on the build's
//! database (SQLite, or PostgreSQL when DATABASE_URL names one).

use crate::common::LATER;
use crate::common::{self, demo_database};
use dangxiao::error::AppError;
use dangxiao::model::{Band, Criterion, EvalMethod, HourSource, LectureVenue, RectificationStatus};
use dangxiao::server::repo::{evaluation, hours, podium};

fn counts(e: &dangxiao::model::Evaluation) -> Vec<usize> {
    e.counts.iter().map(|(_, n)| *n).collect()
}

#[tokio::test]
async fn the_demo_year_is_banded_once_the_last_school_is_scored() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    // 2016: the 75 schools open by that year's end, banded 3 / 10 / 61 / 1 (72 × 15 % = 10.8 → 10).
    let e = evaluation::evaluation(&pool, Some(2016), &LATER).await.unwrap();
    assert_eq!((e.expected, e.complete, e.banded), (75, 75, true));
    assert_eq!(counts(&e), [3, 10, 61, 1]);
    assert_eq!(e.subsidy_total, 3.0 * 30_000.0 + 10.0 * 10_000.0);
    let (unqualified, _) = e.unqualified.clone().unwrap();
    let r = e.rectification.clone().expect("the demo's unqualified school has a rectification record");
    assert_eq!((r.school_id, r.status, r.overdue), (unqualified, RectificationStatus::InProgress, true));
    assert!(e.schools.windows(2).all(|w| w[0].total >= w[1].total), "ranked by total");

    // 2017: 77 of 78 scored, so no bands yet; the default year is the latest.
    let e = evaluation::evaluation(&pool, None, &LATER).await.unwrap();
    assert_eq!((e.year, e.expected, e.complete, e.banded), (2017, 78, 77, false));
    assert!(e.counts.is_empty() && e.schools.iter().all(|s| s.band.is_none()));
    let missing = e.schools.iter().find(|s| s.scored == 0).unwrap().school_id;
    let card = evaluation::scorecard(&pool, missing, 2017, &LATER).await.unwrap().unwrap();
    assert!(card.grid.iter().flatten().all(Option::is_none) && card.total.is_none());

    // Half the card: still not banded. The rest: 3 / 11 / 63 / 1.
    let mut cells: Vec<(Criterion, EvalMethod, Option<f64>)> = Vec::new();
    for c in Criterion::ALL {
        for m in EvalMethod::ALL {
            cells.push((*c, *m, Some(84.5)));
        }
    }
    let half: Vec<_> = cells.iter().map(|(c, m, s)| (*c, *m, if *c == Criterion::Funding { None } else { *s })).collect();
    evaluation::save_scores(&pool, 1, missing, 2017, &half, &LATER.now()).await.unwrap();
    let e = evaluation::evaluation(&pool, Some(2017), &LATER).await.unwrap();
    assert_eq!((e.complete, e.banded), (77, false));
    assert_eq!(e.schools.iter().find(|s| s.school_id == missing).unwrap().scored, 20);
    evaluation::save_scores(&pool, 1, missing, 2017, &cells, &LATER.now()).await.unwrap();
    let e = evaluation::evaluation(&pool, Some(2017), &LATER).await.unwrap();
    assert!(e.banded);
    assert_eq!(counts(&e), [3, 11, 63, 1]);
    let line = e.schools.iter().find(|s| s.school_id == missing).unwrap();
    assert_eq!(line.total, Some(84.5));
    // The map colours by the latest complete year.
    let (year, bands) = evaluation::latest_bands(&pool, &LATER).await.unwrap().unwrap();
    assert_eq!((year, bands.len()), (2017, 78));
    assert_eq!(bands.values().filter(|b| **b == Band::Demonstration).count(), 3);

    // New weights re-rank at once: only the overall rating counts.
    evaluation::set_weights(&pool, 2017, [0.0, 0.0, 0.0, 100.0]).await.unwrap();
    let e2 = evaluation::evaluation(&pool, Some(2017), &LATER).await.unwrap();
    assert!(e2.weights_set && e2.weights == [0.0, 0.0, 0.0, 100.0]);
    assert_eq!(e2.schools.iter().find(|s| s.school_id == missing).unwrap().total, Some(84.5));
    assert_ne!(
        e.schools.iter().map(|s| s.school_id).collect::<Vec<_>>(),
        e2.schools.iter().map(|s| s.school_id).collect::<Vec<_>>(),
        "another weighting, another order"
    );
}

#[tokio::test]
async fn a_lecture_credits_reward_hours_once_and_completes_the_duty() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let leader = common::account(&pool, "leader").await;
    let person = leader.person_id.unwrap();
    let (name,): (String,) = sqlx::query_as("SELECT name FROM people WHERE id = $1").bind(person).fetch_one(&pool).await.unwrap();
    assert_eq!(dangxiao::server::service::podium::find_person(&pool, &name).await.unwrap(), person, "found by a name only one person has");
    assert!(matches!(dangxiao::server::service::podium::find_person(&pool, "无此人").await, Err(AppError::Validation(_))));
    let (hours_set, set) = podium::reward_hours(&pool).await.unwrap();
    assert_eq!((hours_set, set), (4.0, false), "the default");
    podium::set_reward_hours(&pool, 6.0).await.unwrap();

    let lecture = || podium::NewLecture {
        person_id: person,
        given_on: "2026-11-20",
        venue: LectureVenue::DistrictPartySchool,
        school_id: None,
        title: "学习贯彻党章",
    };
    let before = podium::podium(&pool, Some(2026), &LATER).await.unwrap();
    assert!(before.due.iter().any(|d| d.person_id == person), "due before the lecture");
    // Recorded by the organisation department (nobody records their own lecture).
    let org = common::account(&pool, "orgadmin").await;
    let own = dangxiao::server::service::podium::record(&pool, &leader, lecture(), 6.0, &LATER).await;
    assert!(matches!(own, Err(AppError::Validation(ref m)) if m.contains("本人")), "{own:?}");
    dangxiao::server::service::podium::record(&pool, &org, lecture(), 6.0, &LATER).await.unwrap();
    let again = dangxiao::server::service::podium::record(&pool, &org, lecture(), 6.0, &LATER).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "the same lecture twice is refused");

    let h = hours::person_hours(&pool, person, None, &LATER).await.unwrap().unwrap();
    assert_eq!(h.year, 2026);
    let rewards: Vec<_> = h.entries.iter().filter(|e| e.source == HourSource::Podium).collect();
    assert_eq!(rewards.len(), 1);
    assert_eq!((rewards[0].hours, rewards[0].rule.as_str()), (6.0, "podium_reward"));
    assert!(rewards[0].title.as_deref().unwrap().contains("学习贯彻党章"));
    let (audited,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hour_audit WHERE action = 'podium_credited' AND person_id = $1")
        .bind(person)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    let after = podium::podium(&pool, Some(2026), &LATER).await.unwrap();
    assert!(!after.due.iter().any(|d| d.person_id == person));
    assert_eq!(after.done_total, before.done_total + 1);
    assert!(after.lectures[0].fulfils);

    // The audit log is still append-only after its table was rebuilt by the migration.
    assert!(sqlx::query("UPDATE hour_audit SET detail = 'x'").execute(&pool).await.is_err());
    assert!(sqlx::query("DELETE FROM hour_audit").execute(&pool).await.is_err());
}

#[tokio::test]
async fn the_demo_years_of_podium_duties_are_mostly_done() {
    let (_db, pool) = demo_database().await;
    common::demo_district(&pool).await;
    let p = podium::podium(&pool, Some(2016), &LATER).await.unwrap();
    assert!(p.due_total > 0);
    assert!(p.done_total * 100 / p.due_total >= 70, "most taught in 2016: {} of {}", p.done_total, p.due_total);
    assert_eq!(p.due.len(), p.due_total - p.done_total);
    assert!(p.lectures.iter().any(|l| !l.fulfils), "a division-level cadre at the district Party school does not fulfil");
    let (ledger,): (f64,) = sqlx::query_as("SELECT SUM(hours) FROM study_hours WHERE source = 'podium' AND earned_on LIKE '2016%'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(ledger, p.lectures.iter().map(|l| l.hours.unwrap()).sum::<f64>(), "every lecture's reward is in the ledger");
}

/// A score of the card, from the database.
async fn score(
    pool: &sqlx::Pool<dangxiao::server::db::Db>,
    school: i64,
    year: i32,
    criterion: Criterion,
    method: EvalMethod,
) -> Option<f64> {
    let card = evaluation::scorecard(pool, school, year, &LATER).await.unwrap().unwrap();
    let c = Criterion::ALL.iter().position(|x| *x == criterion).unwrap();
    let m = EvalMethod::ALL.iter().position(|x| *x == method).unwrap();
    card.grid[c][m]
}

#[tokio::test]
async fn supervisors_enter_the_site_visit_scores_of_their_groups_schools_only() {
    use crate::common::web::{sign_in, Call};
    use axum::http::StatusCode;
    let (_db, pool) = demo_database().await;
    let app = common::app(&pool).await;
    let supervisor = sign_in(&app, "supervisor", "10.0.0.1").await;
    let (own,): (i64,) =
        sqlx::query_as("SELECT MIN(school_id) FROM supervision_group_schools WHERE group_id = 1").fetch_one(&pool).await.unwrap();
    let (other,): (i64,) =
        sqlx::query_as("SELECT MIN(school_id) FROM supervision_group_schools WHERE group_id = 2").fetch_one(&pool).await.unwrap();
    // The card says what the caller may enter: the supervisor the 实地查看 column of their group's schools.
    let answer = Call::form("/api/scorecard", &format!("school_id={own}&year=2017")).signed_in(&supervisor).send(&app).await;
    let card: dangxiao::model::Scorecard = serde_json::from_str(&answer.body).unwrap();
    assert_eq!(card.may_enter, [EvalMethod::SiteVisit]);
    let answer = Call::form("/api/scorecard", &format!("school_id={other}&year=2017")).signed_in(&supervisor).send(&app).await;
    let card: dangxiao::model::Scorecard = serde_json::from_str(&answer.body).unwrap();
    assert!(card.may_enter.is_empty());

    let overall_before = score(&pool, own, 2017, Criterion::Venue, EvalMethod::Overall).await;
    let body = format!("school_id={own}&year=2017&scores%5Bvenue__site_visit%5D=88.5&scores%5Bvenue__overall%5D=10");
    let answer = Call::form("/api/save_scorecard", &body).signed_in(&supervisor).send(&app).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(score(&pool, own, 2017, Criterion::Venue, EvalMethod::SiteVisit).await, Some(88.5));
    // The other columns are not the supervisor's: left as they were.
    assert_eq!(score(&pool, own, 2017, Criterion::Venue, EvalMethod::Overall).await, overall_before);
    // Another group's school: refused.
    let body = format!("school_id={other}&year=2017&scores%5Bvenue__site_visit%5D=88.5");
    let answer = Call::form("/api/save_scorecard", &body).signed_in(&supervisor).send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
}

#[tokio::test]
async fn the_trainees_questionnaire_fills_the_trainee_evaluation_column() {
    use crate::common::web::{sign_in, Call};
    use axum::http::StatusCode;
    use dangxiao::rules::six_haves::trainee_scores;
    let (_db, pool) = demo_database().await;
    let app = common::app(&pool).await;
    let org = sign_in(&app, "orgadmin", "10.0.0.1").await;
    // The school with the most answers in 2016, and its means per scale.
    let (school, n, content, teaching, organisation, usefulness): (i64, i64, f64, f64, f64, f64) = sqlx::query_as(
        "SELECT c.school_id, COUNT(*), AVG(CAST(f.content AS DOUBLE PRECISION)), AVG(CAST(f.teaching AS DOUBLE PRECISION)), \
                AVG(CAST(f.organisation AS DOUBLE PRECISION)), AVG(CAST(f.usefulness AS DOUBLE PRECISION)) \
         FROM class_feedback f JOIN classes c ON c.id = f.class_id \
         WHERE c.starts_at >= '2016-01-01' AND c.starts_at < '2017-01-01' \
         GROUP BY c.school_id ORDER BY COUNT(*) DESC, c.school_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(n >= 5, "{n} answers");
    let expected = trainee_scores(&[content, teaching, organisation, usefulness]);
    // The card shows what the questionnaire gives.
    let answer = Call::form("/api/scorecard", &format!("school_id={school}&year=2016")).signed_in(&org).send(&app).await;
    let card: dangxiao::model::Scorecard = serde_json::from_str(&answer.body).unwrap();
    let q = card.questionnaire.expect("enough answers");
    assert_eq!((q.answers, q.suggested.clone()), (n as usize, expected.to_vec()));
    // Filled in: the column is the questionnaire's.
    let answer = Call::form("/api/fill_trainee_scores", &format!("school_id={school}&year=2016")).signed_in(&org).send(&app).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    for (criterion, value) in Criterion::ALL.iter().zip(expected) {
        assert_eq!(score(&pool, school, 2016, *criterion, EvalMethod::TraineeEvaluation).await, Some(value), "{criterion:?}");
    }
    // A supervisor may not; a school without enough answers is told why.
    let supervisor = sign_in(&app, "supervisor", "10.0.0.2").await;
    let answer = Call::form("/api/fill_trainee_scores", &format!("school_id={school}&year=2016")).signed_in(&supervisor).send(&app).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let (quiet,): (i64,) = sqlx::query_as(
        "SELECT MIN(s.id) FROM schools s WHERE s.opened_on <= '2016-12-31' AND (SELECT COUNT(*) FROM class_feedback f JOIN classes c ON c.id = f.class_id \
         WHERE c.school_id = s.id AND c.starts_at >= '2016-01-01' AND c.starts_at < '2017-01-01') < 5",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let answer = Call::form("/api/fill_trainee_scores", &format!("school_id={quiet}&year=2016")).signed_in(&org).send(&app).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body.contains("不足 5 份"), "{}", answer.body);
}

#[tokio::test]
async fn the_units_assessment_turns_bands_and_podium_completion_into_points() {
    use crate::common::web::{sign_in, Call};
    use axum::http::StatusCode;
    use dangxiao::model::Assessment;
    use dangxiao::rules::assessment::Points;
    let (_db, pool) = demo_database().await;
    let app = common::app(&pool).await;
    let org = sign_in(&app, "orgadmin", "10.0.0.1").await;
    let read = |cookie: String| {
        let app = app.clone();
        async move {
            let answer = Call::form("/api/assessment", "year=2016").signed_in(&cookie).send(&app).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            serde_json::from_str::<Assessment>(&answer.body).unwrap()
        }
    };
    // 2016, banded, the default points: a line per unit, band and podium as points, highest first.
    let a = read(org.clone()).await;
    assert!(a.banded && !a.set);
    let points = Points::default();
    for u in &a.units {
        assert_eq!(u.band_points, u.band.map_or(0.0, |b| points.of_band(b)), "{u:?}");
        assert_eq!(u.podium_points, points.of_podium(u.podium_due, u.podium_done), "{u:?}");
        assert_eq!(u.total, u.band_points + u.podium_points);
    }
    assert!(a.units.windows(2).all(|w| w[0].total >= w[1].total));
    assert_eq!(a.units.iter().filter(|u| u.band == Some(Band::Demonstration)).count(), 3);
    assert!(a.units.iter().any(|u| u.podium_due > 0 && u.podium_done < u.podium_due), "some units still owe lectures");

    // The organisation department sets the points; out of range is refused, naming the field.
    let bad = Call::form("/api/set_assessment_points", "demonstration=101&excellent=8&qualified=6&unqualified=0&podium=5")
        .signed_in(&org)
        .send(&app)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("示范"), "{}", bad.body);
    let set = Call::form("/api/set_assessment_points", "demonstration=12&excellent=9.5&qualified=6&unqualified=0&podium=8")
        .signed_in(&org)
        .send(&app)
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let a = read(org.clone()).await;
    assert!(a.set && a.podium_points == 8.0);
    assert!(a.units.iter().filter(|u| u.band == Some(Band::Demonstration)).all(|u| u.band_points == 12.0));
    assert!(a.units.iter().all(|u| u.podium_points <= 8.0) && a.units.iter().any(|u| u.podium_points == 8.0));

    // A school admin sees their own unit's line only; a cadre nothing.
    let admin = sign_in(&app, "schooladmin", "10.0.0.2").await;
    let mine = read(admin).await;
    let (host,): (String,) = sqlx::query_as(
        "SELECT u.name FROM accounts a JOIN schools s ON s.id = a.school_id JOIN units u ON u.id = s.host_unit_id WHERE a.username = 'schooladmin'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(mine.scoped_to.as_deref(), Some(host.as_str()));
    assert!(mine.units.iter().all(|u| u.unit == host) && mine.units.len() == 1, "{:?}", mine.units);
    let cadre = sign_in(&app, "cadre", "10.0.0.3").await;
    assert_eq!(Call::form("/api/assessment", "year=2016").signed_in(&cadre).send(&app).await.status, StatusCode::FORBIDDEN);
}
