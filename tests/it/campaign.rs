//! Campaign goals from real placements through the API.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{json, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X};

fn first_of_month(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("date")
}

fn month(d: NaiveDate) -> String {
    format!("{}-{:02}", d.year(), d.month())
}

#[actix_web::test]
async fn goals_are_computed_from_placements_and_figures() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let t = app.token(CONSULTANT_A).await;
    let company = app.token(SIGNATORY_X).await;
    let today = Utc::now().date_naive();
    let mb = first_of_month(today - Duration::days(120));
    let m1 = first_of_month(today - Duration::days(60));
    let c = json(app.post(&t, "/api/v1/contracts", &json!({
        "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 5,
        "offer_types": ["virksomhedspraktik"], "start_date": (mb - Duration::days(5)).to_string(),
        "end_date": (today + Duration::days(100)).to_string(), "mentor_minutes_per_week": 60, "mentor_rate_ore": 20000})).await).await;
    let contract = c["id"].as_str().expect("id").to_string();
    app.post(
        &t,
        &format!("/api/v1/contracts/{contract}/send"),
        &json!({}),
    )
    .await;
    app.post(
        &company,
        &format!("/api/v1/contracts/{contract}/accept"),
        &json!({}),
    )
    .await;
    let mut people = Vec::new();
    for i in 0..5 {
        let res = app.post(&t, "/api/v1/candidates", &json!({"cpr": format!("0101{}-{}", 70 + i, 2000 + i), "name": format!("P{i}"), "benefit": "kontanthjaelp", "match_group": 2})).await;
        people.push(json(res).await["id"].as_str().expect("id").to_string());
    }
    let refer = |who: usize, from: NaiveDate, to: NaiveDate| {
        let body = json!({"contract_id": contract, "candidate_id": people[who], "offer_type": "virksomhedspraktik", "start_date": from.to_string(), "end_date": to.to_string()});
        let app = &app;
        let t = t.clone();
        async move {
            let res = app.post(&t, "/api/v1/referrals", &body).await;
            assert_eq!(res.status(), StatusCode::CREATED);
            json(res).await["placement_id"]
                .as_str()
                .expect("id")
                .to_string()
        }
    };
    // Baseline month: two people.
    refer(0, mb + Duration::days(1), mb + Duration::days(10)).await;
    refer(1, mb + Duration::days(2), mb + Duration::days(12)).await;
    // The month: three people, one of them twice (counted once).
    let p2 = refer(2, m1 + Duration::days(1), m1 + Duration::days(10)).await;
    let p3 = refer(3, m1 + Duration::days(1), m1 + Duration::days(10)).await;
    refer(4, m1 + Duration::days(1), m1 + Duration::days(5)).await;
    refer(4, m1 + Duration::days(6), m1 + Duration::days(12)).await;
    app.post(
        &t,
        &format!("/api/v1/placements/{p2}/follow-up"),
        &json!({"self_supporting": true}),
    )
    .await;
    app.post(
        &t,
        &format!("/api/v1/placements/{p3}/follow-up"),
        &json!({"self_supporting": false}),
    )
    .await;

    let res = app
        .post(
            &t,
            "/api/v1/campaigns",
            &json!({"name": "x", "baseline_month": month(mb), "end_month": month(today)}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "administrators keep campaigns"
    );
    let res = app
        .post(
            &admin,
            "/api/v1/campaigns",
            &json!({"name": "", "baseline_month": "2009-13", "end_month": "2009-01"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let campaign = json(app.post(&admin, "/api/v1/campaigns", &json!({"name": "Virksomhedscentre", "baseline_month": month(mb), "end_month": month(today)})).await).await;
    assert_eq!(campaign["params"]["share_target_permille"], 160);
    let id = campaign["id"].as_str().expect("id").to_string();

    let res = app.post(&t, &format!("/api/v1/campaigns/{id}/figures"), &json!({"rows": [{"jobcenter_id": app.seed.jobcenter_a, "month": month(m1), "target_group": 100}]})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let other = app.token(CONSULTANT_B).await;
    let res = app.post(&other, &format!("/api/v1/campaigns/{id}/figures"), &json!({"rows": [{"jobcenter_id": app.seed.jobcenter_a, "month": month(m1), "target_group": 5}, {"jobcenter_id": app.seed.jobcenter_b, "month": "2011-13"}]})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    assert!(
        fields["rows[0].jobcenter_id"].is_array() && fields["rows[1].month"].is_array(),
        "{fields}"
    );

    let goals = json(
        app.get(
            &t,
            &format!("/api/v1/campaigns/{id}/goals?month={}", month(m1)),
        )
        .await,
    )
    .await;
    let a = goals
        .as_array()
        .expect("rows")
        .iter()
        .find(|g| g["jobcenter_id"] == app.seed.jobcenter_a.as_str())
        .expect("A")
        .clone();
    assert_eq!(a["target_group"], 100);
    assert_eq!(a["in_activation"], 3, "a person counts once per month");
    assert_eq!(a["baseline"], 2);
    assert_eq!(a["target"], 17.0, "the +15 rule: max(16, 2 + 15)");
    assert!((a["attainment"].as_f64().unwrap_or(0.0) - 3.0 / 17.0).abs() < 1e-9);
    assert!(
        (a["share"].as_f64().unwrap_or(0.0) - 0.03).abs() < 1e-9,
        "a fraction, not a percentage"
    );
    assert_eq!(a["growth"], 0.5);
    assert_eq!(a["selfsupport_share"], 0.5);
    let b = goals
        .as_array()
        .expect("rows")
        .iter()
        .find(|g| g["jobcenter_id"] == app.seed.jobcenter_b.as_str())
        .expect("B")
        .clone();
    assert_eq!(b["in_activation"], 0);
    assert!(
        b["share"].is_null() && b["growth"].is_null(),
        "no division by zero"
    );

    // An entered baseline overrides the count.
    app.post(&admin, &format!("/api/v1/campaigns/{id}/figures"), &json!({"rows": [{"jobcenter_id": app.seed.jobcenter_a, "month": month(mb), "baseline": 22}]})).await;
    let one = json(
        app.get(
            &t,
            &format!(
                "/api/v1/campaigns/{id}/goals?month={}&jobcenter_id={}",
                month(m1),
                app.seed.jobcenter_a
            ),
        )
        .await,
    )
    .await;
    assert_eq!(one.as_array().map(Vec::len), Some(1));
    assert_eq!(one[0]["baseline"], 22);
    assert_eq!(one[0]["target"], 37.0);
    assert_eq!(
        app.get(
            &company,
            &format!("/api/v1/campaigns/{id}/goals?month={}", month(m1))
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&t, &format!("/api/v1/campaigns/{id}/goals?month=2011-3"))
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let list = json(app.get(&t, "/api/v1/campaigns").await).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));

    // Roll-ups per region and nationally.
    let r = json(
        app.get(
            &t,
            &format!("/api/v1/campaigns/{id}/rollups?month={}", month(m1)),
        )
        .await,
    )
    .await;
    let syd = r["regions"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .find(|x| x["region"] == "Syddanmark")
        .cloned()
        .expect("region");
    assert_eq!(syd["jobcenters"], 2);
    assert_eq!(syd["in_activation"], 3);
    assert_eq!(syd["target"], 37.0 + 15.0, "A's 37 and B's 0 + 15");
    assert_eq!(r["national"]["in_activation"], 3);
    assert_eq!(r["national"]["national_target"], 9000);
    assert_eq!(r["regions"].as_array().map(Vec::len), Some(4));

    // The dashboard, its chart and the export.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = b
        .get(app.url(&format!("/campaigns/{id}?month={}", month(m1))))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Målopfyldelse") && page.contains("<svg") && page.contains("Jobcenter A")
    );
    assert!(page.contains("Nationalt"));
    let csv = b
        .get(app.url(&format!("/campaigns/{id}/export.csv?month={}", month(m1))))
        .send()
        .await
        .expect("csv");
    let bytes = csv.bytes().await.expect("bytes");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8_lossy(&bytes[3..]).to_string();
    assert!(
        text.contains("\r\n") && text.contains(";Jobcenter A;Syddanmark;100;3;3,0;37,00;"),
        "{text}"
    );
    let html = b
        .get(app.url(&format!("/campaigns/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let csrf = crate::helpers::csrf_of(&html);
    let res = b
        .post(app.url(&format!("/campaigns/{id}/figures")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("jobcenter_id", app.seed.jobcenter_a.as_str()),
            ("month", "2011-3"),
            ("target_group", "120"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let m1s = month(m1);
    let res = b
        .post(app.url(&format!("/campaigns/{id}/figures")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("jobcenter_id", app.seed.jobcenter_a.as_str()),
            ("month", m1s.as_str()),
            ("target_group", "300"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let one = json(
        app.get(
            &t,
            &format!(
                "/api/v1/campaigns/{id}/goals?month={}&jobcenter_id={}",
                month(m1),
                app.seed.jobcenter_a
            ),
        )
        .await,
    )
    .await;
    assert_eq!(one[0]["target"], 48.0, "16 % of 300");
}
