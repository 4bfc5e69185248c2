//! Candidates: the list and search, registering one, a candidate's page and referring them.

use crate::ids::{CandidateId, ContractId};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::Benefit;
use crate::db::Sort;
use crate::error::{AppError, FieldErrors};
use crate::seats::service::{self, CandidateInput, ReferralInput};
use crate::seats::store;
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{
    csrf_field, date_input, error_summary, input, page_number, pagination_with, select,
    sort_header, DateParts,
};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

use super::*;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct CandidateForm {
    pub cpr: String,
    pub name: String,
    pub benefit: String,
    pub match_group: String,
}

pub(super) fn candidate_form(f: &CandidateForm, errors: &FieldErrors, csrf: &str) -> Markup {
    let groups: Vec<(String, String)> = (1..=3)
        .map(|g| (g.to_string(), t::match_group(g)))
        .collect();
    html! {
        (error_summary(errors))
        form.stack method="post" action="/candidates" novalidate autocomplete="off" {
            (csrf_field(csrf))
            (input("name", t::CANDIDATE_NAME, &f.name, "text", errors, None))
            // The typed number is not shown again after an error: it is personal data.
            (input("cpr", t::CANDIDATE_CPR, "", "text", errors, Some(t::seats::CPR_HINT)))
            (select("benefit", t::CANDIDATE_BENEFIT, &benefit_options(), &f.benefit, errors))
            (select("match_group", t::CANDIDATE_MATCH_GROUP, &groups, &f.match_group, errors))
            div.actions { button.button.button-primary type="submit" { (t::CREATE) } a.button.button-secondary href="/candidates" { (t::CANCEL) } }
        }
    }
}

