//! The attendance page of a placement: one week's planned days (the mentor records them), and
//! every week's planned hours against the days attended.

use std::collections::HashMap;

use crate::ids::PlacementId;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::attendance::model::Status;
use crate::attendance::service::{self, AttendanceView, DayInput};
use crate::auth::session::{CsrfForm, PageUser};
use crate::error::{AppError, FieldErrors};
use crate::hours::model::IsoWeek;
use crate::state::AppState;
use crate::texts::attendance as tt;
use crate::ui::components::{csrf_field, error_list, error_summary};
use crate::ui::format;
use crate::ui::{redirect_with, render, render_status, PageError};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WeekQuery {
    week: Option<String>,
}

fn chosen_week(req: &HttpRequest, v: &AttendanceView) -> IsoWeek {
    let q: WeekQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    q.week
        .as_deref()
        .and_then(|w| IsoWeek::parse(w).ok())
        .unwrap_or_else(|| {
            let today = crate::clock::today();
            IsoWeek::of(today.clamp(v.plan.start, v.plan.end))
        })
}

fn week_code(w: IsoWeek) -> String {
    format!("{}-W{:02}", w.year, w.week)
}

fn body(
    v: &AttendanceView,
    user: &PageUser,
    week: IsoWeek,
    typed: &HashMap<String, String>,
    errors: &FieldErrors,
) -> Markup {
    let id = &v.placement.id;
    let days = v.plan.days_of(week);
    let summary = v.weeks.iter().find(|(w, _)| *w == week).map(|(_, s)| s);
    let today = crate::clock::today();
    let value = |name: String, saved: Option<String>| {
        typed.get(&name).cloned().or(saved).unwrap_or_default()
    };
    html! {
        h1 { (tt::title(&v.candidate_name)) }
        p { a href={ "/placements/" (id) } { (tt::BACK_TO_PLACEMENT) } " · " (v.company_name) }
        @if v.plan.agreement.is_none() { p.hint { (tt::NO_AGREEMENT_PLAN) } }
        nav.week-nav aria-label=(tt::WEEK_NAV) {
            a href={ "/placements/" (id) "/attendance?week=" (week_code(week.prev())) } { (tt::PREVIOUS_WEEK) }
            " " strong { (week.label()) } " "
            a href={ "/placements/" (id) "/attendance?week=" (week_code(week.next())) } { (tt::NEXT_WEEK) }
        }
        @if let Some(s) = summary {
            p.week-summary { (tt::week_line(
                s.planned_minutes.map(|m| format::hours(m.into())).as_deref(),
                s.attended_minutes.map(|m| format::hours(m.into())).as_deref(),
                s.present_days, s.recorded_days, s.percent.map(format::percent).as_deref(),
            )) }
        }
        (error_summary(errors))
        @if days.is_empty() {
            p.empty { (tt::NO_PLANNED_DAYS) }
        } @else if v.may_record {
            form method="post" action={ "/placements/" (id) "/attendance?week=" (week_code(week)) } {
                (csrf_field(&user.csrf))
                table.table {
                    thead { tr { th scope="col" { (tt::DAY) } th scope="col" { (tt::STATUS) } th scope="col" { (tt::NOTE) } } }
                    tbody { @for d in &days {
                        @let saved = v.day(*d);
                        @let status_name = format!("status_{d}");
                        @let note_name = format!("note_{d}");
                        @let status = value(status_name.clone(), saved.and_then(|x| x.reason.as_ref().map(|(s, _)| s.code().to_string())));
                        @let note = value(note_name.clone(), saved.and_then(|x| x.reason.as_ref().map(|(_, n)| n.clone())));
                        tr.form-error[errors.has(&status_name) || errors.has(&note_name)] {
                            th scope="row" { label for={ "f-" (status_name) } { (format::weekday_date(*d)) } }
                            td {
                                (error_list(&status_name, errors))
                                @if *d > today { span.muted { (tt::NOT_YET) } }
                                @else {
                                    select.form-select id={ "f-" (status_name) } name=(status_name) {
                                        option value="" selected[status.is_empty()] { (tt::NOT_RECORDED) }
                                        @for s in Status::ALL {
                                            option value=(s.code()) selected[status == s.code()] { (s.label()) }
                                        }
                                    }
                                }
                            }
                            td {
                                (error_list(&note_name, errors))
                                @if *d <= today {
                                    label.sr-only for={ "f-" (note_name) } { (tt::note_for(&format::date(*d))) }
                                    input.form-input id={ "f-" (note_name) } name=(note_name) type="text" value=(note);
                                }
                            }
                        }
                    } }
                }
                button.button.button-primary type="submit" { (tt::SAVE) }
            }
        } @else {
            table.table tabindex="0" {
                thead { tr { th { (tt::DAY) } th { (tt::STATUS) } th { (tt::NOTE) } } }
                tbody { @for d in &days {
                    @let saved = v.day(*d);
                    tr {
                        td { (format::weekday_date(*d)) }
                        td { @match saved {
                            None => { span.muted { (tt::NOT_RECORDED) } }
                            Some(x) => { @match &x.reason { Some((s, _)) => { (s.label()) } None => { @if x.present { (tt::PRESENT) } @else { (tt::ABSENT) } } } }
                        } }
                        td { @if let Some((_, n)) = saved.and_then(|x| x.reason.as_ref()) { (n) } }
                    }
                } }
            }
        }
        h2 { (tt::WEEKS) }
        table.table tabindex="0" {
            thead { tr {
                th { (tt::WEEK) } th.num { (tt::PLANNED_HOURS) } th.num { (tt::ATTENDED_HOURS) }
                th.num { (tt::PLANNED_DAYS) } th.num { (tt::PRESENT_DAYS) } th.num { (tt::PERCENT) }
            } }
            tbody { @for (w, s) in &v.weeks {
                tr {
                    td { a href={ "/placements/" (id) "/attendance?week=" (week_code(*w)) } { (w.label()) } }
                    td.num { @if let Some(m) = s.planned_minutes { (format::hours(m.into())) } }
                    td.num { @if let Some(m) = s.attended_minutes { (format::hours(m.into())) } }
                    td.num { (s.planned_days) }
                    td.num { (s.present_days) " / " (s.recorded_days) }
                    td.num { @if let Some(p) = s.percent { (format::percent(p)) } }
                }
            } }
        }
    }
}

