//! Issue #20 in Chromium: a consultant invites a company's mentor from the company's page, the
//! mentor opens the link and chooses a password, the spent link says it no longer works, and
//! the accessibility statement is one click from any page's footer. Each page is checked with
//! axe-core at 1280×720 and 390×844 (`Browser::shot`).

use fantoccini::Locator;
use virksomhedscenter::texts as t;
use virksomhedscenter::texts::invitations as ti;

use crate::driver::{browser_available, Driver, Shots};
use crate::helpers::{TestApp, CONSULTANT_A, PASSWORD};

#[actix_web::test]
async fn a_mentor_is_invited_and_chooses_a_password() {
    if !browser_available() {
        return;
    }
    let app = TestApp::spawn().await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let shots = Shots::new(backend, "invitations");
    let driver = Driver::start().await;

    let consultant = driver.browser(&app.base, &shots, "the consultant").await;
    consultant.goto("/login").await;
    consultant.fill(t::LOGIN_EMAIL, CONSULTANT_A).await;
    consultant.fill(t::LOGIN_PASSWORD, PASSWORD).await;
    consultant.press(t::LOGIN_SUBMIT).await;
    consultant
        .goto(&format!("/companies/{}", app.seed.company_y))
        .await;
    consultant.sees(ti::NONE_PENDING).await;
    consultant.follow(ti::INVITE_PERSON).await;
    consultant.shot("invitation-form").await;
    consultant.fill(ti::NAME, "Mette Mentor").await;
    consultant.fill(ti::EMAIL, "mette@virksomhed-y.dk").await;
    consultant.choose(ti::ROLE, ti::ROLE_MENTOR).await;
    consultant.press(ti::INVITE).await;
    consultant.sees(ti::SEND_LINK).await;
    consultant.shot("invitation-link").await;
    let url = consultant
        .client
        .find(Locator::Css("#f-link"))
        .await
        .expect("the link")
        .attr("value")
        .await
        .expect("value")
        .expect("a link");
    let path = url[url.find("/invitation/").expect("path")..].to_string();
    consultant.follow(ti::BACK_TO_COMPANY).await;
    consultant.sees("Mette Mentor").await;
    consultant.sees(ti::RENEW).await;
    consultant.shot("company-with-invitation").await;

    let mentor = driver.browser(&app.base, &shots, "the mentor").await;
    mentor.goto(&path).await;
    mentor.sees(ti::ACCEPT_TITLE).await;
    mentor.sees("Virksomhed Y").await;
    mentor.shot("invitation-accept").await;
    mentor.fill(ti::PASSWORD, "tre grønne heste i Strib").await;
    mentor
        .fill(ti::PASSWORD_REPEAT, "tre grønne heste i Strib")
        .await;
    mentor.press(ti::ACCEPT_SUBMIT).await;
    mentor.sees(t::flash("logged_in").expect("text")).await;
    mentor.sees("Mette Mentor").await;
    // Spent.
    mentor.goto(&path).await;
    mentor.sees(ti::INVALID_TEXT).await;
    mentor.shot("invitation-spent").await;
    // The footer leads to the accessibility statement.
    mentor.follow(t::accessibility::LINK).await;
    mentor.sees(t::accessibility::NOT_MET_TITLE).await;
    mentor.shot("accessibility-statement").await;
    mentor.close().await;
    consultant.close().await;
}
