//! One's own account: password and second factor.

use crate::ids::UserId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::service;
use crate::auth::session::{CsrfForm, PageUser};
use crate::directory::store as directory;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{csrf_field, error_summary, input_with};
use crate::ui::{redirect_with, render, render_status, PageError};

use super::*;

/// The account page's password form as typed: passwords are never shown back (and no `Debug`).
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub new_password_repeat: String,
}

pub(super) async fn account_body(
    state: &AppState,
    user: &PageUser,
    errors: &FieldErrors,
) -> Result<Markup, AppError> {
    use crate::texts::account as ta;
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
        @if !crate::mail::model::Topic::for_role(a.role).is_empty() {
            section aria-labelledby="e-mails" {
                h2 id="e-mails" { (crate::texts::mail::PREFS_TITLE) }
                p { a href=(crate::mail::model::SETTINGS_PATH) { (crate::texts::mail::PREFS_LINK) } }
            }
        }
        @if a.has_calendar() {
            section aria-labelledby="kalender" {
                h2 id="kalender" { (crate::texts::visits::ACCOUNT_TITLE) }
                p { a href="/account/calendar" { (crate::texts::visits::ACCOUNT_LINK) } }
            }
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
                div.actions { button.button.button-primary type="submit" { (ta::SUBMIT) } }
            }
        }
        section aria-labelledby="to-trin" {
            h2 id="to-trin" { (ta::MFA_TITLE) }
            @if a.totp_enabled {
                p { span.badge.badge-success { (ta::MFA_ON) } " " (ta::recovery_left(left)) }
            } @else {
                @if state.settings.require_mfa.applies_to(a) {
                    p.error-summary role="alert" { (ta::MFA_REQUIRED) }
                } @else {
                    p { (ta::MFA_OPTIONAL) }
                }
                form method="post" action="/account/totp" {
                    (csrf_field(&user.csrf))
                    button.button.button-secondary type="submit" { (ta::MFA_START) }
                }
            }
        }
        section aria-labelledby="enheder" {
            h2 id="enheder" { (ta::SESSIONS_TITLE) }
            p { (ta::SESSIONS_HINT) }
            form method="post" action="/logout-everywhere" data-confirm=(t::CONFIRM_LOGOUT_EVERYWHERE) {
                (csrf_field(&user.csrf))
                button.button.button-secondary type="submit" { (t::LOGOUT_EVERYWHERE) }
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
pub(super) fn qr_svg(url: &str) -> Markup {
    use crate::texts::account as ta;
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

pub(super) fn enrolment_body(e: &service::Enrolment, csrf: &str, errors: &FieldErrors) -> Markup {
    use crate::texts::account as ta;
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
                button.button.button-primary type="submit" { (ta::MFA_CONFIRM) }
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
    use crate::texts::account as ta;
    match service::confirm_totp(&state.db, &state.keys, &user.actor, &form.0.code).await {
        Ok(codes) => {
            let body = html! {
                h1 { (ta::MFA_DONE_TITLE) }
                p { (ta::MFA_DONE) }
                h2 { (ta::MFA_RECOVERY_TITLE) }
                p { (ta::MFA_RECOVERY_HINT) }
                ul.recovery-codes { @for c in &codes { li { code { (c) } } } }
                p { a.button.button-primary href="/" { (ta::MFA_CONTINUE) } }
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
    id: web::Path<UserId>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    service::reset_totp(&state.db, &user.actor, id.into_inner()).await?;
    Ok(redirect_with("/users", "mfa_reset"))
}
