//! `GET /api/v1/placements/{id}/visits`, `PUT /api/v1/placements/{id}/visits/{seq}`,
//! `GET /api/v1/me/calendar` and `POST /api/v1/me/calendar/renew`.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::ApiUser;
use crate::error::{AppError, ErrorBody};
use crate::extract::ApiJson;
use crate::ids::PlacementId;
use crate::state::AppState;
use crate::visits::model::{feed_url, time_text, VisitChangeRaw, VisitState};
use crate::visits::service::{self, PlacementVisits};

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitOut {
    pub seq: i32,
    /// The day it is planned on (moved, or as the plan gives it).
    pub date: NaiveDate,
    /// The time of day it starts ("10:00", Danish time), when one was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The day the plan gives it; absent for a recorded visit beyond the current period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_by_interval: Option<NaiveDate>,
    pub state: VisitState,
    /// The last visit, near the end of the placement.
    pub closing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    /// Who was there and what was agreed (a recorded visit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VisitList {
    pub placement_id: String,
    /// The contract's follow-up interval in weeks (its terms in force on the start).
    pub every_weeks: i32,
    pub items: Vec<VisitOut>,
}

fn list(pv: &PlacementVisits) -> VisitList {
    let today = crate::clock::today();
    VisitList {
        placement_id: pv.placement.id.to_string(),
        every_weeks: pv.every_weeks,
        items: pv
            .visits
            .iter()
            .map(|v| VisitOut {
                seq: v.seq,
                date: v.planned_on,
                time: v.at_minute.map(time_text),
                planned_by_interval: v.derived_on,
                state: v.state(today),
                closing: v.closing,
                done_on: v.done_on,
                note: (!v.note.is_empty()).then(|| v.note.clone()),
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/placements/{id}/visits", tag = "visits", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = VisitList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// The follow-up visits of a placement: planned from the contract's follow-up interval and the
/// placement's period (the last one near its end), moved or recorded. For the jobcenter and the
/// contract's mentor; a company's signatory gets 403.
#[get("/placements/{id}/visits")]
pub async fn list_visits(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, AppError> {
    let pv = service::placement_visits(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list(&pv)))
}

/// A change to one visit: `date` (and optionally `time`, "10:00") moves it within the
/// placement's period; `done_on` with `note` records it as held. Both may come together.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct VisitChangeBody {
    /// The new day (YYYY-MM-DD), within the placement's period.
    pub date: Option<String>,
    /// The time of day it starts ("10:00"); without it the visit is a whole-day event.
    pub time: Option<String>,
    /// The day it was held (YYYY-MM-DD): within the period and not in the future.
    pub done_on: Option<String>,
    /// Who was there and what was agreed (required with `done_on`; at most 2.000 characters).
    pub note: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/placements/{id}/visits/{seq}", tag = "visits",
    params(("id" = String, Path), ("seq" = i32, Path, description = "The visit's number")),
    request_body = VisitChangeBody, security(("bearer" = [])),
    responses((status = 200, body = VisitList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Moves and/or records a visit (a consultant of the contract's jobcenter): 422 naming the
/// field for a day outside the placement, a day held in the future or a missing note.
#[put("/placements/{id}/visits/{seq}")]
pub async fn change_visit(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(PlacementId, i32)>,
    body: ApiJson<VisitChangeBody>,
) -> Result<HttpResponse, AppError> {
    let (id, seq) = path.into_inner();
    let b = body.0;
    let raw = VisitChangeRaw {
        date: b.date.unwrap_or_default(),
        time: b.time.unwrap_or_default(),
        done_on: b.done_on.unwrap_or_default(),
        note: b.note.unwrap_or_default(),
    };
    let pv = service::change_visit(&state.db, &user.actor, id, seq, raw).await?;
    Ok(HttpResponse::Ok().json(list(&pv)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarOut {
    /// The secret address of one's calendar feed (iCalendar), to subscribe to from Outlook or
    /// Google Calendar.
    pub url: String,
}

#[utoipa::path(get, path = "/api/v1/me/calendar", tag = "visits", security(("bearer" = [])),
    responses((status = 200, body = CalendarOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
/// The address of one's calendar feed: a consultant's jobcenter's visits, starts, ends and
/// follow-ups; a mentor's placements' starts, ends and visits; a company's starts and ends.
/// Administrators have none (403).
#[get("/me/calendar")]
pub async fn my_calendar(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
) -> Result<HttpResponse, AppError> {
    let token = service::feed_token(&state.db, &state.keys, &user.actor).await?;
    let url = feed_url(&state.settings.link_origin(&req), &token);
    Ok(HttpResponse::Ok().json(CalendarOut { url }))
}

#[utoipa::path(post, path = "/api/v1/me/calendar/renew", tag = "visits", security(("bearer" = [])),
    responses((status = 200, body = CalendarOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
/// Gives one's calendar feed a new address; the old one answers 404 from now on.
#[post("/me/calendar/renew")]
pub async fn renew_calendar(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
) -> Result<HttpResponse, AppError> {
    let token = service::renew_feed(&state.db, &state.keys, &user.actor).await?;
    let url = feed_url(&state.settings.link_origin(&req), &token);
    Ok(HttpResponse::Ok().json(CalendarOut { url }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_visits)
        .service(change_visit)
        .service(my_calendar)
        .service(renew_calendar);
}
