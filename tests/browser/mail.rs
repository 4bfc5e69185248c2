//! Issue #21 in Chromium, through a real SMTP server: the app runs with its mail sender pointed
//! at the test's SMTP sink. A consultant sends a drafted contract with the contract page's
//! button; the signatory's mail lands in the sink, naming the company; the link in its text
//! opens the contract in the signatory's browser, where she asks for a change (a mail to the
//! consultant). On Min konto → E-mails she chooses the daily digest for contracts that end, and
//! a tampered choice is refused with an error summary that leads to its group. The
//! administrator sees the sent mails under E-mails and sends one again. Each page is checked
//! with axe-core at 1280×720 and 390×844 (`Browser::shot`), and so is the mail's HTML.

use std::time::{Duration, Instant};

use chrono::Duration as Days;
use diesel::prelude::*;
use fantoccini::Locator;
use serde_json::json;
use virksomhedscenter::db::schema::mail_outbox;
use virksomhedscenter::texts as t;
use virksomhedscenter::texts::mail as tm;

use crate::driver::{browser_available, Browser, Driver, Shots};
use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, MENTOR_X, PASSWORD, SIGNATORY_X};
use crate::smtp_sink::SmtpSink;

const ARRIVAL: Duration = Duration::from_secs(20);

async fn log_in(b: &Browser, email: &str) {
    b.goto("/login").await;
    b.fill(t::LOGIN_EMAIL, email).await;
    b.fill(t::LOGIN_PASSWORD, PASSWORD).await;
    b.press(t::LOGIN_SUBMIT).await;
    b.sees(t::flash("logged_in").expect("text")).await;
}

