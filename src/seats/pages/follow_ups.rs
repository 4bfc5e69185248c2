//! Follow-ups that are due, and what companies committed.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::Duration;
use maud::html;
use serde::Deserialize;

use crate::auth::session::PageUser;
use crate::db::Sort;
use crate::seats::service::{self};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{page_number, pagination_with, sort_header};
use crate::ui::format;
use crate::ui::{render, PageError};

use super::*;

#[get("/follow-ups")]
pub async fn follow_ups_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    #[derive(Deserialize, Default)]
    struct Q {
        sort: Option<String>,
        page: Option<String>,
    }
    let lq: Q = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = page_number(lq.page.as_deref());
    let sort = Sort::parse(
        lq.sort.as_deref(),
        service::FOLLOW_UP_SORTS,
        service::FOLLOW_UP_DEFAULT_SORT,
    );
    let (rows, total) = service::follow_ups_page(
        &state.db,
        &user.actor,
        sort,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    let body = html! {
        h1 { (t::FOLLOW_UPS_TITLE) }
        @if rows.is_empty() { p.empty { (t::FOLLOW_UPS_EMPTY) } }
        @else {
            table.table tabindex="0" {
                thead { tr {
                    (sort_header("/follow-ups", &[], t::REFER_CANDIDATE, "candidate", &sort, false))
                    (sort_header("/follow-ups", &[], t::CONTRACT_COMPANY, "company", &sort, false))
                    th { (t::PLACEMENT_END_DATE) }
                    (sort_header("/follow-ups", &[], t::FOLLOW_UPS_DUE, "due", &sort, false))
                } }
                tbody { @for (p, cand, co, due) in &rows {
                    tr { td { a href={ "/placements/" (p.id) } { (cand) } } td { (co) } td { (format::date(p.end_date)) } td { (format::date(*due)) } }
                } }
            }
            (pagination_with("/follow-ups", &[("sort", sort.param())], page, PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::FOLLOW_UPS_TITLE, body))
}

/// A company's seat commitments across its contracts: seats, occupied today, starts soon.
#[get("/seats")]
pub async fn commitments_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let today = crate::clock::today();
    let rows =
        service::commitments(&state.db, &user.actor, today, today + Duration::weeks(4)).await?;
    let body = html! {
        h1 { (t::SEATS_COMMITMENTS) }
        @if rows.is_empty() { p.empty { (t::CONTRACTS_EMPTY_COMPANY) } }
        @else {
            table.table tabindex="0" {
                thead { tr { th { (t::CONTRACT) } th.num { (t::SEATS_COMMITTED) } th.num { (t::SEATS_OCCUPIED_TODAY) } th { (t::SEATS_STARTING) } } }
                tbody { @for c in &rows {
                    tr {
                        td { a href={ "/contracts/" (c.contract.id) "/seats" } { (c.company) } " " (crate::ui::components::badge(crate::ui::components::tone_of(c.status.code()), "", c.status.label())) }
                        td.num { (c.seats_today) }
                        td.num { (c.occupied_today) }
                        td { @for (name, d, seat) in &c.starting { (name) ", " (format::date(*d)) @if let Some(s) = seat { ", " (t::SEATS_SEAT.to_lowercase()) " " (s) } br; } }
                    }
                } }
            }
        }
    };
    Ok(render(&req, Some(&user), t::SEATS_COMMITMENTS, body))
}
