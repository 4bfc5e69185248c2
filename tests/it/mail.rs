//! E-mail (#21), the outbox side: each event writes its mail for the right person in its own
//! transaction (nothing for a refused change), as each person chose; the choices and the signed
//! unsubscribe link; the administrators' outbox. Delivery over SMTP is in `mail_delivery`.

use chrono::{Datelike, Duration, NaiveDate};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use virksomhedscenter::db::schema::{mail_outbox, users};
use virksomhedscenter::state::Keys;

use crate::helpers::{
    json, TestApp, ADMIN, CONSULTANT_A, MENTOR_X, SECRET, SIGNATORY_X, SIGNATORY_Y,
};

/// (recipient e-mail, kind, status, payload) of every mail, oldest first.
pub fn mails(app: &TestApp) -> Vec<(String, String, String, Value)> {
    let mut conn = app.db.read_conn().expect("conn");
    let rows: Vec<(String, String, String, String)> = mail_outbox::table
        .inner_join(users::table)
        .order((mail_outbox::created_at.asc(), mail_outbox::id.asc()))
        .select((
            users::email,
            mail_outbox::kind,
            mail_outbox::status,
            mail_outbox::payload,
        ))
        .load(&mut conn)
        .expect("outbox");
    rows.into_iter()
        .map(|(e, k, s, p)| (e, k, s, serde_json::from_str(&p).expect("payload json")))
        .collect()
}

fn of_kind(app: &TestApp, kind: &str) -> Vec<(String, String, String, Value)> {
    mails(app).into_iter().filter(|m| m.1 == kind).collect()
}

fn today() -> NaiveDate {
    virksomhedscenter::clock::today()
}

fn monday(weeks_back: i64) -> NaiveDate {
    let t = today();
    t - Duration::days(i64::from(t.weekday().num_days_from_monday())) - Duration::weeks(weeks_back)
}

fn iso(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

async fn draft(app: &TestApp, consultant: &str) -> String {
    let c = json(
        app.post(
            consultant,
            "/api/v1/contracts",
            &json!({
        "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 2,
        "offer_types": ["virksomhedspraktik"], "start_date": monday(10).to_string(),
        "end_date": (today() + Duration::days(200)).to_string(),
        "mentor_minutes_per_week": 120, "mentor_basis": "centre", "mentor_rate_ore": 20000}),
        )
        .await,
    )
    .await;
    c["id"].as_str().expect("id").to_string()
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> StatusCode {
    app.post(token, &format!("/api/v1/contracts/{id}/{action}"), &body)
        .await
        .status()
}

#[actix_web::test]
async fn each_contract_step_writes_its_mail_to_the_right_person() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let id = draft(&app, &consultant).await;
    assert!(mails(&app).is_empty(), "a draft mails nobody");

    assert_eq!(
        act(&app, &consultant, &id, "send", json!({})).await,
        StatusCode::OK
    );
    let sent = of_kind(&app, "contract_sent");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(
        sent[0].0, SIGNATORY_X,
        "the company's signatory, not company Y's"
    );
    assert_eq!(sent[0].2, "queued");
    assert_eq!(sent[0].3["path"], format!("/contracts/{id}"));
    assert_eq!(sent[0].3["company"], "Virksomhed X");
    assert_eq!(sent[0].3["actor"], "konsulent.a", "who sent it is named");

    assert_eq!(
        act(
            &app,
            &company,
            &id,
            "request-changes",
            json!({"comment": "Kun 1 plads"})
        )
        .await,
        StatusCode::OK
    );
    let back = of_kind(&app, "changes_requested");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].0, CONSULTANT_A);
    assert_eq!(back[0].3["reason"], "Kun 1 plads");

    assert_eq!(
        act(&app, &consultant, &id, "send", json!({})).await,
        StatusCode::OK
    );
    assert_eq!(
        of_kind(&app, "contract_sent").len(),
        2,
        "sent again, mailed again"
    );
    assert_eq!(
        act(&app, &company, &id, "accept", json!({})).await,
        StatusCode::OK
    );
    let accepted = of_kind(&app, "contract_accepted");
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].0, CONSULTANT_A);
    assert_eq!(accepted[0].3["version"], 1);

    // A termination goes to both parties (not to whoever terminated).
    assert_eq!(
        act(
            &app,
            &consultant,
            &id,
            "terminate",
            json!({"date": (today() + Duration::days(30)).to_string(), "reason": "Virksomheden lukker afdelingen"}),
        )
        .await,
        StatusCode::OK
    );
    let ended = of_kind(&app, "contract_terminated");
    assert_eq!(
        ended.len(),
        1,
        "the consultant terminated: only the signatory: {ended:?}"
    );
    assert_eq!(ended[0].0, SIGNATORY_X);
    assert_eq!(ended[0].3["reason"], "Virksomheden lukker afdelingen");
    assert!(
        !mails(&app).iter().any(|m| m.0 == SIGNATORY_Y),
        "another company hears nothing"
    );
}

