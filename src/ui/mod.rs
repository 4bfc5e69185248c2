//! The web layer's shared parts: layout, components, Danish texts and formats, error pages.

pub mod assets;
pub(crate) mod components;
pub(crate) mod filters;
pub mod format;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use maud::{html, Markup, DOCTYPE};

use crate::auth::model::PageUser;
use crate::auth::model::Role;
use crate::error::AppError;
use crate::texts as t;

/// The stylesheet, served at `/static/app.css`.
pub const STYLESHEET: &str = include_str!("../../static/app.css");

/// The stylesheet's address with a hash of its content, so browsers fetch a changed one.
pub fn stylesheet_href() -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let hash = hex::encode(Sha256::digest(STYLESHEET.as_bytes()));
        format!("/static/app.css?v={}", &hash[..12])
    })
}

/// The script of small progressive enhancements (confirmations, live week totals), served at
/// `/static/app.js`. The pages work without it.
pub const SCRIPT: &str = include_str!("../../static/app.js");

/// The script's address with a hash of its content.
pub fn script_href() -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let hash = hex::encode(Sha256::digest(SCRIPT.as_bytes()));
        format!("/static/app.js?v={}", &hash[..12])
    })
}

/// Why a page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// Not signed in: go to the login page and come back to `next` afterwards.
    #[error("login required")]
    Login { next: String },
    /// The CSRF token or the Origin did not match.
    #[error("csrf check failed")]
    Csrf,
    #[error(transparent)]
    App(#[from] AppError),
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::Login { .. } | PageError::App(AppError::MfaEnrolmentRequired) => {
                StatusCode::SEE_OTHER
            }
            PageError::Csrf => StatusCode::FORBIDDEN,
            PageError::App(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            PageError::Login { next } => {
                let query =
                    serde_html_form::to_string([("next", next.as_str())]).unwrap_or_default();
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, format!("/login?{query}")))
                    .finish()
            }
            PageError::Csrf => error_page(StatusCode::FORBIDDEN, t::ERR_CSRF),
            // Someone who must set up a second factor first is sent to where they can.
            PageError::App(AppError::MfaEnrolmentRequired) => HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/account?ok=mfa_required"))
                .finish(),
            PageError::App(e) => {
                if let AppError::Internal(cause) = e {
                    tracing::error!(%cause, "internal error on a page");
                }
                error_page(e.status_code(), &e.public_message())
            }
        }
    }
}

/// A standalone error page (no navigation: the user may not be known).
pub fn error_page(status: StatusCode, message: &str) -> HttpResponse {
    let body = html! {
        h1 { (t::ERR_TITLE) " " (status.as_u16()) }
        p.error-message role="alert" { (message) }
        p { a href="/" { (t::BACK_HOME) } }
    };
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(layout(None, t::ERR_TITLE, None, body).into_string())
}

/// The confirmation message named by the `ok` query parameter, if any.
/// The message an `ok` code names, and whether it is a notice (something to know, such as a
/// referral that went on the waiting list) rather than a confirmation that all went as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flash {
    pub text: &'static str,
    pub notice: bool,
}

pub fn flash(req: &HttpRequest) -> Option<Flash> {
    #[derive(serde::Deserialize)]
    struct Q {
        ok: Option<String>,
    }
    serde_html_form::from_str::<Q>(req.query_string())
        .ok()
        .and_then(|q| q.ok)
        .and_then(|code| {
            t::flash(&code).map(|text| Flash {
                text,
                notice: t::flash_is_notice(&code),
            })
        })
}

/// A 200 page in the layout.
pub fn render(
    req: &HttpRequest,
    user: Option<&PageUser>,
    title: &str,
    body: Markup,
) -> HttpResponse {
    render_status(req, StatusCode::OK, user, title, body)
}

/// A page in the layout with a chosen status (422 for a form with errors).
pub fn render_status(
    req: &HttpRequest,
    status: StatusCode,
    user: Option<&PageUser>,
    title: &str,
    body: Markup,
) -> HttpResponse {
    // A database made by the demo says so on every page: its logins are public.
    let demo = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .is_some_and(|s| s.settings.demo);
    let body = html! {
        @if demo { p.alert.alert-warning.demo-banner role="note" { (t::DEMO_BANNER) } }
        (body)
    };
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(layout(user, title, flash(req), body).into_string())
}

