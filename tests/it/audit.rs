//! The audit trail (administrators) and the CPR access log (administrators and the jobcenter's
//! data-protection officer), through the API and the pages.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X,
};

/// A sent and accepted contract, a candidate placed in it and opened by consultant A.
async fn history(app: &TestApp) -> (String, String) {
    let a = app.token(CONSULTANT_A).await;
    let contract = app.accepted_contract(&Terms::days(2, -10, 200)).await;
    let candidate = app
        .candidate(&a, "050580-1234", "Lise Logget", "kontanthjaelp")
        .await;
    let res = app.refer(&a, &contract, &candidate, 1, 60).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .get(&a, &format!("/api/v1/candidates/{candidate}"))
        .await;
    assert_eq!(
        json(res).await["cpr"],
        "050580-1234",
        "the read that is logged"
    );
    (contract, candidate)
}

/// Every action in a page of the trail has its Danish words on the page.
fn assert_labelled(list: &Value) {
    use virksomhedscenter::texts::audit::ACTIONS;
    for i in list["items"].as_array().expect("items") {
        let action = i["action"].as_str().unwrap_or_default();
        assert!(
            ACTIONS.iter().any(|(code, _)| *code == action),
            "{action} has no Danish label"
        );
    }
}

fn actions(list: &Value) -> Vec<String> {
    assert_labelled(list);
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["object_type"].as_str().unwrap_or(""),
                i["action"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[actix_web::test]
async fn administrators_read_and_filter_the_audit_trail() {
    let app = TestApp::spawn().await;
    // The administrator logs in first: a login is a line of the trail too.
    let admin = app.token(ADMIN).await;
    let (contract, candidate) = history(&app).await;

    let all = json(app.get(&admin, "/api/v1/audit").await).await;
    let seen = actions(&all);
    for expected in [
        "contract send",
        "contract accept",
        "placement referred",
        "candidate cpr_open",
    ] {
        assert!(seen.iter().any(|s| s == expected), "{expected} in {seen:?}");
    }
    let newest = &all["items"][0];
    assert_eq!(newest["action"], "cpr_open", "newest first");
    assert_eq!(newest["object_id"], candidate.as_str());

    let accepted = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=contract&object_id={contract}&action=accept"),
        )
        .await,
    )
    .await;
    assert_eq!(accepted["total"], 1);
    assert_eq!(accepted["items"][0]["actor_email"], SIGNATORY_X);

    let by_user = json(app.get(&admin, "/api/v1/audit?user=underskriver").await).await;
    assert!(by_user["total"].as_i64().unwrap_or(0) >= 1);
    for item in by_user["items"].as_array().expect("items") {
        assert_eq!(
            item["actor_email"], SIGNATORY_X,
            "only the signatory's lines"
        );
    }
    let today = virksomhedscenter::clock::today();
    let old = (today - Duration::days(30)).format("%d-%m-%Y").to_string();
    let none = json(
        app.get(&admin, &format!("/api/v1/audit?from={old}&to={old}"))
            .await,
    )
    .await;
    assert_eq!(none["total"], 0, "nothing happened a month ago");
    let paged = json(app.get(&admin, "/api/v1/audit?per_page=1&page=2").await).await;
    assert_eq!(paged["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        paged["items"][0]["id"], all["items"][1]["id"],
        "the second page"
    );

    for (query, field) in [
        ("from=31-02-2026", "from"),
        ("from=2026-05-01&to=2026-04-01", "to"),
        ("object_type=nothing", "object_type"),
        ("per_page=1000", "per_page"),
    ] {
        let res = app.get(&admin, &format!("/api/v1/audit?{query}")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(
            json(res).await["fields"][field].is_array(),
            "{query} names {field}"
        );
    }
    for who in [CONSULTANT_A, SIGNATORY_X, MENTOR_X] {
        let t = app.token(who).await;
        assert_eq!(
            app.get(&t, "/api/v1/audit").await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }

    // The page: the same lines, the filters kept, a bad date shown next to its field.
    let b = app.browser_logged_in(ADMIN).await;
    let html = app.html(&b, "/audit?action=accept").await;
    assert!(
        html.contains(&format!("/contracts/{contract}")),
        "links to the contract"
    );
    assert!(html.contains("underskriver.x"), "names who accepted");
    let html = app.html(&b, "/audit?object_type=contract&per_page=1").await;
    assert!(
        html.contains("href=\"/audit?object_type=contract&amp;per_page=1&amp;page=2\""),
        "the next page keeps the filters"
    );
    let res = b
        .get(app.url("/audit?from=32-01-2026"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(
        html.contains("value=\"32-01-2026\""),
        "the typed value is kept"
    );
    assert!(
        html.contains("id=\"e-from\""),
        "the error sits at the field"
    );
    let consultant = app.browser_logged_in(CONSULTANT_A).await;
    let res = consultant
        .get(app.url("/audit"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn the_data_protection_officer_reads_their_jobcenters_cpr_access_log() {
    let app = TestApp::spawn().await;
    let (_, candidate) = history(&app).await;
    let admin = app.token(ADMIN).await;
    let a = app.token(CONSULTANT_A).await;
    let b = app.token(CONSULTANT_B).await;

    let log = json(app.get(&admin, "/api/v1/access-log").await).await;
    assert_eq!(log["total"], 1);
    assert_eq!(log["items"][0]["user_email"], CONSULTANT_A);
    assert_eq!(log["items"][0]["candidate_id"], candidate.as_str());
    assert_eq!(log["items"][0]["cpr_masked"], "050580-XXXX");
    assert!(!log.to_string().contains("1234"), "never the full number");

    // Only the data-protection officer, set by an administrator, and only consultants.
    assert_eq!(
        app.get(&a, "/api/v1/access-log").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/users/{}", app.user_id(SIGNATORY_X)),
            &json!({"dpo": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["dpo"].is_array());
    for who in [CONSULTANT_A, CONSULTANT_B] {
        let res = app
            .patch(
                &admin,
                &format!("/api/v1/users/{}", app.user_id(who)),
                &json!({"dpo": true}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(json(res).await["dpo"], true);
    }
    let own = json(app.get(&a, "/api/v1/access-log").await).await;
    assert_eq!(own["total"], 1, "jobcenter A's officer sees A's reads");
    let other = json(app.get(&b, "/api/v1/access-log").await).await;
    assert_eq!(other["total"], 0, "jobcenter B's officer sees none of A's");

    // Looking a person up by CPR number.
    let found = json(app.get(&a, "/api/v1/access-log?cpr=050580-1234").await).await;
    assert_eq!(found["total"], 1);
    let nobody = json(app.get(&a, "/api/v1/access-log?cpr=010101-1234").await).await;
    assert_eq!(nobody["total"], 0);
    let res = app.get(&a, "/api/v1/access-log?cpr=12345").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["cpr"].is_array());

    // The page: masked CPR, the link in the menu, and the typed CPR never echoed.
    let page = app.browser_logged_in(CONSULTANT_A).await;
    let html = page
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("href=\"/access-log\""),
        "the officer's menu has the log"
    );
    let html = app.html(&page, "/access-log?cpr=0505801234").await;
    assert!(html.contains("050580-XXXX") && html.contains("Lise Logget"));
    assert!(
        !html.contains("0505801234") && !html.contains("050580-1234"),
        "the CPR is not echoed"
    );
    let mentor = app.browser_logged_in(MENTOR_X).await;
    let res = mentor
        .get(app.url("/access-log"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// Account events are in the trail: an administrator creates and changes a user, the user logs
/// in (and once fails to), changes their own password and logs out everywhere; each line says
/// who did it, and the page links the user.
#[actix_web::test]
async fn account_events_are_in_the_audit_trail() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let res = app
        .post(
            &admin,
            "/api/v1/users",
            &json!({"email": "ny.mentor@test.dk", "name": "Ny Mentor", "role": "mentor",
                "company_id": app.seed.company_x, "password": crate::helpers::PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = json(res).await["id"].as_str().expect("id").to_string();
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/users/{id}"),
            &json!({"name": "Ny Mentor Hansen", "password": "en ny og lang sætning fra admin"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let wrong = app.api_login("ny.mentor@test.dk", "forkert forkert").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .api_login("ny.mentor@test.dk", "en ny og lang sætning fra admin")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mentor = json(res).await["token"]
        .as_str()
        .expect("token")
        .to_string();
    let res = app
        .post(
            &mentor,
            "/api/v1/auth/password",
            &json!({"current_password": "ikke den rigtige",
                "new_password": "mentorens egen lange sætning"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post(
            &mentor,
            "/api/v1/auth/password",
            &json!({"current_password": "en ny og lang sætning fra admin",
                "new_password": "mentorens egen lange sætning"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post(&mentor, "/api/v1/auth/logout-all", &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let trail = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=user&object_id={id}&sort=when&per_page=50"),
        )
        .await,
    )
    .await;
    let lines: Vec<(String, String, String)> = trail["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap_or_default().to_string(),
                l["actor_email"].as_str().unwrap_or_default().to_string(),
                l["detail"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected = [
        ("user_created", ADMIN, "mentor"),
        ("user_updated", ADMIN, "name, password"),
        ("login_failed", "ny.mentor@test.dk", ""),
        ("login", "ny.mentor@test.dk", "api"),
        ("password_change_failed", "ny.mentor@test.dk", ""),
        ("password_changed", "ny.mentor@test.dk", ""),
        ("logout_everywhere", "ny.mentor@test.dk", "1"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(lines, expected, "{trail}");
    assert_labelled(&trail);

    // A change that changes nothing is not a line; a deactivation is.
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/users/{id}"),
            &json!({"name": "Ny Mentor Hansen"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/users/{id}"),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let trail = json(
        app.get(
            &admin,
            &format!("/api/v1/audit?object_type=user&object_id={id}&action=user_updated"),
        )
        .await,
    )
    .await;
    assert_eq!(trail["total"], 2, "{trail}");
    assert_eq!(trail["items"][0]["detail"], "active=false");

    // The page names the kind and links the user.
    let b = app.browser_logged_in(ADMIN).await;
    let html = app
        .html(&b, &format!("/audit?object_type=user&object_id={id}"))
        .await;
    assert!(html.contains("Bruger"), "{html}");
    assert!(html.contains(&format!(r#"href="/users/{id}""#)));
    assert!(
        html.contains("<td>Skiftede sin adgangskode</td>"),
        "actions in Danish"
    );
}
