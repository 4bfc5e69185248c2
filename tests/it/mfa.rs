//! Issue #17, part 5: passwords judged by a strength estimator, and a second factor (TOTP)
//! with recovery codes, required for administrators and data-protection officers.

use reqwest::StatusCode;
use serde_json::{json, Value};
use virksomhedscenter::auth::mfa;
use virksomhedscenter::auth::model::MfaRequirement;

use crate::helpers::{csrf_of, json, TestApp, ADMIN, CONSULTANT_A, PASSWORD};

/// The code an authenticator app shows now for the secret in an `otpauth://` URL.
fn code_for(secret_base32: &str, offset_steps: i64) -> String {
    let secret = base32_decode(secret_base32);
    let now = chrono::Utc::now().timestamp() + offset_steps * 30;
    mfa::code_at(&secret, u64::try_from(now).expect("time")).expect("code")
}

fn base32_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base32") as u64;
        bits = (bits << 5) | v;
        n += 5;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}

async fn login(app: &TestApp, email: &str, otp: Option<&str>) -> reqwest::Response {
    let mut body = json!({"email": email, "password": PASSWORD});
    if let Some(o) = otp {
        body["otp"] = json!(o);
    }
    app.http
        .post(app.url("/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .expect("login")
}

/// Sets up TOTP for the holder of `token`; the secret and the recovery codes.
async fn enrol(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let res = app.post(token, "/api/v1/me/totp", &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let e = json(res).await;
    let secret = e["secret"].as_str().expect("secret").to_string();
    let url = e["otpauth_url"].as_str().expect("url");
    assert!(
        url.starts_with("otpauth://totp/Virksomhedscenter:"),
        "{url}"
    );
    assert!(url.contains(&secret));
    let res = app
        .post(token, "/api/v1/me/totp/confirm", &json!({"code": "000000"}))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a wrong first code"
    );
    assert!(json(res).await["fields"]["code"].is_array());
    let res = app
        .post(
            token,
            "/api/v1/me/totp/confirm",
            &json!({"code": code_for(&secret, 0)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let codes: Vec<String> = json(res).await["recovery_codes"]
        .as_array()
        .expect("codes")
        .iter()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

#[actix_web::test]
async fn weak_passwords_are_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    for (password, words) in [
        ("            ", "gentager"),
        ("111111111111", "gentager"),
        ("abcdefghijkl", "rækkefølge"),
        ("virksomhedscenter", "offentlig"),
        ("ny.bruger@test.dk", "navn eller din e-mail"),
    ] {
        let res = app
            .post(
                &admin,
                "/api/v1/users",
                &json!({"email": "ny.bruger@test.dk", "name": "Ny Bruger", "role": "admin",
                        "password": password}),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password:?}"
        );
        let body = json(res).await;
        let msg = body["fields"]["password"][0]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(msg.contains(words), "{password:?}: {msg}");
    }
    let res = app
        .post(
            &admin,
            "/api/v1/users",
            &json!({"email": "ny.bruger@test.dk", "name": "Ny Bruger", "role": "admin",
                    "password": "tre grønne heste i Strib"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // One's own change too.
    let consultant = app.token(CONSULTANT_A).await;
    let res = app
        .post(
            &consultant,
            "/api/v1/auth/password",
            &json!({"current_password": PASSWORD, "new_password": "konsulent.a@test.dk"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["new_password"].is_array());
}

#[actix_web::test]
async fn a_second_factor_guards_the_login_and_each_code_works_once() {
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let (secret, recovery) = enrol(&app, &token).await;
    let me = json(app.get(&token, "/api/v1/me").await).await;
    assert_eq!(me["mfa"], true);
    // Setting it up again is refused while it is on.
    assert_eq!(
        app.post(&token, "/api/v1/me/totp", &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The password alone: 401 otp_required; a wrong code: 401; the right one: in, once.
    let res = login(&app, CONSULTANT_A, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(res).await["error"], "otp_required");
    let res = login(&app, CONSULTANT_A, Some("123456")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(res).await["error"], "unauthorized");
    // The code of the next step: the confirmation used the current one.
    let code = code_for(&secret, 1);
    let res = login(&app, CONSULTANT_A, Some(&code)).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", json(res).await);
    let res = login(&app, CONSULTANT_A, Some(&code)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "a code works once");
    // A recovery code, in any case and spacing, once.
    let r = recovery[0].to_uppercase().replace('-', " ");
    let res = login(&app, CONSULTANT_A, Some(&r)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = login(&app, CONSULTANT_A, Some(&recovery[0])).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "used");

    // Wrong codes count as failed logins: guessing codes meets the same wait as passwords.
    for _ in 0..10 {
        login(&app, CONSULTANT_A, Some("000000")).await;
    }
    app.hold_login_failures();
    let res = login(&app, CONSULTANT_A, Some(&recovery[1])).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);

    // The audit trail has the set-up and the failed codes.
    let admin = app.token(ADMIN).await;
    let user = app.user_id(CONSULTANT_A);
    let lines = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=user&object_id={user}&per_page=200"),
        )
        .await,
    )
    .await;
    let actions: Vec<&str> = lines["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|l| l["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"mfa_enabled") && actions.contains(&"otp_failed"),
        "{actions:?}"
    );
}

/// With `VC_REQUIRE_MFA=admins` an administrator without a second factor gets a token that
/// can only enrol; once enrolled, everything; an administrator's reset is audited and ends the
/// person's sessions.
#[actix_web::test]
async fn administrators_must_enrol_before_anything_else() {
    let app = TestApp::spawn_requiring_mfa(MfaRequirement::Admins).await;
    let token = app.token(ADMIN).await;
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    let res = app.get(&token, "/api/v1/users").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(json(res).await["error"], "mfa_enrolment_required");
    // A consultant is not required to (not a data-protection officer).
    let consultant = app.token(CONSULTANT_A).await;
    assert_eq!(
        app.get(&consultant, "/api/v1/contracts").await.status(),
        StatusCode::OK
    );
    // The page session is held to "Min konto" as well.
    let b = app.browser_logged_in(ADMIN).await;
    let res = b.get(app.url("/users")).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get("location").and_then(|l| l.to_str().ok()),
        Some("/account?ok=mfa_required")
    );
    let account = app.html(&b, "/account").await;
    assert!(account.contains("/account/totp"), "the set-up is offered");

    let (secret, _) = enrol(&app, &token).await;
    assert_eq!(
        app.get(&token, "/api/v1/users").await.status(),
        StatusCode::OK
    );
    let res = login(&app, ADMIN, Some(&code_for(&secret, 1))).await;
    assert_eq!(res.status(), StatusCode::OK);

    // The administrator resets the consultant's factor: audited, the consultant's sessions end.
    let c_token = app.token(CONSULTANT_A).await;
    let (_, _) = enrol(&app, &c_token).await;
    let user = app.user_id(CONSULTANT_A);
    let res = app
        .post(
            &token,
            &format!("/api/v1/users/{user}/totp/reset"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&c_token, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "sessions ended"
    );
    let res = login(&app, CONSULTANT_A, None).await;
    assert_eq!(res.status(), StatusCode::OK, "the password alone again");
    let consultant = json(res).await["token"]
        .as_str()
        .expect("token")
        .to_string();
    let lines: Value = json(
        app.get(
            &token,
            &format!("/api/v1/audit?object_type=user&object_id={user}&action=mfa_reset"),
        )
        .await,
    )
    .await;
    assert_eq!(lines["total"], 1, "{lines}");
    // Only administrators reset.
    let admin_id = app.user_id(ADMIN);
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/users/{admin_id}/totp/reset"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The page: the set-up shows a QR code, the first code turns it on and shows the recovery
/// codes; the next login asks for a code in a second step.
#[actix_web::test]
async fn the_pages_set_up_and_ask_for_the_code() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let account = app.html(&b, "/account").await;
    let csrf = csrf_of(&account);
    let res = b
        .post(app.url("/account/totp"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("start");
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.expect("html");
    assert!(
        page.contains("<svg") && page.contains("QR-kode"),
        "a QR code"
    );
    let secret = page
        .split("<code>")
        .nth(1)
        .and_then(|s| s.split("</code>").next())
        .expect("the secret in text")
        .to_string();
    let res = b
        .post(app.url("/account/totp/confirm"))
        .form(&[("csrf", csrf.as_str()), ("code", "999999")])
        .send()
        .await
        .expect("confirm");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text().await.expect("html").contains("<svg"),
        "shown again"
    );
    let code = code_for(&secret, 0);
    let res = b
        .post(app.url("/account/totp/confirm"))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .expect("confirm");
    assert_eq!(res.status(), StatusCode::OK);
    let done = res.text().await.expect("html");
    assert!(
        done.contains("gendannelseskoder"),
        "the recovery codes are shown"
    );

    // A new browser logs in: the password, then the code.
    let fresh = app.browser();
    let res = app
        .login_form(&fresh, CONSULTANT_A, PASSWORD, "/contracts")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csrf = app.csrf(&fresh, "/login").await;
    let step = res.text().await.expect("html");
    assert!(step.contains("action=\"/login/code\""), "the code step");
    let res = fresh
        .post(app.url("/login/code"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", "000000"),
            ("next", "/contracts"),
        ])
        .send()
        .await
        .expect("code");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let code = code_for(&secret, 1);
    let res = fresh
        .post(app.url("/login/code"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("code", code.as_str()),
            ("next", "/contracts"),
        ])
        .send()
        .await
        .expect("code");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .is_some_and(|l| l.starts_with("/contracts")));
    assert_eq!(
        fresh
            .get(app.url("/contracts"))
            .send()
            .await
            .expect("page")
            .status(),
        StatusCode::OK
    );
}

/// Wrong codes sent in parallel are each a failure written in the transaction that checked
/// it, under the account's row lock: they meet the login limit as one-at-a-time guesses do,
/// not a burst of checks before any failure is counted.
#[actix_web::test]
async fn parallel_code_guesses_meet_the_login_limit() {
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let (_secret, _) = enrol(&app, &token).await;
    let guesses = (0..30).map(|i| {
        let app = &app;
        async move {
            let code = format!("{:06}", 100_000 + i);
            login(app, CONSULTANT_A, Some(&code)).await.status()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + refused, 30, "{statuses:?}");
    assert!(checked <= 12, "{checked} codes were checked: {statuses:?}");

    // The page's code step has no password hashing to space the guesses out: thirty posts at
    // once with the same step cookie.
    app.hold_login_failures();
    {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::login_failures as f;
        let mut conn = app.db.write_conn().expect("conn");
        diesel::delete(f::table)
            .execute(&mut *conn)
            .expect("forget the failures");
    }
    let b = app.browser();
    let res = app.login_form(&b, CONSULTANT_A, PASSWORD, "/").await;
    assert_eq!(res.status(), StatusCode::OK, "the code step");
    let csrf = app.csrf(&b, "/login").await;
    let guesses = (0..30).map(|i| {
        let (b, csrf, url) = (&b, csrf.clone(), app.url("/login/code"));
        async move {
            let code = format!("{:06}", 200_000 + i);
            b.post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("code", code.as_str()),
                    ("next", "/"),
                ])
                .send()
                .await
                .expect("code")
                .status()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        checked <= 11,
        "{checked} codes were checked on the page: {statuses:?}"
    );
}
