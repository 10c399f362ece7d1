//! Malformed requests to every server function through the real router, as a careless program or an
//! attacker sends them: wrong types, missing and repeated fields, huge strings, bad UTF-8, random
//! JSON and random multipart. Never a 5xx, never a panic (a panic would be a 500 here). SQLite only:
//! the server functions are the same on both backends. Seeded: a failure names its case.

use crate::common::demo_database;
use crate::common::web::{sign_in, Call};
use dangxiao::server::http;
use rand::{seq::SliceRandom, Rng, SeedableRng};

/// Cases per server function.
const CASES: usize = 300;

const NAMES: &[&str] = &[
    "id",
    "class_id",
    "school_id",
    "person_id",
    "year",
    "month",
    "group_id",
    "account_id",
    "claim_id",
    "visit_id",
    "nomination_id",
    "username",
    "password",
    "next",
    "code",
    "token",
    "decision",
    "step",
    "action",
    "reason",
    "title",
    "hours",
    "period",
    "unit",
    "roles[cadre]",
    "roles[org_admin]",
    "plan[title]",
    "plan[starts_at]",
    "scores[teaching]",
    "lecturer",
    "given_on",
    "venue",
    "new_password",
    "current",
    "confirm",
    "category",
    "score",
    "teacher_id",
    "findings",
    "visited_on",
    "active",
    "file",
];

fn value(rng: &mut impl Rng) -> String {
    match rng.gen_range(0..14) {
        0 => String::new(),
        1 => rng.gen::<i64>().to_string(),
        2 => "-1".into(),
        3 => "9223372036854775808".into(),
        4 => "1e309".into(),
        5 => "NaN".into(),
        6 => "%FF%FE%C0%AF".into(), // bad UTF-8 once decoded
        7 => "x".repeat(rng.gen_range(1_000..200_000)),
        8 => "2017-02-30".into(),
        9 => "%00%0A%0D%09".into(),
        10 => "中文%E4%B8".into(),
        11 => "[]{}\"'<script>".into(),
        12 => rng.gen_range(0..3000).to_string(),
        _ => "2016".into(),
    }
}

fn form(rng: &mut impl Rng) -> String {
    let n = rng.gen_range(0..12);
    (0..n)
        .map(|_| {
            let name = NAMES.choose(rng).unwrap();
            let name = if rng.gen_bool(0.1) { format!("{name}[x][y]") } else { name.to_string() };
            format!("{}={}", name.replace('[', "%5B").replace(']', "%5D"), value(rng))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn json(rng: &mut impl Rng) -> String {
    let fields: Vec<String> = (0..rng.gen_range(0..6))
        .map(|_| {
            let v = match rng.gen_range(0..6) {
                0 => "null".to_string(),
                1 => rng.gen::<i32>().to_string(),
                2 => "[1,2,{\"a\":[]}]".to_string(),
                3 => format!("\"{}\"", "y".repeat(rng.gen_range(0..50_000))),
                4 => "true".to_string(),
                _ => "{\"nested\":{\"deeper\":[[[[]]]]}}".to_string(),
            };
            format!("\"{}\":{v}", NAMES.choose(rng).unwrap())
        })
        .collect();
    if rng.gen_bool(0.2) {
        "{\"unterminated\": [".into()
    } else {
        format!("{{{}}}", fields.join(","))
    }
}

fn multipart_body(rng: &mut impl Rng, boundary: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for _ in 0..rng.gen_range(0..8) {
        let name = NAMES.choose(rng).unwrap();
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if rng.gen_bool(0.4) {
            body.extend_from_slice(b"; filename=\"f.xlsx\"");
        }
        body.extend_from_slice(b"\r\n\r\n");
        let len = rng.gen_range(0..20_000);
        let bytes: Vec<u8> = match rng.gen_range(0..4) {
            0 => b"PK\x03\x04".iter().copied().chain((0..len).map(|_| rng.gen())).collect(),
            1 => "人员编号,姓名\n1,张三\n".repeat(len / 20 + 1).into_bytes(),
            2 => (0..len).map(|_| rng.gen()).collect(),
            _ => value(rng).into_bytes(),
        };
        body.extend_from_slice(&bytes);
        body.extend_from_slice(b"\r\n");
    }
    if rng.gen_bool(0.8) {
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    }
    body
}

#[tokio::test]
async fn no_malformed_request_gets_a_server_error() {
    // How server functions take malformed input does not depend on the database: once, on SQLite.
    if crate::common::backend() != dangxiao::server::db::Backend::Sqlite {
        return eprintln!("SQLite only: the malformed requests never reach the database");
    }
    let (_db, pool) = demo_database().await;
    let options = leptos::prelude::get_configuration(None).unwrap().leptos_options;
    let app = http::router_with(options, pool, Default::default(), crate::common::CLOCK).await.unwrap();
    let admin = sign_in(&app, "orgadmin", "10.9.0.1").await;
    let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p).filter(|p| p.starts_with("/api/")).collect();
    paths.sort();
    paths.dedup();
    assert!(paths.len() > 40, "the server functions are registered: {}", paths.len());
    for path in paths {
        // Signing out or changing the org admin's password would end the session the cases use.
        if path == "/api/logout" {
            continue;
        }
        for case in 0..CASES {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(case as u64);
            let (content_type, body): (String, Vec<u8>) = match rng.gen_range(0..5) {
                0 | 1 => ("application/x-www-form-urlencoded".into(), form(&mut rng).into_bytes()),
                2 => ("application/json".into(), json(&mut rng).into_bytes()),
                3 => {
                    let boundary = if rng.gen_bool(0.9) { "fuzzboundary" } else { "" };
                    (format!("multipart/form-data; boundary={boundary}"), multipart_body(&mut rng, "fuzzboundary"))
                }
                _ => ("text/plain".into(), (0..rng.gen_range(0..5000)).map(|_| rng.gen()).collect()),
            };
            let mut call = Call::form(path, "").signed_in(&admin).from("10.9.0.2");
            call.content_type = Some(&content_type);
            let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            call.body = body;
            let answer = call.send(&app).await;
            assert!(
                !answer.status.is_server_error(),
                "{path}, case {case} ({content_type}): {} {} — request: {shown}",
                answer.status,
                &answer.body[..answer.body.len().min(300)]
            );
        }
    }
}
