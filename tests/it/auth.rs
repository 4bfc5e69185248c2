use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, PASSWORD};

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

async fn api_login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.api_login(email, password).await
}

/// Ten failures per account (and per address) in 15 minutes, then a wait that grows; the answer
/// is the same for an account that does not exist, and the right password waits too.
#[actix_web::test]
async fn failed_logins_are_limited_per_account_and_address() {
    let app = TestApp::spawn().await;
    for _ in 0..10 {
        let res = api_login(&app, CONSULTANT_A, "forkert-adgangskode").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    app.hold_login_failures();
    let res = api_login(&app, CONSULTANT_A, PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the right password waits too"
    );
    assert!(res.headers().get("retry-after").is_some());
    assert_eq!(json(res).await["error"], "too_many_requests");
    // The address has ten failures too: it is slowed, not locked. Another account from it is
    // checked as usual (after a short hold), with the same answer known or not.
    let known = api_login(&app, ADMIN, "forkert-adgangskode").await;
    let unknown = api_login(&app, "findes.ikke@test.dk", "forkert-adgangskode").await;
    assert_eq!(known.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(known).await["message"], json(unknown).await["message"]);
    // The page says so in Danish, with the same status.
    let b = app.browser();
    let csrf = app.csrf(&b, "/login").await;
    let res = b
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", CONSULTANT_A),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res
        .text()
        .await
        .expect("html")
        .contains("For mange mislykkede forsøg"));
    // After the wait (here: the failures moved back in time), the right password works and
    // clears the account's count.
    {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::login_failures as f;
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(f::table)
            .set(f::failed_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(16)))
            .execute(&mut *conn)
            .expect("age the failures");
    }
    let res = api_login(&app, CONSULTANT_A, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Issue #17: ten failed logins with made-up e-mails from one address (a municipality's proxy)
/// must not lock out the others behind it: the right password of an account that was not
/// attacked answers 200, on the API and the page, even after twenty.
#[actix_web::test]
async fn failures_from_one_address_never_lock_out_an_untouched_account() {
    let app = TestApp::spawn().await;
    for i in 0..20 {
        let res = api_login(
            &app,
            &format!("gaet-{i}-{}@test.dk", rand_suffix()),
            "forkert",
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
        if i == 9 {
            app.hold_login_failures();
            let res = api_login(&app, CONSULTANT_A, PASSWORD).await;
            assert_eq!(res.status(), StatusCode::OK, "after ten failures of others");
        }
    }
    app.hold_login_failures();
    let res = api_login(&app, CONSULTANT_B, PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "after twenty failures of others"
    );
    let b = app.browser();
    let res = app.login_form(&b, ADMIN, PASSWORD, "/").await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "the page lets the administrator in: {}",
        res.status()
    );
}

fn rand_suffix() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

#[test]
fn an_address_is_held_longer_the_more_it_fails_but_briefly() {
    use std::time::Duration;
    use virksomhedscenter::auth::service::address_delay;
    assert_eq!(address_delay(9), Duration::ZERO);
    assert_eq!(address_delay(10), Duration::from_millis(250));
    assert_eq!(address_delay(12), Duration::from_millis(1000));
    assert_eq!(
        address_delay(1000),
        Duration::from_millis(5000),
        "at most 5 s"
    );
}

#[test]
fn the_wait_doubles_and_is_capped() {
    use virksomhedscenter::auth::service::login_delay;
    let t = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .expect("time");
    assert_eq!(login_delay(9, t, t), 0);
    assert_eq!(login_delay(10, t, t), 1);
    assert_eq!(login_delay(13, t, t), 8);
    assert_eq!(login_delay(13, t, t + chrono::Duration::seconds(5)), 3);
    assert_eq!(login_delay(60, t, t), 900, "at most 15 minutes");
}

/// A browser session ends after 30 minutes without a request; a request moves the end on.
#[actix_web::test]
async fn idle_sessions_end_and_active_ones_go_on() {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::sessions as s;
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let soon = chrono::Utc::now().naive_utc() + chrono::Duration::minutes(5);
    {
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(s::table.filter(s::kind.eq("web")))
            .set(s::expires_at.eq(soon))
            .execute(&mut *conn)
            .expect("update");
    }
    let res = b.get(app.url("/contracts")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::OK);
    let expires: chrono::NaiveDateTime = {
        let mut conn = app.db.read_conn().expect("conn");
        s::table
            .filter(s::kind.eq("web"))
            .select(s::expires_at)
            .first(&mut *conn)
            .expect("session")
    };
    assert!(
        expires > soon + chrono::Duration::minutes(20),
        "moved on: {expires}"
    );
    // Nearly a working day old: moved on only to the 12 hours.
    let created = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(11 * 60 + 50);
    {
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(s::table.filter(s::kind.eq("web")))
            .set((s::created_at.eq(created), s::expires_at.eq(soon)))
            .execute(&mut *conn)
            .expect("update");
    }
    let res = b.get(app.url("/contracts")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::OK);
    let capped: chrono::NaiveDateTime = {
        let mut conn = app.db.read_conn().expect("conn");
        s::table
            .filter(s::kind.eq("web"))
            .select(s::expires_at)
            .first(&mut *conn)
            .expect("session")
    };
    assert!(
        (capped - (created + chrono::Duration::hours(12)))
            .num_seconds()
            .abs()
            < 5,
        "capped at 12 hours: {capped}"
    );
    {
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(s::table.filter(s::kind.eq("web")))
            .set(s::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1)))
            .execute(&mut *conn)
            .expect("update");
    }
    let res = b.get(app.url("/contracts")).send().await.expect("page");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "idle too long: to the login"
    );
}

