//! Submitting, approving and rejecting a week, and the weeks waiting for approval.

use crate::ids::ContractId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::db::Sort;
use crate::error::{AppError, FieldErrors};
use crate::hours::model::IsoWeek;
use crate::hours::model::WeekStatus;
use crate::hours::service::{
    self, ApprovalWeek, ApprovalsPage, BulkApproval, ChosenWeek, WeekAction,
};
use crate::state::AppState;
use crate::texts as t;
use crate::texts::hours as th;
use crate::ui::components::{
    badge, csrf_field, error_summary, page_number, pagination_with, sort_header, tone_of, Tone,
};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

use super::*;

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct WeekForm {
    pub contract_id: String,
    pub week: String,
    pub reason: String,
}

pub(super) async fn week_action(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    f: WeekForm,
    action: WeekAction,
    ok: &str,
) -> Result<HttpResponse, PageError> {
    let week = IsoWeek::parse(&f.week).map_err(|m| AppError::field("week", m))?;
    match service::decide_week(
        &state.db,
        &user.actor,
        ContractId::new(f.contract_id.as_str()),
        week,
        action.clone(),
    )
    .await
    {
        // After an approval the consultant goes on to the next submitted week, or back to the
        // list when none waits.
        Ok(_) if matches!(action, WeekAction::Approve) => {
            match service::next_submitted_week(&state.db, &user.actor).await? {
                Some((c, w)) => Ok(redirect_with(
                    &format!("/hours?contract_id={c}&week={w}"),
                    "week_approved_next",
                )),
                None => Ok(redirect_with("/hours/pending", "week_approved_last")),
            }
        }
        Ok(_) => Ok(redirect_with(
            &format!("/hours?contract_id={}&week={}", f.contract_id, week),
            ok,
        )),
        Err(AppError::Validation(errors)) => {
            let v = service::week_view(
                &state.db,
                &user.actor,
                ContractId::new(f.contract_id.as_str()),
                week,
            )
            .await?;
            let body = hours_body(&state, &user, v, None, &errors, false).await?;
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::HOURS_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/hours/submit")]
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<WeekForm>,
) -> Result<HttpResponse, PageError> {
    week_action(
        req,
        state,
        user,
        form.0,
        WeekAction::Submit,
        "week_submitted",
    )
    .await
}

#[post("/hours/approve")]
pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<WeekForm>,
) -> Result<HttpResponse, PageError> {
    week_action(
        req,
        state,
        user,
        form.0,
        WeekAction::Approve,
        "week_approved",
    )
    .await
}

#[post("/hours/reject")]
pub async fn reject(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<WeekForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let reason = f.reason.clone();
    week_action(
        req,
        state,
        user,
        f,
        WeekAction::Reject(reason),
        "week_rejected",
    )
    .await
}

/// The consultant reopens an approved week for a correction, with a reason (#22).
#[post("/hours/reopen")]
pub async fn reopen(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<WeekForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let reason = f.reason.clone();
    week_action(
        req,
        state,
        user,
        f,
        WeekAction::Reopen(reason),
        "week_reopened",
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApprovalsQuery {
    sort: Option<String>,
    page: Option<String>,
    open_page: Option<String>,
}

/// The approvals page's body: the report of an approval of several weeks (if one was just
/// made), the submitted weeks with their checkboxes, and the weeks not yet submitted.
async fn approvals_body(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    report: Option<&BulkApproval>,
    errors: &FieldErrors,
) -> Result<Markup, PageError> {
    let q: ApprovalsQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = page_number(q.page.as_deref());
    let open_page = page_number(q.open_page.as_deref());
    // Oldest week first; or by company.
    let sort = Sort::parse(q.sort.as_deref(), &["week", "company"], Sort::asc("week"));
    let a = service::approvals(
        &state.db,
        &user.actor,
        ApprovalsPage {
            by_company: sort.key == "company",
            desc: sort.desc,
            submitted_offset: (page - 1) * PENDING_PAGE_SIZE,
            open_offset: (open_page - 1) * PENDING_PAGE_SIZE,
            limit: PENDING_PAGE_SIZE,
        },
    )
    .await?;
    let base = "/hours/pending";
    let week_link =
        |w: &ApprovalWeek| format!("/hours?contract_id={}&week={}", w.contract.id, w.week);
    let budget = |w: &ApprovalWeek| {
        html! {
            (format::hours(w.budget_minutes)) br; span.muted { (format::kroner(w.budget_ore)) }
            @if w.over_budget() { " " (badge(Tone::Error, "over-budget", th::APPROVALS_OVER)) }
        }
    };
    Ok(html! {
        h1 { (th::APPROVALS_TITLE) }
        p.lead { (th::APPROVALS_INTRO) }
        (error_summary(errors))
        @if let Some(r) = report {
            div.approval-report role="status" {
                @if !r.approved.is_empty() {
                    p { strong { (th::weeks_approved(r.approved.len())) } }
                    ul { @for (company, w) in &r.approved { li { (w.label()) ", " (company) } } }
                }
                @if !r.left.is_empty() {
                    div.notice {
                        p { strong { (th::APPROVALS_LEFT) } }
                        ul { @for (company, w, why) in &r.left { li { (th::week_left(&w.label(), company, why)) } } }
                    }
                }
            }
        }
        section aria-labelledby="submitted" {
            h2 #submitted { (th::APPROVALS_SUBMITTED) " (" (a.submitted_total) ")" }
            @if a.submitted.is_empty() { p.empty { (th::APPROVALS_SUBMITTED_EMPTY) } }
            @else {
                form method="post" action="/hours/approve-selected" {
                    (csrf_field(&user.csrf))
                    div #f-week {
                    table.approvals tabindex="0" {
                        thead { tr {
                            th { span.visually-hidden { (th::APPROVALS_CHOOSE) } }
                            (sort_header(base, &[], th::APPROVALS_COMPANY, "company", &sort, false))
                            (sort_header(base, &[], th::APPROVALS_WEEK, "week", &sort, false))
                            th { (th::APPROVALS_MENTOR) }
                            th.num { (th::APPROVALS_HOURS) }
                            th.num { (th::APPROVALS_AMOUNT) }
                            th.num { (th::APPROVALS_BUDGET) }
                        } }
                        tbody { @for w in &a.submitted {
                            @let id = format!("w-{}-{}", w.contract.id, w.week);
                            tr.over[w.over_budget()] {
                                td { input type="checkbox" name="week" value=(w.token()) id=(id)
                                    aria-label=(th::choose_week(&w.week.label(), &w.company_name)); }
                                td { a href=(week_link(w)) { (w.company_name) } }
                                td { (w.week.label()) }
                                td { (w.mentor_name) }
                                td.num { (format::hours(w.minutes)) }
                                td.num { (format::kroner(w.amount_ore)) }
                                td.num { (budget(w)) }
                            }
                        } }
                    }
                    }
                    div.actions { button.button.button-primary type="submit" { (th::APPROVALS_APPROVE_CHOSEN) } }
                }
                (pagination_with(base, &[("sort", sort.param()), ("open_page", open_page.to_string())], page, PENDING_PAGE_SIZE, a.submitted_total))
            }
        }
        section aria-labelledby="open-weeks" {
            h2 #open-weeks { (th::APPROVALS_OPEN) " (" (a.open_total) ")" }
            p.muted { (th::APPROVALS_OPEN_HINT) }
            @if a.open.is_empty() { p.empty { (th::APPROVALS_OPEN_EMPTY) } }
            @else {
                table.table tabindex="0" {
                    thead { tr {
                        th { (th::APPROVALS_COMPANY) } th { (th::APPROVALS_WEEK) } th { (th::APPROVALS_MENTOR) }
                        th.num { (th::APPROVALS_HOURS) } th.num { (th::APPROVALS_BUDGET) } th { (th::APPROVALS_STATUS) }
                    } }
                    tbody { @for w in &a.open {
                        tr {
                            td { a href=(week_link(w)) { (w.company_name) } }
                            td { (w.week.label()) }
                            td { (w.mentor_name) }
                            td.num { (format::hours(w.minutes)) }
                            td.num { (budget(w)) }
                            td {
                                (badge(tone_of(w.status.code()), &format!("w-{}", w.status.code()), w.status.label()))
                                @if let Some(r) = w.reason.as_deref().filter(|_| w.status == WeekStatus::Rejected) { br; q { (r) } }
                            }
                        }
                    } }
                }
                (pagination_open(&sort, page, open_page, a.open_total))
            }
        }
    })
}

/// The pages of the weeks not yet submitted (`open_page`), keeping the submitted list's page.
fn pagination_open(sort: &Sort, page: i64, open_page: i64, total: i64) -> Markup {
    let pages = (total + PENDING_PAGE_SIZE - 1) / PENDING_PAGE_SIZE;
    html! {
        @if pages > 1 {
            nav.pagination aria-label=(th::APPROVALS_OPEN) {
                @for p in 1..=pages {
                    @if p == open_page { span aria-current="page" { (p) } }
                    @else { a href={ "/hours/pending?sort=" (sort.param()) "&page=" (page) "&open_page=" (p) "#open-weeks" } { (p) } }
                    " "
                }
            }
        }
    }
}

/// "Godkend timer": the weeks waiting for approval and those not yet submitted.
#[get("/hours/pending")]
pub async fn pending_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let body = approvals_body(&req, &state, &user, None, &FieldErrors::new()).await?;
    Ok(render(&req, Some(&user), th::APPROVALS_TITLE, body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChosenForm {
    /// The chosen weeks, each as its checkbox carries it: "contract|week|minutes".
    pub week: Vec<String>,
}

/// Approves the chosen weeks in one transaction and shows the list again with what was
/// approved and what was left (changed or no longer waiting).
#[post("/hours/approve-selected")]
pub async fn approve_selected(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<ChosenForm>,
) -> Result<HttpResponse, PageError> {
    let mut chosen = Vec::new();
    for token in &form.0.week {
        match ChosenWeek::parse(token) {
            Some(c) => chosen.push(c),
            None => return Err(AppError::field("week", t::INVALID_VALUE).into()),
        }
    }
    match service::approve_weeks(&state.db, &user.actor, chosen).await {
        Ok(report) => {
            let body =
                approvals_body(&req, &state, &user, Some(&report), &FieldErrors::new()).await?;
            Ok(render(&req, Some(&user), th::APPROVALS_TITLE, body))
        }
        Err(AppError::Validation(errors)) => {
            let body = approvals_body(&req, &state, &user, None, &errors).await?;
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                th::APPROVALS_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
