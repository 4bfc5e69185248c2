//! Invitations (#20): a consultant invites a company's signatory or mentor, who chooses a
//! password through a link that works once for 14 days; and the accessibility statement.

use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    csrf_of, json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X,
    SIGNATORY_Y,
};
use virksomhedscenter::texts::invitations as ti;

const NEW_PASSWORD: &str = "tre grønne heste i Strib";

/// Invites `email` to `company` as `role` with `token`; the answer.
async fn invite(
    app: &TestApp,
    token: &str,
    company: &str,
    name: &str,
    email: &str,
    role: &str,
) -> reqwest::Response {
    app.post(
        token,
        &format!("/api/v1/companies/{company}/invitations"),
        &json!({"name": name, "email": email, "role": role}),
    )
    .await
}

/// Invites and returns the 201 body.
async fn invited(app: &TestApp, token: &str, company: &str, email: &str) -> Value {
    let res = invite(app, token, company, "Mette Mentor", email, "mentor").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    json(res).await
}

/// The path of an invitation's link (`/invitation/…`), from its full URL.
fn path_of(url: &str) -> String {
    let at = url.find("/invitation/").expect("an invitation link");
    assert!(url.starts_with("http://127.0.0.1:"), "absolute: {url}");
    url[at..].to_string()
}

/// Opens the link in a new browser and posts the password form; the browser and the answer.
async fn accept(
    app: &TestApp,
    path: &str,
    password: &str,
    repeat: &str,
) -> (reqwest::Client, reqwest::Response) {
    let b = app.browser();
    let page = b.get(app.url(path)).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK, "the link works");
    let csrf = csrf_of(&page.text().await.expect("html"));
    let res = b
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", password),
            ("password_repeat", repeat),
        ])
        .send()
        .await
        .expect("accept");
    (b, res)
}

/// The link page that says it does not work, without saying why.
async fn assert_dead(app: &TestApp, path: &str) {
    let res = app.browser().get(app.url(path)).send().await.expect("page");
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    let html = res.text().await.expect("html");
    assert!(html.contains(ti::INVALID_TEXT), "{html}");
    assert!(
        !html.contains("name=\"password\""),
        "no form on a dead link"
    );
}

fn actions_of(app: &TestApp, user_id: &str) -> Vec<String> {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::user_events as e;
    let mut conn = app.db.write_conn().expect("conn");
    e::table
        .filter(e::user_id.eq(user_id))
        .order(e::created_at.asc())
        .select(e::action)
        .load(&mut *conn)
        .expect("events")
}

