//! Visitation (#22): choose a candidate and a period, see the contracts with a free seat for it
//! (the worksite's room under the rimelighedskrav, the offer types, where the company is) and
//! refer with one click.

use crate::ids::CandidateId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::html;
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::contracts::model::OfferType;
use crate::db::Sort;
use crate::error::{AppError, FieldErrors};
use crate::seats::service::{self};
use crate::state::AppState;
use crate::texts::seats as ts;
use crate::ui::components::{csrf_field, date_input, error_summary, input, select, DateParts};
use crate::ui::format;
use crate::ui::{render_status, PageError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VisitationQuery {
    candidate_id: String,
    offer_type: String,
    start_date: String,
    start_date_day: String,
    start_date_month: String,
    start_date_year: String,
    end_date: String,
    end_date_day: String,
    end_date_month: String,
    end_date_year: String,
}

#[get("/visitation")]
pub async fn visitation_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let q: VisitationQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    page(req, state, user, String::new(), q).await
}

/// The search by name or CPR number is posted, so a CPR number never stands in an address
/// (history, logs, Referer); the person found is then chosen by id.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VisitationSearch {
    q: String,
}

#[post("/visitation")]
pub async fn visitation_search(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<VisitationSearch>,
) -> Result<HttpResponse, PageError> {
    page(req, state, user, form.0.q, VisitationQuery::default()).await
}

