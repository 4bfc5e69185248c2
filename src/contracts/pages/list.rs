//! The list of contracts with filters, sorting and pages.

use actix_web::{get, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::PageUser;
use crate::contracts::service::{self};
use crate::contracts::store::{self, ListFilter};
use crate::contracts::workflow::ContractStatus;
use crate::db::Sort;
use crate::error::FieldErrors;
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{input, page_number, pagination_with, select, sort_header};
use crate::ui::format;
use crate::ui::{render, PageError};

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    q: String,
    status: String,
    company_id: String,
    from: String,
    to: String,
    sort: String,
    page: Option<String>,
}

pub(super) fn status_badge(s: ContractStatus) -> Markup {
    crate::ui::components::badge(
        crate::ui::components::tone_of(s.code()),
        &format!("s-{}", s.code()),
        s.label(),
    )
}

#[get("/contracts")]
pub async fn list_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let lq: ListQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = page_number(lq.page.as_deref());
    let sort = Sort::parse(Some(&lq.sort), store::SORTS, store::DEFAULT_SORT);
    let status = ContractStatus::parse(lq.status.trim()).map(|s| (s, crate::clock::today()));
    let filter = ListFilter {
        company_id: (!lq.company_id.trim().is_empty()).then(|| lq.company_id.trim().to_string()),
        jobcenter_id: None,
        from: format::parse_date(&lq.from),
        to: format::parse_date(&lq.to),
        status,
        q: (!lq.q.trim().is_empty()).then(|| lq.q.trim().to_string()),
        sort: Some(sort),
    };
    // The filter offers the companies the jobcenter has contracts with (not every company in
    // the country); administrators search by name instead.
    let ((items, total), companies) = service::list_with_companies(
        &state.db,
        &user.actor,
        filter,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    let statuses: Vec<(String, String)> = ContractStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label().to_string()))
        .collect();
    let none = FieldErrors::new();
    let filters = [
        ("q", lq.q.clone()),
        ("status", lq.status.clone()),
        ("company_id", lq.company_id.clone()),
        ("from", lq.from.clone()),
        ("to", lq.to.clone()),
    ];
    let mut with_sort = filters.to_vec();
    with_sort.push(("sort", lq.sort.clone()));
    let body = html! {
        div.page-head {
            h1 { (t::CONTRACTS_TITLE) }
            @if user.actor.may_create_contracts() {
                a.button.button-primary href="/contracts/new" { (t::CONTRACT_NEW) }
            }
        }
        form.filters method="get" action="/contracts" {
            (input("q", t::SEARCH, &lq.q, "search", &none, None))
            (select("status", t::CONTRACT_STATUS, &statuses, &lq.status, &none))
            @if !companies.is_empty() {
                (select("company_id", t::CONTRACT_COMPANY, &companies, &lq.company_id, &none))
            }
            (input("from", t::CONTRACT_FROM, &lq.from, "text", &none, Some(t::CONTRACT_DATE_HINT)))
            (input("to", t::CONTRACT_TO, &lq.to, "text", &none, Some(t::CONTRACT_DATE_HINT)))
            div.actions { button.button.button-secondary type="submit" { (t::CONTRACT_FILTER) } }
        }
        @if items.is_empty() {
            p.empty {
                @if user.actor.is_company_side() { (t::CONTRACTS_EMPTY_COMPANY) }
                @else { (t::CONTRACTS_EMPTY) }
            }
        } @else {
            table.table tabindex="0" {
                thead { tr {
                    (sort_header("/contracts", &filters, t::CONTRACT_COMPANY, "company", &sort, false))
                    th { (t::CONTRACT_STATUS) }
                    (sort_header("/contracts", &filters, t::CONTRACT_START, "start", &sort, false))
                    (sort_header("/contracts", &filters, t::CONTRACT_END, "end", &sort, false))
                    (sort_header("/contracts", &filters, t::CONTRACT_SEATS, "seats", &sort, true))
                } }
                tbody {
                    @for (row, company, status) in &items {
                        tr {
                            td { a href={ "/contracts/" (row.id) } { (company) } }
                            td { (status_badge(*status)) }
                            td { (format::date(row.start_date)) }
                            td { (format::date(row.end_date)) }
                            td.num { (row.seats) }
                        }
                    }
                }
            }
            (pagination_with("/contracts", &with_sort, page, PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::CONTRACTS_TITLE, body))
}
