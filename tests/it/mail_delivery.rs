//! E-mail (#21), delivery: the sender of this process delivers the outbox to a real SMTP server
//! (tests/support/smtp_sink.rs): a mail arrives once, to the right person, with a subject that
//! names the contract and a link that opens the page; an SMTP server that is down for a while
//! loses nothing; a permanent refusal is given up at once with its reason and can be sent again;
//! the unsubscribe link a mail carries works. The schedule, SIGKILL and two instances are in
//! `mail_process` (they need the binary).

use std::time::Duration as StdDuration;

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;
use virksomhedscenter::db::schema::mail_outbox;
use virksomhedscenter::mail::sender::{self, MailSettings, Route, SenderHandle};
use virksomhedscenter::state::Keys;

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, SECRET, SIGNATORY_X};
use crate::smtp_sink::SmtpSink;

const WAIT: StdDuration = StdDuration::from_secs(20);

fn start_sender(app: &TestApp, sink: &SmtpSink) -> SenderHandle {
    sender::start(
        app.db.clone(),
        Keys::from_secret(SECRET).expect("keys"),
        MailSettings {
            route: Route::Smtp(sink.url()),
            from: "Virksomhedscenter <noreply@vc.test>".into(),
            base_url: app.base.clone(),
            poll: StdDuration::from_millis(100),
            retry_base: chrono::Duration::seconds(1),
        },
    )
    .expect("the sender starts")
}

/// (status, attempts, last error) of every row of the outbox.
fn rows(app: &TestApp) -> Vec<(String, i32, Option<String>)> {
    let mut conn = app.db.read_conn().expect("conn");
    mail_outbox::table
        .order(mail_outbox::created_at.asc())
        .select((
            mail_outbox::status,
            mail_outbox::attempts,
            mail_outbox::last_error,
        ))
        .load(&mut conn)
        .expect("outbox")
}

/// Waits (yielding to the app on this runtime) until `done` holds for the outbox.
async fn until(app: &TestApp, what: &str, done: impl Fn(&[(String, i32, Option<String>)]) -> bool) {
    let start = std::time::Instant::now();
    loop {
        let r = rows(app);
        if done(&r) {
            return;
        }
        assert!(start.elapsed() < WAIT, "{what}: {r:?}");
        actix_web::rt::time::sleep(StdDuration::from_millis(100)).await;
    }
}

async fn sent_contract(app: &TestApp) -> String {
    let consultant = app.token(CONSULTANT_A).await;
    let id = app
        .draft_contract(&consultant, &crate::helpers::Terms::days(2, 10, 200))
        .await;
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/send"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    id
}

