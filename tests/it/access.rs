//! Each role sees and changes only what belongs to it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, MENTOR_X, SIGNATORY_X};

#[actix_web::test]
async fn consultants_see_their_own_jobcenter_and_the_company_registry() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let list = json(app.get(&t, "/api/v1/jobcenters").await).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], app.seed.jobcenter_a.as_str());
    let own = app
        .get(&t, &format!("/api/v1/jobcenters/{}", app.seed.jobcenter_a))
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    let other = app
        .get(&t, &format!("/api/v1/jobcenters/{}", app.seed.jobcenter_b))
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let res = app
        .post(
            &t,
            "/api/v1/jobcenters",
            &json!({"name": "Nyt", "region": "Syddanmark", "kommunekoder": [420]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .patch(
            &t,
            &format!("/api/v1/jobcenters/{}", app.seed.jobcenter_a),
            &json!({"name": "Omdøbt"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let companies = json(app.get(&t, "/api/v1/companies").await).await;
    assert_eq!(companies["total"], 2, "the whole registry");
    let users = app.get(&t, "/api/v1/users").await;
    assert_eq!(users.status(), StatusCode::FORBIDDEN);
    let res = app
        .post(&t, "/api/v1/users", &json!({"email": "a@b.dk", "name": "A", "role": "admin", "password": "en lang og god sætning"}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn company_users_see_only_their_own_company() {
    let app = TestApp::spawn().await;
    let t = app.token(SIGNATORY_X).await;
    let list = json(app.get(&t, "/api/v1/companies").await).await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], app.seed.company_x.as_str());
    let search = json(app.get(&t, "/api/v1/companies?q=Virksomhed").await).await;
    assert_eq!(search["total"], 1, "search does not leak other companies");
    let other = app
        .get(&t, &format!("/api/v1/companies/{}", app.seed.company_y))
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let body = other.text().await.unwrap_or_default();
    assert!(!body.contains("Virksomhed Y"));
    let res = app
        .patch(
            &t,
            &format!("/api/v1/companies/{}", app.seed.company_y),
            &json!({"name": "Hacket"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post(&t, &format!("/api/v1/companies/{}/worksites", app.seed.company_y),
              &json!({"p_number": "1234567890", "name": "x", "address": "x", "postcode": "5500", "city": "x", "ordinary_employees": 1}))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .patch(
            &t,
            &format!("/api/v1/companies/{}", app.seed.company_x),
            &json!({"contact_name": "Lene"}),
        )
        .await;
    // Issue #17: the record is shared with the jobcenters; a signatory proposes corrections.
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a signatory does not change the shared record directly"
    );
    let res = app
        .post(
            &t,
            &format!("/api/v1/companies/{}/corrections", app.seed.company_x),
            &json!({"contact_name": "Lene"}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "but proposes a correction"
    );
    assert_eq!(json(res).await["changes"]["contact_name"]["to"], "Lene");
    assert_eq!(
        app.get(&t, "/api/v1/jobcenters").await.status(),
        StatusCode::FORBIDDEN
    );
    let jc = app
        .get(&t, &format!("/api/v1/jobcenters/{}", app.seed.jobcenter_a))
        .await;
    assert_eq!(jc.status(), StatusCode::NOT_FOUND);
    let res = app
        .post(
            &t,
            "/api/v1/companies",
            &json!({"cvr": "25313763", "name": "Ny", "sector": "private",
            "address": "Vej 2", "postcode": "5000", "city": "Odense", "ordinary_employees": 3}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn mentors_read_their_company_but_do_not_change_it() {
    let app = TestApp::spawn().await;
    let t = app.token(MENTOR_X).await;
    let own = app
        .get(&t, &format!("/api/v1/companies/{}", app.seed.company_x))
        .await;
    assert_eq!(own.status(), StatusCode::OK);
    let res = app
        .patch(
            &t,
            &format!("/api/v1/companies/{}", app.seed.company_x),
            &json!({"name": "Mentors navn"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let other = app
        .get(&t, &format!("/api/v1/companies/{}", app.seed.company_y))
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn admins_see_and_keep_everything() {
    let app = TestApp::spawn().await;
    let t = app.token(ADMIN).await;
    let list = json(app.get(&t, "/api/v1/jobcenters").await).await;
    assert_eq!(list["total"], 2);
    let users = json(app.get(&t, "/api/v1/users").await).await;
    assert_eq!(users["total"], 6);
    let b = app
        .get(&t, &format!("/api/v1/jobcenters/{}", app.seed.jobcenter_b))
        .await;
    assert_eq!(b.status(), StatusCode::OK);
}
