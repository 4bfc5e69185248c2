//! Contracts through the API: drafting, review, versions, amendments, termination, access.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    json, TestApp, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X, SIGNATORY_Y,
};

fn day(offset: i64) -> String {
    (virksomhedscenter::clock::today() + Duration::days(offset)).to_string()
}

fn draft_body(app: &TestApp, start: i64, end: i64) -> Value {
    json!({
        "company_id": app.seed.company_x,
        "mentor_id": app.user_id(MENTOR_X),
        "seats": 4,
        "offer_types": ["virksomhedspraktik", "loentilskud"],
        "start_date": day(start),
        "end_date": day(end),
        "mentor_minutes_per_week": 180,
        "mentor_rate_ore": 20000,
        "activities": [
            {"kind": "danish_lessons", "provider": "Sprogcenter Fyn", "minutes_per_week": 240, "cost_ore": 1200000},
            {"kind": "exercise", "provider": "Middelfart Fitness", "minutes_per_week": 60, "cost_ore": 300000}
        ]
    })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = app.post(token, "/api/v1/contracts", body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    json(res).await
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> reqwest::Response {
    app.post(token, &format!("/api/v1/contracts/{id}/{action}"), &body)
        .await
}

#[actix_web::test]
async fn a_contract_is_drafted_sent_returned_changed_and_accepted() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let c = create(&app, &consultant, &draft_body(&app, -10, 355)).await;
    let id = c["id"].as_str().expect("id").to_string();
    assert_eq!(c["status"], "draft");
    assert_eq!(c["jobcenter_id"], app.seed.jobcenter_a.as_str());
    assert_eq!(
        c["consultant_id"],
        app.user_id(CONSULTANT_A).as_str(),
        "the creator is the consultant"
    );
    assert_eq!(c["draft"]["version"], 1);
    assert_eq!(c["draft"]["terms"]["seats"], 4);
    assert_eq!(
        c["draft"]["terms"]["ordinary_employees"], 200,
        "taken from the company"
    );
    assert_eq!(
        c["draft"]["terms"]["activities"].as_array().map(Vec::len),
        Some(2)
    );
    assert!(c["in_force"].is_null());

    // The company does not see a draft that was never sent.
    assert_eq!(
        app.get(&company, &format!("/api/v1/contracts/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        json(app.get(&company, "/api/v1/contracts").await).await["total"],
        0
    );
    let res = act(&app, &company, &id, "accept", json!({})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = act(&app, &consultant, &id, "send", json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["status"], "sent");
    let res = act(&app, &consultant, &id, "send", json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "sending twice");
    assert!(
        json(res).await["message"]
            .as_str()
            .unwrap_or("")
            .contains("sendt"),
        "the state is named"
    );
    let res = app
        .put(
            &consultant,
            &format!("/api/v1/contracts/{id}"),
            None,
            &json!({"seats": 5}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "a sent draft is locked");

    let list = json(app.get(&company, "/api/v1/contracts").await).await;
    assert_eq!(list["total"], 1);
    let diff = json(
        app.get(&company, &format!("/api/v1/contracts/{id}/diff"))
            .await,
    )
    .await;
    assert!(diff["against_version"].is_null());
    assert!(
        diff["changes"].as_array().map(Vec::len).unwrap_or(0) > 5,
        "a first version shows every term"
    );

    let res = act(&app, &company, &id, "request-changes", json!({})).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a comment is needed"
    );
    let res = act(
        &app,
        &company,
        &id,
        "request-changes",
        json!({"comment": "Vi kan kun have 3 pladser"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let c = json(res).await;
    assert_eq!(c["status"], "changes_requested");
    assert_eq!(c["draft"]["company_comment"], "Vi kan kun have 3 pladser");
    let revision = c["revision"].as_i64().expect("revision");

    let stale = app
        .put(
            &consultant,
            &format!("/api/v1/contracts/{id}"),
            Some(revision - 1),
            &json!({"seats": 3}),
        )
        .await;
    assert_eq!(
        stale.status(),
        StatusCode::CONFLICT,
        "a stale revision overwrites nothing"
    );
    let fresh = app
        .put(
            &consultant,
            &format!("/api/v1/contracts/{id}"),
            Some(revision),
            &json!({"seats": 3}),
        )
        .await;
    assert_eq!(fresh.status(), StatusCode::OK);
    let c = json(fresh).await;
    assert_eq!(c["draft"]["terms"]["seats"], 3);
    assert_eq!(c["revision"], revision + 1);
    assert!(
        c["warnings"][0].as_str().unwrap_or("").contains("Under 4"),
        "{}",
        c["warnings"]
    );

    // While the consultant changes it, the company sees the version as it sent it back, and
    // not yet what is being changed; the consultant sees the change.
    let seen = json(app.get(&company, &format!("/api/v1/contracts/{id}")).await).await;
    assert_eq!(seen["draft"]["terms"]["seats"], 4, "no edits in progress");
    let v1 = json(
        app.get(&company, &format!("/api/v1/contracts/{id}/versions/1"))
            .await,
    )
    .await;
    assert_eq!(v1["terms"]["seats"], 4, "nor through the versions");
    let diff = json(
        app.get(&company, &format!("/api/v1/contracts/{id}/diff"))
            .await,
    )
    .await;
    assert!(diff["since_returned"].is_null(), "{diff}");
    let diff = json(
        app.get(&consultant, &format!("/api/v1/contracts/{id}/diff"))
            .await,
    )
    .await;
    assert_eq!(diff["since_returned"][0]["field"], "seats");

    let c = json(act(&app, &consultant, &id, "send", json!({})).await).await;

    // Resent, the company reviews only what changed since it sent the draft back.
    let diff = json(
        app.get(&company, &format!("/api/v1/contracts/{id}/diff"))
            .await,
    )
    .await;
    let since = diff["since_returned"].as_array().expect("since_returned");
    assert_eq!(since.len(), 1, "{since:?}");
    assert_eq!(since[0]["field"], "seats");
    assert_eq!(since[0]["from"], "4");
    assert_eq!(since[0]["to"], "3");
    assert_eq!(
        c["draft"]["round"], 2,
        "a resend is the next round of the same version"
    );
    assert_eq!(c["draft"]["version"], 1);

    let res = act(&app, &consultant, &id, "accept", json!({})).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "only the company accepts"
    );
    let res = act(&app, &company, &id, "accept", json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let accepted = json(res).await;
    assert_eq!(accepted["version"], 1);
    assert_eq!(accepted["status"], "accepted");
    let hash = accepted["content_hash"].as_str().expect("hash").to_string();
    assert_eq!(hash.len(), 64);
    assert_eq!(accepted["accepted_by"], app.user_id(SIGNATORY_X).as_str());

    let c = json(
        app.get(&consultant, &format!("/api/v1/contracts/{id}"))
            .await,
    )
    .await;
    assert_eq!(
        c["status"], "active",
        "accepted and today is inside the period"
    );
    assert_eq!(c["in_force"]["content_hash"], hash.as_str());
    assert!(c["draft"].is_null());
    let v1 = json(
        app.get(&consultant, &format!("/api/v1/contracts/{id}/versions/1"))
            .await,
    )
    .await;
    assert_eq!(
        v1["content_hash"],
        hash.as_str(),
        "the hash stays as accepted"
    );

    let actions: Vec<String> = c["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        actions,
        [
            "create",
            "send",
            "request_changes",
            "edit",
            "send",
            "accept"
        ]
    );
    assert_eq!(c["events"][5]["from_status"], "sent");
    assert_eq!(c["events"][5]["to_status"], "active");
}

#[actix_web::test]
async fn the_hash_changes_with_the_content() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let mut hashes = Vec::new();
    for seats in [4, 5] {
        let mut body = draft_body(&app, 30, 400);
        body["seats"] = json!(seats);
        let id = create(&app, &consultant, &body).await["id"]
            .as_str()
            .expect("id")
            .to_string();
        act(&app, &consultant, &id, "send", json!({})).await;
        let v = json(act(&app, &company, &id, "accept", json!({})).await).await;
        hashes.push(v["content_hash"].as_str().expect("hash").to_string());
        let c = json(app.get(&company, &format!("/api/v1/contracts/{id}")).await).await;
        assert_eq!(c["status"], "accepted", "accepted before the period starts");
    }
    assert_ne!(hashes[0], hashes[1]);
}

#[actix_web::test]
async fn an_amendment_is_a_new_version_the_company_reviews_as_a_difference() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let id = create(&app, &consultant, &draft_body(&app, -30, 300)).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    act(&app, &consultant, &id, "send", json!({})).await;
    let v1 = json(act(&app, &company, &id, "accept", json!({})).await).await;

    let res = act(
        &app,
        &consultant,
        &id,
        "amend",
        json!({"effective_from": day(-40)}),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "before the version in force"
    );
    let res = act(&app, &consultant, &id, "amend", json!({})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = act(
        &app,
        &consultant,
        &id,
        "amend",
        json!({"effective_from": day(10)}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let c = json(res).await;
    assert_eq!(c["status"], "active");
    assert_eq!(c["draft"]["version"], 2);
    assert_eq!(c["draft"]["status"], "draft");
    assert_eq!(c["in_force"]["version"], 1);
    let res = act(
        &app,
        &consultant,
        &id,
        "amend",
        json!({"effective_from": day(20)}),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "one amendment at a time"
    );

    let res = app
        .put(
            &consultant,
            &format!("/api/v1/contracts/{id}"),
            None,
            &json!({"seats": 6, "mentor_minutes_per_week": 300}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    act(&app, &consultant, &id, "send", json!({})).await;
    let diff = json(
        app.get(&company, &format!("/api/v1/contracts/{id}/diff"))
            .await,
    )
    .await;
    assert_eq!(diff["against_version"], 1);
    assert_eq!(diff["draft_version"], 2);
    let changes = diff["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[0]["label"], "Pladser");
    assert_eq!(
        (changes[0]["from"].as_str(), changes[0]["to"].as_str()),
        (Some("4"), Some("6"))
    );
    assert_eq!(changes[1]["from"], "3 t");
    assert_eq!(changes[1]["to"], "5 t");

    let v2 = json(act(&app, &company, &id, "accept", json!({})).await).await;
    assert_eq!(v2["version"], 2);
    assert_ne!(v2["content_hash"], v1["content_hash"]);
    let again = json(
        app.get(&company, &format!("/api/v1/contracts/{id}/versions/1"))
            .await,
    )
    .await;
    assert_eq!(
        again["terms"]["seats"], 4,
        "an accepted version is never changed"
    );
    assert_eq!(again["content_hash"], v1["content_hash"]);
    let c = json(app.get(&company, &format!("/api/v1/contracts/{id}")).await).await;
    assert_eq!(
        c["in_force"]["version"], 1,
        "version 2 takes effect in ten days"
    );
    assert_eq!(c["seats"], 6, "the latest accepted terms");
    let versions = json(
        app.get(&company, &format!("/api/v1/contracts/{id}/versions"))
            .await,
    )
    .await;
    assert_eq!(versions.as_array().map(Vec::len), Some(2));
}

#[actix_web::test]
async fn withdraw_and_terminate() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let id = create(&app, &consultant, &draft_body(&app, -30, 300)).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let res = act(&app, &consultant, &id, "withdraw", json!({})).await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "only a sent draft is withdrawn"
    );
    act(&app, &consultant, &id, "send", json!({})).await;
    let c = json(act(&app, &consultant, &id, "withdraw", json!({})).await).await;
    assert_eq!(c["status"], "draft");
    let res = app
        .put(
            &consultant,
            &format!("/api/v1/contracts/{id}"),
            None,
            &json!({"goals": "Flere i job"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "withdrawn: editable again");
    let res = act(
        &app,
        &consultant,
        &id,
        "terminate",
        json!({"date": day(0), "reason": "x"}),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "a draft is not terminated"
    );
    act(&app, &consultant, &id, "send", json!({})).await;
    act(&app, &company, &id, "accept", json!({})).await;
    let res = act(&app, &consultant, &id, "terminate", json!({"date": day(0)})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["reason"].is_array());
    let res = act(
        &app,
        &consultant,
        &id,
        "terminate",
        json!({"date": day(400), "reason": "Lukket"}),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "after the period"
    );
    let mentor = app.token(MENTOR_X).await;
    let res = act(
        &app,
        &mentor,
        &id,
        "terminate",
        json!({"date": day(0), "reason": "Lukket"}),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "the parties terminate, not the mentor"
    );
    let c = json(
        act(
            &app,
            &consultant,
            &id,
            "terminate",
            json!({"date": day(0), "reason": "Virksomheden lukker afdelingen"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["status"], "terminated");
    assert_eq!(c["terminated_on"], day(0).as_str());
    assert_eq!(c["end_date"], day(0).as_str());
    let res = act(
        &app,
        &consultant,
        &id,
        "amend",
        json!({"effective_from": day(1)}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(json(res).await["message"]
        .as_str()
        .unwrap_or("")
        .contains("opsagt"));
    let list = json(
        app.get(&consultant, "/api/v1/contracts?status=terminated")
            .await,
    )
    .await;
    assert_eq!(list["total"], 1);
    let list = json(
        app.get(&consultant, "/api/v1/contracts?status=active")
            .await,
    )
    .await;
    assert_eq!(list["total"], 0);
    let res = app
        .get(&consultant, "/api/v1/contracts?status=nonsense")
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn drafts_are_validated_with_field_errors() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let mut body = draft_body(&app, 10, 5);
    body["seats"] = json!(0);
    body["mentor_rate_ore"] = json!(-5);
    body["mentor_id"] = json!(app.user_id(CONSULTANT_A));
    let res = app.post(&consultant, "/api/v1/contracts", &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    for f in ["seats", "end_date", "mentor_rate_ore"] {
        assert!(fields[f].is_array(), "{f}: {fields}");
    }
    let mut body = draft_body(&app, 10, 50);
    body["mentor_id"] = json!(app.user_id(CONSULTANT_A));
    let res = app.post(&consultant, "/api/v1/contracts", &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(res).await["fields"]["mentor_id"].is_array(),
        "the mentor must be the company's mentor"
    );
    let mut body = draft_body(&app, 10, 50);
    body["company_id"] = json!(app.seed.company_y);
    let res = app.post(&consultant, "/api/v1/contracts", &body).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "company X's mentor for company Y"
    );
    let mut body = draft_body(&app, 10, 50);
    body["consultant_id"] = json!(app.user_id(CONSULTANT_B));
    let res = app.post(&consultant, "/api/v1/contracts", &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["consultant_id"].is_array());
    let mut body = draft_body(&app, 10, 50);
    body["seats"] = json!("four");
    let res = app.post(&consultant, "/api/v1/contracts", &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await;
    assert!(body["fields"]["seats"].is_array(), "{body}");
}

#[actix_web::test]
async fn each_role_sees_only_its_own_contracts() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let id = create(&app, &consultant, &draft_body(&app, -10, 300)).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let other_consultant = app.token(CONSULTANT_B).await;
    let mentor = app.token(MENTOR_X).await;
    let other_company = app.token(SIGNATORY_Y).await;
    let path = format!("/api/v1/contracts/{id}");
    assert_eq!(
        app.get(&other_consultant, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&mentor, &path).await.status(),
        StatusCode::NOT_FOUND,
        "a draft is the consultant's"
    );
    assert_eq!(
        json(app.get(&other_consultant, "/api/v1/contracts").await).await["total"],
        0
    );
    let res = act(&app, &other_consultant, &id, "send", json!({})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    act(&app, &consultant, &id, "send", json!({})).await;
    assert_eq!(
        app.get(&mentor, &path).await.status(),
        StatusCode::OK,
        "the mentor reads a sent contract"
    );
    assert_eq!(
        app.get(&other_company, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        json(app.get(&other_company, "/api/v1/contracts").await).await["total"],
        0
    );
    for action in ["accept", "withdraw", "request-changes"] {
        let res = act(&app, &mentor, &id, action, json!({"comment": "x"})).await;
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "a mentor only reads ({action})"
        );
    }
    let res = app
        .post(&mentor, "/api/v1/contracts", &draft_body(&app, 1, 100))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    for p in ["/versions", "/versions/1", "/diff"] {
        let res = app.get(&other_company, &format!("{path}{p}")).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{p}");
    }
}

/// Every transition, tried by every role in the state that allows it: only the right role
/// succeeds; the others get 403 (may see, may not act) or 404 (may not see).
#[actix_web::test]
async fn each_transition_is_allowed_only_to_its_role() {
    use crate::helpers::ADMIN;
    let app = TestApp::spawn().await;
    let tokens = [
        ("admin", app.token(ADMIN).await),
        ("consultant_a", app.token(CONSULTANT_A).await),
        ("consultant_b", app.token(CONSULTANT_B).await),
        ("company_x", app.token(SIGNATORY_X).await),
        ("company_y", app.token(SIGNATORY_Y).await),
        ("mentor_x", app.token(MENTOR_X).await),
    ];
    let consultant = tokens[1].1.clone();
    let company = tokens[3].1.clone();
    // (action, body, the state to prepare: how many steps of send/accept, the allowed role)
    let cases: [(&str, Value, &str, &str); 6] = [
        ("send", json!({}), "draft", "consultant_a"),
        ("withdraw", json!({}), "sent", "consultant_a"),
        ("accept", json!({}), "sent", "company_x"),
        (
            "request-changes",
            json!({"comment": "Ret pladserne"}),
            "sent",
            "company_x",
        ),
        (
            "amend",
            json!({"effective_from": day(5)}),
            "accepted",
            "consultant_a",
        ),
        (
            "terminate",
            json!({"date": day(1), "reason": "Lukker"}),
            "accepted",
            "consultant_a",
        ),
    ];
    for (action, body, state, allowed) in cases {
        let id = create(&app, &consultant, &draft_body(&app, -10, 300)).await["id"]
            .as_str()
            .expect("id")
            .to_string();
        if state != "draft" {
            act(&app, &consultant, &id, "send", json!({})).await;
        }
        if state == "accepted" {
            act(&app, &company, &id, "accept", json!({})).await;
        }
        for (role, token) in &tokens {
            // The company's signatory terminates too, with the contract's notice:
            // `the_company_gives_notice_as_its_contract_says`.
            if *role == allowed || (action == "terminate" && *role == "company_x") {
                continue;
            }
            let res = act(&app, token, &id, action, body.clone()).await;
            let status = res.status();
            assert!(
                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                "{role} may not {action} ({state}): {status}"
            );
        }
        let token = &tokens.iter().find(|(r, _)| *r == allowed).expect("role").1;
        let res = act(&app, token, &id, action, body.clone()).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{allowed} may {action} ({state})"
        );
        let res = act(&app, token, &id, action, body.clone()).await;
        assert!(
            matches!(
                res.status(),
                StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY
            ),
            "{action} twice is refused by the state: {}",
            res.status()
        );
    }
    // Editing the draft: only the consultants of the contract's jobcenter.
    let id = create(&app, &consultant, &draft_body(&app, -10, 300)).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    for (role, token) in &tokens {
        let res = app
            .put(
                token,
                &format!("/api/v1/contracts/{id}"),
                None,
                &json!({"goals": role}),
            )
            .await;
        let expected = if *role == "consultant_a" {
            StatusCode::OK
        } else if *role == "admin" {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(res.status(), expected, "{role} editing a draft");
    }
}

#[actix_web::test]
async fn an_unsent_amendment_is_the_consultants_own() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let mentor = app.token(MENTOR_X).await;
    let id = create(&app, &consultant, &draft_body(&app, -30, 300)).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    act(&app, &consultant, &id, "send", json!({})).await;
    act(&app, &company, &id, "accept", json!({})).await;
    act(
        &app,
        &consultant,
        &id,
        "amend",
        json!({"effective_from": day(10)}),
    )
    .await;
    app.put(
        &consultant,
        &format!("/api/v1/contracts/{id}"),
        None,
        &json!({"seats": 9, "goals": "hemmelig"}),
    )
    .await;
    for token in [&company, &mentor] {
        let c = json(app.get(token, &format!("/api/v1/contracts/{id}")).await).await;
        assert!(c["draft"].is_null(), "{c}");
        assert!(c["warnings"].as_array().is_some_and(|w| w.is_empty()));
        assert!(!c.to_string().contains("hemmelig"));
        let versions = json(
            app.get(token, &format!("/api/v1/contracts/{id}/versions"))
                .await,
        )
        .await;
        assert_eq!(versions.as_array().map(Vec::len), Some(1));
        assert_eq!(
            app.get(token, &format!("/api/v1/contracts/{id}/versions/2"))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        let diff = json(
            app.get(token, &format!("/api/v1/contracts/{id}/diff"))
                .await,
        )
        .await;
        assert_eq!(diff["changes"].as_array().map(Vec::len), Some(0));
    }
    let b = app.browser_logged_in(SIGNATORY_X).await;
    let page = app.html(&b, &format!("/contracts/{id}")).await;
    assert!(!page.contains("hemmelig"));
    let print = b
        .get(app.url(&format!("/contracts/{id}/print?version=2")))
        .send()
        .await
        .expect("page");
    assert_eq!(print.status(), StatusCode::NOT_FOUND);
    // Once sent, the company sees it.
    act(&app, &consultant, &id, "send", json!({})).await;
    let c = json(app.get(&company, &format!("/api/v1/contracts/{id}")).await).await;
    assert_eq!(c["draft"]["terms"]["goals"], "hemmelig");
}

#[actix_web::test]
async fn the_stored_hash_is_the_sha256_of_the_accepted_content() {
    use sha2::{Digest, Sha256};
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let id = create(&app, &consultant, &draft_body(&app, 30, 400)).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    act(&app, &consultant, &id, "send", json!({})).await;
    let v = json(act(&app, &company, &id, "accept", json!({})).await).await;
    let content: String = {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::contract_versions;
        let mut conn = app.db.read_conn().expect("conn");
        contract_versions::table
            .find((&id, 1))
            .select(contract_versions::accepted_content)
            .first::<Option<String>>(&mut conn)
            .expect("row")
            .expect("content")
    };
    assert_eq!(
        v["content_hash"].as_str(),
        Some(hex::encode(Sha256::digest(content.as_bytes())).as_str())
    );
    assert!(
        content.contains("\"seats\":4") && content.contains(&id) && content.contains("13585628")
    );
}

#[actix_web::test]
async fn a_transition_with_a_stale_revision_is_refused() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let c = create(&app, &consultant, &draft_body(&app, 30, 400)).await;
    let id = c["id"].as_str().expect("id").to_string();
    let rev = c["revision"].as_i64().expect("revision");
    app.put(
        &consultant,
        &format!("/api/v1/contracts/{id}"),
        Some(rev),
        &json!({"seats": 5}),
    )
    .await;
    let res = app
        .http
        .post(app.url(&format!("/api/v1/contracts/{id}/send")))
        .bearer_auth(&consultant)
        .header("if-match", rev.to_string())
        .send()
        .await
        .expect("send");
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "sent on a revision that was changed since"
    );
    let c = json(
        app.get(&consultant, &format!("/api/v1/contracts/{id}"))
            .await,
    )
    .await;
    assert_eq!(c["status"], "draft");
}

#[actix_web::test]
async fn the_company_gives_notice_as_its_contract_says() {
    let app = TestApp::spawn().await;
    let consultant = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let mut body = draft_body(&app, -30, 300);
    body["notice_days"] = json!(30);
    let id = create(&app, &consultant, &body).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    act(&app, &consultant, &id, "send", json!({})).await;
    assert_eq!(
        act(&app, &company, &id, "accept", json!({})).await.status(),
        StatusCode::OK
    );
    // Before the notice has run: refused, naming the field and the earliest day.
    let res = act(
        &app,
        &company,
        &id,
        "terminate",
        json!({"date": day(29), "reason": "Vi lukker afdelingen"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = json(res).await;
    let msg = err["fields"]["date"][0]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let earliest = chrono::NaiveDate::parse_from_str(&day(30), "%Y-%m-%d")
        .expect("date")
        .format("%d-%m-%Y")
        .to_string();
    assert!(msg.contains("30 dages") && msg.contains(&earliest), "{err}");
    // Another company's signatory cannot see it at all.
    let other = app.token(SIGNATORY_Y).await;
    let res = act(
        &app,
        &other,
        &id,
        "terminate",
        json!({"date": day(60), "reason": "x"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // With the notice: terminated, and the consultant is told by mail.
    let c = json(
        act(
            &app,
            &company,
            &id,
            "terminate",
            json!({"date": day(30), "reason": "Vi lukker afdelingen"}),
        )
        .await,
    )
    .await;
    assert_eq!(c["status"], "terminated", "{c}");
    assert_eq!(c["terminated_on"], day(30).as_str());
    let mails = crate::mail::mails(&app);
    let told: Vec<_> = mails
        .iter()
        .filter(|m| m.1 == "contract_terminated")
        .map(|m| m.0.as_str())
        .collect();
    assert_eq!(
        told,
        [CONSULTANT_A],
        "the consultant, not the signatory who acted"
    );

    // The page offers the signatory "Opsig" with the earliest day as the date's hint.
    let b = app.browser_logged_in(SIGNATORY_X).await;
    let mut body = draft_body(&app, -30, 300);
    body["notice_days"] = json!(14);
    let second = create(&app, &consultant, &body).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    act(&app, &consultant, &second, "send", json!({})).await;
    act(&app, &company, &second, "accept", json!({})).await;
    let html = app.html(&b, &format!("/contracts/{second}")).await;
    assert!(
        html.contains(&format!("/contracts/{second}/terminate")),
        "{html}"
    );
    assert!(html.contains("14 dages varsel"), "{html}");
}
