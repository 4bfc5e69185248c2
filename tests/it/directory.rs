use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A};

fn company(cvr: &str) -> Value {
    json!({"cvr": cvr, "name": "Strib Bageri ApS", "sector": "private", "address": "Vestre Engvej 2",
           "postcode": "5500", "city": "Middelfart", "ordinary_employees": 9})
}

#[actix_web::test]
async fn cvr_numbers_are_validated_by_modulus_11() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    for (cvr, why) in [
        ("25313764", "wrong check digit"),
        ("2531376", "seven digits"),
        ("253137633", "nine digits"),
        ("2531376A", "a letter"),
        ("", "missing"),
    ] {
        let res = app.post(&t, "/api/v1/companies", &company(cvr)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let body = json(res).await;
        assert_eq!(body["error"], "validation");
        assert!(body["fields"]["cvr"][0].is_string(), "{why}: {body}");
        assert!(
            body["fields"].get("name").is_none(),
            "only the bad field is named"
        );
    }
    let res = app
        .post(&t, "/api/v1/companies", &company("DK 25 31 37 63"))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created = json(res).await;
    assert_eq!(created["cvr"], "25313763", "stored as digits");
    assert_eq!(created["sector"], "private");
    assert!(created["id"].is_string());

    let dup = app
        .post(&t, "/api/v1/companies", &company("25313763"))
        .await;
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(dup).await["fields"]["cvr"].is_array(),
        "the CVR number is unique"
    );
}

#[actix_web::test]
async fn company_fields_are_validated_and_patched() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let res = app
        .post(
            &t,
            "/api/v1/companies",
            &json!({"cvr": "25313763", "sector": "mixed", "postcode": "55",
            "ordinary_employees": -1, "contact_email": "nope"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    for f in [
        "name",
        "sector",
        "address",
        "postcode",
        "city",
        "ordinary_employees",
        "contact_email",
    ] {
        assert!(fields[f].is_array(), "{f}: {fields}");
    }
    let id = app.seed.company_x.clone();
    let res = app
        .patch(
            &t,
            &format!("/api/v1/companies/{id}"),
            &json!({"ordinary_employees": 31, "sector": "public"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let c = json(res).await;
    assert_eq!(c["ordinary_employees"], 31);
    assert_eq!(c["sector"], "public");
    assert_eq!(c["name"], "Virksomhed X", "untouched fields stay");
    // The CVR number is the administrators' (issue #17); a taken one is still a field error.
    let res = app
        .patch(
            &t,
            &format!("/api/v1/companies/{id}"),
            &json!({"cvr": "29184712"}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a consultant's CVR change"
    );
    let admin = app.token(ADMIN).await;
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/companies/{id}"),
            &json!({"cvr": "29184712"}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "another company's CVR"
    );
    let res = app
        .patch(&t, "/api/v1/companies/nope", &json!({"name": "x"}))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn companies_are_searched_by_name_and_cvr_and_paged() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let by_name = json(app.get(&t, "/api/v1/companies?q=virksomhed%20y").await).await;
    assert_eq!(by_name["total"], 1);
    assert_eq!(by_name["items"][0]["cvr"], "29184712");
    let by_cvr = json(app.get(&t, "/api/v1/companies?q=135856").await).await;
    assert_eq!(by_cvr["total"], 1);
    assert_eq!(by_cvr["items"][0]["name"], "Virksomhed X");
    let wildcard = json(app.get(&t, "/api/v1/companies?q=%25").await).await;
    assert_eq!(wildcard["total"], 0, "a % is searched for, not a wildcard");
    let page = json(app.get(&t, "/api/v1/companies?per_page=1&page=2").await).await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["items"][0]["name"], "Virksomhed Y", "sorted by name");
}

#[actix_web::test]
async fn jobcenters_have_regions_and_unique_kommunekoder() {
    let app = TestApp::spawn().await;
    let t = app.token(ADMIN).await;
    let res = app
        .post(&t, "/api/v1/jobcenters", &json!({"name": "Jobcenter Svendborg", "region": "Syddanmark", "kommunekoder": [479, 482]}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let j = json(res).await;
    assert_eq!(j["region"], "Syddanmark");
    assert_eq!(j["kommunekoder"], json!([479, 482]));
    let id = j["id"].as_str().expect("id").to_string();

    let res = app
        .post(&t, "/api/v1/jobcenters", &json!({"name": "Jobcenter Langeland", "region": "Bornholm", "kommunekoder": [482, 41]}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    assert!(fields["region"].is_array(), "{fields}");
    assert!(fields["kommunekoder"].is_array(), "{fields}");

    let res = app
        .post(
            &t,
            "/api/v1/jobcenters",
            &json!({"name": "Jobcenter Langeland", "region": "Syddanmark", "kommunekoder": [482]}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "482 belongs to Svendborg"
    );

    let res = app
        .patch(
            &t,
            &format!("/api/v1/jobcenters/{id}"),
            &json!({"kommunekoder": [479], "region": "Hovedstaden & Sjælland"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let j = json(res).await;
    assert_eq!(j["kommunekoder"], json!([479]));
    assert_eq!(j["region"], "Hovedstaden & Sjælland");
    assert_eq!(j["name"], "Jobcenter Svendborg");
    let got = json(app.get(&t, &format!("/api/v1/jobcenters/{id}")).await).await;
    assert_eq!(got["kommunekoder"], json!([479]));
}

#[actix_web::test]
async fn worksites_have_unique_ten_digit_p_numbers() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let path = format!("/api/v1/companies/{}/worksites", app.seed.company_x);
    let site = |p: &str| json!({"p_number": p, "name": "Værkstedet", "address": "Vej 3", "postcode": "5500", "city": "Middelfart", "ordinary_employees": 12});
    let res = app.post(&t, &path, &site("123456789")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["p_number"].is_array());
    let res = app.post(&t, &path, &site("1003388394")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(json(res).await["p_number"], "1003388394");
    let res = app.post(&t, &path, &site("1003388394")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list = json(app.get(&t, &path).await).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let detail = json(
        app.get(&t, &format!("/api/v1/companies/{}", app.seed.company_x))
            .await,
    )
    .await;
    assert_eq!(detail["worksites"][0]["p_number"], "1003388394");
}
