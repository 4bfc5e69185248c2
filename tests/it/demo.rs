//! The demo (issue #20): a new database with `demo::load` is a lived-in virksomhedscenter, seen
//! through the API and the pages as the demo users see it.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;
use virksomhedscenter::auth::model::DEMO_PASSWORD;

use crate::helpers::{json, TestApp};

const KARIN: &str = "karin.holm@middelfart.dk";
const LENE: &str = "lene@lillebaelt-rengoering.dk";
const OLE: &str = "ole@lillebaelt-rengoering.dk";

async fn token(app: &TestApp, email: &str) -> String {
    let res = app.api_login(email, DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK, "login of {email}");
    json(res).await["token"]
        .as_str()
        .expect("token")
        .to_string()
}

fn pct(x: &Value) -> String {
    virksomhedscenter::ui::format::percent((x.as_f64().expect("number") * 100.0).round() / 100.0)
}

#[actix_web::test]
async fn the_demo_is_a_lived_in_virksomhedscenter() {
    let app = TestApp::spawn_demo().await;
    let karin = token(&app, KARIN).await;

    // Contracts in every state.
    let list = json(app.get(&karin, "/api/v1/contracts?per_page=100").await).await;
    let items = list["items"].as_array().expect("items");
    let states: BTreeSet<&str> = items.iter().filter_map(|c| c["status"].as_str()).collect();
    for s in [
        "draft",
        "sent",
        "changes_requested",
        "active",
        "ended",
        "terminated",
    ] {
        assert!(states.contains(s), "a contract {s}: {states:?}");
    }
    // The story's active contract is Lillebælt Rengøring's (two other companies' run too).
    let active = items
        .iter()
        .find(|c| c["status"] == "active" && c["company_name"] == "Lillebælt Rengøring ApS")
        .and_then(|c| c["id"].as_str())
        .expect("the active contract")
        .to_string();
    let c = json(
        app.get(&karin, &format!("/api/v1/contracts/{active}"))
            .await,
    )
    .await;
    assert_eq!(
        c["draft"]["status"], "sent",
        "an amendment waits for the company"
    );
    // The company's signatory sees it waiting for her.
    let lene = token(&app, LENE).await;
    let c = json(app.get(&lene, &format!("/api/v1/contracts/{active}")).await).await;
    assert_eq!(c["draft"]["status"], "sent");

    // The seats are full and a referral waits; a follow-up is due.
    let seats = json(
        app.get(&karin, &format!("/api/v1/contracts/{active}/seats"))
            .await,
    )
    .await;
    let waiting = seats["waiting"].as_array().expect("waiting");
    assert_eq!(waiting.len(), 1, "{seats}");
    assert_eq!(waiting[0]["position"], 1);
    let due = json(app.get(&karin, "/api/v1/follow-ups/due").await).await;
    let due = due
        .as_array()
        .or_else(|| due["items"].as_array())
        .expect("a list");
    assert!(!due.is_empty(), "a follow-up is due");

    // Weeks of hours in every state, the current one open with entries.
    let s = json(
        app.get(&karin, &format!("/api/v1/contracts/{active}/hours/summary"))
            .await,
    )
    .await;
    let weeks = s["weeks"].as_array().expect("weeks");
    let week_states: BTreeSet<&str> = weeks.iter().filter_map(|w| w["status"].as_str()).collect();
    for st in ["open", "submitted", "approved", "rejected"] {
        assert!(week_states.contains(st), "a week {st}: {week_states:?}");
    }
    let ole = token(&app, OLE).await;
    let this_week = json(
        app.get(&ole, &format!("/api/v1/hours?contract_id={active}"))
            .await,
    )
    .await;
    assert_eq!(this_week["status"], "open");
    assert!(
        !this_week["entries"].as_array().expect("entries").is_empty(),
        "the current week has entries"
    );
    // Karin's inbox: the submitted week to decide, the rejected one back with the mentor.
    let pending = json(app.get(&karin, "/api/v1/hours/pending").await).await;
    let of_active = |status: &str| {
        pending
            .as_array()
            .expect("weeks")
            .iter()
            .filter(|w| w["contract_id"] == active.as_str() && w["status"] == status)
            .count()
    };
    assert_eq!(of_active("submitted"), 1, "{pending}");
    assert_eq!(of_active("rejected"), 1, "{pending}");
    assert_eq!(
        of_active("open"),
        0,
        "every past week was handed in: {pending}"
    );
    // No contract's week after its end (the terminated one's included) is listed as open.
    let ends: std::collections::HashMap<&str, &str> = items
        .iter()
        .filter_map(|c| Some((c["id"].as_str()?, c["end_date"].as_str()?)))
        .collect();
    for w in pending.as_array().expect("weeks") {
        let id = w["contract_id"].as_str().expect("contract");
        let week = w["week"].as_str().expect("week"); // "2011-W23"
        let (year, n) = week.split_once("-W").expect("an ISO week");
        let monday = chrono::NaiveDate::from_isoywd_opt(
            year.parse().expect("year"),
            n.parse().expect("week"),
            chrono::Weekday::Mon,
        )
        .expect("a week")
        .to_string();
        let end = ends.get(id).expect("a listed contract");
        assert!(
            monday.as_str() <= *end,
            "a week after the contract's end is listed: {w}"
        );
    }
    let terminated = items
        .iter()
        .find(|c| c["status"] == "terminated")
        .and_then(|c| c["id"].as_str())
        .expect("the terminated contract");
    assert!(
        !pending
            .as_array()
            .expect("weeks")
            .iter()
            .any(|w| w["contract_id"] == terminated && w["status"] == "open"),
        "the terminated contract's weeks were handed in up to its end: {pending}"
    );

    // The campaign: Middelfart in March 2011 as published.
    let campaigns = json(app.get(&karin, "/api/v1/campaigns").await).await;
    let campaigns = campaigns
        .as_array()
        .or_else(|| campaigns["items"].as_array())
        .expect("a list");
    let campaign = campaigns
        .iter()
        .find(|c| c["name"] == virksomhedscenter::demo::CAMPAIGN)
        .and_then(|c| c["id"].as_str())
        .expect("the campaign")
        .to_string();
    let jobcenters = json(app.get(&karin, "/api/v1/jobcenters?per_page=100").await).await;
    let jobcenters = jobcenters
        .as_array()
        .or_else(|| jobcenters["items"].as_array())
        .expect("a list");
    let middelfart = jobcenters
        .iter()
        .find(|j| j["name"] == "Jobcenter Middelfart")
        .and_then(|j| j["id"].as_str())
        .expect("Middelfart")
        .to_string();
    let goals = |month: &str| {
        let path =
            format!("/api/v1/campaigns/{campaign}/goals?month={month}&jobcenter_id={middelfart}");
        let (app, karin) = (&app, karin.clone());
        async move { json(app.get(&karin, &path).await).await[0].clone() }
    };
    let g = goals("2011-03").await;
    assert_eq!(g["baseline"], 22, "{g}");
    assert_eq!(g["in_activation"], 102, "{g}");
    assert_eq!(g["target_group"], 272);
    let target = g["target"].as_f64().expect("a target");
    assert!((target - 43.52).abs() < 1e-9, "unrounded: {target}");
    assert_eq!(pct(&g["attainment"]), "234 pct.");
    assert_eq!(pct(&g["growth"]), "364 pct.");
    assert_eq!(goals("2011-01").await["in_activation"], 84);
    // Mål 2 as published: 13 self-supporting of the 57 placements that ended in March 2011 and
    // were followed up four weeks later, 22,8 pct. against 20 pct. is 114 pct.
    assert_eq!(g["selfsupport_base"], 57, "{g}");
    assert_eq!(
        virksomhedscenter::ui::format::percent(g["selfsupport_share"].as_f64().expect("share")),
        "22,8 pct."
    );
    assert_eq!(pct(&g["selfsupport_attainment"]), "114 pct.");
    // Every Syddanmark jobcenter has figures.
    let all = json(
        app.get(
            &karin,
            &format!("/api/v1/campaigns/{campaign}/goals?month=2011-03"),
        )
        .await,
    )
    .await;
    let all = all.as_array().expect("goals");
    assert_eq!(all.len(), 21);
    assert!(all.iter().all(|g| g["target_group"].as_i64().is_some()));

    // The dashboard as Karin sees it.
    let b = app.browser();
    let res = app.login_form(&b, KARIN, DEMO_PASSWORD, "/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app
        .html(
            &b,
            &format!("/campaigns/{campaign}?month=2011-03&jobcenter_id={middelfart}"),
        )
        .await;
    assert!(page.contains("234 pct."), "Mål 1 as published");
    assert!(page.contains("364 pct."), "growth as published");
    assert!(page.contains("<dd>44</dd>"), "T in whole persons");
    assert!(page.contains("22,8 pct. af 57"), "Mål 2 with its base");
    assert!(
        page.contains(
            "Beregnet på 57 opfølgninger fire uger efter forløb, der sluttede i marts 2011."
        ),
        "what Mål 2 rests on"
    );
    assert!(
        page.contains("<th scope=\"row\">marts 2011</th><td class=\"num\">22</td><td class=\"num\">102</td><td class=\"num\">44</td><td class=\"num\">234 pct.</td>"),
        "the chart's table"
    );
    // The other companies have contracts too: the list shows several.
    let page = app.html(&b, "/contracts?per_page=100").await;
    for company in [
        "Fynsk Byggemarked A/S",
        "Middelfart Kommune, Materielgården",
        "Strib Bageri ApS",
        "Nørre Aaby Metal A/S",
        "Vestfyns Plejecenter",
    ] {
        assert!(page.contains(company), "{company} has a contract");
    }
    // No list of hers says "Ingen" on the contracts page.
    let page = app.html(&b, "/contracts").await;
    assert!(
        page.contains("Lillebælt Rengøring ApS"),
        "contracts are listed"
    );

    // A second load is a no-op.
    let keys = virksomhedscenter::state::Keys::from_secret(crate::helpers::SECRET).expect("keys");
    assert!(virksomhedscenter::demo::load(&app.db, &keys)
        .await
        .expect("no error")
        .is_none());
}

#[actix_web::test]
async fn the_demo_has_recorded_planned_and_overdue_visits() {
    let app = TestApp::spawn_demo().await;
    let karin = token(&app, KARIN).await;
    let tasks = json(app.get(&karin, "/api/v1/me/tasks").await).await;
    let overdue = tasks["items"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| {
            t["kind"] == "visit_overdue" && t["title"].as_str().unwrap_or("").starts_with("Ahmad")
        })
        .unwrap_or_else(|| panic!("Ahmad's overdue visit in Karin's inbox: {tasks}"));
    let link = overdue["link"].as_str().expect("link");
    let visits = json(app.get(&karin, &format!("/api/v1{link}")).await).await;
    let states: Vec<&str> = visits["items"]
        .as_array()
        .expect("visits")
        .iter()
        .filter_map(|v| v["state"].as_str())
        .collect();
    assert_eq!(&states[..3], ["done", "done", "overdue"], "{visits}");
    assert!(states.contains(&"moved"), "{visits}");
    assert!(states.contains(&"planned"), "{visits}");
    // Ole, the mentor, subscribes to them.
    let ole = token(&app, OLE).await;
    let url = json(app.get(&ole, "/api/v1/me/calendar").await).await["url"]
        .as_str()
        .expect("url")
        .to_string();
    let feed = app
        .http
        .get(&url)
        .send()
        .await
        .expect("feed")
        .text()
        .await
        .expect("text");
    assert!(feed.contains("Opfølgningsbesøg: Ahmad"), "{feed}");
    assert!(!feed.contains("Rahimi"));
}

/// The demo shows corrections (#22): a month three months back exported to payment, and a week
/// of it reopened for the mentor, with the reason.
#[actix_web::test]
async fn the_demo_has_an_exported_month_and_a_reopened_week() {
    use chrono::Datelike;
    let app = TestApp::spawn_demo().await;
    let today = virksomhedscenter::clock::today();
    let back = (today.with_day(1).expect("first") - chrono::Duration::days(70))
        .with_day(1)
        .expect("first");
    let month = format!("{:04}-{:02}", back.year(), back.month());
    let b = app.browser();
    let res = app
        .login_form(&b, "karin.holm@middelfart.dk", DEMO_PASSWORD, "/")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.html(&b, &format!("/payments?month={month}")).await;
    assert!(page.contains("Eksporteret"), "{month} is exported");
    let ole = token(&app, "ole@lillebaelt-rengoering.dk").await;
    let history: Vec<Value> = {
        use diesel::prelude::*;
        use virksomhedscenter::db::schema::hour_week_events as e;
        let mut conn = app.db.read_conn().expect("conn");
        let rows: Vec<(String, String)> = e::table
            .filter(e::action.eq("reopened"))
            .select((e::contract_id, e::week))
            .load(&mut conn)
            .expect("events");
        assert_eq!(rows.len(), 1, "one week reopened");
        let (contract, week) = rows[0].clone();
        let v = json(
            app.get(
                &ole,
                &format!("/api/v1/hours?contract_id={contract}&week={week}"),
            )
            .await,
        )
        .await;
        assert_eq!(v["status"], "rejected", "back with the mentor: {v}");
        v["history"].as_array().cloned().unwrap_or_default()
    };
    assert!(history
        .iter()
        .any(|h| h["action"] == "reopened" && h["reason"].as_str().is_some_and(|r| !r.is_empty())));
}

/// The campaign goals' A is read from `target_months`, which every placement write keeps: after
/// the demo (campaigns made, then placements referred, ended, moved up and cancelled through the
/// services) each row equals a count made afresh from the placement months, and no count is
/// missing (#23).
#[actix_web::test]
async fn the_kept_target_group_counts_equal_a_fresh_count() {
    use diesel::prelude::*;
    use std::collections::BTreeMap;
    use virksomhedscenter::campaign::model::TargetGroup;
    use virksomhedscenter::db::schema::{campaigns, placement_months as pm, target_months as tm};
    let app = TestApp::spawn_demo().await;
    crate::helpers::assert_month_counts_fresh(&app.db, "after the demo");
    let mut conn = app.db.read_conn().expect("conn");
    let groups: Vec<(i32, String)> = campaigns::table
        .select((campaigns::target_match_group, campaigns::target_benefits))
        .distinct()
        .load(&mut conn)
        .expect("groups");
    assert!(!groups.is_empty(), "the demo has a campaign");
    let mut checked = 0;
    for (match_group, stored) in groups {
        let group = TargetGroup::from_stored(&stored, match_group);
        let fresh: BTreeMap<(String, String), i64> = pm::table
            .filter(pm::match_group.eq(match_group))
            .filter(pm::benefit.eq_any(&group.benefits))
            .group_by((pm::jobcenter_id, pm::month))
            .select((
                pm::jobcenter_id,
                pm::month,
                diesel::dsl::count(pm::candidate_id).aggregate_distinct(),
            ))
            .load::<(String, String, i64)>(&mut conn)
            .expect("fresh")
            .into_iter()
            .map(|(j, m, n)| ((j, m), n))
            .collect();
        let kept: BTreeMap<(String, String), i64> = tm::table
            .filter(tm::match_group.eq(match_group))
            .filter(tm::benefits.eq(group.stored_benefits()))
            .select((tm::jobcenter_id, tm::month, tm::in_activation))
            .load::<(String, String, i32)>(&mut conn)
            .expect("kept")
            .into_iter()
            .map(|(j, m, n)| ((j, m), i64::from(n)))
            .collect();
        assert!(!fresh.is_empty(), "the demo has people of the target group");
        assert_eq!(kept, fresh, "target group {stored}/{match_group}");
        checked += fresh.len();
    }
    assert!(checked > 0);
}
