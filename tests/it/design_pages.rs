//! The pages on Det Fælles Designsystem: its files served from the binary, the confirmation step
//! before a destructive action (without JavaScript), and the date input of three fields.

use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{csrf_of, json, Terms, TestApp, CONSULTANT_A};
use virksomhedscenter::texts as t;

fn dk_date(offset: i64) -> chrono::NaiveDate {
    virksomhedscenter::clock::today() + chrono::Duration::days(offset)
}

/// The value of the hidden revision field of a page.
fn revision_of(html: &str) -> String {
    let marker = "name=\"revision\" value=\"";
    let start = html.find(marker).expect("revision field") + marker.len();
    let end = html[start..].find('"').expect("quote") + start;
    html[start..end].to_string()
}

async fn post(
    app: &TestApp,
    b: &Client,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let res = b.post(app.url(path)).form(form).send().await.expect("post");
    let status = res.status();
    (status, res.text().await.expect("body"))
}

async fn contract_status(app: &TestApp, id: &str) -> String {
    let token = app.token(CONSULTANT_A).await;
    let c = json(app.get(&token, &format!("/api/v1/contracts/{id}")).await).await;
    c["status"].as_str().unwrap_or_default().to_string()
}

#[actix_web::test]
async fn the_design_system_is_served_from_the_binary_with_its_types_and_caching() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let html = app.html(&b, "/login").await;
    // Its stylesheet is linked before the app's own layer, with a version in the address.
    let dkfds = html
        .find("/static/dkfds/css/dkfds-virkdk.min.css?v=")
        .expect("the DFDS stylesheet is linked");
    let own = html.find("/static/app.css?v=").expect("app.css is linked");
    assert!(dkfds < own, "DFDS first, the app's layer on top");
    let start = html[..dkfds].rfind('"').expect("quote") + 1;
    let end = html[dkfds..].find('"').expect("quote") + dkfds;
    let href = html[start..end].replace("&amp;", "&");

    let res = b.get(app.url(&href)).send().await.expect("css");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap_or("")
        .contains("immutable"));
    let etag = res.headers()["etag"].to_str().unwrap_or("").to_string();
    let css = res.text().await.expect("css");
    assert!(css.contains(".button-primary") && css.contains("IBMPlexSans-Regular.woff2"));

    // The same version again: 304 by its ETag.
    let res = b
        .get(app.url(&href))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("css");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);

    for (path, kind) in [
        (
            "/static/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-SemiBold.woff2",
            "font/woff2",
        ),
        (
            "/static/dkfds/fonts/IBMPlexSans/complete/woff/IBMPlexSans-Regular.woff",
            "font/woff",
        ),
        (
            "/static/dkfds/img/svg-icons/check.svg",
            "image/svg+xml; charset=utf-8",
        ),
    ] {
        let res = b.get(app.url(path)).send().await.expect("file");
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["content-type"], kind, "{path}");
        assert!(res.headers()["cache-control"]
            .to_str()
            .unwrap_or("")
            .starts_with("public"));
    }
    for missing in [
        "/static/dkfds/css/nothing.css",
        "/static/dkfds/img/nothing.svg",
        "/static/dkfds/fonts/IBMPlexSans/complete/eot/IBMPlexSans-Regular.eot",
    ] {
        let res = b.get(app.url(missing)).send().await.expect("missing");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{missing}");
    }
}