/// "Log out everywhere" ends the person's browser sessions and API tokens, nobody else's.
#[actix_web::test]
async fn logging_out_everywhere_ends_every_session_of_the_person() {
    let app = TestApp::spawn().await;
    let t1 = app.token(CONSULTANT_A).await;
    let t2 = app.token(CONSULTANT_A).await;
    let other = app.token(ADMIN).await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let res = app.post(&t1, "/api/v1/auth/logout-all", &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&t2, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&t1, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get(&other, "/api/v1/me").await.status(), StatusCode::OK);
    let res = b.get(app.url("/contracts")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The page button does the same.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let t3 = app.token(CONSULTANT_A).await;
    let csrf = app.csrf(&b, "/").await;
    let res = b
        .post(app.url("/logout-everywhere"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&t3, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

/// Two app instances on one database: a token or a browser session made on one works on the
/// other, and logging out on one ends it on both (sessions live in the database, the keys come
/// from the shared secret).
#[actix_web::test]
async fn sessions_and_tokens_work_on_either_instance() {
    let app = TestApp::spawn().await;
    let second = app.spawn_second_instance();
    let token = app.token(CONSULTANT_A).await;
    let me = |base: String, token: String| {
        let http = app.http.clone();
        async move {
            http.get(format!("{base}/api/v1/me"))
                .bearer_auth(token)
                .send()
                .await
                .expect("me")
                .status()
        }
    };
    assert_eq!(me(second.clone(), token.clone()).await, StatusCode::OK);
    // A browser logged in on the first instance opens a page on the second, and posts a form
    // there with the CSRF token the first gave it.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let res = b
        .get(format!("{second}/contracts"))
        .send()
        .await
        .expect("page");
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the cookie is good on the other instance"
    );
    let csrf = app.csrf(&b, "/").await;
    let res = b
        .post(format!("{second}/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the CSRF token is good there too"
    );
    let res = b.get(app.url("/contracts")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "logged out on both");
    let res = app
        .http
        .post(format!("{second}/api/v1/auth/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("logout");
    assert!(res.status().is_success());
    assert_eq!(me(app.base.clone(), token).await, StatusCode::UNAUTHORIZED);
}

/// An API token ends after a week unused and after 30 days in any case; using it moves the
/// week on, never past the 30 days.
#[actix_web::test]
async fn api_tokens_end_when_unused_and_at_thirty_days() {
    use chrono::{Duration, NaiveDateTime, Utc};
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::sessions as s;
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let expiry = || -> NaiveDateTime {
        let mut conn = app.db.read_conn().expect("conn");
        s::table
            .filter(s::kind.eq("api"))
            .select(s::expires_at)
            .first(&mut *conn)
            .expect("token")
    };
    let set = |created: NaiveDateTime, expires: NaiveDateTime| {
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(s::table.filter(s::kind.eq("api")))
            .set((s::created_at.eq(created), s::expires_at.eq(expires)))
            .execute(&mut *conn)
            .expect("update");
    };
    let now = Utc::now().naive_utc();
    let first = expiry();
    assert!(
        first > now + Duration::days(6) && first < now + Duration::days(8),
        "a week, not a month: {first}"
    );
    // Last used five days ago: a request moves the week on.
    set(now - Duration::days(5), now + Duration::days(2));
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    let moved = expiry();
    assert!(moved > now + Duration::days(6), "moved on: {moved}");
    // Nearly 30 days old: moved on only to the 30 days.
    let created = now - Duration::days(29) - Duration::hours(20);
    set(created, now + Duration::minutes(10));
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    let capped = expiry();
    assert!(
        (capped - (created + Duration::days(30)))
            .num_seconds()
            .abs()
            < 5,
        "capped at 30 days: {capped}"
    );
    // A token given out when tokens lasted 30 days unused is brought down to the week on use.
    set(now - Duration::days(1), now + Duration::days(29));
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    let shortened = expiry();
    assert!(
        shortened < now + Duration::days(8),
        "down to a week: {shortened}"
    );
    // Past its expiry: gone, though within its 30 days.
    set(now - Duration::days(8), now - Duration::seconds(1));
    assert_eq!(
        app.get(&token, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
