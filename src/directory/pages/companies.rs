//! The companies: list, page, new and edit, worksites and headcounts shown.

use crate::ids::CompanyId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use crate::auth::model::Actor;
use crate::auth::policy::CompanyParties;
use crate::auth::session::{CsrfForm, PageUser};
use crate::directory::model::{CompanyRaw, WorksiteRaw};
use crate::directory::service;
use crate::directory::store::{self, CompanyRow, CorrectionRow};
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{
    csrf_field, error_summary, input, pagination_with, search_form, select, sort_header,
};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

use super::*;

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
                a.button.button-primary href="/companies/new" { (t::COMPANY_NEW) }
            }
        }
        (search_form("/companies", &q, t::SEARCH_PLACEHOLDER_COMPANY))
        @if items.is_empty() {
            p.empty { (t::COMPANIES_EMPTY) }
        } @else {
            table.table tabindex="0" {
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
                            td { (c.sector_label()) }
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
pub(super) fn company_form(
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
                button.button.button-primary type="submit" { (submit) }
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

pub(super) fn worksite_form(
    company_id: &str,
    f: &WorksiteRaw,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
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
                div.actions { button.button.button-secondary type="submit" { (t::WORKSITE_ADD) } }
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
pub(super) fn headcount_form(
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
                div.actions { button.button.button-secondary type="submit" { (t::HEADCOUNT_DECLARE) } }
            }
        }
    }
}

pub(super) async fn company_detail(
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
pub(super) async fn company_detail_with(
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
    // Invitations of the company's people (#20): for those who may invite to it.
    let invitations = if actor.may_invite_to_company(&parties) {
        let id = company.id.clone();
        Some(
            state
                .db
                .read(move |conn| Ok(crate::auth::store::open_invitations(conn, &id)?))
                .await?,
        )
    } else {
        None
    };
    let body = html! {
        div.page-head {
            h1 { (company.name) }
            @if may_edit {
                a.button.button-secondary href={ "/companies/" (company.id) "/edit" } { (t::EDIT) }
            }
            @if actor.may_propose_company_correction(&company.id) {
                a.button.button-secondary href={ "/companies/" (company.id) "/correction" } { (t::CORRECTION_PROPOSE) }
            }
            @if actor.may_create_contracts() {
                a.button href={ "/contracts/new?company_id=" (company.id) } { (t::CONTRACT_NEW) }
            }
        }
        dl.facts {
            dt { (t::COMPANY_CVR) } dd { (company.cvr) }
            dt { (t::COMPANY_SECTOR) } dd { (company.sector_label()) }
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
            table.table tabindex="0" {
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
        @if let Some(list) = &invitations {
            (invitations_section(&company.id, list, &user.csrf))
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
pub(super) fn correction_card(
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
                span.badge.badge-warning { (t::CORRECTION_PENDING) } " "
                (format::datetime(c.created_at)) ", " (t::CORRECTION_BY) " " (proposed_by)
            }
            @if !c.comment.is_empty() { p { (c.comment) } }
            table.table tabindex="0" {
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
                        button.button.button-primary type="submit" { (t::CORRECTION_APPROVE) }
                    }
                    form.stack method="post" action={ (base) "/reject" } {
                        (csrf_field(csrf))
                        (input("reason", t::CORRECTION_REASON, "", "text", &FieldErrors::new(), None))
                        button.button.button-secondary type="submit" { (t::CORRECTION_REJECT) }
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
    id: web::Path<CompanyId>,
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
    id: web::Path<CompanyId>,
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
    id: web::Path<CompanyId>,
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

/// The company's open invitations, with "Send nyt link" and "Annuller", and the way to invite
/// someone (#20). Shown to those who may invite to the company.
fn invitations_section(
    company_id: &str,
    list: &[crate::auth::store::InvitationView],
    csrf: &str,
) -> Markup {
    use crate::texts::invitations as ti;
    let at = crate::db::now();
    html! {
        section id="invitations" aria-labelledby="invitations-title" {
            h2 id="invitations-title" { (ti::SECTION_TITLE) }
            p { (ti::SECTION_INTRO) }
            p { a.button href={ "/companies/" (company_id) "/invitations/new" } { (ti::INVITE_PERSON) } }
            @if list.is_empty() {
                p.empty { (ti::NONE_PENDING) }
            } @else {
                table.table tabindex="0" {
                    thead { tr {
                        th { (ti::NAME) } th { (ti::EMAIL) } th { (ti::ROLE) } th { (ti::INVITED_BY) }
                        th { (ti::EXPIRES) } th { (ti::STATUS) } th { (ti::ACTIONS) }
                    } }
                    tbody {
                        @for v in list {
                            @let base = format!("/invitations/{}", v.invitation.id);
                            tr {
                                td { (v.name) }
                                td { (v.email) }
                                td { (crate::auth::model::Role::parse(&v.role).map(|r| r.label()).unwrap_or("")) }
                                td { (v.invited_by_name) }
                                td { (format::datetime(v.invitation.expires_at)) }
                                td {
                                    @if v.invitation.is_usable(at) {
                                        span.badge.badge-warning { (ti::PENDING) }
                                    } @else {
                                        span.badge { (ti::EXPIRED) }
                                    }
                                }
                                td {
                                    div.actions {
                                        form method="post" action={ (base) "/renew" } {
                                            (csrf_field(csrf))
                                            button.button.button-secondary type="submit" { (ti::RENEW) }
                                        }
                                        form method="post" action={ (base) "/cancel" } data-confirm=(ti::CANCEL_CONFIRM) {
                                            (csrf_field(csrf))
                                            button.button.button-warning type="submit" { (ti::CANCEL) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
