//! The visits of a placement (`/placements/{id}/visits`, one visit's forms at
//! `/placements/{id}/visits/{seq}`), the week calendar (`/calendar?week=2026-W50`), the calendar
//! address on "Min konto" (`/account/calendar`) and the feed itself (`/calendar/{token}.ics`,
//! public: the token is its authorisation).

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::session::{CsrfForm, PageUser};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::IsoWeek;
use crate::ids::PlacementId;
use crate::state::AppState;
use crate::texts as t;
use crate::texts::visits as tv;
use crate::ui::components::{
    badge, csrf_field, date_input, error_summary, input_with, textarea, tone_of, DateParts,
};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};
use crate::visits::model::{feed_url, time_text, EventKind, Visit, VisitChangeRaw, VisitState};
use crate::visits::service::{self, PlacementVisits};

/// The path of the calendar address on "Min konto".
pub const ACCOUNT_PATH: &str = "/account/calendar";

fn state_badge(v: &Visit) -> Markup {
    let state = v.state(crate::clock::today());
    let tone = match state {
        VisitState::Done => tone_of("approved"),
        VisitState::Overdue => tone_of("rejected"),
        _ => tone_of("waiting"),
    };
    let label = if v.derived_on.is_none() {
        tv::STATE_OUTSIDE
    } else {
        state.label()
    };
    badge(tone, &format!("visit-{}", state.code()), label)
}

fn when(v: &Visit) -> String {
    match v.at_minute {
        Some(m) => format!("{} {}", format::date(v.planned_on), time_text(m)),
        None => format::date(v.planned_on),
    }
}

fn visits_body(pv: &PlacementVisits) -> Markup {
    let p = &pv.placement;
    html! {
        h1 { (tv::VISITS_TITLE) " · " (pv.candidate_name) }
        dl.facts {
            dt { (t::CONTRACT_COMPANY) } dd { (pv.company_name) }
            dt { (t::PLACEMENT_PERIOD) } dd { (format::date(p.start_date)) " – " (format::date(p.end_date)) }
            dt { (tv::EVERY_WEEKS) } dd { (tv::every_weeks(pv.every_weeks)) }
        }
        p.hint { (tv::VISITS_INTRO) }
        @if pv.visits.is_empty() {
            p.empty { (tv::NO_VISITS) }
        } @else {
            table.table tabindex="0" {
                caption.sr-only { (tv::VISITS_TITLE) }
                thead { tr {
                    th scope="col" { (tv::VISIT_NO) }
                    th scope="col" { (tv::VISIT_DATE) }
                    th scope="col" { (tv::VISIT_STATE) }
                    th scope="col" { (tv::VISIT_DONE_ON) }
                    th scope="col" { (tv::VISIT_NOTE) }
                } }
                tbody { @for v in &pv.visits {
                    tr {
                        td {
                            @if pv.may_plan && v.derived_on.is_some() {
                                a href={ "/placements/" (p.id) "/visits/" (v.seq) } { (tv::VISIT_NO) " " (v.seq) }
                            } @else { (tv::VISIT_NO) " " (v.seq) }
                            @if v.closing { " (" (tv::VISIT_CLOSING) ")" }
                        }
                        td { time datetime=(v.planned_on.to_string()) { (when(v)) } }
                        td { (state_badge(v)) }
                        td { @if let Some(d) = v.done_on { time datetime=(d.to_string()) { (format::date(d)) } } }
                        td { (v.note) }
                    }
                } }
            }
        }
        p { a href={ "/placements/" (p.id) } { (tv::BACK_TO_PLACEMENT) } }
    }
}

#[get("/placements/{id}/visits")]
pub async fn visits_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, PageError> {
    let pv = service::placement_visits(&state.db, &user.actor, id.into_inner()).await?;
    Ok(render(
        &req,
        Some(&user),
        tv::VISITS_TITLE,
        visits_body(&pv),
    ))
}

/// A visit's two forms as typed.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct VisitForm {
    pub date: String,
    pub date_day: String,
    pub date_month: String,
    pub date_year: String,
    pub time: String,
    pub done_on: String,
    pub done_on_day: String,
    pub done_on_month: String,
    pub done_on_year: String,
    pub note: String,
    /// Which of the two forms was sent: `move` or `record`.
    pub action: String,
}

impl VisitForm {
    fn date_parts(&self) -> DateParts {
        DateParts::typed(
            &self.date,
            &self.date_day,
            &self.date_month,
            &self.date_year,
        )
    }

    fn done_parts(&self) -> DateParts {
        DateParts::typed(
            &self.done_on,
            &self.done_on_day,
            &self.done_on_month,
            &self.done_on_year,
        )
    }
}

