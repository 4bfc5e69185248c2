//! The contracts' JSON API.

use crate::ids::{CompanyId, ContractId};
use actix_web::http::header;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::session::ApiUser;
use crate::clock::utc;
use crate::contracts::model::{ActivityRaw, Change, Terms, TermsRaw};
use crate::contracts::service::{self, TransitionInput};
use crate::contracts::store::{ListFilter, VersionRow};
use crate::contracts::view::ContractView;
use crate::contracts::workflow::{Action, ContractStatus};
use crate::error::{AppError, ErrorBody};
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::texts::contracts as tk;

/// A supporting activity as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActivityBody {
    /// danish_lessons, exercise, psychologist or other
    pub kind: String,
    pub provider: String,
    pub description: String,
    pub minutes_per_week: Option<i64>,
    pub cost_ore: Option<i64>,
}

/// Contract terms as sent; absent fields keep their current (or default) value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TermsBody {
    pub consultant_id: Option<String>,
    pub mentor_id: Option<String>,
    pub worksite_p_number: Option<String>,
    pub goals: Option<String>,
    pub seats: Option<i64>,
    /// "virksomhedspraktik", "loentilskud"
    pub offer_types: Option<Vec<String>>,
    /// "kontanthjaelp", "starthjaelp"
    pub target_benefits: Option<Vec<String>>,
    pub target_match_group: Option<i64>,
    pub work_tasks: Option<String>,
    pub mentor_minutes_per_week: Option<i64>,
    /// "per_seat" or "centre"
    pub mentor_basis: Option<String>,
    pub mentor_rate_ore: Option<i64>,
    pub mentor_fixed_grant_ore: Option<i64>,
    pub activities: Option<Vec<ActivityBody>>,
    pub follow_up_weeks: Option<i64>,
    /// YYYY-MM-DD
    pub start_date: Option<String>,
    /// YYYY-MM-DD
    pub end_date: Option<String>,
    pub notice_days: Option<i64>,
    pub ordinary_employees: Option<i64>,
    pub employee_rep_statement: Option<bool>,
}

impl TermsBody {
    fn apply(self, mut raw: TermsRaw) -> TermsRaw {
        fn set(target: &mut String, v: Option<String>) {
            if let Some(v) = v {
                *target = v;
            }
        }
        fn num(target: &mut String, v: Option<i64>) {
            if let Some(v) = v {
                *target = v.to_string();
            }
        }
        set(&mut raw.consultant_id, self.consultant_id);
        set(&mut raw.mentor_id, self.mentor_id);
        set(&mut raw.worksite_p_number, self.worksite_p_number);
        set(&mut raw.goals, self.goals);
        num(&mut raw.seats, self.seats);
        if let Some(v) = self.offer_types {
            raw.offer_types = v;
        }
        if let Some(v) = self.target_benefits {
            raw.target_benefits = v;
        }
        num(&mut raw.target_match_group, self.target_match_group);
        set(&mut raw.work_tasks, self.work_tasks);
        num(
            &mut raw.mentor_minutes_per_week,
            self.mentor_minutes_per_week,
        );
        set(&mut raw.mentor_basis, self.mentor_basis);
        num(&mut raw.mentor_rate_ore, self.mentor_rate_ore);
        num(&mut raw.mentor_fixed_grant_ore, self.mentor_fixed_grant_ore);
        if let Some(items) = self.activities {
            raw.activities = items
                .into_iter()
                .map(|a| ActivityRaw {
                    kind: a.kind,
                    provider: a.provider,
                    description: a.description,
                    minutes_per_week: a
                        .minutes_per_week
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    cost_ore: a.cost_ore.map(|n| n.to_string()).unwrap_or_default(),
                })
                .collect();
        }
        num(&mut raw.follow_up_weeks, self.follow_up_weeks);
        set(&mut raw.start_date, self.start_date);
        set(&mut raw.end_date, self.end_date);
        num(&mut raw.notice_days, self.notice_days);
        num(&mut raw.ordinary_employees, self.ordinary_employees);
        if let Some(b) = self.employee_rep_statement {
            raw.employee_rep_statement = b.to_string();
        }
        raw
    }
}

/// A new draft: the company and the terms (the fields of `TermsBody` beside `company_id`).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContractCreate {
    pub company_id: String,
    #[serde(flatten)]
    pub terms: TermsBody,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CompanyField {
    company_id: String,
}

