//! The pages without JavaScript: forms, error summaries and destructive actions work the same,
//! only the questions before a destructive action and the live week totals are missing.

use chrono::Duration;
use serde_json::json;
use virksomhedscenter::texts as t;

use crate::driver::{browser_available, Driver, Shots};
use crate::helpers::{json, TestApp, CONSULTANT_A, MENTOR_X, PASSWORD};

#[actix_web::test]
async fn the_pages_work_without_javascript() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let shots = Shots::new(backend, "uden-javascript");
    let driver = Driver::start().await;

    // A contract sent to company X, made through the API.
    let token = app.token(CONSULTANT_A).await;
    let today = virksomhedscenter::clock::today();
    let res = app
        .post(
            &token,
            "/api/v1/contracts",
            &json!({
                "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 2,
                "offer_types": ["virksomhedspraktik"], "start_date": today.to_string(),
                "end_date": (today + Duration::days(200)).to_string(),
                "mentor_minutes_per_week": 120, "mentor_rate_ore": 25000,
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let id = json(res).await["id"].as_str().expect("id").to_string();
    let res = app
        .post(&token, &format!("/api/v1/contracts/{id}/send"), &json!({}))
        .await;
    assert_eq!(res.status(), 200);

    let b = driver
        .browser_with(
            &app.base,
            &shots,
            "the consultant without JavaScript",
            false,
        )
        .await;
    b.goto("/login").await;
    b.fill(t::LOGIN_EMAIL, CONSULTANT_A).await;
    b.fill(t::LOGIN_PASSWORD, PASSWORD).await;
    b.press(t::LOGIN_SUBMIT).await;
    b.sees(t::flash("logged_in").expect("text")).await;

    // A form with errors is shown again with the summary and the typed values.
    b.goto("/companies/new").await;
    b.fill(t::COMPANY_NAME, "Uden Script ApS").await;
    b.press(t::CREATE).await;
    b.sees(&format!("{}: {}", t::COMPANY_CVR, t::REQUIRED))
        .await;
    assert!(
        !b.focused_attr("class").await.contains("error-summary"),
        "no script ran: the focus stays where the browser puts it"
    );
    let name = b.field(t::COMPANY_NAME).await;
    assert_eq!(
        name.prop("value").await.expect("value").as_deref(),
        Some("Uden Script ApS")
    );
    b.shot("fejl-uden-javascript").await;

    // A destructive action asks on a page of its own, which works without the script.
    b.goto(&format!("/contracts/{id}")).await;
    b.press(t::CONTRACT_WITHDRAW).await;
    b.sees(t::design::WITHDRAW_CONSEQUENCE).await;
    b.shot("traek-tilbage-bekraeft-uden-javascript").await;
    b.press(t::design::WITHDRAW_YES).await;
    b.sees(t::flash("contract_withdrawn").expect("text")).await;
    b.shot("trukket-tilbage-uden-javascript").await;
    b.close().await;
}