#[actix_web::test]
async fn a_consultant_invites_and_the_person_chooses_a_password_once() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let company = app.seed.company_y.clone();
    let body = invited(&app, &a, &company, "Mette@Y.dk").await;
    let url = body["url"].as_str().expect("url").to_string();
    let path = path_of(&url);
    // Valid 14 days from now.
    let expires: chrono::DateTime<chrono::Utc> = body["expires_at"]
        .as_str()
        .expect("expiry")
        .parse()
        .expect("RFC 3339");
    let days = (expires - virksomhedscenter::clock::now_utc()).num_hours();
    assert!((14 * 24 - 1..=14 * 24).contains(&days), "{days} hours");
    // Only the token's hash is stored.
    let token = path.trim_start_matches("/invitation/").to_string();
    let stored: String = {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::invitations as i;
        let mut conn = app.db.write_conn().expect("conn");
        i::table
            .select(i::token_hash)
            .first(&mut *conn)
            .expect("one invitation")
    };
    assert_ne!(stored, token);
    assert_eq!(stored, hex::encode(Sha256::digest(token.as_bytes())));
    // Pending, for the consultant.
    let list = json(
        app.get(&a, &format!("/api/v1/companies/{company}/invitations"))
            .await,
    )
    .await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["email"], "mette@y.dk");
    assert_eq!(items[0]["role"], "mentor");
    assert_eq!(items[0]["expired"], false);
    assert_eq!(items[0]["invited_by"], "konsulent.a");
    let user_id = items[0]["user_id"].as_str().expect("user").to_string();
    // No password works before the person chose one.
    for pw in ["", "!invited", crate::helpers::PASSWORD] {
        let res = app.api_login("mette@y.dk", pw).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{pw:?}");
    }
    // The page says who invited them to which company in which role.
    let html = app.html(&app.browser(), &path).await;
    for needle in [
        "konsulent.a",
        "Jobcenter A",
        "Virksomhed Y",
        "mentor",
        "mette@y.dk",
    ] {
        assert!(html.contains(needle), "{needle} in {html}");
    }
    // The password rules of every password.
    let (_, res) = accept(&app, &path, "virksomhedscenter", "virksomhedscenter").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(
        html.contains(virksomhedscenter::texts::PASSWORD_DEMO),
        "{html}"
    );
    let (_, res) = accept(&app, &path, NEW_PASSWORD, "en anden sætning her").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("html").contains(ti::NOT_REPEATED));
    // Accepted: logged in, on the home page.
    let (b, res) = accept(&app, &path, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"].to_str().expect("location"),
        "/?ok=logged_in"
    );
    let home = b.get(app.url("/")).send().await.expect("home");
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.expect("html").contains("Mette Mentor"));
    // Spent: the link is dead, for a look and for a second password.
    assert_dead(&app, &path).await;
    let csrf = app.csrf(&b, "/").await;
    let again = b
        .post(app.url(&path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", "en helt anden lang sætning"),
            ("password_repeat", "en helt anden lang sætning"),
        ])
        .send()
        .await
        .expect("again");
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "spent");
    // The person logs in with their password, as the company's mentor.
    let res = app.api_login("mette@y.dk", NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me = json(res).await;
    assert_eq!(me["user"]["role"], "mentor");
    assert_eq!(me["user"]["company_id"], company.as_str());
    // No longer pending; the audit trail has the invitation and its acceptance.
    let list = json(
        app.get(&a, &format!("/api/v1/companies/{company}/invitations"))
            .await,
    )
    .await;
    assert_eq!(list["items"].as_array().expect("items").len(), 0);
    let actions = actions_of(&app, &user_id);
    assert!(actions.contains(&"invited".to_string()), "{actions:?}");
    assert!(
        actions.contains(&"invitation_accepted".to_string()),
        "{actions:?}"
    );
    let admin = app.token(ADMIN).await;
    let trail = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=user&object_id={user_id}"),
        )
        .await,
    )
    .await;
    let labels: Vec<&str> = trail["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["action"].as_str())
        .collect();
    assert!(labels.contains(&"invited") && labels.contains(&"invitation_accepted"));
    for code in &labels {
        assert!(
            virksomhedscenter::texts::audit::ACTIONS
                .iter()
                .any(|(c, _)| c == code),
            "{code} has Danish words"
        );
    }
}

