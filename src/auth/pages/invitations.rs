//! Invitations on the pages: the form a consultant invites a company's signatory or mentor
//! with, the link shown once, renewing and cancelling, and the page where the invited person
//! chooses a password (`/invitation/{token}`, no login).

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::model::{InvitationRaw, Role};
use crate::auth::service::{self, IssuedInvitation};
use crate::auth::session::{
    csrf_for_pre_session, make_signed_cookie, new_token, signed_cookie, CsrfForm, PageUser,
    PRE_SESSION_COOKIE,
};
use crate::error::{AppError, FieldErrors};
use crate::ids::{CompanyId, InvitationId};
use crate::state::AppState;
use crate::texts as t;
use crate::texts::invitations as ti;
use crate::ui::components::{csrf_field, error_summary, input, input_with, select};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

use super::sign_in::{logged_in, login_csrf, EmptyForm};

fn role_choices() -> Vec<(String, String)> {
    vec![
        (
            Role::Company.code().to_string(),
            ti::ROLE_SIGNATORY.to_string(),
        ),
        (Role::Mentor.code().to_string(), ti::ROLE_MENTOR.to_string()),
    ]
}

/// What the role is called on the invitation pages.
pub(crate) fn role_word(code: &str) -> &'static str {
    match Role::parse(code) {
        Some(Role::Mentor) => ti::ROLE_MENTOR,
        _ => ti::ROLE_SIGNATORY,
    }
}

fn invite_form(company: &CompanyId, f: &InvitationRaw, errors: &FieldErrors, csrf: &str) -> Markup {
    let cancel = format!("/companies/{company}");
    html! {
        (error_summary(errors))
        form.stack method="post" action={ "/companies/" (company) "/invitations" } novalidate {
            (csrf_field(csrf))
            (input("name", ti::NAME, &f.name, "text", errors, None))
            (input("email", ti::EMAIL, &f.email, "email", errors, None))
            (select("role", ti::ROLE, &role_choices(), &f.role, errors))
            p.hint { (ti::ROLE_HINT) }
            div.actions {
                button.button.button-primary type="submit" { (ti::INVITE) }
                a href=(cancel) { (t::CANCEL) }
            }
        }
    }
}

#[get("/companies/{id}/invitations/new")]
pub async fn new_invitation_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CompanyId>,
) -> Result<HttpResponse, PageError> {
    let company = id.into_inner();
    let name = service::invitation_company(&state.db, &user.actor, company.clone()).await?;
    let title = ti::invite_title(&name);
    let body = html! {
        h1 { (title) }
        p { (ti::SECTION_INTRO) }
        (invite_form(&company, &InvitationRaw::default(), &FieldErrors::new(), &user.csrf))
    };
    Ok(render(&req, Some(&user), &title, body))
}

/// The link of a new or renewed invitation, shown this once.
fn link_page(
    req: &HttpRequest,
    state: &AppState,
    user: &PageUser,
    issued: &IssuedInvitation,
    renewed: bool,
) -> HttpResponse {
    let url = format!(
        "{}{}",
        state.settings.public_origin(req),
        service::invitation_path(&issued.token)
    );
    let title = if renewed {
        ti::RENEWED_TITLE
    } else {
        ti::CREATED_TITLE
    };
    let body = html! {
        h1 { (title) }
        p { strong { (issued.name) } }
        @if renewed { p { (ti::RENEWED_OLD_VOID) } }
        section.card {
            h2 { (ti::SEND_LINK) }
            p { (ti::SEND_LINK_HOW) }
            div.field {
                label for="f-link" { (ti::LINK_LABEL) }
                span.hint id="h-link" { (ti::link_valid_until(&format::datetime(issued.expires_at))) }
                input id="f-link" type="text" readonly value=(url) aria-describedby="h-link";
            }
        }
        p { a href={ "/companies/" (issued.company_id) } { (ti::BACK_TO_COMPANY) } }
    };
    render(req, Some(user), title, body)
}

