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
