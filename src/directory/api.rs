//! The directory's JSON API: jobcenters, companies and their worksites.

use crate::ids::{CompanyId, CorrectionId, JobcenterId};
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::{AdminJson, ApiUser};
use crate::directory::model::{
    CompanyRaw, FieldChanges, JobcenterRaw, Region, Sector, WorksiteRaw,
};
use crate::directory::service;
use crate::directory::store::{CompanyRow, CorrectionRow, Jobcenter, WorksiteRow};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiJson, ListParams, OptionalJson};
use crate::state::AppState;

use crate::clock::utc;

#[derive(Debug, Serialize, ToSchema)]
pub struct JobcenterOut {
    pub id: String,
    pub name: String,
    pub region: Option<Region>,
    /// Municipality codes served, e.g. `[410]`.
    pub kommunekoder: Vec<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Jobcenter> for JobcenterOut {
    fn from(j: Jobcenter) -> Self {
        JobcenterOut {
            region: j.region(),
            id: j.row.id.into(),
            name: j.row.name,
            kommunekoder: j.kommunekoder,
            created_at: utc(j.row.created_at),
            updated_at: utc(j.row.updated_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobcenterList {
    pub items: Vec<JobcenterOut>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// A new jobcenter.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct JobcenterCreate {
    #[schema(example = "Jobcenter Middelfart")]
    pub name: String,
    /// One of "Hovedstaden & Sjælland", "Midtjylland", "Nordjylland", "Syddanmark".
    #[schema(example = "Syddanmark")]
    pub region: String,
    #[schema(example = json!([410]))]
    pub kommunekoder: Vec<i64>,
}

/// Changes to a jobcenter; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct JobcenterPatch {
    pub name: Option<String>,
    pub region: Option<String>,
    pub kommunekoder: Option<Vec<i64>>,
}

fn codes_raw(codes: &[i64]) -> Vec<String> {
    codes.iter().map(|c| c.to_string()).collect()
}

#[utoipa::path(get, path = "/api/v1/jobcenters", tag = "directory", params(ListParams),
    security(("bearer" = [])),
    responses((status = 200, body = JobcenterList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/jobcenters")]
pub async fn list_jobcenters(
    state: web::Data<AppState>,
    user: ApiUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let sort = params.sort(
        crate::directory::store::JOBCENTER_SORTS,
        crate::directory::store::JOBCENTER_DEFAULT_SORT,
    )?;
    let (items, total) = service::list_jobcenters(
        &state.db,
        &user.actor,
        params.q().map(str::to_string),
        sort,
        params.offset(),
        params.per_page(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(JobcenterList {
        items: items.into_iter().map(JobcenterOut::from).collect(),
        page: params.page(),
        per_page: params.per_page(),
        total,
    }))
}

#[utoipa::path(post, path = "/api/v1/jobcenters", tag = "directory", request_body = JobcenterCreate,
    security(("bearer" = [])),
    responses((status = 201, body = JobcenterOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/jobcenters")]
pub async fn create_jobcenter(
    state: web::Data<AppState>,
    AdminJson(user, body): AdminJson<JobcenterCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body;
    let raw = JobcenterRaw {
        name: b.name,
        region: b.region,
        kommunekoder: codes_raw(&b.kommunekoder),
    };
    let j = service::create_jobcenter(&state.db, &user.actor, raw).await?;
    Ok(HttpResponse::Created().json(JobcenterOut::from(j)))
}

#[utoipa::path(get, path = "/api/v1/jobcenters/{id}", tag = "directory", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = JobcenterOut), (status = 404, body = ErrorBody)))]
#[get("/jobcenters/{id}")]
pub async fn get_jobcenter(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<JobcenterId>,
) -> Result<HttpResponse, AppError> {
    let j = service::get_jobcenter(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(JobcenterOut::from(j)))
}

#[utoipa::path(patch, path = "/api/v1/jobcenters/{id}", tag = "directory", params(("id" = String, Path)),
    request_body = JobcenterPatch, security(("bearer" = [])),
    responses((status = 200, body = JobcenterOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/jobcenters/{id}")]
pub async fn patch_jobcenter(
    state: web::Data<AppState>,
    id: web::Path<JobcenterId>,
    AdminJson(user, body): AdminJson<JobcenterPatch>,
) -> Result<HttpResponse, AppError> {
    let p = body;
    let j = service::update_jobcenter(&state.db, &user.actor, id.into_inner(), move |mut raw| {
        if let Some(v) = p.name {
            raw.name = v;
        }
        if let Some(v) = p.region {
            raw.region = v;
        }
        if let Some(v) = p.kommunekoder {
            raw.kommunekoder = codes_raw(&v);
        }
        raw
    })
    .await?;
    Ok(HttpResponse::Ok().json(JobcenterOut::from(j)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorksiteOut {
    pub id: String,
    pub company_id: String,
    pub p_number: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: i32,
    pub created_at: DateTime<Utc>,
}

impl From<WorksiteRow> for WorksiteOut {
    fn from(w: WorksiteRow) -> Self {
        WorksiteOut {
            id: w.id,
            company_id: w.company_id,
            p_number: w.p_number,
            name: w.name,
            address: w.address,
            postcode: w.postcode,
            city: w.city,
            ordinary_employees: w.ordinary_employees,
            created_at: utc(w.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyOut {
    pub id: String,
    /// Eight digits.
    pub cvr: String,
    pub name: String,
    pub sector: Sector,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: i32,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Present on a single company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worksites: Option<Vec<WorksiteOut>>,
}

impl TryFrom<CompanyRow> for CompanyOut {
    type Error = AppError;

    fn try_from(c: CompanyRow) -> Result<Self, AppError> {
        Ok(CompanyOut {
            sector: c.sector()?,
            id: c.id.into(),
            cvr: c.cvr,
            name: c.name,
            address: c.address,
            postcode: c.postcode,
            city: c.city,
            ordinary_employees: c.ordinary_employees,
            contact_name: c.contact_name,
            contact_email: c.contact_email,
            contact_phone: c.contact_phone,
            created_at: utc(c.created_at),
            updated_at: utc(c.updated_at),
            worksites: None,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyList {
    pub items: Vec<CompanyOut>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// A new company. The CVR number may be written "DK 13 58 56 28"; it is stored as digits.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CompanyCreate {
    #[schema(example = "13585628")]
    pub cvr: String,
    pub name: String,
    /// "public" or "private".
    #[schema(example = "private")]
    pub sector: String,
    pub address: String,
    #[schema(example = "5500")]
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

/// Changes to a company; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CompanyPatch {
    pub cvr: Option<String>,
    pub name: Option<String>,
    pub sector: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub ordinary_employees: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

impl CompanyPatch {
    /// The current fields with the ones this patch names replaced.
    pub fn apply(self, mut raw: CompanyRaw) -> CompanyRaw {
        let set = |target: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *target = v;
            }
        };
        set(&mut raw.cvr, self.cvr);
        set(&mut raw.name, self.name);
        set(&mut raw.sector, self.sector);
        set(&mut raw.address, self.address);
        set(&mut raw.postcode, self.postcode);
        set(&mut raw.city, self.city);
        set(
            &mut raw.ordinary_employees,
            self.ordinary_employees.map(|n| n.to_string()),
        );
        set(&mut raw.contact_name, self.contact_name);
        set(&mut raw.contact_email, self.contact_email);
        set(&mut raw.contact_phone, self.contact_phone);
        raw
    }
}

/// A correction proposed by the company's signatory: the fields to change (as in PATCH) and
/// why.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CorrectionCreate {
    #[serde(flatten)]
    pub changes: CompanyPatch,
    pub comment: Option<String>,
}

/// The decision on a correction.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CorrectionDecision {
    /// Why it was rejected (optional).
    pub reason: Option<String>,
}

/// A proposed correction of a company's record.
#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionOut {
    pub id: String,
    pub company_id: String,
    pub proposed_by: String,
    /// The proposer's name (only in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed_by_name: Option<String>,
    /// By field: the value when proposed (`from`) and the proposed one (`to`).
    pub changes: FieldChanges,
    pub comment: String,
    /// "pending", "approved" or "rejected".
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl CorrectionOut {
    fn new(c: CorrectionRow, proposed_by_name: Option<String>) -> Result<Self, AppError> {
        Ok(CorrectionOut {
            changes: c.changes()?,
            id: c.id,
            company_id: c.company_id,
            proposed_by: c.proposed_by,
            proposed_by_name,
            comment: c.comment,
            status: c.status,
            decided_by: c.decided_by,
            decided_at: c.decided_at.map(utc),
            reason: c.reason,
            created_at: utc(c.created_at),
        })
    }
}

#[utoipa::path(get, path = "/api/v1/companies", tag = "directory", params(ListParams),
    security(("bearer" = [])),
    responses((status = 200, body = CompanyList), (status = 401, body = ErrorBody)))]
#[get("/companies")]
pub async fn list_companies(
    state: web::Data<AppState>,
    user: ApiUser,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let sort = params.sort(
        crate::directory::store::COMPANY_SORTS,
        crate::directory::store::COMPANY_DEFAULT_SORT,
    )?;
    let (items, total) = service::list_companies(
        &state.db,
        &user.actor,
        params.q().map(str::to_string),
        sort,
        params.offset(),
        params.per_page(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(CompanyList {
        items: items
            .into_iter()
            .map(CompanyOut::try_from)
            .collect::<Result<_, _>>()?,
        page: params.page(),
        per_page: params.per_page(),
        total,
    }))
}

#[utoipa::path(post, path = "/api/v1/companies", tag = "directory", request_body = CompanyCreate,
    security(("bearer" = [])),
    responses((status = 201, body = CompanyOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/companies")]
pub async fn create_company(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<CompanyCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let raw = CompanyRaw {
        cvr: b.cvr,
        name: b.name,
        sector: b.sector,
        address: b.address,
        postcode: b.postcode,
        city: b.city,
        ordinary_employees: b
            .ordinary_employees
            .map(|n| n.to_string())
            .unwrap_or_default(),
        contact_name: b.contact_name.unwrap_or_default(),
        contact_email: b.contact_email.unwrap_or_default(),
        contact_phone: b.contact_phone.unwrap_or_default(),
    };
    let c = service::create_company(&state.db, &user.actor, raw).await?;
    Ok(HttpResponse::Created().json(CompanyOut::try_from(c)?))
}

#[utoipa::path(get, path = "/api/v1/companies/{id}", tag = "directory", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CompanyOut), (status = 404, body = ErrorBody)))]
#[get("/companies/{id}")]
pub async fn get_company(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let c = service::get_company(&state.db, &user.actor, id.clone()).await?;
    let sites = service::list_worksites(&state.db, &user.actor, id).await?;
    let mut out = CompanyOut::try_from(c)?;
    out.worksites = Some(sites.into_iter().map(WorksiteOut::from).collect());
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(patch, path = "/api/v1/companies/{id}", tag = "directory", params(("id" = String, Path)),
    request_body = CompanyPatch, security(("bearer" = [])),
    responses((status = 200, body = CompanyOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/companies/{id}")]
pub async fn patch_company(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
    body: ApiJson<CompanyPatch>,
) -> Result<HttpResponse, AppError> {
    let p = body.0;
    let c = service::update_company(&state.db, &user.actor, id.into_inner(), move |raw| {
        p.apply(raw)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CompanyOut::try_from(c)?))
}

/// A new worksite (production unit) of a company.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct WorksiteCreate {
    #[schema(example = "1003388394")]
    pub p_number: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub ordinary_employees: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/companies/{id}/worksites", tag = "directory", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = [WorksiteOut]), (status = 404, body = ErrorBody)))]
#[get("/companies/{id}/worksites")]
pub async fn list_worksites(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
) -> Result<HttpResponse, AppError> {
    let sites = service::list_worksites(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(sites.into_iter().map(WorksiteOut::from).collect::<Vec<_>>()))
}

#[utoipa::path(post, path = "/api/v1/companies/{id}/worksites", tag = "directory", params(("id" = String, Path)),
    request_body = WorksiteCreate, security(("bearer" = [])),
    responses((status = 201, body = WorksiteOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/companies/{id}/worksites")]
pub async fn create_worksite(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
    body: ApiJson<WorksiteCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let raw = WorksiteRaw {
        p_number: b.p_number,
        name: b.name,
        address: b.address,
        postcode: b.postcode,
        city: b.city,
        ordinary_employees: b
            .ordinary_employees
            .map(|n| n.to_string())
            .unwrap_or_default(),
    };
    let w = service::add_worksite(&state.db, &user.actor, id.into_inner(), raw).await?;
    Ok(HttpResponse::Created().json(WorksiteOut::from(w)))
}

/// A new declaration of a worksite's ordinary employees.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HeadcountDeclare {
    pub ordinary_employees: Option<i64>,
    /// The day the number is in force from (YYYY-MM-DD or dd-mm-åååå); today when left out.
    pub effective_from: Option<String>,
}

/// A declared headcount, in force from a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeadcountOut {
    pub effective_from: chrono::NaiveDate,
    pub ordinary_employees: i32,
}

/// A worksite's declared headcounts, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeadcountsOut {
    pub p_number: String,
    pub headcounts: Vec<HeadcountOut>,
}

#[utoipa::path(patch, path = "/api/v1/companies/{id}/worksites/{p_number}", tag = "directory",
    params(("id" = String, Path), ("p_number" = String, Path)), request_body = HeadcountDeclare, security(("bearer" = [])),
    responses((status = 200, body = HeadcountsOut, description = "The worksite's headcounts with the new one; the earlier ones are kept (the rimelighedskrav uses the one in force on a referral's first day)"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/companies/{id}/worksites/{p_number}")]
pub async fn declare_headcount(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(CompanyId, String)>,
    body: ApiJson<HeadcountDeclare>,
) -> Result<HttpResponse, AppError> {
    let (id, p_number) = path.into_inner();
    let b = body.0;
    let history = service::declare_headcount(
        &state.db,
        &user.actor,
        id,
        p_number.clone(),
        b.ordinary_employees,
        b.effective_from,
    )
    .await?;
    Ok(HttpResponse::Ok().json(HeadcountsOut {
        p_number,
        headcounts: history
            .into_iter()
            .map(|(effective_from, ordinary_employees)| HeadcountOut {
                effective_from,
                ordinary_employees,
            })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/companies/{id}/corrections", tag = "directory",
    params(("id" = String, Path), ("status" = Option<String>, Query, description = "\"pending\" for the undecided only")),
    security(("bearer" = [])),
    responses((status = 200, body = [CorrectionOut]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/companies/{id}/corrections")]
pub async fn list_corrections(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let pending_only = match query.get("status").map(String::as_str) {
        None | Some("") => false,
        Some("pending") => true,
        Some(_) => return Err(AppError::field("status", crate::texts::INVALID_VALUE)),
    };
    let rows =
        service::list_corrections(&state.db, &user.actor, id.into_inner(), pending_only).await?;
    let out = rows
        .into_iter()
        .map(|(c, name)| CorrectionOut::new(c, Some(name)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(post, path = "/api/v1/companies/{id}/corrections", tag = "directory", params(("id" = String, Path)),
    request_body = CorrectionCreate, security(("bearer" = [])),
    responses((status = 201, body = CorrectionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/companies/{id}/corrections")]
pub async fn propose_correction(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<CompanyId>,
    body: ApiJson<CorrectionCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.0;
    let changes = b.changes;
    let c = service::propose_correction(
        &state.db,
        &user.actor,
        id.into_inner(),
        move |raw| changes.apply(raw),
        b.comment.unwrap_or_default(),
    )
    .await?;
    Ok(HttpResponse::Created().json(CorrectionOut::new(c, None)?))
}

async fn decide(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(CompanyId, CorrectionId)>,
    body: OptionalJson<CorrectionDecision>,
    approve: bool,
) -> Result<HttpResponse, AppError> {
    let (company_id, correction_id) = path.into_inner();
    let reason = body.0.and_then(|b| b.reason);
    let c = service::decide_correction(
        &state.db,
        &user.actor,
        company_id,
        correction_id,
        approve,
        reason,
    )
    .await?;
    Ok(HttpResponse::Ok().json(CorrectionOut::new(c, None)?))
}

#[utoipa::path(post, path = "/api/v1/companies/{id}/corrections/{correction_id}/approve", tag = "directory",
    params(("id" = String, Path), ("correction_id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = CorrectionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/companies/{id}/corrections/{correction_id}/approve")]
pub async fn approve_correction(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(CompanyId, CorrectionId)>,
) -> Result<HttpResponse, AppError> {
    decide(state, user, path, OptionalJson(None), true).await
}

#[utoipa::path(post, path = "/api/v1/companies/{id}/corrections/{correction_id}/reject", tag = "directory",
    params(("id" = String, Path), ("correction_id" = String, Path)),
    request_body = CorrectionDecision, security(("bearer" = [])),
    responses((status = 200, body = CorrectionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/companies/{id}/corrections/{correction_id}/reject")]
pub async fn reject_correction(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(CompanyId, CorrectionId)>,
    body: OptionalJson<CorrectionDecision>,
) -> Result<HttpResponse, AppError> {
    decide(state, user, path, body, false).await
}

/// Registers the directory API under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_jobcenters)
        .service(create_jobcenter)
        .service(get_jobcenter)
        .service(patch_jobcenter)
        .service(list_companies)
        .service(create_company)
        .service(get_company)
        .service(patch_company)
        .service(list_worksites)
        .service(create_worksite)
        .service(declare_headcount)
        .service(list_corrections)
        .service(propose_correction)
        .service(approve_correction)
        .service(reject_correction);
}
