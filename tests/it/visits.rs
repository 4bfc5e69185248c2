//! Follow-up visits and the calendar (#22): visits planned from the contract's interval, moved
//! and recorded (422 naming the field), who may do what, overdue visits in the inbox, the week
//! page, and the iCalendar feed read back by a real calendar parser (the `icalendar` crate's).

use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    csrf_of, day, json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X,
};

const CPR: &str = "010180-4321";

fn date(offset: i64) -> NaiveDate {
    virksomhedscenter::clock::today() + Duration::days(offset)
}

fn weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A contract of jobcenter A with company X that follows up every `weeks` weeks, and a
/// placement of "Hemmelig Hansen" on it over [today + start, today + end]: (contract, placement).
async fn placement(app: &TestApp, weeks: i64, start: i64, end: i64) -> (String, String) {
    let a = app.token(CONSULTANT_A).await;
    let mut body = Terms::days(3, -120, 300).json(app);
    body["follow_up_weeks"] = json!(weeks);
    let contract = app.draft_contract_json(&a, &body).await;
    app.send_and_accept(&a, &contract).await;
    let candidate = app
        .candidate(&a, CPR, "Hemmelig Hansen", "kontanthjaelp")
        .await;
    let res = app.refer(&a, &contract, &candidate, start, end).await;
    let status = res.status();
    let body = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (contract, body["placement_id"].as_str().unwrap().to_string())
}

async fn visits(app: &TestApp, token: &str, placement: &str) -> (StatusCode, Value) {
    let res = app
        .get(token, &format!("/api/v1/placements/{placement}/visits"))
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn put_visit(
    app: &TestApp,
    token: &str,
    placement: &str,
    seq: i64,
    body: Value,
) -> (StatusCode, Value) {
    let res = app
        .put(
            token,
            &format!("/api/v1/placements/{placement}/visits/{seq}"),
            None,
            &body,
        )
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn d(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().expect("a date"), "%Y-%m-%d").expect("date")
}

#[actix_web::test]
async fn visits_are_planned_from_the_contracts_follow_up_interval() {
    let app = TestApp::spawn().await;
    let (_, p) = placement(&app, 2, 1, 50).await;
    let a = app.token(CONSULTANT_A).await;
    let (status, body) = visits(&app, &a, &p).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["every_weeks"], 2);
    let items = body["items"].as_array().unwrap();
    // Start + 2, 4 and 6 weeks (the last at least a week before the end), and the closing one.
    assert_eq!(items.len(), 4, "{body}");
    for (i, weeks) in [(0, 2), (1, 4), (2, 6)] {
        let planned = d(&items[i]["date"]);
        let interval = date(1) + Duration::weeks(weeks);
        assert!(
            planned <= interval && planned >= interval - Duration::days(2) && weekday(planned),
            "visit {} on {planned}, interval day {interval}",
            i + 1
        );
        assert_eq!(items[i]["state"], "planned");
        assert_eq!(items[i]["closing"], false);
    }
    let closing = d(&items[3]["date"]);
    assert!(closing <= date(50) && closing >= date(48) && weekday(closing));
    assert_eq!(items[3]["closing"], true);
    assert_eq!(items[3]["seq"], 4);
}