async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    search: String,
    q: VisitationQuery,
) -> Result<HttpResponse, PageError> {
    if !user.actor.may_refer() {
        return Err(AppError::Forbidden.into());
    }
    let start_parts = DateParts::typed(
        &q.start_date,
        &q.start_date_day,
        &q.start_date_month,
        &q.start_date_year,
    );
    let end_parts = DateParts::typed(
        &q.end_date,
        &q.end_date_day,
        &q.end_date_month,
        &q.end_date_year,
    );
    let mut errors = FieldErrors::new();
    // Step 1: find the person by name (or a CPR number, which is logged as a lookup).
    let found = if search.trim().is_empty() {
        Vec::new()
    } else {
        let sort = Sort::parse(
            None,
            crate::seats::store::CANDIDATE_SORTS,
            crate::seats::store::CANDIDATE_DEFAULT_SORT,
        );
        service::list_candidates(
            &state.db,
            &state.keys,
            &user.actor,
            Some(search.trim().to_string()),
            sort,
            0,
            20,
        )
        .await?
        .0
    };
    // Step 2: the chosen person, and the contracts with a free seat for the period.
    let chosen = if q.candidate_id.trim().is_empty() {
        None
    } else {
        Some(
            service::open_candidate_name(
                &state.db,
                &user.actor,
                CandidateId::new(q.candidate_id.trim()),
            )
            .await?,
        )
    };
    let asked = chosen.is_some() && !(start_parts.is_empty() && end_parts.is_empty());
    let mut suggestions = Vec::new();
    if asked {
        let start = errors.check("start_date", parse(&start_parts));
        let end = errors.check("end_date", parse(&end_parts));
        let offer = match q.offer_type.trim() {
            "" => None,
            o => {
                let parsed = OfferType::parse(o);
                if parsed.is_none() {
                    errors.add("offer_type", ts::UNKNOWN_OFFER_TYPE);
                }
                parsed
            }
        };
        if let (Some(start), Some(end), true) = (start, end, errors.is_empty()) {
            if end < start {
                errors.add("end_date", ts::END_BEFORE_START);
            } else {
                match service::suggest(
                    &state.db,
                    &user.actor,
                    CandidateId::new(q.candidate_id.trim()),
                    start,
                    end,
                    offer,
                    Vec::new(),
                )
                .await
                {
                    Ok(s) => suggestions = s,
                    Err(AppError::Validation(e)) => errors = e,
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    let offers: Vec<(String, String)> = std::iter::once((String::new(), ts::ANY_OFFER.to_string()))
        .chain(
            OfferType::ALL
                .iter()
                .map(|o| (o.code().to_string(), o.label().to_string())),
        )
        .collect();
    let body = html! {
        h1 { (ts::VISITATION_TITLE) }
        p.lead { (ts::VISITATION_LEAD) }
        (error_summary(&errors))
        form.filters method="post" action="/visitation" autocomplete="off" {
            (csrf_field(&user.csrf))
            (input("q", ts::VISITATION_FIND, &search, "search", &FieldErrors::new(), Some(ts::VISITATION_FIND_HINT)))
            div.actions { button.button.button-secondary type="submit" { (ts::VISITATION_SEARCH) } }
        }
        @if !search.trim().is_empty() {
            @if found.is_empty() { p.empty { (ts::VISITATION_NONE_FOUND) } }
            ul.choices { @for c in &found {
                li { a href={ "/visitation?candidate_id=" (c.id) } { (c.name) } " · " (c.cpr_masked) }
            } }
        }
        @if let Some(name) = &chosen {
            h2 { (ts::visitation_for(name)) }
            form.stack method="get" action="/visitation" novalidate {
                input type="hidden" name="candidate_id" value=(q.candidate_id.trim());
                (date_input("start_date", ts::VISITATION_START, &start_parts, &errors, None))
                (date_input("end_date", ts::VISITATION_END, &end_parts, &errors, None))
                (select("offer_type", ts::VISITATION_OFFER, &offers, &q.offer_type, &errors))
                div.actions { button.button.button-primary type="submit" { (ts::VISITATION_SHOW) } }
            }
            @if asked && errors.is_empty() {
                @if suggestions.is_empty() { p.empty { (ts::VISITATION_NO_SEAT) } }
                @else {
                    table.table tabindex="0" {
                        caption { (ts::visitation_caption(&format::date(suggestions[0].start_date), &format::date(suggestions[0].end_date))) }
                        thead { tr {
                            th scope="col" { (ts::VISITATION_COMPANY) } th scope="col" { (ts::VISITATION_PLACE) }
                            th scope="col" { (ts::VISITATION_OFFERS) } th.num scope="col" { (ts::VISITATION_SEAT) }
                            th.num scope="col" { (ts::VISITATION_HEADROOM) } th scope="col" { span.sr-only { (ts::VISITATION_REFER) } }
                        } }
                        tbody { @for s in &suggestions {
                            tr {
                                td { a href={ "/contracts/" (s.contract_id) "/seats" } { (s.company_name) } }
                                td { (s.place) }
                                td { (s.offer_types.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ")) }
                                td.num { (s.seat_no) }
                                td.num { (s.ratio_headroom) }
                                td {
                                    form.inline method="post" action="/referrals" {
                                        (csrf_field(&user.csrf))
                                        input type="hidden" name="from" value="candidate";
                                        input type="hidden" name="contract_id" value=(s.contract_id);
                                        input type="hidden" name="candidate_id" value=(q.candidate_id.trim());
                                        input type="hidden" name="offer_type" value=(offer_for(&q.offer_type, &s.offer_types));
                                        input type="hidden" name="start_date" value=(format::date(s.start_date));
                                        input type="hidden" name="end_date" value=(format::date(s.end_date));
                                        button.button.button-primary type="submit" aria-label=(ts::visitation_refer_to(&s.company_name)) { (ts::VISITATION_REFER) }
                                    }
                                }
                            }
                        } }
                    }
                }
            }
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(
        &req,
        status,
        Some(&user),
        ts::VISITATION_TITLE,
        body,
    ))
}

fn parse(parts: &DateParts) -> Result<chrono::NaiveDate, String> {
    if parts.is_empty() {
        return Err(crate::texts::REQUIRED.to_string());
    }
    if let Some(p) = parts.problem() {
        return Err(p);
    }
    format::parse_date(&parts.value())
        .ok_or_else(|| crate::texts::agreements::DATE_FORMAT.to_string())
}

/// The offer to refer with: the one asked for, else the first the contract allows.
fn offer_for(asked: &str, allowed: &[OfferType]) -> String {
    OfferType::parse(asked)
        .or_else(|| allowed.first().copied())
        .map(|o| o.code().to_string())
        .unwrap_or_default()
}
