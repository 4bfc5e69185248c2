//! Adding a worksite and declaring a headcount.

use crate::ids::CompanyId;
use actix_web::{post, web, HttpRequest, HttpResponse};

use crate::auth::session::{CsrfForm, PageUser};
use crate::directory::model::WorksiteRaw;
use crate::directory::service;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::ui::{redirect_with, PageError};

use super::*;

#[post("/companies/{id}/worksites")]
pub async fn add_worksite(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CompanyId>,
    form: CsrfForm<WorksiteRaw>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = form.0;
    match service::add_worksite(&state.db, &user.actor, id.clone(), f.clone()).await {
        Ok(_) => Ok(redirect_with(&format!("/companies/{id}"), "worksite_added")),
        Err(AppError::Validation(errors)) => {
            let c = service::get_company(&state.db, &user.actor, id).await?;
            company_detail(&req, &state, &user, c, &f, &errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/companies/{id}/worksites/{p_number}/headcount")]
pub async fn declare_headcount(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(CompanyId, String)>,
    form: CsrfForm<HeadcountForm>,
) -> Result<HttpResponse, PageError> {
    let (id, p_number) = path.into_inner();
    let f = form.0;
    let employees = f.ordinary_employees.trim();
    let parsed = if employees.is_empty() {
        None
    } else {
        Some(employees.replace('.', "").parse::<i64>().unwrap_or(-1))
    };
    let result = service::declare_headcount(
        &state.db,
        &user.actor,
        id.clone(),
        p_number.clone(),
        parsed,
        Some(f.effective_from.clone()),
    )
    .await;
    match result {
        Ok(_) => Ok(redirect_with(
            &format!("/companies/{id}"),
            "headcount_declared",
        )),
        Err(AppError::Validation(errors)) => {
            let c = service::get_company(&state.db, &user.actor, id).await?;
            company_detail_with(
                &req,
                &state,
                &user,
                c,
                &WorksiteRaw::default(),
                &FieldErrors::new(),
                Some((&p_number, &f, &errors)),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
