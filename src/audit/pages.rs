//! The audit trail page (`/audit`, administrators) and the CPR access log page (`/access-log`,
//! administrators and the jobcenter's data-protection officer). The audit trail's filters are a
//! GET form, so a filtered view can be bookmarked and paged; the access log's form posts, so a
//! CPR number typed into it never lands in a URL.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::html;

use crate::audit::model::{self as model, AccessQuery, AuditQuery, OBJECT_TYPES};
use crate::audit::service;
use crate::auth::policy::require;
use crate::auth::session::{CsrfForm, PageUser};
use crate::db::Sort;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts::audit as t;
use crate::ui::components::{
    csrf_field, error_summary, input, pagination_with, select, sort_header,
};
use crate::ui::format::datetime;
use crate::ui::render_status;
use crate::ui::PageError;

fn v(o: &Option<String>) -> String {
    o.clone().unwrap_or_default()
}

/// Where a line of the trail leads.
fn object_link(kind: &str, id: &str, detail: &str) -> Option<String> {
    match kind {
        "contract" => Some(format!("/contracts/{id}")),
        "placement" => Some(format!("/placements/{id}")),
        "user" => Some(format!("/users/{id}")),
        "company" => Some(format!("/companies/{id}")),
        "hour_week" => Some(format!(
            "/hours?{}",
            serde_html_form::to_string([("contract_id", id), ("week", detail)]).unwrap_or_default()
        )),
        _ => None,
    }
}

/// The typed order when the logs know it; else none (the default, newest first).
fn known_sort(raw: Option<String>) -> Option<String> {
    raw.filter(|r| {
        Sort::parse(Some(r), model::SORTS, model::DEFAULT_SORT).param() == r.trim()
            && !r.trim().is_empty()
    })
}

#[get("/audit")]
pub async fn audit_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    require(user.actor.may_read_audit_trail())?;
    let mut q: AuditQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    // A page falls back to the default order for a column it does not know (the API says 422).
    q.sort = known_sort(q.sort.take());
    let (result, errors) = match q.validate() {
        Ok(f) => {
            let r = service::audit_page(&state.db, &user.actor, &f).await?;
            (Some((f, r)), FieldErrors::new())
        }
        Err(e) => (None, e),
    };
    let types: Vec<(String, String)> = OBJECT_TYPES
        .iter()
        .map(|k| (k.to_string(), t::object_label(k).to_string()))
        .collect();
    let actions: Vec<(String, String)> = t::ACTIONS
        .iter()
        .map(|(code, label)| (code.to_string(), label.to_string()))
        .collect();
    let params = [
        ("user", v(&q.user)),
        ("object_type", v(&q.object_type)),
        ("object_id", v(&q.object_id)),
        ("action", v(&q.action)),
        ("from", v(&q.from)),
        ("to", v(&q.to)),
        ("per_page", v(&q.per_page)),
    ];
    let sort = Sort::parse(q.sort.as_deref(), model::SORTS, model::DEFAULT_SORT);
    let mut paging = params.to_vec();
    paging.push(("sort", v(&q.sort)));
    let body = html! {
        h1 { (t::AUDIT_TITLE) }
        p { (t::AUDIT_INTRO) }
        (error_summary(&errors))
        form.filters method="get" action="/audit" {
            (input("user", t::USER, &v(&q.user), "text", &errors, None))
            (select("object_type", t::OBJECT_TYPE, &types, &v(&q.object_type), &errors))
            (input("object_id", t::OBJECT_ID, &v(&q.object_id), "text", &errors, None))
            (select("action", t::ACTION, &actions, &v(&q.action), &errors))
            (input("from", t::FROM, &v(&q.from), "text", &errors, Some(crate::texts::DATE_HINT)))
            (input("to", t::TO, &v(&q.to), "text", &errors, Some(crate::texts::DATE_HINT)))
            div.actions {
                button.button.button-secondary type="submit" { (t::FILTER) }
                a href="/audit" { (t::CLEAR) }
            }
        }
        @if let Some((f, (lines, total))) = &result {
            @if lines.is_empty() { p.empty { (t::EMPTY) } }
            @else {
                table.table.table--compact tabindex="0" {
                    thead { tr { (sort_header("/audit", &params, t::WHEN, "when", &sort, false)) th scope="col" { (t::WHO) } th scope="col" { (t::WHAT) } th scope="col" { (t::OBJECT) } th scope="col" { (t::DETAIL) } } }
                    tbody {
                        @for l in lines {
                            tr {
                                td { (datetime(l.created_at)) }
                                td { (l.actor_name) br; small { (l.actor_email) } }
                                td { (t::action_label(&l.action)) }
                                td {
                                    (t::object_label(&l.object_type)) " "
                                    @match object_link(&l.object_type, &l.object_id, &l.detail) {
                                        Some(href) => a href=(href) { code { (l.object_id) } },
                                        None => code { (l.object_id) },
                                    }
                                }
                                td { (l.detail) }
                            }
                        }
                    }
                }
                (pagination_with("/audit", &paging, f.page, f.per_page, *total))
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
        t::AUDIT_TITLE,
        body,
    ))
}