#[actix_web::test]
async fn withdrawing_asks_on_a_page_first_and_acts_only_when_confirmed() {
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let id = app.draft_contract(&token, &Terms::days(2, 5, 200)).await;
    let res = app
        .post(&token, &format!("/api/v1/contracts/{id}/send"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let b = app.browser_logged_in(CONSULTANT_A).await;
    let path = format!("/contracts/{id}");
    let html = app.html(&b, &path).await;
    assert!(
        html.contains(&format!(
            "class=\"button button-warning\" type=\"submit\">{}",
            t::CONTRACT_WITHDRAW
        )),
        "withdrawing is shown as a warning"
    );
    let csrf = csrf_of(&html);
    let rev = revision_of(&html);

    // Without confirm=yes: the question, nothing done.
    let (status, page) = post(
        &app,
        &b,
        &format!("{path}/withdraw"),
        &[("csrf", csrf.as_str()), ("revision", rev.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(t::design::WITHDRAW_TITLE) && page.contains(t::design::WITHDRAW_CONSEQUENCE)
    );
    assert!(page.contains("name=\"confirm\" value=\"yes\""));
    assert!(page.contains(&format!("action=\"{path}/withdraw\"")));
    assert!(page.contains(&format!(
        "class=\"button button-warning\" type=\"submit\">{}",
        t::design::WITHDRAW_YES
    )));
    assert!(page.contains(&format!("href=\"{path}\">{}", t::design::UNDO)));
    assert_eq!(contract_status(&app, &id).await, "sent", "nothing changed");

    // Confirmed: done.
    let res = b
        .post(app.url(&format!("{path}/withdraw")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(contract_status(&app, &id).await, "draft");
}

#[actix_web::test]
async fn terminating_keeps_the_typed_reason_through_the_confirmation_and_names_a_bad_date() {
    let app = TestApp::spawn().await;
    let id = app.accepted_contract(&Terms::days(2, -30, 300)).await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let path = format!("/contracts/{id}");
    let html = app.html(&b, &path).await;
    assert!(html.contains("name=\"date_day\"") && html.contains("class=\"date-group\""));
    let csrf = csrf_of(&html);
    let rev = revision_of(&html);

    // A date that does not exist is named as typed, with the typed parts kept.
    let (status, page) = post(
        &app,
        &b,
        &format!("{path}/terminate"),
        &[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("date_day", "31"),
            ("date_month", "02"),
            ("date_year", "2026"),
            ("reason", "Virksomheden lukker afdelingen"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(&t::design::no_such_date("31-02-2026")),
        "{page}"
    );
    assert!(page.contains("value=\"31\"") && page.contains("value=\"2026\""));
    assert!(page.contains("Virksomheden lukker afdelingen"));
    assert!(page.contains("aria-invalid=\"true\""));

    // A real date: the confirmation, which carries the date and the reason on.
    let last = dk_date(40);
    let (d, m, y) = (
        last.format("%d").to_string(),
        last.format("%m").to_string(),
        last.format("%Y").to_string(),
    );
    let (status, page) = post(
        &app,
        &b,
        &format!("{path}/terminate"),
        &[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("date_day", d.as_str()),
            ("date_month", m.as_str()),
            ("date_year", y.as_str()),
            ("reason", "Virksomheden lukker afdelingen"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let dk = last.format("%d-%m-%Y").to_string();
    assert!(page.contains(t::design::TERMINATE_TITLE));
    assert!(page.contains(&t::design::terminate_what(&dk)));
    assert!(page.contains(&format!("name=\"date\" value=\"{dk}\"")));
    assert!(page.contains("name=\"reason\" value=\"Virksomheden lukker afdelingen\""));
    let c = json(
        app.get(
            &app.token(CONSULTANT_A).await,
            &format!("/api/v1/contracts/{id}"),
        )
        .await,
    )
    .await;
    assert!(c["terminated_on"].is_null(), "not terminated yet: {c}");

    let res = b
        .post(app.url(&format!("{path}/terminate")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("date", dk.as_str()),
            ("reason", "Virksomheden lukker afdelingen"),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let c = json(
        app.get(
            &app.token(CONSULTANT_A).await,
            &format!("/api/v1/contracts/{id}"),
        )
        .await,
    )
    .await;
    assert_eq!(c["terminated_on"], last.to_string(), "{c}");
}

#[actix_web::test]
async fn cancelling_a_referral_asks_first() {
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let contract = app.accepted_contract(&Terms::days(1, 0, 200)).await;
    let candidate = app
        .candidate(&token, "070761-4285", "Mette Hansen", "kontanthjaelp")
        .await;
    let r = json(app.refer(&token, &contract, &candidate, 20, 60).await).await;
    let placement = r["placement_id"].as_str().expect("placement").to_string();
    let status_of = |body: serde_json::Value| body["status"].as_str().unwrap_or("").to_string();
    let before = status_of(
        json(
            app.get(&token, &format!("/api/v1/placements/{placement}"))
                .await,
        )
        .await,
    );

    let b = app.browser_logged_in(CONSULTANT_A).await;
    let path = format!("/placements/{placement}");
    let html = app.html(&b, &path).await;
    let csrf = csrf_of(&html);
    let (status, page) = post(
        &app,
        &b,
        &format!("{path}/cancel"),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(t::design::CANCEL_PLACEMENT_TITLE));
    assert!(page.contains("Mette Hansen"));
    assert!(page.contains(&format!("href=\"{path}\">{}", t::design::UNDO)));
    let after = status_of(
        json(
            app.get(&token, &format!("/api/v1/placements/{placement}"))
                .await,
        )
        .await,
    );
    assert_eq!(before, after, "nothing changed");
    assert_ne!(after, "cancelled");

    let (status, _) = post(
        &app,
        &b,
        &format!("{path}/cancel"),
        &[("csrf", csrf.as_str()), ("confirm", "yes")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = status_of(
        json(
            app.get(&token, &format!("/api/v1/placements/{placement}"))
                .await,
        )
        .await,
    );
    assert_eq!(after, "cancelled");
}

#[actix_web::test]
async fn a_referral_reads_its_dates_from_the_three_fields() {
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let contract = app.accepted_contract(&Terms::days(1, 0, 200)).await;
    let candidate = app
        .candidate(&token, "070761-4285", "Mette Hansen", "kontanthjaelp")
        .await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let html = app.html(&b, &format!("/candidates/{candidate}")).await;
    assert!(html.contains("name=\"start_date_day\"") && html.contains("id=\"f-start_date-year\""));
    let csrf = csrf_of(&html);
    let start = dk_date(10);
    let form = |end_day: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("from", "candidate".to_string()),
            ("contract_id", contract.clone()),
            ("candidate_id", candidate.clone()),
            ("offer_type", "virksomhedspraktik".to_string()),
            ("start_date_day", start.format("%-d").to_string()),
            ("start_date_month", start.format("%-m").to_string()),
            ("start_date_year", start.format("%Y").to_string()),
            ("end_date_day", end_day.to_string()),
            ("end_date_month", "13".to_string()),
            ("end_date_year", start.format("%Y").to_string()),
        ]
    };
    let res = b
        .post(app.url("/referrals"))
        .form(&form("5"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.expect("html");
    let typed = format!("05-13-{}", start.format("%Y"));
    assert!(page.contains(&t::design::no_such_date(&typed)), "{page}");
    assert!(
        page.contains("href=\"#f-end_date\""),
        "the summary leads to the day field"
    );
    assert!(page.contains("value=\"13\""), "the typed month is kept");

    let mut good = form("5");
    let end = dk_date(60);
    good.truncate(8);
    good.push(("end_date_day", end.format("%d").to_string()));
    good.push(("end_date_month", end.format("%m").to_string()));
    good.push(("end_date_year", end.format("%Y").to_string()));
    let res = b
        .post(app.url("/referrals"))
        .form(&good)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = res.headers()["location"].to_str().unwrap_or("").to_string();
    let html = app.html(&b, p.split('?').next().unwrap_or("")).await;
    assert!(
        html.contains(&start.format("%d-%m-%Y").to_string()),
        "{html}"
    );
    assert!(html.contains(&end.format("%d-%m-%Y").to_string()));
}

#[actix_web::test]
async fn an_amendment_date_is_typed_as_day_month_and_year() {
    let app = TestApp::spawn().await;
    let id = app.accepted_contract(&Terms::days(2, -30, 300)).await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let path = format!("/contracts/{id}");
    let html = app.html(&b, &path).await;
    assert!(html.contains("name=\"effective_from_day\""));
    let csrf = csrf_of(&html);
    let rev = revision_of(&html);

    // A date that does not exist is named as typed; nothing is amended.
    let (status, page) = post(
        &app,
        &b,
        &format!("{path}/amend"),
        &[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("effective_from_day", "31"),
            ("effective_from_month", "2"),
            ("effective_from_year", "2027"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(&t::design::no_such_date("31-02-2027")),
        "{page}"
    );
    assert!(page.contains("value=\"31\"") && page.contains("value=\"2027\""));
    let token = app.token(CONSULTANT_A).await;
    let url = format!("/api/v1/contracts/{id}/versions");
    let before = json(app.get(&token, &url).await).await;
    assert_eq!(before.as_array().map(Vec::len), Some(1), "{before}");

    // A real date: the amendment starts on it.
    let first = dk_date(20);
    let (d, m, y) = (
        first.format("%d").to_string(),
        first.format("%m").to_string(),
        first.format("%Y").to_string(),
    );
    let (status, _) = post(
        &app,
        &b,
        &format!("{path}/amend"),
        &[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("effective_from_day", d.as_str()),
            ("effective_from_month", m.as_str()),
            ("effective_from_year", y.as_str()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = json(app.get(&token, &url).await).await;
    let newest = after
        .as_array()
        .and_then(|v| v.iter().find(|v| v["version"] == 2))
        .unwrap_or_else(|| panic!("version 2 in {after}"));
    assert_eq!(newest["effective_from"], first.to_string());
}
