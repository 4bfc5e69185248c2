//! Inputs and dead ends (issue #20): the dashboard's chart and its table, the month stepper,
//! only the offer types a contract allows, what "Pris" means, "Ny kontrakt" on a company's page,
//! the home page's cards and the inbox's dates.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{json, Terms, TestApp, ADMIN, CONSULTANT_A, SIGNATORY_X};

/// Every `id="…"` of a page that occurs more than once.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for part in html.split(" id=\"").skip(1) {
        if let Some(end) = part.find('"') {
            *seen.entry(&part[..end]).or_default() += 1;
        }
    }
    let mut out: Vec<String> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id.to_string())
        .collect();
    out.sort();
    out
}

/// Every `<label for="…">` of a page points at an element with that id.
fn unbound_labels(html: &str) -> Vec<String> {
    html.split("<label for=\"")
        .skip(1)
        .filter_map(|p| p.find('"').map(|end| p[..end].to_string()))
        .filter(|id| !html.contains(&format!(" id=\"{id}\"")))
        .collect()
}

#[actix_web::test]
async fn the_dashboard_chart_has_gaps_gridlines_values_and_a_table() {
    let app = TestApp::spawn().await;
    let admin = app.token(ADMIN).await;
    let id = app.campaign(&admin, "Graf", "2010-01", "2010-06").await;
    // Figures for January (the baseline month: N and 10 outside) and March only: February,
    // April, May and June have no data.
    let res = app
        .post(
            &admin,
            &format!("/api/v1/campaigns/{id}/figures"),
            &json!({"rows": [
                {"jobcenter_id": app.seed.jobcenter_a, "month": "2010-01", "target_group": 200, "outside_activation": 10},
                {"jobcenter_id": app.seed.jobcenter_a, "month": "2010-03", "outside_activation": 30},
            ]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let jc = app.seed.jobcenter_a.to_string();
    let page = app
        .html(
            &b,
            &format!("/campaigns/{id}?month=2010-03&jobcenter_id={jc}"),
        )
        .await;

    // The table under the chart, month by month: B, A, T, attainment; no data is "–", not 0.
    assert!(
        page.contains("<th scope=\"row\">marts 2010</th><td class=\"num\">10</td><td class=\"num\">30</td><td class=\"num\">32</td>"),
        "March: B 10, A 30, T = max(16 pct. × 200, 10 + 15) = 32: {page}"
    );
    assert!(
        page.contains("<th scope=\"row\">februar 2010</th><td class=\"num\">10</td><td class=\"num\">–</td><td class=\"num\">32</td><td class=\"num\">–</td>"),
        "February has no data: a dash, not a zero"
    );
    // A point per month with data (January and March), each with its values; no line joins
    // them across February (a lone point is no line).
    assert_eq!(page.matches("<circle").count(), 2, "{page}");
    assert!(page.contains("<title>marts 2010: A 30, T 32</title>"));
    assert!(
        !page.contains("stroke=\"#1f5f8b\" stroke-width=\"2.5\""),
        "no A line across the gap"
    );
    // Gridlines in steps of 10 up to 40, with their values on the axis.
    assert_eq!(
        page.matches("class=\"grid\"").count(),
        5,
        "0, 10, 20, 30, 40"
    );
    assert!(page.contains(">40</text>") && page.contains(">20</text>"));
    // A text alternative, and how T is computed in one sentence with this month's numbers.
    assert!(
        page.contains("role=\"img\"")
            && page.contains("aria-labelledby=\"chart-title chart-desc\"")
    );
    assert!(page.contains("Tallene står i tabellen under grafen"));
    assert!(
        page.contains("T er det største af 16 pct. af målgruppen (N) og udgangspunktet (B) plus 15 personer: det største af 16 pct. × 200 og 10 + 15 er 32,00, vist som 32 personer."),
        "{page}"
    );
    // Mål 2 says what it rests on.
    assert!(page.contains("Ingen opfølgninger endnu af forløb, der sluttede i marts 2010."));

    // The month stepper: links to the months around, keeping the jobcenter; a select of the
    // campaign's months written out; no step beyond the campaign.
    assert!(page.contains(&format!(
        "href=\"/campaigns/{id}?jobcenter_id={jc}&amp;region="
    )));
    assert!(page.contains("&amp;month=2010-02\"") && page.contains("&amp;month=2010-04\""));
    assert!(page.contains("forrige måned") && page.contains("næste måned"));
    assert!(page.contains("<option value=\"2010-03\" selected>marts 2010</option>"));
    let first = app
        .html(
            &b,
            &format!("/campaigns/{id}?month=2010-01&jobcenter_id={jc}"),
        )
        .await;
    assert!(
        !first.contains("rel=\"prev\""),
        "nothing before the baseline"
    );
    assert!(first.contains("rel=\"next\""));

    // The filter and the figures form have the same field names, not the same ids; every
    // label names a field that is there.
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
    assert_eq!(unbound_labels(&page), Vec::<String>::new());
    assert!(page.contains("id=\"q-month\"") && page.contains("id=\"f-month\""));
    assert!(page.contains("id=\"q-jobcenter_id\"") && page.contains("id=\"f-jobcenter_id\""));
}

#[actix_web::test]
async fn payments_step_month_by_month() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&b, "/payments?month=2011-01").await;
    assert!(page.contains("type=\"month\"") && page.contains("value=\"2011-01\""));
    assert!(page.contains("href=\"/payments?month=2010-12\""), "{page}");
    assert!(page.contains("href=\"/payments?month=2011-02\""));
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
    // A month typed wrong is still named, with the field kept.
    let res = b
        .get(app.url("/payments?month=2011-13"))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("ÅÅÅÅ-MM") && html.contains("value=\"2011-13\""));
}