#[get("/access-log")]
pub async fn access_log_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let mut q: AccessQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    // A CPR number is filtered by only through the posted form: never from a URL.
    q.cpr = None;
    access_log_view(&req, &state, &user, q).await
}

/// The filter form posted: a CPR number typed into it stays out of URLs, history and logs.
#[post("/access-log")]
pub async fn access_log_search(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<AccessQuery>,
) -> Result<HttpResponse, PageError> {
    access_log_view(&req, &state, &user, form.0).await
}

async fn access_log_view(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    mut q: AccessQuery,
) -> Result<HttpResponse, PageError> {
    let scope = user
        .actor
        .access_log_scope()
        .map(|s| s.map(str::to_string))
        .ok_or(AppError::Forbidden)?;
    q.sort = known_sort(q.sort.take());
    let by_cpr = q.cpr.as_deref().is_some_and(|c| !c.trim().is_empty());
    let (result, errors) = match q.validate(crate::clock::today()) {
        Ok((f, cpr)) => {
            let r =
                service::access_page(&state.db, &state.keys, &user.actor, &f, cpr.as_ref()).await?;
            (Some((f, r)), FieldErrors::new())
        }
        Err(e) => (None, e),
    };
    // The typed CPR number is never put back into the page or a link.
    let params = [
        ("user", v(&q.user)),
        ("candidate_id", v(&q.candidate_id)),
        ("from", v(&q.from)),
        ("to", v(&q.to)),
        ("per_page", v(&q.per_page)),
    ];
    let sort = Sort::parse(q.sort.as_deref(), model::SORTS, model::DEFAULT_SORT);
    let mut paging = params.to_vec();
    paging.push(("sort", v(&q.sort)));
    let body = html! {
        h1 { (t::ACCESS_TITLE) }
        p { (t::ACCESS_INTRO) @if scope.is_some() { " " (t::ACCESS_INTRO_DPO) } }
        (error_summary(&errors))
        form.filters method="post" action="/access-log" autocomplete="off" {
            (csrf_field(&user.csrf))
            (input("user", t::USER, &v(&q.user), "text", &errors, None))
            (input("cpr", t::CPR, "", "password", &errors, None))
            (input("from", t::FROM, &v(&q.from), "text", &errors, Some(crate::texts::DATE_HINT)))
            (input("to", t::TO, &v(&q.to), "text", &errors, Some(crate::texts::DATE_HINT)))
            @if let Some(c) = &q.candidate_id { input type="hidden" name="candidate_id" value=(c); }
            div.actions {
                button.button.button-secondary type="submit" { (t::FILTER) }
                a href="/access-log" { (t::CLEAR) }
            }
        }
        @if let Some((f, (lines, total))) = &result {
            @if lines.is_empty() { p.empty { (t::EMPTY) } }
            @else {
                table.table.table--compact tabindex="0" {
                    thead { tr {
                        @if by_cpr { th scope="col" { (t::WHEN) } }
                        @else { (sort_header("/access-log", &params, t::WHEN, "when", &sort, false)) }
                        th scope="col" { (t::WHO) } th scope="col" { (t::CANDIDATE) } th scope="col" { (t::WHAT) }
                    } }
                    tbody {
                        @for l in lines {
                            tr {
                                td { (datetime(l.created_at)) }
                                td { (l.user_name) br; small { (l.user_email) } }
                                td {
                                    @match (&l.candidate_id, &l.candidate_name) {
                                        (Some(id), Some(name)) => {
                                            a href={ "/access-log?candidate_id=" (id) } { (name) } " · "
                                        }
                                        _ => { span.muted { (t::NOBODY_FOUND) } " · " }
                                    }
                                    (l.cpr_masked())
                                }
                                td { (t::access_action_label(&l.action)) }
                            }
                        }
                    }
                }
                // Paging links cannot carry the posted CPR number: a search by it shows its
                // first page, and says how to narrow it.
                @if by_cpr {
                    @if *total > f.per_page { p.muted { (t::CPR_FIRST_PAGE) } }
                } @else {
                    (pagination_with("/access-log", &paging, f.page, f.per_page, *total))
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
        req,
        status,
        Some(user),
        t::ACCESS_TITLE,
        body,
    ))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(audit_page)
        .service(access_log_page)
        .service(access_log_search);
}
