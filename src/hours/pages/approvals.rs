//! Submitting, approving and rejecting a week, and the weeks waiting for approval.

use crate::ids::ContractId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::html;
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::db::Sort;
use crate::error::AppError;
use crate::hours::model::IsoWeek;
use crate::hours::service::{self, WeekAction};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{page_number, pagination_with, sort_header};
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
        action,
    )
    .await
    {
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

#[get("/hours/pending")]
pub async fn pending_page(
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
    // Waiting for approval first, oldest week first; or by company or week.
    let sort = Sort::parse(
        lq.sort.as_deref(),
        &["status", "company", "week"],
        Sort::asc("status"),
    );
    let mut rows = service::pending_weeks(&state.db, &user.actor).await?;
    match sort.key {
        "company" => rows.sort_by(|a, b| {
            format::sort_key(&a.1)
                .cmp(&format::sort_key(&b.1))
                .then(a.2.cmp(&b.2))
        }),
        "week" => rows.sort_by_key(|r| (r.2, format::sort_key(&r.1))),
        _ => {}
    }
    if sort.desc {
        rows.reverse();
    }
    let total = rows.len() as i64;
    let shown: Vec<_> = rows
        .iter()
        .skip(((page - 1) * PENDING_PAGE_SIZE) as usize)
        .take(PENDING_PAGE_SIZE as usize)
        .collect();
    let body = html! {
        h1 { (t::HOURS_PENDING_TITLE) }
        @if rows.is_empty() { p.empty { (t::HOURS_PENDING_EMPTY) } }
        @else {
            table.table tabindex="0" {
                thead { tr {
                    (sort_header("/hours/pending", &[], t::CONTRACT_COMPANY, "company", &sort, false))
                    (sort_header("/hours/pending", &[], t::HOURS_WEEK, "week", &sort, false))
                    (sort_header("/hours/pending", &[], t::CONTRACT_STATUS, "status", &sort, false))
                } }
                tbody { @for (c, company, w, s) in shown {
                    tr {
                        td { a href={ "/hours?contract_id=" (c.id) "&week=" (w) } { (company) } }
                        td { (w.label()) }
                        td { (crate::ui::components::badge(crate::ui::components::tone_of(s.code()), "", s.label())) }
                    }
                } }
            }
            (pagination_with("/hours/pending", &[("sort", sort.param())], page, PENDING_PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::HOURS_PENDING_TITLE, body))
}
