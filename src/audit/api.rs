//! `GET /api/v1/audit` (administrators) and `GET /api/v1/access-log` (administrators and the
//! jobcenter's data-protection officer).

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::audit::store::{self, AuditQuery};
use crate::auth::policy::require;
use crate::auth::session::ApiUser;
use crate::error::{AppError, ErrorBody, FieldErrors};
use crate::seats::cpr::Cpr;
use crate::state::AppState;
use crate::texts::audit as t;

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
    require(user.actor.is_admin())?;
    let filter = query.validate().map_err(AppError::Validation)?;
    let f = filter.clone();
    let (lines, total) = state
        .db
        .read(move |conn| store::audit_page(conn, &f))
        .await?;
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

/// Filters of the CPR access log.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct AccessQuery {
    /// Part of the reading user's e-mail or name.
    pub user: Option<String>,
    /// Only reads of the person with this CPR number (matched by its keyed hash).
    pub cpr: Option<String>,
    /// Only reads of this candidate.
    pub candidate_id: Option<String>,
    /// From this day (YYYY-MM-DD or DD-MM-YYYY), inclusive.
    pub from: Option<String>,
    /// To this day, inclusive.
    pub to: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    /// "-when" (newest first, the default) or "when" (oldest first).
    pub sort: Option<String>,
}

impl AccessQuery {
    /// The validated filter and the CPR number's keyed hash.
    pub fn validate(
        &self,
        state: &AppState,
    ) -> Result<(store::Filter, Option<String>), FieldErrors> {
        let base = AuditQuery {
            user: self.user.clone(),
            object_id: self.candidate_id.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            page: self.page.clone(),
            per_page: self.per_page.clone(),
            sort: self.sort.clone(),
            ..Default::default()
        };
        let mut errors = FieldErrors::new();
        let filter = match base.validate() {
            Ok(f) => Some(f),
            Err(e) => {
                errors = e;
                None
            }
        };
        let hmac = match self.cpr.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(c) => match Cpr::parse(c, crate::clock::today()) {
                Ok(cpr) => Some(state.keys.cpr_hmac(cpr.digits())),
                Err(_) => {
                    errors.add("cpr", t::CPR_FORMAT);
                    None
                }
            },
        };
        match filter {
            Some(f) if errors.is_empty() => Ok((f, hmac)),
            _ => Err(errors),
        }
    }
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
    let scope = user
        .actor
        .access_log_scope()
        .map(|s| s.map(str::to_string))
        .ok_or(AppError::Forbidden)?;
    let (filter, hmac) = query.validate(&state).map_err(AppError::Validation)?;
    let f = filter.clone();
    let (lines, total) = state
        .db
        .read(move |conn| store::access_page(conn, scope.as_deref(), hmac.as_deref(), &f))
        .await?;
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