pub(super) async fn candidates_body(
    state: &AppState,
    user: &PageUser,
    q: &str,
    sort: Sort,
    page: i64,
) -> Result<Markup, PageError> {
    let (items, total) = service::list_candidates(
        &state.db,
        &state.keys,
        &user.actor,
        (!q.is_empty()).then(|| q.to_string()),
        sort,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(html! {
        div.page-head { h1 { (t::CANDIDATES_TITLE) } a.button.button-primary href="/candidates/new" { (t::CANDIDATE_NEW) } }
        // Searched by POST: a CPR number typed here must not end up in URLs, history or logs.
        form.search method="post" action="/candidates/search" role="search" autocomplete="off" {
            (csrf_field(&user.csrf))
            label.sr-only for="q" { (t::SEARCH) }
            input.form-input id="q" type="search" name="q" value=(if q.chars().any(|c| c.is_ascii_digit()) { "" } else { q }) placeholder=(t::CANDIDATE_SEARCH);
            button.button.button-secondary type="submit" { (t::SEARCH) }
        }
        @if items.is_empty() { p.empty { (t::CANDIDATES_EMPTY) } }
        @else {
            table.table tabindex="0" {
                thead { tr {
                    // A search result (posted, so no CPR lands in a URL) is not re-sorted by links.
                    @if q.is_empty() {
                        (sort_header("/candidates", &[], t::CANDIDATE_NAME, "name", &sort, false))
                    } @else { th { (t::CANDIDATE_NAME) } }
                    th { (t::CANDIDATE_CPR) } th { (t::CANDIDATE_BENEFIT) } th { (t::CANDIDATE_MATCH_GROUP) }
                    @if q.is_empty() {
                        (sort_header("/candidates", &[], t::CANDIDATE_CREATED, "created", &sort, false))
                    } @else { th { (t::CANDIDATE_CREATED) } }
                } }
                tbody {
                    @for c in &items {
                        tr {
                            td { a href={ "/candidates/" (c.id) } { (c.name) } }
                            td { (c.cpr_masked) }
                            td { (Benefit::parse(&c.benefit).map(|b| b.label()).unwrap_or("")) }
                            td { (c.match_group) }
                            td { (format::date(crate::clock::danish_time(c.created_at).date_naive())) }
                        }
                    }
                }
            }
            @if q.is_empty() { (pagination_with("/candidates", &[("sort", sort.param())], page, PAGE_SIZE, total)) }
        }
    })
}

#[get("/candidates")]
pub async fn candidates_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Q {
        sort: Option<String>,
        page: Option<String>,
    }
    let lq: Q = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = page_number(lq.page.as_deref());
    let sort = Sort::parse(
        lq.sort.as_deref(),
        store::CANDIDATE_SORTS,
        store::CANDIDATE_DEFAULT_SORT,
    );
    let body = candidates_body(&state, &user, "", sort, page).await?;
    Ok(render(&req, Some(&user), t::CANDIDATES_TITLE, body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    pub q: String,
}

#[post("/candidates/search")]
pub async fn search_candidates(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<SearchForm>,
) -> Result<HttpResponse, PageError> {
    let q = form.0.q.trim().to_string();
    let body = candidates_body(&state, &user, &q, store::CANDIDATE_DEFAULT_SORT, 1).await?;
    Ok(render(&req, Some(&user), t::CANDIDATES_TITLE, body))
}

#[get("/candidates/new")]
pub async fn new_candidate_page(
    req: HttpRequest,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    if !user.actor.may_refer() {
        return Err(AppError::Forbidden.into());
    }
    let f = CandidateForm {
        match_group: "2".into(),
        ..Default::default()
    };
    let body =
        html! { h1 { (t::CANDIDATE_NEW) } (candidate_form(&f, &FieldErrors::new(), &user.csrf)) };
    Ok(render(&req, Some(&user), t::CANDIDATE_NEW, body))
}

#[post("/candidates")]
pub async fn create_candidate(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<CandidateForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let input = CandidateInput {
        cpr: f.cpr.clone(),
        name: f.name.clone(),
        benefit: f.benefit.clone(),
        match_group: f.match_group.clone(),
    };
    match service::create_candidate(&state.db, &state.keys, &user.actor, input).await {
        Ok(c) => Ok(redirect_with(
            &format!("/candidates/{}", c.id),
            "candidate_created",
        )),
        Err(AppError::Validation(errors)) => {
            let body =
                html! { h1 { (t::CANDIDATE_NEW) } (candidate_form(&f, &errors, &user.csrf)) };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::CANDIDATE_NEW,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ReferralForm {
    pub contract_id: String,
    pub candidate_id: String,
    pub offer_type: String,
    pub start_date: String,
    pub start_date_day: String,
    pub start_date_month: String,
    pub start_date_year: String,
    pub end_date: String,
    pub end_date_day: String,
    pub end_date_month: String,
    pub end_date_year: String,
    /// Where to go back to on errors: "candidate" or "contract".
    pub from: String,
}

impl ReferralForm {
    fn start_parts(&self) -> DateParts {
        DateParts::typed(
            &self.start_date,
            &self.start_date_day,
            &self.start_date_month,
            &self.start_date_year,
        )
    }

    fn end_parts(&self) -> DateParts {
        DateParts::typed(
            &self.end_date,
            &self.end_date_day,
            &self.end_date_month,
            &self.end_date_year,
        )
    }
}

/// The contracts a candidate may be referred to (accepted, not terminated), each labelled with
/// the offer types it allows, and the offer types any of them allows.
pub(super) async fn accepted_contract_choices(
    state: &AppState,
    user: &PageUser,
) -> Result<(Vec<(String, String)>, Vec<OfferType>), AppError> {
    let (items, _) = service::contracts_for(&state.db, &user.actor, 200).await?;
    let items: Vec<_> = items
        .into_iter()
        .filter(|(row, _, _)| row.accepted_version.is_some() && row.terminated_on.is_none())
        .collect();
    let offers = service::allowed_offers(
        &state.db,
        &user.actor,
        items.iter().map(|(row, _, _)| row.id.clone()).collect(),
    )
    .await?;
    let mut any: Vec<OfferType> = Vec::new();
    let choices = items
        .into_iter()
        .map(|(row, company, _)| {
            let allowed = offers.get(&row.id).cloned().unwrap_or_default();
            for o in &allowed {
                if !any.contains(o) {
                    any.push(*o);
                }
            }
            let labels: Vec<&str> = allowed.iter().map(|o| o.label()).collect();
            (
                row.id.to_string(),
                t::seats::contract_choice_with_offers(
                    &t::seats::contract_choice(
                        &company,
                        &format::date(row.start_date),
                        &format::date(row.end_date),
                        row.seats,
                    ),
                    &labels,
                ),
            )
        })
        .collect();
    any.sort_by_key(|o| OfferType::ALL.iter().position(|x| x == o));
    Ok((choices, any))
}

/// The offer types as the form's options.
pub(super) fn offer_choices(offers: &[OfferType]) -> Vec<(String, String)> {
    offers
        .iter()
        .map(|o| (o.code().to_string(), o.label().to_string()))
        .collect()
}

/// The form's offer type: the one chosen, else the first allowed (the only one, often).
pub(super) fn default_offer(f: &mut ReferralForm, offers: &[OfferType]) {
    if !offers.iter().any(|o| o.code() == f.offer_type) {
        if let Some(o) = offers.first() {
            f.offer_type = o.code().to_string();
        }
    }
}

pub(super) fn referral_form(
    f: &ReferralForm,
    offers: &[OfferType],
    contracts: Option<&[(String, String)]>,
    candidates: Option<&[(String, String)]>,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
    html! {
        (error_summary(errors))
        form.stack method="post" action="/referrals" novalidate {
            (csrf_field(csrf))
            input type="hidden" name="from" value=(f.from);
            @match contracts {
                Some(list) => { (select("contract_id", t::REFER_CONTRACT, list, &f.contract_id, errors)) }
                None => { input type="hidden" name="contract_id" value=(f.contract_id); }
            }
            @match candidates {
                Some(list) => { (select("candidate_id", t::REFER_CANDIDATE, list, &f.candidate_id, errors)) }
                None => { input type="hidden" name="candidate_id" value=(f.candidate_id); }
            }
            (select("offer_type", t::REFER_OFFER, &offer_choices(offers), &f.offer_type, errors))
            div.row {
                (date_input("start_date", t::REFER_START, &f.start_parts(), errors, None))
                (date_input("end_date", t::REFER_END, &f.end_parts(), errors, None))
            }
            div.actions { button.button.button-primary type="submit" { (t::REFER_SUBMIT) } }
        }
    }
}

pub(super) async fn candidate_page_body(
    state: &AppState,
    user: &PageUser,
    id: CandidateId,
    referral: &ReferralForm,
    errors: &FieldErrors,
) -> Result<(String, Markup), PageError> {
    let v = service::open_candidate(&state.db, &state.keys, &user.actor, id).await?;
    let consultant = user.actor.may_refer();
    let (choices, offers) = if consultant {
        accepted_contract_choices(state, user).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let mut referral = referral.clone();
    default_offer(&mut referral, &offers);
    let body = html! {
        h1 { (v.row.name) }
        @if let Some(cpr) = &v.cpr {
            dl.facts {
                dt { (t::CANDIDATE_CPR) } dd { (cpr) }
                dt { (t::CANDIDATE_BENEFIT) } dd { (Benefit::parse(&v.row.benefit).map(|b| b.label()).unwrap_or("")) }
                dt { (t::CANDIDATE_MATCH_GROUP) } dd { (v.row.match_group) }
            }
            p.muted { (t::CANDIDATE_ACCESS_NOTE) }
        }
        h2 { (t::CANDIDATE_PLACEMENTS) }
        @if v.placements.is_empty() { p.empty { (t::CANDIDATE_NO_PLACEMENTS) } }
        @else {
            table.table tabindex="0" {
                thead { tr { th { (t::PLACEMENT_PERIOD) } th { (t::PLACEMENT_STATUS) } th { (t::PLACEMENT_SEAT) } th { (t::PLACEMENT_OUTCOME) } } }
                tbody {
                    @for p in &v.placements {
                        tr {
                            td { a href={ "/placements/" (p.id) } { (format::date(p.start_date)) " – " (format::date(p.end_date)) } }
                            td { (crate::seats::model::status_label(&p.status)) }
                            td { @if let Some(s) = p.seat_no { (s) } }
                            td { @if v.cpr.is_some() { @if let Some(o) = &p.outcome { (crate::seats::model::outcome_label(o)) } } }
                        }
                    }
                }
            }
        }
        @if consultant {
            h2 { (t::CANDIDATE_ACTIVITIES) }
            @if v.activities.is_empty() { p.empty { (t::CONTRACT_NO_ACTIVITIES) } }
            @else {
                ul { @for a in &v.activities {
                    li { (t::seats::individual_activity(
                        crate::contracts::model::ActivityKind::parse(&a.kind).map(|k| k.label()).unwrap_or(""),
                        &a.provider,
                        &format::hours(i64::from(a.minutes_per_week)),
                        &format::kroner(a.cost_ore),
                        &format::date(a.start_date),
                        &format::date(a.end_date),
                    )) }
                } }
            }
            h2 { (t::REFER_TITLE) }
            (referral_form(&referral, &offers, Some(&choices), None, errors, &user.csrf))
        }
    };
    Ok((v.row.name.clone(), body))
}

#[get("/candidates/{id}")]
pub async fn candidate_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CandidateId>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = ReferralForm {
        candidate_id: id.to_string(),
        offer_type: "virksomhedspraktik".into(),
        from: "candidate".into(),
        ..Default::default()
    };
    let (title, body) = candidate_page_body(&state, &user, id, &f, &FieldErrors::new()).await?;
    Ok(render(&req, Some(&user), &title, body))
}

#[post("/referrals")]
pub async fn refer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<ReferralForm>,
) -> Result<HttpResponse, PageError> {
    let mut f = form.0;
    f.start_date = f.start_parts().value();
    f.end_date = f.end_parts().value();
    let input = ReferralInput {
        contract_id: f.contract_id.clone(),
        candidate_id: f.candidate_id.clone(),
        offer_type: f.offer_type.clone(),
        start_date: f.start_date.clone(),
        end_date: f.end_date.clone(),
    };
    match service::refer(&state.db, &user.actor, input).await {
        Ok(r) => Ok(redirect_with(
            &format!("/placements/{}", r.placement_id),
            if r.seat_no.is_some() {
                "referral_placed"
            } else {
                "referral_waiting"
            },
        )),
        Err(AppError::Validation(mut errors)) => {
            // A mistyped date is named as typed.
            f.start_parts().refine("start_date", &mut errors);
            f.end_parts().refine("end_date", &mut errors);
            if f.from == "contract" {
                let body = seats_body(
                    &state,
                    &user,
                    ContractId::new(f.contract_id.as_str()),
                    None,
                    &f,
                    &errors,
                )
                .await?;
                Ok(render_status(
                    &req,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(&user),
                    t::SEATS_TITLE,
                    body,
                ))
            } else {
                let (title, body) = candidate_page_body(
                    &state,
                    &user,
                    CandidateId::new(f.candidate_id.as_str()),
                    &f,
                    &errors,
                )
                .await?;
                Ok(render_status(
                    &req,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(&user),
                    &title,
                    body,
                ))
            }
        }
        Err(e) => Err(e.into()),
    }
}
