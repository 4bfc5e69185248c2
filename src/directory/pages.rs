//! The directory's pages (Danish): jobcenters, companies and worksites.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::model::Actor;
use crate::auth::policy::CompanyParties;
use crate::auth::session::{CsrfForm, PageUser};
use crate::db::Sort;
use crate::directory::model::{CompanyRaw, JobcenterRaw, Region, WorksiteRaw};
use crate::directory::service;
use crate::directory::store::{self, CompanyRow, CorrectionRow};
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::ui::components::{
    csrf_field, error_summary, input, page_number, pagination_with, search_form, select,
    sort_header, textarea,
};
use crate::ui::format;
use crate::ui::texts as t;
use crate::ui::{redirect_with, render, render_status, PageError};

const PAGE_SIZE: i64 = 20;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

impl ListQuery {
    fn sort(&self, columns: &[&'static str], default: Sort) -> Sort {
        Sort::parse(self.sort.as_deref(), columns, default)
    }
    /// The search, to keep in the sort links.
    fn filters(&self) -> Vec<(&'static str, String)> {
        vec![("q", self.q())]
    }
    /// The search and the order, to keep in the page links.
    fn paging(&self) -> Vec<(&'static str, String)> {
        vec![
            ("q", self.q()),
            ("sort", self.sort.clone().unwrap_or_default()),
        ]
    }
    fn q(&self) -> String {
        self.q.clone().unwrap_or_default().trim().to_string()
    }
    fn page(&self) -> i64 {
        page_number(self.page.as_deref())
    }
}

fn list_query(req: &HttpRequest) -> ListQuery {
    serde_html_form::from_str(req.query_string()).unwrap_or_default()
}

// ---------- jobcenters ----------

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
                a.button href="/jobcenters/new" { (t::JOBCENTER_NEW) }
            }
        }
        (search_form("/jobcenters", &q, t::SEARCH_PLACEHOLDER_NAME))
        @if items.is_empty() {
            p.empty { @if q.is_empty() { (t::JOBCENTERS_EMPTY) } @else { (t::NONE_FOUND) } }
        } @else {
            table {
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

fn codes_text(codes: &[i32]) -> String {
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

fn jobcenter_form(
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
                button type="submit" { (submit) }
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
    id: web::Path<String>,
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
                a.button href={ "/jobcenters/" (j.row.id) "/edit" } { (t::EDIT) }
            }
        }
        dl.facts {
            dt { (t::JOBCENTER_REGION) } dd { (j.region().map(|r| r.name()).unwrap_or("")) }
            dt { (t::JOBCENTER_KOMMUNEKODER) } dd { (codes_text(&j.kommunekoder)) }
        }
        p { a.button.secondary href={ "/jobcenters/" (j.row.id) "/economy" } { (t::economy::TITLE) } }
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
    id: web::Path<String>,
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
    id: web::Path<String>,
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

// ---------- companies ----------

#[get("/companies")]
pub async fn companies_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let lq = list_query(&req);
    let q = lq.q();
    let page = lq.page();
    let sort = lq.sort(store::COMPANY_SORTS, store::COMPANY_DEFAULT_SORT);
    let filters = lq.filters();
    let (items, total) = service::list_companies(
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
            h1 { (t::COMPANIES_TITLE) }
            @if user.actor.may_create_company() {
                a.button href="/companies/new" { (t::COMPANY_NEW) }
            }
        }
        (search_form("/companies", &q, t::SEARCH_PLACEHOLDER_COMPANY))
        @if items.is_empty() {
            p.empty { (t::COMPANIES_EMPTY) }
        } @else {
            table {
                thead { tr {
                    (sort_header("/companies", &filters, t::COMPANY_NAME, "name", &sort, false))
                    (sort_header("/companies", &filters, t::COMPANY_CVR, "cvr", &sort, false))
                    th { (t::COMPANY_SECTOR) }
                    (sort_header("/companies", &filters, t::COMPANY_CITY, "postcode", &sort, false))
                    th.num { (t::COMPANY_EMPLOYEES) }
                } }
                tbody {
                    @for c in &items {
                        tr {
                            td { a href={ "/companies/" (c.id) } { (c.name) } }
                            td { (c.cvr) }
                            td { (c.sector().label()) }
                            td { (c.postcode) " " (c.city) }
                            td.num { (format::integer(i64::from(c.ordinary_employees))) }
                        }
                    }
                }
            }
            (pagination_with("/companies", &lq.paging(), page, PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::COMPANIES_TITLE, body))
}

/// The company's fields. `cvr_editable` is false for those who may not change the CVR number
/// (everyone but administrators): it is shown as text and sent back unchanged.
#[allow(clippy::too_many_arguments)]
fn company_form(
    action: &str,
    f: &CompanyRaw,
    errors: &FieldErrors,
    csrf: &str,
    submit: &str,
    cancel: &str,
    cvr_editable: bool,
    extra: Markup,
) -> Markup {
    let sectors = vec![
        ("private".to_string(), t::SECTOR_PRIVATE.to_string()),
        ("public".to_string(), t::SECTOR_PUBLIC.to_string()),
    ];
    html! {
        (error_summary(errors))
        form.stack method="post" action=(action) novalidate {
            (csrf_field(csrf))
            @if cvr_editable {
                (input("cvr", t::COMPANY_CVR, &f.cvr, "text", errors, None))
            } @else {
                div.field {
                    span.label { (t::COMPANY_CVR) }
                    span.hint id="h-cvr" { (t::CVR_ADMIN_ONLY) }
                    p.value { (f.cvr) }
                    input type="hidden" name="cvr" value=(f.cvr);
                }
            }
            (input("name", t::COMPANY_NAME, &f.name, "text", errors, None))
            (select("sector", t::COMPANY_SECTOR, &sectors, &f.sector, errors))
            (input("address", t::COMPANY_ADDRESS, &f.address, "text", errors, None))
            div.row {
                (input("postcode", t::COMPANY_POSTCODE, &f.postcode, "text", errors, None))
                (input("city", t::COMPANY_CITY, &f.city, "text", errors, None))
            }
            (input("ordinary_employees", t::COMPANY_EMPLOYEES, &f.ordinary_employees, "text", errors, None))
            (input("contact_name", t::COMPANY_CONTACT_NAME, &f.contact_name, "text", errors, None))
            (input("contact_email", t::COMPANY_CONTACT_EMAIL, &f.contact_email, "email", errors, None))
            (input("contact_phone", t::COMPANY_CONTACT_PHONE, &f.contact_phone, "tel", errors, None))
            (extra)
            div.actions {
                button type="submit" { (submit) }
                a href=(cancel) { (t::CANCEL) }
            }
        }
    }
}

#[get("/companies/new")]
pub async fn new_company_page(req: HttpRequest, user: PageUser) -> Result<HttpResponse, PageError> {
    crate::auth::policy::require(user.actor.may_create_company())?;
    let body = html! {
        h1 { (t::COMPANY_NEW) }
        (company_form("/companies", &CompanyRaw::default(), &FieldErrors::new(), &user.csrf, t::CREATE, "/companies", true, html! {}))
    };
    Ok(render(&req, Some(&user), t::COMPANY_NEW, body))
}

#[post("/companies")]
pub async fn create_company(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<CompanyRaw>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    match service::create_company(&state.db, &user.actor, f.clone()).await {
        Ok(c) => Ok(redirect_with(
            &format!("/companies/{}", c.id),
            "company_created",
        )),
        Err(AppError::Validation(errors)) => {
            let body = html! {
                h1 { (t::COMPANY_NEW) }
                (company_form("/companies", &f, &errors, &user.csrf, t::CREATE, "/companies", true, html! {}))
            };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::COMPANY_NEW,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

fn worksite_form(company_id: &str, f: &WorksiteRaw, errors: &FieldErrors, csrf: &str) -> Markup {
    html! {
        details open[!errors.is_empty()] {
            summary { (t::WORKSITE_ADD) }
            (error_summary(errors))
            form.stack method="post" action={ "/companies/" (company_id) "/worksites" } novalidate {
                (csrf_field(csrf))
                (input("p_number", t::WORKSITE_P_NUMBER, &f.p_number, "text", errors, None))
                (input("name", t::WORKSITE_NAME, &f.name, "text", errors, None))
                (input("address", t::COMPANY_ADDRESS, &f.address, "text", errors, None))
                div.row {
                    (input("postcode", t::COMPANY_POSTCODE, &f.postcode, "text", errors, None))
                    (input("city", t::COMPANY_CITY, &f.city, "text", errors, None))
                }
                (input("ordinary_employees", t::COMPANY_EMPLOYEES, &f.ordinary_employees, "text", errors, None))
                div.actions { button type="submit" { (t::WORKSITE_ADD) } }
            }
        }
    }
}

/// A new declaration of a worksite's ordinary employees, as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct HeadcountForm {
    pub ordinary_employees: String,
    pub effective_from: String,
}

/// The form that declares a worksite's headcount from a date (the rimelighedskrav's E).
fn headcount_form(
    company_id: &str,
    p_number: &str,
    f: &HeadcountForm,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
    html! {
        details open[!errors.is_empty()] {
            summary { (t::HEADCOUNT_DECLARE) }
            (error_summary(errors))
            form.stack method="post" action={ "/companies/" (company_id) "/worksites/" (p_number) "/headcount" } novalidate {
                (csrf_field(csrf))
                div.row {
                    (input("ordinary_employees", t::COMPANY_EMPLOYEES, &f.ordinary_employees, "text", errors, None))
                    (input("effective_from", t::HEADCOUNT_FROM, &f.effective_from, "text", errors, Some(t::HEADCOUNT_FROM_HINT)))
                }
                div.actions { button type="submit" { (t::HEADCOUNT_DECLARE) } }
            }
        }
    }
}

async fn company_detail(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    company: CompanyRow,
    worksite_raw: &WorksiteRaw,
    worksite_errors: &FieldErrors,
) -> Result<HttpResponse, PageError> {
    company_detail_with(
        req,
        state,
        user,
        company,
        worksite_raw,
        worksite_errors,
        None,
    )
    .await
}

/// The company's page; `headcount` re-shows one worksite's headcount form with its errors.
async fn company_detail_with(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    company: CompanyRow,
    worksite_raw: &WorksiteRaw,
    worksite_errors: &FieldErrors,
    headcount: Option<(&str, &HeadcountForm, &FieldErrors)>,
) -> Result<HttpResponse, PageError> {
    let id = company.id.clone();
    let actor: Actor = user.actor.clone();
    let show_corrections = actor.may_view_company_corrections(&id);
    let (sites, people, parties, corrections) = state
        .db
        .read(move |conn| {
            let corrections = if show_corrections {
                store::list_corrections(conn, &id, true)?
            } else {
                Vec::new()
            };
            Ok((
                store::list_worksites(conn, &id)?,
                store::organisation_users(conn, None, Some(&id))?,
                store::company_parties(conn, &id)?,
                corrections,
            ))
        })
        .await?;
    let may_edit = actor.may_edit_company(&parties);
    let body = html! {
        div.page-head {
            h1 { (company.name) }
            @if may_edit {
                a.button href={ "/companies/" (company.id) "/edit" } { (t::EDIT) }
            }
            @if actor.may_propose_company_correction(&company.id) {
                a.button href={ "/companies/" (company.id) "/correction" } { (t::CORRECTION_PROPOSE) }
            }
        }
        dl.facts {
            dt { (t::COMPANY_CVR) } dd { (company.cvr) }
            dt { (t::COMPANY_SECTOR) } dd { (company.sector().label()) }
            dt { (t::COMPANY_ADDRESS) } dd { (company.address) ", " (company.postcode) " " (company.city) }
            dt { (t::COMPANY_EMPLOYEES) } dd { (format::integer(i64::from(company.ordinary_employees))) }
            @if !company.contact_name.is_empty() || !company.contact_email.is_empty() {
                dt { (t::COMPANY_CONTACT) }
                dd { (company.contact_name) " " (company.contact_email) " " (company.contact_phone) }
            }
        }
        @if !corrections.is_empty() {
            h2 { (t::CORRECTIONS_TITLE) }
            @for (c, by) in &corrections {
                (correction_card(&actor, &parties, c, by, &user.csrf))
            }
        }
        h2 { (t::COMPANY_WORKSITES) }
        @if sites.is_empty() { p.empty { (t::WORKSITES_EMPTY) } }
        @else {
            table {
                thead { tr { th { (t::WORKSITE_P_NUMBER) } th { (t::WORKSITE_NAME) } th { (t::COMPANY_ADDRESS) } th.num { (t::COMPANY_EMPLOYEES) } } }
                tbody {
                    @for s in &sites {
                        tr {
                            td { (s.p_number) }
                            td { (s.name) }
                            td { (s.address) ", " (s.postcode) " " (s.city) }
                            td.num { (format::integer(i64::from(s.ordinary_employees))) }
                        }
                        @if may_edit {
                            tr { td colspan="4" {
                                @match headcount.filter(|(p, _, _)| *p == s.p_number) {
                                    Some((_, f, e)) => { (headcount_form(&company.id, &s.p_number, f, e, &user.csrf)) }
                                    None => { (headcount_form(&company.id, &s.p_number, &HeadcountForm::default(), &FieldErrors::new(), &user.csrf)) }
                                }
                            } }
                        }
                    }
                }
            }
        }
        @if may_edit {
            (worksite_form(&company.id, worksite_raw, worksite_errors, &user.csrf))
        }
        h2 { (t::COMPANY_USERS) }
        @if people.is_empty() { p.empty { (t::NONE_FOUND) } }
        @else {
            ul {
                @for (_, name, email, role) in &people {
                    li { (name) " · " (crate::auth::model::Role::parse(role).map(|r| r.label()).unwrap_or("")) " · " (email) }
                }
            }
        }
    };
    let status = if worksite_errors.is_empty() && headcount.is_none_or(|(_, _, e)| e.is_empty()) {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(req, status, Some(user), &company.name, body))
}

/// A pending correction: what would change, who proposed it and why, and the decision forms
/// for those who may decide it.
fn correction_card(
    actor: &Actor,
    parties: &CompanyParties,
    c: &CorrectionRow,
    proposed_by: &str,
    csrf: &str,
) -> Markup {
    let changes = c.changes().unwrap_or_default();
    let may_decide = actor.may_decide_company_correction(parties, changes.contains_key("cvr"));
    let base = format!("/companies/{}/corrections/{}", c.company_id, c.id);
    html! {
        section.card {
            p {
                span.badge.s-sent { (t::CORRECTION_PENDING) } " "
                (format::datetime(c.created_at)) ", " (t::CORRECTION_BY) " " (proposed_by)
            }
            @if !c.comment.is_empty() { p { (c.comment) } }
            table {
                thead { tr { th { (t::CORRECTION_FIELD) } th { (t::CORRECTION_FROM) } th { (t::CORRECTION_TO) } } }
                tbody {
                    @for (field, ch) in &changes {
                        tr {
                            td { (t::company_field_label(field)) }
                            td { @if ch.from.is_empty() { span.muted { (t::NOT_GIVEN) } } @else { (ch.from) } }
                            td { @if ch.to.is_empty() { span.muted { (t::NOT_GIVEN) } } @else { (ch.to) } }
                        }
                    }
                }
            }
            @if may_decide {
                div.actions {
                    form method="post" action={ (base) "/approve" } {
                        (csrf_field(csrf))
                        button type="submit" { (t::CORRECTION_APPROVE) }
                    }
                    form.stack method="post" action={ (base) "/reject" } {
                        (csrf_field(csrf))
                        (input("reason", t::CORRECTION_REASON, "", "text", &FieldErrors::new(), None))
                        button.secondary type="submit" { (t::CORRECTION_REJECT) }
                    }
                }
            }
        }
    }
}

#[get("/companies/{id}")]
pub async fn company_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let c = service::get_company(&state.db, &user.actor, id.into_inner()).await?;
    company_detail(
        &req,
        &state,
        &user,
        c,
        &WorksiteRaw::default(),
        &FieldErrors::new(),
    )
    .await
}

#[get("/companies/{id}/edit")]
pub async fn edit_company_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let c = service::get_company(&state.db, &user.actor, id.into_inner()).await?;
    let parties = service::company_parties(&state.db, c.id.clone()).await?;
    crate::auth::policy::require(user.actor.may_edit_company(&parties))?;
    let cancel = format!("/companies/{}", c.id);
    let body = html! {
        h1 { (t::COMPANY_EDIT) }
        (company_form(&cancel, &service::company_raw(&c), &FieldErrors::new(), &user.csrf, t::SAVE, &cancel, user.actor.may_change_cvr(), html! {}))
    };
    Ok(render(&req, Some(&user), t::COMPANY_EDIT, body))
}

#[post("/companies/{id}")]
pub async fn update_company(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    form: CsrfForm<CompanyRaw>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let mut f = form.0;
    let may_change_cvr = user.actor.may_change_cvr();
    let raw = f.clone();
    let result = service::update_company(&state.db, &user.actor, id.clone(), move |current| {
        // The form of someone who may not change the CVR number does not offer it.
        let mut raw = raw;
        if !may_change_cvr {
            raw.cvr = current.cvr;
        }
        raw
    })
    .await;
    match result {
        Ok(c) => Ok(redirect_with(
            &format!("/companies/{}", c.id),
            "company_saved",
        )),
        Err(AppError::Validation(errors)) => {
            if !may_change_cvr {
                f.cvr = service::get_company(&state.db, &user.actor, id.clone())
                    .await?
                    .cvr;
            }
            let action = format!("/companies/{id}");
            let body = html! {
                h1 { (t::COMPANY_EDIT) }
                (company_form(&action, &f, &errors, &user.csrf, t::SAVE, &action, may_change_cvr, html! {}))
            };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::COMPANY_EDIT,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// A signatory's proposed correction: the company's fields and why.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CorrectionForm {
    #[serde(flatten)]
    pub company: CompanyRaw,
    pub comment: String,
}

fn correction_page(
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
    id: web::Path<String>,
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
    id: web::Path<String>,
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
async fn decide(
    state: &AppState,
    user: &PageUser,
    path: web::Path<(String, String)>,
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
    path: web::Path<(String, String)>,
    _form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    decide(&state, &user, path, true, None).await
}

#[post("/companies/{id}/corrections/{correction_id}/reject")]
pub async fn reject_correction(
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(String, String)>,
    form: CsrfForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    decide(&state, &user, path, false, Some(form.0.reason)).await
}

#[post("/companies/{id}/worksites")]
pub async fn add_worksite(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
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
    path: web::Path<(String, String)>,
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

/// Registers the directory pages. Fixed paths (`/new`) come before `{id}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(jobcenters_page)
        .service(new_jobcenter_page)
        .service(create_jobcenter)
        .service(edit_jobcenter_page)
        .service(jobcenter_page)
        .service(update_jobcenter)
        .service(companies_page)
        .service(new_company_page)
        .service(create_company)
        .service(edit_company_page)
        .service(company_page)
        .service(update_company)
        .service(add_worksite)
        .service(declare_headcount)
        .service(correction_form_page)
        .service(propose_correction)
        .service(approve_correction)
        .service(reject_correction);
}
