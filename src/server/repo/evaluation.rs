//! The yearly six-haves evaluation: scores, weights, subsidies and rectifications in the database;
//! totals and bands from `rules::six_haves` on every read (never stored, so never stale).

use crate::model::{Band, Criterion, EvalMethod, EvaluatedSchool, Evaluation, Moment, RectificationStatus, RectificationView, Scorecard};
use crate::rules::six_haves::{
    band_schools, band_subsidy, rectification_overdue, scorecard_total, Grid, Scored, DEFAULT_WEIGHTS, TIE_RULE,
};
use crate::server::db::Pool;
use crate::server::Clock;
use std::collections::HashMap;

/// The year's method weights (per cent, `EvalMethod::ALL` order) and whether they were set.
pub async fn weights(pool: &Pool, year: i32) -> Result<([f64; 4], bool), sqlx::Error> {
    let rows: Vec<(String, f64)> =
        sqlx::query_as("SELECT method, weight FROM evaluation_weights WHERE year = $1").bind(year as i64).fetch_all(pool).await?;
    let mut weights = DEFAULT_WEIGHTS;
    let mut set = 0;
    for (method, weight) in rows {
        if let Some(m) = EvalMethod::ALL.iter().position(|x| x.as_code() == method) {
            weights[m] = weight;
            set += 1;
        }
    }
    Ok(if set == 4 { (weights, true) } else { (DEFAULT_WEIGHTS, false) })
}