#[actix_web::test]
async fn the_referral_form_offers_only_what_the_contract_allows() {
    let app = TestApp::spawn().await;
    // The helper's terms allow virksomhedspraktik only.
    let contract = app.accepted_contract(&Terms::days(2, -5, 200)).await;
    let t = app.token(CONSULTANT_A).await;
    let who = app
        .candidate(&t, "070761-4285", "Ali Hassan", "kontanthjaelp")
        .await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    let page = app.html(&b, &format!("/contracts/{contract}/seats")).await;
    assert!(
        page.contains("<option value=\"virksomhedspraktik\" selected>"),
        "{page}"
    );
    assert!(
        !page.contains("value=\"loentilskud\""),
        "løntilskud is not offered"
    );
    // On the candidate's page each contract says what it allows.
    let page = app.html(&b, &format!("/candidates/{who}")).await;
    assert!(
        page.contains("pladser) · virksomhedspraktik</option>"),
        "{page}"
    );
    assert!(!page.contains("value=\"loentilskud\""));
    // The server refuses another, on the field.
    let csrf = crate::helpers::csrf_of(&page);
    let res = b
        .post(app.url("/referrals"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("contract_id", contract.as_str()),
            ("candidate_id", who.as_str()),
            ("offer_type", "loentilskud"),
            ("start_date", &crate::helpers::day(1)),
            ("end_date", &crate::helpers::day(20)),
            ("from", "contract"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("html");
    assert!(html.contains("href=\"#f-offer_type\""), "{html}");
    assert!(html.contains("id=\"e-offer_type\""));
}

#[actix_web::test]
async fn price_company_page_home_cards_and_inbox_dates_say_what_they_are() {
    let app = TestApp::spawn().await;
    let b = app.browser_logged_in(CONSULTANT_A).await;
    // "Ny kontrakt" on the company's page, with the company chosen.
    let company = app.seed.company_x.to_string();
    let page = app.html(&b, &format!("/companies/{company}")).await;
    let href = format!("href=\"/contracts/new?company_id={company}\"");
    assert!(page.contains(&href), "{page}");
    let form = app
        .html(&b, &format!("/contracts/new?company_id={company}"))
        .await;
    assert!(form.contains(&format!("name=\"company_id\" value=\"{company}\"")));
    // The price says it is for the whole period; the mentor's rate that it is per hour.
    assert!(form.contains("Pris for hele perioden (kr.)"));
    assert!(form.contains("ikke pr. uge"));
    assert!(form.contains("Timesats for mentor (kr. pr. time)"));
    // The signatory has no such button.
    let sb = app.browser_logged_in(SIGNATORY_X).await;
    let page = app.html(&sb, &format!("/companies/{company}")).await;
    assert!(!page.contains(&href));

    // The home page's cards say where they lead.
    let home = app.html(&b, "/").await;
    assert!(home.contains("span class=\"card-desc\""), "{home}");
    assert!(home.contains("Find en virksomhed på navn eller CVR-nummer"));
    assert!(home.contains("Vælg virksomheden og udfyld pladser, periode, mentor og pris."));

    // An inbox task shows the day it arose and its deadline, dd-mm-åååå.
    let t = app.token(CONSULTANT_A).await;
    let contract = app.draft_contract(&t, &Terms::days(2, 10, 40)).await;
    let res = app
        .post(
            &t,
            &format!("/api/v1/contracts/{contract}/send"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let s = app.token(SIGNATORY_X).await;
    let res = app
        .post(
            &s,
            &format!("/api/v1/contracts/{contract}/request-changes"),
            &json!({"comment": "Færre pladser, tak"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", json(res).await);
    let home = app.html(&b, "/").await;
    let today = virksomhedscenter::ui::format::date(virksomhedscenter::clock::today());
    assert!(
        home.contains("fra <time datetime=") && home.contains(&format!(">{today}</time>")),
        "{home}"
    );
    // A contract ending soon has its end as the deadline.
    let ending = app.accepted_contract(&Terms::days(1, -10, 20)).await;
    let end = virksomhedscenter::ui::format::date(
        virksomhedscenter::clock::today() + chrono::Duration::days(20),
    );
    let home = app.html(&b, "/").await;
    assert!(
        home.contains("senest <time datetime=") && home.contains(&format!(">{end}</time>")),
        "{ending}: {home}"
    );
}