#[actix_web::test]
async fn a_refused_or_rolled_back_change_writes_no_mail() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let id = draft(&app, &consultant).await;
    assert_eq!(
        act(&app, &consultant, &id, "send", json!({})).await,
        StatusCode::OK
    );
    let before = mails(&app).len();
    // An acceptance of a revision that is not the contract's (a stale page) is refused.
    let res = app
        .http
        .post(app.url(&format!("/api/v1/contracts/{id}/accept")))
        .bearer_auth(&company)
        .header("if-match", "\"99\"")
        .json(&json!({}))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // A request without its comment is refused before anything is written.
    assert_eq!(
        act(&app, &company, &id, "request-changes", json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(mails(&app).len(), before, "{:?}", mails(&app));

    // The mail is written on the transaction's own connection: when the change fails after
    // it was written, the mail goes with it.
    let mut conn = app.db.write_conn().expect("conn");
    let outcome: Result<(), virksomhedscenter::error::AppError> =
        virksomhedscenter::db::write_tx(&mut conn, |c| {
            let n = virksomhedscenter::mail::store::contract_event(
                c,
                &id.as_str().into(),
                virksomhedscenter::mail::model::Kind::ContractSent,
                virksomhedscenter::mail::store::Audience::Signatories,
                None,
                |_| {},
            )?;
            assert_eq!(n, 1, "written inside the transaction");
            Err(virksomhedscenter::error::AppError::Conflict(
                "later step failed".into(),
            ))
        });
    assert!(outcome.is_err());
    drop(conn);
    assert_eq!(mails(&app).len(), before, "rolled back with the change");
}

#[actix_web::test]
async fn weeks_mail_the_mentor_and_the_consultant_as_they_chose() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let mentor = app.token(MENTOR_X).await;
    let company = app.token(SIGNATORY_X).await;
    let id = draft(&app, &consultant).await;
    act(&app, &consultant, &id, "send", json!({})).await;
    assert_eq!(
        act(&app, &company, &id, "accept", json!({})).await,
        StatusCode::OK
    );
    let week = iso(monday(2));
    let res = app
        .post(
            &mentor,
            "/api/v1/hours",
            &json!({"contract_id": id, "date": monday(2).to_string(), "minutes": 60, "activity": "training"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let submit = |token: String| {
        let (app, id, week) = (&app, id.clone(), week.clone());
        async move {
            app.post(
                &token,
                &format!("/api/v1/contracts/{id}/weeks/{week}/submit"),
                &json!({}),
            )
            .await
            .status()
        }
    };
    assert_eq!(submit(mentor.clone()).await, StatusCode::OK);
    // A consultant gets handed-in weeks in the daily digest unless chosen otherwise.
    let submitted = of_kind(&app, "week_submitted");
    assert_eq!(submitted.len(), 1);
    assert_eq!(submitted[0].0, CONSULTANT_A);
    assert_eq!(submitted[0].2, "held", "waiting for the 08:00 digest");
    assert_eq!(
        submitted[0].3["path"],
        format!("/hours?contract_id={id}&week={week}")
    );

    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/weeks/{week}/reject"),
            &json!({"reason": "Tirsdag mangler"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let rejected = of_kind(&app, "week_rejected");
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0, MENTOR_X);
    assert_eq!(rejected[0].2, "queued");
    assert_eq!(rejected[0].3["reason"], "Tirsdag mangler");

    // The mentor switches rejections off and the consultant takes hand-ins at once.
    let res = app
        .put(
            &mentor,
            "/api/v1/me/mail",
            None,
            &json!({"items": [{"topic": "week_rejected", "delivery": "off"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .put(
            &consultant,
            "/api/v1/me/mail",
            None,
            &json!({"items": [{"topic": "week_submitted", "delivery": "immediately"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = json(res).await;
    let choice = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["topic"] == "week_submitted")
        .expect("the topic")
        .clone();
    assert_eq!(choice["delivery"], "immediately");

    assert_eq!(submit(mentor.clone()).await, StatusCode::OK);
    let submitted = of_kind(&app, "week_submitted");
    assert_eq!(submitted.len(), 2);
    assert_eq!(submitted[1].2, "queued", "now at once");
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/weeks/{week}/reject"),
            &json!({"reason": "Stadig forkert"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        of_kind(&app, "week_rejected").len(),
        1,
        "switched off: no second rejection mail"
    );
}

#[actix_web::test]
async fn the_choices_are_the_roles_own_and_a_signatory_cannot_switch_the_review_off() {
    let app = TestApp::spawn().await;
    let company = app.token(SIGNATORY_X).await;
    let mine = json(app.get(&company, "/api/v1/me/mail").await).await;
    let topics: Vec<&str> = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["topic"].as_str().expect("topic"))
        .collect();
    assert_eq!(topics, ["contract_review", "contract_ending"]);
    let review = &mine["items"][0];
    assert_eq!(review["choices"], json!(["immediately", "digest"]));

    let res = app
        .put(
            &company,
            "/api/v1/me/mail",
            None,
            &json!({"items": [{"topic": "contract_review", "delivery": "off"},
                              {"topic": "contract_ending", "delivery": "off"}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await;
    assert!(body["fields"]["contract_review"].is_array(), "{body}");
    let after = json(app.get(&company, "/api/v1/me/mail").await).await;
    assert_eq!(
        after["items"][1]["delivery"], "immediately",
        "nothing stored when one choice is refused"
    );
    let res = app
        .put(
            &company,
            "/api/v1/me/mail",
            None,
            &json!({"items": [{"topic": "week_submitted", "delivery": "off"}]}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a topic of another role"
    );

    // The page: the same choices as radio buttons, saved with a confirmation.
    let b = app.browser_logged_in(SIGNATORY_X).await;
    let html = app.html(&b, "/account/mail").await;
    assert!(
        html.contains("name=\"contract_review\" value=\"digest\""),
        "{html}"
    );
    assert!(!html.contains("name=\"contract_review\" value=\"off\""));
    let csrf = crate::helpers::csrf_of(&html);
    let res = b
        .post(app.url("/account/mail"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_review", "digest"),
            ("contract_ending", "off"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_string();
    let html = app.html(&b, &location).await;
    assert!(
        html.contains(virksomhedscenter::texts::mail::PREFS_SAVED),
        "{html}"
    );
    assert!(
        html.contains("id=\"contract_ending-off\" value=\"off\" checked")
            || html.contains("value=\"off\" checked"),
        "{html}"
    );
    let res = b
        .post(app.url("/account/mail"))
        .form(&[("csrf", csrf.as_str()), ("contract_review", "off")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("body");
    assert!(html.contains(virksomhedscenter::texts::mail::CHOICE_NOT_OFFERED));
}

#[actix_web::test]
async fn an_unsubscribe_link_switches_off_its_topic_for_its_person_only() {
    let app = TestApp::spawn().await;
    let keys = Keys::from_secret(SECRET).expect("keys");
    let mentor_id = app.user_id(MENTOR_X);
    let link = virksomhedscenter::mail::sender::unsubscribe_url(
        "",
        &keys,
        &mentor_id.as_str().into(),
        virksomhedscenter::mail::model::Topic::WeekReminder,
    );
    // Opening the link asks; it changes nothing (a link scanner opens every link).
    let page = app.http.get(app.url(&link)).send().await.expect("get");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("body");
    assert!(html.contains(virksomhedscenter::texts::mail::UNSUB_BUTTON));
    let mentor = app.token(MENTOR_X).await;
    let delivery = |body: Value, topic: &str| {
        body["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|c| c["topic"] == topic)
            .map(|c| c["delivery"].clone())
    };
    let mine = json(app.get(&mentor, "/api/v1/me/mail").await).await;
    assert_eq!(delivery(mine, "week_reminder"), Some(json!("immediately")));

    // A tampered link (another person's id under this signature) is refused.
    let tampered = link.replace(&mentor_id, &app.user_id(SIGNATORY_X));
    let res = app
        .http
        .post(app.url(&tampered))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // RFC 8058 one-click: a POST to the link itself, from the mail program's own origin.
    let res = app
        .http
        .post(app.url(&link))
        .header("origin", "https://webmail.example.com")
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    let mine = json(app.get(&mentor, "/api/v1/me/mail").await).await;
    assert_eq!(delivery(mine.clone(), "week_reminder"), Some(json!("off")));
    assert_eq!(
        delivery(mine, "week_rejected"),
        Some(json!("immediately")),
        "only the link's topic"
    );

    // A signatory's contract review cannot be unsubscribed, even with a genuine link.
    let signatory = app.user_id(SIGNATORY_X);
    let review = virksomhedscenter::mail::sender::unsubscribe_url(
        "",
        &keys,
        &signatory.as_str().into(),
        virksomhedscenter::mail::model::Topic::ContractReview,
    );
    let res = app.http.post(app.url(&review)).send().await.expect("post");
    let html = res.text().await.expect("body");
    assert!(
        html.contains(virksomhedscenter::texts::mail::UNSUB_MANDATORY),
        "{html}"
    );
    let company = app.token(SIGNATORY_X).await;
    let mine = json(app.get(&company, "/api/v1/me/mail").await).await;
    assert_eq!(
        delivery(mine, "contract_review"),
        Some(json!("immediately"))
    );
}

#[actix_web::test]
async fn the_outbox_is_the_administrators_and_a_mail_can_be_sent_again() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let id = draft(&app, &consultant).await;
    act(&app, &consultant, &id, "send", json!({})).await;
    let admin = app.token(ADMIN).await;
    for token in [&consultant, &app.token(SIGNATORY_X).await] {
        assert_eq!(
            app.get(token, "/api/v1/outbox").await.status(),
            StatusCode::FORBIDDEN
        );
    }
    let res = app.get(&admin, "/api/v1/outbox?status=lost").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["status"].is_array());
    let list = json(app.get(&admin, "/api/v1/outbox?status=queued").await).await;
    assert_eq!(list["total"], 1, "{list}");
    let mail = &list["items"][0];
    assert_eq!(mail["recipient"], SIGNATORY_X);
    assert_eq!(mail["kind"], "contract_sent");
    assert_eq!(mail["attempts"], 0);
    let mail_id = mail["id"].as_str().expect("id").to_string();
    assert_eq!(
        json(app.get(&admin, "/api/v1/outbox?status=sent").await).await["total"],
        0
    );
    // A queued mail is on its way: not sent again.
    let res = app
        .post(
            &admin,
            &format!("/api/v1/outbox/{mail_id}/resend"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Marked failed (as the sender does after a day), it can be: a new queued copy.
    {
        let mut conn = app.db.write_conn().expect("conn");
        diesel::update(mail_outbox::table.find(&mail_id))
            .set((
                mail_outbox::status.eq("failed"),
                mail_outbox::last_error.eq("550 mailbox unavailable"),
            ))
            .execute(&mut conn)
            .expect("update");
    }
    let res = app
        .post(
            &admin,
            &format!("/api/v1/outbox/{mail_id}/resend"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let copy = json(res).await["id"].as_str().expect("id").to_string();
    assert_ne!(copy, mail_id);
    let queued = json(app.get(&admin, "/api/v1/outbox?status=queued").await).await;
    assert_eq!(queued["items"][0]["id"], copy);

    // The page lists it with its error, and offers "Send igen" for the failed one.
    let b = app.browser_logged_in(ADMIN).await;
    let html = app.html(&b, "/admin/outbox?status=failed").await;
    assert!(html.contains("550 mailbox unavailable"), "{html}");
    assert!(html.contains(&format!("/admin/outbox/{mail_id}/resend")));
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let res = b.get(app.url("/admin/outbox")).send().await.expect("get");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn an_invitation_is_mailed_with_its_link_to_the_invited_person() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/companies/{}/invitations", app.seed.company_x),
            &json!({"name": "Nina Nyansat", "email": "nina@x.dk", "role": "mentor"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body = json(res).await;
    let invited = of_kind(&app, "invitation");
    assert_eq!(invited.len(), 1);
    assert_eq!(invited[0].0, "nina@x.dk");
    let link = body["url"].as_str().expect("url");
    let path = invited[0].3["path"].as_str().expect("path");
    assert!(path.starts_with("/invitation/"), "{path}");
    assert!(
        link.ends_with(path),
        "the mail carries the link the consultant was shown: {link} {path}"
    );
}

#[actix_web::test]
async fn a_sender_whose_lease_ran_out_cannot_mark_a_row_another_has_claimed() {
    use virksomhedscenter::mail::store;
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let id = draft(&app, &consultant).await;
    act(&app, &consultant, &id, "send", json!({})).await;
    let mut conn = app.db.write_conn().expect("conn");
    let now = virksomhedscenter::db::now();
    let tx = |conn: &mut _, f: &dyn Fn(&mut _) -> diesel::QueryResult<_>| {
        virksomhedscenter::db::write_tx(conn, |c| f(c))
    };
    // Sender A claims it; its lease runs out (A is slow); sender B claims it again.
    let a = tx(&mut conn, &|c| {
        store::claim(c, now, Duration::minutes(10), 20)
    })
    .expect("claim");
    assert_eq!(a.len(), 1);
    let later = now + Duration::minutes(11);
    let b = tx(&mut conn, &|c| {
        store::claim(c, later, Duration::minutes(10), 20)
    })
    .expect("claim");
    assert_eq!(b.len(), 1, "the lease ran out: claimed again");
    assert_eq!(b[0].attempts, a[0].attempts + 1);
    // A's late outcome changes nothing; B's counts.
    let stale = virksomhedscenter::db::write_tx(&mut conn, |c| {
        store::mark_attempt_failed(c, &a[0].id, a[0].attempts, "timeout", Some(later), false)
    })
    .expect("mark");
    assert_eq!(stale, 0, "A may not put B's row back in the queue");
    let fresh = virksomhedscenter::db::write_tx(&mut conn, |c| {
        store::mark_sent(c, &b[0].id, b[0].attempts, later, false)
    })
    .expect("mark");
    assert_eq!(fresh, 1);
    drop(conn);
    assert_eq!(of_kind(&app, "contract_sent")[0].2, "sent");
}