async fn invite(app: &TestApp, token: &str, n: usize) {
    let res = app
        .post(
            token,
            &format!("/api/v1/companies/{}/invitations", app.seed.company_x),
            &json!({"name": format!("Person {n}"), "email": format!("person{n}@x.dk"), "role": "mentor"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[actix_web::test]
async fn a_sent_contract_arrives_once_at_the_signatory_with_a_link_that_opens_it() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let _sender = start_sender(&app, &sink);
    let id = sent_contract(&app).await;

    let got = sink.wait_for_async(1, WAIT).await;
    assert_eq!(got[0].rcpt_to, [SIGNATORY_X]);
    let mail = got[0].parsed();
    let subject = mail.subject.clone().unwrap_or_default();
    assert!(
        subject.starts_with("Kontrakt til gennemsyn: Virksomhed X, "),
        "{subject}"
    );
    let link = format!("{}/contracts/{id}", app.base);
    let text = mail.text.clone().unwrap_or_default();
    assert!(text.contains(&link), "{text}");
    assert!(text.contains("Hej underskriver.x"), "{text}");
    assert!(text.contains("/account/mail"), "how to change it: {text}");
    assert!(
        mail.html
            .as_deref()
            .is_some_and(|h| h.contains(&format!("href=\"{link}\""))),
        "the HTML part links the same page"
    );
    assert_eq!(mail.header("Auto-Submitted"), Some("auto-generated"));
    assert!(
        mail.header("List-Unsubscribe").is_none(),
        "a signatory cannot switch the contract review off"
    );
    let message_id = mail.message_id.clone().unwrap_or_default();
    assert!(message_id.ends_with("@vc.test"), "{message_id}");

    // The link opens the contract for the signatory.
    let b = app.browser_logged_in(SIGNATORY_X).await;
    let res = b.get(&link).send().await.expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("body").contains("Virksomhed X"));

    // Once: the row is sent and nothing more arrives.
    until(&app, "the mail is marked sent", |r| {
        r.len() == 1 && r[0].0 == "sent" && r[0].1 == 1
    })
    .await;
    actix_web::rt::time::sleep(StdDuration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 1);
}

#[actix_web::test]
async fn an_smtp_server_that_is_down_for_a_while_loses_nothing() {
    let app = TestApp::spawn().await;
    let mut sink = SmtpSink::start();
    sink.stop();
    let _sender = start_sender(&app, &sink);
    let consultant = app.token(CONSULTANT_A).await;
    for n in 0..3 {
        invite(&app, &consultant, n).await;
    }
    // Every mail was tried and failed, and waits for its next attempt.
    until(&app, "three failed attempts", |r| {
        r.len() == 3
            && r.iter()
                .all(|(s, a, e)| s == "queued" && *a >= 1 && e.is_some())
    })
    .await;
    assert!(sink.messages().is_empty());
    sink.restart();
    let got = sink.wait_for_async(3, WAIT).await;
    let mut to: Vec<String> = got.iter().flat_map(|m| m.rcpt_to.clone()).collect();
    to.sort();
    assert_eq!(to, ["person0@x.dk", "person1@x.dk", "person2@x.dk"]);
    until(&app, "all sent", |r| {
        r.iter().all(|(s, _, e)| s == "sent" && e.is_none())
    })
    .await;
    let mut ids = sink.message_ids();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "each once");
    // The invitation's link works as a password until spent: it is not kept once sent.
    let mut conn = app.db.read_conn().expect("conn");
    let payloads: Vec<String> = mail_outbox::table
        .select(mail_outbox::payload)
        .load(&mut conn)
        .expect("payloads");
    assert!(
        payloads.iter().all(|p| !p.contains("/invitation/")),
        "{payloads:?}"
    );
    let text = got[0].parsed().text.unwrap_or_default();
    assert!(
        text.contains(&format!("{}/invitation/", app.base)),
        "{text}"
    );
}

#[actix_web::test]
async fn a_refused_recipient_is_given_up_with_the_reason_and_can_be_sent_again() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    sink.refuse(550, "mailbox unavailable");
    let _sender = start_sender(&app, &sink);
    sent_contract(&app).await;
    until(&app, "given up at once", |r| {
        r.len() == 1 && r[0].0 == "failed"
    })
    .await;
    let r = rows(&app);
    assert_eq!(r[0].1, 1, "one attempt: a permanent refusal is not retried");
    assert!(
        r[0].2.as_deref().is_some_and(|e| e.contains("550")),
        "{r:?}"
    );
    sink.accept();
    let admin = app.token(ADMIN).await;
    let failed = json(app.get(&admin, "/api/v1/outbox?status=failed").await).await;
    let id = failed["items"][0]["id"].as_str().expect("id").to_string();
    let res = app
        .post(&admin, &format!("/api/v1/outbox/{id}/resend"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let got = sink.wait_for_async(1, WAIT).await;
    assert_eq!(got[0].rcpt_to, [SIGNATORY_X]);
}

#[actix_web::test]
async fn the_unsubscribe_link_of_a_mail_switches_its_kind_off() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    let _sender = start_sender(&app, &sink);
    // A signatory's mail about an ending contract may be switched off: a termination.
    let consultant = app.token(CONSULTANT_A).await;
    let id = app
        .accepted_contract(&crate::helpers::Terms::days(2, 10, 200))
        .await;
    sink.wait_for_async(2, WAIT).await; // sent (signatory), accepted (consultant)
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/terminate"),
            &json!({"date": crate::helpers::day(40), "reason": "Afdelingen lukker"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let got = sink.wait_for_async(3, WAIT).await;
    let mail = got[2].parsed();
    assert_eq!(got[2].rcpt_to, [SIGNATORY_X]);
    assert!(mail
        .text
        .as_deref()
        .is_some_and(|t| t.contains("> Afdelingen lukker")));
    let header = mail
        .header("List-Unsubscribe")
        .expect("List-Unsubscribe")
        .to_string();
    assert_eq!(
        mail.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let url = header.trim_start_matches('<').trim_end_matches('>');
    assert!(url.starts_with(&app.base), "{url}");
    // The one-click POST a mail program sends.
    let res = app
        .http
        .post(url)
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    let company = app.token(SIGNATORY_X).await;
    let mine = json(app.get(&company, "/api/v1/me/mail").await).await;
    let ending = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["topic"] == "contract_ending")
        .expect("topic")
        .clone();
    assert_eq!(ending["delivery"], "off");
}

#[actix_web::test]
async fn a_mail_to_a_deactivated_account_is_given_up_not_sent() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start();
    sent_contract(&app).await;
    // The signatory leaves the company before the sender gets to the mail.
    {
        use virksomhedscenter::db::schema::users;
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(users::table.filter(users::email.eq(SIGNATORY_X)))
            .set(users::active.eq(false))
            .execute(&mut conn)
            .expect("deactivate");
    }
    let _sender = start_sender(&app, &sink);
    until(&app, "given up", |r| r.len() == 1 && r[0].0 == "failed").await;
    assert!(rows(&app)[0]
        .2
        .as_deref()
        .is_some_and(|e| e.contains("deactivated")));
    actix_web::rt::time::sleep(StdDuration::from_millis(300)).await;
    assert!(sink.messages().is_empty());
}
