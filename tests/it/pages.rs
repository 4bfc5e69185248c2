//! The Danish pages: login, forms with errors, CSRF and Origin checks, access by role.

use reqwest::StatusCode;

use crate::helpers::{csrf_of, TestApp, ADMIN, CONSULTANT_A, PASSWORD, SIGNATORY_X};

#[actix_web::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/companies?q=x"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap_or("").to_string();
    assert!(location.starts_with("/login?next="), "{location}");
    let login = app
        .http
        .get(app.url(&location))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), StatusCode::OK);
    let html = login.text().await.expect("html");
    assert!(html.contains("Log ind") && html.contains("lang=\"da\""));
}

#[actix_web::test]
async fn login_form_signs_in_and_logout_signs_out() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let html = b
        .get(app.url("/login"))
        .send()
        .await
        .expect("login")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&html);
    let res = b
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", CONSULTANT_A),
            ("password", "forkert-kode-123"),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let html = res.text().await.expect("html");
    assert!(html.contains("Forkert e-mail eller adgangskode"));
    assert!(html.contains(CONSULTANT_A), "the typed e-mail is kept");

    let res = b
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", CONSULTANT_A),
            ("password", PASSWORD),
            ("next", "/companies"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/companies?ok=logged_in");
    let home = b
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("html");
    assert!(
        home.contains("konsulent.a"),
        "the home page greets the user"
    );
    assert!(home.contains("Jobcenter A"));

    let csrf = csrf_of(&home);
    let res = b
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b.get(app.url("/companies")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the session has ended");
}

#[actix_web::test]
async fn forms_without_a_valid_csrf_token_or_from_another_origin_are_refused() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let fields = [
        ("cvr", "25313763"),
        ("name", "Ny"),
        ("sector", "private"),
        ("address", "Vej 1"),
        ("postcode", "5500"),
        ("city", "Middelfart"),
        ("ordinary_employees", "5"),
    ];
    let res = b
        .post(app.url("/companies"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no token");
    let mut with_bad = fields.to_vec();
    with_bad.push(("csrf", "0000"));
    let res = b
        .post(app.url("/companies"))
        .form(&with_bad)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "wrong token");

    let csrf = app.csrf(&b, "/companies/new").await;
    let mut good = fields.to_vec();
    good.push(("csrf", csrf.as_str()));
    let res = b
        .post(app.url("/companies"))
        .header("origin", "https://evil.example")
        .form(&good)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "foreign origin");

    // Another user's token does not work in this session.
    let other = app.browser_logged_in(ADMIN).await;
    let foreign = app.csrf(&other, "/companies/new").await;
    let mut stolen = fields.to_vec();
    stolen.push(("csrf", foreign.as_str()));
    let res = b
        .post(app.url("/companies"))
        .form(&stolen)
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a token from another session"
    );

    let res = b
        .post(app.url("/companies"))
        .header("origin", app.base.as_str())
        .form(&good)
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "same origin with the token is accepted"
    );
}

