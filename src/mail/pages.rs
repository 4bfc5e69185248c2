//! The mail pages: one's own choices (`/account/mail`), the unsubscribe link's page
//! (`/mail/unsubscribe`, no login: the link is signed) and the administrators' outbox
//! (`/admin/outbox`, with "Send igen").

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::policy::require;
use crate::auth::session::{CsrfForm, PageUser};
use crate::error::{AppError, FieldErrors};
use crate::ids::{MailId, UserId};
use crate::mail::model::{Delivery, Kind, Status, SETTINGS_PATH, UNSUBSCRIBE_PATH};
use crate::mail::service::{self, Choice, Unsubscribe};
use crate::state::AppState;
use crate::texts::mail as tm;
use crate::ui::components::{badge, csrf_field, error_list, error_summary, pagination_with, Tone};
use crate::ui::format::datetime;
use crate::ui::{redirect_with, render, render_status, PageError};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(choices_page)
        .service(save_choices)
        .service(unsubscribe_page)
        .service(unsubscribe_post)
        .service(outbox_page)
        .service(resend);
}

/// One fieldset of radio buttons per topic, as DFDS has them: the legend names the topic, then
/// its hint and its error (both tied to the fieldset with `aria-describedby`), then the choices.
/// The first radio button has the id `f-TOPIC` that the error summary links to, so following
/// the link puts the focus in the group.
fn choices_form(choices: &[Choice], errors: &FieldErrors, csrf: &str) -> Markup {
    html! {
        h1 { (tm::PREFS_TITLE) }
        @if choices.is_empty() {
            p { (tm::PREFS_NONE) }
        } @else {
            p { (tm::PREFS_INTRO) }
            (error_summary(errors))
            form method="post" action=(SETTINGS_PATH) {
                (csrf_field(csrf))
                @for c in choices {
                    @let code = c.topic.code();
                    @let invalid = errors.has(code);
                    @let mandatory = !c.choices.contains(&Delivery::Off);
                    @let described = [
                        mandatory.then(|| format!("h-{code}")),
                        invalid.then(|| format!("e-{code}")),
                    ].into_iter().flatten().collect::<Vec<_>>().join(" ");
                    fieldset.form-group.form-error[invalid]
                        aria-describedby=[(!described.is_empty()).then_some(&described)] {
                        legend.form-label { (c.topic.label()) }
                        @if mandatory {
                            span.form-hint id={ "h-" (code) } { (tm::PREFS_MANDATORY) }
                        }
                        (error_list(code, errors))
                        @for (i, d) in c.choices.iter().enumerate() {
                            @let id = if i == 0 { format!("f-{code}") } else { format!("f-{code}-{}", d.code()) };
                            div.form-group-radio {
                                input.form-radio type="radio" id=(id) name=(code)
                                    value=(d.code()) checked[*d == c.delivery];
                                label.form-label for=(id) { (d.label()) }
                            }
                        }
                    }
                }
                div.actions {
                    button.button.button-primary type="submit" { (tm::PREFS_SAVE) }
                }
            }
        }
    }
}

#[get("/account/mail")]
pub async fn choices_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let choices = service::my_choices(&state.db, &user.actor).await?;
    let body = choices_form(&choices, &FieldErrors::new(), &user.csrf);
    Ok(render(&req, Some(&user), tm::PREFS_TITLE, body))
}