#[get("/placements/{id}/attendance")]
pub async fn attendance_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, PageError> {
    let v = service::list(&state.db, &user.actor, id.into_inner(), None, None).await?;
    let week = chosen_week(&req, &v);
    let b = body(&v, &user, week, &HashMap::new(), &FieldErrors::new());
    Ok(render(&req, Some(&user), &tt::title(&v.candidate_name), b))
}

#[post("/placements/{id}/attendance")]
pub async fn save_week(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: PageUser,
    id: web::Path<PlacementId>,
    form: CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let typed = form.0;
    let mut input: Vec<DayInput> = typed
        .iter()
        .filter_map(|(k, status)| {
            let day = k.strip_prefix("status_")?;
            let note = typed
                .get(&format!("note_{day}"))
                .cloned()
                .unwrap_or_default();
            // A day left "not recorded" is not written.
            (!status.is_empty()).then(|| DayInput {
                day: day.to_string(),
                status: status.clone(),
                note,
            })
        })
        .collect();
    input.sort_by(|a, b| a.day.cmp(&b.day));
    let week_param = req.query_string().to_string();
    let back = if week_param.is_empty() {
        format!("/placements/{id}/attendance")
    } else {
        format!("/placements/{id}/attendance?{week_param}")
    };
    match service::record(&state.db, &user.actor, id.clone(), input, true).await {
        Ok(_) => Ok(redirect_with(&back, "attendance_saved")),
        Err(AppError::Validation(errors)) => {
            let v = service::list(&state.db, &user.actor, id, None, None).await?;
            let week = chosen_week(&req, &v);
            let b = body(&v, &user, week, &typed, &errors);
            Ok(render_status(
                &req,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                &tt::title(&v.candidate_name),
                b,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(attendance_page).service(save_week);
}
