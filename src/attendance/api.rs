//! Attendance's JSON API: record a day, read days and weeks.

use crate::ids::PlacementId;
use actix_web::{get, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::attendance::model::WeekSummary;
use crate::attendance::service::{self, AttendanceView, DayInput};
use crate::auth::session::ApiUser;
use crate::error::{AppError, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;

/// One day as recorded.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct DayIn {
    /// present, absent_sick, no_show or absent_other
    pub status: String,
    /// Required for absent_other.
    pub note: String,
}

/// A recorded day. `status` is `present` or `absent` for whoever may not see the reason (only
/// the jobcenter's consultants and the mentor who recorded it do).
#[derive(Debug, Serialize, ToSchema)]
pub struct DayOut {
    pub date: NaiveDate,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceOut {
    pub placement_id: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<DayOut>,
    pub weeks: Vec<WeekSummary>,
}

fn out(v: &AttendanceView) -> AttendanceOut {
    AttendanceOut {
        placement_id: v.placement.id.to_string(),
        from: v.from,
        to: v.to,
        days: v
            .days
            .iter()
            .map(|d| DayOut {
                date: d.day,
                status: match &d.reason {
                    Some((s, _)) => s.code().to_string(),
                    None if d.present => "present".into(),
                    None => "absent".into(),
                },
                note: d
                    .reason
                    .as_ref()
                    .map(|(_, n)| n.clone())
                    .filter(|n| !n.is_empty()),
            })
            .collect(),
        weeks: v.weeks.iter().map(|(_, s)| s.clone()).collect(),
    }
}

#[utoipa::path(put, path = "/api/v1/placements/{id}/attendance/{date}", tag = "attendance",
    params(("id" = String, Path), ("date" = String, Path, description = "The day, as 2027-03-03")),
    request_body = DayIn, security(("bearer" = [])),
    responses((status = 200, body = AttendanceOut, description = "The day as recorded"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/placements/{id}/attendance/{date}")]
pub async fn record_day(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(PlacementId, String)>,
    body: ApiJson<DayIn>,
) -> Result<HttpResponse, AppError> {
    let (id, date) = path.into_inner();
    let b = body.0;
    let v = service::record(
        &state.db,
        &user.actor,
        id,
        vec![DayInput {
            day: date,
            status: b.status,
            note: b.note,
        }],
        false,
    )
    .await?;
    Ok(HttpResponse::Ok().json(out(&v)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// First day (2027-03-03); the planned period's start by default.
    pub from: Option<String>,
    /// Last day; the planned period's end by default.
    pub to: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/placements/{id}/attendance", tag = "attendance",
    params(("id" = String, Path), RangeQuery), security(("bearer" = [])),
    responses((status = 200, body = AttendanceOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/placements/{id}/attendance")]
pub async fn list(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
    q: web::Query<RangeQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let v = service::list(&state.db, &user.actor, id.into_inner(), q.from, q.to).await?;
    Ok(HttpResponse::Ok().json(out(&v)))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(record_day).service(list);
}
