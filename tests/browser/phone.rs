//! A phone (390×844): the mentor logs a week on the day cards, which fit the screen (#20).

use chrono::{Datelike, Duration};
use fantoccini::Locator;
use virksomhedscenter::texts as t;

use crate::driver::{browser_available, Driver, Shots};
use crate::helpers::{json, Terms, TestApp, CONSULTANT_A, MENTOR_X, PASSWORD};

#[actix_web::test]
async fn a_mentor_logs_hours_on_a_phone_one_card_per_day() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let shots = Shots::new(backend, "telefon");
    let driver = Driver::start().await;
    let id = app
        .accepted_contract(&Terms {
            mentor_minutes_per_week: 300,
            ..Terms::days(2, -30, 100)
        })
        .await;
    // Last week: every day of it has begun.
    let today = virksomhedscenter::clock::today();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 7);
    let w = monday.iso_week();
    let week = format!("{}-W{:02}", w.year(), w.week());

    let b = driver
        .browser(&app.base, &shots, "the mentor on a phone")
        .await;
    b.goto("/login").await;
    b.fill(t::LOGIN_EMAIL, MENTOR_X).await;
    b.fill(t::LOGIN_PASSWORD, PASSWORD).await;
    b.press(t::LOGIN_SUBMIT).await;
    b.viewport(390, 844).await;
    b.goto(&format!("/hours?contract_id={id}&week={week}"))
        .await;
    b.fits_width("mentor-uge-telefon").await;
    // The grid is not shown; the day cards are, each headed by its day.
    let grid = b
        .client
        .find(Locator::Css("form.week-table"))
        .await
        .expect("the grid is on the page");
    assert!(!grid.is_displayed().await.expect("displayed"));
    b.sees(&format!(
        "{} {}",
        t::hours::WEEKDAYS_LONG[1],
        virksomhedscenter::ui::format::date(monday + Duration::days(1))
    ))
    .await;
    // Tuesday 2 h and Thursday 1,5 h in the first row, typed in their cards.
    for (cell, hours) in [("m-cell-0-1", "2"), ("m-cell-0-3", "1,5")] {
        let input = b.client.find(Locator::Id(cell)).await.expect("day cell");
        assert!(input.is_displayed().await.expect("displayed"));
        input.send_keys(hours).await.expect("type");
    }
    // The totals follow the typing (the script), as in the grid.
    b.sees(&format!("{}: 3,5 t", t::HOURS_WEEK_TOTAL)).await;
    b.press(t::HOURS_SAVE).await;
    b.sees(t::flash("hours_saved").expect("text")).await;
    b.phone_shot("mentor-uge-telefon").await;

    let token = app.token(CONSULTANT_A).await;
    let saved = json(
        app.get(
            &token,
            &format!("/api/v1/hours?contract_id={id}&week={week}"),
        )
        .await,
    )
    .await;
    assert_eq!(
        saved["logged_minutes"], 210,
        "what was typed on the phone is saved: {saved}"
    );
    b.close().await;

    // The consultant's seat timeline: a list per seat, not sixteen week columns.
    let c = driver
        .browser(&app.base, &shots, "the consultant on a phone")
        .await;
    c.goto("/login").await;
    c.fill(t::LOGIN_EMAIL, CONSULTANT_A).await;
    c.fill(t::LOGIN_PASSWORD, PASSWORD).await;
    c.press(t::LOGIN_SUBMIT).await;
    c.viewport(390, 844).await;
    c.goto(&format!("/contracts/{id}/seats")).await;
    c.fits_width("pladser-telefon").await;
    let timeline = c
        .client
        .find(Locator::Css(".timeline-wrap"))
        .await
        .expect("the timeline is on the page");
    assert!(!timeline.is_displayed().await.expect("displayed"));
    c.sees(&format!("{} 2", t::SEATS_SEAT)).await;
    c.sees(&format!(
        "{} {}",
        t::SEATS_FREE,
        virksomhedscenter::ui::format::week(today)
    ))
    .await;
    c.phone_shot("pladser-telefon").await;
    c.close().await;
}