#[actix_web::test]
async fn a_form_with_errors_is_shown_again_with_messages_and_typed_values() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let csrf = app.csrf(&b, "/companies/new").await;
    let res = b
        .post(app.url("/companies"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("cvr", "25313764"),
            ("name", "Fynsk Træ ApS"),
            ("sector", "private"),
            ("address", "Skovvej 9"),
            ("postcode", "5500"),
            ("city", "Middelfart"),
            ("ordinary_employees", "ti"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(
        html.contains("kontrolcifferet passer ikke"),
        "the CVR message"
    );
    assert!(
        html.contains("Skal være et helt tal"),
        "the employees message"
    );
    assert!(
        html.contains("value=\"Fynsk Træ ApS\""),
        "the typed name is kept"
    );
    assert!(html.contains("value=\"25313764\""), "the typed CVR is kept");
    assert!(html.contains("aria-invalid=\"true\""));

    let res = b
        .post(app.url("/companies"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("cvr", "25313763"),
            ("name", "Fynsk Træ ApS"),
            ("sector", "private"),
            ("address", "Skovvej 9"),
            ("postcode", "5500"),
            ("city", "Middelfart"),
            ("ordinary_employees", "10"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap_or("").to_string();
    assert!(location.contains("ok=company_created"));
    let page = app.html(&b, &location).await;
    assert!(page.contains("Virksomheden er oprettet."));
    assert!(page.contains("Fynsk Træ ApS") && page.contains("25313763"));

    let list = b
        .get(app.url("/companies?q=25313763"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(list.contains("Fynsk Træ ApS"));
}

#[actix_web::test]
async fn company_pages_follow_the_access_rules() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(SIGNATORY_X).await;
    let own = b
        .get(app.url(&format!("/companies/{}", app.seed.company_x)))
        .send()
        .await
        .expect("page");
    assert_eq!(own.status(), StatusCode::OK);
    let other = b
        .get(app.url(&format!("/companies/{}", app.seed.company_y)))
        .send()
        .await
        .expect("page");
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let html = other.text().await.expect("html");
    assert!(!html.contains("Virksomhed Y"));
    let list = b
        .get(app.url("/companies"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(list.contains("Virksomhed X") && !list.contains("Virksomhed Y"));
    let jc = b.get(app.url("/jobcenters")).send().await.expect("page");
    assert_eq!(jc.status(), StatusCode::FORBIDDEN);
    let users = b.get(app.url("/users")).send().await.expect("page");
    assert_eq!(users.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn admins_create_jobcenters_and_users_through_the_pages() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(ADMIN).await;
    let csrf = app.csrf(&b, "/jobcenters/new").await;
    let res = b
        .post(app.url("/jobcenters"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Jobcenter Assens"),
            ("region", "Syddanmark"),
            ("kommunekoder", "420, 41"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("En kommunekode har 3 cifre"));
    assert!(html.contains("value=\"420, 41\""));
    let res = b
        .post(app.url("/jobcenters"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Jobcenter Assens"),
            ("region", "Syddanmark"),
            ("kommunekoder", "420"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = b
        .get(app.url("/jobcenters"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(list.contains("Jobcenter Assens") && list.contains("420"));

    let csrf = app.csrf(&b, "/users/new").await;
    let res = b
        .post(app.url("/users"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Mia Mentor"),
            ("email", "mia@test.dk"),
            ("role", "mentor"),
            ("company_id", app.seed.company_x.as_str()),
            ("jobcenter_id", ""),
            ("password", "en lang og god sætning"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let users = b
        .get(app.url("/users?q=mia"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(users.contains("mia@test.dk") && users.contains("Virksomhed X"));
}

#[actix_web::test]
async fn login_never_redirects_to_another_site() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/%0A",
        "https://evil.example",
        "/%5Cevil.example",
    ] {
        let res = b
            .get(app.url(&format!("/login?next={next}")))
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(res.headers()["location"], "/", "{next}");
    }
}

#[actix_web::test]
async fn a_browser_with_an_ended_session_can_log_in_again() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    {
        use diesel::prelude::*;
        let mut conn = app.db.write_conn().expect("conn");
        diesel::delete(virksomhedscenter::db::schema::sessions::table)
            .execute(&mut conn)
            .expect("end sessions");
    }
    let res = b.get(app.url("/companies")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = b
        .get(app.url("/login"))
        .send()
        .await
        .expect("login")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&html);
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
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = b.get(app.url("/companies")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::OK);
}

#[actix_web::test]
async fn nul_characters_are_refused_as_bad_input_everywhere() {
    let app = TestApp::spawn().await;
    let t = app.token(ADMIN).await;
    let res = app.get(&t, "/api/v1/companies?q=%00").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app.get(&t, "/api/v1/companies/%00").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = app
        .post(
            &t,
            "/api/v1/companies",
            &serde_json::json!({"name": "a\u{0}b"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let b = app.browser_logged_in(ADMIN).await;
    let res = b
        .get(app.url("/companies?q=%00"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let csrf = app.csrf(&b, "/companies/new").await;
    let res = b
        .post(app.url("/companies"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&name=a%00b"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn refused_cross_origin_posts_still_carry_security_headers() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(ADMIN).await;
    let res = b
        .post(app.url("/logout"))
        .header("origin", "https://evil.example")
        .form(&[("csrf", "x")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}

#[actix_web::test]
async fn admins_edit_and_deactivate_users() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let mentor = app.token(crate::helpers::MENTOR_X).await;
    let me = crate::helpers::json(app.get(&mentor, "/api/v1/me").await).await;
    let id = me["id"].as_str().expect("id").to_string();
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/users/{id}"),
            &serde_json::json!({"name": "Ole Omdøbt", "active": false}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = crate::helpers::json(res).await;
    assert_eq!(body["name"], "Ole Omdøbt");
    assert_eq!(body["active"], false);
    let res = app.get(&mentor, "/api/v1/me").await;
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "a deactivated user's token ends"
    );

    let admin_id = crate::helpers::json(app.get(&admin, "/api/v1/me").await).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/users/{admin_id}"),
            &serde_json::json!({"active": false}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .patch(
            &mentor,
            &format!("/api/v1/users/{admin_id}"),
            &serde_json::json!({"name": "x"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // The same through the page: reactivate with a new password.
    let b = app.browser_logged_in(ADMIN).await;
    let csrf = app.csrf(&b, &format!("/users/{id}")).await;
    let res = b
        .post(app.url(&format!("/users/{id}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Ole"),
            ("active", "on"),
            ("password", "kort"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .unwrap_or_default()
        .contains("mindst 12 tegn"));
    let res = b
        .post(app.url(&format!("/users/{id}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Ole"),
            ("active", "on"),
            ("password", "en helt ny adgangskode"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let login = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": crate::helpers::MENTOR_X, "password": "en helt ny adgangskode"}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), StatusCode::OK);
}
