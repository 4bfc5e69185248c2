//! The task inbox: each role's next things to do, on the home page and at /api/v1/me/tasks.

use chrono::{Datelike, Duration};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    csrf_of, json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X,
    SIGNATORY_Y,
};

fn day(offset: i64) -> String {
    (virksomhedscenter::clock::today() + Duration::days(offset)).to_string()
}

async fn tasks(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let res = app.get(token, "/api/v1/me/tasks").await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = json(res).await;
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| {
            (
                t["kind"].as_str().unwrap_or_default().to_string(),
                t["link"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn kinds(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(k, _)| k.as_str()).collect()
}

async fn contract(app: &TestApp, a: &str, seats: i64, start: i64, end: i64) -> String {
    let terms = Terms {
        mentor_minutes_per_week: 600,
        ..Terms::days(seats, start, end)
    };
    app.draft_contract(a, &terms).await
}

#[actix_web::test]
async fn every_role_sees_what_to_do_next() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let x = app.token(SIGNATORY_X).await;
    let mentor = app.token(MENTOR_X).await;
    assert!(tasks(&app, &a).await.is_empty(), "nothing yet");

    // A sent contract is the signatory's task; asked to change, it is the consultant's.
    let review = contract(&app, &a, 1, 10, 100).await;
    app.post(&a, &format!("/api/v1/contracts/{review}/send"), &json!({}))
        .await;
    let x_tasks = tasks(&app, &x).await;
    assert_eq!(
        x_tasks,
        vec![(
            "contract_to_review".to_string(),
            format!("/contracts/{review}")
        )]
    );
    let inbox = json(app.get(&x, "/api/v1/me/tasks").await).await;
    let title = inbox["items"][0]["title"].as_str().unwrap_or_default();
    assert!(title.ends_with("· ny kontrakt"), "{title}");
    let y = app.token(SIGNATORY_Y).await;
    assert!(
        tasks(&app, &y).await.is_empty(),
        "another company has nothing of X's"
    );
    let res = app
        .post(
            &x,
            &format!("/api/v1/contracts/{review}/request-changes"),
            &json!({"comment": "Færre pladser"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        tasks(&app, &x).await.is_empty(),
        "sent back: no longer the company's"
    );
    assert!(tasks(&app, &a).await.contains(&(
        "changes_requested".to_string(),
        format!("/contracts/{review}")
    )));

    // An accepted one-seat contract that ends within 60 days, two referrals: one waits.
    let running = contract(&app, &a, 1, -30, 40).await;
    app.post(&a, &format!("/api/v1/contracts/{running}/send"), &json!({}))
        .await;
    app.post(
        &x,
        &format!("/api/v1/contracts/{running}/accept"),
        &json!({}),
    )
    .await;
    let mut placements = Vec::new();
    for (i, cpr) in ["010170-1111", "020270-2222"].iter().enumerate() {
        let res = app
            .post(&a, "/api/v1/candidates", &json!({"cpr": cpr, "name": format!("Person {i}"), "benefit": "kontanthjaelp", "match_group": 2}))
            .await;
        let candidate = json(res).await["id"].as_str().expect("id").to_string();
        let res = app
            .post(
                &a,
                "/api/v1/referrals",
                &json!({"contract_id": running, "candidate_id": candidate,
                "offer_type": "virksomhedspraktik", "start_date": day(-28), "end_date": day(30)}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        placements.push(
            json(res).await["placement_id"]
                .as_str()
                .expect("id")
                .to_string(),
        );
    }
    let a_tasks = tasks(&app, &a).await;
    assert!(
        a_tasks.contains(&(
            "contract_ending".to_string(),
            format!("/contracts/{running}")
        )),
        "{a_tasks:?}"
    );
    assert!(
        a_tasks.contains(&(
            "waiting".to_string(),
            format!("/placements/{}", placements[1])
        )),
        "{a_tasks:?}"
    );
    let b = app.token(CONSULTANT_B).await;
    assert!(
        tasks(&app, &b).await.is_empty(),
        "jobcenter B has nothing of A's"
    );

    // The mentor: last week is not submitted; submitted, it is the consultant's to approve.
    let m_tasks = tasks(&app, &mentor).await;
    let today = virksomhedscenter::clock::today();
    let last = (today - Duration::days(7)).iso_week();
    let week = format!("{}-W{:02}", last.year(), last.week());
    let link = format!("/hours?contract_id={running}&week={week}");
    assert!(
        m_tasks.contains(&("week_to_submit".to_string(), link.clone())),
        "{m_tasks:?}"
    );
    let monday = today - Duration::days(7 + i64::from(today.weekday().num_days_from_monday()));
    let res = app
        .post(&mentor, "/api/v1/hours", &json!({"contract_id": running, "date": monday.to_string(), "minutes": 60, "activity": "training"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post(
            &mentor,
            &format!("/api/v1/contracts/{running}/weeks/{week}/submit"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!tasks(&app, &mentor)
        .await
        .contains(&("week_to_submit".to_string(), link.clone())));
    let a_tasks = tasks(&app, &a).await;
    assert!(
        a_tasks.contains(&("week_to_approve".to_string(), link.clone())),
        "{a_tasks:?}"
    );
    // Rejected, it comes back to the mentor as a week to correct.
    let res = app
        .post(
            &a,
            &format!("/api/v1/contracts/{running}/weeks/{week}/reject"),
            &json!({"reason": "Forkert dag"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(tasks(&app, &mentor)
        .await
        .contains(&("week_rejected".to_string(), link.clone())));
    assert!(!kinds(&tasks(&app, &a).await).contains(&"week_to_approve"));

    // Newest first: the list is sorted by when each became a task.
    let res = app.get(&a, "/api/v1/me/tasks").await;
    let v: Value = json(res).await;
    let since: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["since"].as_str())
        .collect();
    let mut sorted = since.clone();
    sorted.sort_by(|p, q| q.cmp(p));
    assert_eq!(since, sorted, "newest first");

    // The home pages show the same list, each task a link with a worded badge.
    let page = app.browser_logged_in(CONSULTANT_A).await;
    let html = page
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Det skal du gøre nu"));
    assert!(html.contains(&format!("href=\"/placements/{}\"", placements[1])));
    assert!(html.contains("På venteliste") && html.contains("Kontrakt udløber"));
    let page = app.browser_logged_in(MENTOR_X).await;
    let html = page
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Uge afvist"), "the mentor's home page");
    let admin = app.token(ADMIN).await;
    assert!(
        tasks(&app, &admin).await.is_empty(),
        "administrators have no inbox"
    );
    let res = app
        .http
        .get(app.url("/api/v1/me/tasks"))
        .send()
        .await
        .expect("anon");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

/// The company's inbox says whether a contract to review is new or a change to one in force.
#[actix_web::test]
async fn a_change_to_a_contract_in_force_is_named_as_such() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let x = app.token(SIGNATORY_X).await;
    let id = app.accepted_contract(&Terms::days(2, -10, 200)).await;
    let consultant_page = app.browser_logged_in(CONSULTANT_A).await;
    let company_page = app.browser_logged_in(SIGNATORY_X).await;
    let heading = |html: &str| {
        let start = html.find("<h1>").expect("the page has a heading");
        let end = html[start..]
            .find("</h1>")
            .map_or(html.len(), |e| start + e);
        html[start..end].to_string()
    };
    let path = format!("/contracts/{id}");
    let h = heading(&app.html(&consultant_page, &path).await);
    assert!(!h.contains("tillæg afventer"), "no amendment yet: {h}");
    let res = app
        .post(
            &a,
            &format!("/api/v1/contracts/{id}/amend"),
            &json!({"effective_from": day(10)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(&a, &format!("/api/v1/contracts/{id}/send"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let inbox = json(app.get(&x, "/api/v1/me/tasks").await).await;
    assert_eq!(inbox["items"][0]["link"], format!("/contracts/{id}"));
    let title = inbox["items"][0]["title"].as_str().unwrap_or_default();
    assert!(title.ends_with("· ændring af kontrakten"), "{title}");
    // The contract's heading says an amendment waits, on both sides.
    for b in [&consultant_page, &company_page] {
        let h = heading(&app.html(b, &path).await);
        assert!(h.contains("tillæg afventer"), "{h}");
    }
}

/// Cancels a placement with its page's form, as the consultant in browser `b`; where it leads.
async fn cancel_on_page(app: &TestApp, b: &reqwest::Client, placement: &str) -> String {
    let path = format!("/placements/{placement}");
    let csrf = csrf_of(&app.html(b, &path).await);
    let res = b
        .post(app.url(&format!("{path}/cancel")))
        .form(&[("csrf", csrf.as_str()), ("confirm", "yes")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    res.headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[actix_web::test]
async fn a_move_up_from_the_waiting_list_is_told_on_the_page_and_in_the_inbox() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    // One seat from day 10; two referrals for the same days: the second waits.
    let id = contract(&app, &a, 1, 10, 100).await;
    app.send_and_accept(&a, &id).await;
    let first = app
        .candidate(&a, "010170-1111", "Første Person", "kontanthjaelp")
        .await;
    let second = app
        .candidate(&a, "020270-2222", "Anden Person", "kontanthjaelp")
        .await;
    let mut placements = Vec::new();
    for candidate in [&first, &second] {
        let res = app.refer(&a, &id, candidate, 20, 60).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        placements.push(
            json(res).await["placement_id"]
                .as_str()
                .expect("id")
                .to_string(),
        );
    }
    assert!(!kinds(&tasks(&app, &a).await).contains(&"moved_up"));

    // The referral that waits is information, not success: the page says it as a notice.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&b, "/?ok=referral_waiting").await;
    assert!(
        page.contains("class=\"flash notice alert alert-info\""),
        "waiting is a notice"
    );
    let page = app.html(&b, "/?ok=placement_ended").await;
    assert!(page.contains("class=\"flash alert alert-success\"") && !page.contains("flash notice"));

    // Cancelling the first (not begun) frees the seat: the second moves up, and the consultant
    // is told on the page they land on and in the inbox.
    let location = cancel_on_page(&app, &b, &placements[0]).await;
    assert!(location.ends_with("ok=seat_moved_up"), "{location}");
    let page = app.html(&b, &location).await;
    assert!(
        page.contains("class=\"flash notice alert alert-info\""),
        "the move-up is a notice"
    );
    let moved = (
        "moved_up".to_string(),
        format!("/placements/{}", placements[1]),
    );
    assert!(tasks(&app, &a).await.contains(&moved));
    let other = app.token(CONSULTANT_B).await;
    assert!(
        !tasks(&app, &other).await.contains(&moved),
        "another jobcenter's"
    );

    // A cancellation that frees nobody's seat is confirmed as usual.
    let third = app
        .candidate(&a, "030370-3333", "Tredje Person", "kontanthjaelp")
        .await;
    let res = app.refer(&a, &id, &third, 70, 80).await;
    let free = json(res).await["placement_id"]
        .as_str()
        .expect("id")
        .to_string();
    let location = cancel_on_page(&app, &b, &free).await;
    assert!(location.ends_with("ok=placement_cancelled"), "{location}");
}

/// A consultant's inbox finds the pending correction of a company their jobcenter contracts
/// with behind more than one chunk of newer corrections of companies it does not (the inbox
/// reads the pending corrections newest first, 500 at a time, and matches each chunk to the
/// jobcenter's contracts), and another jobcenter's consultant does not get it.
#[actix_web::test]
async fn a_correction_is_found_behind_a_chunk_of_other_companies_corrections() {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::company_corrections as cc;
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let b = app.token(CONSULTANT_B).await;
    app.accepted_contract(&Terms::days(1, 10, 100)).await;
    let x = app.token(SIGNATORY_X).await;
    let res = app
        .post(
            &x,
            &format!("/api/v1/companies/{}/corrections", app.seed.company_x),
            &json!({"address": "Ny Havnegade 9", "comment": "Vi er flyttet"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // 600 newer pending corrections of company Y, which no jobcenter contracts with.
    let (company_y, proposer) = (app.seed.company_y.clone(), app.user_id(SIGNATORY_Y));
    let later = chrono::Utc::now().naive_utc() + Duration::minutes(5);
    let mut conn = app.db.write_conn().expect("conn");
    virksomhedscenter::db::write_tx(&mut conn, |conn| {
        for i in 0..600 {
            diesel::insert_into(cc::table)
                .values((
                    cc::id.eq(uuid::Uuid::now_v7().to_string()),
                    cc::company_id.eq(&company_y),
                    cc::proposed_by.eq(&proposer),
                    cc::changes.eq(r#"{"city":{"from":"Middelfart","to":"Odense"}}"#),
                    cc::comment.eq(""),
                    cc::status.eq("pending"),
                    cc::created_at.eq(later + Duration::seconds(i)),
                ))
                .execute(conn)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .expect("corrections of company Y");
    drop(conn);
    let x_link = format!("/companies/{}", app.seed.company_x);
    let of_a = tasks(&app, &a).await;
    assert!(
        of_a.iter()
            .any(|(k, l)| k == "company_correction" && *l == x_link),
        "consultant A gets company X's correction: {of_a:?}"
    );
    assert!(
        !of_a
            .iter()
            .any(|(k, l)| k == "company_correction" && *l != x_link),
        "and no correction of a company jobcenter A does not contract with"
    );
    assert!(
        !kinds(&tasks(&app, &b).await).contains(&"company_correction"),
        "jobcenter B contracts with neither company"
    );
}

/// The home page shows the first few tasks of each kind and links to the task list for the
/// rest (#23: it read and drew up to 50 of every kind on every visit); the task list and the
/// API list them all. Seven accepted contracts ending within 60 days: the five ending first on
/// the home page, all seven on /tasks.
#[actix_web::test]
async fn the_home_page_shows_the_first_of_each_kind_and_the_task_list_the_rest() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    // tasks::pages::HOME_PER_KIND (the module is the crate's own).
    let shown = 5;
    let mut ending = Vec::new();
    for i in 0..(shown as i64 + 2) {
        let terms = Terms {
            mentor_minutes_per_week: 600,
            ..Terms::days(1, -30, 10 + i)
        };
        ending.push(app.accepted_contract(&terms).await);
    }
    let api = tasks(&app, &a).await;
    for id in &ending {
        assert!(
            api.contains(&("contract_ending".to_string(), format!("/contracts/{id}"))),
            "the API lists every one: {api:?}"
        );
    }
    let page = app.browser_logged_in(CONSULTANT_A).await;
    let html = |path: &'static str| {
        let page = page.clone();
        let url = app.url(path);
        async move {
            let res = page.get(url).send().await.expect("page");
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            res.text().await.expect("html")
        }
    };
    let home = html("/").await;
    let link = |id: &str| format!("href=\"/contracts/{id}\"");
    // The five that end first (the most pressing), not the two that end last.
    for (i, id) in ending.iter().enumerate() {
        assert_eq!(
            home.contains(&link(id)),
            i < shown,
            "contract ending {i}th on the home page"
        );
    }
    assert!(home.contains("href=\"/tasks\""), "a link to the rest");
    assert!(
        home.contains(&format!("({shown}+)")),
        "the count says there are more"
    );
    let list = html("/tasks").await;
    for id in &ending {
        assert!(list.contains(&link(id)), "the task list has every one");
    }
    assert!(list.contains("Alle opgaver") && !list.contains("href=\"/tasks\""));

    // With no kind over the cap, the home page has no link to the list.
    let b = app.browser_logged_in(CONSULTANT_B).await;
    let other = b
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("html");
    assert!(!other.contains("href=\"/tasks\""), "nothing more to see");
    // Signed out, the task list asks for a login.
    let res = app.http.get(app.url("/tasks")).send().await.expect("anon");
    assert!(res.status().is_redirection(), "{}", res.status());
}
