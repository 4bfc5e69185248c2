//! Issue #22 in Chromium: the consultant goes from a placement to its follow-up visits, moves one
//! to a time of day, is told what is missing when recording without a day, records one with a
//! note, sees the week in the calendar and renews the calendar address on "Min konto". Each page
//! is checked with axe-core at 1280×720 and 390×844 (`Browser::shot`).

use chrono::Duration;
use serde_json::json;
use virksomhedscenter::texts as t;
use virksomhedscenter::texts::visits as tv;

use crate::driver::{browser_available, Driver, Shots};
use crate::helpers::{json as body, Terms, TestApp, CONSULTANT_A, PASSWORD};

fn dmy(offset: i64) -> String {
    (virksomhedscenter::clock::today() + Duration::days(offset))
        .format("%d-%m-%Y")
        .to_string()
}

#[actix_web::test]
async fn a_consultant_moves_and_records_visits_and_subscribes_to_the_calendar() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    // A placement that began 20 days ago on a contract following up every two weeks.
    let a = app.token(CONSULTANT_A).await;
    let mut terms = Terms::days(2, -120, 300).json(&app);
    terms["follow_up_weeks"] = json!(2);
    let contract = app.draft_contract_json(&a, &terms).await;
    app.send_and_accept(&a, &contract).await;
    let candidate = app
        .candidate(&a, "010180-4321", "Hemmelig Hansen", "kontanthjaelp")
        .await;
    let res = app.refer(&a, &contract, &candidate, -20, 30).await;
    let placement = body(res).await["placement_id"]
        .as_str()
        .expect("placement")
        .to_string();

    let shots = Shots::new(backend, "calendar");
    let driver = Driver::start().await;
    let consultant = driver.browser(&app.base, &shots, "the consultant").await;
    consultant.goto("/login").await;
    consultant.fill(t::LOGIN_EMAIL, CONSULTANT_A).await;
    consultant.fill(t::LOGIN_PASSWORD, PASSWORD).await;
    consultant.press(t::LOGIN_SUBMIT).await;

    consultant.goto(&format!("/placements/{placement}")).await;
    consultant.follow(tv::VISITS_LINK).await;
    consultant.sees(tv::STATE_OVERDUE).await;
    consultant.sees(tv::VISIT_CLOSING).await;
    consultant.shot("visits").await;

    // Moved to a time of day.
    consultant.follow(&format!("{} 2", tv::VISIT_NO)).await;
    consultant.shot("visit-forms").await;
    consultant.fill_date(tv::VISIT_DATE, &dmy(3)).await;
    consultant.fill(tv::VISIT_TIME, "10:30").await;
    consultant.press(tv::VISIT_MOVE).await;
    consultant
        .sees(t::flash("visit_moved").expect("text"))
        .await;
    consultant.sees(&format!("{} 10:30", dmy(3))).await;

    // Recorded without a day: the field is named, nothing is lost.
    consultant.follow(&format!("{} 1", tv::VISIT_NO)).await;
    consultant
        .fill(tv::VISIT_NOTE, "Hemmelig og mentor Ole.")
        .await;
    consultant.press(tv::VISIT_RECORD).await;
    consultant.sees(t::REQUIRED).await;
    consultant.shot("visit-record-error").await;
    consultant.fill_date(tv::VISIT_DONE_ON, &dmy(-6)).await;
    consultant.press(tv::VISIT_RECORD).await;
    consultant
        .sees(t::flash("visit_recorded").expect("text"))
        .await;
    consultant.sees("Hemmelig og mentor Ole.").await;

    // The week calendar, and the next week.
    consultant.follow(tv::CALENDAR_NAV).await;
    consultant.sees(tv::CALENDAR_TITLE).await;
    consultant.shot("calendar-week").await;
    consultant.follow_containing(tv::NEXT_WEEK).await;
    consultant.sees(tv::PREVIOUS_WEEK).await;

    // The calendar's address on Min konto, renewed.
    consultant.goto("/account").await;
    consultant.follow(tv::ACCOUNT_LINK).await;
    consultant.sees(tv::FEED_URL).await;
    consultant.shot("calendar-address").await;
    consultant.press_and_answer(tv::RENEW, true).await;
    consultant
        .sees(t::flash("calendar_renewed").expect("text"))
        .await;
    consultant.close().await;
}
