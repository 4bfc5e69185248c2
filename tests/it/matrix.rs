//! The access matrix of the API, generated from the OpenAPI document: every route, called by
//! every outsider (anonymous, a consultant of another jobcenter, the signatory and the mentor of
//! another company) and by an administrator, on jobcenter A's and company X's objects. Nothing of
//! theirs may come back to an outsider, nothing may change, nothing answers 5xx, and the
//! anonymous get 401. A route added to the API is in the document, so it is in the matrix.

use chrono::{Datelike, Duration};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    json, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X, SIGNATORY_Y,
};

struct Owned {
    contract: String,
    draft: String,
    candidate: String,
    placement: String,
    hour: String,
    week: String,
    campaign: String,
    /// Consultant A's invitation of a mentor to company X, and the person's e-mail.
    invitation: String,
    invited: String,
    /// A PDF consultant A attached to the contract (#22).
    document: String,
}

fn day(offset: i64) -> String {
    (virksomhedscenter::clock::today() + Duration::days(offset)).to_string()
}

async fn setup(app: &TestApp) -> Owned {
    let a = app.token(CONSULTANT_A).await;
    let x = app.token(SIGNATORY_X).await;
    let mentor = app.token(MENTOR_X).await;
    let admin = app.token(ADMIN).await;
    let terms = |start: i64| {
        json!({"company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X), "seats": 3,
            "offer_types": ["virksomhedspraktik"], "start_date": day(start), "end_date": day(start + 300),
            "mentor_minutes_per_week": 120, "mentor_rate_ore": 20000})
    };
    let contract = json(app.post(&a, "/api/v1/contracts", &terms(-30)).await).await["id"]
        .as_str()
        .expect("contract")
        .to_string();
    app.post(
        &a,
        &format!("/api/v1/contracts/{contract}/send"),
        &json!({}),
    )
    .await;
    let res = app
        .post(
            &x,
            &format!("/api/v1/contracts/{contract}/accept"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let draft = json(app.post(&a, "/api/v1/contracts", &terms(10)).await).await["id"]
        .as_str()
        .expect("draft")
        .to_string();
    let res = app
        .post(&a, "/api/v1/candidates", &json!({"cpr": "010180-4321", "name": "Hemmelig Hansen", "benefit": "kontanthjaelp", "match_group": 2}))
        .await;
    let candidate = json(res).await["id"]
        .as_str()
        .expect("candidate")
        .to_string();
    let res = app
        .post(
            &a,
            "/api/v1/referrals",
            &json!({"contract_id": contract, "candidate_id": candidate,
            "offer_type": "virksomhedspraktik", "start_date": day(1), "end_date": day(40)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let placement = json(res).await["placement_id"]
        .as_str()
        .expect("placement")
        .to_string();
    let res = app
        .post(&mentor, "/api/v1/hours", &json!({"contract_id": contract, "date": day(-2), "minutes": 60, "activity": "training"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let hour = json(res).await["id"].as_str().expect("hour").to_string();
    let d = virksomhedscenter::clock::today() - Duration::days(2);
    let w = d.iso_week();
    let week = format!("{}-W{:02}", w.year(), w.week());
    let res = app
        .post(
            &admin,
            "/api/v1/campaigns",
            &json!({"name": "Kampagne", "baseline_month": "2009-06", "end_month": "2011-06"}),
        )
        .await;
    let campaign = json(res).await["id"]
        .as_str()
        .expect("campaign")
        .to_string();
    let invited = "inviteret.x@test.dk".to_string();
    let res = app
        .post(
            &a,
            &format!("/api/v1/companies/{}/invitations", app.seed.company_x),
            &json!({"name": "Inviteret Person", "email": invited, "role": "mentor"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let invitation = json(res).await["id"]
        .as_str()
        .expect("invitation")
        .to_string();
    let pdf = reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
        .file_name("kontrakt.pdf")
        .mime_str("application/pdf")
        .expect("mime");
    let res = app
        .http
        .post(app.url(&format!("/api/v1/contracts/{contract}/documents")))
        .bearer_auth(&a)
        .multipart(reqwest::multipart::Form::new().part("file", pdf))
        .send()
        .await
        .expect("document");
    assert_eq!(res.status(), StatusCode::CREATED);
    let document = json(res).await["id"]
        .as_str()
        .expect("document")
        .to_string();
    Owned {
        contract,
        draft,
        candidate,
        placement,
        hour,
        week,
        campaign,
        invitation,
        invited,
        document,
    }
}

/// What the owners see of their objects: must be the same after the outsiders have tried.
async fn snapshot(app: &TestApp, o: &Owned) -> String {
    let a = app.token(CONSULTANT_A).await;
    let mut out = String::new();
    for path in [
        format!("/api/v1/contracts/{}", o.contract),
        format!("/api/v1/contracts/{}", o.draft),
        format!("/api/v1/candidates/{}", o.candidate),
        format!("/api/v1/placements/{}", o.placement),
        format!("/api/v1/hours?contract_id={}&week={}", o.contract, o.week),
        format!("/api/v1/jobcenters/{}", app.seed.jobcenter_a),
        format!("/api/v1/companies/{}", app.seed.company_x),
        format!("/api/v1/users/{}", app.user_id(CONSULTANT_A)),
        format!("/api/v1/companies/{}/invitations", app.seed.company_x),
        format!("/api/v1/contracts/{}/documents", o.contract),
        format!("/api/v1/placements/{}/documents", o.placement),
    ] {
        let res = app.get(&a, &path).await;
        let status = res.status();
        out.push_str(&format!(
            "{path} {status} {}\n",
            res.text().await.unwrap_or_default()
        ));
    }
    out
}

/// A body that would change something if the caller were allowed to.
fn body_for(path: &str, o: &Owned, app: &TestApp) -> Value {
    match path {
        "/api/v1/hours" => {
            json!({"contract_id": o.contract, "date": day(-1), "minutes": 30, "activity": "training"})
        }
        "/api/v1/hours/{id}" => json!({"minutes": 240}),
        "/api/v1/referrals" => json!({"contract_id": o.contract, "candidate_id": o.candidate,
            "offer_type": "virksomhedspraktik", "start_date": day(50), "end_date": day(60)}),
        "/api/v1/contracts/{id}" => {
            json!({"company_id": app.seed.company_x, "mentor_id": app.user_id(MENTOR_X),
            "seats": 1, "offer_types": ["virksomhedspraktik"], "start_date": day(10), "end_date": day(20),
            "mentor_minutes_per_week": 1, "mentor_rate_ore": 1})
        }
        "/api/v1/placements/{id}/end" => json!({"date": day(2), "outcome": "other"}),
        "/api/v1/placements/{id}/extend" => json!({"end_date": day(80)}),
        "/api/v1/placements/{id}/follow-up" => json!({"self_supporting": true}),
        "/api/v1/placements/{id}/visits/{seq}" => {
            json!({"date": day(5), "time": "10:00", "done_on": day(1), "note": "x"})
        }
        "/api/v1/placements/{id}/activities" => {
            json!({"kind": "exercise", "provider": "x", "description": "x",
            "minutes_per_week": 60, "cost_ore": 100, "start_date": day(2), "end_date": day(10)})
        }
        "/api/v1/contracts/{id}/terminate" => json!({"date": day(5), "reason": "x"}),
        "/api/v1/campaigns/{id}/figures" => {
            json!({"rows": [{"jobcenter_id": app.seed.jobcenter_a, "month": "2010-01", "target_group": 5}]})
        }
        "/api/v1/jobcenters/{id}" => json!({"name": "Overtaget"}),
        "/api/v1/companies/{id}" => json!({"name": "Overtaget"}),
        "/api/v1/users/{id}" => json!({"name": "Overtaget", "active": false}),
        _ => json!({}),
    }
}

/// A mail of the outbox (the set-up's contract was sent: its signatory's mail).
fn first_mail(app: &TestApp) -> String {
    use diesel::prelude::*;
    use virksomhedscenter::db::schema::mail_outbox;
    let mut conn = app.db.read_conn().expect("conn");
    mail_outbox::table
        .select(mail_outbox::id)
        .order(mail_outbox::created_at.asc())
        .first(&mut conn)
        .expect("the set-up wrote a mail")
}

fn fill(path: &str, o: &Owned, app: &TestApp) -> String {
    let id = match path.split('/').nth(3).unwrap_or_default() {
        "contracts" => o.contract.clone(),
        "candidates" => o.candidate.clone(),
        "placements" => o.placement.clone(),
        "hours" => o.hour.clone(),
        "jobcenters" => app.seed.jobcenter_a.clone(),
        "companies" => app.seed.company_x.clone(),
        "users" => app.user_id(CONSULTANT_A),
        "campaigns" => o.campaign.clone(),
        "invitations" => o.invitation.clone(),
        "outbox" => first_mail(app),
        "documents" => o.document.clone(),
        _ => String::new(),
    };
    let mut p = path
        .replace("{id}", &id)
        .replace("{n}", "1")
        .replace("{seq}", "1")
        .replace("{week}", &o.week)
        .replace("{date}", &virksomhedscenter::clock::today().to_string());
    if p == "/api/v1/hours" {
        p = format!("{p}?contract_id={}&week={}", o.contract, o.week);
    }
    if p.starts_with("/api/v1/contracts/") && p.ends_with("/seats") {
        p.push_str("?from=2000-01-01&to=2040-01-01");
    }
    p
}

#[actix_web::test]
async fn foreign_objects_are_never_returned_or_changed() {
    let app = TestApp::spawn().await;
    let o = setup(&app).await;
    let admin = app.token(ADMIN).await;
    // A mentor of another company.
    let res = app
        .post(&admin, "/api/v1/users", &json!({"email": "mentor.y@test.dk", "name": "Mentor Y",
            "role": "mentor", "company_id": app.seed.company_y, "password": crate::helpers::PASSWORD}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let before = snapshot(&app, &o).await;
    // What an outsider must never see: the owners' ids and the person's name and CPR.
    let private = [
        o.contract.as_str(),
        o.draft.as_str(),
        o.candidate.as_str(),
        o.placement.as_str(),
        o.hour.as_str(),
        o.invitation.as_str(),
        o.invited.as_str(),
        o.document.as_str(),
        "Hemmelig",
        "010180",
    ];
    let doc: Value = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    let mut routes: Vec<(Method, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in ["get", "post", "put", "patch", "delete"] {
            if item.get(m).is_some() {
                routes.push((
                    Method::from_bytes(m.to_uppercase().as_bytes()).expect("method"),
                    path.clone(),
                ));
            }
        }
    }
    // The routes that end the caller's own sessions go last.
    routes.sort_by_key(|(_, p)| p.starts_with("/api/v1/auth/"));
    assert!(
        routes.len() >= 60,
        "the document lists every route: {}",
        routes.len()
    );
    let outsiders = [
        ("anonymous", None),
        ("consultant B", Some(app.token(CONSULTANT_B).await)),
        ("signatory Y", Some(app.token(SIGNATORY_Y).await)),
        ("mentor Y", Some(app.token("mentor.y@test.dk").await)),
        ("admin", Some(admin.clone())),
    ];
    let mut checked = 0;
    for (method, path) in &routes {
        let url = app.url(&fill(path, &o, &app));
        let body = body_for(path, &o, &app);
        // Administrators keep the directory, the users and the campaigns: their changes there
        // are theirs to make. Everywhere else they read and do not act.
        let admin_keeps = [
            "/api/v1/jobcenters",
            "/api/v1/companies",
            "/api/v1/users",
            "/api/v1/campaigns",
            "/api/v1/invitations",
        ]
        .iter()
        .any(|p| path.starts_with(p));
        for (who, token) in &outsiders {
            if *who == "admin" && *method != Method::GET && admin_keeps {
                continue;
            }
            // The company registry is national: every consultant may correct any company
            // (docs/security.md). Other companies' people may not, which the snapshot checks.
            if *who == "consultant B"
                && *method != Method::GET
                && path.starts_with("/api/v1/companies")
            {
                continue;
            }
            let mut req = app.http.request(method.clone(), &url);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            if *method != Method::GET {
                req = req.json(&body);
            }
            let res = req.send().await.expect("request");
            let status = res.status();
            let text = res.text().await.unwrap_or_default();
            assert!(
                !status.is_server_error(),
                "{who} {method} {path}: {status} {text}"
            );
            let public = path == "/api/v1/auth/login" || path == "/health";
            if token.is_none() && !public {
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{who} {method} {path}: {text}"
                );
            }
            if *who != "admin" {
                for p in private {
                    assert!(
                        !text.contains(p),
                        "{who} {method} {path} ({status}) returned {p}: {text}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 300, "{checked} calls");
    let after = snapshot(&app, &o).await;
    assert_eq!(before, after, "nothing of jobcenter A or company X changed");
}

/// The page routes, read from the handlers' attributes in the source files that are not API
/// modules (`#[get("/...")]`,
/// `#[post("/...")]` and the contract actions' `action_route!`), so a page added to the code is
/// in the matrix without anyone listing it.
fn page_routes() -> Vec<(Method, String)> {
    // Every Rust file under src/, read when the test runs: a new module is found too.
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(&path).expect("read source"));
            }
        }
    }
    let mut sources = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    // The API's handlers are under /api/v1 (their scope); the API matrix covers them.
    let sources: Vec<&str> = sources
        .iter()
        .filter(|s| !s.contains("#[utoipa::path"))
        .map(String::as_str)
        .collect();
    let mut routes = Vec::new();
    for src in sources {
        for (marker, method) in [
            ("#[get(\"", Method::GET),
            ("#[post(\"", Method::POST),
            ("action_route!(", Method::POST),
        ] {
            let mut rest = src;
            while let Some(at) = rest.find(marker) {
                rest = &rest[at + marker.len()..];
                let start = if marker.ends_with('"') {
                    0
                } else {
                    match rest.find('"') {
                        Some(q) => q + 1,
                        None => break,
                    }
                };
                let Some(len) = rest[start..].find('"') else {
                    break;
                };
                let path = &rest[start..start + len];
                // `macro_rules!` holds `#[post($path)]`, which is no path.
                if path.starts_with('/') {
                    routes.push((method.clone(), path.to_string()));
                }
            }
        }
    }
    routes.sort_by_key(|(m, p)| (p.starts_with("/logout"), p.clone(), m.to_string()));
    routes.dedup();
    routes
}

/// The pages' form fields an outsider would send to change the owners' objects. Forms read
/// the fields they know; the rest are ignored.
fn page_form(path: &str, o: &Owned, app: &TestApp, csrf: &str) -> Vec<(String, String)> {
    let mut f: Vec<(&str, String)> = vec![
        ("csrf", csrf.to_string()),
        ("contract_id", o.contract.clone()),
        ("candidate_id", o.candidate.clone()),
        ("placement_id", o.placement.clone()),
        ("week", o.week.clone()),
        ("company_id", app.seed.company_x.clone()),
        ("jobcenter_id", app.seed.jobcenter_a.clone()),
        ("offer_type", "virksomhedspraktik".into()),
        ("start_date", day(50)),
        ("end_date", day(60)),
        ("date", day(2)),
        ("outcome", "other".into()),
        ("self_supporting", "true".into()),
        ("time", "10:00".into()),
        ("note", "x".into()),
        ("reason", "x".into()),
        ("comment", "x".into()),
        ("name", "Overtaget".into()),
        ("active", "false".into()),
        ("seats", "1".into()),
        // The search echoes its query: search for the surname, then look for the first name.
        ("q", "Hansen".into()),
    ];
    if path.starts_with("/hours/grid") {
        f.push(("minutes", "240".into()));
    }
    f.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn fill_page(path: &str, o: &Owned, app: &TestApp) -> String {
    let id = match path.split('/').nth(1).unwrap_or_default() {
        "contracts" => o.contract.clone(),
        "candidates" => o.candidate.clone(),
        "placements" => o.placement.clone(),
        "jobcenters" => app.seed.jobcenter_a.clone(),
        "companies" => app.seed.company_x.clone(),
        "users" => app.user_id(CONSULTANT_A),
        "campaigns" => o.campaign.clone(),
        "invitations" => o.invitation.clone(),
        "admin" => first_mail(app),
        "documents" => o.document.clone(),
        _ => String::new(),
    };
    let mut p = path
        .replace("{id}", &id)
        .replace("{job}", "1")
        .replace("{seq}", "1");
    if p == "/hours" || p == "/seats" {
        p = format!("{p}?contract_id={}&week={}", o.contract, o.week);
    }
    p
}

#[actix_web::test]
async fn foreign_objects_are_never_shown_or_changed_on_the_pages() {
    let app = TestApp::spawn().await;
    let o = setup(&app).await;
    let admin = app.token(ADMIN).await;
    let res = app
        .post(&admin, "/api/v1/users", &json!({"email": "mentor.y@test.dk", "name": "Mentor Y",
            "role": "mentor", "company_id": app.seed.company_y, "password": crate::helpers::PASSWORD}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let before = snapshot(&app, &o).await;
    let private = [
        o.contract.as_str(),
        o.draft.as_str(),
        o.candidate.as_str(),
        o.placement.as_str(),
        o.hour.as_str(),
        // (The invited person is listed among the company's people on its page, to every
        // consultant, as the company's other users are.)
        o.invitation.as_str(),
        o.document.as_str(),
        "Hemmelig",
        "010180",
    ];
    let routes = page_routes();
    assert!(routes.len() >= 60, "the page routes: {}", routes.len());
    for known in [
        "/contracts/{id}/accept",
        "/hours/grid",
        "/campaigns/{id}/import/{job}",
    ] {
        assert!(
            routes.iter().any(|(_, p)| p == known),
            "{known} was read from the source"
        );
    }
    let mut outsiders = vec![("anonymous", app.browser(), String::new())];
    for (who, email) in [
        ("consultant B", CONSULTANT_B),
        ("signatory Y", SIGNATORY_Y),
        ("mentor Y", "mentor.y@test.dk"),
        ("admin", ADMIN),
    ] {
        let b = app.browser_logged_in(email).await;
        let csrf = app.csrf(&b, "/").await;
        outsiders.push((who, b, csrf));
    }
    let mut checked = 0;
    for (method, path) in &routes {
        let url = app.url(&fill_page(path, &o, &app));
        let admin_keeps = [
            "/jobcenters",
            "/companies",
            "/users",
            "/campaigns",
            "/invitations",
        ]
        .iter()
        .any(|p| path.starts_with(p));
        for (who, browser, csrf) in &outsiders {
            if *who == "admin" && *method != Method::GET && admin_keeps {
                continue;
            }
            if *who == "consultant B" && *method != Method::GET && path.starts_with("/companies") {
                continue;
            }
            let mut req = browser.request(method.clone(), &url);
            if *method == Method::POST {
                req = req.form(&page_form(path, &o, &app, csrf));
            }
            let res = req.send().await.expect("request");
            let status = res.status();
            let location = res
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let text = res.text().await.unwrap_or_default();
            assert!(
                !status.is_server_error(),
                "{who} {method} {path}: {status} {text}"
            );
            // The login, the accessibility statement, an invitation's link, a mail's signed
            // unsubscribe link and a calendar feed (its secret token) need no login.
            let public = path == "/login"
                || path == "/tilgaengelighed"
                || path.starts_with("/invitation/")
                || path == "/mail/unsubscribe"
                || path == "/calendar/{token}.ics";
            if *who == "anonymous" && !public {
                let to_login = status == StatusCode::SEE_OTHER && location.starts_with("/login");
                assert!(
                    to_login
                        || status == StatusCode::FORBIDDEN
                        || status == StatusCode::UNAUTHORIZED,
                    "anonymous {method} {path}: {status} {location}"
                );
            }
            // The way to the login page carries the address asked for; that is the caller's own.
            let shown_location = if location.starts_with("/login?next=") {
                ""
            } else {
                location.as_str()
            };
            if *who != "admin" {
                for p in private {
                    assert!(
                        !text.contains(p) && !shown_location.contains(p),
                        "{who} {method} {path} ({status}) returned {p}: {location} {text}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 250, "{checked} calls");
    let after = snapshot(&app, &o).await;
    assert_eq!(before, after, "nothing of jobcenter A or company X changed");
}