#[post("/account/mail")]
pub async fn save_choices(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    let given: Vec<(String, String)> = form.0.into_iter().filter(|(k, _)| k != "csrf").collect();
    match service::set_my_choices(&state.db, &user.actor, &given).await {
        Ok(_) => Ok(redirect_with(SETTINGS_PATH, "mail_saved")),
        Err(AppError::Validation(errors)) => {
            let mut choices = service::my_choices(&state.db, &user.actor).await?;
            // Show what was typed where it was a valid choice.
            for c in choices.iter_mut() {
                if let Some(d) = given
                    .iter()
                    .find(|(k, _)| k == c.topic.code())
                    .and_then(|(_, v)| Delivery::parse(v))
                    .filter(|d| c.choices.contains(d))
                {
                    c.delivery = d;
                }
            }
            let body = choices_form(&choices, &errors, &user.csrf);
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                tm::PREFS_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnsubscribeLink {
    pub u: String,
    pub t: String,
    pub s: String,
}

fn unsubscribe_body(link: &UnsubscribeLink, state: &Unsubscribe, done: bool) -> Markup {
    html! {
        h1 { (tm::UNSUB_TITLE) }
        @match state {
            Unsubscribe::Invalid => p.alert.alert-error role="alert" { (tm::UNSUB_BAD_LINK) },
            Unsubscribe::Mandatory => p { (tm::UNSUB_MANDATORY) },
            Unsubscribe::Valid(topic) if done => {
                p.alert.alert-success role="status" { (tm::unsub_done(topic.label())) }
                p { a href=(SETTINGS_PATH) { (tm::PREFS_LINK) } }
            },
            Unsubscribe::Valid(topic) => {
                p { (tm::unsub_question(topic.label())) }
                form method="post" action=(UNSUBSCRIBE_PATH) {
                    input type="hidden" name="u" value=(link.u);
                    input type="hidden" name="t" value=(link.t);
                    input type="hidden" name="s" value=(link.s);
                    button.button.button-primary type="submit" { (tm::UNSUB_BUTTON) }
                }
            },
        }
    }
}

/// The page a mail's unsubscribe link opens: it asks (a link scanner that follows every link
/// in a mail must not switch anything off); the button posts.
#[get("/mail/unsubscribe")]
pub async fn unsubscribe_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    link: web::Query<UnsubscribeLink>,
) -> Result<HttpResponse, PageError> {
    unsubscribe_answer(&req, &state, &link, false).await
}

/// Switches the topic off: from the page's button, or a mail program's one-click
/// unsubscribe (RFC 8058 posts `List-Unsubscribe=One-Click` to the link, which carries the
/// signed parameters in its query).
#[post("/mail/unsubscribe")]
pub async fn unsubscribe_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    // The page's form, or a mail program's one-click post (whose body is only
    // `List-Unsubscribe=One-Click`, or nothing): the signed parameters may be in either.
    let form: std::collections::HashMap<String, String> =
        serde_html_form::from_bytes(&body).unwrap_or_default();
    let from_query: UnsubscribeLink =
        serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let field = |k: &str, q: &str| form.get(k).cloned().unwrap_or_else(|| q.to_string());
    let link = UnsubscribeLink {
        u: field("u", &from_query.u),
        t: field("t", &from_query.t),
        s: field("s", &from_query.s),
    };
    unsubscribe_answer(&req, &state, &link, true).await
}

/// The unsubscribe page for a link: the question (`apply` false), or the topic switched off
/// (`apply` true); a link that is not genuine is a 404 either way.
async fn unsubscribe_answer(
    req: &HttpRequest,
    state: &AppState,
    link: &UnsubscribeLink,
    apply: bool,
) -> Result<HttpResponse, PageError> {
    let user = UserId::new(link.u.clone());
    let outcome = if apply {
        service::unsubscribe(&state.db, &state.keys, &user, &link.t, &link.s).await?
    } else {
        service::check_unsubscribe(&state.db, &state.keys, &user, &link.t, &link.s).await?
    };
    let status = match outcome {
        Unsubscribe::Invalid => StatusCode::NOT_FOUND,
        _ => StatusCode::OK,
    };
    let body = unsubscribe_body(link, &outcome, apply);
    Ok(render_status(req, status, None, tm::UNSUB_TITLE, body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutboxQuery {
    pub status: Option<String>,
    pub page: Option<i64>,
}

const PER_PAGE: i64 = 50;

/// Sent is done, given up an error, the rest on its way.
fn tone(status: Option<Status>) -> Tone {
    match status {
        Some(Status::Sent | Status::Digested) => Tone::Success,
        Some(Status::Failed) => Tone::Error,
        Some(_) => Tone::Info,
        None => Tone::Neutral,
    }
}

#[get("/admin/outbox")]
pub async fn outbox_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    require(user.actor.may_read_outbox())?;
    let q: OutboxQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let status = q.status.as_deref().and_then(Status::parse);
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let (rows, total) = service::outbox(&state.db, &user.actor, status, page, PER_PAGE).await?;
    let route = state.settings.mail_route.as_deref();
    let params = [(
        "status",
        status.map(|s| s.code().to_string()).unwrap_or_default(),
    )];
    let body = html! {
        h1 { (tm::OUTBOX_TITLE) }
        p { (tm::OUTBOX_INTRO) }
        p.form-hint { (route.unwrap_or(tm::TRANSPORT_OFF)) }
        // The status filter, like the other lists' filters: a form that GETs the page.
        form.filters method="get" action="/admin/outbox" {
            div.form-group {
                label.form-label for="f-status" { (tm::COL_STATUS) }
                select.form-select id="f-status" name="status" {
                    option value="" { (tm::OUTBOX_ALL) }
                    @for s in Status::ALL {
                        option value=(s.code()) selected[Some(s) == status] { (s.label()) }
                    }
                }
            }
            div.actions { button.button.button-secondary type="submit" { (tm::OUTBOX_SHOW) } }
        }
        @if rows.is_empty() {
            p.empty { (if status.is_some() { tm::OUTBOX_EMPTY } else { tm::OUTBOX_NONE }) }
        } @else {
            // Like every table, it scrolls inside itself on a narrow screen (app.css), so it
            // takes the keyboard's focus to be scrolled by it.
            table.table.table--compact tabindex="0" {
                thead { tr {
                    th scope="col" { (tm::COL_CREATED) }
                    th scope="col" { (tm::COL_RECIPIENT) }
                    th scope="col" { (tm::COL_KIND) }
                    th scope="col" { (tm::COL_STATUS) }
                    th scope="col" { (tm::COL_ATTEMPTS) }
                    th scope="col" { (tm::COL_SENT) }
                    th scope="col" { (tm::COL_ERROR) }
                    th scope="col" { span.sr-only { (tm::RESEND) } }
                } }
                tbody {
                    @for l in &rows {
                        @let st = Status::parse(&l.row.status);
                        @let kind_label = Kind::parse(&l.row.kind).map(|k| k.label()).unwrap_or(&l.row.kind);
                        tr {
                            td { (datetime(l.row.created_at)) }
                            td { (l.name) br; small { (l.row.recipient) } }
                            td { (kind_label) }
                            td { (badge(tone(st), "", st.map(|s| s.label()).unwrap_or(&l.row.status))) }
                            td { (l.row.attempts) }
                            td { @if let Some(at) = l.row.sent_at { (datetime(at)) } }
                            td { @if let Some(e) = &l.row.last_error { small { (e) } } }
                            td {
                                @if matches!(st, Some(Status::Sent | Status::Failed)) && !(l.row.kind == Kind::Invitation.code() && st == Some(Status::Sent)) {
                                    form method="post" action={ "/admin/outbox/" (l.row.id) "/resend" } {
                                        (csrf_field(&user.csrf))
                                        button.button.button-secondary type="submit"
                                            aria-label=(tm::resend_label(kind_label, &l.name)) { (tm::RESEND) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (pagination_with("/admin/outbox", &params, page, PER_PAGE, total))
        }
    };
    Ok(render(&req, Some(&user), tm::OUTBOX_TITLE, body))
}

#[post("/admin/outbox/{id}/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<String>,
    _form: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    service::resend(&state.db, &user.actor, MailId::new(path.into_inner())).await?;
    Ok(redirect_with("/admin/outbox", "mail_resent"))
}
