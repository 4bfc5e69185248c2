//! Issue #17, parts 3 and 4: every search by a CPR number leaves a line in the access log and a
//! burst of them is refused; the week grid checks a candidate as the hours API does.

use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{csrf_of, json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X};

async fn access_lines(app: &TestApp) -> Vec<serde_json::Value> {
    let admin = app.token(ADMIN).await;
    let res = app.get(&admin, "/api/v1/access-log?per_page=200").await;
    assert_eq!(res.status(), StatusCode::OK);
    json(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[actix_web::test]
async fn every_cpr_search_is_logged_and_a_burst_is_refused() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let id = app
        .candidate(&a, "0101901234", "Søren Søgt", "kontanthjaelp")
        .await;

    // A hit and a miss: both are lines with the masked number, who, and whether it found one.
    let res = app.get(&a, "/api/v1/candidates?q=010190-1234").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["total"], 1);
    let res = app.get(&a, "/api/v1/candidates?q=0202801234").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["total"], 0);
    let lines = access_lines(&app).await;
    let searches: Vec<_> = lines.iter().filter(|l| l["action"] == "search").collect();
    assert_eq!(searches.len(), 2, "{lines:?}");
    let hit = searches
        .iter()
        .find(|l| l["hit"] == true)
        .expect("the hit is logged");
    assert_eq!(hit["candidate_id"], id.as_str());
    assert_eq!(hit["cpr_masked"], "010190-XXXX");
    let miss = searches
        .iter()
        .find(|l| l["hit"] == false)
        .expect("the miss is logged");
    assert!(miss["candidate_id"].is_null());
    assert_eq!(miss["cpr_masked"], "020280-XXXX");
    let body = serde_json::to_string(&lines).unwrap_or_default();
    assert!(
        !body.contains("0202801234") && !body.contains("1234\""),
        "never in full"
    );
    // A name search is not a CPR lookup and is not logged.
    app.get(&a, "/api/v1/candidates?q=S%C3%B8ren").await;
    assert_eq!(
        access_lines(&app)
            .await
            .iter()
            .filter(|l| l["action"] == "search")
            .count(),
        2
    );
    // A later page of the result still names whom the number found.
    app.get(&a, "/api/v1/candidates?q=0101901234&page=2").await;
    let lines = access_lines(&app).await;
    let paged = lines
        .iter()
        .filter(|l| l["action"] == "search" && l["cpr_masked"] == "010190-XXXX")
        .count();
    assert_eq!(paged, 2);
    assert!(lines
        .iter()
        .filter(|l| l["action"] == "search" && l["cpr_masked"] == "010190-XXXX")
        .all(|l| l["hit"] == true && l["candidate_id"] == id.as_str()));
    // Registering the same number again says it is known: a lookup, logged as one.
    let res = app
        .post(
            &a,
            "/api/v1/candidates",
            &json!({"cpr": "010190-1234", "name": "Igen", "benefit": "kontanthjaelp", "match_group": 2}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        access_lines(&app)
            .await
            .iter()
            .filter(|l| l["action"] == "search" && l["cpr_masked"] == "010190-XXXX")
            .count(),
        3
    );
    // The log filtered by the number finds the search that found nobody.
    let admin = app.token(ADMIN).await;
    let by_number = json(app.get(&admin, "/api/v1/access-log?cpr=0202801234").await).await;
    assert_eq!(by_number["total"], 1, "{by_number}");

    // The page's search is the same lookup.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&b, "/candidates").await;
    let csrf = csrf_of(&page);
    let res = b
        .post(app.url("/candidates/search"))
        .form(&[("csrf", csrf.as_str()), ("q", "0101901234")])
        .send()
        .await
        .expect("search");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("html").contains("Søren Søgt"));
    // Trying numbers one after another: past ten in ten minutes, refused (and logged as such).
    let mut refused = None;
    for n in 0..12 {
        let res = app
            .get(&a, &format!("/api/v1/candidates?q=03038{n:02}{}", "234"))
            .await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().get("retry-after").is_some());
            refused = Some(n);
            break;
        }
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(refused, Some(5), "5 lookups before (a hit, a miss, a later page, a registration, the page's search), 10 in all");
    let lines = access_lines(&app).await;
    assert!(lines.iter().any(|l| l["action"] == "search_refused"));
    // Another consultant is not slowed by A's searches; B's jobcenter's officer would not see A's.
    let b_token = app.token(CONSULTANT_B).await;
    let res = app.get(&b_token, "/api/v1/candidates?q=0101901234").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["total"], 0, "another jobcenter's candidate");
}

