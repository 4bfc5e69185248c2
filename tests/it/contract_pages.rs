//! The contract journey through the Danish pages: draft, send, review, change, accept, print.

use chrono::Duration;
use reqwest::{Client, StatusCode};

use crate::helpers::{csrf_of, TestApp, CONSULTANT_A, MENTOR_X, SIGNATORY_X};

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
    assert!(html.contains("Accepter kontrakten") && html.contains("Bed om ændringer"));
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

    // The company accepts; the printable contract shows the acceptance.
    let (_, html) = page(&app, &company, &contract_path).await;
    let csrf = csrf_of(&html);
    let rev = revision_of(&html);
    let res = company
        .post(app.url(&format!("{contract_path}/accept")))
        .form(&[("csrf", csrf.as_str()), ("revision", rev.as_str())])
        .send()
        .await
        .expect("accept");
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