/// One version of a contract with its terms.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionOut {
    pub version: i32,
    /// draft, sent, changes_requested, accepted or cancelled
    pub status: String,
    /// The review round within the version (a resend after changes requested is the next).
    pub round: i32,
    pub effective_from: NaiveDate,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub company_comment: Option<String>,
    pub accepted_by: Option<String>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// SHA-256 (hex) of the canonical content accepted.
    pub content_hash: Option<String>,
    pub terms: Option<Terms>,
}

impl VersionOut {
    fn from_row(v: &VersionRow) -> Self {
        VersionOut {
            version: v.version_no,
            status: v.status.clone(),
            round: v.round,
            effective_from: v.effective_from,
            created_by: v.created_by.clone(),
            created_at: utc(v.created_at),
            sent_at: v.sent_at.map(utc),
            company_comment: v.company_comment.clone(),
            accepted_by: v.accepted_by.clone(),
            accepted_at: v.accepted_at.map(utc),
            content_hash: v.content_hash.clone(),
            terms: v.terms().ok(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub at: DateTime<Utc>,
    pub actor_id: String,
    pub actor_name: String,
    pub action: String,
    pub version: i32,
    pub from_status: String,
    pub to_status: String,
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractOut {
    pub id: String,
    pub jobcenter_id: String,
    pub company_id: String,
    pub company_name: String,
    pub consultant_id: String,
    pub mentor_id: String,
    pub status: ContractStatus,
    /// Send back as `If-Match` when editing.
    pub revision: i32,
    pub seats: i32,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub terminated_on: Option<NaiveDate>,
    pub termination_reason: Option<String>,
    /// The version being negotiated.
    pub draft: Option<VersionOut>,
    /// The accepted version in force today.
    pub in_force: Option<VersionOut>,
    pub warnings: Vec<String>,
    pub events: Vec<EventOut>,
}

impl From<&ContractView> for ContractOut {
    fn from(v: &ContractView) -> Self {
        ContractOut {
            id: v.row.id.clone().into(),
            jobcenter_id: v.row.jobcenter_id.clone().into(),
            company_id: v.row.company_id.clone().into(),
            company_name: v.company_name.clone(),
            consultant_id: v.row.consultant_id.clone().into(),
            mentor_id: v.row.mentor_id.clone().into(),
            status: v.status,
            revision: v.row.revision,
            seats: v.row.seats,
            start_date: v.row.start_date,
            end_date: v.row.end_date,
            terminated_on: v.row.terminated_on,
            termination_reason: v.row.termination_reason.clone(),
            draft: v.pending.as_ref().map(|(r, _)| VersionOut::from_row(r)),
            in_force: v.in_force.as_ref().map(|(r, _)| VersionOut::from_row(r)),
            warnings: if v.jobcenter_side {
                v.current_terms()
                    .map(|t| t.warnings_with(v.ratio_limit))
                    .unwrap_or_default()
            } else {
                Vec::new()
            },
            events: v
                .events
                .iter()
                .map(|(e, who)| EventOut {
                    at: utc(e.created_at),
                    actor_id: e.actor_id.clone(),
                    actor_name: who.clone(),
                    action: e.action.clone(),
                    version: e.version_no,
                    from_status: e.from_status.clone(),
                    to_status: e.to_status.clone(),
                    comment: e.comment.clone(),
                })
                .collect(),
        }
    }
}

fn contract_response(status: actix_web::http::StatusCode, v: &ContractView) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, format!("\"{}\"", v.row.revision)))
        .json(ContractOut::from(v))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    /// Search in the company's name.
    pub q: Option<String>,
    /// draft, sent, changes_requested, accepted, active, ended, terminated
    pub status: Option<String>,
    pub company_id: Option<String>,
    pub jobcenter_id: Option<String>,
    /// Contracts whose period overlaps from this date (YYYY-MM-DD)…
    pub from: Option<NaiveDate>,
    /// …to this date.
    pub to: Option<NaiveDate>,
    /// company, start, end or seats; a leading "-" sorts descending. Default -start.
    pub sort: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractListItem {
    pub id: String,
    pub company_id: String,
    pub company_name: String,
    pub jobcenter_id: String,
    pub status: ContractStatus,
    pub seats: i32,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub revision: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractList {
    pub items: Vec<ContractListItem>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

#[utoipa::path(get, path = "/api/v1/contracts", tag = "contracts", params(ContractQuery),
    security(("bearer" = [])), responses((status = 200, body = ContractList), (status = 422, body = ErrorBody)))]
#[get("/contracts")]
pub async fn list(
    state: web::Data<AppState>,
    user: ApiUser,
    q: web::Query<ContractQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let status = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some((
            ContractStatus::parse(s)
                .ok_or_else(|| AppError::field("status", tk::UNKNOWN_STATUS))?,
            crate::clock::today(),
        )),
        None => None,
    };
    for (field, d) in [("from", q.from), ("to", q.to)] {
        if d.is_some_and(|d| !crate::ui::format::sane_date(d)) {
            return Err(AppError::field(field, crate::texts::DATE_YEARS));
        }
    }
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let per_page = q.per_page.unwrap_or(50).clamp(1, 200);
    let sort = crate::db::api_sort(
        q.sort.as_deref(),
        crate::contracts::store::SORTS,
        crate::contracts::store::DEFAULT_SORT,
    )?;
    let filter = ListFilter {
        company_id: q.company_id,
        jobcenter_id: q.jobcenter_id,
        from: q.from,
        to: q.to,
        status,
        q: q.q,
        sort: Some(sort),
    };
    let (items, total) = service::list(
        &state.db,
        &user.actor,
        filter,
        (page - 1) * per_page,
        per_page,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ContractList {
        items: items
            .into_iter()
            .map(|(r, company_name, status)| ContractListItem {
                id: r.id.into(),
                company_id: r.company_id.into(),
                company_name,
                jobcenter_id: r.jobcenter_id.into(),
                status,
                seats: r.seats,
                start_date: r.start_date,
                end_date: r.end_date,
                revision: r.revision,
            })
            .collect(),
        page,
        per_page,
        total,
    }))
}

