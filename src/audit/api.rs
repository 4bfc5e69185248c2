//! `GET /api/v1/audit` (administrators) and `GET /api/v1/access-log` (administrators and the
//! jobcenter's data-protection officer).

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::audit::model::{AccessQuery, AuditQuery};
use crate::audit::service;
use crate::auth::policy::require;
use crate::auth::session::ApiUser;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

use crate::clock::utc;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditLineOut {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub actor_id: String,
    pub actor_name: String,
    pub actor_email: String,
    /// contract, placement, hour_week, candidate or user
    pub object_type: String,
    pub object_id: String,
    pub action: String,
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    pub items: Vec<AuditLineOut>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = AuditList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    user: ApiUser,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    require(user.actor.may_read_audit_trail())?;
    let filter = query.validate().map_err(AppError::Validation)?;
    let (lines, total) = service::audit_page(&state.db, &user.actor, &filter).await?;
    Ok(HttpResponse::Ok().json(AuditList {
        items: lines
            .into_iter()
            .map(|l| AuditLineOut {
                id: l.id,
                created_at: utc(l.created_at),
                actor_id: l.actor_id,
                actor_name: l.actor_name,
                actor_email: l.actor_email,
                object_type: l.object_type,
                object_id: l.object_id,
                action: l.action,
                detail: l.detail,
            })
            .collect(),
        page: filter.page,
        per_page: filter.per_page,
        total,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLineOut {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    /// The candidate read, or found by a search (null: the search found nobody).
    pub candidate_id: Option<String>,
    pub candidate_name: Option<String>,
    /// DDMMYY-XXXX: the log never shows the full number.
    pub cpr_masked: String,
    /// "open" (the full record was read), "search" (a search by CPR number) or
    /// "search_refused" (a search refused by the search limit).
    pub action: String,
    /// For a search: whether it found someone.
    pub hit: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessList {
    pub items: Vec<AccessLineOut>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[utoipa::path(get, path = "/api/v1/access-log", tag = "audit", params(AccessQuery), security(("bearer" = [])),
    responses((status = 200, body = AccessList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/access-log")]
pub async fn access_log(
    state: web::Data<AppState>,
    user: ApiUser,
    query: web::Query<AccessQuery>,
) -> Result<HttpResponse, AppError> {
    user.actor.access_log_scope().ok_or(AppError::Forbidden)?;
    let (filter, cpr) = query
        .validate(crate::clock::today())
        .map_err(AppError::Validation)?;
    let (lines, total) =
        service::access_page(&state.db, &state.keys, &user.actor, &filter, cpr.as_ref()).await?;
    Ok(HttpResponse::Ok().json(AccessList {
        items: lines
            .into_iter()
            .map(|l| AccessLineOut {
                cpr_masked: l.cpr_masked(),
                id: l.id,
                created_at: utc(l.created_at),
                user_id: l.user_id,
                user_name: l.user_name,
                user_email: l.user_email,
                candidate_id: l.candidate_id,
                candidate_name: l.candidate_name,
                action: l.action,
                hit: l.hit,
            })
            .collect(),
        page: filter.page,
        per_page: filter.per_page,
        total,
    }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(audit).service(access_log);
}
