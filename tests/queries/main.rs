//! The query budget of the main pages (#23): how many statements each page sends to the
//! database, counted with diesel's instrumentation (`db::queries_started`), against a budget it
//! may not grow past. Its own test binary, with one test, so no other test's queries are counted.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails loudly where it assumed

#[path = "../it/helpers.rs"]
#[allow(dead_code)]
mod helpers;
#[path = "../support/smtp_sink.rs"]
mod smtp_sink;

use diesel::prelude::*;
use helpers::TestApp;
use reqwest::StatusCode;
use virksomhedscenter::db::queries_started;
use virksomhedscenter::db::schema::{campaigns, placement_agreements};

/// The statements one GET of `path` sends, after two warm-up requests (caches, new pooled
/// connections and their PRAGMAs are not the page's).
async fn count(app: &TestApp, b: &reqwest::Client, path: &str) -> u64 {
    for _ in 0..2 {
        let res = b.get(app.url(path)).send().await.expect("page");
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.text().await.expect("body");
    }
    let before = queries_started();
    let res = b.get(app.url(path)).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.expect("body");
    queries_started() - before
}

#[actix_web::test]
async fn the_main_pages_stay_within_their_query_budgets() {
    let app = TestApp::spawn_demo().await;
    let (placement, contract): (String, String) = {
        let mut conn = app.db.read_conn().expect("conn");
        placement_agreements::table
            .filter(placement_agreements::accepted_version.is_not_null())
            .select((
                placement_agreements::placement_id,
                placement_agreements::contract_id,
            ))
            .first(&mut conn)
            .expect("the demo's accepted agreement")
    };
    let campaign: String = {
        let mut conn = app.db.read_conn().expect("conn");
        campaigns::table
            .select(campaigns::id)
            .first(&mut conn)
            .expect("the demo's campaign")
    };
    let b = app.browser();
    let res = app
        .login_form(&b, "karin.holm@middelfart.dk", "virksomhedscenter", "/")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let today = virksomhedscenter::clock::today();
    let week = virksomhedscenter::hours::model::IsoWeek::of(today);
    // (page, budget): the statements the page sent when the budget was set (docs/benchmarks.md,
    // "Queries per page"). Lower a budget when a page gets cheaper; never raise one to pass.
    let pages: Vec<(String, u64)> = vec![
        ("/".into(), 20),
        ("/contracts".into(), 4),
        (format!("/contracts/{contract}"), 14),
        (format!("/contracts/{contract}/seats"), 13),
        (format!("/hours?contract_id={contract}&week={week}"), 9),
        (format!("/campaigns/{campaign}"), 10),
        (format!("/placements/{placement}"), 18),
        (format!("/placements/{placement}/agreement"), 9),
        (format!("/placements/{placement}/attendance"), 10),
    ];
    let backend = if app.test_db.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let mut over = Vec::new();
    for (path, budget) in &pages {
        let n = count(&app, &b, path).await;
        eprintln!("queries {backend}: {n:>3} (budget {budget:>3}) {path}");
        if n > *budget {
            over.push(format!("{path}: {n} queries, budget {budget}"));
        }
    }
    assert!(
        over.is_empty(),
        "pages over their query budget:\n{}",
        over.join("\n")
    );
}
