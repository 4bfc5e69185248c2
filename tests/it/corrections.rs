//! Corrections (#22): an approved week reopened with a reason, corrected and approved again; an
//! exported month never changes, and the difference is a correction line of the next export.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X};
use crate::mail::mails;

fn today() -> NaiveDate {
    virksomhedscenter::clock::today()
}

fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The first day of the month `back` months before this one.
fn month_start(back: u32) -> NaiveDate {
    let mut d = today().with_day(1).expect("first");
    for _ in 0..back {
        d = (d - Duration::days(1)).with_day(1).expect("first");
    }
    d
}

/// A Monday whose whole week lies in the month `back` months before this one.
fn week_in(back: u32) -> NaiveDate {
    let mut d = month_start(back);
    while d.weekday() != Weekday::Mon {
        d += Duration::days(1);
    }
    d
}

/// A Monday whose whole week lies in the month before this one.
fn week_last_month() -> NaiveDate {
    week_in(1)
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let res = app.post(token, path, &body).await;
    let status = res.status();
    (status, json(res).await)
}

async fn lines(app: &TestApp, token: &str, month: &str) -> Vec<(String, String, i64, i64)> {
    let res = app
        .get(token, &format!("/api/v1/payments?month={month}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    json(res)
        .await
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap_or("").to_string(),
                l["for_month"].as_str().unwrap_or("").to_string(),
                l["approved_minutes"].as_i64().unwrap_or(0),
                l["amount_ore"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

#[actix_web::test]
async fn a_reopened_week_is_corrected_and_the_exported_month_never_changes() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR_X).await;
    let consultant = app.token(CONSULTANT_A).await;
    // The work two months back, exported; corrected; paid in last month's export.
    let monday = week_in(2);
    let start = (monday - today()).num_days() - 7;
    let contract = app.accepted_contract(&Terms::days(2, start, 300)).await;
    let week = format!(
        "{}-W{:02}",
        monday.iso_week().year(),
        monday.iso_week().week()
    );
    let last = month_of(monday);
    let this = month_of(month_start(1));
    let log = |d: NaiveDate, minutes: i64| json!({"contract_id": contract, "date": d.to_string(), "minutes": minutes, "activity": "training", "note": "oplæring"});
    for (d, m) in [(monday, 60), (monday + Duration::days(1), 60)] {
        let (s, b) = post(&app, &mentor, "/api/v1/hours", log(d, m)).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let weeks = format!("/api/v1/contracts/{contract}/weeks/{week}");
    assert_eq!(
        post(&app, &mentor, &format!("{weeks}/submit"), json!({}))
            .await
            .0,
        StatusCode::OK
    );
    // Only an approved week is reopened.
    assert_eq!(
        post(
            &app,
            &consultant,
            &format!("{weeks}/reopen"),
            json!({"reason": "x"})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        post(&app, &consultant, &format!("{weeks}/approve"), json!({}))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        lines(&app, &consultant, &last).await,
        vec![("hours".into(), last.clone(), 120, 40_000)]
    );

    // The month is exported once, by the jobcenter's consultant.
    assert_eq!(
        post(
            &app,
            &mentor,
            "/api/v1/payments/export",
            json!({"month": last})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, exported) = post(
        &app,
        &consultant,
        "/api/v1/payments/export",
        json!({"month": last}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{exported}");
    assert_eq!(
        post(
            &app,
            &consultant,
            "/api/v1/payments/export",
            json!({"month": last})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    // A month is exported once it has ended.
    let future = month_of(today());
    let (s, e) = post(
        &app,
        &consultant,
        "/api/v1/payments/export",
        json!({"month": future}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("month"));

    // Reopened with a reason (named when missing; not by the mentor or another jobcenter).
    let (s, e) = post(
        &app,
        &consultant,
        &format!("{weeks}/reopen"),
        json!({"reason": " "}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e.to_string().contains("reason"));
    assert_eq!(
        post(
            &app,
            &mentor,
            &format!("{weeks}/reopen"),
            json!({"reason": "x"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(
            &app,
            &app.token(CONSULTANT_B).await,
            &format!("{weeks}/reopen"),
            json!({"reason": "x"})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (s, w) = post(
        &app,
        &consultant,
        &format!("{weeks}/reopen"),
        json!({"reason": "Tirsdag mangler en time"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert_eq!(w["status"], "rejected");
    let told: Vec<_> = mails(&app)
        .into_iter()
        .filter(|m| m.1 == "week_reopened")
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].0, MENTOR_X);
    assert_eq!(told[0].3["reason"], "Tirsdag mangler en time");
    // The exported month is as it was exported, though the week is not approved now.
    assert_eq!(
        lines(&app, &consultant, &last).await,
        vec![("hours".into(), last.clone(), 120, 40_000)]
    );

    // While the week is reopened nothing is taken back: the correction waits for the approval.
    assert!(!lines(&app, &consultant, &this)
        .await
        .iter()
        .any(|l| l.0 == "correction"));
    // The mentor corrects (one more hour) and submits; approved again.
    let (s, _) = post(
        &app,
        &mentor,
        "/api/v1/hours",
        log(monday + Duration::days(2), 60),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        post(&app, &mentor, &format!("{weeks}/submit"), json!({}))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        post(&app, &consultant, &format!("{weeks}/approve"), json!({}))
            .await
            .0,
        StatusCode::OK
    );
    let res = app
        .get(
            &consultant,
            &format!("/api/v1/hours?contract_id={contract}&week={week}"),
        )
        .await;
    let body = json(res).await;
    assert!(
        body.to_string().contains("reopened"),
        "the week's history says it was reopened: {body}"
    );

    assert_eq!(
        lines(&app, &consultant, &last).await,
        vec![("hours".into(), last.clone(), 120, 40_000)],
        "the exported month never changes"
    );
    let now = lines(&app, &consultant, &this).await;
    assert!(
        now.contains(&("correction".into(), last.clone(), 60, 20_000)),
        "{now:?}"
    );
    let admin_view = lines(&app, &app.token(ADMIN).await, &this).await;
    assert!(
        admin_view.contains(&("correction".into(), last.clone(), 60, 20_000)),
        "{admin_view:?}"
    );
    // Exported with this month, the correction is paid once: later months do not repeat it.
    let (s, _) = post(
        &app,
        &consultant,
        "/api/v1/payments/export",
        json!({"month": this}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let next = month_of(today());
    assert!(!lines(&app, &consultant, &next)
        .await
        .iter()
        .any(|l| l.0 == "correction"));
    let csv = app
        .get(
            &consultant,
            &format!("/api/v1/payments?month={this}&format=csv"),
        )
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains(&format!("Rettelse for {last}")), "{csv}");
}

#[actix_web::test]
async fn the_week_page_reopens_and_the_payments_page_exports() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR_X).await;
    let consultant = app.token(CONSULTANT_A).await;
    let monday = week_last_month();
    let contract = app
        .accepted_contract(&Terms::days(2, (monday - today()).num_days() - 7, 300))
        .await;
    let week = format!(
        "{}-W{:02}",
        monday.iso_week().year(),
        monday.iso_week().week()
    );
    post(&app, &mentor, "/api/v1/hours", json!({"contract_id": contract, "date": monday.to_string(), "minutes": 90, "activity": "training", "note": "x"})).await;
    post(
        &app,
        &mentor,
        &format!("/api/v1/contracts/{contract}/weeks/{week}/submit"),
        json!({}),
    )
    .await;
    post(
        &app,
        &consultant,
        &format!("/api/v1/contracts/{contract}/weeks/{week}/approve"),
        json!({}),
    )
    .await;

    let b = app.browser_logged_in(CONSULTANT_A).await;
    let last = month_of(monday);
    let page = app.html(&b, &format!("/payments?month={last}")).await;
    assert!(page.contains("Eksporter måneden til betaling"), "{page}");
    let res = b
        .post(app.url("/payments/export"))
        .form(&[
            ("csrf", crate::helpers::csrf_of(&page).as_str()),
            ("month", last.as_str()),
        ])
        .send()
        .await
        .expect("export");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.html(&b, &format!("/payments?month={last}")).await;
    assert!(page.contains("Eksporteret") && !page.contains("Eksporter måneden til betaling"));

    let hours = format!("/hours?contract_id={contract}&week={week}");
    let page = app.html(&b, &hours).await;
    assert!(page.contains("Genåbn ugen"), "{page}");
    let csrf = crate::helpers::csrf_of(&page);
    let res = b
        .post(app.url("/hours/reopen"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", contract.as_str()),
            ("week", week.as_str()),
            ("reason", ""),
        ])
        .send()
        .await
        .expect("reopen");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = b
        .post(app.url("/hours/reopen"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", contract.as_str()),
            ("week", week.as_str()),
            ("reason", "Forkert dag"),
        ])
        .send()
        .await
        .expect("reopen");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app
        .html(&app.browser_logged_in(MENTOR_X).await, &hours)
        .await;
    assert!(
        page.contains("Forkert dag") && page.contains("Genåbnet"),
        "the mentor sees why"
    );
}
