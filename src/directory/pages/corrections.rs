//! Corrections of a company's record proposed by the company, and their decision.

use crate::ids::{CompanyId, CorrectionId};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::html;
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::directory::model::CompanyRaw;
use crate::directory::service;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::textarea;
use crate::ui::{redirect_with, render_status, PageError};

use super::*;

/// A signatory's proposed correction: the company's fields and why.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CorrectionForm {
    #[serde(flatten)]
    pub company: CompanyRaw,
    pub comment: String,
}

pub(super) fn correction_page(
    req: &HttpRequest,
    user: &PageUser,
    company_id: &str,
    f: &CorrectionForm,
    errors: &FieldErrors,
) -> HttpResponse {
    let cancel = format!("/companies/{company_id}");
    let action = format!("/companies/{company_id}/corrections");
    let extra = textarea("comment", t::CORRECTION_COMMENT, &f.comment, errors);
    let body = html! {
        h1 { (t::CORRECTION_PROPOSE) }
        p { (t::CORRECTION_INTRO) }
        (company_form(&action, &f.company, errors, &user.csrf, t::CORRECTION_SEND, &cancel, true, extra))
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(req, status, Some(user), t::CORRECTION_PROPOSE, body)
}

#[get("/companies/{id}/correction")]
pub async fn correction_form_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CompanyId>,
) -> Result<HttpResponse, PageError> {
    let c = service::get_company(&state.db, &user.actor, id.into_inner()).await?;
    crate::auth::policy::require(user.actor.may_propose_company_correction(&c.id))?;
    let f = CorrectionForm {
        company: service::company_raw(&c),
        comment: String::new(),
    };
    Ok(correction_page(&req, &user, &c.id, &f, &FieldErrors::new()))
}

#[post("/companies/{id}/corrections")]
pub async fn propose_correction(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CompanyId>,
    form: CsrfForm<CorrectionForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = form.0;
    let raw = f.company.clone();
    match service::propose_correction(
        &state.db,
        &user.actor,
        id.clone(),
        move |_| raw,
        f.comment.clone(),
    )
    .await
    {
        Ok(_) => Ok(redirect_with(
            &format!("/companies/{id}"),
            "correction_proposed",
        )),
        Err(AppError::Validation(errors)) => Ok(correction_page(&req, &user, &id, &f, &errors)),
        Err(e) => Err(e.into()),
    }
}

/// The reason of a rejection.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub reason: String,
}

/// Decides a correction and goes back to the company's page with what was decided.
pub(super) async fn decide(
    state: &AppState,
    user: &PageUser,
    path: web::Path<(CompanyId, CorrectionId)>,
    approve: bool,
    reason: Option<String>,
) -> Result<HttpResponse, PageError> {
    let (company_id, correction_id) = path.into_inner();
    service::decide_correction(
        &state.db,
        &user.actor,
        company_id.clone(),
        correction_id,
        approve,
        reason,
    )
    .await?;
    let done = if approve {
        "correction_approved"
    } else {
        "correction_rejected"
    };
    Ok(redirect_with(&format!("/companies/{company_id}"), done))
}

#[post("/companies/{id}/corrections/{correction_id}/approve")]
pub async fn approve_correction(
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(CompanyId, CorrectionId)>,
    _form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    decide(&state, &user, path, true, None).await
}

#[post("/companies/{id}/corrections/{correction_id}/reject")]
pub async fn reject_correction(
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(CompanyId, CorrectionId)>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    decide(&state, &user, path, false, Some(form.0.reason)).await
}