#[actix_web::test]
async fn the_access_log_form_posts_and_a_cpr_never_rides_in_a_url() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let id = app
        .candidate(&a, "0101901234", "Søren Søgt", "kontanthjaelp")
        .await;
    app.get(&a, &format!("/api/v1/candidates/{id}")).await;
    let admin = app.browser_logged_in(ADMIN).await;
    let page = app.html(&admin, "/access-log").await;
    assert!(
        page.contains("method=\"post\" action=\"/access-log\""),
        "the filter form posts"
    );
    let csrf = csrf_of(&page);
    let res = admin
        .post(app.url("/access-log"))
        .form(&[("csrf", csrf.as_str()), ("cpr", "0101901234")])
        .send()
        .await
        .expect("filter");
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("html");
    assert!(html.contains("Søren Søgt"));
    assert!(!html.contains("0101901234") && !html.contains("010190-1234"));
    let res = admin
        .post(app.url("/access-log"))
        .form(&[("csrf", csrf.as_str()), ("cpr", "12")])
        .send()
        .await
        .expect("filter");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Not logged in: the login redirect drops the number.
    let res = app
        .browser()
        .get(app.url("/access-log?cpr=0101901234&from=01-01-2020"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(location.starts_with("/login?next="), "{location}");
    assert!(!location.contains("0101901234"), "{location}");
    assert!(location.contains("from"), "the rest is kept: {location}");
}

fn monday(weeks_back: i64) -> NaiveDate {
    let t = virksomhedscenter::clock::today();
    t - Duration::days(i64::from(t.weekday().num_days_from_monday())) - Duration::weeks(weeks_back)
}

/// `POST /hours/grid` checks the candidate as `POST /api/v1/hours` does: a placement in this
/// contract that covers the day. An unknown id was a 500, another jobcenter's candidate or a day
/// outside the stay was stored.
#[actix_web::test]
async fn the_grid_checks_a_candidate_as_the_api_does() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let b = app.token(CONSULTANT_B).await;
    let id = app
        .accepted_contract(&Terms {
            start_date: monday(8).to_string(),
            mentor_minutes_per_week: 600,
            ..Terms::days(4, 0, 100)
        })
        .await;
    let week_monday = monday(2);
    // Placed from Wednesday of that week on.
    let placed = app
        .candidate(&a, "0101901234", "Pia Placeret", "kontanthjaelp")
        .await;
    let res = app
        .post(
            &a,
            "/api/v1/referrals",
            &json!({"contract_id": id, "candidate_id": placed, "offer_type": "virksomhedspraktik",
                    "start_date": (week_monday + Duration::days(2)).to_string(),
                    "end_date": (week_monday + Duration::days(60)).to_string()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", json(res).await);
    let foreign = app
        .candidate(&b, "0202801234", "Frede Fremmed", "kontanthjaelp")
        .await;

    let w = week_monday.iso_week();
    let week = format!("{}-W{:02}", w.year(), w.week());
    let mentor = app.browser_logged_in(MENTOR_X).await;
    let page = app.html(&mentor, &format!("/hours?week={week}")).await;
    let csrf = csrf_of(&page);
    let post = |candidate: String, day: usize| {
        let mut fields: Vec<(&str, String)> = vec![
            ("csrf", csrf.clone()),
            ("contract_id", id.clone()),
            ("week", week.clone()),
            ("row_candidate", candidate),
            ("row_activity", "training".into()),
            ("row_note", String::new()),
        ];
        for d in 0..7 {
            let v = if d == day { "1" } else { "" };
            fields.push((["d0", "d1", "d2", "d3", "d4", "d5", "d6"][d], v.to_string()));
        }
        let req = mentor.post(app.url("/hours/grid")).form(&fields);
        async move { req.send().await.expect("post") }
    };
    for (candidate, day, why) in [
        ("no-such-candidate".to_string(), 3, "an unknown id"),
        (foreign.clone(), 3, "another jobcenter's candidate"),
        (placed.clone(), 0, "a day before the placement starts"),
    ] {
        let res = post(candidate, day).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let html = res.text().await.expect("html");
        assert!(
            html.contains(&format!("cell-0-{day}")) && html.contains("ikke et forløb"),
            "{why}: the cell is named"
        );
    }
    let mentor_token = app.token(MENTOR_X).await;
    let stored = json(
        app.get(
            &mentor_token,
            &format!("/api/v1/hours?contract_id={id}&week={week}"),
        )
        .await,
    )
    .await;
    assert_eq!(stored["logged_minutes"], 0, "nothing stored: {stored}");
    // The API refuses the same day, naming the field.
    let res = app
        .post(
            &mentor_token,
            "/api/v1/hours",
            &json!({"contract_id": id, "date": week_monday.to_string(), "minutes": 60,
                    "activity": "training", "candidate_id": placed, "note": ""}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["candidate_id"].is_array());
    // A day the placement covers is stored, through both doors.
    let res = post(placed.clone(), 3).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// Issue #17.6: values no real contract has are refused (422, naming the field), and the
/// largest allowed contract's economy is computed without wrapping (no negative figure).
#[actix_web::test]
async fn extreme_amounts_are_refused_and_the_largest_contract_computes() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let base = || {
        json!({
            "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X),
            "seats": 4, "offer_types": ["virksomhedspraktik"],
            "start_date": monday(4).to_string(),
            "end_date": (monday(4) + Duration::days(300)).to_string(),
            "mentor_minutes_per_week": 120, "mentor_rate_ore": 20000,
        })
    };
    for (field, value) in [
        ("seats", json!(10_000)),
        ("mentor_minutes_per_week", json!(10_080)),
        ("mentor_rate_ore", json!(100_000_000_000_i64)),
        ("mentor_fixed_grant_ore", json!(100_000_000_000_i64)),
        (
            "end_date",
            json!((monday(4) + Duration::days(4000)).to_string()),
        ),
    ] {
        let mut body = base();
        body[field] = value;
        let res = app.post(&a, "/api/v1/contracts", &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(json(res).await["fields"][field].is_array(), "{field} named");
    }
    // The page says the same, in kroner, with what was typed kept.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let form = app
        .html(
            &b,
            &format!("/contracts/new?company_id={}", app.seed.company_x),
        )
        .await;
    let csrf = csrf_of(&form);
    let dk = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
    let res = b
        .post(app.url("/contracts"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("company_id", app.seed.company_x.as_str()),
            ("mentor_id", app.user_id(MENTOR_X).as_str()),
            ("seats", "10000"),
            ("offer_types", "virksomhedspraktik"),
            ("target_benefits", "kontanthjaelp"),
            ("target_match_group", "2"),
            ("mentor_hours", "3"),
            ("mentor_basis", "centre"),
            ("mentor_rate_kr", "10.000.000"),
            ("start_date", dk(monday(4)).as_str()),
            ("end_date", dk(monday(4) + Duration::days(300)).as_str()),
            ("ordinary_employees", "20"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("højst 500"), "the seats' limit");
    assert!(
        html.contains("højst 5.000,00 kr."),
        "the rate's limit in kroner"
    );
    assert!(
        html.contains("value=\"10.000.000\""),
        "the typed rate is kept"
    );

    // The largest contract the limits allow: per seat, 500 seats, 60 hours, 5.000 kr. an hour,
    // with a large grant and activities, over ten years.
    let mut body = base();
    body["seats"] = json!(500);
    body["mentor_minutes_per_week"] = json!(3_600);
    body["mentor_basis"] = json!("per_seat");
    body["mentor_rate_ore"] = json!(500_000);
    body["mentor_fixed_grant_ore"] = json!(10_000_000);
    body["end_date"] = json!((monday(4) + Duration::days(3_650)).to_string());
    body["ordinary_employees"] = json!(5_000);
    body["activities"] = json!([{"kind": "danish_lessons", "provider": "Sprogcenter",
        "minutes_per_week": 3_600, "cost_ore": 1_000_000_000_i64}]);
    let res = app.post(&a, "/api/v1/contracts", &body).await;
    let status = res.status();
    let created = json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("id").to_string();
    let signatory = app.token(crate::helpers::SIGNATORY_X).await;
    for (token, action) in [(&a, "send"), (&signatory, "accept")] {
        let res = app
            .post(
                token,
                &format!("/api/v1/contracts/{id}/{action}"),
                &json!({}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{action}");
    }
    let res = app
        .get(&a, &format!("/api/v1/contracts/{id}/economy"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let economy = json(res).await;
    let months = economy.as_array().cloned().unwrap_or_default();
    assert!(months.len() >= 120, "{}", months.len());
    for m in &months {
        for k in [
            "mentor_budget_ore",
            "shared_activities_ore",
            "budget_total_ore",
            "actual_total_ore",
        ] {
            assert!(m[k].as_i64().is_some_and(|v| v >= 0), "{k} in {m}");
        }
    }
    let res = app
        .get(
            &a,
            &format!(
                "/api/v1/jobcenters/{}/economy?year={}",
                app.seed.jobcenter_a,
                monday(4).year()
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}