/// 303 See Other to `location`, with a confirmation code shown there.
pub fn redirect_with(location: &str, ok: &str) -> HttpResponse {
    let sep = if location.contains('?') { '&' } else { '?' };
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("{location}{sep}ok={ok}")))
        .finish()
}

fn nav_links(user: &PageUser) -> Vec<(String, &'static str)> {
    let a = &user.actor;
    let mut links = vec![
        ("/".to_string(), t::NAV_HOME),
        ("/contracts".to_string(), t::NAV_CONTRACTS),
    ];
    match a.role {
        Role::Admin => {
            links.push(("/jobcenters".into(), t::NAV_JOBCENTERS));
            links.push(("/companies".into(), t::NAV_COMPANIES));
            links.push(("/users".into(), t::NAV_USERS));
            links.push(("/payments".into(), t::NAV_PAYMENTS));
            links.push(("/campaigns".into(), t::NAV_CAMPAIGNS));
            links.push(("/audit".into(), t::audit::NAV_AUDIT));
            links.push(("/access-log".into(), t::audit::NAV_ACCESS_LOG));
            links.push(("/admin/outbox".into(), t::mail::NAV_OUTBOX));
        }
        Role::Consultant => {
            links.push(("/candidates".into(), t::NAV_CANDIDATES));
            links.push(("/visitation".into(), t::seats::VISITATION_TITLE));
            links.push(("/hours/pending".into(), t::NAV_APPROVALS));
            links.push(("/follow-ups".into(), t::NAV_FOLLOW_UPS));
            links.push(("/calendar".into(), t::visits::CALENDAR_NAV));
            links.push(("/payments".into(), t::NAV_PAYMENTS));
            links.push(("/campaigns".into(), t::NAV_CAMPAIGNS));
            if let Some(j) = &a.jobcenter_id {
                links.push((format!("/jobcenters/{j}"), t::NAV_MY_JOBCENTER));
            }
            links.push(("/companies".into(), t::NAV_COMPANIES));
            if a.dpo {
                links.push(("/access-log".into(), t::audit::NAV_ACCESS_LOG));
            }
        }
        Role::Company | Role::Mentor => {
            if a.role == Role::Mentor {
                links.push(("/hours".into(), t::NAV_HOURS));
            }
            links.push(("/seats".into(), t::NAV_SEATS));
            links.push(("/calendar".into(), t::visits::CALENDAR_NAV));
            if let Some(c) = &a.company_id {
                links.push((format!("/companies/{c}"), t::NAV_MY_COMPANY));
            }
        }
    }
    links
}

/// The page frame: header with navigation by role, the confirmation message, the content.
pub fn layout(user: Option<&PageUser>, title: &str, flash: Option<Flash>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="da" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (t::APP_NAME) }
                // Det Fælles Designsystem first (its virk.dk theme), the app's thin layer on top.
                link rel="stylesheet" href=(assets::dkfds_stylesheet_href());
                link rel="stylesheet" href=(stylesheet_href());
                script src=(script_href()) defer {}
            }
            body {
                a.skipnav href="#indhold" { (t::SKIP_TO_CONTENT) }
                // DFDS's portal header (the app's name, who is logged in, Log ud) over a plain
                // row of links that wraps on a phone: DFDS's own menu needs its script on phones.
                header.header.app-header {
                    div.portal-info {
                        div.portal-info-inner.container {
                            a.app-name href="/" { (t::APP_NAME) }
                            @if let Some(u) = user {
                                div.app-user {
                                    p.user { (t::LOGGED_IN_AS) " " strong { (u.actor.name) } " · " (u.actor.role.label()) }
                                    a.function-link href="/account" { (t::account::LINK) }
                                    form method="post" action="/logout" {
                                        input type="hidden" name="csrf" value=(u.csrf);
                                        button.button.button-secondary.button-small type="submit" { (t::LOGOUT) }
                                    }
                                }
                            }
                        }
                    }
                    @if let Some(u) = user {
                        nav.app-nav aria-label=(t::MAIN_MENU) {
                            ul.container {
                                @for (href, label) in nav_links(u) {
                                    li { a href=(href) { (label) } }
                                }
                            }
                        }
                    }
                }
                main.container id="indhold" {
                    @if let Some(f) = flash {
                        @if f.notice {
                            p.flash.notice.alert.alert-info role="status" { (f.text) }
                        } @else {
                            p.flash.alert.alert-success role="status" { (f.text) }
                        }
                    }
                    (body)
                }
                footer.site { a href="/tilgaengelighed" { (t::accessibility::LINK) } }
            }
        }
    }
}
