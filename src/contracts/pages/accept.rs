//! Accepting a contract (or a pending amendment) in three steps: the signatory reads the
//! contract on its page (step 1), checks what they accept and accepts ("Tjek og accepter",
//! step 2), and gets a receipt (step 3) with the reference number of what was accepted.

use crate::ids::ContractId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::{reference_number, Terms};
use crate::contracts::service::{self, AcceptCheck};
use crate::error::AppError;
use crate::state::AppState;
use crate::texts as t;
use crate::texts::contracts as tk;
use crate::ui::components::csrf_field;
use crate::ui::format;
use crate::ui::{redirect_with, render_status, PageError};

/// The steps of an acceptance, with DFDS's step indicator markup (`ol.step-indicator`, the
/// current step `li.current` with `aria-current="step"`). Not links: a step is reached by
/// its button, so the order cannot be skipped.
pub(super) fn step_indicator(current: usize) -> Markup {
    crate::ui::components::step_indicator(
        &[tk::STEP_READ, tk::STEP_CHECK, tk::STEP_RECEIPT],
        current - 1,
    )
}

/// A stored (UTC) time in Danish time as a receipt gives it: "31-03-2011 kl. 14.05".
fn receipt_time(at: chrono::NaiveDateTime) -> String {
    let local = crate::clock::danish_time(at);
    tk::at_time(
        &local.format("%d-%m-%Y").to_string(),
        &local.format("%H.%M").to_string(),
    )
}

/// The price as the contract defines it: the mentor's hours per week at the hourly rate (and
/// the most that makes a week), a fixed grant per month, the shared activities in all.
fn price(terms: &Terms) -> Markup {
    let per_week = i64::from(terms.mentor_minutes_per_week)
        * match terms.mentor_basis {
            crate::contracts::model::MentorBasis::PerSeat => i64::from(terms.seats),
            crate::contracts::model::MentorBasis::Centre => 1,
        };
    // Minutes ≤ 3600 × seats ≤ 500 × rate ≤ 500.000 øre: far inside i64.
    let week_max = (per_week * terms.mentor_rate_ore + 30) / 60;
    let activities: i64 = terms
        .activities
        .iter()
        .try_fold(0_i64, |s, a| s.checked_add(a.cost_ore))
        .unwrap_or(i64::MAX);
    html! {
        ul.price {
            li { (tk::price_mentor(
                &format::hours(i64::from(terms.mentor_minutes_per_week)),
                terms.mentor_basis.label(),
                &format::kroner(terms.mentor_rate_ore),
                &format::kroner(week_max),
            )) }
            @if let Some(g) = terms.mentor_fixed_grant_ore.filter(|g| *g > 0) {
                li { (tk::price_grant(&format::kroner(g))) }
            }
            @if !terms.activities.is_empty() {
                li { (tk::price_activities(&format::kroner(activities))) }
            }
        }
    }
}