#[utoipa::path(post, path = "/api/v1/contracts", tag = "contracts", request_body = ContractCreate,
    security(("bearer" = [])),
    responses((status = 201, body = ContractOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/contracts")]
pub async fn create(
    state: web::Data<AppState>,
    user: ApiUser,
    body: ApiJson<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    // Read in two steps rather than through `#[serde(flatten)]`, which would hide the name of a
    // field with a wrong type.
    let company: CompanyField = crate::extract::from_value(body.0.clone())?;
    let terms: TermsBody = crate::extract::from_value(body.0)?;
    let id = service::create(
        &state.db,
        &user.actor,
        CompanyId::new(company.company_id),
        move |raw| terms.apply(raw),
    )
    .await?;
    let view = service::get(&state.db, &user.actor, id).await?;
    Ok(contract_response(
        actix_web::http::StatusCode::CREATED,
        &view,
    ))
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}", tag = "contracts", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = ContractOut), (status = 404, body = ErrorBody)))]
#[get("/contracts/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let view = service::get(&state.db, &user.actor, id.into_inner()).await?;
    Ok(contract_response(actix_web::http::StatusCode::OK, &view))
}

#[utoipa::path(put, path = "/api/v1/contracts/{id}", tag = "contracts", params(("id" = String, Path),
        ("If-Match" = Option<String>, Header, description = "The revision last seen; a stale one answers 409")),
    request_body = TermsBody, security(("bearer" = [])),
    responses((status = 200, body = ContractOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/contracts/{id}")]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
    body: ApiJson<TermsBody>,
) -> Result<HttpResponse, AppError> {
    let revision = crate::extract::if_match(&req)?;
    let terms = body.0;
    let view = service::update(
        &state.db,
        &user.actor,
        id.into_inner(),
        revision,
        move |raw| terms.apply(raw),
    )
    .await?;
    Ok(contract_response(actix_web::http::StatusCode::OK, &view))
}

/// Parameters of a transition; each action reads the ones it needs.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TransitionBody {
    /// For request-changes.
    pub comment: Option<String>,
    /// For amend: YYYY-MM-DD.
    pub effective_from: Option<String>,
    /// For terminate: YYYY-MM-DD.
    pub date: Option<String>,
    /// For terminate.
    pub reason: Option<String>,
}

async fn run_transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: ContractId,
    action: Action,
    body: Option<TransitionBody>,
) -> Result<ContractView, AppError> {
    let revision = crate::extract::if_match(&req)?;
    let b = body.unwrap_or_default();
    service::transition(
        &state.db,
        &user.actor,
        id,
        action,
        revision,
        TransitionInput {
            comment: b.comment,
            effective_from: b.effective_from,
            date: b.date,
            reason: b.reason,
        },
    )
    .await
}

