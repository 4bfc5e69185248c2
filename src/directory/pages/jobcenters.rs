//! The jobcenters: list, page, new and edit.

use crate::ids::JobcenterId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::directory::model::{JobcenterRaw, Region};
use crate::directory::service;
use crate::directory::store::{self};
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{
    csrf_field, error_summary, input, pagination_with, search_form, select, sort_header,
};
use crate::ui::{redirect_with, render, render_status, PageError};

use super::*;

#[get("/jobcenters")]
pub async fn jobcenters_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let lq = list_query(&req);
    let q = lq.q();
    let page = lq.page();
    let sort = lq.sort(store::JOBCENTER_SORTS, store::JOBCENTER_DEFAULT_SORT);
    let filters = lq.filters();
    let (items, total) = service::list_jobcenters(
        &state.db,
        &user.actor,
        (!q.is_empty()).then(|| q.clone()),
        sort,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    let body = html! {
        div.page-head {
            h1 { (t::JOBCENTERS_TITLE) }
            @if user.actor.may_manage_jobcenters() {
                a.button.button-primary href="/jobcenters/new" { (t::JOBCENTER_NEW) }
            }
        }
        (search_form("/jobcenters", &q, t::SEARCH_PLACEHOLDER_NAME))
        @if items.is_empty() {
            p.empty { @if q.is_empty() { (t::JOBCENTERS_EMPTY) } @else { (t::NONE_FOUND) } }
        } @else {
            table.table tabindex="0" {
                thead { tr {
                    (sort_header("/jobcenters", &filters, t::JOBCENTER_NAME, "name", &sort, false))
                    (sort_header("/jobcenters", &filters, t::JOBCENTER_REGION, "region", &sort, false))
                    th { (t::JOBCENTER_KOMMUNEKODER) }
                } }
                tbody {
                    @for j in &items {
                        tr {
                            td { a href={ "/jobcenters/" (j.row.id) } { (j.row.name) } }
                            td { (j.region().map(|r| r.name()).unwrap_or("")) }
                            td { (codes_text(&j.kommunekoder)) }
                        }
                    }
                }
            }
            (pagination_with("/jobcenters", &lq.paging(), page, PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::JOBCENTERS_TITLE, body))
}

pub(super) fn codes_text(codes: &[i32]) -> String {
    codes
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The jobcenter form's fields as typed: the codes are one comma separated text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct JobcenterForm {
    pub name: String,
    pub region: String,
    pub kommunekoder: String,
}

impl JobcenterForm {
    fn raw(&self) -> JobcenterRaw {
        JobcenterRaw {
            name: self.name.clone(),
            region: self.region.clone(),
            kommunekoder: self
                .kommunekoder
                .split([',', ' ', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    fn from_raw(raw: &JobcenterRaw) -> Self {
        JobcenterForm {
            name: raw.name.clone(),
            region: raw.region.clone(),
            kommunekoder: raw.kommunekoder.join(", "),
        }
    }
}

pub(super) fn jobcenter_form(
    action: &str,
    f: &JobcenterForm,
    errors: &FieldErrors,
    csrf: &str,
    submit: &str,
) -> Markup {
    let regions: Vec<(String, String)> = Region::ALL
        .iter()
        .map(|r| (r.name().to_string(), r.name().to_string()))
        .collect();
    html! {
        (error_summary(errors))
        form.stack method="post" action=(action) novalidate {
            (csrf_field(csrf))
            (input("name", t::JOBCENTER_NAME, &f.name, "text", errors, None))
            (select("region", t::JOBCENTER_REGION, &regions, &f.region, errors))
            (input("kommunekoder", t::JOBCENTER_KOMMUNEKODER, &f.kommunekoder, "text", errors, Some(t::JOBCENTER_KOMMUNEKODER_HINT)))
            div.actions {
                button.button.button-primary type="submit" { (submit) }
                a href="/jobcenters" { (t::CANCEL) }
            }
        }
    }
}

#[get("/jobcenters/new")]
pub async fn new_jobcenter_page(
    req: HttpRequest,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    crate::auth::policy::require(user.actor.may_manage_jobcenters())?;
    let body = html! {
        h1 { (t::JOBCENTER_NEW) }
        (jobcenter_form("/jobcenters", &JobcenterForm::default(), &FieldErrors::new(), &user.csrf, t::CREATE))
    };
    Ok(render(&req, Some(&user), t::JOBCENTER_NEW, body))
}

#[post("/jobcenters")]
pub async fn create_jobcenter(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<JobcenterForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    match service::create_jobcenter(&state.db, &user.actor, f.raw()).await {
        Ok(j) => Ok(redirect_with(
            &format!("/jobcenters/{}", j.row.id),
            "jobcenter_created",
        )),
        Err(AppError::Validation(errors)) => {
            let body = html! {
                h1 { (t::JOBCENTER_NEW) }
                (jobcenter_form("/jobcenters", &f, &errors, &user.csrf, t::CREATE))
            };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::JOBCENTER_NEW,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[get("/jobcenters/{id}")]
pub async fn jobcenter_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<JobcenterId>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let j = service::get_jobcenter(&state.db, &user.actor, id.clone()).await?;
    let people = state
        .db
        .read(move |conn| Ok(store::organisation_users(conn, Some(&id), None)?))
        .await?;
    let body = html! {
        div.page-head {
            h1 { (j.row.name) }
            @if user.actor.may_manage_jobcenters() {
                a.button.button-secondary href={ "/jobcenters/" (j.row.id) "/edit" } { (t::EDIT) }
            }
        }
        dl.facts {
            dt { (t::JOBCENTER_REGION) } dd { (j.region().map(|r| r.name()).unwrap_or("")) }
            dt { (t::JOBCENTER_KOMMUNEKODER) } dd { (codes_text(&j.kommunekoder)) }
        }
        p { a.button.button-secondary href={ "/jobcenters/" (j.row.id) "/economy" } { (t::economy::TITLE) } }
        h2 { (t::JOBCENTER_CONSULTANTS) }
        @if people.is_empty() { p.empty { (t::NONE_FOUND) } }
        @else {
            ul { @for (_, name, email, _) in &people { li { (name) " · " a href={ "mailto:" (email) } { (email) } } } }
        }
    };
    Ok(render(&req, Some(&user), &j.row.name, body))
}

#[get("/jobcenters/{id}/edit")]
pub async fn edit_jobcenter_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<JobcenterId>,
) -> Result<HttpResponse, PageError> {
    let j = service::get_jobcenter(&state.db, &user.actor, id.into_inner()).await?;
    crate::auth::policy::require(user.actor.may_manage_jobcenters())?;
    let f = JobcenterForm::from_raw(&service::jobcenter_raw(&j));
    let body = html! {
        h1 { (t::JOBCENTER_EDIT) }
        (jobcenter_form(&format!("/jobcenters/{}", j.row.id), &f, &FieldErrors::new(), &user.csrf, t::SAVE))
    };
    Ok(render(&req, Some(&user), t::JOBCENTER_EDIT, body))
}

#[post("/jobcenters/{id}")]
pub async fn update_jobcenter(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<JobcenterId>,
    form: CsrfForm<JobcenterForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = form.0;
    let raw = f.raw();
    match service::update_jobcenter(&state.db, &user.actor, id.clone(), move |_| raw).await {
        Ok(j) => Ok(redirect_with(
            &format!("/jobcenters/{}", j.row.id),
            "jobcenter_saved",
        )),
        Err(AppError::Validation(errors)) => {
            let body = html! {
                h1 { (t::JOBCENTER_EDIT) }
                (jobcenter_form(&format!("/jobcenters/{id}"), &f, &errors, &user.csrf, t::SAVE))
            };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::JOBCENTER_EDIT,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
