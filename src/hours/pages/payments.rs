//! Payments per month (page and CSV) and the economy of a contract or a jobcenter.

use crate::ids::{ContractId, JobcenterId};
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::Datelike;
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::error::{AppError, FieldErrors};
use crate::hours::service::{self};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::filters::{month_stepper, Months};
use crate::ui::format;
use crate::ui::{render, render_status, PageError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct MonthQuery {
    month: String,
}

pub(super) fn this_month() -> String {
    crate::clock::month_key(crate::clock::today())
}

#[get("/payments")]
pub async fn payments_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let q: MonthQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let month_text = if q.month.trim().is_empty() {
        this_month()
    } else {
        q.month.trim().to_string()
    };
    let mut errors = FieldErrors::new();
    let month = errors.check("month", crate::ui::format::parse_month(&month_text));
    let (rows, exported) = match month {
        Some(m) => {
            let mp = service::month_payments(&state.db, &user.actor, m).await?;
            (mp.lines, mp.exported)
        }
        None => {
            if !user.actor.may_view_payments() {
                return Err(AppError::Forbidden.into());
            }
            (Vec::new(), Vec::new())
        }
    };
    let may_export = user.actor.consultant_jobcenter().is_some()
        && exported.is_empty()
        && month.is_some()
        && month_text < this_month();
    let exporters: Vec<(String, String)> = {
        let ids: Vec<String> = exported.iter().map(|e| e.1.clone()).collect();
        service::user_names(&state.db, ids).await?
    };
    // Summed without wrapping (an overflow is refused as the amounts themselves are).
    let total =
        crate::hours::model::sum(rows.iter().map(|p| p.amount_ore)).map_err(AppError::from)?;
    let body = html! {
        h1 { (t::PAYMENTS_TITLE) }
        form.filters method="get" action="/payments" {
            (month_stepper("/payments", &[], "f-month", "month", t::PAYMENTS_MONTH, &month_text, Months::Any, &errors))
            div.actions { button.button.button-secondary type="submit" { (t::PAYMENTS_SHOW) } }
        }
        @if month.is_some() {
            @for (_, by, at) in &exported {
                p.notice { (t::hours::exported_by(
                    &exporters.iter().find(|(id, _)| id == by).map(|(_, n)| n.clone()).unwrap_or_default(),
                    &format::datetime(*at),
                )) }
            }
            @if rows.is_empty() { p.empty { (t::PAYMENTS_EMPTY) } }
            @else {
                table.table tabindex="0" {
                    thead { tr { th { (t::CONTRACT_COMPANY) } th { "CVR" } th { (t::PAYMENTS_KIND) } th.num { (t::HOURS_APPROVED) } th.num { (t::PAYMENTS_AMOUNT) } } }
                    tbody {
                        @for p in &rows {
                            tr {
                                td { (p.company_name) } td { (p.company_cvr) }
                                td { @if p.kind == service::PaymentKind::Correction { (t::hours::correction_for(&p.for_month)) } @else { (p.kind.label()) } }
                                td.num { @if p.kind != service::PaymentKind::Grant { (format::hours(p.minutes)) } }
                                td.num { (format::kroner(p.amount_ore)) }
                            }
                        }
                        tr.total { td colspan="4" { (t::PAYMENTS_TOTAL) } td.num { (format::kroner(total)) } }
                    }
                }
                p { a.button.button-secondary href={ "/payments.csv?month=" (month_text) } { (t::PAYMENTS_CSV) } }
            }
            @if may_export {
                form.action method="post" action="/payments/export" {
                    (crate::ui::components::csrf_field(&user.csrf))
                    input type="hidden" name="month" value=(month_text);
                    p.hint { (t::hours::EXPORT_HINT) }
                    button.button.button-primary type="submit" { (t::hours::EXPORT_MONTH) }
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
        t::PAYMENTS_TITLE,
        body,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportForm {
    month: String,
}

/// Exports the month for the consultant's jobcenter; its lines never change again.
#[post("/payments/export")]
pub async fn export_month(
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<ExportForm>,
) -> Result<HttpResponse, PageError> {
    let month_text = form.0.month.trim().to_string();
    let month =
        crate::ui::format::parse_month(&month_text).map_err(|m| AppError::field("month", m))?;
    service::export_month(&state.db, &user.actor, month).await?;
    Ok(crate::ui::redirect_with(
        &format!("/payments?month={month_text}"),
        "month_exported",
    ))
}

#[get("/payments.csv")]
pub async fn payments_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let q: MonthQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let month =
        crate::ui::format::parse_month(&q.month).map_err(|m| AppError::field("month", m))?;
    let rows = service::payments(&state.db, &user.actor, month).await?;
    let mut resp = crate::hours::api::payment_response(q.month.trim(), rows, Some("csv"))?;
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

pub(super) fn economy_table(months: &[crate::hours::economy::MonthEconomy]) -> Markup {
    let sum =
        |f: fn(&crate::hours::economy::MonthEconomy) -> i64| months.iter().map(f).sum::<i64>();
    html! {
        table.table tabindex="0" {
            thead { tr {
                th { (t::economy::MONTH) } th.num { (t::economy::MENTOR_BUDGET) } th.num { (t::economy::MENTOR_ACTUAL) } th.num { (t::economy::SHARED) }
                th.num { (t::economy::INDIVIDUAL) } th.num { (t::economy::BUDGET_TOTAL) } th.num { (t::economy::ACTUAL_TOTAL) }
            } }
            tbody {
                @for m in months {
                    tr {
                        td { (m.month) } td.num { (format::kroner(m.mentor_budget)) } td.num { (format::kroner(m.mentor_cost)) }
                        td.num { (format::kroner(m.shared_activities)) } td.num { (format::kroner(m.individual_activities)) }
                        td.num { (format::kroner(m.budget_total)) } td.num.invalid[m.actual_total > m.budget_total] { (format::kroner(m.actual_total)) }
                    }
                }
                tr.total {
                    td { (t::economy::TOTAL) } td.num { (format::kroner(sum(|m| m.mentor_budget))) } td.num { (format::kroner(sum(|m| m.mentor_cost))) }
                    td.num { (format::kroner(sum(|m| m.shared_activities))) } td.num { (format::kroner(sum(|m| m.individual_activities))) }
                    td.num { (format::kroner(sum(|m| m.budget_total))) } td.num { (format::kroner(sum(|m| m.actual_total))) }
                }
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct EconomyQuery {
    year: String,
    format: String,
}

#[get("/contracts/{id}/economy")]
pub async fn contract_economy_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, PageError> {
    let q: EconomyQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let (c, months) =
        crate::hours::economy::for_contract(&state.db, &user.actor, id.into_inner()).await?;
    if q.format == "csv" {
        return Ok(crate::hours::api::economy_response(
            &c.id,
            months,
            Some("csv"),
        )?);
    }
    let body = html! {
        div.page-head { h1 { (t::economy::TITLE) } a href={ "/contracts/" (c.id) } { (t::CONTRACT) } }
        p.muted { (format::date(c.start_date)) " – " (format::date(c.end_date)) }
        (economy_table(&months))
        p { a.button.button-secondary href={ "/contracts/" (c.id) "/economy?format=csv" } { (t::PAYMENTS_CSV) } }
    };
    Ok(render(&req, Some(&user), t::economy::TITLE, body))
}

#[get("/jobcenters/{id}/economy")]
pub async fn jobcenter_economy_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<JobcenterId>,
) -> Result<HttpResponse, PageError> {
    let q: EconomyQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let year = q
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .unwrap_or_else(|| crate::clock::today().year());
    let id = id.into_inner();
    let months =
        crate::hours::economy::for_jobcenter(&state.db, &user.actor, id.clone(), year).await?;
    if q.format == "csv" {
        return Ok(crate::hours::api::economy_response(
            &year.to_string(),
            months,
            Some("csv"),
        )?);
    }
    let body = html! {
        div.page-head { h1 { (t::economy::TITLE) " " (year) } a href={ "/jobcenters/" (id) } { (t::NAV_MY_JOBCENTER) } }
        nav.pagination {
            a href={ "/jobcenters/" (id) "/economy?year=" (year - 1) } { "← " (year - 1) }
            a href={ "/jobcenters/" (id) "/economy?year=" (year + 1) } { (year + 1) " →" }
        }
        (economy_table(&months))
        p { a.button.button-secondary href={ "/jobcenters/" (id) "/economy?year=" (year) "&format=csv" } { (t::PAYMENTS_CSV) } }
    };
    Ok(render(&req, Some(&user), t::economy::TITLE, body))
}
