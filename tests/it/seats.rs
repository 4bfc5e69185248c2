//! Candidates, referrals, waiting lists and placements through the API, and the concurrency
//! guarantee: simultaneous referrals never overbook a contract.

use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, SIGNATORY_X, SIGNATORY_Y,
};

fn today() -> NaiveDate {
    virksomhedscenter::clock::today()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

/// An accepted contract of consultant A's jobcenter with company X: `seats` seats over
/// [today + start, today + end], for both offers.
async fn accepted_contract(app: &TestApp, seats: i64, start: i64, end: i64) -> String {
    app.accepted_contract(&Terms {
        offer_types: vec!["virksomhedspraktik", "loentilskud"],
        ..Terms::days(seats, start, end)
    })
    .await
}

fn cpr(i: usize) -> String {
    format!("01{:02}{:02}-{:04}", 1 + i % 12, 60 + i % 40, 1000 + i)
}

async fn candidate(app: &TestApp, token: &str, i: usize, benefit: &str) -> String {
    app.candidate(token, &cpr(i), &format!("Kandidat {i}"), benefit)
        .await
}

#[actix_web::test]
async fn candidates_keep_their_cpr_private() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let res = app
        .post(&t, "/api/v1/candidates", &json!({"cpr": "070761-4285", "name": "Mette Hansen", "benefit": "kontanthjaelp", "match_group": 2}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let c = json(res).await;
    assert_eq!(c["cpr_masked"], "070761-XXXX");
    assert!(
        c.get("cpr").is_none(),
        "the full number is not in the answer to a create"
    );
    let id = c["id"].as_str().expect("id").to_string();

    for (bad, why) in [
        ("310211-1234", "no 31 February"),
        ("0707614", "too short"),
        ("070761-42a5", "a letter"),
        ("010130-4000", "in the future"),
    ] {
        let res = app
            .post(
                &t,
                "/api/v1/candidates",
                &json!({"cpr": bad, "name": "X", "benefit": "kontanthjaelp", "match_group": 2}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let body = res.text().await.unwrap_or_default();
        assert!(body.contains("\"cpr\""), "{why}: {body}");
        assert!(!body.contains(bad), "the number is not echoed: {body}");
    }
    let dup = app.post(&t, "/api/v1/candidates", &json!({"cpr": "0707614285", "name": "Igen", "benefit": "kontanthjaelp", "match_group": 2})).await;
    assert_eq!(
        dup.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "one person once per jobcenter"
    );

    // Stored encrypted: the digits are nowhere in the table.
    {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::candidates;
        let mut conn = app.db.read_conn().expect("conn");
        let (cipher, hmac): (String, String) = candidates::table
            .find(&id)
            .select((candidates::cpr_cipher, candidates::cpr_hmac))
            .first(&mut conn)
            .expect("row");
        assert!(!cipher.contains("4285") || !cipher.contains("070761"));
        assert!(!hmac.contains("0707614285"));
    }

    let list = json(app.get(&t, "/api/v1/candidates?q=Mette").await).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["cpr_masked"], "070761-XXXX");
    assert!(
        !list.to_string().contains("4285"),
        "lists show the number masked"
    );
    let by_cpr = json(app.get(&t, "/api/v1/candidates?q=070761-4285").await).await;
    assert_eq!(
        by_cpr["total"], 1,
        "found by its number through the keyed hash"
    );

    let full = json(app.get(&t, &format!("/api/v1/candidates/{id}")).await).await;
    assert_eq!(
        full["cpr"], "070761-4285",
        "a consultant opening the record sees it"
    );
    {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::access_log;
        let mut conn = app.db.read_conn().expect("conn");
        let n: i64 = access_log::table
            .filter(access_log::candidate_id.eq(&id))
            .filter(access_log::action.eq("open"))
            .count()
            .get_result(&mut conn)
            .expect("count");
        assert_eq!(n, 1, "opening the record is logged");
        let searched: i64 = access_log::table
            .filter(access_log::candidate_id.eq(&id))
            .filter(access_log::action.eq("search"))
            .count()
            .get_result(&mut conn)
            .expect("count");
        assert_eq!(
            searched, 2,
            "so are the search by its number and the registration that found it known (issue #17)"
        );
    }
    let other = app.token(CONSULTANT_B).await;
    assert_eq!(
        app.get(&other, &format!("/api/v1/candidates/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let company = app.token(SIGNATORY_X).await;
    assert_eq!(
        app.get(&company, &format!("/api/v1/candidates/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "not placed with them"
    );
    assert_eq!(
        app.get(&company, "/api/v1/candidates").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn referrals_fill_the_lowest_seat_then_wait_and_move_up() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 2, -10, 200).await;
    let mut ids = Vec::new();
    for i in 0..4 {
        ids.push(candidate(&app, &t, i, "kontanthjaelp").await);
    }
    let r0 = json(app.refer(&t, &contract, &ids[0], 0, 60).await).await;
    assert_eq!(
        (r0["status"].as_str(), r0["seat_no"].as_i64()),
        (Some("placed"), Some(1))
    );
    let r1 = json(app.refer(&t, &contract, &ids[1], 0, 60).await).await;
    assert_eq!(r1["seat_no"], 2);
    let r2 = app.refer(&t, &contract, &ids[2], 10, 40).await;
    assert_eq!(r2.status(), StatusCode::CREATED);
    let r2 = json(r2).await;
    assert_eq!(
        (r2["status"].as_str(), r2["position"].as_i64()),
        (Some("waiting"), Some(1))
    );
    let r3 = json(app.refer(&t, &contract, &ids[3], 20, 50).await).await;
    assert_eq!(r3["position"], 2);

    // The rules, each named.
    let res = app.refer(&t, &contract, &ids[0], 61, 70).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "after the first placement ends"
    );
    let res = app.refer(&t, &contract, &ids[0], 65, 80).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "overlaps the candidate's own placement"
    );
    assert!(json(res).await["fields"]["candidate_id"].is_array());
    let res = app.refer(&t, &contract, &ids[1], 100, 300).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "outside the contract"
    );
    let res = app.refer(&t, &contract, &ids[1], 100, 195).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "longer than 13 weeks of praktik"
    );
    assert!(json(res).await["fields"]["end_date"][0]
        .as_str()
        .unwrap_or("")
        .contains("13 uger"));
    // Starthjælp in match group 2 has the 13 weeks of kontanthjælp (#18.2; it had 4).
    let start_kid = candidate(&app, &t, 10, "starthjaelp").await;
    let res = app.refer(&t, &contract, &start_kid, 100, 140).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "starthjælp, match group 2: 13 weeks of praktik"
    );

    // Ending the first placement early frees seat 1: the first waiting referral that fits moves up.
    let p0 = r0["placement_id"].as_str().expect("id");
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{p0}/end"),
            &json!({"date": day(9), "outcome": "ordinary_job"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ended = json(res).await;
    assert_eq!(ended["status"], "ended");
    assert_eq!(ended["outcome"], "ordinary_job");
    let p2 = json(
        app.get(
            &t,
            &format!(
                "/api/v1/placements/{}",
                r2["placement_id"].as_str().expect("id")
            ),
        )
        .await,
    )
    .await;
    assert_eq!(
        (p2["status"].as_str(), p2["seat_no"].as_i64()),
        (Some("placed"), Some(1))
    );
    let p3 = json(
        app.get(
            &t,
            &format!(
                "/api/v1/placements/{}",
                r3["placement_id"].as_str().expect("id")
            ),
        )
        .await,
    )
    .await;
    assert_eq!(
        (p3["status"].as_str(), p3["position"].as_i64()),
        (Some("waiting"), Some(1)),
        "moved up the list"
    );

    // The second placement began today: it is ended, never cancelled (#18.3). Ending it gives
    // seat 2 from tomorrow to the next in line.
    let p1 = r1["placement_id"].as_str().expect("id");
    let res = app
        .post(&t, &format!("/api/v1/placements/{p1}/cancel"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "it has begun");
    let msg = json(res).await["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(msg.contains("annulleres ikke"), "{msg}");
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{p1}/end"),
            &json!({"date": day(0), "outcome": "other"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p3 = json(
        app.get(
            &t,
            &format!(
                "/api/v1/placements/{}",
                r3["placement_id"].as_str().expect("id")
            ),
        )
        .await,
    )
    .await;
    assert_eq!(p3["seat_no"], 2);

    // Extending checks the seat; the overview shows who sits where.
    let p2_id = r2["placement_id"].as_str().expect("id");
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{p2_id}/extend"),
            &json!({"end_date": day(65)}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "seat 1 is taken from day 61"
    );
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{p2_id}/extend"),
            &json!({"end_date": day(55)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let seats = json(
        app.get(&t, &format!("/api/v1/contracts/{contract}/seats"))
            .await,
    )
    .await;
    assert_eq!(seats["seats"].as_array().map(Vec::len), Some(2));
    let company = app.token(SIGNATORY_X).await;
    let seen = json(
        app.get(&company, &format!("/api/v1/contracts/{contract}/seats"))
            .await,
    )
    .await;
    assert!(
        seen["seats"][0]["placements"][0]["candidate_name"].is_string(),
        "the company sees names"
    );
    assert!(
        !seen.to_string().contains("XXXX") && !seen.to_string().contains("cpr"),
        "and no CPR"
    );
    let other_company = app.token(SIGNATORY_Y).await;
    assert_eq!(
        app.get(
            &other_company,
            &format!("/api/v1/contracts/{contract}/seats")
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let placed_candidate = json(
        app.get(&company, &format!("/api/v1/candidates/{}", ids[2]))
            .await,
    )
    .await;
    assert_eq!(placed_candidate["name"], "Kandidat 2");
    assert!(placed_candidate.get("cpr_masked").is_none() && placed_candidate.get("cpr").is_none());
}

#[actix_web::test]
async fn seats_follow_amendments_and_reductions_are_refused_naming_the_day() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let contract = accepted_contract(&app, 1, -10, 200).await;
    let a = candidate(&app, &t, 1, "kontanthjaelp").await;
    let b = candidate(&app, &t, 2, "kontanthjaelp").await;
    json(app.refer(&t, &contract, &a, 30, 60).await).await;
    let waiting = json(app.refer(&t, &contract, &b, 40, 50).await).await;
    assert_eq!(waiting["status"], "waiting");
    // An amendment with 2 seats from day 20, accepted: the waiting referral moves onto seat 2.
    let res = app
        .post(
            &t,
            &format!("/api/v1/contracts/{contract}/amend"),
            &json!({"effective_from": day(20)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.put(
        &t,
        &format!("/api/v1/contracts/{contract}"),
        None,
        &json!({"seats": 2}),
    )
    .await;
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
    let p = json(
        app.get(
            &t,
            &format!(
                "/api/v1/placements/{}",
                waiting["placement_id"].as_str().expect("id")
            ),
        )
        .await,
    )
    .await;
    assert_eq!(
        (p["status"].as_str(), p["seat_no"].as_i64()),
        (Some("placed"), Some(2))
    );
    // Back to 1 seat from day 45: someone sits on seat 2 that day.
    app.post(
        &t,
        &format!("/api/v1/contracts/{contract}/amend"),
        &json!({"effective_from": day(45)}),
    )
    .await;
    app.put(
        &t,
        &format!("/api/v1/contracts/{contract}"),
        None,
        &json!({"seats": 1}),
    )
    .await;
    let res = app
        .post(
            &t,
            &format!("/api/v1/contracts/{contract}/send"),
            &json!({}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "refused when sent, before the company sees it"
    );
    let msg = json(res).await["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let expected = (today() + Duration::days(45))
        .format("%d-%m-%Y")
        .to_string();
    assert!(msg.contains(&expected), "names the day: {msg}");
    let c = json(app.get(&t, &format!("/api/v1/contracts/{contract}")).await).await;
    assert_eq!(c["draft"]["status"], "draft", "nothing was sent");
    // Terminating before placements end is refused too.
    let res = app
        .post(
            &t,
            &format!("/api/v1/contracts/{contract}/terminate"),
            &json!({"date": day(35), "reason": "Lukker"}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "placements run past the date"
    );
}

#[actix_web::test]
async fn follow_ups_become_due_four_weeks_after_the_end() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 2, -120, 100).await;
    let a = candidate(&app, &t, 1, "kontanthjaelp").await;
    let b = candidate(&app, &t, 2, "kontanthjaelp").await;
    let pa = json(app.refer(&t, &contract, &a, -100, -40).await).await["placement_id"]
        .as_str()
        .expect("id")
        .to_string();
    let pb = json(app.refer(&t, &contract, &b, -50, -10).await).await["placement_id"]
        .as_str()
        .expect("id")
        .to_string();
    let due = json(app.get(&t, "/api/v1/follow-ups/due").await).await;
    let due_ids: Vec<&str> = due
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["placement_id"].as_str())
        .collect();
    assert_eq!(
        due_ids,
        vec![pa.as_str()],
        "only the one that ended more than 4 weeks ago"
    );
    // Ended 10 days ago: the follow-up is four weeks after the end, not before (#18.5).
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{pb}/follow-up"),
            &json!({"self_supporting": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "too early");
    let first_day = virksomhedscenter::ui::format::date(
        virksomhedscenter::clock::today() - Duration::days(10) + Duration::weeks(4),
    );
    let body = json(res).await;
    assert!(
        body["fields"]["self_supporting"][0]
            .as_str()
            .is_some_and(|m| m.contains(&first_day)),
        "names the first allowed day {first_day}: {body}"
    );
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{pa}/follow-up"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{pa}/follow-up"),
            &json!({"self_supporting": false}),
        )
        .await;
    assert_eq!(json(res).await["self_supporting"], false);
    let due = json(app.get(&t, "/api/v1/follow-ups/due").await).await;
    assert_eq!(due.as_array().map(Vec::len), Some(0));
    let company = app.token(SIGNATORY_X).await;
    assert_eq!(
        app.get(&company, "/api/v1/follow-ups/due").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .post(
            &company,
            &format!("/api/v1/placements/{pa}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn suggestions_list_contracts_with_a_free_seat() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let full = accepted_contract(&app, 1, -10, 200).await;
    let open = accepted_contract(&app, 3, -10, 200).await;
    let a = candidate(&app, &t, 1, "kontanthjaelp").await;
    let b = candidate(&app, &t, 2, "kontanthjaelp").await;
    app.refer(&t, &full, &a, 0, 60).await;
    let list = json(
        app.post(
            &t,
            "/api/v1/visitation/suggest",
            &json!({"candidate_id": b, "start_date": day(10), "end_date": day(40)}),
        )
        .await,
    )
    .await;
    let ids: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|s| s["contract_id"].as_str())
        .collect();
    assert_eq!(ids, vec![open.as_str()]);
    let res = app
        .post(
            &t,
            "/api/v1/visitation/suggest",
            &json!({"candidate_id": b}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Fires referrals at a 5-seat contract all at once and checks every day afterwards.
async fn storm(app: &TestApp, bases: &[String]) {
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(app, 5, -1, 120).await;
    let n = 64;
    let mut candidates = Vec::new();
    for i in 0..n {
        candidates.push(candidate(app, &t, i, "kontanthjaelp").await);
    }
    // Overlapping periods of 10 to 50 days within the first 90.
    let periods: Vec<(i64, i64)> = (0..n as i64)
        .map(|i| ((i * 7) % 40, (i * 7) % 40 + 10 + (i * 13) % 41))
        .collect();
    let mut handles = Vec::new();
    for i in 0..n {
        let base = bases[i % bases.len()].clone();
        let (s, e) = periods[i];
        let body = json!({"contract_id": contract, "candidate_id": candidates[i], "offer_type": "virksomhedspraktik",
                          "start_date": day(s), "end_date": day(e)});
        let token = t.clone();
        let http = app.http.clone();
        handles.push(actix_web::rt::spawn(async move {
            let res = http
                .post(format!("{base}/api/v1/referrals"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("referral");
            (res.status(), res.json::<Value>().await.expect("json"))
        }));
    }
    let mut placed = 0;
    for h in handles {
        let (status, body) = h.await.expect("task");
        assert_eq!(status, StatusCode::CREATED, "{body}");
        if body["status"] == "placed" {
            placed += 1;
        }
    }
    assert!(placed >= 5, "at least the free seats were used: {placed}");
    // Day by day: no seat twice, never more than 5; and nobody waits who would fit.
    let seats = json(
        app.get(&t, &format!("/api/v1/contracts/{contract}/seats"))
            .await,
    )
    .await;
    let mut occupied: Vec<(i64, NaiveDate, NaiveDate)> = Vec::new();
    for seat in seats["seats"].as_array().expect("seats") {
        let no = seat["seat_no"].as_i64().expect("no");
        assert!((1..=5).contains(&no));
        for p in seat["placements"].as_array().expect("placements") {
            let s: NaiveDate = p["start_date"].as_str().expect("d").parse().expect("date");
            let e: NaiveDate = p["end_date"].as_str().expect("d").parse().expect("date");
            occupied.push((no, s, e));
        }
    }
    assert_eq!(occupied.len(), placed, "the overview shows every placement");
    let first = today() - Duration::days(1);
    for offset in 0..125 {
        let d = first + Duration::days(offset);
        let on: Vec<i64> = occupied
            .iter()
            .filter(|(_, s, e)| *s <= d && d <= *e)
            .map(|(n, _, _)| *n)
            .collect();
        let mut unique = on.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), on.len(), "a seat double-booked on {d}");
        assert!(on.len() <= 5, "{} placed on {d}", on.len());
    }
    for w in seats["waiting"].as_array().expect("waiting") {
        let s: NaiveDate = w["start_date"].as_str().expect("d").parse().expect("date");
        let e: NaiveDate = w["end_date"].as_str().expect("d").parse().expect("date");
        let free = (1..=5).any(|no| {
            !occupied
                .iter()
                .any(|(n, os, oe)| *n == no && *os <= e && s <= *oe)
        });
        assert!(
            !free,
            "a waiting referral {s}–{e} would have fitted: capacity was left unused"
        );
    }
    assert_eq!(
        placed + seats["waiting"].as_array().map(Vec::len).unwrap_or(0),
        n
    );
}

#[actix_web::test]
async fn simultaneous_referrals_never_overbook() {
    let app = TestApp::spawn().await;
    storm(&app, std::slice::from_ref(&app.base)).await;
}

#[actix_web::test]
async fn simultaneous_referrals_through_two_instances_never_overbook() {
    let app = TestApp::spawn().await;
    if !app.test_db.is_postgres() {
        // Several instances share a database only on PostgreSQL (SQLite is one process).
        eprintln!("two-instance storm runs with TEST_DATABASE_URL (PostgreSQL)");
        return;
    }
    let second = app.spawn_second_instance();
    storm(&app, &[app.base.clone(), second]).await;
}

#[actix_web::test]
async fn an_amendment_that_became_too_small_while_under_review_is_not_accepted() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let contract = accepted_contract(&app, 2, -10, 200).await;
    let a = candidate(&app, &t, 1, "kontanthjaelp").await;
    let b = candidate(&app, &t, 2, "kontanthjaelp").await;
    json(app.refer(&t, &contract, &a, 30, 60).await).await;
    // One seat from day 20 is fine while only one person is placed...
    app.post(
        &t,
        &format!("/api/v1/contracts/{contract}/amend"),
        &json!({"effective_from": day(20)}),
    )
    .await;
    app.put(
        &t,
        &format!("/api/v1/contracts/{contract}"),
        None,
        &json!({"seats": 1}),
    )
    .await;
    let res = app
        .post(
            &t,
            &format!("/api/v1/contracts/{contract}/send"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // ...but a second person is placed while the company reviews it.
    let r = json(app.refer(&t, &contract, &b, 40, 50).await).await;
    assert_eq!(r["seat_no"], 2, "the version in force still has two seats");
    let res = app
        .post(
            &company,
            &format!("/api/v1/contracts/{contract}/accept"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let expected = (today() + Duration::days(40))
        .format("%d-%m-%Y")
        .to_string();
    assert!(json(res).await["message"]
        .as_str()
        .unwrap_or("")
        .contains(&expected));
    let c = json(app.get(&t, &format!("/api/v1/contracts/{contract}")).await).await;
    assert_eq!(c["in_force"]["version"], 1, "nothing was accepted");
    assert_eq!(c["seats"], 2);
}

#[actix_web::test]
async fn hostile_input_is_a_clear_error_and_companies_see_no_outcomes() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 2, -100, 200).await;
    let res = app.post(&t, "/api/v1/candidates", &json!({"cpr": 707614285u64, "name": "Tal", "benefit": "kontanthjaelp", "match_group": 2})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap_or_default();
    assert!(
        body.contains("\"cpr\"") && !body.contains("707614285"),
        "the number is not echoed: {body}"
    );
    for q in ["from=%2B262143-12-31", "to=-5000-01-01"] {
        let res = app
            .get(&t, &format!("/api/v1/contracts/{contract}/seats?{q}"))
            .await;
        assert!(
            matches!(
                res.status(),
                StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST
            ),
            "{q}: {}",
            res.status()
        );
    }
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let res = b
        .get(app.url(&format!("/contracts/{contract}/seats?from=%2B262143-12-31")))
        .send()
        .await
        .expect("page");
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "an unreadable date falls back to today"
    );
    let kid = candidate(&app, &t, 3, "kontanthjaelp").await;
    let placed = json(app.refer(&t, &contract, &kid, -90, -40).await).await;
    let pid = placed["placement_id"].as_str().expect("id").to_string();
    app.post(
        &t,
        &format!("/api/v1/placements/{pid}/end"),
        &json!({"date": day(-50), "outcome": "back_on_benefit"}),
    )
    .await;
    app.post(
        &t,
        &format!("/api/v1/placements/{pid}/follow-up"),
        &json!({"self_supporting": false}),
    )
    .await;
    let company = app.token(SIGNATORY_X).await;
    let seen = json(
        app.get(&company, &format!("/api/v1/placements/{pid}"))
            .await,
    )
    .await;
    assert!(
        seen["outcome"].is_null() && seen["self_supporting"].is_null(),
        "{seen}"
    );
    let mine = json(app.get(&t, &format!("/api/v1/placements/{pid}")).await).await;
    assert_eq!(mine["outcome"], "back_on_benefit");
    let cb = app.browser_logged_in(SIGNATORY_X).await;
    let page = app.html(&cb, &format!("/placements/{pid}")).await;
    assert!(!page.contains("Tilbage på ydelse"));
}

#[actix_web::test]
async fn the_database_itself_refuses_a_double_booking() {
    use diesel::prelude::*;
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 2, -10, 200).await;
    let a = candidate(&app, &t, 1, "kontanthjaelp").await;
    let b = candidate(&app, &t, 2, "kontanthjaelp").await;
    json(app.refer(&t, &contract, &a, 0, 30).await).await;
    let second = json(app.refer(&t, &contract, &b, 10, 40).await).await;
    assert_eq!(second["seat_no"], 2);
    // Bypassing the service: moving the second placement onto seat 1 is refused by the database.
    let mut conn = app.db.write_conn().expect("conn");
    let id = second["placement_id"].as_str().expect("id").to_string();
    let moved = virksomhedscenter::db::write_tx(&mut conn, |conn| {
        diesel::update(virksomhedscenter::db::schema::placements::table.find(&id))
            .set(virksomhedscenter::db::schema::placements::seat_no.eq(Some(1)))
            .execute(conn)
    });
    assert!(moved.is_err(), "two people on seat 1 on overlapping days");
}

#[actix_web::test]
async fn a_placement_carries_its_contracts_jobcenter_and_no_other() {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::{contracts, jobcenters, placements};
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 2, -10, 200).await;
    let a = candidate(&app, &t, 1, "kontanthjaelp").await;
    let placed = json(app.refer(&t, &contract, &a, 0, 30).await).await;
    let id = placed["placement_id"].as_str().expect("id").to_string();
    let mut conn = app.db.write_conn().expect("conn");
    let (kept, own): (String, String) = placements::table
        .inner_join(contracts::table)
        .filter(placements::id.eq(&id))
        .select((placements::jobcenter_id, contracts::jobcenter_id))
        .first(&mut conn)
        .expect("placement");
    assert_eq!(kept, own, "the referral copies the contract's jobcenter");
    let other: String = jobcenters::table
        .filter(jobcenters::id.ne(&own))
        .select(jobcenters::id)
        .first(&mut conn)
        .expect("another jobcenter");
    // Bypassing the service: another jobcenter on the placement is refused by the database.
    let changed = virksomhedscenter::db::write_tx(&mut conn, |conn| {
        diesel::update(placements::table.find(&id))
            .set(placements::jobcenter_id.eq(&other))
            .execute(conn)
    });
    assert!(changed.is_err(), "a placement under another jobcenter");
    let still: String = placements::table
        .find(&id)
        .select(placements::jobcenter_id)
        .first(&mut conn)
        .expect("placement");
    assert_eq!(still, own);
}

#[actix_web::test]
async fn supporting_activities_have_limits() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 2, -10, 200).await;
    let c = candidate(&app, &t, 1, "kontanthjaelp").await;
    let res = app.refer(&t, &contract, &c, 1, 60).await;
    let placement = json(res).await["placement_id"]
        .as_str()
        .expect("placement")
        .to_string();
    let path = format!("/api/v1/placements/{placement}/activities");
    let activity = |description: String| {
        json!({"kind": "exercise", "provider": "Motion", "description": description,
            "minutes_per_week": 60, "cost_ore": 100, "start_date": day(2), "end_date": day(20)})
    };
    let res = app.post(&t, &path, &activity("ø".repeat(2001))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["description"].is_array());
    for i in 0..virksomhedscenter::seats::service::MAX_PERSON_ACTIVITIES {
        let res = app.post(&t, &path, &activity(format!("nr. {i}"))).await;
        assert_eq!(res.status(), StatusCode::CREATED, "activity {i}");
    }
    let res = app.post(&t, &path, &activity("en for meget".into())).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["kind"].is_array());
}

/// #18.4: a waiting referral whose period has begun is never moved onto a freed seat by itself:
/// it stays waiting, the consultant gets an inbox task, and may place it for the remaining days.
#[actix_web::test]
async fn a_begun_period_is_offered_its_remaining_days_never_placed_by_itself() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 1, -30, 100).await;
    let a = candidate(&app, &t, 1, "kontanthjaelp").await;
    let b = candidate(&app, &t, 2, "kontanthjaelp").await;
    let first = json(app.refer(&t, &contract, &a, -10, 5).await).await;
    assert_eq!(first["status"], "placed");
    let waiting = json(app.refer(&t, &contract, &b, -5, 30).await).await;
    assert_eq!(waiting["status"], "waiting");
    let (pa, pb) = (
        first["placement_id"].as_str().expect("id").to_string(),
        waiting["placement_id"].as_str().expect("id").to_string(),
    );
    // The first person stopped yesterday: the seat is free from today, but the waiting period
    // began five days ago.
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{pa}/end"),
            &json!({"date": day(-1), "outcome": "ordinary_job"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p = json(app.get(&t, &format!("/api/v1/placements/{pb}")).await).await;
    assert_eq!(
        p["status"], "waiting",
        "not placed into a begun period: {p}"
    );
    let tasks = json(app.get(&t, "/api/v1/me/tasks").await).await;
    assert!(
        tasks["items"]
            .as_array()
            .expect("tasks")
            .iter()
            .any(|x| x["kind"] == "seat_for_remaining" && x["link"] == format!("/placements/{pb}")),
        "the consultant is told: {tasks}"
    );
    let b_page = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&b_page, &format!("/placements/{pb}")).await;
    assert!(page.contains(&format!("/placements/{pb}/take-remaining")));
    // Taken: placed from today for the rest of the period.
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{pb}/take-remaining"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p = json(res).await;
    assert_eq!(
        (
            p["status"].as_str(),
            p["seat_no"].as_i64(),
            p["start_date"].as_str()
        ),
        (Some("placed"), Some(1), Some(day(0).as_str()))
    );
    assert_eq!(p["end_date"], day(30));
    // Once placed, it cannot be taken again.
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{pb}/take-remaining"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

/// #18.2: praktik lasts 4 weeks, 13 for kontant- and starthjælp recipients in match group 2–3;
/// beyond that only by an extension with a concrete assessment (kept in the history and the
/// audit trail), up to the parameter's 26 weeks in all; stays at one company fewer than 4 weeks
/// apart count as one; løntilskud by the employer's sector.
#[actix_web::test]
async fn durations_follow_the_persons_situation_and_extensions_need_an_assessment() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let admin = app.token(ADMIN).await;
    let contract = accepted_contract(&app, 4, -10, 400).await;
    let refer = |who: String, offer: &'static str, from: i64, to: i64| {
        let app = &app;
        let t = t.clone();
        let contract = contract.clone();
        async move {
            app.post(
                &t,
                "/api/v1/referrals",
                &json!({"contract_id": contract, "candidate_id": who, "offer_type": offer,
                    "start_date": day(from), "end_date": day(to)}),
            )
            .await
        }
    };
    let message = |body: &Value, field: &str| {
        body["fields"][field][0]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    // 13 weeks (91 days) for starthjælp in match group 2; then an extension to 15 weeks needs
    // an assessment, and 27 weeks is beyond even that.
    let s = candidate(&app, &t, 1, "starthjaelp").await;
    let res = refer(s.clone(), "virksomhedspraktik", 0, 90).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let pid = json(res).await["placement_id"]
        .as_str()
        .expect("id")
        .to_string();
    let extend = |end: i64, assessment: &'static str| {
        let app = &app;
        let t = t.clone();
        let pid = pid.clone();
        async move {
            app.post(
                &t,
                &format!("/api/v1/placements/{pid}/extend"),
                &json!({"end_date": day(end), "assessment": assessment}),
            )
            .await
        }
    };
    let res = extend(104, "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await;
    assert!(message(&body, "assessment").contains("13 uger"), "{body}");
    let res = extend(188, "Hun mangler to uger af oplæringen").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&json(res).await, "end_date").contains("26 uger"));
    let res = extend(104, "Hun mangler to uger af oplæringen i butikken").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["end_date"], day(104));
    let audit = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=placement&object_id={pid}&action=extended"),
        )
        .await,
    )
    .await;
    assert!(
        audit["items"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("oplæringen i butikken")),
        "the assessment is in the audit trail: {audit}"
    );

    // Back-to-back stays at the same company count as one: 61 days, 9 days off, 51 days is a
    // stay of 112 days; after 4 weeks off a new stay starts.
    let k = candidate(&app, &t, 2, "kontanthjaelp").await;
    assert_eq!(
        refer(k.clone(), "virksomhedspraktik", 0, 60).await.status(),
        StatusCode::CREATED
    );
    let res = refer(k.clone(), "virksomhedspraktik", 70, 120).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&json(res).await, "end_date").contains("112 dage"));
    assert_eq!(
        refer(k.clone(), "virksomhedspraktik", 90, 130)
            .await
            .status(),
        StatusCode::CREATED,
        "29 days off: a new stay"
    );

    // Løntilskud by sector: 52 weeks at a private employer, 26 at a public one.
    let l = candidate(&app, &t, 3, "kontanthjaelp").await;
    assert_eq!(
        refer(l.clone(), "loentilskud", 0, 364).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "53 weeks"
    );
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/companies/{}", app.seed.company_x),
            &json!({"sector": "public"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = refer(l.clone(), "loentilskud", 0, 190).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&json(res).await, "end_date").contains("26 uger"));
    assert_eq!(
        refer(l, "loentilskud", 0, 181).await.status(),
        StatusCode::CREATED
    );

    // Match group 1: 4 weeks of praktik.
    let mut terms = Terms::days(2, -10, 400).json(&app);
    terms["target_match_group"] = json!(1);
    let mg1 = app.draft_contract_json(&t, &terms).await;
    app.send_and_accept(&t, &mg1).await;
    let res = app
        .post(
            &t,
            "/api/v1/candidates",
            &json!({"cpr": "150575-1234", "name": "Matchgruppe 1", "benefit": "kontanthjaelp", "match_group": 1}),
        )
        .await;
    let one = json(res).await["id"].as_str().expect("id").to_string();
    let refer_mg1 = |to: i64| {
        let app = &app;
        let t = t.clone();
        let body = json!({"contract_id": mg1, "candidate_id": one, "offer_type": "virksomhedspraktik",
            "start_date": day(0), "end_date": day(to)});
        async move { app.post(&t, "/api/v1/referrals", &body).await }
    };
    let res = refer_mg1(28).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&json(res).await, "end_date").contains("4 uger"));
    assert_eq!(refer_mg1(27).await.status(), StatusCode::CREATED);
}

/// #18.1: the rimelighedskrav at a worksite, across contracts and jobcenters, enforced at
/// referral with the headcount declared and in force at the referral's start; a contract names
/// its worksite; the seat page shows the room per month; the draft warns with the same count.
#[actix_web::test]
async fn the_rimelighedskrav_is_enforced_per_worksite_across_jobcenters() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let a = app.token(CONSULTANT_A).await;
    let b = app.token(CONSULTANT_B).await;
    let company = app.token(SIGNATORY_X).await;
    let p = "1003388394";
    let res = app
        .post(
            &admin,
            &format!("/api/v1/companies/{}/worksites", app.seed.company_x),
            &json!({"p_number": p, "name": "Værkstedet", "address": "Vej 3", "postcode": "5500",
                "city": "Middelfart", "ordinary_employees": 10}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // A company with worksites: the contract names one.
    let mut body = Terms::days(5, -10, 200).json(&app);
    let res = app.post(&a, "/api/v1/contracts", &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["worksite_p_number"].is_array());
    body["worksite_p_number"] = json!(p);
    let mut contracts = Vec::new();
    for token in [&a, &b] {
        let id = app.draft_contract_json(token, &body).await;
        if contracts.is_empty() {
            // 10 employees allow 2 persons; the draft has 5 seats: a warning with that count.
            let c = json(app.get(token, &format!("/api/v1/contracts/{id}")).await).await;
            let warnings = c["warnings"].to_string();
            assert!(
                warnings.contains("Rimelighedskravet: 10 ordinært ansatte giver højst 2"),
                "{c}"
            );
        }
        app.send_and_accept(token, &id).await;
        contracts.push(id);
    }
    // One person through each jobcenter, then a third overlapping them is refused from the
    // first day it would make three.
    let x = candidate(&app, &a, 1, "kontanthjaelp").await;
    assert_eq!(
        app.refer(&a, &contracts[0], &x, 0, 60).await.status(),
        StatusCode::CREATED
    );
    let y = app
        .candidate(&b, "020275-1234", "Kandidat B", "kontanthjaelp")
        .await;
    assert_eq!(
        app.refer(&b, &contracts[1], &y, 10, 60).await.status(),
        StatusCode::CREATED
    );
    let z = candidate(&app, &a, 3, "kontanthjaelp").await;
    let res = app.refer(&a, &contracts[0], &z, 5, 30).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let msg = json(res).await["fields"]["start_date"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let first = virksomhedscenter::ui::format::date(today() + Duration::days(10));
    assert!(
        msg.contains("Rimelighedskravet") && msg.contains(&first),
        "{msg}"
    );
    // Before the second person starts there is room; extending into the full days is refused.
    let res = app.refer(&a, &contracts[0], &z, 1, 9).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let pz = json(res).await["placement_id"]
        .as_str()
        .expect("id")
        .to_string();
    let res = app
        .post(
            &a,
            &format!("/api/v1/placements/{pz}/extend"),
            &json!({"end_date": day(15)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["end_date"][0]
        .as_str()
        .is_some_and(|m| m.contains("Rimelighedskravet")));

    // A new headcount, in force from day 40: 25 employees allow 5. The earlier value still
    // judges referrals that start before.
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/companies/{}/worksites/{p}", app.seed.company_x),
            &json!({"ordinary_employees": 25, "effective_from": day(40)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let history = json(res).await;
    assert_eq!(history["headcounts"][0]["ordinary_employees"], 25);
    assert_eq!(history["headcounts"][1]["ordinary_employees"], 10, "kept");
    let w = candidate(&app, &a, 4, "kontanthjaelp").await;
    assert_eq!(
        app.refer(&a, &contracts[0], &w, 30, 50).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "starts before day 40: 2 allowed"
    );
    assert_eq!(
        app.refer(&a, &contracts[0], &w, 40, 50).await.status(),
        StatusCode::CREATED,
        "from day 40: 5 allowed"
    );
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/companies/{}/worksites/{p}", app.seed.company_x),
            &json!({"ordinary_employees": -3}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.patch(
            &company,
            &format!("/api/v1/companies/{}/worksites/{p}", app.seed.company_y),
            &json!({"ordinary_employees": 3}),
        )
        .await
        .status(),
        StatusCode::NOT_FOUND,
        "another company's"
    );

    // The seat page and its API show the room per month.
    let seats = json(
        app.get(&a, &format!("/api/v1/contracts/{}/seats", contracts[0]))
            .await,
    )
    .await;
    let months = seats["headroom"].as_array().expect("headroom");
    let this_month = format!("{}-{:02}", today().year(), today().month());
    let m = months
        .iter()
        .find(|m| m["month"] == this_month.as_str())
        .expect("this month");
    assert_eq!(
        (m["max"].as_i64(), m["ordinary_employees"].as_i64()),
        (Some(2), Some(10))
    );
    assert!(m["free"].as_i64().unwrap_or(9) <= 0, "{m}");
    let browser = app.browser_logged_in(CONSULTANT_A).await;
    let page = app
        .html(&browser, &format!("/contracts/{}/seats", contracts[0]))
        .await;
    assert!(page.contains("Rimelighedskravet på arbejdsstedet"));

    // The company's page declares a new headcount; a wrong number is shown back.
    let admin_page = app.browser_logged_in(ADMIN).await;
    let path = format!("/companies/{}", app.seed.company_x);
    let csrf = app.csrf(&admin_page, &path).await;
    let post = |employees: &'static str| {
        admin_page
            .post(app.url(&format!("{path}/worksites/{p}/headcount")))
            .form(&[
                ("csrf", csrf.as_str()),
                ("ordinary_employees", employees),
                ("effective_from", ""),
            ])
            .send()
    };
    let res = post("mange").await.expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("html").contains("value=\"mange\""));
    let res = post("30").await.expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let sites = json(
        app.get(
            &admin,
            &format!("/api/v1/companies/{}/worksites", app.seed.company_x),
        )
        .await,
    )
    .await;
    assert_eq!(
        sites[0]["ordinary_employees"], 30,
        "in force today: {sites}"
    );
}

#[actix_web::test]
async fn an_outcome_is_stored_as_its_code_and_an_unknown_one_is_a_field_error() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let contract = accepted_contract(&app, 2, 0, 60).await;
    let c = candidate(&app, &t, 1, "kontanthjaelp").await;
    let placed = json(app.refer(&t, &contract, &c, 0, 20).await).await;
    let id = placed["placement_id"].as_str().expect("id");
    let end = format!("/api/v1/placements/{id}/end");
    let res = app
        .post(&t, &end, &json!({"date": day(5), "outcome": "graduated"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await.to_string().contains("outcome"));
    // Spaces around a known code are not part of it: stored as the code, not refused by the
    // database's CHECK as a 500.
    let res = app
        .post(&t, &end, &json!({"date": day(5), "outcome": " education "}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["outcome"], "education");
}
