//! Retention: candidates whose last placement ended more than N years ago lose their personal
//! data; their placements, and so the campaign counts, stay.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;
use virksomhedscenter::db::schema::{
    hour_entries, jobcenter_months, placement_activities, placements,
};
use virksomhedscenter::seats::retention;

use crate::helpers::{json, Terms, TestApp, CONSULTANT_A, MENTOR_X};

fn today() -> NaiveDate {
    virksomhedscenter::clock::today()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

/// jobcenter, month, in activation, followed up, self-supporting.
type MonthLine = (String, String, i32, i32, i32);
/// id, candidate, status, start, end.
type PlacementLine = (String, String, String, NaiveDate, NaiveDate);

/// What the campaign is counted from, and the placements themselves.
fn counts(app: &TestApp) -> (Vec<MonthLine>, Vec<PlacementLine>) {
    let mut conn = app.db.read_conn().expect("conn");
    let months = jobcenter_months::table
        .select((
            jobcenter_months::jobcenter_id,
            jobcenter_months::month,
            jobcenter_months::in_activation,
            jobcenter_months::followed_up,
            jobcenter_months::self_supporting,
        ))
        .order((jobcenter_months::jobcenter_id, jobcenter_months::month))
        .load(&mut *conn)
        .expect("months");
    let rows = placements::table
        .select((
            placements::id,
            placements::candidate_id,
            placements::status,
            placements::start_date,
            placements::end_date,
        ))
        .order(placements::id)
        .load(&mut *conn)
        .expect("placements");
    (months, rows)
}

#[actix_web::test]
async fn old_candidates_are_anonymised_and_the_counts_stay() {
    let app = TestApp::spawn().await;
    let a = app.token(CONSULTANT_A).await;
    let mentor = app.token(MENTOR_X).await;
    let contract = app
        .accepted_contract(&Terms {
            mentor_minutes_per_week: 600,
            ..Terms::days(3, -30, 300)
        })
        .await;
    let mut ids = Vec::new();
    for (cpr, name) in [
        ("010170-1111", "Gammel Gunnarsen"),
        ("020270-2222", "Aktiv Andersen"),
        ("030370-3333", "Aldrig Anvist"),
    ] {
        ids.push(app.candidate(&a, cpr, name, "kontanthjaelp").await);
    }
    let (old, active, never) = (ids[0].clone(), ids[1].clone(), ids[2].clone());
    let mut placement = String::new();
    for (candidate, start, end) in [(&old, -20, 40), (&active, -10, 80)] {
        let res = app.refer(&a, &contract, candidate, start, end).await;
        let status = res.status();
        let body = json(res).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let id = body["placement_id"].as_str().expect("id").to_string();
        if *candidate == old {
            placement = id;
        }
    }
    let res = app
        .post(
            &mentor,
            "/api/v1/hours",
            &json!({"contract_id": contract, "date": day(-2), "minutes": 60,
            "activity": "training", "candidate_id": old, "note": "Gunnarsen var syg mandag"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post(
            &a,
            &format!("/api/v1/placements/{placement}/activities"),
            &json!({"kind": "psychologist",
            "provider": "Psykologhuset", "description": "Samtaler om angst", "minutes_per_week": 60,
            "cost_ore": 50000, "start_date": day(-5), "end_date": day(20)}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap_or_default()
    );
    // Searches by CPR number: one finds the old candidate, one finds nobody.
    app.get(&a, "/api/v1/candidates?q=010170-1111").await;
    app.get(&a, "/api/v1/candidates?q=040470-4444").await;
    let before = counts(&app);

    // Five years and sixty days on: the first placement ended before the cutoff, the
    // second did not, the third candidate was never placed.
    let later = today() + Duration::days(5 * 365 + 60);
    let dry = retention::run(&app.db, later, 5, true)
        .await
        .expect("dry run");
    assert_eq!(
        dry.candidates, 2,
        "due: the old one and the never placed one"
    );
    let res = app.get(&a, &format!("/api/v1/candidates/{old}")).await;
    assert_eq!(
        json(res).await["name"],
        "Gammel Gunnarsen",
        "a dry run changes nothing"
    );

    let report = retention::run(&app.db, later, 5, false).await.expect("run");
    assert_eq!(report.candidates, 2);
    assert_eq!(counts(&app), before, "placements and month counts are kept");
    // The access log keeps who searched and read, not the numbers (issue #17: searches are
    // logged with the masked number, which is personal data too).
    {
        use virksomhedscenter::db::schema::access_log;
        let mut conn = app.db.read_conn().expect("conn");
        let kept: Vec<(Option<String>, Option<String>)> = access_log::table
            .select((access_log::cpr_masked, access_log::cpr_hmac))
            .load(&mut *conn)
            .expect("access log");
        assert!(kept.len() >= 2, "{kept:?}");
        for (masked, hmac) in &kept {
            let m = masked.clone().unwrap_or_default();
            assert!(
                !m.starts_with("010170") && !m.starts_with("040470"),
                "{kept:?}"
            );
            assert!(hmac.is_none(), "the keyed hash goes too: {kept:?}");
        }
    }

    for id in [&old, &never] {
        let res = app.get(&a, &format!("/api/v1/candidates/{id}")).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "an anonymised candidate still opens"
        );
        let c = json(res).await;
        assert_eq!(c["name"], retention::ANONYMISED_NAME);
        assert_eq!(c["cpr_masked"], retention::ANONYMISED_CPR);
        assert!(c.get("cpr").is_none(), "no CPR number is left: {c}");
    }
    let res = app.get(&a, &format!("/api/v1/candidates/{active}")).await;
    let c = json(res).await;
    assert_eq!(
        c["name"], "Aktiv Andersen",
        "a candidate with a recent placement is kept"
    );
    assert_eq!(c["cpr"], "020270-2222");

    // The free texts about the person are gone; the search by the old CPR number finds nobody.
    {
        let mut conn = app.db.read_conn().expect("conn");
        let notes: Vec<String> = hour_entries::table
            .filter(hour_entries::candidate_id.eq(&old))
            .select(hour_entries::note)
            .load(&mut *conn)
            .expect("notes");
        assert_eq!(notes, vec![String::new()]);
        let descriptions: Vec<String> = placement_activities::table
            .filter(placement_activities::placement_id.eq(&placement))
            .select(placement_activities::description)
            .load(&mut *conn)
            .expect("activities");
        assert_eq!(descriptions, vec![String::new()]);
    }
    let res = app.get(&a, "/api/v1/candidates?q=010170-1111").await;
    let list = json(res).await;
    assert!(
        !list.to_string().contains(&old),
        "the old CPR number no longer finds the person: {list}"
    );
    // The candidate page shows the anonymised person without an error.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = b
        .get(app.url(&format!("/candidates/{old}")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page
        .text()
        .await
        .expect("html")
        .contains(retention::ANONYMISED_NAME));

    // A second run finds nothing more to do.
    let again = retention::run(&app.db, later, 5, false)
        .await
        .expect("again");
    assert_eq!(again.candidates, 0);
}
