//! A person's own account: the "Min konto" page and changing one's own password, on the page
//! and in the API.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, PASSWORD};

const NEW_PASSWORD: &str = "en helt ny og lang sætning";

async fn api_login(app: &TestApp, email: &str, password: &str) -> StatusCode {
    app.api_login(email, password).await.status()
}

/// Posts the account page's password form.
async fn change(
    app: &TestApp,
    b: &reqwest::Client,
    csrf: &str,
    [current, new, repeat]: [&str; 3],
) -> reqwest::Response {
    b.post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf),
            ("current_password", current),
            ("new_password", new),
            ("new_password_repeat", repeat),
        ])
        .send()
        .await
        .expect("post")
}

/// The API: bad input names its field and changes nothing; the right current password changes
/// it, the calling token goes on, the caller's other tokens and sessions end, nobody else's.
#[actix_web::test]
async fn the_api_changes_the_callers_password_and_ends_their_other_sessions() {
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let other_token = app.token(CONSULTANT_A).await;
    let browser = app.browser_logged_in(CONSULTANT_A).await;
    let admin = app.token(ADMIN).await;

    for (body, field) in [
        (
            json!({"current_password": "", "new_password": NEW_PASSWORD}),
            "current_password",
        ),
        (
            json!({"current_password": PASSWORD, "new_password": "kort"}),
            "new_password",
        ),
        (
            json!({"current_password": PASSWORD, "new_password": "Password1234"}),
            "new_password",
        ),
        (
            json!({"current_password": PASSWORD, "new_password": PASSWORD}),
            "new_password",
        ),
        (
            json!({"current_password": "ikke den rigtige", "new_password": NEW_PASSWORD}),
            "current_password",
        ),
    ] {
        let res = app.post(&token, "/api/v1/auth/password", &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let err = json(res).await;
        assert!(
            err["fields"][field].is_array(),
            "{body} names {field}: {err}"
        );
    }
    // Nothing changed: the old password still logs in, the other token still works.
    assert_eq!(
        api_login(&app, CONSULTANT_A, PASSWORD).await,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&other_token, "/api/v1/me").await.status(),
        StatusCode::OK
    );

    let res = app
        .post(
            &token,
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    assert_eq!(
        app.get(&other_token, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "the other token ended"
    );
    let page = browser
        .get(app.url("/contracts"))
        .send()
        .await
        .expect("page");
    assert_eq!(
        page.status(),
        StatusCode::SEE_OTHER,
        "the browser session ended"
    );
    assert_eq!(app.get(&admin, "/api/v1/me").await.status(), StatusCode::OK);
    assert_eq!(
        api_login(&app, CONSULTANT_A, PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api_login(&app, CONSULTANT_A, NEW_PASSWORD).await,
        StatusCode::OK
    );
    // Nobody else's password changed.
    assert_eq!(api_login(&app, ADMIN, PASSWORD).await, StatusCode::OK);
}

/// A wrong current password counts as a failed login: a stolen session cannot guess the
/// password faster than the login form could.
#[actix_web::test]
async fn wrong_current_passwords_count_towards_the_login_limit() {
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let body = json!({"current_password": "ikke den rigtige", "new_password": NEW_PASSWORD});
    for _ in 0..10 {
        let res = app.post(&token, "/api/v1/auth/password", &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.hold_login_failures();
    let res = app
        .post(
            &token,
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the right password waits too"
    );
    assert_eq!(
        api_login(&app, CONSULTANT_A, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "and so does the login"
    );
}

/// The page: who one is, the form with its labels, errors next to the fields (never the typed
/// passwords), and after a change a confirmation, still logged in, the other browser logged out.
#[actix_web::test]
async fn the_account_page_changes_the_password() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let other = app.browser_logged_in(CONSULTANT_A).await;
    let html = app.html(&b, "/account").await;
    assert!(html.contains("Min konto"));
    assert!(html.contains(CONSULTANT_A));
    assert!(html.contains("Jobcenter A"), "the organisation: {html}");
    for label in [
        "Nuværende adgangskode",
        "Ny adgangskode",
        "Gentag den nye adgangskode",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert!(html.contains(r#"autocomplete="current-password""#));
    assert!(html.contains(r#"action="/logout-everywhere""#));
    // Every page links to it.
    let home = b.get(app.url("/")).send().await.expect("home");
    assert!(home
        .text()
        .await
        .expect("html")
        .contains(r#"href="/account""#));

    let csrf = app.csrf(&b, "/account").await;
    let res = change(
        &app,
        &b,
        &csrf,
        [PASSWORD, NEW_PASSWORD, "en anden sætning end den første"],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("De to nye adgangskoder er ikke ens"));
    assert!(html.contains(r#"id="e-new_password_repeat""#));
    assert!(
        html.contains(r##"href="#f-new_password_repeat""##),
        "the summary links to the field"
    );
    assert!(
        !html.contains(NEW_PASSWORD),
        "passwords are never shown back"
    );
    assert!(!html.contains(PASSWORD));

    let res = change(
        &app,
        &b,
        &csrf,
        ["ikke den rigtige", NEW_PASSWORD, NEW_PASSWORD],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("html")
        .contains("Adgangskoden er forkert"));

    let res = change(&app, &b, &csrf, [PASSWORD, NEW_PASSWORD, NEW_PASSWORD]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(to, "/account?ok=password_changed");
    let page = b.get(app.url(&to)).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK, "still logged in");
    assert!(page
        .text()
        .await
        .expect("html")
        .contains("Din adgangskode er skiftet"));
    let res = other.get(app.url("/account")).send().await.expect("page");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the other browser is logged out"
    );
    assert_eq!(
        api_login(&app, CONSULTANT_A, NEW_PASSWORD).await,
        StatusCode::OK
    );
}

/// Without a session the page and the form lead to the login; without the CSRF token the form
/// changes nothing.
#[actix_web::test]
async fn the_account_page_needs_a_session_and_a_csrf_token() {
    let app = TestApp::spawn().await;
    let anon = app.browser();
    let res = anon.get(app.url("/account")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let res = change(
        &app,
        &b,
        "forfalsket",
        [PASSWORD, NEW_PASSWORD, NEW_PASSWORD],
    )
    .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert_eq!(
        api_login(&app, CONSULTANT_A, PASSWORD).await,
        StatusCode::OK
    );
}

/// A change that loses a race changes nothing: the session that asked was ended meanwhile
/// (401), or the hash the current password was checked against is no longer the stored one,
/// or the account was deactivated (nothing written, the other sessions go on).
#[actix_web::test]
async fn a_password_change_that_loses_a_race_changes_nothing() {
    use diesel::prelude::*;
    use virksomhedscenter::auth::service::{change_own_password, PasswordChange};
    use virksomhedscenter::auth::session::token_hash;
    use virksomhedscenter::auth::store;
    use virksomhedscenter::db::schema::{sessions as s, users as u};
    use virksomhedscenter::error::AppError;
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let other = app.token(CONSULTANT_A).await;
    let user = {
        let mut conn = app.db.read_conn().expect("conn");
        store::find_user_by_email(&mut conn, CONSULTANT_A)
            .expect("query")
            .expect("user")
    };
    let stored_hash = |app: &TestApp| -> String {
        let mut conn = app.db.read_conn().expect("conn");
        u::table
            .find(&user.id)
            .select(u::password_hash)
            .first(&mut *conn)
            .expect("hash")
    };

    // The asking session ended (log out everywhere) after the request got past its check.
    {
        let mut conn = app.db.write_conn().expect("conn");
        diesel::delete(s::table.filter(s::token_hash.eq(token_hash(&token))))
            .execute(&mut *conn)
            .expect("end the session");
    }
    let res = change_own_password(
        &app.db,
        &user.actor().expect("a known role"),
        token_hash(&token),
        PasswordChange {
            current: PASSWORD.into(),
            new: NEW_PASSWORD.into(),
            repeat: None,
        },
        None,
    )
    .await;
    assert!(matches!(res, Err(AppError::Unauthorized(_))), "{res:?}");
    assert_eq!(stored_hash(&app), user.password_hash, "nothing written");
    assert_eq!(
        api_login(&app, CONSULTANT_A, PASSWORD).await,
        StatusCode::OK
    );

    // The hash changed meanwhile, or the account was deactivated: nothing is written and the
    // other session goes on.
    let mut conn = app.db.write_conn().expect("conn");
    let keep = token_hash(&other);
    let changed =
        store::set_password(&mut conn, &user.id, "an older hash", "new", &keep).expect("update");
    assert_eq!(changed, None);
    diesel::update(u::table.find(&user.id))
        .set(u::active.eq(false))
        .execute(&mut *conn)
        .expect("deactivate");
    let changed = store::set_password(&mut conn, &user.id, &user.password_hash, "new", "none")
        .expect("update");
    assert_eq!(changed, None);
    drop(conn);
    assert_eq!(stored_hash(&app), user.password_hash);
    let sessions: i64 = {
        let mut conn = app.db.read_conn().expect("conn");
        s::table
            .filter(s::user_id.eq(&user.id))
            .count()
            .get_result(&mut *conn)
            .expect("count")
    };
    assert!(sessions >= 2, "the sessions go on: {sessions}");
}

/// Logins with the old password that overlap a password change: whichever way they fall, none
/// keeps a session afterwards (one that checked the old password before the change committed is
/// refused when it comes to store its session, or ended by the change).
#[actix_web::test]
async fn logins_racing_a_password_change_keep_no_session() {
    let app = TestApp::spawn().await;
    let keep = app.token(CONSULTANT_A).await;
    let mut logins = Vec::new();
    for i in 0..8u64 {
        let http = app.http.clone();
        let url = app.url("/api/v1/auth/login");
        logins.push(actix_web::rt::spawn(async move {
            // Spread over the time the change takes (two argon2 runs).
            tokio::time::sleep(std::time::Duration::from_millis(i * 25)).await;
            let res = http
                .post(url)
                .json(&json!({"email": CONSULTANT_A, "password": PASSWORD}))
                .send()
                .await
                .expect("login");
            if res.status() == StatusCode::OK {
                json(res).await["token"].as_str().map(str::to_string)
            } else {
                None
            }
        }));
    }
    let res = app
        .post(
            &keep,
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for login in logins {
        if let Some(token) = login.await.expect("task") {
            assert_eq!(
                app.get(&token, "/api/v1/me").await.status(),
                StatusCode::UNAUTHORIZED,
                "a session from the old password outlived the change"
            );
        }
    }
    assert_eq!(app.get(&keep, "/api/v1/me").await.status(), StatusCode::OK);
}
