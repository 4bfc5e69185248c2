//! The placement agreement's JSON API: read and save the terms (with the revision as `If-Match`),
//! send, accept, send back, and the versions.

use crate::ids::PlacementId;
use actix_web::http::header;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::agreements::model::{AgreementRaw, AgreementTerms, EmployeeRep, Step, StepRaw};
use crate::agreements::service::{self, AgreementAction, AgreementView};
use crate::agreements::store::AgreementVersionRow;
use crate::auth::session::ApiUser;
use crate::clock::utc;
use crate::contracts::workflow::{ContractStatus, VersionStatus};
use crate::error::{AppError, ErrorBody};
use crate::extract::{if_match, ApiJson, OptionalJson};
use crate::state::AppState;

/// A placement's agreement. `PUT` takes this body back (with its `revision`); the other fields
/// are read only.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementOut {
    pub placement_id: String,
    pub contract_id: String,
    /// Send back (or as `If-Match`) when saving; 0 before the first save.
    pub revision: i32,
    /// The agreement as a whole, in the contract's states; absent before the first save.
    pub status: Option<ContractStatus>,
    /// The version these terms are (0: the consultant's proposal, not saved yet).
    pub version: i32,
    pub version_status: Option<VersionStatus>,
    pub accepted_version: Option<i32>,
    /// The company's comment when it sent the version back.
    pub company_comment: Option<String>,
    /// SHA-256 of what accepting the pending version accepts (send it as `content_hash`).
    pub pending_hash: Option<String>,
    pub work_tasks: String,
    pub place: String,
    pub mentor_id: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The step-up plan: from placement week `from_week` (1 is the start's ISO week) the
    /// minutes a week.
    pub steps: Vec<Step>,
    pub learning_goals: String,
    /// The employee representative's statement (who, when), required before sending.
    pub employee_rep: Option<EmployeeRep>,
}

impl AgreementOut {
    fn from_view(v: &AgreementView) -> Option<Self> {
        let terms = v.terms()?.clone();
        let shown = v.shown.as_ref().map(|(r, _)| r);
        Some(AgreementOut {
            placement_id: v.placement.id.to_string(),
            contract_id: v.placement.contract_id.to_string(),
            revision: v.revision(),
            status: v.status(),
            version: shown.map(|r| r.version_no).unwrap_or(0),
            version_status: shown.and_then(|r| VersionStatus::parse(&r.status)),
            accepted_version: v.head.as_ref().and_then(|h| h.accepted_version),
            company_comment: shown.and_then(|r| r.company_comment.clone()),
            pending_hash: v.pending_hash.clone(),
            work_tasks: terms.work_tasks,
            place: terms.place,
            mentor_id: terms.mentor_id,
            start_date: terms.start_date,
            end_date: terms.end_date,
            steps: terms.steps,
            learning_goals: terms.learning_goals,
            employee_rep: terms.employee_rep,
        })
    }
}

fn respond(
    status: actix_web::http::StatusCode,
    v: &AgreementView,
) -> Result<HttpResponse, AppError> {
    let out = AgreementOut::from_view(v).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::build(status)
        .insert_header((header::ETAG, format!("\"{}\"", out.revision)))
        .json(out))
}

/// The statement as sent.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct EmployeeRepIn {
    pub name: String,
    /// dd-mm-åååå or åååå-mm-dd
    pub stated_on: String,
}

/// The terms to save: the body `GET` gives (read-only fields are ignored).
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AgreementIn {
    /// The revision last seen (or send `If-Match`); a stale one answers 409.
    pub revision: Option<i32>,
    pub work_tasks: String,
    pub place: String,
    pub mentor_id: String,
    pub start_date: String,
    pub end_date: String,
    #[schema(value_type = Vec<Step>)]
    pub steps: Vec<StepRaw>,
    pub learning_goals: String,
    pub employee_rep: Option<EmployeeRepIn>,
}

#[utoipa::path(get, path = "/api/v1/placements/{id}/agreement", tag = "agreements", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = AgreementOut, description = "The agreement; before the first save the consultant's proposal (revision 0)"),
        (status = 404, body = ErrorBody)))]