#[actix_web::test]
async fn a_visit_is_moved_and_recorded_and_a_bad_day_names_its_field() {
    let app = TestApp::spawn().await;
    let (_, p) = placement(&app, 2, -20, 30).await;
    let a = app.token(CONSULTANT_A).await;
    // Outside the placement's period.
    let (status, body) = put_visit(&app, &a, &p, 2, json!({"date": day(31)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["date"].is_array(), "{body}");
    let (status, body) = put_visit(&app, &a, &p, 2, json!({"date": "31-02-2026"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["date"].is_array(), "{body}");
    let (status, body) = put_visit(&app, &a, &p, 2, json!({"date": day(3), "time": "25:00"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["time"].is_array(), "{body}");
    let (status, body) = put_visit(&app, &a, &p, 2, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["date"].is_array(), "{body}");
    // Moved, with a time of day.
    let (status, body) = put_visit(&app, &a, &p, 2, json!({"date": day(3), "time": "10:30"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v = &body["items"][1];
    assert_eq!(v["seq"], 2);
    assert_eq!(v["date"], day(3));
    assert_eq!(v["time"], "10:30");
    assert_eq!(v["state"], "moved");
    // Recording: not in the future, not outside the period, and with a note.
    let (status, body) = put_visit(
        &app,
        &a,
        &p,
        1,
        json!({"done_on": day(1), "note": "Alle mødte op"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["done_on"].is_array(), "{body}");
    let (status, body) =
        put_visit(&app, &a, &p, 1, json!({"done_on": day(-21), "note": "x"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["done_on"].is_array(), "{body}");
    let (status, body) = put_visit(&app, &a, &p, 1, json!({"done_on": day(-5)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["fields"]["note"].is_array(), "{body}");
    let note = "Hemmelig, mentor Ole og konsulent Karin. Aftalt: flere timer fra uge 2.";
    let (status, body) =
        put_visit(&app, &a, &p, 1, json!({"done_on": day(-5), "note": note})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let v = &body["items"][0];
    assert_eq!(v["state"], "done");
    assert_eq!(v["done_on"], day(-5));
    assert_eq!(v["note"], note);
    // A number the plan does not have.
    let (status, _) = put_visit(&app, &a, &p, 99, json!({"date": day(3)})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The placement's history (the audit trail) has both.
    let admin = app.token(ADMIN).await;
    let res = app.get(&admin, "/api/v1/audit?per_page=100").await;
    let text = res.text().await.unwrap();
    assert!(
        text.contains("visit_moved") && text.contains("visit_recorded"),
        "{text}"
    );
}

#[actix_web::test]
async fn only_the_jobcenters_consultants_plan_visits() {
    let app = TestApp::spawn().await;
    let (_, p) = placement(&app, 2, -20, 30).await;
    let move_it = json!({"date": day(3)});
    // The company's signatory neither sees nor moves them; the mentor sees but does not move.
    let x = app.token(SIGNATORY_X).await;
    assert_eq!(visits(&app, &x, &p).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        put_visit(&app, &x, &p, 2, move_it.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    let mentor = app.token(MENTOR_X).await;
    assert_eq!(visits(&app, &mentor, &p).await.0, StatusCode::OK);
    assert_eq!(
        put_visit(&app, &mentor, &p, 2, move_it.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    // Another jobcenter's consultant does not learn that it exists.
    let b = app.token(CONSULTANT_B).await;
    assert_eq!(visits(&app, &b, &p).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        put_visit(&app, &b, &p, 2, move_it.clone()).await.0,
        StatusCode::NOT_FOUND
    );
    let admin = app.token(ADMIN).await;
    assert_eq!(
        put_visit(&app, &admin, &p, 2, move_it).await.0,
        StatusCode::FORBIDDEN
    );
    // Nothing was moved.
    let a = app.token(CONSULTANT_A).await;
    let (_, body) = visits(&app, &a, &p).await;
    assert_eq!(body["items"][1]["state"], "planned");
}

#[actix_web::test]
async fn an_overdue_visit_is_in_the_consultants_inbox_until_recorded() {
    let app = TestApp::spawn().await;
    // Visit 1 is two weeks after a start 20 days ago: about a week overdue.
    let (_, p) = placement(&app, 2, -20, 30).await;
    let a = app.token(CONSULTANT_A).await;
    let link = format!("/placements/{p}/visits");
    let tasks = json(app.get(&a, "/api/v1/me/tasks").await).await;
    let overdue: Vec<&Value> = tasks["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "visit_overdue" && t["link"] == link.as_str())
        .collect();
    assert_eq!(overdue.len(), 1, "{tasks}");
    assert!(overdue[0]["title"]
        .as_str()
        .unwrap()
        .contains("Hemmelig Hansen"));
    // The home page shows it with its worded badge.
    let browser = app.browser_logged_in(CONSULTANT_A).await;
    let home = app.html(&browser, "/").await;
    assert!(
        home.contains(&link) && home.contains("Besøg overskredet"),
        "{home}"
    );
    // Recorded, it is gone; the other consultants' jobcenters never had it.
    let (status, _) = put_visit(&app, &a, &p, 1, json!({"done_on": day(-6), "note": "Godt"})).await;
    assert_eq!(status, StatusCode::OK);
    let tasks = json(app.get(&a, "/api/v1/me/tasks").await).await;
    assert!(
        !tasks["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["kind"] == "visit_overdue" && t["link"] == link.as_str()),
        "{tasks}"
    );
    let b = app.token(CONSULTANT_B).await;
    let tasks = json(app.get(&b, "/api/v1/me/tasks").await).await;
    assert!(!tasks.to_string().contains(&p));
}

/// The feed behind a person's `GET /api/v1/me/calendar`: its address and its text.
async fn feed_of(app: &TestApp, email: &str) -> (String, String) {
    let token = app.token(email).await;
    let res = app.get(&token, "/api/v1/me/calendar").await;
    assert_eq!(res.status(), StatusCode::OK);
    let url = json(res).await["url"].as_str().unwrap().to_string();
    assert!(
        url.starts_with(&app.url("/calendar/")) && url.ends_with(".ics"),
        "{url}"
    );
    let res = app.http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{url}");
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    (url, res.text().await.unwrap())
}

/// The events of a feed as a calendar client reads them: (UID, title, start).
fn parse(text: &str) -> Vec<(String, String, DatePerhapsTime)> {
    let cal = icalendar::Calendar::from_str(text).expect("the feed parses as iCalendar");
    assert!(
        cal.components
            .iter()
            .any(|c| matches!(c, CalendarComponent::Other(o) if o.component_kind() == "VTIMEZONE")),
        "the feed carries its time zone"
    );
    cal.components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|e| {
            (
                e.get_uid().expect("UID").to_string(),
                e.get_summary().expect("SUMMARY").to_string(),
                e.get_start().expect("DTSTART"),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_calendar_feed_opens_in_a_calendar_parser_without_cpr_or_last_names() {
    let app = TestApp::spawn().await;
    let (_, p) = placement(&app, 2, -20, 30).await;
    let a = app.token(CONSULTANT_A).await;
    let (status, _) = put_visit(&app, &a, &p, 2, json!({"date": day(3), "time": "10:30"})).await;
    assert_eq!(status, StatusCode::OK);
    let (url, text) = feed_of(&app, CONSULTANT_A).await;
    for private in ["0101804321", "010180", "4321", "Hansen"] {
        assert!(!text.contains(private), "{private} in the feed:\n{text}");
    }
    let events = parse(&text);
    let titles: Vec<&str> = events.iter().map(|e| e.1.as_str()).collect();
    let has = |prefix: &str| titles.iter().filter(|t| t.starts_with(prefix)).count();
    assert_eq!(has("Start: Hemmelig · "), 1, "{titles:?}");
    assert_eq!(has("Slut: Hemmelig · "), 1, "{titles:?}");
    assert_eq!(
        has("Opfølgning på selvforsørgelse: Hemmelig · "),
        1,
        "{titles:?}"
    );
    assert_eq!(has("Opfølgningsbesøg: Hemmelig · "), 4, "{titles:?}");
    // Starts and ends are whole days; the moved visit is at 10:30 in Europe/Copenhagen.
    let start = events.iter().find(|e| e.1.starts_with("Start")).unwrap();
    assert_eq!(start.2, DatePerhapsTime::Date(date(-20)));
    let timed: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.2 {
            DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
                Some((date_time, tzid))
            }
            _ => None,
        })
        .collect();
    assert_eq!(timed.len(), 1, "{text}");
    assert_eq!(timed[0].1, "Europe/Copenhagen");
    assert_eq!(*timed[0].0, date(3).and_hms_opt(10, 30, 0).unwrap());
    assert!(text.contains("DTSTART;TZID=Europe/Copenhagen:"), "{text}");
    // The UIDs are unique and the same on the next fetch.
    let mut uids: Vec<String> = events.iter().map(|e| e.0.clone()).collect();
    uids.sort();
    let n = uids.len();
    uids.dedup();
    assert_eq!(uids.len(), n, "unique UIDs");
    let again = app
        .http
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut again: Vec<String> = parse(&again).into_iter().map(|e| e.0).collect();
    again.sort();
    assert_eq!(uids, again, "stable UIDs");
    // A made-up token is 404.
    let forged = format!(
        "{}/calendar/{}-{}.ics",
        app.url(""),
        app.user_id(CONSULTANT_A),
        "0".repeat(32)
    );
    assert_eq!(
        app.http.get(&forged).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn mentors_and_companies_get_their_own_part_of_the_calendar() {
    let app = TestApp::spawn().await;
    placement(&app, 2, -20, 30).await;
    // The mentor: starts, ends and visits, no self-support follow-ups.
    let (_, text) = feed_of(&app, MENTOR_X).await;
    let titles: Vec<String> = parse(&text).into_iter().map(|e| e.1).collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Opfølgningsbesøg: Hemmelig")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t.starts_with("Start: Hemmelig")));
    assert!(!titles.iter().any(|t| t.contains("selvforsørgelse")));
    // The company: starts and ends only.
    let (_, text) = feed_of(&app, SIGNATORY_X).await;
    let titles: Vec<String> = parse(&text).into_iter().map(|e| e.1).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles
        .iter()
        .all(|t| t.starts_with("Start: ") || t.starts_with("Slut: ")));
    assert!(!text.contains("Hansen") && !text.contains("010180"));
    // Another jobcenter's consultant sees none of it.
    let (_, text) = feed_of(&app, CONSULTANT_B).await;
    assert!(parse(&text).is_empty(), "{text}");
    // Administrators keep no calendar.
    let admin = app.token(ADMIN).await;
    assert_eq!(
        app.get(&admin, "/api/v1/me/calendar").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn renewing_the_address_makes_the_old_one_404() {
    let app = TestApp::spawn().await;
    let (old, _) = feed_of(&app, CONSULTANT_A).await;
    let (same, _) = feed_of(&app, CONSULTANT_A).await;
    assert_eq!(old, same, "the address stays until renewed");
    // Renewed through the API.
    let a = app.token(CONSULTANT_A).await;
    let res = app.post(&a, "/api/v1/me/calendar/renew", &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let renewed = json(res).await["url"].as_str().unwrap().to_string();
    assert_ne!(renewed, old);
    assert_eq!(
        app.http.get(&old).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.http.get(&renewed).send().await.unwrap().status(),
        StatusCode::OK
    );
    // And on "Min konto".
    let browser = app.browser_logged_in(CONSULTANT_A).await;
    let account = app.html(&browser, "/account").await;
    assert!(account.contains("href=\"/account/calendar\""), "{account}");
    let page = app.html(&browser, "/account/calendar").await;
    assert!(page.contains(&renewed), "{page}");
    let res = browser
        .post(app.url("/account/calendar/renew"))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.http.get(&renewed).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let page = app
        .html(&browser, "/account/calendar?ok=calendar_renewed")
        .await;
    assert!(!page.contains(&renewed));
    assert!(page.contains("Den gamle virker ikke længere"), "{page}");
}

#[actix_web::test]
async fn the_visit_pages_move_and_record_with_field_errors() {
    let app = TestApp::spawn().await;
    let (_, p) = placement(&app, 2, -20, 30).await;
    let browser = app.browser_logged_in(CONSULTANT_A).await;
    // From the placement's page to its visits.
    let page = app.html(&browser, &format!("/placements/{p}")).await;
    assert!(
        page.contains(&format!("href=\"/placements/{p}/visits\"")),
        "{page}"
    );
    let list = app.html(&browser, &format!("/placements/{p}/visits")).await;
    assert!(
        list.contains("Besøg 1") && list.contains("afsluttende besøg"),
        "{list}"
    );
    let form = app
        .html(&browser, &format!("/placements/{p}/visits/2"))
        .await;
    let csrf = csrf_of(&form);
    // A day outside the placement: 422 with the message at the field and the typed values.
    let res = browser
        .post(app.url(&format!("/placements/{p}/visits/2")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("date_day", "1"),
            ("date_month", "1"),
            ("date_year", "2040"),
            ("action", "move"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("forløbets periode") && html.contains("2040"),
        "{html}"
    );
    // Recorded.
    let done = date(-6);
    let res = browser
        .post(app.url(&format!("/placements/{p}/visits/1")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("done_on_day", &done.day().to_string()),
            ("done_on_month", &done.month().to_string()),
            ("done_on_year", &done.year().to_string()),
            ("note", "Alle deltog; flere timer aftalt."),
            ("action", "record"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = app
        .html(
            &browser,
            &format!("/placements/{p}/visits?ok=visit_recorded"),
        )
        .await;
    assert!(list.contains("Alle deltog; flere timer aftalt.") && list.contains("Gennemført"));
    // The week calendar shows the visit's week, with the person and the ISO week.
    let week = {
        let w = done.iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    };
    let cal = app.html(&browser, &format!("/calendar?week={week}")).await;
    assert!(
        cal.contains(&format!("uge {}", done.iso_week().week())),
        "{cal}"
    );
    assert!(cal.contains("Hemmelig Hansen") && cal.contains(&format!("/placements/{p}/visits")));
    assert!(cal.contains("rel=\"prev\"") && cal.contains("rel=\"next\""));
    // A company's signatory: no visits page; the calendar shows no visits.
    let x = app.browser_logged_in(SIGNATORY_X).await;
    let res = x
        .get(app.url(&format!("/placements/{p}/visits")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let cal = app.html(&x, &format!("/calendar?week={week}")).await;
    assert!(!cal.contains("/visits"), "{cal}");
}

#[actix_web::test]
async fn anonymising_the_person_removes_the_notes_of_their_visits() {
    let app = TestApp::spawn().await;
    let (_, p) = placement(&app, 2, -20, 30).await;
    let a = app.token(CONSULTANT_A).await;
    let note = "Hemmelig fortalte om sin ryg; aftalt kortere dage.";
    let (status, _) = put_visit(&app, &a, &p, 1, json!({"done_on": day(-6), "note": note})).await;
    assert_eq!(status, StatusCode::OK);
    // Five years and sixty days after the end.
    let later = date(5 * 365 + 90);
    let report = virksomhedscenter::seats::retention::run(&app.db, later, 5, false)
        .await
        .expect("retention");
    assert_eq!(report.candidates, 1);
    let (_, body) = visits(&app, &a, &p).await;
    let v = &body["items"][0];
    assert_eq!(v["state"], "done", "the visit was held: that stays");
    assert_eq!(v["done_on"], day(-6));
    assert_eq!(v["note"], virksomhedscenter::texts::visits::NOTE_REMOVED);
    assert!(!body.to_string().contains("ryg"));
}