fn visit_body(
    pv: &PlacementVisits,
    v: &Visit,
    f: &VisitForm,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
    let p = &pv.placement;
    let action = format!("/placements/{}/visits/{}", p.id, v.seq);
    html! {
        h1 { (tv::VISIT_NO) " " (v.seq) " · " (pv.candidate_name) }
        dl.facts {
            dt { (t::CONTRACT_COMPANY) } dd { (pv.company_name) }
            dt { (t::PLACEMENT_PERIOD) } dd { (format::date(p.start_date)) " – " (format::date(p.end_date)) }
            dt { (tv::VISIT_DATE) } dd { (when(v)) }
            dt { (tv::VISIT_STATE) } dd { (state_badge(v)) }
            @if let Some(d) = v.done_on { dt { (tv::VISIT_DONE_ON) } dd { (format::date(d)) } }
            @if !v.note.is_empty() { dt { (tv::VISIT_NOTE) } dd { (v.note) } }
        }
        (error_summary(errors))
        section aria-labelledby="flyt" {
            h2 id="flyt" { (tv::VISIT_MOVE) }
            form.stack method="post" action=(action) novalidate {
                (csrf_field(csrf))
                input type="hidden" name="action" value="move";
                (date_input("date", tv::VISIT_DATE, &f.date_parts(), errors, None))
                (input_with("time", tv::VISIT_TIME, &f.time, "text", errors, Some(tv::VISIT_TIME_HINT), None))
                div.actions { button.button.button-secondary type="submit" { (tv::VISIT_MOVE) } }
            }
        }
        section aria-labelledby="registrer" {
            h2 id="registrer" { (tv::VISIT_RECORD) }
            form.stack method="post" action=(action) novalidate {
                (csrf_field(csrf))
                input type="hidden" name="action" value="record";
                (date_input("done_on", tv::VISIT_DONE_ON, &f.done_parts(), errors, None))
                (textarea("note", tv::VISIT_NOTE, &f.note, errors))
                p.hint { (tv::VISIT_NOTE_HINT) }
                div.actions { button.button.button-primary type="submit" { (tv::VISIT_RECORD) } }
            }
        }
        p { a href={ "/placements/" (p.id) "/visits" } { (tv::VISITS_TITLE) } }
    }
}

/// The visit of a placement the actor may plan, or 403/404.
fn visit_of(pv: &PlacementVisits, seq: i32) -> Result<Visit, AppError> {
    if !pv.may_plan {
        return Err(AppError::Forbidden);
    }
    pv.visits
        .iter()
        .find(|v| v.seq == seq && v.derived_on.is_some())
        .cloned()
        .ok_or(AppError::NotFound)
}

#[get("/placements/{id}/visits/{seq}")]
pub async fn visit_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(PlacementId, i32)>,
) -> Result<HttpResponse, PageError> {
    let (id, seq) = path.into_inner();
    let pv = service::placement_visits(&state.db, &user.actor, id).await?;
    let v = visit_of(&pv, seq)?;
    let f = VisitForm {
        date: v.planned_on.to_string(),
        time: v.at_minute.map(time_text).unwrap_or_default(),
        note: v.note.clone(),
        ..Default::default()
    };
    let body = visit_body(&pv, &v, &f, &FieldErrors::new(), &user.csrf);
    Ok(render(&req, Some(&user), tv::VISITS_TITLE, body))
}

