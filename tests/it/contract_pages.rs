//! The contract journey through the Danish pages: draft, send, review, change, accept, print.

use chrono::Duration;
use reqwest::{Client, StatusCode};

use serde_json::json;

use crate::helpers::{
    csrf_of, json, TestApp, CONSULTANT_A, CONSULTANT_B, MENTOR_X, SIGNATORY_X, SIGNATORY_Y,
};

fn dk_date(offset: i64) -> String {
    (virksomhedscenter::clock::today() + Duration::days(offset))
        .format("%d-%m-%Y")
        .to_string()
}

async fn page(app: &TestApp, b: &Client, path: &str) -> (StatusCode, String) {
    let res = b.get(app.url(path)).send().await.expect("page");
    let status = res.status();
    (status, res.text().await.expect("html"))
}

/// The value of the hidden revision field of a page.
fn revision_of(html: &str) -> String {
    let marker = "name=\"revision\" value=\"";
    let start = html.find(marker).expect("revision field") + marker.len();
    let end = html[start..].find('"').expect("quote") + start;
    html[start..end].to_string()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap_or("").to_string()
}

#[actix_web::test]
async fn the_contract_journey_through_the_pages() {
    let app = TestApp::spawn().await;
    let consultant = app.browser_logged_in(CONSULTANT_A).await;
    let mentor_id = app.user_id(MENTOR_X);

    let (status, html) = page(&app, &consultant, "/contracts/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Vælg virksomheden"));
    let (status, html) = page(
        &app,
        &consultant,
        &format!("/contracts/new?company_id={}", app.seed.company_x),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("mentor.x"),
        "the company's mentors are offered"
    );
    let csrf = csrf_of(&html);

    let company_x = app.seed.company_x.clone();
    let start = dk_date(-5);
    let end = dk_date(360);
    let base = |seats: &'static str, rate: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("company_id", company_x.clone()),
            ("mentor_id", mentor_id.clone()),
            ("seats", seats.to_string()),
            ("offer_types", "virksomhedspraktik".to_string()),
            ("offer_types", "loentilskud".to_string()),
            ("target_benefits", "kontanthjaelp".to_string()),
            ("target_match_group", "2".to_string()),
            ("mentor_hours", "3".to_string()),
            ("mentor_basis", "centre".to_string()),
            ("mentor_rate_kr", rate.to_string()),
            ("activity_kind", "danish_lessons".to_string()),
            ("activity_provider", "Sprogcenter Fyn".to_string()),
            ("activity_description", "".to_string()),
            ("activity_hours", "4".to_string()),
            ("activity_cost_kr", "12.000".to_string()),
            ("activity_kind", "exercise".to_string()),
            ("activity_provider", "Middelfart Fitness".to_string()),
            (
                "activity_description",
                "Træning to gange om ugen".to_string(),
            ),
            ("activity_hours", "1,5".to_string()),
            ("activity_cost_kr", "3000".to_string()),
            ("activity_kind", "".to_string()),
            ("activity_provider", "".to_string()),
            ("activity_description", "".to_string()),
            ("activity_hours", "".to_string()),
            ("activity_cost_kr", "".to_string()),
            ("start_date", start.clone()),
            ("end_date", end.clone()),
            ("follow_up_weeks", "4".to_string()),
            ("notice_days", "30".to_string()),
            ("ordinary_employees", "20".to_string()),
            ("employee_rep_statement", "true".to_string()),
        ]
    };

    let res = consultant
        .post(app.url("/contracts"))
        .form(&base("0", "to hundrede"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("Skriv et beløb i kroner"), "the rate message");
    assert!(
        html.contains("value=\"to hundrede\""),
        "the typed rate is kept"
    );
    assert!(
        html.contains("value=\"Middelfart Fitness\""),
        "the activity rows are kept"
    );

    let res = consultant
        .post(app.url("/contracts"))
        .form(&base("4", "200,00"))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let contract_path = location(&res).split('?').next().unwrap_or("").to_string();
    assert!(contract_path.starts_with("/contracts/"));

    let (_, html) = page(&app, &consultant, &contract_path).await;
    assert!(html.contains("kladde"));
    assert!(html.contains("Sprogcenter Fyn") && html.contains("12.000,00 kr."));
    assert!(html.contains("3 t pr. uge for centret"), "{}", &html[..0]);
    assert!(html.contains("200,00 kr."));
    let csrf = csrf_of(&html);
    let rev = revision_of(&html);
    let res = consultant
        .post(app.url(&format!("{contract_path}/send")))
        .form(&[("csrf", csrf.as_str()), ("revision", rev.as_str())])
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The company reviews from its inbox.
    let company = app.browser_logged_in(SIGNATORY_X).await;
    let (_, home) = page(&app, &company, "/").await;
    assert!(home.contains("Kontrakt til gennemsyn") && home.contains(&contract_path));
    let (status, html) = page(&app, &company, &contract_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Første udgave"));
    assert!(html.contains("Tjek og accepter") && html.contains("Bed om ændringer"));
    assert!(!html.contains("Send til virksomheden"));
    let csrf = csrf_of(&html);
    let rev = revision_of(&html);
    let res = company
        .post(app.url(&format!("{contract_path}/request-changes")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("comment", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a comment is needed"
    );
    let res = company
        .post(app.url(&format!("{contract_path}/request-changes")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("revision", rev.as_str()),
            ("comment", "Kun 3 pladser, tak"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The consultant edits; a stale revision overwrites nothing.
    let (_, html) = page(&app, &consultant, &contract_path).await;
    assert!(
        html.contains("Kun 3 pladser, tak"),
        "the company's comment is shown"
    );
    let (status, edit) = page(&app, &consultant, &format!("{contract_path}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(edit.contains("value=\"Sprogcenter Fyn\"") && edit.contains("value=\"12000,00\""));
    let rev = revision_of(&edit);
    let csrf = csrf_of(&edit);
    let mut fields = base("3", "200,00");
    fields[0].1 = csrf.clone();
    let mut stale = fields.clone();
    stale.push((
        "revision",
        (rev.parse::<i32>().expect("number") - 1).to_string(),
    ));
    let res = consultant
        .post(app.url(&contract_path))
        .form(&stale)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res
        .text()
        .await
        .expect("html")
        .contains("ændret af en anden"));
    let mut fresh = fields.clone();
    fresh.push(("revision", rev.clone()));
    let res = consultant
        .post(app.url(&contract_path))
        .form(&fresh)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &consultant, &contract_path).await;
    assert!(html.contains("Under 4 pladser"), "the warning is shown");
    let csrf = csrf_of(&html);
    let rev = revision_of(&html);
    consultant
        .post(app.url(&format!("{contract_path}/send")))
        .form(&[("csrf", csrf.as_str()), ("revision", rev.as_str())])
        .send()
        .await
        .expect("send");

    // The company checks and accepts; the printable contract shows the acceptance.
    let (_, check) = page(&app, &company, &format!("{contract_path}/accept")).await;
    let res = accept_as_checked(&app, &company, &contract_path, &check).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(&app, &company, &contract_path).await;
    assert!(html.contains("aktiv"));
    let (status, print) = page(&app, &company, &format!("{contract_path}/print")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(print.contains("Skriftlig kontrakt om virksomhedscenter"));
    assert!(print.contains("CVR 13585628"));
    assert!(print.contains("3 faste pladser"));
    assert!(print.contains("Accepteret af") && print.contains("underskriver.x"));
    assert!(print.contains("Version 1"));
    // The number on paper is the start of the contract's id; the standard terms (the default
    // text: no VC_STANDARD_TERMS_FILE here) and a signature block for both parties follow.
    let id = contract_path.trim_start_matches("/contracts/");
    let number = format!("Kontrakt nr. {}", id[..8].to_uppercase());
    assert_eq!(
        print.matches(&number).count(),
        2,
        "top and footer: {number}"
    );
    assert!(print.contains("10. Standardvilkår") && print.contains("Forsikring."));
    assert!(print.contains("arbejdsskadeforsikring"));
    let signatures = &print[print.find("11. Underskrifter").expect("signatures")..];
    assert!(
        signatures.contains("For jobcentret: Jobcenter A"),
        "{signatures}"
    );
    assert!(signatures.contains("For virksomheden: Virksomhed X"));
    assert_eq!(signatures.matches("class=\"sign-line\"").count(), 6);
    let hash_marker = "dd class=\"hash\">";
    let hash_at = print.find(hash_marker).expect("hash shown") + hash_marker.len();
    assert_eq!(print[hash_at..].find('<'), Some(64), "a SHA-256 in hex");
    // Named as the receipt names it: its reference number first, the algorithm nowhere.
    let full = &print[hash_at..hash_at + 64];
    assert!(print.contains(&format!(
        "Referencenummer</dt><dd>{}",
        virksomhedscenter::contracts::model::reference_number(full)
    )));
    assert!(!print.contains("SHA-256"));

    // The mentor reads, without actions.
    let mentor = app.browser_logged_in(MENTOR_X).await;
    let (status, html) = page(&app, &mentor, &contract_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Accepter kontrakten") && !html.contains("Lav et tillæg"));
    let (_, list) = page(&app, &mentor, "/contracts").await;
    assert!(list.contains("Virksomhed X"));

    // The list filters by status.
    let (_, list) = page(&app, &consultant, "/contracts?status=active").await;
    assert!(list.contains(&contract_path));
    let (_, list) = page(&app, &consultant, "/contracts?status=draft").await;
    assert!(!list.contains(&contract_path));
}

/// The value of a page's hidden field `name`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("hidden field") + marker.len();
    let end = html[start..].find('"').expect("quote") + start;
    html[start..end].to_string()
}

/// Posts the acceptance a check page offers (its revision, version and hash).
async fn accept_as_checked(
    app: &TestApp,
    b: &Client,
    path: &str,
    check: &str,
) -> reqwest::Response {
    b.post(app.url(&format!("{path}/accept")))
        .form(&[
            ("csrf", csrf_of(check)),
            ("revision", hidden(check, "revision")),
            ("version", hidden(check, "version")),
            ("hash", hidden(check, "hash")),
        ])
        .send()
        .await
        .expect("accept")
}

#[actix_web::test]
async fn a_contract_is_accepted_after_a_check_step_and_leaves_a_receipt() {
    use virksomhedscenter::texts::contracts as tk;
    let app = TestApp::spawn().await;
    let token = app.token(CONSULTANT_A).await;
    let id = app
        .draft_contract(&token, &crate::helpers::Terms::days(4, 1, 200))
        .await;
    let res = app
        .post(&token, &format!("/api/v1/contracts/{id}/send"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let path = format!("/contracts/{id}");
    let company = app.browser_logged_in(SIGNATORY_X).await;

    // Step 1: the text first, the decision after it; no acceptance in one click.
    let (_, html) = page(&app, &company, &path).await;
    assert!(html.contains("class=\"step-indicator\"") && html.contains("aria-current=\"step\""));
    let terms_at = html.find(tk::DECISION_TITLE).expect("a decision");
    assert!(
        html.find(virksomhedscenter::texts::CONTRACT_WORK_TASKS)
            .expect("terms")
            < terms_at,
        "the decision comes after the terms"
    );
    assert!(html.contains(&format!("href=\"{path}/accept\"")));
    assert!(
        !html.contains(&format!("action=\"{path}/accept\"")),
        "no accept form on the contract page"
    );
    assert!(html.contains(&format!("action=\"{path}/request-changes\"")));
    // An old page's one-click post (no checked content) lands on the check step.
    let res = company
        .post(app.url(&format!("{path}/accept")))
        .form(&[("csrf", csrf_of(&html)), ("revision", revision_of(&html))])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{path}/accept"));

    // Step 2: what is accepted, by whom, on behalf of which company.
    let (status, check) = page(&app, &company, &format!("{path}/accept")).await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        tk::CHECK_TITLE,
        "Virksomhed X (CVR 13585628)",
        "underskriver.x",
        tk::CHECK_AUTHORISED,
        &dk_date(1),
        &dk_date(200),
        "Virksomhedspraktik",
        "pr. uge",
        "200,00 kr.",
        "Version 1",
        tk::ACCEPT_FINAL,
    ] {
        assert!(check.contains(expected), "{expected} on the check page");
    }
    assert!(!check.contains("SHA-256"));

    // A company record changed after the check: refused, nothing accepted, the check again.
    let res = app
        .patch(
            &token,
            &format!("/api/v1/companies/{}", app.seed.company_x),
            &json!({"address": "Ny Vej 2"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = accept_as_checked(&app, &company, &path, &check).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let again = res.text().await.expect("html");
    assert!(again.contains(tk::CHANGED_SINCE_CHECKED), "{again}");
    assert_ne!(
        hidden(&again, "hash"),
        hidden(&check, "hash"),
        "a new content, a new hash"
    );
    // The terms changed (withdrawn, edited, sent again): the old revision is refused too.
    for (action, body) in [("withdraw", json!({})), ("send", json!({}))] {
        if action == "send" {
            let res = app
                .put(
                    &token,
                    &format!("/api/v1/contracts/{id}"),
                    None,
                    &json!({"seats": 3}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let res = app
            .post(&token, &format!("/api/v1/contracts/{id}/{action}"), &body)
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{action}");
    }
    let res = accept_as_checked(&app, &company, &path, &again).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let fresh = res.text().await.expect("html");
    assert!(fresh.contains("ændret"), "{fresh}");
    let c = json(app.get(&token, &format!("/api/v1/contracts/{id}")).await).await;
    assert_eq!(c["status"], "sent", "nothing was accepted: {c}");

    // The fresh check accepts; the receipt follows.
    let res = accept_as_checked(&app, &company, &path, &fresh).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let receipt_path = location(&res);
    assert!(
        receipt_path.starts_with(&format!("{path}/receipt?version=1")),
        "{receipt_path}"
    );
    let (status, receipt) = page(&app, &company, &receipt_path).await;
    assert_eq!(status, StatusCode::OK);
    let versions = json(
        app.get(&token, &format!("/api/v1/contracts/{id}/versions"))
            .await,
    )
    .await;
    let hash = versions[0]["content_hash"]
        .as_str()
        .expect("hash")
        .to_uppercase();
    let reference = format!(
        "{}-{}-{}-{}",
        &hash[0..4],
        &hash[4..8],
        &hash[8..12],
        &hash[12..16]
    );
    for expected in [
        tk::RECEIPT_TITLE,
        tk::RECEIPT_DONE,
        tk::RECEIPT_REFERENCE,
        reference.as_str(),
        "underskriver.x",
        "Virksomhed X (CVR 13585628)",
        " kl. ",
        "Version 1",
        virksomhedscenter::texts::flash("contract_accepted").expect("flash"),
    ] {
        assert!(
            receipt.contains(expected),
            "{expected} on the receipt: {receipt}"
        );
    }
    assert!(!receipt.contains("SHA-256") && !receipt.contains(&hash.to_lowercase()));
    // 3 seats: the version as sent again.
    assert!(receipt.contains("<dd>3</dd>"), "{receipt}");
    // The check step is over once accepted.
    let (status, _) = page(&app, &company, &format!("{path}/accept")).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Who may see what: the receipt for the parties, the check step for the signatory only.
    let consultant = app.browser_logged_in(CONSULTANT_A).await;
    let (status, html) = page(&app, &consultant, &receipt_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&reference));
    for (who, expected) in [
        (MENTOR_X, StatusCode::FORBIDDEN),
        (SIGNATORY_Y, StatusCode::NOT_FOUND),
        (CONSULTANT_B, StatusCode::NOT_FOUND),
    ] {
        let b = app.browser_logged_in(who).await;
        let (status, html) = page(&app, &b, &receipt_path).await;
        assert_eq!(status, expected, "{who} on the receipt");
        assert!(!html.contains(&reference), "{who}");
    }
    let (status, _) = page(&app, &company, &format!("{path}/receipt?version=7")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such accepted version");

    // A pending amendment has the same steps: its changes on the check, its own receipt.
    let res = app
        .post(
            &token,
            &format!("/api/v1/contracts/{id}/amend"),
            &json!({"effective_from": crate::helpers::day(20)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .put(
            &token,
            &format!("/api/v1/contracts/{id}"),
            None,
            &json!({"seats": 5}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(&token, &format!("/api/v1/contracts/{id}/send"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for (who, expected) in [
        (CONSULTANT_A, StatusCode::FORBIDDEN),
        (MENTOR_X, StatusCode::FORBIDDEN),
        (SIGNATORY_Y, StatusCode::NOT_FOUND),
        (CONSULTANT_B, StatusCode::NOT_FOUND),
    ] {
        let b = app.browser_logged_in(who).await;
        let (status, html) = page(&app, &b, &format!("{path}/accept")).await;
        assert_eq!(status, expected, "{who} on the check step");
        assert!(!html.contains(tk::ACCEPT_FINAL_AMENDMENT), "{who}");
    }
    // The consultant cannot accept with a check page's content either.
    let (_, check) = page(&app, &company, &format!("{path}/accept")).await;
    let consultant_csrf = app.csrf(&consultant, &path).await;
    let res = consultant
        .post(app.url(&format!("{path}/accept")))
        .form(&[
            ("csrf", consultant_csrf),
            ("revision", hidden(&check, "revision")),
            ("version", hidden(&check, "version")),
            ("hash", hidden(&check, "hash")),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        check.contains(tk::CHECK_CHANGES) && check.contains("Pladser: </strong>3 → 5"),
        "{check}"
    );
    assert!(check.contains(&tk::version_label(2, Some(&dk_date(20)))));
    let res = accept_as_checked(&app, &company, &path, &check).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, receipt) = page(&app, &company, &location(&res)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(receipt.contains(tk::RECEIPT_DONE_AMENDMENT) && receipt.contains("<dd>5</dd>"));
    // The first receipt stays where it was bookmarked.
    let (status, first) = page(&app, &company, &format!("{path}/receipt?version=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.contains(&reference) && first.contains(tk::RECEIPT_DONE));
}

#[actix_web::test]
async fn the_demo_shows_the_check_step_the_receipt_and_the_approvals() {
    use virksomhedscenter::auth::model::DEMO_PASSWORD;
    use virksomhedscenter::texts::{contracts as tk, hours as th};
    let app = TestApp::spawn_demo().await;
    let lene = app.browser();
    let res = app
        .login_form(&lene, "lene@lillebaelt-rengoering.dk", DEMO_PASSWORD, "/")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let list = app.html(&lene, "/contracts").await;
    // Lene's contracts; the one with an amendment waiting for her has a check step.
    let ids: Vec<String> = list
        .split("href=\"/contracts/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|s| !s.contains('/') && !s.contains('?') && !s.is_empty())
        .map(str::to_string)
        .collect();
    let mut checked = false;
    let mut receipts = 0;
    for id in &ids {
        let (status, check) = page(&app, &lene, &format!("/contracts/{id}/accept")).await;
        if status == StatusCode::OK && check.contains(tk::CHECK_CHANGES) {
            assert!(check.contains(tk::ACCEPT_FINAL_AMENDMENT));
            checked = true;
        }
        let (status, receipt) = page(&app, &lene, &format!("/contracts/{id}/receipt")).await;
        if status == StatusCode::OK {
            assert!(receipt.contains(tk::RECEIPT_REFERENCE) && !receipt.contains("SHA-256"));
            receipts += 1;
        }
    }
    assert!(checked, "an amendment waits for Lene's check: {ids:?}");
    assert!(receipts > 0, "Lene has receipts");

    let karin = app.browser();
    let res = app
        .login_form(&karin, "karin.holm@middelfart.dk", DEMO_PASSWORD, "/")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let approvals = app.html(&karin, "/hours/pending").await;
    assert!(
        approvals.contains(th::APPROVALS_APPROVE_CHOSEN),
        "submitted weeks wait"
    );
    assert!(approvals.contains(" kr."), "with their amounts");
}