macro_rules! transition_route {
    ($name:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = concat!("/api/v1", $path), tag = "contracts",
            params(("id" = String, Path), ("If-Match" = Option<String>, Header)),
            request_body(content = Option<TransitionBody>), security(("bearer" = [])),
            responses((status = 200, body = ContractOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
                (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
        #[post($path)]
        pub async fn $name(
            req: HttpRequest,
            state: web::Data<AppState>,
            user: ApiUser,
            id: web::Path<ContractId>,
            body: crate::extract::OptionalJson<TransitionBody>,
        ) -> Result<HttpResponse, AppError> {
            let body = body.0;
            let view = run_transition(req, state, user, id.into_inner(), $action, body).await?;
            Ok(contract_response(actix_web::http::StatusCode::OK, &view))
        }
    };
}

transition_route!(
    send,
    "/contracts/{id}/send",
    Action::Send,
    "Sends the draft to the company for review."
);
transition_route!(
    withdraw,
    "/contracts/{id}/withdraw",
    Action::Withdraw,
    "Takes a sent draft back."
);
transition_route!(
    request_changes,
    "/contracts/{id}/request-changes",
    Action::RequestChanges,
    "The company sends the draft back with a comment (`{\"comment\"}`)."
);
transition_route!(amend, "/contracts/{id}/amend", Action::Amend,
    "Starts an amendment (`{\"effective_from\"}`): the next version, drafted from the one accepted last.");
transition_route!(
    terminate,
    "/contracts/{id}/terminate",
    Action::Terminate,
    "Terminates the contract early (`{\"date\",\"reason\"}`): a consultant of its jobcenter, or a signatory of its company with the contract's notice (the date at least `notice_days` from today)."
);

/// The company accepts the sent version; answers the accepted version with its content hash.
#[utoipa::path(post, path = "/api/v1/contracts/{id}/accept", tag = "contracts",
    params(("id" = String, Path), ("If-Match" = Option<String>, Header)), security(("bearer" = [])),
    responses((status = 200, body = VersionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
#[post("/contracts/{id}/accept")]
pub async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let view = run_transition(req, state, user, id.into_inner(), Action::Accept, None).await?;
    let accepted_no = view.row.accepted_version.ok_or(AppError::NotFound)?;
    let v = view
        .versions
        .iter()
        .find(|v| v.version_no == accepted_no)
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{}\"", view.row.revision)))
        .json(VersionOut::from_row(v)))
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/versions", tag = "contracts", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = [VersionOut]), (status = 404, body = ErrorBody)))]
#[get("/contracts/{id}/versions")]
pub async fn versions(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let view = service::get(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(
        view.versions
            .iter()
            .map(VersionOut::from_row)
            .collect::<Vec<_>>(),
    ))
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/versions/{n}", tag = "contracts",
    params(("id" = String, Path), ("n" = i32, Path)),
    security(("bearer" = [])), responses((status = 200, body = VersionOut), (status = 404, body = ErrorBody)))]
#[get("/contracts/{id}/versions/{n}")]
pub async fn version(
    state: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(ContractId, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, n) = path.into_inner();
    let n: i32 = n.parse().map_err(|_| AppError::NotFound)?;
    let view = service::get(&state.db, &user.actor, id).await?;
    let v = view
        .versions
        .iter()
        .find(|v| v.version_no == n)
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok().json(VersionOut::from_row(v)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DiffOut {
    /// The version the draft is compared with (none for a first version: every field is new).
    pub against_version: Option<i32>,
    pub draft_version: Option<i32>,
    pub changes: Vec<Change>,
    /// When the company has sent the draft back: what changed since it did (else null).
    pub since_returned: Option<Vec<Change>>,
}

#[utoipa::path(get, path = "/api/v1/contracts/{id}/diff", tag = "contracts", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = DiffOut), (status = 404, body = ErrorBody)))]
#[get("/contracts/{id}/diff")]
pub async fn diff(
    state: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ContractId>,
) -> Result<HttpResponse, AppError> {
    let view = service::get(&state.db, &user.actor, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(DiffOut {
        against_version: view.latest_accepted.as_ref().map(|(v, _)| v.version_no),
        draft_version: view.row.pending_version,
        changes: view.diff(),
        since_returned: view.changes_since_returned(),
    }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(get_one)
        .service(update)
        .service(send)
        .service(withdraw)
        .service(accept)
        .service(request_changes)
        .service(amend)
        .service(terminate)
        .service(versions)
        .service(version)
        .service(diff);
}
