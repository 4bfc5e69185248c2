//! Mentor hours through the API: logging with its rules, the week's workflow, budgets across an
//! amendment, and the payment export as Danish Excel wants it.

use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X};

fn today() -> NaiveDate {
    virksomhedscenter::clock::today()
}

/// The Monday `weeks_back` weeks before this week's.
fn monday(weeks_back: i64) -> NaiveDate {
    let t = today();
    t - Duration::days(i64::from(t.weekday().num_days_from_monday())) - Duration::weeks(weeks_back)
}

fn iso(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

async fn contract(app: &TestApp, minutes: i64, basis: &str) -> String {
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let c = json(
        app.post(
            &consultant,
            "/api/v1/contracts",
            &json!({
        "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 4,
        "offer_types": ["virksomhedspraktik"], "start_date": monday(10).to_string(),
        "end_date": (today() + Duration::days(200)).to_string(),
        "mentor_minutes_per_week": minutes, "mentor_basis": basis, "mentor_rate_ore": 20000}),
        )
        .await,
    )
    .await;
    let id = c["id"].as_str().expect("id").to_string();
    app.post(
        &consultant,
        &format!("/api/v1/contracts/{id}/send"),
        &json!({}),
    )
    .await;
    let res = app
        .post(
            &company,
            &format!("/api/v1/contracts/{id}/accept"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    id
}

async fn log(
    app: &TestApp,
    token: &str,
    contract: &str,
    date: NaiveDate,
    minutes: i64,
) -> reqwest::Response {
    app.post(token, "/api/v1/hours", &json!({"contract_id": contract, "date": date.to_string(), "minutes": minutes, "activity": "training", "note": "oplæring"})).await
}

#[actix_web::test]
async fn a_mentor_logs_a_week_and_the_consultant_approves_it() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR_X).await;
    let consultant = app.token(CONSULTANT_A).await;
    let id = contract(&app, 180, "centre").await;
    let week_start = monday(3);
    for day in 0..3 {
        let res = log(&app, &mentor, &id, week_start + Duration::days(day), 60).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let week = iso(week_start);
    let view = json(
        app.get(
            &consultant,
            &format!("/api/v1/hours?contract_id={id}&week={week}"),
        )
        .await,
    )
    .await;
    assert_eq!(view["logged_minutes"], 180);
    assert_eq!(view["budget_minutes"], 180);
    assert_eq!(view["status"], "open");
    assert_eq!(view["entries"].as_array().map(Vec::len), Some(3));

    // The rules, each refused with a clear field.
    let check =
        |res: Value, field: &str| assert!(res["fields"][field].is_array(), "{field}: {res}");
    check(
        json(log(&app, &mentor, &id, today() + Duration::days(1), 60).await).await,
        "date",
    );
    check(
        json(log(&app, &mentor, &id, monday(12), 60).await).await,
        "date",
    );
    check(
        json(log(&app, &mentor, &id, week_start, 20).await).await,
        "minutes",
    );
    let res = log(&app, &mentor, &id, week_start + Duration::days(4), 23 * 60).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    check(
        json(log(&app, &mentor, &id, week_start + Duration::days(4), 75).await).await,
        "minutes",
    );
    let signatory = app.token(SIGNATORY_X).await;
    assert_eq!(
        log(&app, &signatory, &id, week_start, 60).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        log(&app, &consultant, &id, week_start, 60).await.status(),
        StatusCode::FORBIDDEN
    );

    // Submit; the week is locked for the mentor; only the jobcenter's consultant approves.
    let res = app
        .post(
            &mentor,
            &format!("/api/v1/contracts/{id}/weeks/{week}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["status"], "submitted");
    check(
        json(log(&app, &mentor, &id, week_start + Duration::days(5), 60).await).await,
        "date",
    );
    let entry = view["entries"][0]["id"].as_str().expect("id").to_string();
    assert_eq!(
        app.patch(
            &mentor,
            &format!("/api/v1/hours/{entry}"),
            &json!({"minutes": 30})
        )
        .await
        .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let del = app
        .http
        .delete(app.url(&format!("/api/v1/hours/{entry}")))
        .bearer_auth(&mentor)
        .send()
        .await
        .expect("delete");
    assert_eq!(del.status(), StatusCode::CONFLICT);
    let other = app.token(CONSULTANT_B).await;
    assert_eq!(
        app.post(
            &other,
            &format!("/api/v1/contracts/{id}/weeks/{week}/approve"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(
            &mentor,
            &format!("/api/v1/contracts/{id}/weeks/{week}/approve"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(
            &signatory,
            &format!("/api/v1/contracts/{id}/weeks/{week}/approve"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/weeks/{week}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["status"], "approved");
    let res = app
        .post(
            &mentor,
            &format!("/api/v1/contracts/{id}/weeks/{week}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "an approved week is locked"
    );

    // Another week is rejected with a reason, corrected and resubmitted.
    let w2_start = monday(2);
    let w2 = iso(w2_start);
    let e2 = json(log(&app, &mentor, &id, w2_start, 45).await).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    app.post(
        &mentor,
        &format!("/api/v1/contracts/{id}/weeks/{w2}/submit"),
        &json!({}),
    )
    .await;
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/weeks/{w2}/reject"),
            &json!({"reason": ""}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/weeks/{w2}/reject"),
            &json!({"reason": "Mandag var en helligdag"}),
        )
        .await;
    assert_eq!(json(res).await["reason"], "Mandag var en helligdag");
    let res = app
        .patch(
            &mentor,
            &format!("/api/v1/hours/{e2}"),
            &json!({"minutes": 30}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a rejected week can be corrected"
    );
    let res = app
        .post(
            &mentor,
            &format!("/api/v1/contracts/{id}/weeks/{w2}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(json(res).await["status"], "submitted");

    // The audit trail has every step of the week: submitted, sent back, submitted again.
    let admin = app.token(ADMIN).await;
    let trail = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=hour_week&object_id={id}&per_page=50"),
        )
        .await,
    )
    .await;
    let mut w2_actions: Vec<&str> = trail["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["detail"] == w2.as_str())
        .filter_map(|i| i["action"].as_str())
        .collect();
    w2_actions.sort_unstable();
    assert_eq!(w2_actions, ["rejected", "submit", "submit"], "{trail}");
    // The week itself says so too, oldest first, with who did it and the reason.
    let week_out = json(
        app.get(
            &mentor,
            &format!("/api/v1/hours?contract_id={id}&week={w2}"),
        )
        .await,
    )
    .await;
    // Each step's time is an RFC 3339 date-time with its zone, as the OpenAPI document says
    // (it was a bare local timestamp, which the schema fuzzer found through the demo's weeks).
    for e in week_out["history"].as_array().expect("history") {
        let at = e["at"].as_str().unwrap_or_default();
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok(),
            "not RFC 3339: {at:?}"
        );
    }
    let steps: Vec<(&str, &str)> = week_out["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or_default(),
                e["reason"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("submit", ""),
            ("rejected", "Mandag var en helligdag"),
            ("submit", "")
        ],
        "{week_out}"
    );

    let pending = json(app.get(&consultant, "/api/v1/hours/pending").await).await;
    assert_eq!(
        pending[0]["week"],
        w2.as_str(),
        "waiting for approval first"
    );
    assert_eq!(pending[0]["status"], "submitted");

    // The summary: budget per week, logged and approved.
    let s = json(
        app.get(
            &consultant,
            &format!("/api/v1/contracts/{id}/hours/summary"),
        )
        .await,
    )
    .await;
    assert_eq!(s["approved_minutes"], 180 + 23 * 60);
    assert_eq!(s["logged_minutes"], 180 + 23 * 60 + 30);
    assert!(s["budget_minutes"].as_i64().unwrap_or(0) >= 10 * 180);
    assert_eq!(s["over_budget"], false);
}

#[actix_web::test]
async fn budgets_follow_an_amendment() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let id = contract(&app, 120, "centre").await;
    // From four weeks ago: 30 minutes per seat per week with 4 seats.
    let from = monday(4);
    app.post(
        &consultant,
        &format!("/api/v1/contracts/{id}/amend"),
        &json!({"effective_from": from.to_string()}),
    )
    .await;
    app.put(
        &consultant,
        &format!("/api/v1/contracts/{id}"),
        None,
        &json!({"mentor_minutes_per_week": 30, "mentor_basis": "per_seat"}),
    )
    .await;
    app.post(
        &consultant,
        &format!("/api/v1/contracts/{id}/send"),
        &json!({}),
    )
    .await;
    assert_eq!(
        app.post(
            &company,
            &format!("/api/v1/contracts/{id}/accept"),
            &json!({})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let s = json(
        app.get(
            &consultant,
            &format!("/api/v1/contracts/{id}/hours/summary"),
        )
        .await,
    )
    .await;
    let weeks = s["weeks"].as_array().expect("weeks");
    let budget = |w: &str| {
        weeks
            .iter()
            .find(|x| x["week"] == w)
            .map(|x| x["budget_minutes"].clone())
    };
    assert_eq!(budget(&iso(monday(6))), Some(json!(120)));
    assert_eq!(budget(&iso(monday(4))), Some(json!(120)), "30 × 4 seats");
    assert_eq!(budget(&iso(monday(10))), Some(json!(120)));
    let mentor = app.token(MENTOR_X).await;
    for d in 0..5 {
        log(&app, &mentor, &id, monday(5) + Duration::days(d), 60).await;
    }
    let s = json(
        app.get(
            &consultant,
            &format!("/api/v1/contracts/{id}/hours/summary"),
        )
        .await,
    )
    .await;
    let w = s["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .find(|x| x["week"] == iso(monday(5)).as_str())
        .cloned()
        .expect("week");
    assert_eq!(w["logged_minutes"], 300);
}

#[actix_web::test]
async fn payments_export_approved_hours_for_danish_excel() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR_X).await;
    let consultant = app.token(CONSULTANT_A).await;
    let id = contract(&app, 180, "centre").await;
    let day = monday(3);
    log(&app, &mentor, &id, day, 90).await;
    log(&app, &mentor, &id, day + Duration::days(1), 45).await;
    let week = iso(day);
    app.post(
        &mentor,
        &format!("/api/v1/contracts/{id}/weeks/{week}/submit"),
        &json!({}),
    )
    .await;
    app.post(
        &consultant,
        &format!("/api/v1/contracts/{id}/weeks/{week}/approve"),
        &json!({}),
    )
    .await;
    // An unapproved week does not count.
    log(&app, &mentor, &id, monday(1), 60).await;
    let month = format!("{}-{:02}", day.year(), day.month());
    let next_day_month = format!(
        "{}-{:02}",
        (day + Duration::days(1)).year(),
        (day + Duration::days(1)).month()
    );
    let rows = json(
        app.get(&consultant, &format!("/api/v1/payments?month={month}"))
            .await,
    )
    .await;
    let minutes_in_month = if next_day_month == month { 135 } else { 90 };
    assert_eq!(rows[0]["approved_minutes"], minutes_in_month, "{rows}");
    assert_eq!(rows[0]["amount_ore"], minutes_in_month * 20000 / 60);
    assert_eq!(rows[0]["company_name"], "Virksomhed X");
    let res = app
        .get(
            &consultant,
            &format!("/api/v1/payments?month={month}&format=csv"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/csv"));
    let bytes = res.bytes().await.expect("bytes");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf8");
    let expected_amount = format!(
        "{},{:02}",
        minutes_in_month * 20000 / 60 / 100,
        (minutes_in_month * 20000 / 60) % 100
    );
    let hours = format!(
        "{},{:02}",
        minutes_in_month / 60,
        (minutes_in_month % 60) * 100 / 60
    );
    assert_eq!(
        text,
        format!("Måned;Jobcenter;Virksomhed;CVR;Art;Godkendte timer;Beløb (kr.)\r\n{month};Jobcenter A;Virksomhed X;13585628;Mentortimer;{hours};{expected_amount}\r\n")
    );
    assert_eq!(
        app.get(&consultant, "/api/v1/payments?month=2011-13")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.get(&mentor, &format!("/api/v1/payments?month={month}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let other = app.token(CONSULTANT_B).await;
    assert_eq!(
        json(
            app.get(&other, &format!("/api/v1/payments?month={month}"))
                .await
        )
        .await
        .as_array()
        .map(Vec::len),
        Some(0)
    );
    let admin = app.token(ADMIN).await;
    assert_eq!(
        json(
            app.get(&admin, &format!("/api/v1/payments?month={month}"))
                .await
        )
        .await
        .as_array()
        .map(Vec::len),
        Some(1)
    );
}

#[actix_web::test]
async fn the_economy_per_month_for_the_contract_and_the_jobcenter() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR_X).await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let start = monday(10);
    let end = start + Duration::days(69);
    let c = json(app.post(&consultant, "/api/v1/contracts", &json!({
        "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 4,
        "offer_types": ["virksomhedspraktik"], "start_date": start.to_string(), "end_date": end.to_string(),
        "mentor_minutes_per_week": 180, "mentor_rate_ore": 20000,
        "activities": [{"kind": "danish_lessons", "provider": "Sprogcenter", "minutes_per_week": 120, "cost_ore": 700000}]})).await).await;
    let id = c["id"].as_str().expect("id").to_string();
    app.post(
        &consultant,
        &format!("/api/v1/contracts/{id}/send"),
        &json!({}),
    )
    .await;
    app.post(
        &company,
        &format!("/api/v1/contracts/{id}/accept"),
        &json!({}),
    )
    .await;
    let day = monday(8);
    log(&app, &mentor, &id, day, 90).await;
    log(&app, &mentor, &id, day, 45).await;
    let week = iso(day);
    app.post(
        &mentor,
        &format!("/api/v1/contracts/{id}/weeks/{week}/submit"),
        &json!({}),
    )
    .await;
    app.post(
        &consultant,
        &format!("/api/v1/contracts/{id}/weeks/{week}/approve"),
        &json!({}),
    )
    .await;

    let months = json(
        app.get(&consultant, &format!("/api/v1/contracts/{id}/economy"))
            .await,
    )
    .await;
    let months = months.as_array().expect("months").clone();
    let total = |f: &str| {
        months
            .iter()
            .map(|m| m[f].as_i64().unwrap_or(0))
            .sum::<i64>()
    };
    assert_eq!(
        total("shared_activities_ore"),
        700000,
        "spread over the months, adding up"
    );
    assert_eq!(total("mentor_cost_ore"), 135 * 20000 / 60);
    assert_eq!(total("approved_minutes"), 135);
    // 10 weeks of 3 hours at 200 kr.
    assert_eq!(total("mentor_budget_ore"), 10 * 180 * 20000 / 60);
    assert_eq!(total("budget_total_ore"), 10 * 180 * 20000 / 60 + 700000);
    let m = months
        .iter()
        .find(|m| m["month"] == format!("{}-{:02}", day.year(), day.month()).as_str())
        .expect("month");
    assert_eq!(m["mentor_cost_ore"], 45000);
    let csv = app
        .get(
            &consultant,
            &format!("/api/v1/contracts/{id}/economy?format=csv"),
        )
        .await;
    assert!(csv
        .bytes()
        .await
        .expect("bytes")
        .starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(
        app.get(&company, &format!("/api/v1/contracts/{id}/economy"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let other = app.token(CONSULTANT_B).await;
    assert_eq!(
        app.get(&other, &format!("/api/v1/contracts/{id}/economy"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let year = day.year();
    let jc = json(
        app.get(
            &consultant,
            &format!(
                "/api/v1/jobcenters/{}/economy?year={year}",
                app.seed.jobcenter_a
            ),
        )
        .await,
    )
    .await;
    assert_eq!(jc.as_array().map(Vec::len), Some(12));
    let jc_cost: i64 = jc
        .as_array()
        .expect("months")
        .iter()
        .map(|m| m["mentor_cost_ore"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(jc_cost, 45000);
    assert_eq!(
        app.get(
            &other,
            &format!("/api/v1/jobcenters/{}/economy", app.seed.jobcenter_a)
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&b, &format!("/contracts/{id}/economy")).await;
    assert!(page.contains("7.000,00 kr.") && page.contains("450,00 kr."));
}

/// Approves `week` of `id` after the mentor submits it; returns the week as the API gives it.
async fn submit_and_approve(app: &TestApp, id: &str, week: &str) -> Value {
    let mentor = app.token(MENTOR_X).await;
    let consultant = app.token(CONSULTANT_A).await;
    let res = app
        .post(
            &mentor,
            &format!("/api/v1/contracts/{id}/weeks/{week}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "submit {week}");
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/weeks/{week}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "approve {week}");
    json(res).await
}

/// #18.11–13: an approved week keeps its amount and no amendment can reprice it; the fixed
/// monthly grant is a payment line of its own; shared activities are costed by the version in
/// force each day.
#[actix_web::test]
async fn approved_weeks_keep_their_price_grants_are_paid_and_activities_follow_the_version() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR_X).await;
    let consultant = app.token(CONSULTANT_A).await;
    // 14 weeks, ending in four weeks: the contract runs, so it can be amended.
    let start = monday(10);
    let end = start + Duration::days(97);
    let c = json(app.post(&consultant, "/api/v1/contracts", &json!({
        "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 4,
        "offer_types": ["virksomhedspraktik"], "start_date": start.to_string(), "end_date": end.to_string(),
        "mentor_minutes_per_week": 180, "mentor_rate_ore": 20000, "mentor_fixed_grant_ore": 150000,
        "activities": [{"kind": "danish_lessons", "provider": "Sprogcenter", "minutes_per_week": 120, "cost_ore": 700000}]})).await).await;
    let id = c["id"].as_str().expect("id").to_string();
    app.send_and_accept(&consultant, &id).await;
    // Week 8 weeks ago: 90 minutes at 200 kr. an hour, approved and stored as 300 kr.
    let day = monday(8);
    log(&app, &mentor, &id, day, 90).await;
    let week = submit_and_approve(&app, &id, &iso(day)).await;
    assert_eq!(week["approved_amount_ore"], 30000, "{week}");

    // An amendment that would take effect in the approved week is refused, naming the week
    // and the first day it may take effect.
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/amend"),
            &json!({"effective_from": (day + Duration::days(2)).to_string()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let msg = json(res).await["fields"]["effective_from"][0]
        .as_str()
        .unwrap_or("")
        .to_string();
    let first_allowed = virksomhedscenter::ui::format::date(day + Duration::days(7));
    assert!(
        msg.contains(&format!("uge {}", day.iso_week().week())) && msg.contains(&first_allowed),
        "{msg}"
    );

    // From halfway (day 49), the rate and the activity's cost double.
    let half = start + Duration::days(49);
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/amend"),
            &json!({"effective_from": half.to_string()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .put(
            &consultant,
            &format!("/api/v1/contracts/{id}"),
            None,
            &json!({"mentor_rate_ore": 40000,
                "activities": [{"kind": "danish_lessons", "provider": "Sprogcenter", "minutes_per_week": 120, "cost_ore": 1400000}]}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap_or_default()
    );
    app.send_and_accept(&consultant, &id).await;
    // Half the period at 7.000 kr. and half at 14.000 kr. (the latest alone would be 14.000).
    let months = json(
        app.get(&consultant, &format!("/api/v1/contracts/{id}/economy"))
            .await,
    )
    .await;
    let shared: i64 = months
        .as_array()
        .expect("months")
        .iter()
        .map(|m| m["shared_activities_ore"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(shared, 350000 + 700000, "each version for its own days");

    // A week after the amendment is approved at the new rate; a further amendment reaching
    // back into it is refused.
    let later = monday(2);
    log(&app, &mentor, &id, later, 60).await;
    let week = submit_and_approve(&app, &id, &iso(later)).await;
    assert_eq!(week["approved_amount_ore"], 40000, "60 minutes at 400 kr.");
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/amend"),
            &json!({"effective_from": (later + Duration::days(3)).to_string()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Payments of the approved week's month: the hours at the stored amount and the grant.
    let month = format!("{}-{:02}", day.year(), day.month());
    let rows = json(
        app.get(&consultant, &format!("/api/v1/payments?month={month}"))
            .await,
    )
    .await;
    let rows = rows.as_array().expect("rows").clone();
    let of = |kind: &str| rows.iter().find(|r| r["kind"] == kind).cloned();
    assert_eq!(
        of("grant").map(|r| r["amount_ore"].clone()),
        Some(json!(150000)),
        "{rows:?}"
    );
    assert!(of("hours").is_some_and(|r| r["amount_ore"].as_i64().unwrap_or(0) >= 30000));
    let csv = app
        .get(
            &consultant,
            &format!("/api/v1/payments?month={month}&format=csv"),
        )
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        csv.contains(";Fast månedligt tilskud;") && csv.contains("1500,00"),
        "{csv}"
    );
}

/// Issue #20: a terminated contract ends on its termination day. Its weeks up to then that
/// were not handed in are listed for the consultant and the mentor; no week after it is.
#[actix_web::test]
async fn a_terminated_contracts_weeks_after_its_end_are_not_due() {
    let app = TestApp::spawn().await;
    let contract = app
        .accepted_contract(&crate::helpers::Terms::days(1, -60, 100))
        .await;
    let consultant = app.token(CONSULTANT_A).await;
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{contract}/terminate"),
            &serde_json::json!({"date": crate::helpers::day(-24), "reason": "Virksomheden lukker afdelingen"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ended = virksomhedscenter::clock::today() - chrono::Duration::days(24);
    let monday_of = |week: &str| {
        let (y, n) = week.split_once("-W").expect("an ISO week");
        chrono::NaiveDate::from_isoywd_opt(
            y.parse().expect("year"),
            n.parse().expect("week"),
            chrono::Weekday::Mon,
        )
        .expect("a week")
    };
    let pending = json(app.get(&consultant, "/api/v1/hours/pending").await).await;
    let weeks: Vec<chrono::NaiveDate> = pending
        .as_array()
        .expect("weeks")
        .iter()
        .filter(|w| w["contract_id"] == contract.as_str())
        .map(|w| monday_of(w["week"].as_str().expect("week")))
        .collect();
    assert!(
        weeks.contains(
            &(ended - chrono::Duration::days(ended.weekday().num_days_from_monday().into()))
        ),
        "the week of the termination is still due: {pending}"
    );
    assert!(
        weeks.iter().all(|m| *m <= ended),
        "no week after the termination: {pending}"
    );
    // The mentor's inbox alike.
    let mentor = app.token(MENTOR_X).await;
    let tasks = json(app.get(&mentor, "/api/v1/me/tasks").await).await;
    let mentor_weeks: Vec<chrono::NaiveDate> = tasks["items"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["kind"] == "week_to_submit")
        .filter_map(|t| {
            t["link"]
                .as_str()?
                .split("week=")
                .nth(1)
                .map(str::to_string)
        })
        .map(|w| monday_of(&w))
        .collect();
    assert!(!mentor_weeks.is_empty(), "{tasks}");
    assert!(mentor_weeks.iter().all(|m| *m <= ended), "{tasks}");
}

/// Changing an entry checks the day's 24 hours without the entry's own old minutes: 12 + 11
/// hours may become 12 + 12, not 12 + 12¼ (the sum leaves the changed entry out).
#[actix_web::test]
async fn a_changed_entry_is_judged_on_the_day_without_its_old_minutes() {
    let app = TestApp::spawn().await;
    let mentor = app.token(MENTOR_X).await;
    let id = contract(&app, 180, "centre").await;
    let day = monday(3);
    let res = log(&app, &mentor, &id, day, 12 * 60).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = log(&app, &mentor, &id, day, 11 * 60).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let second = json(res).await["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/hours/{second}");
    let res = app
        .patch(&mentor, &path, &json!({"minutes": 12 * 60}))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "exactly 24 hours");
    let res = app
        .patch(&mentor, &path, &json!({"minutes": 12 * 60 + 15}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["minutes"].is_array());
}