#[get("/placements/{id}/agreement")]
pub async fn get_agreement(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, AppError> {
    let v = service::get(&state.db, &user.actor, id.into_inner()).await?;
    respond(actix_web::http::StatusCode::OK, &v)
}

#[utoipa::path(put, path = "/api/v1/placements/{id}/agreement", tag = "agreements",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header, description = "The revision last seen")),
    request_body = AgreementIn, security(("bearer" = [])),
    responses((status = 200, body = AgreementOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/placements/{id}/agreement")]
pub async fn put_agreement(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
    body: ApiJson<AgreementIn>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let revision = if_match(&req)?.or(b.revision);
    let rep = b.employee_rep.unwrap_or_default();
    let raw = AgreementRaw {
        work_tasks: b.work_tasks,
        place: b.place,
        mentor_id: b.mentor_id,
        start_date: b.start_date,
        end_date: b.end_date,
        steps: b.steps,
        learning_goals: b.learning_goals,
        employee_rep_name: rep.name,
        employee_rep_date: rep.stated_on,
    };
    let v = service::save(&state.db, &user.actor, id.into_inner(), revision, raw).await?;
    respond(actix_web::http::StatusCode::OK, &v)
}

/// An answer to an agreement: a comment when sending it back, the hash read when accepting.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AnswerIn {
    pub comment: String,
    /// The `pending_hash` the signatory read; accepting refuses (409) when it changed since.
    pub content_hash: Option<String>,
}

macro_rules! agreement_action {
    ($name:ident, $path:literal, $doc:literal, |$b:ident| $action:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = concat!("/api/v1", $path), tag = "agreements",
            params(("id" = String, Path), ("If-Match" = Option<String>, Header)),
            request_body(content = Option<AnswerIn>), security(("bearer" = [])),
            responses((status = 200, body = AgreementOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
                (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
        #[post($path)]
        pub async fn $name(req: HttpRequest, state: web::Data<AppState>, user: ApiUser, id: web::Path<PlacementId>,
            body: OptionalJson<AnswerIn>) -> Result<HttpResponse, AppError> {
            let $b = body.0.unwrap_or_default();
            let v = service::act(&state.db, &user.actor, id.into_inner(), if_match(&req)?, $action).await?;
            respond(actix_web::http::StatusCode::OK, &v)
        }
    };
}

agreement_action!(
    send_agreement,
    "/placements/{id}/agreement/send",
    "The consultant sends the draft to the company (the employee representative's statement is required).",
    |_b| AgreementAction::Send
);
agreement_action!(
    accept_agreement,
    "/placements/{id}/agreement/accept",
    "A signatory of the company accepts the version sent (`{\"content_hash\"}`: what they read).",
    |b| AgreementAction::Accept {
        content_hash: b.content_hash
    }
);
agreement_action!(
    request_agreement_changes,
    "/placements/{id}/agreement/request-changes",
    "A signatory sends the version back with a comment (`{\"comment\"}`).",
    |b| AgreementAction::RequestChanges { comment: b.comment }
);

/// One version of an agreement.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementVersionOut {
    pub version: i32,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub company_comment: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// SHA-256 of the accepted canonical content.
    pub content_hash: Option<String>,
    /// The terms (in `GET …/versions/{n}` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<AgreementTerms>,
}

fn version_out(
    v: &AgreementView,
    r: &AgreementVersionRow,
    terms: Option<AgreementTerms>,
) -> AgreementVersionOut {
    AgreementVersionOut {
        version: r.version_no,
        status: r.status.clone(),
        created_at: utc(r.created_at),
        sent_at: r.sent_at.map(utc),
        company_comment: r.company_comment.clone(),
        accepted_by: r.accepted_by.as_deref().map(|id| v.name_of(id)),
        accepted_at: r.accepted_at.map(utc),
        content_hash: r.content_hash.clone(),
        terms,
    }
}

#[utoipa::path(get, path = "/api/v1/placements/{id}/agreement/versions", tag = "agreements", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<AgreementVersionOut>), (status = 404, body = ErrorBody)))]
#[get("/placements/{id}/agreement/versions")]
pub async fn versions(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<PlacementId>,
) -> Result<HttpResponse, AppError> {
    let v = service::get(&state.db, &user.actor, id.into_inner()).await?;
    let out: Vec<AgreementVersionOut> = v
        .versions
        .iter()
        .map(|r| version_out(&v, r, None))
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(get, path = "/api/v1/placements/{id}/agreement/versions/{n}", tag = "agreements",
    params(("id" = String, Path), ("n" = i32, Path)), security(("bearer" = [])),
    responses((status = 200, body = AgreementVersionOut), (status = 404, body = ErrorBody)))]
#[get("/placements/{id}/agreement/versions/{n}")]
pub async fn version(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(PlacementId, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, n) = path.into_inner();
    let (v, r, terms) = service::version(&state.db, &user.actor, id, n).await?;
    Ok(HttpResponse::Ok().json(version_out(&v, &r, Some(terms))))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_agreement)
        .service(put_agreement)
        .service(send_agreement)
        .service(accept_agreement)
        .service(request_agreement_changes)
        .service(versions)
        .service(version);
}
