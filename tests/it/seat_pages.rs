//! The seat pages: a consultant creates a candidate, refers from the candidate page and from the
//! contract's timeline, ends a placement; the company sees its commitments, never a CPR number.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{csrf_of, json, Terms, TestApp, CONSULTANT_A, MENTOR_X, SIGNATORY_X};

fn dk(offset: i64) -> String {
    (virksomhedscenter::clock::today() + Duration::days(offset))
        .format("%d-%m-%Y")
        .to_string()
}

#[actix_web::test]
async fn the_seat_journey_through_the_pages() {
    let app = TestApp::spawn().await;
    // An accepted two-seat contract, made through the API.
    let contract = app
        .accepted_contract(&Terms {
            mentor_minutes_per_week: 60,
            ..Terms::days(2, -5, 200)
        })
        .await;

    let b = app.browser_logged_in(CONSULTANT_A).await;
    let csrf = app.csrf(&b, "/candidates/new").await;
    let res = b
        .post(app.url("/candidates"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Ali Hassan"),
            ("cpr", "310299-1234"),
            ("benefit", "kontanthjaelp"),
            ("match_group", "2"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "31 February"
    );
    let html = res.text().await.expect("html");
    assert!(html.contains("fødselsdato findes ikke") && html.contains("value=\"Ali Hassan\""));
    assert!(
        !html.contains("310299-1234"),
        "the typed CPR number is not echoed"
    );
    let res = b
        .post(app.url("/candidates"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Ali Hassan"),
            ("cpr", "070761-4285"),
            ("benefit", "kontanthjaelp"),
            ("match_group", "2"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let candidate_path = res.headers()["location"]
        .to_str()
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("")
        .to_string();
    let html = app.html(&b, &candidate_path).await;
    assert!(html.contains("070761-4285") && html.contains("logget"));
    let list = b
        .get(app.url("/candidates"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    // The number itself, in either form; not "4285" alone, which a random CSRF token or id on
    // the page contains now and then.
    assert!(
        list.contains("070761-XXXX")
            && !list.contains("070761-4285")
            && !list.contains("0707614285")
    );
    let csrf_list = csrf_of(&list);
    let found = b
        .post(app.url("/candidates/search"))
        .form(&[("csrf", csrf_list.as_str()), ("q", "070761-4285")])
        .send()
        .await
        .expect("search")
        .text()
        .await
        .expect("html");
    assert!(
        found.contains("Ali Hassan") && !found.contains("4285"),
        "found by CPR, which is not echoed"
    );

    // Refer from the candidate page.
    let csrf = csrf_of(&html);
    let candidate_id = candidate_path
        .trim_start_matches("/candidates/")
        .to_string();
    let res = b
        .post(app.url("/referrals"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("from", "candidate"),
            ("contract_id", contract.as_str()),
            ("candidate_id", candidate_id.as_str()),
            ("offer_type", "loentilskud"),
            ("start_date", dk(0).as_str()),
            ("end_date", dk(30).as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the contract allows praktik only"
    );
    assert!(res.text().await.expect("html").contains("tillader ikke"));
    let res = b
        .post(app.url("/referrals"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("from", "candidate"),
            ("contract_id", contract.as_str()),
            ("candidate_id", candidate_id.as_str()),
            ("offer_type", "virksomhedspraktik"),
            ("start_date", dk(0).as_str()),
            ("end_date", dk(30).as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let placement_path = res.headers()["location"]
        .to_str()
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("")
        .to_string();
    let html = app.html(&b, &placement_path).await;
    assert!(html.contains("placeret") && html.contains("Afslut forløbet"));

    // The timeline shows the seat taken; end the placement from its page.
    let timeline = app.html(&b, &format!("/contracts/{contract}/seats")).await;
    assert!(timeline.contains("Ali Hassan") && timeline.contains("class=\"taken\""));
    let csrf = csrf_of(&html);
    let res = b
        .post(app.url(&format!("{placement_path}/end")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("date", dk(10).as_str()),
            ("outcome", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an outcome is needed"
    );
    let res = b
        .post(app.url(&format!("{placement_path}/end")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("date", dk(10).as_str()),
            ("outcome", "ordinary_job"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = app.html(&b, &placement_path).await;
    assert!(html.contains("afsluttet") && html.contains("Ordinært job"));

    // The company: its commitments and the timeline by name, no CPR anywhere.
    let company = app.browser_logged_in(SIGNATORY_X).await;
    let page = app.html(&company, "/seats").await;
    assert!(page.contains("Virksomhed X"));
    let timeline = app
        .html(&company, &format!("/contracts/{contract}/seats"))
        .await;
    assert!(timeline.contains("Ali Hassan"));
    assert!(!timeline.contains("070761") && !timeline.contains("Venteliste"));
    let res = company
        .get(app.url(&candidate_path))
        .send()
        .await
        .expect("page");
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a person of their own centre, by name"
    );
    let html = res.text().await.expect("html");
    assert!(html.contains("Ali Hassan") && !html.contains("070761"));
    assert_eq!(
        company
            .get(app.url("/candidates"))
            .send()
            .await
            .expect("page")
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        company
            .get(app.url("/follow-ups"))
            .send()
            .await
            .expect("page")
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn the_company_sees_its_seats_today_and_who_starts_soon() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let day =
        |offset: i64| (virksomhedscenter::clock::today() + Duration::days(offset)).to_string();
    let res = app
        .post(
            &t,
            "/api/v1/contracts",
            &json!({"company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 3,
                    "offer_types": ["virksomhedspraktik"], "start_date": day(-30), "end_date": day(200),
                    "mentor_minutes_per_week": 60, "mentor_rate_ore": 20000}),
        )
        .await;
    let contract = json(res).await["id"].as_str().expect("id").to_string();
    app.post(
        &t,
        &format!("/api/v1/contracts/{contract}/send"),
        &json!({}),
    )
    .await;
    let res = app
        .post(
            &company,
            &format!("/api/v1/contracts/{contract}/accept"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for (i, (name, from, to)) in [
        ("Nu Nielsen", -10, 30),
        ("Snart Sørensen", 10, 60),
        ("Senere Svendsen", 40, 90),
    ]
    .iter()
    .enumerate()
    {
        let res = app
            .post(
                &t,
                "/api/v1/candidates",
                &json!({"cpr": format!("0{}0170-1234", i + 1), "name": name,
                        "benefit": "kontanthjaelp", "match_group": 2}),
            )
            .await;
        let candidate = json(res).await["id"].as_str().expect("id").to_string();
        let res = app
            .post(
                &t,
                "/api/v1/referrals",
                &json!({"contract_id": contract, "candidate_id": candidate,
                        "offer_type": "virksomhedspraktik", "start_date": day(*from), "end_date": day(*to)}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let b = app.browser_logged_in(SIGNATORY_X).await;
    let html = app.html(&b, "/seats").await;
    let row_start = html
        .find(&format!("/contracts/{contract}/seats"))
        .expect("the contract");
    let row = &html[row_start..html[row_start..].find("</tr>").expect("row end") + row_start];
    let cells: Vec<&str> = row
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap_or(""))
        .collect();
    assert_eq!(cells, vec!["3", "1"], "3 seats, 1 taken today: {row}");
    assert!(
        row.contains("Snart Sørensen") && row.contains("plads 2"),
        "{row}"
    );
    assert!(
        !row.contains("Senere Svendsen"),
        "starts after four weeks: {row}"
    );
    assert!(!row.contains("Nu Nielsen"), "already started: {row}");
}
