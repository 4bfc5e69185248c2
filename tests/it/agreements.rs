//! The placement itself (#22): its agreement (drafted, sent, accepted, versioned and hashed like
//! the contract) and its attendance (recorded by the mentor, reasons private, no-shows told).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    csrf_of, json, Terms, TestApp, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X, SIGNATORY_Y,
};
use crate::mail::mails;
use virksomhedscenter::db::schema::agreement_versions;

fn today() -> NaiveDate {
    virksomhedscenter::clock::today()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

/// A placement of candidate "Anna Jensen" on an accepted contract with company X, over
/// [today + start, today + end]; its id.
async fn placement(app: &TestApp, start: i64, end: i64) -> String {
    let consultant = app.token(CONSULTANT_A).await;
    let contract = app
        .accepted_contract(&Terms::days(3, start - 10, end + 100))
        .await;
    let person = app
        .candidate(&consultant, "010190-1234", "Anna Jensen", "kontanthjaelp")
        .await;
    let res = app.refer(&consultant, &contract, &person, start, end).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    json(res).await["placement_id"]
        .as_str()
        .expect("placement")
        .to_string()
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let res = app.get(token, path).await;
    let status = res.status();
    (status, json(res).await)
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let res = app.post(token, path, &body).await;
    let status = res.status();
    (status, json(res).await)
}

async fn put(
    app: &TestApp,
    token: &str,
    path: &str,
    rev: Option<i64>,
    body: &Value,
) -> (StatusCode, Value) {
    let res = app.put(token, path, rev, body).await;
    let status = res.status();
    (status, json(res).await)
}

fn field_names(body: &Value) -> String {
    body.to_string()
}

/// An accepted agreement of a placement over [start, end] with a 10/15/20-hour plan.
async fn accepted_agreement(app: &TestApp, p: &str) {
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let path = format!("/api/v1/placements/{p}/agreement");
    let (_, mut body) = get(app, &consultant, &path).await;
    body["learning_goals"] = json!("Faste mødetider");
    body["work_tasks"] = json!("Lager og pakning");
    body["steps"] = json!([{"from_week": 1, "minutes_per_week": 600}, {"from_week": 3, "minutes_per_week": 900}, {"from_week": 5, "minutes_per_week": 1200}]);
    body["employee_rep"] = json!({"name": "Hanne Lund", "stated_on": body["start_date"].clone()});
    let (s, saved) = put(app, &consultant, &path, None, &body).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    let (s, sent) = post(app, &consultant, &format!("{path}/send"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    let (s, acc) = post(
        app,
        &company,
        &format!("{path}/accept"),
        json!({"content_hash": sent["pending_hash"]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{acc}");
}

#[actix_web::test]
async fn a_placement_agreement_is_drafted_sent_accepted_and_versioned() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let mentor = app.token(MENTOR_X).await;
    let p = placement(&app, 5, 60).await;
    let path = format!("/api/v1/placements/{p}/agreement");

    // Before anything is saved: the consultant gets a proposal, the company nothing.
    let (s, proposal) = get(&app, &consultant, &path).await;
    assert_eq!(s, StatusCode::OK, "{proposal}");
    assert_eq!(proposal["revision"], 0);
    assert_eq!(proposal["status"], Value::Null);
    assert_eq!(proposal["start_date"], day(5));
    assert_eq!(proposal["end_date"], day(60));
    assert_eq!(
        proposal["steps"][0],
        json!({"from_week": 1, "minutes_per_week": 600})
    );
    assert_eq!(get(&app, &company, &path).await.0, StatusCode::NOT_FOUND);

    // PUT takes back the body GET gave; a required field left out is named.
    let (s, e) = put(&app, &consultant, &path, None, &proposal).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_names(&e).contains("learning_goals"), "{e}");
    let mut body = proposal.clone();
    body["learning_goals"] = json!("Faste mødetider og truckcertifikat");
    body["work_tasks"] = json!("Lager og pakning");
    body["steps"] = json!([{"from_week": 1, "minutes_per_week": 600}, {"from_week": 3, "minutes_per_week": 900}]);
    let (s, draft) = put(&app, &consultant, &path, Some(0), &body).await;
    assert_eq!(s, StatusCode::OK, "{draft}");
    assert_eq!(
        (
            draft["revision"].clone(),
            draft["status"].clone(),
            draft["version"].clone()
        ),
        (json!(1), json!("draft"), json!(1))
    );
    // A stale revision is refused; so is a step beyond the period or a mentor of another company.
    assert_eq!(
        put(&app, &consultant, &path, Some(0), &body).await.0,
        StatusCode::CONFLICT
    );
    let mut bad = draft.clone();
    bad["steps"] = json!([{"from_week": 2, "minutes_per_week": 600}]);
    bad["mentor_id"] = json!(app.user_id(CONSULTANT_A));
    let (s, e) = put(&app, &consultant, &path, None, &bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_names(&e).contains("steps[0]") && field_names(&e).contains("mentor_id"),
        "{e}"
    );
    // The company sees no draft; the mentor of another contract nothing at all.
    assert_eq!(get(&app, &company, &path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app, &app.token(CONSULTANT_B).await, &path).await.0,
        StatusCode::NOT_FOUND
    );

    // Sending needs the employee representative's statement, dated no later than the start.
    let (s, e) = post(&app, &consultant, &format!("{path}/send"), json!({})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_names(&e).contains("employee_rep_name"), "{e}");
    let mut with_rep = draft.clone();
    with_rep["employee_rep"] = json!({"name": "Hanne Lund", "stated_on": day(10)});
    let (s, e) = put(&app, &consultant, &path, None, &with_rep).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_names(&e).contains("employee_rep_date"), "{e}");
    with_rep["employee_rep"] = json!({"name": "Hanne Lund", "stated_on": day(1)});
    let (s, v) = put(&app, &consultant, &path, None, &with_rep).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, sent) = post(&app, &consultant, &format!("{path}/send"), json!({})).await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    assert_eq!(sent["status"], "sent");
    let mailed: Vec<_> = mails(&app)
        .into_iter()
        .filter(|m| m.1 == "agreement_sent")
        .collect();
    assert_eq!(mailed.len(), 1);
    assert_eq!(mailed[0].0, SIGNATORY_X);
    assert!(mailed[0].3["path"]
        .as_str()
        .unwrap_or("")
        .ends_with(&format!("/placements/{p}/agreement")));
    // Locked while with the company.
    assert_eq!(
        put(&app, &consultant, &path, None, &with_rep).await.0,
        StatusCode::CONFLICT
    );

    // Only the company's signatory answers; the mentor reads.
    let (s, seen) = get(&app, &mentor, &path).await;
    assert_eq!(
        (s, seen["version_status"].clone()),
        (StatusCode::OK, json!("sent"))
    );
    assert_eq!(
        post(&app, &mentor, &format!("{path}/accept"), json!({}))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(
            &app,
            &app.token(SIGNATORY_Y).await,
            &format!("{path}/accept"),
            json!({})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (s, e) = post(
        &app,
        &company,
        &format!("{path}/request-changes"),
        json!({"comment": " "}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_names(&e).contains("comment"));
    let (s, _) = post(
        &app,
        &company,
        &format!("{path}/accept"),
        json!({"content_hash": "0".repeat(64)}),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::CONFLICT,
        "a hash other than the one read is refused"
    );
    let (s, accepted) = post(
        &app,
        &company,
        &format!("{path}/accept"),
        json!({"content_hash": seen["pending_hash"]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{accepted}");
    assert_eq!(
        (
            accepted["status"].clone(),
            accepted["accepted_version"].clone()
        ),
        (json!("accepted"), json!(1))
    );
    assert!(mails(&app)
        .iter()
        .any(|m| m.1 == "agreement_answered" && m.0 == CONSULTANT_A));

    // The hash kept is the SHA-256 of the content kept.
    let (content, hash): (Option<String>, Option<String>) = {
        let mut conn = app.db.read_conn().expect("conn");
        agreement_versions::table
            .filter(agreement_versions::placement_id.eq(&p))
            .filter(agreement_versions::version_no.eq(1))
            .select((
                agreement_versions::accepted_content,
                agreement_versions::content_hash,
            ))
            .first(&mut conn)
            .expect("version 1")
    };
    let content = content.expect("content");
    assert_eq!(
        hash.clone().expect("hash"),
        hex::encode(Sha256::digest(content.as_bytes()))
    );
    assert_eq!(hash, seen["pending_hash"].as_str().map(String::from));
    assert!(content.contains("Faste mødetider"));

    // A change after acceptance is a new version; the company keeps seeing the accepted one.
    let mut change = accepted.clone();
    change["steps"] = json!([{"from_week": 1, "minutes_per_week": 900}]);
    let (s, v2) = put(
        &app,
        &consultant,
        &path,
        Some(accepted["revision"].as_i64().expect("rev")),
        &change,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v2}");
    assert_eq!(
        (
            v2["version"].clone(),
            v2["version_status"].clone(),
            v2["accepted_version"].clone()
        ),
        (json!(2), json!("draft"), json!(1))
    );
    let (_, theirs) = get(&app, &company, &path).await;
    assert_eq!(
        (
            theirs["version"].clone(),
            theirs["steps"][0]["minutes_per_week"].clone()
        ),
        (json!(1), json!(600))
    );
    let (_, list) = get(&app, &company, &format!("{path}/versions")).await;
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "the company sees no draft: {list}"
    );
    let (_, list) = get(&app, &consultant, &format!("{path}/versions")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    let (s, one) = get(&app, &company, &format!("{path}/versions/1")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(one["content_hash"], json!(hash));
    assert_eq!(one["terms"]["steps"][1]["minutes_per_week"], 900);
    assert_eq!(
        get(&app, &company, &format!("{path}/versions/2")).await.0,
        StatusCode::NOT_FOUND
    );

    // Sent back with a comment: the consultant's inbox says so.
    post(&app, &consultant, &format!("{path}/send"), json!({})).await;
    let (s, back) = post(
        &app,
        &company,
        &format!("{path}/request-changes"),
        json!({"comment": "Start med 12 timer"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{back}");
    assert_eq!(back["company_comment"], "Start med 12 timer");
    let (_, tasks) = get(&app, &consultant, "/api/v1/me/tasks").await;
    assert!(
        tasks["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|t| t["kind"] == "agreement_returned"),
        "{tasks}"
    );
    // Edited after it came back, it is a draft again: the company sees the accepted version
    // until the next one is sent.
    let mut edit = back.clone();
    edit["steps"] = json!([{"from_week": 1, "minutes_per_week": 720}]);
    let (s, edited) = put(&app, &consultant, &path, None, &edit).await;
    assert_eq!(
        (s, edited["version_status"].clone()),
        (StatusCode::OK, json!("draft")),
        "{edited}"
    );
    let (_, theirs) = get(&app, &company, &path).await;
    assert_eq!(
        (
            theirs["version"].clone(),
            theirs["steps"][0]["minutes_per_week"].clone()
        ),
        (json!(1), json!(600))
    );
    assert_eq!(
        get(&app, &company, &format!("{path}/versions/2")).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, sent_again) = post(&app, &consultant, &format!("{path}/send"), json!({})).await;
    assert_eq!(
        sent_again["company_comment"],
        Value::Null,
        "a version sent again has no old comment"
    );
}

#[actix_web::test]
async fn the_agreement_pages_draft_show_errors_and_print() {
    let app = TestApp::spawn().await;
    let p = placement(&app, 3, 40).await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = format!("/placements/{p}/agreement");
    let html = app.html(&b, &page).await;
    assert!(html.contains("Udkast til aftale"), "{html}");
    let csrf = csrf_of(&html);
    // A mistyped form comes back with the message and what was typed.
    let res = b
        .post(app.url(&page))
        .form(&[
            ("csrf", csrf.as_str()),
            ("revision", "0"),
            ("work_tasks", "Lager og pakning"),
            ("place", "Vej 1"),
            ("mentor_id", &app.user_id(MENTOR_X)),
            ("start_date", &day(3)),
            ("end_date", &day(40)),
            ("step_week", "1"),
            ("step_hours", "tolv"),
            ("learning_goals", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(
        html.contains("Lager og pakning") && html.contains("tolv"),
        "typed values kept"
    );
    assert!(html.contains("Skal udfyldes"));
    let res = b
        .post(app.url(&page))
        .form(&[
            ("csrf", csrf.as_str()),
            ("revision", "0"),
            ("work_tasks", "Lager og pakning"),
            ("place", "Vej 1"),
            ("mentor_id", &app.user_id(MENTOR_X)),
            ("start_date", &day(3)),
            ("end_date", &day(40)),
            ("step_week", "1"),
            ("step_hours", "12,5"),
            ("step_week", "3"),
            ("step_hours", "20"),
            ("learning_goals", "Faste mødetider"),
            ("employee_rep_name", "Hanne Lund"),
            ("employee_rep_date", &day(1)),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.html(&b, &page).await;
    assert!(html.contains("Send til virksomheden"), "{html}");
    let res = b
        .post(app.url(&format!("{page}/send")))
        .form(&[("csrf", csrf.as_str()), ("revision", "1")])
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The signatory accepts in the browser; the print shows the plan and the hash.
    let c = app.browser_logged_in(SIGNATORY_X).await;
    let html = app.html(&c, "/").await;
    assert!(
        html.contains(&format!("/placements/{p}/agreement")),
        "the inbox links the agreement"
    );
    let html = app.html(&c, &page).await;
    assert!(
        html.contains("Accepter aftalen") && html.contains("12,5 t"),
        "{html}"
    );
    let hash = html
        .split("name=\"content_hash\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("hash field")
        .to_string();
    let res = c
        .post(app.url(&format!("{page}/accept")))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("revision", "2"),
            ("content_hash", hash.as_str()),
        ])
        .send()
        .await
        .expect("accept");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let print = app.html(&c, &format!("{page}/print")).await;
    assert!(
        print.contains(&hash) && print.contains("Uge 1–2") && print.contains("Hanne Lund"),
        "{print}"
    );
}

/// The most recent day before today that is `wd`.
fn last(wd: Weekday) -> NaiveDate {
    let mut d = today() - Duration::days(1);
    while d.weekday() != wd {
        d -= Duration::days(1);
    }
    d
}

#[actix_web::test]
async fn attendance_is_recorded_by_the_mentor_and_its_reasons_stay_private() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let mentor = app.token(MENTOR_X).await;
    let p = placement(&app, -30, 40).await;
    accepted_agreement(&app, &p).await;
    let at = |d: NaiveDate| format!("/api/v1/placements/{p}/attendance/{d}");
    let tue = last(Weekday::Tue);
    let wed = last(Weekday::Wed);

    let (s, v) = put(&app, &mentor, &at(tue), None, &json!({"status": "present"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // Only planned days, not ahead of time, a known status and a note for "other".
    for (d, body, field) in [
        (last(Weekday::Sat), json!({"status": "present"}), "date"),
        (
            today() + Duration::days(2),
            json!({"status": "present"}),
            "date",
        ),
        (wed, json!({"status": "late"}), "status"),
        (wed, json!({"status": "absent_other", "note": ""}), "note"),
    ] {
        let (s, e) = put(&app, &mentor, &at(d), None, &body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{d}: {e}");
        assert!(field_names(&e).contains(field), "{d}: {e}");
    }
    assert_eq!(
        put(
            &app,
            &consultant,
            &at(wed),
            None,
            &json!({"status": "present"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put(
            &app,
            &company,
            &at(wed),
            None,
            &json!({"status": "present"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // A no-show: mailed to the consultant and on their task list the same day.
    let (s, _) = put(
        &app,
        &mentor,
        &at(wed),
        None,
        &json!({"status": "no_show", "note": "Kom ikke, svarede ikke"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let no_show: Vec<_> = mails(&app)
        .into_iter()
        .filter(|m| m.1 == "no_show")
        .collect();
    assert_eq!(no_show.len(), 1);
    assert_eq!(no_show[0].0, CONSULTANT_A);
    put(
        &app,
        &mentor,
        &at(wed),
        None,
        &json!({"status": "no_show", "note": "Kom ikke, svarede ikke"}),
    )
    .await;
    assert_eq!(
        mails(&app).iter().filter(|m| m.1 == "no_show").count(),
        1,
        "recorded again: not mailed again"
    );
    let (_, tasks) = get(&app, &consultant, "/api/v1/me/tasks").await;
    assert!(
        tasks["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|t| t["kind"] == "no_show" && t["link"].as_str().unwrap_or("").contains(&p)),
        "{tasks}"
    );

    // The reason is the consultant's and the mentor's; the company sees "absent".
    let range = format!(
        "/api/v1/placements/{p}/attendance?from={}&to={}",
        tue.min(wed),
        tue.max(wed)
    );
    let (_, theirs) = get(&app, &consultant, &range).await;
    let (_, company_view) = get(&app, &company, &range).await;
    let status_of = |v: &Value, d: NaiveDate| {
        v["days"]
            .as_array()
            .expect("days")
            .iter()
            .find(|x| x["date"] == d.to_string())
            .map(|x| (x["status"].clone(), x["note"].clone()))
    };
    assert_eq!(
        status_of(&theirs, wed),
        Some((json!("no_show"), json!("Kom ikke, svarede ikke")))
    );
    assert_eq!(
        status_of(&company_view, wed),
        Some((json!("absent"), Value::Null))
    );
    assert_eq!(
        status_of(&company_view, tue),
        Some((json!("present"), Value::Null))
    );
    assert_eq!(
        get(&app, &app.token(SIGNATORY_Y).await, &range).await.0,
        StatusCode::NOT_FOUND
    );

    // Weeks: planned hours by the step-up plan, attended in proportion to the days present.
    let (_, all) = get(
        &app,
        &consultant,
        &format!("/api/v1/placements/{p}/attendance"),
    )
    .await;
    let weeks = all["weeks"].as_array().expect("weeks");
    assert_eq!(weeks[0]["planned_minutes"], 600);
    assert_eq!(weeks[2]["planned_minutes"], 900);
    assert_eq!(weeks[5]["planned_minutes"], 1200);
    let with_days: Vec<&Value> = weeks
        .iter()
        .filter(|w| w["recorded_days"].as_u64() > Some(0))
        .collect();
    let recorded: u64 = with_days
        .iter()
        .map(|w| w["recorded_days"].as_u64().unwrap_or(0))
        .sum();
    let present: u64 = with_days
        .iter()
        .map(|w| w["present_days"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!((recorded, present), (2, 1));
    let bad = get(
        &app,
        &consultant,
        &format!("/api/v1/placements/{p}/attendance?from=31-02-2027"),
    )
    .await;
    assert_eq!(bad.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_names(&bad.1).contains("from"));

    // The week's form on the page: the mentor records, a missing note is named by its day.
    let b = app.browser_logged_in(MENTOR_X).await;
    let week = format!("{}-W{:02}", tue.iso_week().year(), tue.iso_week().week());
    let page = format!("/placements/{p}/attendance?week={week}");
    let html = app.html(&b, &page).await;
    assert!(html.contains(&format!("name=\"status_{tue}\"")), "{html}");
    let mon = tue - Duration::days(1);
    let res = b
        .post(app.url(&page))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            (&format!("status_{mon}"), "absent_other"),
            (&format!("note_{mon}"), ""),
            (&format!("status_{tue}"), "absent_sick"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("Skriv grunden til fraværet"));
    let (_, after) = get(&app, &consultant, &range).await;
    assert_eq!(
        status_of(&after, tue).map(|x| x.0),
        Some(json!("present")),
        "nothing of a refused week is written"
    );
    let res = b
        .post(app.url(&page))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            (&format!("status_{mon}"), "absent_other"),
            (&format!("note_{mon}"), "Lægebesøg"),
            (&format!("status_{tue}"), "absent_sick"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, after) = get(&app, &consultant, &range).await;
    assert_eq!(
        status_of(&after, tue).map(|x| x.0),
        Some(json!("absent_sick"))
    );
    let html = app
        .html(&app.browser_logged_in(SIGNATORY_X).await, &page)
        .await;
    assert!(
        html.contains("Fraværende") && !html.contains("Lægebesøg") && !html.contains("Syg"),
        "the company sees no reason"
    );
}

#[actix_web::test]
async fn the_visitation_page_finds_a_free_seat_and_refers_with_one_click() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    app.accepted_contract(&Terms::days(2, -10, 200)).await;
    let person = app
        .candidate(&consultant, "020290-1234", "Bo Hansen", "kontanthjaelp")
        .await;
    // The API gives the worksite's headroom, the offer types and the place.
    let (s, found) = post(
        &app,
        &consultant,
        "/api/v1/visitation/suggest",
        json!({"candidate_id": person, "start_date": day(5), "end_date": day(40)}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{found}");
    assert_eq!(found[0]["offer_types"], json!(["virksomhedspraktik"]));
    assert_eq!(found[0]["place"], "5500 Middelfart");
    assert_eq!(
        found[0]["ratio_headroom"], 25,
        "200 employees give room for 25 at once"
    );

    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page0 = app.html(&b, "/visitation").await;
    let html = b
        .post(app.url("/visitation"))
        .form(&[("csrf", csrf_of(&page0).as_str()), ("q", "Bo")])
        .send()
        .await
        .expect("search")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains(&format!("/visitation?candidate_id={person}")),
        "{html}"
    );
    let page = format!(
        "/visitation?candidate_id={person}&start_date={}&end_date={}",
        day(5),
        day(40)
    );
    let html = app.html(&b, &page).await;
    assert!(
        html.contains("Virksomhed X") && html.contains("Henvis"),
        "{html}"
    );
    let res = b
        .get(app.url(&format!(
            "/visitation?candidate_id={person}&start_date=31-02-2027&end_date={}",
            day(40)
        )))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // One click refers: the form carries the contract, the person, the offer and the period.
    let field = |name: &str| {
        html.split(&format!("name=\"{name}\" value=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    let res = b
        .post(app.url("/referrals"))
        .form(&[
            ("csrf", csrf_of(&html)),
            ("from", field("from")),
            ("contract_id", field("contract_id")),
            ("candidate_id", field("candidate_id")),
            ("offer_type", field("offer_type")),
            ("start_date", field("start_date")),
            ("end_date", field("end_date")),
        ])
        .send()
        .await
        .expect("refer");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        to.starts_with("/placements/") && to.contains("referral_placed"),
        "{to}"
    );
    // Not for the company; another jobcenter's person is not found.
    let c = app.browser_logged_in(SIGNATORY_X).await;
    assert_eq!(
        c.get(app.url("/visitation"))
            .send()
            .await
            .expect("page")
            .status(),
        StatusCode::FORBIDDEN
    );
    let other = app.browser_logged_in(CONSULTANT_B).await;
    assert_eq!(
        other
            .get(app.url(&format!("/visitation?candidate_id={person}")))
            .send()
            .await
            .expect("page")
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn retention_keeps_the_days_and_removes_the_reasons_of_absence() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let mentor = app.token(MENTOR_X).await;
    let p = placement(&app, -30, 20).await;
    let tue = last(Weekday::Tue);
    let wed = last(Weekday::Wed);
    let at = |d: NaiveDate| format!("/api/v1/placements/{p}/attendance/{d}");
    put(&app, &mentor, &at(tue), None, &json!({"status": "present"})).await;
    let (s, _) = put(
        &app,
        &mentor,
        &at(wed),
        None,
        &json!({"status": "absent_sick", "note": "Ondt i ryggen"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // Five years and a quarter after the end.
    let later = today() + Duration::days(20 + 5 * 365 + 90);
    let report = virksomhedscenter::seats::retention::run(&app.db, later, 5, false)
        .await
        .expect("retention");
    assert_eq!(report.candidates, 1);
    let (_, body) = get(
        &app,
        &consultant,
        &format!("/api/v1/placements/{p}/attendance?from={tue}&to={wed}"),
    )
    .await;
    assert!(
        !body.to_string().contains("ryggen") && !body.to_string().contains("absent_sick"),
        "{body}"
    );
    let days = body["days"].as_array().expect("days");
    assert_eq!(days.len(), 2, "the days stay: {body}");
    assert!(days.iter().any(|d| d["status"] == "present"));
}
