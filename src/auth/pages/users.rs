//! The users: list, new and edit (administrators).

use crate::ids::UserId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::model::{Role, UserRaw};
use crate::auth::policy::require;
use crate::auth::service;
use crate::auth::session::{CsrfForm, PageUser};
use crate::auth::store::{self};
use crate::db::Sort;
use crate::directory::store as directory;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{
    csrf_field, error_summary, input, input_with, page_number, pagination_with, search_form,
    select, sort_header,
};
use crate::ui::{redirect_with, render, render_status, PageError};

#[get("/users")]
pub async fn users_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    require(user.actor.may_manage_users())?;
    #[derive(Deserialize, Default)]
    struct Q {
        q: Option<String>,
        sort: Option<String>,
        page: Option<String>,
    }
    let lq: Q = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let q = lq.q.unwrap_or_default().trim().to_string();
    let page = page_number(lq.page.as_deref());
    let sort = Sort::parse(
        lq.sort.as_deref(),
        store::USER_SORTS,
        store::USER_DEFAULT_SORT,
    );
    let filters = [("q", q.clone())];
    const PAGE_SIZE: i64 = 20;
    let search = (!q.is_empty()).then(|| q.clone());
    let (items, total) = state
        .db
        .read(move |conn| {
            store::list_users(
                conn,
                search.as_deref(),
                None,
                None,
                sort,
                (page - 1) * PAGE_SIZE,
                PAGE_SIZE,
            )
        })
        .await?;
    let body = html! {
        div.page-head {
            h1 { (t::USERS_TITLE) }
            a.button.button-primary href="/users/new" { (t::USER_NEW) }
        }
        (search_form("/users", &q, t::SEARCH_PLACEHOLDER_USER))
        @if items.is_empty() { p.empty { (t::USERS_EMPTY) } }
        @else {
            table.table tabindex="0" {
                thead { tr {
                    (sort_header("/users", &filters, t::USER_NAME, "name", &sort, false))
                    (sort_header("/users", &filters, t::USER_EMAIL, "email", &sort, false))
                    th scope="col" { (t::USER_ROLE) }
                    th scope="col" { (t::USER_ORGANISATION) }
                } }
                tbody {
                    @for i in &items {
                        tr {
                            td { a href={ "/users/" (i.user.id) } { (i.user.name) } @if !i.user.active { " · " (t::USER_INACTIVE) } }
                            td { (i.user.email) }
                            td { (i.user.role_label()) }
                            td { (i.organisation.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
            (pagination_with("/users", &[("q", q.clone()), ("sort", sort.param())], page, PAGE_SIZE, total))
        }
    };
    Ok(render(&req, Some(&user), t::USERS_TITLE, body))
}

/// The user form's fields as typed (the password is never shown again).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    pub jobcenter_id: String,
    pub company_id: String,
    pub password: String,
}

pub(super) async fn user_form(
    state: &AppState,
    f: &UserForm,
    errors: &FieldErrors,
    csrf: &str,
) -> Result<Markup, AppError> {
    let (jobcenters, companies) = state
        .db
        .read(|conn| {
            Ok((
                directory::jobcenter_choices(conn)?,
                directory::company_choices(conn)?,
            ))
        })
        .await?;
    let roles: Vec<(String, String)> = Role::ALL
        .iter()
        .map(|r| (r.code().to_string(), r.label().to_string()))
        .collect();
    Ok(html! {
        (error_summary(errors))
        form.stack method="post" action="/users" novalidate {
            (csrf_field(csrf))
            (input("name", t::USER_NAME, &f.name, "text", errors, None))
            (input("email", t::USER_EMAIL, &f.email, "email", errors, None))
            (select("role", t::USER_ROLE, &roles, &f.role, errors))
            (select("jobcenter_id", t::USER_JOBCENTER, &jobcenters, &f.jobcenter_id, errors))
            (select("company_id", t::USER_COMPANY, &companies, &f.company_id, errors))
            (input_with("password", t::USER_PASSWORD, "", "password", errors, None, Some("new-password")))
            div.actions {
                button.button.button-primary type="submit" { (t::CREATE) }
                a href="/users" { (t::CANCEL) }
            }
        }
    })
}

#[get("/users/new")]
pub async fn new_user_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    require(user.actor.may_manage_users())?;
    let form = user_form(
        &state,
        &UserForm::default(),
        &FieldErrors::new(),
        &user.csrf,
    )
    .await?;
    let body = html! { h1 { (t::USER_NEW) } (form) };
    Ok(render(&req, Some(&user), t::USER_NEW, body))
}

#[post("/users")]
pub async fn create_user(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<UserForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let raw = UserRaw {
        email: f.email.clone(),
        name: f.name.clone(),
        role: f.role.clone(),
        jobcenter_id: f.jobcenter_id.clone(),
        company_id: f.company_id.clone(),
        password: f.password.clone(),
    };
    match service::create_user(&state.db, &user.actor, raw).await {
        Ok(_) => Ok(redirect_with("/users", "user_created")),
        Err(AppError::Validation(errors)) => {
            let form = user_form(&state, &f, &errors, &user.csrf).await?;
            let body = html! { h1 { (t::USER_NEW) } (form) };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::USER_NEW,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The edit form's fields as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserEditForm {
    pub name: String,
    /// A checkbox: present ("on") when checked.
    pub active: Option<String>,
    /// A checkbox: the consultant is the jobcenter's data-protection officer.
    pub dpo: Option<String>,
    pub password: String,
}

pub(super) fn user_edit_form(
    u: &crate::auth::store::UserRow,
    f: &UserEditForm,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
    let active = f.active.is_some();
    html! {
        (error_summary(errors))
        form.stack method="post" action={ "/users/" (u.id) } novalidate {
            (csrf_field(csrf))
            dl.facts {
                dt { (t::USER_EMAIL) } dd { (u.email) }
                dt { (t::USER_ROLE) } dd { (u.role_label()) }
            }
            (input("name", t::USER_NAME, &f.name, "text", errors, None))
            div.field.invalid[errors.has("active")] {
                @if errors.has("active") {
                    span.field-error id="e-active" { @for m in errors.get("active") { (m) " " } }
                }
                label.check for="f-active" {
                    input id="f-active" type="checkbox" name="active" value="on" checked[active];
                    " " (t::USER_ACTIVE)
                }
            }
            @if u.role().ok() == Some(crate::auth::model::Role::Consultant) {
                div.field.invalid[errors.has("dpo")] {
                    @if errors.has("dpo") {
                        span.field-error id="e-dpo" { @for m in errors.get("dpo") { (m) " " } }
                    }
                    label.check for="f-dpo" {
                        input id="f-dpo" type="checkbox" name="dpo" value="on" checked[f.dpo.is_some()];
                        " " (t::USER_DPO)
                    }
                }
            }
            (input_with("password", t::USER_NEW_PASSWORD, "", "password", errors, None, Some("new-password")))
            div.actions {
                button.button.button-primary type="submit" { (t::SAVE) }
                a href="/users" { (t::CANCEL) }
            }
        }
        @if u.totp_cipher.is_some() {
            section aria-labelledby="to-trin" {
                h2 id="to-trin" { (t::account::MFA_TITLE) }
                p { (t::account::MFA_RESET_HINT) }
                form method="post" action={ "/users/" (u.id) "/totp/reset" } data-confirm=(t::account::MFA_RESET_CONFIRM) {
                    (csrf_field(csrf))
                    button.button.button-warning type="submit" { (t::account::MFA_RESET) }
                }
            }
        }
    }
}

#[get("/users/{id}")]
pub async fn edit_user_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<UserId>,
) -> Result<HttpResponse, PageError> {
    let u = service::get_user(&state.db, &user.actor, id.into_inner()).await?;
    let f = UserEditForm {
        name: u.name.clone(),
        active: u.active.then(|| "on".to_string()),
        dpo: u.dpo.then(|| "on".to_string()),
        password: String::new(),
    };
    let body =
        html! { h1 { (t::USER_EDIT) } (user_edit_form(&u, &f, &FieldErrors::new(), &user.csrf)) };
    Ok(render(&req, Some(&user), t::USER_EDIT, body))
}

#[post("/users/{id}")]
pub async fn update_user(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<UserId>,
    form: CsrfForm<UserEditForm>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let f = form.0;
    let change = service::UserChange {
        name: Some(f.name.clone()),
        active: Some(f.active.is_some()),
        dpo: Some(f.dpo.is_some()),
        password: Some(f.password.clone()),
    };
    match service::update_user(&state.db, &user.actor, id.clone(), change).await {
        Ok(_) => Ok(redirect_with("/users", "user_saved")),
        Err(AppError::Validation(errors)) => {
            let u = service::get_user(&state.db, &user.actor, id).await?;
            let body =
                html! { h1 { (t::USER_EDIT) } (user_edit_form(&u, &f, &errors, &user.csrf)) };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                t::USER_EDIT,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