#[actix_web::test]
async fn an_expired_link_is_refused_and_a_renewed_one_works() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let company = app.seed.company_y.clone();
    let body = invited(&app, &a, &company, "sen@y.dk").await;
    let id = body["id"].as_str().expect("id").to_string();
    let old = path_of(body["url"].as_str().expect("url"));
    // Fifteen days later (the stored expiry moved back, as the clock cannot run forward here).
    {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::invitations as i;
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(i::table.find(&id))
            .set(i::expires_at.eq(virksomhedscenter::db::now() - chrono::Duration::days(1)))
            .execute(&mut *conn)
            .expect("expire");
    }
    assert_dead(&app, &old).await;
    let list = json(
        app.get(&a, &format!("/api/v1/companies/{company}/invitations"))
            .await,
    )
    .await;
    assert_eq!(list["items"][0]["expired"], true);
    // The consultant's page says so and offers a new link.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&b, &format!("/companies/{company}")).await;
    assert!(
        page.contains(ti::EXPIRED) && page.contains(ti::RENEW),
        "{page}"
    );
    // Renewed: the new link works, the old stays dead.
    let res = app
        .post(&a, &format!("/api/v1/invitations/{id}/renew"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let renewed = json(res).await;
    let new = path_of(renewed["url"].as_str().expect("url"));
    assert_ne!(new, old);
    assert_dead(&app, &old).await;
    let (_, res) = accept(&app, &new, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Spent: renewing it now is a conflict.
    let res = app
        .post(&a, &format!("/api/v1/invitations/{id}/renew"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[actix_web::test]
async fn renewing_voids_the_old_link_and_cancelling_voids_them_all() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let company = app.seed.company_y.clone();
    let body = invited(&app, &a, &company, "fortrudt@y.dk").await;
    let id = body["id"].as_str().expect("id").to_string();
    let first = path_of(body["url"].as_str().expect("url"));
    // "Send nyt link" on the page shows the new link once, with the word about passing it on.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let csrf = app.csrf(&b, &format!("/companies/{company}")).await;
    let res = b
        .post(app.url(&format!("/invitations/{id}/renew")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("renew");
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("html");
    assert!(html.contains(ti::SEND_LINK) && html.contains(ti::RENEWED_OLD_VOID));
    let at = html.find("/invitation/").expect("the new link");
    let second: String = html[at..].chars().take_while(|c| *c != '"').collect();
    assert_ne!(second, first);
    assert_dead(&app, &first).await;
    let page = app.html(&app.browser(), &second).await;
    assert!(page.contains("name=\"password\""), "the new link works");
    // "Annuller": no link works, the person cannot log in, and it cannot be done twice.
    let res = b
        .post(app.url(&format!("/invitations/{id}/cancel")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("cancel");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"].to_str().expect("location"),
        format!("/companies/{company}?ok=invitation_cancelled")
    );
    assert_dead(&app, &second).await;
    for action in ["cancel", "renew"] {
        let res = app
            .post(
                &a,
                &format!("/api/v1/invitations/{id}/{action}"),
                &json!({}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{action} after cancel");
    }
    let admin = app.token(ADMIN).await;
    let users = json(app.get(&admin, "/api/v1/users?q=fortrudt").await).await;
    assert_eq!(users["items"][0]["active"], false, "{users}");
    let user_id = users["items"][0]["id"].as_str().expect("id").to_string();
    let actions = actions_of(&app, &user_id);
    assert_eq!(
        actions,
        ["invited", "invitation_renewed", "invitation_cancelled"],
        "the audit lines"
    );
}

#[actix_web::test]
async fn only_those_who_keep_the_company_may_invite() {
    let app = TestApp::spawn().await;
    // Company X has accepted a contract with jobcenter A: A's consultants keep its record.
    app.accepted_contract(&Terms::days(2, 1, 60)).await;
    let x = app.seed.company_x.clone();
    let a = app.token(CONSULTANT_A).await;
    let invitation = invited(&app, &a, &x, "ny.mentor@x.dk").await;
    let id = invitation["id"].as_str().expect("id").to_string();
    let admin = app.token(ADMIN).await;
    let res = invite(
        &app,
        &admin,
        &x,
        "Ny Underskriver",
        "ny.underskriver@x.dk",
        "company",
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED, "administrators may");
    for (who, expected) in [
        (CONSULTANT_B, StatusCode::FORBIDDEN),
        (SIGNATORY_X, StatusCode::FORBIDDEN),
        (MENTOR_X, StatusCode::FORBIDDEN),
        (SIGNATORY_Y, StatusCode::NOT_FOUND),
    ] {
        let t = app.token(who).await;
        let res = invite(&app, &t, &x, "Snig", "snig@x.dk", "mentor").await;
        assert_eq!(res.status(), expected, "{who} invites");
        let res = app
            .get(&t, &format!("/api/v1/companies/{x}/invitations"))
            .await;
        assert_eq!(res.status(), expected, "{who} lists");
        for action in ["renew", "cancel"] {
            let res = app
                .post(
                    &t,
                    &format!("/api/v1/invitations/{id}/{action}"),
                    &json!({}),
                )
                .await;
            assert_eq!(res.status(), expected, "{who} {action}");
        }
        // Nor on the pages: no form, and no section on the company's page.
        let b = app.browser_logged_in(who).await;
        let res = b
            .get(app.url(&format!("/companies/{x}/invitations/new")))
            .send()
            .await
            .expect("form");
        assert_eq!(res.status(), expected, "{who} opens the form");
        let page = app.html(&b, &format!("/companies/{x}")).await;
        assert!(
            !page.contains(ti::SECTION_TITLE),
            "{who} sees no invitations"
        );
    }
    // Nothing changed: one pending invitation besides the administrator's, its link intact.
    let list = json(
        app.get(&a, &format!("/api/v1/companies/{x}/invitations"))
            .await,
    )
    .await;
    assert_eq!(list["items"].as_array().expect("items").len(), 2);
    let path = path_of(invitation["url"].as_str().expect("url"));
    let page = app.html(&app.browser(), &path).await;
    assert!(page.contains("name=\"password\""));
    // An unknown company or invitation is 404.
    let res = invite(&app, &a, "no-such-company", "N", "n@x.dk", "mentor").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post(&a, "/api/v1/invitations/no-such-id/renew", &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn bad_invitations_are_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let y = app.seed.company_y.clone();
    for (name, email, role, field) in [
        ("Dublet", SIGNATORY_X, "mentor", "email"),
        ("Dublet", "UNDERSKRIVER.Y@test.dk", "company", "email"),
        ("", "ny@y.dk", "mentor", "name"),
        ("Ny", "ikke-en-adresse", "mentor", "email"),
        ("Ny", "ny@y.dk", "admin", "role"),
        ("Ny", "ny@y.dk", "", "role"),
    ] {
        let res = invite(&app, &a, &y, name, email, role).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let body = json(res).await;
        assert!(
            body["fields"][field].is_array() || body["fields"][field].is_string(),
            "{field}: {body}"
        );
    }
    // Twice the same person: the second is refused.
    invited(&app, &a, &y, "to.gange@y.dk").await;
    let res = invite(&app, &a, &y, "Igen", "to.gange@y.dk", "mentor").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The page form: shown again with the typed values and the error summary.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let csrf = app
        .csrf(&b, &format!("/companies/{y}/invitations/new"))
        .await;
    let res = b
        .post(app.url(&format!("/companies/{y}/invitations")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Typet Navn"),
            ("email", SIGNATORY_X),
            ("role", "mentor"),
        ])
        .send()
        .await
        .expect("form");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("error-summary") && html.contains("Typet Navn"));
    assert!(html.contains(virksomhedscenter::texts::EMAIL_TAKEN));
    // And a good one shows the link, once, with what to do with it.
    let res = b
        .post(app.url(&format!("/companies/{y}/invitations")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Side Person"),
            ("email", "side@y.dk"),
            ("role", "company"),
        ])
        .send()
        .await
        .expect("form");
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("html");
    assert!(html.contains(ti::SEND_LINK) && html.contains("/invitation/"));
    let page = app.html(&b, &format!("/companies/{y}")).await;
    assert!(page.contains("Side Person") && page.contains(ti::RENEW));
}

#[actix_web::test]
async fn an_invited_person_sets_up_a_second_factor_where_required() {
    let app =
        TestApp::spawn_requiring_mfa(virksomhedscenter::auth::model::MfaRequirement::All).await;
    // With a second factor required of everyone, the consultant's API token works only for
    // enrolment; the invitation is made in the database as the service makes it.
    let a = {
        let db = app.db.clone();
        let actor = db
            .read(|conn| {
                virksomhedscenter::auth::store::find_user_by_email(conn, CONSULTANT_A)?
                    .expect("consultant")
                    .actor()
            })
            .await
            .expect("actor");
        actor
    };
    let issued = virksomhedscenter::auth::service::invite(
        &app.db,
        &a,
        app.seed.company_y.as_str().into(),
        virksomhedscenter::auth::model::InvitationRaw {
            name: "Sikker Signe".into(),
            email: "signe@y.dk".into(),
            role: "company".into(),
        },
    )
    .await
    .expect("invited");
    let path = virksomhedscenter::auth::service::invitation_path(&issued.token);
    let (b, res) = accept(&app, &path, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Logged in, but first to the second factor's set-up.
    let res = b.get(app.url("/")).send().await.expect("home");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"].to_str().expect("location"),
        "/account?ok=mfa_required"
    );
}

#[actix_web::test]
async fn the_demo_has_a_pending_invitation() {
    let app = TestApp::spawn_demo().await;
    let res = app
        .api_login(
            "karin.holm@middelfart.dk",
            virksomhedscenter::auth::model::DEMO_PASSWORD,
        )
        .await;
    let karin = json(res).await["token"]
        .as_str()
        .expect("token")
        .to_string();
    let companies = json(app.get(&karin, "/api/v1/companies?q=Lilleb").await).await;
    let id = companies["items"][0]["id"].as_str().expect("company");
    let list = json(
        app.get(&karin, &format!("/api/v1/companies/{id}/invitations"))
            .await,
    )
    .await;
    assert_eq!(list["items"][0]["name"], "Mikkel Berg", "{list}");
    assert_eq!(list["items"][0]["expired"], false);
}

#[actix_web::test]
async fn the_accessibility_statement_is_public_and_linked_from_every_page() {
    use virksomhedscenter::texts::accessibility as ta;
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(app.url("/tilgaengelighed"))
        .send()
        .await
        .expect("statement");
    assert_eq!(res.status(), StatusCode::OK, "no login needed");
    let html = res.text().await.expect("html");
    for needle in [
        ta::TITLE,
        "WCAG 2.1",
        "axe-core",
        "390 × 844",
        "1280 × 720",
        "skærmlæser",
        "mailto:a11y@test.dk",
        ta::DATE,
    ] {
        assert!(html.contains(needle), "{needle} in the statement");
    }
    // The footer of the login page, and of a signed-in page, links to it.
    let login = app.html(&app.browser(), "/login").await;
    assert!(login.contains("href=\"/tilgaengelighed\""), "{login}");
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let home = app.html(&b, "/").await;
    assert!(home.contains("href=\"/tilgaengelighed\""));
}
