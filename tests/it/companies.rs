//! Issue #17.1: a company's record is shared by every jobcenter that contracts with it, so only
//! administrators change its CVR number, only they and the contracting jobcenters' consultants
//! change the rest, a signatory proposes corrections, every change is an audit line, and an
//! accepted contract keeps the company as it was accepted (print, difference, payments).

use chrono::{Datelike, Duration};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    csrf_of, day, json, Terms, TestApp, ADMIN, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X,
    SIGNATORY_Y,
};

async fn audit_of(app: &TestApp, company: &str) -> Vec<Value> {
    let admin = app.token(ADMIN).await;
    let res = app
        .get(
            &admin,
            &format!("/api/v1/audit?object_type=company&object_id={company}"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    json(res).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn detail(line: &Value) -> Value {
    serde_json::from_str(line["detail"].as_str().unwrap_or("{}")).expect("detail is JSON")
}

#[actix_web::test]
async fn only_the_contracting_jobcenter_and_administrators_change_a_company() {
    let app = TestApp::spawn().await;
    let x = app.seed.company_x.clone();
    app.accepted_contract(&Terms::days(4, 1, 120)).await;
    let path = format!("/api/v1/companies/{x}");
    let b = app.token(CONSULTANT_B).await;
    let a = app.token(CONSULTANT_A).await;
    let signatory = app.token(SIGNATORY_X).await;
    let admin = app.token(ADMIN).await;

    // Another jobcenter's consultant and the company's own signatory: 403, nothing changed.
    for (token, who) in [(&b, "consultant B"), (&signatory, "signatory")] {
        let res = app
            .patch(
                token,
                &path,
                &json!({"name": "Kapret ApS", "cvr": "29184720"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
        let res = app
            .patch(token, &path, &json!({"address": "Kapervej 1"}))
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
    }
    // A draft of its own with the company gives another jobcenter no rights over the record:
    // only a contract the company accepted does.
    let mut terms = Terms::days(2, 5, 60);
    terms.seats = 2;
    let b_draft = app.draft_contract(&b, &terms).await;
    assert!(!b_draft.is_empty());
    let res = app
        .patch(&b, &path, &json!({"address": "Kapervej 1"}))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a draft gives no rights"
    );
    // Access is checked before the fields: a bad value from an outsider is still a 403.
    let res = app.patch(&b, &path, &json!({"postcode": "x"})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The contracting jobcenter's consultant changes name and address, not the CVR number.
    let res = app.patch(&a, &path, &json!({"cvr": "29184720"})).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "CVR: administrators only"
    );
    let res = app
        .patch(
            &a,
            &path,
            &json!({"name": "Virksomhed X A/S", "address": "Havnen 3"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The administrator changes the CVR number (to a valid, unused one).
    let res = app.patch(&admin, &path, &json!({"cvr": "25313763"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["cvr"], "25313763");
    // A worksite: the same rule.
    let site = json!({"p_number": "1003388394", "name": "Lageret", "address": "Vej 2",
                      "postcode": "5500", "city": "Middelfart", "ordinary_employees": 5});
    let res = app.post(&b, &format!("{path}/worksites"), &site).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.post(&a, &format!("{path}/worksites"), &site).await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // Every change is an audit line with the fields, old and new; the refused ones are not.
    let lines = audit_of(&app, &x).await;
    let updates: Vec<&Value> = lines
        .iter()
        .filter(|l| l["action"] == "company_updated")
        .collect();
    assert_eq!(updates.len(), 2, "{lines:?}");
    let cvr_change = updates
        .iter()
        .map(|l| detail(l))
        .find(|d| d.get("cvr").is_some())
        .expect("the CVR change is audited");
    assert_eq!(cvr_change["cvr"]["from"], "13585628");
    assert_eq!(cvr_change["cvr"]["to"], "25313763");
    let name_change = updates
        .iter()
        .map(|l| detail(l))
        .find(|d| d.get("name").is_some())
        .expect("the name change is audited");
    assert_eq!(name_change["name"]["from"], "Virksomhed X");
    assert_eq!(name_change["name"]["to"], "Virksomhed X A/S");
    assert_eq!(name_change["address"]["to"], "Havnen 3");
    assert!(lines.iter().any(|l| l["action"] == "worksite_added"));
    assert!(lines.iter().all(|l| l["object_type"] == "company"));

    // Company Y has no contract yet: any consultant may correct it (not its CVR number).
    let y = app.seed.company_y.clone();
    let res = app
        .patch(
            &b,
            &format!("/api/v1/companies/{y}"),
            &json!({"city": "Fredericia"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .patch(
            &b,
            &format!("/api/v1/companies/{y}"),
            &json!({"cvr": "13585628"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_signatory_proposes_a_correction_that_the_jobcenter_decides() {
    let app = TestApp::spawn().await;
    let x = app.seed.company_x.clone();
    app.accepted_contract(&Terms::days(4, 1, 120)).await;
    let signatory = app.token(SIGNATORY_X).await;
    let mentor = app.token(MENTOR_X).await;
    let other = app.token(SIGNATORY_Y).await;
    let a = app.token(CONSULTANT_A).await;
    let b = app.token(CONSULTANT_B).await;
    let admin = app.token(ADMIN).await;
    let base = format!("/api/v1/companies/{x}/corrections");

    // Only the company's own signatory proposes; the proposal is validated like a change.
    let body = json!({"address": "Ny Havnegade 9", "comment": "Vi er flyttet"});
    assert_eq!(
        app.post(&mentor, &base, &body).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&other, &base, &body).await.status(),
        StatusCode::NOT_FOUND,
        "another company's record is not even seen"
    );
    let res = app
        .post(&signatory, &base, &json!({"postcode": "55"}))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json(res).await["fields"]["postcode"].is_array());
    let res = app
        .post(&signatory, &base, &json!({"name": "Virksomhed X"}))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing changes"
    );
    assert!(json(res).await["fields"]["changes"].is_array());

    let res = app.post(&signatory, &base, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let c = json(res).await;
    assert_eq!(c["status"], "pending");
    assert_eq!(c["changes"]["address"]["from"], "Vej 1");
    assert_eq!(c["changes"]["address"]["to"], "Ny Havnegade 9");
    let id = c["id"].as_str().expect("id").to_string();
    let company = json(app.get(&a, &format!("/api/v1/companies/{x}")).await).await;
    assert_eq!(
        company["address"], "Vej 1",
        "nothing changes before the decision"
    );
    let listed = json(app.get(&a, &format!("{base}?status=pending")).await).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    // It is a task for the contracting jobcenter's consultants and the administrators.
    let has_task = |tasks: Value| {
        tasks["items"]
            .as_array()
            .is_some_and(|i| i.iter().any(|t| t["kind"] == "company_correction"))
    };
    assert!(has_task(json(app.get(&a, "/api/v1/me/tasks").await).await));
    assert!(has_task(
        json(app.get(&admin, "/api/v1/me/tasks").await).await
    ));
    assert!(!has_task(json(app.get(&b, "/api/v1/me/tasks").await).await));

    // Another jobcenter's consultant may not decide it; the contracting one approves it once.
    assert_eq!(
        app.post(&b, &format!("{base}/{id}/approve"), &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .post(&a, &format!("{base}/{id}/approve"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(res).await["status"], "approved");
    let company = json(app.get(&a, &format!("/api/v1/companies/{x}")).await).await;
    assert_eq!(company["address"], "Ny Havnegade 9");
    assert_eq!(
        app.post(&a, &format!("{base}/{id}/approve"), &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT,
        "decided once"
    );

    // A CVR correction: the consultant may not approve it, an administrator may.
    let res = app
        .post(&signatory, &base, &json!({"cvr": "25313763"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let cvr_id = json(res).await["id"].as_str().expect("id").to_string();
    assert_eq!(
        app.post(&a, &format!("{base}/{cvr_id}/approve"), &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .post(&admin, &format!("{base}/{cvr_id}/approve"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // A rejection keeps the record and its reason.
    let res = app.post(&signatory, &base, &json!({"city": "Strib"})).await;
    let rid = json(res).await["id"].as_str().expect("id").to_string();
    let res = app
        .post(
            &a,
            &format!("{base}/{rid}/reject"),
            &json!({"reason": "Strib er ikke en by her"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let r = json(res).await;
    assert_eq!(r["status"], "rejected");
    assert_eq!(r["reason"], "Strib er ikke en by her");
    let company = json(app.get(&a, &format!("/api/v1/companies/{x}")).await).await;
    assert_eq!(company["city"], "Middelfart");
    assert_eq!(company["cvr"], "25313763");

    let actions: Vec<String> = audit_of(&app, &x)
        .await
        .iter()
        .map(|l| l["action"].as_str().unwrap_or("").to_string())
        .collect();
    for a in [
        "correction_proposed",
        "correction_approved",
        "correction_rejected",
        "company_updated",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

/// The pages: the signatory's form posts a proposal, the consultant approves it on the
/// company's page; another jobcenter's consultant gets no edit form and a 403 on the post.
#[actix_web::test]
async fn corrections_through_the_pages() {
    let app = TestApp::spawn().await;
    let x = app.seed.company_x.clone();
    app.accepted_contract(&Terms::days(4, 1, 120)).await;

    let signatory = app.browser_logged_in(SIGNATORY_X).await;
    let page = app.html(&signatory, &format!("/companies/{x}")).await;
    assert!(
        page.contains(&format!("/companies/{x}/correction")),
        "offered"
    );
    assert!(
        !page.contains(&format!("/companies/{x}/edit")),
        "no edit form"
    );
    let form = app
        .html(&signatory, &format!("/companies/{x}/correction"))
        .await;
    let csrf = csrf_of(&form);
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf", csrf.as_str()),
        ("cvr", "13585628"),
        ("name", "Virksomhed X"),
        ("sector", "private"),
        ("address", "Vej 1"),
        ("postcode", "5500"),
        ("city", "Middelfart"),
        ("ordinary_employees", "abc"),
        ("comment", "Flere ansatte nu"),
    ];
    let res = signatory
        .post(app.url(&format!("/companies/{x}/corrections")))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("value=\"abc\""), "typed value kept");
    assert!(html.contains("Flere ansatte nu"), "comment kept");
    fields[7] = ("ordinary_employees", "42");
    let res = signatory
        .post(app.url(&format!("/companies/{x}/corrections")))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let b = app.browser_logged_in(CONSULTANT_B).await;
    let page = app.html(&b, &format!("/companies/{x}")).await;
    assert!(!page.contains(&format!("/companies/{x}/edit")));
    assert!(!page.contains("/approve"), "B may not decide");
    let csrf = csrf_of(&page);
    let res = b
        .post(app.url(&format!("/companies/{x}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("cvr", "13585628"),
            ("name", "Kapret"),
            ("sector", "private"),
            ("address", "Vej 1"),
            ("postcode", "5500"),
            ("city", "Middelfart"),
            ("ordinary_employees", "x"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "access before validation"
    );

    let a = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&a, &format!("/companies/{x}")).await;
    assert!(page.contains("Flere ansatte nu"));
    let approve = page
        .split("action=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.ends_with("/approve"))
        .expect("approve form")
        .to_string();
    let csrf = csrf_of(&page);
    let res = a
        .post(app.url(&approve))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("approve");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let token = app.token(CONSULTANT_A).await;
    let company = json(app.get(&token, &format!("/api/v1/companies/{x}")).await).await;
    assert_eq!(company["ordinary_employees"], 42);
    // The consultant's edit form does not offer the CVR number.
    let edit = app.html(&a, &format!("/companies/{x}/edit")).await;
    assert!(!edit.contains("id=\"f-cvr\""));
}

/// The accepted version keeps the company: after the record changes, the print, the payments
/// and an amendment's difference show the company as it was accepted (and what changed).
#[actix_web::test]
async fn an_accepted_contract_keeps_the_company_as_accepted() {
    let app = TestApp::spawn().await;
    let x = app.seed.company_x.clone();
    let today = virksomhedscenter::clock::today();
    let monday = today
        - Duration::days(i64::from(today.weekday().num_days_from_monday()))
        - Duration::weeks(2);
    let mut terms = Terms::days(4, 0, 200);
    terms.start_date = (monday - Duration::weeks(1)).to_string();
    let id = app.accepted_contract(&terms).await;
    let consultant = app.token(CONSULTANT_A).await;
    let mentor = app.token(MENTOR_X).await;
    let admin = app.token(ADMIN).await;

    // Approved hours to pay.
    let res = app
        .post(
            &mentor,
            "/api/v1/hours",
            &json!({"contract_id": id, "date": monday.to_string(), "minutes": 60,
                    "activity": "training", "note": ""}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let w = monday.iso_week();
    let week = format!("{}-W{:02}", w.year(), w.week());
    for (token, action) in [(&mentor, "submit"), (&consultant, "approve")] {
        let res = app
            .post(
                token,
                &format!("/api/v1/contracts/{id}/weeks/{week}/{action}"),
                &json!({}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{action}");
    }

    // The record changes after acceptance.
    let res = app
        .patch(
            &admin,
            &format!("/api/v1/companies/{x}"),
            &json!({"name": "Omdøbt ApS", "cvr": "25313763", "address": "Andenvej 5"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The print shows what was accepted.
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let print = app.html(&b, &format!("/contracts/{id}/print")).await;
    assert!(print.contains("CVR 13585628"), "accepted CVR printed");
    assert!(print.contains("Virksomhed X"));
    assert!(
        !print.contains("Omdøbt ApS"),
        "the new name is not what was accepted"
    );
    assert!(!print.contains("25313763"));

    // The payments of the approved month name the accepted company.
    let month = format!("{}-{:02}", monday.year(), monday.month());
    let rows = json(
        app.get(&consultant, &format!("/api/v1/payments?month={month}"))
            .await,
    )
    .await;
    assert_eq!(rows[0]["company_cvr"], "13585628", "{rows}");
    assert_eq!(rows[0]["company_name"], "Virksomhed X");

    // An amendment shows the company's change against what was accepted, and accepting it
    // keeps the new record (and hashes it).
    let res = app
        .post(
            &consultant,
            &format!("/api/v1/contracts/{id}/amend"),
            &json!({"effective_from": day(30)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", json(res).await);
    let diff = json(
        app.get(&consultant, &format!("/api/v1/contracts/{id}/diff"))
            .await,
    )
    .await;
    let changes = diff["changes"].as_array().cloned().unwrap_or_default();
    let cvr = changes
        .iter()
        .find(|c| c["field"] == "company.cvr")
        .unwrap_or_else(|| panic!("the CVR change is in the difference: {diff}"));
    assert_eq!(cvr["from"], "13585628");
    assert_eq!(cvr["to"], "25313763");
    assert!(changes.iter().any(|c| c["field"] == "company.name"));
}