fn offer_types(terms: &Terms) -> String {
    terms
        .offer_types
        .iter()
        .map(|o| o.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_body(user: &PageUser, c: &AcceptCheck, problem: Option<&str>) -> Markup {
    let view = &c.view;
    let id = &view.row.id;
    let effective = c.amendment.then(|| format::date(c.version.effective_from));
    let changes = if c.amendment { view.diff() } else { Vec::new() };
    html! {
        (step_indicator(2))
        h1 { (tk::CHECK_TITLE) }
        @if let Some(p) = problem {
            div.error-summary role="alert" tabindex="-1" { p { strong { (p) } } }
        }
        p.lead { @if c.amendment { (tk::CHECK_INTRO_AMENDMENT) } @else { (tk::CHECK_INTRO) } }
        section aria-labelledby="check-what" {
            h2 #check-what { (tk::CHECK_WHAT) }
            dl.facts {
                dt { (tk::CHECK_CONTRACT) } dd { (view.company_name) " · " (view.jobcenter_name) }
                dt { (tk::CHECK_VERSION) } dd { (tk::version_label(c.version.version_no, effective.as_deref())) }
                dt { (tk::CHECK_SEATS) } dd { (c.terms.seats) }
                dt { (tk::CHECK_PERIOD) } dd { (format::date(c.terms.start_date)) " – " (format::date(c.terms.end_date)) }
                dt { (tk::CHECK_OFFER_TYPES) } dd { (offer_types(&c.terms)) }
                dt { (tk::CHECK_PRICE) } dd { (price(&c.terms)) }
                dt { (tk::CHECK_REFERENCE) }
                dd { strong.reference { (reference_number(&c.hash)) } br; span.muted { (tk::CHECK_REFERENCE_HINT) } }
            }
        }
        @if c.amendment {
            section aria-labelledby="check-changes" {
                h2 #check-changes { (tk::CHECK_CHANGES) }
                @if changes.is_empty() { p.empty { (t::CONTRACT_DIFF_NONE) } }
                @else { ul.diff { @for ch in &changes { li { strong { (ch.label) ": " } (ch.from) " → " (ch.to) } } } }
            }
        }
        section aria-labelledby="check-who" {
            h2 #check-who { (tk::CHECK_WHO) }
            dl.facts {
                dt { (tk::CHECK_SIGNATORY) } dd { (user.actor.name) }
                dt { (tk::CHECK_COMPANY) } dd { (c.party.name) " (CVR " (c.party.cvr) ")" }
            }
            p.authorised { (tk::CHECK_AUTHORISED) }
        }
        div.actions-panel.decision {
            form.action method="post" action={ "/contracts/" (id) "/accept" } {
                (csrf_field(&user.csrf))
                input type="hidden" name="revision" value=(view.row.revision);
                input type="hidden" name="version" value=(c.version.version_no);
                input type="hidden" name="hash" value=(c.hash);
                button.button.button-primary type="submit" {
                    @if c.amendment { (tk::ACCEPT_FINAL_AMENDMENT) } @else { (tk::ACCEPT_FINAL) }
                }
            }
            a.button.button.button-secondary href={ "/contracts/" (id) } { (tk::CHECK_BACK) }
        }
    }
}

/// Step 2: what the signatory is about to accept, and the button that accepts it.
#[get("/contracts/{id}/accept")]
pub async fn accept_check_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    let c = service::accept_check(&state.db, &user.actor, id.into_inner()).await?;
    let title = format!("{} · {}", tk::CHECK_TITLE, c.view.company_name);
    Ok(render_status(
        &req,
        StatusCode::OK,
        Some(&user),
        &title,
        check_body(&user, &c, None),
    ))
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct AcceptForm {
    pub revision: String,
    pub version: String,
    pub hash: String,
}

/// Accepts what the check step showed (its revision and content hash); anything else is
/// refused. A post without the checked content (from an old page) is sent to the check step.
#[post("/contracts/{id}/accept")]
pub async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
    form: CsrfForm<AcceptForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = form.0;
    if f.hash.trim().is_empty() {
        // Who may not accept learns nothing more than from the check step itself.
        service::accept_check(&state.db, &user.actor, id.clone()).await?;
        return Ok(HttpResponse::SeeOther()
            .insert_header((
                actix_web::http::header::LOCATION,
                format!("/contracts/{id}/accept"),
            ))
            .finish());
    }
    let result = service::accept_checked(
        &state.db,
        &user.actor,
        id.clone(),
        f.revision.trim().parse::<i32>().ok(),
        f.hash.trim().to_string(),
    )
    .await;
    match result {
        Ok((_, n)) => Ok(redirect_with(
            &format!("/contracts/{id}/receipt?version={n}"),
            "contract_accepted",
        )),
        // Changed since it was checked: the check step again, with what is there now and why.
        Err(AppError::Conflict(message)) => {
            match service::accept_check(&state.db, &user.actor, id).await {
                Ok(c) => {
                    let title = format!("{} · {}", tk::CHECK_TITLE, c.view.company_name);
                    Ok(render_status(
                        &req,
                        StatusCode::CONFLICT,
                        Some(&user),
                        &title,
                        check_body(&user, &c, Some(&message)),
                    ))
                }
                Err(_) => Err(AppError::Conflict(message).into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReceiptQuery {
    version: String,
}

/// Step 3: the receipt of an accepted version, bookmarkable.
#[get("/contracts/{id}/receipt")]
pub async fn receipt_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    let q: ReceiptQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let version = match q.version.trim() {
        "" => None,
        v => Some(v.parse::<i32>().map_err(|_| AppError::NotFound)?),
    };
    let r = service::receipt(&state.db, &user.actor, id.into_inner(), version).await?;
    let view = &r.view;
    let id = &view.row.id;
    let effective = r.amendment.then(|| format::date(r.version.effective_from));
    let (name, cvr) = match &r.party {
        Some(p) => (p.name.clone(), p.cvr.clone()),
        None => (view.company_name.clone(), view.company_cvr.clone()),
    };
    let body = html! {
        (step_indicator(3))
        h1 { (tk::RECEIPT_TITLE) }
        p.lead.receipt-done { @if r.amendment { (tk::RECEIPT_DONE_AMENDMENT) } @else { (tk::RECEIPT_DONE) } }
        section aria-labelledby="receipt-what" {
            h2 #receipt-what { (tk::RECEIPT_WHAT) }
            dl.facts {
                dt { (tk::CHECK_CONTRACT) } dd { a href={ "/contracts/" (id) } { (view.company_name) " · " (view.jobcenter_name) } }
                dt { (tk::CHECK_VERSION) } dd { (tk::version_label(r.version.version_no, effective.as_deref())) }
                dt { (tk::CHECK_SEATS) } dd { (r.terms.seats) }
                dt { (tk::CHECK_PERIOD) } dd { (format::date(r.terms.start_date)) " – " (format::date(r.terms.end_date)) }
                dt { (tk::CHECK_OFFER_TYPES) } dd { (offer_types(&r.terms)) }
                dt { (tk::RECEIPT_BY) } dd { (tk::on_behalf_of(&r.accepted_by, &name, &cvr)) }
                dt { (tk::RECEIPT_AT) } dd { time datetime=(r.accepted_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()) { (receipt_time(r.accepted_at)) } }
                dt { (tk::RECEIPT_REFERENCE) } dd { strong.reference { (reference_number(&r.hash)) } }
            }
            p { (tk::RECEIPT_KEEP) }
        }
        div.actions-panel {
            a.button.button.button-secondary href={ "/contracts/" (id) "/print?version=" (r.version.version_no) } { (t::CONTRACT_PRINT) }
            a.button.button.button-secondary href={ "/contracts/" (id) } { (tk::CHECK_BACK) }
        }
    };
    let title = format!("{} · {}", tk::RECEIPT_TITLE, view.company_name);
    Ok(render_status(
        &req,
        StatusCode::OK,
        Some(&user),
        &title,
        body,
    ))
}
