//! Campaign goals from real placements through the API.

use chrono::{Datelike, Duration, NaiveDate};
use reqwest::StatusCode;
use serde_json::{json, Value};

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
    let today = virksomhedscenter::clock::today();
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
    assert_eq!(a["target_group_month"], month(m1));
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
    assert_eq!(a["selfsupport_base"], 2, "Mål 2 rests on two follow-ups");
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
    // B has never entered N: its target and attainment are unknown, not B + 15 (#18.7).
    assert!(
        b["target"].is_null() && b["attainment"].is_null() && b["target_group_month"].is_null(),
        "{b}"
    );

    // The next month has no N of its own: the latest earlier N is carried forward and named.
    let m2 = first_of_month(m1 + Duration::days(40));
    let next = json(
        app.get(
            &t,
            &format!(
                "/api/v1/campaigns/{id}/goals?month={}&jobcenter_id={}",
                month(m2),
                app.seed.jobcenter_a
            ),
        )
        .await,
    )
    .await;
    assert_eq!(next[0]["target_group"], 100, "{next}");
    assert_eq!(next[0]["target_group_month"], month(m1));
    assert_eq!(next[0]["target"], 17.0);

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
    assert_eq!(
        syd["target"], 37.0,
        "A's 37; B has no N and is left out of the region's T"
    );
    assert_eq!(syd["attainment"], 3.0 / 37.0);
    assert_eq!(syd["goal2"]["selfsupport_share"], 0.5);
    assert_eq!(syd["goal2"]["selfsupport_base"], 2);
    assert_eq!(r["national"]["goal2"]["selfsupport_base"], 2);
    assert_eq!(r["national"]["target"], 37.0);
    assert_eq!(r["national"]["in_activation"], 3);
    assert_eq!(r["national"]["national_target"], 9000);
    assert_eq!(r["regions"].as_array().map(Vec::len), Some(4));

    // The dashboard, its chart and the export.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = app
        .html(&b, &format!("/campaigns/{id}?month={}", month(m1)))
        .await;
    assert!(
        page.contains("Målopfyldelse") && page.contains("<svg") && page.contains("Jobcenter A")
    );
    assert!(page.contains("Nationalt"));
    // Mål 2 with the follow-ups it rests on; T in whole persons; B unranked with "–".
    assert!(page.contains("50 pct. af 2"), "Mål 2 with its base");
    assert!(
        page.contains("<td class=\"num\">37</td>"),
        "T shown in whole persons"
    );
    assert!(
        page.contains("<td class=\"num\">–</td>") && page.contains("rangeres ikke"),
        "Jobcenter B has no N and no place"
    );
    let csv = b
        .get(app.url(&format!("/campaigns/{id}/export.csv?month={}", month(m1))))
        .send()
        .await
        .expect("csv");
    let bytes = csv.bytes().await.expect("bytes");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8_lossy(&bytes[3..]).to_string();
    assert!(
        text.contains("\r\n")
            && text.contains(&format!(
                ";Jobcenter A;Syddanmark;100;{};3;3,0;37,00;",
                month(m1)
            ))
            && text.contains(";50,0;2;nej"),
        "{text}"
    );
    let html = app.html(&b, &format!("/campaigns/{id}")).await;
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

    // A placement that has been followed up keeps its end: its follow-up belongs to that month.
    let res = app
        .post(
            &t,
            &format!("/api/v1/placements/{p2}/extend"),
            &json!({"end_date": (m1 + Duration::days(20)).to_string()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        json(res).await["message"]
            .as_str()
            .is_some_and(|m| m.contains("fulgt op")),
        "refused for its follow-up"
    );

    // A placement that has begun is never cancelled, so what a past month counted stays
    // (#18.3): the refusal changes nothing.
    let res = app
        .post(&t, &format!("/api/v1/placements/{p3}/cancel"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
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
    assert_eq!(one[0]["in_activation"], 3, "the month still counts p3");
    assert_eq!(
        one[0]["selfsupport_share"], 0.5,
        "p2 self-supporting, p3 not"
    );
}

/// CSV import of figures (API and page with its progress), editing a campaign's parameters,
/// and the roll-ups and ranking over several regions.
#[actix_web::test]
async fn figures_import_edit_and_several_regions() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let t = app.token(CONSULTANT_A).await;
    let hov = json(
        app.post(
            &admin,
            "/api/v1/jobcenters",
            &json!({"name": "Jobcenter København", "region": "Hovedstaden & Sjælland", "kommunekoder": [101]}),
        )
        .await,
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let midt = json(
        app.post(
            &admin,
            "/api/v1/jobcenters",
            &json!({"name": "Jobcenter Aarhus", "region": "Midtjylland", "kommunekoder": [751]}),
        )
        .await,
    )
    .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let id = app.campaign(&admin, "Kampagne", "2009-06", "2011-06").await;

    // The API import: errors name the line, nothing is stored when one line is wrong.
    let post_csv = |token: String, body: &'static str| {
        let url = app.url(&format!("/api/v1/campaigns/{id}/figures.csv"));
        let http = reqwest::Client::new();
        async move {
            http.post(url)
                .bearer_auth(token)
                .header("content-type", "text/csv")
                .body(body)
                .send()
                .await
                .expect("request")
        }
    };
    let bad = "Jobcenter;Måned;Målgruppe;Aktivering uden for virksomhedscentre\r\n\
               101;2011-03;1.000;200\r\n\
               Jobcenter Aarhus;2011-3;500;\r\n\
               Jobcenter Ukendt;2011-03;5;\r\n";
    // A body not declared as CSV is refused before it is read as one.
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/campaigns/{id}/figures.csv")))
        .bearer_auth(admin.clone())
        .header("content-type", "application/json")
        .body(bad)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json(res).await["error"], "unsupported_media_type");
    let res = post_csv(admin.clone(), bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    assert!(
        fields["line[3].month"].is_array() && fields["line[4].jobcenter_id"].is_array(),
        "{fields}"
    );
    let goals = json(
        app.get(
            &admin,
            &format!("/api/v1/campaigns/{id}/goals?month=2011-03&jobcenter_id={hov}"),
        )
        .await,
    )
    .await;
    assert!(
        goals[0]["target_group"].is_null(),
        "nothing stored: {goals}"
    );
    let good = "\u{feff}Jobcenter;Måned;Målgruppe;Aktivering uden for virksomhedscentre\r\n\
                101;2011-03;1.000;200\r\n\
                jobcenter aarhus;2011-03;500;10\r\n\
                Jobcenter A;2011-03;100;\r\n";
    let res = post_csv(admin.clone(), good).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["saved"], 3);
    // A consultant may import only their own jobcenter's lines.
    let res = post_csv(t.clone(), "jobcenter;måned;målgruppe\n101;2011-04;7\n").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["line[2].jobcenter_id"].is_array());
    let company = app.token(SIGNATORY_X).await;
    let res = post_csv(
        company,
        "jobcenter;måned;målgruppe\nJobcenter A;2011-04;7\n",
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Several regions: each rolled up on its own, and the country.
    let r = json(
        app.get(
            &admin,
            &format!("/api/v1/campaigns/{id}/rollups?month=2011-03"),
        )
        .await,
    )
    .await;
    let region = |name: &str| {
        r["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .find(|x| x["region"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} in {r}"))
    };
    let h = region("Hovedstaden & Sjælland");
    assert_eq!(h["jobcenters"], 1);
    assert_eq!(
        h["in_activation"], 200,
        "activation outside the centres counts"
    );
    assert_eq!(h["target"], 160.0, "16 % of 1.000");
    assert_eq!(h["attainment"], 1.25);
    let m = region("Midtjylland");
    assert_eq!(m["target"], 80.0);
    assert_eq!(m["in_activation"], 10);
    assert_eq!(region("Nordjylland")["jobcenters"], 0);
    assert_eq!(region("Syddanmark")["jobcenters"], 2);
    assert_eq!(r["national"]["in_activation"], 210);

    // Editing the parameters: the goals are computed anew.
    let res = app
        .patch(
            &t,
            &format!("/api/v1/campaigns/{id}"),
            &json!({"share_target_permille": 100}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "administrators only");
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/campaigns/{id}"),
            &json!({"share_target_permille": 1200, "min_increase": -5}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    assert!(
        fields["share_target_permille"].is_array() && fields["min_increase"].is_array(),
        "{fields}"
    );
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/campaigns/{id}"),
            &json!({"share_target_permille": 250, "national_target": 8000}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let c = json(res).await;
    assert_eq!(c["params"]["share_target_permille"], 250);
    assert_eq!(c["params"]["min_increase"], 15, "left out, kept");
    assert_eq!(c["name"], "Kampagne");
    let goals = json(
        app.get(
            &admin,
            &format!("/api/v1/campaigns/{id}/goals?month=2011-03&jobcenter_id={midt}"),
        )
        .await,
    )
    .await;
    assert_eq!(goals[0]["target"], 125.0, "25 % of 500");

    // The pages: the ranking of a chosen region, the edit form, the import with its progress.
    let b = app.browser_logged_in(ADMIN).await;
    let page = b
        .get(app.url(&format!(
            "/campaigns/{id}?month=2011-03&region=hovedstaden_sjaelland"
        )))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Rangliste · Hovedstaden &amp; Sjælland")
            && page.contains("Jobcenter København"),
        "the chosen region is ranked"
    );
    assert!(
        !page.contains(">Jobcenter Aarhus</a>"),
        "other regions are not ranked"
    );
    let csrf = app.csrf(&b, &format!("/campaigns/{id}/edit")).await;
    let res = b
        .post(app.url(&format!("/campaigns/{id}/edit")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Kampagne 2"),
            ("baseline_month", "2009-06"),
            ("end_month", "2011-06"),
            ("share_target_permille", "sytten"),
            ("min_increase", "15"),
            ("selfsupport_permille", "20"),
            ("national_target", "9.000"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("value=\"sytten\"") && html.contains("fx 16 eller 16,5"));
    let res = b
        .post(app.url(&format!("/campaigns/{id}/edit")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Kampagne 2"),
            ("baseline_month", "2009-06"),
            ("end_month", "2011-06"),
            ("share_target_permille", "16,5"),
            ("min_increase", "15"),
            ("selfsupport_permille", "20"),
            ("national_target", "9.000"),
            ("target_benefits", "kontanthjaelp"),
            ("target_benefits", "starthjaelp"),
            ("target_match_group", "2"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let c = json(app.get(&admin, "/api/v1/campaigns").await).await;
    assert_eq!(c[0]["params"]["share_target_permille"], 165);
    assert_eq!(c[0]["params"]["national_target"], 9000);
    assert_eq!(c[0]["name"], "Kampagne 2");
    assert_eq!(
        c[0]["target_group"],
        json!({"benefits": ["kontanthjaelp", "starthjaelp"], "match_group": 2})
    );

    let csrf = app.csrf(&b, &format!("/campaigns/{id}/import")).await;
    let upload = |data: String| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(data.into_bytes()).file_name("tal.csv"),
            )
    };
    let res = b
        .post(app.url(&format!("/campaigns/{id}/import")))
        .multipart(upload("jobcenter;måned;målgruppe\n101;2011-05;x\n".into()))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .expect("html")
        .contains("Linje 2: Skal være et helt tal"));
    // Many lines: every jobcenter and month of the campaign, several times over.
    let mut big = String::from("jobcenter;måned;målgruppe\n");
    for y in 2009..=2011 {
        for mo in 1..=12 {
            for jc in ["101", "751", "Jobcenter A", "Jobcenter B"] {
                big.push_str(&format!("{jc};{y}-{mo:02};{}\n", 100 + mo));
            }
        }
    }
    let res = b
        .post(app.url(&format!("/campaigns/{id}/import")))
        .multipart(upload(big))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let status_url = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_string();
    let mut done = String::new();
    for _ in 0..100 {
        let html = b
            .get(app.url(&status_url))
            .send()
            .await
            .expect("status")
            .text()
            .await
            .expect("html");
        if html.contains("Indlæsningen er færdig") {
            done = html;
            break;
        }
        assert!(
            html.contains("<progress") && html.contains("af 144 linjer"),
            "{html}"
        );
        actix_rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(done.contains("144 linjer er gemt"), "{done}");
    let goals = json(
        app.get(
            &admin,
            &format!("/api/v1/campaigns/{id}/goals?month=2010-07&jobcenter_id={hov}"),
        )
        .await,
    )
    .await;
    assert_eq!(goals[0]["target_group"], 107);
    // Another user cannot see someone's import.
    let other = app.browser_logged_in(CONSULTANT_A).await;
    let html = other
        .get(app.url(&status_url))
        .send()
        .await
        .expect("status")
        .text()
        .await
        .expect("html");
    assert!(html.contains("kendes ikke her"));
}

/// Issue #18.16: the import reads months as a Danish Excel writes them back.
#[actix_web::test]
async fn the_import_reads_months_as_danish_excel_writes_them() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let id = app.campaign(&admin, "Kampagne", "2009-06", "2011-12").await;
    let body = "Jobcenter;Måned;Målgruppe\r\n\
                410;2011-01;100\r\n\
                410;02-2011;101\r\n\
                410;3-2011;102\r\n\
                410;01-04-2011;103\r\n\
                410;maj-11;104\r\n\
                410;juni 2011;105\r\n";
    let res = app.import_figures_csv(&admin, &id, body).await;
    let status = res.status();
    assert!(
        status.is_success(),
        "{status}: {}",
        res.text().await.unwrap_or_default()
    );
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::campaign_figures as f;
    let mut conn = app.db.read_conn().expect("conn");
    let stored: Vec<(String, Option<i32>)> = f::table
        .filter(f::campaign_id.eq(&id))
        .select((f::month, f::target_group))
        .order(f::month.asc())
        .load(&mut *conn)
        .expect("figures");
    assert_eq!(
        stored,
        (1..=6)
            .map(|m| (format!("2011-{m:02}"), Some(99 + m)))
            .collect::<Vec<_>>()
    );
}

/// The seed's known answers for Jobcenter Middelfart in March 2011 (docs/rules.md): B = 22,
/// A = 102, N entered in January (272) and not in March, so January's N is carried forward:
/// T = 43,52, shown as 44; Mål 1 234 pct.; growth +364 pct. Before #18.7 March had no N, T fell
/// back to B + 15 = 37 and the page said 276 pct.
#[actix_web::test]
async fn middelfart_in_march_2011_as_the_campaign_reported_it() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let id = app
        .campaign(&admin, "Virksomhedscenterkampagnen", "2009-06", "2011-06")
        .await;
    let jc = app.seed.jobcenter_a.clone();
    let res = app
        .post(
            &admin,
            &format!("/api/v1/campaigns/{id}/figures"),
            &json!({"rows": [
                {"jobcenter_id": jc, "month": "2009-06", "baseline": 22},
                {"jobcenter_id": jc, "month": "2011-01", "target_group": 272, "outside_activation": 84},
                {"jobcenter_id": jc, "month": "2011-03", "outside_activation": 102},
            ]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let g = json(
        app.get(
            &admin,
            &format!("/api/v1/campaigns/{id}/goals?month=2011-03&jobcenter_id={jc}"),
        )
        .await,
    )
    .await;
    let g = &g[0];
    assert_eq!(g["in_activation"], 102);
    assert_eq!(g["target_group"], 272);
    assert_eq!(g["target_group_month"], "2011-01");
    let target = g["target"].as_f64().expect("a target");
    assert!((target - 43.52).abs() < 1e-9, "unrounded: {target}");
    let pct = |x: &Value| {
        virksomhedscenter::ui::format::percent(
            (x.as_f64().expect("number") * 100.0).round() / 100.0,
        )
    };
    assert_eq!(pct(&g["attainment"]), "234 pct.");
    assert_eq!(pct(&g["growth"]), "364 pct.");

    let b = app.browser_logged_in(ADMIN).await;
    let page = app
        .html(
            &b,
            &format!("/campaigns/{id}?month=2011-03&jobcenter_id={jc}"),
        )
        .await;
    assert!(page.contains("234 pct."), "Mål 1 as published");
    assert!(page.contains("364 pct."), "growth as published");
    assert!(page.contains("<dd>44</dd>"), "T in whole persons");
    assert!(page.contains("fra 2011-01"), "says where N came from");
    assert!(!page.contains("276 pct."));
}

/// #18.8: Mål 1 counts the campaign's target group (kontant- and starthjælp, match group 2) as
/// the placement recorded it at referral; a person in match group 3 in company activation is
/// not counted (before, every placement was). The campaign names its target group and an
/// administrator can change it.
#[actix_web::test]
async fn goal_1_counts_the_target_group_as_recorded_at_referral() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let t = app.token(CONSULTANT_A).await;
    let today = virksomhedscenter::clock::today();
    let start = first_of_month(today);
    let end = start + Duration::days(20);
    let mut contracts = Vec::new();
    for group in [2, 3] {
        let c = json(
            app.post(
                &t,
                "/api/v1/contracts",
                &json!({
            "company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 2,
            "offer_types": ["virksomhedspraktik"], "target_match_group": group,
            "start_date": start.to_string(), "end_date": end.to_string(),
            "mentor_minutes_per_week": 60, "mentor_rate_ore": 20000}),
            )
            .await,
        )
        .await;
        let id = c["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{c}"))
            .to_string();
        app.send_and_accept(&t, &id).await;
        contracts.push(id);
    }
    for (i, (group, contract)) in [(2, &contracts[0]), (3, &contracts[1])]
        .into_iter()
        .enumerate()
    {
        let res = app.post(&t, "/api/v1/candidates", &json!({"cpr": format!("0{}0380-4321", i + 1), "name": format!("Person {group}"), "benefit": "kontanthjaelp", "match_group": group})).await;
        let cand = json(res).await["id"].as_str().expect("id").to_string();
        let res = app
            .post(
                &t,
                "/api/v1/referrals",
                &json!({"contract_id": contract, "candidate_id": cand, "offer_type": "virksomhedspraktik",
                    "start_date": start.to_string(), "end_date": (start + Duration::days(13)).to_string()}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let placement = json(res).await["placement_id"]
            .as_str()
            .expect("id")
            .to_string();
        let p = json(
            app.get(&t, &format!("/api/v1/placements/{placement}"))
                .await,
        )
        .await;
        assert_eq!(p["match_group_at_referral"], group, "{p}");
        assert_eq!(p["benefit_at_referral"], "kontanthjaelp");
    }
    let c = json(
        app.post(
            &admin,
            "/api/v1/campaigns",
            &json!({"name": "K", "baseline_month": month(start - Duration::days(40)), "end_month": month(today + Duration::days(60))}),
        )
        .await,
    )
    .await;
    assert_eq!(c["target_group"]["match_group"], 2);
    let id = c["id"].as_str().expect("id").to_string();
    let goals = |id: String| {
        let app = &app;
        let t = t.clone();
        async move {
            json(
                app.get(
                    &t,
                    &format!(
                        "/api/v1/campaigns/{id}/goals?month={}&jobcenter_id={}",
                        month(start),
                        app.seed.jobcenter_a
                    ),
                )
                .await,
            )
            .await
        }
    };
    assert_eq!(
        goals(id.clone()).await[0]["in_activation"],
        1,
        "only the person in match group 2"
    );
    // A campaign for match group 3 counts the other person.
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/campaigns/{id}"),
            &json!({"target_group": {"benefits": ["kontanthjaelp"], "match_group": 3}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(goals(id.clone()).await[0]["in_activation"], 1);
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/campaigns/{id}"),
            &json!({"target_group": {"benefits": [], "match_group": 7}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(res).await["fields"].clone();
    assert!(
        fields["target_benefits"].is_array() && fields["target_match_group"].is_array(),
        "{fields}"
    );
}

/// The month counts every placement write keeps (people in activation per jobcenter and
/// target group, Mål 2's follow-ups) stay equal to a fresh count through each kind of change:
/// a person placed twice in one month, a cancellation that leaves them there once, the last
/// one that takes them out, a move up the waiting list, an extension into later months, an
/// early end and follow-ups (#23: the counts are changed by the write, not recounted).
#[actix_web::test]
async fn kept_month_counts_follow_every_placement_change() {
    use crate::helpers::{assert_month_counts_fresh, Terms};
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let t = app.token(CONSULTANT_A).await;
    let today = virksomhedscenter::clock::today();
    app.campaign(
        &admin,
        "Kampagne",
        &month(today - Duration::days(200)),
        &month(today + Duration::days(300)),
    )
    .await;
    let contract = app.accepted_contract(&Terms::days(1, -120, 200)).await;
    let a = app.candidate(&t, "020280-3001", "A", "kontanthjaelp").await;
    let b = app.candidate(&t, "020281-3002", "B", "starthjaelp").await;
    let c = app.candidate(&t, "020282-3003", "C", "kontanthjaelp").await;
    let m = first_of_month(today + Duration::days(40));
    let off = |d: NaiveDate| (d - today).num_days();
    let refer = |who: String, from: i64, to: i64| {
        let (app, t, contract) = (&app, t.clone(), contract.clone());
        async move {
            let res = app.refer(&t, &contract, &who, from, to).await;
            assert_eq!(res.status(), StatusCode::CREATED);
            json(res).await
        }
    };
    let post = |path: String, body: Value| {
        let (app, t) = (&app, t.clone());
        async move {
            let res = app.post(&t, &path, &body).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            json(res).await
        }
    };
    assert_month_counts_fresh(&app.db, "at the start");
    let a1 = refer(a.clone(), off(m) + 1, off(m) + 3).await;
    assert_eq!(a1["seat_no"], 1);
    assert_month_counts_fresh(&app.db, "after A's first placement");
    let a2 = refer(a.clone(), off(m) + 5, off(m) + 7).await;
    assert_eq!(a2["seat_no"], 1);
    assert_month_counts_fresh(&app.db, "after A's second placement in the month");
    let b1 = refer(b.clone(), off(m) + 2, off(m) + 6).await;
    assert_eq!(b1["position"], 1, "waiting: {b1}");
    assert_month_counts_fresh(&app.db, "after B went on the waiting list");
    let id = |v: &Value| v["placement_id"].as_str().expect("id").to_string();
    post(format!("/api/v1/placements/{}/cancel", id(&a1)), json!({})).await;
    assert_month_counts_fresh(&app.db, "after A's first was cancelled");
    post(format!("/api/v1/placements/{}/cancel", id(&a2)), json!({})).await;
    let moved = json(
        app.get(&t, &format!("/api/v1/placements/{}", id(&b1)))
            .await,
    )
    .await;
    assert_eq!(moved["status"], "placed", "B moved up: {moved}");
    assert_month_counts_fresh(&app.db, "after A's second was cancelled and B moved up");
    post(
        format!("/api/v1/placements/{}/extend", id(&b1)),
        json!({"end_date": (m + Duration::days(70)).to_string()}),
    )
    .await;
    assert_month_counts_fresh(&app.db, "after B was extended into later months");
    // A second target group (starthjælp alone), counted afresh when its campaign is made after
    // the placements, then kept by the writes below like the first.
    let res = app
        .post(
            &admin,
            "/api/v1/campaigns",
            &json!({"name": "Starthjælp", "baseline_month": month(today - Duration::days(200)),
                "end_month": month(today + Duration::days(300)),
                "target_group": {"benefits": ["starthjaelp"], "match_group": 2}}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_month_counts_fresh(&app.db, "after a campaign of another target group");
    let b2 = refer(b.clone(), -118, -112).await;
    assert_eq!(b2["seat_no"], 1, "{b2}");
    assert_month_counts_fresh(&app.db, "after B's placement in the past");
    let c1 = refer(c.clone(), -100, -60).await;
    let c2 = refer(c.clone(), -50, -10).await;
    assert_month_counts_fresh(&app.db, "after C's two past placements");
    post(
        format!("/api/v1/placements/{}/follow-up", id(&c1)),
        json!({"self_supporting": true}),
    )
    .await;
    assert_month_counts_fresh(&app.db, "after C's first follow-up");
    post(
        format!("/api/v1/placements/{}/end", id(&c2)),
        json!({"date": (today - Duration::days(40)).to_string(), "outcome": "other"}),
    )
    .await;
    assert_month_counts_fresh(&app.db, "after C's second ended early");
    post(
        format!("/api/v1/placements/{}/follow-up", id(&c2)),
        json!({"self_supporting": false}),
    )
    .await;
    assert_month_counts_fresh(&app.db, "after C's second follow-up");
}
