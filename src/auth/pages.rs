//! Login, logout and user administration pages.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::model::{Role, UserRaw};
use crate::auth::policy::require;
use crate::auth::service;
use crate::auth::session::{
    csrf_for_pre_session, make_signed_cookie, new_token, removal_cookie, signed_cookie, CsrfForm,
    MaybePageUser, PageUser, PRE_SESSION_COOKIE, SESSION_COOKIE, WEB_SESSION_HOURS,
};
use crate::auth::store::{self, SessionKind};
use crate::db::Sort;
use crate::directory::store as directory;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::ui::components::{
    csrf_field, error_summary, input, input_with, page_number, pagination_with, search_form,
    select, sort_header,
};
use crate::ui::texts as t;
use crate::ui::{layout, redirect_with, render, render_status, PageError};

/// Where to go after login: only a local path, never another site.
fn safe_next(next: &str) -> String {
    // Browsers drop tabs and newlines in URLs ("/\t/evil" becomes "//evil") and read "\\" as
    // "/": allow only visible characters, no backslash, and no second leading slash.
    let visible = next
        .chars()
        .all(|c| c.is_ascii_graphic() || (!c.is_ascii() && !c.is_control()));
    if visible && next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// No `Debug`: a password must not reach a log by way of a `{:?}`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

fn login_body(csrf: &str, email: &str, next: &str, error: Option<&str>) -> Markup {
    html! {
        section.narrow {
            h1 { (t::LOGIN_TITLE) }
            p { (t::LOGIN_INTRO) }
            @if let Some(e) = error { p.error-summary role="alert" { (e) } }
            form.stack method="post" action="/login" {
                (csrf_field(csrf))
                input type="hidden" name="next" value=(next);
                (input_with("email", t::LOGIN_EMAIL, email, "email", &FieldErrors::new(), None, Some("username")))
                (input_with("password", t::LOGIN_PASSWORD, "", "password", &FieldErrors::new(), None, Some("current-password")))
                div.actions { button type="submit" { (t::LOGIN_SUBMIT) } }
            }
        }
    }
}

/// The login page. It sets a signed pre-session cookie that its CSRF token is bound to.
#[get("/login")]
pub async fn login_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: MaybePageUser,
) -> Result<HttpResponse, PageError> {
    #[derive(Deserialize, Default)]
    struct Q {
        next: Option<String>,
    }
    let q: Q = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    if current.0.is_some() {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, next))
            .finish());
    }
    let (pre, cookie) = match signed_cookie(&req, &state, PRE_SESSION_COOKIE) {
        Some(pre) => (pre, None),
        None => {
            let pre = new_token();
            let cookie = make_signed_cookie(&state, PRE_SESSION_COOKIE, pre.clone(), None);
            (pre, Some(cookie))
        }
    };
    let csrf = csrf_for_pre_session(&state, &pre);
    let mut resp = render(
        &req,
        None,
        t::LOGIN_TITLE,
        login_body(&csrf, "", &next, None),
    );
    if let Some(c) = cookie {
        resp.add_cookie(&c)
            .map_err(|e| AppError::internal(format!("cookie: {e}")))?;
    }
    if req.cookie(SESSION_COOKIE).is_some() {
        // A session cookie whose session has ended: let the browser forget it.
        resp.add_cookie(&removal_cookie(SESSION_COOKIE))
            .map_err(|e| AppError::internal(format!("cookie: {e}")))?;
    }
    Ok(resp)
}