pub async fn set_weights(pool: &Pool, year: i32, weights: [f64; 4]) -> Result<(), sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    for (method, weight) in EvalMethod::ALL.iter().zip(weights) {
        sqlx::query(
            "INSERT INTO evaluation_weights (year, method, weight) VALUES ($1, $2, $3) \
             ON CONFLICT (year, method) DO UPDATE SET weight = excluded.weight",
        )
        .bind(year as i64)
        .bind(method.as_code())
        .bind(weight)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// (demonstration, excellent) subsidy in yuan, and whether they were set (else 0).
pub async fn subsidies(pool: &Pool, year: i32) -> Result<(f64, f64, bool), sqlx::Error> {
    let rows: Vec<(String, f64)> =
        sqlx::query_as("SELECT band, amount FROM band_subsidies WHERE year = $1").bind(year as i64).fetch_all(pool).await?;
    let get = |b: Band| rows.iter().find(|(code, _)| code == b.as_code()).map(|(_, a)| *a);
    let (d, e) = (get(Band::Demonstration), get(Band::Excellent));
    Ok((d.unwrap_or(0.0), e.unwrap_or(0.0), d.is_some() && e.is_some()))
}

pub async fn set_subsidies(pool: &Pool, year: i32, demonstration: f64, excellent: f64) -> Result<(), sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    for (band, amount) in [(Band::Demonstration, demonstration), (Band::Excellent, excellent)] {
        sqlx::query(
            "INSERT INTO band_subsidies (year, band, amount) VALUES ($1, $2, $3) \
             ON CONFLICT (year, band) DO UPDATE SET amount = excluded.amount",
        )
        .bind(year as i64)
        .bind(band.as_code())
        .bind(amount)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Years with any score, oldest first.
pub async fn years(pool: &Pool) -> Result<Vec<i32>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM evaluation_scores ORDER BY year").fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// The schools evaluated in `year`: every school opened by the year's end and not closed.
pub async fn schools_of_year(pool: &Pool, year: i32) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM schools WHERE opened_on <= $1 AND status <> 'closed' ORDER BY id")
        .bind(format!("{year}-12-31"))
        .fetch_all(pool)
        .await
}

async fn grids(pool: &Pool, year: i32, school: Option<i64>) -> Result<HashMap<i64, Grid>, sqlx::Error> {
    let rows: Vec<(i64, String, String, f64)> = sqlx::query_as(
        "SELECT school_id, criterion, method, score FROM evaluation_scores WHERE year = $1 AND ($2 IS NULL OR school_id = $2)",
    )
    .bind(year as i64)
    .bind(school)
    .fetch_all(pool)
    .await?;
    let mut grids: HashMap<i64, Grid> = HashMap::new();
    for (school, criterion, method, score) in rows {
        let c = Criterion::ALL.iter().position(|x| x.as_code() == criterion);
        let m = EvalMethod::ALL.iter().position(|x| x.as_code() == method);
        if let (Some(c), Some(m)) = (c, m) {
            grids.entry(school).or_insert([[None; 4]; 6])[c][m] = Some(score);
        }
    }
    Ok(grids)
}

/// The year's evaluation; `year` defaults to the latest year with scores (or the current year).
pub async fn evaluation(pool: &Pool, year: Option<i32>, clock: &Clock) -> Result<Evaluation, sqlx::Error> {
    let years = years(pool).await?;
    let year = year.or(years.last().copied()).unwrap_or_else(|| clock.year());
    let (weights, weights_set) = weights(pool, year).await?;
    let (demonstration, excellent, subsidy_set) = subsidies(pool, year).await?;
    let schools = schools_of_year(pool, year).await?;
    let grids = grids(pool, year, None).await?;
    let mut lines: Vec<EvaluatedSchool> = schools
        .iter()
        .map(|(id, name)| {
            let grid = grids.get(id);
            let totals = grid.and_then(|g| scorecard_total(g, &weights));
            EvaluatedSchool {
                school_id: *id,
                name: name.clone(),
                scored: grid.map_or(0, |g| g.iter().flatten().filter(|s| s.is_some()).count()),
                total: totals.map(|t| t.0),
                results: totals.map(|t| t.1),
                rank: None,
                band: None,
                tied: false,
                subsidy: 0.0,
            }
        })
        .collect();
    let complete = lines.iter().filter(|l| l.total.is_some()).count();
    let expected = lines.len();
    let banded = expected > 0 && complete == expected;
    let mut counts = Vec::new();
    let mut unqualified = None;
    if banded {
        let scored: Vec<Scored> = lines
            .iter()
            .map(|l| Scored { school_id: l.school_id, total: l.total.unwrap_or(0.0), results: l.results.unwrap_or(0.0) })
            .collect();
        let placed = band_schools(&scored);
        let mut by_id: HashMap<i64, EvaluatedSchool> = lines.drain(..).map(|l| (l.school_id, l)).collect();
        for p in placed {
            if let Some(mut line) = by_id.remove(&p.school_id) {
                line.rank = Some(p.rank);
                line.band = Some(p.band);
                line.tied = p.tied;
                line.subsidy = band_subsidy(p.band, demonstration, excellent);
                if p.band == Band::Unqualified {
                    unqualified = Some((line.school_id, line.name.clone()));
                }
                lines.push(line);
            }
        }
        counts = Band::ALL.iter().map(|b| (*b, lines.iter().filter(|l| l.band == Some(*b)).count())).collect();
    }
    let rectification = match &unqualified {
        Some((id, _)) => rectification(pool, *id, year, clock).await?,
        None => None,
    };
    Ok(Evaluation {
        year,
        years,
        weights: weights.to_vec(),
        weights_set,
        subsidy_demonstration: demonstration,
        subsidy_excellent: excellent,
        subsidy_set,
        subsidy_total: lines.iter().map(|l| l.subsidy).sum(),
        schools: lines,
        complete,
        expected,
        banded,
        unqualified,
        rectification,
        tie_rule: TIE_RULE.to_string(),
        band_chart: banded.then(|| crate::charts::options::json(&crate::charts::options::band_chart(&counts))),
        as_of: clock.now().to_string(),
        counts,
    })
}

/// The bands of the latest year whose evaluation is complete: (year, school → band).
pub async fn latest_bands(pool: &Pool, clock: &Clock) -> Result<Option<(i32, HashMap<i64, Band>)>, sqlx::Error> {
    for year in years(pool).await?.into_iter().rev() {
        let e = evaluation(pool, Some(year), clock).await?;
        if e.banded {
            return Ok(Some((year, e.schools.iter().filter_map(|s| Some((s.school_id, s.band?))).collect())));
        }
    }
    Ok(None)
}

/// One school's scorecard; `None` when the school is not evaluated that year.
pub async fn scorecard(pool: &Pool, school_id: i64, year: i32, clock: &Clock) -> Result<Option<Scorecard>, sqlx::Error> {
    let Some((_, school)) = schools_of_year(pool, year).await?.into_iter().find(|(id, _)| *id == school_id) else {
        return Ok(None);
    };
    let (weights, _) = weights(pool, year).await?;
    let grid = grids(pool, year, Some(school_id)).await?.remove(&school_id).unwrap_or([[None; 4]; 6]);
    let placed = evaluation(pool, Some(year), clock).await?.schools.into_iter().find(|s| s.school_id == school_id);
    Ok(Some(Scorecard {
        school_id,
        school,
        year,
        grid: grid.iter().map(|row| row.to_vec()).collect(),
        weights: weights.to_vec(),
        total: scorecard_total(&grid, &weights).map(|t| t.0),
        rank: placed.as_ref().and_then(|p| p.rank),
        band: placed.and_then(|p| p.band),
        may_enter: Vec::new(),
        questionnaire: questionnaire(pool, school_id, year).await?,
    }))
}

/// The trainees' questionnaire of a school's classes that began in `year`: the answers and the four
/// scales' means, and the 学员评价 they give — `None` below the anonymity threshold
/// (`rules::feedback::MIN_ANSWERS`).
pub async fn questionnaire(pool: &Pool, school_id: i64, year: i32) -> Result<Option<crate::model::Questionnaire>, sqlx::Error> {
    let (n, content, teaching, organisation, usefulness): (i64, Option<f64>, Option<f64>, Option<f64>, Option<f64>) = sqlx::query_as(
        "SELECT COUNT(*), AVG(CAST(f.content AS DOUBLE PRECISION)), AVG(CAST(f.teaching AS DOUBLE PRECISION)), \
                AVG(CAST(f.organisation AS DOUBLE PRECISION)), AVG(CAST(f.usefulness AS DOUBLE PRECISION)) \
         FROM class_feedback f JOIN classes c ON c.id = f.class_id \
         WHERE c.school_id = $1 AND c.starts_at >= $2 AND c.starts_at < $3",
    )
    .bind(school_id)
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{:04}-01-01", year + 1))
    .fetch_one(pool)
    .await?;
    let (Some(a), Some(b), Some(c), Some(d)) = (content, teaching, organisation, usefulness) else { return Ok(None) };
    if (n as usize) < crate::rules::feedback::MIN_ANSWERS {
        return Ok(None);
    }
    let means = [a, b, c, d];
    Ok(Some(crate::model::Questionnaire {
        answers: n as usize,
        means: means.to_vec(),
        suggested: crate::rules::six_haves::trainee_scores(&means).to_vec(),
    }))
}

/// Writes a school's scores for a year: a number sets the score, `None` clears it. One transaction.
pub async fn save_scores(
    pool: &Pool,
    actor: i64,
    school_id: i64,
    year: i32,
    scores: &[(Criterion, EvalMethod, Option<f64>)],
    now: &Moment,
) -> Result<(), sqlx::Error> {
    let mut tx = crate::server::db::begin_write(pool).await?;
    for (criterion, method, score) in scores {
        match score {
            Some(score) => {
                sqlx::query(
                    "INSERT INTO evaluation_scores (school_id, year, criterion, method, score, entered_by, entered_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (school_id, year, criterion, method) \
                     DO UPDATE SET score = excluded.score, entered_by = excluded.entered_by, entered_at = excluded.entered_at",
                )
                .bind(school_id)
                .bind(year as i64)
                .bind(criterion.as_code())
                .bind(method.as_code())
                .bind(score)
                .bind(actor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM evaluation_scores WHERE school_id = $1 AND year = $2 AND criterion = $3 AND method = $4")
                    .bind(school_id)
                    .bind(year as i64)
                    .bind(criterion.as_code())
                    .bind(method.as_code())
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await
}

type RectificationRow = (String, String, String, RectificationStatus, String);

pub async fn rectification(pool: &Pool, school_id: i64, year: i32, clock: &Clock) -> Result<Option<RectificationView>, sqlx::Error> {
    let row: Option<RectificationRow> = sqlx::query_as(
        "SELECT s.name, r.interview_on, r.deadline, r.status, r.note FROM rectifications r JOIN schools s ON s.id = r.school_id \
         WHERE r.school_id = $1 AND r.year = $2",
    )
    .bind(school_id)
    .bind(year as i64)
    .fetch_optional(pool)
    .await?;
    let today = clock.now();
    Ok(row.map(|(school, interview_on, deadline, status, note)| {
        let overdue = rectification_overdue(&deadline, status == RectificationStatus::Done, today.date());
        RectificationView { school_id, school, interview_on, deadline, status, note, overdue }
    }))
}

/// Records or updates the rectification of `school_id` for `year`.
#[allow(clippy::too_many_arguments)]
pub async fn save_rectification(
    pool: &Pool,
    actor: i64,
    school_id: i64,
    year: i32,
    interview_on: &str,
    deadline: &str,
    status: RectificationStatus,
    note: &str,
    now: &Moment,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO rectifications (school_id, year, interview_on, deadline, status, note, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (school_id, year) DO UPDATE SET \
         interview_on = excluded.interview_on, deadline = excluded.deadline, status = excluded.status, note = excluded.note, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(school_id)
    .bind(year as i64)
    .bind(interview_on)
    .bind(deadline)
    .bind(status.as_code())
    .bind(note)
    .bind(actor)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}
