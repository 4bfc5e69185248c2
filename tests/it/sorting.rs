//! Every list can be sorted by its columns: on the pages by header links that keep the filters
//! and say the order to screen readers, in the API by `sort` (422 for an unknown column).

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, MENTOR_X};

fn day(offset: i64) -> String {
    (virksomhedscenter::clock::today() + Duration::days(offset)).to_string()
}

async fn draft(app: &TestApp, token: &str, seats: i64, start: i64, end: i64) -> String {
    let (company, mentor) = (app.seed.company_x.clone(), app.user_id(MENTOR_X));
    draft_for(app, token, (&company, &mentor), seats, start, end).await
}

/// A draft for a company with its mentor.
async fn draft_for(
    app: &TestApp,
    token: &str,
    (company, mentor): (&str, &str),
    seats: i64,
    start: i64,
    end: i64,
) -> String {
    let res = app
        .post(
            token,
            "/api/v1/contracts",
            &json!({
                "company_id": company, "mentor_id": mentor,
                "seats": seats, "offer_types": ["virksomhedspraktik"],
                "start_date": day(start), "end_date": day(end),
                "mentor_minutes_per_week": 60, "mentor_rate_ore": 20000,
            }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    json(res).await["id"].as_str().expect("id").to_string()
}

fn column(list: &Value, field: &str) -> Vec<Value> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i[field].clone())
        .collect()
}

#[actix_web::test]
async fn lists_sort_by_their_columns() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    let a = draft(&app, &t, 3, 0, 100).await;
    let b = draft(&app, &t, 7, 10, 50).await;
    let c = draft(&app, &t, 5, 5, 300).await;

    let ids = |list: &Value| column(list, "id");
    let list = json(app.get(&t, "/api/v1/contracts").await).await;
    assert_eq!(
        ids(&list),
        vec![json!(b), json!(c), json!(a)],
        "newest start first"
    );
    let list = json(app.get(&t, "/api/v1/contracts?sort=seats").await).await;
    assert_eq!(column(&list, "seats"), vec![json!(3), json!(5), json!(7)]);
    let list = json(app.get(&t, "/api/v1/contracts?sort=-end").await).await;
    assert_eq!(ids(&list), vec![json!(c), json!(a), json!(b)]);
    let res = app.get(&t, "/api/v1/contracts?sort=colour").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json(res).await["fields"]["sort"].is_array(),
        "the error names sort"
    );

    let admin = app.token(ADMIN).await;
    let list = json(app.get(&admin, "/api/v1/companies?sort=-cvr").await).await;
    let cvrs = column(&list, "cvr");
    let mut sorted = cvrs.clone();
    sorted.sort_by(|x, y| y.as_str().cmp(&x.as_str()));
    assert_eq!(cvrs, sorted, "CVR numbers descending");
    let list = json(app.get(&admin, "/api/v1/users?sort=email").await).await;
    let emails = column(&list, "email");
    let mut sorted = emails.clone();
    sorted.sort_by(|x, y| x.as_str().cmp(&y.as_str()));
    assert_eq!(emails, sorted);
    let res = app.get(&admin, "/api/v1/jobcenters?sort=-cvr").await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "cvr is not a jobcenter column"
    );

    for (cpr, name) in [
        ("010170-1234", "Bo"),
        ("020270-1234", "Åse"),
        ("030370-1234", "Anna"),
        ("040470-1234", "Aage"),
        ("050570-1234", "Ærbo"),
        ("060670-1234", "Ørn"),
        ("070770-1234", "Zenia"),
    ] {
        let res = app
            .post(
                &t,
                "/api/v1/candidates",
                &json!({"cpr": cpr, "name": name, "benefit": "kontanthjaelp", "match_group": 2}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let list = json(app.get(&t, "/api/v1/candidates").await).await;
    assert_eq!(
        column(&list, "name"),
        vec![
            json!("Anna"),
            json!("Bo"),
            json!("Zenia"),
            json!("Ærbo"),
            json!("Ørn"),
            json!("Aage"),
            json!("Åse")
        ],
        "Danish order: Æ, Ø, Å after Z, and Aa as Å"
    );
    let list = json(app.get(&t, "/api/v1/candidates?sort=-created").await).await;
    assert_eq!(column(&list, "name")[0], json!("Zenia"), "newest first");

    let list = json(app.get(&admin, "/api/v1/audit?sort=when").await).await;
    let times = column(&list, "created_at");
    let mut sorted = times.clone();
    sorted.sort_by(|x, y| x.as_str().cmp(&y.as_str()));
    assert!(times.len() >= 3);
    assert_eq!(times, sorted, "oldest first");
    let res = app.get(&admin, "/api/v1/audit?sort=who").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn the_pages_sort_by_header_links_that_keep_the_filters() {
    let app = TestApp::spawn().await;
    let t = app.token(CONSULTANT_A).await;
    draft(&app, &t, 3, 0, 100).await;
    draft(&app, &t, 7, 10, 50).await;
    let b = app.browser_logged_in(CONSULTANT_A).await;

    let html = app.html(&b, "/contracts?q=Virksomhed&sort=-seats").await;
    assert!(
        html.contains("aria-sort=\"descending\""),
        "the sorted column says so"
    );
    let seven = html.find(">7<").expect("7 seats");
    let three = html.find(">3<").expect("3 seats");
    assert!(seven < three, "most seats first");
    // The seats header turns the order and keeps the search; others start ascending.
    assert!(
        html.contains("href=\"/contracts?q=Virksomhed&amp;sort=seats\""),
        "{html}"
    );
    assert!(html.contains("href=\"/contracts?q=Virksomhed&amp;sort=end\""));

    // An unknown column is the default order, never an error page.
    let res = b
        .get(app.url("/contracts?sort=colour"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::OK);

    for path in [
        "/companies?sort=-postcode",
        "/candidates?sort=-created",
        "/follow-ups?sort=company",
        "/hours/pending?sort=-week",
    ] {
        let res = b.get(app.url(path)).send().await.expect("page");
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
}

#[actix_web::test]
async fn the_name_search_filters_the_list_and_its_total() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let res = app
        .post(
            &admin,
            "/api/v1/users",
            &json!({"email": "mentor.y@test.dk", "name": "Mentor Y", "role": "mentor",
                    "company_id": app.seed.company_y, "password": "en lang og god sætning"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mentor_y = json(res).await["id"].as_str().expect("id").to_string();
    let t = app.token(CONSULTANT_A).await;
    for _ in 0..3 {
        draft(&app, &t, 2, 0, 100).await;
    }
    draft_for(&app, &t, (&app.seed.company_y, &mentor_y), 4, 0, 100).await;

    let list = json(app.get(&t, "/api/v1/contracts?q=virksomhed%20y").await).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(column(&list, "seats"), vec![json!(4)]);
    let list = json(
        app.get(&t, "/api/v1/contracts?q=VIRKSOMHED&per_page=2&page=2")
            .await,
    )
    .await;
    assert_eq!(list["total"], 4, "both companies, all pages counted");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    let list = json(
        app.get(&t, "/api/v1/contracts?q=Virksomhed%20X&status=draft")
            .await,
    )
    .await;
    assert_eq!(list["total"], 3);
    // A wildcard typed by the user is a character, not a pattern.
    let list = json(app.get(&t, "/api/v1/contracts?q=%25").await).await;
    assert_eq!(list["total"], 0);
    let list = json(app.get(&t, "/api/v1/contracts").await).await;
    assert_eq!(list["total"], 4, "no search, every contract");
}
