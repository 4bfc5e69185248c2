//! Logging in (password, then a second factor where required) and out.

use crate::ids::UserId;
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::service;
use crate::auth::session::{
    csrf_for_pre_session, make_signed_cookie, new_token, removal_cookie, signed_cookie, CsrfForm,
    MaybePageUser, PageUser, PRE_SESSION_COOKIE, SESSION_COOKIE, WEB_SESSION_HOURS,
};
use crate::auth::store::SessionKind;
use crate::error::{AppError, FieldErrors};
use crate::state::AppState;
use crate::texts as t;
use crate::ui::components::{csrf_field, input_with};
use crate::ui::{layout, render, render_status, PageError};

use super::*;

/// No `Debug`: a password must not reach a log by way of a `{:?}`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

pub(super) fn login_body(csrf: &str, email: &str, next: &str, error: Option<&str>) -> Markup {
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
                div.actions { button.button.button-primary type="submit" { (t::LOGIN_SUBMIT) } }
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
pub(super) const MFA_COOKIE: &str = "vc_mfa";
/// How long the code step waits for its code.
pub(super) const MFA_STEP_SECONDS: i64 = 10 * 60;

/// The CSRF token of the login forms, bound to the pre-session cookie.
pub(super) fn login_csrf(req: &HttpRequest, state: &AppState) -> String {
    let pre = signed_cookie(req, state, PRE_SESSION_COOKIE).unwrap_or_default();
    csrf_for_pre_session(state, &pre)
}

/// A new session's cookie and the way on to the page the person wanted.
pub(super) fn logged_in(
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

pub(super) fn code_body(csrf: &str, next: &str, error: Option<&str>) -> Markup {
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
                    button.button.button-primary type="submit" { (t::LOGIN_SUBMIT) }
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
        &UserId::new(user_id),
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