#[post("/placements/{id}/visits/{seq}")]
pub async fn change_visit(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    path: web::Path<(PlacementId, i32)>,
    form: CsrfForm<VisitForm>,
) -> Result<HttpResponse, PageError> {
    let (id, seq) = path.into_inner();
    let mut f = form.0;
    f.date = f.date_parts().value();
    f.done_on = f.done_parts().value();
    // Each form sends its own fields; the record form without a day names its own field.
    let recorded = f.action == "record";
    let raw = if recorded {
        VisitChangeRaw {
            done_on: f.done_on.clone(),
            note: f.note.clone(),
            ..Default::default()
        }
    } else {
        VisitChangeRaw {
            date: f.date.clone(),
            time: f.time.clone(),
            ..Default::default()
        }
    };
    let result = if recorded && raw.done_on.trim().is_empty() {
        // Who may not see or plan the visit learns nothing from a field error: asked first.
        let pv = service::placement_visits(&state.db, &user.actor, id.clone()).await?;
        visit_of(&pv, seq)?;
        let mut e = FieldErrors::new();
        e.add("done_on", t::REQUIRED);
        if raw.note.trim().is_empty() {
            e.add("note", tv::NOTE_REQUIRED);
        }
        Err(AppError::Validation(e))
    } else {
        service::change_visit(&state.db, &user.actor, id.clone(), seq, raw).await
    };
    match result {
        Ok(_) => Ok(redirect_with(
            &format!("/placements/{id}/visits"),
            if recorded {
                "visit_recorded"
            } else {
                "visit_moved"
            },
        )),
        Err(AppError::Validation(mut errors)) => {
            f.date_parts().refine("date", &mut errors);
            f.done_parts().refine("done_on", &mut errors);
            let pv = service::placement_visits(&state.db, &user.actor, id).await?;
            let v = visit_of(&pv, seq)?;
            let body = visit_body(&pv, &v, &f, &errors, &user.csrf);
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                tv::VISITS_TITLE,
                body,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The link of an event on the calendar page.
fn event_link(user: &PageUser, kind: EventKind, placement: &str) -> String {
    if kind == EventKind::Visit && user.actor.calendar_has_visits() {
        format!("/placements/{placement}/visits")
    } else {
        format!("/placements/{placement}")
    }
}

#[get("/calendar")]
pub async fn calendar_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    #[derive(Deserialize, Default)]
    struct Q {
        week: Option<String>,
    }
    let q: Q = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let today = crate::clock::today();
    // An unreadable week falls back to this week, as a list falls back to its default sort.
    let week = q
        .week
        .as_deref()
        .and_then(|w| IsoWeek::parse(w).ok())
        .unwrap_or_else(|| IsoWeek::of(today));
    let events = service::week(&state.db, &user.actor, week).await?;
    let link = |w: IsoWeek| format!("/calendar?week={w}");
    let title = format!("{} \u{b7} {}", tv::CALENDAR_TITLE, week.label());
    let body = html! {
        h1 { (tv::CALENDAR_TITLE) " · " (week.label()) }
        p.hint { (tv::CALENDAR_INTRO) }
        nav.week-nav aria-label=(tv::WEEK_NAV) {
            ul.nobullet-list {
                li { a href=(link(week.prev())) rel="prev" { "← " (tv::PREVIOUS_WEEK) " (" (format::week(week.prev().monday())) ")" } }
                li { a href=(link(IsoWeek::of(today))) { (tv::THIS_WEEK) } }
                li { a href=(link(week.next())) rel="next" { (tv::NEXT_WEEK) " (" (format::week(week.next().monday())) ") →" } }
            }
        }
        @for (i, day) in week.days().iter().enumerate() {
            @let todays: Vec<_> = events.iter().filter(|e| e.day == *day).collect();
            section.calendar-day aria-labelledby={ "dag-" (i) } {
                h2 id={ "dag-" (i) } {
                    (tv::WEEKDAYS[i]) " " time datetime=(day.to_string()) { (format::date(*day)) }
                }
                @if todays.is_empty() {
                    p.empty { (tv::NOTHING_THIS_DAY) }
                } @else {
                    ul.calendar-events.nobullet-list {
                        @for e in &todays {
                            li {
                                (badge(tone_of(if e.done { "approved" } else { "waiting" }), &format!("event-{}", e.kind.code()), e.kind.label()))
                                " "
                                @if let Some(m) = e.at_minute { (time_text(m)) " " }
                                a href=(event_link(&user, e.kind, &e.placement_id)) { (e.person) " · " (e.company) }
                                @if e.done { " (" (tv::STATE_DONE.to_lowercase()) ")" }
                            }
                        }
                    }
                }
            }
        }
        p.hint { (tv::SUBSCRIBE_HINT) " " a href=(ACCOUNT_PATH) { (tv::SUBSCRIBE_LINK) } }
    };
    Ok(render(&req, Some(&user), &title, body))
}

/// The origin the feed's links and its address start with.
fn origin(state: &AppState, req: &HttpRequest) -> String {
    state.settings.link_origin(req)
}

fn account_body(url: &str, csrf: &str) -> Markup {
    html! {
        h1 { (tv::ACCOUNT_TITLE) }
        p { (tv::ACCOUNT_HINT) }
        div.form-group {
            label.form-label for="feed-url" { (tv::FEED_URL) }
            input.form-input.input-width-xl id="feed-url" type="text" readonly value=(url);
        }
        section aria-labelledby="ny-adresse" {
            h2 id="ny-adresse" { (tv::RENEW) }
            p.hint { (tv::RENEW_HINT) }
            form method="post" action={ (ACCOUNT_PATH) "/renew" } data-confirm=(tv::CONFIRM_RENEW) {
                (csrf_field(csrf))
                button.button.button-secondary type="submit" { (tv::RENEW) }
            }
        }
        p { a href="/account" { (t::account::TITLE) } }
    }
}

#[get("/account/calendar")]
pub async fn account_calendar_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
) -> Result<HttpResponse, PageError> {
    let token = service::feed_token(&state.db, &state.keys, &user.actor).await?;
    let url = feed_url(&origin(&state, &req), &token);
    Ok(render(
        &req,
        Some(&user),
        tv::ACCOUNT_TITLE,
        account_body(&url, &user.csrf),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct Empty {}

#[post("/account/calendar/renew")]
pub async fn renew_calendar(
    state: web::Data<AppState>,
    user: PageUser,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, PageError> {
    service::renew_feed(&state.db, &state.keys, &user.actor).await?;
    Ok(redirect_with(ACCOUNT_PATH, "calendar_renewed"))
}

/// The calendar feed: iCalendar for Outlook, Google Calendar and the like, which fetch it
/// without a session. An unknown, renewed or malformed token is 404.
#[get("/calendar/{token}.ics")]
pub async fn feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let ics = service::feed(
        &state.db,
        &state.keys,
        &token.into_inner(),
        origin(&state, &req),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"kalender.ics\"",
        ))
        .body(ics))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The feed before the week page's neighbours: `/calendar/{token}.ics` is its own pattern.
    cfg.service(feed)
        .service(calendar_page)
        .service(visits_page)
        .service(visit_page)
        .service(change_visit)
        .service(account_calendar_page)
        .service(renew_calendar);
}