#[post("/companies/{id}/invitations")]
pub async fn create_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<CompanyId>,
    form: CsrfForm<InvitationRaw>,
) -> Result<HttpResponse, PageError> {
    let company = id.into_inner();
    let f = form.0;
    match service::invite(&state.db, &user.actor, company.clone(), f.clone()).await {
        Ok(issued) => Ok(link_page(&req, &state, &user, &issued, false)),
        Err(AppError::Validation(errors)) => {
            let name = service::invitation_company(&state.db, &user.actor, company.clone()).await?;
            let title = ti::invite_title(&name);
            let body = html! {
                h1 { (title) }
                (invite_form(&company, &f, &errors, &user.csrf))
            };
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                &title,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/invitations/{id}/renew")]
pub async fn renew_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<InvitationId>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    let issued = service::renew_invitation(&state.db, &user.actor, id.into_inner()).await?;
    Ok(link_page(&req, &state, &user, &issued, true))
}

#[post("/invitations/{id}/cancel")]
pub async fn cancel_invitation(
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<InvitationId>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    let company = service::cancel_invitation(&state.db, &user.actor, id.into_inner()).await?;
    Ok(redirect_with(
        &format!("/companies/{company}"),
        "invitation_cancelled",
    ))
}

/// The one page for a link that does not work, whatever the reason (unknown, expired, spent,
/// cancelled, replaced): 404.
fn invalid_link(req: &HttpRequest) -> HttpResponse {
    let body = html! {
        section.narrow {
            h1 { (ti::INVALID_TITLE) }
            p { (ti::INVALID_TEXT) }
            p { (ti::INVALID_WHAT_NOW) }
            p { a href="/login" { (ti::TO_LOGIN) } }
        }
    };
    render_status(req, StatusCode::NOT_FOUND, None, ti::INVALID_TITLE, body)
}

fn accept_body(
    view: &crate::auth::store::InvitationView,
    token: &str,
    csrf: &str,
    errors: &FieldErrors,
) -> Markup {
    let intro = ti::accept_intro(
        &view.invited_by_name,
        view.invited_by_jobcenter.as_deref(),
        &view.company_name,
        &role_word(&view.role).to_lowercase(),
    );
    html! {
        section.narrow {
            h1 { (ti::ACCEPT_TITLE) }
            p { (intro) }
            dl.facts {
                dt { (ti::ACCEPT_ACCOUNT) }
                dd { (view.name) " · " (view.email) }
            }
            p { (ti::ACCEPT_HOW) }
            (error_summary(errors))
            form.stack method="post" action=(service::invitation_path(token)) novalidate {
                (csrf_field(csrf))
                (input_with("password", ti::PASSWORD, "", "password", errors, Some(ti::PASSWORD_HINT), Some("new-password")))
                (input_with("password_repeat", ti::PASSWORD_REPEAT, "", "password", errors, None, Some("new-password")))
                div.actions { button.button.button-primary type="submit" { (ti::ACCEPT_SUBMIT) } }
            }
        }
    }
}

/// The invited person's page: who invited them to which company in which role, and the
/// password form. Reached without login; sets the pre-session cookie its form's CSRF token is
/// bound to, as the login page does.
#[get("/invitation/{token}")]
pub async fn invitation_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let Some(view) = service::open_invitation(&state.db, &token).await? else {
        return Ok(invalid_link(&req));
    };
    let (pre, cookie) = match signed_cookie(&req, &state, PRE_SESSION_COOKIE) {
        Some(pre) => (pre, None),
        None => {
            let pre = new_token();
            let cookie = make_signed_cookie(&state, PRE_SESSION_COOKIE, pre.clone(), None);
            (pre, Some(cookie))
        }
    };
    let csrf = csrf_for_pre_session(&state, &pre);
    let body = accept_body(&view, &token, &csrf, &FieldErrors::new());
    let mut resp = render(&req, None, ti::ACCEPT_TITLE, body);
    if let Some(c) = cookie {
        resp.add_cookie(&c)
            .map_err(|e| AppError::internal(format!("cookie: {e}")))?;
    }
    Ok(resp)
}

/// No `Debug`: a password must not reach a log by way of a `{:?}`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct FirstPasswordForm {
    pub password: String,
    pub password_repeat: String,
}

#[post("/invitation/{token}")]
pub async fn accept_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: CsrfForm<FirstPasswordForm>,
) -> Result<HttpResponse, PageError> {
    let token = token.into_inner();
    let f = form.0;
    let input = service::FirstPassword {
        password: f.password,
        repeat: f.password_repeat,
    };
    match service::accept_invitation(&state.db, &token, input).await {
        Ok((actor, session)) => Ok(logged_in(&state, &actor, session, "/")),
        Err(AppError::Validation(errors)) => {
            let Some(view) = service::open_invitation(&state.db, &token).await? else {
                return Ok(invalid_link(&req));
            };
            let body = accept_body(&view, &token, &login_csrf(&req, &state), &errors);
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                ti::ACCEPT_TITLE,
                body,
            ))
        }
        Err(AppError::NotFound) => Ok(invalid_link(&req)),
        Err(e) => Err(e.into()),
    }
}
