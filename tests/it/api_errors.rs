use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{json, TestApp, ADMIN};

#[actix_web::test]
async fn malformed_json_is_400_and_wrong_types_are_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let token = app.token(ADMIN).await;
    let res = app
        .http
        .post(app.url("/api/v1/jobcenters"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(res).await["error"], "bad_request");

    let res = app
        .post(
            &token,
            "/api/v1/jobcenters",
            &json!({"name": "J", "region": "Syddanmark", "kommunekoder": ["x"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(res).await;
    assert_eq!(body["error"], "validation");
    assert!(body["fields"]["kommunekoder[0]"].is_array(), "{body}");
}

#[actix_web::test]
async fn oversized_bodies_are_413() {
    let app = TestApp::spawn().await;
    let token = app.token(ADMIN).await;
    let big = "x".repeat(400 * 1024);
    let res = app
        .post(&token, "/api/v1/companies", &json!({"name": big}))
        .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(res).await["error"], "payload_too_large");
}

#[actix_web::test]
async fn unknown_api_routes_and_ids_are_404_json() {
    let app = TestApp::spawn().await;
    let token = app.token(ADMIN).await;
    let res = app.get(&token, "/api/v1/no-such-thing").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(json(res).await["error"], "not_found");
    let res = app.get(&token, "/api/v1/companies/not-a-uuid").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.get(&token, "/api/v1/companies?page=abc").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

/// A body is read only as what it says it is (ASVS 13.1.5): JSON needs a JSON `Content-Type`,
/// parameters and `+json` types included; anything else, a missing header too, is 415 and
/// nothing is stored. A transition without parameters may still send no body at all.
#[actix_web::test]
async fn json_bodies_must_be_declared_as_json() {
    let app = TestApp::spawn().await;
    let token = app.token(ADMIN).await;
    let body = r#"{"name": "Jobcenter Typet", "region": "Syddanmark", "kommunekoder": [147]}"#;
    let send = |content_type: Option<&'static str>, body: &'static str| {
        let mut req = app
            .http
            .post(app.url("/api/v1/jobcenters"))
            .bearer_auth(&token)
            .body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        req.send()
    };
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let res = send(ct, body).await.expect("request");
        assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct:?}");
        assert_eq!(json(res).await["error"], "unsupported_media_type");
    }
    let list = json(app.get(&token, "/api/v1/jobcenters?q=Typet").await).await;
    assert_eq!(list["total"], 0, "nothing stored: {list}");
    let res = send(Some("application/json; charset=utf-8"), body)
        .await
        .expect("request");
    let status = res.status();
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let res = send(
        Some("application/vnd.virksomhedscenter+json"),
        r#"{"name": "Jobcenter Plus", "region": "Syddanmark", "kommunekoder": [151]}"#,
    )
    .await
    .expect("request");
    assert_eq!(res.status(), StatusCode::CREATED);

    // A transition: no body is fine, a body that is not declared JSON is not.
    let consultant = app.token(crate::helpers::CONSULTANT_A).await;
    let draft = json(
        app.post(
            &consultant,
            "/api/v1/contracts",
            &json!({"company_id": app.seed.company_x, "mentor_id": app.user_id(crate::helpers::MENTOR_X),
                "seats": 2, "offer_types": ["virksomhedspraktik"], "start_date": "2031-01-06",
                "end_date": "2031-06-30", "mentor_minutes_per_week": 60, "mentor_rate_ore": 20000}),
        )
        .await,
    )
    .await["id"]
        .as_str()
        .expect("draft")
        .to_string();
    let res = app
        .http
        .post(app.url(&format!("/api/v1/contracts/{draft}/send")))
        .bearer_auth(&consultant)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = app
        .http
        .post(app.url(&format!("/api/v1/contracts/{draft}/send")))
        .bearer_auth(&consultant)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK, "no body, no header needed");
}