/// Waits until the sender has marked every mail of the outbox sent (the sink has a message
/// before the sender hears its 250 and marks the row), so the outbox shows them as sent.
async fn all_sent(app: &TestApp, n: i64) {
    let deadline = Instant::now() + ARRIVAL;
    loop {
        let mut conn = app.db.read_conn().expect("conn");
        let statuses: Vec<String> = mail_outbox::table
            .select(mail_outbox::status)
            .load(&mut conn)
            .expect("outbox");
        if statuses.len() as i64 == n && statuses.iter().all(|s| s == "sent") {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "expected {n} sent mails, the outbox has {statuses:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[actix_web::test]
async fn a_contract_sent_in_the_browser_lands_in_the_signatorys_inbox_with_a_working_link() {
    if !browser_available() {
        return;
    }
    let sink = SmtpSink::start();
    let app = TestApp::spawn_sending_mail(&sink.url()).await;
    let backend = if app.test_db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let shots = Shots::new(backend, "mail");
    let driver = Driver::start().await;

    // A drafted contract with Virksomhed X, whose signatory is SIGNATORY_X.
    let today = virksomhedscenter::clock::today();
    let consultant_token = app.token(CONSULTANT_A).await;
    let res = app
        .post(
            &consultant_token,
            "/api/v1/contracts",
            &json!({
                "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 2,
                "offer_types": ["virksomhedspraktik"],
                "start_date": (today + Days::days(7)).to_string(),
                "end_date": (today + Days::days(200)).to_string(),
                "mentor_minutes_per_week": 120, "mentor_basis": "centre", "mentor_rate_ore": 20000}),
        )
        .await;
    assert_eq!(res.status(), 201, "the draft");
    let contract_id = json(res).await["id"].as_str().expect("id").to_string();
    let contract_path = format!("/contracts/{contract_id}");

    // The consultant sends it with the contract page's button.
    let consultant = driver.browser(&app.base, &shots, "the consultant").await;
    log_in(&consultant, CONSULTANT_A).await;
    consultant.goto(&contract_path).await;
    consultant.press(t::CONTRACT_SEND).await;
    consultant
        .sees(t::flash("contract_sent").expect("text"))
        .await;

    // The signatory's mail arrives at the SMTP server.
    let received = sink.wait_for_async(1, ARRIVAL).await;
    assert_eq!(received[0].rcpt_to, vec![SIGNATORY_X.to_string()]);
    let mail = received[0].parsed();
    assert_eq!(mail.to, vec![SIGNATORY_X.to_string()]);
    let subject = mail.subject.clone().expect("a subject");
    assert!(
        subject.starts_with("Kontrakt til gennemsyn: Virksomhed X, "),
        "the subject names the company: {subject}"
    );
    let text = mail.text.clone().expect("a text part");
    let prefix = format!("{}: ", tm::REVIEW_CONTRACT);
    let link = text
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} line in the text:\n{text}"))
        .trim()
        .to_string();
    assert_eq!(
        link,
        format!("{}{contract_path}", app.base),
        "the link leads to this app's contract page"
    );
    let html = mail.html.clone().expect("an HTML part");
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");

    // The link, opened in the signatory's browser, shows the contract to decide on.
    let signatory = driver.browser(&app.base, &shots, "the signatory").await;
    log_in(&signatory, SIGNATORY_X).await;
    signatory.client.goto(&link).await.expect("open the link");
    signatory.settle().await;
    assert_eq!(signatory.path().await, contract_path);
    let heading = signatory
        .client
        .find(Locator::Css("h1"))
        .await
        .expect("a heading")
        .text()
        .await
        .expect("text");
    assert!(heading.contains("Virksomhed X"), "{heading}");
    signatory.sees(t::contracts::GO_TO_CHECK).await;
    signatory
        .fill(t::CONTRACT_COMMENT, "Kan praktikken starte en uge senere?")
        .await;
    signatory.press(t::CONTRACT_REQUEST_CHANGES).await;
    signatory
        .sees(t::flash("contract_returned").expect("text"))
        .await;
    let received = sink.wait_for_async(2, ARRIVAL).await;
    let answer = received[1].parsed();
    assert_eq!(answer.to, vec![CONSULTANT_A.to_string()]);
    assert!(
        answer
            .text
            .as_deref()
            .is_some_and(|t| t.contains("Kan praktikken starte en uge senere?")),
        "the comment is in the consultant's mail: {answer:?}"
    );

    // The mail itself, as a mail program shows its HTML part.
    signatory
        .document_shot("mail-kontrakt-til-gennemsyn", &html)
        .await;

    // Min konto → E-mails. First a choice the page does not offer (a form changed behind the
    // page's back): the summary names the group, has the focus and leads to it.
    signatory.goto("/").await;
    signatory.follow(t::account::LINK).await;
    signatory.follow(tm::PREFS_LINK).await;
    assert_eq!(signatory.path().await, "/account/mail");
    signatory.sees(tm::PREFS_MANDATORY).await;
    assert!(
        signatory
            .is_picked(tm::TOPIC_CONTRACT_ENDING, tm::DELIVERY_IMMEDIATELY)
            .await,
        "nothing chosen yet: at once"
    );
    signatory
        .client
        .execute(
            "document.getElementById('f-contract_review-digest').value = 'off';",
            vec![],
        )
        .await
        .expect("change the form");
    signatory
        .pick(tm::TOPIC_CONTRACT_REVIEW, tm::DELIVERY_DIGEST)
        .await;
    signatory.press(tm::PREFS_SAVE).await;
    signatory.sees(t::FORM_HAS_ERRORS).await;
    let summary_item = format!("{}: {}", tm::TOPIC_CONTRACT_REVIEW, tm::CHOICE_NOT_OFFERED);
    signatory.sees(&summary_item).await;
    assert!(
        signatory
            .focused_attr("class")
            .await
            .contains("error-summary"),
        "the error summary has the focus"
    );
    signatory.shot("konto-emails-fejl").await;
    signatory
        .client
        .find(Locator::LinkText(&summary_item))
        .await
        .expect("a link to the group")
        .click()
        .await
        .expect("click");
    assert_eq!(
        signatory.focused_attr("id").await,
        "f-contract_review",
        "the link puts the focus on the group's first choice"
    );
    let described = signatory
        .client
        .find(Locator::XPath(&format!(
            "//fieldset[legend[normalize-space(.)='{}']]",
            tm::TOPIC_CONTRACT_REVIEW
        )))
        .await
        .expect("the group")
        .attr("aria-describedby")
        .await
        .expect("attr")
        .unwrap_or_default();
    assert_eq!(described, "h-contract_review e-contract_review");

    // Now the daily digest for contracts that end, saved and confirmed.
    signatory
        .pick(tm::TOPIC_CONTRACT_ENDING, tm::DELIVERY_DIGEST)
        .await;
    signatory.press(tm::PREFS_SAVE).await;
    signatory.sees(tm::PREFS_SAVED).await;
    signatory.does_not_see(t::FORM_HAS_ERRORS).await;
    assert!(
        signatory
            .is_picked(tm::TOPIC_CONTRACT_ENDING, tm::DELIVERY_DIGEST)
            .await,
        "the choice is kept"
    );
    assert!(
        signatory
            .is_picked(tm::TOPIC_CONTRACT_REVIEW, tm::DELIVERY_IMMEDIATELY)
            .await,
        "the refused choice was not saved"
    );
    signatory.shot("konto-emails").await;

    // The administrator's outbox: both mails sent; one is sent again.
    all_sent(&app, 2).await;
    let admin = driver.browser(&app.base, &shots, "the administrator").await;
    log_in(&admin, ADMIN).await;
    admin.follow(tm::NAV_OUTBOX).await;
    assert_eq!(admin.path().await, "/admin/outbox");
    admin.sees(tm::OUTBOX_TITLE).await;
    admin.sees(tm::TRANSPORT_SMTP).await;
    admin.sees(tm::KIND_CONTRACT_SENT).await;
    admin.sees(tm::KIND_CHANGES_REQUESTED).await;
    admin.sees(SIGNATORY_X).await;
    admin
        .press_labelled(&tm::resend_label(tm::KIND_CONTRACT_SENT, "underskriver.x"))
        .await;
    admin.sees(tm::RESENT).await;
    let received = sink.wait_for_async(3, ARRIVAL).await;
    let again = received[2].parsed();
    assert_eq!(again.to, vec![SIGNATORY_X.to_string()]);
    assert_eq!(again.subject.as_deref(), Some(subject.as_str()));
    assert_ne!(
        again.message_id, mail.message_id,
        "sent again is a new mail"
    );
    all_sent(&app, 3).await;
    admin.goto("/admin/outbox").await;
    admin.shot("udbakke").await;
    // The status filter: all three are sent, none failed.
    admin.choose(tm::COL_STATUS, tm::STATUS_FAILED).await;
    admin.press(tm::OUTBOX_SHOW).await;
    assert_eq!(admin.path().await, "/admin/outbox?status=failed");
    admin.sees(tm::OUTBOX_EMPTY).await;
    admin.choose(tm::COL_STATUS, tm::STATUS_SENT).await;
    admin.press(tm::OUTBOX_SHOW).await;
    assert_eq!(admin.path().await, "/admin/outbox?status=sent");
    assert_eq!(
        admin
            .labelled(&tm::resend_label(tm::KIND_CONTRACT_SENT, "underskriver.x"))
            .await
            .len(),
        2,
        "the mail and its copy, both sent"
    );

    admin.close().await;
    signatory.close().await;
    consultant.close().await;
}