#[post("/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: CsrfForm<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let next = safe_next(&f.next);
    let address = state.settings.client_address(&req);
    let first = service::first_step(&state.db, &f.email, &f.password, address.as_deref()).await;
    let step = match first {
        Ok(service::FirstStep::Done(user, verified)) => {
            service::start_session(&state.db, *user, verified, SessionKind::Web).await
        }
        Ok(service::FirstStep::NeedsCode { user_id, proof }) => {
            // The second step: who and which password, signed, for ten minutes.
            let expires = chrono::Utc::now().timestamp() + MFA_STEP_SECONDS;
            let cookie = make_signed_cookie(
                &state,
                MFA_COOKIE,
                format!("{user_id}.{expires}.{proof}"),
                None,
            );
            let body = code_body(&login_csrf(&req, &state), &next, None);
            let mut resp = render_status(&req, StatusCode::OK, None, t::LOGIN_CODE_TITLE, body);
            resp.add_cookie(&cookie)
                .map_err(|e| AppError::internal(format!("cookie: {e}")))?;
            return Ok(resp);
        }
        Err(e) => Err(e),
    };
    match step {
        Ok((actor, token)) => Ok(logged_in(&state, &actor, token, &next)),
        Err(
            e @ (AppError::Unauthorized(_) | AppError::TooManyRequests(_) | AppError::OtpRequired),
        ) => {
            tracing::info!(
                throttled = matches!(e, AppError::TooManyRequests(_)),
                "login failed"
            );
            let body = login_body(
                &login_csrf(&req, &state),
                &f.email,
                &next,
                Some(&e.public_message()),
            );
            Ok(
                HttpResponse::build(actix_web::ResponseError::status_code(&e))
                    .content_type("text/html; charset=utf-8")
                    .body(layout(None, t::LOGIN_TITLE, None, body).into_string()),
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// The signed cookie between the password and the code step.
const MFA_COOKIE: &str = "vc_mfa";
/// How long the code step waits for its code.
const MFA_STEP_SECONDS: i64 = 10 * 60;

/// The CSRF token of the login forms, bound to the pre-session cookie.
fn login_csrf(req: &HttpRequest, state: &AppState) -> String {
    let pre = signed_cookie(req, state, PRE_SESSION_COOKIE).unwrap_or_default();
    csrf_for_pre_session(state, &pre)
}

/// A new session's cookie and the way on to the page the person wanted.
fn logged_in(
    state: &AppState,
    actor: &crate::auth::model::Actor,
    token: String,
    next: &str,
) -> HttpResponse {
    // A new session token at every login (no fixation); the step cookies go.
    tracing::info!(user_id = %actor.user_id, "login");
    let cookie = make_signed_cookie(state, SESSION_COOKIE, token, Some(WEB_SESSION_HOURS));
    // The page the user wanted, with the confirmation that they are logged in.
    let sep = if next.contains('?') { '&' } else { '?' };
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{next}{sep}ok=logged_in")))
        .cookie(cookie)
        .cookie(removal_cookie(PRE_SESSION_COOKIE))
        .cookie(removal_cookie(MFA_COOKIE))
        .finish()
}

fn code_body(csrf: &str, next: &str, error: Option<&str>) -> Markup {
    html! {
        section.narrow {
            h1 { (t::LOGIN_CODE_TITLE) }
            p { (t::LOGIN_CODE_INTRO) }
            @if let Some(e) = error { p.error-summary role="alert" { (e) } }
            form.stack method="post" action="/login/code" autocomplete="off" {
                (csrf_field(csrf))
                input type="hidden" name="next" value=(next);
                div.field {
                    label for="f-code" { (t::LOGIN_CODE) }
                    span.hint id="h-code" { (t::LOGIN_CODE_HINT) }
                    input id="f-code" name="code" type="text" inputmode="numeric"
                        autocomplete="one-time-code" aria-describedby="h-code";
                }
                div.actions {
                    button type="submit" { (t::LOGIN_SUBMIT) }
                    a href="/login" { (t::CANCEL) }
                }
            }
        }
    }
}

/// The code step's form.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    pub code: String,
    pub next: String,
}

#[post("/login/code")]
pub async fn login_code(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: CsrfForm<CodeForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let next = safe_next(&f.next);
    let pending = signed_cookie(&req, &state, MFA_COOKIE).and_then(|v| {
        let mut parts = v.splitn(3, '.');
        let user_id = parts.next()?.to_string();
        let expires: i64 = parts.next()?.parse().ok()?;
        let proof = parts.next()?.to_string();
        (expires > chrono::Utc::now().timestamp()).then_some((user_id, proof))
    });
    let Some((user_id, proof)) = pending else {
        // No password step, or too long ago: start again.
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/login?ok=login_again"))
            .cookie(removal_cookie(MFA_COOKIE))
            .finish());
    };
    let address = state.settings.client_address(&req);
    match service::second_step(
        &state.db,
        &state.keys,
        &user_id,
        &proof,
        &f.code,
        address.as_deref(),
        SessionKind::Web,
    )
    .await
    {
        Ok((actor, token)) => Ok(logged_in(&state, &actor, token, &next)),
        Err(e @ (AppError::Unauthorized(_) | AppError::TooManyRequests(_))) => {
            let body = code_body(&login_csrf(&req, &state), &next, Some(&e.public_message()));
            Ok(render_status(
                &req,
                actix_web::ResponseError::status_code(&e),
                None,
                t::LOGIN_CODE_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct EmptyForm {}

#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    user: PageUser,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    service::end_session(&state.db, user.token_hash).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/login?ok=logged_out"))
        .cookie(removal_cookie(SESSION_COOKIE))
        .finish())
}

/// Ends every session and API token of the person, on every device.
#[post("/logout-everywhere")]
pub async fn logout_everywhere(
    state: web::Data<AppState>,
    user: PageUser,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    let n = service::end_all_sessions(&state.db, user.actor.user_id.clone()).await?;
    tracing::info!(user_id = %user.actor.user_id, sessions = n, "logged out everywhere");
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/login?ok=logged_out_everywhere"))
        .cookie(removal_cookie(SESSION_COOKIE))
        .finish())
}

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
            a.button href="/users/new" { (t::USER_NEW) }
        }
        (search_form("/users", &q, t::SEARCH_PLACEHOLDER_USER))
        @if items.is_empty() { p.empty { (t::USERS_EMPTY) } }
        @else {
            table {
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
                            td { (i.user.role().label()) }
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

async fn user_form(
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
                button type="submit" { (t::CREATE) }
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

fn user_edit_form(
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
                dt { (t::USER_ROLE) } dd { (u.role().label()) }
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
            @if u.role() == crate::auth::model::Role::Consultant {
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
                button type="submit" { (t::SAVE) }
                a href="/users" { (t::CANCEL) }
            }
        }
        @if u.totp_cipher.is_some() {
            section aria-labelledby="to-trin" {
                h2 id="to-trin" { (t::account::MFA_TITLE) }
                p { (t::account::MFA_RESET_HINT) }
                form method="post" action={ "/users/" (u.id) "/totp/reset" } data-confirm=(t::account::MFA_RESET_CONFIRM) {
                    (csrf_field(csrf))
                    button.button.secondary type="submit" { (t::account::MFA_RESET) }
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
    id: web::Path<String>,
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
    id: web::Path<String>,
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

/// The account page's password form as typed: passwords are never shown back (and no `Debug`).
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub new_password_repeat: String,
}

async fn account_body(
    state: &AppState,
    user: &PageUser,
    errors: &FieldErrors,
) -> Result<Markup, AppError> {
    use crate::ui::texts::account as ta;
    let (jobcenter, company) = (
        user.actor.jobcenter_id.clone(),
        user.actor.company_id.clone(),
    );
    let organisation = state
        .db
        .read(move |conn| {
            Ok(match (jobcenter, company) {
                (Some(j), _) => directory::get_jobcenter(conn, &j)?.map(|j| j.row.name),
                (None, Some(c)) => directory::get_company(conn, &c)?.map(|c| c.name),
                (None, None) => None,
            })
        })
        .await?;
    let a = &user.actor;
    let left = if a.totp_enabled {
        service::recovery_codes_left(&state.db, a).await?
    } else {
        0
    };
    Ok(html! {
        h1 { (ta::TITLE) }
        dl.facts {
            dt { (t::USER_NAME) } dd { (a.name) }
            dt { (t::USER_EMAIL) } dd { (a.email) }
            dt { (t::USER_ROLE) } dd { (a.role.label()) }
            @if let Some(o) = &organisation { dt { (ta::ORGANISATION) } dd { (o) } }
        }
        section aria-labelledby="skift-adgangskode" {
            h2 id="skift-adgangskode" { (ta::PASSWORD_TITLE) }
            p.hint { (ta::PASSWORD_HINT) }
            (error_summary(errors))
            form.stack method="post" action="/account/password" novalidate {
                (csrf_field(&user.csrf))
                // For password managers: whose password this is.
                input type="hidden" name="username" autocomplete="username" value=(a.email);
                (input_with("current_password", ta::CURRENT_PASSWORD, "", "password", errors, None, Some("current-password")))
                (input_with("new_password", ta::NEW_PASSWORD, "", "password", errors, Some(ta::NEW_PASSWORD_HINT), Some("new-password")))
                (input_with("new_password_repeat", ta::NEW_PASSWORD_REPEAT, "", "password", errors, None, Some("new-password")))
                div.actions { button type="submit" { (ta::SUBMIT) } }
            }
        }
        section aria-labelledby="to-trin" {
            h2 id="to-trin" { (ta::MFA_TITLE) }
            @if a.totp_enabled {
                p { span.badge.s-accepted { (ta::MFA_ON) } " " (ta::recovery_left(left)) }
            } @else {
                @if state.settings.require_mfa.applies_to(a) {
                    p.error-summary role="alert" { (ta::MFA_REQUIRED) }
                } @else {
                    p { (ta::MFA_OPTIONAL) }
                }
                form method="post" action="/account/totp" {
                    (csrf_field(&user.csrf))
                    button type="submit" { (ta::MFA_START) }
                }
            }
        }
        section aria-labelledby="enheder" {
            h2 id="enheder" { (ta::SESSIONS_TITLE) }
            p { (ta::SESSIONS_HINT) }
            form method="post" action="/logout-everywhere" data-confirm=(t::CONFIRM_LOGOUT_EVERYWHERE) {
                (csrf_field(&user.csrf))
                button.button.secondary type="submit" { (t::LOGOUT_EVERYWHERE) }
            }
        }
    })
}

/// The person's own account: who they are, a password change, and logging out everywhere.
#[get("/account")]
pub async fn account_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let body = account_body(&state, &user, &FieldErrors::new()).await?;
    Ok(render(&req, Some(&user), t::account::TITLE, body))
}

#[post("/account/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let f = form.0;
    let address = state.settings.client_address(&req);
    let change = service::PasswordChange {
        current: f.current_password,
        new: f.new_password,
        repeat: Some(f.new_password_repeat),
    };
    match service::change_own_password(
        &state.db,
        &user.actor,
        user.token_hash.clone(),
        change,
        address.as_deref(),
    )
    .await
    {
        Ok(_) => Ok(redirect_with("/account", "password_changed")),
        Err(
            e @ (AppError::Validation(_) | AppError::TooManyRequests(_) | AppError::Conflict(_)),
        ) => {
            let status = actix_web::ResponseError::status_code(&e);
            let errors = match e {
                AppError::Validation(errors) => errors,
                // Too many wrong passwords, or a change that lost a race: said next to the field,
                // like any other error.
                other => {
                    let mut errors = FieldErrors::new();
                    errors.add("current_password", other.public_message());
                    errors
                }
            };
            let body = account_body(&state, &user, &errors).await?;
            Ok(render_status(
                &req,
                status,
                Some(&user),
                t::account::TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The QR code of an `otpauth://` URL as inline SVG, drawn module by module (escaped markup
/// like every page: no image file, no inline style).
fn qr_svg(url: &str) -> Markup {
    use crate::ui::texts::account as ta;
    let Some(modules) = crate::auth::mfa::qr_modules(url) else {
        return html! {};
    };
    // Four modules of quiet zone around the code.
    let n = modules.len() + 8;
    let view = format!("0 0 {n} {n}");
    html! {
        svg.qr xmlns="http://www.w3.org/2000/svg" viewBox=(view) width="220" height="220"
            role="img" aria-label=(ta::MFA_QR_LABEL) shape-rendering="crispEdges" {
            rect width=(n) height=(n) fill="#ffffff" {}
            @for (y, row) in modules.iter().enumerate() {
                @for (x, dark) in row.iter().enumerate() {
                    @if *dark { rect x=(x + 4) y=(y + 4) width="1" height="1" fill="#000000" {} }
                }
            }
        }
    }
}

fn enrolment_body(e: &service::Enrolment, csrf: &str, errors: &FieldErrors) -> Markup {
    use crate::ui::texts::account as ta;
    html! {
        h1 { (ta::MFA_SETUP_TITLE) }
        ol.steps {
            li { (ta::MFA_STEP_APP) }
            li { (ta::MFA_STEP_SCAN) }
            li { (ta::MFA_STEP_CODE) }
        }
        (qr_svg(&e.otpauth_url))
        p { (ta::MFA_SECRET) " " code { (e.secret) } }
        (error_summary(errors))
        form.stack method="post" action="/account/totp/confirm" autocomplete="off" novalidate {
            (csrf_field(csrf))
            (input_with("code", ta::MFA_CODE, "", "text", errors, Some(ta::MFA_CODE_HINT), Some("one-time-code")))
            div.actions {
                button type="submit" { (ta::MFA_CONFIRM) }
                a href="/account" { (t::CANCEL) }
            }
        }
    }
}

/// Starts the set-up: a new secret, shown as a QR code with a form for its first code.
#[post("/account/totp")]
pub async fn start_totp(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    let e = service::start_totp(&state.db, &state.keys, &user.actor).await?;
    let body = enrolment_body(&e, &user.csrf, &FieldErrors::new());
    Ok(render(&req, Some(&user), t::account::MFA_SETUP_TITLE, body))
}

/// The first code confirms the set-up; the recovery codes are shown this once.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct TotpCodeForm {
    pub code: String,
}

#[post("/account/totp/confirm")]
pub async fn confirm_totp(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<TotpCodeForm>,
) -> Result<HttpResponse, PageError> {
    use crate::ui::texts::account as ta;
    match service::confirm_totp(&state.db, &state.keys, &user.actor, &form.0.code).await {
        Ok(codes) => {
            let body = html! {
                h1 { (ta::MFA_DONE_TITLE) }
                p { (ta::MFA_DONE) }
                h2 { (ta::MFA_RECOVERY_TITLE) }
                p { (ta::MFA_RECOVERY_HINT) }
                ul.recovery-codes { @for c in &codes { li { code { (c) } } } }
                p { a.button href="/" { (ta::MFA_CONTINUE) } }
            };
            Ok(render(&req, Some(&user), ta::MFA_DONE_TITLE, body))
        }
        Err(AppError::Validation(errors)) => {
            let pending = service::pending_totp(&state.db, &state.keys, &user.actor).await?;
            let Some(e) = pending else {
                return Ok(redirect_with("/account", "mfa_required"));
            };
            let body = enrolment_body(&e, &user.csrf, &errors);
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                ta::MFA_SETUP_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// An administrator removes a person's second factor.
#[post("/users/{id}/totp/reset")]
pub async fn reset_totp(
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    service::reset_totp(&state.db, &user.actor, id.into_inner()).await?;
    Ok(redirect_with("/users", "mfa_reset"))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login_page)
        .service(account_page)
        .service(change_password)
        .service(start_totp)
        .service(confirm_totp)
        .service(login)
        .service(login_code)
        .service(logout)
        .service(logout_everywhere)
        .service(users_page)
        .service(new_user_page)
        .service(create_user)
        .service(edit_user_page)
        .service(update_user)
        .service(reset_totp);
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/companies?q=a"), "/companies?q=a");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n"), "/");
        assert_eq!(safe_next("/virksomheder/æøå"), "/virksomheder/æøå");
    }
}
