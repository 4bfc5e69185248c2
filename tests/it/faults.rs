//! Issue #17, part 7: faults and files. A dead database answers 503 quickly, a connection
//! killed under a read or a write that did not commit is retried once on a fresh one, the
//! SQLite files are the owner's only, the Origin check trusts only what it should, import
//! errors do not repeat a cell, and access is checked before an administrator's form is judged.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use virksomhedscenter::db::{Db, DbUrl, PoolOptions};
use virksomhedscenter::error::AppError;

use crate::helpers::{TestApp, TestDb, ADMIN, CONSULTANT_A};

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// A database that refuses connections answers 503 within the checkout timeout (2 s by
/// default), not after ten seconds.
#[actix_web::test]
async fn a_dead_database_answers_503_within_three_seconds() {
    let url = DbUrl::parse("postgres://postgres@127.0.0.1:1/none").expect("url");
    let db = Db::connect(&url, &PoolOptions::default()).expect("pool without connecting");
    let started = Instant::now();
    let res = db.read(|_conn| Ok(())).await;
    assert!(matches!(res, Err(AppError::Unavailable(_))), "{res:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

/// A connection terminated while a read or a write runs on it: the work runs once more on a
/// fresh connection and succeeds (on SQLite there is no server to lose; the test needs one).
#[actix_web::test]
async fn a_connection_killed_mid_request_is_retried_once() {
    let test_db = TestDb::new();
    let DbUrl::Postgres(url) = test_db.url().clone() else {
        // SQLite: no connection can be cut from outside; nothing to test here.
        return;
    };
    let db = Db::connect(test_db.url(), &PoolOptions::default()).expect("connect");
    db.migrate().expect("migrate");
    let name = url
        .rsplit('/')
        .next()
        .and_then(|n| n.split('?').next())
        .unwrap_or_default()
        .to_string();
    // Kill every backend of the test database but the killer's own, once, shortly after.
    let killer = |delay: u64| {
        let admin =
            crate::helpers::without_tls(&std::env::var("TEST_DATABASE_URL").expect("postgres"));
        let name = name.clone();
        std::thread::spawn(move || {
            use diesel::prelude::*;
            std::thread::sleep(Duration::from_millis(delay));
            let mut c = diesel::PgConnection::establish(&admin).expect("admin connection");
            diesel::sql_query(format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = '{name}' AND pid <> pg_backend_pid() AND state = 'active'"
            ))
            .execute(&mut c)
            .expect("terminate")
        })
    };
    use diesel::RunQueryDsl;
    let k = killer(300);
    let res = db
        .read(|conn| {
            diesel::sql_query("SELECT pg_sleep(1)").execute(conn)?;
            Ok(())
        })
        .await;
    assert!(k.join().expect("killer") >= 1, "a backend was terminated");
    assert!(res.is_ok(), "the read ran again: {res:?}");
    let k = killer(300);
    let res = db
        .write(|conn| {
            diesel::sql_query("SELECT pg_sleep(1)").execute(conn)?;
            Ok(())
        })
        .await;
    assert!(k.join().expect("killer") >= 1, "a backend was terminated");
    assert!(
        res.is_ok(),
        "the write that had not committed ran again: {res:?}"
    );
}

#[actix_web::test]
async fn the_sqlite_folder_database_and_backups_are_the_owners_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("data").join("vc.db");
    let db = Db::connect(&DbUrl::Sqlite(path.clone()), &PoolOptions::default()).expect("connect");
    db.migrate().expect("migrate");
    assert_eq!(mode(&dir.path().join("data")), 0o700, "the folder");
    assert_eq!(mode(&path), 0o600, "the database");
    let wal = path.with_extension("db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "the WAL file");
    }
    let copy = dir.path().join("data").join("copy.db");
    virksomhedscenter::db::backup_sqlite(&db, &copy)
        .await
        .expect("backup");
    assert_eq!(mode(&copy), 0o600, "the backup");
    // An existing database file made by an older version is narrowed too.
    let old = dir.path().join("old.db");
    std::fs::write(&old, b"").expect("file");
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    Db::connect(&DbUrl::Sqlite(old.clone()), &PoolOptions::default()).expect("connect");
    assert_eq!(mode(&old), 0o600);
}

/// The Origin check compares with the request's own host and scheme: forwarded headers count
/// only behind a trusted proxy, and another scheme is another origin.
#[actix_web::test]
async fn the_origin_check_trusts_no_forwarded_header_and_minds_the_scheme() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let csrf = app.csrf(&b, "/companies/new").await;
    let form = [
        ("csrf", csrf.as_str()),
        ("cvr", "25313763"),
        ("name", "Ny ApS"),
        ("sector", "private"),
        ("address", "Vej 1"),
        ("postcode", "5500"),
        ("city", "Middelfart"),
        ("ordinary_employees", "5"),
    ];
    let host = app.base.trim_start_matches("http://").to_string();
    let res = b
        .post(app.url("/companies"))
        .header("origin", "http://evil.example")
        .header("x-forwarded-host", "evil.example")
        .header("forwarded", "host=evil.example;proto=http")
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "forged forwarded host");
    let res = b
        .post(app.url("/companies"))
        .header("origin", format!("https://{host}"))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "another scheme");
    let res = b
        .post(app.url("/companies"))
        .header("origin", format!("http://{host}"))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the server's own origin"
    );
}

#[actix_web::test]
async fn import_errors_name_the_column_and_line_without_repeating_a_cell() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let id = app.campaign(&admin, "Kampagne", "2009-06", "2011-06").await;
    let body = "Jobcenter;Måned;Målgruppe;0101901234\r\n\
                010190-1234;2011-03;5\r\n";
    let res = app.import_figures_csv(&admin, &id, body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.expect("body");
    assert!(text.contains("line[1].header"), "{text}");
    assert!(
        !text.contains("0101901234") && !text.contains("010190"),
        "{text}"
    );
    let body = "Jobcenter;Måned;Målgruppe\r\n010190-1234;2011-03;5\r\n";
    let res = app.import_figures_csv(&admin, &id, body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.expect("body");
    assert!(text.contains("line[2].jobcenter_id"), "{text}");
    assert!(!text.contains("010190"), "{text}");
}

/// A consultant sending an administrator's form or body, however wrong, gets 403: who may is
/// decided before what was sent is judged.
#[actix_web::test]
async fn access_is_checked_before_an_administrators_form_is_validated() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let a = app.token(CONSULTANT_A).await;
    let id = app.campaign(&admin, "Kampagne", "2009-06", "2011-06").await;
    let user = app.user_id(CONSULTANT_A);
    for (method, path, body) in [
        ("POST", "/api/v1/jobcenters".to_string(), json!({"name": 5})),
        (
            "PATCH",
            format!("/api/v1/jobcenters/{}", app.seed.jobcenter_a),
            json!({"kommunekoder": "x"}),
        ),
        ("POST", "/api/v1/users".to_string(), json!({"email": 1})),
        (
            "PATCH",
            format!("/api/v1/users/{user}"),
            json!({"active": "x"}),
        ),
        ("POST", "/api/v1/campaigns".to_string(), json!({"name": []})),
        (
            "PATCH",
            format!("/api/v1/campaigns/{id}"),
            json!({"name": 7}),
        ),
    ] {
        let res = if method == "POST" {
            app.post(&a, &path, &body).await
        } else {
            app.patch(&a, &path, &body).await
        };
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    // The page: the campaign's edit form with nonsense from a consultant.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let csrf = app.csrf(&b, "/account").await;
    let res = b
        .post(app.url(&format!("/campaigns/{id}/edit")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", ""),
            ("baseline_month", "x"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
