use diesel::prelude::*;
use diesel::sql_types::BigInt;
use reqwest::StatusCode;
use virksomhedscenter::db::{Db, PoolOptions};

use crate::helpers::{json, TestApp, TestDb};

#[actix_web::test]
async fn health_answers_when_the_database_does() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["status"], "ok");
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[actix_web::test]
async fn migrations_build_an_empty_database_and_are_idempotent() {
    let test_db = TestDb::new();
    let db = Db::connect(test_db.url(), &PoolOptions::default()).expect("connect");
    let applied = db.migrate().expect("first migration run");
    assert!(!applied.is_empty(), "a new database gets every migration");
    let again = db.migrate().expect("second run");
    assert!(
        again.is_empty(),
        "nothing is pending the second time: {again:?}"
    );
    let mut conn = db.read_conn().expect("conn");
    for table in [
        "jobcenters",
        "municipalities",
        "companies",
        "worksites",
        "users",
        "sessions",
    ] {
        let c: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result(&mut conn)
            .unwrap_or_else(|e| panic!("table {table} missing: {e}"));
        assert_eq!(c.n, 0, "{table} starts empty");
    }
    drop(conn);
    drop(db);
}

#[actix_web::test]
async fn foreign_keys_are_enforced() {
    let app = TestApp::spawn().await;
    let mut conn = app.db.write_conn().expect("conn");
    let result = diesel::sql_query(
        "INSERT INTO worksites (id, company_id, p_number, name, address, postcode, city, ordinary_employees, created_at) \
         VALUES ('w1', 'no-such-company', '1234567890', 'x', 'x', '5500', 'x', 1, '2020-01-01 00:00:00')",
    )
    .execute(&mut conn);
    assert!(
        result.is_err(),
        "a worksite of an unknown company is refused"
    );
}

#[actix_web::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/login"))
        .send()
        .await
        .expect("login page");
    let h = res.headers();
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap_or("")
        .contains("frame-ancestors 'none'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    let cookie = h
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("").to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[actix_web::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("openapi");
    assert_eq!(res.status(), StatusCode::OK);
    let doc = json(res).await;
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3."));
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/health", "get"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/users", "get"),
        ("/api/v1/users", "post"),
        ("/api/v1/jobcenters", "get"),
        ("/api/v1/jobcenters", "post"),
        ("/api/v1/jobcenters/{id}", "get"),
        ("/api/v1/jobcenters/{id}", "patch"),
        ("/api/v1/companies", "get"),
        ("/api/v1/companies", "post"),
        ("/api/v1/companies/{id}", "get"),
        ("/api/v1/companies/{id}", "patch"),
        ("/api/v1/companies/{id}/worksites", "get"),
        ("/api/v1/companies/{id}/worksites", "post"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is documented"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[derive(QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    v: String,
}

#[actix_web::test]
async fn sqlite_is_set_up_for_a_server() {
    let test_db = TestDb::new();
    if !matches!(test_db.url(), virksomhedscenter::db::DbUrl::Sqlite(_)) {
        // The PRAGMAs are SQLite's; on PostgreSQL this test has nothing to check.
        return;
    }
    let db = Db::connect(test_db.url(), &PoolOptions::default()).expect("connect");
    let mut conn = db.read_conn().expect("conn");
    let mode: Text = diesel::sql_query("SELECT journal_mode AS v FROM pragma_journal_mode")
        .get_result(&mut conn)
        .expect("journal_mode");
    assert_eq!(mode.v, "wal");
    let fk: Count = diesel::sql_query("SELECT foreign_keys AS n FROM pragma_foreign_keys")
        .get_result(&mut conn)
        .expect("foreign_keys");
    assert_eq!(fk.n, 1);
    let busy: Count = diesel::sql_query("SELECT timeout AS n FROM pragma_busy_timeout")
        .get_result(&mut conn)
        .expect("busy_timeout");
    assert!(busy.n >= 1000);
    let sync: Count = diesel::sql_query("SELECT synchronous AS n FROM pragma_synchronous")
        .get_result(&mut conn)
        .expect("synchronous");
    assert_eq!(sync.n, 1, "NORMAL");
}

/// The whole OpenAPI document against the reviewed copy in `tests/openapi.json` (#19): a change
/// of the API shows up in review as a change of that file. After an intended change, write the
/// new document with `VC_UPDATE_SNAPSHOTS=1 cargo test openapi_document_is_the_reviewed_one`
/// and commit it.
#[test]
fn the_openapi_document_is_the_reviewed_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi.json");
    let now = virksomhedscenter::openapi::json();
    if std::env::var("VC_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, format!("{now}\n")).expect("write the snapshot");
        return;
    }
    let reviewed = std::fs::read_to_string(&path).expect("tests/openapi.json");
    assert!(
        reviewed.trim_end() == now.trim_end(),
        "the OpenAPI document changed: review the difference, then run \
         VC_UPDATE_SNAPSHOTS=1 cargo test openapi_document_is_the_reviewed_one and commit tests/openapi.json"
    );
}
