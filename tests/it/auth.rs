use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, PASSWORD};

#[actix_web::test]
async fn api_login_gives_a_token_that_works_until_logout() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "Konsulent.A@test.dk", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), StatusCode::OK);
    let body = json(res).await;
    let token = body["token"].as_str().expect("token").to_string();
    assert_eq!(body["user"]["email"], CONSULTANT_A);
    assert_eq!(body["user"]["role"], "consultant");
    assert_eq!(body["user"]["jobcenter_id"], app.seed.jobcenter_a.as_str());
    assert!(body["user"].get("password").is_none() && body["user"].get("password_hash").is_none());

    let me = app.get(&token, "/api/v1/me").await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(json(me).await["email"], CONSULTANT_A);

    let out = app.post(&token, "/api/v1/auth/logout", &json!({})).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let me = app.get(&token, "/api/v1/me").await;
    assert_eq!(
        me.status(),
        StatusCode::UNAUTHORIZED,
        "a revoked token no longer works"
    );
}

#[actix_web::test]
async fn wrong_credentials_get_the_same_401_whether_or_not_the_email_exists() {
    let app = TestApp::spawn().await;
    let attempt = |email: &'static str, password: &'static str| {
        let app = &app;
        async move {
            let res = app
                .http
                .post(app.url("/api/v1/auth/login"))
                .json(&json!({"email": email, "password": password}))
                .send()
                .await
                .expect("login");
            (res.status(), json(res).await)
        }
    };
    let (s1, b1): (StatusCode, Value) = attempt(ADMIN, "forkert-adgangskode").await;
    let (s2, b2) = attempt("nobody@test.dk", "forkert-adgangskode").await;
    let (s3, b3) = attempt("not an email", "x").await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!(s2, StatusCode::UNAUTHORIZED);
    assert_eq!(s3, StatusCode::UNAUTHORIZED);
    assert_eq!(b1, b2);
    assert_eq!(b2, b3);
}

#[actix_web::test]
async fn requests_without_or_with_a_bad_token_are_401() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let res = app.get("not-a-token", "/api/v1/companies").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // A browser session cookie is not an API credential.
    let b = app.browser_logged_in(ADMIN).await;
    let res = b.get(app.url("/api/v1/me")).send().await.expect("me");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn admins_create_users_whose_password_is_never_returned() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let res = app
        .post(
            &admin,
            "/api/v1/users",
            &json!({"email": "ny@test.dk", "name": "Ny Mentor", "role": "mentor",
                    "company_id": app.seed.company_x, "password": "en lang og god sætning"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body = json(res).await;
    assert!(body["id"].is_string());
    assert_eq!(body["company_id"], app.seed.company_x.as_str());
    assert!(!body.to_string().contains("sætning") && body.get("password").is_none());
    let token = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "ny@test.dk", "password": "en lang og god sætning"}))
        .send()
        .await
        .expect("login");
    assert_eq!(token.status(), StatusCode::OK, "the new user can log in");

    // Validation names the fields; a taken e-mail is a field error too.
    let res = app
        .post(
            &admin,
            "/api/v1/users",
            &json!({"email": "ny@test.dk", "name": "", "role": "consultant", "password": "kort"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    for f in ["name", "jobcenter_id", "password"] {
        assert!(fields[f].is_array(), "{f}: {fields}");
    }
    let res = app
        .post(&admin, "/api/v1/users", &json!({"email": "NY@test.dk", "name": "Igen", "role": "admin", "password": "en lang og god sætning"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(res).await["fields"]["email"].is_array(),
        "the e-mail is taken, in any case"
    );
    let res = app
        .post(
            &admin,
            "/api/v1/users",
            &json!({"email": "x@test.dk", "name": "X", "role": "consultant",
            "jobcenter_id": "no-such-jobcenter", "password": "en lang og god sætning"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["jobcenter_id"].is_array());

    let list = app.get(&admin, "/api/v1/users?q=ny%40test").await;
    let list = json(list).await;
    assert_eq!(list["total"], 1);
    assert!(list["items"][0].get("password_hash").is_none());
}
